"""The online voice: Google Translate's TTS (as gTTS calls it), with hard time limits.

gTTS itself has no timeout by default and leaves 0-byte files behind, so requests are made
here: gTTS builds each request body; this module sends it with a deadline, retries 429/5xx a
bounded number of times, and keeps the MP3 in memory until every piece has arrived.
"""

from __future__ import annotations

import base64
import math
import os
import re
import socket
import threading
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import SplitResult, unquote, urlsplit

from studio.errors import MediaError, NetworkError, SpeechError, setting
from studio.speech.sentences import split_for_limit
from studio.speech.wav import SAMPLE_RATE, Audio, decode_bytes, trim_silence

T = TypeVar("T")
ENDPOINT_ENV = "STUDIO_GTTS_ENDPOINT"
DEFAULT_ENDPOINT = "https://translate.google.com"
RPC_PATH = "/_/TranslateWebserverUi/data/batchexecute"
GTTS_LANGS = {"vi": "vi", "en": "en", "zh": "zh-CN"}
MAX_CHARS = 100  # gTTS's per-request limit
REQUEST_TIMEOUT = 10.0  # seconds, whole request (connect + read)
PROBE_TIMEOUT = 3.0
RETRIES = 2  # extra attempts after a 429 or 5xx
BACKOFF = 0.5  # seconds, doubled each retry
MAX_RETRY_AFTER = 4.0
# One piece is ≤ 100 characters, ~8 s of speech: ~40 KB of MP3, ~55 KB once in base64.
MAX_ANSWER_BYTES = 1_000_000
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')


def endpoint() -> str:
    """The TTS server: $STUDIO_GTTS_ENDPOINT (e.g. https://translate.google.com.vn) or Google."""
    return (os.environ.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT).rstrip("/")


def within(seconds: float, fn: Callable[[], T]) -> T | None:
    """`fn()` in a daemon thread, or None if it is not done within `seconds` — a bound that
    also covers DNS look-ups, which socket and requests timeouts do not."""
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=run, daemon=True, name="studio-network")
    worker.start()
    worker.join(seconds)
    if failure:
        raise failure[0]
    return result[0] if result else None


def proxy_for(url: str) -> SplitResult | None:
    """The proxy the requests to `url` will go through — $HTTPS_PROXY or $HTTP_PROXY (or the
    system's setting on Windows and macOS), unless $NO_PROXY names the host — or None; a
    bare `host:port` means http://, as for requests."""
    from requests.utils import get_environ_proxies, select_proxy
    proxy = select_proxy(url, get_environ_proxies(url))
    if not proxy:
        return None
    return urlsplit(proxy if "://" in proxy else f"http://{proxy}")


def connect_request(host: str, port: int, proxy: SplitResult) -> bytes:
    """The CONNECT request asking `proxy` for a tunnel to host:port (with the proxy's own
    user and password, if its address carries them)."""
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    lines = [f"CONNECT {where} HTTP/1.1", f"Host: {where}"]
    if proxy.username is not None:
        secret = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}"
        lines.append("Proxy-Authorization: Basic "
                     + base64.b64encode(secret.encode("utf-8")).decode("ascii"))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def tunnel_opens(sock: socket.socket, request: bytes) -> bool:
    """Whether the proxy on `sock` answers `request` with 2xx (reading only its status line)."""
    sock.sendall(request)
    answer = b""
    while b"\r\n" not in answer and len(answer) < 1024:
        data = sock.recv(1024)
        if not data:
            break
        answer += data
    status = answer.split(b"\r\n", 1)[0].split()
    return len(status) >= 2 and status[0].startswith(b"HTTP/") and status[1].startswith(b"2")


