"""Helpers for the speech tests: an isolated cache, counting synthesis, tones, WAV facts."""

from __future__ import annotations

import socket
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from studio.ffmpeg import ffmpeg_exe


@pytest.fixture
def speech_cache(tmp_path, monkeypatch) -> Path:
    """A fresh STUDIO_CACHE_DIR for one test, and no remembered network probe."""
    from studio.speech import engines
    cache = tmp_path / "speech-cache"
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(cache))
    engines.forget_probe()
    yield cache
    engines.forget_probe()


def closed_port() -> int:
    """A local TCP port nobody listens on (connecting is refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def no_network(monkeypatch):
    """Point the online voice at a closed local port: the probe fails, fast and for sure."""
    from studio.speech import engines
    monkeypatch.setenv("STUDIO_GTTS_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    engines.forget_probe()
    yield
    engines.forget_probe()


class Counter:
    """Wraps an engine class's `synthesize` (and `synthesize_timed`, which narration uses
    when the engine has it) and counts the calls."""

    def __init__(self, monkeypatch, cls) -> None:
        self.calls: list[str] = []
        for method in ("synthesize", "synthesize_timed"):
            if hasattr(cls, method):
                monkeypatch.setattr(cls, method, self._counting(getattr(cls, method)))

    def _counting(self, original):
        def counting(engine, spoken, **kw):
            self.calls.append(spoken)
            return original(engine, spoken, **kw)
        return counting


def tone(path: Path, seconds: float, *, freq: int = 440, lead_silence: float = 0.0) -> Path:
    """Write a test recording (format from the suffix: .wav, .mp3, .m4a) with ffmpeg."""
    src = f"sine=frequency={freq}:duration={seconds}:sample_rate=44100"
    filters = ["-af", f"adelay={int(lead_silence * 1000)}:all=1"] if lead_silence else []
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", src, *filters, "-ac", "2", str(path)], check=True)
    return path


def wav_facts(path: Path) -> tuple[int, int, int, float]:
    """(channels, sample width, rate, duration) read from the WAV header."""
    with wave.open(str(path), "rb") as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes() / w.getframerate()


def wav_samples(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2"), w.getframerate()


def rms_db(samples: np.ndarray) -> float:
    """RMS in dBFS, computed here independently of studio's own helper."""
    if len(samples) == 0:
        return float("-inf")
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
    return 20 * np.log10(rms / 32768) if rms else float("-inf")
