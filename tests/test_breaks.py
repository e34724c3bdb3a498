"""The line-break rules one at a time (studio.graphics.breaks) and the word knowledge they use
(studio.graphics.words): lists, lookup keys, a project's own list, loading on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studio.errors import ScriptError
from studio.graphics import breaks
from studio.graphics.breaks import gap_costs
from studio.graphics.layout import fit_text
from studio.graphics.fonts import spec_for
from studio.graphics.words import entry_key, load_words, matches, parse_words, segment
from studio.resources import builtin_assets
from studio.video.cues import build_subtitles, rules_for


def costs_of(text: str, **kwargs) -> dict[str, float]:
    """'a b c' → {'a|b': cost, 'b|c': cost} for the gaps of a text."""
    words = text.split(" ")
    return {f"{a}|{b}": c for a, b, c in zip(words, words[1:], gap_costs(words, "vi",
                                                                        **kwargs)[1:])}


def test_a_word_of_any_length_is_not_cut_and_a_phrase_may_be():
    cost = costs_of("bảo vệ quyền con người và xã hội chủ nghĩa của Ủy ban nhân dân")
    assert cost["con|người"] >= breaks.INSIDE_WORD
    assert cost["xã|hội"] >= breaks.INSIDE_WORD and cost["hội|chủ"] >= breaks.INSIDE_WORD
    assert cost["chủ|nghĩa"] >= breaks.INSIDE_WORD
    assert cost["quyền|con"] == 0  # "quyền | con người" is a fair break
    assert cost["của|Ủy"] == 0 and cost["bảo|vệ"] >= breaks.INSIDE_WORD
    assert all(cost[g] >= breaks.INSIDE_WORD for g in ("Ủy|ban", "ban|nhân", "nhân|dân"))


def test_the_text_is_read_in_fewest_words_other_readings_cost_less():
    cost = costs_of("tuyên truyền thông qua cơ quan báo chí")
    assert cost["tuyên|truyền"] >= breaks.INSIDE_WORD and cost["thông|qua"] >= breaks.INSIDE_WORD
    assert 0 < cost["truyền|thông"] < breaks.INSIDE_WORD  # "truyền thông" is a word too
    assert cost["qua|cơ"] == 0


def test_segment_prefers_fewer_then_longer_words():
    found = [(0, 2, "word"), (1, 3, "word"), (2, 4, "word")]
    assert segment(4, found) == [(0, 2, "word"), (2, 4, "word")]
    assert segment(3, [(0, 2, "word"), (0, 3, "word")]) == [(0, 3, "word")]


def test_no_word_is_read_against_the_capitals():
    tokens = [breaks.read_token(u) for u in "Thường trực Ban Chỉ đạo".split()]
    found = [(0, 2, "word"), (1, 3, "word"), (3, 5, "word"), (2, 5, "name")]
    assert breaks.as_written(tokens, found) == [(0, 2, "word"), (3, 5, "word"),
                                                (2, 5, "name")]
    cost = costs_of("đồng chí Phó Trưởng ban Thường trực Ban Chỉ đạo Nhân quyền tỉnh")
    assert cost["trực|Ban"] < breaks.INSIDE_NAME  # "trực ban" (on duty) is a word, not here
    assert cost["Trưởng|ban"] >= breaks.INSIDE_NAME  # a title of office is kept whole
    lower = costs_of("cán bộ trực ban tại trụ sở")  # as written in lower case, it is the word
    assert lower["trực|ban"] >= breaks.INSIDE_WORD


def test_capitals_use_the_same_word_knowledge():
    upper = costs_of("TOÀN DÂN CHUNG TAY PHÒNG, CHỐNG MUA BÁN NGƯỜI", names=False)
    lower = costs_of("toàn dân chung tay phòng, chống mua bán người")
    assert list(upper.values()) == list(lower.values())
    assert upper["TOÀN|DÂN"] > 0 and upper["CHUNG|TAY"] > 0 and upper["MUA|BÁN"] > 0
    assert upper["DÂN|CHUNG"] == upper["TAY|PHÒNG,"] == 0


def test_names_are_told_from_the_text_as_written():
    written = costs_of("cán bộ Hoàng Thị Tố Loan đến nhà")
    assert all(written[g] >= breaks.INSIDE_NAME for g in ("Hoàng|Thị", "Thị|Tố", "Tố|Loan"))
    assert written["bộ|Hoàng"] == written["Loan|đến"] == 0
    shouting = costs_of("CÁN BỘ HOÀNG THỊ TỐ LOAN ĐẾN NHÀ", names=False)
    assert shouting["HOÀNG|THỊ"] == 0  # written in capitals: nothing tells this name
    listed = costs_of("CÁN BỘ XÃ HỮU LŨNG, TỈNH LẠNG SƠN", names=False)
    assert listed["HỮU|LŨNG,"] >= breaks.INSIDE_NAME and listed["LẠNG|SƠN"] >= breaks.INSIDE_NAME


def test_the_first_capital_of_a_sentence_is_no_name():
    cost = costs_of("Thực hiện Quyết định số 1079")
    assert cost["hiện|Quyết"] == 0 and cost["Quyết|định"] >= breaks.INSIDE_NAME


def test_names_with_lowercase_words_and_links_stay_whole():
    cost = costs_of("giao Sở Văn hóa, Thể thao và Du lịch chủ trì")
    name = ["Sở|Văn", "Văn|hóa,", "hóa,|Thể", "Thể|thao", "thao|và", "và|Du", "Du|lịch"]
    assert all(cost[g] >= breaks.NAME_LINK for g in name), cost
    assert cost["Văn|hóa,"] > cost["hóa,|Thể"]  # if it must be cut, then between its parts
    assert cost["giao|Sở"] == cost["lịch|chủ"] == 0
    capital = costs_of("tại Thủ đô Hà Nội có")
    assert all(capital[g] >= breaks.NAME_LINK for g in ("Thủ|đô", "đô|Hà", "Hà|Nội"))
    event = costs_of("hưởng ứng Ngày Quyền con người thế giới 10/12")
    assert all(event[g] >= breaks.NAME_LINK for g in
               ("Ngày|Quyền", "Quyền|con", "con|người", "người|thế", "thế|giới"))


def test_a_long_name_if_it_must_be_cut_is_cut_between_its_parts():
    cost = costs_of("của Ủy ban Mặt trận Tổ quốc Việt Nam xã", names=False)
    outer, inner = cost["ban|Mặt"], cost["quốc|Việt"]  # "Ủy ban | Mặt trận Tổ quốc Việt Nam"
    assert breaks.NAME_LINK <= outer < inner < breaks.INSIDE_NAME
    assert cost["Tổ|quốc"] == cost["Việt|Nam"] == breaks.INSIDE_NAME
    cues = build_subtitles([(0, 3, [("Ủy ban Mặt trận Tổ quốc Việt Nam", 0, 3)])],
                           rules_for(28, "vi")).cues
    assert [cue.lines for cue in cues] == [("Ủy ban", "Mặt trận Tổ quốc Việt Nam")]


def test_a_title_keeps_its_lower_case_tail():
    cost = costs_of("xây dựng Dự thảo Báo cáo quốc gia theo Cơ chế rà soát định kỳ phổ quát (UPR)")
    assert cost["cáo|quốc"] >= breaks.TITLE  # "Báo cáo | quốc gia"
    tail = ["chế|rà", "rà|soát", "soát|định", "định|kỳ", "kỳ|phổ", "phổ|quát"]
    assert all(cost[g] >= breaks.TITLE for g in tail), cost
    assert cost["gia|theo"] == cost["theo|Cơ"] == cost["quát|(UPR)"] == 0  # where it ends


def test_a_document_or_steering_body_goes_on_in_lower_case_after_its_capitals():
    cost = costs_of("thực hiện Luật Tiếp công dân và Luật Khiếu nại của Văn phòng Thường trực "
                    "Ban Chỉ đạo nhân quyền trong năm")
    assert cost["Tiếp|công"] >= breaks.TITLE and cost["đạo|nhân"] >= breaks.TITLE
    assert cost["dân|và"] <= 0 and cost["quyền|trong"] <= 0


def test_a_body_keeps_its_level_but_not_what_it_does():
    assert costs_of("do Bộ đội Biên phòng tỉnh chủ trì")["phòng|tỉnh"] >= breaks.INSIDE_WORD
    cost = costs_of("các cơ quan là thành viên của Hội đồng phối hợp PBGDPL huyện chủ trì")
    assert cost["PBGDPL|huyện"] >= breaks.TITLE and cost["đồng|phối"] >= breaks.TITLE
    assert cost["huyện|chủ"] == 0
    plain = costs_of("Sở Tài chính tham mưu cho UBND tỉnh bố trí kinh phí")
    assert plain["chính|tham"] == 0  # a body's name is whole; what it does is no tail
    later = costs_of("giao Sở Văn hóa, Thể thao và Du lịch chủ trì")
    assert later["lịch|chủ"] == 0  # a later part of a name starts no title


def test_a_link_before_a_head_begins_the_next_name():
    cost = costs_of("đăng trên Báo Nhân Dân và Cổng Thông tin điện tử Chính phủ hằng ngày")
    assert cost["Dân|và"] < breaks.NAME_LINK and cost["và|Cổng"] < breaks.NAME_LINK
    assert cost["tử|Chính"] >= breaks.NAME_LINK  # inside the one name
    joined = costs_of("giao Sở Khoa học và Công nghệ chủ trì")
    assert joined["học|và"] >= breaks.NAME_LINK and joined["và|Công"] >= breaks.NAME_LINK


def test_a_documents_number_stays_with_the_document():
    cost = costs_of("thực hiện Quyết định số 1079/QĐ-TTg của Thủ tướng và số liệu năm 2025")
    assert cost["định|số"] >= breaks.NUMBER and cost["số|1079/QĐ-TTg"] >= breaks.NUMBER
    assert cost["và|số"] <= 0  # "số liệu" (figures) is no number


def test_a_short_quoted_title_stays_whole_a_long_quotation_may_break():
    cost = costs_of("chuyên mục “Thông tin pháp luật” trên sóng phát thanh")
    assert cost["“Thông|tin"] >= breaks.TITLE and cost["tin|pháp"] >= breaks.TITLE
    assert cost["luật”|trên"] == 0
    long = costs_of("khẩu hiệu “một hai ba bốn năm sáu bảy tám chín mười mười một mười hai "
                    "mười ba” treo")
    assert long["bốn|năm"] == 0


def test_a_list_of_separate_names_may_break_after_its_commas():
    cost = costs_of("giao Sở Tư pháp, Sở Nội vụ và Sở Y tế")
    assert cost["pháp,|Sở"] == breaks.AFTER_CLAUSE
    assert cost["Tư|pháp,"] >= breaks.NAME_LINK


def test_a_fixed_phrase_is_not_split_at_its_comma():
    cost = costs_of("công tác phòng, chống mua bán người; xóa đói, giảm nghèo")
    assert cost["phòng,|chống"] >= breaks.INSIDE_WORD
    assert cost["đói,|giảm"] == breaks.AFTER_CLAUSE
    assert cost["người;|xóa"] == breaks.AFTER_CLAUSE


def test_a_dash_is_a_preferred_break_but_not_inside_a_range():
    cost = costs_of("về Lạng Sơn – nơi biên cương giai đoạn 2023 - 2028")
    assert cost["–|nơi"] == breaks.AFTER_DASH < breaks.AFTER_CLAUSE
    assert cost["2023|-"] >= breaks.NUMBER and cost["-|2028"] >= breaks.NUMBER


def test_a_list_item_keeps_its_dash():
    assert costs_of("- Đơn vị phối hợp")["-|Đơn"] >= breaks.INSIDE_WORD


@pytest.mark.parametrize("text, gap", [
    ("ngày 14/9/2022 của", "ngày|14/9/2022"),
    ("theo số 1079/QĐ-TTg của", "số|1079/QĐ-TTg"),
    ("lần thứ XVII, nhiệm kỳ", "thứ|XVII,"),
    ("LẦN THỨ XVII", "THỨ|XVII"),
    ("tháng 4 năm 2026", "năm|2026"),
])
def test_a_number_stays_with_the_word_before_it(text, gap):
    assert costs_of(text, names=not text.isupper())[gap] >= breaks.NUMBER


def test_an_abbreviation_stays_with_its_name_and_ends_no_sentence():
    cost = costs_of("về TP. Lạng Sơn. Mọi người")
    assert cost["TP.|Lạng"] >= breaks.INSIDE_WORD and cost["Sơn.|Mọi"] == breaks.AFTER_SENTENCE


def test_a_roman_numeral_is_only_one_after_its_word():
    assert costs_of("CHỐNG VI PHẠM", names=False)["CHỐNG|VI"] == 0


def test_sentences_clauses_and_conjunctions_are_welcome():
    cost = costs_of("Xin cảm ơn bà con. Mọi người dân, hãy tìm hiểu và chia sẻ")
    assert cost["con.|Mọi"] == breaks.AFTER_SENTENCE
    assert cost["dân,|hãy"] == breaks.AFTER_CLAUSE
    assert cost["hiểu|và"] == breaks.BEFORE_CONJUNCTION
    assert cost["bà|con."] >= breaks.INSIDE_WORD


def test_chinese_breaks_between_characters_at_punctuation_only():
    units = ["尊", "重", "人", "权，", "共", "同", "责", "任"]  # as the layout's units
    costs = gap_costs(units, "zh", spaced=[False] * len(units))
    assert costs[4] == breaks.AFTER_CLAUSE and set(costs[:4] + costs[5:]) == {0.0}


def test_lookup_keys_ignore_case_spacing_and_tone_placement():
    assert entry_key("Văn  hoá") == entry_key("văn hóa") == "văn hóa"
    assert entry_key("THUỶ LỢI") == "thủy lợi" and entry_key("Uỷ ban") == "ủy ban"
    assert entry_key("quý") == "quý" and entry_key("hoàn thành") == "hoàn thành"
    assert entry_key("khoẻ") == "khỏe"
    assert costs_of("nền văn hoá dân tộc")["văn|hoá"] >= breaks.INSIDE_WORD


def test_word_lists_hold_words_names_and_comma_phrases():
    words = parse_words("# a note\ncon người\nLạng Sơn  # a name\nphòng, chống\nmột\n")
    assert words.words == {"con người", "phòng, chống"} and words.names == {"lạng sơn"}
    assert words.longest == 2
    found = matches([("phòng", ","), ("chống", ""), ("lạng", ""), ("sơn", "|"), ("con", "")],
                    words)
    assert found == [(0, 2, "word"), (2, 4, "name")]


def test_the_shipped_lists_are_large_and_hold_long_words():
    words = load_words("vi")
    assert len(words.words) > 20000 and words.longest >= 4
    for entry in ("xã hội chủ nghĩa", "tổn thương", "cơ quan", "bà con", "kế hoạch"):
        assert words.kind(entry_key(entry)) == "word", entry
    for entry in ("Việt Nam", "Lạng Sơn", "Ủy ban nhân dân", "Ngày Quyền con người thế giới"):
        assert words.kind(entry_key(entry)) == "name", entry
    assert load_words("tay") == load_words("vi")  # Tày scripts mix in Vietnamese words
    assert load_words("en").words == frozenset()


def test_a_project_word_list_adds_words_and_names(tmp_path, monkeypatch):
    text = "Bà con bản Nà Rị ăn khau nhục ngon"
    before = costs_of(text, words=load_words("vi", tmp_path))
    assert before["khau|nhục"] == 0
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "vi-words.txt").write_text("khau nhục\nNÀ RỊ\n", encoding="utf-8")
    own = load_words("vi", tmp_path)
    after = costs_of(text, words=own)
    assert after["khau|nhục"] >= breaks.INSIDE_WORD
    shouting = costs_of(text.upper(), words=own, names=False)
    assert shouting["NÀ|RỊ"] >= breaks.INSIDE_NAME
    # the default is the working directory's project, for posters, cards and subtitles alike
    monkeypatch.chdir(tmp_path)
    assert costs_of(text)["khau|nhục"] >= breaks.INSIDE_WORD
    said = "ăn khau nhục ngon ở bản Nà Rị"
    lines = [ln for cue in build_subtitles([(0, 4, [(said, 0, 4)])], rules_for(12, "vi")).cues
             for ln in cue.lines]
    assert not any(ln.endswith(" khau") for ln in lines), lines
    block = fit_text(said.upper(), spec_for("vi", 700), 230, 400, min_size=10, max_size=60,
                     max_lines=4)
    assert not any(ln.endswith(("KHAU", "NÀ")) for ln in block.lines[:-1]), block.lines


def test_a_project_word_list_that_is_not_utf8_is_one_error_line(tmp_path):
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "vi-words.txt").write_bytes("cơm lam\n".encode("cp1258"))
    with pytest.raises(ScriptError) as err:
        load_words("vi", tmp_path / ".")
    message = str(err.value)
    assert "vi-words.txt" in message and "UTF-8" in message and "\n" not in message


def test_the_word_lists_are_read_on_first_use_not_on_import():
    probe = ("import studio.graphics.layout, studio.video.cues, studio.cli\n"
             "from studio.graphics import words\n"
             "print(words.builtin_words.cache_info().currsize)\n"
             "words.load_words('vi')\n"
             "print(words.builtin_words.cache_info().currsize)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["0", "1"]


def test_the_shipped_dictionary_is_what_its_recipe_makes_of_pyvis_word_list():
    recipe = builtin_assets() / "lexicon" / "make_dictionary.py"
    done = subprocess.run([sys.executable, str(recipe), "--check"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    header = (builtin_assets() / "lexicon" / "vi-dictionary.txt").read_text(
        encoding="utf-8")[:3000]
    assert "MIT License" in header and "Viet-Trung Tran" in header
