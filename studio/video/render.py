"""`prepare_video(script)` checks once, `render_video(job)` renders: narration → soundtrack
(in the background) → every still drawn once with Pillow → one ffmpeg encode per format (in
parts for many scenes) → MP4 + SRT + VTT (+ storyboard) beside it."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import SpeechError
from studio.fsutil import atomic_output, work_dir
from studio.memory import release_memory
from studio.graphics.fonts import require_coverage
from studio.graphics.outputs import PREVIEW_EXT
from studio.graphics.words import Words, load_words
from studio.languages import iso_639_3
from studio.project import Project
from studio.resources import builtin_assets
from studio.provenance import sign_output
from studio.script import Release, Script, claim, gate
from studio.sound import jingle_files
from studio.preflight import check_assets
from studio.speech.model import Narration
from studio.speech.narrate import require_recordings
from studio.speech.voice import Voice
from studio.text import plural
from studio.video.captions import clip_words, cue_words
from studio.video.cards import approval_line
from studio.video.cues import Subtitles, build_subtitles, named_turns, rules_for
from studio.video.encode import Encoding
from studio.video.formats import VideoFormat, parse_formats
from studio.video.frame import caption_chars, frame_layout
from studio.video.overlays import text_spec, translation_spec
from studio.video.sidecars import write_sidecars
from studio.video.soundtrack import Soundtrack, make_soundtrack
from studio.video.motion import AMOUNT, half_fade
from studio.video.parts import EncodedTrack, PartEncoder
from studio.video.runs import Run, paint_runs
from studio.video.stills import STILL_FORMAT, Painter, Sources, is_video
from studio.video.storyboard import contact_sheet, write_poster_frame, write_storyboard
from studio.video.style import VideoStyle, style_for
from studio.video.timeline import Timeline, segments, timeline_for

Notice = Callable[[str], None]
Progress = Callable[[str, float], None]  # (task label, fraction done 0–1)
LONG_CLIP_SECONDS = 60.0


def length_warning(total: float) -> str | None:
    """A notice for clips past the Reels/Shorts sweet spot (longer ones are still made)."""
    if total <= LONG_CLIP_SECONDS:
        return None
    return (f"warning: the clip lasts {total:.0f} s; Reels and Shorts work best under "
            f"{LONG_CLIP_SECONDS:.0f} s")


def drawn_texts(script: Script, release: Release) -> list[tuple[str, str]]:
    """Every text that ends up on screen, with where it comes from (for error messages)."""
    texts = [(script.title, "the title"), (script.organization or "", "organization"),
             (approval_line(script, release.draft), "the approval line")]
    for scene in script.scenes:
        where = f"scene '{scene.heading}'"
        texts.append((scene.heading.upper() if scene.visual is None else scene.heading, where))
        if scene.headline:
            texts.append((scene.headline.upper(), f"the headline of {where}"))
        texts.extend((p.text, where) for p in scene.paragraphs)
    texts.extend((speaker.name, "the speakers") for speaker in script.speakers)  # in subtitles
    return [(text, where) for text, where in texts if text]


def check_fonts(script: Script, release: Release) -> None:
    """Refuse before any work if a character has no glyph (Pillow would draw a box)."""
    for text, where in drawn_texts(script, release):
        require_coverage(text, text_spec(text, script.lang), where=where, lang=script.lang)
    for scene in script.scenes:
        for t in (p.translation for p in scene.paragraphs if p.translation):
            require_coverage(t.text, translation_spec(t.text, t.lang), lang=t.lang,
                             where=f"the translation at line {t.line} of scene '{scene.heading}'")


@dataclass(frozen=True)
class VideoJob:
    """A video render that passed every check (gate, formats, glyphs, scene files): what to
    make, where, and how to speak it. Made by `prepare_video`, rendered by `render_video`."""

    script: Script
    release: Release
    formats: tuple[VideoFormat, ...]
    out_dir: Path
    project: Project
    voice: Voice = Voice()
    storyboard: bool = False
    encoding: Encoding = Encoding()
    style: VideoStyle = VideoStyle()
    # what line breaks know of words: the shipped lists and the script's project's own
    words: Words | None = field(default=None, compare=False, repr=False)

    def timeline(self, narration: Narration) -> Timeline:
        """The clip's timeline for this narration, in the job's style."""
        return timeline_for([scene.duration for scene in narration.scenes], self.style)


def prepare_video(script: Script, *, formats: Iterable[str] = ("vertical",),
                  sizes: Sequence[str] = (), fps: float | None = None,
                  out: str | Path | None = None, project: Project | None = None,
                  allow_draft: bool = False, voice: Voice = Voice(), storyboard: bool = False,
                  encoding: Encoding = Encoding(), style: Mapping[str, object] | None = None
                  ) -> VideoJob:
    """Everything that can refuse a render, once, before any work or output: the approval
    gate, the formats, the style (the script's `video:` block under `style`'s settings,
    e.g. `{"motion": "none"}`), font coverage, the scene videos and recordings."""
    release = gate(script, allow_draft=allow_draft)
    fmts = parse_formats(formats, sizes, fps)
    look = style_for(script, **dict(style or {}))
    check_fonts(script, release)
    check_assets(script)
    require_recordings(script, voice.engine_for(script.voice.engine))
    project = project or Project.at()
    if look.signature == "on":
        jingle_files(project, off="signature")  # the project's own tune must be sound
    return VideoJob(script, release, fmts, project.output_dir(script.id, out), project, voice,
                    storyboard, encoding, look, load_words(script.lang, project.root))


def music_for(job: VideoJob) -> tuple[Path | None, Path | None]:
    """(music bed, signature tune): the script's `music:` or the built-in bed the style asks
    for; when asked, the bulletin's opening tune — the project's own
    (`assets/jingles/opening.*`) if it has one, as in its loudspeaker bulletins."""
    bed = job.script.music or (builtin_assets() / "music" / f"{job.style.bed}.wav"
                               if job.style.bed != "none" else None)
    tune = jingle_files(job.project, off="signature")[0] if job.style.signature == "on" \
        else None
    return bed, tune


def get_narration(job: VideoJob, narration: Narration | None, notice: Notice | None
                  ) -> Narration:
    """The given narration, or a fresh one from studio.speech; it must match the scenes."""
    script = job.script
    if narration is None:
        from studio.speech.narrate import narrate  # not `studio.speech.narrate`, the module
        narration = narrate(script, voice=job.voice, notice=notice, project=job.project)
    if len(narration.scenes) != len(script.scenes):
        raise SpeechError(f"narration has {plural(len(narration.scenes), 'scene')}, the script "
                          f"{len(script.scenes)}", file=script.path,
                          hint="narrate the script again")
    return narration


def subtitles_for(narration: Narration, timeline: Timeline, line_chars: int,
                  lang: str, words: Words | None = None, max_lines: int = 2) -> Subtitles:
    """Cues for the whole clip, from each scene's sentence timings (`words`: the job's)."""
    scenes = [(span.start, span.end,
               [(s.text, s.start + span.lead, s.end + span.lead) for s in sn.sentences],
               sn.translations) for span, sn in zip(timeline.scenes, narration.scenes)]
    return build_subtitles(scenes, rules_for(line_chars, lang, words, max_lines=max_lines),
                           timeline.scenes[-1].end)


def metadata(script: Script, release: Release) -> dict[str, str]:
    """MP4 tags: title, issuing body, date, approval; the sound's language (ISO 639)."""
    tags = {"title": script.title, "date": script.issue_date.isoformat(),
            "comment": approval_line(script, release.draft),
            "audio:language": iso_639_3(script.lang)}
    if script.organization:
        tags["artist"] = script.organization
    return tags


