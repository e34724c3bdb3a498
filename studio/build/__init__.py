"""`studio build`: every approved script to every channel, incremental and parallel."""

from studio.build.run import BuildReport, TargetResult, build

__all__ = ["BuildReport", "TargetResult", "build"]
