"""Benchmark: rendering the biggest posters, against Pillow saving a blank canvas.

For an A1 poster at 300 dpi (7016×9933 + 3 mm bleed) and a 5000×800 mm băng rôn at 150 dpi
(29528×4724), each in PNG and PDF:

* floor  — Pillow creates a blank canvas of the same size and saves it in the same format
           (PNG; PDF holding a JPEG at the q95 4:4:4 studio uses for print);
* poster — studio loads the template, lays out the text, paints and writes the file;
* next   — in the same process, the next poster of the same template with another subline
           (a campaign's next row, a CSV's next variant): what the repaint of the changed
           rows and the reuse of the unchanged PNG bands leave (reported, no goal).

Each measurement runs in its own subprocess (so peak RSS is that job's alone), `--repeat`
times; the median wall time is reported as a ratio to the floor's median, with the highest
peak RSS. Goals (issue 6): ratio ≤ 3×; peak RSS ≤ 1.2 GB (A1) and ≤ 2 GB (banner).

    python bench/bench_poster.py [--repeat 3] [--formats png,pdf]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {"a1": 1.2e9, "bang-ron": 2.0e9}  # template → peak RSS goal in bytes
HEADLINE = "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh!"
SUBLINE = "Ủy ban Mặt trận Tổ quốc Việt Nam xã Hữu Lũng"
RATIO_GOAL = 3.0


def peak_rss_bytes() -> int | None:
    """This process's peak resident set size, where the platform reports it."""
    try:
        import resource
    except ImportError:  # Windows: no resource module
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def child_floor(template_name: str, fmt: str, out: Path) -> float:
    """Pillow alone: a blank canvas of the template's size, saved as `fmt`."""
    from PIL import Image
    from studio.poster.templates import load_template
    canvas = load_template(template_name).canvas
    start = time.perf_counter()
    image = Image.new("RGB", canvas.size, (218, 37, 29))
    if fmt == "pdf":  # Pillow's PDF holds a JPEG: the same q95 4:4:4 studio writes
        image.save(out / "floor.pdf", "PDF", resolution=canvas.dpi, quality=95,
                   subsampling=0)
    else:
        image.save(out / "floor.png", "PNG", dpi=(canvas.dpi, canvas.dpi))
    return time.perf_counter() - start


def child_poster(template_name: str, fmt: str, out: Path) -> float:
    """studio, as `studio poster` runs it: template → layout → paint → atomic write."""
    from studio.poster.runs import make_posters
    from studio.poster.templates import load_template
    from studio.poster.variants import variant_from_values
    start = time.perf_counter()
    variant = variant_from_values({"headline": HEADLINE, "subline": SUBLINE})
    make_posters([load_template(template_name)], [variant], out_dir=out, formats=[fmt])
    return time.perf_counter() - start


def child_next(template_name: str, fmt: str, out: Path) -> float:
    """The second of two posters of one template in one process (the subline differs)."""
    from studio.poster.runs import make_posters
    from studio.poster.templates import load_template
    from studio.poster.variants import variant_from_values
    template = load_template(template_name)
    make_posters([template], [variant_from_values({"headline": HEADLINE, "subline": SUBLINE})],
                 out_dir=out, formats=[fmt])
    start = time.perf_counter()
    variant = variant_from_values({"headline": HEADLINE, "subline": SUBLINE + " mới"})
    make_posters([template], [variant], out_dir=out, formats=[fmt])
    return time.perf_counter() - start


CHILDREN = {"floor": child_floor, "poster": child_poster, "next": child_next}


def run_child(kind: str, template_name: str, fmt: str) -> dict:
    """One measurement in a fresh interpreter: {'seconds', 'peak_rss'}."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run([sys.executable, __file__, "--child", kind, template_name, fmt,
                                 tmp], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{kind} {template_name} {fmt} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(template_name: str, fmt: str, repeat: int) -> dict:
    """Floor and poster, interleaved `repeat` times (so machine noise hits both alike)."""
    floors, posters, nexts = [], [], []
    for _ in range(repeat):
        floors.append(run_child("floor", template_name, fmt))
        posters.append(run_child("poster", template_name, fmt))
        nexts.append(run_child("next", template_name, fmt))
    floor_s = statistics.median(m["seconds"] for m in floors)
    poster_s = statistics.median(m["seconds"] for m in posters)
    next_s = statistics.median(m["seconds"] for m in nexts)
    rss = [m["peak_rss"] for m in posters if m["peak_rss"] is not None]
    return {"template": template_name, "format": fmt, "floor_s": floor_s,
            "poster_s": poster_s, "ratio": poster_s / floor_s, "next_s": next_s,
            "peak_rss": max(rss) if rss else None,
            "floor_rss": max((m["peak_rss"] or 0) for m in floors) or None}


def report(rows: list[dict]) -> bool:
    """Print a Markdown table; True if every goal is met."""
    print("| template | format | floor (s) | poster (s) | ratio | next (s) | peak RSS | goal |")
    print("|---|---|---|---|---|---|---|---|")
    ok = True
    for row in rows:
        goal_rss = CASES[row["template"]]
        rss = row["peak_rss"]
        met = row["ratio"] <= RATIO_GOAL and (rss is None or rss <= goal_rss)
        ok &= met
        rss_text = f"{rss / 1e6:.0f} MB" if rss else "n/a"
        print(f"| {row['template']} | {row['format']} | {row['floor_s']:.2f} | "
              f"{row['poster_s']:.2f} | {row['ratio']:.2f}× | {row['next_s']:.2f} | "
              f"{rss_text} | "
              f"≤ {RATIO_GOAL:g}×, ≤ {goal_rss / 1e9:g} GB {'✓' if met else '✗'} |")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="png,pdf")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "TEMPLATE", "FORMAT", "DIR"))
    args = parser.parse_args()
    if args.child:
        kind, name, fmt, folder = args.child
        seconds = CHILDREN[kind](name, fmt, Path(folder))
        print(json.dumps({"seconds": seconds, "peak_rss": peak_rss_bytes()}))
        return
    rows = [measure(name, fmt, args.repeat) for name in CASES
            for fmt in args.formats.split(",")]
    ok = report(rows)
    print("\nall goals met" if ok else "\nSOME GOALS MISSED")


if __name__ == "__main__":
    main()
