"""Network faults of the online voice against a local fake server (127.0.0.1, no network):
a server that hangs, refuses (429, 500), cuts its answer short or sends no or damaged audio,
and a host name that does not resolve. Nothing may wait past its bound, `auto` falls back to
the offline voice, an explicit `gtts` fails with one clean error, and the speech cache never
keeps an empty or partial clip.

(Retries, splitting and the basic time limit are in test_speech_gtts.py.)
"""

from __future__ import annotations

import base64
import functools
import socket
import subprocess
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers_cli import error_lines, run_cli
from helpers_gtts import FakeTTS, Reply, envelope, make_mp3, response_body
from helpers_speech import speech_cache  # noqa: F401
from studio.errors import NetworkError, SpeechError, StudioError
from studio.ffmpeg import ffmpeg_exe
from studio.fsutil import TEMP_MARKER
from studio.project import Project
from studio.script import load
from studio.speech import engines, gtts_engine
from studio.speech.narrate import narrate
from studio.speech.gtts_engine import GttsEngine
from studio.speech.voice import Voice

TWO_SENTENCES = "## A\n\nXin chào bà con. Hôm nay họp dân.\n"


@dataclass
class Fault(Reply):
    """How the fake server misbehaves (a Reply), after answering `good_first` requests well."""

    good_first: int = 0

    def reply(self, n: int) -> Reply:
        """The answer to request `n`."""
        return Reply() if n <= self.good_first else self


@pytest.fixture
def faulty(monkeypatch, speech_cache):
    """Start a server with a given Fault; `auto` and `gtts` are pointed at it, and waits are
    made short (the bounds tested here are the real mechanism, at test scale)."""
    servers: list[FakeTTS] = []
    monkeypatch.setattr(gtts_engine, "REQUEST_TIMEOUT", 1.0)
    monkeypatch.setattr(gtts_engine, "BACKOFF", 0.1)
    monkeypatch.setattr(gtts_engine, "MAX_RETRY_AFTER", 0.3)

    def start(fault: Fault) -> FakeTTS:
        server = FakeTTS(lambda n: server.fault.reply(n), mp3=make_mp3(0.5))
        server.fault = fault
        servers.append(server)
        monkeypatch.setenv(gtts_engine.ENDPOINT_ENV, server.url)
        engines.forget_probe()
        return server

    yield start
    for server in servers:
        server.close()


def cache_files(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file()]


def assert_cache_sound(cache: Path) -> None:
    """Every file in the cache is a complete, non-empty mono WAV (or the word timings of one
    beside it); no temp file is left."""
    for path in cache_files(cache):
        assert TEMP_MARKER not in path.name, f"temp file left in the cache: {path}"
        if path.name.endswith(".words.json"):
            assert path.with_name(path.name.replace(".words.json", ".wav")).is_file(), path
            continue
        assert path.suffix == ".wav", path
        with wave.open(str(path), "rb") as w:
            frames = w.getnframes()
            assert frames > 0, f"empty clip in the cache: {path}"
            data = w.readframes(frames)
        assert len(data) == frames * w.getsampwidth() * w.getnchannels(), f"partial: {path}"


def two_sentence_script(project):
    path = project.script("s.md", body=TWO_SENTENCES)
    return load(path, Project.at(project.root))


@functools.cache
def silent_mp3() -> bytes:
    """An MP3 holding only digital silence (trims to nothing)."""
    return subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
         "anullsrc=r=24000:cl=mono", "-t", "0.5", "-c:a", "libmp3lame", "-b:a", "32k",
         "-f", "mp3", "-"], capture_output=True, check=True).stdout


