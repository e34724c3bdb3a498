"""Every picture of a clip, drawn once: one still per segment (scene picture + headline +
logo + subtitle + draft mark), written to a work folder for ffmpeg's concat demuxer.

Scenes that are video files, and photo scenes that move, get transparent overlay layers
instead, laid by ffmpeg over the moving picture (the video, or the photo scaled once and
moved by `zoompan`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from studio.ffmpeg import path_arg, run_ffmpeg
from studio.graphics.fonts import FontSpec
from studio.graphics.images import cover_box, cover_crop, open_image, open_image_bytes
from studio.graphics.watermark import with_draft_watermark
from studio.script.load import VIDEO_SUFFIXES
from studio.script.model import Scene, Script
from studio.video.captions import Word, word_place
from studio.video.cards import closing_card, heading_card, title_card
from studio.video.cues import Cue, Subtitles
from studio.video.frame import FrameLayout
from studio.video.motion import Motion, margin_size, pattern, toward
from studio.video.overlays import draw_headline, draw_logo, draw_subtitle, draw_title
from studio.video.timeline import Segment, Span

STILL_FORMAT = "bmp"  # uncompressed: ~40× faster to write than PNG for photos; ffmpeg reads it raw


def is_video(path: Path | None) -> bool:
    return path is not None and path.suffix.lower() in VIDEO_SUFFIXES


def video_frame(path: Path, at: float = 0.0) -> Image.Image:
    """One frame of a video file as an RGB image (for storyboards)."""
    proc = run_ffmpeg(["-ss", f"{at:.3f}", "-i", path_arg(path), "-frames:v", "1",
                       "-f", "image2pipe", "-c:v", "png", "-"], what=f"reading {path.name}",
                      timeout=60)
    if not proc.stdout:
        proc = run_ffmpeg(["-i", path_arg(path), "-frames:v", "1", "-f", "image2pipe",
                           "-c:v", "png", "-"], what=f"reading {path.name}", timeout=60)
    return open_image_bytes(proc.stdout, source=path).convert("RGB")


class Sources:
    """Decoded scene pictures and the logo, shared by every format of one run, each kept
    only as large as the largest frame it must cover (a 12-megapixel photo would hold
    36 MB for nothing)."""

    def __init__(self, frame_sizes: Sequence[tuple[int, int]] = ()) -> None:
        self.frame_sizes = tuple(frame_sizes)
        self._images: dict[Path, Image.Image] = {}

    def image(self, path: Path) -> Image.Image:
        """The picture at `path` (a video's first frame), decoded once."""
        if path not in self._images:
            picture = video_frame(path) if is_video(path) else open_image(path)
            if picture.mode not in ("RGB", "RGBA"):
                picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
            self._images[path] = self.shrunk(picture)
        return self._images[path]

    def clear(self) -> None:
        """Forget every decoded picture (after the last format has been drawn)."""
        self._images.clear()

    def shrunk(self, picture: Image.Image) -> Image.Image:
        """`picture` scaled down to the least size that still covers every frame size."""
        if not self.frame_sizes:
            return picture
        scale = max(max(w / picture.width, h / picture.height) for w, h in self.frame_sizes)
        if scale >= 0.9:
            return picture
        size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


@dataclass(frozen=True)
class Still:
    """A picture file and how long it shows."""

    path: Path
    duration: float


class Painter:
    """Draws the pictures of one format, caching each scene's layer (picture + headline +
    logo) so each segment only adds its subtitle."""

    def __init__(self, script: Script, layout: FrameLayout, spec: FontSpec, sources: Sources,
                 *, watermark: str | None, headings: str = "show",
                 caption_position: str = "bottom", caption_background: str = "box") -> None:
        self.script, self.layout, self.spec, self.sources = script, layout, spec, sources
        self.watermark = watermark
        self.headings = headings
        self.caption = {"position": caption_position, "background": caption_background}
        self.logo = sources.image(script.logo) if script.logo else None
        self._layers: dict[tuple[str, int | None, bool], Image.Image] = {}

    def scene_layer(self, scene: Scene, *, transparent: bool = False, entering: float = 1.0
                    ) -> Image.Image:
        """The scene's picture (or a transparent layer, or a heading card) with headline
        (`entering` of the way in) and logo."""
        key = ("scene", scene.index, transparent, entering)
        if key not in self._layers:
            size = (self.layout.width, self.layout.height)
            if transparent:
                layer = Image.new("RGBA", size, (0, 0, 0, 0))
            elif scene.visual is not None:
                layer = cover_crop(self.sources.image(scene.visual), size,
                                   scene.focus or (0.5, 0.5)).convert("RGB")
            else:
                _, y, _, h = self.layout.headline
                heading = scene.heading if self.headings == "show" else ""
                layer = heading_card(heading, self.layout, self.script.lang,
                                     top=y + h if scene.headline else None)
            if scene.headline:
                draw_headline(layer, scene.headline, self.layout, self.script.lang,
                              where=f"the headline of scene '{scene.heading}'",
                              entering=entering)
            if self.logo is not None:
                draw_logo(layer, self.logo, self.layout.logo)
            self._layers[key] = layer
        return self._layers[key]

    def card(self, kind: str) -> Image.Image:
        """The title or closing card."""
        key = (kind, None, False, 1.0)
        if key not in self._layers:
            if kind == "title":
                self._layers[key] = title_card(self.script, self.layout, self.logo)
            else:
                self._layers[key] = closing_card(self.script, self.layout, self.logo,
                                                 draft=self.watermark is not None)
        return self._layers[key]

    def picture(self, span: Span, cue: Cue | None, *,
                transparent: bool = False, titled: bool = False, entering: float = 1.0,
                highlight: tuple[int, int, int] | None = None) -> Image.Image:
        """The finished picture of a span with an optional cue (and the title over it, in a
        hook's first seconds; the headline `entering` of the way in), draft mark included."""
        if span.kind == "scene":
            base = self.scene_layer(self.script.scenes[span.scene], transparent=transparent,
                                    entering=entering)
        else:
            base = self.card(span.kind)
        image = base.copy()
        if titled and not headline_is_title(self.script, span):
            draw_title(image, self.script.title, self.layout, self.script.lang)
        if cue is not None and cue.lines:
            draw_subtitle(image, cue.lines, self.layout, self.spec, translation=cue.translation,
                          translation_lang=cue.translation_lang, highlight=highlight,
                          **self.caption)
        if self.watermark:
            image = with_draft_watermark(image, self.watermark)
        return image


@dataclass(frozen=True)
class Run:
    """Consecutive segments drawn the same way: plain stills, or overlays for a video scene
    or a moving photo."""

    stills: tuple[Still, ...]
    video: Path | None = None  # the scene's video file, for an overlay run
    photo: Path | None = None  # the scene's photo, scaled once, for a moving overlay run
    motion: Motion | None = None

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.stills)

    @property
    def overlaid(self) -> bool:
        """Its stills are transparent layers over a moving picture."""
        return self.video is not None or self.photo is not None

    def extended(self, before: float, after: float) -> Run:
        """The run with its first picture shown `before` seconds longer and its last `after`
        (the overlap a transition needs on each side)."""
        stills = list(self.stills)
        stills[0] = Still(stills[0].path, stills[0].duration + before)
        stills[-1] = Still(stills[-1].path, stills[-1].duration + after)
        return Run(tuple(stills), self.video, self.photo, self.motion)


