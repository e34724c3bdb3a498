"""A music bed under the narration, ducked while the voice speaks (numpy, on samples)."""

from __future__ import annotations

import numpy as np

from studio.audio.level import SILENT_DB, block_rms_db, speech_level_db

BED_DB = -16.0  # music in the gaps, relative to the speech level
DUCK_DB = -28.0  # music under the voice: heard, never competing with the words
VOICE_GATE_DB = -25.0  # a block counts as voice when this close to the speech level
BLOCK = 0.02  # seconds per analysis block
HOLD = 0.4  # stay ducked this long after the voice stops, so words in a sentence don't pump
PRE_ROLL = 0.1  # and duck this long before it starts
GLIDE = 0.15  # gain changes glide over this long
FADE_IN, FADE_OUT = 1.0, 2.0


def looped(music: np.ndarray, length: int) -> np.ndarray:
    """`music` repeated or cut to exactly `length` samples."""
    if len(music) == 0:
        return np.zeros(length)
    reps = -(-length // len(music))
    return np.tile(music.astype(np.float64), reps)[:length]


def voice_blocks(voice: np.ndarray, rate: int) -> np.ndarray:
    """Which BLOCK-second blocks hold voice (held HOLD after and opened PRE_ROLL before)."""
    level = speech_level_db(voice, rate)
    active = (block_rms_db(voice, rate, BLOCK) > level + VOICE_GATE_DB).astype(float)
    hold, pre = int(round(HOLD / BLOCK)), int(round(PRE_ROLL / BLOCK))
    widened = np.convolve(active, np.ones(hold + pre + 1))[pre:pre + len(active)]
    return widened > 0


def gain_curve_db(voiced: np.ndarray) -> np.ndarray:
    """Per-block bed gain relative to the speech level: DUCK_DB under voice, else BED_DB,
    smoothed over GLIDE so the music moves rather than jumps."""
    target = np.where(voiced, DUCK_DB, BED_DB)
    width = max(int(round(GLIDE / BLOCK)), 1)
    padded = np.pad(target, (width, width), mode="edge")
    return np.convolve(padded, np.ones(width) / width, mode="same")[width:width + len(target)]


def fades(length: int, rate: int) -> np.ndarray:
    """Linear fade-in and fade-out envelope of `length` samples."""
    env = np.ones(length)
    n_in, n_out = min(int(FADE_IN * rate), length), min(int(FADE_OUT * rate), length)
    if n_in:
        env[:n_in] *= np.linspace(0.0, 1.0, n_in)
    if n_out:
        env[-n_out:] *= np.linspace(1.0, 0.0, n_out)
    return env


def music_bed(voice: np.ndarray, music: np.ndarray, rate: int) -> np.ndarray:
    """The bed to mix under `voice` (16-bit samples, same length): music looped to fit, at
    BED_DB below the speech in gaps and DUCK_DB under it, faded in and out."""
    voice_level, music_level = speech_level_db(voice, rate), speech_level_db(music, rate)
    if voice_level <= SILENT_DB or music_level <= SILENT_DB:
        return np.zeros(len(voice), dtype=np.int16)
    curve_db = gain_curve_db(voice_blocks(voice, rate)) + voice_level - music_level
    centres = (np.arange(len(curve_db)) + 0.5) * BLOCK * rate
    gain = 10 ** (np.interp(np.arange(len(voice)), centres, curve_db) / 20)
    bed = looped(music, len(voice)) * gain * fades(len(voice), rate)
    return np.clip(np.round(bed), -32768, 32767).astype(np.int16)