def half_of_a_real_answer() -> bytes:
    full = response_body(make_mp3(0.5))
    return full[: len(full) // 2]


# name → (fault, the most the engine may take, in seconds, at test scale)
FAULTS = {
    "hang": lambda: Fault(delay=30.0),
    "429": lambda: Fault(status=429, body=b"slow down", headers={"Retry-After": "120"}),
    "500": lambda: Fault(status=500, body=b"oops"),
    "truncated-body": lambda: Fault(body=half_of_a_real_answer(), claim_extra=5000),
    "cut-envelope": lambda: Fault(body=half_of_a_real_answer()),
    "empty-body": lambda: Fault(body=b""),
    "empty-audio": lambda: Fault(body=envelope("")),
    "damaged-base64": lambda: Fault(body=envelope("SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2Zj")),
    "not-mp3": lambda: Fault(body=envelope(base64.b64encode(b"<html>captcha</html>" * 20)
                                           .decode("ascii"))),
    "silent-mp3": lambda: Fault(body=envelope(base64.b64encode(silent_mp3()).decode("ascii"))),
    "second-sentence-fails": lambda: Fault(status=503, body=b"busy", good_first=1),
}
# per request ≤ REQUEST_TIMEOUT (1 s here), (RETRIES + 1) requests, RETRIES waits of ≤ 0.3 s
BOUND = (gtts_engine.RETRIES + 1) * 1.0 + gtts_engine.RETRIES * 0.3 + 2.0  # + decoding, espeak


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_auto_falls_back_to_the_offline_voice_within_the_bound(project, faulty, speech_cache,
                                                                name):
    server = faulty(FAULTS[name]())
    script = two_sentence_script(project)
    notices: list[str] = []
    started = time.monotonic()
    result = narrate(script, notice=notices.append)
    elapsed = time.monotonic() - started
    assert result.engine == "espeak" and result.fell_back
    assert notices == [engines.OFFLINE_NOTICE]
    assert elapsed < BOUND, f"{name}: took {elapsed:.1f} s"
    assert not narrate(script, voice=Voice(offline=True)).fell_back  # asked for: no fallback to report
    assert server.texts, "the online voice was not even tried"
    assert_cache_sound(speech_cache)
    # the offline narration is whole: two sentences, timed, in one scene WAV
    scene = result.scenes[0]
    assert [s.text for s in scene.sentences] == ["Xin chào bà con.", "Hôm nay họp dân."]
    assert scene.duration > 0.5 and scene.wav.is_file()


@pytest.mark.parametrize("name", sorted(set(FAULTS) - {"second-sentence-fails"}))
def test_explicit_gtts_fails_with_one_clean_error_and_caches_nothing(project, faulty,
                                                                    speech_cache, name):
    faulty(FAULTS[name]())
    started = time.monotonic()
    with pytest.raises(SpeechError) as info:
        narrate(two_sentence_script(project), voice=Voice(engine="gtts"))
    assert time.monotonic() - started < BOUND
    message = str(info.value)
    assert len(message.splitlines()) == 1 and "offline" in message  # says what to do
    assert isinstance(info.value, NetworkError), f"{name}: auto would not fall back on this"
    assert cache_files(speech_cache) == []


def test_429_is_retried_with_back_off_then_auto_goes_offline(project, faulty, speech_cache):
    server = faulty(Fault(status=429, body=b"slow down"))
    started = time.monotonic()
    result = narrate(two_sentence_script(project))
    elapsed = time.monotonic() - started
    assert result.engine == "espeak"
    assert len(server.texts) == gtts_engine.RETRIES + 1  # asked again, then gave up
    assert set(server.texts) == {"Xin chào bà con."}  # and not once per later sentence
    assert elapsed >= 0.1 + 0.2  # the back-off waits really happened (BACKOFF 0.1, doubled)


def test_retry_after_is_capped_and_odd_values_do_not_break_the_wait(faulty):
    server = faulty(Fault(status=429, body=b"x", headers={"Retry-After": "100000"}))
    waits: list[float] = []
    with pytest.raises(NetworkError, match="HTTP 429"):
        GttsEngine(url=server.url, sleep=waits.append).fetch("Một.", "vi")
    assert waits == [0.3] * gtts_engine.RETRIES  # MAX_RETRY_AFTER, not 100000 s
    for odd in ("-5", "nan", "-inf", "Wed, 21 Oct 2015 07:28:00 GMT", ""):
        server.fault = Fault(status=429, body=b"x", headers={"Retry-After": odd})
        waits.clear()
        with pytest.raises(NetworkError, match="HTTP 429"):
            GttsEngine(url=server.url, sleep=time.sleep).fetch("Một.", "vi")


def test_a_hanging_server_is_abandoned_at_the_request_timeout(faulty):
    server = faulty(Fault(delay=30.0))
    started = time.monotonic()
    with pytest.raises(NetworkError, match="did not answer within 0.5 s"):
        GttsEngine(url=server.url, timeout=0.5).fetch("Một.", "vi")
    assert time.monotonic() - started < 1.0


def test_a_body_that_trickles_in_is_abandoned_at_the_deadline(monkeypatch):
    """The whole request has one deadline, not one per read: a server sending a byte at a
    time, each within the socket timeout, is still cut off."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = sock.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while not stop.wait(0.05):
            try:
                conn.sendall(b"x")
            except OSError:
                break
        conn.close()

    threading.Thread(target=trickle, daemon=True).start()
    host, port = sock.getsockname()
    started = time.monotonic()
    try:
        with pytest.raises(NetworkError):
            GttsEngine(url=f"http://{host}:{port}", timeout=0.8).fetch("Một.", "vi")
        assert time.monotonic() - started < 1.5
    finally:
        stop.set()
        sock.close()


UNRESOLVABLE_HOST = "studio-tts.invalid"
UNRESOLVABLE = f"http://{UNRESOLVABLE_HOST}"


@pytest.fixture
def dns_fails(monkeypatch):
    """Name look-ups of UNRESOLVABLE_HOST fail as a resolver says "no such name" (without
    asking a real resolver: no network in tests)."""
    real = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        if host == UNRESOLVABLE_HOST:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


def test_an_unresolvable_host_is_reported_quickly(dns_fails):
    started = time.monotonic()
    assert gtts_engine.probe(UNRESOLVABLE) is False
    with pytest.raises(NetworkError, match="cannot be reached") as info:
        GttsEngine(url=UNRESOLVABLE, timeout=1.0).fetch("Một.", "vi")
    assert "offline" in str(info.value)
    assert time.monotonic() - started < 1.0


def test_a_name_lookup_that_hangs_is_bounded_in_a_real_request(monkeypatch):
    """A resolver that never answers (a dead DNS server) must not hold a request past its
    timeout: requests' own timeouts do not cover the look-up."""
    real = socket.getaddrinfo

    def slow_lookup(host, *args, **kwargs):
        if host == UNRESOLVABLE_HOST:
            time.sleep(5)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    started = time.monotonic()
    with pytest.raises(NetworkError, match="did not answer within 0.5 s"):
        GttsEngine(url=UNRESOLVABLE, timeout=0.5).fetch("Một.", "vi")
    assert time.monotonic() - started < 1.0


def test_auto_with_an_unresolvable_host_narrates_offline(project, speech_cache, monkeypatch,
                                                        dns_fails):
    monkeypatch.setenv(gtts_engine.ENDPOINT_ENV, UNRESOLVABLE)
    engines.forget_probe()
    notices: list[str] = []
    started = time.monotonic()
    result = narrate(two_sentence_script(project), notice=notices.append)
    assert result.engine == "espeak" and notices == [engines.OFFLINE_NOTICE]
    assert time.monotonic() - started < gtts_engine.PROBE_TIMEOUT + 2.0
    assert_cache_sound(speech_cache)
    engines.forget_probe()


@pytest.mark.parametrize("name", ["damaged-base64", "not-mp3", "truncated-body"])
def test_speak_command_reports_a_fault_in_one_line(project, faulty, speech_cache, name,
                                                   monkeypatch):
    faulty(FAULTS[name]())
    monkeypatch.chdir(project.root)
    out = project.root / "out.mp3"
    result = run_cli("speak", "Xin chào bà con.", "--engine", "gtts", "-o", out)
    assert result.exit_code == 2, result.stderr
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert result.stdout.strip() == "", result.stdout  # that one line is all it says
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert not any(TEMP_MARKER in p.name for p in project.root.rglob("*"))
    assert cache_files(speech_cache) == []


def test_studio_errors_are_what_faults_raise():
    """NetworkError is a SpeechError is a StudioError: exit code 2, one line."""
    assert issubclass(NetworkError, SpeechError) and issubclass(SpeechError, StudioError)
    assert NetworkError("x").exit_code == 2