def headline_is_title(script: Script, span: Span) -> bool:
    """Whether the span's scene headline already says the title (the hook then shows it once,
    not twice one above the other)."""
    if span.kind != "scene" or span.scene is None:
        return False
    headline = script.scenes[span.scene].headline or ""
    return " ".join(headline.casefold().split()) == " ".join(script.title.casefold().split())


def _video_of(script: Script, span: Span) -> Path | None:
    if span.kind != "scene":
        return None
    visual = script.scenes[span.scene].visual
    return visual if is_video(visual) else None


def _moving_photo(painter: Painter, span: Span, amount: float) -> bool:
    """A photo scene that moves (not a card, not a video file, motion asked for)."""
    if span.kind != "scene" or amount <= 0:
        return False
    visual = painter.script.scenes[span.scene].visual
    return visual is not None and not is_video(visual)


def crop_point(source: tuple[int, int], size: tuple[int, int], focus: tuple[float, float]
               ) -> tuple[float, float]:
    """Where a picture's focal point (0–1 of it) lands in its cover crop to `size` (0–1)."""
    left, top, right, bottom = cover_box(source, size, focus)
    return ((focus[0] * source[0] - left) / (right - left),
            (focus[1] * source[1] - top) / (bottom - top))


def scene_motion(painter: Painter, span: Span, amount: float) -> Motion:
    """How the scene's photo moves: in to its focal point when it has one, else the scene's
    turn in the pattern."""
    scene = painter.script.scenes[span.scene]
    if scene.focus is None:
        return pattern(span.scene, amount)
    source = painter.sources.image(scene.visual).size
    return toward(crop_point(source, (painter.layout.width, painter.layout.height),
                             scene.focus), amount)


