"""What a validated poster template is: canvas, background, slots and layers (frozen values)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

MM_PER_INCH = 25.4
Box = tuple[int, int, int, int]  # x, y, width, height in pixels
Colour = tuple[int, int, int]
FRAMES = ("safe", "trim", "bleed")
FORMATS = ("png", "jpeg", "pdf")


@dataclass(frozen=True)
class Length:
    """A distance in a template: `%` of a reference, or `px`, `mm`, `pt`."""

    value: float
    unit: str = "%"

    def px(self, reference: float, dpi: float, scale: float = 1.0) -> float:
        """Pixels on a canvas rendered at `scale` (`reference` is already scaled)."""
        if self.unit == "%":
            return self.value / 100.0 * reference
        if self.unit == "mm":
            return self.value / MM_PER_INCH * dpi * scale
        if self.unit == "pt":
            return self.value / 72.0 * dpi * scale
        return self.value * scale


@dataclass(frozen=True)
class Canvas:
    """Trim size, bleed and safe margins in pixels, at a dpi (`scale` < 1 for previews)."""

    width: int  # trim width, px
    height: int  # trim height, px
    dpi: float
    unit: str = "px"  # how the template gave the size, for listings
    bleed: int = 0  # px on every side, outside the trim
    safe: tuple[int, int, int, int] = (0, 0, 0, 0)  # top, right, bottom, left, inside the trim
    pixel_exact: bool = False  # LED boards: only the template's colours, no anti-aliasing
    scale: float = 1.0
    mm: tuple[float, float] | None = None  # trim size as written, for a canvas given in mm

    @property
    def size(self) -> tuple[int, int]:
        """The full image size: trim plus bleed on every side."""
        return self.width + 2 * self.bleed, self.height + 2 * self.bleed

    @property
    def trim(self) -> Box:
        """The final (cut) size inside the bleed."""
        return self.bleed, self.bleed, self.width, self.height

    @property
    def safe_box(self) -> Box:
        """The trim minus the safe margins: where text and QR codes must stay."""
        top, right, bottom, left = self.safe
        return (self.bleed + left, self.bleed + top, self.width - left - right,
                self.height - top - bottom)

    def frame(self, name: str) -> Box:
        """The box a layer's coordinates are relative to: `safe`, `trim` or `bleed`."""
        if name == "bleed":
            return (0, 0, *self.size)
        return self.trim if name == "trim" else self.safe_box

    @property
    def size_mm(self) -> tuple[float, float]:
        """Trim size in millimetres."""
        if self.mm:
            return self.mm
        factor = MM_PER_INCH / self.dpi
        return round(self.width * factor, 1), round(self.height * factor, 1)

    def scaled(self, scale: float) -> "Canvas":
        """The same canvas at `scale` (a preview): pixels shrink, dpi shrinks, mm stay."""
        if scale == 1.0:
            return self

        def s(v: int) -> int:
            """One pixel length at `scale`."""
            return max(0, int(round(v * scale)))

        return replace(self, width=max(1, s(self.width)), height=max(1, s(self.height)),
                       bleed=s(self.bleed), safe=tuple(s(v) for v in self.safe),
                       dpi=self.dpi * scale, scale=self.scale * scale)

    def length(self, value: Length, reference: float) -> int:
        """A template length in pixels on this canvas."""
        base_dpi = self.dpi / self.scale
        return int(round(value.px(reference, base_dpi, self.scale)))

    @property
    def megapixels(self) -> float:
        """Size of the whole image in millions of pixels."""
        w, h = self.size
        return w * h / 1e6


@dataclass(frozen=True)
class BoxSpec:
    """`box: [x, y, width, height]` relative to a frame."""

    x: Length
    y: Length
    width: Length
    height: Length
    frame: str = "safe"

    def resolve(self, canvas: Canvas) -> Box:
        """Pixel box on `canvas`."""
        fx, fy, fw, fh = canvas.frame(self.frame)
        return (fx + canvas.length(self.x, fw), fy + canvas.length(self.y, fh),
                max(1, canvas.length(self.width, fw)), max(1, canvas.length(self.height, fh)))


@dataclass(frozen=True)
class ImageSource:
    """An image from a slot (filled per variant) or a file the template names."""

    slot: str | None = None
    path: Path | None = None


@dataclass(frozen=True)
class Gradient:
    """A two-colour linear gradient."""

    start: Colour
    end: Colour
    direction: str = "vertical"  # vertical: start at the top; horizontal: start at the left


@dataclass(frozen=True)
class Background:
    """What is under every layer: a colour, optionally a gradient or a cover-cropped image."""

    colour: Colour
    gradient: Gradient | None = None
    image: ImageSource | None = None
    focal: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True)
