"""Benchmark: campaigns (issue 17) — one script, a loudspeaker bulletin and a băng rôn per row.

* marginal — cold `studio build --offline` of a campaign of N0 and of N rows, and of the same
             bulletin and banner as a standalone script, side by side in one run (fresh
             outputs and speech cache each): the marginal cost of a row,
             (cost(N) − cost(N0)) / (N − N0), as a ratio to the standalone script's cost
             (CPU seconds of every process, and wall; the standalone script's, the median
             of --repeat cold builds). Goal: ≤ 0.35×.
* memory   — peak resident memory of the largest process of each cold build, N0 vs N rows.
             Goal: ≤ +10 %.
* banner   — where a row's cost goes: in one process, CPU of the first băng rôn of the
             campaign (painted whole) and of the next row's (its changed rows repainted, the
             other PNG bands reused), each written as the build writes it (PNG, PDF,
             preview); the rest of the marginal row is its bulletin and the build's own work.
* no-op    — `studio build` with every target built, for 20, 200 and 3,000 rows, as a ratio
             to `studio --version` in the same run (best of --repeat each). Rendering 6,000
             real targets takes hours, so for the no-op the build state is made by the real
             build with stand-in renderers (same targets, inputs and fingerprints; each writes
             a small file) — what a no-op reads and checks is the same. Goal at 3,000 rows
             (6,000 targets): ≤ 10×.

Machines are noisy: read ratios, not seconds.

    python bench/bench_campaign.py [--rows 200] [--small 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import STUDIO, children_cpu, user_env  # noqa: E402

CAMPAIGN = """---
title: "UBND xã {{xa}} thông báo: Ngày Quyền con người 10/12"
id: {id}
lang: vi
organization: "UBND xã {{xa}}"
date: 2026-12-01
variants: {{data: data/xa.csv, key: xa}}
targets:
  audio: [loudspeaker]
  poster: [bang-ron]
poster:
  headline: Nhiệt liệt hưởng ứng ngày Quyền con người 10/12
  subline: "Ủy ban nhân dân xã {{xa}}"
---
## Thông báo
UBND xã {{xa}} thông báo tới toàn thể nhân dân trong xã.
Hưởng ứng ngày Quyền con người 10 tháng 12, tỉnh Lạng Sơn triển khai Đề án truyền thông về quyền con người ở Việt Nam giai đoạn 2023 đến 2028.

## Quyền và nghĩa vụ
Mỗi người dân cần tìm hiểu để thực hiện đúng, đủ các quyền và nghĩa vụ công dân.
Gia đình, nhà trường và xã hội cùng chung tay bảo vệ những người dễ bị tổn thương.

## Liên hệ
Mọi ý kiến xin gọi đường dây nóng của xã: {{hotline}}.
"""


def rows_csv(count: int) -> str:
    """`count` made-up communes (bench data), each with its own hotline."""
    return "xa,hotline\n" + "".join(f"Xã Số {n + 1},0205 {n + 1:06d}\n" for n in range(count))


def standalone_text() -> str:
    """The campaign's first row written out as a plain script (no `variants:`)."""
    text = CAMPAIGN.format(id="ban-tin-mot-xa").replace("{{", "{").replace("}}", "}")
    text = text.replace("variants: {data: data/xa.csv, key: xa}\n", "")
    return text.replace("{xa}", "Xã Số 1").replace("{hotline}", "0205 000001")


