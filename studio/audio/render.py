"""`studio audio` as a library: `prepare_audio(scripts)` checks once, `render_audio(job)`
narrates, assembles, masters and tags the bulletins."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from studio.audio.assemble import BulletinPlan, assemble
from studio.audio.master import master
from studio.audio.onair import narrate_opening, plays, transcript
from studio.audio.profiles import DEFAULT_PROFILE, TIMING, AudioProfile, Timing, get_profile
from studio.audio.result import AudioResult, report_dict
from studio.audio.tags import bulletin_name, id3_tags, write_tags
from studio.broadcast.exports import write_exports
from studio.audio.waveform import save_waveform
from studio.errors import MediaError, StudioError, setting
from studio.fsutil import atomic_output, work_dir
from studio.graphics.fonts import require_coverage, spec_for
from studio.project import Project
from studio.provenance import sign_output
from studio.script import Release, Script, claim, gate, load
from studio.script.find import find_scripts
from studio.sound import (TUNE_NAMES, jingle_files, readable_audio,  # noqa: F401 - re-exported
                          signal_file)
from studio.speech.engines import OFFLINE_NOTICE
from studio.speech.model import Narration
from studio.speech.narrate import require_recordings
from studio.speech.voice import Voice

Notice = Callable[[str], None]
MAX_REPEAT = 9


@dataclass(frozen=True)
class AudioOptions:
    """How to make the bulletins: profile, repeats, signature tunes, music bed, sidecars."""

    profile: AudioProfile = field(default_factory=lambda: get_profile(DEFAULT_PROFILE))
    repeat: int | None = None  # None: as the script's broadcast block or its priority says
    opening: Path | None = None  # signature tunes (files), or None
    closing: Path | None = None
    music: Path | bool | None = None  # None: the script's `music:`; False: none; or a file
    wav_master: bool | None = None  # None: as the profile says
    waveform: bool = True
    timing: Timing = TIMING
    signal: Path | None = None  # the attention signal, for the priorities that sound it
    base_url: str = ""  # where the outputs folder is served, for the feeds' enclosures

    @property
    def writes_master(self) -> bool:
        """Whether to write the WAV master: the option if given, else the profile's default."""
        return self.profile.wav_master if self.wav_master is None else self.wav_master


@dataclass(frozen=True)
class Bulletins:
    """Everything one `studio audio` run wrote."""

    results: tuple[AudioResult, ...]
    exports: tuple[Path, ...] = ()  # the folder's playlist, calendar and feeds

    @property
    def playlist(self) -> Path | None:
        """The folder's ordered `.m3u8`, if written."""
        return next((p for p in self.exports if p.suffix == ".m3u8"), None)

    @property
    def paths(self) -> list[Path]:
        """Every file written: each bulletin's files, then the exports."""
        return [p for r in self.results for p in r.paths] + list(self.exports)


def load_scripts(items: Iterable[str | Path | Script], project: Project) -> list[Script]:
    """Scripts as given: loaded ones pass through, files and folders (every script below)
    are loaded."""
    scripts: list[Script] = []
    for item in items:
        if isinstance(item, Script):
            scripts.append(item)
        else:
            scripts.extend(load(p, project) for p in find_scripts([item]))
    if not scripts:
        raise StudioError("no scripts to render", hint="name script files or a folder")
    return scripts


def tune_sources(jingles: bool | Sequence[str | Path | bool | None], project: Project
                 ) -> tuple[Path | None, Path | None]:
    """`jingles`: True (the project's or built-in tunes), False (none), or (opening, closing)
    where each is a file, True (the default tune) or None (no tune)."""
    if jingles is True or jingles is False:
        return jingle_files(project) if jingles else (None, None)
    chosen: list[Path | None] = []
    for which, value in zip(TUNE_NAMES, (list(jingles) + [None, None])[:2]):
        if value is True:
            chosen.append(jingle_files(project)[TUNE_NAMES.index(which)])
        elif value is None or value is False:
            chosen.append(None)
        else:
            chosen.append(readable_audio(value, f"{which} tune"))
    return chosen[0], chosen[1]


