"""Benchmark: `studio build` — a no-op build, and a cold build on 1 vs 2 processes.

* no-op  — 20 approved scripts, every target already built: `studio build` wall time as a
           ratio to `studio --version` (process start-up and imports), same run.
           Goal (issue 7): ≤ 2×.
* cold   — 4 audio + 4 poster targets from scratch (fresh outputs and narration cache each
           time): `--jobs 2` against `--jobs 1`. Goal: ≥ 1.6× faster.
           Also printed: the CPU time of every process each build ran (studio, its workers,
           their ffmpeg children) and from it the *ceiling* — the speed-up `--jobs 2` would
           have if it kept both cores busy from start to end doing the same work as
           `--jobs 1`: cores × wall(jobs 1) / CPU(jobs 1). One bulletin alone already keeps
           more than one core busy (ffmpeg decodes, filters and encodes in parallel threads),
           which is why the ceiling is well under 2× on 2 cores.

Runs alternate and the medians are compared (machines are noisy: read ratios, not seconds).

    python bench/bench_build.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STUDIO = [sys.executable, "-m", "studio"]
SCRIPT = """---
title: Bản tin số {n}
lang: vi
organization: UBND xã Hữu Lũng
targets:
  {targets}
---
## Quyền con người
Ngày 10/12 hằng năm là Ngày Quyền con người thế giới, bản tin số {n}.
Mọi người dân đều được bảo đảm quyền con người, quyền công dân.
"""


def make_project(root: Path, count: int, targets: str) -> Path:
    """A project of `count` approved scripts with the given `targets:` line."""
    (root / "scripts").mkdir(parents=True)
    for n in range(count):
        path = root / "scripts" / f"ban-tin-{n:02d}.md"
        path.write_text(SCRIPT.format(n=n, targets=targets), encoding="utf-8")
        run(["approve", str(path), "--by", "UBND xã", "--on", "2026-11-20"], root)
    return root


def user_env(**extra: str) -> dict:
    """The environment of a user's machine: Python writes bytecode caches (some sandboxes set
    PYTHONDONTWRITEBYTECODE, which would make every run recompile studio from source)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def run(args: list[str], cwd: Path, env: dict | None = None) -> float:
    """Wall time of one studio command in a fresh process."""
    return run_measured(args, cwd, env)[0]


def children_cpu() -> float:
    """User + system CPU seconds of every finished child process (and theirs) so far; 0 where
    the platform does not report it (Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(args: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Wall time and CPU time (all its processes) of one studio command in a fresh process."""
    cpu = children_cpu()
    start = time.perf_counter()
    subprocess.run([*STUDIO, *args], cwd=cwd, check=True, capture_output=True,
                   env=env or user_env())
    return time.perf_counter() - start, children_cpu() - cpu


def bench_noop(repeat: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", 20, "poster: [led-p10]\n  audio: [loudspeaker]")
        run(["build", "--offline", "-q"], root)
        version, noop = [], []
        for _ in range(repeat):
            version.append(run(["--version"], root))
            noop.append(run(["build", "--offline", "-q"], root))
        ratio = statistics.median(noop) / statistics.median(version)
        print(f"no-op build of 20 scripts (40 targets): {statistics.median(noop):.2f} s; "
              f"studio --version: {statistics.median(version):.2f} s; ratio {ratio:.2f}× "
              f"(goal ≤ 2×)")
        return ratio


def bench_cold(repeat: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", 4, "poster: [facebook]\n  audio: [loudspeaker]")
        times: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[float]] = {1: [], 2: []}
        for i in range(repeat):
            for jobs in (1, 2):
                shutil.rmtree(root / "outputs", ignore_errors=True)
                cache = Path(tmp) / f"cache-{jobs}-{i}"
                env = user_env(STUDIO_CACHE_DIR=str(cache))
                wall, used = run_measured(["build", "--offline", "-q", "--jobs", str(jobs)],
                                          root, env)
                times[jobs].append(wall)
                cpu[jobs].append(used)
        one, two = statistics.median(times[1]), statistics.median(times[2])
        speed_up = one / two
        print(f"cold build, 4 audio + 4 poster targets: --jobs 1 {one:.2f} s, --jobs 2 "
              f"{two:.2f} s; speed-up {speed_up:.2f}× (goal ≥ 1.6×)")
        if all(cpu[1]) and all(cpu[2]):
            cpu_one, cpu_two = statistics.median(cpu[1]), statistics.median(cpu[2])
            ceilings = [2 * wall / used for wall, used in zip(times[1], cpu[1])]
            ceiling = statistics.median(ceilings)
            print(f"  CPU time: --jobs 1 {cpu_one:.2f} s ({cpu_one / one:.2f} cores busy), "
                  f"--jobs 2 {cpu_two:.2f} s ({cpu_two / two:.2f} cores busy)")
            print(f"  ceiling on 2 cores (2 × wall / CPU of --jobs 1): {ceiling:.2f}× "
                  f"(runs {min(ceilings):.2f}–{max(ceilings):.2f}×); reached "
                  f"{speed_up / ceiling:.0%} of it")
        return speed_up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bench_noop(args.repeat)
    bench_cold(args.repeat)


if __name__ == "__main__":
    main()
