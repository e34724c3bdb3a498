"""Turning template data (YAML) into a validated `Template`, one small reader per section."""

from __future__ import annotations

from pathlib import Path

from studio.errors import StudioError
from studio.graphics.fonts import available_families
from studio.poster.template_model import (
    FORMATS, FRAMES, Background, BandLayer, BoxSpec, Canvas, Gradient, ImageLayer, ImageSource,
    Layer, Length, QRLayer, ShapeLayer, Slot, Template, TextLayer, pixels_for)
from studio.poster.template_yaml import Node, Origins
from studio.project import Project, resolve_asset
from studio.text import did_you_mean

TOP_KEYS = ("description", "kind", "extends", "canvas", "formats", "background", "slots",
            "layers")
KINDS = ("print", "banner", "led", "screen", "social")
DEFAULT_FORMATS = {"print": ("pdf", "png"), "banner": ("pdf", "png"), "led": ("png",),
                   "screen": ("png",), "social": ("png", "jpeg")}
CANVAS_KEYS = ("width", "height", "unit", "dpi", "bleed", "safe", "pixel_exact")
MAX_MEGAPIXELS = 320  # ~1 GB of RGB: beyond this a slow office PC runs out of memory
SLOT_KINDS = ("text", "image", "url")
LAYER_TYPES = ("text", "image", "qr", "shape", "band")
LAYER_KEYS = {
    "text": ("slot", "text", "font", "colour", "align", "valign", "max_lines", "min_size",
             "max_size", "line_spacing", "upper", "stroke"),
    "image": ("slot", "image", "fit", "focal", "align", "valign"),
    "qr": ("slot", "data", "colour", "background", "border", "align", "valign"),
    "shape": ("shape", "colour", "opacity", "radius"),
    "band": ("edge", "size", "colour", "opacity"),
}
ALIGN = ("left", "center", "right")
VALIGN = ("top", "middle", "bottom")
SIZE_UNITS = ("px", "mm", "pt", "%")
BOX_UNITS = ("%", "px", "mm", "pt")


def build_template(data: dict, origins: Origins, *, name: str, path: Path, origin: str,
                   files: tuple[Path, ...], project: Project) -> Template:
    """Validate template data and resolve it into a Template (raises TemplateError)."""
    root = Node(data, (), origins).mapping(TOP_KEYS, required=("canvas", "layers"))
    kind = root.child("kind").choice(KINDS, "screen")
    canvas = read_canvas(root.child("canvas"))
    slots = read_slots(root.child("slots"))
    context = _Context(canvas, slots, path, project)
    background = read_background(root.child("background"), context)
    layers = tuple(read_layer(n, node, context) for n, node in root.child("layers").items())
    if not layers:
        raise root.child("layers").error("has no layers", "add at least one text layer")
    formats = read_formats(root.child("formats"), DEFAULT_FORMATS[kind])
    return Template(name=name, path=path, canvas=canvas, background=background, slots=slots,
                    layers=layers, formats=formats, kind=kind, origin=origin, files=files,
                    description=root.child("description").text("") or "")


class _Context:
    """What layer readers need: the canvas, the declared slots, where files are looked up."""

    def __init__(self, canvas: Canvas, slots: dict[str, Slot], path: Path,
                 project: Project) -> None:
        """Remember what layer readers look things up in."""
        self.canvas, self.slots, self.path, self.project = canvas, slots, path, project

    def slot(self, node: Node, kinds: tuple[str, ...]) -> str | None:
        """A slot name that is declared under `slots:` with one of `kinds`."""
        name = node.text()
        if name is None:
            return None
        if name not in self.slots:
            raise node.error(f"slot '{name}' is not declared under 'slots:'",
                             did_you_mean(name, list(self.slots)) if self.slots
                             else "declare it under 'slots:'")
        if self.slots[name].kind not in kinds:
            raise node.error(f"slot '{name}' is a {self.slots[name].kind} slot",
                             "use a slot of kind " + " or ".join(kinds))
        return name

    def file(self, node: Node) -> Path | None:
        """An image file named by the template, relative to the template or assets/."""
        ref = node.text()
        if ref is None:
            return None
        try:
            return resolve_asset(ref, script_path=self.path, project=self.project)
        except StudioError as exc:
            raise node.error(exc.message, "put it beside the template file or in the "
                             "project's assets/ folder") from None


