"""Approval: writing an approval into a script, and the one gate every render passes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from studio.errors import ApprovalError, ScriptError, setting
from studio.fsutil import write_text_atomic
from studio.project import Project
from studio.script.model import DRAFT_SUFFIX, DRAFT_WATERMARK, Script
from studio.script.checksum import script_checksum
from studio.script.source import parse_front_matter, read_text, split
from studio.text import nfc


@dataclass(frozen=True)
class Release:
    """How a render may go out: final, or marked as a draft."""

    draft: bool

    @property
    def suffix(self) -> str:
        """Ending for output names: '' or '-draft'."""
        return DRAFT_SUFFIX if self.draft else ""

    @property
    def watermark(self) -> str | None:
        """Text visual outputs must carry, or None."""
        return DRAFT_WATERMARK if self.draft else None

    def name(self, stem: str, ext: str) -> str:
        """`stem[-draft].ext`."""
        return f"{stem}{self.suffix}.{ext.lstrip('.')}"


FINAL = Release(draft=False)
DRAFT = Release(draft=True)


def gate(script: Script, *, allow_draft: bool = False) -> Release:
    """Decide for every render command: approved → final; draft or stale → refuse unless
    `allow_draft`, in which case the outputs are marked as drafts. A campaign is rendered
    row by row (its text still holds `{placeholders}`), never as itself."""
    if script.campaign is not None and (script.status == "approved" or allow_draft):
        raise ScriptError("the script is a campaign: each row of its data file is one "
                          "bulletin, poster or video", file=script.path,
                          line=script.campaign.line,
                          hint="build its rows with: studio build SCRIPT (--only KEY for some)")
    if script.status == "approved":
        return FINAL
    if allow_draft:
        return DRAFT
    if script.status == "stale":
        raise ApprovalError("script changed since it was approved (stale)", file=script.path,
                            hint=f"have it approved again: {setting('approve')}, "
                                 f"or render with {setting('allow_draft')}")
    raise ApprovalError("script is not approved", file=script.path,
                        hint=f"approve it: {setting('approve')}, or render with "
                             f"{setting('allow_draft')}")


def _without_approval(front_lines: list[str]) -> list[str]:
    """Front-matter lines minus a top-level `approval:` key and its indented lines."""
    out: list[str] = []
    skipping = False
    for line in front_lines:
        if re.match(r"^approval\s*:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def approve(path: str | Path, by: str, on: dt.date | None = None,
            project: Project | None = None) -> Script:
    """Write `approval: {by, on, checksum}` into the script's front matter, leaving the rest
    of the file as written (the checksum signs the content and who approved it when); return
    the reloaded (now approved) script."""
    from studio.script.load import load

    path = Path(path)
    by = nfc(" ".join(by.split()))  # as the file will be read back: NFC
    if not by:
        raise ScriptError(f"{setting('by')} is empty", hint="name the person or body approving the script")
    loaded = load(path, project)  # refuse a broken script before touching it
    on = on or dt.date.today()
    text = read_text(path)
    source = split(path, text)
    values = parse_front_matter(source).values
    checksum = script_checksum({**values, "approval": {"by": by, "on": on}}, source.body,
                               loaded.campaign.sha256 if loaded.campaign else None)
    lines = text.split("\n")
    front = _without_approval(lines[1:source.fence_end_line - 1])
    block = ["approval:", f"  by: {_yaml_string(by)}", f"  on: {on.isoformat()}",
             f"  checksum: {checksum}"]
    new_text = "\n".join([lines[0], *front, *block, *lines[source.fence_end_line - 1:]])
    raw = path.read_bytes()
    if b"\r\n" in raw:  # a file saved on Windows keeps its line ends
        new_text = new_text.replace("\n", "\r\n")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    write_text_atomic(path, bom + new_text)
    approved = load(path, project)
    if approved.status != "approved":  # the edit must not change what was signed
        raise ScriptError("approval could not be written consistently", file=path)
    return approved
