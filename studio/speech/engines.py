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

ENGINE_NAMES = ("auto", "edge", "gtts", "espeak", "neural", "recorded")
SYNTH_LANGUAGES = ("vi", "en", "zh")
ESPEAK_VOICES = {"vi": "vi", "en": "en", "zh": "cmn"}
ESPEAK_EXTRA_VOICES = {"vi": ("vi-VN-x-central", "vi-VN-x-south"), "en": ("en-us",), "zh": ()}
# Real voices take ~0.25 s a syllable at speed 1 (espeak-ng and gTTS alike); less than a third
# of that is 12 syllables a second, faster than anyone speaks: the answer was cut off.
MIN_SECONDS_PER_SYLLABLE = 0.08
OFFLINE_NOTICE = ("notice: no online voice can be reached — speaking with the offline voice "
                  "(espeak-ng)")


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
        if name and name.endswith("Neural"):  # an edge voice: offline, espeak's own speaks
            return ESPEAK_VOICES[lang]
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
    """A synthesis engine by name ("espeak", "gtts", "edge", or "neural" with its voice
    `model`, its checked copy kept in the speech cache `cache_dir`)."""
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
    if name == "edge":
        from studio.speech.edge_engine import EdgeEngine, edge_tts
        edge_tts()  # one line naming the extra, before any sentence is tried
        return EdgeEngine()
    raise SpeechError(f"'{name}' is not a synthesis engine", field="voice.engine",
                      hint="use auto, edge, gtts, espeak or neural")


def describe_voice(engine: Engine, voice: str) -> str:
    """Which voice spoke, as reports, tags and the review page name it: "edge
    vi-VN-HoaiMyNeural", "espeak-ng vi" (an engine may say it itself with `describe`)."""
    describe = getattr(engine, "describe", None)
    if describe is not None:
        return describe(voice)
    return f"{engine.identity().split(' ')[0]} {voice}"


_PROBE_RESULTS: dict[str, bool] = {}
_PROBE_LOCK = threading.Lock()
_NOTICE_GIVEN: set[str] = set()


def probe_endpoint(engine: str) -> str:
    """The server an online engine speaks through (what the probe connects to)."""
    if engine == "edge":
        from studio.speech import edge_engine
        return edge_engine.endpoint()
    from studio.speech import gtts_engine
    return gtts_engine.endpoint()


def probe_online(engines: tuple[str, ...], *, timeout: float | None = None) -> dict[str, bool]:
    """Whether each online engine's server answers, probed at the same time (so the wait is
    one probe's: ≤ 3 s in all) once per process and remembered."""
    from studio.speech import gtts_engine
    endpoints = {name: probe_endpoint(name) for name in engines}
    with _PROBE_LOCK:
        todo = sorted({url for url in endpoints.values() if url not in _PROBE_RESULTS})
        found: dict[str, bool] = {}
        threads = [threading.Thread(target=lambda u=url: found.__setitem__(
                       u, gtts_engine.probe(u, timeout=timeout)), daemon=True)
                   for url in todo]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(gtts_engine.PROBE_TIMEOUT + 1.0)
        _PROBE_RESULTS.update({url: found.get(url, False) for url in todo})
        return {name: _PROBE_RESULTS[url] for name, url in endpoints.items()}


def online_voice_reachable(engine: str = "gtts", *, timeout: float | None = None) -> bool:
    """Whether an online engine's server answers (default gTTS's); probed once per process
    and remembered (≤ 3 s)."""
    return probe_online((engine,), timeout=timeout)[engine]


def forget_probe() -> None:
    """Drop the remembered probe result (tests; a long-running process after reconnecting)."""
    with _PROBE_LOCK:
        _PROBE_RESULTS.clear()
        _NOTICE_GIVEN.clear()


def tell_once(notice: Callable[[str], None] | None, line: str) -> None:
    """Give `line` to `notice` once per process (a build's many scripts, one line)."""
    with _PROBE_LOCK:
        if notice is None or line in _NOTICE_GIVEN:
            return
        _NOTICE_GIVEN.add(line)
    notice(line)


class Choice(NamedTuple):
    """The engine to speak with, and why `auto` took it ("" when it was asked for by name)."""

    engine: Engine
    why: str = ""


class Where(NamedTuple):
    """What `auto` looks at besides the network: the project, the voice file a script names
    (else the project's), and the speech cache that file's checked copy goes to."""

    root: Path | None = None
    model: Path | None = None
    cache_dir: Path | None = None
    notice: Callable[[str], None] | None = None


class Candidate(NamedTuple):
    """One row of `auto`'s order: an engine, and the reason it cannot speak now ("" if it
    can; None if it is not part of this install and not worth a word)."""

    engine: str
    unusable: Callable[[Where], str | None]


def _neural_unusable(where: Where) -> str | None:
    """Why the project's own voice file cannot speak."""
    from studio.speech import neural
    if where.model is None:
        return "no project voice file"
    return "" if neural.runtime_installed() else \
        'a voice file but no neural runtime: pip install "studio[neural]"'


