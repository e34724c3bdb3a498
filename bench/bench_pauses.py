"""Measure: do a recorded scene's sentence boundaries fall in the speaker's pauses?

Recordings whose pauses are known: synthetic speech (tone bursts, with breaths of 0.15–0.45 s
inside sentences and pauses of 0.35–1.2 s between them, text lengths ±30 % off the speech),
and the offline voice (espeak) reading the sentences of the repository's Vietnamese example
scripts, joined with silences of 0.25–0.6 s (about as long as its pauses at commas). For
each, how many sentence boundaries land in the true pause between the two sentences, for:
the pause matching of studio.speech.pauses, the N−1 longest pauses, and the proportional
spread by text length (what recorded scenes had before).

    python bench/bench_pauses.py [--seeds 5]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from studio.script import load
from studio.speech.narrate import narrate_text
from studio.speech.pauses import Speech, find_speech, frame_levels, sentence_times, spread
from studio.speech.voice import Voice
from studio.speech.wav import SAMPLE_RATE, concat, read_wav, silence

REPO = Path(__file__).resolve().parent.parent
RATE = 8000
Gaps = list[tuple[float, float]]
Method = Callable[[list[int], Speech], tuple[tuple[float, float], ...]]


def voiced(seconds: float, rng: np.random.Generator, rate: int = RATE) -> np.ndarray:
    """A voice stand-in: a tone with a syllable-rate envelope and a little noise."""
    t = np.arange(int(seconds * rate)) / rate
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t) ** 2
    return (np.sin(2 * np.pi * 180 * t) * envelope * 8000
            + rng.standard_normal(len(t)) * 200)


def synthetic(seed: int) -> tuple[np.ndarray, list[int], Gaps]:
    """Samples, text lengths and the true pauses between sentences of one made-up recording."""
    rng = np.random.default_rng(seed)
    parts, gaps, weights, t = [rng.standard_normal(RATE // 2) * 60], [], [], 0.5
    sentences = int(rng.integers(2, 14))
    for i in range(sentences):
        pieces, spoken = int(rng.integers(1, 4)), 0.0
        for j in range(pieces):
            length = rng.uniform(0.6, 2.5)
            parts.append(voiced(length, rng))
            t, spoken = t + length, spoken + length
            if j < pieces - 1:
                breath = rng.uniform(0.15, 0.45)
                parts.append(rng.standard_normal(int(breath * RATE)) * 60)
                t += breath
        weights.append(max(1, int(spoken * 14 * rng.uniform(0.75, 1.3))))
        if i < sentences - 1:
            pause = rng.uniform(0.35, 1.2)
            parts.append(rng.standard_normal(int(pause * RATE)) * 60)
            gaps.append((t, t + pause))
            t += pause
    parts.append(rng.standard_normal(RATE // 2) * 60)
    return np.concatenate(parts).astype(np.int16), weights, gaps


def example_sentences() -> list[str]:
    """The sentences of the repository's Vietnamese example scripts."""
    from studio.speech.sentences import split_sentences
    out = []
    for path in sorted((REPO / "scripts").glob("*.md")):
        script = load(path)
        if script.lang == "vi":
            out += [s for scene in script.scenes for p in scene.paragraphs
                    for s in split_sentences(p.text)]
    return out


def spoken(sentences: list[str], seed: int, voice: Voice) -> tuple[np.ndarray, list[int], Gaps]:
    """The offline voice saying `sentences`, silences of 0.25–0.6 s between them."""
    rng = np.random.default_rng(seed)
    parts, gaps, t = [silence(0.5)], [], 0.5
    for i, sentence in enumerate(sentences):
        clip = read_wav(narrate_text(sentence, lang="vi", voice=voice).wav)
        pause = float(rng.uniform(0.25, 0.6))
        parts += [clip, silence(pause)]
        t += clip.duration
        if i < len(sentences) - 1:
            gaps.append((t, t + pause))
        t += pause
    return concat(parts).samples, [len(s) for s in sentences], gaps


def longest(weights: list[int], speech: Speech) -> tuple[tuple[float, float], ...]:
    """Sentence ends at the N−1 longest pauses (what a simpler rule would do)."""
    chosen = sorted(sorted(speech.pauses, key=lambda q: -q.length)[:len(weights) - 1],
                    key=lambda q: q.start)
    starts = [speech.start] + [q.end for q in chosen]
    ends = [q.start for q in chosen] + [speech.end]
    return tuple(zip(starts, ends))


METHODS: dict[str, Method] = {
    "pause matching": lambda w, s: sentence_times(w, s, s.end),
    "N-1 longest pauses": longest,
    "proportional spread": lambda w, s: spread(w, s.start, s.end),
}


def hits(times, gaps: Gaps, slack: float = 0.2) -> int:
    """Boundaries whose sentence end and next start both lie in the true pause between."""
    return sum(a - slack <= end <= b and a <= nxt <= b + slack
               for (_, end), (nxt, _), (a, b) in zip(times, times[1:], gaps))


def tally(cases: list[tuple[np.ndarray, list[int], Gaps]], rate: int) -> dict[str, int]:
    """Boundaries each method puts in the right pause, over `cases`."""
    found = dict.fromkeys(METHODS, 0)
    for samples, weights, gaps in cases:
        speech = find_speech(frame_levels(samples, rate))
        for name, method in METHODS.items():
            times = method(weights, speech)
            found[name] += hits(times, gaps) if len(times) == len(weights) else 0
    return found


def report(title: str, cases, rate: int) -> None:
    total = sum(len(gaps) for _, _, gaps in cases)
    print(f"{title}: {len(cases)} recordings, {total} sentence boundaries")
    for name, count in tally(cases, rate).items():
        print(f"  {name:22s} {count:4d}  ({100 * count / total:.0f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    options = parser.parse_args()
    report("synthetic speech", [synthetic(seed) for seed in range(8 * options.seeds)], RATE)
    sentences = example_sentences()
    with tempfile.TemporaryDirectory() as tmp:
        voice = Voice(offline=True, cache_dir=Path(tmp))
        cases = [spoken(sentences, seed, voice) for seed in range(options.seeds)]
    report("offline voice", cases, SAMPLE_RATE)


if __name__ == "__main__":
    main()
