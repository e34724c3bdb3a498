"""The neural engine on a tiny Piper-format voice the tests build (helpers_neural): the real
checks, the real sherpa-onnx load and synthesis, speakers, speed and word timings."""

from __future__ import annotations

import json

import numpy as np
import pytest

import helpers_neural as hn
from studio.errors import SpeechError
from studio.speech import engines, neural
from studio.speech.neural import NeuralEngine, project_voice, speaker_id
from studio.speech.neural_phonemes import plan_sentence, word_times
from studio.speech.piper_model import (config_path, graph_problem, prepare, read_voice,
                                       tokens_text)
from studio.speech.wav import SAMPLE_RATE

pytest.importorskip("sherpa_onnx")
onnx = pytest.importorskip("onnx")

SHORT = "Xin chào bà con."
LONG = "Xin chào bà con, hôm nay xã tổ chức tiêm chủng cho trẻ em dưới năm tuổi."


@pytest.fixture(scope="module")
def cache_root(tmp_path_factory):
    """One prepared-voice cache for the module (each voice is checked and trial-loaded once)."""
    return tmp_path_factory.mktemp("neural-cache")


@pytest.fixture(scope="module")
def one_voice(tmp_path_factory):
    return hn.write_voice(tmp_path_factory.mktemp("one") / "voices")


@pytest.fixture(scope="module")
def three_voices(tmp_path_factory):
    return hn.write_voice(tmp_path_factory.mktemp("three") / "voices", "vi_VN-three-x_low",
                          speakers=3)


def pitch(samples: np.ndarray, rate: int) -> float:
    """The tone's frequency from its upward zero crossings."""
    x = samples.astype(np.float64)
    return float(((x[:-1] < 0) & (x[1:] >= 0)).sum() / (len(x) / rate))


def test_project_voice_is_the_first_with_its_description(tmp_path):
    folder = tmp_path / "voices"
    hn.write_voice(folder, "b-voice")
    hn.write_voice(folder, "c-voice")
    (folder / "a-voice.onnx").write_bytes(b"no description beside it")
    assert project_voice(tmp_path) == folder / "b-voice.onnx"
    assert project_voice(tmp_path / "elsewhere") is None
    assert [p.name for p in neural.project_voices(tmp_path)] == ["b-voice.onnx", "c-voice.onnx"]


def test_tokens_are_single_code_points_from_the_phoneme_map(one_voice):
    voice = read_voice(one_voice)
    lines = tokens_text(voice).splitlines()
    table = hn.phoneme_id_map()
    assert len(lines) == len(table)
    assert all(len(line.rsplit(" ", 1)[0]) == 1 for line in lines)
    assert {line.rsplit(" ", 1)[0]: int(line.rsplit(" ", 1)[1]) for line in lines} == \
        {k: v[0] for k, v in table.items()}


def test_the_original_file_has_no_metadata_and_the_prepared_copy_has_it(one_voice, cache_root):
    assert not onnx.load(str(one_voice)).metadata_props  # as piper-voices ships them
    prepared = prepare(read_voice(one_voice), cache_root)
    meta = {p.key: p.value for p in onnx.load(str(prepared.model)).metadata_props}
    assert meta["comment"] == "piper" and meta["sample_rate"] == str(hn.SAMPLE_RATE)
    assert meta["n_speakers"] == "1" and meta["voice"] == "vi"
    assert not onnx.load(str(one_voice)).metadata_props  # the commune's file is left alone


def test_graph_problems_name_what_is_not_piper():
    assert graph_problem(hn.tiny_graph()) is None
    assert graph_problem(hn.tiny_graph(speakers=2)) is None
    assert "not Piper's" in graph_problem(hn.non_tts_graph())
    renamed = hn.tiny_graph(names=("tokens", "input_lengths", "scales", "sid"))
    assert "['tokens', 'input_lengths', 'scales']" in graph_problem(renamed)


@pytest.mark.parametrize("name, speakers, expected", [
    (None, 3, 0), ("female", 3, 0), ("male", 3, 1), ("2", 3, 2), ("speaker1", 3, 1),
    ("female", 1, 0), ("male", 1, 0)])
def test_speaker_names(three_voices, one_voice, name, speakers, expected):
    voice = read_voice(three_voices if speakers == 3 else one_voice)
    told: list[str] = []
    assert speaker_id(voice, name, told.append) == expected
    assert len(told) == (1 if (speakers, name) == (1, "male") else 0)


def test_unknown_speakers_are_one_line_with_a_suggestion(three_voices):
    voice = read_voice(three_voices)
    with pytest.raises(SpeechError) as exc:
        speaker_id(voice, "speakr2")
    assert "has no speaker 'speakr2'" in str(exc.value) and "speaker2" in str(exc.value)
    with pytest.raises(SpeechError, match="has no speaker 7 — use 0 to 2"):
        speaker_id(voice, "7")


def test_words_follow_the_spoken_order_and_share_the_sentence(one_voice):
    voice = read_voice(one_voice)
    tokens = frozenset(k for k, _ in voice.tokens) - {"_", "^", "$"}
    plan = plan_sentence(LONG, "vi", tokens)
    assert [w for w, _a, _b in plan.words] == LONG.replace(",", "").replace(".", "").split()
    assert ", " in plan.phonemes and plan.phonemes.endswith(".")
    times = word_times(plan, 4.0)
    starts = [s for _w, s, _e in times]
    assert starts == sorted(starts) and all(s < e <= 4.0 for _w, s, e in times)
    assert all(e1 <= s2 for (_a, _s1, e1), (_b, s2, _e2) in zip(times, times[1:]))


