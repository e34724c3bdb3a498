"""Subtitle cues from narration timings: ≤ 2 lines, a line length per format, 5/6–7 s on
screen, ≤ 17 characters a second where the voice allows, split at clause boundaries and
never inside a name. A cue may carry a translation's lines (smaller letters, longer lines,
the same break rules). The same cues are burned in and written as SRT and VTT."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate

from studio.graphics.breaks import OPENING, gap_costs
from studio.graphics.layout import prepare
from studio.graphics.words import Words, list_language
from studio.script.model import turn_label
from studio.speech.model import Narration, SpokenWord, SubtitleTranslation

_CJK_TOKEN = re.compile(r"[0-9A-Za-zÀ-ỹ'’]+\s*|\S\s*|\s+")
_PUNCT_ONLY = re.compile(r"^[\W_]+\s*$")
TRANSLATION_SCALE = 0.8  # a translation's letters, as a share of the subtitle's
CJK_PER_LATIN = 0.4  # a line of Chinese holds this share of a Latin one's characters (12 of 28)


@dataclass(frozen=True)
class CueRules:
    """What makes a good cue, for one frame format and language."""

    max_chars: int = 42
    max_lines: int = 2
    min_seconds: float = 5 / 6
    max_seconds: float = 7.0
    max_cps: float = 17.0
    lead_in: float = 0.25  # a cue may appear this long before its words are spoken
    close_gap: float = 0.5  # shorter gaps between cues are closed, so text does not flicker
    joiner: str = " "  # "" for Chinese, whose tokens carry their own spacing
    lang: str = "vi"  # whose line-break rules apply (studio.graphics.breaks)
    # what those rules know of words and names (None: the language's and the working
    # directory's project's, studio.graphics.words.load_words)
    words: Words | None = field(default=None, compare=False, repr=False)


def rules_for(max_chars: int, lang: str, words: Words | None = None, max_lines: int = 2
              ) -> CueRules:
    """Rules for a line length and language (Chinese: per-character tokens, 9 chars/s), with
    one line only on an LED board."""
    if lang == "zh":
        return CueRules(max_chars=max_chars, max_cps=9.0, joiner="", lang=lang, words=words,
                        max_lines=max_lines)
    return CueRules(max_chars=max_chars, lang=lang, words=words, max_lines=max_lines)


@dataclass(frozen=True)
class Cue:
    """One subtitle: when it shows (seconds from the start of the clip) and its lines."""

    start: float
    end: float
    lines: tuple[str, ...]
    translation: tuple[str, ...] = ()  # the translation's lines, shown under `lines`
    translation_lang: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def chars(self) -> int:
        """Characters read, spaces included (lines count as joined by one space)."""
        return len(" ".join(self.lines))

    @property
    def cps(self) -> float:
        return self.chars / self.duration if self.duration > 0 else math.inf


@dataclass(frozen=True)
class Subtitles:
    """A clip's cues, and how many of them the voice speaks faster than the rules allow."""

    cues: tuple[Cue, ...]
    too_fast: int = 0

    def at(self, t: float) -> int | None:
        """Index of the cue on screen at `t`, or None."""
        for i, cue in enumerate(self.cues):
            if cue.start <= t < cue.end:
                return i
        return None


def tokenize(text: str, rules: CueRules) -> list[str]:
    """Words (or, for Chinese, characters with punctuation kept on the character before)."""
    text = prepare(text)
    if rules.joiner == " ":
        return [w for w in text.split(" ") if w]
    tokens: list[str] = []
    for token in _CJK_TOKEN.findall(text):
        trailing_punctuation = bool(_PUNCT_ONLY.match(token)) and (
            token.strip()[:1] not in OPENING)
        if tokens and (trailing_punctuation or not token.strip()):
            tokens[-1] += token
        else:
            tokens.append(token)
    return tokens


def join(tokens: Sequence[str], rules: CueRules) -> str:
    return rules.joiner.join(tokens).strip()


