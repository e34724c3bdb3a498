"""`studio speak`: a text or a whole approved script's narration into one MP3 (or WAV)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studio.errors import OutputError
from studio.ffmpeg import run_ffmpeg
from studio.fsutil import atomic_output
from studio.project import Project
from studio.script import Release, Script, gate
from studio.speech.model import Narration
from studio.speech.narrate import narrate, narrate_text
from studio.speech.voice import Voice
from studio.speech.wav import Audio, concat, read_wav, silence
from studio.text import slugify

SCENE_GAP = 0.7  # seconds between scenes (loudspeaker practice)
MP3_RATE = 44100
MP3_KBPS = 64
FORMATS = (".mp3", ".wav")


def join_scenes(narration: Narration, gap: float = SCENE_GAP) -> Audio:
    """The scenes' WAVs one after another, `gap` seconds of silence between them."""
    parts: list[Audio] = []
    for i, scene in enumerate(narration.scenes):
        if i:
            parts.append(silence(gap))
        parts.append(read_wav(scene.wav))
    return concat(parts)


def export_audio(audio: Audio, target: str | Path, *, title: str | None = None,
                 comment: str | None = None) -> Path:
    """Write `audio` as MP3 (libmp3lame, mono, ID3v2.3 tags) or WAV, by the target's suffix,
    atomically: a failed export leaves no file and any earlier one untouched."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"cannot write '{suffix or target.name}' audio", file=target,
                          hint="name the output .mp3 or .wav")
    codec = (["-c:a", "libmp3lame", "-b:a", f"{MP3_KBPS}k", "-ar", str(MP3_RATE),
              "-id3v2_version", "3", "-write_xing", "1"] if suffix == ".mp3"
             else ["-c:a", "pcm_s16le"])
    tags = [arg for key, value in (("title", title), ("comment", comment)) if value
            for arg in ("-metadata", f"{key}={value}")]
    with atomic_output(target) as tmp:
        run_ffmpeg(["-f", "s16le", "-ar", str(audio.rate), "-ac", "1", "-i", "pipe:0",
                    "-ac", "1", *codec, *tags, "-f", suffix.lstrip("."), tmp],
                   what=f"writing {target.name}", timeout=300,
                   input_bytes=audio.samples.astype("<i2").tobytes())
    return target


def output_path(out: str | Path | None, default_dir: Path, stem: str, release: Release) -> Path:
    """Where to write: `out` if it names a .mp3/.wav file, else `<out or default_dir>/<stem>.mp3`;
    a draft always carries '-draft' in its name."""
    out = Path(out) if out is not None else None
    if out is not None and not out.is_dir() and out.suffix:
        if out.suffix.lower() not in FORMATS:
            raise OutputError(f"cannot write '{out.suffix}' audio", file=out,
                              hint="name the output .mp3 or .wav, or give a folder")
        path = out
    else:
        path = (out or default_dir) / f"{stem}.mp3"
    if release.draft and not path.stem.endswith(release.suffix):
        path = path.with_name(release.name(path.stem, path.suffix))
    return path


def speak_text(text: str, out: str | Path, *, lang: str = "vi", voice: Voice = Voice(),
               voice_name: str | None = None, notice: Callable[[str], None] | None = None,
               project: Project | None = None) -> Path:
    """Speak `text` into the audio file `out` (spoken form, sentence by sentence, cached)."""
    scene = narrate_text(text, lang=lang, voice=voice, voice_name=voice_name, notice=notice,
                         project=project)
    target = Path(out)
    with (project or Project.at()).locked(target.parent, what="studio speak"):
        return export_audio(read_wav(scene.wav), target, title=text[:80],
                            comment=f"voice: {scene.voice}")


def speak_script(script: Script, out: str | Path | None = None, *, allow_draft: bool = False,
                 voice: Voice = Voice(), notice: Callable[[str], None] | None = None,
                 project: Project | None = None) -> Path:
    """The whole narration of `script`, through the approval gate, as one file (a draft is
    marked in its name and title)."""
    release = gate(script, allow_draft=allow_draft)
    project = project or Project.at()
    target = output_path(out, project.output_dir(script.id), f"{slugify(script.id)}-narration",
                         release)
    narration = narrate(script, voice=voice, notice=notice, project=project)
    title = script.title + (f" ({release.watermark})" if release.watermark else "")
    with project.locked(target.parent, what="studio speak"):
        return export_audio(join_scenes(narration), target, title=title,
                            comment=f"{script.checksum}; voice: {narration.voice}")
