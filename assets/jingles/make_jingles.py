"""Writes the built-in signature tunes in assets/jingles/ (run once; the WAVs are committed).

    python assets/jingles/make_jingles.py

The tunes are synthesised by studio.audio.tones (struck bells on the Vietnamese pentatonic
scale), so they are made by the project and carry its licence.
"""

from pathlib import Path

from studio.audio.tones import TUNES
from studio.speech.wav import Audio, write_wav

OUT = Path(__file__).parent
RATE = 24000  # the narration's rate: read without resampling; mastering band-limits to 7.5 kHz


def main() -> None:
    for name, make in TUNES.items():
        path = write_wav(OUT / f"{name}.wav", Audio(make(RATE), RATE))
        print(path)


if __name__ == "__main__":
    main()
