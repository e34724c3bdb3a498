"""Bounded work and memory (issue #13, items 7–11), where the bad-input corpus cannot say it:
answers from the online voice, long recordings, limits and progress, the proxy, the locks.
Big inputs are generated here, cheaply; the corpus holds the cases that fit it (71–76)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import wave
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest

from helpers_cli import error_lines, run_cli
from helpers_gtts import FakeTTS, Reply, make_mp3
from helpers_speech import speech_cache, tone  # noqa: F401
from studio import fsutil
from studio.errors import NetworkError, OutputError
from studio.ffmpeg import ffmpeg_exe
from studio.project import Project
from studio.script import load
from studio.speech import engines, gtts_engine
from studio.speech.cache import ClipCache
from studio.speech.engines import EspeakEngine, plausible
from studio.speech.gtts_engine import GttsEngine
from studio.speech.narrate import _Synth, narrate
from studio.speech.normalize import MAX_TEXT_CHARS, spoken_form
from studio.speech.voice import Voice
from studio.speech.wav import Audio, silence, speech_bounds, wav_speech_bounds, write_wav

THIRTEEN_SYLLABLES = "Ủy ban nhân dân xã tổ chức tuyên truyền về quyền con người."
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
              "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def one_error(result) -> str:
    """The one `error:` line of a failed command (exit 2, no traceback)."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert "Traceback" not in result.stderr
    return lines[0]


def cached_files(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file()]


def script_at(project, body: str, front: str = "title: Thử\nlang: vi\n"):
    path = project.script("s.md", front=front, body=body)
    return load(path, Project.at(project.root))


# -- 7. The online voice's answers: capped in size, and plausible for their text ---------------

@pytest.fixture
def no_proxy_env(monkeypatch):
    """No proxy settings from the machine running the tests."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)


def test_an_answer_announced_larger_than_any_speech_is_refused(no_proxy_env):
    server = FakeTTS(lambda n: Reply(body=b"x" * (gtts_engine.MAX_ANSWER_BYTES + 1)))
    try:
        with pytest.raises(NetworkError, match="more than 1 MB for one piece") as info:
            GttsEngine(url=server.url).fetch("Một.", "vi")
        assert "offline" in str(info.value)  # says what to do
    finally:
        server.close()


def test_an_endless_answer_without_a_length_is_cut_off_early(no_proxy_env):
    """No Content-Length, data for as long as the client reads: the engine stops near the cap
    (before the fix it read until its deadline, a 500 MB answer took 1.6 GB)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    sent = [0]

    def endless() -> None:
        conn, _ = sock.accept()
        conn.recv(65536)
        with contextlib.suppress(OSError):
            conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
            chunk = b"x" * 65536
            while sent[0] < 300_000_000:
                conn.sendall(chunk)
                sent[0] += len(chunk)
        conn.close()

    thread = threading.Thread(target=endless, daemon=True)
    thread.start()
    host, port = sock.getsockname()
    try:
        with pytest.raises(NetworkError, match="that is not speech"):
            GttsEngine(url=f"http://{host}:{port}").fetch("Một.", "vi")
        thread.join(5)
        # the cap plus what the two socket buffers hold, not hundreds of MB
        assert sent[0] < 30_000_000, sent[0]
    finally:
        sock.close()


def test_plausibility_is_seconds_per_syllable_at_the_speed(speech_cache):
    voice = EspeakEngine()
    for speed in (0.5, 1.0, 2.0):
        said = voice.synthesize(THIRTEEN_SYLLABLES, voice="vi", speed=speed)
        assert plausible(said, THIRTEEN_SYLLABLES, speed)
    assert not plausible(silence(0.3), THIRTEEN_SYLLABLES, 1.0)
    assert plausible(silence(0.3), THIRTEEN_SYLLABLES, 4.0)  # faster speech, shorter audio
    assert plausible(silence(0.1), "Vâng.", 1.0)  # one syllable: a short clip is fine


@pytest.fixture
def cut_off_tts(monkeypatch, speech_cache, no_proxy_env):
    """A server answering every request with a tenth of a second of MP3 (a truncated answer
    that still decodes), pointed at by `auto` and `gtts`."""
    server = FakeTTS(mp3=make_mp3(0.1))
    monkeypatch.setenv(gtts_engine.ENDPOINT_ENV, server.url)
    engines.forget_probe()
    yield server
    server.close()