def cut_costs(tokens: Sequence[str], rules: CueRules) -> tuple[float, ...]:
    """Cost of cutting before each token, for the whole sentence at once: the layout's
    line-break rules (negative at clause boundaries, high inside a name or a word)."""
    return gap_costs(tokens, rules.lang, words=rules.words,
                     spaced=[rules.joiner == " "] * len(tokens))


def best_break(tokens: Sequence[str], rules: CueRules,
               costs: Sequence[float] | None = None) -> tuple[float, tuple[str, ...]] | None:
    """(cost, lines): one line if it fits, else the cheapest balanced two-line break
    (imbalance in characters plus the cut's cost, `costs[i]` before `tokens[i]`, worked out
    from `tokens` alone if not given); None if it needs more lines."""
    text = join(tokens, rules)
    if len(text) <= rules.max_chars or len(tokens) == 1:
        return 0.0, (text,)
    if rules.max_lines < 2:
        return None
    costs = costs if costs is not None else cut_costs(tokens, rules)
    best: tuple[float, tuple[str, ...]] | None = None
    for i in range(1, len(tokens)):
        top, bottom = join(tokens[:i], rules), join(tokens[i:], rules)
        if len(top) > rules.max_chars or len(bottom) > rules.max_chars:
            continue
        cost = abs(len(top) - len(bottom)) + costs[i]
        if best is None or cost < best[0]:
            best = (cost, (top, bottom))
    return best


def break_lines(tokens: Sequence[str], rules: CueRules,
                costs: Sequence[float] | None = None) -> tuple[str, ...] | None:
    """The lines of one cue, or None if the text needs more than two lines."""
    found = best_break(tokens, rules, costs)
    return found[1] if found else None


def piece_cost(found: tuple[float, tuple[str, ...]]) -> float:
    """What a piece's line break adds to a sentence's cuts: half its imbalance (an uneven cue
    is a small fault) but all of what it cuts (a word cut inside a cue is as bad as one
    between cues)."""
    cost, lines = found
    imbalance = abs(len(lines[0]) - len(lines[-1]))
    return cost - imbalance / 2


PIECE_COST = 30.0  # each extra cue costs this much, so sentences are not cut needlessly
SHORT_COST = 40.0  # a piece whose words take less than the minimum cue time


def chunk(tokens: list[str], seconds: float, rules: CueRules,
          costs: Sequence[float] | None = None) -> list[list[str]]:
    """Cut a sentence into pieces that each fit one cue (≤ 2 lines, ≤ max seconds), choosing
    the cheapest set of cuts: after clauses, before conjunctions, never inside a name."""
    n = len(tokens)
    costs = costs if costs is not None else cut_costs(tokens, rules)
    total = len(join(tokens, rules)) + 1
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * n
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            length = len(join(tokens[i:j], rules))
            if length > rules.max_chars * rules.max_lines and j - i > 1:
                break
            found = best_break(tokens[i:j], rules, costs[i:j])
            if found is None:
                continue
            secs = seconds * (length + 1) / total
            if secs > rules.max_seconds and j - i > 1:
                continue
            cost = best[i][0] + PIECE_COST + piece_cost(found)
            if j < n:
                cost += costs[j]
            if secs < rules.min_seconds:
                cost += SHORT_COST
            if cost < best[j][0]:
                best[j] = (cost, i)
    if best[n][0] == math.inf:  # nothing fits (a giant token): one word per piece
        return [[t] for t in tokens]
    pieces, j = [], n
    while j > 0:
        i = best[j][1]
        pieces.append(tokens[i:j])
        j = i
    return pieces[::-1]


@dataclass
class _Draft:
    """A cue while its timing is being settled (mutable: local to `settle`)."""

    start: float
    end: float
    lines: tuple[str, ...]
    scene_start: float
    scene_end: float
    translation: tuple[str, ...] = ()
    translation_lang: str = ""


