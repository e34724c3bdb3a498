"""`studio check` and `studio approve`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from studio.cli.options import SETTING_FLAGS, get_project, json_option, project_option
from studio.errors import StudioError
from studio.script import approve as approve_script
from studio.script.approval import signed_by
from studio.check import check as check_scripts
from studio.text import plural


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True,
              help="A draft or stale script is an error too (exit 2), e.g. in CI.")
@project_option
@json_option
def check(paths: tuple[Path, ...], strict: bool, project: Path | None, as_json: bool) -> None:
    """Check scripts: status (approved, draft, stale), scenes, length, errors and warnings.

    PATHS are script files or folders (default: the project's scripts/). The project is the
    folder above them holding scripts/ and assets/ (or --project). Exits 2 if any script has
    an error, and with --strict also if any is a draft or stale.

    \b
    Example:
        studio check scripts/
        studio check scripts/ngay-quyen-con-nguoi.md --json
        studio check --strict
    """
    proj = get_project(project, paths)
    results = check_scripts(paths or [proj.root / "scripts"], proj, strict=strict)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            s = r.script
            if s:
                who = f" by {s.approval.by}" if s.status == "approved" and s.approval else ""
                if who and (signed := signed_by(s, proj)):
                    who += f", signed with {signed}"
                click.echo(f"{r.path}: {r.status}{who} — {plural(len(s.scenes), 'scene')}, "
                           f"~{s.estimated_seconds():.0f} s, lang {s.lang}")
            for w in r.warnings:
                click.echo(f"warning: {r.path}: {w}", err=True)
            for problem in r.problems:
                click.echo(f"error: {problem.describe(SETTING_FLAGS)}", err=True)
        if not results:
            click.echo("no scripts found", err=True)
    if any(r.errors for r in results):
        raise SystemExit(2)


@click.command()
@click.argument("script", type=click.Path(path_type=Path))
@click.option("--by", default=None,
              help="Person or body approving the script (default with --key: the key's name).")
@click.option("--on", "on", default=None, help="Approval date, YYYY-MM-DD (default: today).")
@click.option("--key", type=click.Path(path_type=Path), default=None,
              help="Sign the approval with this approver's key (its .pem beside it).")
@click.option("--passphrase", "ask", is_flag=True,
              help="Ask for the key's passphrase (or set STUDIO_KEY_PASSPHRASE).")
@project_option
def approve(script: Path, by: str | None, on: str | None, key: Path | None, ask: bool,
            project: Path | None) -> None:
    """Approve a script: write who, when and its checksum into its front matter; with
    --key, also a signature by a trusted approver's key.

    Any later edit to the script makes it stale until it is approved again.

    \b
    Example:
        studio approve scripts/ngay-quyen-con-nguoi.md --by "Sở Văn hóa, Thể thao và Du lịch"
        studio approve scripts/ngay-quyen-con-nguoi.md --key keys/nguyen-van-an.key
    """
    if by is None and key is None:
        raise StudioError("approve: missing option '--by'",
                          hint="add --by TEXT (person or body approving the script), or sign "
                               "with --key KEY (see studio approve --help)")
    try:
        date = dt.date.fromisoformat(on) if on else None
    except ValueError:
        raise StudioError(f"--on '{on}' is not a date", hint="write it as YYYY-MM-DD") from None
    passphrase = (click.prompt("Passphrase for the key", hide_input=True)
                  if ask and key else None)
    proj = get_project(project, [script])
    result = approve_script(script, by, date, proj, key=key, passphrase=passphrase)
    signed = signed_by(result, proj)
    click.echo(f"{script}: approved by {result.approval.by} on {result.approval.on} "
               f"({result.checksum[:19]}…)" + (f", signed with {signed}" if signed else ""))


COMMANDS = [check, approve]
