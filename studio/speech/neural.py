"""The `neural` engine: a Piper-format voice file the commune copies in (`voices/x.onnx` +
`x.onnx.json`), spoken offline through sherpa-onnx with studio's own espeak-ng phonemes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from studio.errors import SpeechError
from studio.speech.neural_phonemes import SPECIAL, plan_sentence, shifted, word_times
from studio.speech.piper_contract import CONFIG_SUFFIX, MODEL_SUFFIX
from studio.speech.piper_model import (EXTRA, PiperVoice, Prepared, config_path, prepare,
                                       read_voice, require_runtime)
from studio.speech.wav import SAMPLE_RATE, Audio, trim_bounds, resample
from studio.text import did_you_mean

VOICES_DIR = "voices"
GENERIC_SPEAKERS = {"female": 0, "male": 1}  # Piper's multi-speaker sets: no genders given

Words = tuple[tuple[str, float, float], ...]


def project_voices(root: Path) -> list[Path]:
    """The project's Piper voices: `voices/*.onnx` that have their `.onnx.json`, by name."""
    folder = Path(root) / VOICES_DIR
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir()
                   if p.suffix.lower() == MODEL_SUFFIX and p.is_file()
                   and config_path(p).is_file()), key=lambda p: p.name)


def project_voice(root: Path) -> Path | None:
    """The project's neural voice: the first in `voices/` by name, or None."""
    found = project_voices(root)
    return found[0] if found else None


def runtime_installed() -> bool:
    """Whether the `neural` extra (onnx, sherpa-onnx) is installed (without importing it)."""
    try:
        require_runtime()
    except SpeechError:
        return False
    return True


def voice_model(given: Path | None, root: Path) -> Path | None:
    """The voice to speak with: the script's `voice.model`, else the project's."""
    return given if given is not None else project_voice(root)


def speaker_choices(voice: PiperVoice) -> list[str]:
    """The names a script may give a voice's speaker."""
    return [*GENERIC_SPEAKERS, *(name for name, _ in voice.speaker_ids),
            *(str(n) for n in range(voice.speakers))]


def speaker_id(voice: PiperVoice, name: str | None,
               notice: Callable[[str], None] | None = None) -> int:
    """The speaker id for `name` (None, "female"/"male", a number, or a `speaker_id_map`
    name); a one-speaker voice speaks every generic name itself, saying so once."""
    if name is None:
        return 0
    wanted = name.strip()
    named = dict(voice.speaker_ids)
    if wanted.lower() in GENERIC_SPEAKERS:
        if voice.speakers > 1:
            return GENERIC_SPEAKERS[wanted.lower()]
        if notice is not None and wanted.lower() != "female":
            notice(f"notice: the neural voice {voice.name} has one speaker: "
                   f"'{wanted}' speaks with it")
        return 0
    if wanted in named:
        return named[wanted]
    if wanted.isdigit() and int(wanted) < voice.speakers:
        return int(wanted)
    if wanted.isdigit():
        raise SpeechError(f"the neural voice {voice.name} has no speaker {wanted}",
                          field="voice.name",
                          hint=f"use 0 to {voice.speakers - 1}, female or male")
    raise SpeechError(f"the neural voice {voice.name} has no speaker '{wanted}'",
                      field="voice.name", hint=did_you_mean(wanted, speaker_choices(voice))
                      or "use female, male or a speaker number")


SYNTH_THREADS = 1  # a build already runs one worker per core; on a busy 2-core PC one
# thread was faster than two (see docs/speech.md)
_SYNTHESISERS: dict[tuple[str, float, float], tuple[object, threading.Lock]] = {}
_SYNTHESISERS_LOCK = threading.Lock()


def synthesiser(prepared: Prepared, voice: PiperVoice) -> tuple[object, threading.Lock]:
    """sherpa-onnx's synthesiser for a prepared voice and the lock to use it under — loaded
    once per process (a 60 MB voice takes seconds to load; a build narrates many scripts)."""
    key = (str(prepared.model), voice.noise_scale, voice.noise_w)
    with _SYNTHESISERS_LOCK:
        if key not in _SYNTHESISERS:
            _SYNTHESISERS[key] = (_load(prepared, voice), threading.Lock())
        return _SYNTHESISERS[key]


