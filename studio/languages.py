"""The languages a script may be written in: code → name as its speakers write it, and those
with no text-to-speech (every scene needs a human recording). One table for every layer."""

from __future__ import annotations

LANGUAGES = {
    "vi": "Tiếng Việt",
    "en": "English",
    "zh": "中文",
    "tay": "Tày",
    "nun": "Nùng",
    "hmn": "H'Mông",
    "dao": "Dao",
}
RECORDED_ONLY_LANGUAGES = frozenset({"tay", "nun", "hmn", "dao"})
# What files and feeds say: studio's short codes are not all ISO codes — in ISO 639-3 "tay"
# is Atayal, "nun" Anong and "dao" Daai Chin. Dao here is Iu Mien, the most spoken Dao
# language in Vietnam; "hmn" is ISO 639's code for the Hmong languages together.
ISO_639_3 = {"vi": "vie", "en": "eng", "zh": "zho", "tay": "tyz", "nun": "nut", "hmn": "hmn",
             "dao": "ium"}
ISO_639_1 = {"vi": "vi", "en": "en", "zh": "zh"}


def language_name(lang: str) -> str:
    """'Tày (tay)': how a message names the language of a text."""
    return f"{LANGUAGES.get(lang, lang)} ({lang})"


def iso_639_3(lang: str) -> str:
    """The three-letter ISO 639-3 code of a script language (ID3's TLAN, the reports)."""
    return ISO_639_3.get(lang, lang)


def language_tag(lang: str) -> str:
    """The BCP 47 tag of a script language (RSS, HTML, subtitle tracks): ISO 639-1's two
    letters where there are, else ISO 639-3's three ("tay" → "tyz")."""
    return ISO_639_1.get(lang) or iso_639_3(lang)
