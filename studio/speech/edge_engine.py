"""The edge online voice: Microsoft's neural voices as the Edge browser reads aloud, through
edge-tts (the optional extra `studio[edge]`), with word timings and hard time limits.

edge-tts streams MP3 and word boundaries over one websocket. This module gives each sentence
a deadline (look-up, connect and every read included), retries the faults that pass (429,
5xx, no audio, a cut-off stream) a bounded number of times with back-off, and keeps the MP3
in memory until the stream has ended and its length agrees with its last word: a partial
answer is an error (a network fault, so `auto` falls back), never a clip.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import time
from collections.abc import Callable, Iterable
from typing import NamedTuple

from studio.errors import MediaError, NetworkError, SpeechError, setting
from studio.speech.gtts_engine import within
from studio.speech.wav import SAMPLE_RATE, Audio, decode_bytes, trim_bounds
from studio.text import did_you_mean

EXTRA = "edge"
ENDPOINT_ENV = "STUDIO_EDGE_ENDPOINT"
DEFAULT_ENDPOINT = "https://speech.platform.bing.com"  # the host edge-tts's websocket opens
# The generic names every engine knows, then this engine's own ShortNames, per language.
EDGE_VOICES = {
    "vi": {"female": "vi-VN-HoaiMyNeural", "male": "vi-VN-NamMinhNeural"},
    "en": {"female": "en-US-JennyNeural", "male": "en-US-GuyNeural"},
    "zh": {"female": "zh-CN-XiaoxiaoNeural", "male": "zh-CN-YunxiNeural"},
}
EDGE_EXTRA_VOICES = {
    "vi": (),
    "en": ("en-US-AriaNeural", "en-GB-SoniaNeural", "en-GB-RyanNeural"),
    "zh": ("zh-CN-XiaoyiNeural", "zh-CN-YunjianNeural", "zh-CN-YunyangNeural"),
}
TICKS_PER_SECOND = 10_000_000  # edge's offsets and durations are in 100-ns units
CONNECT_TIMEOUT = 5  # seconds (edge-tts wants whole seconds)
RECEIVE_TIMEOUT = 10  # seconds of silence from the server while streaming
SENTENCE_TIMEOUT = 30.0  # seconds for one sentence, everything included
RETRIES = 2  # extra attempts after a fault that passes
BACKOFF = 0.5  # seconds, doubled each retry
MAX_BACKOFF = 4.0
# edge sends 48 kbit/s MP3: 6 KB a second; a sentence of 4096 bytes of text is under 4 min.
MAX_AUDIO_BYTES = 8_000_000
LAST_WORD_SLACK = 0.25  # seconds the last word may end after the audio (MP3 frame padding)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Boundary(NamedTuple):
    """A word as edge reported it: its text and where it falls, in seconds from the start."""

    text: str
    start: float
    end: float


class EdgeFault(Exception):
    """A fault of one attempt: whether trying again may help, and the one line to show."""

    def __init__(self, message: str, *, passes: bool, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.passes, self.hint = message, passes, hint


def installed() -> bool:
    """Whether edge-tts can be imported (without importing it and aiohttp: ~0.2 s)."""
    return importlib.util.find_spec("edge_tts") is not None


def edge_tts():
    """The edge_tts module, or one line naming the extra that brings it."""
    try:
        import edge_tts as module
    except ImportError:
        raise SpeechError("the edge voice needs edge-tts, which is not installed",
                          hint=f'pip install "studio[{EXTRA}]", or use {setting("engine")} '
                               "auto, gtts or espeak") from None
    return module


def endpoint() -> str:
    """The host `auto` probes for the edge voice: $STUDIO_EDGE_ENDPOINT or Microsoft's."""
    return (os.environ.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT).rstrip("/")


def short_names(lang: str) -> tuple[str, ...]:
    """edge's own names of the voices studio offers for `lang` (female, male, the others)."""
    return tuple(dict.fromkeys((*EDGE_VOICES[lang].values(), *EDGE_EXTRA_VOICES[lang])))


def known_voices(lang: str) -> tuple[str, ...]:
    """Every name `voice_for` accepts for `lang`: the generic ones, then the ShortNames."""
    return (*EDGE_VOICES[lang], *short_names(lang))


