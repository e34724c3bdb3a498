"""Rendering a template with slot values: plan (lay out every text, fail early), then paint.

Planning fits every text box first, so a headline that cannot fit, or a character the font
lacks, stops a run before any pixel (or file) is made.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from studio.errors import TemplateError, setting
from studio.graphics.fonts import FontSpec, spec_for
from studio.graphics import png
from studio.graphics.contact_sheet import reduce_factor, thumbnail
from studio.poster.layers import (paint_background, paint_background_rows, paint_image,
                                    paint_qr, paint_shape, paint_text, snap_to_palette)
from studio.graphics.layout import TextBlock, fit_text
from studio.graphics.words import Words
from studio.poster.template_model import (BandLayer, Box, Canvas, ImageLayer, Layer,
                                            QRLayer, ShapeLayer, Template, TextLayer)
from studio.graphics.watermark import draw_draft_watermark

Values = Mapping[str, "str | Path"]
Rows = tuple[int, int]  # [first, end) rows of a canvas
WATERMARK_COLOURS = ((0, 0, 0), (255, 255, 255))
MARGIN_ROWS = 8  # repainted around a changed layer: antialiased ink may pass its box
MAX_KEPT_PIXELS = 160_000_000  # what the repaint cache holds at most (one băng rôn: 140 Mpx)


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
    changed: tuple[Rows, ...] | None = None  # rows repainted into a kept image (None: new)

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


def paint_placement(image: Image.Image, plan: PosterPlan, p: Placement, top: int = 0
                    ) -> Box | None:
    """Paint one placed layer onto `image`, whose first row is the canvas's row `top`;
    return the box drawn, in canvas coordinates."""
    layer, canvas = p.layer, plan.canvas
    x, y, w, h = p.box
    box = (x, y - top, w, h)
    if isinstance(layer, TextLayer):
        drawn = paint_text(image, layer, box, p.block, p.stroke, canvas.pixel_exact)
    elif isinstance(layer, ImageLayer):
        drawn = paint_image(image, layer, box, Path(p.value))
    elif isinstance(layer, QRLayer):
        drawn = paint_qr(image, layer, box, str(p.value), where(plan.template, layer))
    elif isinstance(layer, (ShapeLayer, BandLayer)):
        radius = canvas.length(layer.radius, min(p.box[2:])) if isinstance(
            layer, ShapeLayer) else 0
        drawn = paint_shape(image, layer, box, radius)
    else:
        return None
    return drawn[0], drawn[1] + top, drawn[2], drawn[3]


def paint_poster(plan: PosterPlan, *, watermark: str | None = None) -> RenderedPoster:
    """Paint a planned poster; `watermark` (the draft text) marks it as unapproved."""
    template, canvas = plan.template, plan.canvas
    image = paint_background(canvas, template.background, plan.background_image)
    boxes: dict[str, Box] = {}
    for p in plan.placements:
        drawn = paint_placement(image, plan, p)
        if drawn is not None:
            boxes[p.layer.name] = drawn
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


def files_of(plan: PosterPlan) -> tuple:
    """(path, size, mtime) of every file a plan paints: a file changed on disk is a change."""
    paths = [plan.background_image] + [Path(p.value) for p in plan.placements
                                       if isinstance(p.layer, ImageLayer)]
    stats = []
    for path in paths:
        if path is not None:
            info = path.stat()
            stats.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stats)


def rows_of(box: Box | None) -> Rows | None:
    """The rows a box covers."""
    return None if box is None else (box[1], box[1] + box[3])


def span(ranges, margin: int, height: int) -> Rows | None:
    """One row range covering every range (widened by `margin`, within the canvas)."""
    ranges = [r for r in ranges if r is not None]
    if not ranges:
        return None
    return max(0, min(r[0] for r in ranges) - margin), min(height, max(r[1] for r in ranges)
                                                            + margin)


def meets(rows: Rows | None, band: Rows) -> bool:
    """Whether `rows` overlap `band`."""
    return rows is not None and rows[0] < band[1] and rows[1] > band[0]


def changed_rows(old: RenderedPoster, old_plan: PosterPlan, plan: PosterPlan
                 ) -> tuple[Rows | None, set[str]]:
    """The rows to repaint to turn `old` into `plan`'s poster (where every placement that
    differs painted and will paint: a text's ink, anything else its box), and the names of
    those placements."""
    before = {p.layer.name: p for p in old_plan.placements}
    after = {p.layer.name: p for p in plan.placements}
    names = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    ranges = []
    for name in names:
        if name in before:
            drawn = old.boxes.get(name)
            ranges += [rows_of(drawn)] if is_text(before[name]) and drawn else [
                rows_of(before[name].box), rows_of(drawn)]
        if name in after:
            ranges.append(rows_of(reach_of(after[name], plan)))
    return span(ranges, MARGIN_ROWS, plan.canvas.size[1]), names


def is_text(p: Placement) -> bool:
    return isinstance(p.layer, TextLayer) and p.block is not None


def reach_of(p: Placement, plan: PosterPlan) -> Box:
    """Where a placement will paint: a text's ink (measured, not drawn — a one-line name
    fills a fraction of its box), anything else its box."""
    if not is_text(p):
        return p.box
    return paint_text(None, p.layer, p.box, p.block, p.stroke, plan.canvas.pixel_exact)


@dataclass
class Kept:
    """A cache entry: the plan last painted, its poster (whose image later repaints change
    in place), its PNG stream and its thumbnail's reduced image, each with the rows changed
    since it was made."""

    plan: PosterPlan
    files: tuple
    poster: RenderedPoster
    stream: png.PngStream | None = None
    since: list[Rows] = field(default_factory=list)
    reduced: Image.Image | None = None  # the image reduced for its thumbnail
    reduced_since: list[Rows] = field(default_factory=list)


class PaintCache:
    """Per process: the last poster painted of each template, so the next one (a campaign's
    next row, a CSV's next variant) repaints only the rows its changed layers cover, and its
    PNG keeps the compressed bands of the rest. The image returned is the kept one: it is
    valid until the next `paint` of the same template."""

    def __init__(self, max_pixels: int = MAX_KEPT_PIXELS) -> None:
        self.max_pixels = max_pixels
        self.kept: OrderedDict[str, Kept] = OrderedDict()

    def paint(self, plan: PosterPlan, *, watermark: str | None = None) -> RenderedPoster:
        """`plan` painted: a band repaint into the kept poster when it is provably the same
        as a full paint, else a full paint (the watermark and LED palettes always are)."""
        name = plan.template.name
        if watermark or plan.canvas.pixel_exact:
            self.kept.pop(name, None)  # memory stays one poster per template
            return paint_poster(plan, watermark=watermark)
        files = files_of(plan)
        kept = self.kept.pop(name, None)
        if kept is not None and self.same_base(kept, plan, files):
            poster = repaint(kept.poster, kept.plan, plan)
            if poster is not None:
                since = [*kept.since, *poster.changed] if kept.stream is not None else []
                small = ([*kept.reduced_since, *poster.changed]
                         if kept.reduced is not None else [])
                self.keep(name, Kept(plan, files, poster, kept.stream, since, kept.reduced,
                                     small))
                return poster
        kept = None  # the old image goes before the new one is made: one poster per template
        poster = paint_poster(plan)
        self.keep(name, Kept(plan, files, poster))
        return poster

    @staticmethod
    def same_base(kept: Kept, plan: PosterPlan, files: tuple) -> bool:
        """Whether `plan` paints on the kept poster's template, canvas and background, with
        no file it paints changed on disk."""
        old = kept.plan
        return (old.template == plan.template and old.canvas == plan.canvas
                and old.background_image == plan.background_image and kept.files == files)

    def keep(self, name: str, kept: Kept) -> None:
        """Remember `kept` as the template's last poster, forgetting the oldest others while
        the cache holds more than `max_pixels`."""
        self.kept[name] = kept
        while len(self.kept) > 1 and sum(
                k.poster.image.width * k.poster.image.height
                for k in self.kept.values()) > self.max_pixels:
            self.kept.popitem(last=False)

    def stream(self, poster: RenderedPoster, limit: int | None = None
               ) -> png.PngStream | None:
        """The PNG stream of a poster (its image as it is now), reusing, for one this cache
        painted, the bands of the previous stream that no repaint has touched since; None
        past `limit` bytes."""
        kept = self.kept.get(poster.template.name)
        if kept is None or kept.poster.image is not poster.image:
            return png.encode(poster.image, limit=limit)
        previous = kept.stream if poster.changed is not None else None
        stream = png.encode(poster.image, previous, kept.since if previous else None, limit)
        kept.stream, kept.since = stream, []
        return stream

    def thumbnail(self, poster: RenderedPoster) -> Image.Image:
        """`thumbnail(poster.image)`, for a poster this cache painted made from its kept
        reduced image with only the repainted rows reduced again."""
        kept = self.kept.get(poster.template.name)
        factor = reduce_factor(poster.image.size)
        if kept is None or kept.poster.image is not poster.image or factor == 1:
            return thumbnail(poster.image)
        if kept.reduced is None or poster.changed is None:
            kept.reduced = poster.image.reduce(factor)
        else:
            width, height = poster.image.size
            for first, end in kept.reduced_since:
                top = first // factor * factor  # whole blocks of `factor` rows
                part = poster.image.crop((0, top, width, min(height, -(-end // factor)
                                                              * factor)))
                kept.reduced.paste(part.reduce(factor), (0, top // factor))
        kept.reduced_since = []
        return thumbnail(kept.reduced)


def repaint(old: RenderedPoster, old_plan: PosterPlan, plan: PosterPlan
            ) -> RenderedPoster | None:
    """`plan`'s poster made from `old` by repainting only the rows that changed: the
    background of those rows, then every layer that touches them, in order, onto a band that
    is pasted into `old`'s image. None when that cannot be proved equal to a full paint (a
    changed text's ink reached outside the band)."""
    band_rows, names = changed_rows(old, old_plan, plan)
    if band_rows is None:
        return RenderedPoster(old.image, plan.template, plan.canvas, dict(old.boxes), ())
    canvas, top = plan.canvas, band_rows[0]
    band = paint_background_rows(canvas, plan.template.background, plan.background_image,
                                 band_rows)
    present = {p.layer.name for p in plan.placements}
    boxes = {name: box for name, box in old.boxes.items() if name in present}
    for p in plan.placements:
        name = p.layer.name
        reach = [rows_of(p.box)] + ([] if name in names else [rows_of(old.boxes.get(name))])
        if not any(meets(r, band_rows) for r in reach):
            continue
        drawn = paint_placement(band, plan, p, top)
        if drawn is None:
            continue
        if name in names and not (band_rows[0] <= drawn[1]
                                  and drawn[1] + drawn[3] <= band_rows[1]):
            return None
        boxes[name] = drawn
    old.image.paste(band, (0, top))
    return RenderedPoster(old.image, plan.template, plan.canvas, boxes, (band_rows,))
