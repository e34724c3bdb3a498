"""The C heap's habits: a worker started the way Dask's nanny starts one
(MALLOC_TRIM_THRESHOLD_ set) has every image-sized buffer mmapped afresh, its pages
faulting in anew; `undo_eager_trim` gives glibc back its own thresholds. Counted with the
kernel's page-fault count of the process (getrusage), each case in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from studio.memory import glibc, release_memory, undo_eager_trim

FAULTS = textwrap.dedent("""
    import json, resource, sys
    from studio.memory import undo_eager_trim
    undone = undo_eager_trim() if sys.argv[1] == "undo" else False
    def faults():
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    buffer = bytearray(8 * 1024 * 1024)  # one image-sized buffer, made and let go
    del buffer
    before = faults()
    for _ in range(50):
        buffer = bytearray(8 * 1024 * 1024)  # zeroed: every page is touched
        del buffer
    print(json.dumps({"undone": undone, "faults": faults() - before}))
""")

linux_glibc = pytest.mark.skipif(glibc() is None, reason="glibc's malloc only")


def faults_of(mode: str, trim: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    if trim is not None:
        env["MALLOC_TRIM_THRESHOLD_"] = trim
    out = subprocess.run([sys.executable, "-c", FAULTS, mode], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


@linux_glibc
def test_a_nanny_started_worker_faults_in_every_big_buffer_until_undone():
    eager = faults_of("keep", "65536")
    undone = faults_of("undo", "65536")
    assert not eager["undone"] and undone["undone"]
    pages = 50 * 8 * 1024 * 1024 // 4096
    assert eager["faults"] > pages / 2  # each buffer's pages fault in again
    assert undone["faults"] < pages / 20  # the heap keeps them


@linux_glibc
def test_without_the_variable_nothing_is_changed():
    plain = faults_of("undo", None)
    assert plain["undone"] is False
    assert plain["faults"] < 50 * 8 * 1024 * 1024 // 4096 / 20  # glibc's own thresholds


def test_undo_and_release_are_safe_to_call_anywhere():
    undo_eager_trim()
    release_memory()
