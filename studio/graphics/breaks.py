"""Where a line may break, and what each break costs: one set of rules for the text layout
(posters, banners, video cards, headlines) and for subtitle cues.

The costs of all the gaps of a text are worked out together, from the text as written and
what studio knows of words (`studio.graphics.words`): never inside a name ("Lạng | Sơn",
"Sở Văn hóa, Thể thao và | Du lịch"), not inside a word of any length ("con | người",
"Ủy ban | nhân dân", "phòng, | chống"), a number kept with the word before it ("ngày |
14/9/2022"); titles whose name goes on in lower case ("Cơ chế rà soát định kỳ phổ quát",
"Luật Tiếp công dân", "Công an tỉnh") and short quoted titles kept whole where a line allows;
gladly after a sentence, a dash or a clause and before a conjunction. Costs are in
characters of line imbalance, so they weigh against uneven lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from studio.graphics.words import (ABBREVIATIONS, NAME_HEADS, NAME_LEVELS, NAME_LINKS,
                                   NUMERAL_HEADS, TAIL_STOPS, TITLE_HEADS, Words, conjunctions,
                                   entry_key, load_words, matches, segment)

INSIDE_NAME = 1000.0  # cutting "Lạng | Sơn", "Văn | hóa" in "Sở Văn hóa"
NAME_LINK = 100.0  # cutting a name where its parts join: "Thể thao | và Du lịch"
INSIDE_WORD = 60.0  # cutting a word: "con | người", "xã hội | chủ nghĩa"
OTHER_READING = 25.0  # inside a word the text may be read with: "truyền | thông" in
#                       "tuyên truyền thông qua" (read "tuyên truyền | thông qua")
TITLE = 30.0  # cutting a title's lower-case tail or a quoted title: "Cơ chế | rà soát định kỳ
#               phổ quát", "“Thông tin | pháp luật”" (a long one must be cut somewhere)
NUMBER = 30.0  # cutting a number from the word before it: "ngày | 14/9/2022"
LONE_DASH = 60.0  # leaving the dash of a list item alone: "- | Đơn vị phối hợp"
AFTER_SENTENCE = -16.0  # cutting after . ! ? …
AFTER_DASH = -14.0  # cutting after a dash between words: "Lạng Sơn – | nơi"
AFTER_CLAUSE = -12.0  # cutting after , ; :
BEFORE_CONJUNCTION = -5.0  # cutting before "và", "nhưng", "and"…

OPENING = "([\"'“‘「『«{"
_CLOSING = "\"'”’)]」』»}"
_LEAD = re.compile(r"^[\"'“‘(\[«{「『*_]+")
_TRAIL = re.compile(r"[.,;:!?…/\"'”’)\]»}」』，。、；：！？*_]+$")
_SENTENCE_END = re.compile(r"[.!?…。！？]")
_CLAUSE_END = re.compile(r"[,;:，；：、]")
_DASHES = ("-", "–", "—")
_ROMAN = re.compile(r"^[IVXLC]+$")
_QUOTES = {"“": "”", '"': '"', "‘": "’", "«": "»", "「": "」", "『": "』"}
MAX_TAIL = 6  # syllables of a title's lower-case tail ("rà soát định kỳ phổ quát")
MAX_QUOTED = 12  # words of a quoted title kept whole; a longer quotation is a sentence


@dataclass(frozen=True)
class Token:
    """One unit of a text between break opportunities, split from its punctuation."""

    core: str  # the word itself: "Sơn" in "(Lạng Sơn),"
    lead: str  # opening punctuation before it
    trail: str  # punctuation after it
    key: str  # lookup key of the core (studio.graphics.words.entry_key)


def read_token(unit: str) -> Token:
    """The word and the punctuation around it ("“Truyền" → lead “, core Truyền)."""
    unit = unit.strip()
    lead = m.group() if (m := _LEAD.match(unit)) else ""
    rest = unit[len(lead):]
    trail = m.group() if (m := _TRAIL.search(rest)) else ""
    core = rest[:len(rest) - len(trail)]
    return Token(core, lead, trail, entry_key(core))


def is_dash(token: Token) -> bool:
    """A dash standing alone between words ("Lạng Sơn – nơi", "2023 - 2028")."""
    return token.core in _DASHES and not token.lead


def is_abbreviation(token: Token) -> bool:
    """A title or place abbreviation whose full stop ends no sentence ("TP. Lạng Sơn")."""
    return token.trail == "." and token.key in ABBREVIATIONS


def is_number(token: Token, before: Token | None) -> bool:
    """Digits ("14/9/2022", "1079/QĐ-TTg") or a Roman numeral after "thứ", "khóa"…"""
    if not token.core or token.lead:
        return False
    if token.core[0].isdigit():
        return True
    return bool(before and _ROMAN.match(token.core) and before.key in NUMERAL_HEADS)


def is_capitalised(token: Token) -> bool:
    """A word starting with a capital letter (not a number, not a dash)."""
    return bool(token.core) and token.core[0].isupper()


def as_written(tokens: Sequence[Token], found: Sequence[tuple[int, int, str]]
               ) -> list[tuple[int, int, str]]:
    """The `found` readings the capitals allow: none that begins in lower case and goes on
    into a capital ("Thường trực Ban": "trực ban" is no word there, "Ban" begins a name)."""
    return [(s, e, kind) for s, e, kind in found
            if is_capitalised(tokens[s]) or not any(map(is_capitalised, tokens[s + 1:e]))]


def syllables(tokens: Sequence[Token]) -> list[tuple[str, str]]:
    """(key, what follows) for `studio.graphics.words.matches`: a comma, a stop (any other
    punctuation, or an opening one on the next word) or a space."""
    out = []
    for k, token in enumerate(tokens):
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.trail == ",":
            follows = ","
        elif token.trail or (after and after.lead) or not token.key:
            follows = "|"
        else:
            follows = ""
        out.append((token.key, follows))
    return out


def name_gap(k: int, name: tuple[int, int], found: Sequence[tuple[int, int, str]]) -> float:
    """The cost of gap k inside the name tokens[name[0]:name[1]]: INSIDE_NAME inside one of
    its words or between single syllables ("Văn | hóa", "Lạng | Sơn"), NAME_LINK between its
    words or the names it holds ("Sở | Văn hóa", "Mặt trận Tổ quốc | Việt Nam"; a little more
    inside one of those), as a long name must sometimes be cut."""
    inner = [(s, e, kind) for s, e, kind in found
             if name[0] <= s and e <= name[1] and e - s < name[1] - name[0]]
    holding = [(s, e, kind) for s, e, kind in inner if s < k < e]
    if any(kind == "word" for _, _, kind in holding):
        return INSIDE_NAME
    if holding:  # between the words of a name it holds: dearer than between its own parts
        smallest = min(holding, key=lambda span: span[1] - span[0])
        return min(INSIDE_NAME, name_gap(k, smallest[:2], found) + NAME_LINK / 5)
    if any(e == k or s == k for s, e, _ in inner):
        return NAME_LINK
    return INSIDE_NAME


def word_costs(tokens: Sequence[Token], found: Sequence[tuple[int, int, str]]) -> list[float]:
    """What cutting each gap (before token k) does to the `found` words and names: a listed
    name's cost (`name_gap`), INSIDE_WORD in a word as the text reads, OTHER_READING in one
    it may not."""
    costs = [0.0] * len(tokens)
    for start, end, kind in found:
        for k in range(start + 1, end):
            cost = name_gap(k, (start, end), found) if kind == "name" else OTHER_READING
            costs[k] = max(costs[k], cost)
    for start, end, kind in segment(len(tokens), found):
        for k in range(start + 1, end):
            costs[k] = max(costs[k], INSIDE_WORD)
    return costs


def opens_sentence(tokens: Sequence[Token], k: int) -> bool:
    """Whether token k begins a sentence or an item ("- Đơn vị", "gồm: Phổ biến"), where a
    capital says nothing of a name."""
    if k == 0:
        return True
    before = tokens[k - 1]
    return (bool(_SENTENCE_END.search(before.trail) or before.trail.endswith(":"))
            or (k == 1 and is_dash(before)))


def name_part(tokens: Sequence[Token], start: int, found: Sequence[tuple[int, int, str]]) -> int:
    """Where the part of a name that begins at `start` ends: capitalised words in a row, with
    the rest of a word one of them begins ("Văn hóa", "Thủ đô Hà Nội", "Ủy ban nhân dân")."""
    end = start + 1
    while True:
        last = tokens[end - 1]
        longer = max((e for s, e, _ in found if start <= s < end < e), default=end)
        if longer > end:
            end = longer
        elif end < len(tokens) and not last.trail and is_capitalised(tokens[end]) \
                and not tokens[end].lead:
            end += 1
        else:
            return end


def is_head(tokens: Sequence[Token], start: int, end: int,
            heads: frozenset[str] = NAME_HEADS) -> bool:
    """Whether the name part tokens[start:end] begins with one of `heads`, a word like "Sở",
    "Ủy ban", "Công ước" that makes the capitalised parts joined after it one name."""
    keys = [t.key for t in tokens[start:min(end, start + 3)]]
    return any(" ".join(keys[:n]) in heads for n in range(1, len(keys) + 1))


def link_after(tokens: Sequence[Token], end: int) -> int | None:
    """Where the next part begins if a link joins it to the part ending at `end`: "và", a
    dash, or a comma, each before a capitalised word; None if there is no link."""
    if end >= len(tokens):
        return None
    last = tokens[end - 1]
    if last.trail == ",":
        nxt = end
    elif not last.trail and (tokens[end].key in NAME_LINKS or is_dash(tokens[end])):
        nxt = end + 1
    else:
        return None
    if nxt < len(tokens) and is_capitalised(tokens[nxt]) and not tokens[nxt].lead:
        return nxt
    return None


def starts_name(tokens: Sequence[Token], k: int) -> bool:
    """Whether a name may begin at token k: a capitalised word, which at the start of a
    sentence must be a head ("Sở Tài chính tham mưu") or followed by another ("Lạng Sơn")."""
    if not is_capitalised(tokens[k]):
        return False
    if not opens_sentence(tokens, k) or is_head(tokens, k, k + 2):
        return True
    return k + 1 < len(tokens) and not tokens[k].trail and is_capitalised(tokens[k + 1])


def name_costs(tokens: Sequence[Token], found: Sequence[tuple[int, int, str]]) -> list[float]:
    """Cutting names told by their capitals: `name_gap` within a part ("Lạng | Sơn", "Văn |
    hóa", "Sở | Văn hóa"), NAME_LINK where the parts of a name after a head join ("Thể thao
    | và Du lịch"). For text written with capitals where names have them."""
    costs = [0.0] * len(tokens)
    k = 0
    while k < len(tokens):
        if not starts_name(tokens, k):
            k += 1
            continue
        end = name_part(tokens, k, found)
        costs[k + 1:end] = [name_gap(g, (k, end), found) for g in range(k + 1, end)]
        if is_head(tokens, k, end):
            # a part that begins with a head is the next name: "Báo Nhân Dân | và Cổng …"
            while (nxt := link_after(tokens, end)) is not None \
                    and not is_head(tokens, nxt, nxt + 2):
                after = name_part(tokens, nxt, found)
                costs[end:nxt + 1] = [NAME_LINK] * (nxt + 1 - end)
                costs[nxt + 1:after] = [name_gap(g, (nxt, after), found)
                                        for g in range(nxt + 1, after)]
                end = after
        if level_after(tokens, end):
            costs[end] = max(costs[end], INSIDE_WORD)
        k = end
    return costs


def is_acronym(token: Token) -> bool:
    """A word written all in capitals ("PBGDPL", "UBND") in text that is not."""
    return len(token.core) > 1 and token.core.isupper() and token.core.isalpha()


def level_after(tokens: Sequence[Token], end: int) -> bool:
    """Whether the name ending at `end` goes on with the level of its body, written in lower
    case ("Công an | tỉnh", "Hội đồng phối hợp PBGDPL | huyện")."""
    if not 0 < end < len(tokens) or tokens[end - 1].trail or tokens[end].lead:
        return False
    two = " ".join(t.key for t in tokens[end:end + 2])
    return tokens[end].key in NAME_LEVELS or two in NAME_LEVELS


def title_head(tokens: Sequence[Token], k: int, found: Sequence[tuple[int, int, str]]
               ) -> int | None:
    """Where a title's head that begins at token k ends, if one does: a capitalised word
    inside a sentence, then lower case ("Báo cáo | quốc gia", "Cơ chế | rà soát", "Hội đồng |
    phối hợp"), or the capitalised part of a document's, event's or steering body's name
    (`TITLE_HEADS`), as Vietnamese writes the names of documents, events and some bodies."""
    if not is_capitalised(tokens[k]) or is_acronym(tokens[k]) or opens_sentence(tokens, k):
        return None
    end = max((e for s, e, kind in found if s == k and kind == "word"
               and not any(is_capitalised(t) for t in tokens[k + 1:e])), default=None)
    if is_head(tokens, k, k + 3, TITLE_HEADS):
        end = name_part(tokens, k, found)  # "Luật Tiếp | công dân", "Ban Chỉ đạo | nhân quyền"
    elif end is None and tokens[k].key in NAME_HEADS:
        end = k + 1
    if end is None or end >= len(tokens) or tokens[end - 1].trail or tokens[end].lead \
            or is_capitalised(tokens[end]):
        return None
    return end


def tail_end(tokens: Sequence[Token], start: int) -> int:
    """Where the lower-case tail of a title, from token `start`, ends: at punctuation, a
    linking word (`TAIL_STOPS`; "về" only right after the head: "Công ước về …"), a capital or
    a number, after at most MAX_TAIL syllables, or after a level; an acronym belongs to it."""
    end = start
    while end < len(tokens) and end - start < MAX_TAIL:
        token = tokens[end]
        two = " ".join(t.key for t in tokens[end:end + 2])
        if token.lead or (is_capitalised(token) and not is_acronym(token)) \
                or is_number(token, None) or is_dash(token) or two in TAIL_STOPS \
                or (token.key in TAIL_STOPS and not (end == start and token.key == "về")):
            break
        end += 1
        if token.trail or token.key in NAME_LEVELS:  # "… PBGDPL huyện | chủ trì"
            break
    return end


def title_costs(tokens: Sequence[Token], found: Sequence[tuple[int, int, str]],
                names: Sequence[float]) -> list[float]:
    """TITLE inside a title's lower-case tail ("Cơ chế rà soát định kỳ phổ quát", "Báo cáo
    quốc gia") and inside a short quoted title ("“Thông tin pháp luật”"). `names` are the
    `name_costs`: a title begins no name's later part ("Thể thao và Du lịch | chủ trì")
    unless it is a steering body's or a document's ("Văn phòng … Ban Chỉ đạo nhân quyền")."""
    costs = [0.0] * len(tokens)
    for k in range(len(tokens)):
        if names[k] > 0 and not is_head(tokens, k, k + 3, TITLE_HEADS):
            continue
        if (head := title_head(tokens, k, found)) is not None:
            end = tail_end(tokens, head)
            costs[head:end] = [TITLE] * (end - head)
    for start, end in quoted(tokens):
        costs[start + 1:end] = [max(c, TITLE) for c in costs[start + 1:end]]
    return costs


def quoted(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """The spans (start, end) of tokens inside quotation marks, up to MAX_QUOTED words."""
    spans = []
    for start, token in enumerate(tokens):
        opening = next((q for q in _QUOTES if q in token.lead), None)
        if opening is None:
            continue
        for end in range(start, min(len(tokens), start + MAX_QUOTED)):
            if _QUOTES[opening] in tokens[end].trail:
                spans.append((start, end + 1))
                break
    return spans


def number_costs(tokens: Sequence[Token]) -> list[float]:
    """NUMBER before a number that follows a word ("năm | 2026", "số | 1079/QĐ-TTg", "thứ |
    XVII"), before the "số" of a document's number ("Quyết định | số 1079/QĐ-TTg") and
    around the dash of a range ("2023 | - | 2028")."""
    costs = [0.0] * len(tokens)
    for k in range(1, len(tokens)):
        before = tokens[k - 1]
        if before.trail:
            continue
        numbered = tokens[k].key == "số" and not tokens[k].trail and k + 1 < len(tokens) \
            and is_number(tokens[k + 1], tokens[k])
        if numbered or is_number(tokens[k], before) or (
                is_dash(tokens[k]) and k + 1 < len(tokens) and is_number(before, None)
                and is_number(tokens[k + 1], None)):
            costs[k] = NUMBER
    return costs


def attachment_costs(tokens: Sequence[Token]) -> list[float]:
    """What cutting a word from the one it belongs to costs: LONE_DASH after the dash of a
    list item ("- | Đơn vị"), INSIDE_WORD after an abbreviation ("TP. | Lạng Sơn")."""
    costs = [0.0] * len(tokens)
    for k in range(1, len(tokens)):
        if k == 1 and is_dash(tokens[0]):
            costs[k] = LONE_DASH
        elif is_abbreviation(tokens[k - 1]):
            costs[k] = INSIDE_WORD
    return costs


def punctuation_cost(before: Token, after: Token, lang: str, *, spaced: bool = True) -> float:
    """The welcome a gap gets from what ends before it or starts after it (≤ 0)."""
    ends = before.trail.rstrip(_CLOSING)
    if _SENTENCE_END.search(ends):
        return AFTER_SENTENCE
    if is_dash(before):
        return AFTER_DASH
    if _CLAUSE_END.search(ends):
        return AFTER_CLAUSE
    if spaced and after.key in conjunctions(lang) and not after.lead:
        return BEFORE_CONJUNCTION
    return 0.0


def gap_costs(units: Sequence[str], lang: str, *, words: Words | None = None,
              names: bool = True, spaced: Sequence[bool] | None = None) -> tuple[float, ...]:
    """Cost of a line break before each of `units` (0.0 before the first): the highest
    protection of a name, word or number the break would cut, else the welcome of the
    punctuation or conjunction there. `words` default to `load_words(lang)`; `names` is False
    when capitals say nothing (text written all in capitals); `spaced[k]` is False where units
    k-1 and k are joined without a space (Chinese characters), where only punctuation counts."""
    tokens = [read_token(u) for u in units]
    if not tokens:
        return ()
    spaced = spaced if spaced is not None else [True] * len(tokens)
    words = words if words is not None else load_words(lang)
    found = matches(syllables(tokens), words)
    if names:
        found = as_written(tokens, found)
    told = name_costs(tokens, found) if names else [0.0] * len(tokens)
    protection = [max(costs) for costs in zip(
        word_costs(tokens, found), number_costs(tokens), attachment_costs(tokens), told,
        title_costs(tokens, found, told) if names else [0.0] * len(tokens))]
    out = [0.0]
    for k in range(1, len(tokens)):
        if spaced[k] and protection[k] > 0:
            out.append(protection[k])
        else:
            out.append(punctuation_cost(tokens[k - 1], tokens[k], lang, spaced=spaced[k]))
    return tuple(out)
