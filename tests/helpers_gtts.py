"""A fake Google Translate TTS server on 127.0.0.1 for the gtts engine tests (no network)."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import time
import urllib.parse
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


def response_body(mp3: bytes) -> bytes:
    """A batchexecute answer carrying `mp3`, shaped like Google's."""
    payload = base64.b64encode(mp3).decode("ascii")
    line = '[["wrb.fr","jQ1olc","[\\"' + payload + '\\"]",null,null,null,"generic"]]'
    return (")]}'\n\n" + str(len(line)) + "\n" + line + "\n").encode("utf-8")


def text_of(body: bytes) -> str:
    """The text a request asked to be spoken (inverse of gTTS's request packing)."""
    form = urllib.parse.parse_qs(body.decode("ascii"))
    rpc = json.loads(form["f.req"][0])
    return json.loads(rpc[0][0][1])[0]


class FakeTTS:
    """Server state: scripted statuses, an optional delay, and the texts it was sent."""

    def __init__(self) -> None:
        self.statuses: list[int] = []  # consumed one per request; then 200
        self.delay = 0.0
        self.no_audio = False
        self.texts: list[str] = []
        self.mp3 = make_mp3()
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


@pytest.fixture
def fake_tts():
    state = FakeTTS()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.texts.append(text_of(body))
            if state.delay:
                time.sleep(state.delay)
            status = state.statuses.pop(0) if state.statuses else 200
            data = (b"busy" if status != 200 else
                    b")]}'\n\n[]\n" if state.no_audio else response_body(state.mp3))
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    state.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.server.daemon_threads = True
    thread = threading.Thread(target=state.server.serve_forever, daemon=True)
    thread.start()
    yield state
    state.server.shutdown()
    state.server.server_close()
