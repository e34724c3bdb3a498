"""Word timings for highlighted captions: when each word of the narration is spoken, from
the engine's own word positions when a sentence carries them (`Sentence.words`, optional),
else estimated within its sentence by length (a Vietnamese syllable is a word: the time
shares out by letters); and which words each subtitle cue shows, where in its lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.video.cues import CueRules, Subtitles, join, tokenize


@dataclass(frozen=True)
class Word:
    """One spoken word (or Chinese character) and when it is said, in clip seconds."""

    text: str
    start: float
    end: float


def estimate_words(text: str, start: float, end: float, rules: CueRules) -> tuple[Word, ...]:
    """The sentence's words with its time shared out by their length (letters + one for the
    pause after each), the fallback for engines that report no word positions."""
    tokens = tokenize(text, rules)
    weights = [len(t.strip()) + 1 for t in tokens]
    total = sum(weights) or 1
    out, t = [], start
    for token, weight in zip(tokens, weights):
        length = (end - start) * weight / total
        out.append(Word(token.strip(), t, t + length))
        t += length
    return tuple(out)


def sentence_words(sentence, offset: float, rules: CueRules) -> tuple[Word, ...]:
    """A sentence's words in clip time: the engine's (`words`: (text, start, end) relative to
    the scene) when it gives them for every token, else the estimate."""
    given = getattr(sentence, "words", None) or ()
    if given and len(given) == len(tokenize(sentence.text, rules)):
        return tuple(Word(text, offset + start, offset + end) for text, start, end in given)
    return estimate_words(sentence.text, offset + sentence.start, offset + sentence.end, rules)


def clip_words(narration, timeline, rules: CueRules) -> tuple[Word, ...]:
    """Every word of the clip in spoken order, in clip time."""
    words: list[Word] = []
    for span, scene in zip(timeline.scenes, narration.scenes):
        for sentence in scene.sentences:
            words.extend(sentence_words(sentence, span.voice, rules))
    return tuple(words)


def cue_words(subtitles: Subtitles, words: Sequence[Word], rules: CueRules
              ) -> tuple[tuple[Word, ...], ...]:
    """The words each cue shows (cues hold the spoken words in order, each exactly once)."""
    out, n = [], 0
    for cue in subtitles.cues:
        count = len(tokenize(join(cue.lines, rules), rules))
        out.append(tuple(words[n:n + count]))
        n += count
    return tuple(out)


def spoken_at(words: Sequence[Word], t: float) -> int | None:
    """Index of the word being said at `t` (the last one begun), None before the first."""
    index = None
    for i, word in enumerate(words):
        if word.start <= t:
            index = i
    return index


def word_place(lines: Sequence[str], words: Sequence[Word], index: int
               ) -> tuple[int, int, int] | None:
    """(line, first character, end character) of `words[index]` in the cue's lines, found
    word by word from the start so a repeated word is placed right."""
    line, at = 0, 0
    for i, word in enumerate(words):
        while line < len(lines):
            found = lines[line].find(word.text, at)
            if found >= 0:
                break
            line, at = line + 1, 0
        else:
            return None
        if i == index:
            return line, found, found + len(word.text)
        at = found + len(word.text)
    return None
