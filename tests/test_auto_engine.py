"""`auto`'s order — the project's voice file, edge, gTTS, espeak — with each present or
absent (probes patched, edge-tts faked, no sockets), and the one notice saying which voice
spoke and why."""

from __future__ import annotations

import sys
import threading
import types

import pytest

from helpers_edge import Attempt, fake_edge  # noqa: F401 - fixture
from helpers_speech import speech_cache  # noqa: F401 - fixture
from studio.errors import NetworkError, SpeechError
from studio.project import Project
from studio.script.load import load
from studio.speech import edge_engine, engines, gtts_engine
from studio.speech.engines import AUTO_ORDER, OFFLINE_NOTICE, EspeakEngine, choose_engine
from studio.speech.narrate import narrate
from studio.speech.voice import Voice
from studio.speech.wav import Audio

BODY = "## A\n\nXin chào bà con trong xã.\n"


def script_at(project, front: str = "title: Thử\nlang: vi\n"):
    return load(project.script("s.md", front=front, body=BODY), Project.at(project.root))


class FakeNeural:
    """A stand-in for the project's voice file (the neural engine comes from another branch)."""

    name, online = "neural", False

    def identity(self) -> str:
        return "neural test-voice"

    def voice_for(self, lang: str, name: str | None = None) -> str:
        return "0"

    def describe(self, voice: str) -> str:
        return f"neural test-voice #{voice}"

    def synthesize(self, spoken: str, *, voice: str, speed: float) -> Audio:
        return Audio(EspeakEngine().synthesize(spoken, voice="vi", speed=speed).samples)


@pytest.fixture
def neural(monkeypatch, tmp_path):
    """The project's voice file is there when the test says so (`usable`); the neural engine
    made for it is a fake that speaks with espeak (the real one is tested in test_neural.py)."""
    from studio.speech import neural as module
    state = types.SimpleNamespace(usable=False)
    model = tmp_path / "voices" / "test-voice.onnx"
    monkeypatch.setattr(module, "project_voice", lambda root: model if state.usable else None)
    monkeypatch.setattr(module, "runtime_installed", lambda: True)
    real_make = engines.make_engine
    monkeypatch.setattr(engines, "make_engine",
                        lambda name, **kw: FakeNeural() if name == "neural"
                        else real_make(name, **kw))
    return state


def test_the_order_is_one_table():
    assert [c.engine for c in AUTO_ORDER] == ["neural", "edge", "gtts", "espeak"]


def test_without_a_voice_file_the_neural_row_says_so(fake_edge):
    assert engines._neural_unusable(engines.Where()) == "no project voice file"
    choice = choose_engine("auto")
    assert choice.engine.name == "edge" and choice.why == "no project voice file"


def test_the_project_voice_file_comes_first_and_nothing_is_probed(project, neural, fake_edge,
                                                                   monkeypatch):
    neural.usable = True
    monkeypatch.setattr(engines, "probe_online", lambda names, timeout=None: pytest.fail(
        "probed the network although the project's voice can speak"))
    choice = choose_engine("auto", root=project.root)
    assert choice.engine.name == "neural"
    notices: list[str] = []
    result = narrate(script_at(project), notice=notices.append, project=Project.at(project.root))
    assert result.engine == "neural" and result.voice == "neural test-voice #0"
    assert notices == ["notice: speaking with neural test-voice #0"]
    assert fake_edge.calls == []


def test_without_a_voice_file_edge_speaks_and_the_notice_says_why(project, neural, fake_edge):
    notices: list[str] = []
    result = narrate(script_at(project), notice=notices.append)
    assert result.engine == "edge" and result.voice == "edge vi-VN-HoaiMyNeural"
    assert notices == ["notice: speaking with edge vi-VN-HoaiMyNeural (no project voice file)"]
    narrate(script_at(project), notice=notices.append)
    assert len(notices) == 1  # once per process


def test_without_edge_tts_gtts_speaks(project, neural, fake_edge, monkeypatch):
    monkeypatch.setattr(edge_engine, "installed", lambda: False)
    fake_edge.reachable["gtts"] = True
    choice = choose_engine("auto", root=project.root)
    assert choice.engine.name == "gtts"
    assert choice.why == 'no project voice file; edge-tts not installed: pip install "studio[edge]"'


def test_edge_unreachable_gtts_speaks(project, fake_edge):
    fake_edge.reachable.update(edge=False, gtts=True)
    choice = choose_engine("auto")
    assert (choice.engine.name, choice.why) == ("gtts",
                                                "no project voice file; edge cannot be reached")
    assert engines.speaking_notice(choice, "gtts vi") == \
        "notice: speaking with gtts vi (no project voice file; edge cannot be reached)"


