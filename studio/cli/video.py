"""`studio video`: short clips for social networks, LED screens and TV."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from studio.cli.options import (draft_option, get_project, json_option, notice, out_option,
                                print_paths, project_option, quiet_option, voice_options)

if TYPE_CHECKING:
    from studio.speech.voice import Voice

SHOW_AFTER_SECONDS = 1.5  # quick renders finish without a bar flashing up


class VideoProgress:
    """A rich progress bar on stderr, one row per step, shown once a render takes a while."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __call__(self, label: str, fraction: float) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self.started < SHOW_AFTER_SECONDS:
                return
            from rich.console import Console
            from rich.progress import (BarColumn, Progress, TaskProgressColumn, TextColumn,
                                       TimeElapsedColumn)
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                      TaskProgressColumn(), TimeElapsedColumn(),
                                      console=Console(stderr=True), transient=True)
            self._progress.start()
        if label not in self._tasks:
            self._tasks[label] = self._progress.add_task(label, total=1.0)
        self._progress.update(self._tasks[label], completed=fraction)

    def notice(self, message: str) -> None:
        """A notice on stderr, above the bar when one is showing."""
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            notice(message)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def format_options(fn):
    """`-f/--format`, `--size`, `--fps`: which clips, for `studio video` and `studio subtitles`."""
    fn = click.option("--fps", type=float, default=None,
                      help="Frame rate for every format (default: 30; tv: 25).")(fn)
    fn = click.option("--size", "sizes", multiple=True, metavar="WxH",
                      help="A custom size, e.g. 320x160 for an LED wall (repeatable).")(fn)
    return click.option("-f", "--format", "formats", multiple=True, metavar="NAME",
                        help="vertical (1080×1920, default; also 9:16, tiktok, reels, shorts), "
                             "landscape (1920×1080; 16:9, youtube), square (1080×1080; 1:1), "
                             "portrait (1080×1350; 4:5, feed), tv (1920×1080, 25 fps) or WxH; "
                             "repeat for several."
                        )(fn)


def style_options(fn):
    """The look of the clip (each overrides the script's `video:` block), as one `style`."""
    from studio.script.model import VIDEO_CHOICES
    helps = {
        "motion": "Slow zoom/pan on photos (default: gentle); video scenes play as they are.",
        "transition": "Between scenes (default: crossfade, 0.4 s centred on the cut).",
        "opening": "hook: the first scene at once with the title over it (default); "
                   "card: a 3-second title card first.",
        "headings": "Show or hide the heading of a scene without a picture (default: show).",
        "captions": "boxed two-line captions (default) or highlight the word being spoken.",
        "caption_position": "Where captions sit (default: bottom).",
        "caption_background": "Behind the captions: a box (default), a full-width band, or "
                              "only an outline.",
        "bed": "A built-in music bed under the voice when the script has no music "
               "(default: none).",
        "signature": "on: the bulletin's opening tune (the project's assets/jingles/opening.*, "
                     "else the built-in) starts the clip, under the voice (default: off).",
        "speaker_names": "Name the speaker on the first subtitle of each turn of a script "
                         "with speakers: (default: on).",
    }
    for key in reversed(list(helps)):
        fn = click.option(f"--{key.replace('_', '-')}", key, default=None,
                          type=click.Choice(VIDEO_CHOICES[key]), help=helps[key])(fn)
    return click.option("--closing", "closing", type=float, default=None, metavar="SECONDS",
                        help="Length of the closing card with the approval line (default: 2)."
                        )(fn)


@click.command()
@click.argument("script", type=click.Path(path_type=Path))
@format_options
@style_options
@click.option("--storyboard", is_flag=True,
              help="Also write a PNG contact sheet with a frame per scene.")
@voice_options
@draft_option
@out_option
@project_option
@json_option
@quiet_option
def video(script: Path, formats: tuple[str, ...], sizes: tuple[str, ...], fps: float | None,
          storyboard: bool, voice: Voice, draft: bool, out: Path | None, project: Path | None,
          as_json: bool, quiet: bool, **style: str | float | None) -> None:
    """Render an approved SCRIPT.md as MP4 clips with burned-in subtitles.

    Writes <id>_<lang>_<format>.mp4 with .srt and .vtt subtitles beside it into
    outputs/<id>/ (or --out) and prints each path. Narration, subtitles and sound are shared
    by every format of one run. H.264 High, AAC 48 kHz, loudness -16 LUFS; a draft
    (--draft) is watermarked on every frame and named -draft.

    \b
    Example:
        studio video scripts/ngay-quyen-con-nguoi.md
        studio video scripts/ngay-quyen-con-nguoi.md -f vertical -f landscape --storyboard
        studio video scripts/ngay-quyen-con-nguoi.md --size 320x160 --offline
        studio video scripts/ngay-quyen-con-nguoi.md -f tv --draft
        studio video scripts/ngay-quyen-con-nguoi.md -f tiktok --opening card --closing 3
    """
    from studio.script import load
    from studio.video import prepare_video, render_video

    proj = get_project(project, [script])
    job = prepare_video(load(script, proj), formats=formats, sizes=sizes, fps=fps, out=out,
                        project=proj, allow_draft=draft, voice=voice, storyboard=storyboard,
                        style=style)
    progress = VideoProgress(enabled=not (quiet or as_json))
    try:
        paths = render_video(job, notice=None if quiet else progress.notice, progress=progress)
    finally:
        progress.close()
    print_paths(paths, as_json)


@click.command()
@click.argument("script", type=click.Path(path_type=Path))
@format_options
@voice_options
@draft_option
@out_option
@project_option
@json_option
@quiet_option
def subtitles(script: Path, formats: tuple[str, ...], sizes: tuple[str, ...], fps: float | None,
              voice: Voice, draft: bool, out: Path | None, project: Path | None, as_json: bool,
              quiet: bool) -> None:
    """Write the subtitles `studio video` would burn in, without rendering video.

    For each format: <id>_<lang>_<format>.srt and .vtt (the same cues, line length per
    format), then <id>_<lang>.transcript.txt — what is said, scene by scene, with the time
    each sentence starts. For upload to a platform, for translators and for review; it costs
    the narration (usually cached) and no drawing or encoding.

    \b
    Example:
        studio subtitles scripts/ngay-quyen-con-nguoi.md
        studio subtitles scripts/ngay-quyen-con-nguoi.md -f vertical -f landscape --offline
    """
    from studio.script import load
    from studio.video import prepare_video
    from studio.video.subtitles import write_subtitles

    proj = get_project(project, [script])
    job = prepare_video(load(script, proj), formats=formats, sizes=sizes, fps=fps, out=out,
                        project=proj, allow_draft=draft, voice=voice)
    print_paths(write_subtitles(job, notice=None if quiet else notice), as_json)


COMMANDS = [video, subtitles]
