"""Benchmark: `studio programme` of 10 cached bulletins against a two-pass ffmpeg loudnorm of
their concatenation.

Ten approved scripts of about a minute each (three priorities, the same morning slot),
narrated offline into the cache before timing.

* baseline — the ten bulletins as studio assembles them (untimed), concatenated into one
             WAV, then what an operator could do by hand: `loudnorm` pass one to measure,
             pass two in linear mode, encoded to the loudspeaker MP3.
* studio   — `studio programme DATE --slot 06:00 --offline` as a fresh process: load and
             check the scripts, narration and openings from the cache, assembly with the
             station identification, tunes, attention signals and readings, mastering once
             as a whole, ID3 chapters, transcript and report.

Runs alternate `--repeat` times; the ratio of the medians is printed. Goal (issue 16): ≤ 0.5×.

    python bench/bench_audio_programme.py [--bulletins 10] [--minutes 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_audio import SENTENCES, report, run_baseline, timed  # noqa: E402

from studio.speech.voice import Voice  # noqa: E402

GOAL = 0.5
DAY = dt.date(2026, 12, 7)
PRIORITIES = ("khan-cap", "uu-tien", "thuong", "thuong", "uu-tien", "thuong", "thuong",
              "thuong", "uu-tien", "thuong")


def write_project(root: Path, count: int, minutes: float) -> list[Path]:
    """A project with `count` approved scripts of about `minutes` each, all airing at 06:00."""
    from studio.project import Project
    from studio.script import approve

    (root / "scripts").mkdir(parents=True)
    (root / "assets").mkdir()
    paths = []
    for n in range(count):
        scenes, words, i = [], 0, n
        while words < minutes * 60 * 3.9:
            lines = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)]
            scenes.append(f"## Phần {len(scenes) + 1}\n\n" + " ".join(lines) + "\n")
            words += sum(len(line.split()) for line in lines)
            i += 2
        path = root / "scripts" / f"ban-tin-{n + 1:02d}.md"
        path.write_text(
            f"---\ntitle: Bản tin số {n + 1}\nlang: vi\npriority: {PRIORITIES[n % 10]}\n"
            "organization: UBND xã Tân Thành\ndate: 2026-12-07\nbroadcast:\n"
            "  from: 2026-12-07\n  until: 2026-12-13\n  slots: [\"06:00\"]\n  repeats: 1\n"
            "---\n" + "\n".join(scenes), encoding="utf-8")
        approve(path, "Chủ tịch UBND xã", dt.date(2026, 12, 6), Project.at(root))
        paths.append(path)
    return paths


def prepare(root: Path, cache: Path) -> Path:
    """Narrate into the cache (untimed) and write the concatenation for the baseline."""
    from studio.audio.programme import bulletin_audio, prepare_programme
    from studio.project import Project
    from studio.speech.wav import concat, write_wav

    job = prepare_programme(DAY, "06:00", project=Project.at(root),
                            voice=Voice(offline=True, cache_dir=cache))
    parts = [bulletin_audio(s, r, job, 22050, None)[0] for s, r in job.items]
    wav = root / "concatenated.wav"
    write_wav(wav, concat(parts, parts[0].rate))
    return wav


def run_studio(root: Path, cache: Path, out: Path) -> None:
    """`studio programme` as a user runs it (a fresh process: imports included)."""
    env = {**os.environ, "STUDIO_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-m", "studio", "programme", DAY.isoformat(), "--slot",
                    "06:00", "--offline", "--project", str(root), "-o", str(out), "-q"],
                   check=True, env=env, capture_output=True)


def main() -> None:
    """Build the bulletins, time both ways alternately, print the ratio of the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletins", type=int, default=10)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="keep the work folder here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-programme-"))
    root, cache = work / "project", work / "cache"
    write_project(root, args.bulletins, args.minutes)
    wav = prepare(root, cache)
    os.environ["STUDIO_CACHE_DIR"] = str(cache)
    seconds = (wav.stat().st_size - 44) / 2 / 22050
    print(f"programme: {args.bulletins} bulletins, {seconds / 60:.1f} min concatenated")
    base, ours = [], []
    for i in range(args.repeat):
        base.append(timed(run_baseline, wav, work / "baseline.mp3"))
        ours.append(timed(run_studio, root, cache, work / "programme"))
        print(f"run {i + 1}: baseline {base[-1][0]:.2f} s ({base[-1][1]:.2f} s CPU), "
              f"studio programme {ours[-1][0]:.2f} s ({ours[-1][1]:.2f} s CPU)")
    report(base, ours, "studio programme", work / "baseline.mp3",
           next((work / "programme").glob("*.mp3")), GOAL)


if __name__ == "__main__":
    main()