def sentence_drafts(text: str, start: float, end: float, scene: tuple[float, float],
                    rules: CueRules) -> list[_Draft]:
    """Cues for one spoken sentence, its time shared out by the length of each piece."""
    tokens = tokenize(text, rules)
    if not tokens:
        return []
    costs = cut_costs(tokens, rules)  # once, with the whole sentence as context
    pieces = chunk(tokens, end - start, rules, costs)
    weights = [len(join(p, rules)) + 1 for p in pieces]
    total = sum(weights)
    drafts, t, first = [], start, 0
    for piece, weight in zip(pieces, weights):
        length = (end - start) * weight / total
        lines = break_lines(piece, rules, costs[first:first + len(piece)]) or (
            join(piece, rules),)
        drafts.append(_Draft(t, t + length, lines, *scene))
        t += length
        first += len(piece)
    return drafts


def settle(drafts: list[_Draft], rules: CueRules, clip_end: float = math.inf) -> Subtitles:
    """Stretch short or fast cues into the silence around them (never over another cue),
    close small gaps, cap at max seconds; count the cues still faster than max_cps."""
    out: list[Cue] = []
    too_fast = 0
    for i, d in enumerate(drafts):
        nxt = drafts[i + 1] if i + 1 < len(drafts) else None
        next_start = nxt.start if nxt else clip_end
        prev_end = out[-1].end if out else 0.0
        start, end = max(d.start, prev_end), d.end
        need = max(rules.min_seconds, len(" ".join(d.lines)) / rules.max_cps)
        if end - start < need:  # linger into the silence after the words, within the scene
            end = max(end, min(start + need, next_start, d.scene_end))
        if end - start < need:  # or appear a little before them
            start = max(prev_end, d.scene_start, d.start - rules.lead_in, min(start, end - need))
        if end - start < rules.min_seconds:  # still too short: move the cut into the next cue
            limit = nxt.end - rules.min_seconds if nxt else clip_end
            end = max(end, min(start + rules.min_seconds, limit))
        if nxt and 0 < nxt.start - end < rules.close_gap and nxt.start <= d.scene_end:
            end = nxt.start
        end = min(end, start + rules.max_seconds, clip_end)
        cue = Cue(round(start, 3), round(end, 3), d.lines, d.translation, d.translation_lang)
        if cue.cps > rules.max_cps + 0.05:
            too_fast += 1
        out.append(cue)
    return Subtitles(tuple(out), too_fast)


def translation_rules(rules: CueRules, lang: str) -> CueRules:
    """The line rules of a translation under cues made by `rules`: its own language's, its
    lines as much longer as its letters are smaller (and shorter or longer again when one of
    the two is Chinese)."""
    chars = rules.max_chars / TRANSLATION_SCALE
    if (rules.lang == "zh") != (lang == "zh"):
        chars *= CJK_PER_LATIN if lang == "zh" else 1 / CJK_PER_LATIN
    same = list_language(lang) == list_language(rules.lang)  # a Tày script's Vietnamese
    return rules_for(max(4, int(chars)), lang, rules.words if same else None)


def pieces_with_costs(pieces: Sequence[Sequence[str]], costs: Sequence[float]
                      ) -> list[tuple[list[str], Sequence[float]]]:
    """Each piece of a cut-up token list with its slice of the list's cut costs."""
    out, first = [], 0
    for piece in pieces:
        out.append((list(piece), costs[first:first + len(piece)]))
        first += len(piece)
    return out


def translation_lines(tokens: Sequence[str], rules: CueRules,
                      costs: Sequence[float]) -> tuple[str, ...]:
    """A translation's lines: two at most when it fits, else as many two-line pieces as the
    cue chunker would make of it (a translation much longer than what it translates)."""
    lines = break_lines(tokens, rules, costs)
    if lines is not None:
        return lines
    pieces = pieces_with_costs(chunk(list(tokens), 0.0, rules, costs), costs)
    return tuple(line for piece, cut in pieces
                 for line in break_lines(piece, rules, cut) or (join(piece, rules),))


