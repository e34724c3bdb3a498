"""The clip's timeline: title card, one span per scene (as long as its narration), closing
card; and the segments of it that each show one unchanging picture."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.video.cues import Subtitles

TITLE_SECONDS = 3.0
CLOSING_SECONDS = 3.0


@dataclass(frozen=True)
class Span:
    """A stretch of the clip: the title card, a scene (by index) or the closing card."""

    kind: str  # "title", "scene" or "closing"
    start: float
    end: float
    scene: int | None = None

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """Spans in order, end to end from 0."""

    spans: tuple[Span, ...]

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


def plan_timeline(scene_seconds: Sequence[float], title: float = TITLE_SECONDS,
                  closing: float = CLOSING_SECONDS) -> Timeline:
    """Title card, then each scene for exactly its narration's length, then the closing card."""
    spans = [Span("title", 0.0, title)]
    t = title
    for index, seconds in enumerate(scene_seconds):
        spans.append(Span("scene", t, t + seconds, index))
        t += seconds
    spans.append(Span("closing", t, t + closing))
    return Timeline(tuple(spans))


@dataclass(frozen=True)
class Segment:
    """A stretch that shows one picture: a span, with or without one subtitle cue."""

    start: float
    end: float
    span: Span
    cue: int | None

    @property
    def duration(self) -> float:
        return self.end - self.start


def frame_time(t: float, fps: float) -> float:
    """`t` moved to the nearest frame boundary, so every picture lasts whole frames."""
    return round(t * fps) / fps


def segments(timeline: Timeline, subtitles: Subtitles, fps: float) -> tuple[Segment, ...]:
    """Cut the timeline at every span and cue boundary (on frame boundaries); each piece
    is one picture. Pieces shorter than a frame vanish."""
    cuts = {frame_time(t, fps) for span in timeline.spans for t in (span.start, span.end)}
    cuts |= {frame_time(t, fps) for cue in subtitles.cues for t in (cue.start, cue.end)}
    cuts = sorted(t for t in cuts if 0 <= t <= frame_time(timeline.total, fps))
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        if end - start < 0.5 / fps:
            continue
        middle = (start + end) / 2
        span = timeline.span_at(middle)
        cue = subtitles.at(middle) if span.kind == "scene" else None
        out.append(Segment(start, end, span, cue))
    return tuple(out)
