"""Validating front-matter values, one small checker per key."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from studio.script.model import (AUDIO_PROFILES, ENGINES, LANGUAGES, PRIORITIES, VIDEO_ALIASES,
                                 VIDEO_CHOICES, VIDEO_FORMATS, Speaker, words)
from studio.text import WINDOWS_RESERVED, did_you_mean

KNOWN_KEYS = ("title", "id", "lang", "organization", "program", "priority", "date", "targets",
              "voice", "speakers", "video", "music", "logo", "poster", "approval", "broadcast",
              "variants")
TARGET_KINDS = ("video", "audio", "poster")
VOICE_KEYS = ("engine", "speed", "name", "model")
POSTER_KEYS = ("headline", "subline", "image")
VIDEO_KEYS = (*VIDEO_CHOICES, "closing")
MAX_CLOSING_SECONDS = 10.0
APPROVAL_KEYS = ("by", "on", "checksum", "at", "key", "signature")
SPEAKER_KEYS = ("voice", "speed", "pitch")
MAX_PITCH_SEMITONES = 6  # further, a voice sounds like a cartoon or a machine
MAX_SPEAKERS = 8  # a drama's cast; more voices than an engine can tell apart
MAX_SPEAKER_CHARS = 40
VARIANTS_KEYS = ("data", "key")
# The longest Vietnamese syllable has 7 letters ("nghiêng"), the longest word in the plan texts
# 24 characters (a document number); 40 still holds long English words and short web addresses.
MAX_WORD_CHARS = 40
MAX_PARAGRAPH_CHARS = 3000  # ~10 minutes of speech; longer is a pasted document, not narration
MAX_SPOKEN_MINUTES = 60  # four loudspeaker sessions (15 min each); a video is a few minutes
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_SIZE = re.compile(r"^\d{2,5}x\d{2,5}$")
_FOCUS = re.compile(r"^\s*focus\s*[=:]?\s*(-?\d*\.?\d+)(%?)\s*[,;\s]\s*(-?\d*\.?\d+)(%?)\s*$",
                    re.I)


class FieldProblem(Exception):
    """A front-matter value is wrong; `key` may name a nested key (`voice.speed`)."""

    def __init__(self, message: str, hint: str = "", key: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint, self.key = message, hint, key



def text(value: Any, key: str, required: bool = False) -> str | None:
    """A non-empty one-line string (numbers are accepted as text)."""
    if value is None:
        if required:
            raise FieldProblem(f"'{key}' is required", f"add '{key}: ...'")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise FieldProblem(f"'{key}' must be text, not {type(value).__name__}",
                           f"write '{key}: some text'")
    value = " ".join(value.split())
    if not value and required:
        raise FieldProblem(f"'{key}' is empty", f"write '{key}: some text'")
    return value or None


def choice(value: Any, key: str, choices: tuple[str, ...] | list[str], default: str | None
           ) -> str:
    """One of a fixed set of words, with a did-you-mean hint."""
    if value is None:
        if default is None:
            raise FieldProblem(f"'{key}' is required", "use one of: " + ", ".join(choices))
        return default
    if str(value) not in choices:
        raise FieldProblem(f"unknown {key} '{value}'", did_you_mean(str(value), choices))
    return str(value)


def language(value: Any) -> str:
    return choice(value, "lang", tuple(LANGUAGES), None)


def priority(value: Any) -> str:
    return choice(value, "priority", tuple(PRIORITIES), "thuong")


def slug_id(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value)
    if not _SLUG.match(value):
        raise FieldProblem(f"id '{value}' is not an ASCII slug",
                           "use lower-case letters, digits and hyphens, e.g. 'ngay-quyen-con-nguoi'")
    if value in WINDOWS_RESERVED:
        raise FieldProblem(f"id '{value}' is a name Windows keeps for a device",
                           "add a word to it, e.g. 'tre-con' rather than 'con'")
    return value


def date(value: Any, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise FieldProblem(f"'{key}' is not a date: '{value}'", "write it as YYYY-MM-DD") from None


def string_list(value: Any, key: str) -> tuple[str, ...]:
    """A list of words, or a single word."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise FieldProblem(f"'{key}' must be a list of names", f"write '{key}: [a, b]'")
    return tuple(str(v) for v in value)


