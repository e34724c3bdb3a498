"""Writes the built-in music bed assets/music/calm.wav (run once; the WAV is committed).

    python assets/music/make_music.py

A 24-second loop, synthesised with numpy from studio.audio.tones' struck bells over a soft
pad on the Vietnamese pentatonic scale (C D F G A), so it is made by the project and carries
its licence. It loops seamlessly: every note has rung out, or wraps round, by the end.
"""

from pathlib import Path

import numpy as np

from studio.audio.tones import A4, C4, C5, D4, D5, F4, G4, bell
from studio.speech.wav import Audio, write_wav

OUT = Path(__file__).parent
RATE = 24000
BAR = 3.0  # seconds: 80 bpm in 4/4
CHORDS = ((C4, G4, D5), (A4 / 2, F4, C5), (F4 / 2, C4, A4), (G4 / 2, D4, G4)) * 2
ARPEGGIO = (0, 1, 2, 1)  # which chord note each beat's bell plays


def pad(freqs: tuple[float, ...], seconds: float, rate: int) -> np.ndarray:
    """A soft sustained chord: sines with a slow swell and release (no attack to hear)."""
    t = np.arange(int(seconds * rate)) / rate
    swell = np.sin(np.pi * t / seconds) ** 2
    tone = sum(np.sin(2 * np.pi * f * t) + 0.2 * np.sin(4 * np.pi * f * t) for f in freqs)
    return tone * swell


def loop() -> np.ndarray:
    """Eight bars of pad with a quiet bell on every beat, wrapped round to loop."""
    total = int(BAR * len(CHORDS) * RATE)
    track = np.zeros(total)
    for bar, chord in enumerate(CHORDS):
        start = int(bar * BAR * RATE)
        note = pad(chord, BAR * 1.5, RATE) * 0.5
        end = start + len(note)
        track[start:min(end, total)] += note[:total - start]
        if end > total:  # wrap the tail to the start: the loop has no seam
            track[:end - total] += note[total - start:]
        for beat, index in enumerate(ARPEGGIO):
            at = start + int(beat * BAR / 4 * RATE)
            ring = bell(chord[index] * 2, 1.4, RATE) * 0.35
            stop = min(at + len(ring), total)
            track[at:stop] += ring[:stop - at]
            if at + len(ring) > total:
                track[:at + len(ring) - total] += ring[stop - at:]
    top = float(np.max(np.abs(track))) or 1.0
    return np.round(track / top * 0.5 * 32767).astype(np.int16)


def main() -> None:
    print(write_wav(OUT / "calm.wav", Audio(loop(), RATE)))


if __name__ == "__main__":
    main()
