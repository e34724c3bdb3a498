"""`studio doctor`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from studio.cli.options import get_project, json_option, project_option
from studio.doctor import diagnose, is_healthy


@click.command()
@click.option("--no-network", is_flag=True, help="Skip the online-voice network probe.")
@project_option
@json_option
def doctor(no_network: bool, project: Path | None, as_json: bool) -> None:
    """Check this machine: ffmpeg, Pillow/raqm, fonts, voices, network, outputs folder.

    Exits 1 if something studio needs is missing (network and the online voice are optional).

    \b
    Example:
        studio doctor
    """
    findings = diagnose(get_project(project), network=not no_network)
    if as_json:
        click.echo(json.dumps([f.__dict__ for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            click.echo(f"{'ok ' if f.ok else 'NO '} {f.name:<12} {f.detail}")
    if not is_healthy(findings):
        raise SystemExit(1)


COMMANDS = [doctor]
