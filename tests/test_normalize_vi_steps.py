"""Each Vietnamese normalisation step alone, on the kind of token it exists for."""

from __future__ import annotations

import pytest

from studio.speech.normalize import acronyms, vi
from studio.speech.normalize.lexicon import Lexicon, load_lexicon

LEX = Lexicon({"UBND": "Ủy ban nhân dân", "QĐ": "quyết định", "TTg": "Thủ tướng",
               "KH": "kế hoạch", "STP": "Sở Tư pháp", "TP.": "thành phố",
               "BHYT": "bảo hiểm y tế", "NĐ": "nghị định", "CP": "Chính phủ"})


def test_tidy_punctuation():
    assert vi.tidy_punctuation("địa phương./.") == "địa phương."
    assert vi.tidy_punctuation("“Nhân quyền”  Việt\u00a0Nam…") == "Nhân quyền Việt Nam..."
    nfd = "Quye\u0302\u0300n"  # Windows keyboards type decomposed letters
    assert vi.tidy_punctuation(nfd) == "Quyền"


def test_read_urls():
    assert vi.read_urls("truy cập www.nhanquyenvn.org và") == \
        "truy cập www chấm nhanquyenvn chấm org và"
    assert vi.read_urls("(laodongthudo.vn)") == "(laodongthudo chấm vn)"
    assert vi.read_urls("TP. Hà Nội") == "TP. Hà Nội"


@pytest.mark.parametrize("text, spoken", [
    ("Quyết định số 1079/QĐ-TTg ngày", "Quyết định số một nghìn không trăm bảy mươi chín của "
                                       "Thủ tướng ngày"),
    ("theo 1079/QĐ-TTg", "theo một nghìn không trăm bảy mươi chín quyết định của Thủ tướng"),
    ("Kế hoạch số 68/KH-STP của Sở Tư pháp", "Kế hoạch số sáu mươi tám của Sở Tư pháp"),
    ("Nghị định 13/2023/NĐ-CP", "Nghị định mười ba năm hai nghìn không trăm hai mươi ba của "
                                "Chính phủ"),
    ("Số: /KH-UBND", "Số: kế hoạch của Ủy ban nhân dân"),
    ("số 12/ABC", "số mười hai a bê xê"),
])
def test_read_document_numbers(text, spoken):
    assert vi.read_document_numbers(text, LEX) == spoken


def test_document_code_read_whole_when_the_lexicon_has_it():
    lex = Lexicon({**LEX.entries, "QĐ-TTg": "quyết định thủ tướng"})
    assert vi.read_document_numbers("số 5/QĐ-TTg", lex) == "số năm quyết định thủ tướng"


def test_expand_abbreviations_whole_words_longest_first():
    lex = Lexicon({"UBND": "Ủy ban nhân dân", "UB": "ủy ban", "TP.": "thành phố"})
    assert vi.expand_abbreviations("UBND TP. Lạng Sơn", lex) == \
        "Ủy ban nhân dân thành phố Lạng Sơn"
    assert vi.expand_abbreviations("XUBNDX và UBNDs", lex) == "XUBNDX và UBNDs"


@pytest.mark.parametrize("text, out", [
    ("giai đoạn 2023 - 2028", "giai đoạn 2023 đến 2028"),
    ("nhiệm kỳ 2023-2205;", "nhiệm kỳ 2023 đến 2205;"),
    ("(10/12/1948-10/12/2023)", "(10/12/1948 đến 10/12/2023)"),
    ("từ 5 – 7 ngày", "từ 5 đến 7 ngày"),
    ("7h30 - 11h", "7h30 đến 11h"),
    ("chính trị - xã hội", "chính trị - xã hội"),
    ("Ngày 24/06/2024 -", "Ngày 24/06/2024 -"),
])
def test_read_ranges(text, out):
    assert vi.read_ranges(text) == out