def _engine(model, cache_root, notice=None) -> NeuralEngine:
    return NeuralEngine(model, cache_root=cache_root, notice=notice)


def test_length_follows_the_text_and_the_speed(one_voice, cache_root):
    engine = _engine(one_voice, cache_root)
    voice = engine.voice_for("vi")
    short = engine.synthesize(SHORT, voice=voice, speed=1.0)
    long = engine.synthesize(LONG, voice=voice, speed=1.0)
    fast = engine.synthesize(LONG, voice=voice, speed=2.0)
    assert short.rate == long.rate == SAMPLE_RATE
    tokens = frozenset(k for k, _ in engine.voice.tokens) - {"_", "^", "$"}
    ids = [plan_sentence(t, "vi", tokens).ids for t in (SHORT, LONG)]
    # the tiny voice speaks HOP samples an id: the length is the ids' count, to the sample
    assert short.duration == pytest.approx(ids[0] * hn.HOP / hn.SAMPLE_RATE, abs=0.002)
    assert long.duration == pytest.approx(ids[1] * hn.HOP / hn.SAMPLE_RATE, abs=0.002)
    assert fast.duration == pytest.approx(long.duration / 2, rel=0.01)


def test_the_voice_description_length_scale_is_honoured(tmp_path, cache_root):
    config = hn.voice_config()
    config["inference"]["length_scale"] = 1.5
    slow = hn.write_voice(tmp_path / "voices", "slow", config=config)
    normal = hn.write_voice(tmp_path / "voices", "normal")
    said = [_engine(m, cache_root).synthesize(SHORT, voice="0", speed=1.0).duration
            for m in (normal, slow)]
    assert said[1] == pytest.approx(said[0] * 1.5, rel=0.01)
    quick = _engine(slow, cache_root).synthesize(SHORT, voice="0", speed=1.5).duration
    assert quick == pytest.approx(said[0], rel=0.01)


def test_the_speaker_id_reaches_the_model(three_voices, cache_root):
    engine = _engine(three_voices, cache_root)
    heard = [pitch(engine.synthesize(SHORT, voice=engine.voice_for("vi", name), speed=1.0)
                   .samples, SAMPLE_RATE) for name in ("female", "male", "2")]
    assert heard == [pytest.approx(hn.BASE_HZ + hn.STEP_HZ * n, rel=0.03) for n in range(3)]


def test_word_timings_lie_inside_the_returned_audio(one_voice, cache_root):
    engine = _engine(one_voice, cache_root)
    audio, words = engine.synthesize_timed(LONG, voice="0", speed=1.0)
    assert [w for w, _s, _e in words][:3] == ["Xin", "chào", "bà"]
    assert len(words) == len(LONG.split())
    assert words[0][1] < 0.1 and words[-1][2] <= audio.duration + 1e-3
    assert words[-1][2] > audio.duration * 0.9  # the last word ends near the end ("." after)


def test_a_voice_for_another_language_is_refused(one_voice, cache_root):
    with pytest.raises(SpeechError, match="speaks 'vi', not 'en'"):
        _engine(one_voice, cache_root).voice_for("en")


def test_identity_names_the_voice_and_its_content(tmp_path, one_voice, cache_root):
    first = _engine(one_voice, cache_root).identity()
    other = hn.write_voice(tmp_path / "voices", one_voice.stem, speakers=2)
    assert first.startswith(f"neural {one_voice.stem} sha256:")
    assert _engine(other, cache_root).identity() != first  # same name, other file: new clips


def test_without_the_extra_one_line_names_it(one_voice, monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "sherpa_onnx" else real(name, *a))
    with pytest.raises(SpeechError) as exc:
        NeuralEngine(one_voice)
    assert 'pip install "studio[neural]"' in str(exc.value)
    assert engines._neural_unusable(engines.Where(model=one_voice)) == \
        'a voice file but no neural runtime: pip install "studio[neural]"'  # auto passes it by


def test_a_bad_description_is_one_line(tmp_path):
    model = hn.write_voice(tmp_path / "voices", "v")
    config_path(model).write_text("{not json", encoding="utf-8")
    with pytest.raises(SpeechError, match="is not valid JSON"):
        read_voice(model)
    config_path(model).write_text(json.dumps({"audio": {"sample_rate": 22050}}),
                                  encoding="utf-8")
    with pytest.raises(SpeechError, match="has no Piper 'phoneme_id_map'"):
        read_voice(model)


def test_auto_takes_the_neural_voice_with_a_voice_file_and_the_runtime(tmp_path, one_voice):
    assert neural.project_voice(one_voice.parent.parent) == one_voice
    assert engines._neural_unusable(engines.Where(model=one_voice)) == ""
    assert neural.project_voice(tmp_path) is None  # no voices/ folder
    assert engines._neural_unusable(engines.Where()) == "no project voice file"


def test_offline_keeps_the_neural_voice_asked_for():
    from studio.speech.voice import Voice
    assert Voice(offline=True).engine_for("neural") == "neural"
    assert Voice(offline=True, engine="neural").engine_for("gtts") == "neural"
    assert Voice(offline=True).engine_for("gtts") == "espeak"
    assert Voice(offline=True).engine_for("auto") == "espeak"
