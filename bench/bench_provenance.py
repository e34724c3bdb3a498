"""Benchmark: what Content Credentials add to a render (issue 19: ≤ 5 %).

One project with a CA, an approver key (the script's approval is signed) and a build key.
Each render — a vertical video of three scenes, a bulletin, an A1 poster (PNG and PDF) — runs
with signing on and off, alternating, `--repeat` times in this process (narration made and
cached once before any timing, offline voice). Printed per render: the median wall time
without and with signing and their ratio; and, as a second, steadier measure on a shared
machine, the time `sign_output` itself takes on each output file (the whole of what signing
adds) against the unsigned render.

    python bench/bench_provenance.py [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

GOAL = 0.05
FRONT = ("title: Cảnh giác với tin giả trên mạng xã hội\nid: tin-gia\nlang: vi\n"
         "organization: UBND xã Hữu Lũng\nprogram: Bản tin\n")
SENTENCES = ("Thời gian gần đây, trên mạng xã hội xuất hiện nhiều thông tin sai lệch.",
             "Bà con chỉ tin và chia sẻ thông tin từ các trang chính thống của Nhà nước.",
             "Khi thấy tin lạ, hãy hỏi cán bộ thôn, xã trước khi chia sẻ.")


def write_project(root: Path) -> Path:
    """CA, approver, build key, studio.toml; one script approved with the approver's key."""
    from studio.project import Project
    from studio.provenance.keys import new_approver, new_ca
    from studio.script import approve
    (root / "scripts").mkdir(parents=True)
    (root / "assets").mkdir()
    project = Project.at(root)
    new_ca(project, "Sở Thông tin và Truyền thông tỉnh Lạng Sơn")
    approver = new_approver(project, "Nguyễn Văn An", "UBND xã Hữu Lũng")
    new_approver(project, "Máy dựng xã Hữu Lũng", "UBND xã Hữu Lũng")
    body = "".join(f"## Phần {n}\n\n" + " ".join(SENTENCES) + "\n\n" for n in range(1, 4))
    script = root / "scripts" / "tin-gia.md"
    script.write_text(f"---\n{FRONT}---\n\n{body}", encoding="utf-8")
    approve(script, None, None, project, key=approver.key)
    return script


def signing(root: Path, on: bool) -> None:
    """Turn the build key on or off in the project settings."""
    text = '[provenance]\nsigning_key = "keys/may-dung-xa-huu-lung.key"\n' if on else ""
    (root / "studio.toml").write_text(text, encoding="utf-8")


def renders(script_path: Path):
    """The three renders, each a function of its output folder returning the files made."""
    from studio.audio import prepare_audio, render_audio
    from studio.poster import script_posters
    from studio.project import Project
    from studio.script import load
    from studio.speech.voice import Voice
    from studio.video import prepare_video, render_video
    project = Project.at(script_path.parent.parent)
    voice = Voice(offline=True)

    def video(out: Path) -> list[Path]:
        job = prepare_video(load(script_path, project), formats=["vertical"], project=project, out=out,
                            voice=voice)
        return [p for p in render_video(job) if p.suffix == ".mp4"]

    def bulletin(out: Path) -> list[Path]:
        job = prepare_audio([script_path], project=project, out=out, voice=voice)
        return [r.mp3 for r in render_audio(job).results]

    def poster(out: Path) -> list[Path]:
        run = script_posters(load(script_path, project), ["a1"], project=project, out=out,
                             formats=("png", "pdf"))
        return [p for p in run.outputs if not p.name.endswith(".preview.jpg")]
    return {"video": video, "bulletin": bulletin, "A1 poster": poster}


def timed(render, out: Path) -> tuple[float, list[Path]]:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    files = render(out)
    return time.perf_counter() - start, files


def sign_seconds(files: list[Path], script_path: Path, work: Path) -> float:
    """How long `sign_output` takes on copies of the unsigned files."""
    from studio.project import Project
    from studio.provenance import sign_output
    from studio.script import FINAL, claim, load
    script = load(script_path)
    credentials = claim(script, FINAL, Project.at(script_path.parent.parent))
    total = 0.0
    for path in files:
        copy = work / path.name
        shutil.copy(path, copy)
        start = time.perf_counter()
        assert sign_output(copy, credentials)
        total += time.perf_counter() - start
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-provenance-"))
    root = work / "project"
    script = write_project(root)
    jobs = renders(script)
    signing(root, False)
    for render in jobs.values():  # narration cached, fonts and ffmpeg warm
        render(work / "warm")
    print("| render | unsigned (s) | signed (s) | ratio | sign_output (s) | share | goal |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for name, render in jobs.items():
        plain, signed, files = [], [], []
        for _ in range(args.repeat):
            signing(root, False)
            seconds, files = timed(render, work / "plain")
            plain.append(seconds)
            signing(root, True)
            signed.append(timed(render, work / "signed")[0])
        unsigned_s, signed_s = statistics.median(plain), statistics.median(signed)
        signing(root, True)
        alone = sign_seconds(files, script, work)
        share = alone / unsigned_s
        met = share <= GOAL
        ok &= met
        print(f"| {name} | {unsigned_s:.2f} | {signed_s:.2f} | {signed_s / unsigned_s:.3f}× | "
              f"{alone:.3f} | {share:.1%} | ≤ {GOAL:.0%} {'✓' if met else '✗'} |")
    print("\nall goals met" if ok else "\nSOME GOALS MISSED")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
