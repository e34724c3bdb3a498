"""`studio programme DATE [--slot HH:MM]`: a slot's approved bulletins as one programme MP3
(a thin layer over studio.audio.programme)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from studio.audio.profiles import DEFAULT_PROFILE, PROFILES
from studio.cli.options import (get_project, json_option, notice, out_option, print_paths,
                                project_option, quiet_option, voice_options)

if TYPE_CHECKING:
    from studio.speech.voice import Voice


def feed_base_option(fn):
    """`--feed-base URL`: where the outputs folder is served, for the feeds' enclosures."""
    return click.option("--feed-base", "feed_base", default="", metavar="URL",
                        help="Address the outputs folder is served at (feed enclosures are "
                             "relative without it).")(fn)


@click.command()
@click.argument("day", metavar="DATE")
@click.option("--slot", default=None, metavar="HH:MM",
              help="One slot (default: one programme per slot of the day).")
@click.option("--profile", type=click.Choice(list(PROFILES)), default=DEFAULT_PROFILE,
              show_default=True, help="Delivery profile, as for studio audio.")
@click.option("--jingles/--no-jingles", default=True, show_default=True,
              help="Signature tunes at the start and the end.")
@click.option("--station", default=None, help="Station name in the identification "
                                              "(default: the first bulletin's organization).")
@voice_options
@project_option
@out_option
@json_option
@quiet_option
def programme(day: str, slot: str | None, profile: str, jingles: bool, station: str | None,
              voice: Voice, project: Path | None, out: Path | None, as_json: bool,
              quiet: bool) -> None:
    """Assemble the approved bulletins airing on DATE (YYYY-MM-DD) into one programme MP3
    per slot: station identification, bulletins in priority order, signature tunes, mastered
    as a whole, an ID3 chapter per bulletin, a transcript and a JSON report.

    \b
    Example:
        studio programme 2026-12-07 --slot 06:00
        studio programme 2026-12-07 --offline
    """
    from studio.audio.programme import day_programmes

    say = None if quiet else notice
    proj = get_project(project, [])
    made = day_programmes(day, slot, project=proj, out=out, profile=profile, jingles=jingles,
                          voice=voice, station=station, notice=say)
    extra = {"programmes": [{"file": str(p.mp3), "duration_ms": int(round(p.duration * 1000)),
                             "chapters": len(p.chapters), "warnings": list(p.warnings)}
                            for p in made]}
    for line in dict.fromkeys(w for p in made for w in p.warnings):
        if say:
            say(f"warning: {line}")
    print_paths([path for p in made for path in p.paths], as_json, extra)


COMMANDS = [programme]
