"""A day's programme: the approved bulletins that air in one slot, in priority order, framed by
the station identification and the signature tunes, mastered as a whole into one MP3 with an
ID3 chapter (CHAP, listed in a CTOC) per bulletin, its transcript and its report.

`prepare_programme(day, slot)` finds and checks the bulletins; `render_programme(job)` makes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import wave
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from studio import __version__
from studio.audio.assemble import assemble
from studio.audio.master import master
from studio.audio.onair import narrate_opening, plays, transcript
from studio.audio.profiles import DEFAULT_PROFILE, AudioProfile, get_profile
from studio.audio.render import (AudioOptions, Notice, admit, load_scripts, plan_for,
                                 signal_file, tune_sources, voice_warnings)
from studio.audio.result import loudness_dict
from studio.audio.tags import TEXT_ENCODING, replaygain, write_tags
from studio.broadcast.schedule import air_rank
from studio.errors import StudioError, setting
from studio.fsutil import atomic_output, work_dir
from studio.project import Project
from studio.script import Release, Script
from studio.speech.voice import Voice
from studio.speech.wav import Audio, concat, silence

PROGRAMME_DIR = "programme"
BETWEEN_BULLETINS = 2.0  # seconds: the listener hears one item end before the next begins
STATION_WORDS = "Đây là chương trình phát thanh{of}{when} ngày {day}."


@dataclass(frozen=True)
class ProgrammeJob:
    """The bulletins of one slot that passed every check, in air order."""

    day: dt.date
    slot: dt.time | None
    items: tuple[tuple[Script, Release], ...]
    options: AudioOptions
    project: Project
    out: Path | None = None
    voice: Voice = Voice()
    station: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def folder(self) -> Path:
        """Where the programme goes: `--out`, else outputs/programme/."""
        return self.out or self.project.outputs / PROGRAMME_DIR

    @property
    def stem(self) -> str:
        """`<date>_<HHMM>_programme` (`_day` without a slot), plus the profile's tag."""
        when = self.slot.strftime("%H%M") if self.slot else "day"
        tag = f"_{self.options.profile.file_tag}" if self.options.profile.file_tag else ""
        return f"{self.day.isoformat()}_{when}_programme{tag}"


@dataclass(frozen=True)
class Chapter:
    """One bulletin's place in the programme."""

    script: Script
    start: float  # seconds
    end: float


@dataclass(frozen=True)
class Programme:
    """What `render_programme` wrote and measured."""

    mp3: Path
    report: Path
    transcript: Path
    chapters: tuple[Chapter, ...]
    duration: float
    warnings: tuple[str, ...] = ()

    @property
    def paths(self) -> list[Path]:
        """Every file written, MP3 first."""
        return [self.mp3, self.report, self.transcript]


def air_order(script: Script) -> tuple:
    """Priority first, then first slot, then title (as playlists and feeds order)."""
    block = script.broadcast
    return air_rank(script.priority, block.slots if block else (),
                    (block.start if block else None) or script.issue_date, script.title)


def airs(script: Script, day: dt.date, slot: dt.time | None) -> bool:
    """Whether the script airs on `day` in `slot`: without a `broadcast:` block, only on its
    issue date."""
    if script.broadcast is None:
        return script.issue_date == day
    block = script.broadcast
    if block.start is None and block.until is None:
        block = replace(block, start=script.issue_date)
    return block.airs_at(day, slot)


def slots_of(scripts: Iterable[Script], day: dt.date) -> list[dt.time | None]:
    """The day's slots named by the scripts airing that day ([None]: one day programme)."""
    found = sorted({t for s in scripts if airs(s, day, None)
                    for t in (s.broadcast.slots if s.broadcast else ())})
    return list(found) or [None]


def station_text(station: str | None, day: dt.date, slot: dt.time | None) -> str:
    """The station identification, in Vietnamese (the programme mixes languages)."""
    when = ""
    if slot:
        when = f", {slot.hour} giờ" + (f" {slot.minute}" if slot.minute else "")
    return STATION_WORDS.format(of=f" của {station}" if station else "", when=when,
                                day=day.strftime("%d/%m/%Y"))