def test_nothing_online_espeak_speaks_with_the_offline_notice(project, fake_edge):
    fake_edge.reachable.update(edge=False, gtts=False)
    notices: list[str] = []
    result = narrate(script_at(project), notice=notices.append)
    assert result.engine == "espeak" and result.fell_back and result.voice == "espeak-ng vi"
    assert notices == [OFFLINE_NOTICE] and "espeak-ng" in OFFLINE_NOTICE
    assert fake_edge.calls == []


def test_offline_asks_nothing_of_anyone(project, fake_edge, monkeypatch):
    monkeypatch.setattr(engines, "probe_online", lambda names, timeout=None: pytest.fail(
        "probed the network although offline"))
    notices: list[str] = []
    result = narrate(script_at(project), voice=Voice(offline=True), notice=notices.append)
    assert result.engine == "espeak" and notices == [] and not result.fell_back


def test_edge_failing_mid_way_gives_way_to_gtts_which_says_everything(project, fake_edge,
                                                                      monkeypatch):
    fake_edge.attempts = [Attempt(fail=lambda: edge_engine.edge_tts().exceptions
                                  .NoAudioReceived("none"))]
    fake_edge.reachable["gtts"] = True
    said: list[str] = []

    def gtts_speaks(self, spoken, *, voice, speed):
        said.append(spoken)
        return EspeakEngine().synthesize(spoken, voice="vi", speed=speed)

    monkeypatch.setattr(gtts_engine.GttsEngine, "synthesize", gtts_speaks)
    notices: list[str] = []
    result = narrate(script_at(project), notice=notices.append)
    assert result.engine == "gtts" and said == ["Xin chào bà con trong xã."]
    assert len(notices) == 1
    assert notices[0].startswith("notice: speaking with gtts vi (edge: the edge voice answered "
                                 "without audio")


def test_a_voice_name_edge_lacks_gives_way_under_auto_but_is_an_error_when_asked(
        project, fake_edge):
    front = "title: Thử\nlang: vi\nvoice:\n  name: vi-VN-x-south\n"
    notices: list[str] = []
    result = narrate(script_at(project, front), notice=notices.append)
    assert result.engine == "espeak" and result.voice == "espeak-ng vi-VN-x-south"
    assert fake_edge.calls == []
    with pytest.raises(SpeechError, match="no vi voice 'vi-VN-x-south'"):
        narrate(script_at(project, front), voice=Voice(engine="edge"))


def test_a_network_fault_of_a_named_engine_is_not_hidden(project, fake_edge):
    fake_edge.attempts = [Attempt(fail=lambda: edge_engine.edge_tts().exceptions
                                  .NoAudioReceived("none"))]
    with pytest.raises(NetworkError, match="without audio"):
        narrate(script_at(project), voice=Voice(engine="edge"))


def test_both_servers_are_probed_at_the_same_time(monkeypatch, speech_cache):
    """Offline, auto waits for one probe, not one per online voice: each fake probe waits
    for the other to start (a barrier); probed one after the other, the barrier breaks."""
    monkeypatch.setattr(edge_engine, "installed", lambda: True)
    barrier = threading.Barrier(2, timeout=2.0)
    seen: list[str] = []

    def probe(url, timeout=None):
        seen.append(url)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return True  # alone: a probe in turn, which the assertion below refuses
        return False

    monkeypatch.setattr(gtts_engine, "probe", probe)
    choice = choose_engine("auto")
    assert sorted(seen) == sorted([edge_engine.endpoint(), gtts_engine.endpoint()])
    assert choice.engine.name == "espeak"
    assert engines.online_voice_reachable("edge") is False  # remembered: no second probe
    assert len(seen) == 2


def test_the_edge_probe_goes_to_the_edge_host(monkeypatch, speech_cache):
    monkeypatch.setenv(edge_engine.ENDPOINT_ENV, "http://127.0.0.1:9")
    asked: list[str] = []
    monkeypatch.setattr(gtts_engine, "probe", lambda url, timeout=None: asked.append(url) or False)
    assert engines.online_voice_reachable("edge") is False
    assert asked == ["http://127.0.0.1:9"]
    assert edge_engine.DEFAULT_ENDPOINT == "https://speech.platform.bing.com"



def test_a_script_naming_an_edge_voice_still_speaks_offline(project, fake_edge):
    fake_edge.reachable.update(edge=False, gtts=False)
    front = "title: Thử\nlang: vi\nvoice:\n  name: vi-VN-NamMinhNeural\n"
    result = narrate(script_at(project, front))
    assert result.engine == "espeak" and result.voice == "espeak-ng vi"
    assert result.scenes[0].duration > 1.0
