"""Recorded scenes subtitled well: cue times that follow the speaker's pauses, and a
translation under a paragraph (`[vi] …` after it)."""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers_cli import error_lines, run_cli
from studio.ffmpeg import ffmpeg_exe
from studio.project import Project
from studio.script import load
from studio.script.model import Paragraph, Translation
from studio.speech.narrate import Line, narrate, narrate_text, spread_timings
from studio.speech.pauses import (FRAME, Quiet, Speech, find_speech, frame_levels,
                                  match_pauses, runs, sentence_times, spread, wav_levels)
from studio.speech.speak import export_audio
from studio.speech.voice import Voice
from studio.speech.wav import concat, read_wav, silence
from studio.video.cues import build_subtitles, rules_for

RATE = 8000


# synthetic signals ----------------------------------------------------------------------

def voiced(seconds: float, amp: float = 0.3, seed: int = 0) -> np.ndarray:
    """A voice stand-in: a tone with a syllable-rate envelope and a little noise."""
    t = np.arange(int(round(seconds * RATE))) / RATE
    rng = np.random.default_rng(seed)
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t) ** 2
    wave_ = np.sin(2 * np.pi * 190 * t) + 0.02 * rng.standard_normal(len(t))
    return amp * 32767 * envelope * wave_


def hush(seconds: float, floor_db: float = -65.0, seed: int = 1) -> np.ndarray:
    """Room noise at `floor_db` dBFS RMS."""
    rng = np.random.default_rng(seed)
    return 10 ** (floor_db / 20) * 32767 * rng.standard_normal(int(round(seconds * RATE)))


