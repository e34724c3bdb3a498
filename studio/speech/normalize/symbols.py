"""Data tables the spoken-form steps read: letter names, units, the words that give a token
its meaning (a date, a ratio, a hotline, an address). Words people may want to change per
project (abbreviations, issuer codes, titles) live in the lexicon instead."""

from __future__ import annotations

import functools
import re

LETTER_NAMES = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "lờ",
    "M": "mờ", "N": "nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "rờ",
    "S": "ét", "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép", "X": "xờ", "Y": "i",
    "Z": "dét",
}

# A unit right after a number ("5 km", "30m2", "-2°C", "110kV")
UNITS = {
    "km2": "ki-lô-mét vuông", "km²": "ki-lô-mét vuông", "m2": "mét vuông", "m²": "mét vuông",
    "m3": "mét khối", "m³": "mét khối", "cm2": "xen-ti-mét vuông", "cm²": "xen-ti-mét vuông",
    "km": "ki-lô-mét", "Km": "ki-lô-mét", "cm": "xen-ti-mét", "mm": "mi-li-mét", "m": "mét",
    "ha": "héc-ta", "Ha": "héc-ta", "kg": "ki-lô-gam", "Kg": "ki-lô-gam", "g": "gam",
    "mg": "mi-li-gam", "°C": "độ C", "oC": "độ C", "l": "lít", "ml": "mi-li-lít", "đ": "đồng",
    "VNĐ": "đồng", "VND": "đồng", "USD": "đô la Mỹ", "kW": "ki-lô-oát", "kWh": "ki-lô-oát giờ",
    "MW": "mê-ga-oát", "W": "oát", "kV": "ki-lô-vôn", "kVA": "ki-lô-vôn-ampe", "V": "vôn",
    "MHz": "mê-ga-héc", "kHz": "ki-lô-héc",
}
TEMPERATURE_UNITS = ("°C", "oC", "độ C", "độ")  # a minus sign before these is "âm"

# "đồng/người", "km/h": what may stand before the "/" of a rate, and how the part after
# it is said ("một người", "một giờ")
PER_BASES = ("đồng", "tấn", "tạ", "lít", "lượt", "suất", "người", "hộ", "chuyến", "xe", "con",
             "cây", "lần", "giờ", "tiết", "ca", "buổi", "bao", "cuộc", "phần trăm")
PER_WORDS = {"người": "người", "tháng": "tháng", "năm": "năm", "ngày": "ngày", "giờ": "giờ",
             "h": "giờ", "hộ": "hộ", "lượt": "lượt", "suất": "suất", "tuần": "tuần",
             "kg": "ki lô gam", "ha": "héc ta", "lít": "lít", "s": "giây", "giây": "giây",
             "phút": "phút", "lần": "lần", "xe": "xe", "con": "con", "km": "ki lô mét",
             "m2": "mét vuông", "m²": "mét vuông", "m3": "mét khối", "m³": "mét khối",
             "kWh": "ki lô oát giờ", "l": "lít", "học sinh": "học sinh", "ca": "ca"}

# Roman numerals are read only after these ("lần thứ XVII", "giai đoạn II", "cấp độ III")
ROMAN_CONTEXT = ("lần thứ", "thứ", "khóa", "khoá", "thế kỷ", "thế kỉ", "quý", "nhiệm kỳ",
                 "nhiệm kì", "chương", "phần", "chu kỳ", "chu kì", "đại hội", "mục", "điều",
                 "kỳ", "kì", "tập", "hội nghị", "phụ lục", "giai đoạn", "đợt", "cấp", "cấp độ",
                 "loại", "hạng", "vùng", "khu vực", "bậc", "quân khu", "tiểu mục")
# dd/mm after these is a date ("từ 10/12", "kỷ niệm 30/4")
DATE_CONTEXT = ("ngày", "mùng", "mồng", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "từ",
                "đến", "và", "lễ", "kỷ niệm", "dịp", "trước", "sau", "vào", "hết", "(",
                "quốc khánh", "thiếu nhi", "quốc tế lao động")