def mapping(value: Any, key: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    """A mapping whose keys are all in `allowed`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldProblem(f"'{key}' must be a set of 'key: value' lines",
                           f"indent its keys under '{key}:' ({', '.join(allowed)})")
    for sub in value:
        if str(sub) not in allowed:
            raise FieldProblem(f"unknown key '{key}.{sub}'", did_you_mean(str(sub), allowed))
    return {str(k): v for k, v in value.items()}


def focus(title: str | None) -> tuple[float, float] | None:
    """An image's focal point from its link title, `"focus=0.3,0.4"` (x from the left, y
    from the top, 0 to 1, or `30%,40%`), which motion zooms in to; any other title is only a
    title."""
    if not title or not title.strip().lower().startswith("focus"):
        return None
    hint = 'write it as "focus=X,Y", X and Y from 0 (left, top) to 1, e.g. "focus=0.3,0.4"'
    match = _FOCUS.match(title)
    if not match:
        raise FieldProblem(f"image title '{title}' is not a focal point", hint)
    x, y = (float(match.group(i)) / (100 if match.group(i + 1) else 1) for i in (1, 3))
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        raise FieldProblem(f"focal point {x:g},{y:g} is outside the picture", hint)
    return x, y


def closing_seconds(value: Any) -> float:
    """The closing card's length: 1 to 10 seconds (the approval line needs time to read)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            1.0 <= value <= MAX_CLOSING_SECONDS):
        raise FieldProblem(f"'video.closing' must be 1 to {MAX_CLOSING_SECONDS:g} seconds, "
                           f"not {value!r}", "write e.g. 'closing: 2'")
    return float(value)


def video_formats(names: tuple[str, ...]) -> tuple[str, ...]:
    """Video format names as the formats call them (`tiktok` → `vertical`, `9:16` too),
    each once: two aliases of one format make one clip."""
    out: list[str] = []
    for name in names:
        fmt = VIDEO_ALIASES.get(name.strip().lower(), name.strip().lower())
        if fmt not in VIDEO_FORMATS and not _SIZE.match(fmt):
            raise FieldProblem(f"unknown video format '{name}'",
                               did_you_mean(fmt, (*VIDEO_FORMATS, *VIDEO_ALIASES))
                               + " (or a size like 320x160)")
        if fmt not in out:
            out.append(fmt)
    return tuple(out)


def targets(value: Any) -> dict[str, tuple[str, ...]]:
    """`targets:` — video formats, audio profiles and poster templates to build."""
    raw = mapping(value, "targets", TARGET_KINDS)
    out = {kind: string_list(raw.get(kind), f"targets.{kind}") for kind in TARGET_KINDS}
    out["video"] = video_formats(out["video"])
    for profile in out["audio"]:
        if profile not in AUDIO_PROFILES:
            raise FieldProblem(f"unknown audio profile '{profile}'",
                               did_you_mean(profile, AUDIO_PROFILES))
    return out


def speed(value: Any, key: str = "voice.speed") -> float:
    if value is None:
        return 1.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldProblem(f"'{key}' must be a number, not '{value}'",
                           "write e.g. 'speed: 1.0'")
    if not 0.5 <= float(value) <= 2.0:
        raise FieldProblem(f"'{key}' {value} is out of range", "use 0.5 to 2.0")
    return float(value)


def engine(value: Any) -> str:
    return choice(value, "voice.engine", ENGINES, "auto")


