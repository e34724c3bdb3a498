"""Quick level estimates on samples in memory (not a loudness meter: ffmpeg's ebur128 is that)."""

from __future__ import annotations

import numpy as np

SILENT_DB = -120.0
ABSOLUTE_GATE_DB = -70.0  # blocks quieter than this are silence (as BS.1770's −70 LUFS)
RELATIVE_GATE_DB = -12.0  # and blocks this far below the average are breaths and tails


def blocks_of(samples: np.ndarray, rate: int, block: float) -> tuple[np.ndarray, float] | None:
    """The samples as whole consecutive `block`-second rows (the tail left out), and the full
    scale they are measured against (16-bit or float ±1); None when not one block fits."""
    raw = np.asarray(samples)
    scale = 32768.0 if np.issubdtype(raw.dtype, np.integer) else 1.0
    n = max(int(block * rate), 1)
    usable = len(raw) // n * n
    return (raw[:usable].reshape(-1, n), scale) if usable else None


def block_rms_db(samples: np.ndarray, rate: int, block: float = 0.05) -> np.ndarray:
    """RMS level of consecutive `block`-second blocks in dBFS (16-bit or float ±1 input)."""
    framed = blocks_of(samples, rate, block)
    if framed is None:
        return np.full(1, SILENT_DB)
    rows, scale = framed
    n = rows.shape[1]
    x = rows.astype(np.float32)
    mean_square = np.einsum("ij,ij->i", x, x, dtype=np.float64) / n / scale ** 2
    with np.errstate(divide="ignore"):
        return np.maximum(10 * np.log10(mean_square), SILENT_DB)


def gated_level_db(levels: np.ndarray) -> float:
    """BS.1770-style gating of block levels: silence, then blocks far below the average,
    left out; the energy average of the rest (SILENT_DB if nothing is left)."""
    loud = levels[levels > ABSOLUTE_GATE_DB]
    if len(loud) == 0:
        return SILENT_DB
    average = 10 * np.log10(np.mean(10 ** (loud / 10)))
    loud = loud[loud > average + RELATIVE_GATE_DB]
    return float(10 * np.log10(np.mean(10 ** (loud / 10))))


def speech_level_db(samples: np.ndarray, rate: int) -> float:
    """Gated RMS of the speech in `samples` (dBFS): silence and quiet tails left out, like
    BS.1770's gating, so pauses do not make a bulletin look quiet. SILENT_DB if all silent."""
    return gated_level_db(block_rms_db(samples, rate, block=0.4))


def fast_length(n: int) -> int:
    """The smallest 2^a·3^b·5^c ≥ n: an FFT length pocketfft does quickly (a block of 0.4 s at
    22.05 kHz, 8820 samples, has the factor 7², several times slower)."""
    best = 1 << max(n - 1, 0).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            p235 = p35
            while p235 < n:
                p235 *= 2
            best = min(best, p235)
            p35 *= 3
        p5 *= 5
    return best


def band_block_rms_db(samples: np.ndarray, rate: int, power_gain, block: float = 0.4,
                      chunk: int = 64) -> np.ndarray:
    """Like `block_rms_db`, but of the samples as heard through a filter whose power response
    is `power_gain(frequencies)`: each block's spectrum weighted (Parseval), in chunks of
    blocks so memory stays small."""
    framed = blocks_of(samples, rate, block)
    if framed is None:
        return np.full(1, SILENT_DB)
    blocks, scale = framed
    n = blocks.shape[1]
    size = fast_length(n)  # zero-padded: Parseval then holds with `size` in place of `n`
    weights = power_gain(np.fft.rfftfreq(size, 1 / rate))
    weights[1:(size + 1) // 2] *= 2  # the negative frequencies rfft leaves out
    out = np.empty(len(blocks))
    for start in range(0, len(blocks), chunk):
        spectrum = np.fft.rfft(blocks[start:start + chunk].astype(np.float32), n=size, axis=1)
        power = (spectrum.real ** 2 + spectrum.imag ** 2) @ weights
        out[start:start + chunk] = power / (size * n) / scale ** 2
    with np.errstate(divide="ignore"):
        return np.maximum(10 * np.log10(out), SILENT_DB)
