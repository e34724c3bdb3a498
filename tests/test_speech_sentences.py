"""Sentence splitting (timings, subtitles) and the ≤100-character pieces gTTS needs."""

from __future__ import annotations

from hypothesis import given, strategies as st

from studio.speech.sentences import split_for_limit, split_sentences


def test_split_sentences_at_end_marks():
    assert split_sentences("Xin chào bà con! Hôm nay họp dân. Mời đến đúng giờ?") == [
        "Xin chào bà con!", "Hôm nay họp dân.", "Mời đến đúng giờ?"]


def test_no_split_after_abbreviations_numbers_or_lower_case():
    text = "Họp tại TP. Lạng Sơn lúc 7h. Dân số 1.000.000 người, v.v. và hơn nữa."
    assert split_sentences(text) == ["Họp tại TP. Lạng Sơn lúc 7h.",
                                     "Dân số 1.000.000 người, v.v. và hơn nữa."]
    assert split_sentences("Gặp ThS. Hà.", abbreviations=frozenset({"ths"})) == ["Gặp ThS. Hà."]
    assert split_sentences("Hội thảo do PGS.TS. Nguyễn Văn A chủ trì. Mời bà con dự.") == [
        "Hội thảo do PGS.TS. Nguyễn Văn A chủ trì.", "Mời bà con dự."]
    assert split_sentences("Đến Q.1. Hết giờ.") == ["Đến Q.1.", "Hết giờ."]  # "1" is no title


def test_list_markers_stay_with_their_item():
    assert split_sentences("1. Tuyên truyền luật. II. NỘI DUNG. 1.2. Các hoạt động.") == [
        "1. Tuyên truyền luật.", "II. NỘI DUNG.", "1.2. Các hoạt động."]


def test_closing_quotes_stay_with_their_sentence():
    assert split_sentences("Khẩu hiệu “Dân giàu, nước mạnh.” Tiếp theo.") == [
        "Khẩu hiệu “Dân giàu, nước mạnh.”", "Tiếp theo."]


def test_long_sentence_is_cut_at_clauses_then_words():
    sentence = ("Tuyên truyền luật pháp quốc tế về quyền con người, trong đó đặc biệt quan tâm "
                "tới bảy công ước quốc tế cơ bản về quyền con người mà Việt Nam là thành viên; "
                "kinh nghiệm quốc tế về đảm bảo và thúc đẩy quyền con người.")
    pieces = split_for_limit(sentence, 100)
    assert all(len(p) <= 100 for p in pieces)
    assert pieces[0] == "Tuyên truyền luật pháp quốc tế về quyền con người,"
    assert " ".join(pieces) == sentence


def test_short_sentences_are_kept_whole():
    assert split_for_limit("Một câu. Hai câu.", 100) == ["Một câu.", "Hai câu."]


words = st.text(alphabet="abcdeđơư", min_size=1, max_size=12)


@given(st.lists(st.tuples(words, st.sampled_from([" ", ", ", ". ", "; "])), min_size=1,
                max_size=60))
def test_pieces_never_exceed_the_limit_nor_lose_or_cut_words(parts):
    text = "".join(w + sep for w, sep in parts).strip()
    pieces = split_for_limit(text, 100)
    assert all(0 < len(p) <= 100 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_chinese_sentences_and_clauses():
    assert split_sentences("人人生而自由。在尊严和权利上一律平等！") == [
        "人人生而自由。", "在尊严和权利上一律平等！"]
    text = "人人生而自由，在尊严和权利上一律平等，" * 6
    pieces = split_for_limit(text, 30)
    assert all(len(p) <= 30 for p in pieces) and "".join(pieces) == text
