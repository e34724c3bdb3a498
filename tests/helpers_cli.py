"""The one way tests run the `studio` command in-process: click's runner with stdout and
stderr kept apart (click < 8.2 needs `mix_stderr=False` for that; 8.2 removed the option and
always keeps them apart)."""

from __future__ import annotations

import inspect
from pathlib import Path

from click.testing import CliRunner, Result

from studio.cli import cli

_SEPARATE = ({"mix_stderr": False}
             if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters else {})


def run_cli(*args: str | Path, input: str | None = None, catch_exceptions: bool = False,
            env: dict[str, str] | None = None) -> Result:
    """`studio ARGS…` in this process: exit_code, stdout, stderr (and output, both)."""
    runner = CliRunner(**_SEPARATE)
    return runner.invoke(cli, [str(a) for a in args], input=input, env=env,
                         catch_exceptions=catch_exceptions)


def error_lines(result: Result) -> list[str]:
    """The non-empty lines the command wrote to stderr."""
    return [line for line in result.stderr.splitlines() if line.strip()]
