"""narrate(): espeak scenes with pauses and timings, recordings, the cache, auto fallback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers_speech import (Counter, no_network, rms_db, speech_cache, tone,  # noqa: F401
                            wav_facts, wav_samples)
from studio.errors import SpeechError
from studio.project import Project
from studio.script import load
from studio.speech.narrate import narrate
from studio.speech.engines import EspeakEngine
from studio.speech.narrate import Gap, Line, plan_scene, spread_timings
from studio.speech.normalize.lexicon import Lexicon
from studio.speech.voice import Voice

BODY = """\
## Mở đầu

Xin chào bà con. Hôm nay xã tổ chức họp dân.

<!-- pause 1.5 -->

Mời mọi người đến đúng giờ.

## Kết thúc

Xin cảm ơn bà con đã lắng nghe.
"""


def _script(project, body=BODY, front="title: Thử nghiệm\nlang: vi\n", name="s.md"):
    path = project.script(name, front=front, body=body)
    return load(path, Project.at(project.root))


def test_espeak_narration_has_timed_sentences_and_the_pause(project, speech_cache):
    script = _script(project)
    result = narrate(script, voice=Voice(engine="espeak"), project=Project.at(project.root))
    assert result.engine == "espeak" and len(result.scenes) == 2
    first = result.scenes[0]
    assert [s.text for s in first.sentences] == [
        "Xin chào bà con.", "Hôm nay xã tổ chức họp dân.", "Mời mọi người đến đúng giờ."]
    channels, width, rate, duration = wav_facts(first.wav)
    assert (channels, width) == (1, 2) and abs(duration - first.duration) < 0.01
    starts = [s.start for s in first.sentences]
    assert starts == sorted(starts) and first.sentences[-1].end <= first.duration + 0.01
    for s in first.sentences:
        assert s.end - s.start > 0.4
    # the 1.5 s pause sits between sentence 2 and 3, and is silent
    gap = first.sentences[2].start - first.sentences[1].end
    assert 1.49 <= gap < 1.5 + 0.7 + 0.2
    samples, rate = wav_samples(first.wav)
    mid = samples[int((first.sentences[1].end + 0.1) * rate):int((first.sentences[2].start - 0.1) * rate)]
    assert rms_db(mid) < -60
    speech = samples[int(first.sentences[0].start * rate):int(first.sentences[0].end * rate)]
    assert rms_db(speech) > -35
    assert str(first.wav).startswith(str(speech_cache))


def test_second_run_makes_no_synthesis_calls(project, speech_cache, monkeypatch):
    counter = Counter(monkeypatch, EspeakEngine)
    script = _script(project)
    first = narrate(script, voice=Voice(engine="espeak"))
    assert len(counter.calls) == 4  # every sentence once
    second = narrate(script, voice=Voice(engine="espeak"))
    assert len(counter.calls) == 4  # nothing synthesised again
    assert [s.wav for s in second.scenes] == [s.wav for s in first.scenes]
    assert second.scenes[0].sentences == first.scenes[0].sentences


def test_speed_is_part_of_the_cache_key_and_changes_length(project, speech_cache, monkeypatch):
    counter = Counter(monkeypatch, EspeakEngine)
    slow = narrate(_script(project), voice=Voice(engine="espeak"))
    fast = narrate(_script(project, front="title: T\nlang: vi\nvoice:\n  speed: 1.5\n"),
                   voice=Voice(engine="espeak"))
    assert len(counter.calls) == 8
    assert fast.scenes[1].duration < slow.scenes[1].duration * 0.85


def test_same_sentence_in_two_scripts_is_synthesised_once(project, speech_cache, monkeypatch):
    counter = Counter(monkeypatch, EspeakEngine)
    espeak = Voice(engine="espeak")
    narrate(_script(project, body="## A\n\nXin chào bà con.\n", name="a.md"), voice=espeak)
    narrate(_script(project, body="## B\n\nXin chào bà con. Tạm biệt.\n", name="b.md"),
            voice=espeak)
    assert counter.calls == ["Xin chào bà con.", "Tạm biệt."]


@pytest.mark.parametrize("suffix", [".mp3", ".wav", ".m4a"])
def test_recorded_scene_is_decoded_and_its_text_timed(project, speech_cache, suffix):
    tone(project.root / "scripts" / f"giong{suffix}", 3.0, lead_silence=0.5)
    body = ("## Cảnh\n\n[voice](giong" + suffix + ")\n\n"
            "Câu thứ nhất ngắn. Câu thứ hai thì dài gấp đôi câu đầu.\n")
    script = _script(project, body=body, front="title: T\nlang: tay\n")
    result = narrate(script)
    scene = result.scenes[0]
    assert scene.engine == "recorded" and result.engine == "recorded"
    channels, width, rate, duration = wav_facts(scene.wav)
    assert (channels, width) == (1, 2) and abs(duration - 3.5) < 0.1
    a, b = scene.sentences
    assert abs(a.start - 0.5) < 0.08 and abs(b.end - 3.5) < 0.08
    assert (b.end - b.start) / (a.end - a.start) == pytest.approx(len(b.text) / len(a.text), 0.05)


def test_missing_recording_for_tay_names_file_and_scene_line(project, speech_cache):
    script = _script(project, body="## Cảnh một\n\nMột câu.\n", front="title: T\nlang: tay\n")
    with pytest.raises(SpeechError) as info:
        narrate(script)
    error = info.value
    assert error.file == str(script.path) and error.line == script.scenes[0].line
    assert error.exit_code == 2 and "recording" in str(error)


def test_engine_recorded_needs_every_scene_recorded(project, speech_cache):
    script = _script(project, body="## A\n\nMột câu.\n")
    with pytest.raises(SpeechError):
        narrate(script, voice=Voice(engine="recorded"))


def test_auto_falls_back_to_espeak_with_one_notice(project, speech_cache, no_network):
    notices: list[str] = []
    started = time.monotonic()
    result = narrate(_script(project), notice=notices.append)
    narrate(_script(project), notice=notices.append)
    assert time.monotonic() - started < 3.5
    assert result.engine == "espeak" and len(notices) == 1 and "espeak" in notices[0]


def test_offline_forces_espeak_without_probing(project, speech_cache, monkeypatch):
    from studio.speech import gtts_engine
    monkeypatch.setattr(gtts_engine, "probe", lambda *a, **k: pytest.fail("probed"))
    notices: list[str] = []
    result = narrate(_script(project), voice=Voice(offline=True), notice=notices.append)
    assert result.engine == "espeak" and notices == []


def test_plan_scene_orders_sentences_and_silences():
    from studio.script.model import Paragraph, Pause, Scene
    scene = Scene(0, "A", 1, (Paragraph("Một. Hai."), Pause(2.0), Paragraph("Ba.")))
    plan = plan_scene(scene, "vi", Lexicon())
    assert [type(p).__name__ for p in plan] == ["Line", "Gap", "Line", "Gap", "Line"]
    assert plan[3] == Gap(2.0) and plan[4] == Line("Ba.", "Ba.")


def test_spread_timings_is_proportional_to_text_length():
    out = spread_timings([Line("ab", "ab"), Line("abcdef", "abcdef")], 1.0, 5.0)
    assert (out[0].start, out[0].end, out[1].start, out[1].end) == (1.0, 2.0, 2.0, 5.0)


def test_parallel_processes_share_the_cache_safely(tmp_path, speech_cache):
    code = ("import sys; from studio.speech.engines import EspeakEngine;"
            "from studio.speech.cache import ClipCache, cache_key;"
            "e = EspeakEngine(); c = ClipCache();"
            "[c.fetch(cache_key(text=t), lambda t=t: e.synthesize(t, voice='vi', speed=1.0))"
            " for t in ['Một hai ba.', 'Bốn năm sáu.', 'Bảy tám chín.'] * 5]")
    env = {**os.environ, "STUDIO_CACHE_DIR": str(speech_cache)}
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(3)]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    files = sorted(Path(speech_cache).rglob("*"))
    wavs = [f for f in files if f.suffix == ".wav"]
    assert len(wavs) == 3 and all(".studio-tmp-" not in f.name for f in files)
    assert all(wav_facts(w)[3] > 0.5 for w in wavs)
