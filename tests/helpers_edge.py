"""A fake edge-tts for the edge and auto tests: its `Communicate.stream()` yields real MP3
(made here with the bundled ffmpeg) and word boundaries as edge's service sends them, or
fails as the service is known to; no socket may be opened while it is in use."""

from __future__ import annotations

import asyncio
import functools
import socket
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from studio.ffmpeg import ffmpeg_exe
from studio.speech import edge_engine, engines

TICKS = edge_engine.TICKS_PER_SECOND
LEAD = 0.5  # seconds of silence edge puts before the first word, in these answers
WORD = 0.3  # seconds each word of the fake takes


@functools.cache
def speech_mp3(seconds: float, lead: float = LEAD) -> bytes:
    """MP3 as edge sends it (mono 24 kHz, 48 kbit/s): `lead` s of silence, then a tone."""
    return subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
         f"sine=frequency=300:duration={seconds}:sample_rate=24000",
         "-af", f"adelay={int(lead * 1000)}:all=1,apad=pad_dur=0.3", "-ac", "1", "-ar", "24000",
         "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", "-"],
        capture_output=True, check=True).stdout


def answer(text: str, *, chunk: int = 4096) -> list[dict]:
    """The events of a whole answer for `text`: audio chunks, then a boundary per word."""
    words = text.split()
    mp3 = speech_mp3(round(len(words) * WORD, 2))
    audio = [{"type": "audio", "data": mp3[i:i + chunk]} for i in range(0, len(mp3), chunk)]
    bounds = [{"type": "WordBoundary", "offset": round((LEAD + n * WORD) * TICKS),
               "duration": round(WORD * 0.9 * TICKS), "text": word}
              for n, word in enumerate(words)]
    return audio + bounds


@dataclass
class Attempt:
    """How the service answers one request: events to send, then an exception (or none),
    or a hang."""

    events: Callable[[str], list[dict]] = answer
    fail: Callable[[], BaseException] | None = None
    hang: bool = False


@dataclass
class FakeEdge:
    """The fake's record: the texts, voices and rates asked for, and what to answer next
    (the last Attempt repeats)."""

    attempts: list[Attempt] = field(default_factory=lambda: [Attempt()])
    calls: list[dict] = field(default_factory=list)

    def next(self) -> Attempt:
        return self.attempts.pop(0) if len(self.attempts) > 1 else self.attempts[0]

    def communicate(self):
        fake = self

        class Communicate:
            def __init__(self, text, voice, *, rate="+0%", boundary="SentenceBoundary",
                         connect_timeout=10, receive_timeout=60, **_):
                fake.calls.append({"text": text, "voice": voice, "rate": rate,
                                   "boundary": boundary, "connect_timeout": connect_timeout,
                                   "receive_timeout": receive_timeout})
                self.text, self.plan = text, fake.next()

            async def stream(self):
                if self.plan.hang:
                    await asyncio.sleep(3600)
                for event in self.plan.events(self.text):
                    yield event
                if self.plan.fail is not None:
                    raise self.plan.fail()

        return Communicate

    @property
    def texts(self) -> list[str]:
        return [c["text"] for c in self.calls]


def refuse_sockets(monkeypatch) -> None:
    """Any attempt to reach another machine fails the test at once."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"a test of the edge voice opened a connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def fake_edge(monkeypatch, speech_cache) -> FakeEdge:
    """edge-tts installed and faked, its server "reachable", gTTS not; no sockets at all;
    waits between retries made short."""
    import edge_tts
    fake = FakeEdge()
    monkeypatch.setattr(edge_tts, "Communicate", fake.communicate())
    monkeypatch.setattr(edge_engine, "installed", lambda: True)
    monkeypatch.setattr(edge_engine, "BACKOFF", 0.01)
    reachable = {"edge": True, "gtts": False}
    monkeypatch.setattr(engines, "probe_online",
                        lambda names, timeout=None: {n: reachable[n] for n in names})
    refuse_sockets(monkeypatch)
    fake.reachable = reachable
    return fake
