"""moviepy interop (`pip install "studio[moviepy]"`): a prepared video job as a moviepy clip,
for a Python user who wants to compose further in moviepy — the same stills (subtitles,
headlines, logo and draft mark drawn in), the same timings and the same mastered soundtrack
that `render_video` encodes.

studio's own renderer does not go through moviepy: one ffmpeg pass over the stills is
1.8–14× faster (docs/performance.md). This is the bridge, not the engine.

It builds still pictures with cuts only: a job with motion on photos or transitions between
scenes (the defaults of `studio video`) is refused with the settings to change
(`style={"motion": "none", "transition": "cut"}`), so the clip is always the picture the
MP4 of the same job shows.
"""

from __future__ import annotations

from pathlib import Path

from studio.errors import StudioError, setting
from studio.speech.model import Narration
from studio.text import plural
from studio.video.render import Notice, VideoJob, draw_format, get_narration, music_for
from studio.video.soundtrack import make_soundtrack
from studio.video.runs import Run
from studio.video.stills import Sources

EXTRA = "moviepy"


def _moviepy():
    """The moviepy module, or one line saying which extra brings it."""
    try:
        import moviepy
    except ImportError:
        raise StudioError("moviepy is not installed",
                          hint=f'install the extra: pip install "studio[{EXTRA}]"') from None
    return moviepy


def require_stills(job: VideoJob) -> None:
    """Refuse a job whose picture moves (motion, transitions): the bridge builds stills only."""
    style = job.style
    if style.motion != "none" or style.transition != "cut":
        raise StudioError("the moviepy bridge makes still pictures with cuts only",
                          hint=f"prepare the job with {setting('motion')} none and "
                               f"{setting('transition')} cut")


def run_clip(run: Run, size: tuple[int, int], fps: float):
    """One run as a clip: its stills one after another, or its text layers and caption band
    over the scene's video, looped and cropped to fill the frame as the encoder does."""
    mp = _moviepy()
    stills = [mp.ImageClip(str(still.path), duration=still.duration) for still in run.stills]
    pictures = mp.concatenate_videoclips(stills) if len(stills) > 1 else stills[0]
    if run.video is None:
        return pictures
    width, height = size
    movie = mp.VideoFileClip(str(run.video), audio=False)
    scale = max(width / movie.w, height / movie.h)
    movie = movie.resized(scale).cropped(x_center=movie.w * scale / 2,
                                         y_center=movie.h * scale / 2,
                                         width=width, height=height)
    movie = movie.with_effects([mp.vfx.Loop(duration=run.duration)]).with_fps(fps)
    layers = [movie, pictures.with_position(run.at)]
    if run.captions is not None:
        bands = [mp.ImageClip(str(s.path), duration=s.duration) for s in run.captions.stills]
        band = mp.concatenate_videoclips(bands) if len(bands) > 1 else bands[0]
        layers.append(band.with_position(run.captions.at))
    return mp.CompositeVideoClip(layers, size=size)


def to_moviepy(job: VideoJob, work: str | Path, *, narration: Narration | None = None,
               format_index: int = 0, notice: Notice | None = None):
    """The job's first (or `format_index`-th) format as a moviepy VideoClip with its
    soundtrack. The stills and the sound are written into the folder `work`, which must
    outlive the clip (moviepy reads them lazily)."""
    mp = _moviepy()
    if not 0 <= format_index < len(job.formats):
        raise StudioError(f"the job has {plural(len(job.formats), 'format')}, "
                          f"not {format_index + 1}",
                          hint="pass a format index the job has")
    require_stills(job)
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    fmt = job.formats[format_index]
    narration = get_narration(job, narration, notice)
    timeline = job.timeline(narration)
    bed, tune = music_for(job)
    soundtrack = make_soundtrack([s.wav for s in narration.scenes], timeline, bed,
                                 work / "sound", tune)
    drawn = draw_format(job.script, fmt, release=job.release, narration=narration,
                        timeline=timeline, sources=Sources([fmt.size]),
                        folder=work / fmt.name, style=job.style,
                        known_words=job.words)
    clips = [run_clip(run, fmt.size, fmt.fps) for run in drawn.runs]
    video = mp.concatenate_videoclips(clips) if len(clips) > 1 else clips[0]
    audio = mp.AudioFileClip(str(soundtrack.path))
    return video.with_audio(audio).with_duration(soundtrack.duration).with_fps(fmt.fps)