@dataclass(frozen=True)
class Drawn:
    """One format's pictures on disk: the runs ffmpeg (or moviepy) strings together, the
    cues burned into them, and a storyboard when asked."""

    runs: tuple[Run, ...]
    subtitles: Subtitles
    sheet: object | None = None
    first: Path | None = None  # the first picture a viewer sees, whole (for the poster frame)


def first_picture(painter: Painter, segs, subtitles: Subtitles, folder: Path) -> Path | None:
    """The first segment that is not a video scene, its headline in place, drawn whole
    (layers over the still photo) into `folder`: what the player shows before the video
    loads."""
    for seg in segs:
        visual = painter.script.scenes[seg.span.scene].visual if seg.span.kind == "scene" \
            else None
        if is_video(visual) or seg.entering < 1.0:
            continue
        cue = subtitles.cues[seg.cue] if seg.cue is not None else None
        path = folder / f"first.{STILL_FORMAT}"
        painter.picture(seg.span, cue, titled=seg.titled).convert("RGB").save(path)
        return path
    return None


def draw_format(script: Script, fmt: VideoFormat, *, release: Release, narration: Narration,
                timeline: Timeline, sources: Sources, folder: Path, storyboard: bool = False,
                progress: Progress | None = None, style: VideoStyle = VideoStyle(),
                known_words: Words | None = None) -> Drawn:
    """Every still of one format drawn once into `folder` (subtitles baked in, or laid as
    transparent layers over scenes that move)."""
    lang = script.lang
    narration = named_turns(narration) if style.speaker_names == "on" else narration
    subtitles = subtitles_for(narration, timeline, caption_chars(fmt, lang), lang, known_words,
                              fmt.caption_lines)
    spec = text_spec(" ".join(c.text for c in subtitles.cues), lang)
    layout = frame_layout(fmt, spec, lang, has_logo=script.logo is not None,
                          words=known_words)
    painter = Painter(script, layout, spec, sources, watermark=release.watermark,
                      headings=style.headings, caption_position=style.caption_position,
                      caption_background=style.caption_background)
    rules = rules_for(caption_chars(fmt, lang), lang, known_words, max_lines=fmt.caption_lines)
    words = (cue_words(subtitles, clip_words(narration, timeline, rules), rules)
             if style.captions == "highlight" else None)
    drawing = f"drawing {fmt.name}"
    segs = segments(timeline, subtitles, fmt.fps,
                    frozenset(scene.index for scene in script.scenes if scene.headline), words)
    runs = paint_runs(painter, segs, subtitles, folder,
                      on_still=(lambda n, total: progress(drawing, n / total)) if progress
                      else None, motion=AMOUNT[style.motion], per_span=style.fade > 0,
                      words=words)
    sheet = None
    if storyboard:
        size = "" if fmt.name == f"{fmt.width}x{fmt.height}" else f" {fmt.width}×{fmt.height}"
        heading = f"{script.title} — {fmt.name}{size}, {fmt.fps:g} fps"
        sheet = contact_sheet(painter, fmt, timeline, subtitles, heading)
    return Drawn(tuple(runs), subtitles, sheet, first_picture(painter, segs, subtitles, folder))