class NeuralEngine:
    """A Piper voice through sherpa-onnx (offline); loaded on first use, checked first."""

    name = "neural"
    online = False

    def __init__(self, model: Path, *, cache_root: Path | None = None,
                 notice: Callable[[str], None] | None = None) -> None:
        require_runtime()
        from studio.speech.cache import cache_dir
        self.voice = read_voice(Path(model))
        self.cache_root = cache_dir(cache_root)
        self.notice = notice
        self.tokens = frozenset(key for key, _ in self.voice.tokens) - SPECIAL
        self._tts = None
        self._lock = threading.Lock()

    def identity(self) -> str:
        import sherpa_onnx
        return (f"neural {self.voice.name} sha256:{self.voice.sha256[:16]} "
                f"sherpa-onnx {getattr(sherpa_onnx, '__version__', '?')}")

    def describe(self, voice: str) -> str:
        """Which voice spoke, for people (`neural vi_VN-vais1000-medium #0`)."""
        return f"neural {self.voice.name} #{voice}"

    def voice_for(self, lang: str, name: str | None = None) -> str:
        if lang != self.voice.language:
            raise SpeechError(f"the neural voice {self.voice.name} speaks "
                              f"'{self.voice.language}', not '{lang}'",
                              file=self.voice.model,
                              hint=f"add a Piper voice for '{lang}' to voices/, or use "
                                   "engine auto or espeak")
        return str(speaker_id(self.voice, name, self.notice))

    def loaded(self) -> tuple[object, threading.Lock]:
        """sherpa-onnx's synthesiser for the checked copy of the voice, and its lock (the
        first use of a voice on a machine checks and copies it first). No notice says so: a
        voice refused there must be the one line a person sees."""
        with self._lock:
            if self._tts is None:
                self._tts = synthesiser(prepare(self.voice, self.cache_root), self.voice)
            return self._tts

    def synthesize(self, spoken: str, *, voice: str, speed: float) -> Audio:
        return self.synthesize_timed(spoken, voice=voice, speed=speed)[0]

    def synthesize_timed(self, spoken: str, *, voice: str, speed: float
                         ) -> tuple[Audio, Words]:
        """The sentence's audio (ends trimmed, at SAMPLE_RATE) and each word's time in it."""
        plan = plan_sentence(spoken, self.voice.espeak_voice, self.tokens)
        if not plan.phonemes:
            raise SpeechError(f"the neural voice {self.voice.name} has no phonemes for "
                              f"'{spoken[:40]}'",
                              hint="check that the text is written in the voice's language")
        import sherpa_onnx
        config = sherpa_onnx.GenerationConfig()
        config.sid = int(voice)
        # sherpa uses 1/speed as the length scale: fold in the voice's own length scale
        config.speed = float(speed) / self.voice.length_scale
        config.phoneme_codepoints = [[ord(ch) for ch in plan.phonemes]]
        tts, lock = self.loaded()
        with lock:
            made = tts.generate("", config)
        samples = np.clip(np.asarray(made.samples, dtype=np.float32), -1.0, 1.0)
        raw = Audio((samples * 32767).astype(np.int16), made.sample_rate)
        start, end = trim_bounds(raw)
        words = shifted(word_times(plan, raw.duration), start / raw.rate,
                        (end - start) / raw.rate)
        return resample(Audio(raw.samples[start:end], raw.rate), SAMPLE_RATE), words


def _load(prepared: Prepared, voice: PiperVoice):
    """The synthesiser (the copy has passed a trial load in a child process)."""
    import sherpa_onnx
    vits = sherpa_onnx.OfflineTtsVitsModelConfig(
        model=str(prepared.model), tokens=str(prepared.tokens), noise_scale=voice.noise_scale,
        noise_scale_w=voice.noise_w, length_scale=1.0)
    model = sherpa_onnx.OfflineTtsModelConfig(vits=vits, num_threads=SYNTH_THREADS)
    return sherpa_onnx.OfflineTts(sherpa_onnx.OfflineTtsConfig(model=model))


def missing_voice_error() -> SpeechError:
    """No voice file for the neural engine: where to put one."""
    return SpeechError("the neural engine has no voice file",
                       hint=f"copy a Piper voice (x{MODEL_SUFFIX} with its x{CONFIG_SUFFIX}) "
                            f"into the project's {VOICES_DIR}/ folder, or set voice.model")


def described(model: Path) -> PiperVoice:
    """A voice file's description alone (cheap: neither hashed nor loaded)."""
    from studio.project import FileKind, read_file_bytes
    from studio.speech.piper_contract import MAX_CONFIG_BYTES
    from studio.speech.piper_model import parse_config
    raw = read_file_bytes(config_path(model), FileKind("voice description",
                                                       max_bytes=MAX_CONFIG_BYTES,
                                                       error=SpeechError))
    return parse_config(model, raw.decode("utf-8", "replace"))


def speakers_text(voice: PiperVoice) -> str:
    """How many speakers a voice has, and their names when it says them."""
    if voice.speakers == 1:
        return "1 speaker"
    names = ", ".join(f"{n} = {name}" for name, n in voice.speaker_ids[:6])
    return f"{voice.speakers} speakers" + (f" ({names})" if names else "")


def neural_voice_rows(root: Path | None) -> list[tuple[str, str, bool, str]]:
    """(lang, voice, usable, detail) for each voice file in the project's `voices/`."""
    root = Path.cwd() if root is None else Path(root)
    ready = runtime_installed()
    rows = []
    for model in project_voices(root):
        try:
            voice = described(model)
        except SpeechError as exc:
            rows.append(("?", model.stem, False, exc.describe()))
            continue
        detail = (f"offline, {voice.sample_rate} Hz, {speakers_text(voice)}" if ready else
                  f"needs the neural extra: {EXTRA}")
        rows.append((voice.language, voice.name, ready, detail))
    return rows


def neural_status(root: Path | None) -> tuple[bool, str]:
    """(usable, detail) of the neural engine for `studio voices` and `studio doctor`."""
    root = Path.cwd() if root is None else Path(root)
    found = project_voices(root)
    if not runtime_installed():
        return False, f"not installed (optional): {EXTRA}"
    if not found:
        return False, (f"no voice file in {root / VOICES_DIR} (copy a Piper x{MODEL_SUFFIX} "
                       f"with its x{CONFIG_SUFFIX}): auto does not use it")
    return True, "offline; voices: " + ", ".join(p.stem for p in found)


def verify(model: Path, cache_root: Path | None = None) -> str:
    """Check that a voice file loads and speaks — in a child process, so a file the runtime
    chokes on cannot end this one; one line saying what was checked, or a SpeechError."""
    from studio.speech.cache import cache_dir
    from studio.speech.piper_model import prepared_copy, trial_load
    require_runtime()
    voice = read_voice(Path(model))
    trial_load(voice, prepared_copy(voice, cache_dir(cache_root)))
    return f"loads and speaks ({voice.language}, {speakers_text(voice)}, {voice.sample_rate} Hz)"
