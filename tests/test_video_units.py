"""Video building blocks, each alone: formats, cues, sidecars, timeline, layout, drawing."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import srt
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from helpers_video import bright_pixels, parse_vtt
from studio.errors import FontError, StudioError
from studio.graphics.fonts import missing_characters, spec_for
from studio.script.model import Approval, Paragraph, Scene, Script
from studio.video.cards import approval_line, closing_card, title_card
from studio.video.cues import (Cue, CueRules, Subtitles, break_lines, build_subtitles, chunk,
                               rules_for, tokenize)
from studio.script import load
from studio.script.model import VIDEO_ALIASES, VIDEO_FORMATS
from studio.video.formats import PRESETS, FormatError, parse_format, parse_formats
from studio.video.frame import frame_layout, safe_box
from studio.video.overlays import draw_headline, draw_subtitle, text_spec
from studio.video.render import check_fonts, length_warning
from studio.video.sidecars import srt_text, vtt_text
from studio.video.timeline import frame_time, plan_timeline, segments

VI_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợ"
              "uùúủũụưừứửữựyỳýỷỹỵdđ")


# formats ---------------------------------------------------------------------------------

def test_presets_and_sizes():
    assert parse_format("vertical").size == (1080, 1920)
    assert parse_format("landscape").size == (1920, 1080)
    assert parse_format("square").size == (1080, 1080)
    tv = parse_format("tv")
    assert tv.size == (1920, 1080) and tv.fps == 25
    led = parse_format("320x160")
    assert (led.name, led.size, led.fps, led.orientation) == ("320x160", (320, 160), 30,
                                                              "landscape")
    assert parse_format("vertical", fps=25).fps == 25


@pytest.mark.parametrize("alias, preset", [("9:16", "vertical"), ("TikTok", "vertical"),
                                           ("reels", "vertical"), ("shorts", "vertical"),
                                           ("16:9", "landscape"), ("youtube", "landscape"),
                                           ("1:1", "square"), ("4:5", "portrait"),
                                           ("feed", "portrait")])
def test_aliases_map_to_their_formats(alias, preset):
    assert parse_format(alias) == parse_format(preset)
    assert parse_format(alias).name == preset  # files are named by the format, not the alias


def test_portrait_is_four_by_five_and_aliases_collapse():
    assert parse_format("feed").size == (1080, 1350)
    assert [f.name for f in parse_formats(["tiktok", "vertical", "9:16", "youtube"])] == [
        "vertical", "landscape"]


def test_every_format_a_script_may_name_is_a_preset():
    assert set(VIDEO_FORMATS) == set(PRESETS)
    assert set(VIDEO_ALIASES.values()) <= set(PRESETS)


def test_targets_in_front_matter_take_the_aliases(project):
    """`9:16` stays text (not YAML 1.1's base-60 number 556); aliases become their format's
    name, each format once."""
    script = project.script(front="title: T\nlang: vi\ntargets:\n  video: [9:16, tiktok, "
                            "Reels, 16:9, youtube, 1:1, 4:5, feed, tv, 320x160]")
    loaded = load(script)
    assert loaded.targets.video == ("vertical", "landscape", "square", "portrait", "tv",
                                    "320x160")


def test_default_is_vertical_and_repeats_collapse():
    assert [f.name for f in parse_formats([])] == ["vertical"]
    fmts = parse_formats(["vertical", "landscape", "vertical"], ["320x160"])
    assert [f.name for f in fmts] == ["vertical", "landscape", "320x160"]


@pytest.mark.parametrize("bad, words", [("vertcal", "did you mean 'vertical'"),
                                        ("321x160", "even"), ("10x10", "out of range"),
                                        ("big", "320x160")])
def test_bad_formats_say_what_to_do(bad, words):
    with pytest.raises(FormatError) as err:
        parse_format(bad)
    assert words in str(err.value)


def test_fps_range():
    with pytest.raises(FormatError):
        parse_format("vertical", fps=240)


def test_line_lengths_follow_the_spec():
    assert parse_format("vertical").line_chars("vi") == 28
    assert parse_format("landscape").line_chars("vi") == 42
    assert parse_format("landscape").line_chars("zh") == 16


# cues ------------------------------------------------------------------------------------

def cues_for(text: str, start: float, end: float, chars: int = 28, scene_end: float | None = None,
             lang: str = "vi") -> Subtitles:
    scene_end = end + 2 if scene_end is None else scene_end
    return build_subtitles([(0.0, scene_end, [(text, start, end)])], rules_for(chars, lang),
                           scene_end)


def test_short_sentence_is_one_line():
    subs = cues_for("Xin chào bà con.", 0.5, 2.0)
    assert [c.lines for c in subs.cues] == [("Xin chào bà con.",)]


def test_split_after_the_comma():
    text = "Năm 2026, tỉnh Lạng Sơn tiếp tục tuyên truyền về quyền con người đến mọi người dân."
    subs = cues_for(text, 0.0, 6.0, chars=42)
    first = subs.cues[0].lines
    assert first[0] == "Năm 2026, tỉnh Lạng Sơn tiếp tục" or first[0].endswith(",")


def test_never_cut_inside_a_name():
    rules = rules_for(20, "vi")
    tokens = tokenize("Cán bộ xã Hữu Lũng Lạng Sơn đến từng nhà dân", rules)
    for piece in chunk(tokens, 3.0, rules):
        for line in break_lines(piece, rules):
            assert not line.endswith(("Hữu", "Lũng", "Lạng")) or line.endswith("Sơn")


def test_clause_preferred_to_balance():
    rules = CueRules(max_chars=30)
    lines = break_lines(tokenize("Mỗi người dân hãy tìm hiểu, chia sẻ thông tin", rules), rules)
    assert lines == ("Mỗi người dân hãy tìm hiểu,", "chia sẻ thông tin")


def test_long_sentence_is_cut_under_seven_seconds():
    text = " ".join(["quyền con người"] * 12) + "."
    subs = cues_for(text, 0.0, 16.0, chars=42)
    assert len(subs.cues) >= 3
    assert all(c.duration <= 7.0 + 1e-6 for c in subs.cues)


def test_short_cue_lingers_to_the_minimum():
    subs = cues_for("Vâng.", 1.0, 1.3)
    cue = subs.cues[0]
    assert cue.start == pytest.approx(1.0) and cue.duration == pytest.approx(5 / 6, abs=0.002)


def test_fast_voice_is_counted_not_desynchronised():
    text = "Mỗi người dân hãy tìm hiểu, chia sẻ thông tin chính thống về quyền con người."
    subs = build_subtitles([(0.0, 3.0, [(text, 0.0, 3.0)])], rules_for(28, "vi"), 3.0)
    assert subs.too_fast >= 1
    assert subs.cues[0].start >= 0.0 and subs.cues[-1].end <= 3.0


def test_chinese_cuts_between_characters():
    text = "每年12月10日是世界人权日。越南是七项核心国际人权公约的缔约国，国家始终尊重、保护和保障人权。"
    subs = cues_for(text, 0.0, 12.0, chars=12, lang="zh")
    assert "".join("".join(c.lines) for c in subs.cues) == text
    assert all(len(line) <= 12 for c in subs.cues for line in c.lines)


WORDS = st.sampled_from(["quyền", "con", "người", "Lạng", "Sơn", "bảo", "đảm,", "và", "dân.",
                         "Việt", "Nam", "trẻ", "em", "công", "ước", "thông", "tin;", "hành",
                         "động", "nghiêng", "01/7/2026", "–"])


@settings(max_examples=120, deadline=None)
@given(sentences=st.lists(st.tuples(st.lists(WORDS, min_size=1, max_size=40),
                                    st.floats(0.3, 12.0), st.floats(0.0, 2.0)),
                          min_size=1, max_size=5),
       chars=st.sampled_from([28, 34, 42]))
def test_cue_rules_hold(sentences, chars):
    scene, t = [], 0.0
    for words, seconds, gap in sentences:
        scene.append((" ".join(words), t, t + seconds))
        t += seconds + gap
    rules = rules_for(chars, "vi")
    subs = build_subtitles([(0.0, t, scene)], rules, t)
    spoken = " ".join(text for text, _, _ in scene).split()
    shown = " ".join(" ".join(c.lines) for c in subs.cues).split()
    assert shown == spoken  # every word, in order, once
    for a, b in zip(subs.cues, subs.cues[1:]):
        assert a.end <= b.start + 1e-9
    for cue in subs.cues:
        assert 1 <= len(cue.lines) <= 2
        assert all(len(line) <= chars or " " not in line for line in cue.lines)
        assert 0 < cue.duration <= 7.0 + 1e-6
        assert 0.0 <= cue.start and cue.end <= t + 0.001  # times are in whole ms


# sidecars --------------------------------------------------------------------------------

def test_srt_and_vtt_agree():
    cues = [Cue(3.0, 4.363, ("Ngày 10/12 hằng năm là",)),
            Cue(4.363, 6.451, ("Ngày Quyền con", "người thế giới.")),
            Cue(3671.5, 3673.25, ("một giờ sau",))]
    parsed = list(srt.parse(srt_text(cues)))
    vtt = parse_vtt(vtt_text(cues))
    assert len(parsed) == len(vtt) == 3
    for sub, (start, end, text), cue in zip(parsed, vtt, cues):
        assert sub.start.total_seconds() == pytest.approx(start) == pytest.approx(cue.start)
        assert sub.end.total_seconds() == pytest.approx(end) == pytest.approx(cue.end)
        assert sub.content == text == cue.text
    assert "01:01:11.500 --> 01:01:13.250" in vtt_text(cues)


# timeline --------------------------------------------------------------------------------

def test_timeline_is_cards_plus_narration():
    timeline = plan_timeline([4.2, 5.5])
    assert [s.kind for s in timeline.spans] == ["title", "scene", "scene", "closing"]
    assert timeline.total == pytest.approx(3.0 + 4.2 + 5.5 + 2.0)
    assert timeline.scenes[1].start == pytest.approx(7.2)


def test_a_hook_opens_on_the_first_scene_with_its_voice_soon_after():
    from studio.video.style import VideoStyle
    from studio.video.timeline import timeline_for
    timeline = timeline_for([4.2, 5.5], VideoStyle())
    first = timeline.spans[0]
    assert [s.kind for s in timeline.spans] == ["scene", "scene", "closing"]
    assert first.start == 0.0 and 0.0 < first.voice <= 0.5 and first.duration == 4.2 + first.lead
    assert timeline.spans[1].voice == timeline.spans[1].start == first.end  # no gap after
    assert timeline.spans[-1].duration <= 2.0 and timeline.title_until > 1.0
    card = timeline_for([4.2], VideoStyle(opening="card", closing=3.0))
    assert [s.kind for s in card.spans] == ["title", "scene", "closing"]
    assert card.title_until == 0.0 and card.total == pytest.approx(3.0 + 4.2 + 3.0)


def test_segments_cut_at_cues_on_frame_boundaries():
    timeline = plan_timeline([4.0])
    subs = Subtitles((Cue(3.51, 5.0, ("a",)), Cue(5.0, 6.2, ("b",))))
    segs = segments(timeline, subs, 30)
    assert sum(s.duration for s in segs) == pytest.approx(frame_time(9.0, 30))
    assert [s.cue for s in segs] == [None, None, 0, 1, None, None]
    for s in segs:
        assert round(s.start * 30, 6) == round(s.start * 30)
    assert segs[2].start == pytest.approx(frame_time(3.51, 30))


def test_length_warning_past_a_minute():
    assert length_warning(59.0) is None
    assert "61 s" in length_warning(61.0)


# layout and drawing ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["vertical", "landscape", "square", "320x160"])
def test_subtitles_and_headline_stay_in_the_safe_zone(name):
    fmt = parse_format(name)
    spec = spec_for("vi")
    layout = frame_layout(fmt, spec, "vi", has_logo=True)
    sx, sy, sw, sh = safe_box(fmt)
    canvas = Image.new("RGB", fmt.size, (0, 120, 0))
    x, y, w, h = draw_subtitle(canvas, ("Nhà nước luôn tôn trọng,", "bảo vệ quyền công dân."),
                               layout, spec)
    assert sx <= x and x + w <= sx + sw and sy <= y and y + h == sy + sh
    bottom = draw_headline(canvas, "Mọi người dân đều được bảo đảm quyền con người", layout,
                           "vi")
    assert sy <= layout.headline[1] and bottom <= y
    painted = np.any(np.asarray(canvas) != (0, 120, 0), axis=2)
    rows, cols = np.nonzero(painted)
    assert rows.min() >= sy and rows.max() < sy + sh
    assert cols.min() >= sx and cols.max() < sx + sw


def test_vertical_subtitles_sit_just_above_the_bottom_band():
    fmt = parse_format("vertical")
    layout = frame_layout(fmt, spec_for("vi"), "vi", has_logo=False)
    assert layout.subtitle_bottom == round(1920 * 0.65)
    assert 40 <= layout.subtitle_size <= 80


def test_a_full_line_fits_at_the_chosen_size():
    for name in ("vertical", "landscape", "square"):
        fmt = parse_format(name)
        layout = frame_layout(fmt, spec_for("vi"), "vi", has_logo=False)
        canvas = Image.new("RGB", fmt.size, (0, 0, 0))
        line = "Nhà nước luôn tôn trọng, bảo vệ và bảo đảm quyền"[:fmt.line_chars("vi")]
        x, y, w, h = draw_subtitle(canvas, (line, line), layout, spec_for("vi"))
        assert bright_pixels(canvas, (x, y, x + w, y + h)) > 100


def test_vietnamese_letters_are_all_in_the_face():
    for lang in ("vi", "en", "zh"):
        text = VI_LETTERS + VI_LETTERS.upper()
        assert missing_characters(text, text_spec(text, lang).path) == []


def test_stacked_diacritics_get_room():
    fmt = parse_format("square")
    layout = frame_layout(fmt, spec_for("vi"), "vi", has_logo=False)
    plain, marked = (Image.new("RGB", fmt.size, (0, 0, 0)) for _ in range(2))
    draw_subtitle(plain, ("EOA",), layout, spec_for("vi"))
    draw_subtitle(marked, ("ỆỖẶ",), layout, spec_for("vi"))
    rows = [np.nonzero(np.any(np.asarray(im) > 200, axis=(1, 2)))[0] for im in (plain, marked)]
    assert rows[1].min() < rows[0].min() and rows[1].max() > rows[0].max()


def script_with(text: str, **extra) -> Script:
    scene = Scene(0, "Cảnh", 5, (Paragraph(text, 6),))
    return Script(path=__import__("pathlib").Path("s.md"), title="Thử", id="s", lang="vi",
                  scenes=(scene,), checksum="sha256:x", **extra)


def test_missing_glyph_is_refused_before_rendering():
    from studio.script import DRAFT
    with pytest.raises(FontError) as err:
        check_fonts(script_with("Chữ lạ ꙮ ở đây."), DRAFT)
    assert "U+A66E" in str(err.value)
    check_fonts(script_with("Ệ Ỗ Ặ đều có."), DRAFT)


def test_cards_carry_title_organization_and_approval():
    approved = script_with("Xin chào.", organization="UBND xã Hữu Lũng",
                           approval=Approval("Chủ tịch UBND xã", dt.date(2026, 11, 20),
                                             "sha256:x"))
    assert approval_line(approved, False) == "Đã duyệt: Chủ tịch UBND xã, 20/11/2026"
    assert approval_line(approved, True) == "BẢN NHÁP – CHƯA DUYỆT"
    layout = frame_layout(parse_format("square"), spec_for("vi"), "vi", has_logo=False)
    for card in (title_card(approved, layout, None), closing_card(approved, layout, None,
                                                                  draft=False)):
        pixels = np.asarray(card)
        yellow = np.all(pixels == (255, 255, 0), axis=2).sum()
        white = np.all(pixels == (255, 255, 255), axis=2).sum()
        assert yellow > 500 and white > 200
        assert tuple(pixels[5, 5]) == (218, 37, 29)


def test_text_that_cannot_fit_is_a_studio_error():
    layout = frame_layout(parse_format("64x64"), spec_for("vi"), "vi", has_logo=False)
    canvas = Image.new("RGB", (64, 64))
    with pytest.raises(StudioError):
        draw_headline(canvas, "Một tiêu đề rất dài " * 20, layout, "vi", where="test")


# commands and sound ------------------------------------------------------------------------

def test_stills_only_take_the_fast_filter_order(tmp_path):
    from pathlib import Path as P

    from studio.video.encode import encode_args
    from studio.video.runs import Run
    from studio.video.soundtrack import Soundtrack
    from studio.video.stills import Still
    runs = (Run((Still(tmp_path / "p0000.bmp", 3.0), Still(tmp_path / "p0001.bmp", 2.5))),)
    sound = Soundtrack(P(tmp_path / "sound.wav"), 5.5, -16.0)
    args = encode_args(runs, parse_format("tv"), sound, tmp_path / "out.mp4", tmp_path)
    assert args[args.index("-vf") + 1] == "format=yuv420p,fps=25"
    assert args[args.index("-profile:v") + 1] == "high" and "+faststart" in args
    assert args[args.index("-g") + 1] == "50" and "+cgop" in args
    listing = (tmp_path / "list0.txt").read_text(encoding="utf-8").splitlines()
    assert listing == ["ffconcat version 1.0", "file 'p0000.bmp'", "duration 3.000000",
                       "file 'p0001.bmp'", "duration 2.500000", "file 'p0001.bmp'"]


def test_video_scenes_go_through_one_filter_graph(tmp_path):
    from studio.video.encode import encode_args
    from studio.video.runs import Layer, Run
    from studio.video.soundtrack import Soundtrack
    from studio.video.stills import Still
    clip = tmp_path / "clip.mp4"
    band = Layer((Still(tmp_path / "c.png", 4.0),), (0, 900))
    runs = (Run((Still(tmp_path / "a.bmp", 3.0),)),
            Run((Still(tmp_path / "o.png", 4.0),), video=clip, at=(60, 100), captions=band),
            Run((Still(tmp_path / "b.bmp", 3.0),)))
    args = encode_args(runs, parse_format("square"), Soundtrack(tmp_path / "s.wav", 10.0, -16),
                       tmp_path / "out.mp4", tmp_path)
    graph = args[args.index("-filter_complex") + 1]
    assert "concat=n=3:v=1:a=0[v]" in graph
    assert "overlay=60:100:" in graph and "overlay=0:900:" in graph  # texts, then the band
    assert "crop=1080:1080" in graph and "format=yuv420p,fps=30" in graph
    assert args[args.index("-stream_loop") + 3] == "4.000000"  # -t: looped, then cut
    assert args[args.index(str(tmp_path / "s.wav")) - 1] == "-i"
    assert args[args.index("-map", args.index("[v]") + 1) + 1] == "5:a"
    assert (tmp_path / "band1.txt").read_text(encoding="utf-8").splitlines()[1] == "file 'c.png'"


@pytest.mark.slow
def test_soundtrack_is_placed_and_levelled(tmp_path):
    from helpers_audio import write_wav
    from helpers_video import ffmpeg_report, integrated_loudness, speechlike
    from studio.video.soundtrack import make_soundtrack
    wavs = [write_wav(tmp_path / f"s{i}.wav", speechlike(2.0 + i, seed=i) * 0.2)
            for i in range(2)]
    sound = make_soundtrack(wavs, plan_timeline([2.0, 3.0]), None, tmp_path / "work")
    lufs, _ = integrated_loudness(sound.path)
    assert lufs == pytest.approx(-16.0, abs=0.5) and sound.lufs == pytest.approx(-16, abs=0.3)
    report = ffmpeg_report(sound.path)
    assert "48000 Hz, stereo" in report
    assert "Duration: 00:00:10.00" in report  # 3 + 2 + 3 + 2 s, to the sample


def test_lines_do_not_split_common_two_syllable_words_when_they_can_avoid_it():
    from studio.video.cues import break_lines, rules_for, tokenize
    rules = rules_for(28, "vi")
    lines = break_lines(tokenize("Ngày Quyền con người thế giới.", rules), rules)
    assert lines == ("Ngày Quyền", "con người thế giới.")
    assert not any(line.endswith(" con") for line in lines)


def test_a_zero_frame_rate_is_refused_not_replaced_by_the_default():
    from studio.video.formats import FormatError, parse_format
    with pytest.raises(FormatError, match="out of range"):
        parse_format("vertical", 0)


# style -----------------------------------------------------------------------------------

def test_style_takes_the_script_block_then_the_settings(project):
    from studio.script import load
    from studio.video.style import style_for
    path = project.script("s.md", front="title: T\nlang: vi\nvideo:\n  opening: card\n"
                                         "  closing: 4\n", body="## A\nMột câu.\n")
    script = load(path, project.proj)
    assert (script.video.opening, script.video.closing) == ("card", 4.0)
    style = style_for(script)
    assert (style.opening, style.closing, style.title_seconds, style.lead_in) == (
        "card", 4.0, 3.0, 0.0)
    assert style_for(script, opening="hook", closing=None).opening == "hook"


@pytest.mark.parametrize("settings, words", [({"opening": "hok"}, "did you mean 'hook'"),
                                             ({"closing": 0.5}, "1 to 10 seconds")])
def test_bad_style_settings_name_the_setting(project, settings, words):
    from studio.errors import StudioError
    from studio.script import load
    from studio.video.style import style_for
    script = load(project.script("s.md", body="## A\nMột câu.\n"), project.proj)
    with pytest.raises(StudioError) as err:
        style_for(script, **settings)
    assert words in str(err.value)
    assert "--" in err.value.describe({"opening": "--opening", "closing": "--closing"})


def test_a_bad_video_key_is_a_script_error_at_its_line(project):
    from studio.errors import ScriptError
    from studio.script import load
    path = project.script("s.md", front="title: T\nlang: vi\nvideo:\n  opening: cards\n",
                          body="## A\nMột câu.\n")
    with pytest.raises(ScriptError) as err:
        load(path, project.proj)
    assert "unknown video.opening 'cards'" in str(err.value) and err.value.line


def test_the_shipped_music_bed_is_what_its_recipe_makes():
    import importlib.util
    import wave

    from studio.resources import builtin_assets
    folder = builtin_assets() / "music"
    spec = importlib.util.spec_from_file_location("make_music", folder / "make_music.py")
    recipe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recipe)
    with wave.open(str(folder / "calm.wav"), "rb") as shipped:
        assert (shipped.getframerate(), shipped.getnchannels()) == (recipe.RATE, 1)
        samples = np.frombuffer(shipped.readframes(shipped.getnframes()), dtype="<i2")
    assert np.array_equal(samples, recipe.loop()), "rerun assets/music/make_music.py"
    assert len(samples) / recipe.RATE == pytest.approx(24.0)


def test_the_hook_shows_a_title_its_first_headline_repeats_only_once(tmp_path):
    from studio.project import Project
    from studio.script import load
    from studio.video.stills import headline_is_title
    from studio.video.timeline import Span
    path = tmp_path / "s.md"
    path.write_text("---\ntitle: Ngày Quyền con người thế giới\nlang: vi\n---\n## Mở đầu\n\n"
                    "> NGÀY QUYỀN CON NGƯỜI  THẾ GIỚI\n\nXin chào bà con.\n\n## Hai\n\n"
                    "> Chung tay\n\nTạm biệt.\n", encoding="utf-8")
    script = load(path, Project.at(tmp_path))
    assert headline_is_title(script, Span("scene", 0.0, 2.0, 0))
    assert not headline_is_title(script, Span("scene", 2.0, 4.0, 1))
    assert not headline_is_title(script, Span("closing", 4.0, 6.0))


def test_a_headline_is_laid_out_once_for_all_its_entry_steps_and_cues(project, monkeypatch):
    """The painter lays a scene's headline out once however many pictures show it (each
    entry step and each cue re-did the photo crop and the layout: the still clip's lost
    seconds), and drawing a picture never changes the parts the next one is made from."""
    from studio.graphics import layout as graphics_layout
    from studio.video import overlays
    from studio.video.stills import Painter, Sources
    from studio.video.timeline import Span
    project.image("assets/images/a.png", size=(300, 500), colour=(30, 120, 200))
    script = load(project.script(body="## Cảnh\n![Ảnh](images/a.png)\n\n> Nước sạch cho mọi "
                                      "nhà\n\nMột câu.\n"), project.proj)
    fmt = parse_format("270x480")
    spec = spec_for("vi")
    painter = Painter(script, frame_layout(fmt, spec, "vi", has_logo=False), spec,
                      Sources([fmt.size]), watermark=None)
    fitted = []
    real_fit = graphics_layout.fit_text
    monkeypatch.setattr(overlays, "fit_text",
                        lambda *a, **k: fitted.append(real_fit(*a, **k)) or fitted[-1])
    span = Span("scene", 0.0, 3.0, 0)
    steps = [np.asarray(painter.picture(span, None, entering=e)) for e in (0.25, 0.5, 1.0)]
    again = np.asarray(painter.picture(span, None, entering=1.0))
    titled = np.asarray(painter.picture(span, None, titled=True))
    assert len(fitted) == 2  # the headline, then the title: once each
    assert np.array_equal(steps[-1], again)  # the shared ground and band stayed as they were
    assert not np.array_equal(steps[0], steps[1]) and not np.array_equal(steps[1], steps[2])
    assert not np.array_equal(titled, again)
