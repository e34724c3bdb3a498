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


def test_shipped_lexicon_parses_and_has_no_duplicates():
    text = builtin_path("vi").read_text(encoding="utf-8")
    keys = [line.split("\t")[0] for line in text.splitlines()
            if line.strip() and not line.startswith("#")]
    assert len(keys) == len(set(keys)) and len(keys) > 50


def test_dotted_abbreviations_for_sentence_splitting():
    lex = Lexicon({"TP.": "thành phố", "v.v.": "vân vân", "UBND": "x"})
    assert lex.dotted() == frozenset({"tp"})
