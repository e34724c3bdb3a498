"""The edge online voice through a fake edge-tts (no sockets): voices, word timings, speed,
the cache, and each of the service's known failure modes as one line (or, under `auto`, the
fallback with one notice), never a partial or cached bad clip."""

from __future__ import annotations

import sys
from collections.abc import Callable

import aiohttp
import edge_tts
import pytest
from mutagen.id3 import ID3

from helpers_cli import error_lines, run_cli
from helpers_edge import LEAD, WORD, Attempt, answer, fake_edge  # noqa: F401 - fixture
from helpers_speech import speech_cache  # noqa: F401 - fixture
from studio.errors import NetworkError, SpeechError
from studio.project import Project
from studio.script.load import load
from studio.speech import edge_engine, engines
from studio.speech.edge_engine import EdgeEngine
from studio.speech.narrate import narrate, narrate_text
from studio.speech.voice import Voice
from studio.speech.wav import Audio, read_wav, speech_bounds, write_wav

SENTENCE = "Xin chào bà con trong xã."  # 6 syllables, 6 words
TWO = "## A\n\nXin chào bà con trong xã. Hôm nay thôn họp dân lúc tám giờ.\n"


def script_at(project, body: str = TWO, front: str = "title: Thử\nlang: vi\n"):
    return load(project.script("s.md", front=front, body=body), Project.at(project.root))


def cache_files(cache):
    return sorted(p for p in cache.rglob("*") if p.is_file())


def http_error(status: int) -> Callable:
    return lambda: aiohttp.ClientResponseError(None, (), status=status, message="refused")


# -- voices ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, name, voice", [
    ("vi", None, "vi-VN-HoaiMyNeural"), ("vi", "female", "vi-VN-HoaiMyNeural"),
    ("vi", "male", "vi-VN-NamMinhNeural"), ("vi", "vi-VN-NamMinhNeural", "vi-VN-NamMinhNeural"),
    ("en", "male", "en-US-GuyNeural"), ("zh", "female", "zh-CN-XiaoxiaoNeural"),
    ("en", "en-GB-SoniaNeural", "en-GB-SoniaNeural")])
def test_generic_and_own_voice_names(lang, name, voice):
    assert EdgeEngine().voice_for(lang, name) == voice


def test_an_unknown_voice_is_one_line_with_the_closest_name():
    with pytest.raises(SpeechError) as info:
        EdgeEngine().voice_for("vi", "vi-VN-HoaiMy")
    assert "did you mean 'vi-VN-HoaiMyNeural'?" in info.value.describe({})
    assert info.value.field == "voice.name"


def test_a_language_edge_does_not_speak_is_refused():
    with pytest.raises(SpeechError, match="cannot speak 'tay'"):
        EdgeEngine().voice_for("tay")


@pytest.mark.parametrize("speed, rate", [(1.0, "+0%"), (0.8, "-20%"), (1.5, "+50%"),
                                         (0.5, "-50%"), (2.0, "+100%")])
def test_speed_becomes_edge_rate(speed, rate):
    assert edge_engine.rate_for(speed) == rate


# -- speech and word timings -------------------------------------------------------------------

def test_words_are_timed_from_the_start_of_the_trimmed_clip(fake_edge):
    audio, words = EdgeEngine().synthesize_timed(SENTENCE, voice="vi-VN-HoaiMyNeural",
                                                 speed=1.0)
    assert [w[0] for w in words] == SENTENCE.split()
    starts = [w[1] for w in words]
    assert starts == sorted(starts) and all(s < e for _, s, e in words)
    assert all(0.0 <= s and e <= audio.duration for _, s, e in words)
    # the lead silence was cut (keeping 40 ms), and the word times moved with it
    assert audio.duration < LEAD + len(words) * WORD
    assert words[0][1] < 0.05
    assert abs((words[2][1] - words[1][1]) - WORD) < 0.005
    assert abs(words[1][1] - (WORD + 0.04)) < 0.06  # moved by the lead silence cut
    first_sound = speech_bounds(audio)[0] / audio.rate
    assert abs(first_sound - words[0][1]) < 0.06  # the first word starts where sound does
    call = fake_edge.calls[0]
    assert (call["boundary"], call["voice"]) == ("WordBoundary", "vi-VN-HoaiMyNeural")
    assert 0 < call["connect_timeout"] <= 10 and 0 < call["receive_timeout"] <= 30


