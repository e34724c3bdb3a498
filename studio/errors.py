"""One error hierarchy: every problem a person can fix is a StudioError (exit code 2)."""

from __future__ import annotations

from pathlib import Path


class StudioError(Exception):
    """A problem the user can fix; rendered as `FILE:LINE: what is wrong — what to do`."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint

    def location(self) -> str:
        """`file:line`, `file: field`, or '' — where the problem is."""
        where = self.file or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return where

    def __str__(self) -> str:
        text = self.message
        if self.field and self.line is None:
            text = f"{self.field}: {text}"
        if self.hint:
            text = f"{text} — {self.hint}"
        where = self.location()
        return f"{where}: {text}" if where else text


class StudioErrors(StudioError):
    """Several problems found at once (e.g. every error in one script)."""

    def __init__(self, errors: list[StudioError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, file=first.file, line=first.line, field=first.field,
                         hint=first.hint)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class ScriptError(StudioError):
    """A script file is malformed or refers to something that is not there."""


class AssetError(StudioError):
    """An image, video, audio or font file is missing, unsafe or unreadable."""


class ApprovalError(StudioError):
    """A script is not approved (draft or stale) for a final render."""


class TemplateError(StudioError):
    """A poster template is malformed or its text cannot be laid out."""


class FontError(StudioError):
    """A font is missing or lacks a character the text needs."""


class SpeechError(StudioError):
    """Narration could not be produced."""


class NetworkError(SpeechError):
    """An online service could not be reached in time, or answered with nothing usable."""


class MediaError(StudioError):
    """ffmpeg or a media file failed."""


class OutputError(StudioError):
    """An output could not be written (permissions, lock held, disk full)."""