def recording(layout: list[tuple[str, float]], *, floor_db: float = -65.0, gain: float = 1.0
              ) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Samples for `[("say"|"hush", seconds), …]` and the true (start, end) of each hush."""
    parts, hushes, t = [], [], 0.0
    for n, (kind, seconds) in enumerate(layout):
        if kind == "say":
            parts.append(voiced(seconds, seed=n) * gain)
        else:
            parts.append(hush(seconds, floor_db, seed=n))
            hushes.append((t, t + seconds))
        t += seconds
    samples = np.concatenate(parts)
    noise = 10 ** (floor_db / 20) * 32767 * np.random.default_rng(99).standard_normal(
        len(samples))
    return np.clip(samples + noise, -32767, 32767).astype(np.int16), hushes


def speech_of(layout, **kw) -> tuple[Speech, list[tuple[float, float]]]:
    samples, hushes = recording(layout, **kw)
    return find_speech(frame_levels(samples, RATE)), hushes


def inside(t: float, span: tuple[float, float], slack: float = FRAME + 1e-6) -> bool:
    return span[0] - slack <= t <= span[1] + slack


# finding pauses -------------------------------------------------------------------------

def test_a_tone_reads_at_its_rms_level_frame_by_frame():
    t = np.arange(int(1.01 * RATE)) / RATE  # 1.01 s: the last, partial frame counts too
    samples = (0.5 * 32767 * np.sin(2 * np.pi * 200 * t)).astype(np.int16)
    levels = frame_levels(samples, RATE)
    assert len(levels) == 51
    assert np.allclose(levels[:50], 20 * np.log10(0.5 / np.sqrt(2)), atol=0.1)


def test_runs_are_the_stretches_where_a_mask_holds():
    assert runs(np.array([0, 1, 1, 0, 1], dtype=bool)) == [(1, 3), (4, 5)]
    assert runs(np.array([1, 1], dtype=bool)) == [(0, 2)] and runs(np.zeros(3, bool)) == []


LAYOUT = [("hush", 0.5), ("say", 1.0), ("hush", 0.4), ("say", 1.5), ("hush", 0.08),
          ("say", 0.8), ("hush", 0.9), ("say", 1.2), ("hush", 0.6)]


def test_pauses_are_found_where_the_gaps_are_and_short_dips_are_not():
    speech, hushes = speech_of(LAYOUT)
    lead, first, short, second, tail = hushes
    assert inside(speech.start, (lead[1], lead[1])) and inside(speech.end, (tail[0], tail[0]))
    assert len(speech.pauses) == 2  # the 0.08 s dip is inside a word, not a pause
    for pause, truth in zip(speech.pauses, (first, second)):
        assert inside(pause.start, (truth[0], truth[0]))
        assert inside(pause.end, (truth[1], truth[1]))


@pytest.mark.parametrize("gain, floor_db", [(0.05, -90.0), (1.0, -38.0)])
def test_quiet_is_relative_to_the_recording_own_speech_and_floor(gain, floor_db):
    """A faint recording (speech ~-36 dBFS) and a noisy one (floor -38 dB) pause in the same
    places as a clean one."""
    clean, _ = speech_of(LAYOUT)
    other, _ = speech_of(LAYOUT, gain=gain, floor_db=floor_db)
    assert len(other.pauses) == len(clean.pauses)
    for a, b in zip(other.pauses, clean.pauses):
        assert abs(a.start - b.start) <= 2 * FRAME and abs(a.end - b.end) <= 2 * FRAME


def test_a_click_does_not_split_a_pause():
    samples, hushes = recording([("say", 1.0), ("hush", 0.8), ("say", 1.0)])
    middle = int(1.4 * RATE)
    samples[middle:middle + int(0.01 * RATE)] = 20000
    speech = find_speech(frame_levels(samples, RATE))
    (pause,) = speech.pauses
    assert inside(pause.start, (hushes[0][0],) * 2) and inside(pause.end, (hushes[0][1],) * 2)


def test_steady_sound_has_no_pauses_and_silence_has_no_speech():
    steady = find_speech(frame_levels(voiced(2.0).astype(np.int16), RATE))
    assert steady.pauses == () and steady.start == 0.0 and steady.end == pytest.approx(2.0)
    assert find_speech(frame_levels(np.zeros(RATE, dtype=np.int16), RATE)) is None
    assert find_speech(np.zeros(0)) is None


def test_levels_read_from_a_wav_in_blocks_equal_those_in_memory(tmp_path):
    samples, _ = recording(LAYOUT)
    path = tmp_path / "r.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.astype("<i2").tobytes())
    assert np.array_equal(wav_levels(path, block_frames=7), frame_levels(samples, RATE))


# choosing which pauses end sentences ----------------------------------------------------

def test_spread_shares_a_span_out_by_weight():
    assert spread([1, 3], 2.0, 6.0) == ((2.0, 3.0), (3.0, 6.0))
    assert spread([0, 0], 1.0, 2.0) == ((1.0, 1.0), (1.0, 1.0))


def ends_in(times, hushes) -> list[bool]:
    """For each boundary between sentences: does it lie in one of the true pauses?"""
    return [any(inside(end, h) and inside(start, h) for h in hushes)
            for (_, end), (start, _) in zip(times, times[1:])]


def test_matching_follows_the_text_not_just_the_longest_pauses():
    """Three sentences of equal text; the third has a long pause in its middle. The two
    longest pauses would cut it; ordered matching cuts where the lengths fit."""
    layout = [("say", 3.0), ("hush", 0.4), ("say", 3.0), ("hush", 0.4), ("say", 1.2),
              ("hush", 0.8), ("say", 1.8)]
    speech, hushes = speech_of(layout)
    assert len(speech.pauses) == 3
    longest = sorted(speech.pauses, key=lambda q: -q.length)[:2]
    assert speech.pauses[2] in longest  # the mid-sentence pause is one of the two longest
    times = sentence_times([10, 10, 10], speech, 10.6)
    assert ends_in(times, hushes[:2]) == [True, True]
    assert times[2] == (speech.pauses[1].end, speech.end)


def test_too_few_pauses_spread_the_rest_by_text_length():
    layout = [("say", 2.0), ("hush", 0.6), ("say", 6.0)]  # sentences 2 and 3 run together
    speech, hushes = speech_of(layout)
    (a, b), (c, d), (e, f) = sentence_times([10, 10, 20], speech, 8.6)
    assert (a, b) == (speech.start, speech.pauses[0].start) and inside(b, hushes[0])
    assert c == speech.pauses[0].end and f == speech.end and d == e
    assert (f - e) / (d - c) == pytest.approx(2.0)


def test_without_pauses_it_is_the_proportional_spread():
    speech = Speech(0.5, 4.5)
    assert sentence_times([1, 3], speech, 5.0) == spread([1, 3], 0.5, 4.5)
    assert sentence_times([1, 1], None, 5.0) == ((0.0, 2.5), (2.5, 5.0))
    assert sentence_times([7], Speech(1.0, 2.0, (Quiet(1.2, 1.5),)), 3.0) == ((1.0, 2.0),)
    assert sentence_times([], speech, 5.0) == ()


def test_the_matching_cuts_in_order_and_covers_every_sentence():
    speech = Speech(0.0, 10.0, tuple(Quiet(t, t + 0.5) for t in (1.5, 3.5, 5.5, 7.5)))
    stretches = match_pauses([3, 3, 3, 3, 3], speech)
    assert [s[2:] for s in stretches] == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert [s[0] for s in stretches] == [0.0, 2.0, 4.0, 6.0, 8.0]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(0.3, 3.0), st.floats(0.05, 1.5)), min_size=1, max_size=6),
       st.lists(st.integers(1, 80), min_size=1, max_size=9))
def test_every_sentence_lies_inside_speech_in_order(pieces, weights):
    layout = [("hush", 0.3)]
    for say, gap in pieces:
        layout += [("say", say), ("hush", gap)]
    speech, _ = speech_of(layout)
    times = sentence_times(weights, speech, sum(s for _, s in layout))
    assert len(times) == len(weights)
    assert times[0][0] == speech.start and times[-1][1] == speech.end
    for (s, e), (s2, _) in zip(times, times[1:]):
        assert s <= e <= s2
    assert all(speech.start <= s <= e <= speech.end for s, e in times)


# a real recording -----------------------------------------------------------------------

SAID = ["Xin chào bà con trong bản.", "Hôm nay xã họp dân ở nhà văn hóa.",
        "Mời mọi người đến đúng giờ nhé.", "Xin cảm ơn bà con đã lắng nghe."]
GAPS = (0.5, 1.4, 0.35, 0.9, 0.6)  # before, between and after the sentences: uneven
TAY_FRONT = "title: Họp dân\nlang: tay\n"


@pytest.fixture(scope="module")
def espeak_recording(tmp_path_factory) -> Path:
    """An MP3 a person might have made: the offline voice saying each sentence, with
    silences of different lengths between them."""
    folder = tmp_path_factory.mktemp("recording")
    voice = Voice(offline=True, cache_dir=folder / "cache")
    parts = [silence(GAPS[0])]
    for sentence, gap in zip(SAID, GAPS[1:]):
        parts += [read_wav(narrate_text(sentence, lang="vi", voice=voice).wav), silence(gap)]
    return export_audio(concat(parts), folder / "giong.mp3")


def silences(path: Path) -> list[tuple[float, float]]:
    """The file's pauses as ffmpeg's own silencedetect hears them (not studio's finder)."""
    report = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af",
                             "silencedetect=noise=-40dB:duration=0.25", "-f", "null", "-"],
                            capture_output=True, text=True, encoding="utf-8").stderr
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", report)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", report)]
    return list(zip(starts, ends))


