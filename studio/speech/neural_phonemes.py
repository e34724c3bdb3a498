"""A sentence as a Piper voice's phonemes (studio's espeak-ng, as Piper phonemizes), where each
word's phonemes lie, and the word timings that follow from them.

sherpa-onnx returns audio only (no phoneme durations for a Piper VITS voice), so a word's
time is its phonemes' share of the sentence: each phoneme is one id followed by a padding
id, between `^ _` and `$` — the same ids the model spends its time on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from studio.speech import espeak as _espeak
from studio.speech.piper_contract import BOS, EOS, PAD

CLAUSE = re.compile(r"([^,.;:!?…]+)([,.;:!?…]*)")
LANGUAGE_SWITCH = re.compile(r"\([a-z]{2,3}(?:-[a-z0-9]+)*\)")  # espeak's "(en)" markers
WORD = re.compile(r"\S+")
LEAD_IDS = 2  # ^ _
IDS_PER_PHONEME = 2  # the phoneme, then a padding id
TAIL_IDS = 1  # $


@dataclass(frozen=True)
class PhonemePlan:
    """A sentence's phonemes (one code point each) and each word's [first, last] phoneme."""

    phonemes: str
    words: tuple[tuple[str, int, int], ...]

    @property
    def ids(self) -> int:
        """How many ids the model is given: ^ _, two per phoneme, $."""
        return LEAD_IDS + IDS_PER_PHONEME * len(self.phonemes) + TAIL_IDS


def clean_ipa(raw: str) -> str:
    """espeak-ng's IPA without its language-switch markers, decomposed as Piper's phonemes
    are (a nasal vowel is a vowel and a combining tilde)."""
    return unicodedata.normalize("NFD", LANGUAGE_SWITCH.sub("", raw))


def clause_parts(spoken: str) -> list[tuple[str, str]]:
    """The sentence cut at its punctuation: (clause text, the marks after it)."""
    return [(m.group(1).strip(), m.group(2)) for m in CLAUSE.finditer(spoken)
            if m.group(1).strip()]


def known(phonemes: str, tokens: frozenset[str]) -> str:
    """Only the phonemes the voice has ids for (a stray symbol would be skipped by the
    runtime anyway, with a log line on the terminal)."""
    return "".join(ch for ch in phonemes if ch in tokens)


def share_by_letters(words: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """Phoneme spans [first, last] shared among `words` by their letters (when espeak-ng's
    word count differs from the text's)."""
    weights = [max(sum(ch.isalnum() for ch in w), 1) for w in words]
    total, span = sum(weights), last - first + 1
    out, done = [], 0
    for weight in weights:
        start = first + round(span * done / total)
        done += weight
        out.append((start, max(first + round(span * done / total) - 1, start)))
    return out


def plan_sentence(spoken: str, espeak_voice: str, tokens: frozenset[str]) -> PhonemePlan:
    """The phonemes of `spoken` for a voice with `tokens`, and where each written word is."""
    phonemes = ""
    words: list[tuple[str, int, int]] = []
    lib = _espeak.espeak()
    for text, marks in clause_parts(spoken):
        ipa_words = [known(w, tokens) for w in
                     clean_ipa(" ".join(lib.phonemes(text, espeak_voice))).split()]
        ipa_words = [w for w in ipa_words if w]
        text_words = WORD.findall(text)
        if phonemes and " " in tokens:
            phonemes += " "
        start = len(phonemes)
        if len(ipa_words) == len(text_words):
            for word, ipa in zip(text_words, ipa_words):
                words.append((word, len(phonemes), len(phonemes) + len(ipa) - 1))
                phonemes += ipa + (" " if " " in tokens else "")
            phonemes = phonemes.rstrip(" ")
        else:
            phonemes += (" " if " " in tokens else "").join(ipa_words)
            if len(phonemes) > start:
                words += [(w, a, b) for w, (a, b) in
                          zip(text_words, share_by_letters(text_words, start, len(phonemes) - 1))]
        phonemes += known(marks, tokens)
    return PhonemePlan(phonemes, tuple(words))


def word_times(plan: PhonemePlan, seconds: float) -> tuple[tuple[str, float, float], ...]:
    """Each word's (text, start, end) in audio of `seconds` that says `plan`: its phonemes'
    ids' share of the whole."""
    per_id = seconds / plan.ids if plan.ids else 0.0
    return tuple((text, (LEAD_IDS + IDS_PER_PHONEME * first) * per_id,
                  (LEAD_IDS + IDS_PER_PHONEME * (last + 1)) * per_id)
                 for text, first, last in plan.words)


def shifted(words: tuple[tuple[str, float, float], ...], offset: float, length: float
            ) -> tuple[tuple[str, float, float], ...]:
    """Word times moved by `offset` (the silence trimmed before them), kept inside
    [0, length], rounded to the millisecond."""
    clamp = lambda t: round(min(max(t - offset, 0.0), length), 3)  # noqa: E731
    return tuple((text, clamp(start), clamp(end)) for text, start, end in words)


SPECIAL = frozenset({PAD, BOS, EOS})
