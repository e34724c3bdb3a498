"""Speech engines behind one interface, choosing one (`auto` probes once), and their status."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, Protocol

from studio.errors import NetworkError, SpeechError, setting
from studio.script.model import syllables
from studio.speech import espeak as _espeak
from studio.speech.wav import Audio

ENGINE_NAMES = ("auto", "gtts", "espeak", "neural", "recorded")
SYNTH_LANGUAGES = ("vi", "en", "zh")
ESPEAK_VOICES = {"vi": "vi", "en": "en", "zh": "cmn"}
ESPEAK_EXTRA_VOICES = {"vi": ("vi-VN-x-central", "vi-VN-x-south"), "en": ("en-us",), "zh": ()}
# Real voices take ~0.25 s a syllable at speed 1 (espeak-ng and gTTS alike); less than a third
# of that is 12 syllables a second, faster than anyone speaks: the answer was cut off.
MIN_SECONDS_PER_SYLLABLE = 0.08
OFFLINE_NOTICE = ("notice: the online voice (gTTS) cannot be reached — using the offline "
                  "voice (espeak-ng)")


class Engine(Protocol):
    """What narration needs from a text-to-speech engine."""

    name: str
    online: bool  # its faults are network faults (`auto` then falls back to the offline voice)

    def identity(self) -> str:
        """Engine name and version: part of every cache key."""

    def voice_for(self, lang: str, name: str | None = None) -> str:
        """The voice to use for `lang` (`name` from the script's `voice.name` if valid)."""

    def synthesize(self, spoken: str, *, voice: str, speed: float) -> Audio:
        """Speak `spoken` (already in spoken form): mono audio at SAMPLE_RATE, ends trimmed."""


def _check_language(engine: str, lang: str) -> None:
    if lang not in SYNTH_LANGUAGES:
        raise SpeechError(f"the {engine} engine cannot speak '{lang}'",
                          hint="record the narration and link it with [voice](file.mp3)")


class EspeakEngine:
    """espeak-ng in this process (offline, always available)."""

    name = "espeak"
    online = False

    def identity(self) -> str:
        return f"espeak-ng {_espeak.espeak().version}"

    def voice_for(self, lang: str, name: str | None = None) -> str:
        _check_language(self.name, lang)
        if name and name.lower() in _espeak.GENERIC_VARIANTS:
            return _espeak.with_variant(ESPEAK_VOICES[lang], name)
        if name and name.lower().split("-")[0].split("+")[0] in {ESPEAK_VOICES[lang], lang}:
            return _espeak.with_variant(ESPEAK_VOICES[lang], name)
        if name:  # another language's voice is ignored; a name no voice has is refused
            _espeak.refuse_unknown(name, (ESPEAK_VOICES[lang], *ESPEAK_EXTRA_VOICES[lang]))
        return ESPEAK_VOICES[lang]

    def synthesize(self, spoken: str, *, voice: str, speed: float) -> Audio:
        return _espeak.speak_timed(spoken, voice, speed)[0]

    def synthesize_timed(self, spoken: str, *, voice: str, speed: float
                         ) -> tuple[Audio, tuple[tuple[str, float, float], ...]]:
        return _espeak.speak_timed(spoken, voice, speed)


def plausible(audio: Audio, spoken: str, speed: float) -> bool:
    """Whether `audio` is long enough to say `spoken` at `speed` (a truncated MP3 is not)."""
    return audio.duration >= syllables(spoken) * MIN_SECONDS_PER_SYLLABLE / speed


def require_plausible(audio: Audio, spoken: str, speed: float, engine: Engine) -> Audio:
    """`audio`, or an error if it is too short for its text: a network fault for the online
    voice (so `auto` falls back), a speech error for an offline one."""
    if plausible(audio, spoken, speed):
        return audio
    what = f"{audio.duration:.2f} s of audio for {syllables(spoken)} syllables"
    if engine.online:
        raise NetworkError(f"the online voice sent only {what} (a cut-off answer)",
                           hint=f"try again later, or use {setting('offline')}")
    raise SpeechError(f"the {engine.name} voice made only {what}",
                      hint="check that the text is written in the script's language")


def make_engine(name: str, *, model: Path | None = None,
                notice: Callable[[str], None] | None = None,
                cache_dir: Path | None = None) -> Engine:
    """A synthesis engine by name ("espeak", "gtts", or "neural" with its voice `model`, its
    checked copy kept in the speech cache `cache_dir`)."""
    if name == "espeak":
        return EspeakEngine()
    if name == "gtts":
        from studio.speech.gtts_engine import GttsEngine
        return GttsEngine()
    if name == "neural":
        from studio.speech.neural import NeuralEngine, missing_voice_error
        if model is None:
            raise missing_voice_error()
        return NeuralEngine(model, notice=notice, cache_root=cache_dir)
    raise SpeechError(f"'{name}' is not a synthesis engine", field="voice.engine",
                      hint="use auto, gtts, espeak or neural")


_PROBE_RESULTS: dict[str, bool] = {}
_PROBE_LOCK = threading.Lock()
_NOTICE_GIVEN: set[str] = set()


def online_voice_reachable(*, timeout: float | None = None) -> bool:
    """Whether gTTS's server answers; probed once per process and remembered (≤ 3 s)."""
    from studio.speech import gtts_engine
    endpoint = gtts_engine.endpoint()
    with _PROBE_LOCK:
        if endpoint not in _PROBE_RESULTS:
            _PROBE_RESULTS[endpoint] = gtts_engine.probe(endpoint, timeout=timeout)
        return _PROBE_RESULTS[endpoint]


def forget_probe() -> None:
    """Drop the remembered probe result (tests; a long-running process after reconnecting)."""
    with _PROBE_LOCK:
        _PROBE_RESULTS.clear()
        _NOTICE_GIVEN.clear()


def tell_offline(notice: Callable[[str], None] | None) -> None:
    """Say once per process that the offline voice is used instead of the online one."""
    with _PROBE_LOCK:
        if notice is None or OFFLINE_NOTICE in _NOTICE_GIVEN:
            return
        _NOTICE_GIVEN.add(OFFLINE_NOTICE)
    notice(OFFLINE_NOTICE)


def choose_engine(requested: str, *, offline: bool = False,
                  notice: Callable[[str], None] | None = None,
                  model: Path | None = None, cache_dir: Path | None = None) -> Engine:
    """The engine to synthesise with: `offline` → espeak; `auto` → gtts if the probe reaches
    it, else espeak (telling `notice` once); otherwise the one named (`neural` speaks with
    the voice file `model`)."""
    if requested not in ENGINE_NAMES:
        raise SpeechError(f"unknown engine '{requested}'", field="voice.engine",
                          hint="use one of: " + ", ".join(ENGINE_NAMES))
    if requested == "neural":
        return make_engine("neural", model=model, notice=notice, cache_dir=cache_dir)
    if offline or requested == "espeak":
        return EspeakEngine()
    if requested == "gtts":
        return make_engine("gtts")
    if requested == "recorded":
        raise SpeechError("engine 'recorded' needs a recording for every scene",
                          hint="link one per scene: [voice](file.mp3)")
    if online_voice_reachable():
        return make_engine("gtts")
    tell_offline(notice)
    return EspeakEngine()


def engine_status(probe_network: bool = True, root: Path | None = None
                  ) -> list[tuple[str, bool, str]]:
    """(engine, usable now, detail) for `studio voices` and `studio doctor`; the online
    voice's probe (≤ 3 s) is skipped when `probe_network` is false; `root` is the project whose
    `voices/` the neural engine looks in (default: the working folder)."""
    rows: list[tuple[str, bool, str]] = []
    try:
        lib = _espeak.espeak()
        names = {n.lower() for v in lib.voices()
                 for n in (*v.languages, v.identifier.rsplit("/", 1)[-1])}
        have = [v for lang in SYNTH_LANGUAGES
                for v in (ESPEAK_VOICES[lang], *ESPEAK_EXTRA_VOICES[lang])
                if v.lower() in names]
        rows.append(("espeak", True, f"espeak-ng {lib.version}, offline; voices: "
                                     + ", ".join(have)))
    except SpeechError as exc:
        rows.append(("espeak", False, str(exc)))
    from studio.speech import gtts_engine
    reachable = online_voice_reachable() if probe_network else False
    detail = ("network not checked" if not probe_network else
              f"online, {gtts_engine.endpoint()} reachable; languages: "
              + ", ".join(gtts_engine.GTTS_LANGS.values()) if reachable else
              f"{gtts_engine.endpoint()} not reachable (no internet): auto uses espeak")
    rows.append(("gtts", reachable, detail))
    from studio.speech.neural import neural_status
    rows.append(("neural", *neural_status(root)))
    rows.append(("recorded", True, "human recordings (mp3, wav, m4a…); required for "
                                   "tay, nun, hmn, dao"))
    return rows


class VoiceRow(NamedTuple):
    """One line of `studio voices`."""

    engine: str
    lang: str
    voice: str
    usable: bool
    detail: str


def list_voices(root: Path | None = None) -> list[VoiceRow]:
    """Every engine's voices per language, and whether each can be used right now."""
    from studio.script.model import LANGUAGES, RECORDED_ONLY_LANGUAGES
    from studio.speech import gtts_engine
    rows: list[VoiceRow] = []
    try:
        lib = _espeak.espeak()
        known = {n.lower() for v in lib.voices()
                 for n in (*v.languages, v.identifier.rsplit("/", 1)[-1])}
        for lang in SYNTH_LANGUAGES:
            for voice in (ESPEAK_VOICES[lang], *ESPEAK_EXTRA_VOICES[lang]):
                ok = voice.lower() in known
                rows.append(VoiceRow("espeak", lang, voice, ok,
                                     "offline" if ok else "missing from espeak-ng data"))
    except SpeechError as exc:
        rows.extend(VoiceRow("espeak", lang, ESPEAK_VOICES[lang], False, str(exc))
                    for lang in SYNTH_LANGUAGES)
    online = online_voice_reachable()
    for lang, code in gtts_engine.GTTS_LANGS.items():
        rows.append(VoiceRow("gtts", lang, code, online,
                             "online" if online else "no internet: auto uses espeak"))
    from studio.speech.neural import neural_voice_rows
    rows.extend(VoiceRow("neural", *row) for row in neural_voice_rows(root))
    for lang in LANGUAGES:
        note = "required: no text-to-speech" if lang in RECORDED_ONLY_LANGUAGES else "optional"
        rows.append(VoiceRow("recorded", lang, "human", True, note))
    return rows
