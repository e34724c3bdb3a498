"""Recorded scenes subtitled well: cue times that follow the speaker's pauses, and a
translation under each subtitle (`[vi] …` after a paragraph) — on screen, in SRT/VTT and in
the transcript."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
import srt
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from helpers_cli import error_lines, run_cli
from helpers_speech import Counter
from helpers_video import frame_at
from studio.errors import FontError
from studio.ffmpeg import ffmpeg_exe
from studio.graphics.fonts import spec_for
from studio.project import Project
from studio.script import approve, load
from studio.script.model import Paragraph, Scene, Translation
from studio.speech.engines import EspeakEngine
from studio.speech.model import SubtitleTranslation
from studio.speech.narrate import (Line, narrate, narrate_text, pair_translations,
                                   spread_timings)
from studio.speech.pauses import (FRAME, Quiet, Speech, find_speech, frame_levels,
                                  match_pauses, runs, sentence_times, spread, wav_levels)
from studio.speech.speak import export_audio
from studio.speech.voice import Voice
from studio.speech.wav import concat, read_wav, silence
from studio.video import prepare_video
from studio.video.cues import (build_subtitles, cut_costs, rules_for, share_out, tokenize,
                               translation_rules)
from studio.video.formats import parse_format
from studio.video.frame import frame_layout, safe_box
from studio.video.overlays import draw_subtitle
from studio.video.render import subtitles_for
from studio.video.timeline import plan_timeline

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
    assert all(in_a_pause((s.start, s.start), pauses, 0.05) for s in scene.sentences[1:])
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
    ("Câu.\n\n[vi] " + "a" * 60 + "\n", 9, "word 'aaaaaaaaaaaaaaaaaaaa…' is 60 characters long, "
     "longer than any real word (at most 40) — put spaces between the words"),
]


@pytest.mark.parametrize("body, line, message", BAD_TAGS)
def test_a_bad_translation_is_one_line_at_its_script_line(project, body, line, message):
    path = project.script(front="title: T\nlang: tay\n", body="## Cảnh\n\n" + body)
    result = run_cli("check", path, "--project", project.root)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert error_lines(result) == [f"error: {path}:{line}: {message}"]


def test_a_translation_must_have_glyphs_in_its_face(project):
    path = project.script(body="## Cảnh\n\nCâu.\n\n[en] A sickle ☭ here.\n")
    script = load(path, Project.at(project.root))
    with pytest.raises(FontError) as info:
        prepare_video(script, allow_draft=True, project=Project.at(project.root))
    assert "'☭' (U+262D)" in str(info.value) and "translation at line 9" in str(info.value)


# bilingual subtitles: narration and cues ------------------------------------------------

def scene_of(*paragraphs: Paragraph) -> Scene:
    return Scene(0, "Cảnh", 1, paragraphs)


def lines_of(*texts: str) -> tuple[Line, ...]:
    return tuple(Line(t, t) for t in texts)


def test_translations_pair_sentence_by_sentence_when_the_counts_match():
    paired = Paragraph("A một. B hai.", 2, Translation("vi", "Một. Hai.", 3))
    whole = Paragraph("C ba. D bốn. E năm.", 4, Translation("en", "Three, four and five.", 5))
    said = (lines_of("A một.", "B hai."), lines_of("C ba.", "D bốn.", "E năm."))
    assert pair_translations(scene_of(paired, whole), said) == (
        SubtitleTranslation("vi", "Một.", 0, 0), SubtitleTranslation("vi", "Hai.", 1, 1),
        SubtitleTranslation("en", "Three, four and five.", 2, 4))
    assert pair_translations(scene_of(Paragraph("F.", 1)), (lines_of("F."),)) == ()


def test_a_synthesised_scene_carries_its_translation_without_speaking_it(project, monkeypatch):
    counter = Counter(monkeypatch, EspeakEngine)
    path = project.script(body="## Cảnh\n\nXin chào bà con. Hôm nay họp dân.\n\n"
                               "[en] Hello everyone. We meet today.\n")
    narration = narrate(load(path, Project.at(project.root)), voice=Voice(engine="espeak"),
                        project=Project.at(project.root))
    (scene,) = narration.scenes
    assert [t.text for t in scene.translations] == ["Hello everyone.", "We meet today."]
    assert not any("Hello" in call or "meet" in call for call in counter.calls)


def test_each_cue_carries_its_share_of_a_long_translation():
    rules = rules_for(28, "tay")
    text = ("Pỏ mẻ phi noọng, vằn slíp bươn slíp sloong, mời pỏ mẻ pày hội, "
            "mời pỏ mẻ pày hội đúng giờ nhé.")
    translation = ("Kính thưa bà con, ngày mười tháng mười hai, mời bà con đến họp, "
                   "mời bà con đến họp đúng giờ nhé.")
    cues = build_subtitles([(0.0, 12.0, [(text, 0.0, 11.0)],
                             [SubtitleTranslation("vi", translation, 0, 0)])],
                           rules, 12.0).cues
    assert len(cues) > 1
    shown = " ".join(line for cue in cues for line in cue.translation)
    assert shown == translation  # all of it, in order, once
    limit = translation_rules(rules, "vi").max_chars
    assert limit > rules.max_chars
    assert all(1 <= len(c.translation) <= 2 and max(map(len, c.translation)) <= limit
               for c in cues)
    assert all(c.translation[-1].endswith((",", ".")) for c in cues)  # cut after clauses


def test_a_short_translation_stays_whole_under_every_cue_of_its_sentence():
    rules = rules_for(28, "vi")
    text = "Pỏ mẻ phi noọng, vằn slíp bươn slíp sloong, mời pỏ mẻ pày hội đúng giờ nhé."
    cues = build_subtitles([(0.0, 8.0, [(text, 0.0, 8.0)],
                             [SubtitleTranslation("vi", "Mời bà con đến họp.", 0, 0)])],
                           rules, 8.0).cues
    assert len(cues) > 1 and {c.translation for c in cues} == {("Mời bà con đến họp.",)}


def test_share_out_keeps_order_and_leaves_no_piece_empty():
    rules = rules_for(35, "vi")
    tokens = tokenize("một hai ba bốn năm sáu bảy", rules)
    for weights in ([1, 1], [1, 5, 1], [1] * 7):
        pieces = share_out(tokens, weights, rules, cut_costs(tokens, rules))
        assert len(pieces) == len(weights) and all(pieces)
        assert [t for piece in pieces for t in piece] == tokens


def test_chinese_translations_get_lines_of_chinese_length():
    assert translation_rules(rules_for(28, "vi"), "zh").max_chars < 28
    assert translation_rules(rules_for(12, "zh"), "vi").max_chars > 28


# bilingual subtitles: files and pictures ------------------------------------------------

def test_srt_vtt_and_transcript_carry_the_translation(project, espeak_recording):
    path = recorded_project(project, espeak_recording,
                             "\n[vi] Một. Hai. Ba. Bốn & năm <thật>.\n")
    result = run_cli("subtitles", path, "--draft", "-f", "landscape", "--project",
                     project.root)
    assert result.exit_code == 0, result.stderr
    out = project.root / "outputs" / "s"
    subs = list(srt.parse((out / "s_tay_landscape-draft.srt").read_text(encoding="utf-8")))
    assert [s.content.splitlines() for s in subs] == [
        [SAID[0], "Một."], [SAID[1], "Hai."], [SAID[2], "Ba."], [SAID[3], "Bốn & năm <thật>."]]
    vtt = webvtt.read(str(out / "s_tay_landscape-draft.vtt"))
    assert [c.lines for c in vtt] == [
        [SAID[0], "<i>Một.</i>"], [SAID[1], "<i>Hai.</i>"], [SAID[2], "<i>Ba.</i>"],
        [SAID[3], "<i>Bốn &amp; năm &lt;thật&gt;.</i>"]]
    assert [round(c.start_in_seconds + c.start_time.milliseconds / 1000, 3) for c in vtt] == [
        round(s.start.total_seconds(), 3) for s in subs]
    transcript = (out / "s_tay.transcript-draft.txt").read_text(encoding="utf-8").splitlines()
    at = transcript.index(next(line for line in transcript if line.endswith(SAID[1])))
    assert transcript[at + 1] == "        [vi] Hai."


@pytest.mark.parametrize("name", ["vertical", "landscape", "square", "320x160"])
def test_subtitle_and_translation_stay_in_the_safe_area(name):
    fmt = parse_format(name)
    spec = spec_for("tay")
    layout = frame_layout(fmt, spec, "tay", has_logo=False)
    chars = fmt.line_chars("tay")
    main = ("Pỏ mẻ phi noọng, vằn slíp bươn slíp sloong"[:chars],) * 2
    under = ("Kính thưa bà con, ngày mười tháng mười hai năm nay"[:int(chars * 1.25)],) * 2
    alone = draw_subtitle(Image.new("RGB", fmt.size, (0, 120, 0)), main, layout, spec)
    canvas = Image.new("RGB", fmt.size, (0, 120, 0))
    x, y, w, h = draw_subtitle(canvas, main, layout, spec, translation=under,
                               translation_lang="vi")
    sx, sy, sw, sh = safe_box(fmt)
    assert sx <= x and x + w <= sx + sw and sy <= y and y + h == sy + sh
    assert y < alone[1] and h > alone[3]  # the subtitle moved up, over its translation
    rows, cols = np.nonzero(np.any(np.asarray(canvas) != (0, 120, 0), axis=2))
    assert rows.min() >= sy and rows.max() < sy + sh
    assert cols.min() >= sx and cols.max() < sx + sw


def text_rows(mask: np.ndarray) -> tuple[int, int]:
    """First and one-past-last row holding a few pixels of `mask` (one line of text)."""
    rows = np.flatnonzero(mask.sum(axis=1) >= 2)
    return int(rows[0]), int(rows[-1]) + 1


@pytest.mark.slow
def test_a_frame_shows_the_subtitle_over_a_smaller_translation(project, espeak_recording):
    """The same words as subtitle (white) and as translation (yellow): the translation's
    block sits under the subtitle's, on the safe area's edge, about 0.8 of its height."""
    path = recorded_project(project, espeak_recording, "\n[vi] " + " ".join(SAID) + "\n")
    approve(path, "UBND xã", dt.date(2026, 12, 1), Project.at(project.root))
    result = run_cli("video", path, "--size", "270x480", "-q", "--project", project.root)
    assert result.exit_code == 0, result.stderr
    video = project.root / "outputs" / "s" / "s_tay_270x480.mp4"
    first = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))[0]
    assert first.content == f"{SAID[0]}\n{SAID[0]}"  # one line each
    rgb = np.asarray(frame_at(video, (first.start + first.end).total_seconds() / 2)).astype(int)
    band = slice(round(480 * 0.4), round(480 * 0.65) + 2)  # above the vertical safe edge
    white = rgb[band].min(axis=2) > 200
    yellow = (rgb[band, :, 0] > 200) & (rgb[band, :, 1] > 200) & (rgb[band, :, 2] < 120)
    top, under = text_rows(white), text_rows(yellow)
    assert top[1] < under[0]  # stacked: subtitle above, translation below, apart
    assert band.start + under[1] <= round(480 * 0.65)  # inside the safe area
    assert 0.65 < (under[1] - under[0]) / (top[1] - top[0]) < 0.93  # two sizes of letters
    assert white[under[0]:under[1]].sum() < yellow[under[0]:under[1]].sum() / 4


def test_subtitles_for_puts_translations_on_the_clip_clock(project, espeak_recording):
    path = recorded_project(project, espeak_recording, "\n[vi] Một. Hai. Ba. Bốn.\n")
    narration = narrate(load(path, Project.at(project.root)), project=Project.at(project.root))
    timeline = plan_timeline([s.duration for s in narration.scenes])
    cues = subtitles_for(narration, timeline, 28, "tay").cues
    assert [c.translation for c in cues] == [("Một.",), ("Hai.",), ("Ba.",), ("Bốn.",)]
    assert cues[0].start >= timeline.scenes[0].start and all(
        c.translation_lang == "vi" for c in cues)
