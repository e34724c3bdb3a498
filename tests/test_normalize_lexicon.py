"""The editable lexicon: format, errors for people, project override."""

from __future__ import annotations

import pytest

from studio.errors import ScriptError
from studio.speech.normalize.lexicon import (Lexicon, builtin_path, load_lexicon, parse_lexicon,
                                             project_path)


def test_parse_skips_comments_and_blank_lines():
    lex = parse_lexicon("# c\n\nUBND\tỦy ban nhân dân\nTP.\tthành phố\n")
    assert lex.entries == {"UBND": "Ủy ban nhân dân", "TP.": "thành phố"}


def test_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "vi.tsv"
    with pytest.raises(ScriptError) as info:
        parse_lexicon("UBND\tỦy ban\nHĐND Hội đồng nhân dân\n", path)
    assert info.value.line == 2 and str(path) in str(info.value) and "TAB" in str(info.value)


def test_project_file_with_bom_and_nfd_is_read(tmp_path):
    path = project_path("vi", tmp_path)
    path.parent.mkdir()
    path.write_bytes("\ufeffXYZ\tXin chào\n".encode("utf-8") + "ABC\tQuye\u0302\u0300n\n".encode())
    lex = load_lexicon("vi", tmp_path)
    assert lex.entries["XYZ"] == "Xin chào" and lex.entries["ABC"] == "Quyền"
    assert lex.entries["UBND"] == "Ủy ban nhân dân"  # shipped entries still there


def test_non_utf8_project_lexicon_is_a_clear_error(tmp_path):
    path = project_path("vi", tmp_path)
    path.parent.mkdir()
    path.write_bytes("UBND\t\xdcy ban\n".encode("latin-1"))
    with pytest.raises(ScriptError, match="UTF-8"):
        load_lexicon("vi", tmp_path)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_shipped_lexicon_parses_and_has_no_duplicates(lang):
    text = builtin_path(lang).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]
    keys = [(row[0], row[2] if len(row) > 2 else "") for row in rows
            if len(row) < 3 or row[2] != "name"]  # an acronym may have several names
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    assert all(len(row) in (2, 3) and all(c.strip() == c and c for c in row) for row in rows)
    assert len(rows) > (50 if lang == "vi" else 5)
    parse_lexicon(text, builtin_path(lang))


def test_dotted_abbreviations_for_sentence_splitting():
    lex = Lexicon({"TP.": "thành phố", "v.v.": "vân vân", "UBND": "x"}, numbered={"tr.": "trang"})
    # the address initials too: "X. Hữu Kiên, H. Chi Lăng" is one sentence
    assert lex.dotted() == frozenset({"tp", "tr", "x", "h", "t"})


def test_third_column_says_where_an_entry_is_read():
    lex = parse_lexicon("UBND\tỦy ban nhân dân\nBTC\tBộ Tài chính\tcode\ntr.\ttrang\tnumber\n"
                        "ĐT\tđiện thoại\tphone\nCAT\tCông ước Chống tra tấn\tname\n"
                        "CAT\tỦy ban Chống tra tấn\tname\n")
    assert lex.entries == {"UBND": "Ủy ban nhân dân"}
    assert lex.codes == {"BTC": "Bộ Tài chính"} and lex.numbered == {"tr.": "trang"}
    assert lex.phone_labels == {"ĐT": "điện thoại"}
    assert lex.names == {"CAT": ("Công ước Chống tra tấn", "Ủy ban Chống tra tấn")}
    # a code falls back to the anywhere-entry
    assert lex.code("BTC") == "Bộ Tài chính" and lex.code("UBND") == "Ủy ban nhân dân"
    assert lex.code("XYZ") is None


def test_unknown_place_is_one_clear_error(tmp_path):
    path = tmp_path / "vi.tsv"
    with pytest.raises(ScriptError) as info:
        parse_lexicon("UBND\tỦy ban\nBTC\tBộ Tài chính\tcodes\n", path)
    message = str(info.value)
    assert info.value.line == 2 and str(path) in message and "'codes'" in message
    assert "code, number, phone, name" in message and "\n" not in message


def test_project_overrides_by_written_form_and_place(tmp_path):
    path = project_path("vi", tmp_path)
    path.parent.mkdir()
    # a project whose "BTC" is its sports day's organisers: said anywhere, while a code
    # still reads the ministry; and one more name for an acronym
    path.write_text("BTC\tBan Tổ chức\nUPR\tCơ chế UPR\tname\n", encoding="utf-8")
    lex = load_lexicon("vi", tmp_path)
    assert lex.entries["BTC"] == "Ban Tổ chức" and lex.codes["BTC"] == "Bộ Tài chính"
    assert "Cơ chế rà soát định kỳ phổ quát" in lex.names["UPR"]
    assert "Cơ chế UPR" in lex.names["UPR"]