def prepare_programme(day: dt.date | str, slot: dt.time | str | None = None, *,
                      scripts: Sequence[str | Path | Script] | None = None,
                      project: Project | None = None, out: str | Path | None = None,
                      profile: str | AudioProfile = DEFAULT_PROFILE, jingles: bool = True,
                      voice: Voice = Voice(), station: str | None = None) -> ProgrammeJob:
    """The approved bulletins (of the project's scripts folder, or `scripts`) airing on `day`
    in `slot`, checked and in air order; drafts and stale scripts are left out with a
    warning; none at all is an error."""
    from studio.script.broadcast import slot as read_slot
    from studio.script.fields import FieldProblem, date as read_date
    project = project or Project.at()
    try:
        day = read_date(day, "day") if not isinstance(day, dt.date) else day
        slot = read_slot(slot) if isinstance(slot, str) else slot
    except FieldProblem as problem:
        raise StudioError(problem.message.replace("'day'", setting("day")),
                          hint=problem.hint) from None
    loaded = load_scripts(scripts or [project.scripts], project)
    airing = sorted((s for s in loaded if airs(s, day, slot)), key=air_order)
    ready = [s for s in airing if s.is_approved]
    warnings = tuple(f"{s.path}: left out of the programme: {s.status}, not approved"
                     for s in airing if not s.is_approved)
    when = f" at {slot.strftime('%H:%M')}" if slot else ""
    if not ready:
        raise StudioError(f"no approved bulletin airs on {day.isoformat()}{when}",
                          hint=f"give another {setting('day')} or {setting('slot')}, or check "
                               "the scripts' 'broadcast:' dates and slots")
    opening, closing = tune_sources(jingles, project)
    options = AudioOptions(profile=get_profile(profile), opening=opening, closing=closing,
                           music=False, waveform=False, signal=signal_file(project))
    releases = [admit(s, False, options, voice) for s in ready]
    return ProgrammeJob(day, slot, tuple(zip(ready, releases)), options, project,
                        Path(out) if out else None, voice,
                        station or ready[0].organization, warnings)


def bulletin_audio(script: Script, release: Release, job: ProgrammeJob, rate: int,
                   notice: Notice | None) -> tuple[Audio, tuple[str, ...]]:
    """One bulletin as it sits in the programme: its signal, openings and readings, no
    signature tunes and no head or tail silence (the programme has its own)."""
    from studio.speech.narrate import narrate
    narration = narrate(script, voice=job.voice, notice=notice, project=job.project)
    spoken = narrate_opening(script, narration, job.options.profile, job.voice, job.project,
                             notice)
    bare = replace(job.options, opening=None, closing=None,
                   timing=replace(job.options.timing, head=0.0, tail=0.0))
    plan = plan_for(script, narration, release, bare, spoken)
    return assemble(plan, rate), voice_warnings(narration)


def programme_audio(job: ProgrammeJob, notice: Notice | None
                    ) -> tuple[Audio, tuple[Chapter, ...], tuple[str, ...]]:
    """The whole programme before mastering, with each bulletin's chapter."""
    from studio.audio.assemble import load_clip
    from studio.speech.narrate import narrate_text
    ident = narrate_text(station_text(job.station, job.day, job.slot), lang="vi",
                         voice=job.voice, notice=notice, project=job.project)
    with wave.open(str(ident.wav), "rb") as w:  # work at the voice's own rate
        timing, rate = job.options.timing, w.getframerate()
    parts = [silence(timing.head, rate)]
    if job.options.opening:
        parts += [load_clip(job.options.opening, rate), silence(timing.around_jingle, rate)]
    parts += [load_clip(ident.wav, rate), silence(BETWEEN_BULLETINS, rate)]
    chapters, warnings = [], []
    at = sum(len(p.samples) for p in parts)
    for index, (script, release) in enumerate(job.items):
        if index:
            parts.append(silence(BETWEEN_BULLETINS, rate))
            at += len(parts[-1].samples)
        audio, said = bulletin_audio(script, release, job, rate, notice)
        chapters.append(Chapter(script, at / rate, (at + len(audio.samples)) / rate))
        parts.append(audio)
        at += len(audio.samples)
        warnings += said
    if job.options.closing:
        parts += [silence(timing.around_jingle, rate), load_clip(job.options.closing, rate)]
    parts.append(silence(timing.tail, rate))
    return concat(parts, rate), tuple(chapters), tuple(dict.fromkeys(warnings))


def chapter_frames(chapters: Sequence[Chapter], title: str) -> list:
    """ID3 CHAP per bulletin (start and end in ms, its title) and the CTOC that orders them."""
    from mutagen.id3 import CHAP, CTOC, TIT2, CTOCFlags
    enc = TEXT_ENCODING
    frames = [CHAP(element_id=f"ch{i}", start_time=int(round(c.start * 1000)),
                   end_time=int(round(c.end * 1000)), start_offset=0xFFFFFFFF,
                   end_offset=0xFFFFFFFF, sub_frames=[TIT2(encoding=enc, text=c.script.title)])
              for i, c in enumerate(chapters)]
    frames.append(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                       child_element_ids=[f.element_id for f in frames],
                       sub_frames=[TIT2(encoding=enc, text=title)]))
    return frames


