"""The speech cache: content-addressed WAV clips, shared safely by parallel processes.

A clip may have word timings beside it (`<key>.words.json`, naming the clip's sample count):
a missing sidecar, or one for other samples, means the clip is made again, never used with
wrong or no timings.

A key is the SHA-256 of everything that changes the sound (engine and its version, voice,
language, speed, spoken text). Files are written to a temp name and renamed into place, so a
reader never sees a partial file and two processes writing the same key both succeed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from studio.errors import OutputError
from studio.fsutil import atomic_output, clean_stale_temps, user_cache_root, write_text_atomic
from studio.speech.wav import Audio, read_wav, write_wav

CACHE_ENV = "STUDIO_CACHE_DIR"
CACHE_VERSION = "1"
SPEECH_SUBDIR = "speech"


def cache_dir(override: str | Path | None = None) -> Path:
    """Where speech clips live: `override`, else $STUDIO_CACHE_DIR, else the user cache."""
    if override:
        return Path(override)
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else user_cache_root()


STALE_TEMP_SECONDS = 3600.0


@functools.cache
def _sweep_once(root: Path) -> None:
    """Once per process: delete temp clips a killed run left (an hour old, so a clip another
    process is writing now is never touched)."""
    clean_stale_temps(root, older_than=STALE_TEMP_SECONDS)


def cache_key(**parts: object) -> str:
    """A stable hex key for `parts` (sorted JSON, so argument order does not matter)."""
    blob = json.dumps({"v": CACHE_VERSION, **parts}, sort_keys=True, ensure_ascii=False,
                      default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ClipCache:
    """WAV files under `<root>/speech/<2 hex>/<key>.wav`."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = cache_dir(root) / SPEECH_SUBDIR
        _sweep_once(self.root)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        """The cached file for `key`, or None."""
        path = self.path(key)
        return path if path.is_file() and path.stat().st_size > 44 else None

    def put(self, key: str, audio: Audio) -> Path:
        """Store `audio` under `key` atomically; a concurrent identical write is fine."""
        return self.put_file(key, lambda path: write_wav(path, audio))

    def put_file(self, key: str, write: Callable[[Path], object]) -> Path:
        """Store under `key` the WAV that `write(temp path)` makes, renamed into place only
        when `write` succeeds (an error leaves nothing cached)."""
        path = self.path(key)
        try:
            with atomic_output(path) as tmp:
                write(tmp)
            return path
        except (OutputError, PermissionError):
            # Windows refuses to replace a file another process has open: theirs is the same.
            if path.is_file():
                return path
            raise OutputError("cannot write to the speech cache", file=path.parent,
                              hint=f"check permissions, or set {CACHE_ENV} to another folder")

    def fetch(self, key: str, make: Callable[[], Audio]) -> Path:
        """The cached file for `key`, creating it with `make()` on a miss."""
        return self.get(key) or self.put(key, make())

    def fetch_file(self, key: str, write: Callable[[Path], object]) -> Path:
        """The cached file for `key`, written by `write(temp path)` on a miss."""
        return self.get(key) or self.put_file(key, write)

    def load(self, key: str, make: Callable[[], Audio],
             accept: Callable[[Audio], bool] = lambda audio: True) -> Audio:
        """The audio for `key`, from the cache or made (and stored) now; a cached clip that
        `accept` refuses (cut short by an older version, say) is made again."""
        path = self.get(key)
        if path is not None:
            with contextlib.suppress(Exception):
                audio = read_wav(path)
                if accept(audio):
                    return audio
        audio = make()
        self.put(key, audio)
        return audio

    def words_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.words.json"

    def cached_words(self, key: str, audio: Audio) -> tuple[tuple[str, float, float], ...] | None:
        """The word timings stored for `key`'s clip `audio`, or None when missing or made
        for other samples."""
        try:
            data = json.loads(self.words_path(key).read_text(encoding="utf-8"))
            if data["samples"] != len(audio.samples):
                return None
            return tuple((str(text), float(start), float(end))
                         for text, start, end in data["words"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put_words(self, key: str, audio: Audio,
                  words: tuple[tuple[str, float, float], ...]) -> None:
        """Store `words` beside `key`'s clip, written after the clip (a reader that finds the
        clip first makes both again)."""
        blob = json.dumps({"samples": len(audio.samples), "words": [list(w) for w in words]},
                          ensure_ascii=False)
        try:
            write_text_atomic(self.words_path(key), blob)
        except (OutputError, PermissionError):
            if not self.words_path(key).is_file():
                raise OutputError("cannot write to the speech cache",
                                  file=self.words_path(key).parent,
                                  hint=f"check permissions, or set {CACHE_ENV} to another "
                                       "folder") from None

    def load_timed(self, key: str,
                   make: Callable[[], tuple[Audio, tuple[tuple[str, float, float], ...]]],
                   accept: Callable[[Audio], bool] = lambda audio: True
                   ) -> tuple[Audio, tuple[tuple[str, float, float], ...]]:
        """`load` for a clip with word timings: both from the cache when the sidecar matches
        the clip, else both made (and stored) now."""
        path = self.get(key)
        if path is not None:
            with contextlib.suppress(Exception):
                audio = read_wav(path)
                words = self.cached_words(key, audio)
                if words is not None and accept(audio):
                    return audio, words
        audio, words = make()
        self.put(key, audio)
        self.put_words(key, audio, words)
        return audio, words
