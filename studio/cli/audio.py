"""`studio audio`: loudspeaker bulletins (a thin layer over studio.audio.render_bulletins)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from studio.audio.profiles import DEFAULT_PROFILE, PROFILES
from studio.cli.options import (draft_option, expand_globs, get_project, json_option, notice,
                                out_option, print_paths, project_option, quiet_option,
                                voice_options)
from studio.cli.programme import feed_base_option, programme

if TYPE_CHECKING:
    from studio.speech.voice import Voice


@click.command()
@click.argument("scripts", nargs=-1, required=True)
@click.option("--profile", type=click.Choice(list(PROFILES)), default=DEFAULT_PROFILE,
              show_default=True,
              help="loudspeaker: MP3 64 kbps, −18 LUFS; broadcast: EBU R128 −23 LUFS, WAV + "
                   "MP3 128 kbps; lowband: 24 kHz, 32 kbps.")
@click.option("--repeat", type=click.IntRange(1, 9), default=None,
              help="Read the bulletin N times, with a short gap (default: the script's "
                   "broadcast repeats, else 3 for khan-cap, 1 otherwise).")
@click.option("--jingles/--no-jingles", default=True, show_default=True,
              help="Opening and closing signature tunes (assets/jingles/ or built-in).")
@click.option("--opening", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your own opening tune (audio file).")
@click.option("--closing", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your own closing tune (audio file).")
@click.option("--music", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Music bed under the voice, ducked while it speaks (default: the "
                   "script's music:).")
@click.option("--no-music", is_flag=True, help="No music bed, even if the script names one.")
@click.option("--wav/--no-wav", "wav_master", default=None,
              help="Also write the WAV master (PCM 16-bit 48 kHz mono); broadcast: on.")
@feed_base_option
@voice_options
@project_option
@out_option
@draft_option
@json_option
@quiet_option
def audio(scripts: tuple[str, ...], profile: str, repeat: int, jingles: bool,
          opening: Path | None, closing: Path | None, music: Path | None, no_music: bool,
          wav_master: bool | None, feed_base: str, voice: Voice, project: Path | None,
          out: Path | None, draft: bool, as_json: bool, quiet: bool) -> None:
    """Make loudspeaker bulletins from approved SCRIPTS: MP3 (CBR, mono), ID3 tags, a JSON
    report, a transcript and a waveform picture each; then the outputs folder's ordered
    playlist (.m3u8), air-slot calendar (.ics) and podcast feeds (one per area too).

    Loudness and true peak are measured again after encoding; a file off its profile is
    never kept. Scripts in tay, nun, hmn or dao need a recording for every scene.

    \b
    Example:
        studio audio scripts/ngay-quyen-con-nguoi.md
        studio audio scripts/*.md --repeat 2 --offline
        studio audio scripts/thong-bao.md --profile broadcast --no-jingles --draft
    """
    from studio.audio.render import prepare_audio, render_audio

    say = None if quiet else notice
    paths = expand_globs(scripts)
    proj = get_project(project, paths)
    job = prepare_audio(paths, project=proj, out=out, profile=profile,
                        repeat=repeat, jingles=(opening or jingles, closing or jingles),
                        music=False if no_music else music, wav_master=wav_master,
                        allow_draft=draft, voice=voice, base_url=feed_base)
    done = render_audio(job, notice=say)
    extra = {"bulletins": [{"file": str(r.mp3), "duration_ms": r.duration_ms,
                            "integrated_lufs": r.loudness.integrated_lufs,
                            "true_peak_dbtp": r.loudness.true_peak_dbtp,
                            "warnings": list(r.warnings)} for r in done.results]}
    print_paths(done.paths, as_json, extra)


COMMANDS = [audio, programme]
