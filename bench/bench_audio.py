"""Benchmark: `studio audio` on a 10-minute bulletin against a two-pass ffmpeg loudnorm.

The bulletin: ~10 minutes of Vietnamese narration (espeak, offline), cached before timing.

* baseline — what an operator could do by hand with ffmpeg on the same assembled WAV
             (studio's own assembly, untimed): `loudnorm` pass one to measure, pass two in
             linear mode with the measured values, encoded to the loudspeaker MP3 (64 kbps
             CBR, mono, 44.1 kHz).
* studio   — `studio audio SCRIPT --offline` as a fresh process: load and gate the script,
             narration from the cache, assembly with the signature tunes, band filters, phase
             rotation, compression, gain, limiter, encode, re-measure, ID3 tags, JSON report
             and waveform picture.

* floor    — only the ffmpeg passes studio cannot do without, on the same assembled WAV,
             with the chains and settings studio would use (found untimed): shaping measured
             on its way out, then the encode with the post-encode check inside it (a loopback
             decoder of the MP3 through ebur128 with true peak, decoded to 16-bit samples in
             a scratch file, as studio reads them). Everything else studio does — Python,
             the narration cache, assembly, the waveform picture, tags — costs on top of it.

Runs alternate `--repeat` times; the ratios of the medians are printed — wall time, and CPU
time (user + sys of every process of a run: steadier on a shared, loaded machine) — with
each output's loudness and true peak measured after encoding. Goal (issue 16): ≤ 0.35× (was ≤ 1.5×,
issue 4). The floor is one measuring pass, one encode and the post-encode check: studio's
shaping pass measures on its way out, the band level is computed in numpy, and the check —
run inside the encode, on the second core — feeds the waveform picture too.

    python bench/bench_audio.py [--minutes 10] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from studio.ffmpeg import ffmpeg_exe
from studio.speech.voice import Voice

GOAL = 0.35
SENTENCES = [
    "Ngày 10 tháng 12 hằng năm là Ngày Quyền con người thế giới.",
    "Năm nay, tỉnh Lạng Sơn tiếp tục tuyên truyền về quyền con người đến mọi người dân.",
    "Việt Nam là thành viên của bảy công ước quốc tế cơ bản về quyền con người.",
    "Nhà nước luôn tôn trọng, bảo vệ và bảo đảm quyền con người, quyền công dân.",
    "Mọi trẻ em đều có quyền được học tập, vui chơi và được bảo vệ.",
    "Phụ nữ và nam giới bình đẳng trong học tập, lao động và công việc của cộng đồng.",
    "Người cao tuổi được chăm sóc sức khỏe và được tôn trọng.",
    "Đề nghị bà con đưa trẻ đến trạm y tế xã đúng giờ để tiêm chủng.",
    "Mỗi người dân hãy tìm hiểu, chia sẻ thông tin chính thống.",
    "Cùng nhau xây dựng quê hương ngày càng giàu đẹp, văn minh.",
]


def write_project(root: Path, minutes: float) -> Path:
    """A project with one approved script of about `minutes` of narration."""
    from studio.project import Project
    from studio.script import approve

    scenes, words, i = [], 0, 0
    target_words = minutes * 60 * 3.9  # espeak reads ~3.9 syllables (words) a second here
    while words < target_words:
        lines = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(4)]
        scenes.append(f"## Phần {len(scenes) + 1}\n\n" + " ".join(lines) + "\n")
        words += sum(len(line.split()) for line in lines)
        i += 3
    (root / "scripts").mkdir(parents=True)
    path = root / "scripts" / "ban-tin-dai.md"
    path.write_text("---\ntitle: Bản tin quyền con người\nid: ban-tin-dai\nlang: vi\n"
                    "organization: UBND xã Tân Thành\nprogram: Bản tin\ndate: 2026-12-10\n"
                    "---\n" + "\n".join(scenes), encoding="utf-8")
    approve(path, "Chủ tịch UBND xã", dt.date(2026, 12, 9), Project.at(root))
    return path


def prepare(root: Path, script_path: Path, cache: Path) -> Path:
    """Narrate into the cache (untimed) and write studio's assembled WAV for the baseline."""
    from studio.audio.render import AudioOptions, jingle_files, plan_for
    from studio.audio.assemble import assemble
    from studio.speech.wav import write_wav
    from studio.project import Project
    from studio.script import FINAL, load
    from studio.speech.narrate import narrate

    project = Project.at(root)
    script = load(script_path, project)
    narration = narrate(script, voice=Voice(offline=True, cache_dir=cache), project=project)
    opening, closing = jingle_files(project)
    plan = plan_for(script, narration, FINAL, AudioOptions(opening=opening, closing=closing))
    wav = root / "assembled.wav"
    write_wav(wav, assemble(plan))
    return wav


def children_cpu() -> float:
    """User + sys seconds of every finished child process (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(run, *args) -> tuple[float, float]:
    """(wall, CPU) seconds of `run(*args)`, CPU being its child processes'."""
    cpu, start = children_cpu(), time.perf_counter()
    run(*args)
    return time.perf_counter() - start, children_cpu() - cpu


