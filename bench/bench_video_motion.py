"""The `motion` clip of bench/bench_video.py: studio's defaults (gentle motion, crossfades,
the hook) with highlighted captions and a music bed, against one hand-written ffmpeg command
making the same picture from the same photos, soundtrack and pre-rendered text layers."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

PYTHON = sys.executable
STYLE = ["--captions", "highlight"]  # the rest are the defaults


def layer_png(image, path: Path) -> tuple[int, int] | None:
    """Save the non-transparent part of a frame-sized layer; its (x, y), or None if empty."""
    box = image.getchannel("A").getbbox()
    if box is None:
        return None
    image.crop(box).save(path, compress_level=1)
    return box[0], box[1]


def baseline_command(script_path: Path, root: Path, work: Path) -> tuple[list[str], float]:
    """The hand-written baseline: inputs and graph, from the same photos, sound and layers."""
    from studio.ffmpeg import ffmpeg_exe
    from studio.graphics.fonts import spec_for
    from studio.project import Project
    from studio.script import load
    from studio.speech.narrate import narrate
    from studio.speech.voice import Voice
    from studio.video.captions import clip_words, cue_words, word_place
    from studio.video.cues import rules_for
    from studio.video.encode import AUDIO_ARGS, CONTAINER_ARGS, Encoding
    from studio.video.formats import parse_format
    from studio.video.frame import frame_layout
    from studio.video.motion import AMOUNT, XFADE, half_fade, margin_size, pattern, zoompan_filter
    from studio.video.render import music_for, prepare_video, subtitles_for
    from studio.video.soundtrack import make_soundtrack
    from studio.video.stills import Painter, Sources
    from studio.video.timeline import segments

    project = Project.at(root)
    script = load(script_path, project)
    job = prepare_video(script, project=project, style={"captions": "highlight"})
    narration = narrate(script, voice=Voice(offline=True, cache_dir=work / "cache"),
                        project=project)
    timeline = job.timeline(narration)
    fmt, style = parse_format("vertical"), job.style
    rules = rules_for(fmt.line_chars("vi"), "vi")
    subtitles = subtitles_for(narration, timeline, fmt.line_chars("vi"), "vi")
    words = cue_words(subtitles, clip_words(narration, timeline, rules), rules)
    spec = spec_for("vi")
    painter = Painter(script, frame_layout(fmt, spec, "vi", has_logo=True), spec, Sources(),
                      watermark=None)
    segs = segments(timeline, subtitles, fmt.fps,
                    frozenset(s.index for s in script.scenes if s.headline), words)
    bed, tune = music_for(job)
    sound = make_soundtrack([s.wav for s in narration.scenes], timeline, bed, work / "msound",
                            tune)
    half = half_fade(style.fade, fmt.fps)
    amount = AMOUNT[style.motion]
    mw, mh = margin_size(fmt.size, amount)
    inputs: list[str] = []
    chains: list[str] = []
    spans = timeline.spans
    for k, span in enumerate(spans):
        before = half if k > 0 else 0.0
        after = half if k < len(spans) - 1 else 0.0
        seconds = span.duration + before + after
        if span.kind == "scene":
            photo = script.scenes[span.scene].visual
            frames = round(seconds * fmt.fps)
            inputs += ["-i", str(photo)]
            moving = zoompan_filter(pattern(span.scene, amount), frames, fmt.size, fmt.fps_arg)
            chains.append(f"[{k}:v]scale={mw}:{mh}:force_original_aspect_ratio=increase,"
                          f"crop={mw}:{mh},format=yuv420p,{moving},setsar=1[p{k}]")
        else:
            card = work / f"card{k}.png"
            painter.picture(span, None).convert("RGB").save(card)
            inputs += ["-loop", "1", "-framerate", fmt.fps_arg, "-t", f"{seconds:.6f}",
                       "-i", str(card)]
            chains.append(f"[{k}:v]format=yuv420p,setsar=1[p{k}]")
    current, offset = "[p0]", 0.0
    for k in range(1, len(spans)):
        offset += spans[k - 1].duration
        out = f"[x{k}]"
        chains.append(f"{current}[p{k}]xfade=transition={XFADE[style.transition]}:"
                      f"duration={2 * half:.6f}:offset={offset - half:.6f}{out}")
        current = out
    n = len(spans)
    drawn: dict[tuple, tuple[Path, tuple[int, int]] | None] = {}
    for seg in segs:
        if seg.span.kind != "scene":
            continue
        key = (seg.span.scene, seg.cue, seg.titled, seg.entering, seg.word)
        if key not in drawn:
            cue = subtitles.cues[seg.cue] if seg.cue is not None else None
            lines = cue.lines if cue is not None else None
            place = word_place(lines, words[seg.cue], seg.word) if lines and seg.word is not None \
                else None
            layer = painter.picture(seg.span, cue, transparent=True, titled=seg.titled,
                                    entering=seg.entering, highlight=place)
            path = work / f"layer{len(drawn):04d}.png"
            at = layer_png(layer, path)
            drawn[key] = (path, at) if at else None
        if drawn[key] is None:
            continue
        path, (x, y) = drawn[key]
        inputs += ["-itsoffset", f"{seg.start:.6f}", "-loop", "1", "-framerate", fmt.fps_arg,
                   "-t", f"{seg.duration:.6f}", "-i", str(path)]
        out = f"[o{n}]"
        chains.append(f"{current}[{n}:v]overlay={x}:{y}:eof_action=pass:"
                      f"enable='between(t,{seg.start:.4f},{seg.end:.4f})'{out}")
        current, n = out, n + 1
    chains.append(f"{current}format=yuv420p[v]")
    graph = work / "graph.txt"
    graph.write_text(";\n".join(chains), encoding="utf-8")
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *inputs,
           "-i", str(sound.path), "-/filter_complex", str(graph), "-map", "[v]",
           "-map", f"{n}:a", *Encoding().video_args(fmt), *AUDIO_ARGS,
           "-t", f"{timeline.total:.6f}", *CONTAINER_ARGS, str(work / "baseline.mp4")]
    return cmd, timeline.total


def compare_motion(script: Path, root: Path, work_root: Path, cache: Path, repeat: int,
                   measured, best_rows, verdict) -> None:
    """Time studio's motion clip and its baseline, interleaved; print the table."""
    out = work_root / "out-motion"
    studio_cmd = [PYTHON, "-m", "studio", "video", str(script), "--offline", "--quiet",
                  "--cache-dir", str(cache), "-o", str(out), "--project", str(root),
                  "--bed", "calm", *STYLE]
    base = work_root / "baseline-motion"
    base.mkdir(exist_ok=True)
    shutil.copytree(cache, base / "cache", dirs_exist_ok=True)
    baseline_cmd, total = baseline_command(script, root, base)
    studio_runs, baseline_runs = [], []
    for _ in range(repeat):
        baseline_runs.append(measured(baseline_cmd, cwd=base))
        studio_runs.append(measured(studio_cmd))
    layers = len(list(base.glob("layer*.png")))
    print(f"motion clip: {total:.1f} s, 1080x1920 30 fps, six photo scenes, gentle motion, "
          f"crossfades, hook, highlighted captions ({layers} text layers), music bed; "
          f"{os.cpu_count()} cores; {repeat} interleaved runs")
    best_rows({"baseline ffmpeg": baseline_runs, "studio video": studio_runs})
    print(verdict(studio_runs, baseline_runs))
