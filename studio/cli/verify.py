"""`studio verify`: are these files' Content Credentials (or a script's signed approval)
valid and trusted, who approved them and when."""

from __future__ import annotations

import json
from pathlib import Path

import click

from studio.cli.options import get_project, json_option, project_option

SCRIPT_SUFFIXES = {".md", ".markdown"}


def _line(v) -> str:
    """One line per file for a person."""
    if not v.ok:
        return f"{v.file}: {v.state.upper()} — " + "; ".join(v.problems or ("not trusted",))
    parts = [f"{v.file}: {v.state}" + (" DRAFT (not approved)" if v.draft else "")]
    if v.approver:
        parts.append(f"approved by {v.approver} on {v.approved_on}"
                     + (f", signed with {v.certificate}" if v.certificate
                        else " (checksum only, unsigned)"))
    if v.script:
        parts.append(f"script {v.script}" + (f" [{v.variant}]" if v.variant else ""))
    if v.signer:
        parts.append(f"credentials signed by {v.signer}")
    return " — ".join(parts)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_option
@json_option
def verify(files: tuple[Path, ...], project: Path | None, as_json: bool) -> None:
    """Verify outputs' Content Credentials (MP4, MP3, PNG, JPEG, PDF), or a script's signed
    approval, against the project's trust list (approvers/).

    Exits 1 if any file is tampered with, unsigned or untrusted.

    \b
    Example:
        studio verify outputs/ngay-quyen-con-nguoi/*.mp4
        studio verify scripts/ngay-quyen-con-nguoi.md --json
    """
    from studio.cli.options import expand_globs
    from studio.provenance.trust import load_trust
    from studio.provenance.verify import verify_file
    from studio.script.approval import verify_script
    paths = expand_globs(str(f) for f in files)
    proj = get_project(project, paths)
    trust = load_trust(proj)
    verdicts = [verify_script(p, proj) if p.suffix.lower() in SCRIPT_SUFFIXES
                else verify_file(p, proj, trust) for p in paths]
    if as_json:
        click.echo(json.dumps([v.as_dict() for v in verdicts], ensure_ascii=False, indent=2))
    else:
        for v in verdicts:
            click.echo(_line(v))
    if not all(v.ok for v in verdicts):
        raise SystemExit(1)


COMMANDS = [verify]