def read_canvas(node: Node) -> Canvas:
    """`canvas:` — size in px or mm (+ dpi), bleed, safe margins, pixel-exact flag."""
    node.mapping(CANVAS_KEYS, required=("width", "height"))
    unit = node.child("unit").choice(("px", "mm"), "px")
    dpi_node = node.child("dpi")
    if unit == "mm" and dpi_node.missing:
        raise node.error("a canvas in mm needs a 'dpi'", "add e.g. 'dpi: 300' (print) or "
                         "'dpi: 150' (banners)")
    dpi = dpi_node.number(72.0, 10, 1200)

    def px(sub: Node, low: float) -> int:
        """A canvas length (in the canvas unit) in pixels."""
        value = sub.number(0.0, low, 100000)
        return pixels_for(value, dpi) if unit == "mm" else int(round(value))

    width, height = px(node.child("width"), 1), px(node.child("height"), 1)
    mm = (node.child("width").value, node.child("height").value) if unit == "mm" else None
    bleed = px(node.child("bleed"), 0)
    safe_node = node.child("safe")
    sides = safe_node.elements() if isinstance(safe_node.value, list) else [safe_node] * 4
    if len(sides) != 4:
        raise safe_node.error("must be one margin or four [top, right, bottom, left]")
    safe = tuple(px(side, 0) for side in sides)
    if safe[0] + safe[2] >= height or safe[1] + safe[3] >= width:
        raise safe_node.error("leaves no safe area", "use smaller margins")
    canvas = Canvas(width=width, height=height, dpi=dpi, unit=unit, bleed=bleed, safe=safe,
                    pixel_exact=node.child("pixel_exact").boolean(False), mm=mm)
    if canvas.megapixels > MAX_MEGAPIXELS:
        raise node.error(f"{canvas.size[0]}×{canvas.size[1]} px is {canvas.megapixels:.0f} "
                         f"megapixels, over the {MAX_MEGAPIXELS} a poster may have",
                         "lower the dpi (banners need only 100–150 dpi)")
    return canvas


def read_slots(node: Node) -> dict[str, Slot]:
    """`slots:` — the names data fills in, their kind, whether required, an example."""
    if node.missing:
        return {}
    slots = {}
    for name, sub in node.items():
        if sub.missing:
            slots[name] = Slot(name)
            continue
        sub.mapping(("kind", "required", "example"))
        slots[name] = Slot(name, kind=sub.child("kind").choice(SLOT_KINDS, "text"),
                           required=sub.child("required").boolean(False),
                           example=sub.child("example").text())
    return slots


def read_formats(node: Node, default: tuple[str, ...]) -> tuple[str, ...]:
    """`formats:` — which files each variant is written as."""
    if node.missing:
        return default
    names = []
    for item in node.elements():
        value = "jpeg" if item.value == "jpg" else item.value
        names.append(Node(value, item.path, item.origins).choice(FORMATS, None))
    return tuple(dict.fromkeys(names))