def ffmpeg(*args: str) -> str:
    """Run ffmpeg; return its log."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args],
                          capture_output=True, check=True)
    return proc.stderr.decode("utf-8", "replace")


def run_baseline(wav: Path, out: Path) -> None:
    """Two-pass loudnorm to −18 LUFS / −2 dBTP, encoded as the loudspeaker MP3."""
    log = ffmpeg("-i", str(wav), "-af", "loudnorm=I=-18:TP=-2:LRA=11:print_format=json",
                 "-f", "null", "-")
    m = json.loads(log[log.rindex("{"):log.rindex("}") + 1])
    second = (f"loudnorm=I=-18:TP=-2:LRA=11:measured_I={m['input_i']}:"
              f"measured_TP={m['input_tp']}:measured_LRA={m['input_lra']}:"
              f"measured_thresh={m['input_thresh']}:offset={m['target_offset']}:linear=true,"
              "aresample=44100")
    ffmpeg("-i", str(wav), "-af", second, "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k",
           str(out))


def run_studio(root: Path, script_path: Path, cache: Path, out: Path) -> None:
    """`studio audio` as a user runs it (a fresh process: imports included)."""
    env = {**os.environ, "STUDIO_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-m", "studio", "audio", str(script_path), "--offline",
                    "--project", str(root), "-o", str(out), "-q"], check=True, env=env,
                   capture_output=True)


def floor_commands(wav: Path, work: Path) -> list[list[str]]:
    """The floor's ffmpeg commands (shaping; the encode with its check), studio's own."""
    import wave

    import numpy as np

    from studio.audio.master import (band_level_db, finish_args, first_settings, shape_chain,
                                     shape_meter)
    from studio.audio.profiles import get_profile
    from studio.media import measure_loudness

    profile = get_profile("loudspeaker")
    with wave.open(str(wav), "rb") as w:
        rate, samples = w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), "<i2")
    chain = shape_chain(profile, band_level_db(samples, rate, profile))
    shaped, mp3 = work / "floor-shaped.wav", work / "floor.mp3"
    first = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-i", str(wav), "-af",
             f"{chain},{shape_meter()}", "-c:a", "pcm_f32le", str(shaped)]
    subprocess.run(first, check=True, capture_output=True)  # untimed: the settings
    settings = first_settings(measure_loudness(shaped), profile)
    return [first, [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y",
                    *finish_args(shaped, profile, settings, mp3, None,
                                 checked=work / "floor-checked.s16")]]


def run_floor(commands: list[list[str]]) -> None:
    """The floor's passes, one after the other."""
    for cmd in commands:
        subprocess.run(cmd, check=True, capture_output=True)


def report(base: list[tuple[float, float]], ours: list[tuple[float, float]], name: str,
           base_mp3: Path, our_mp3: Path, goal: float) -> None:
    """The medians, both ratios and the outputs' loudness; the goal is judged on wall time."""
    wall = statistics.median(o[0] for o in ours) / statistics.median(b[0] for b in base)
    cpu = statistics.median(o[1] for o in ours) / statistics.median(b[1] for b in base)
    print(f"baseline (2-pass loudnorm + MP3): median {statistics.median(b[0] for b in base):.2f}"
          f" s wall, {statistics.median(b[1] for b in base):.2f} s CPU → {measure(base_mp3)}")
    print(f"{name}: median {statistics.median(o[0] for o in ours):.2f} s wall, "
          f"{statistics.median(o[1] for o in ours):.2f} s CPU → {measure(our_mp3)}")
    print(f"ratio: {wall:.2f}× wall, {cpu:.2f}× CPU (goal ≤ {goal}×) "
          f"{'✓' if wall <= goal else '✗'}")


def measure(path: Path) -> str:
    """Integrated loudness and true peak of an output, as one line."""
    log = ffmpeg("-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-")
    summary = log[log.rindex("Summary:"):]
    lufs = summary.split("I:")[1].split("LUFS")[0].strip()
    peak = summary.split("Peak:")[1].split("dBFS")[0].strip()
    return f"{lufs} LUFS, {peak} dBTP"


def main() -> None:
    """Build the bulletin, time both ways alternately, print the ratio of the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="keep the work folder here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-audio-"))
    root, cache = work / "project", work / "cache"
    script = write_project(root, args.minutes)
    wav = prepare(root, script, cache)
    seconds = (wav.stat().st_size - 44) / 2 / 24000
    print(f"bulletin: {seconds / 60:.1f} min assembled ({wav.stat().st_size / 1e6:.0f} MB WAV)")
    floor_cmds = floor_commands(wav, work)
    base, ours, floor = [], [], []
    for i in range(args.repeat):
        base.append(timed(run_baseline, wav, work / "baseline.mp3"))
        ours.append(timed(run_studio, root, script, cache, work / "studio"))
        floor.append(timed(run_floor, floor_cmds))
        print(f"run {i + 1}: baseline {base[-1][0]:.2f} s ({base[-1][1]:.2f} s CPU), "
              f"studio audio {ours[-1][0]:.2f} s ({ours[-1][1]:.2f} s CPU), "
              f"floor {floor[-1][0]:.2f} s ({floor[-1][1]:.2f} s CPU)")
    report(base, ours, "studio audio", work / "baseline.mp3",
           next((work / "studio").glob("*.mp3")), GOAL)
    def median(runs, which):
        return statistics.median(r[which] for r in runs)
    print(f"floor ÷ baseline: {median(floor, 0) / median(base, 0):.2f}× wall, "
          f"{median(floor, 1) / median(base, 1):.2f}× CPU; studio ÷ floor: "
          f"{median(ours, 0) / median(floor, 0):.2f}× wall, "
          f"{median(ours, 1) / median(floor, 1):.2f}× CPU")


if __name__ == "__main__":
    main()