def music_for(script: Script, music: Path | bool | None) -> Path | None:
    """The bed: the script's `music:` unless overridden by a file or switched off."""
    if music is False:
        return None
    if music is None or music is True:
        return readable_audio(script.music, "music") if script.music else None
    return readable_audio(music, "music")


def admit(script: Script, allow_draft: bool, options: AudioOptions, voice: Voice) -> Release:
    """The approval gate, plus the checks that would otherwise fail late: glyphs to draw, a
    music bed to read, a recording for every scene that needs one."""
    release = gate(script, allow_draft=allow_draft)
    require_recordings(script, voice.engine_for(script.voice.engine))
    require_coverage(script.title, spec_for(script.lang), where=f"the title of {script.path}",
                     lang=script.lang)
    music_for(script, options.music)
    return release


def plan_for(script: Script, narration: Narration, release: Release,
             options: AudioOptions, spoken: Path | None = None) -> BulletinPlan:
    """What to assemble for this script: its priority decides the signal and readings,
    `spoken` is its opening's narration."""
    sounds = options.profile.sounds_for(script.priority)
    return BulletinPlan(scenes=tuple(s.wav for s in narration.scenes), opening=options.opening,
                        closing=options.closing, music=music_for(script, options.music),
                        repeat=plays(script, options.profile, options.repeat),
                        draft=release.draft, timing=options.timing,
                        signal=options.signal if sounds.signal else None,
                        spoken_opening=spoken)


def length_warnings(script: Script, seconds: float, profile: AudioProfile) -> tuple[str, ...]:
    """A bulletin past one loudspeaker session (15 min) is allowed, with a warning."""
    if seconds <= profile.warn_after_seconds:
        return ()
    return (f"{script.path}: the bulletin runs {int(seconds // 60)} min {int(seconds % 60)} s, "
            f"past {int(profile.warn_after_seconds // 60)} minutes for one session — "
            "consider splitting it",)


def voice_warnings(narration: Narration) -> tuple[str, ...]:
    """The offline-voice notice, when `auto` could not reach the online voice."""
    return (OFFLINE_NOTICE.partition(": ")[2],) if narration.fell_back else ()


