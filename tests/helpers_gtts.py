"""One fake Google Translate TTS server on 127.0.0.1 for every gTTS test (no network): it
records the texts it is sent and answers each request as its `reply` says."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studio.ffmpeg import ffmpeg_exe


def make_mp3(seconds: float = 0.6, freq: int = 330) -> bytes:
    """A small real MP3 (mono 24 kHz), like the ones gTTS receives."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi",
                           "-i", f"sine=frequency={freq}:duration={seconds}", "-ac", "1",
                           "-ar", "24000", "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3",
                           "-"], capture_output=True, check=True)
    return proc.stdout


def envelope(payload: str) -> bytes:
    """A batchexecute answer whose audio field holds `payload` as written, shaped like
    Google's."""
    line = '[["wrb.fr","jQ1olc","[\\"' + payload + '\\"]",null,null,null,"generic"]]'
    return (")]}'\n\n" + str(len(line)) + "\n" + line + "\n").encode("utf-8")


def response_body(mp3: bytes) -> bytes:
    """A batchexecute answer carrying `mp3`."""
    return envelope(base64.b64encode(mp3).decode("ascii"))


NO_AUDIO = b")]}'\n\n[]\n"  # a well-formed answer with no audio in it


def text_of(body: bytes) -> str:
    """The text a request asked to be spoken (inverse of gTTS's request packing)."""
    form = urllib.parse.parse_qs(body.decode("ascii"))
    rpc = json.loads(form["f.req"][0])
    return json.loads(rpc[0][0][1])[0]


@dataclass
class Reply:
    """One answer: status, body (None: a good answer with the server's MP3), extra headers,
    a delay before answering, and bytes promised in Content-Length but never sent."""

    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    claim_extra: int = 0


class FakeTTS:
    """The server. By default it answers well; set `statuses` (consumed one per request),
    `delay` or `no_audio`, or give a `reply(n)` for request n (from 1) to misbehave."""

    def __init__(self, reply: Callable[[int], Reply] | None = None, mp3: bytes | None = None
                 ) -> None:
        self.reply = reply or self.scripted
        self.statuses: list[int] = []
        self.delay = 0.0
        self.no_audio = False
        self.texts: list[str] = []
        self.mp3 = mp3 or make_mp3()
        self.stop = threading.Event()  # ends any delay when the test ends
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def scripted(self, n: int) -> Reply:
        """The default answers: the next scripted status, after `delay`; "busy" unless 200."""
        status = self.statuses.pop(0) if self.statuses else 200
        body = b"busy" if status != 200 else NO_AUDIO if self.no_audio else None
        return Reply(status, body, delay=self.delay)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        state = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                state.texts.append(text_of(body))
                reply = state.reply(len(state.texts))
                if reply.delay:
                    state.stop.wait(reply.delay)
                data = response_body(state.mp3) if reply.body is None else reply.body
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data) + reply.claim_extra))
                    self.end_headers()
                    self.wfile.write(data)
                    self.wfile.flush()
                    if reply.claim_extra:
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        return Handler

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_tts():
    server = FakeTTS()
    yield server
    server.close()
