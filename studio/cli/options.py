"""Options shared by several commands, as decorators (like sqlite-utils)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path

import click

from studio.project import Project


# How the command line names the library's settings in error messages (studio.errors.setting).
SETTING_FLAGS = {
    "allow_draft": "--draft", "draft": "--draft", "approve": "studio approve SCRIPT --by NAME",
    "by": "--by", "offline": "--offline", "engine": "--engine", "lang": "--lang",
    "repeat": "--repeat", "jingles": "--no-jingles", "scale": "--scale", "formats": "--format",
    "set": "--set", "force": "--force", "debug": "studio --debug",
    "motion": "--motion", "transition": "--transition", "opening": "--opening",
    "closing": "--closing", "headings": "--headings", "captions": "--captions",
    "caption_position": "--caption-position", "caption_background": "--caption-background",
    "bed": "--bed", "signature": "--signature", "speaker_names": "--speaker-names",
    "voice_name": "--voice",
    "approval_key": "studio approve SCRIPT --key KEY", "ca_key": "--ca-key",
    "passphrase": "STUDIO_KEY_PASSPHRASE",
    "base_url": "--feed-base", "slot": "--slot", "day": "DATE",
    "only": "--only",
}


def existing_folder(ctx: click.Context, param: click.Parameter, value: Path | None
                    ) -> Path | None:
    """`--project DIR` only if DIR is a folder: a mistyped one must not quietly become an
    empty project (with no scripts, and outputs written somewhere unexpected)."""
    if value is None or value.is_dir():
        return value
    from studio.errors import StudioError
    what = "is a file, not a folder" if value.exists() else "not found"
    raise StudioError(f"project folder {what}", file=value,
                      hint="check the path, or leave out --project to use the current folder")


def project_option(fn):
    """`--project DIR`: the project root (default: the working directory)."""
    return click.option("--project", "project", type=click.Path(path_type=Path),
                        callback=existing_folder, default=None,
                        help="Project folder (default: current folder).")(fn)


def out_option(fn):
    """`-o/--out`: output folder or file."""
    return click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
                        help="Output folder (default: outputs/<id>/).")(fn)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(fn)


def draft_option(fn):
    return click.option("--draft", is_flag=True,
                        help="Render an unapproved script, marked as a draft.")(fn)


def quiet_option(fn):
    return click.option("-q", "--quiet", is_flag=True, help="Print only the paths written.")(fn)


def voice_options(fn):
    """`--engine`, `--offline`, `--cache-dir`: how narration is made, for every command that
    speaks (speak, audio, video, build), handed to the command as one `voice` value."""
    from studio.script.model import ENGINES

    @functools.wraps(fn)
    def with_voice(*args, engine: str | None, offline: bool, cache_dir: Path | None, **kwargs):
        from studio.speech.voice import Voice
        return fn(*args, voice=Voice(engine=engine, offline=offline, cache_dir=cache_dir),
                  **kwargs)

    with_voice = click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                              default=None, help="Speech cache folder (default: "
                                                 "$STUDIO_CACHE_DIR or the user cache).")(with_voice)
    with_voice = click.option("--offline", is_flag=True,
                              help="Use the offline voice (espeak-ng); no network.")(with_voice)
    return click.option("--engine", type=click.Choice(ENGINES), default=None,
                        help="Voice engine (default: the script's voice.engine, else auto)."
                        )(with_voice)


def expand_globs(items: Iterable[str]) -> list[Path]:
    """Arguments as paths, glob patterns expanded in order (Windows shells do not expand
    `scripts/*.md`); a pattern matching nothing is one clear error."""
    import glob

    from studio.errors import StudioError
    paths: list[Path] = []
    for item in items:
        if any(ch in item for ch in "*?[") and not Path(item).exists():
            matches = sorted(glob.glob(item))
            if not matches:
                raise StudioError("no script matches this pattern", file=item,
                                  hint="check the folder and the pattern")
            paths.extend(Path(m) for m in matches)
        else:
            paths.append(Path(item))
    return paths


def get_project(project: Path | None, scripts: Iterable[str | Path] = ()) -> Project:
    """`--project DIR` if given, else the project the first script (or folder) named belongs
    to, else the one the working directory is in (see Project.for_script)."""
    if project is not None:
        return Project.at(project)
    return Project.for_script(next(iter(scripts), None))


def print_paths(paths: Iterable[Path], as_json: bool, extra: dict | None = None) -> None:
    """Every render command prints the paths it wrote, one per line (or JSON)."""
    paths = [str(p) for p in paths]
    if as_json:
        click.echo(json.dumps({"outputs": paths, **(extra or {})}, ensure_ascii=False, indent=2))
    else:
        for p in paths:
            click.echo(p)


def notice(message: str) -> None:
    """One line for the user on stderr (notices never mix with printed paths)."""
    click.echo(message, err=True)