def pick_voice(lang: str, name: str | None) -> str:
    """The ShortName for `name` in `lang` (none: the female voice); an unknown name is an
    error with the closest known one."""
    if lang not in EDGE_VOICES:
        raise SpeechError(f"the edge engine cannot speak '{lang}'",
                          hint="record the narration and link it with [voice](file.mp3)")
    table, names = EDGE_VOICES[lang], known_voices(lang)
    if not name:
        return table["female"]
    if name.lower() in table:
        return table[name.lower()]
    if name in names:
        return name
    other = next((other for other in EDGE_VOICES if name in known_voices(other)), None)
    hint = (f"that voice speaks {other}; for {lang} use one of: " + ", ".join(names) if other
            else did_you_mean(name, list(names)))
    raise SpeechError(f"the edge engine has no {lang} voice '{name}'", field="voice.name",
                      hint=hint)


def rate_for(speed: float) -> str:
    """edge's prosody rate for a speed: 1.0 → "+0%", 0.8 → "-20%", 1.5 → "+50%"."""
    return f"{round((speed - 1.0) * 100):+d}%"


def boundary(chunk: dict) -> Boundary:
    """A WordBoundary event as text and seconds."""
    start = chunk["offset"] / TICKS_PER_SECOND
    return Boundary(str(chunk.get("text", "")), start, start + chunk["duration"] / TICKS_PER_SECOND)


def refuse_oversized(size: int) -> None:
    """Stop reading an answer larger than any sentence can be (a runaway server) before it
    fills the memory."""
    if size > MAX_AUDIO_BYTES:
        raise EdgeFault(f"the edge voice sent more than {MAX_AUDIO_BYTES // 1_000_000} MB for "
                        "one sentence: that is not speech", passes=False,
                        hint=f"try again later, or use {setting('offline')}")


def collect(chunks: Iterable[dict]) -> tuple[bytes, tuple[Boundary, ...]]:
    """The MP3 and the word boundaries of one answer's events, in order."""
    audio = b"".join(c["data"] for c in chunks if c.get("type") == "audio")
    return audio, tuple(boundary(c) for c in chunks if c.get("type") == "WordBoundary")


def shifted(words: Iterable[Boundary], lead: float, length: float
            ) -> tuple[tuple[str, float, float], ...]:
    """Word times moved by the silence cut in front (`lead` s) and kept within the clip."""
    def clamp(t: float) -> float:
        return round(min(max(t - lead, 0.0), length), 3)
    return tuple((w.text, clamp(w.start), clamp(w.end)) for w in words)


def fault_of(exc: BaseException, module) -> EdgeFault:
    """What an exception from edge-tts or aiohttp means for studio: the line to show, and
    whether another attempt may help (429 and 5xx after bursts, waves of no audio, a stream
    cut mid-way pass; a 403 — edge's token scheme changed — and a refused connection do not)."""
    import aiohttp
    offline = f"try again later, or use {setting('offline')}"
    if isinstance(exc, aiohttp.ClientResponseError):
        if exc.status == 403:
            return EdgeFault("the edge voice refused the request (HTTP 403: its access scheme "
                             "may have changed)", passes=False,
                             hint=f'update edge-tts (pip install -U "studio[{EXTRA}]"), or use '
                                  f"{setting('offline')}")
        return EdgeFault(f"the edge voice refused the request (HTTP {exc.status})",
                         passes=exc.status in RETRY_STATUSES, hint=offline)
    if isinstance(exc, module.exceptions.NoAudioReceived):
        return EdgeFault("the edge voice answered without audio", passes=True, hint=offline)
    if isinstance(exc, (module.exceptions.WebSocketError, aiohttp.ServerDisconnectedError,
                        aiohttp.ClientPayloadError)):
        return EdgeFault("the edge voice's answer was cut off", passes=True, hint=offline)
    if isinstance(exc, module.exceptions.EdgeTTSException):
        return EdgeFault(f"the edge voice gave an answer studio cannot read "
                         f"({type(exc).__name__})", passes=False,
                         hint=f'update edge-tts (pip install -U "studio[{EXTRA}]"), or use '
                              f"{setting('offline')}")
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return EdgeFault("the edge voice stopped answering (timed out)", passes=False,
                         hint=f"check the internet connection, or use {setting('offline')}")
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return EdgeFault(f"the edge voice cannot be reached ({type(exc).__name__})",
                         passes=False, hint=f"check the internet connection, or use "
                                            f"{setting('offline')}")
    raise exc