def recorded_project(project, recording: Path, body_extra: str = "") -> Path:
    (project.root / "scripts" / "giong.mp3").write_bytes(recording.read_bytes())
    body = ("## Họp dân\n[voice](giong.mp3)\n\n" + " ".join(SAID) + "\n" + body_extra)
    return project.script(front=TAY_FRONT, body=body)


def cue_boundaries(cues) -> list[tuple[float, float]]:
    """Where one cue hands over to the next: (end of one, start of the next)."""
    return [(a.end, b.start) for a, b in zip(cues, cues[1:])]


def in_a_pause(boundary: tuple[float, float], pauses, slack: float = 0.06) -> bool:
    return any(p[0] - slack <= boundary[0] <= boundary[1] <= p[1] + slack for p in pauses)


def test_a_real_recording_with_pauses_gets_cue_boundaries_in_the_pauses(project,
                                                                        espeak_recording):
    pauses = silences(espeak_recording)
    assert len(pauses) == len(GAPS)  # the test's own reading: one per silence made
    script = load(recorded_project(project, espeak_recording), Project.at(project.root))
    scene = narrate(script, project=Project.at(project.root)).scenes[0]
    assert scene.engine == "recorded" and len(scene.sentences) == len(SAID)

    def cues(sentences):
        return build_subtitles([(0.0, scene.duration, [(s.text, s.start, s.end)
                                                       for s in sentences])],
                               rules_for(42, "tay"), scene.duration).cues

    timed = cues(scene.sentences)
    assert [c.text for c in timed] == SAID  # one cue a sentence: every boundary is one
    assert all(in_a_pause(b, pauses) for b in cue_boundaries(timed)), cue_boundaries(timed)
    assert all(in_a_pause((s.end, s.end), pauses, 0.05) for s in scene.sentences[:-1])
    # the old proportional spread of the same sentences misses the pauses
    lines = [Line(s.text, s.spoken) for s in scene.sentences]
    spread_out = spread_timings(lines, scene.sentences[0].start, scene.sentences[-1].end)
    assert not all(in_a_pause(b, pauses) for b in cue_boundaries(cues(spread_out)))


