"""Quick level estimates on samples in memory (not a loudness meter: ffmpeg's ebur128 is that)."""

from __future__ import annotations

import numpy as np

SILENT_DB = -120.0
ABSOLUTE_GATE_DB = -70.0  # blocks quieter than this are silence (as BS.1770's −70 LUFS)
RELATIVE_GATE_DB = -12.0  # and blocks this far below the average are breaths and tails


def block_rms_db(samples: np.ndarray, rate: int, block: float = 0.05) -> np.ndarray:
    """RMS level of consecutive `block`-second blocks in dBFS (16-bit or float ±1 input)."""
    raw = np.asarray(samples)
    scale = 32768.0 if np.issubdtype(raw.dtype, np.integer) else 1.0
    n = max(int(block * rate), 1)
    usable = len(raw) // n * n
    if usable == 0:
        return np.full(1, SILENT_DB)
    x = raw[:usable].astype(np.float32).reshape(-1, n)
    mean_square = np.einsum("ij,ij->i", x, x, dtype=np.float64) / n / scale ** 2
    with np.errstate(divide="ignore"):
        return np.maximum(10 * np.log10(mean_square), SILENT_DB)


def speech_level_db(samples: np.ndarray, rate: int) -> float:
    """Gated RMS of the speech in `samples` (dBFS): silence and quiet tails left out, like
    BS.1770's gating, so pauses do not make a bulletin look quiet. SILENT_DB if all silent."""
    levels = block_rms_db(samples, rate, block=0.4)
    loud = levels[levels > ABSOLUTE_GATE_DB]
    if len(loud) == 0:
        return SILENT_DB
    average = 10 * np.log10(np.mean(10 ** (loud / 10)))
    loud = loud[loud > average + RELATIVE_GATE_DB]
    return float(10 * np.log10(np.mean(10 ** (loud / 10))))
