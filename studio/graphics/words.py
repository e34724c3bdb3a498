"""Word knowledge for line breaks: which runs of syllables are one word or one name.

Vietnamese writes a space between syllables, not between words, so "con người" (person) is
one word of two syllables and "Ủy ban nhân dân" one of four. The lists, read once on first
use (so `studio --help` and imports pay nothing):

- `assets/lexicon/<lang>-dictionary.txt`: a general dictionary (Vietnamese: ~25,000 words of
  two to nine syllables, from pyvi's MIT word list; see assets/README.md);
- `assets/lexicon/<lang>-words.txt`: words, names and set phrases of official texts that the
  dictionary lacks ("Ngày Quyền con người thế giới", "phòng, chống");
- a project's own `lexicon/<lang>-words.txt`, which adds to both.

Entries written with a capital are names; matching ignores case and the two tone placements
("hoá" and "hóa"). The small tables below (connectives, heads of names) are the rest of what
the break rules know about words; the rules themselves are in `studio.graphics.breaks`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.errors import ScriptError
from studio.resources import builtin_assets
from studio.text import nfc

PROJECT_SUBDIR = "lexicon"  # a project's lexicon/ folder, as for the spoken form's lexicon

CONJUNCTIONS = {
    "vi": frozenset({"và", "nhưng", "hoặc", "hay", "để", "vì", "nên", "mà", "thì", "khi", "nếu",
                     "còn", "cùng", "với", "nhằm", "như", "đồng", "bởi", "do", "tuy"}),
    "en": frozenset({"and", "but", "or", "because", "so", "which", "that", "when", "while", "if",
                     "to", "with", "for", "as", "who", "where"}),
    "zh": frozenset(),
}
# Words that begin the name of a body, a document or an event. After one, capitalised parts
# joined by "và", a comma or a dash are one name: "Sở Văn hóa, Thể thao và Du lịch".
NAME_HEADS = frozenset({
    "sở", "bộ", "ban", "ủy ban", "hội", "hội đồng", "cục", "chi cục", "tổng cục", "vụ", "viện",
    "học viện", "trung tâm", "văn phòng", "phòng", "đài", "báo", "tạp chí", "đảng", "đảng bộ",
    "mặt trận", "đoàn", "liên đoàn", "liên hiệp", "công an", "tòa án", "trường", "bệnh viện",
    "ngân hàng", "thanh tra", "cổng", "đồn", "công ước", "luật", "bộ luật", "hiến pháp",
    "nghị quyết", "nghị định", "quyết định", "chỉ thị", "thông tư", "tuyên ngôn", "ngày",
    "tháng", "tuần", "quyền",
})
NAME_LINKS = frozenset({"và", "&"})  # join the parts of a name after a head, as , and – do
# Heads of the names of documents, events and steering bodies, whose name may go on in lower
# case after its capitalised part: "Luật Tiếp công dân", "Ngày Nhân quyền thế giới",
# "Ban Chỉ đạo công tác thông tin đối ngoại".
TITLE_HEADS = frozenset({
    "công ước", "luật", "bộ luật", "hiến pháp", "nghị quyết", "nghị định", "quyết định",
    "chỉ thị", "thông tư", "tuyên ngôn", "ngày", "tháng", "tuần", "chương trình", "chiến lược",
    "đề án", "kế hoạch", "ban chỉ đạo", "hội nghị", "giải thưởng", "cuộc thi", "báo cáo",
    "dự thảo",
})
# The level a body belongs to, written in lower case after its name: "Công an tỉnh",
# "Hội đồng phối hợp PBGDPL huyện", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh".
NAME_LEVELS = frozenset({"tỉnh", "huyện", "xã", "phường", "quận", "thị xã", "thị trấn",
                         "thành phố", "trung ương", "cấp tỉnh", "cấp huyện", "cấp xã"})
# Words that end the lower-case tail of a title ("Cơ chế rà soát định kỳ phổ quát", "Báo cáo
# quốc gia", "Hội đồng phối hợp …"): what follows them is no longer the title.
TAIL_STOPS = frozenset({
    "của", "cho", "và", "với", "tại", "trong", "theo", "để", "là", "có", "được", "đã", "sẽ",
    "đang", "đến", "tới", "từ", "do", "nhằm", "gửi", "trên", "dưới", "các", "những", "này",
    "đó", "khi", "nếu", "thì", "mà", "hoặc", "hay", "cũng", "vì", "bởi", "như", "ở", "về",
    "năm", "ngày", "tháng", "số", "gồm", "bao gồm", "cùng", "đồng thời", "nhưng",
})
# Words a following Roman numeral belongs to ("lần thứ XVII", "khóa XV").
NUMERAL_HEADS = frozenset({"thứ", "khóa", "kỳ", "kì", "đại hội", "quốc hội", "chương", "phần",
                           "mục", "điều", "số"})
# Abbreviations written with a full stop that belong to the name after them ("TP. Lạng Sơn").
ABBREVIATIONS = frozenset({"tp", "tx", "tt", "q", "p", "gs", "pgs", "ts", "ths", "bs", "mr",
                           "mrs", "ms", "dr", "st"})
DICTIONARY = "{lang}-dictionary.txt"
WORD_LIST = "{lang}-words.txt"
LONGEST = 12  # syllables: longer entries are not looked for
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_OPEN_GLIDE = re.compile(r"(?:^|[^q])(?:oa|oe|uy)$")
_MAY_MOVE = re.compile(r"[oòóỏõọuùúủũụ][aeyàáảãạèéẻẽẹỳýỷỹỵ]\b")


@dataclass(frozen=True)
class Words:
    """Multi-syllable words and names of one language, as lookup keys (`entry_key`)."""

    words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    longest: int = 0  # syllables in the longest entry

    def kind(self, key: str) -> str | None:
        """"name", "word" or None for a key of two or more syllables."""
        if key in self.names:
            return "name"
        return "word" if key in self.words else None

    def merged(self, other: "Words") -> "Words":
        """These words with `other`'s added."""
        return Words(self.words | other.words, self.names | other.names,
                     max(self.longest, other.longest))


