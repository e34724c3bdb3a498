"""Measuring where real subtitle cues and laid-out lines break, against word knowledge that is
not the mechanism under test: pyvi's CRF segmenter (a model trained on segmented text) for
words, and names marked by hand in tests/data/break_sentences.txt."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "break_sentences.txt"
_MARK = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Sentence:
    """A sentence and the spans of its space-separated words that are names, (start, end)."""

    text: str
    names: tuple[tuple[int, int], ...]


def parse_sentence(line: str) -> Sentence:
    """'… của {Việt Nam}, …' → the text without braces and the word span of each name."""
    text = " ".join(line.split())
    names, plain, removed = [], text.replace("{", "").replace("}", ""), 0
    for mark in _MARK.finditer(text):
        start = mark.start() - removed  # where the name starts in the plain text
        end = start + len(mark.group(1))
        removed += 2
        names.append((plain[:start].count(" "), plain[:end].count(" ") + 1))
    return Sentence(plain, tuple(names))


def read_sentences(path: Path = DATA) -> list[Sentence]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_sentence(line) for line in lines if line.strip() and not line.startswith("#")]


@functools.cache
def _pyvi():
    from pyvi import ViTokenizer
    return ViTokenizer


def pyvi_inside(text: str) -> frozenset[int]:
    """The gaps k (before the k-th space-separated word) that pyvi reads as inside a word.
    Text written all in capitals is segmented in lower case (pyvi knows words by their
    lower-case form and takes capitals for names)."""
    source = text.lower() if text.isupper() else text
    segmented = _pyvi().tokenize(source)
    spans, position = [], 0  # character spans of pyvi's words, spaces left out
    for word in segmented.split(" "):
        length = len(word.replace("_", ""))
        if "_" in word:
            spans.append((position, position + length))
        position += length
    assert position == len(text.replace(" ", "")), "pyvi changed the characters"
    starts, position = [], 0
    for word in text.split(" "):
        starts.append(position)
        position += len(word)
    return frozenset(k for k, at in enumerate(starts) if any(a < at < b for a, b in spans))


def name_inside(sentence: Sentence) -> frozenset[int]:
    return frozenset(k for a, b in sentence.names for k in range(a + 1, b))


def gaps_of(lines: list[str]) -> list[int]:
    """Where a run of lines breaks, as gaps between the text's space-separated words."""
    out, count = [], 0
    for line in lines[:-1]:
        count += len(line.split(" "))
        out.append(count)
    return out


def subtitle_lines(text: str, max_chars: int, lang: str = "vi") -> list[str]:
    """Every line of the cues studio makes for `text` spoken at 15 characters a second."""
    from studio.video.cues import build_subtitles, rules_for
    seconds = len(text) / 15
    subtitles = build_subtitles([(0.0, seconds, [(text, 0.0, seconds)])],
                                rules_for(max_chars, lang))
    return [line for cue in subtitles.cues for line in cue.lines]


# Text boxes like a landscape card and a vertical poster's headline: (width, height, lines).
LAYOUT_BOXES = ((1000, 600, 5), (600, 900, 8))


def layout_lines(text: str, box: tuple[int, int, int], upper: bool) -> list[str]:
    """The lines `fit_text` lays `text` out in, in a box."""
    from studio.graphics.fonts import spec_for
    from studio.graphics.layout import fit_text
    width, height, lines = box
    block = fit_text(text, spec_for("vi", 700), width, height, min_size=8, max_size=96,
                     max_lines=lines, upper=upper)
    return list(block.lines)


@dataclass(frozen=True)
class Count:
    """Breaks made, those inside a word or a name (with examples), and how many of the latter
    were forced: inside a name longer than a line, which no layout can keep whole."""

    breaks: int = 0
    inside: int = 0
    forced: int = 0
    examples: tuple[str, ...] = ()

    @property
    def rate(self) -> float:
        """Share of breaks inside a word or a name."""
        return self.inside / self.breaks if self.breaks else 0.0

    @property
    def avoidable_rate(self) -> float:
        """Share of breaks inside a word or a name that a line could have held whole."""
        return (self.inside - self.forced) / self.breaks if self.breaks else 0.0

    def __add__(self, other: "Count") -> "Count":
        return Count(self.breaks + other.breaks, self.inside + other.inside,
                     self.forced + other.forced, self.examples + other.examples)


def count_breaks(sentence: Sentence, lines: list[str], line_chars: int | None = None) -> Count:
    """How many of the breaks between `lines` cut a word (pyvi) or a marked name; a name
    longer than `line_chars` (default: the longest of `lines`) is cut by force."""
    words = sentence.text.split(" ")
    assert " ".join(lines).split(" ") in (words, [w.upper() for w in words]), \
        "the lines lost or changed a word"
    line_chars = line_chars or max(len(line) for line in lines)
    too_long = {k for a, b in sentence.names if len(" ".join(words[a:b])) > line_chars
                for k in range(a + 1, b)}
    bad = pyvi_inside(sentence.text) | name_inside(sentence)
    cut = [k for k in gaps_of(lines) if k in bad]
    examples = tuple(f"{' '.join(words[max(0, k - 3):k])} | {' '.join(words[k:k + 3])}"
                     for k in cut)
    return Count(len(gaps_of(lines)), len(cut), sum(k in too_long for k in cut), examples)
