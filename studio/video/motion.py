"""Motion on photos (a slow zoom or pan, "Ken Burns") and the transitions between scenes,
as ffmpeg filters over pictures drawn once: each photo is scaled once, in Pillow, to a
little over the frame, and ffmpeg's `zoompan` moves a frame-sized window over it."""

from __future__ import annotations

from dataclasses import dataclass

# How far a photo moves: the picture is this much larger than the frame (0.08 = 8 %).
AMOUNT = {"none": 0.0, "gentle": 0.08, "lively": 0.18}
# A photo with a focal point zooms in to it, up to this many times the amount further in
# (so that "focus=0.3,0.4" can reach the middle of the frame).
FOCUS_REACH = 4
# ffmpeg xfade transitions for the style words.
XFADE = {"crossfade": "fade", "slide": "slideleft"}


@dataclass(frozen=True)
class Motion:
    """One scene's movement: zoom and window position (fractions of the free margin, 0 =
    left/top, 1 = right/bottom), from the scene's first frame to its last."""

    zoom: tuple[float, float]
    x: tuple[float, float]
    y: tuple[float, float]


def pattern(index: int, amount: float) -> Motion:
    """The movement of scene `index`: zoom in, pan right, zoom out, pan left, in turn, so
    consecutive scenes never move the same way."""
    top = 1.0 + amount
    mid = 1.0 + amount / 2
    moves = (Motion((1.0, top), (0.5, 0.5), (0.5, 0.5)),
             Motion((mid, mid), (0.0, 1.0), (0.4, 0.6)),
             Motion((top, 1.0), (0.5, 0.5), (0.3, 0.5)),
             Motion((mid, mid), (1.0, 0.0), (0.6, 0.4)))
    return moves[index % len(moves)]


def window(centre: float, zoom: float) -> float:
    """The window position (a fraction of the free margin) that puts `centre` (0–1 of the
    picture) in the middle of a window 1/zoom as wide, as near as the edges allow."""
    half = 1 / (2 * zoom)
    if half >= 0.5:
        return 0.5
    return min(1.0, max(0.0, (centre - half) / (1 - 2 * half)))


def toward(focus: tuple[float, float], amount: float) -> Motion:
    """A zoom from the whole picture in to its focal point (x, y in 0–1 of the picture that
    moves), as far in as centring the point needs: at least 1 + amount, at most
    1 + FOCUS_REACH × amount."""
    x, y = focus
    edge = max(1e-3, min(x, 1 - x, y, 1 - y))
    zoom = min(max(1 + amount, 1 / (2 * edge)), 1 + FOCUS_REACH * amount)
    return Motion((1.0, zoom), (0.5, window(x, zoom)), (0.5, window(y, zoom)))


def margin_size(size: tuple[int, int], amount: float) -> tuple[int, int]:
    """The size a photo is scaled to once (even sides): the frame plus the room to move."""
    width, height = size
    return (2 * round(width * (1 + amount) / 2), 2 * round(height * (1 + amount) / 2))


def ramp(values: tuple[float, float], frames: int, first: int = 0) -> str:
    """An expression going from values[0] at the movement's first frame to values[1] at its
    last, `frames` long (smoothstep, so it starts and stops softly), for a piece of it that
    starts `first` frames in."""
    a, b = values
    if a == b:
        return f"{a:.4f}"
    on = f"(on+{first})" if first else "on"
    p = f"({on}/{max(1, frames - 1)})"
    return f"({a:.4f}+({b - a:.4f})*{p}*{p}*(3-2*{p}))"


def zoompan_filter(motion: Motion, frames: int, size: tuple[int, int], fps: str, *,
                   first: int = 0, total: int | None = None) -> str:
    """`zoompan` over one still: `frames` frames of `size`, the window moving as `motion`
    (a piece `first` frames into a movement `total` frames long, when the clip is encoded
    in parts)."""
    whole = total or frames
    z = ramp(motion.zoom, whole, first)
    x = f"(iw-iw/zoom)*{ramp(motion.x, whole, first)}"
    y = f"(ih-ih/zoom)*{ramp(motion.y, whole, first)}"
    return (f"zoompan=z='{z}':x='{x}':y='{y}':d={frames}:s={size[0]}x{size[1]}:fps={fps}")


def half_fade(seconds: float, fps: float) -> float:
    """Half a transition, on whole frames (each scene's picture is extended by this much on
    each side it shares with another, so the cut stays where the narration puts it)."""
    return round(seconds / 2 * fps) / fps
