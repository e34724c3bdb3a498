"""`studio subtitles`: the SRT and VTT `studio video` would burn in, for every format of a
prepared job, and a plain-text transcript — for upload to a platform, for translators and for
review — without drawing or encoding a frame (narration comes from the speech cache)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from studio.fsutil import write_text_atomic
from studio.speech.model import Narration, SceneNarration
from studio.video.cues import named_turns
from studio.video.frame import caption_chars
from studio.video.render import Notice, VideoJob, get_narration, subtitles_for
from studio.video.sidecars import write_sidecars
from studio.video.timeline import Timeline


def clock(seconds: float) -> str:
    """`MM:SS` (or `H:MM:SS`) for a transcript line."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


TRANSLATION_INDENT = " " * 8  # under the text, past its `[00:00] `


def scene_transcript(start: float, narration: SceneNarration) -> list[str]:
    """A scene's sentences, each with the time it starts in the clip (who says it first in
    each turn: `named_turns`), and each translation (`[vi] …`, indented) after the last
    sentence it translates."""
    lines = []
    for i, sentence in enumerate(narration.sentences):
        lines.append(f"[{clock(start + sentence.start)}] {sentence.text}")
        lines += [f"{TRANSLATION_INDENT}[{t.lang}] {t.text}" for t in narration.translations
                  if t.last == i]
    return lines


def transcript_text(job: VideoJob, narration: Narration, timeline: Timeline) -> str:
    """What is said, scene by scene in the spoken order, each sentence with the time it starts
    in the clip (the video's clock: title card and lead-in included), translations under it."""
    script = job.script
    lines = [script.title]
    if script.organization:
        lines.append(script.organization)
    for span, scene, spoken in zip(timeline.scenes, script.scenes,
                                   named_turns(narration).scenes):
        lines += ["", f"[{clock(span.start)}] {scene.heading}"]
        lines += scene_transcript(span.voice, spoken)
    if job.release.watermark:
        lines += ["", job.release.watermark]
    return "\n".join(lines) + "\n"


def write_subtitles(job: VideoJob, *, narration: Narration | None = None,
                    notice: Notice | None = None, lock: bool = True) -> list[Path]:
    """For each format of `job`: `<id>_<lang>_<format>.srt` and `.vtt` (the cues the video
    would carry, line length per format); then `<id>_<lang>.transcript.txt`. Holds the output
    folder's lock like every writer. Returns the paths written."""
    with job.project.locked(job.out_dir, what="studio subtitles") if lock \
            else contextlib.nullcontext():
        narration = get_narration(job, narration, notice)
        timeline = job.timeline(narration)
        script, release = job.script, job.release
        written: list[Path] = []
        shown = named_turns(narration) if job.style.speaker_names == "on" else narration
        for fmt in job.formats:
            subtitles = subtitles_for(shown, timeline, caption_chars(fmt, script.lang),
                                      script.lang, job.words, fmt.caption_lines)
            video = job.out_dir / release.name(f"{script.id}_{script.lang}_{fmt.name}", "mp4")
            written += write_sidecars(video, subtitles.cues)
        transcript = job.out_dir / release.name(f"{script.id}_{script.lang}.transcript", "txt")
        written.append(write_text_atomic(transcript, transcript_text(job, narration, timeline)))
    return written

