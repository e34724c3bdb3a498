"""What narration is, for every consumer (audio bulletins, video, subtitles)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple


class SpokenWord(NamedTuple):
    """One word of a sentence as shown, and when the engine said it (seconds from the start
    of the scene's narration, like `Sentence.start`)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Sentence:
    """One sentence as shown (`text`) and as spoken (`spoken`), with its time in the scene;
    `words` when the engine reported word positions (else empty: video estimates them), and
    who says it (`speaker`, a name from the script's `speakers:`; None: the narrator)."""

    text: str
    spoken: str
    start: float  # seconds from the start of the scene's narration
    end: float
    words: tuple[SpokenWord, ...] = ()
    speaker: str | None = None


@dataclass(frozen=True)
class SubtitleTranslation:
    """A translation shown under sentences `first`…`last` of a scene (subtitles only, never
    spoken): one sentence when the counts matched, else the whole paragraph."""

    lang: str
    text: str
    first: int
    last: int


@dataclass(frozen=True)
class SceneNarration:
    """A scene's narration: one mono 16-bit WAV, and where each sentence falls in it.

    Pauses written in the script (`<!-- pause 1.5 -->`) are already inside `wav`.
    """

    index: int
    wav: Path
    duration: float
    sentences: tuple[Sentence, ...]
    engine: str  # "edge", "gtts", "espeak" or "recorded"
    translations: tuple[SubtitleTranslation, ...] = ()  # in sentence order
    voice: str = ""  # which voice spoke: "edge vi-VN-HoaiMyNeural", "espeak-ng vi", "recorded"


@dataclass(frozen=True)
class Narration:
    """A whole script's narration, scene by scene."""

    script_id: str
    lang: str
    engine: str  # engine used for synthesised scenes ("recorded" if all were recordings)
    scenes: tuple[SceneNarration, ...]
    requested: str = ""  # the engine asked for: auto, edge, gtts, espeak or recorded
    voice: str = ""  # which voice spoke the synthesised scenes ("recorded" if none were)

    @property
    def fell_back(self) -> bool:
        """Whether `auto` could not reach an online voice and the offline one spoke."""
        return self.requested == "auto" and self.engine == "espeak"

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.scenes)