def complete(mp3: bytes, words: tuple[Boundary, ...]) -> tuple[Audio, tuple[Boundary, ...]]:
    """The answer decoded, if it is whole: MP3 that decodes, as long as its last word (a
    stream cut mid-way still decodes, shorter)."""
    try:
        audio = decode_bytes(mp3, fmt="mp3", rate=SAMPLE_RATE)
    except MediaError as exc:
        raise EdgeFault("the edge voice sent audio that cannot be decoded", passes=True,
                        hint=f"try again later, or use {setting('offline')}") from exc
    if words and words[-1].end > audio.duration + LAST_WORD_SLACK:
        raise EdgeFault(f"the edge voice's answer was cut off ({audio.duration:.2f} s of audio, "
                        f"its last word ends at {words[-1].end:.2f} s)", passes=True,
                        hint=f"try again later, or use {setting('offline')}")
    return audio, words


class EdgeEngine:
    """edge-tts with a deadline per sentence, bounded retries and word timings."""

    name = "edge"
    online = True

    def __init__(self, *, timeout: float | None = None, retries: int | None = None,
                 backoff: float | None = None,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.timeout = min(timeout if timeout is not None else SENTENCE_TIMEOUT,
                           SENTENCE_TIMEOUT)
        self.retries = RETRIES if retries is None else retries
        self.backoff = BACKOFF if backoff is None else backoff
        self.sleep = sleep or time.sleep

    def identity(self) -> str:
        return f"edge-tts {edge_tts().__version__}"

    def voice_for(self, lang: str, name: str | None = None) -> str:
        return pick_voice(lang, name)

    def describe(self, voice: str) -> str:
        """The voice as reports name it: "edge vi-VN-HoaiMyNeural"."""
        return f"edge {voice}"

    def synthesize(self, spoken: str, *, voice: str, speed: float) -> Audio:
        return self.synthesize_timed(spoken, voice=voice, speed=speed)[0]

    def synthesize_timed(self, spoken: str, *, voice: str, speed: float
                         ) -> tuple[Audio, tuple[tuple[str, float, float], ...]]:
        """The sentence's audio (ends trimmed) and each word as (text, start, end) in
        seconds from the start of that audio, in spoken order."""
        audio, words = self.fetch(spoken, voice, speed)
        start, end = trim_bounds(audio)
        if end <= start:
            raise NetworkError("the edge voice returned empty audio",
                               hint=f"try again later, or use {setting('offline')}")
        trimmed = Audio(audio.samples[start:end], audio.rate)
        return trimmed, shifted(words, start / audio.rate, trimmed.duration)

    def fetch(self, text: str, voice: str, speed: float) -> tuple[Audio, tuple[Boundary, ...]]:
        """One sentence's whole answer, decoded, retrying the faults that pass."""
        for attempt in range(self.retries + 1):
            try:
                return complete(*self.attempt(text, voice, speed))
            except EdgeFault as fault:
                if fault.passes and attempt < self.retries:
                    self.sleep(min(self.backoff * 2 ** attempt, MAX_BACKOFF))
                    continue
                raise NetworkError(fault.message, hint=fault.hint) from fault
        raise AssertionError("unreachable")

    def attempt(self, text: str, voice: str, speed: float) -> tuple[bytes, tuple[Boundary, ...]]:
        """One exchange, all of it within the sentence's deadline, in its own thread and
        event loop (the caller may have a loop of its own)."""
        module = edge_tts()
        communicate = module.Communicate(text, voice, rate=rate_for(speed),
                                         boundary="WordBoundary",
                                         connect_timeout=CONNECT_TIMEOUT,
                                         receive_timeout=RECEIVE_TIMEOUT)

        async def events() -> list[dict]:
            chunks, size = [], 0
            async for chunk in communicate.stream():
                chunks.append(chunk)
                size += len(chunk.get("data") or b"")
                refuse_oversized(size)
            return chunks

        def run() -> tuple[bytes, tuple[Boundary, ...]]:
            try:
                return collect(asyncio.run(asyncio.wait_for(events(), self.timeout)))
            except EdgeFault:
                raise
            except Exception as exc:  # noqa: BLE001 - each kind is sorted by fault_of
                raise fault_of(exc, module) from exc

        answer = within(self.timeout + 1.0, run)
        if answer is None:
            raise EdgeFault(f"the edge voice did not finish within {self.timeout:g} s",
                            passes=False, hint=f"check the internet connection, or use "
                                               f"{setting('offline')}")
        return answer