def read_background(node: Node, ctx: _Context) -> Background:
    """`background:` — a colour, or a mapping with colour, gradient, image/slot and focal."""
    if node.missing:
        raise node.error("is missing", "add e.g. 'background: red'")
    if not isinstance(node.value, dict):
        return Background(colour=node.colour())
    node.mapping(("colour", "gradient", "image", "slot", "focal"))
    gradient = None
    if not node.child("gradient").missing:
        g = node.child("gradient").mapping(("from", "to", "direction"), required=("from", "to"))
        if ctx.canvas.pixel_exact:
            raise g.error("a pixel-exact canvas cannot have a gradient",
                          "LED boards show flat colours: use 'background: COLOUR'")
        gradient = Gradient(g.child("from").colour(), g.child("to").colour(),
                            g.child("direction").choice(("vertical", "horizontal"), "vertical"))
    image = _image_source(node, ctx)
    colour = node.child("colour").colour(gradient.start if gradient else None)
    if colour is None:
        raise node.error("needs a 'colour' (shown where there is no image)",
                         "add e.g. 'colour: red'")
    return Background(colour=colour, gradient=gradient, image=image,
                      focal=node.child("focal").point((0.5, 0.5)))


def _image_source(node: Node, ctx: _Context) -> ImageSource | None:
    """`image: FILE` or `slot: NAME` (an image slot), not both."""
    slot = ctx.slot(node.child("slot"), ("image",))
    path = ctx.file(node.child("image"))
    if slot and path:
        raise node.error("has both 'image' and 'slot'", "keep one of them")
    return ImageSource(slot=slot, path=path) if (slot or path) else None


def read_box(node: Node) -> BoxSpec:
    """`box: [x, y, width, height]` (bare numbers are % of the frame) and `frame:`."""
    box = node.child("box")
    if not isinstance(box.value, list) or len(box.value) != 4:
        raise box.error("must be [x, y, width, height]",
                        "e.g. [0, 40, 100, 30] (percent of the frame) or with px/mm units")
    x, y, w, h = (item.length(None, BOX_UNITS, "%") for item in box.elements())
    return BoxSpec(x, y, w, h, frame=node.child("frame").choice(FRAMES, "safe"))


def read_layer(name: str, node: Node, ctx: _Context) -> Layer:
    """One entry of `layers:`, by its `type`."""
    if node.missing or not isinstance(node.value, dict):
        raise node.error("must be a set of 'key: value' lines", "start with 'type: text'")
    if node.child("type").missing:
        raise node.error("'type' is missing", "use one of: " + ", ".join(LAYER_TYPES))
    kind = node.child("type").choice(LAYER_TYPES, None)
    extra = () if kind == "band" else ("box", "frame")
    node.mapping(("type", "when", "unless", *extra, *LAYER_KEYS[kind]))
    common = dict(name=name, box=None if kind == "band" else read_box(node),
                  when=ctx.slot(node.child("when"), SLOT_KINDS),
                  unless=ctx.slot(node.child("unless"), SLOT_KINDS))
    layer = _READERS[kind](node, ctx, common)
    if kind in ("text", "qr"):
        _check_inside_safe(node, layer, ctx.canvas)
    return layer


def _check_inside_safe(node: Node, layer: Layer, canvas: Canvas) -> None:
    """Text and QR codes must stay inside the safe area, where nothing is trimmed or hidden."""
    x, y, w, h = layer.resolve_box(canvas)
    sx, sy, sw, sh = canvas.safe_box
    if x < sx or y < sy or x + w > sx + sw or y + h > sy + sh:
        raise node.child("box").error("reaches outside the safe area",
                                      "keep text inside it (frame: safe, values 0–100)")


