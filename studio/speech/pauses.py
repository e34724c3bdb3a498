"""Where a speaker pauses in a recording, and which pauses end its sentences.

A recorded scene's subtitles are its text's sentences, and their times follow the speaker:
the recording's quiet runs (quieter than its own speech by a margin, long enough to be a
pause) are the candidate sentence ends, and an ordered matching picks, for N sentences, the
pauses whose stretches of speech best fit the sentences' text lengths. Where there are too
few pauses, sentences share a stretch out by text length (the proportional spread).

Every step is pure on numbers except `wav_levels`, which reads a WAV block by block so a
long recording is never held in memory whole.
"""

from __future__ import annotations

import math
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

import numpy as np

FRAME = 0.02  # seconds per level reading
SILENT_DB = -120.0  # the level of digital silence (log of zero)
NO_SPEECH_DB = -70.0  # a recording whose loud end is quieter than this says nothing
MIN_PAUSE = 0.15  # shorter dips are stops and breaths inside words
BLIP = 0.06  # a louder run this short between quiet ones is a click, not speech
SPEECH_PERCENTILE = 95  # the speech level: the loud end of the recording's frames
FLOOR_PERCENTILE = 5  # the noise floor: its quiet end
DROP_DB = 30.0  # quiet means this far below the speech level…
FLOOR_MARGIN_DB = 6.0  # …or, over a loud floor, this far above the floor…
MIN_CONTRAST_DB = 10.0  # …but never closer than this to the speech level
UNPAUSED = 1.0  # cost of a sentence boundary that falls in no pause
PAUSE_BONUS = 0.5  # per second (up to one) of a pause chosen as a sentence boundary
CANDIDATES_PER_BOUNDARY = 3  # the longest pauses kept as candidates, per boundary
MAX_RATIO = 4.0  # a stretch 4× longer or shorter than its text's share is not considered
BEAM = 6  # partial matchings kept per pause (the cheapest), so long recordings stay quick
EXTRA_PER_STRETCH = 2  # sentences a stretch may hold beyond those pauses are missing for


@dataclass(frozen=True)
class Quiet:
    """A pause: seconds from the start of the recording."""

    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Speech:
    """Where a recording speaks: its first and last loud moment, and the pauses between."""

    start: float
    end: float
    pauses: tuple[Quiet, ...] = ()


