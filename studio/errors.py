"""One error hierarchy: every problem a person can fix is a StudioError (exit code 2)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

_SETTING = re.compile("\u27e8(\\w+)\u27e9")
# how a Python caller meets the settings that error messages name
LIBRARY_NAMES = {
    "approve": "studio.script.approve()", "allow_draft": "allow_draft=True",
    "draft": "draft=True", "offline": "Voice(offline=True)", "engine": "Voice(engine=...)",
    "jingles": "jingles=False", "set": "values",
    "approval_key": "studio.script.approve(..., key=KEY)", "ca_key": "ca_key=...",
    "passphrase": "passphrase=... (or STUDIO_KEY_PASSPHRASE)",
}


def setting(name: str) -> str:
    """A setting named inside an error's text: the library shows it by its name (`allow_draft`),
    the command line by its flag (`--draft`), through `name_settings`."""
    return f"\u27e8{name}\u27e9"


def name_settings(text: str, names: Mapping[str, str] | None = None) -> str:
    """`text` with each setting shown as `names` calls it, else as the library does."""
    names = {**LIBRARY_NAMES, **(names or {})}
    return _SETTING.sub(lambda m: names.get(m.group(1), m.group(1)), text)


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

    def marked(self) -> str:
        """The line with its settings still marked, for whoever shows it later to name them."""
        text = self.message
        if self.field and self.line is None:
            text = f"{self.field}: {text}"
        if self.hint:
            text = f"{text} — {self.hint}"
        where = self.location()
        return f"{where}: {text}" if where else text

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """The line for a person, settings named as `names` says (the CLI: flags)."""
        return name_settings(self.marked(), names)

    def __str__(self) -> str:
        return self.describe()


class StudioErrors(StudioError):
    """Several problems found at once (e.g. every error in one script)."""

    def __init__(self, errors: list[StudioError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, file=first.file, line=first.line, field=first.field,
                         hint=first.hint)

    def marked(self) -> str:
        return "\n".join(e.marked() for e in self.errors)


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


class ClusterError(StudioError):
    """A build cluster cannot be used (not installed, unreachable, another studio version)."""
