"""Word timings in a scene: the words an engine reported matched to the words shown (the
spoken form says "mười lăm" for "15": two spoken words, one shown), moved into scene time."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from studio.speech.model import SpokenWord
from studio.speech.normalize import spoken_form
from studio.speech.normalize.lexicon import Lexicon
from studio.text import nfc

Timed = tuple[str, float, float]  # (text, start, end) as an engine reports a word
MIN_MATCH = 0.8  # share of the words that must match for the engine's times to be used


def shown_tokens(text: str) -> list[str]:
    """The words of a sentence as shown, split as subtitle cues split them (at spaces)."""
    return nfc(text).split()


def said_for(token: str, lang: str, lexicon: Lexicon) -> list[str]:
    """The words the engine should say for one shown word (none for a dash), folded."""
    return [folded(word) for word in spoken_form(token, lang, lexicon).split()
            if any(ch.isalnum() for ch in word)]


def folded(word: str) -> str:
    """A word without its punctuation, in lower case: how shown and said words compare."""
    return "".join(ch for ch in nfc(word).lower() if ch.isalnum())


def expected_words(tokens: Sequence[str], heard: Sequence[str], lang: str, lexicon: Lexicon
                   ) -> list[tuple[int, str]]:
    """(shown word's index, word) for each word the engine should have said: a shown word
    that was heard as it is written (most of them) as itself, the others (numbers,
    abbreviations) through the spoken form — at several ms a call, too slow to run on every
    word each time a narration is put together from the cache."""
    said = set(heard)
    out: list[tuple[int, str]] = []
    for n, token in enumerate(tokens):
        plain = folded(token)
        words = [plain] if plain in said else said_for(token, lang, lexicon)
        if out and words and words[0] == out[-1][1]:
            words = words[1:]  # read alone, "10/12" gains the "ngày" written just before it
        out += [(n, word) for word in words]
    return out


def owners(tokens: Sequence[str], said: Sequence[str], lang: str, lexicon: Lexicon
           ) -> list[int] | None:
    """For each said word, the index of the shown word it belongs to — the words each shown
    word should be said as, matched in order to what was said (a word said only in context,
    "đến" in "2023 - 2028", goes with the shown word before it); None when under
    MIN_MATCH of them match (then video estimates rather than show wrong times)."""
    heard = [folded(w) for w in said]
    expected = expected_words(tokens, heard, lang, lexicon)
    matcher = SequenceMatcher(None, [w for _, w in expected], heard, autojunk=False)
    if not expected or matcher.ratio() < MIN_MATCH:
        return None
    out: list[int] = []
    for _tag, e1, e2, s1, s2 in matcher.get_opcodes():
        for k in range(s2 - s1):
            if e2 > e1:  # equal or replaced: share the block's shown words out in order
                out.append(expected[e1 + k * (e2 - e1) // (s2 - s1)][0])
            else:  # said but not expected: with the shown word before it
                out.append(out[-1] if out else expected[min(e1, len(expected) - 1)][0])
    return out


def shown_words(text: str, spoken: Sequence[Timed], lang: str, lexicon: Lexicon
                ) -> tuple[SpokenWord, ...]:
    """The sentence's shown words, each timed from the spoken words it stands for (a word
    with nothing said, a dash, takes the moment the previous one ended); () when the engine
    reported nothing, for Chinese (whose cues split by character) or when they do not pair."""
    tokens = shown_tokens(text)
    owner = owners(tokens, [w for w, _, _ in spoken], lang, lexicon) \
        if spoken and tokens and lang != "zh" else None
    if owner is None:
        return ()
    spans: dict[int, list[float]] = {}
    for (_word, start, end), n in zip(spoken, owner):
        spans.setdefault(n, [start, end])[1] = end
    out, last = [], spoken[0][1]
    for n, token in enumerate(tokens):
        start, end = spans.get(n, (last, last))
        out.append(SpokenWord(token, start, max(end, start)))
        last = max(end, last)
    return tuple(out)


def moved(words: Sequence[SpokenWord], by: float) -> tuple[SpokenWord, ...]:
    """`words` `by` seconds later (a sentence's words placed in its scene)."""
    return tuple(SpokenWord(w.text, round(w.start + by, 3), round(w.end + by, 3))
                 for w in words)
