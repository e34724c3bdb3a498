"""Benchmark: `studio build --cluster local:2` against the local process pool (`--jobs 2`).

The campaign of bench_campaign.py — N rows, each a loudspeaker bulletin and a băng rôn (2N
targets) — built from scratch (fresh outputs and narration cache each run) by `--jobs 1`,
`--jobs 2` and `--cluster local:2` (2 workers × 1 thread), runs alternating; medians compared.
Goals (issue 18): the cluster ≤ 1.10× the pool's wall time; the overhead per target,
(cluster − pool) / targets — what starting the cluster, the scheduler, the blobs and the
coordinator's writes cost each target — ≤ 50 ms, printed also without starting and stopping
the cluster (measured as a no-op build of each way: the cluster's minus the pool's); and `--jobs 2` reaching ≥ 90 % of the 2-core
ceiling, 2 × wall / CPU of `--jobs 1` (as bench_build.py measures it).

    pip install 'studio[cluster]'
    python bench/bench_cluster.py [--rows 200] [--repeat 3] [--without-one]
    python bench/bench_cluster.py --cpu [--rows 8]

`--cpu` counts CPU seconds instead of wall time, which a loaded machine hardly changes: one
cold build of each way in a fresh process — the coordinator's own CPU (every thread: the
build, the Dask client, the local scheduler and nannies) and the workers' (each worker's,
its ffmpeg included, read through `Client.run` as the last target finishes; the pool's
processes from RUSAGE_CHILDREN). POSIX only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import run_measured, user_env  # noqa: E402
from bench_campaign import make_campaign  # noqa: E402


def process_cpu() -> float:
    """User + system CPU seconds of this process and its finished children."""
    import resource
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def account(way: str, root: Path) -> None:
    """One cold build of `root` in this process; print its CPU seconds as JSON."""
    import resource
    import time
    from studio.build import build
    from studio.project import Project
    from studio.speech.voice import Voice
    workers: dict = {}

    def on_result(result) -> None:
        if way == "cluster":
            from distributed import default_client
            workers.update(default_client().run(process_cpu))

    start, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    build(project=Project.at(root), jobs=2, voice=Voice(offline=True), on_result=on_result,
          cluster="local:2" if way == "cluster" else None)
    end, children = (resource.getrusage(resource.RUSAGE_SELF),
                     resource.getrusage(resource.RUSAGE_CHILDREN))
    print(json.dumps({
        "wall": time.perf_counter() - wall,
        "coordinator": end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime,
        "workers": sum(workers.values()) if workers else children.ru_utime + children.ru_stime}))


def cpu_main(rows: int) -> None:
    """CPU seconds of a cold build by the pool and by the local cluster, side by side."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        make_campaign(root, rows)
        seen = {}
        for way in ("pool", "cluster"):
            shutil.rmtree(root / "outputs", ignore_errors=True)
            env = user_env(STUDIO_CACHE_DIR=str(Path(tmp) / f"cache-{way}"))
            out = subprocess.run([sys.executable, __file__, "--account", way, str(root)],
                                 env=env, check=True, capture_output=True, text=True).stdout
            seen[way] = json.loads(out.splitlines()[-1])
    targets = 2 * rows
    print(f"a campaign of {rows} rows, {targets} targets, cold; CPU seconds:")
    for way, got in seen.items():
        print(f"  {way:8} coordinator {got['coordinator']:6.2f}  workers {got['workers']:7.2f}"
              f"  (wall {got['wall']:.1f} s)")
    extra = {part: seen["cluster"][part] - seen["pool"][part]
             for part in ("coordinator", "workers")}
    print(f"  the cluster's extra CPU per target: coordinator "
          f"{extra['coordinator'] / targets * 1000:.0f} ms, workers "
          f"{extra['workers'] / targets * 1000:.0f} ms (the fork server's imports, ≈ 1 s "
          f"once, are in neither)")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--account":
        return account(sys.argv[2], Path(sys.argv[3]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--without-one", action="store_true",
                        help="skip --jobs 1 (only the 2-core ceiling needs it)")
    parser.add_argument("--cpu", action="store_true", help="CPU seconds, not wall time")
    args = parser.parse_args()
    if args.cpu:
        return cpu_main(args.rows)
    ways = {"pool": ["--jobs", "2"], "cluster": ["--cluster", "local:2"],
            **({} if args.without_one else {"one": ["--jobs", "1"]})}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        make_campaign(root, args.rows)
        walls: dict[str, list[float]] = {way: [] for way in ways}
        cpus: dict[str, list[float]] = {way: [] for way in ways}
        noops: dict[str, list[float]] = {way: [] for way in ways}
        for i in range(args.repeat):
            for way, flags in ways.items():
                shutil.rmtree(root / "outputs", ignore_errors=True)
                env = user_env(STUDIO_CACHE_DIR=str(Path(tmp) / f"cache-{way}-{i}"))
                wall, cpu = run_measured(["build", "--offline", "-q", *flags], root, env)
                walls[way].append(wall)
                cpus[way].append(cpu)
                if way != "one":  # everything built: what remains is starting and stopping
                    noops[way].append(run_measured(["build", "--offline", "-q", *flags],
                                                   root, env)[0])
    targets = 2 * args.rows
    pool, cluster = (statistics.median(walls[w]) for w in ("pool", "cluster"))
    one = statistics.median(walls["one"]) if "one" in ways else 0.0
    print(f"a campaign of {args.rows} rows, {targets} targets (bulletin + băng rôn), cold:")
    print(f"  --jobs 1 {one:.2f} s, --jobs 2 {pool:.2f} s, --cluster local:2 {cluster:.2f} s")
    print(f"  cluster / pool: {cluster / pool:.2f}× (goal ≤ 1.10×)")
    print(f"  overhead per target: {(cluster - pool) / targets * 1000:.0f} ms "
          f"(goal ≤ 50 ms; includes starting the local cluster once)")
    noop_pool, noop_cluster = (statistics.median(noops[w]) for w in ("pool", "cluster"))
    start_stop = noop_cluster - noop_pool
    print(f"  no-op build: --jobs 2 {noop_pool:.2f} s, --cluster local:2 {noop_cluster:.2f} s: "
          f"starting and stopping the cluster {start_stop:.2f} s")
    print(f"  overhead per target without starting and stopping it: "
          f"{(cluster - pool - start_stop) / targets * 1000:.0f} ms")
    if "one" in ways and all(cpus["one"]):
        ceiling = statistics.median(2 * w / c for w, c in zip(walls["one"], cpus["one"]))
        print(f"  2-core ceiling of --jobs 2: {ceiling:.2f}×; --jobs 2 reached "
              f"{one / pool:.2f}× = {one / pool / ceiling:.0%} of it (goal ≥ 90 %)")


if __name__ == "__main__":
    main()
