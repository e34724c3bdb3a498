"""Scripts: the Markdown + front matter format, loading, approval and its gate."""

from studio.script.approval import DRAFT, FINAL, Release, approve, claim, gate
from studio.script.load import load
from studio.script.model import (LANGUAGES, PRIORITIES, Approval, Paragraph, Pause, PosterText,
                                 Scene, Script, ScriptVoice, Targets)

__all__ = ["DRAFT", "FINAL", "LANGUAGES", "PRIORITIES", "Approval", "Paragraph", "Pause",
           "PosterText", "Release", "Scene", "Script", "ScriptVoice", "Targets", "approve",
           "claim", "gate", "load"]
