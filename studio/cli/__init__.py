"""The `studio` command: a thin click layer over the library (one module per command group)."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Iterable
from pathlib import PurePath

import click

from studio import __version__
from studio.cli.options import SETTING_FLAGS
from studio.errors import StudioError
from studio.text import did_you_mean, lone_surrogate, printable


class UsageLine(click.UsageError):
    """A usage error shown as studio shows every error: one line, exit 2 (click's own is
    four lines of `Usage: … Error: …`)."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


def command_path(ctx: click.Context) -> str:
    """`studio approve`: the command as a person types it (whatever the program is called)."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["studio", *reversed(names)])


def _sentence(text: str) -> str:
    """click's message as part of a line: lower-case start, no full stop."""
    text = " ".join(text.split()).rstrip(".")
    return text[:1].lower() + text[1:]


def _flag(param: click.Parameter) -> str:
    """An option's long name (`--out` rather than `-o`), or an argument's (`SCRIPT`)."""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name


def _metavar(param: click.Parameter, ctx: click.Context) -> str:
    """What --help shows after the option (`TEXT`, `[png|jpeg]`)."""
    try:
        return param.make_metavar(ctx)  # click 8.2
    except TypeError:
        return param.make_metavar()


def _help_of(param: click.Parameter) -> str:
    """The first sentence of an option's help, as part of a line."""
    return _sentence((getattr(param, "help", None) or "").split(". ")[0])


def _missing(exc: click.MissingParameter, ctx: click.Context, see: str) -> str:
    """A required option or argument left out: what to add."""
    param = exc.param
    if isinstance(param, click.Option):
        about = _help_of(param)
        return (f"missing option '{_flag(param)}' — add {_flag(param)} {_metavar(param, ctx)}"
                + (f" ({about}; {see})" if about else f" ({see})"))
    usage = " ".join([command_path(ctx), *ctx.command.collect_usage_pieces(ctx)])
    return f"missing {_flag(param)} — write: {usage} ({see})"


def _no_such_option(exc: click.NoSuchOption, ctx: click.Context, see: str,
                    command: click.Command | None) -> str:
    """An unknown option: the close one, or — given before `command`, which has it — where
    it goes."""
    name = exc.option_name
    if exc.possibilities:
        return f"no such option '{name}' — did you mean {' or '.join(exc.possibilities)}? ({see})"
    if command is not None and any(name in p.opts for p in command.params):
        return (f"no such option '{name}' — put it after the command's name: "
                f"{command_path(ctx)} {command.name} {name} …")
    return f"no such option '{name}' — {see} for the options"


def usage_line(exc: click.UsageError, command: click.Command | None = None,
               invoked: str | None = None) -> str:
    """click's usage error as studio's one line: `COMMAND: what is wrong — what to do`
    (`command`: the one named after a misplaced option; `invoked`: the command being parsed
    when click's parser gave no context, as for an option missing its value)."""
    ctx = exc.ctx
    if ctx is None:
        where = f"{invoked}: " if invoked else ""
        see = f"studio {invoked} --help" if invoked else "studio --help"
        return f"{where}{_sentence(exc.format_message())} — see {see}"
    see = f"see {command_path(ctx)} --help"
    where = f"{ctx.info_name}: " if ctx.parent is not None else ""
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return where + _missing(exc, ctx, see)
    if isinstance(exc, click.NoSuchOption):
        return where + _no_such_option(exc, ctx, see, command)
    return f"{where}{_sentence(exc.format_message())} — {see}"


def _values(value) -> Iterable[str | PurePath]:
    """Every text or path in a parsed parameter (one, or several)."""
    if isinstance(value, (str, PurePath)):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _values(item)


def refuse_half_characters(command: click.Command, params: dict) -> None:
    """Refuse an argument a non-UTF-8 terminal typed (Python keeps its bytes as half
    characters, which no file, tag or subtitle can hold): one line naming the option."""
    for param in command.params:
        for value in _values(params.get(param.name)):
            if lone_surrogate(str(value)):
                path = isinstance(value, PurePath)
                raise StudioError(
                    f"{command.name}: {_flag(param)} '{printable(str(value))}' is not UTF-8 "
                    + ("(a file name from another system?)" if path else "text"),
                    hint=("rename the file with a UTF-8 name" if path else
                          "set the terminal to UTF-8 (Windows: chcp 65001) and type it again"))


def _guarded(command: click.Command) -> click.Command:
    """`command` (and the commands under it) checking their arguments before running."""
    if command.callback is not None and not getattr(command.callback, "_guarded", False):
        run = command.callback

        @functools.wraps(run)
        def checked(*args, **params):
            refuse_half_characters(command, params)
            return run(*args, **params)

        checked._guarded = True
        command.callback = checked
    for sub in getattr(command, "commands", {}).values():
        _guarded(sub)
    return command


class StudioGroup(click.Group):
    """Turns StudioError and click's usage errors into `error: FILE:LINE: what — what to do`
    and exit 2."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(_guarded(cmd), name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            named = next((self.commands[a] for a in args if a in self.commands), None)
            raise _one_line(exc, named) from None

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if (name and not name.startswith("-") and not ctx.resilient_parsing
                and self.get_command(ctx, name) is None):
            raise UsageLine(f"no such command '{printable(name)}' — "
                            f"{did_you_mean(name, sorted(self.commands))} (see studio --help)",
                            ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StudioError as exc:
            for line in exc.describe(SETTING_FLAGS).splitlines():
                click.echo(f"error: {line}", err=True)
            _debug_detail(ctx, exc)
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:
            raise _one_line(exc, invoked=ctx.invoked_subcommand) from None
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


def _one_line(exc: click.UsageError, command: click.Command | None = None,
              invoked: str | None = None) -> click.UsageError:
    """`exc` as one line — except the help click shows for a bare group (click 8.2)."""
    if isinstance(exc, UsageLine) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    return UsageLine(usage_line(exc, command, invoked), exc.ctx)


def _debug_detail(ctx: click.Context, exc: BaseException) -> None:
    """With --debug, what ffmpeg itself said about a failure (kept off the one line)."""
    if not (ctx.obj and ctx.obj.get("debug")):
        return
    while exc is not None:
        if tail := getattr(exc, "log_tail", None):
            click.echo(f"debug: ffmpeg said: {tail}", err=True)
            return
        exc = exc.__cause__


@click.group(cls=StudioGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="studio")
@click.option("--debug", is_flag=True, help="Show tracebacks and ffmpeg's own words on errors.")
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
    for optional in ("speech", "audio", "video", "poster", "build", "keys", "verify"):
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