def render_format(script: Script, fmt: VideoFormat, *, release: Release, narration: Narration,
                  timeline: Timeline, sound: Callable[[], Soundtrack], sources: Sources,
                  out_dir: Path, work: Path, storyboard: bool, encoding: Encoding,
                  progress: Progress | None, last: bool = True,
                  style: VideoStyle = VideoStyle(), known_words: Words | None = None,
                  track: EncodedTrack) -> tuple[list[Path], Subtitles]:
    """One format: stills, encode, sidecars, optional storyboard (the soundtrack's AAC
    `track` shared with the render's other formats). Returns the paths written."""
    folder = work / fmt.name
    stem = f"{script.id}_{script.lang}_{fmt.name}"
    target = out_dir / release.name(stem, "mp4")
    encoding_label = f"encoding {fmt.name}"
    with atomic_output(target) as tmp, PartEncoder(
            fmt, folder, sound, timeline.total, track, encoding=encoding,
            transition=style.transition,
            half=half_fade(style.fade, fmt.fps), what=f"encoding {target.name}",
            on_progress=(lambda f: progress(encoding_label, f)) if progress else None
    ) as encoder:
        drawn = draw_format(script, fmt, release=release, narration=narration,
                            timeline=timeline, sources=sources, folder=folder,
                            storyboard=storyboard, progress=progress, style=style,
                            known_words=known_words)
        if last:  # the frame-sized layers are on disk now: free them before ffmpeg needs room
            sources.clear()
        release_memory()
        encoder.finish(drawn.runs, tmp, metadata(script, release))
        sign_output(tmp, claim(script, release))
    written = [target, *write_sidecars(target, drawn.subtitles.cues)]
    if drawn.first is not None:
        written.append(write_poster_frame(drawn.first, out_dir / release.name(stem,
                                                                              PREVIEW_EXT)))
    if drawn.sheet is not None:
        written.append(write_storyboard(drawn.sheet, out_dir / release.name(
            f"{stem}_storyboard", "png")))
    shutil.rmtree(folder, ignore_errors=True)
    return written, drawn.subtitles


def render_video(job: VideoJob, *, narration: Narration | None = None,
                 notice: Notice | None = None, progress: Progress | None = None,
                 lock: bool = True) -> list[Path]:
    """Render a prepared job as one MP4 per format (plus .srt and .vtt, a poster frame and,
    when asked, a storyboard PNG) into its folder, holding the folder's lock (`lock=False`
    only for a caller that holds it already, as `studio build` does). Drafts come out
    watermarked with `-draft` names. `notice` gets one-line warnings and `progress` (label,
    fraction) updates. Returns the paths written, video first then its sidecars, format by
    format."""
    with job.project.locked(job.out_dir, what="studio video") if lock \
            else contextlib.nullcontext():
        return _render(job, narration, notice, progress)


def _render(job: VideoJob, narration: Narration | None, notice: Notice | None,
            progress: Progress | None) -> list[Path]:
    script, release, fmts = job.script, job.release, job.formats
    narration = get_narration(job, narration, notice)
    timeline = job.timeline(narration)
    if (warning := length_warning(timeline.total)) and notice:
        notice(warning)
    written: list[Path] = []
    too_fast = 0
    with work_dir("video") as work, \
            ThreadPoolExecutor(max_workers=1) as pool:
        bed, tune = music_for(job)
        future = pool.submit(make_soundtrack, [s.wav for s in narration.scenes], timeline,
                             bed, work / "sound", tune)
        sources = Sources([fmt.size for fmt in fmts])
        with EncodedTrack(future.result, work / "sound") as track:  # one for every format
            for n, fmt in enumerate(fmts):
                paths, subtitles = render_format(
                    script, fmt, release=release, narration=narration, timeline=timeline,
                    sound=future.result, sources=sources, out_dir=job.out_dir, work=work,
                    storyboard=job.storyboard, encoding=job.encoding, progress=progress,
                    last=n == len(fmts) - 1, style=job.style,
                    known_words=job.words, track=track)
                written += paths
                too_fast = max(too_fast, subtitles.too_fast)
    if too_fast and notice:
        notice(f"note: {plural(too_fast, 'subtitle')} {'goes' if too_fast == 1 else 'go'} by "
               "faster than 17 characters a second because "
               "the voice speaks fast; 'voice: speed: 0.9' in the script slows it down")
    return written
