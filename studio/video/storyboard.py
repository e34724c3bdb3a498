"""`--storyboard`: one PNG contact sheet with a frame per scene (and the two cards), for review
before the clip goes out."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from studio.fsutil import atomic_output
from studio.graphics.fonts import load_font
from studio.graphics.images import cover_crop
from studio.video.cues import Subtitles
from studio.video.formats import VideoFormat
from studio.video.overlays import text_spec
from studio.video.stills import Painter, is_video
from studio.video.timeline import Span, Timeline

GROUND = (34, 34, 34)
CAPTION = (235, 235, 235)
THUMB_LONG_SIDE = 480
COLUMNS = {"vertical": 4, "square": 4, "landscape": 3}


def clock(seconds: float) -> str:
    """0:07, 1:02."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def span_picture(painter: Painter, span: Span, subtitles: Subtitles) -> Image.Image:
    """What a viewer sees early in the span: its picture with the span's first subtitle."""
    cue = next((c for c in subtitles.cues if span.start <= c.start < span.end), None)
    lines = cue.lines if cue and span.kind == "scene" else None
    visual = painter.script.scenes[span.scene].visual if span.kind == "scene" else None
    if is_video(visual):
        size = (painter.layout.width, painter.layout.height)
        base = cover_crop(painter.sources.image(visual), size).convert("RGBA")
        layer = painter.picture(span, lines, transparent=True)
        return Image.alpha_composite(base, layer).convert("RGB")
    return painter.picture(span, lines).convert("RGB")


def label(painter: Painter, span: Span) -> str:
    """'2 · Heading · 0:11–0:20' (or the card's name)."""
    times = f"{clock(span.start)}–{clock(span.end)}"
    if span.kind == "scene":
        return f"{span.scene + 1} · {painter.script.scenes[span.scene].heading} · {times}"
    return f"{'Tiêu đề' if span.kind == 'title' else 'Kết thúc'} · {times}"


def contact_sheet(painter: Painter, fmt: VideoFormat, timeline: Timeline, subtitles: Subtitles,
                  heading: str) -> Image.Image:
    """Thumbnails in a grid, each captioned; `heading` across the top."""
    width, height = painter.layout.width, painter.layout.height
    scale = THUMB_LONG_SIDE / max(width, height)
    tw, th = max(16, round(width * scale)), max(16, round(height * scale))
    columns = min(len(timeline.spans), COLUMNS[fmt.orientation])
    rows = -(-len(timeline.spans) // columns)
    lang = painter.script.lang
    gap, caption_h, top = 16, 30, 56
    sheet = Image.new("RGB", (columns * (tw + gap) + gap, top + rows * (th + caption_h + gap)),
                      GROUND)
    draw = ImageDraw.Draw(sheet)
    draw.text((gap, 16), heading, font=load_font(text_spec(heading, lang, 700), 22),
              fill=CAPTION)
    for n, span in enumerate(timeline.spans):
        x = gap + (n % columns) * (tw + gap)
        y = top + (n // columns) * (th + caption_h + gap)
        thumb = span_picture(painter, span, subtitles).resize((tw, th), Image.Resampling.LANCZOS)
        sheet.paste(thumb, (x, y))
        text = label(painter, span)
        font = load_font(text_spec(text, lang, 600), 16)
        while font.getlength(text) > tw and len(text) > 4:
            text = text[:-2].rstrip() + "…"
        draw.text((x, y + th + 6), text, font=font, fill=CAPTION)
    return sheet


def write_storyboard(sheet: Image.Image, target: Path) -> Path:
    """Write the contact sheet atomically as PNG."""
    with atomic_output(target) as tmp:
        sheet.save(tmp, format="PNG")
    return target
