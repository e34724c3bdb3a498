"""How a clip looks and moves: the `video:` block of a script, overridden by a caller's (or
the command line's) settings, with the defaults that make a clip people stop for."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from studio.errors import StudioError, setting
from studio.script.fields import MAX_CLOSING_SECONDS
from studio.script.model import VIDEO_CHOICES, Script
from studio.text import did_you_mean

LEAD_IN_SECONDS = 0.3  # hook: the first scene shows at once, the voice starts this soon after
TITLE_OVER_SECONDS = 2.5  # hook: how long the title stays over the first scene
CARD_SECONDS = 3.0  # opening: card — the red title card of earlier versions
CLOSING_SECONDS = 2.0  # the closing card with the approval line
TRANSITION_SECONDS = 0.4  # a crossfade or slide, centred on the cut


class StyleError(StudioError):
    """A video style setting studio does not know."""


@dataclass(frozen=True)
class VideoStyle:
    """Motion, transitions, opening, closing, headings and captions of one clip."""

    motion: str = "gentle"
    transition: str = "crossfade"
    opening: str = "hook"
    closing: float = CLOSING_SECONDS
    headings: str = "show"
    captions: str = "boxed"
    caption_position: str = "bottom"
    caption_background: str = "box"
    bed: str = "none"  # a built-in music bed when the script names no `music:`
    signature: str = "off"  # the bulletin's opening tune at the start
    speaker_names: str = "on"  # "Cán bộ xã: …" on the first cue of each speaker's turn

    @property
    def title_seconds(self) -> float:
        """Length of the opening title card (none in a hook)."""
        return CARD_SECONDS if self.opening == "card" else 0.0

    @property
    def lead_in(self) -> float:
        """Silence before the first words (a card already gives the eye its time)."""
        return 0.0 if self.opening == "card" else LEAD_IN_SECONDS

    @property
    def title_over(self) -> float:
        """How long the title shows over the first scene (0 with a title card)."""
        return 0.0 if self.opening == "card" else TITLE_OVER_SECONDS

    @property
    def fade(self) -> float:
        """Seconds each transition takes (0 for a cut)."""
        return 0.0 if self.transition == "cut" else TRANSITION_SECONDS


def check_word(name: str, value: str) -> str:
    """A style word from its list, or an error naming the setting."""
    choices = VIDEO_CHOICES[name]
    if value not in choices:
        raise StyleError(f"unknown {name} '{value}'",
                         hint=f"{did_you_mean(value, choices)} ({setting(name)})")
    return value


def check_closing(seconds: float) -> float:
    """The closing card lasts 1 to 10 seconds: the approval line is always read."""
    if not 1.0 <= float(seconds) <= MAX_CLOSING_SECONDS:
        raise StyleError(f"closing card of {seconds:g} s",
                         hint=f"set {setting('closing')} to 1 to {MAX_CLOSING_SECONDS:g} "
                              "seconds")
    return float(seconds)


def style_for(script: Script, **overrides: object) -> VideoStyle:
    """The script's `video:` block over the defaults, then `overrides` (None = not given)."""
    known = {f.name for f in fields(VideoStyle)}
    given = {**script.video.given(),
             **{k: v for k, v in overrides.items() if v is not None}}
    for key in given:
        if key not in known:
            raise StyleError(f"unknown video setting '{key}'", hint=did_you_mean(key, sorted(known)))
    for key in VIDEO_CHOICES:
        if key in given:
            check_word(key, str(given[key]))
    if "closing" in given:
        given["closing"] = check_closing(given["closing"])  # type: ignore[arg-type]
    return replace(VideoStyle(), **given)