def tone_key(syllable: str) -> str:
    """One spelling for the two tone placements of an open oa, oe or uy ("hoá", "hóa" →
    "hóa"; "thuỷ" → "thủy"): the dictionary writes one, most plans the other."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if not tones:
        return syllable
    base = nfc("".join(c for c in decomposed if c not in _TONE_MARKS))
    if not _OPEN_GLIDE.search(base):
        return syllable
    return nfc(base[:-1] + tones[0] + base[-1])


def entry_key(text: str) -> str:
    """The lookup key of a word or a run of syllables: NFC, lower case, single spaces, one
    tone placement ("Văn hoá" → "văn hóa"; "Phòng, chống" → "phòng, chống")."""
    return _lower_key(nfc(text).lower())


def _lower_key(lower: str) -> str:
    """`entry_key` of NFC lower-case text."""
    key = " ".join(lower.split())
    if not _MAY_MOVE.search(key):
        return key
    return " ".join(tone_key(s) for s in key.split(" "))


def parse_words(text: str) -> Words:
    """Entries of two or more syllables, one a line; `#` starts a note. A capital in the entry
    as written makes it a name."""
    words, names, longest = set(), set(), 0
    for raw in nfc(text).splitlines():
        entry = raw.split("#", 1)[0].strip() if "#" in raw else raw.strip()
        syllables = entry.count(" ") + 1
        if syllables < 2 or syllables > LONGEST:
            continue
        lower = entry.lower()
        (words if lower == entry else names).add(_lower_key(lower))
        longest = max(longest, syllables)
    return Words(frozenset(words), frozenset(names - words), longest)


def read_words(path: Path) -> Words:
    """The entries of the list at `path` (none if there is no such file)."""
    if not path.is_file():
        return Words()
    try:
        return parse_words(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise ScriptError("word list is not UTF-8", file=path,
                          hint="save it as UTF-8 (Notepad: Save As → Encoding UTF-8)") from None


def list_language(lang: str) -> str:
    """Whose lists a language uses: its own, else Vietnamese for the minority languages, whose
    scripts mix in Vietnamese words and names ("en" and "zh" have none)."""
    return lang if lang in ("vi", "en", "zh") else "vi"


@functools.cache
def builtin_words(lang: str) -> Words:
    """The shipped dictionary and word list of `lang`."""
    folder = builtin_assets() / "lexicon"
    own = list_language(lang)
    return (read_words(folder / DICTIONARY.format(lang=own))
            .merged(read_words(folder / WORD_LIST.format(lang=own))))


@functools.cache
def _words_at(lang: str, own: Path | None, _version: int | None) -> Words:
    """The shipped words and names, with those of the project list `own` (at its version,
    the file's modification time) added."""
    words = builtin_words(lang)
    return words.merged(read_words(own)) if own else words


def project_list(lang: str, project_root: str | Path | None = None) -> Path:
    """Where a project keeps its own word list: `<project>/lexicon/<lang>-words.txt`."""
    root = Path(project_root or Path.cwd())
    return root / PROJECT_SUBDIR / WORD_LIST.format(lang=list_language(lang))


def load_words(lang: str, project_root: str | Path | None = None) -> Words:
    """What the line-break rules know of `lang`'s words: the shipped lists and the project's
    `lexicon/<lang>-words.txt` (project: `project_root`, else the working directory), read
    again when that file changes."""
    own = project_list(lang, project_root).resolve()
    try:
        version = own.stat().st_mtime_ns
    except OSError:
        return _words_at(lang, None, None)
    if own == (builtin_assets() / "lexicon" / own.name).resolve():
        return _words_at(lang, None, None)
    return _words_at(lang, own, version)


def conjunctions(lang: str) -> frozenset[str]:
    """Words a line may well start with (languages without a list use the Vietnamese one,
    as Tày, Nùng, H'Mông and Dao scripts often mix Vietnamese connectives)."""
    return CONJUNCTIONS.get(lang, CONJUNCTIONS["vi"])


def matches(syllables: Sequence[tuple[str, str]], words: Words) -> list[tuple[int, int, str]]:
    """Every listed word or name in a run of syllables, as (start, end, kind). `syllables` are
    (key, what follows it): "" a space, "," a comma (only entries written with one span it),
    "|" a stop no entry spans (a full stop, a bracket)."""
    found = []
    for i in range(len(syllables)):
        joined = syllables[i][0]
        for j in range(i + 1, min(len(syllables), i + words.longest)):
            follows = syllables[j - 1][1]
            if follows == "|":
                break
            joined = f"{joined}{follows} {syllables[j][0]}"
            if kind := words.kind(joined):
                found.append((i, j + 1, kind))
    return found


def segment(count: int, found: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The reading of `count` syllables in fewest words, longer words first on a tie: which of
    the overlapping `found` entries are the words ("tuyên truyền | thông qua", not
    "tuyên | truyền thông | qua")."""
    ending: dict[int, list[tuple[int, int, str]]] = {}
    for span in found:
        ending.setdefault(span[1], []).append(span)
    best: list[tuple[int, int, tuple]] = [(0, 0, ())]  # up to j: (words, -Σ length², spans)
    for j in range(1, count + 1):
        words, squares, spans = best[j - 1]
        choice = (words + 1, squares - 1, spans)
        for span in ending.get(j, ()):
            words, squares, spans = best[span[0]]
            option = (words + 1, squares - (j - span[0]) ** 2, spans + (span,))
            choice = min(choice, option, key=lambda o: o[:2])
        best.append(choice)
    return list(best[count][2])