# bilingual subtitles: the script -------------------------------------------------------

def test_a_tagged_paragraph_or_line_translates_the_paragraph_before(project):
    body = ("## Cảnh\n\nPỏ mẻ phi noọng! Vằn slíp, bươn slíp sloong.\n\n"
            "[vi] Kính thưa bà con! Ngày 10 tháng 12.\n\nCâu thứ hai.\n[EN]: The second\n"
            "sentence.\n\n- Mục một\n- [vi] Mục một dịch\n")
    script = load(project.script(front="title: T\nlang: tay\n", body=body),
                  Project.at(project.root))
    first, second, item = script.scenes[0].parts
    assert first == Paragraph("Pỏ mẻ phi noọng! Vằn slíp, bươn slíp sloong.", 7,
                              Translation("vi", "Kính thưa bà con! Ngày 10 tháng 12.", 9))
    assert second.text == "Câu thứ hai." and second.translation == Translation(
        "en", "The second sentence.", 12)
    assert item.text == "Mục một" and item.translation.text == "Mục một dịch"
    assert "Kính thưa" not in script.scenes[0].narration  # subtitles only, never spoken


BAD_TAGS = [
    ("Câu.\n\n[vn] Câu dịch.\n", 9,
     "unknown language 'vn' in the translation tag '[vn]' — did you mean 'vi'?"),
    ("[vi] Không có gì để dịch.\n\nCâu.\n", 7,
     "the translation '[vi]' has nothing to translate — put it right after the paragraph "
     "it translates"),
    ("Câu.\n\n<!-- pause 1 -->\n\n[vi] Câu.\n", 11,
     "the translation '[vi]' has nothing to translate — put it right after the paragraph "
     "it translates"),
    ("Câu.\n\n[vi]\n", 9, "the translation '[vi]' is empty — write the translation after '[vi]'"),
    ("Câu.\n\n[tay] Câu.\n", 9, "'[tay]' translates into the script's own language — remove "
     "the tag, or set 'lang:' to the language spoken"),
    ("Câu.\n[vi] Một.\n[en] Two.\n", 9, "the paragraph at line 7 already has a translation — "
     "keep one translation per paragraph, or join them"),
]


@pytest.mark.parametrize("body, line, message", BAD_TAGS)
def test_a_bad_translation_is_one_line_at_its_script_line(project, body, line, message):
    path = project.script(front="title: T\nlang: tay\n", body="## Cảnh\n\n" + body)
    result = run_cli("check", path, "--project", project.root)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert error_lines(result) == [f"error: {path}:{line}: {message}"]
