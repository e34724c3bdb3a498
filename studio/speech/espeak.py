"""espeak-ng through ctypes: the offline voice, loaded once per process and used under a lock."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from studio.errors import SpeechError
from studio.text import did_you_mean
from studio.speech.wav import SAMPLE_RATE, Audio, resample, trim_bounds

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
POS_CHARACTER = 1
CHARS_UTF8 = 1
PARAM_RATE = 1
PARAM_PITCH = 3
DEFAULT_PITCH = 50  # espeak-ng's own default on its 0-100 scale
EVENT_END_OF_LIST, EVENT_WORD, EVENT_END, EVENT_MSG_TERMINATED = 0, 1, 5, 6
PHONEMES_IPA = 0x02  # espeak_TextToPhonemes: IPA in UTF-8 (what Piper voices were trained on)
BASE_WPM = 165  # espeak words (= Vietnamese syllables) per minute at speed 1.0
MIN_WPM, MAX_WPM = 80, 450


class _Voice(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_char_p),
                ("identifier", ctypes.c_char_p), ("gender", ctypes.c_ubyte),
                ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte), ("xx1", ctypes.c_ubyte),
                ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


class _Event(ctypes.Structure):
    """espeak_EVENT from speak_lib.h (the `id` union is pointer-sized)."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_void_p)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


class Mark(NamedTuple):
    """A word or clause end espeak-ng reported: kind, 1-based character position in the
    text, length in characters, and milliseconds from the start of its output."""

    kind: int
    position: int
    length: int
    ms: int


@dataclass(frozen=True)
class EspeakVoice:
    """A voice espeak-ng knows: its name for SetVoiceByName and its language codes."""

    name: str
    languages: tuple[str, ...]
    identifier: str


@contextlib.contextmanager
def signals_held():
    """Hold Ctrl-C and SIGTERM while espeak-ng runs: raised inside its synthesis callback,
    they would be printed as an ignored traceback and lost; held, they arrive right after
    (a sentence takes 10–70 ms). Where signals cannot be masked (Windows), a no-op."""
    mask = getattr(signal, "pthread_sigmask", None)
    held = {signal.SIGINT, signal.SIGTERM}
    if mask is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_UNBLOCK, held)


