"""Writes vi-dictionary.txt from pyvi's word list (run once; the result is committed).

pyvi (MIT, in the `test` extra) ships `pyvi/models/words.txt`, ~31,000 Vietnamese words. The
line-break rules need its words of two or more syllables; this keeps those (without digits),
in one tone placement ("văn hóa", as the plans write it), de-duplicated
and sorted. pyvi's segmenter itself is not used: it needs scikit-learn.

    python assets/lexicon/make_dictionary.py            # rewrites vi-dictionary.txt
    python assets/lexicon/make_dictionary.py --check    # exit 1 if it would change
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from studio.graphics.words import LONGEST, entry_key, tone_key
from studio.text import nfc

HERE = Path(__file__).resolve().parent
TARGET = HERE / "vi-dictionary.txt"
HEADER = """\
# Vietnamese words of two to nine syllables, one a line, for line breaks (studio/graphics/words.py).
# Derived by assets/lexicon/make_dictionary.py from pyvi 0.1.1, pyvi/models/words.txt
# (https://github.com/trungtv/pyvi): entries of one syllable or with digits dropped; one tone
# placement (hoá → hóa); de-duplicated; sorted. A capital marks a name.
#
# The MIT License (MIT)
# Copyright (c) 2016 Viet-Trung Tran
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software
# and associated documentation files (the "Software"), to deal in the Software without
# restriction, including without limitation the rights to use, copy, modify, merge, publish,
# distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
# Software is furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all copies or
# substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
# BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
# NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
# DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def pyvi_words() -> Path:
    """pyvi's word list, found without importing pyvi (which loads its models)."""
    spec = importlib.util.find_spec("pyvi")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("pyvi is not installed: pip install -e '.[test]'")
    return Path(list(spec.submodule_search_locations)[0]) / "models" / "words.txt"


def keep(entry: str) -> bool:
    """Words of two syllables or more (up to LONGEST), without digits (pyvi has "gà hoa0")."""
    return 1 < entry.count(" ") + 1 <= LONGEST and not any(c.isdigit() for c in entry)


def dictionary_lines(source: str) -> list[str]:
    """The entries to ship, in one tone placement, each once (by lookup key), sorted."""
    seen: dict[str, str] = {}
    for raw in nfc(source).splitlines():
        entry = " ".join(raw.split())
        if keep(entry):
            written = " ".join(tone_key(s) for s in entry.split(" "))
            seen.setdefault(entry_key(written), written)
    return sorted(seen.values(), key=lambda w: (entry_key(w), w))


def main(argv: list[str]) -> int:
    text = HEADER + "\n".join(dictionary_lines(pyvi_words().read_text(encoding="utf-8"))) + "\n"
    if "--check" in argv:
        same = TARGET.is_file() and TARGET.read_text(encoding="utf-8") == text
        print("vi-dictionary.txt is up to date" if same else "vi-dictionary.txt would change")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {TARGET.name}: {text.count(chr(10)) - HEADER.count(chr(10))} words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