@pytest.mark.parametrize("text, out", [
    ("Ngày 03/9/2023, UBND", "Ngày ba tháng chín năm hai nghìn không trăm hai mươi ba, UBND"),
    ("đăng: 19/09/2023", "đăng: ngày mười chín tháng chín năm hai nghìn không trăm hai mươi ba"),
    ("ngày 10/12", "ngày mười tháng mười hai"),
    ("Ngày 18/9, Sở", "Ngày mười tám tháng chín, Sở"),
    ("hằng năm (10/12).", "hằng năm (ngày mười tháng mười hai)."),
    ("từ 10/12 đến 15/12", "từ ngày mười tháng mười hai đến ngày mười lăm tháng mười hai"),
    ("ngày 14.9.2022", "ngày mười bốn tháng chín năm hai nghìn không trăm hai mươi hai"),
    ("ngày 32/13", "ngày 32/13"),
    ("tỷ lệ 1/2", "tỷ lệ 1/2"),
])
def test_read_dates(text, out):
    assert vi.read_dates(text) == out


def test_read_month_years():
    assert vi.read_month_years("vào tháng 11/2023).") == \
        "vào tháng mười một năm hai nghìn không trăm hai mươi ba)."
    assert vi.read_month_years("12/2026") == "tháng mười hai năm hai nghìn không trăm hai mươi sáu"
    assert vi.read_month_years("quý 4/2026") == "quý 4/2026"  # a quarter, not April
    assert vi.read_month_years("số 13/2023") == "số 13/2023"


def test_read_fractions():
    assert vi.read_fractions("1/2 số hộ") == "một phần hai số hộ"
    assert vi.read_fractions("kỷ niệm 30/4") == "kỷ niệm ngày ba mươi tháng tư"
    assert vi.read_fractions("tỷ lệ 3/15") == "tỷ lệ ba trên mười lăm"


def test_read_months():
    assert vi.read_months("ngày tháng 4 năm 2024") == "ngày tháng tư năm 2024"
    assert vi.read_months("tháng 12") == "tháng mười hai"
    assert vi.read_months("ngày 05 tháng 09 năm") == "ngày 05 tháng chín năm"
    assert vi.read_months("3 tháng 15 ngày") == "3 tháng 15 ngày"


@pytest.mark.parametrize("text, out", [
    ("lúc 7h30", "lúc bảy giờ ba mươi phút"), ("14h", "mười bốn giờ"),
    ("8g15'", "tám giờ mười lăm phút"), ("07:35", "bảy giờ ba mươi lăm phút"),
    ("25h", "25h"), ("7h75", "7h75"),
])
def test_read_times(text, out):
    assert vi.read_times(text) == out


@pytest.mark.parametrize("text, out", [
    ("lần thứ XVII", "lần thứ mười bảy"), ("LẦN THỨ XVII,", "LẦN THỨ mười bảy,"),
    ("lần thứ IV", "lần thứ tư"), ("lần thứ I", "lần thứ nhất"), ("khóa XV", "khóa mười lăm"),
    ("khoá XIV", "khoá mười bốn"), ("thế kỷ XXI", "thế kỷ hai mươi mốt"), ("quý IV", "quý bốn"),
    ("nhiệm kỳ II", "nhiệm kỳ hai"), ("Chương III", "Chương ba"), ("phần I", "phần một"),
    ("chu kỳ IV của", "chu kỳ bốn của"), ("quý I/2024", "quý một năm hai nghìn không trăm hai mươi tư"),
    ("quý 3/2025", "quý ba năm hai nghìn không trăm hai mươi lăm"),
    ("II. NỘI DUNG", "hai. NỘI DUNG"), ("Vitamin C", "Vitamin C"), ("phần lớn", "phần lớn"),
])
def test_read_roman_numerals(text, out):
    assert vi.read_roman_numerals(text) == out


def test_read_ordinals():
    assert vi.read_ordinals("lần thứ 5") == "lần thứ năm"
    assert vi.read_ordinals("Thứ 4 này, lần thứ 1") == "Thứ tư này, lần thứ nhất"


def test_read_percentages():
    assert vi.read_percentages("100% cán bộ") == "một trăm phần trăm cán bộ"
    assert vi.read_percentages("tăng 7,5 %") == "tăng bảy phẩy năm phần trăm"


def test_read_units():
    assert vi.read_units("5 km và 200 ha, 30m2") == "năm ki-lô-mét và hai trăm héc-ta, ba mươi mét vuông"
    assert vi.read_units("1.500.000 đ") == "một triệu năm trăm nghìn đồng"
    assert vi.read_units("5 mẫu") == "5 mẫu"


