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


def language_name(lang: str) -> str:
    """'Tày (tay)': how a message names the language of a text."""
    return f"{LANGUAGES.get(lang, lang)} ({lang})"
