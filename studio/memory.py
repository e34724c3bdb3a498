"""The C heap's habits where they cost a render time (glibc on Linux; elsewhere no-ops)."""

from __future__ import annotations

import ctypes
import functools
import gc
import os
import sys

TRIM_ENV = "MALLOC_TRIM_THRESHOLD_"
# mallopt parameters (malloc.h) and the thresholds glibc reaches by itself on 64-bit, where
# its dynamic mmap threshold stops (DEFAULT_MMAP_THRESHOLD_MAX) and trims at twice that.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD


@functools.cache
def glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (malloc_trim and mallopt are glibc's), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:  # not glibc (musl, …)
        return None


def release_memory() -> None:
    """Hand freed image memory back to the system before ffmpeg needs it (glibc keeps big
    freed blocks in the heap; on other systems collecting is enough)."""
    gc.collect()
    if (libc := glibc()) is not None:
        libc.malloc_trim(0)


@functools.cache
def undo_eager_trim() -> bool:
    """Once per process, in a process started with MALLOC_TRIM_THRESHOLD_ (Dask's nanny sets
    it to 64 KB for every worker it starts): give glibc back the thresholds it would have
    reached itself. Set, that variable also pins the mmap threshold at 128 KB, so every
    image-sized buffer is a fresh mmap whose pages fault in anew and are unmapped when freed —
    measured, +0.6 s of CPU for each banner of a campaign. Returns whether it changed them."""
    libc = glibc()
    if libc is None or TRIM_ENV not in os.environ:
        return False
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                and libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
