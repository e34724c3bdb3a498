"""English text to spoken form (basic: both engines read English numbers well already, but
phone numbers and hotlines are said digit by digit: "call 113" → "call one one three")."""

from __future__ import annotations

import re

from studio.speech.normalize.abbreviations import expand_abbreviations
from studio.speech.normalize.lexicon import Lexicon
from studio.speech.normalize.phones import EN, read_phone_numbers
from studio.speech.normalize.vi import tidy_punctuation

_NUM = r"\d+(?:[.,]\d+)*"


def read_ranges_en(text: str) -> str:
    """"2023 - 2028" → "2023 to 2028"."""
    return re.sub(rf"(?<![\w/.,])({_NUM})\s*[-–—]\s*({_NUM})(?![\w/])", r"\1 to \2", text)


def read_symbols_en(text: str) -> str:
    """"%" → "percent", "&" → "and"."""
    text = re.sub(rf"({_NUM})\s*%", r"\1 percent", text)
    return " ".join(text.replace("&", " and ").split())


def spoken_en(text: str, lexicon: Lexicon) -> str:
    """The spoken form of English `text`."""
    for step in (tidy_punctuation, lambda t: read_phone_numbers(t, lexicon, EN),
                 lambda t: expand_abbreviations(t, lexicon), read_ranges_en, read_symbols_en):
        text = step(text)
    return text