def share_out(tokens: Sequence[str], weights: Sequence[float], rules: CueRules,
              costs: Sequence[float]) -> list[list[str]]:
    """`tokens` cut into one non-empty piece per weight, each as long as its weight's share,
    the cuts (`costs[i]` before `tokens[i]`) moved to where the line-break rules prefer:
    after a clause, never in a name."""
    n, k = len(tokens), len(weights)
    before = [len(join(tokens[:i], rules)) for i in range(n + 1)]
    shares = [before[n] * done / sum(weights) for done in accumulate(weights[:-1])]
    best = [{0: (0.0, -1)}]  # per cut: token index → (cost, previous cut's index)
    for b, share in enumerate(shares, start=1):
        row: dict[int, tuple[float, int]] = {}
        for i in range(b, n - (k - b) + 1):
            cost, j = min((best[-1][j][0], j) for j in best[-1] if j < i)
            row[i] = (cost + abs(before[i] - share) + costs[i], j)
        best.append(row)
    cuts, i = [n], min(best[-1], key=lambda j: best[-1][j][0])
    for row in reversed(best[1:]):
        cuts.append(i)
        i = row[i][1]
    cuts = [0, *reversed(cuts)]
    return [list(tokens[a:b]) for a, b in zip(cuts, cuts[1:])]


def share_translation(text: str, weights: Sequence[float], rules: CueRules
                      ) -> list[tuple[str, ...]]:
    """The translation's lines under each of the cues it spans (`weights`: their lengths):
    all of it under every cue when it fits two lines, else a share of it under each."""
    tokens = tokenize(text, rules)
    if not tokens:
        return [()] * len(weights)
    costs = cut_costs(tokens, rules)  # once, with the whole translation as context
    whole = break_lines(tokens, rules, costs)
    if whole is not None or len(weights) == 1 or len(tokens) < len(weights):
        return [whole or translation_lines(tokens, rules, costs)] * len(weights)
    pieces = pieces_with_costs(share_out(tokens, weights, rules, costs), costs)
    return [translation_lines(piece, rules, cut) for piece, cut in pieces]


def with_translations(per_sentence: Sequence[list[_Draft]],
                      translations: Sequence[SubtitleTranslation], rules: CueRules
                      ) -> list[_Draft]:
    """A scene's drafts in order, each carrying the lines of the translation under it."""
    drafts = [d for sentence in per_sentence for d in sentence]
    firsts = [0, *accumulate(len(sentence) for sentence in per_sentence)]
    for t in translations:
        lo, hi = firsts[t.first], firsts[t.last + 1]
        if lo == hi:
            continue
        weights = [len(" ".join(d.lines)) + 1 for d in drafts[lo:hi]]
        shared = share_translation(t.text, weights, translation_rules(rules, t.lang))
        for i, lines in zip(range(lo, hi), shared):
            drafts[i] = replace(drafts[i], translation=lines, translation_lang=t.lang)
    return drafts


def build_subtitles(scenes: Sequence[tuple], rules: CueRules,
                    clip_end: float = math.inf) -> Subtitles:
    """Cues for a clip from `(scene_start, scene_end, [(text, start, end) …])` per scene,
    sentence times relative to their scene; a fourth item, the scene's
    `SubtitleTranslation`s, puts translations under the cues of their sentences."""
    drafts: list[_Draft] = []
    for scene_start, scene_end, sentences, *more in scenes:
        per_sentence = []
        for text, start, end in sentences:
            s = scene_start + max(0.0, start)
            e = min(scene_start + max(end, start), scene_end)
            per_sentence.append(sentence_drafts(text, s, e, (scene_start, scene_end), rules))
        drafts.extend(with_translations(per_sentence, more[0] if more else (), rules))
    return settle(drafts, rules, clip_end)


def named_turns(narration: Narration) -> Narration:
    """The narration with each speaker's name before the first sentence of their turn (the
    label's words said in no time, so highlighted captions stay on the spoken words)."""
    previous: str | None = None
    scenes = []
    for scene in narration.scenes:
        sentences = []
        for sentence in scene.sentences:
            if sentence.speaker and sentence.speaker != previous:
                label = turn_label(sentence.speaker)
                words = tuple(SpokenWord(w, sentence.start, sentence.start)
                              for w in label.split()) + sentence.words \
                    if sentence.words else ()
                sentence = replace(sentence, text=f"{label} {sentence.text}", words=words)
            previous = sentence.speaker
            sentences.append(sentence)
        scenes.append(replace(scene, sentences=tuple(sentences)))
    return replace(narration, scenes=tuple(scenes))