class _Espeak:
    """The loaded library; every call goes through `lock` (espeak-ng is not thread-safe)."""

    def __init__(self) -> None:
        import espeakng_loader
        espeakng_loader.make_library_available()
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                                          ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint,
                                     ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                     ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.restype = ctypes.c_int
        lib.espeak_GetCurrentVoice.restype = ctypes.POINTER(_Voice)
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int,
                                              ctypes.c_int]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        self.lib = lib
        self.lock = threading.Lock()
        self.rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0,
                                          espeakng_loader.get_data_path().encode("utf-8"),
                                          INITIALIZE_DONT_EXIT)
        if self.rate <= 0:
            raise SpeechError("espeak-ng could not start (its data folder is unreadable)",
                              hint="reinstall: pip install --force-reinstall espeakng-loader")
        self._chunks: list[bytes] = []
        self._marks: list[Mark] = []
        self._callback = _CALLBACK(self._collect)  # kept alive as long as the library
        lib.espeak_SetSynthCallback(self._callback)
        self.version = (lib.espeak_Info(None) or b"?").decode("utf-8", "replace")

    def _collect(self, wav, numsamples, events) -> int:
        if numsamples > 0 and wav:
            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        i = 0
        while events and events[i].type != EVENT_END_OF_LIST:
            event = events[i]
            if event.type in (EVENT_WORD, EVENT_END, EVENT_MSG_TERMINATED):
                self._marks.append(Mark(event.type, event.text_position, event.length,
                                        event.audio_position))
            i += 1
        return 0

    def synth(self, text: str, voice: str, wpm: int) -> tuple[Audio, str]:
        """Speak `text` with `voice` at `wpm`; return the audio and the voice really used."""
        audio, used, _marks = self.synth_marked(text, voice, wpm)
        return audio, used

    def synth_marked(self, text: str, voice: str, wpm: int, pitch: int = DEFAULT_PITCH
                     ) -> tuple[Audio, str, tuple[Mark, ...]]:
        """Speak `text` with `voice` at `wpm` and `pitch`; return the audio, the voice really
        used and the word and clause marks espeak-ng reported on the way."""
        data = text.encode("utf-8") + b"\0"
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode("utf-8")) != 0:
                raise SpeechError(f"espeak-ng has no voice '{voice}'",
                                  hint="run `studio voices` to see the voices available")
            used = self.current_voice()
            self.lib.espeak_SetParameter(PARAM_RATE, wpm, 0)
            self.lib.espeak_SetParameter(PARAM_PITCH, pitch, 0)
            self._chunks, self._marks = [], []
            buf = ctypes.create_string_buffer(data)
            with signals_held():
                err = self.lib.espeak_Synth(buf, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8,
                                            None, None)
                self.lib.espeak_Synchronize()
            pcm, self._chunks = b"".join(self._chunks), []
            marks, self._marks = tuple(self._marks), []
        if err != 0:
            raise SpeechError(f"espeak-ng failed to speak (error {err})")
        return Audio(np.frombuffer(pcm, dtype="<i2").astype(np.int16), self.rate), used, marks

    def phonemes(self, text: str, voice: str) -> list[str]:
        """`text` in IPA phonemes with `voice`, one string per clause espeak-ng finds (words
        apart by spaces) — the neural voice's phonemizer, as Piper's own."""
        data = ctypes.create_string_buffer(text.encode("utf-8") + b"\0")
        pointer = ctypes.c_void_p(ctypes.addressof(data))
        clauses: list[str] = []
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode("utf-8")) != 0:
                raise SpeechError(f"espeak-ng has no voice '{voice}' to read the neural "
                                  "voice's phonemes with",
                                  hint="use a Piper voice for vi, en or zh")
            with signals_held():
                while pointer.value:
                    out = self.lib.espeak_TextToPhonemes(ctypes.byref(pointer), CHARS_UTF8,
                                                         PHONEMES_IPA)
                    clauses.append((out or b"").decode("utf-8", "replace"))
        return clauses

    def current_voice(self) -> str:
        """Name of the voice espeak-ng has selected (call under the lock)."""
        voice = self.lib.espeak_GetCurrentVoice()
        if not voice or not voice.contents.name:
            return ""
        return voice.contents.name.decode("utf-8", "replace")

    def voices(self) -> list[EspeakVoice]:
        """Every voice in the espeak-ng data."""
        with self.lock:
            array = self.lib.espeak_ListVoices(None)
            out = []
            i = 0
            while array and array[i]:
                v = array[i].contents
                out.append(EspeakVoice(name=(v.name or b"").decode("utf-8", "replace"),
                                       languages=_languages(v.languages),
                                       identifier=(v.identifier or b"").decode("utf-8",
                                                                                "replace")))
                i += 1
        return out


def _languages(raw: bytes | None) -> tuple[str, ...]:
    """Decode espeak's packed list `<priority byte><lang>\\0...\\0`."""
    if not raw:
        return ()
    return tuple(part[1:].decode("utf-8", "replace") for part in raw.split(b"\0") if part[1:])


_INSTANCE: _Espeak | None = None
_INSTANCE_LOCK = threading.Lock()


def espeak() -> _Espeak:
    """The process-wide espeak-ng (initialised on first use)."""
    global _INSTANCE
    with _INSTANCE_LOCK:
        if _INSTANCE is None:
            try:
                _INSTANCE = _Espeak()
            except (OSError, ImportError, AttributeError) as exc:
                raise SpeechError(f"espeak-ng is not usable ({exc})",
                                  hint="reinstall: pip install --force-reinstall "
                                       "espeakng-loader") from exc
        return _INSTANCE