def test_a_cut_off_answer_is_an_error_and_never_cached(project, cut_off_tts, speech_cache):
    with pytest.raises(NetworkError, match="cut-off answer") as info:
        narrate(script_at(project, f"## A\n\n{THIRTEEN_SYLLABLES}\n"),
                voice=Voice(engine="gtts"))
    assert "13 syllables" in str(info.value) and "offline" in str(info.value)
    assert cut_off_tts.texts == [THIRTEEN_SYLLABLES]
    assert cached_files(speech_cache) == []


def test_auto_speaks_offline_instead_of_a_cut_off_answer(project, cut_off_tts, speech_cache):
    notices: list[str] = []
    result = narrate(script_at(project, f"## A\n\n{THIRTEEN_SYLLABLES}\n"),
                     notice=notices.append)
    assert cut_off_tts.texts == [THIRTEEN_SYLLABLES]  # gTTS was asked, and answered short
    assert result.engine == "espeak" and notices == [engines.OFFLINE_NOTICE]
    assert result.scenes[0].duration > 13 * engines.MIN_SECONDS_PER_SYLLABLE


def test_a_clip_cut_short_in_the_cache_is_made_again(project, speech_cache):
    script = script_at(project, f"## A\n\n{THIRTEEN_SYLLABLES}\n")
    narrate(script, voice=Voice(offline=True))
    cache = ClipCache(speech_cache)
    key = _Synth(EspeakEngine(), "vi", None, 1.0, cache).key(
        spoken_form(THIRTEEN_SYLLABLES, "vi"))
    sentence = cache.get(key)
    assert sentence is not None
    write_wav(sentence, silence(0.2))  # as an older version might have kept a cut-off answer
    narrate(script, voice=Voice(offline=True))
    with wave.open(str(sentence)) as w:
        assert w.getnframes() / w.getframerate() > 1.0, "the short clip was used, not remade"


# -- 8. Long recordings: bounded memory, their real length, a warning past 30 minutes ----------

