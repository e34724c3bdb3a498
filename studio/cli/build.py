"""`studio build`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from studio.cli.options import (SETTING_FLAGS, draft_option, get_project, json_option, project_option,
                                quiet_option, voice_options)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Targets built at once (default: number of cores).")
@click.option("--force", is_flag=True, help="Rebuild every target, changed or not.")
@click.option("--dry-run", is_flag=True, help="List what would be built and why; build nothing.")
@click.option("--cluster", metavar="local[:N]|tcp://HOST:8786", default=None,
              help="Build on a Dask cluster: one started here with N workers, or a running "
                   "scheduler (needs studio[cluster]; workers need no shared folder).")
@click.option("--only", metavar="KEY[,KEY…]", default=None,
              help="Of each campaign, build only the rows with these keys (e.g. communes).")
@voice_options
@draft_option
@project_option
@json_option
@quiet_option
def build(paths, jobs, force, dry_run, cluster, only, voice, draft, project, as_json, quiet):
    """Build every target of every approved script that is out of date.

    PATHS are scripts or folders (default: scripts/). Targets come from each script's
    `targets:`. Drafts are skipped (or built, marked, with --draft). Writes
    outputs/manifest.json and the review page outputs/index.html. Exits 1 if any target failed.

    \b
    Example:
        studio build
        studio build scripts/ --jobs 2 --dry-run
        studio build --cluster tcp://192.168.1.10:8786
        studio build scripts/chien-dich.md --only "Tân Thanh,Hồng Phong"
    """
    import time

    from studio.build import build as run_build
    from studio.cli.progress import BuildProgress, print_workers

    progress = BuildProgress(enabled=not (quiet or as_json or dry_run))
    started = time.monotonic()
    with progress:
        report = run_build(paths or None, project=get_project(project, paths), jobs=jobs,
                           force=force, dry_run=dry_run, draft=draft, voice=voice,
                           cluster=cluster, on_plan=progress.planned,
                           on_result=progress.advance, only=only_keys(only))
    seconds = time.monotonic() - started
    if as_json:
        click.echo(json.dumps({"targets": [r.row() for r in report.results],
                               "manifest": str(report.manifest) if report.manifest else None,
                               "review_page": str(report.review_page) if report.review_page
                               else None, "workers": report.workers},
                              ensure_ascii=False, indent=2))
    else:
        for r in report.results:
            if r.status == "skipped" and r.error:
                click.echo(f"skipped: {r.message(SETTING_FLAGS)}", err=True)
        progress.summary(report, dry_run=dry_run, quiet=quiet)
        if cluster and not dry_run:
            print_workers(report.workers, seconds)
    if report.failed:
        raise SystemExit(1)


def only_keys(value: str | None) -> list[str] | None:
    """`--only a,b` as the keys it names (NFC, spaces around commas dropped)."""
    if value is None:
        return None
    from studio.text import nfc
    return [key.strip() for key in nfc(value).split(",") if key.strip()]


COMMANDS = [build]