def studio(args: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of every process and peak memory (KB, the largest process)
    of one studio command in a fresh process."""
    env = env or user_env()
    cpu = children_cpu()
    start = time.perf_counter()
    if os.name == "posix":
        command = ["/usr/bin/time", "-f", "%M", *STUDIO, *args]
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
        peak = int(done.stderr.strip().splitlines()[-1])
    else:
        done = subprocess.run([*STUDIO, *args], cwd=cwd, capture_output=True, text=True,
                              env=env)
        peak = 0
    if done.returncode != 0:
        raise SystemExit(f"studio {' '.join(args)} failed:\n{done.stderr}")
    return time.perf_counter() - start, children_cpu() - cpu, peak


def make_campaign(root: Path, rows: int, name: str = "chien-dich") -> Path:
    """A project with an approved campaign of `rows` rows."""
    (root / "scripts" / "data").mkdir(parents=True, exist_ok=True)
    (root / "scripts" / "data" / "xa.csv").write_text(rows_csv(rows), encoding="utf-8")
    path = root / "scripts" / f"{name}.md"
    path.write_text(CAMPAIGN.format(id=name), encoding="utf-8")
    studio(["approve", str(path), "--by", "UBND huyện", "--on", "2026-11-20"], root)
    return path


def make_standalone(root: Path) -> Path:
    (root / "scripts").mkdir(parents=True, exist_ok=True)
    path = root / "scripts" / "ban-tin-mot-xa.md"
    path.write_text(standalone_text(), encoding="utf-8")
    studio(["approve", str(path), "--by", "UBND huyện", "--on", "2026-11-20"], root)
    return path


def cold_build(root: Path, cache: Path) -> tuple[float, float, int]:
    """A build from nothing: no outputs, an empty speech cache."""
    return studio(["build", "--offline", "-q", "--jobs", "2"], root,
                  user_env(STUDIO_CACHE_DIR=str(cache)))


def cold_standalone(tmp: Path, repeat: int) -> tuple[float, float]:
    """Median wall and CPU of `repeat` cold builds of the standalone script, each in its own
    fresh project and speech cache: one sample of a ~6-s build is too noisy to divide by."""
    runs = []
    for n in range(repeat):
        alone = make_standalone(tmp / f"alone-{n}").parent.parent
        runs.append(cold_build(alone, tmp / f"cache-alone-{n}")[:2])
    print("standalone runs (wall, CPU s): "
          + ", ".join(f"{wall:.1f}/{cpu:.1f}" for wall, cpu in runs))
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def bench_marginal(tmp: Path, small: int, large: int, repeat: int) -> None:
    few = make_campaign(tmp / "few", small).parent.parent
    many = make_campaign(tmp / "many", large).parent.parent
    s_wall, s_cpu = cold_standalone(tmp, repeat)
    f_wall, f_cpu, f_peak = cold_build(few, tmp / "cache-few")
    m_wall, m_cpu, m_peak = cold_build(many, tmp / "cache-many")
    per_cpu = (m_cpu - f_cpu) / (large - small)
    per_wall = (m_wall - f_wall) / (large - small)
    print(f"standalone bulletin + banner (median of {repeat}): {s_wall:.1f} s wall, "
          f"{s_cpu:.1f} s CPU")
    print(f"campaign of {small}: {f_wall:.1f} s wall, {f_cpu:.1f} s CPU; of {large}: "
          f"{m_wall:.1f} s wall, {m_cpu:.1f} s CPU")
    print(f"marginal row: {per_cpu:.2f} s CPU = {per_cpu / s_cpu:.2f}× standalone, "
          f"{per_wall:.2f} s wall = {per_wall / s_wall:.2f}× (goal ≤ 0.35×)")
    if f_peak and m_peak:
        print(f"peak memory (largest process): {small} rows {f_peak / 1024:.0f} MB, {large} "
              f"rows {m_peak / 1024:.0f} MB: {m_peak / f_peak - 1:+.1%} (goal ≤ +10 %)")


BANNER = """
import sys, tempfile, time
from pathlib import Path
from studio.poster.render import plan_poster
from studio.poster.runs import PosterJob, write_job
from studio.poster.templates import load_template
from studio.poster.variants import Variant
from studio.script import FINAL

template = load_template("bang-ron")
headline = "Nhiệt liệt hưởng ứng ngày Quyền con người 10/12"
with tempfile.TemporaryDirectory() as out:
    for n in (1, 2, 3):
        values = {"headline": headline, "subline": f"Ủy ban nhân dân xã Xã Số {n}"}
        start = time.process_time()
        job = PosterJob(template, Variant(f"xa-{n}", values),
                        plan_poster(template, values))
        write_job(job, Path(out), FINAL, None)
        print(time.process_time() - start)
"""


def bench_banner(tmp: Path) -> None:
    done = subprocess.run([sys.executable, "-c", BANNER], capture_output=True, text=True,
                          env=user_env(), cwd=tmp, check=True)
    first, *rows = (float(v) for v in done.stdout.split())
    print(f"banner, CPU in one process: the first {first:.2f} s (painted whole), the next "
          f"rows' {min(rows):.2f}-{max(rows):.2f} s (changed rows repainted, bands reused)")


SEED = """
import sys
from pathlib import Path
import studio.build.run as run
from studio.build import build, targets
from studio.build.plan import TargetKind
from studio.project import Project
from studio.speech.voice import Voice

def stand_in(script, name, out_dir, draft, voice, project, notice=None):
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{script.id}_{script.variant.slug}_{name}.txt"
    path.write_text(script.title, encoding="utf-8")
    return [path]

run.SPEAKING_KINDS = ()  # no narration: the stand-ins do not speak
kinds = {k: TargetKind(v.name, v.names, v.inputs, stand_in)
         for k, v in targets.default_kinds().items()}
root = Path(sys.argv[1])
report = build([root / "scripts"], project=Project.at(root), kinds=kinds, jobs=2,
               voice=Voice(offline=True))
assert report.count("built") == len(report.results), report.failed[:1]
"""


def forget_stamps(root: Path) -> None:
    """Drop what the last build remembered of complete campaigns, so the next no-op plans
    every row (as the first build after an upgrade would)."""
    state = root / "outputs" / ".studio-build.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data.pop("campaigns", None)
    state.write_text(json.dumps(data), encoding="utf-8")


def best(args: list[str], root: Path, repeat: int) -> float:
    return min(studio(args, root)[0] for _ in range(repeat))


def bench_noop(tmp: Path, counts: list[int], repeat: int) -> None:
    for count in counts:
        root = tmp / f"noop-{count}"
        make_campaign(root, count)
        subprocess.run([sys.executable, "-c", SEED, str(root)], check=True, env=user_env())
        forget_stamps(root)
        first = studio(["build", "--offline", "-q"], root)[0]  # plans every row once
        version = best(["--version"], root, repeat)
        noop = best(["build", "--offline", "-q"], root, repeat)
        print(f"no-op, {count} rows ({2 * count} targets): {noop:.2f} s = "
              f"{noop / version:.1f}× studio --version ({version:.2f} s); the first no-op "
              f"after a build, planning every row: {first:.2f} s = {first / version:.1f}×"
              + (" (goal ≤ 10×)" if count >= 3000 else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--noop", default="20,200,3000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-render", action="store_true", help="only the no-op part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_noop(Path(tmp), [int(n) for n in args.noop.split(",")], args.repeat)
        if not args.skip_render:
            bench_banner(Path(tmp))
            bench_marginal(Path(tmp), args.small, args.rows, args.repeat)


if __name__ == "__main__":
    main()