def render_narration(script: Script, narration: Narration, *, release: Release,
                     options: AudioOptions, out_dir: Path, notice: Notice | None = None,
                     spoken: Path | None = None) -> AudioResult:
    """Assemble, master, tag and describe one narrated script (everything after speech).

    All files appear together or not at all: each is written beside its target and renamed
    only when the whole bulletin met its profile."""
    from studio.speech.wav import decode

    profile = options.profile
    names = {ext: out_dir / bulletin_name(script, profile, release, ext)
             for ext in ("mp3", "wav", "json", "waveform.png", "txt")}
    plan = plan_for(script, narration, release, options, spoken)
    bulletin = assemble(plan)
    with work_dir("audio") as work, \
            contextlib.ExitStack() as outputs:
        mp3 = outputs.enter_context(atomic_output(names["mp3"]))
        wav = (outputs.enter_context(atomic_output(names["wav"]))
               if options.writes_master else None)
        try:
            mastered = master(bulletin.samples, bulletin.rate, profile, mp3, wav,
                              Path(work))
        except MediaError as exc:  # name the bulletin, not the temp file being written
            finals = {str(mp3): names["mp3"], **({str(wav): names["wav"]} if wav else {})}
            raise MediaError(exc.message, file=finals.get(str(exc.file), names["mp3"]),
                             hint=exc.hint) from exc
        write_tags(mp3, id3_tags(script, release, profile, mastered.loudness,
                                 voice=narration.voice))
        sign_output(mp3, claim(script, release))  # last: after every tag
        decoded = mastered.decoded or decode(mp3, rate=profile.sample_rate)
        warnings = (*voice_warnings(narration),
                    *length_warnings(script, decoded.duration, profile))
        result = AudioResult(
            script=script, release=release, profile=profile, mp3=names["mp3"],
            report=names["json"], waveform=names["waveform.png"] if options.waveform else None,
            wav=names["wav"] if wav else None, duration=decoded.duration,
            loudness=mastered.loudness, master_loudness=mastered.master_loudness,
            engine=narration.engine, repeat=plan.repeat, passes=mastered.passes,
            warnings=warnings, voice=narration.voice, transcript=names["txt"],
            requested=narration.requested, signal=plan.signal is not None,
            spoken_opening=spoken is not None)
        said = outputs.enter_context(atomic_output(names["txt"]))
        said.write_text(transcript(script, profile, plan.repeat), encoding="utf-8",
                        newline="\n")
        report = outputs.enter_context(atomic_output(result.report))
        report.write_text(json.dumps(report_dict(result), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
        if result.waveform:
            picture = outputs.enter_context(atomic_output(result.waveform))
            save_waveform(picture, decoded.samples, decoded.rate, profile, mastered.loudness,
                          script.title, script.lang, mastered.short_term)
    for line in warnings[len(voice_warnings(narration)):]:
        if notice:
            notice(f"warning: {line}")
    return result


@dataclass(frozen=True)
class AudioJob:
    """Bulletins that passed every check (gate, glyphs, tunes, music, recordings): what to
    make, where, and how to speak it. Made by `prepare_audio`, rendered by `render_audio`."""

    items: tuple[tuple[Script, Release], ...]
    options: AudioOptions
    project: Project
    out: Path | None = None
    voice: Voice = Voice()

    @property
    def folders(self) -> list[Path]:
        """The output folders the bulletins will be written to, in order, once each."""
        return list(dict.fromkeys(self.project.output_dir(s.id, self.out)
                                  for s, _ in self.items))

    @property
    def lock_folder(self) -> Path:
        """The one folder whose lock covers every bulletin and the playlist."""
        return self.out or self.project.outputs


def prepare_audio(scripts: Iterable[str | Path | Script] | str | Path | Script, *,
                  project: Project | None = None, out: str | Path | None = None,
                  profile: str | AudioProfile = DEFAULT_PROFILE, repeat: int | None = None,
                  jingles: bool | Sequence[str | Path | bool | None] = True,
                  music: Path | bool | None = None, wav_master: bool | None = None,
                  waveform: bool = True, allow_draft: bool = False, voice: Voice = Voice(),
                  base_url: str = "") -> AudioJob:
    """Load, gate and check every script (files and folders are expanded): everything that
    can refuse bad input, before any narration or output."""
    project = project or Project.at()
    if isinstance(scripts, (str, Path, Script)):
        scripts = [scripts]
    if repeat is not None and not 1 <= int(repeat) <= MAX_REPEAT:
        raise StudioError(f"{setting('repeat')} {repeat} is out of range",
                          hint=f"use 1 to {MAX_REPEAT}")
    opening, closing = tune_sources(jingles, project)
    options = AudioOptions(profile=get_profile(profile),
                           repeat=int(repeat) if repeat is not None else None, opening=opening,
                           closing=closing, music=music, wav_master=wav_master,
                           waveform=waveform, signal=signal_file(project), base_url=base_url)
    loaded = load_scripts(scripts, project)
    releases = [admit(s, allow_draft, options, voice) for s in loaded]
    return AudioJob(tuple(zip(loaded, releases)), options, project,
                    Path(out) if out else None, voice)


def render_audio(job: AudioJob, *, notice: Notice | None = None, lock: bool = True
                 ) -> Bulletins:
    """Narrate every prepared script, then master and write each bulletin and the folder's
    playlist, calendar and feeds — holding the output folder's lock (`lock=False` only for a
    caller that holds it already and writes the exports itself, as `studio build` does)."""
    from studio.speech.narrate import narrate

    with job.project.locked(job.lock_folder, what="studio audio") if lock \
            else contextlib.nullcontext():
        narrations = [narrate(s, voice=job.voice, notice=notice, project=job.project)
                      for s, _ in job.items]
        openings = [narrate_opening(s, n, job.options.profile, job.voice, job.project, notice)
                    for (s, _), n in zip(job.items, narrations)]
        results = tuple(render_narration(s, n, release=r, options=job.options,
                                         out_dir=job.project.output_dir(s.id, job.out),
                                         notice=notice, spoken=o)
                        for (s, r), n, o in zip(job.items, narrations, openings))
        exports = (write_exports(job.lock_folder, base_url=job.options.base_url).paths
                   if lock else ())  # a caller holding the lock writes the folder's exports
    return Bulletins(results, exports)
