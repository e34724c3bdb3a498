"""Benchmark: `studio subtitles` against `studio video` for the same script and format.

Both run as real commands on the repository's example script (offline voice), with the
narration already in a shared speech cache (a first, unmeasured run fills it), alternating,
`--repeat` times each; the medians are compared. Goal (issue 14): subtitles cost a small
fraction of a render — printed as the ratio subtitles / video (goal ≤ 0.2×).

    python bench/bench_subtitles.py [--repeat 3] [--format vertical]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "ngay-quyen-con-nguoi.md"
GOAL = 0.2


def timed(args: list[str], env: dict[str, str]) -> float:
    """Wall time of one studio command (it must succeed)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "studio", *args], check=True, env=env,
                   stdout=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", default="vertical")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STUDIO_CACHE_DIR": str(Path(tmp) / "cache")}
        common = [str(SCRIPT), "-f", options.format, "--offline", "-q"]
        timed(["subtitles", *common, "-o", str(Path(tmp) / "warm")], env)  # fill the cache
        subs, video = [], []
        for n in range(options.repeat):
            subs.append(timed(["subtitles", *common, "-o", str(Path(tmp) / f"s{n}")], env))
            video.append(timed(["video", *common, "-o", str(Path(tmp) / f"v{n}")], env))
    ratio = statistics.median(subs) / statistics.median(video)
    print(f"studio subtitles: median {statistics.median(subs):.2f} s")
    print(f"studio video:     median {statistics.median(video):.2f} s")
    print(f"ratio subtitles / video: {ratio:.2f}x (goal <= {GOAL}x) "
          f"{'MET' if ratio <= GOAL else 'NOT MET'}")


if __name__ == "__main__":
    main()
