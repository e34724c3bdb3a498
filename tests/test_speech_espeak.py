"""espeak-ng through ctypes makes real Vietnamese speech, with the voice asked for."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from helpers_speech import rms_db
from studio.errors import SpeechError
from studio.speech.engines import EspeakEngine, engine_status
from studio.speech.espeak import espeak, words_per_minute
from studio.speech.wav import SAMPLE_RATE

SENTENCE = "Mọi trẻ em đều có quyền được học tập, vui chơi và được bảo vệ."  # 15 syllables


def test_vietnamese_speech_is_plausible_and_not_silent():
    audio = EspeakEngine().synthesize(SENTENCE, voice="vi", speed=1.0)
    syllables = len(SENTENCE.split())
    assert audio.rate == SAMPLE_RATE
    assert syllables / 7 < audio.duration < syllables / 1.5  # 1.5–7 syllables a second
    assert rms_db(audio.samples) > -35
    assert np.abs(audio.samples.astype(np.int32)).max() > 3000


@pytest.mark.parametrize("voice, name", [("vi", "Vietnamese (Northern)"),
                                         ("vi-VN-x-central", "Vietnamese (Central)"),
                                         ("vi-VN-x-south", "Vietnamese (Southern)")])
def test_the_vietnamese_voice_is_really_selected(voice, name):
    _audio, used = espeak().synth("Xin chào.", voice, 165)
    assert used == name


def test_vietnamese_voice_differs_from_english_on_the_same_text():
    vi_audio, vi_used = espeak().synth(SENTENCE, "vi", 165)
    en_audio, en_used = espeak().synth(SENTENCE, "en", 165)
    assert vi_used.startswith("Vietnamese") and en_used.startswith("English")
    # English reads the Vietnamese letters as spelt-out foreign words: much longer
    assert en_audio.duration > vi_audio.duration * 1.3


def test_speed_changes_duration():
    slow = EspeakEngine().synthesize(SENTENCE, voice="vi", speed=0.75)
    fast = EspeakEngine().synthesize(SENTENCE, voice="vi", speed=1.5)
    assert fast.duration < slow.duration * 0.7
    assert words_per_minute(10) == 450 and words_per_minute(0.1) == 80


def test_unknown_voice_is_a_speech_error():
    with pytest.raises(SpeechError, match="no voice"):
        espeak().synth("Xin chào.", "xx-nope", 165)


def test_voice_for_languages_and_names():
    engine = EspeakEngine()
    assert engine.voice_for("vi") == "vi" and engine.voice_for("zh") == "cmn"
    assert engine.voice_for("vi", "vi-VN-x-south") == "vi-VN-x-south"
    assert engine.voice_for("vi", "en-us") == "vi"  # a voice of another language is ignored
    with pytest.raises(SpeechError, match="record"):
        engine.voice_for("tay")


def test_threads_share_the_library_safely():
    texts = [f"Câu số {w}." for w in ("một", "hai", "ba", "bốn")] * 3
    expected = {t: EspeakEngine().synthesize(t, voice="vi", speed=1.0).samples for t in set(texts)}
    results: dict[int, np.ndarray] = {}

    def work(i: int, text: str) -> None:
        results[i] = EspeakEngine().synthesize(text, voice="vi", speed=1.0).samples

    threads = [threading.Thread(target=work, args=(i, t)) for i, t in enumerate(texts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # espeak varies by a few samples run to run; mixed-up buffers would differ by far more
    for i, text in enumerate(texts):
        assert abs(len(results[i]) - len(expected[text])) < 0.02 * len(expected[text])
        assert rms_db(results[i]) > -35


def test_engine_status_reports_espeak_usable_with_vietnamese_voices(no_network):
    rows = {name: (ok, detail) for name, ok, detail in engine_status()}
    assert rows["espeak"][0] and "vi-VN-x-south" in rows["espeak"][1]
    assert rows["gtts"][0] is False and "espeak" in rows["gtts"][1]
    assert set(rows) == {"espeak", "gtts", "edge", "neural", "recorded"}


from helpers_speech import no_network  # noqa: E402,F401