@pytest.mark.parametrize("text, out", [
    ("07 công ước", "bảy công ước"), ("02 fanpage", "hai fanpage"),
    ("1.000.000 người", "một triệu người"), ("7,5", "bảy phẩy năm"),
    ("1.1. Nội dung", "một chấm một. Nội dung"), ("(1) Công ước", "(một) Công ước"),
    ("0912345678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("0912.345.678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("75 năm", "bảy mươi lăm năm"), ("COVID19", "COVID19"),
])
def test_read_numbers(text, out):
    assert vi.read_numbers(text) == out


@pytest.mark.parametrize("word, syllable", [
    ("HOẠCH", True), ("NGHỊ", True), ("QUYỀN", True), ("KHUYẾT", True), ("NGƯỜI", True),
    ("TRUYỀN", True), ("UBND", False), ("CNTT", False), ("TTXVN", False), ("CERD", False)])
def test_is_vietnamese_syllable(word, syllable):
    assert acronyms.is_vietnamese_syllable(word) is syllable


def test_spell_acronyms_leaves_upper_case_words():
    assert vi.spell_acronyms("Cơ chế (UPR) KẾ HOẠCH") == "Cơ chế (u pê rờ) KẾ HOẠCH"
    assert vi.spell_acronyms("TTXVN") == "tê tê xờ vê nờ"


def test_tidy_for_speech():
    assert vi.tidy_for_speech("Công ước (CERD) lần thứ năm (diễn ra).") == \
        "Công ước, CERD, lần thứ năm, diễn ra."
    assert vi.tidy_for_speech("Cổng/Trang thông tin & chính trị - xã hội") == \
        "Cổng Trang thông tin và chính trị, xã hội"
    assert vi.tidy_for_speech("ki-lô-mét ,") == "ki lô mét"


def test_pipeline_order_is_fixed():
    names = [getattr(step, "__name__", "<lambda>") for step in vi.pipeline(Lexicon())]
    assert names.index("read_dates") < names.index("read_numbers")
    assert names.index("read_ranges") < names.index("read_dates")
    assert names[0] == "tidy_punctuation" and names[-1] == "tidy_for_speech"


def test_shipped_lexicon_has_the_issue_abbreviations():
    lex = load_lexicon("vi")
    for key in ("UBND", "HĐND", "MTTQ", "TP.", "BHYT", "CCCD", "PCCC", "QĐ", "TTg", "KH",
                "CSGT", "CAND", "QĐND", "BĐBP", "BCA", "BQP", "BYT", "BGDĐT", "BLĐTBXH",
                "BTTTT", "BVHTTDL", "NQ", "TB", "CV", "Đ/c", "Q.", "P.", "GS.", "PGS.", "TS."):
        assert key in lex.entries, key
    # short forms that mean other things outside a document code are read only inside one
    for key, said in (("TT", "thông tư"), ("CT", "chỉ thị"), ("BTC", "Bộ Tài chính")):
        assert key not in lex.entries and lex.code(key) == said
    assert lex.numbered["tr."] == "trang" and lex.phone_labels["ĐT"] == "điện thoại"
    assert "Công ước Chống tra tấn" in lex.names["CAT"]


@pytest.mark.parametrize("written,spoken", [
    ("50.000 đồng/người", "50.000 đồng một người"), ("60km/h", "60km một giờ"),
    ("5 tấn/ha", "5 tấn một héc ta"), ("xã/phường", "xã/phường"),
])
def test_read_per_unit(written, spoken):
    from studio.speech.normalize.vi import read_per_unit
    assert read_per_unit(written) == spoken


def test_law_codes_name_the_national_assembly():
    from studio.speech.normalize import spoken_form
    assert spoken_form("Luật số 25/2018/QH14", "vi") == (
        "Luật số hai mươi lăm năm hai nghìn không trăm mười tám Quốc hội khóa mười bốn")


def test_a_labelled_date_does_not_say_ngay_twice():
    from studio.speech.normalize.vi import read_dates
    assert read_dates("Ngày đăng: 19/09/2023") == (
        "Ngày đăng: mười chín tháng chín năm hai nghìn không trăm hai mươi ba")
    assert read_dates("Hạn chót 10/12/2026").startswith("Hạn chót ngày mười tháng mười hai")
