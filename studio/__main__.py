"""`python -m studio` and the `studio` command. Ctrl-C while the command is still starting
(importing) ends it with the same one line as later, not a traceback."""

import sys


def run() -> None:
    """Import the command line, then run it."""
    try:
        from studio.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: nothing half-written was kept\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
