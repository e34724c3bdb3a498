"""The bulletin steps alone: phone numbers and hotlines, acronyms said once, address
initials, dotted abbreviations, Party document numbers, ratios, rates and units — and the
readings they must not make ("113 hộ", "H.L", a bare "BTC")."""

from __future__ import annotations

import pytest

from studio.speech.normalize import abbreviations, acronyms, documents_vi, phones, vi
from studio.speech.normalize.lexicon import Lexicon, load_lexicon

VI = load_lexicon("vi")
LEX = Lexicon({"UBND": "Ủy ban nhân dân", "TP.": "thành phố", "TM.": "thay mặt", "Q.": "quận", "P.": "phường",
               "GS.": "giáo sư", "PGS.": "phó giáo sư", "TS.": "tiến sĩ", "BS.": "bác sĩ",
               "ThS.": "thạc sĩ", "TP.HCM": "Thành phố Hồ Chí Minh", "v.v.": "vân vân",
               "QĐ": "quyết định", "NQ": "nghị quyết", "TW": "Trung ương", "BTP": "Bộ Tư pháp"},
              codes={"BTC": "Bộ Tài chính", "TT": "thông tư", "TTLT": "thông tư liên tịch",
                     "CT": "chỉ thị", "VX": "khối văn xã"},
              numbered={"tr.": "trang", "QL": "quốc lộ"}, phone_labels={"ĐT": "điện thoại"},
              names={"CAT": ("Công ước Chống tra tấn",),
                     "CERD": ("Công ước quốc tế về xóa bỏ mọi hình thức phân biệt chủng tộc",)})


