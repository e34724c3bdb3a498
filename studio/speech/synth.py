"""Sentence synthesis through the clip cache, one engine, voice, speed and pitch per
speaker: the audio and the engine's word timings, both cached or both made again."""

from __future__ import annotations

from collections.abc import Callable

from studio.errors import SpeechError
from studio.script.model import Script, Speaker
from studio.speech.cache import ClipCache, cache_key
from studio.speech.engines import Engine, describe_voice, plausible, require_plausible
from studio.speech.wav import SAMPLE_RATE, Audio, repitch
from studio.speech.wordtimes import Timed


class _Synth:
    """Sentence synthesis through the cache with one engine, voice and speed."""

    def __init__(self, engine: Engine, lang: str, voice_name: str | None, speed: float,
                 cache: ClipCache, pitch: float = 0.0) -> None:
        self.engine, self.lang, self.speed, self.cache = engine, lang, speed, cache
        self.pitch = pitch
        self.voice = engine.voice_for(lang, voice_name)
        self.identity = engine.identity()
        self.described = describe_voice(engine, self.voice)

    def key(self, spoken: str) -> str:
        pitched = {"pitch": round(self.pitch, 2)} if self.pitch else {}
        return cache_key(kind="sentence", engine=self.identity, voice=self.voice, lang=self.lang,
                         speed=round(self.speed, 3), rate=SAMPLE_RATE, text=spoken, **pitched)

    def clip(self, spoken: str) -> Audio:
        """The sentence's audio, from the cache or the engine; too short for its text, it is
        an error and never cached (nor used from the cache)."""
        return self.cache.load(self.key(spoken), lambda: self.make(spoken),
                               accept=lambda audio: plausible(audio, spoken, self.speed))

    def make(self, spoken: str) -> Audio:
        audio = self.engine.synthesize(spoken, voice=self.voice, speed=self.speed)
        return repitch(require_plausible(audio, spoken, self.speed, self.engine), self.pitch)

    def timed_clip(self, spoken: str) -> tuple[Audio, tuple[Timed, ...]]:
        """The sentence's audio and its spoken words' (text, start, end), both from the
        cache or both from the engine; no words from an engine that reports none."""
        if not hasattr(self.engine, "synthesize_timed"):
            return self.clip(spoken), ()
        return self.cache.load_timed(self.key(spoken), lambda: self.make_timed(spoken),
                                     accept=lambda audio: plausible(audio, spoken, self.speed))

    def make_timed(self, spoken: str) -> tuple[Audio, tuple[Timed, ...]]:
        audio, words = self.engine.synthesize_timed(spoken, voice=self.voice, speed=self.speed)
        audio = require_plausible(audio, spoken, self.speed, self.engine)
        pitched = repitch(audio, self.pitch)
        stretch = pitched.duration / audio.duration if audio.duration else 1.0
        return pitched, tuple((w, round(s * stretch, 3), round(e * stretch, 3))
                              for w, s, e in words)


Cast = Callable[[str | None], _Synth]  # the synthesis for a speaker (None: the narrator)


# An engine with one voice for a language (gTTS) says "male" lower, so a drama's two
# speakers still differ; pitched further, the voice sounds like a machine.
GENERIC_PITCH = {"female": 0.0, "male": -5.0}


def single_voiced(engine: Engine, lang: str) -> bool:
    """Whether `engine` says "female" and "male" in the same voice in `lang`."""
    return engine.voice_for(lang, "female") == engine.voice_for(lang, "male")


def speaker_pitch(speaker: Speaker, one_voice: bool) -> float:
    """A speaker's pitch: as written, else lower for a "male" on a one-voice engine."""
    if speaker.pitch or not one_voice:
        return speaker.pitch
    return GENERIC_PITCH.get(speaker.voice.lower(), 0.0)


def script_cast(script: Script, engine: Engine, speed: float, cache: ClipCache) -> Cast:
    """The synthesis for each of the script's speakers (`speakers:`: their voice through
    `engine.voice_for`, their own speed if they have one) and for the narrator; an unknown
    voice is refused here, before any sentence is spoken."""
    narrator = _Synth(engine, script.lang, script.voice.name, speed, cache)
    voices = {}
    one_voice = single_voiced(engine, script.lang) if script.speakers else False
    for speaker in script.speakers:
        try:
            voices[speaker.name] = _Synth(engine, script.lang, speaker.voice,
                                          speaker.speed or speed, cache,
                                          speaker_pitch(speaker, one_voice))
        except SpeechError as exc:
            raise SpeechError(f"speaker '{speaker.name}': {exc.message}", file=script.path,
                              line=speaker.line, hint=exc.hint) from None
    return lambda name: voices.get(name, narrator) if name else narrator