def write_background(painter: Painter, span: Span, motion: Motion, folder: Path) -> Path:
    """The scene's photo scaled once to the frame plus the room `motion` needs (sharp at its
    deepest zoom), cropped around its focal point, for `zoompan` to move over."""
    scene = painter.script.scenes[span.scene]
    size = margin_size((painter.layout.width, painter.layout.height), max(motion.zoom) - 1)
    picture = cover_crop(painter.sources.image(scene.visual), size,
                         scene.focus or (0.5, 0.5))
    path = folder / f"bg{span.scene:03d}.{STILL_FORMAT}"
    picture.convert("RGB").save(path)
    return path


def paint_runs(painter: Painter, segments: tuple[Segment, ...], subtitles: Subtitles,
               folder: Path, *, on_still: Callable[[int, int], None] | None = None,
               motion: float = 0.0, per_span: bool = False,
               words: Sequence[Sequence[Word]] | None = None) -> tuple[Run, ...]:
    """Draw and write every distinct picture once; group the segments into runs (one per
    span when `per_span`, as transitions need; photos move by `motion`, see AMOUNT; the
    spoken word marked when each cue's `words` are given)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[tuple, Path] = {}
    runs: list[Run] = []
    current: list[Still] = []
    background: tuple = (None, None, None)
    for n, seg in enumerate(segments):
        video = _video_of(painter.script, seg.span)
        moving = _moving_photo(painter, seg.span, motion)
        overlay = video is not None or moving
        key = (seg.span.kind, seg.span.scene, seg.cue, seg.titled, seg.entering, seg.word)
        if key not in written:
            cue = subtitles.cues[seg.cue] if seg.cue is not None else None
            lines = cue.lines if cue is not None else None
            place = (word_place(lines, words[seg.cue], seg.word)
                     if lines and words and seg.word is not None else None)
            image = painter.picture(seg.span, cue, transparent=overlay, titled=seg.titled,
                                    entering=seg.entering, highlight=place)
            suffix = "png" if overlay else STILL_FORMAT
            path = folder / f"p{len(written):04d}.{suffix}"
            if overlay:
                image.save(path, compress_level=1)
            else:
                image.convert("RGB").save(path)
            written[key] = path
        new_span = n > 0 and seg.span != segments[n - 1].span
        if not current or (new_span and (per_span or overlay or background[0] or
                                          background[1])):
            if current:
                runs.append(Run(tuple(current), *background))
                current = []
            move = scene_motion(painter, seg.span, motion) if moving else None
            photo = write_background(painter, seg.span, move, folder) if moving else None
            background = (video, photo, move)
        current.append(Still(written[key], seg.duration))
        if on_still:
            on_still(n + 1, len(segments))
    if current:
        runs.append(Run(tuple(current), *background))
    return tuple(runs)