@pytest.mark.parametrize("text, out", [
    ("0912 345 678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("0912.345.678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("0912-345-678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("0205.3812.345", "không hai không năm ba tám một hai ba bốn năm"),
    ("(0205) 3812 345", "không hai không năm ba tám một hai ba bốn năm"),
    ("+84 912 345 678", "cộng tám bốn chín một hai ba bốn năm sáu bảy tám"),
    ("1900 9095", "một chín không không chín không chín năm"),
    ("ĐT: 0205 3851 234", "điện thoại: không hai không năm ba tám năm một hai ba bốn"),
    # not phone numbers: too short, too long, a date, thousands
    ("0912 345", "0912 345"), ("09.10.2024", "09.10.2024"), ("1.000.000", "1.000.000"),
    ("ĐT 226", "ĐT 226"),
])
def test_phone_numbers(text, out):
    assert phones.read_phone_numbers(text, LEX) == out


@pytest.mark.parametrize("text, out", [
    ("gọi ngay 114", "gọi ngay một một bốn"),
    ("Gọi 113, 114 hoặc 115", "Gọi một một ba, một một bốn hoặc một một năm"),
    ("Đường dây nóng của tỉnh: 1022", "Đường dây nóng của tỉnh: một không hai hai"),
    ("Tổng đài 1022 tiếp nhận", "Tổng đài một không hai hai tiếp nhận"),
    ("Cấp cứu 115", "Cấp cứu một một năm"), ("113 (Công an)", "một một ba (Công an)"),
    ("điện thoại 3812345 để", "điện thoại ba tám một hai ba bốn năm để"),
    # counts, not numbers to call
    ("có 113 hộ", "có 113 hộ"), ("kêu gọi 115 hộ", "kêu gọi 115 hộ"),
    ("liên hệ 120 hộ", "liên hệ 120 hộ"), ("Quyết định số 114", "Quyết định số 114"),
])
def test_hotlines_only_where_announced(text, out):
    assert phones.read_phone_numbers(text, LEX) == out


@pytest.mark.parametrize("text, out", [
    ("Công ước Chống tra tấn (CAT) và", "Công ước Chống tra tấn và"),
    ("Ủy ban nhân dân (UBND) xã", "Ủy ban nhân dân xã"),  # its lexicon reading
    ("Hợp tác xã Nông nghiệp (HTXNN) thôn", "Hợp tác xã Nông nghiệp thôn"),  # initials
    ("Bộ Thông tin và Truyền thông (BTTTT)", "Bộ Thông tin và Truyền thông"),
    # a shortened name: same head and same end
    ("thực thi Công ước về chống phân biệt chủng tộc (CERD) lần", "thực thi Công ước về "
                                                                  "chống phân biệt chủng tộc lần"),
    # not an echo: a source credit, another office's mark, a bracket with nothing before it
    ("Lạng Sơn (TTXVN) - Sáng", "Lạng Sơn (TTXVN) - Sáng"),
    ("Lưu: VT, KGVX (TB).", "Lưu: VT, KGVX (TB)."), ("(UPR) chu kỳ IV", "(UPR) chu kỳ IV"),
    ("Ủy ban Chống tra tấn (CERD)", "Ủy ban Chống tra tấn (CERD)"),
])
def test_an_acronym_after_its_name_is_read_once(text, out):
    assert acronyms.drop_echoed_acronyms(text, LEX) == out


def test_initials_skip_va_and_need_every_letter():
    words = "bộ lao động thương binh và xã hội".split()
    assert acronyms.is_initials_of("BLĐTBXH", words)
    assert not acronyms.is_initials_of("LĐTBXHX", words)
    assert not acronyms.is_initials_of("A", ["an"])


@pytest.mark.parametrize("text, out", [
    ("X. Hữu Kiên, H. Chi Lăng, T. Lạng Sơn.", "xã Hữu Kiên, huyện Chi Lăng, tỉnh Lạng Sơn."),
    ("Thôn Bản Cầu, X. Tân Thành", "Thôn Bản Cầu, xã Tân Thành"),
    ("Quê quán: X. Hữu Kiên, huyện Chi Lăng", "Quê quán: xã Hữu Kiên, huyện Chi Lăng"),
    ("X. Hữu Kiên, H. Chi Lăng đã ra quân", "xã Hữu Kiên, huyện Chi Lăng đã ra quân"),
    # alone, or a person's initials: left as written
    ("H. Đình Lập", "H. Đình Lập"), ("H.L", "H.L"), ("Ông Nguyễn H. Nam, xã Hữu Kiên",
                                                     "Ông Nguyễn H. Nam, xã Hữu Kiên"),
    ("H. L, xã Hữu Kiên", "H. L, xã Hữu Kiên"),
])
def test_address_initials_only_in_an_address(text, out):
    assert abbreviations.read_address_initials(text) == out


@pytest.mark.parametrize("text, out", [
    ("Q.1, TP.Lạng Sơn", "quận 1, thành phố Lạng Sơn"), ("P. Vĩnh Trại", "phường Vĩnh Trại"),
    ("PGS.TS Hoàng", "phó giáo sư tiến sĩ Hoàng"), ("GS. TS. Trần", "giáo sư tiến sĩ Trần"),
    ("ThS.BS Lý", "thạc sĩ bác sĩ Lý"), ("ở TP.HCM.", "ở Thành phố Hồ Chí Minh."),
    ("v.v. và", "vân vân và"), ("tr. 15", "trang 15"), ("tr.7", "trang 7"),
    ("QL279", "quốc lộ 279"), ("TM.UBND", "thay mặt Ủy ban nhân dân"),
    # glued to another acronym, or not a number after a before-a-number entry: as written
    ("P.GĐ", "P.GĐ"), ("H.L", "H.L"), ("tr. này", "tr. này"), ("BTC giải", "BTC giải"),
])
def test_expand_abbreviations_glued_and_chained(text, out):
    assert abbreviations.expand_abbreviations(text, LEX) == out


@pytest.mark.parametrize("text, out", [
    ("Nghị quyết số 29-NQ/TW về", "Nghị quyết số hai mươi chín của Trung ương về"),
    ("Chỉ thị số 05-CT/TW của Bộ Chính trị", "Chỉ thị số năm của Bộ Chính trị"),
    ("theo 123/QĐ-BTC", "theo một trăm hai mươi ba quyết định của Bộ Tài chính"),
    ("Thông tư liên tịch số 12/2015/TTLT-BTP-BTC", "Thông tư liên tịch số mười hai năm hai "
     "nghìn không trăm mười lăm của Bộ Tư pháp và Bộ Tài chính"),
    # an issuer and its office (not a joint "liên tịch" document): no "và"
    ("Quyết định số 5/QĐ-UBND-VX", "Quyết định số năm của Ủy ban nhân dân khối văn xã"),
    ("số 12-AB/TW", "số 12-AB/TW"),  # not a document type: left to the later steps
])
def test_document_numbers(text, out):
    assert documents_vi.read_document_numbers(text, LEX) == out


@pytest.mark.parametrize("text, out", [
    ("50-100mm", "50 đến 100mm"), ("3-5°C", "3 đến 5°C"), ("2-3 m", "2 đến 3 m"),
    ("thứ 2 - thứ 6", "thứ 2 đến thứ 6"), ("Thứ 2 - thứ 6", "Thứ 2 đến thứ 6"),
    ("trang 7 - trang 9", "trang 7 đến trang 9"), ("H5N1-2", "H5N1-2"),
])
def test_read_ranges_with_units_and_repeated_words(text, out):
    assert vi.read_ranges(text) == out


@pytest.mark.parametrize("text, out", [
    ("đạt 9/12 tiêu chí", "đạt chín trên mười hai tiêu chí"),
    ("có 5/7 xã", "có năm trên bảy xã"), ("đạt 15/19", "đạt mười lăm trên mười chín"),
    ("trực 24/7", "trực hai mươi tư trên bảy"),
    ("trực 24/24h", "trực hai mươi tư trên hai mươi tư giờ"),
    ("1/3 diện tích", "một phần ba diện tích"),
    ("Kỷ niệm Quốc khánh 20/11 năm nay", "Kỷ niệm Quốc khánh ngày hai mươi tháng mười một năm nay"),
])
def test_read_fractions_ratios(text, out):
    assert vi.read_fractions(text) == out


def test_holidays_are_dates_before_fractions():
    assert vi.read_dates("Quốc khánh 2/9") == "Quốc khánh ngày hai tháng chín"
    assert vi.read_dates("Tết Thiếu nhi 1/6") == "Tết Thiếu nhi ngày một tháng sáu"


@pytest.mark.parametrize("written, spoken", [
    ("1.500.000 đồng/người/tháng", "1.500.000 đồng một người một tháng"),
    ("150.000đ/tháng", "150.000đ một tháng"), ("6,6 phần trăm/năm", "6,6 phần trăm một năm"),
    ("8.500 đồng/m3", "8.500 đồng một mét khối"), ("10 m/s", "10 m một giây"),
    ("100 mm/24h", "100 mm trong 24 giờ"), ("5.000 lượt/ngày", "5.000 lượt một ngày"),
    ("xã/phường", "xã/phường"), ("người/xã", "người/xã"),
])
def test_read_per_unit_chains(written, spoken):
    assert vi.read_per_unit(written) == spoken


@pytest.mark.parametrize("text, out", [
    ("xuống -1°C", "xuống âm một độ C"), ("(-2,5°C)", "(âm hai phẩy năm độ C)"),
    ("-3 độ C", "âm 3 độ C"), ("110kV", "một trăm mười ki-lô-vôn"),
    ("220V", "hai trăm hai mươi vôn"),
    ("98,5 MHz", "chín mươi tám phẩy năm mê-ga-héc"), ("5oC", "năm độ C"),
    ("-5 km", "-năm ki-lô-mét"),  # a minus is "âm" only before a temperature
])
def test_read_units_temperatures_and_power(text, out):
    assert vi.read_units(text) == out


@pytest.mark.parametrize("text, out", [
    ("giai đoạn II", "giai đoạn hai"), ("cấp độ III", "cấp độ ba"), ("học kỳ I", "học kỳ một"),
    ("đợt IV", "đợt bốn"), ("kỳ họp thứ X", "kỳ họp thứ mười"), ("loại L", "loại L"),
])
def test_more_roman_contexts(text, out):
    assert vi.read_roman_numerals(text) == out


def test_tidy_punctuation_drops_list_marks_and_emphasis():
    assert vi.tidy_punctuation("- Công an huyện;") == "Công an huyện;"
    assert vi.tidy_punctuation("+ Tổ 5") == "Tổ 5"
    assert vi.tidy_punctuation("-2°C") == "-2°C"  # a minus sign, not a list mark
    assert vi.tidy_punctuation("*Việt Nam hạnh phúc*") == "Việt Nam hạnh phúc"


@pytest.mark.parametrize("written, spoken", [
    # the issue's cases, end to end through the shipped lexicon
    ("Lực lượng trực 24/7", "Lực lượng trực hai mươi tư trên bảy"),
    ("Ngày 24/7 xã tổ chức", "Ngày hai mươi tư tháng bảy xã tổ chức"),
    ("CSGT, CAND, QĐND, PCCC, BĐBP", "Cảnh sát giao thông, Công an nhân dân, Quân đội nhân "
                                     "dân, phòng cháy chữa cháy, Bộ đội Biên phòng"),
    ("Đ/c Hoàng Văn Nam", "đồng chí Hoàng Văn Nam"),
    ("Quyết định số 45/QĐ-BYT", "Quyết định số bốn mươi lăm của Bộ Y tế"),
    ("BTC giải bóng đá", "bê tê xê giải bóng đá"),
    ("TT Y tế huyện và thông tư 12/TT-BYT", "Trung tâm Y tế huyện và thông tư mười hai của "
                                            "Bộ Y tế"),
    # BCH and BTV alone mean several bodies: read only with the body they belong to
    ("BCH Đảng bộ, BCH Quân sự, BTV Huyện ủy và BCH", "Ban Chấp hành Đảng bộ, Ban Chỉ huy "
     "Quân sự, Ban Thường vụ Huyện ủy và bê xê hát"),
    ("SN 1990", "sinh năm một nghìn chín trăm chín mươi"),
])
def test_issue_cases_end_to_end(written, spoken):
    assert vi.spoken_vi(written, VI) == spoken


@pytest.mark.parametrize("written, spoken", [
    ("quốc lộ 1A, lớp 5A, mạng 4G", "quốc lộ một A, lớp năm A, mạng bốn G"),
    ("H5N1 và 5AB", "H5N1 và 5AB"),  # a code glued to more letters is left to the engine
])
def test_a_number_and_one_capital_letter(written, spoken):
    assert vi.read_numbers(written) == spoken


def test_sentence_splitting_keeps_an_address_together():
    from studio.speech.sentences import split_sentences
    text = "Quê quán: X. Hữu Kiên, H. Chi Lăng, T. Lạng Sơn. Nghề nghiệp: nông dân."
    assert len(split_sentences(text, abbreviations=VI.dotted())) == 2