def words_per_minute(speed: float) -> int:
    """espeak rate for a script's `voice.speed` (1.0 = normal)."""
    return int(min(max(round(BASE_WPM * speed), MIN_WPM), MAX_WPM))


def word_times(text: str, marks: tuple[Mark, ...], duration: float
               ) -> tuple[tuple[str, float, float], ...]:
    """Each word espeak-ng said in `text` as (text, start, end) in seconds of its output: a
    word lasts until the next word or clause end it reported (the last, to the end)."""
    out = []
    for i, mark in enumerate(marks):
        if mark.kind != EVENT_WORD or mark.length <= 0:
            continue
        ends = [m.ms for m in marks[i + 1:] if m.ms >= mark.ms]
        end = min(ends[0] / 1000 if ends else duration, duration)
        start = min(mark.ms / 1000, end)
        out.append((text[mark.position - 1:mark.position - 1 + mark.length], start, end))
    return tuple(out)


def shifted(words: tuple[tuple[str, float, float], ...], by: float, duration: float
            ) -> tuple[tuple[str, float, float], ...]:
    """`words` moved `by` seconds (the leading silence trimmed off) and kept inside
    [0, duration]: a word begun in the trimmed silence starts at 0."""
    def inside(t: float) -> float:
        return round(min(max(t + by, 0.0), duration), 3)
    return tuple((text, inside(start), inside(end)) for text, start, end in words)


# The generic speaker voices every engine knows, as espeak-ng variants of a language's voice
# (f3 and m3 are about an octave apart: told apart on a horn speaker).
GENERIC_VARIANTS = {"female": "f3", "male": "m3"}


def variant_names() -> tuple[str, ...]:
    """The voice variants in espeak-ng's data (`f3`, `m3`, `klatt`…), for `voice+variant`."""
    import espeakng_loader
    folder = Path(espeakng_loader.get_data_path()) / "voices" / "!v"
    return tuple(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else ()


def voice_names() -> tuple[str, ...]:
    """Every name espeak-ng knows a voice by: its languages and file names, lower case."""
    return tuple(sorted({n.lower() for v in espeak().voices()
                         for n in (*v.languages, v.identifier.rsplit("/", 1)[-1])}))


def refuse_unknown(name: str, own: tuple[str, ...]) -> None:
    """An error for a voice name espeak-ng does not know in any language (a typo such as
    `femal`), with the names this language could use."""
    if name.lower().partition("+")[0] not in voice_names():
        raise SpeechError(f"espeak-ng has no voice '{name}'",
                          hint=did_you_mean(name, (*GENERIC_VARIANTS, *own)))


def with_variant(base: str, name: str) -> str:
    """`name` as an espeak-ng voice for a language whose voice is `base`: `female`/`male`
    become `base+f3`/`base+m3`; `voice+variant` needs a variant espeak-ng has."""
    if name.lower() in GENERIC_VARIANTS:
        return f"{base}+{GENERIC_VARIANTS[name.lower()]}"
    voice, _, variant = name.partition("+")
    if variant and variant not in (known := variant_names()):
        raise SpeechError(f"espeak-ng has no voice variant '{variant}' (in '{name}')",
                          hint=did_you_mean(variant, known + tuple(GENERIC_VARIANTS)))
    return name


def speak_timed(spoken: str, voice: str, speed: float
                ) -> tuple[Audio, tuple[tuple[str, float, float], ...]]:
    """`spoken` said with `voice` at `speed`: the audio with its silent ends trimmed, at
    SAMPLE_RATE, and each word's (text, start, end) in seconds of that trimmed audio."""
    audio, _used, marks = espeak().synth_marked(spoken, voice, words_per_minute(speed))
    start, end = trim_bounds(audio)
    kept = Audio(audio.samples[start:end], audio.rate)
    words = shifted(word_times(spoken, marks, audio.duration), -start / audio.rate,
                    kept.duration)
    return resample(kept, SAMPLE_RATE), words
