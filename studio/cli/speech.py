"""`studio speak`, `studio normalize` and `studio voices`."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from studio.cli.options import (draft_option, get_project, json_option, notice, print_paths,
                                project_option, quiet_option, voice_options)

if TYPE_CHECKING:
    from studio.speech.voice import Voice

LANG_CHOICES = click.Choice(["vi", "en", "zh"])


def _is_script(argument: str) -> bool:
    return argument.lower().endswith(".md") and "\n" not in argument


@click.command()
@click.argument("source")
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
              help="Output .mp3/.wav file, or a folder (default: outputs/<id>/).")
@click.option("--lang", type=LANG_CHOICES, default="vi", show_default=True,
              help="Language of TEXT (a script says its own).")
@voice_options
@click.option("--voice", "voice_name", default=None,
              help="A voice of the engine: female or male (edge), an edge ShortName such as "
                   "vi-VN-NamMinhNeural, or an espeak voice such as vi-VN-x-south.")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), default=1.0, show_default=True,
              help="Speaking speed for TEXT.")
@draft_option
@project_option
@json_option
@quiet_option
def speak(source: str, out: Path | None, lang: str, voice: Voice, voice_name: str | None,
          speed: float, draft: bool, project: Path | None, as_json: bool, quiet: bool) -> None:
    """Speak TEXT, or the whole narration of an approved SCRIPT.md, into an MP3.

    Numbers, dates and abbreviations are read in their spoken form. Without a network the
    offline voice is used (one notice says so); a script must be approved, or use --draft.

    \b
    Example:
        studio speak "Kế hoạch số 180/KH-UBND ngày 03/9/2023" -o thong-bao.mp3
        studio speak scripts/ngay-quyen-con-nguoi.md -o ban-tin.mp3 --offline
    """
    from studio.script import FINAL, load
    from studio.speech.speak import output_path, speak_script, speak_text
    from studio.text import slugify

    proj = get_project(project, [source] if _is_script(source) else [])
    say = None if quiet else notice
    if _is_script(source):
        path = speak_script(load(Path(source), proj), out, allow_draft=draft, voice=voice,
                            notice=say, project=proj)
    else:
        target = output_path(out, proj.outputs / "speak", slugify(source)[:40], FINAL)
        path = speak_text(source, target, lang=lang, voice=replace(voice, speed=speed),
                          voice_name=voice_name, notice=say, project=proj)
    print_paths([path], as_json)


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["vi", "en", "zh"]), default="vi", show_default=True)
@project_option
def normalize(text: tuple[str, ...], lang: str, project: Path | None) -> None:
    """Print the spoken form of TEXT on one line ('-' reads standard input).

    Uses the shipped lexicon plus the project's lexicon/<lang>.tsv.

    \b
    Example:
        studio normalize "Kế hoạch số 180/KH-UBND ngày 03/9/2023"
        studio normalize --lang en "Plan 2023 - 2028: 100% of staff"
    """
    words = sys.stdin.read() if text == ("-",) else " ".join(text)
    from studio.speech.normalize import normalize as normalize_text
    click.echo(normalize_text(words, lang, get_project(project).root))


@click.command()
@project_option
@json_option
def voices(project: Path | None, as_json: bool) -> None:
    """List speech engines and voices, and whether each is usable now (≤ 3 s network probe).

    Neural voices are the Piper voice files in the project's voices/ folder.

    \b
    Example:
        studio voices
        studio voices --json
    """
    from studio.speech.engines import list_voices
    rows = list_voices(get_project(project).root)
    if as_json:
        click.echo(json.dumps([r._asdict() for r in rows], ensure_ascii=False, indent=2))
        return
    for r in rows:
        mark = "ok " if r.usable else "NO "
        click.echo(f"{mark} {r.engine:<9} {r.lang:<4} {r.voice:<20} {r.detail}")


COMMANDS = [speak, normalize, voices]