# ...while a/b after these, or before a counted noun, is a ratio ("đạt 9/12 tiêu chí")
RATIO_BEFORE = ("đạt", "đạt được", "được", "còn", "chiếm")
COUNTED_NOUNS = ("tiêu chí", "chỉ tiêu", "xã", "phường", "thị trấn", "thôn", "bản", "xóm",
                 "tổ", "hộ", "người", "học sinh", "huyện", "trường", "lớp", "đơn vị", "cơ quan",
                 "câu", "điểm", "thành viên", "phiếu", "đại biểu", "ý kiến", "nhiệm vụ", "nội dung",
                 "hồ sơ", "công trình", "dự án", "trạm", "cụm", "loa", "thủ tục")
ROUND_THE_CLOCK = frozenset({(24, 7)})  # "trực 24/7" is hours and days, not 24 July

TLDS = "vn|com|org|net|gov|edu|info|int|io"
# First part of a document code that names its type ("QĐ-TTg" is a quyết định)
DOCUMENT_TYPES = frozenset({"QĐ", "KH", "CV", "NĐ", "NQ", "TT", "CT", "TB", "BC", "TTr", "HD",
                            "TTLT", "KL", "CĐ", "QC", "BB", "QĐi", "CTr", "ĐA", "PA", "GM",
                            "HĐ", "NQLT"})
JOINT_TYPES = frozenset({"TTLT", "NQLT"})  # issued together: "của Bộ Tư pháp và Bộ Tài chính"

# Phone numbers and hotlines: read digit by digit ("gọi 113" → "gọi một một ba")
ENGLISH_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                  "nine")
HOTLINES = frozenset({"111", "112", "113", "114", "115", "1022"})
PHONE_GLUE = {"vi": ("ngay", "số", "đến", "tới", "cho", "về", "vào", "là", "theo", "qua",
                     "máy", "lẻ"),
              "en": ("on", "at", "the", "number", "us", "free", "toll-free", "now")}
CALL_WORDS = {
    "vi": ("gọi", "gọi điện", "quay số", "bấm số", "bấm", "đường dây nóng", "hotline",
           "tổng đài", "điện thoại", "số điện thoại", "SĐT", "di động", "Zalo", "fax",
           "nhắn tin", "liên hệ", "liên lạc", "đầu số", "số máy"),
    "en": ("call", "dial", "phone", "telephone", "tel", "hotline", "helpline", "ring", "text",
           "contact", "fax", "number", "numbers"),
}
SERVICE_WORDS = {  # before one of HOTLINES only: "Cấp cứu 115", "Police 113"
    "vi": ("cảnh sát", "công an", "cứu hỏa", "cứu hoả", "chữa cháy", "cứu nạn", "cứu hộ",
           "cấp cứu", "báo cháy", "khẩn cấp", "trẻ em", "PCCC", "CNCH"),
    "en": ("police", "fire", "ambulance", "emergency", "rescue", "child protection"),
}
LIST_JOINERS = {"vi": (",", "hoặc", "và", "hay", "/", ";"), "en": (",", "or", "and", "/", ";")}
# between an emergency number and its service named after it: "114 (Cứu hỏa)", "114 for fire"
SERVICE_AFTER = {"vi": r"\s*[(:-]?\s*", "en": r"\s*(?:[(:-]|for)?\s*(?:the\s+|an?\s+)?"}

# "X. Hữu Kiên, H. Chi Lăng, T. Lạng Sơn": one-letter initials read only in an address
ADDRESS_INITIALS = {"X.": "xã", "H.": "huyện", "T.": "tỉnh"}
PLACE_WORDS = ("xã", "huyện", "tỉnh", "thôn", "bản", "xóm", "ấp", "phường", "quận",
               "thành phố", "thị xã", "thị trấn", "khu phố", "tổ dân phố", "khu", "đường",
               "phố", "số nhà", "TP.", "TX.", "TT.", "Q.", "P.")
LOCATIVES = ("tại", "ở", "thuộc", "về", "đến", "từ", "qua")

# Words an acronym skips when it is made of its name's initials ("Bộ Thông tin và Truyền
# thông" → BTTTT)
INITIALS_SKIP = ("và", "&", "-", "–")


def alternation(words) -> str:
    """A regex matching any of `words` as written, longest first ("QĐ-TTg" before "QĐ");
    built once per set of words (the normalisers ask for the same ones every sentence)."""
    return _alternation(frozenset(words))


@functools.cache
def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
