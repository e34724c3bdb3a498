"""Rendering a template with slot values: plan (lay out every text, fail early), then paint.

Planning fits every text box first, so a headline that cannot fit, or a character the font
lacks, stops a run before any pixel (or file) is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from studio.errors import TemplateError, setting
from studio.graphics.fonts import FontSpec, spec_for
from studio.poster.layers import (paint_background, paint_image, paint_qr, paint_shape,
                                    paint_text, snap_to_palette)
from studio.graphics.layout import TextBlock, fit_text
from studio.graphics.words import Words
from studio.poster.template_model import (BandLayer, Box, Canvas, ImageLayer, Layer,
                                            QRLayer, ShapeLayer, Template, TextLayer)
from studio.graphics.watermark import draw_draft_watermark

Values = Mapping[str, "str | Path"]
WATERMARK_COLOURS = ((0, 0, 0), (255, 255, 255))


@dataclass(frozen=True)
class Placement:
    """One layer at its pixel box, with its text laid out (text layers only)."""

    layer: Layer
    box: Box
    block: TextBlock | None = None
    stroke: int = 0
    value: "str | Path | None" = None


@dataclass(frozen=True)
class PosterPlan:
    """Everything decided before painting: canvas, background image, placed layers."""

    template: Template
    canvas: Canvas
    background_image: Path | None
    placements: tuple[Placement, ...]


@dataclass(frozen=True)
class RenderedPoster:
    """The painted image and where each layer was actually drawn (glyph boxes for text)."""

    image: Image.Image
    template: Template
    canvas: Canvas
    boxes: dict[str, Box]

    @property
    def dpi(self) -> float:
        """The dpi to write into the files (scaled for previews)."""
        return self.canvas.dpi


def where(template: Template, layer: Layer) -> str:
    """How errors name a layer: template 'a3', layer 'headline'."""
    return f"template '{template.name}', layer '{layer.name}'"


def font_for(layer: TextLayer, lang: str) -> FontSpec:
    """The layer's family, or the language's face (a CJK one for zh)."""
    return FontSpec(layer.family, layer.weight) if layer.family else spec_for(lang,
                                                                               layer.weight)


def check_values(template: Template, values: Values) -> None:
    """Every required slot has a value (TemplateError naming the first that does not)."""
    for name in template.required_slots:
        if not values.get(name):
            raise TemplateError(f"template '{template.name}' needs slot '{name}'",
                                hint=f"give it, e.g. {setting('set')} {name}=\"...\"")


def layer_value(layer: Layer, values: Values) -> "str | Path | None":
    """What a layer shows: its slot's value, or its fixed text/data/file."""
    slot = getattr(layer, "slot", None)
    if slot:
        return values.get(slot) or None
    if isinstance(layer, ImageLayer):
        return values.get(layer.source.slot) if layer.source.slot else layer.source.path
    return getattr(layer, "text", None) or getattr(layer, "data", None)


def place_text(template: Template, canvas: Canvas, layer: TextLayer, box: Box, text: str,
               lang: str, words: Words | None = None) -> Placement:
    """Fit `text` into the layer's box: largest size between min and max that fits
    (`words`: what its line breaks know, default the working directory's project's)."""
    _, _, w, h = box
    stroke = canvas.length(layer.stroke_width, h) if layer.stroke_colour else 0
    min_size = max(1, canvas.length(layer.min_size, h))
    max_size = max(min_size, canvas.length(layer.max_size, h))
    block = fit_text(text, font_for(layer, lang), w - 2 * stroke, h - 2 * stroke,
                     min_size=min_size, max_size=max_size, max_lines=layer.max_lines,
                     line_spacing=layer.line_spacing, upper=layer.upper,
                     where=where(template, layer), lang=lang, words=words)
    return Placement(layer, box, block, stroke, text)


def plan_poster(template: Template, values: Values, *, lang: str = "vi", scale: float = 1.0,
                words: Words | None = None) -> PosterPlan:
    """Check slots and lay out every text of one poster, without painting anything."""
    check_values(template, values)
    canvas = template.canvas.scaled(scale)
    placements = []
    for layer in template.layers:
        if not layer.active(values):
            continue
        value = layer_value(layer, values)
        if value is None and not isinstance(layer, (ShapeLayer, BandLayer)):
            continue  # an optional slot left empty: the layer is simply not drawn
        box = layer.resolve_box(canvas)
        if isinstance(layer, TextLayer):
            placements.append(place_text(template, canvas, layer, box, str(value), lang,
                                         words))
        else:
            placements.append(Placement(layer, box, value=value))
    bg = template.background.image
    background_image = None
    if bg is not None:
        background_image = values.get(bg.slot) if bg.slot else bg.path
    return PosterPlan(template, canvas, Path(background_image) if background_image else None,
                      tuple(placements))


def paint_poster(plan: PosterPlan, *, watermark: str | None = None) -> RenderedPoster:
    """Paint a planned poster; `watermark` (the draft text) marks it as unapproved."""
    template, canvas = plan.template, plan.canvas
    image = paint_background(canvas, template.background, plan.background_image)
    boxes: dict[str, Box] = {}
    for p in plan.placements:
        layer = p.layer
        if isinstance(layer, TextLayer):
            boxes[layer.name] = paint_text(image, layer, p.box, p.block, p.stroke,
                                           canvas.pixel_exact)
        elif isinstance(layer, ImageLayer):
            boxes[layer.name] = paint_image(image, layer, p.box, Path(p.value))
        elif isinstance(layer, QRLayer):
            boxes[layer.name] = paint_qr(image, layer, p.box, str(p.value),
                                         where(template, layer))
        elif isinstance(layer, (ShapeLayer, BandLayer)):
            radius = canvas.length(layer.radius, min(p.box[2:])) if isinstance(
                layer, ShapeLayer) else 0
            boxes[layer.name] = paint_shape(image, layer, p.box, radius)
    if watermark:
        draw_draft_watermark(image, watermark)
    if canvas.pixel_exact:
        extra = WATERMARK_COLOURS if watermark else ()
        image = snap_to_palette(image, (*template.colours(), *extra))
    return RenderedPoster(image, template, canvas, boxes)


def render_poster(template: Template, values: Values, *, lang: str = "vi", scale: float = 1.0,
                  watermark: str | None = None) -> RenderedPoster:
    """Plan and paint one poster: `values` maps slot names to text (or image paths)."""
    return paint_poster(plan_poster(template, values, lang=lang, scale=scale),
                        watermark=watermark)
