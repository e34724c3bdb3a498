"""A picture of the finished bulletin: its waveform with the peak limit, and its short-term
loudness against the target, for people who would rather look than read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from studio.audio.profiles import AudioProfile
from studio.graphics.fonts import load_font, spec_for
from studio.graphics.layout import draw_text
from studio.graphics.outputs import write_png
from studio.media import Loudness

WIDTH, HEIGHT = 1200, 440
MARGIN = 60
WAVE_TOP, WAVE_BOTTOM = 70, 240
CURVE_TOP, CURVE_BOTTOM = 270, 400
LUFS_BELOW, LUFS_ABOVE = 24.0, 8.0  # loudness panel spans target − 24 … target + 8
INK, GRID, WAVE = (40, 40, 40), (215, 215, 215), (70, 120, 190)
LIMIT, TARGET, BAND, CURVE = (200, 40, 40), (20, 140, 60), (215, 240, 220), (30, 30, 30)


def short_term_lufs(samples: np.ndarray, rate: int) -> np.ndarray:
    """Short-term loudness (BS.1770, 3-s window) every 0.1 s, from ffmpeg's ebur128 meter —
    the same meter the report and the tests use."""
    from studio.audio.master import short_term_values
    from studio.ffmpeg import run_ffmpeg
    proc = run_ffmpeg(["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0",
                       "-af", "ebur128=framelog=info", "-f", "null", "-"],
                      what="measuring short-term loudness",
                      input_bytes=np.asarray(samples, dtype="<i2").tobytes())
    return short_term_values(proc.log)


def column_extremes(samples: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of the samples (as ±1 floats) falling in each of `columns` pixel columns
    (reduced in the samples' own type, then scaled: no float copy of a long bulletin)."""
    x = np.asarray(samples)
    scale = 32768.0 if np.issubdtype(x.dtype, np.integer) else 1.0
    if len(x) == 0:
        return np.zeros(columns), np.zeros(columns)
    edges = np.linspace(0, len(x), columns + 1).astype(int)
    edges[1:] = np.maximum(edges[1:], edges[:-1] + 1)
    edges = np.minimum(edges, len(x))
    starts = np.minimum(edges[:-1], len(x) - 1)
    return (np.minimum.reduceat(x, starts) / scale, np.maximum.reduceat(x, starts) / scale)


def _tick_step(seconds: float) -> float:
    """A readable time-axis step: about eight ticks."""
    for step in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600):
        if seconds / step <= 10:
            return step
    return 1200


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _time_axis(d: ImageDraw.ImageDraw, seconds: float, font) -> None:
    """Vertical grid lines with m:ss labels under both panels."""
    step, t, inner = _tick_step(seconds), 0.0, WIDTH - 2 * MARGIN
    while seconds and t <= seconds:
        x = MARGIN + t / seconds * inner
        d.line([(x, WAVE_TOP), (x, CURVE_BOTTOM)], fill=GRID)
        d.text((x - 12, CURVE_BOTTOM + 4), _clock(t), font=font, fill=INK)
        t += step


def _wave_panel(d: ImageDraw.ImageDraw, samples: np.ndarray, profile: AudioProfile,
                font) -> None:
    """The waveform, with the true-peak limit as two red lines."""
    mid, half = (WAVE_TOP + WAVE_BOTTOM) / 2, (WAVE_BOTTOM - WAVE_TOP) / 2
    lows, highs = column_extremes(samples, WIDTH - 2 * MARGIN)
    for i, (lo, hi) in enumerate(zip(lows, highs)):
        d.line([(MARGIN + i, mid - hi * half), (MARGIN + i, mid - lo * half)], fill=WAVE)
    limit = 10 ** (profile.true_peak_max_dbtp / 20) * half
    for y in (mid - limit, mid + limit):
        d.line([(MARGIN, y), (WIDTH - MARGIN, y)], fill=LIMIT)
    d.text((WIDTH - MARGIN + 4, mid - limit - 8), f"{profile.true_peak_max_dbtp:g}", font=font,
           fill=LIMIT)


def _loudness_panel(d: ImageDraw.ImageDraw, curve: np.ndarray, profile: AudioProfile,
                    font) -> None:
    """Short-term loudness over the target line and its tolerance band."""
    top = profile.target_lufs + LUFS_ABOVE
    span = LUFS_BELOW + LUFS_ABOVE

    def y_of(lufs: float) -> float:
        clamped = min(max(lufs, top - span), top)
        return CURVE_TOP + (top - clamped) / span * (CURVE_BOTTOM - CURVE_TOP)

    target, tol = profile.target_lufs, profile.tolerance_lu
    d.rectangle([MARGIN, y_of(target + tol), WIDTH - MARGIN, y_of(target - tol)], fill=BAND)
    d.line([(MARGIN, y_of(target)), (WIDTH - MARGIN, y_of(target))], fill=TARGET, width=2)
    d.text((WIDTH - MARGIN + 4, y_of(target) - 8), f"{target:g}", font=font, fill=TARGET)
    if len(curve) > 1:
        xs = MARGIN + np.arange(len(curve)) / (len(curve) - 1) * (WIDTH - 2 * MARGIN)
        d.line([(float(x), y_of(float(v))) for x, v in zip(xs, curve)], fill=CURVE, width=2)


def draw(samples: np.ndarray, rate: int, profile: AudioProfile, loudness: Loudness, title: str,
         lang: str, curve: np.ndarray | None = None) -> Image.Image:
    """The picture: title and numbers, waveform with the peak limit, loudness with target
    (`curve`: the short-term loudness if already measured)."""
    img = Image.new("RGB", (WIDTH, HEIGHT), "white")
    d = ImageDraw.Draw(img)
    bold, small = load_font(spec_for(lang, 700), 22), load_font(spec_for(lang, 400), 15)
    seconds = len(samples) / rate if rate else 0.0
    draw_text(d, (MARGIN, 12 + bold.getmetrics()[0]), title, bold, fill=INK)
    d.text((MARGIN, 42), f"{_clock(seconds)} · {loudness.integrated_lufs:.1f} LUFS "
           f"(target {profile.target_lufs:g} ± {profile.tolerance_lu:g} LU) · true peak "
           f"{loudness.true_peak_dbtp:.1f} dBTP (limit {profile.true_peak_max_dbtp:g}) · "
           f"{profile.name}", font=small, fill=INK)
    _time_axis(d, seconds, small)
    _wave_panel(d, samples, profile, small)
    if curve is None:
        curve = short_term_lufs(samples, rate) if rate else np.zeros(0)
    _loudness_panel(d, curve, profile, small)
    d.text((MARGIN, CURVE_BOTTOM + 22), "short-term loudness (LUFS), green: target and "
           "tolerance; red: true-peak limit (dBTP)", font=small, fill=INK)
    return img


def save_waveform(path: Path, samples: np.ndarray, rate: int, profile: AudioProfile,
                  loudness: Loudness, title: str, lang: str, curve: np.ndarray | None = None
                  ) -> Path:
    """Draw the picture and save it as PNG at `path` (callers pass an atomic temp path),
    through the posters' PNG writer (Pillow's optimising one cost each bulletin ~60 ms)."""
    write_png(draw(samples, rate, profile, loudness, title, lang, curve), path, dpi=72)
    return path
