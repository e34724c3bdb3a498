"""The gtts engine against a fake server on 127.0.0.1: splitting, retries, time limits,
no partial output, and `auto` choosing it or falling back."""

from __future__ import annotations

import socket
import time

import pytest

from helpers_gtts import fake_tts  # noqa: F401
from helpers_speech import Counter, no_network, speech_cache, wav_facts  # noqa: F401
from studio.errors import NetworkError, SpeechError
from studio.project import Project
from studio.script import load
from studio.speech import engines, gtts_engine
from studio.speech.narrate import narrate
from studio.speech.gtts_engine import GttsEngine
from studio.speech.voice import Voice

LONG = ("Tuyên truyền luật pháp quốc tế về quyền con người, trong đó đặc biệt quan tâm tới bảy "
        "công ước quốc tế cơ bản về quyền con người mà Việt Nam là thành viên; kinh nghiệm quốc "
        "tế về đảm bảo và thúc đẩy quyền con người.")


def test_long_text_is_sent_in_pieces_cut_at_clauses(fake_tts):
    audio = GttsEngine(url=fake_tts.url).synthesize(LONG, voice="vi", speed=1.0)
    assert len(fake_tts.texts) == 3 and all(len(t) <= 100 for t in fake_tts.texts)
    assert fake_tts.texts[0] == "Tuyên truyền luật pháp quốc tế về quyền con người,"
    assert " ".join(fake_tts.texts) == LONG
    assert 3 * 0.45 < audio.duration < 3 * 0.75  # three 0.6 s MP3s, decoded and trimmed


def test_retries_429_and_5xx_with_back_off(fake_tts):
    fake_tts.statuses = [429, 503]
    waits: list[float] = []
    engine = GttsEngine(url=fake_tts.url, sleep=waits.append)
    audio = engine.synthesize("Xin chào bà con.", voice="vi", speed=1.0)
    assert audio.duration > 0.4 and len(fake_tts.texts) == 3
    assert waits == [0.5, 1.0]


def test_gives_up_after_bounded_retries(fake_tts):
    fake_tts.statuses = [500] * 10
    waits: list[float] = []
    with pytest.raises(NetworkError, match="HTTP 500"):
        GttsEngine(url=fake_tts.url, sleep=waits.append).synthesize("Một.", voice="vi",
                                                                     speed=1.0)
    assert len(fake_tts.texts) == gtts_engine.RETRIES + 1 and len(waits) == gtts_engine.RETRIES


def test_client_errors_are_not_retried(fake_tts):
    fake_tts.statuses = [400]
    with pytest.raises(NetworkError, match="HTTP 400"):
        GttsEngine(url=fake_tts.url, sleep=lambda s: None).synthesize("Một.", voice="vi",
                                                                       speed=1.0)
    assert len(fake_tts.texts) == 1


def test_a_silent_server_times_out_within_the_limit(fake_tts):
    fake_tts.delay = 3.0
    started = time.monotonic()
    with pytest.raises(NetworkError, match="did not answer"):
        GttsEngine(url=fake_tts.url, timeout=0.5).synthesize("Một.", voice="vi", speed=1.0)
    assert time.monotonic() - started < 2.5  # the server would take 3 s: bounded, with room


def test_timeout_can_never_exceed_ten_seconds():
    assert GttsEngine(url="http://127.0.0.1:9", timeout=60).timeout == 10.0


def test_answer_without_audio_is_a_speech_error(fake_tts):
    fake_tts.no_audio = True
    with pytest.raises(SpeechError, match="without audio"):
        GttsEngine(url=fake_tts.url).synthesize("Một.", voice="vi", speed=1.0)


def test_languages():
    engine = GttsEngine(url="http://127.0.0.1:9")
    assert engine.voice_for("vi") == "vi" and engine.voice_for("zh") == "zh-CN"
    with pytest.raises(SpeechError):
        engine.voice_for("hmn")


def test_probe_is_bounded_to_three_seconds(monkeypatch):
    seen: list[float] = []

    def fake_connect(address, timeout=None):
        seen.append(timeout)
        raise socket.timeout("timed out")

    monkeypatch.setattr(gtts_engine.socket, "create_connection", fake_connect)
    assert gtts_engine.probe("https://translate.google.com", timeout=30) is False
    assert gtts_engine.probe("https://translate.google.com") is False
    assert seen == [3.0, 3.0]


def test_probe_runs_once_per_process(monkeypatch, speech_cache):
    calls: list[str] = []
    monkeypatch.setattr(gtts_engine, "probe", lambda url, timeout=None: calls.append(url) or False)
    assert engines.online_voice_reachable() is False
    assert engines.online_voice_reachable() is False
    assert len(calls) == 1


def _script(project, body="## A\n\nXin chào bà con. Hôm nay họp dân.\n"):
    path = project.script("s.md", body=body)
    return load(path, Project.at(project.root))


def test_auto_uses_gtts_when_the_probe_reaches_it(project, speech_cache, fake_tts, monkeypatch):
    monkeypatch.setenv(gtts_engine.ENDPOINT_ENV, fake_tts.url)
    notices: list[str] = []
    result = narrate(_script(project), notice=notices.append)
    assert result.engine == "gtts" and result.voice == "gtts vi"
    assert len(notices) == 1 and notices[0].startswith("notice: speaking with gtts vi (")
    scene = result.scenes[0]
    assert [s.text for s in scene.sentences] == ["Xin chào bà con.", "Hôm nay họp dân."]
    assert fake_tts.texts == ["Xin chào bà con.", "Hôm nay họp dân."]
    assert wav_facts(scene.wav)[:2] == (1, 2)
    narrate(_script(project))  # second run: all from the cache
    assert len(fake_tts.texts) == 2


def test_auto_falls_back_when_the_server_fails_after_the_probe(project, speech_cache, fake_tts,
                                                              monkeypatch):
    monkeypatch.setenv(gtts_engine.ENDPOINT_ENV, fake_tts.url)
    monkeypatch.setattr(gtts_engine, "BACKOFF", 0.01)
    fake_tts.statuses = [503] * 10
    notices: list[str] = []
    result = narrate(_script(project), notice=notices.append)
    assert result.engine == "espeak" and len(notices) == 1


def test_explicit_gtts_failure_is_an_error_and_caches_nothing(project, speech_cache,
                                                              no_network):
    with pytest.raises(NetworkError) as info:
        narrate(_script(project), voice=Voice(engine="gtts"))
    assert "offline" in str(info.value)
    assert not any(p.is_file() for p in speech_cache.rglob("*"))


def test_probe_bound_covers_a_hanging_name_lookup(monkeypatch):
    monkeypatch.setattr(gtts_engine.socket, "create_connection",
                        lambda *a, **k: time.sleep(5) or pytest.fail("waited"))
    started = time.monotonic()
    assert gtts_engine.probe("https://translate.google.com", timeout=0.3) is False
    assert time.monotonic() - started < 2.5  # the lookup would take 5 s


def test_request_bound_covers_a_hanging_session():
    class HangingSession:
        def post(self, *args, **kwargs):
            time.sleep(5)

    started = time.monotonic()
    with pytest.raises(NetworkError, match="did not answer within 0.4 s"):
        GttsEngine(url="http://tts.invalid", timeout=0.4,
                   session=HangingSession()).fetch("Một.", "vi")
    assert time.monotonic() - started < 2.5  # the session would take 5 s
