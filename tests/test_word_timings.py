"""Word timings (issue #20, item 4): espeak-ng's own word positions, matched to the words
shown, in scene time; cached beside the clip (a missing or stale sidecar means synthesis
again); none from an engine that reports none (video then estimates)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from helpers_speech import Counter, speech_cache, wav_samples  # noqa: F401
from studio.project import Project
from studio.script import load
from studio.speech.cache import ClipCache
from studio.speech.engines import EspeakEngine
from studio.speech.espeak import speak_timed
from studio.speech.narrate import narrate, narrate_text
from studio.speech.normalize.lexicon import load_lexicon
from studio.speech.voice import Voice
from studio.speech.wav import Audio
from studio.speech.wordtimes import shown_words

ESPEAK = Voice(engine="espeak")
# commas make espeak-ng pause, so each word after one starts with a clear onset in the audio
COUNTING = "Một, hai, ba bốn năm sáu bảy, tám, chín."
SENTENCES = ("Ngày 10/12 hằng năm là Ngày Quyền con người thế giới. "
             "Xã Hòa Bình tổ chức tiêm vắc xin cho trẻ em từ 2023 - 2028.")


def onsets(samples: np.ndarray, rate: int) -> list[float]:
    """Times where sound starts after at least 60 ms of near-silence (10 ms frames)."""
    frame = rate // 100
    rms = np.sqrt(np.mean(samples[:len(samples) // frame * frame].astype(float)
                          .reshape(-1, frame) ** 2, axis=1))
    loud = rms > 0.05 * rms.max()
    out, quiet = [], 6
    for i, is_loud in enumerate(loud):
        if is_loud and quiet >= 6:
            out.append(i / 100)
        quiet = 0 if is_loud else quiet + 1
    return out


def test_espeak_reports_every_word_in_order_within_its_audio():
    audio, words = speak_timed("xin chào bà con hôm nay", "vi", 1.0)
    assert [w for w, _, _ in words] == ["xin", "chào", "bà", "con", "hôm", "nay"]
    starts = [start for _, start, _ in words]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(0 <= start <= end <= audio.duration for _, start, end in words)


def test_a_word_after_a_pause_starts_where_its_sound_starts():
    audio, words = speak_timed(COUNTING, "vi", 1.0)
    heard = onsets(audio.samples, audio.rate)
    after_comma = [start for word, start, _ in words if word in ("hai", "ba", "tám", "chín")]
    assert len(heard) >= 5
    for start in after_comma:  # espeak's position, shifted by the trimmed silence
        assert min(abs(start - t) for t in heard) < 0.08, (start, heard)


def test_the_leading_silence_trimmed_is_taken_off_the_word_times():
    audio, words = speak_timed(COUNTING, "vi", 1.0)
    loud = np.flatnonzero(np.abs(audio.samples.astype(int)) > 600)
    assert words[0][1] == 0.0 and loud[0] / audio.rate < 0.08  # speech starts at once
    assert words[-1][2] == pytest.approx(audio.duration, abs=0.01)


def test_narrated_words_are_the_shown_words_in_scene_time(project, speech_cache):
    scene = narrate_text(SENTENCES, voice=ESPEAK, project=Project.at(project.root))
    first, second = scene.sentences
    assert [w.text for w in first.words] == first.text.split()
    assert [w.text for w in second.words] == second.text.split()
    for sentence in scene.sentences:
        starts = [w.start for w in sentence.words]
        assert starts == sorted(starts)
        assert all(sentence.start <= w.start <= w.end <= sentence.end + 0.001
                   for w in sentence.words)
    assert second.words[0].start == pytest.approx(second.start, abs=0.01)  # scene time
    day, date = first.words[:2]  # "Ngày 10/12": "ngày mười tháng mười hai"
    assert (day.text, date.text) == ("Ngày", "10/12")
    assert 0.1 < day.end - day.start < date.end - date.start and date.end - date.start > 0.5


def test_a_number_said_as_several_words_gets_their_whole_time():
    lexicon = load_lexicon("vi")
    spoken = [("từ", 0.0, 0.2), ("hai", 0.2, 0.4), ("nghìn", 0.4, 0.6), ("đến", 0.6, 0.7),
              ("ba", 0.7, 0.9)]
    words = shown_words("từ 2000 - 3", spoken, "vi", lexicon)
    assert [(w.text, w.start, w.end) for w in words] == [
        ("từ", 0.0, 0.2), ("2000", 0.2, 0.7), ("-", 0.7, 0.7), ("3", 0.7, 0.9)]


def test_words_that_do_not_match_the_text_are_not_used():
    lexicon = load_lexicon("vi")
    spoken = [("một", 0.0, 0.2), ("hai", 0.2, 0.4), ("ba", 0.4, 0.6)]
    assert shown_words("bốn năm sáu", spoken, "vi", lexicon) == ()
    assert shown_words("一二三", spoken, "zh", lexicon) == ()


def test_word_timings_are_cached_with_the_clip(project, speech_cache, monkeypatch):
    counter = Counter(monkeypatch, EspeakEngine)
    root = Project.at(project.root)
    first = narrate_text(SENTENCES, voice=ESPEAK, project=root)
    assert len(counter.calls) == 2
    again = narrate_text(SENTENCES, voice=ESPEAK, project=root)
    assert len(counter.calls) == 2 and again.sentences == first.sentences
    sidecars = sorted(speech_cache.rglob("*.words.json"))
    assert len(sidecars) == 2

    sidecars[0].unlink()  # missing: that sentence is made again, with its words
    stale = json.loads(sidecars[1].read_text(encoding="utf-8"))
    stale["samples"] += 1  # made for other samples: not trusted
    sidecars[1].write_text(json.dumps(stale), encoding="utf-8")
    third = narrate_text(SENTENCES, voice=ESPEAK, project=root)
    assert len(counter.calls) == 4  # both made again (espeak-ng may differ by a few ms)
    assert [[w.text for w in s.words] for s in third.sentences] == \
        [[w.text for w in s.words] for s in first.sentences]
    assert all(s.words[-1].end <= s.end + 0.001 for s in third.sentences)
    assert json.loads(sidecars[1].read_text(encoding="utf-8"))["samples"] != stale["samples"]


def test_an_engine_without_word_positions_leaves_words_empty(tmp_path):
    from studio.speech.narrate import _Synth

    class Plain:
        name, online = "plain", False

        def identity(self):
            return "plain 1"

        def voice_for(self, lang, name=None):
            return "one"

        def synthesize(self, spoken, *, voice, speed):
            return Audio(np.full(22050, 3000, dtype=np.int16))

    synth = _Synth(Plain(), "vi", None, 1.0, ClipCache(tmp_path))
    audio, words = synth.timed_clip("xin chào")
    assert words == () and audio.duration == 1.0


def test_script_narration_carries_words_and_recordings_none(project, speech_cache):
    path = project.script(body="## A\n\nXin chào bà con.\n")
    result = narrate(load(path, Project.at(project.root)), voice=ESPEAK,
                     project=Project.at(project.root))
    (sentence,) = result.scenes[0].sentences
    assert [w.text for w in sentence.words] == ["Xin", "chào", "bà", "con."]
    samples, rate = wav_samples(result.scenes[0].wav)
    for word in sentence.words:  # each word has sound in its span
        piece = samples[int(word.start * rate):int(word.end * rate)].astype(float)
        assert np.sqrt(np.mean(piece ** 2)) > 300

