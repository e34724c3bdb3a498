"""The `studio` command: a thin click layer over the library (one module per command group)."""

from __future__ import annotations

import sys
import traceback

import click

from studio import __version__
from studio.cli.options import SETTING_FLAGS
from studio.errors import StudioError


class StudioGroup(click.Group):
    """Turns StudioError into `error: FILE:LINE: what — what to do` and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StudioError as exc:
            for line in exc.describe(SETTING_FLAGS).splitlines():
                click.echo(f"error: {line}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted: nothing half-written was kept", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - last resort: a short line, not a traceback
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                click.echo(f"unexpected error: {type(exc).__name__}: {exc} "
                           "(run with --debug for details, and please report it)", err=True)
            ctx.exit(1)


@click.group(cls=StudioGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="studio")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """studio: approved scripts into videos, loudspeaker audio and posters.

    \b
    Example:
        studio check scripts/
        studio video scripts/ngay-quyen-con-nguoi.md
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register() -> None:
    from studio.cli import doctor, scripts
    for module in (scripts, doctor):
        for command in module.COMMANDS:
            cli.add_command(command)
    for optional in ("speech", "audio", "video", "poster", "build"):
        try:
            module = __import__(f"studio.cli.{optional}", fromlist=["COMMANDS"])
        except ModuleNotFoundError as exc:
            if exc.name != f"studio.cli.{optional}":
                raise
            continue
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    if hasattr(sys.stdout, "reconfigure"):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (AttributeError, ValueError):
                pass
    cli(prog_name="studio")