class Slot:
    """A named hole filled from data: text, an image file or a URL (for a QR code)."""

    name: str
    kind: str = "text"  # text | image | url
    required: bool = False
    example: str | None = None


@dataclass(frozen=True)
class Layer:
    """What every layer has: a name, a box and conditions on slots."""

    name: str
    box: BoxSpec | None
    when: str | None = None  # drawn only if this slot has a value
    unless: str | None = None  # drawn only if this slot is empty

    def resolve_box(self, canvas: Canvas) -> Box:
        """Where the layer goes on `canvas`, in pixels."""
        assert self.box is not None
        return self.box.resolve(canvas)

    def active(self, values: dict) -> bool:
        """Whether the layer is drawn for these slot values."""
        if self.when and not values.get(self.when):
            return False
        return not (self.unless and values.get(self.unless))


@dataclass(frozen=True)
class TextLayer(Layer):
    """Text from a slot (or fixed), shrunk to fit its box between min and max size."""

    slot: str | None = None
    text: str | None = None
    family: str | None = None  # None: the language's face (fonts.spec_for)
    weight: int = 700
    colour: Colour = (255, 255, 255)
    align: str = "center"
    valign: str = "middle"
    max_lines: int = 3
    min_size: Length = Length(8, "px")
    max_size: Length = Length(100, "%")  # of the box height
    line_spacing: float = 1.15
    upper: bool = False
    stroke_width: Length = Length(0, "px")
    stroke_colour: Colour | None = None


@dataclass(frozen=True)
class ImageLayer(Layer):
    """A photo or logo from a slot or a file."""

    source: ImageSource = ImageSource()
    fit: str = "cover"  # cover: fill the box, cropping around `focal`; contain: fit inside
    focal: tuple[float, float] = (0.5, 0.5)
    align: str = "center"
    valign: str = "middle"


@dataclass(frozen=True)
class QRLayer(Layer):
    """A QR code of a slot's URL or fixed data."""

    slot: str | None = None
    data: str | None = None
    colour: Colour = (0, 0, 0)
    background: Colour = (255, 255, 255)
    border: int = 2  # quiet zone, in modules
    align: str = "center"
    valign: str = "middle"


@dataclass(frozen=True)
class ShapeLayer(Layer):
    """A rectangle, ellipse or star."""

    shape: str = "rect"  # rect | ellipse | star
    colour: Colour = (0, 0, 0)
    opacity: float = 1.0
    radius: Length = Length(0, "px")


@dataclass(frozen=True)
class BandLayer(Layer):
    """A strip along one edge of the trim that runs out through the bleed."""

    edge: str = "bottom"  # top | bottom | left | right
    size: Length = Length(10, "%")  # of the trim's height (top/bottom) or width (left/right)
    colour: Colour = (0, 0, 0)
    opacity: float = 1.0

    def resolve_box(self, canvas: Canvas) -> Box:
        """The strip in pixels, extended through the bleed on its three outer sides."""
        full_w, full_h = canvas.size
        b = canvas.bleed
        if self.edge in ("top", "bottom"):
            depth = canvas.length(self.size, canvas.height)
            return (0, 0, full_w, b + depth) if self.edge == "top" else (
                0, b + canvas.height - depth, full_w, depth + b)
        depth = canvas.length(self.size, canvas.width)
        return (0, 0, b + depth, full_h) if self.edge == "left" else (
            b + canvas.width - depth, 0, depth + b, full_h)


@dataclass(frozen=True)
class Template:
    """A poster template, validated and resolved (paths absolute, colours RGB)."""

    name: str
    path: Path
    canvas: Canvas
    background: Background
    slots: dict[str, Slot]
    layers: tuple[Layer, ...]
    formats: tuple[str, ...] = ("png",)
    description: str = ""
    kind: str = "screen"
    origin: str = "built-in"  # built-in | project
    files: tuple[Path, ...] = ()  # this file and every file it extends

    @property
    def required_slots(self) -> tuple[str, ...]:
        """Slots every variant must fill."""
        return tuple(s.name for s in self.slots.values() if s.required)

    def colours(self) -> tuple[Colour, ...]:
        """Every colour the template itself paints (the palette of a pixel-exact board)."""
        found = [self.background.colour]
        for layer in self.layers:
            for attr in ("colour", "stroke_colour", "background"):
                value = getattr(layer, attr, None)
                if value is not None:
                    found.append(value)
        return tuple(dict.fromkeys(found))


def pixels_for(mm: float, dpi: float) -> int:
    """Millimetres to whole pixels at `dpi` (A3 at 300 dpi: 297 mm → 3508 px)."""
    return int(math.floor(mm / MM_PER_INCH * dpi + 0.5))