def pause_seconds(value: str) -> float:
    try:
        seconds = float(value.replace(",", "."))
    except ValueError:
        raise FieldProblem(f"pause '{value}' is not a number of seconds",
                           "write e.g. <!-- pause 1.5 -->") from None
    if not 0 < seconds <= 60:
        raise FieldProblem(f"pause {value} s is out of range", "use 0.1 to 60 seconds")
    return seconds


def word_lengths(text: str) -> None:
    """Refuse a word longer than any real one: it cannot be read aloud, and a subtitle or
    poster line shrinks to a few pixels to hold it."""
    longest = max(words(text), key=len, default="")
    if len(longest) <= MAX_WORD_CHARS:
        return
    shown = longest[:20] + "…"
    address = "/" in longest or "@" in longest or "." in longest.rstrip(".")
    hint = ("write a shorter address (e.g. dichvucong.gov.vn), or put the long one on the "
            "poster" if address else "put spaces between the words")
    raise FieldProblem(f"word '{shown}' is {len(longest):,} characters long, longer than any "
                       f"real word (at most {MAX_WORD_CHARS})", hint)


def spoken_length(seconds: float) -> None:
    """Refuse narration longer than any bulletin or video needs (it would take hours to
    render and fill the disk)."""
    if seconds > MAX_SPOKEN_MINUTES * 60:
        raise FieldProblem(f"the narration runs ~{duration_words(seconds)}, longer than any "
                           f"bulletin or video needs (at most {MAX_SPOKEN_MINUTES} minutes)",
                           "split it into several scripts (a loudspeaker session is at most "
                           "15 minutes)")


def duration_words(seconds: float) -> str:
    """A long duration as people say it: `75 minutes`, `55 hours`."""
    minutes = seconds / 60
    return f"{minutes:,.0f} minutes" if minutes < 120 else f"{minutes / 60:,.0f} hours"


def speaker(name: Any, value: Any) -> Speaker:
    """One `speakers:` entry: `Name: female` or `Name: {voice: male, speed: 0.9}`."""
    label = text(name, "speakers", True) or ""
    if len(label) > MAX_SPEAKER_CHARS or any(ch in label for ch in ":*[]"):
        raise FieldProblem(f"speaker name '{label[:MAX_SPEAKER_CHARS]}' cannot be a label",
                           f"use a short name without ':' '*' or brackets "
                           f"(at most {MAX_SPEAKER_CHARS} characters), e.g. 'Cán bộ xã'")
    raw = value if isinstance(value, dict) else {"voice": value}
    key = f"speakers.{label}"
    given = mapping(raw, key, SPEAKER_KEYS)
    voice = text(given.get("voice"), f"{key}.voice")
    if voice is None:
        raise FieldProblem(f"speaker '{label}' has no voice",
                           f"write '{label}: female' or '{label}: male' (or an engine's "
                           "voice name)")
    pace = given.get("speed")
    return Speaker(label, voice, speed(pace, f"{key}.speed") if pace is not None else None,
                   pitch(given.get("pitch"), f"{key}.pitch"))


def pitch(value: Any, key: str) -> float:
    """A speaker's pitch: semitones up or down from the voice's own (0 when not given)."""
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or abs(value) > MAX_PITCH_SEMITONES:
        raise FieldProblem(f"'{key}' must be -{MAX_PITCH_SEMITONES} to "
                           f"{MAX_PITCH_SEMITONES} semitones, not {value!r}",
                           "write e.g. 'pitch: -2' for a deeper voice")
    return float(value)


def speakers(value: Any) -> dict[Any, Any]:
    """`speakers:` — each speaker's name and voice (a radio drama, an interview); each entry
    is checked by `speaker`."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not value:
        raise FieldProblem("'speakers' must be a set of 'Name: voice' lines",
                           "write e.g. 'speakers: {Cán bộ xã: male, Chị Lan: female}'")
    if len(value) > MAX_SPEAKERS:
        raise FieldProblem(f"'speakers' names {len(value)} speakers",
                           f"keep at most {MAX_SPEAKERS}: the voices must be told apart")
    return dict(value)