def frame_levels(samples: np.ndarray, rate: int, frame: float = FRAME) -> np.ndarray:
    """RMS level (dBFS) of each `frame`-second slice of 16-bit samples (a last partial slice
    counts as one): the loudness curve pauses are read from."""
    size = max(1, int(round(rate * frame)))
    if len(samples) == 0:
        return np.zeros(0)
    padded = np.zeros(-(-len(samples) // size) * size)
    padded[:len(samples)] = np.asarray(samples, dtype=np.float64) / 32768.0
    rms = np.sqrt(np.mean(padded.reshape(-1, size) ** 2, axis=1))
    return 20 * np.log10(np.maximum(rms, 10 ** (SILENT_DB / 20)))


def wav_levels(path: str | Path, frame: float = FRAME, block_frames: int = 2000) -> np.ndarray:
    """`frame_levels` of a mono 16-bit WAV, read `block_frames` frames at a time (bounded
    memory for an hour-long recording)."""
    blocks = []
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        size = max(1, int(round(rate * frame)))
        while data := wav.readframes(size * block_frames):
            blocks.append(frame_levels(np.frombuffer(data, dtype="<i2"), rate, frame))
    return np.concatenate(blocks) if blocks else np.zeros(0)


def quiet_threshold(levels: np.ndarray) -> float:
    """The level below which a frame is quiet, relative to the recording's own speech level
    and noise floor (a phone recording in a commune hall is not a studio)."""
    speech = float(np.percentile(levels, SPEECH_PERCENTILE))
    floor = float(np.percentile(levels, FLOOR_PERCENTILE))
    return min(max(speech - DROP_DB, floor + FLOOR_MARGIN_DB), speech - MIN_CONTRAST_DB)


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The [start, end) index ranges where `mask` is true."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def loud_frames(levels: np.ndarray, threshold: float, blip_frames: int) -> np.ndarray:
    """Which frames are speech: above the threshold, clicks shorter than `blip_frames`
    between quiet frames left out."""
    loud = levels > threshold
    for start, end in runs(loud):
        if end - start < blip_frames:
            loud[start:end] = False
    return loud


def find_speech(levels: np.ndarray, frame: float = FRAME, min_pause: float = MIN_PAUSE
                ) -> Speech | None:
    """Where speech starts and ends and the pauses of at least `min_pause` seconds between;
    None if the recording is quiet throughout."""
    if len(levels) == 0 or np.percentile(levels, SPEECH_PERCENTILE) < NO_SPEECH_DB:
        return None
    loud = loud_frames(levels, quiet_threshold(levels), max(1, round(BLIP / frame)))
    spoken = runs(loud)
    if not spoken:
        return None
    first, last = spoken[0][0], spoken[-1][1]
    pauses = tuple(Quiet(round(a * frame, 3), round(b * frame, 3))
                   for a, b in runs(~loud)
                   if first < a and b < last and (b - a) * frame >= min_pause - 1e-9)
    return Speech(round(first * frame, 3), round(last * frame, 3), pauses)


def spread(weights: Sequence[float], start: float, end: float) -> tuple[tuple[float, float], ...]:
    """Share [start, end] out in order, each piece as long as its weight (text length) says."""
    total = sum(weights)
    if not total:
        return tuple((start, start) for _ in weights)
    edges = [start, *(start + (end - start) * done / total for done in accumulate(weights))]
    edges[-1] = end  # exactly, whatever the rounding on the way
    return tuple(zip(edges, edges[1:]))


def candidates(pauses: Sequence[Quiet], boundaries: int) -> tuple[Quiet, ...]:
    """The longest few pauses per sentence boundary, in time order (a sentence rarely ends in
    a pause shorter than most of the speaker's others)."""
    keep = sorted(pauses, key=lambda q: -q.length)[:CANDIDATES_PER_BOUNDARY * boundaries]
    return tuple(sorted(keep, key=lambda q: q.start))


def speaking_rate(weights: Sequence[float], speech: Speech, pauses: Sequence[Quiet]) -> float:
    """Seconds of speech per unit of text: the span less the pauses likely to end sentences."""
    ends = sorted((q.length for q in pauses), reverse=True)[:max(len(weights) - 1, 0)]
    talking = max(speech.end - speech.start - sum(ends), 1e-3)
    return talking / max(sum(weights), 1e-9)


def fit_cost(actual: float, expected: float) -> float:
    """How badly a stretch's length fits its text's share: the squared log of the ratio."""
    if actual <= 0 or expected <= 0:
        return math.inf
    return math.log(actual / expected) ** 2


def stretch_cost(actual: float, expected: float, sentences: int, most: int) -> float:
    """The cost of `sentences` sentences filling one stretch of speech: its fit, and
    `UNPAUSED` for each boundary inside it; infinite past `most` sentences or a ratio of
    `MAX_RATIO`."""
    if sentences > most or not 1 / MAX_RATIO <= actual / max(expected, 1e-9) <= MAX_RATIO:
        return math.inf
    return fit_cost(actual, expected) + (sentences - 1) * UNPAUSED


def pause_bonus(pause: Quiet) -> float:
    """What ending a sentence in `pause` earns: longer pauses are likelier sentence ends."""
    return PAUSE_BONUS * min(pause.length, 1.0)


def reachable(nodes: Sequence[Quiet], b: int, limit: float) -> list[int]:
    """The earlier nodes a stretch ending at node `b` may start from: those at most `limit`
    seconds before it, nearest first."""
    out = []
    for a in range(b - 1, -1, -1):
        if nodes[b].start - nodes[a].end > limit:
            break
        out.append(a)
    return out


Steps = list[dict[int, tuple[float, int, int]]]  # per node: sentences done → (cost, from, k0)
Stretch = tuple[float, float, int, int]  # start, end, first sentence, one past the last


def trace(best: Steps, nodes: Sequence[Quiet], n: int) -> tuple[Stretch, ...]:
    """The stretches of the cheapest matching, read back from the last node."""
    stretches, b, k = [], len(nodes) - 1, n
    while b > 0:
        _, a, k0 = best[b][k]
        stretches.append((nodes[a].end, nodes[b].start, k0, k))
        b, k = a, k0
    return tuple(reversed(stretches))


def match_pauses(weights: Sequence[float], speech: Speech) -> tuple[Stretch, ...]:
    """The best ordered cut of the speech into stretches `(start, end, first, stop)` holding
    sentences first…stop-1, each ending in a chosen pause (the last at the end of speech):
    dynamic programming over (node, sentences done), nodes being the start, the candidate
    pauses and the end; a stretch costs `stretch_cost`, a chosen pause earns its bonus. With
    no matching at all, one stretch holds everything."""
    n = len(weights)
    pauses = candidates(speech.pauses, n - 1)
    nodes = [Quiet(speech.start, speech.start), *pauses, Quiet(speech.end, speech.end)]
    last = len(nodes) - 1
    rate = speaking_rate(weights, speech, pauses)
    prefix = np.concatenate(([0.0], np.cumsum(weights)))
    most = min(n, 1 + EXTRA_PER_STRETCH + max(0, n - 1 - len(pauses)))
    limit = MAX_RATIO * rate * max(prefix[k + most] - prefix[k] for k in range(n - most + 1))
    best: Steps = [{} for _ in nodes]
    best[0][0] = (0.0, -1, -1)
    for b in range(1, last + 1):
        bonus = pause_bonus(nodes[b]) if b < last else 0.0
        for a in reachable(nodes, b, limit):
            actual = nodes[b].start - nodes[a].end
            for k0, (cost0, _, _) in best[a].items():
                for k in [n] if b == last else range(k0 + 1, min(n - 1, k0 + most) + 1):
                    cost = cost0 + stretch_cost(actual, rate * (prefix[k] - prefix[k0]),
                                                k - k0, most) - bonus
                    if cost < best[b].get(k, (math.inf,))[0]:
                        best[b][k] = (cost, a, k0)
        best[b] = dict(sorted(best[b].items(), key=lambda item: item[1][0])[:BEAM])
    if n not in best[last]:
        return ((speech.start, speech.end, 0, n),)
    return trace(best, nodes, n)


def sentence_times(weights: Sequence[float], speech: Speech | None, duration: float
                   ) -> tuple[tuple[float, float], ...]:
    """[start, end] of each sentence: ends in the matched pauses, spread by text length inside
    a stretch with too few; the whole recording spread when nothing is loud."""
    if not weights:
        return ()
    if speech is None:
        return spread(weights, 0.0, duration)
    if len(weights) == 1:
        return ((speech.start, speech.end),)
    times: list[tuple[float, float]] = []
    for start, end, first, stop in match_pauses(weights, speech):
        times.extend(spread(weights[first:stop], start, end))
    return tuple(times)