def test_speech_bounds_read_block_by_block_match_the_whole(tmp_path, monkeypatch):
    rate = 22050
    samples = np.zeros(rate * 3, dtype=np.int16)
    samples[rate // 2 + 7: 2 * rate + 3] = 8000  # speech from 0.5 s to 2 s, odd offsets
    path = write_wav(tmp_path / "a.wav", Audio(samples, rate))
    monkeypatch.setattr("studio.speech.wav.BLOCK_FRAMES", 1000)  # many blocks, bounds inside
    assert wav_speech_bounds(path) == speech_bounds(Audio(samples, rate))
    assert wav_speech_bounds(write_wav(tmp_path / "b.wav", silence(2.0))) is None


def test_check_estimates_a_recorded_scene_by_its_length_not_its_words(project):
    tone(project.root / "scripts" / "ghi-am.mp3", 3.0)
    transcript = " ".join(["Bà con chú ý lắng nghe thông báo của xã."] * 6)  # ~18 s to read
    project.script("s.md", body=f"## A\n[voice](ghi-am.mp3)\n{transcript}\n")
    result = run_cli("check", project.root / "scripts" / "s.md", "--json",
                     "--project", project.root)
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert 2.5 < row["estimated_seconds"] < 4.0, row
    assert row["warnings"] == []


def long_recording(path: Path, minutes: float) -> Path:
    """A long, small recording: a low tone at 8 kHz and 8 kb/s (~60 KB a minute)."""
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"sine=frequency=300:sample_rate=8000:duration={minutes * 60}",
                    "-ac", "1", "-c:a", "libmp3lame", "-b:a", "8k", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def forty_minutes(tmp_path_factory) -> Path:
    """A project whose one scene is a 40-minute recording."""
    root = tmp_path_factory.mktemp("long-recording")
    (root / "scripts").mkdir()
    long_recording(root / "scripts" / "hop-dan.mp3", 40)
    (root / "scripts" / "s.md").write_text(
        "---\ntitle: Họp dân\nlang: vi\n---\n## Cả buổi họp\n[voice](hop-dan.mp3)\n"
        "Biên bản cuộc họp dân.\n", encoding="utf-8")
    return root


@pytest.mark.slow
def test_check_counts_and_warns_about_a_forty_minute_recording(forty_minutes):
    result = run_cli("check", forty_minutes / "scripts" / "s.md", "--project", forty_minutes)
    assert result.exit_code == 0, result.stderr
    assert "~2400 s" in result.stdout  # not "~1 s" from the transcript's five words
    [warning] = error_lines(result)
    assert warning.startswith("warning: ") and "line 6: recording 'hop-dan.mp3' is 40 " \
        "minutes long, longer than any bulletin needs (30)" in warning, warning


NARRATE = textwrap.dedent("""
    import sys
    from studio.project import Project
    from studio.script import load
    from studio.speech.narrate import narrate
    from studio.speech.voice import Voice
    root = Project.at(sys.argv[1])
    done = narrate(load(root.root / "scripts" / "s.md", root), voice=Voice(cache_dir=sys.argv[2]))
    print(round(done.duration))
""")
# A small parent for the narrating process: a child's peak RSS counts what it inherited at
# fork (pytest's own few hundred MB), so the child is started from a bare interpreter.
PEAK_OF_CHILD = textwrap.dedent("""
    import resource, subprocess, sys
    out = subprocess.run([sys.executable, "-c", *sys.argv[1:]], capture_output=True,
                         text=True, check=True).stdout
    print(out.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
""")


@pytest.mark.slow
def test_a_forty_minute_recording_narrates_in_bounded_memory(forty_minutes, tmp_path):
    """Peak memory of a process narrating it (decoded it is 106 MB of samples): before, the
    samples were held and copied several times (644–683 MB); now they stream to disk."""
    pytest.importorskip("resource")  # POSIX only: ru_maxrss
    proc = subprocess.run([sys.executable, "-c", PEAK_OF_CHILD, NARRATE, str(forty_minutes),
                           str(tmp_path / "c")], capture_output=True, text=True, check=True)
    seconds, peak = (int(v) for v in proc.stdout.split())
    assert seconds == 2400
    peak_mb = peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # macOS: bytes
    assert peak_mb < 150, f"narrating a 40-minute recording peaked at {peak_mb:.0f} MB"


# -- 9. Limits and progress: normalize, speak, poster rows ---------------------------------

def test_normalize_refuses_a_text_larger_than_it_takes(tmp_path):
    result = run_cli("normalize", "-", "--project", tmp_path,
                     input="Ngày 10/12 họp dân. " * (MAX_TEXT_CHARS // 20 + 1))
    line = one_error(result)
    assert f"more than the {MAX_TEXT_CHARS:,} normalised at once" in line
    assert result.stdout == ""
    ok = run_cli("normalize", "-", "--project", tmp_path, input="Ngày 10/12 họp dân. " * 50)
    assert ok.exit_code == 0 and "mười tháng mười hai" in ok.stdout


def test_speak_refuses_a_text_longer_than_any_bulletin(project):
    out = project.root / "dai.mp3"
    result = run_cli("speak", "Bà con chú ý. " * 3000, "--offline", "-o", out,
                     "--project", project.root)
    assert "the narration runs ~67 minutes" in one_error(result)
    assert not out.exists()


def test_a_poster_run_reports_each_poster_laid_out_then_written(project):
    from studio.poster.runs import make_posters, resolve_templates
    from studio.poster.variants import variant_from_values
    seen: list[tuple[str, int, int]] = []
    variants = [variant_from_values({"headline": f"Chung tay thôn {n}!"}) for n in (1, 2, 3)]
    run = make_posters(resolve_templates(["facebook"]), variants,
                       out_dir=project.root / "out", project=Project.at(project.root),
                       scale=0.05, sheet=False, progress=lambda *step: seen.append(step))
    assert seen == [("laying out", 1, 3), ("laying out", 2, 3), ("laying out", 3, 3),
                    ("writing", 1, 3), ("writing", 2, 3), ("writing", 3, 3)]
    assert {p.name.split("_")[0] for p in run.outputs} == {f"chung-tay-thon-{n}" for n in (1, 2, 3)}


def test_the_poster_command_shows_progress_for_many_rows(project, monkeypatch):
    from studio.cli import poster as poster_cli
    from studio.cli.progress import StageProgress
    bars: list[StageProgress] = []
    steps: list[tuple[str, int, int]] = []

    class Watched(StageProgress):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            bars.append(self)

        def __call__(self, *step):
            steps.append(step)
            super().__call__(*step)

    monkeypatch.setattr(poster_cli, "StageProgress", Watched)
    csv = project.root / "rows.csv"
    csv.write_text("headline\n" + "".join(f"Thôn {n}!\n" for n in range(1, 4)), encoding="utf-8")
    result = run_cli("poster", "facebook", "--data", csv, "--scale", "0.05", "--no-sheet",
                     "--project", project.root)
    assert result.exit_code == 0, result.stderr
    assert [bar.least for bar in bars] == [poster_cli.PROGRESS_FROM] and bars[0].enabled
    assert steps[-1] == ("writing", 3, 3) and bars[0]._progress is None  # 3 < 20: no bar
    quiet = run_cli("poster", "facebook", "--data", csv, "--scale", "0.05", "--no-sheet",
                    "--quiet", "--project", project.root)
    assert quiet.exit_code == 0 and not bars[-1].enabled


def test_a_stage_bar_starts_only_past_its_least(capsys):
    from studio.cli.progress import StageProgress
    with StageProgress(least=20) as few:
        few("writing", 1, 19)
    assert few._progress is None
    with StageProgress(least=20) as many:
        many("laying out", 1, 20)
        assert many._progress is not None
        many("writing", 20, 20)
        task = many._progress.tasks[0]
        assert (task.description, task.completed, task.total) == ("writing", 20, 20)


# -- 10. The reachability probe and the requests go through the office proxy ---------------

class TinyProxy:
    """An HTTP proxy on 127.0.0.1: it tunnels CONNECTs and forwards plain requests to the
    servers `routes` names (host → (host, port)), counting both; it can refuse CONNECTs
    (403) or stay silent."""

    def __init__(self, routes: dict[str, tuple[str, int]], *, refuse: bool = False,
                 silent: bool = False) -> None:
        self.routes, self.refuse, self.silent = routes, refuse, silent
        self.connects: list[tuple[str, bytes]] = []  # (target, request head)
        self.forwarded: list[str] = []
        self.stop = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return "http://%s:%d" % self.sock.getsockname()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            head, rest = data.split(b"\r\n\r\n", 1)
            if self.silent:
                self.stop.wait(10)
                return
            method, target = head.split(b" ", 2)[:2]
            if method == b"CONNECT":
                self.connects.append((target.decode(), head))
                if self.refuse:
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                    return
                host = target.decode().rsplit(":", 1)[0]
                with socket.create_connection(self.routes[host]) as upstream:
                    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    self._relay(conn, upstream, rest)
                return
            self.forwarded.append(target.decode())
            with socket.create_connection(self.routes[urlsplit(target.decode()).hostname]) \
                    as upstream:
                self._relay(conn, upstream, head + b"\r\n\r\n" + rest)

    @staticmethod
    def _relay(client: socket.socket, upstream: socket.socket, first: bytes) -> None:
        def pipe(src: socket.socket, dst: socket.socket) -> None:
            with contextlib.suppress(OSError):
                while data := src.recv(65536):
                    dst.sendall(data)
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_WR)

        if first:
            upstream.sendall(first)
        back = threading.Thread(target=pipe, args=(upstream, client), daemon=True)
        back.start()
        pipe(client, upstream)
        back.join(10)

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


OFFICE_ONLY = "tts.office.invalid"  # a name only the proxy knows: no direct route


@pytest.fixture
def office(monkeypatch, speech_cache, no_proxy_env):
    """A proxy-only network: the voice's server is reachable only through the proxy in
    $HTTPS_PROXY/$HTTP_PROXY; `auto` and `gtts` point at it."""
    tts = FakeTTS()
    proxy = TinyProxy({OFFICE_ONLY: tts.server.server_address[:2]})
    for name in ("HTTPS_PROXY", "HTTP_PROXY"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.setenv(gtts_engine.ENDPOINT_ENV, f"http://{OFFICE_ONLY}")
    engines.forget_probe()
    yield proxy, tts
    proxy.close()
    tts.close()


def test_auto_reaches_the_online_voice_through_the_proxy(project, office):
    proxy, tts = office
    notices: list[str] = []
    result = narrate(script_at(project, "## A\n\nXin chào bà con.\n"), notice=notices.append)
    assert result.engine == "gtts" and len(notices) == 1 and "gtts vi" in notices[0]
    assert [target for target, _ in proxy.connects] == [f"{OFFICE_ONLY}:80"]  # the probe
    assert proxy.forwarded and all(OFFICE_ONLY in url for url in proxy.forwarded)
    assert tts.texts == ["Xin chào bà con."]


def test_the_probe_sends_the_proxy_its_password(monkeypatch, office):
    proxy, _ = office
    monkeypatch.setenv("HTTP_PROXY", proxy.url.replace("http://", "http://can%40bo:mat-khau@"))
    assert gtts_engine.probe(f"http://{OFFICE_ONLY}") is True
    expected = base64.b64encode("can@bo:mat-khau".encode()).decode()
    assert f"Proxy-Authorization: Basic {expected}".encode() in proxy.connects[-1][1]


def test_no_proxy_sends_the_probe_straight_to_the_server(monkeypatch, office):
    proxy, tts = office
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    assert gtts_engine.probe(tts.url) is True
    assert proxy.connects == []


def test_a_proxy_that_refuses_or_never_answers_means_offline(monkeypatch, no_proxy_env):
    for proxy in (TinyProxy({}, refuse=True), TinyProxy({}, silent=True)):
        try:
            monkeypatch.setenv("HTTPS_PROXY", proxy.url)
            assert gtts_engine.probe("https://translate.google.com", timeout=0.5) is False
        finally:
            proxy.close()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")
    assert gtts_engine.probe("https://translate.google.com", timeout=0.5) is False


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- 11. Locks: the user's own folder, 0700, never through a symbolic link -----------------

@pytest.fixture
def own_locks(tmp_path, monkeypatch) -> Path:
    """The user's cache folder in the test's temp folder; the lock folder inside it."""
    root = tmp_path / "user-cache"
    monkeypatch.setattr(fsutil, "user_cache_root", lambda: root)
    return root / fsutil.LOCKS_SUBDIR


def test_locks_live_in_the_users_own_folder_not_a_shared_temp_one():
    path = fsutil.lock_path(Path("outputs"))
    assert path.parent == fsutil.user_cache_root() / fsutil.LOCKS_SUBDIR
    assert path.parent.parent != Path(tempfile.gettempdir())


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_the_lock_folder_and_file_are_the_users_alone(own_locks, tmp_path):
    out = tmp_path / "outputs"
    with fsutil.locked_folder(out):
        assert fsutil.lock_path(out).parent == own_locks
        assert stat.S_IMODE(own_locks.stat().st_mode) == 0o700
        assert stat.S_IMODE(fsutil.lock_path(out).stat().st_mode) & 0o077 == 0
    own_locks.chmod(0o777)  # loosened by someone: tightened again, not used as it is
    with fsutil.locked_folder(out):
        assert stat.S_IMODE(own_locks.stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners")
def test_a_lock_folder_of_another_user_is_refused(own_locks, tmp_path, monkeypatch):
    own_locks.mkdir(parents=True)
    monkeypatch.setattr(os, "getuid", lambda: own_locks.stat().st_uid + 1)
    with pytest.raises(OutputError, match="belongs to another user"):
        with fsutil.locked_folder(tmp_path / "outputs"):
            pass


def test_a_symlink_planted_as_the_lock_is_refused_and_its_target_untouched(own_locks,
                                                                          project, monkeypatch):
    victim = project.root / "bao-cao.txt"
    victim.write_text("báo cáo quý", encoding="utf-8")
    own_locks.mkdir(parents=True)
    lock = fsutil.lock_path(project.root / "outputs")
    try:
        lock.symlink_to(victim)
    except OSError as exc:  # Windows without the privilege
        pytest.skip(f"cannot make a symbolic link: {exc}")
    monkeypatch.chdir(project.root)
    result = run_cli("poster", "facebook", "--set", "headline=Chung tay!", "--scale", "0.05")
    assert "the lock file is a symbolic link" in one_error(result)
    assert victim.read_text(encoding="utf-8") == "báo cáo quý"
    assert not (project.root / "outputs").exists() or not any(
        p.is_file() for p in (project.root / "outputs").rglob("*"))


def test_a_symlinked_lock_folder_is_refused(own_locks, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    own_locks.parent.mkdir(parents=True)
    try:
        own_locks.symlink_to(elsewhere, target_is_directory=True)
    except OSError as exc:
        pytest.skip(f"cannot make a symbolic link: {exc}")
    with pytest.raises(OutputError, match="lock folder is a symbolic link"):
        with fsutil.locked_folder(tmp_path / "outputs"):
            pass
    assert list(elsewhere.iterdir()) == []