def _edge_unusable(_where: Where) -> str | None:
    from studio.speech import edge_engine
    if not edge_engine.installed():
        return f'edge-tts not installed: pip install "studio[{edge_engine.EXTRA}]"'
    return "" if online_voice_reachable("edge") else "edge cannot be reached"


def _gtts_unusable(_where: Where) -> str | None:
    return "" if online_voice_reachable("gtts") else "gTTS cannot be reached"


AUTO_ORDER = (
    Candidate("neural", _neural_unusable),
    Candidate("edge", _edge_unusable),
    Candidate("gtts", _gtts_unusable),
    Candidate("espeak", lambda _where: ""),
)


def choose_auto(where: Where = Where(), *, after: str | None = None,
                failed: str = "") -> Choice:
    """The first usable engine of `auto`'s order (those after `after`, when it failed with
    `failed`), with the reasons the ones before it were passed over."""
    from studio.speech import edge_engine
    names = [c.engine for c in AUTO_ORDER]
    rows = AUTO_ORDER[names.index(after) + 1:] if after in names else AUTO_ORDER
    online = tuple(r.engine for r in rows if r.engine == "gtts"
                   or (r.engine == "edge" and edge_engine.installed()))
    reasons = [failed] if failed else []
    for row in rows:
        if row.engine in online:  # the first online row: probe them all at once, so that
            probe_online(online)  # offline the wait is one probe's
            online = ()
        why = row.unusable(where)
        if why == "":
            engine = make_engine(row.engine, model=where.model, cache_dir=where.cache_dir,
                                 notice=where.notice)
            return Choice(engine, "; ".join(reasons))
        if why:
            reasons.append(why)
    raise AssertionError("espeak is always usable")


def speaking_notice(choice: Choice, voice: str) -> str:
    """The one line saying which voice `auto` spoke with and why."""
    if choice.engine.name == "espeak":
        return OFFLINE_NOTICE
    return f"notice: speaking with {voice}" + (f" ({choice.why})" if choice.why else "")


def choose_engine(requested: str, *, offline: bool = False, root: Path | None = None,
                  model: Path | None = None, cache_dir: Path | None = None,
                  notice: Callable[[str], None] | None = None) -> Choice:
    """The engine to synthesise with: `offline` → espeak; `auto` → the first usable of
    AUTO_ORDER (the voice file `model`, else the project's under `root`, comes first);
    otherwise the one named (`neural` speaks with that voice file)."""
    if model is None and root is not None:
        from studio.speech.neural import project_voice
        model = project_voice(root)
    where = Where(root, model, cache_dir, notice)
    if requested not in ENGINE_NAMES:
        raise SpeechError(f"unknown engine '{requested}'", field="voice.engine",
                          hint="use one of: " + ", ".join(ENGINE_NAMES))
    if requested == "neural":
        return Choice(make_engine("neural", model=where.model, notice=where.notice,
                                  cache_dir=where.cache_dir))
    if offline or requested == "espeak":
        return Choice(EspeakEngine())
    if requested == "recorded":
        raise SpeechError("engine 'recorded' needs a recording for every scene",
                          hint="link one per scene: [voice](file.mp3)")
    if requested != "auto":
        return Choice(make_engine(requested))
    return choose_auto(where)


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
    rows.append(edge_status(probe_network))
    rows.append(("recorded", True, "human recordings (mp3, wav, m4a…); required for "
                                   "tay, nun, hmn, dao"))
    return rows


def edge_status(probe_network: bool = True) -> tuple[str, bool, str]:
    """The edge voice's row of `engine_status`: installed (the extra), reachable."""
    from studio.speech import edge_engine
    if not edge_engine.installed():
        return ("edge", False,
                f'edge-tts not installed: pip install "studio[{edge_engine.EXTRA}]"')
    if not probe_network:
        return ("edge", False, "network not checked")
    if online_voice_reachable("edge"):
        voices = [v for lang in SYNTH_LANGUAGES for v in edge_engine.EDGE_VOICES[lang].values()]
        return ("edge", True, f"online, {edge_engine.endpoint()} reachable; word timings; "
                              "voices: " + ", ".join(voices))
    return ("edge", False, f"{edge_engine.endpoint()} not reachable (no internet)")


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
    from studio.speech import edge_engine
    reach = probe_online(("edge", "gtts") if edge_engine.installed() else ("gtts",))
    online = reach["gtts"]
    edge_ok = reach.get("edge", False)
    edge_detail = "online, word timings" if edge_ok else edge_status()[2]
    rows.extend(VoiceRow("edge", lang, voice, edge_ok, edge_detail)
                for lang in SYNTH_LANGUAGES for voice in edge_engine.short_names(lang))
    for lang, code in gtts_engine.GTTS_LANGS.items():
        rows.append(VoiceRow("gtts", lang, code, online,
                             "online" if online else "no internet: auto uses espeak"))
    from studio.speech.neural import neural_voice_rows
    rows.extend(VoiceRow("neural", *row) for row in neural_voice_rows(root))
    for lang in LANGUAGES:
        note = "required: no text-to-speech" if lang in RECORDED_ONLY_LANGUAGES else "optional"
        rows.append(VoiceRow("recorded", lang, "human", True, note))
    return rows
