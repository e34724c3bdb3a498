"""Text to spoken form: what an engine should read aloud (numbers, dates, abbreviations…).

`vi` runs the full pipeline in `vi.py`; `en` a basic one; `zh` and the recorded-only
languages pass through (NFC, one space between words).
"""

from __future__ import annotations

from pathlib import Path

from studio.errors import SpeechError
from studio.speech.normalize.en import spoken_en
from studio.speech.normalize.lexicon import Lexicon, load_lexicon
from studio.speech.normalize.vi import spoken_vi
from studio.text import nfc

PIPELINES = {"vi": spoken_vi, "en": spoken_en}
# ~2 hours of speech, normalised in ~2 s; the work grows faster than the text (450,000
# characters took 22 s, 9.6 MB minutes), and narration goes one sentence at a time anyway.
MAX_TEXT_CHARS = 100_000


def check_size(text: str) -> str:
    """`text`, unless it is longer than any one text to be spoken needs to be."""
    if len(text) > MAX_TEXT_CHARS:
        raise SpeechError(f"the text is {len(text):,} characters long, more than the "
                          f"{MAX_TEXT_CHARS:,} normalised at once",
                          hint="give it in parts, e.g. one paragraph at a time")
    return text


def spoken_form(text: str, lang: str, lexicon: Lexicon | None = None) -> str:
    """The spoken form of `text` in `lang` (`lexicon` None → the shipped one for `lang`)."""
    pipeline = PIPELINES.get(lang)
    check_size(text)
    if pipeline is None:
        return " ".join(nfc(text).split())
    # NFC again at the end: a stray combining mark after a digit ("5\u0301") would otherwise
    # compose with the last letter of the number's words only now
    return nfc(pipeline(text, lexicon if lexicon is not None else load_lexicon(lang)))


def normalize(text: str, lang: str = "vi", project_root: str | Path | None = None) -> str:
    """Spoken form using the shipped lexicon plus the project's `lexicon/<lang>.tsv`."""
    return spoken_form(text, lang, load_lexicon(lang, project_root))


__all__ = ["Lexicon", "load_lexicon", "normalize", "spoken_form"]
