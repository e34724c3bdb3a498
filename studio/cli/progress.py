"""Progress bars and summary tables for long commands (rich, on stderr)."""

from __future__ import annotations

import click

from studio.cli.options import SETTING_FLAGS
from studio.text import plural


def counting_bar():
    """A rich progress bar on stderr — what, bar, done/total, time so far — gone when done."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    return Progress(TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)


class StageProgress:
    """A progress bar over the stages of a long library call (`progress(stage, done,
    total)`), started only once there are at least `least` steps to show."""

    def __init__(self, enabled: bool = True, least: int = 1) -> None:
        self.enabled, self.least = enabled, least
        self._progress = None
        self._task = None

    def __enter__(self) -> "StageProgress":
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < self.least:
            return
        if self._progress is None:
            self._progress = counting_bar()
            self._progress.__enter__()
            self._task = self._progress.add_task(stage, total=total)
        self._progress.update(self._task, description=stage, completed=done, total=total)


class BuildProgress:
    """A progress bar over the targets a build renders, then a summary table."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._progress = None
        self._task = None

    def __enter__(self) -> "BuildProgress":
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.__exit__(*exc)

    def planned(self, decisions) -> None:
        """Start the bar once we know how many targets will be rendered (none: no bar)."""
        total = sum(d.build for d in decisions)
        if self.enabled and total:
            self._progress = counting_bar()
            self._progress.__enter__()
            self._task = self._progress.add_task("building", total=total)

    def advance(self, result) -> None:
        if self._progress and self._task is not None:
            self._progress.update(self._task, advance=1,
                                  description=f"{result.script_id} {result.target}")

    def summary(self, report, *, dry_run: bool, quiet: bool) -> None:
        """One line per target, then the counts (paths are in manifest.json); a dry run
        reports what cannot be built (an invalid script…) exactly as a build does."""
        if dry_run:
            for r in report.results:
                if r.status in ("would-build", "would-remove"):
                    click.echo(f"{r.status.replace('-', ' ')} {r.script_id} {r.target}"
                               f"{' ' + r.variant if r.variant else ''}: {'; '.join(r.why)}")
        elif not quiet:
            print_table(report)
        for r in report.failed:
            click.echo(f"error: {r.message(SETTING_FLAGS)}", err=True)
        if dry_run:
            click.echo(f"{report.count('would-build')} to build, "
                       f"{report.count('up-to-date')} up to date, {len(report.failed)} failed"
                       + removed(report, "to remove"))
            return
        if report.manifest:
            click.echo(str(report.manifest))
        if report.review_page:
            click.echo(str(report.review_page))
        click.echo(f"{report.count('built')} built, {report.count('up-to-date')} up to date, "
                   f"{len(report.failed)} failed, {report.count('skipped')} skipped"
                   + removed(report, "removed"), err=True)


def removed(report, words: str) -> str:
    """', 3 removed' when a build retired targets its scripts no longer ask for, else ''."""
    count = report.count("removed") + report.count("would-remove")
    return f", {count} {words}" if count else ""


def print_workers(workers: dict[str, int], seconds: float) -> None:
    """Targets per worker and the build's throughput (cluster builds)."""
    total = sum(workers.values())
    for worker, count in sorted(workers.items()):
        click.echo(f"worker {worker}: {plural(count, 'target')}", err=True)
    if total and seconds > 0:
        click.echo(f"{plural(total, 'target')} in {seconds:.1f} s "
                   f"({total * 60 / seconds:.1f} per minute)", err=True)


def print_table(report) -> None:
    """The summary table on stderr (a row per target), then each warning once."""
    from rich.console import Console
    from rich.table import Table
    from studio.build.campaigns import grouped_results
    table = Table("script", "target", "status", "note")
    for r, counts in grouped_results(report.results):
        if r.target == "script" and r.status == "skipped":
            continue
        note = r.message(SETTING_FLAGS) or (f"{plural(len(r.warnings), 'warning')}, below"
                                            if r.warnings else "")
        if counts:  # a campaign's target: its rows counted, not listed
            rows = ", ".join(f"{n} {status}" for status, n in counts.items())
            note = f"{plural(sum(counts.values()), 'row')}: {rows}" + (f"; {note}" if note else "")
        style = {"failed": "red", "built": "green"}.get(r.status, "")
        table.add_row(r.script_id, r.target, f"[{style}]{r.status}[/]" if style
                      else r.status, note)
    Console(stderr=True).print(table)
    for line in warning_lines(report.results):
        click.echo(line, err=True)


def warning_lines(results, shown: int = 3) -> list[str]:
    """Each distinct warning once, whole (a table would wrap it), with the targets it concerns."""
    targets: dict[str, list[str]] = {}
    for r in results:
        for warning in r.warnings:
            targets.setdefault(warning, []).append(f"{r.script_id} {r.target}")
    lines = []
    for warning, where in targets.items():
        more = f" and {len(where) - shown} more" if len(where) > shown else ""
        lines.append(f"warning: {warning} ({', '.join(where[:shown])}{more})")
    return lines