def test_narration_with_edge_is_cached_and_says_which_voice(project, fake_edge, speech_cache):
    script = script_at(project)
    result = narrate(script, voice=Voice(engine="edge", speed=1.25))
    assert result.engine == "edge" and result.voice == "edge vi-VN-HoaiMyNeural"
    assert result.scenes[0].voice == "edge vi-VN-HoaiMyNeural"
    assert {c["rate"] for c in fake_edge.calls} == {"+25%"}
    assert len(fake_edge.calls) == 2  # one request per sentence
    narrate(script, voice=Voice(engine="edge", speed=1.25))
    assert len(fake_edge.calls) == 2  # the second time, all from the cache


def test_speak_text_through_edge_writes_an_mp3(project, fake_edge, monkeypatch):
    monkeypatch.chdir(project.root)
    result = run_cli("speak", "Xin chào bà con.", "--engine", "edge", "--voice", "male",
                     "-o", "x.mp3")
    assert result.exit_code == 0, result.stderr
    assert (project.root / "x.mp3").stat().st_size > 1000
    assert fake_edge.calls[0]["voice"] == "vi-VN-NamMinhNeural"
    comment = ID3(str(project.root / "x.mp3")).getall("TXXX:comment")  # as ffmpeg writes it
    assert comment[0].text == ["voice: edge vi-VN-NamMinhNeural"]  # which voice spoke


# -- failure modes -----------------------------------------------------------------------------