def probe(url: str, *, timeout: float | None = None) -> bool:
    """Whether the server of `url` can be reached within `timeout` (≤ 3 s, name look-up
    included): a TCP connection to it, or through the proxy the requests will use, a tunnel
    the proxy agrees to open (on proxy-only office networks no direct connection opens)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    limit = min(timeout if timeout is not None else PROBE_TIMEOUT, PROBE_TIMEOUT)

    def connect() -> bool:
        try:
            proxy = proxy_for(url)  # inside the bound: a system setting may need a look-up
            if proxy is None:
                with socket.create_connection((host, port), timeout=limit):
                    return True
            default = 443 if proxy.scheme == "https" else 80  # as urllib3 connects to it
            with socket.create_connection((proxy.hostname or "", proxy.port or default),
                                          timeout=limit) as sock:
                return tunnel_opens(sock, connect_request(host, port, proxy))
        except (OSError, ValueError):
            return False

    return bool(within(limit, connect))


def request_body(text: str, lang: str) -> tuple[str, dict[str, str]]:
    """The form body and headers gTTS would send for `text` (≤ 100 characters)."""
    from gtts import gTTS
    tts = gTTS(text=text, lang=lang, lang_check=False)
    bodies = tts.get_bodies()
    if len(bodies) != 1:
        raise SpeechError(f"text piece too long for gTTS ({len(text)} characters)")
    return bodies[0], dict(gTTS.GOOGLE_TTS_HEADERS)


def audio_from_response(text: str) -> bytes:
    """The MP3 bytes inside a batchexecute response, or NetworkError if there are none (a
    network fault like any other, so `auto` falls back to the offline voice)."""
    try:
        chunks = [base64.b64decode(m.group(1)) for m in _AUDIO.finditer(text)]
    except ValueError:  # bad base64 padding (binascii.Error) or non-ASCII text
        chunks = []
    if not chunks or not all(chunks):
        raise NetworkError("the online voice answered without audio",
                           hint=f"try again later, or use {setting('offline')}")
    return b"".join(chunks)


class GttsEngine:
    """Google Translate TTS over HTTP with a deadline per request and bounded retries."""

    name = "gtts"
    online = True

    def __init__(self, *, url: str | None = None, timeout: float | None = None,
                 retries: int | None = None, backoff: float | None = None, session=None,
                 sleep: Callable[[float], None] | None = None) -> None:
        import requests
        self.url = (url or endpoint()).rstrip("/")
        self.timeout = min(timeout if timeout is not None else REQUEST_TIMEOUT, REQUEST_TIMEOUT)
        self.retries = RETRIES if retries is None else retries
        self.backoff = BACKOFF if backoff is None else backoff
        self.session = session or requests.Session()
        self.sleep = sleep or time.sleep

    def identity(self) -> str:
        from gtts import __version__
        return f"gtts {__version__}"

    def voice_for(self, lang: str, name: str | None = None) -> str:
        if lang not in GTTS_LANGS:
            raise SpeechError(f"the gtts engine cannot speak '{lang}'",
                              hint="record the narration and link it with [voice](file.mp3)")
        return GTTS_LANGS[lang]

    def synthesize(self, spoken: str, *, voice: str, speed: float) -> Audio:
        mp3 = b"".join(self.fetch(piece, voice) for piece in split_for_limit(spoken, MAX_CHARS))
        try:
            audio = decode_bytes(mp3, fmt="mp3", rate=SAMPLE_RATE, tempo=speed)
        except MediaError as exc:
            raise NetworkError("the online voice sent audio that cannot be decoded",
                               hint=f"try again later, or use {setting('offline')}") from exc
        audio = trim_silence(audio)  # then check: an answer of pure silence is empty too
        if len(audio.samples) == 0:
            raise NetworkError("the online voice returned empty audio",
                               hint=f"try again later, or use {setting('offline')}")
        return audio

    def fetch(self, text: str, lang: str) -> bytes:
        """MP3 for one piece of ≤ 100 characters, retrying 429/5xx with back-off."""
        body, headers = request_body(text, lang)
        for attempt in range(self.retries + 1):
            status, payload, retry_after = self._post(body, headers)
            if status == 200:
                return audio_from_response(payload)
            if (status == 429 or status >= 500) and attempt < self.retries:
                self.sleep(min(retry_after or self.backoff * 2 ** attempt, MAX_RETRY_AFTER))
                continue
            raise NetworkError(f"the online voice refused the request (HTTP {status})",
                               hint=f"try again later, or use {setting('offline')}")
        raise AssertionError("unreachable")

    def _post(self, body: str, headers: dict[str, str]) -> tuple[int, str, float | None]:
        """One POST, all of it (look-up, connect, read) within the timeout;
        (status, text, Retry-After)."""
        import requests
        deadline = time.monotonic() + self.timeout

        def exchange() -> tuple[int, str, float | None]:
            with self.session.post(self.url + RPC_PATH, data=body, headers=headers,
                                   timeout=(min(self.timeout, 5.0), self.timeout),
                                   stream=True) as response:
                refuse_oversized(_content_length(response.headers))
                chunks, size = [], 0
                for chunk in response.iter_content(16384):
                    chunks.append(chunk)
                    size += len(chunk)
                    refuse_oversized(size)
                    if time.monotonic() > deadline:
                        raise requests.Timeout("deadline passed while reading")
                text = b"".join(chunks).decode("utf-8", "replace")
                return response.status_code, text, _retry_after(response.headers)

        try:
            answer = within(self.timeout, exchange)
        except requests.Timeout as exc:
            answer = None
            cause: BaseException | None = exc
        except requests.RequestException as exc:
            raise NetworkError(f"the online voice cannot be reached ({type(exc).__name__})",
                               hint=f"check the internet connection, or use {setting('offline')}") from exc
        else:
            cause = None
        if answer is None:
            raise NetworkError(f"the online voice did not answer within {self.timeout:g} s",
                               hint=f"check the internet connection, or use {setting('offline')}") from cause
        return answer


def refuse_oversized(size: int | None) -> None:
    """Stop reading an answer larger than any piece of speech can be (a proxy's error page
    or a runaway server), before it fills the memory."""
    if size is not None and size > MAX_ANSWER_BYTES:
        raise NetworkError(f"the online voice sent more than {MAX_ANSWER_BYTES // 1_000_000} "
                           "MB for one piece of text: that is not speech",
                           hint=f"try again later, or use {setting('offline')}")


def _content_length(headers) -> int | None:
    """The size the server announces, if it gave a usable one."""
    value = (headers or {}).get("Content-Length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _retry_after(headers) -> float | None:
    """Seconds the server asks us to wait, if it gave a usable number (an HTTP date, a
    negative or NaN value is ignored: time.sleep would refuse them)."""
    value = (headers or {}).get("Retry-After")
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and math.isfinite(seconds) and seconds >= 0 else None
