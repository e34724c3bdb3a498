"""The clip's timeline: an optional title card, one span per scene (as long as its narration,
the first one with a short lead-in), the closing card; and the segments of it that each show
one unchanging picture.

Transitions do not move anything on it: each one is centred on a cut, so narration and cues
keep their times and the picture pieces overlap by half a transition on each side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.video.captions import Word, spoken_at
from studio.video.cues import Subtitles

from studio.video.style import CARD_SECONDS, CLOSING_SECONDS


@dataclass(frozen=True)
class Span:
    """A stretch of the clip: the title card, a scene (by index) or the closing card."""

    kind: str  # "title", "scene" or "closing"
    start: float
    end: float
    scene: int | None = None
    lead: float = 0.0  # silence before the narration starts (the first scene of a hook)

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def voice(self) -> float:
        """When the span's narration starts."""
        return self.start + self.lead


@dataclass(frozen=True)
class Timeline:
    """Spans in order, end to end from 0."""

    spans: tuple[Span, ...]
    title_until: float = 0.0  # the title shows over the picture until then (a hook)

    @property
    def total(self) -> float:
        return self.spans[-1].end if self.spans else 0.0

    @property
    def scenes(self) -> tuple[Span, ...]:
        return tuple(s for s in self.spans if s.kind == "scene")

    def span_at(self, t: float) -> Span:
        """The span on screen at time `t` (the last one at or after the end)."""
        for span in self.spans:
            if span.start <= t < span.end:
                return span
        return self.spans[-1]


def plan_timeline(scene_seconds: Sequence[float], title: float = CARD_SECONDS,
                  closing: float = CLOSING_SECONDS, *, lead: float = 0.0,
                  title_over: float = 0.0) -> Timeline:
    """A title card if `title` > 0, then each scene for exactly its narration's length (the
    first after `lead` seconds of silence), then the closing card; the title over the first
    scene for `title_over` seconds."""
    spans = [Span("title", 0.0, title)] if title > 0 else []
    t = title
    for index, seconds in enumerate(scene_seconds):
        first = lead if index == 0 else 0.0
        spans.append(Span("scene", t, t + first + seconds, index, first))
        t += first + seconds
    spans.append(Span("closing", t, t + closing))
    over = min(title_over, spans[0].end) if title <= 0 and scene_seconds else 0.0
    return Timeline(tuple(spans), over)


def timeline_for(scene_seconds: Sequence[float], style) -> Timeline:
    """The timeline a `VideoStyle` asks for."""
    return plan_timeline(scene_seconds, style.title_seconds, style.closing,
                         lead=style.lead_in, title_over=style.title_over)


@dataclass(frozen=True)
class Segment:
    """A stretch that shows one picture: a span, with or without one subtitle cue."""

    start: float
    end: float
    span: Span
    cue: int | None
    titled: bool = False  # the title is drawn over it (the first seconds of a hook)
    entering: float = 1.0  # how far the scene's headline has come in (1 = in place)
    word: int | None = None  # the cue's word being spoken (highlighted captions)

    @property
    def duration(self) -> float:
        return self.end - self.start


def frame_time(t: float, fps: float) -> float:
    """`t` moved to the nearest frame boundary, so every picture lasts whole frames."""
    return round(t * fps) / fps


ENTER_SECONDS = 0.4  # a headline comes in over this long at the start of its scene
ENTER_STEPS = 6  # pictures it takes (two frames each at 30 fps)


def entry_times(span: Span, fps: float) -> list[float]:
    """The cuts of a headline's entry: ENTER_STEPS pieces over ENTER_SECONDS (or the span)."""
    seconds = min(ENTER_SECONDS, span.duration / 2)
    return [frame_time(span.start + seconds * k / ENTER_STEPS, fps)
            for k in range(1, ENTER_STEPS + 1)]


def entering(span: Span, t: float) -> float:
    """How far a headline has come in at `t` (0 → 1, stepwise), 1 after its entry."""
    seconds = min(ENTER_SECONDS, span.duration / 2)
    if seconds <= 0 or t >= span.start + seconds:
        return 1.0
    return (int((t - span.start) / seconds * ENTER_STEPS) + 0.5) / ENTER_STEPS


def segments(timeline: Timeline, subtitles: Subtitles, fps: float,
             animated: frozenset[int] = frozenset(),
             words: Sequence[Sequence[Word]] | None = None) -> tuple[Segment, ...]:
    """Cut the timeline at every span and cue boundary (on frame boundaries), into the
    steps of each `animated` scene's headline entry and, given each cue's `words`, at every
    word; each piece is one picture. Pieces shorter than a frame vanish."""
    cuts = {frame_time(t, fps) for span in timeline.spans for t in (span.start, span.end)}
    cuts |= {frame_time(t, fps) for cue in subtitles.cues for t in (cue.start, cue.end)}
    if timeline.title_until > 0:
        cuts.add(frame_time(timeline.title_until, fps))
    for span in timeline.scenes:
        if span.scene in animated:
            cuts.update(entry_times(span, fps))
    for cue_words in words or ():
        cuts.update(frame_time(word.start, fps) for word in cue_words)
    cuts = sorted(t for t in cuts if 0 <= t <= frame_time(timeline.total, fps))
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        if end - start < 0.5 / fps:
            continue
        middle = (start + end) / 2
        span = timeline.span_at(middle)
        cue = subtitles.at(middle) if span.kind == "scene" else None
        enter = entering(span, middle) if span.scene in animated else 1.0
        word = spoken_at(words[cue], middle) if words and cue is not None else None
        out.append(Segment(start, end, span, cue, middle < timeline.title_until, enter, word))
    return tuple(out)
