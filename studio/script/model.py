"""The script model: what a loaded, validated script is."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studio.languages import LANGUAGES, RECORDED_ONLY_LANGUAGES  # noqa: F401 - re-exported

if TYPE_CHECKING:
    from studio.script.broadcast import Broadcast

PRIORITIES = {"thuong": "thông thường", "uu-tien": "ưu tiên", "khan-cap": "khẩn cấp"}
# The video formats a script may name (studio.video.formats gives them sizes), and the names
# people use for them: platforms and aspect ratios.
VIDEO_FORMATS = ("vertical", "landscape", "square", "portrait", "tv")
VIDEO_ALIASES = {
    "9:16": "vertical", "tiktok": "vertical", "reels": "vertical", "shorts": "vertical",
    "zalo": "vertical", "16:9": "landscape", "youtube": "landscape", "1:1": "square",
    "4:5": "portrait", "feed": "portrait",
}
AUDIO_PROFILES = ("loudspeaker", "broadcast", "lowband")
ENGINES = ("auto", "edge", "gtts", "espeak", "neural", "recorded")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SYLLABLES_PER_SECOND = 3.0  # a steady reading pace, for estimates (the voices speak ~4)
SCENE_GAP_SECONDS = 0.7
DRAFT_SUFFIX = "-draft"
DRAFT_WATERMARK = "BẢN NHÁP – CHƯA DUYỆT"


@dataclass(frozen=True)
class Pause:
    """A silence inside a scene's narration (`<!-- pause 1.5 -->`)."""

    seconds: float
    line: int = 0


@dataclass(frozen=True)
class Translation:
    """A paragraph's subtitle in a second language (`[vi] …` after it): shown, never spoken."""

    lang: str
    text: str
    line: int = 0


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of narration: spoken and subtitled (with its translation under it), by
    `speaker` (a name from `speakers:`, its `**Name:**` label taken off) or the narrator."""

    text: str
    line: int = 0
    translation: Translation | None = None
    speaker: str | None = None
    recording: Path | None = None  # a speaker's own take: `[voice](file.mp3)` in the paragraph


@dataclass(frozen=True)
class Scene:
    """A `## heading` and what follows it until the next one."""

    index: int
    heading: str
    line: int
    parts: tuple[Paragraph | Pause, ...] = ()
    visual: Path | None = None
    headline: str | None = None
    recording: Path | None = None
    visual_line: int | None = None
    recording_line: int | None = None
    recording_seconds: float | None = None  # its real length, once `studio check` measured it
    focus: tuple[float, float] | None = None  # the picture's focal point (x, y in 0–1)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.parts if isinstance(p, Paragraph))

    @property
    def recordings(self) -> tuple[tuple[Path, int | None], ...]:
        """Every recording the scene is spoken with, and its line: the scene's, then each
        speaker's take."""
        scene = ((self.recording, self.recording_line),) if self.recording else ()
        return scene + tuple((p.recording, p.line) for p in self.paragraphs if p.recording)

    @property
    def narration(self) -> str:
        """All narration text of the scene, paragraphs joined by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def pause_seconds(self) -> float:
        return sum(p.seconds for p in self.parts if isinstance(p, Pause))


@dataclass(frozen=True)
class Approval:
    """Who approved the script, when, and the checksum of what they approved; a signed
    approval adds when exactly, which certificate (`key`, its fingerprint) and the signature."""

    by: str
    on: dt.date
    checksum: str
    at: str | None = None
    key: str | None = None
    signature: str | None = None


@dataclass(frozen=True)
class ScriptVoice:
    """Narration settings from the `voice:` key."""

    engine: str = "auto"
    speed: float = 1.0
    name: str | None = None
    model: Path | None = None  # a Piper voice file (`voices/x.onnx`) for the neural engine


GENERIC_SPEAKER_VOICES = ("female", "male")  # every engine has them (studio.speech)


@dataclass(frozen=True)
class Speaker:
    """A voice of a radio drama or an interview (`speakers:`): the name its paragraphs are
    labelled with, the voice that says them (generic or an engine's own), its own speed."""

    name: str
    voice: str
    speed: float | None = None
    pitch: float = 0.0  # semitones up (or down, negative) from the voice's own
    line: int = 0


# The `video:` block's words (studio.video.style gives them their meaning and defaults).
MOTIONS = ("none", "gentle", "lively")
TRANSITIONS = ("crossfade", "cut", "slide")
OPENINGS = ("hook", "card")
HEADINGS = ("show", "hide")
CAPTION_STYLES = ("boxed", "highlight")
CAPTION_POSITIONS = ("bottom", "middle", "top")
CAPTION_BACKGROUNDS = ("box", "outline", "band")
BEDS = ("none", "calm")
SIGNATURES = ("off", "on")
SPEAKER_NAMES = ("on", "off")  # subtitles name the speaker at the start of each turn
VIDEO_CHOICES = {"bed": BEDS, "signature": SIGNATURES, "speaker_names": SPEAKER_NAMES, "motion": MOTIONS, "transition": TRANSITIONS, "opening": OPENINGS,
                 "headings": HEADINGS, "captions": CAPTION_STYLES,
                 "caption_position": CAPTION_POSITIONS, "caption_background": CAPTION_BACKGROUNDS}


@dataclass(frozen=True)
class ScriptVideo:
    """The `video:` block: how the clip looks; a key left out takes the video default."""

    motion: str | None = None
    transition: str | None = None
    opening: str | None = None
    closing: float | None = None  # seconds of the closing card
    headings: str | None = None
    captions: str | None = None
    caption_position: str | None = None
    caption_background: str | None = None
    bed: str | None = None
    signature: str | None = None
    speaker_names: str | None = None

    def given(self) -> dict[str, object]:
        """The keys the script sets."""
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class PosterText:
    """The `poster:` block: what `studio poster SCRIPT.md` puts on the poster."""

    headline: str | None = None
    subline: str | None = None
    image: Path | None = None


@dataclass(frozen=True)
class Targets:
    """What `studio build` makes from the script."""

    video: tuple[str, ...] = ()
    audio: tuple[str, ...] = ()
    poster: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.video or self.audio or self.poster)


