"""Priority you can hear: how many readings, the spoken opening, the attention signal, and
the transcript of what is said, in the order it is said."""

from __future__ import annotations

from pathlib import Path

from studio.audio.openings import FALLBACK_LANGUAGE, OPENINGS
from studio.audio.profiles import AudioProfile
from studio.project import Project
from studio.script import Script
from studio.script.model import turn_label
from studio.speech.engines import SYNTH_LANGUAGES
from studio.speech.model import Narration
from studio.speech.voice import Voice


def plays(script: Script, profile: AudioProfile, repeat: int | None) -> int:
    """Readings in one bulletin: the run's `repeat` if given, else the script's
    `broadcast.repeats`, else what the profile says for the priority (khan-cap: 3)."""
    if repeat:
        return repeat
    if script.broadcast and script.broadcast.repeats:
        return script.broadcast.repeats
    return profile.sounds_for(script.priority).plays


def opening_words(script: Script, profile: AudioProfile) -> tuple[str, str] | None:
    """(text, language) of the spoken opening, when the priority has one: in the bulletin's
    language, or Vietnamese for the languages without a synthetic voice."""
    if not profile.sounds_for(script.priority).opening:
        return None
    table = OPENINGS.get(script.priority, {})
    lang = script.lang if script.lang in SYNTH_LANGUAGES and script.lang in table \
        else FALLBACK_LANGUAGE
    return (table[lang], lang) if lang in table else None


def opening_voice(narration: Narration, voice: Voice) -> Voice:
    """The voice that spoke the bulletin says its opening too (recorded bulletins: the run's
    synthetic voice)."""
    if narration.engine in ("gtts", "espeak"):
        return voice.with_engine(narration.engine)
    return voice.with_engine(None if voice.engine == "recorded" else voice.engine)


def narrate_opening(script: Script, narration: Narration, profile: AudioProfile, voice: Voice,
                    project: Project, notice=None) -> Path | None:
    """The spoken opening's WAV (from the speech cache), or None for a plain bulletin."""
    words = opening_words(script, profile)
    if words is None:
        return None
    from studio.speech.narrate import narrate_text
    return narrate_text(words[0], lang=words[1], voice=opening_voice(narration, voice),
                        notice=notice, project=project).wav


def transcript(script: Script, profile: AudioProfile, times: int) -> str:
    """What is said, in the spoken order: the opening and every paragraph (named by its
    speaker at a radio drama's turns), for each reading (the signal and tunes are marked in
    brackets)."""
    sounds = profile.sounds_for(script.priority)
    words = opening_words(script, profile)
    reading = ([words[0]] if words else []) + [
        f"{turn_label(p.speaker)} {p.text}" if p.speaker else p.text
        for scene in script.scenes for p in scene.paragraphs]
    blocks = ["[tín hiệu]"] if sounds.signal else []
    for number in range(times):
        if times > 1:
            blocks.append(f"[{number + 1}/{times}]")
        blocks += reading
    if sounds.signal:
        blocks.append("[tín hiệu]")
    return "\n\n".join([f"{script.title}", *blocks]) + "\n"
