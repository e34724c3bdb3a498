"""The pictures of a clip and what they are drawn from: the decoded scene pictures
(`Sources`), and the `Painter` that draws a span's finished picture (scene picture +
headline + logo + subtitle + draft mark), its transparent layer for a picture that moves,
or a cue's caption bands alone. `studio.video.runs` writes them for ffmpeg."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from studio.ffmpeg import path_arg, run_ffmpeg
from studio.graphics.fonts import FontSpec
from studio.graphics.images import cover_crop, open_image, open_image_bytes
from studio.graphics.watermark import with_draft_watermark
from studio.script.load import VIDEO_SUFFIXES
from studio.script.model import Scene, Script
from studio.video.cards import closing_card, heading_card, title_card
from studio.video.cues import Cue
from studio.video.frame import FrameLayout
from studio.video.overlays import (Band, Piece, composite, draw_subtitle, headline_band,
                                   logo_piece, place_band, subtitle_pieces, title_band)
from studio.video.timeline import Span

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
    """Draws the pictures of one format from parts made once: each scene's picture (cropped
    to the frame), its headline band, the title band, the scaled logo and the cards; each
    picture is a copy of its scene's with the parts laid on (an entering headline's steps
    and every cue share them)."""

    def __init__(self, script: Script, layout: FrameLayout, spec: FontSpec, sources: Sources,
                 *, watermark: str | None, headings: str = "show",
                 caption_position: str = "bottom", caption_background: str = "box") -> None:
        self.script, self.layout, self.spec, self.sources = script, layout, spec, sources
        self.watermark = watermark
        self.headings = headings
        self.caption_style = {"position": caption_position, "background": caption_background}
        self.logo = sources.image(script.logo) if script.logo else None
        self._logo = logo_piece(self.logo, layout.logo) if self.logo is not None else None
        self._layers: dict[tuple, Image.Image] = {}  # grounds and cards
        self._bands: dict[int | None, Band] = {}  # headlines by scene, the title as None

    def scene_ground(self, scene: Scene, transparent: bool = False) -> Image.Image:
        """The scene's picture cropped to the frame, its heading card, or a transparent
        frame: made once (shared: never draw on it)."""
        key = ("scene", scene.index, transparent)
        if key not in self._layers:
            size = (self.layout.width, self.layout.height)
            if transparent:
                ground = Image.new("RGBA", size, (0, 0, 0, 0))
            elif scene.visual is not None:
                ground = cover_crop(self.sources.image(scene.visual), size,
                                    scene.focus or (0.5, 0.5)).convert("RGB")
            else:
                _, y, _, h = self.layout.headline
                heading = scene.heading if self.headings == "show" else ""
                ground = heading_card(heading, self.layout, self.script.lang,
                                      top=y + h if scene.headline else None)
            self._layers[key] = ground
        return self._layers[key]

    def band(self, scene: Scene | None) -> Band:
        """A scene's headline band (the clip's title for None), laid out and drawn once."""
        key = scene.index if scene is not None else None
        if key not in self._bands:
            lang = self.script.lang
            self._bands[key] = (
                title_band(self.script.title, self.layout, lang) if scene is None else
                headline_band(scene.headline, self.layout, lang,
                              where=f"the headline of scene '{scene.heading}'"))
        return self._bands[key]

    def scene_layer(self, scene: Scene, *, transparent: bool = False, entering: float = 1.0
                    ) -> Image.Image:
        """A new picture: the scene's ground with headline (`entering` of the way in) and
        logo."""
        layer = self.scene_ground(scene, transparent).copy()
        if scene.headline:
            place_band(layer, self.band(scene), self.layout, entering)
        if self._logo is not None:
            composite(layer, self._logo.image, self._logo.at)
        return layer

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
            image = self.scene_layer(self.script.scenes[span.scene], transparent=transparent,
                                     entering=entering)
        else:
            image = self.card(span.kind).copy()
        if titled and not headline_is_title(self.script, span):
            place_band(image, self.band(None), self.layout)
        if cue is not None and cue.lines:
            draw_subtitle(image, cue.lines, self.layout, self.spec, translation=cue.translation,
                          translation_lang=cue.translation_lang, highlight=highlight,
                          **self.caption_style)
        if self.watermark:
            image = with_draft_watermark(image, self.watermark)
        return image

    def caption(self, cue: Cue | None, highlight: tuple[int, int, int] | None = None
                ) -> tuple[Piece, ...]:
        """A cue's caption bands alone, placed on the frame (none without a cue): what a
        moving picture's caption layer shows."""
        if cue is None or not cue.lines:
            return ()
        return subtitle_pieces(cue.lines, self.layout, self.spec, translation=cue.translation,
                               translation_lang=cue.translation_lang, highlight=highlight,
                               **self.caption_style)


def headline_is_title(script: Script, span: Span) -> bool:
    """Whether the span's scene headline already says the title (the hook then shows it once,
    not twice one above the other)."""
    if span.kind != "scene" or span.scene is None:
        return False
    headline = script.scenes[span.scene].headline or ""
    return " ".join(headline.casefold().split()) == " ".join(script.title.casefold().split())
