"""`--storyboard`: one PNG contact sheet with a frame per scene (and the two cards), for review
before the clip goes out; and every video's small poster frame."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from studio.fsutil import atomic_output
from studio.graphics.contact_sheet import contact_sheet as shared_sheet
from studio.graphics.contact_sheet import thumbnail
from studio.graphics.images import cover_crop
from studio.graphics.outputs import write_image
from studio.video.cues import Subtitles
from studio.video.formats import VideoFormat
from studio.video.stills import Painter, is_video
from studio.video.timeline import Span, Timeline

THUMB_LONG_SIDE = 320
COLUMNS = {"vertical": 4, "square": 4, "landscape": 3}


def clock(seconds: float) -> str:
    """0:07, 1:02."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def span_picture(painter: Painter, span: Span, subtitles: Subtitles, titled: bool = False
                 ) -> Image.Image:
    """What a viewer sees early in the span: its picture with the span's first subtitle
    (and the title over it when the clip opens on it)."""
    cue = next((c for c in subtitles.cues if span.start <= c.start < span.end), None)
    shown = cue if cue and span.kind == "scene" else None
    visual = painter.script.scenes[span.scene].visual if span.kind == "scene" else None
    if is_video(visual):
        size = (painter.layout.width, painter.layout.height)
        base = cover_crop(painter.sources.image(visual), size).convert("RGBA")
        layer = painter.picture(span, shown, transparent=True, titled=titled)
        return Image.alpha_composite(base, layer).convert("RGB")
    return painter.picture(span, shown, titled=titled).convert("RGB")


def label(painter: Painter, span: Span) -> str:
    """'2 · Heading · 0:11–0:20' (or the card's name)."""
    times = f"{clock(span.start)}–{clock(span.end)}"
    if span.kind == "scene":
        return f"{span.scene + 1} · {painter.script.scenes[span.scene].heading} · {times}"
    return f"{'Tiêu đề' if span.kind == 'title' else 'Kết thúc'} · {times}"


def contact_sheet(painter: Painter, fmt: VideoFormat, timeline: Timeline, subtitles: Subtitles,
                  heading: str) -> Image.Image:
    """A frame per span (title card, scenes, closing card), captioned, on the shared sheet."""
    items = [(label(painter, span), thumbnail(span_picture(
        painter, span, subtitles, titled=span.start < timeline.title_until), THUMB_LONG_SIDE))
             for span in timeline.spans]
    return shared_sheet(items, heading=heading, columns=COLUMNS[fmt.orientation],
                        cell=THUMB_LONG_SIDE, lang=painter.script.lang)


def write_storyboard(sheet: Image.Image, target: Path) -> Path:
    """Write the contact sheet atomically as PNG."""
    with atomic_output(target) as tmp:
        sheet.save(tmp, format="PNG")
    return target


def write_poster_frame(still: Path, target: Path) -> Path:
    """The video's first picture (its title card), small, as JPEG: what the review page shows
    on the player before the video loads (browsers may leave it black until played)."""
    with Image.open(still) as image:
        small = thumbnail(image, THUMB_LONG_SIDE * 2)
    return write_image(small, target, "jpeg", dpi=72)
