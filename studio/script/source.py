"""Reading a script file: bytes → text → front matter (with line numbers) and body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from studio.errors import ScriptError
from studio.project import FileKind, read_file_bytes
from studio.text import lone_surrogate, nfc
from studio.yamlsafe import DUPLICATE_HINT, MAX_YAML_DEPTH, yaml_hazard

FENCE = "---"


class _ScriptRules:
    """YAML 1.2-style booleans: only true/false, so `on:` and `no` stay text; YAML 1.2-style
    numbers: `9:16` (a video format) stays text, not YAML 1.1's base-60 number 556; an
    impossible date (2026-13-45) stays text too, so the field check can say which key is
    wrong."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


# PyYAML's int and float patterns without YAML 1.1's base-60 forms (`1:30` = 90)
NUMBERS = (
    ("tag:yaml.org,2002:int", re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$""", re.X), "-+0123456789"),
    ("tag:yaml.org,2002:float", re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.X),
     "-+0123456789."),
)
REPLACED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _with_script_rules(base: type) -> type:
    """`base` (PyYAML's pure-Python or libyaml loader) with the script rules."""
    loader = type(f"Script{base.__name__}", (_ScriptRules, base), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", loader.construct_yaml_timestamp)
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in REPLACED_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    for tag, pattern, firsts in NUMBERS:
        loader.add_implicit_resolver(tag, pattern, list(firsts))
    for first in "tTfF":
        loader.add_implicit_resolver(
            "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
            list(first))
    return loader


ScriptLoader = _with_script_rules(yaml.SafeLoader)
# libyaml parses ~5× faster; errors are re-parsed with ScriptLoader for PyYAML's messages
FastScriptLoader = _with_script_rules(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
MAX_SCRIPT_BYTES = 5_000_000
SCRIPT_FILE = FileKind("script", max_bytes=MAX_SCRIPT_BYTES,
                       too_large="split it into several scripts", error=ScriptError)
YAML_HINT = "check indentation, colons and quotes"
TAB_HINT = "indent with spaces, not tabs"
# PyYAML's words for a plain value that YAML reads as syntax (`KHẨN: …`, `@UBND`, `*Khẩn*`,
# `[Khẩn] …`, `"Ngày "Quyền" …"`): each is cured by quoting the whole value
QUOTE_PROBLEMS = ("mapping values are not allowed here", "that cannot start any token",
                  "while scanning an alias", "but found '<scalar>'")
HINT_VALUE_CHARS = 50


@dataclass(frozen=True)
class Source:
    """A script split into its front-matter text and body, with where each starts."""

    path: Path
    text: str
    front_text: str
    body: str
    body_line: int  # 1-based line number of the body's first line
    fence_end_line: int  # 1-based line of the closing `---`


def read_text(path: Path) -> str:
    """Read a script as UTF-8 (BOM allowed), NFC-normalised, with `\\n` line ends."""
    data = read_file_bytes(path, SCRIPT_FILE)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScriptError("file is UTF-16, not UTF-8", file=path, line=1,
                          hint="save it again as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScriptError("file is not valid UTF-8", file=path, line=line,
                          hint="save it again as UTF-8 (old TCVN3/VNI files need converting)"
                          ) from None
    if "\x00" in text:
        raise ScriptError("file contains NUL bytes (binary file?)", file=path, line=1,
                          hint="give a UTF-8 Markdown script")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def split(path: Path, text: str) -> Source:
    """Split `text` at its `---` fences; refuse a file without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ScriptError("no front matter", file=path, line=1,
                          hint="start the file with a '---' line, then 'title:' and 'lang:', "
                               "then '---'")
    for index in range(1, len(lines)):
        if lines[index].strip() in (FENCE, "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return Source(path, text, front, body, body_line=index + 2, fence_end_line=index + 1)
    raise ScriptError("front matter is not closed", file=path, line=1,
                      hint="add a '---' line after the last front-matter key")


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter: values, and the line each top-level key is on."""

    values: dict[str, Any]
    lines: dict[str, int]
    first_line: int

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def _refuse_hazards(source: Source, offset: int, loader: type) -> None:
    """Refuse YAML aliases, too-deep nesting and repeated keys in the front matter, at their
    line."""
    hazard = yaml_hazard(source.front_text, loader, aliases=True)
    if hazard is None:
        return
    where = dict(file=source.path, line=hazard.line + offset)
    if hazard.kind == "alias":
        raise ScriptError("YAML aliases (*name) are not allowed in front matter", **where,
                          hint="write the value out in full")
    if hazard.kind == "duplicate":
        raise ScriptError(f"'{hazard.key}' is written twice in the front matter "
                          f"({hazard.lines(offset)})", **where, hint=DUPLICATE_HINT)
    raise ScriptError(f"front matter nests lists or mappings more than {MAX_YAML_DEPTH} "
                      "levels deep", **where, hint="check the brackets and indentation")


def _refuse_half_characters(node: yaml.Node | None, path: Path, offset: int) -> None:
    """Refuse, at its line, a key or value holding half a character (an escape such as
    "\\uD800"): no file can hold it, so the checksum and every output would fail on it."""
    pending = [node] if node is not None else []
    while pending:
        item = pending.pop()
        if isinstance(item, yaml.ScalarNode):
            if half := lone_surrogate(item.value):
                raise ScriptError(f"front matter holds half a character (U+{ord(half):04X})",
                                  file=path, line=item.start_mark.line + offset,
                                  hint="type the letter itself, or escape a whole one "
                                       "(\\U0001F600, not \\uD83D\\uDE00)")
        elif isinstance(item, yaml.MappingNode):
            pending.extend(part for pair in reversed(item.value) for part in reversed(pair))
        elif isinstance(item, yaml.SequenceNode):
            pending.extend(reversed(item.value))


def _compose(source: Source, offset: int, loader_type: type) -> tuple[Any, Any]:
    """Refuse hazards, then compose once and build the values from that same node tree."""
    _refuse_hazards(source, offset, loader_type)
    loader = loader_type(source.front_text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def quoted(value: str) -> str:
    """`value` as a YAML quoted scalar: double quotes, or single ones when it holds `"` or
    a backslash (single quotes have no escapes but '')."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def quoting_hint(line_text: str, column: int) -> str | None:
    """'put the value in quotes: key: "…"' when the error lies inside the value of a
    `key: value` line (the value YAML took for syntax), else None (e.g. a key indented
    under a value, which is an indentation error)."""
    key, sep, value = line_text.partition(": ")
    if not sep or not key.strip() or column < len(key) + len(sep) or not value.strip():
        return None
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]  # quoted already, but with the same quote inside
    shown = value if len(value) <= HINT_VALUE_CHARS else value[:HINT_VALUE_CHARS] + "…"
    return f"put the value in quotes: {key.strip()}: {quoted(shown)}"


def yaml_hint(exc: yaml.MarkedYAMLError, front_text: str, mark) -> str:
    """What to do about a YAML error, in a newcomer's terms where PyYAML's are cryptic."""
    problem = f"{exc.context or ''} {exc.problem or ''}"
    if "'\\t'" in problem:
        return TAB_HINT
    lines = front_text.split("\n")
    if mark is None or not 0 <= mark.line < len(lines):
        return YAML_HINT
    if any(words in problem for words in QUOTE_PROBLEMS):
        return quoting_hint(lines[mark.line], mark.column) or YAML_HINT
    return YAML_HINT


def parse_front_matter(source: Source) -> FrontMatter:
    """Parse the YAML front matter, keeping each top-level key's line number."""
    offset = 2  # the front matter starts on line 2
    try:
        try:
            node, values = _compose(source, offset, FastScriptLoader)
        except yaml.YAMLError:
            node, values = _compose(source, offset, ScriptLoader)  # for PyYAML's message
    except yaml.MarkedYAMLError as exc:
        # an unclosed quote or bracket is reported at the end of the stream: point at its start
        at_end = "end of stream" in (exc.problem or "")
        mark = (exc.context_mark if at_end and exc.context_mark else None) or exc.problem_mark \
            or exc.context_mark
        line = mark.line + offset if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ScriptError(f"front matter is not valid YAML: {problem}", file=source.path,
                          line=line, hint=yaml_hint(exc, source.front_text, mark)) from None
    except yaml.YAMLError as exc:
        raise ScriptError(f"front matter is not valid YAML: {exc}", file=source.path,
                          line=1) from None
    _refuse_half_characters(node, source.path, offset)
    if values is None:
        raise ScriptError("front matter is empty", file=source.path, line=1,
                          hint="add at least 'title:' and 'lang:'")
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        raise ScriptError("front matter is not a list of 'key: value' lines", file=source.path,
                          line=offset, hint="write e.g. 'title: ...' and 'lang: vi'")
    lines = {}
    for key_node, value_node in node.value:
        lines[str(key_node.value)] = key_node.start_mark.line + offset
        if isinstance(value_node, yaml.MappingNode):  # `speakers.Chị Lan`: a speaker's line
            for sub_node, _ in value_node.value:
                lines.setdefault(f"{key_node.value}.{sub_node.value}",
                                 sub_node.start_mark.line + offset)
    clean = {str(k): v for k, v in values.items()}
    return FrontMatter(values=clean, lines=lines, first_line=offset)
