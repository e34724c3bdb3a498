"""espeak-ng through ctypes: the offline voice, loaded once per process and used under a lock."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from dataclasses import dataclass

import numpy as np

from studio.errors import SpeechError
from studio.speech.wav import Audio

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
POS_CHARACTER = 1
CHARS_UTF8 = 1
PARAM_RATE = 1
PHONEMES_IPA = 0x02  # espeak_TextToPhonemes: IPA in UTF-8 (what Piper voices were trained on)
BASE_WPM = 165  # espeak words (= Vietnamese syllables) per minute at speed 1.0
MIN_WPM, MAX_WPM = 80, 450


class _Voice(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_char_p),
                ("identifier", ctypes.c_char_p), ("gender", ctypes.c_ubyte),
                ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte), ("xx1", ctypes.c_ubyte),
                ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)


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
        self._callback = _CALLBACK(self._collect)  # kept alive as long as the library
        lib.espeak_SetSynthCallback(self._callback)
        self.version = (lib.espeak_Info(None) or b"?").decode("utf-8", "replace")

    def _collect(self, wav, numsamples, _events) -> int:
        if numsamples > 0 and wav:
            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0

    def synth(self, text: str, voice: str, wpm: int) -> tuple[Audio, str]:
        """Speak `text` with `voice` at `wpm`; return the audio and the voice really used."""
        data = text.encode("utf-8") + b"\0"
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode("utf-8")) != 0:
                raise SpeechError(f"espeak-ng has no voice '{voice}'",
                                  hint="run `studio voices` to see the voices available")
            used = self.current_voice()
            self.lib.espeak_SetParameter(PARAM_RATE, wpm, 0)
            self._chunks = []
            buf = ctypes.create_string_buffer(data)
            with signals_held():
                err = self.lib.espeak_Synth(buf, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8,
                                            None, None)
                self.lib.espeak_Synchronize()
            pcm, self._chunks = b"".join(self._chunks), []
        if err != 0:
            raise SpeechError(f"espeak-ng failed to speak (error {err})")
        return Audio(np.frombuffer(pcm, dtype="<i2").astype(np.int16), self.rate), used

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
