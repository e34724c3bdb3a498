"""Synthesised sounds: the project's own signature tunes and the draft warning tone.

Everything here is computed (additive synthesis with numpy), so the sounds carry the project's
licence; `assets/jingles/make_jingles.py` writes the same tunes to WAV files.
"""

from __future__ import annotations

import numpy as np

PEAK = 10 ** (-3 / 20)  # leave headroom; the mastering chain sets the final level
# Vietnamese pentatonic (ngũ cung: hò xự xang xê cống) on C: C D F G A, in Hz.
C4, D4, F4, G4, A4 = 261.63, 293.66, 349.23, 392.00, 440.00
C5, D5, F5, G5, A5 = 523.25, 587.33, 698.46, 783.99, 880.00
C6 = 1046.50
# A struck bell: partial ratio, relative amplitude, decay time constant in seconds.
BELL_PARTIALS = ((1.0, 1.0, 1.1), (2.0, 0.45, 0.6), (3.0, 0.22, 0.35), (4.2, 0.12, 0.22),
                 (5.4, 0.06, 0.15))


def bell(freq: float, seconds: float, rate: int) -> np.ndarray:
    """One struck-bell note: a few decaying partials with a 4 ms attack (no click)."""
    t = np.arange(int(seconds * rate)) / rate
    note = sum(amp * np.exp(-t / decay) * np.sin(2 * np.pi * freq * ratio * t)
               for ratio, amp, decay in BELL_PARTIALS if freq * ratio < rate / 2)
    attack = np.minimum(t / 0.004, 1.0)
    return note * attack


def sequence(notes: list[tuple[float, float, float]], seconds: float, rate: int) -> np.ndarray:
    """Mix notes given as (start s, frequency Hz, ring s) into one track of `seconds`."""
    track = np.zeros(int(seconds * rate))
    for start, freq, ring in notes:
        begin = int(start * rate)
        note = bell(freq, min(ring, seconds - start), rate)
        track[begin:begin + len(note)] += note
    return track


def finish(track: np.ndarray, rate: int, fade: float = 0.3) -> np.ndarray:
    """Fade the tail to silence and scale to PEAK, as 16-bit samples."""
    n = min(int(fade * rate), len(track))
    if n:
        track = track.copy()
        track[-n:] *= np.linspace(1.0, 0.0, n)
    top = float(np.max(np.abs(track))) or 1.0
    return np.round(track / top * PEAK * 32767).astype(np.int16)


def opening_tune(rate: int = 48000) -> np.ndarray:
    """Opening signature (~3.6 s): a rising pentatonic phrase landing on a ringing chord."""
    step = 0.24
    rise = [G4, C5, D5, F5, G5]
    notes = [(i * step, f, 1.6) for i, f in enumerate(rise)]
    chord_at = len(rise) * step + 0.08
    notes += [(chord_at, C5, 2.4), (chord_at, G5, 2.4), (chord_at + 0.02, C6, 2.2)]
    return finish(sequence(notes, 3.6, rate), rate)


def closing_tune(rate: int = 48000) -> np.ndarray:
    """Closing signature (~2.8 s): the phrase falling back and resting on C."""
    step = 0.26
    fall = [A5, G5, D5, C5]
    notes = [(i * step, f, 1.4) for i, f in enumerate(fall)]
    chord_at = len(fall) * step + 0.1
    notes += [(chord_at, C4 * 2, 1.7), (chord_at, G4, 1.7)]
    return finish(sequence(notes, 2.8, rate), rate)


def draft_tone(rate: int = 48000) -> np.ndarray:
    """Three short 1 kHz beeps (~0.6 s): says "this is a draft" before anything else."""
    beep, gap = 0.12, 0.1
    t = np.arange(int(beep * rate)) / rate
    ramp = np.minimum(np.minimum(t, beep - t) / 0.005, 1.0)
    one = np.sin(2 * np.pi * 1000.0 * t) * ramp
    silence = np.zeros(int(gap * rate))
    track = np.concatenate([one, silence, one, silence, one])
    return np.round(track * PEAK * 32767).astype(np.int16)


# Two-tone alert (hi–lo, as sirens and public-address chimes): between the bells' partials,
# so it is told apart from the signature tunes by ear and by spectrum.
SIGNAL_HZ = (1320.0, 950.0)
SIGNAL_STEP = 0.3  # seconds per tone
SIGNAL_CYCLES = 4


def attention_signal(rate: int = 48000) -> np.ndarray:
    """The urgent bulletin's attention signal (~2.4 s): hi–lo tones, 4 cycles, before and after
    a `khan-cap` bulletin."""
    t = np.arange(int(SIGNAL_STEP * rate)) / rate
    ramp = np.minimum(np.minimum(t, SIGNAL_STEP - t) / 0.01, 1.0)
    tones = [(np.sin(2 * np.pi * f * t) + 0.25 * np.sin(2 * np.pi * 3 * f * t)) * ramp
             for f in SIGNAL_HZ]
    track = np.concatenate(tones * SIGNAL_CYCLES)
    return np.round(track / np.max(np.abs(track)) * PEAK * 32767).astype(np.int16)


TUNES = {"opening": opening_tune, "closing": closing_tune, "signal": attention_signal}