@dataclass(frozen=True)
class Campaign:
    """The `variants:` block: one script, one row of the data file per variant (per commune).
    `rows` are (line, {column: cell}); `sha256` is the data file's, which approval signs."""

    data: Path
    key: str  # the key column, as the data file writes it
    sha256: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[int, dict[str, str]], ...] = field(default=(), hash=False, compare=False)
    placeholders: tuple[str, ...] = ()  # the columns the script's text uses
    line: int | None = None  # of `variants:`
    text_sha256: str = ""  # the script without its approval: what every row shares


@dataclass(frozen=True)
class ScriptVariant:
    """Which row of its campaign a script was expanded from: the key cell, its ASCII slug
    (the output folder and file names), and the row's values."""

    key: str
    slug: str
    column: str
    values: tuple[tuple[str, str], ...]
    data: Path
    line: int
    text_sha256: str = ""  # the campaign's (see Campaign)

    def as_dict(self) -> dict:
        """What reports, tags and the manifest say about the variant."""
        return {"key": self.key, "slug": self.slug, "column": self.column,
                "values": dict(self.values), "row": self.line}


@dataclass(frozen=True)
class Script:
    """A loaded script: front matter, scenes and its approval state."""

    path: Path
    title: str
    id: str
    lang: str
    scenes: tuple[Scene, ...]
    checksum: str
    organization: str | None = None
    program: str | None = None
    priority: str = "thuong"
    date: dt.date | None = None
    targets: Targets = field(default_factory=Targets)
    voice: ScriptVoice = field(default_factory=ScriptVoice)
    video: ScriptVideo = field(default_factory=ScriptVideo)
    music: Path | None = None
    logo: Path | None = None
    poster: PosterText | None = None
    approval: Approval | None = None
    speakers: tuple[Speaker, ...] = ()
    broadcast: Broadcast | None = None  # the `broadcast:` block (studio.script.broadcast)
    warnings: tuple[str, ...] = ()
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    campaign: Campaign | None = None  # a campaign's script, before its rows are filled in
    variant: ScriptVariant | None = None  # one row of a campaign, filled in

    @property
    def status(self) -> str:
        """`approved`, `draft` (never approved) or `stale` (changed since approval)."""
        if self.approval is None:
            return "draft"
        return "approved" if self.approval.checksum == self.checksum else "stale"

    @property
    def is_approved(self) -> bool:
        return self.status == "approved"

    @property
    def needs_recording(self) -> bool:
        return self.lang in RECORDED_ONLY_LANGUAGES

    @property
    def issue_date(self) -> dt.date:
        """The date that goes into file names: `date:`, else the approval date, else today."""
        if self.date:
            return self.date
        if self.approval:
            return self.approval.on
        return dt.date.today()

    def estimated_seconds(self) -> float:
        """Rough narration length: each scene read at ~3 syllables a second with its pauses,
        or its recording's real length where that was measured, plus the gaps between."""
        scenes = sum(s.recording_seconds if s.recording_seconds is not None
                     else reading_seconds(s.narration) + s.pause_seconds for s in self.scenes)
        return round(scenes + SCENE_GAP_SECONDS * max(len(self.scenes) - 1, 0), 1)


def turn_label(name: str) -> str:
    """How subtitles and transcripts name who speaks at a turn: `Cán bộ xã:`."""
    return f"{name}:"


def words(text: str) -> list[str]:
    """The words of `text` as a reader counts them: runs between spaces, and each Chinese
    character on its own (Chinese puts no spaces between words)."""
    return [*_CJK.sub(" ", text).split(), *_CJK.findall(text)]


def syllables(text: str) -> int:
    """Roughly how many syllables `text` has: a Vietnamese word or a Chinese character is one
    (an English word counts one too, an undercount); a dash or other mark alone is none."""
    return sum(1 for word in words(text) if any(ch.isalnum() for ch in word))


def reading_seconds(text: str) -> float:
    """How long `text` takes to read aloud at the estimating pace."""
    return syllables(text) / SYLLABLES_PER_SECOND