def _short(text: str) -> list[dict]:
    """A stream cut mid-way: a third of the audio, every word boundary, then a clean end."""
    events = answer(text, chunk=512)
    audio = [e for e in events if e["type"] == "audio"]
    return audio[: len(audio) // 3] + [e for e in events if e["type"] == "WordBoundary"]


def _garbage(text: str) -> list[dict]:
    return [{"type": "audio", "data": b"<html>captcha</html>" * 50}]


# name → (how every attempt fails, the words of the one line, whether it is retried)
FAULTS = {
    "403 token change": (Attempt(fail=http_error(403)), "HTTP 403", False),
    "no audio received": (Attempt(events=lambda t: [], fail=lambda: edge_tts.exceptions
                                  .NoAudioReceived("No audio was received.")),
                          "without audio", True),
    "503 after bursts": (Attempt(fail=http_error(503)), "HTTP 503", True),
    "429 under parallelism": (Attempt(fail=http_error(429)), "HTTP 429", True),
    "websocket error": (Attempt(events=lambda t: answer(t)[:2], fail=lambda: edge_tts
                                .exceptions.WebSocketError("closed")), "cut off", True),
    "cut-off stream": (Attempt(events=_short), "cut off", True),
    "not audio": (Attempt(events=_garbage), "cannot be decoded", True),
    "refused connection": (Attempt(fail=lambda: aiohttp.ClientConnectionError("refused")),
                           "cannot be reached", False),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_failure_is_one_line_and_leaves_nothing_in_the_cache(project, fake_edge,
                                                                  speech_cache, name):
    attempt, words, retried = FAULTS[name]
    fake_edge.attempts = [attempt]
    with pytest.raises(NetworkError) as info:
        narrate(script_at(project), voice=Voice(engine="edge"))
    line = info.value.describe({"offline": "--offline"})
    assert words in line and "\n" not in line and "--offline" in line
    tries = 1 + edge_engine.RETRIES if retried else 1
    assert len(fake_edge.calls) == tries  # bounded: the first sentence only, so many times
    assert cache_files(speech_cache) == []


def test_a_fault_that_passes_is_retried_and_then_speaks(fake_edge):
    waits: list[float] = []
    fake_edge.attempts = [Attempt(fail=http_error(503)), Attempt(fail=http_error(429)),
                          Attempt()]
    audio, words = EdgeEngine(sleep=waits.append).synthesize_timed(SENTENCE, voice="vi-VN-HoaiMyNeural",
                                                 speed=1.0)
    assert len(fake_edge.calls) == 3 and len(words) == 6 and audio.duration > 1.0
    assert waits == [0.01, 0.02]  # back-off, doubled


def test_the_back_off_is_bounded(monkeypatch):
    waits: list[float] = []
    engine = EdgeEngine(retries=6, backoff=1.0, sleep=waits.append)
    monkeypatch.setattr(engine, "attempt", lambda *a: (_ for _ in ()).throw(
        edge_engine.EdgeFault("busy", passes=True)))
    with pytest.raises(NetworkError, match="busy"):
        engine.fetch(SENTENCE, "vi-VN-HoaiMyNeural", 1.0)
    assert waits == [1.0, 2.0, 4.0, 4.0, 4.0, 4.0]


def test_a_hung_stream_ends_at_the_deadline(fake_edge):
    fake_edge.attempts = [Attempt(hang=True)]
    with pytest.raises(NetworkError, match="timed out"):
        EdgeEngine(timeout=0.3).synthesize(SENTENCE, voice="vi-VN-HoaiMyNeural", speed=1.0)
    assert len(fake_edge.calls) == 1  # a timeout is not tried again: the sentence's bound holds


def test_an_answer_larger_than_any_sentence_is_refused(fake_edge, monkeypatch):
    monkeypatch.setattr(edge_engine, "MAX_AUDIO_BYTES", 10_000)
    with pytest.raises(NetworkError, match="not speech"):
        EdgeEngine().synthesize(SENTENCE, voice="vi-VN-HoaiMyNeural", speed=1.0)
    assert len(fake_edge.calls) == 1


def test_a_cut_clip_in_the_cache_is_made_again(project, fake_edge, speech_cache):
    script = script_at(project, "## A\n\nXin chào bà con trong xã.\n")
    narrate(script, voice=Voice(engine="edge"))
    for clip in (p for p in cache_files(speech_cache) if p.suffix == ".wav"):
        # cut every cached clip to a tenth of its length (its word times stay as they were)
        audio = read_wav(clip)
        write_wav(clip, Audio(audio.samples[: len(audio.samples) // 10], audio.rate))
    narrate(script, voice=Voice(engine="edge"))
    assert len(fake_edge.calls) == 2  # asked again, not served the cut clip


@pytest.mark.parametrize("name", ["403 token change", "no audio received", "cut-off stream"])
def test_under_auto_a_failure_falls_back_with_one_notice(project, fake_edge, speech_cache,
                                                         name):
    fake_edge.attempts = [FAULTS[name][0]]
    notices: list[str] = []
    result = narrate(script_at(project), notice=notices.append)
    assert result.engine == "espeak" and result.voice.startswith("espeak-ng ")
    assert notices == [engines.OFFLINE_NOTICE]
    fake_edge.attempts = [Attempt()]
    narrate(script_at(project), voice=Voice(engine="edge"))
    assert len(fake_edge.texts) > (1 + edge_engine.RETRIES if FAULTS[name][2] else 1), \
        "a bad edge clip was cached"


# -- the extra ---------------------------------------------------------------------------------

def test_without_the_extra_edge_is_one_line_naming_it(project, monkeypatch, speech_cache):
    monkeypatch.setitem(sys.modules, "edge_tts", None)  # import edge_tts now fails
    monkeypatch.chdir(project.root)
    result = run_cli("speak", "Xin chào bà con.", "--engine", "edge", "-o", "x.mp3")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert error_lines(result) == [
        'error: the edge voice needs edge-tts, which is not installed — pip install '
        '"studio[edge]", or use --engine auto, gtts or espeak']
    assert not (project.root / "x.mp3").exists()


def test_identity_names_the_edge_tts_version():
    assert EdgeEngine().identity() == f"edge-tts {edge_tts.__version__}"


def test_edge_is_listed_by_studio_voices(fake_edge):
    rows = [r for r in engines.list_voices() if r.engine == "edge"]
    assert {(r.lang, r.voice) for r in rows} >= {("vi", "vi-VN-HoaiMyNeural"),
                                                 ("vi", "vi-VN-NamMinhNeural")}
    assert all(r.usable for r in rows)
    status = {name: (ok, detail) for name, ok, detail in engines.engine_status()}
    assert status["edge"][0] and "vi-VN-HoaiMyNeural" in status["edge"][1]


def test_studio_voices_keeps_edge_names_in_their_column(fake_edge):
    lines = run_cli("voices").stdout.splitlines()
    edge = [line for line in lines if " edge " in line]
    assert any("vi-VN-NamMinhNeural" in line for line in edge)
    details = {line.index("online") for line in edge}
    assert len(details) == 1  # the detail column starts at one place for every edge voice