def programme_tags(job: ProgrammeJob, chapters: Sequence[Chapter], loudness):
    """The programme's ID3v2.3 tags: title, station, date, genre, ReplayGain, chapters."""
    from mutagen.id3 import ID3, TCON, TDRC, TIT2, TLAN, TPE1, TXXX
    enc, tags = TEXT_ENCODING, ID3()
    title = programme_title(job)
    tags.add(TIT2(encoding=enc, text=title))
    if job.station:
        tags.add(TPE1(encoding=enc, text=job.station))
    tags.add(TDRC(encoding=enc, text=job.day.isoformat()))
    tags.add(TLAN(encoding=enc, text="vie"))
    tags.add(TCON(encoding=enc, text="Speech"))
    gain, peak = replaygain(loudness)
    tags.add(TXXX(encoding=enc, desc="REPLAYGAIN_TRACK_GAIN", text=gain))
    tags.add(TXXX(encoding=enc, desc="REPLAYGAIN_TRACK_PEAK", text=peak))
    tags.add(TXXX(encoding=enc, desc="PROFILE", text=job.options.profile.name))
    for frame in chapter_frames(chapters, title):
        tags.add(frame)
    tags.update_to_v23()
    return tags


def programme_title(job: ProgrammeJob) -> str:
    """`Chương trình phát thanh 07/12/2026 06:00`."""
    when = f" {job.slot.strftime('%H:%M')}" if job.slot else ""
    return f"Chương trình phát thanh {job.day.strftime('%d/%m/%Y')}{when}"


def programme_transcript(job: ProgrammeJob) -> str:
    """The station identification, then each bulletin's transcript, in the spoken order."""
    parts = [programme_title(job), station_text(job.station, job.day, job.slot)]
    for script, _ in job.items:
        parts.append(transcript(script, job.options.profile,
                                plays(script, job.options.profile, job.options.repeat)))
    return "\n\n".join(p.strip() for p in parts) + "\n"


def programme_report(job: ProgrammeJob, made: Programme, mastered) -> dict:
    """The programme's JSON report: its chapters, loudness, profile and warnings."""
    return {
        "kind": "programme", "file": made.mp3.name, "title": programme_title(job),
        "date": job.day.isoformat(), "slot": job.slot.strftime("%H:%M") if job.slot else None,
        "duration_ms": int(round(made.duration * 1000)), **loudness_dict(mastered.loudness),
        "profile": job.options.profile.as_dict(), "station": job.station,
        "chapters": [{"id": c.script.id, "title": c.script.title,
                      "priority": c.script.priority, "script": c.script.path.name,
                      "start_ms": int(round(c.start * 1000)), "end_ms": int(round(c.end * 1000))}
                     for c in made.chapters],
        "transcript": made.transcript.name, "encodes": mastered.passes,
        "warnings": list(made.warnings), "studio_version": __version__}


def render_programme(job: ProgrammeJob, *, notice: Notice | None = None, lock: bool = True
                     ) -> Programme:
    """Assemble, master once as a whole, tag with chapters, and write the programme, its
    report and its transcript together (holding the folder's lock)."""
    profile = job.options.profile
    names = {ext: job.folder / f"{job.stem}.{ext}" for ext in ("mp3", "json", "txt")}
    with job.project.locked(job.folder, what="studio programme") if lock \
            else contextlib.nullcontext():
        audio, chapters, said = programme_audio(job, notice)
        with work_dir("programme") as work, contextlib.ExitStack() as outputs:
            mp3 = outputs.enter_context(atomic_output(names["mp3"]))
            mastered = master(audio.samples, audio.rate, profile, mp3, None, Path(work))
            write_tags(mp3, programme_tags(job, chapters, mastered.loudness))
            made = Programme(names["mp3"], names["json"], names["txt"], chapters,
                             mastered.decoded.duration if mastered.decoded else audio.duration,
                             (*job.warnings, *said))
            text = outputs.enter_context(atomic_output(names["txt"]))
            text.write_text(programme_transcript(job), encoding="utf-8", newline="\n")
            report = outputs.enter_context(atomic_output(names["json"]))
            report.write_text(json.dumps(programme_report(job, made, mastered),
                                         ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return made


def day_programmes(day: dt.date | str, slot: dt.time | str | None = None, *,
                   notice: Notice | None = None, **settings) -> list[Programme]:
    """`slot`'s programme, or one per slot of the day when no slot is given (each checked
    before any is rendered)."""
    if slot is not None:
        return [render_programme(prepare_programme(day, slot, **settings), notice=notice)]
    first = prepare_programme(day, None, **settings)
    loaded = [s for s, _ in first.items]
    jobs = [first] if slots_of(loaded, first.day) == [None] else [
        prepare_programme(first.day, t, **settings) for t in slots_of(loaded, first.day)]
    return [render_programme(job, notice=notice) for job in jobs]
