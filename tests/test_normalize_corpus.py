"""The measured corpus (tests/data/normalize_cases.tsv): real sentences from the plans
studio serves and sentences typical of commune bulletins, every one read exactly right.

To see the score of a changed pipeline without the test: read the TSV and compare
`studio normalize` with the second column (the miss list below prints the same)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.speech.normalize import load_lexicon, spoken_form

DATA = Path(__file__).parent / "data" / "normalize_cases.tsv"
CONTEXT = Path(__file__).resolve().parents[2] / "shared" / "context"
VI = load_lexicon("vi")


def read_cases() -> list[tuple[str, str, str]]:
    """(written, spoken, source) rows; `#` lines are comments."""
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, spoken, source = line.split("\t")
            rows.append((written, spoken, source))
    return rows


CASES = read_cases()


def test_every_case_reads_exactly_right():
    misses = [(w, s, got) for w, s, _ in CASES if (got := spoken_form(w, "vi", VI)) != s]
    report = "\n".join(f"{w}\n  expected: {s}\n  got:      {got}" for w, s, got in misses)
    assert not misses, f"{len(CASES) - len(misses)}/{len(CASES)} exact\n{report}"


def test_the_corpus_is_large_and_mostly_bulletins_and_plans():
    sources = [source for *_, source in CASES]
    assert len(CASES) >= 120
    assert sources.count("bulletin") >= 60 and len(CASES) - sources.count("bulletin") >= 30
    assert len({w for w, *_ in CASES}) == len(CASES)  # no row twice


@pytest.mark.skipif(not CONTEXT.is_dir(), reason="the shared context texts are not here")
def test_plan_rows_are_verbatim_from_the_plans():
    for written, _, source in CASES:
        if source != "bulletin":
            text = " ".join((CONTEXT / f"{source}.txt").read_text(encoding="utf-8").split())
            assert " ".join(written.split()) in text, (source, written)