def _text_layer(node: Node, ctx: _Context, common: dict) -> TextLayer:
    """`type: text` — slot or fixed text, font, colour, alignment, sizes, stroke."""
    slot = ctx.slot(node.child("slot"), ("text", "url"))
    text = node.child("text").text()
    if bool(slot) == bool(text):
        raise node.error("needs exactly one of 'slot' (filled from data) or 'text' (fixed)")
    font = node.child("font")
    family, weight = None, 700
    if not font.missing:
        font.mapping(("family", "weight"))
        family = font.child("family").text()
        if family == "auto":
            family = None
        elif family is not None and family not in available_families():
            raise font.child("family").error(f"font '{family}' is not installed",
                                             "use 'auto' or one of: "
                                             + ", ".join(available_families()))
        weight = font.child("weight").integer(700, 100, 900)
    stroke = node.child("stroke")
    stroke_width, stroke_colour = Length(0, "px"), None
    if not stroke.missing:
        stroke.mapping(("width", "colour"), required=("width", "colour"))
        stroke_width = stroke.child("width").length(None, ("px", "mm", "pt"), "px")
        stroke_colour = stroke.child("colour").colour()
    return TextLayer(
        **common, slot=slot, text=text, family=family, weight=weight,
        colour=node.child("colour").colour((255, 255, 255)),
        align=node.child("align").choice(ALIGN, "center"),
        valign=node.child("valign").choice(VALIGN, "middle"),
        max_lines=node.child("max_lines").integer(3, 1, 20),
        min_size=node.child("min_size").length(Length(8, "px"), SIZE_UNITS, "px"),
        max_size=node.child("max_size").length(Length(100, "%"), SIZE_UNITS, "px"),
        line_spacing=node.child("line_spacing").number(1.15, 0.8, 3.0),
        upper=node.child("upper").boolean(False),
        stroke_width=stroke_width, stroke_colour=stroke_colour)


def _image_layer(node: Node, ctx: _Context, common: dict) -> ImageLayer:
    """`type: image` — a slot or file, cover or contain."""
    source = _image_source(node, ctx)
    if source is None:
        raise node.error("needs 'image: FILE' or 'slot: NAME' (an image slot)")
    return ImageLayer(**common, source=source,
                      fit=node.child("fit").choice(("cover", "contain"), "cover"),
                      focal=node.child("focal").point((0.5, 0.5)),
                      align=node.child("align").choice(ALIGN, "center"),
                      valign=node.child("valign").choice(VALIGN, "middle"))


def _qr_layer(node: Node, ctx: _Context, common: dict) -> QRLayer:
    """`type: qr` — a slot or fixed data, colours, quiet zone."""
    slot = ctx.slot(node.child("slot"), ("url", "text"))
    data = node.child("data").text()
    if bool(slot) == bool(data):
        raise node.error("needs exactly one of 'slot' (filled from data) or 'data' (fixed)")
    return QRLayer(**common, slot=slot, data=data,
                   colour=node.child("colour").colour((0, 0, 0)),
                   background=node.child("background").colour((255, 255, 255)),
                   border=node.child("border").integer(2, 0, 10),
                   align=node.child("align").choice(ALIGN, "center"),
                   valign=node.child("valign").choice(VALIGN, "middle"))


def _opacity(node: Node, ctx: _Context) -> float:
    """0–1; only 1 on a pixel-exact canvas (blending would add colours)."""
    opacity = node.child("opacity").number(1.0, 0.0, 1.0)
    if ctx.canvas.pixel_exact and opacity < 1.0:
        raise node.child("opacity").error("a pixel-exact canvas cannot blend colours",
                                          "use opacity 1 and a solid colour")
    return opacity


def _shape_layer(node: Node, ctx: _Context, common: dict) -> ShapeLayer:
    """`type: shape` — rect, ellipse or star."""
    return ShapeLayer(**common,
                      shape=node.child("shape").choice(("rect", "ellipse", "star"), "rect"),
                      colour=node.child("colour").colour((0, 0, 0)),
                      opacity=_opacity(node, ctx),
                      radius=node.child("radius").length(Length(0, "px"), SIZE_UNITS, "px"))


def _band_layer(node: Node, ctx: _Context, common: dict) -> BandLayer:
    """`type: band` — a strip along one edge."""
    return BandLayer(**common,
                     edge=node.child("edge").choice(("top", "bottom", "left", "right"),
                                                    "bottom"),
                     size=node.child("size").length(Length(10, "%"), BOX_UNITS, "%"),
                     colour=node.child("colour").colour((0, 0, 0)),
                     opacity=_opacity(node, ctx))


_READERS = {"text": _text_layer, "image": _image_layer, "qr": _qr_layer,
            "shape": _shape_layer, "band": _band_layer}
