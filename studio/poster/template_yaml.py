"""Reading template YAML with the line of every key, and checking values with precise errors.

A `Node` is one value at a key path (`layers.headline.colour`); every check it offers raises a
TemplateError naming the file, the line, the key path and what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from studio.errors import TemplateError
from studio.graphics.style import BLACK, DARK_RED, RED, WHITE, YELLOW, hex_to_rgb
from studio.poster.template_model import Length
from studio.project import FileKind, read_file_bytes
from studio.text import did_you_mean
from studio.yamlsafe import DUPLICATE_HINT, MAX_YAML_DEPTH, yaml_hazard

KeyPath = tuple[str, ...]
COLOUR_NAMES = {"red": RED, "yellow": YELLOW, "white": WHITE, "black": BLACK,
                "dark-red": DARK_RED}
MAX_LENGTH = 100000.0  # in any unit: the largest canvas side is 100000 too
TEMPLATE_FILE = FileKind("template", max_bytes=1_000_000, error=TemplateError)
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(%|px|mm|pt)?\s*$")


@dataclass
class Origins:
    """Where each key path was written: (file, line). Extending templates merge these."""

    lines: dict[KeyPath, tuple[Path, int]] = field(default_factory=dict)
    file: Path | None = None

    def locate(self, path: KeyPath) -> tuple[Path | None, int | None]:
        """The file and line of `path`, or of its nearest written ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.file, None


def read_yaml(path: Path) -> tuple[dict, Origins]:
    """Parse a template file into plain data plus the line of every key."""
    try:
        text = read_file_bytes(path, TEMPLATE_FILE).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"cannot read template: {exc}", file=path,
                            hint="check the file exists and is saved as UTF-8") from None
    try:
        _refuse_hazards(text, path)
        loader = yaml.SafeLoader(text)  # refuses control characters already here
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.position, int):
            line = text[:exc.position].count("\n") + 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise TemplateError(f"not valid YAML: {problem}", file=path, line=line,
                            hint="check the indentation and quoting near this line") from None
    if not isinstance(data, dict):
        raise TemplateError("a template must be a set of 'key: value' lines", file=path,
                            hint="start with 'canvas:' (see docs/posters.md)")
    origins = Origins(file=path)
    _record_lines(node, (), path, origins.lines, set())
    return data, origins


def _refuse_hazards(text: str, path: Path) -> None:
    """Refuse too-deep nesting and keys written twice, at their line."""
    hazard = yaml_hazard(text)
    if hazard is None:
        return
    if hazard.kind == "duplicate":
        raise TemplateError(f"{hazard.key}: written twice ({hazard.lines(1)})", file=path,
                            line=hazard.line + 1, hint=DUPLICATE_HINT)
    raise TemplateError(f"lists or mappings nest more than {MAX_YAML_DEPTH} levels deep",
                        file=path, line=hazard.line + 1, hint="check the brackets and indentation")


def _record_lines(node: yaml.Node, path: KeyPath, file: Path,
                  lines: dict[KeyPath, tuple[Path, int]], seen: set[int]) -> None:
    """Fill `lines` with the line of every mapping key and list item under `node`.

    Each node is visited once, so YAML aliases (`*name`) cannot make the walk explode."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = (*path, str(key_node.value))
            lines[sub] = (file, key_node.start_mark.line + 1)
            _record_lines(value_node, sub, file, lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            sub = (*path, str(index))
            lines[sub] = (file, item.start_mark.line + 1)
            _record_lines(item, sub, file, lines, seen)


def merge(parent: dict, child: dict) -> dict:
    """`child` over `parent`: mappings merge key by key, anything else replaces; a key set to
    null in the child removes what the parent had."""
    out = dict(parent)
    for key, value in child.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


class Node:
    """A value at a key path of a template, with checks that fail with precise errors."""

    def __init__(self, value: Any, path: KeyPath, origins: Origins) -> None:
        """`value` as written at key `path`; `origins` locates it in the file(s)."""
        self.value, self.path, self.origins = value, path, origins

    @property
    def key(self) -> str:
        """The dotted key path, e.g. `layers.headline.colour`."""
        return ".".join(self.path) or "template"

    @property
    def missing(self) -> bool:
        """Whether the key is absent (or null)."""
        return self.value is None

    def error(self, what: str, hint: str | None = None) -> TemplateError:
        """A TemplateError at this key: `file:line: key: what — hint`."""
        file, line = self.origins.locate(self.path)
        return TemplateError(f"{self.key}: {what}", file=file, line=line, hint=hint)

    def child(self, key: str) -> "Node":
        """The value under `key` (missing if this is not a mapping or lacks it)."""
        value = self.value.get(key) if isinstance(self.value, dict) else None
        return Node(value, (*self.path, key), self.origins)

    def mapping(self, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> "Node":
        """Check this is a mapping with only `allowed` keys and every `required` one."""
        if not isinstance(self.value, dict):
            raise self.error("must be a set of 'key: value' lines",
                             "indent its keys under it: " + ", ".join(allowed))
        for key in self.value:
            if str(key) not in allowed:
                sub = Node(None, (*self.path, str(key)), self.origins)
                raise sub.error("unknown key", did_you_mean(str(key), allowed))
        for key in required:
            if self.value.get(key) is None:
                raise self.error(f"'{key}' is missing", f"add '{key}:' under '{self.key}'")
        return self

    def items(self) -> list[tuple[str, "Node"]]:
        """The entries of a mapping, in file order."""
        if not isinstance(self.value, dict):
            raise self.error("must be a set of 'name: ...' entries")
        return [(str(k), self.child(str(k))) for k in self.value]

    def elements(self) -> list["Node"]:
        """The items of a list (a single value counts as a list of one)."""
        values = self.value if isinstance(self.value, list) else [self.value]
        return [Node(v, (*self.path, str(i)), self.origins) for i, v in enumerate(values)]

    def text(self, default: str | None = None) -> str | None:
        """Text (numbers are accepted as text)."""
        if self.missing:
            return default
        if isinstance(self.value, bool) or not isinstance(self.value, (str, int, float)):
            raise self.error(f"must be text, not {type(self.value).__name__}")
        return str(self.value)

    def boolean(self, default: bool) -> bool:
        """true or false."""
        if self.missing:
            return default
        if not isinstance(self.value, bool):
            raise self.error(f"must be true or false, not '{self.value}'")
        return self.value

    def number(self, default: float | None, low: float, high: float) -> float | None:
        """A number between `low` and `high`."""
        if self.missing:
            return default
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise self.error(f"must be a number, not '{self.value}'")
        if not low <= self.value <= high:
            raise self.error(f"{self.value} is out of range", f"use {low:g} to {high:g}")
        return float(self.value)

    def integer(self, default: int | None, low: int, high: int) -> int | None:
        """A whole number between `low` and `high`."""
        value = self.number(default, low, high)
        if value is not None and value != int(value):
            raise self.error(f"must be a whole number, not {self.value}")
        return None if value is None else int(value)

    def choice(self, options: tuple[str, ...], default: str | None) -> str | None:
        """One of `options`, with a did-you-mean hint."""
        if self.missing:
            return default
        if str(self.value) not in options:
            raise self.error(f"'{self.value}' is not allowed", did_you_mean(str(self.value),
                                                                            options))
        return str(self.value)

    def colour(self, default=None):
        """'#DA251D', 'DA251D', '#FF0' or a house name (red, yellow, white, black, dark-red)."""
        if self.missing:
            return default
        name = str(self.value).strip().lower()
        if name in COLOUR_NAMES:
            return COLOUR_NAMES[name]
        try:
            return hex_to_rgb(str(self.value))
        except ValueError:
            raise self.error(f"'{self.value}' is not a colour",
                             "write '#DA251D' or one of: " + ", ".join(COLOUR_NAMES)) from None

    def length(self, default: Length | None, units: tuple[str, ...], bare: str) -> Length | None:
        """A number with a unit from `units`; a bare number is in `bare` units."""
        if self.missing:
            return default
        if isinstance(self.value, bool):
            raise self.error(f"must be a length, not '{self.value}'")
        match = _LENGTH.match(str(self.value))
        unit = (match.group(2) or bare) if match else None
        if not match or unit not in units:
            raise self.error(f"'{self.value}' is not a length",
                             "write a number with one of: " + ", ".join(units)
                             + f" (a bare number means {bare})")
        value = float(match.group(1))
        if value < 0:
            raise self.error(f"{self.value} is negative", "use zero or more")
        if value > MAX_LENGTH:  # also catches 400 digits, which float() makes infinite
            raise self.error(f"{self.value} is too large", f"use at most {MAX_LENGTH:g}")
        return Length(value, unit)

    def point(self, default: tuple[float, float]) -> tuple[float, float]:
        """A focal point [x, y], each 0–1 across the image (0.5, 0.5 is the centre)."""
        if self.missing:
            return default
        if (not isinstance(self.value, list) or len(self.value) != 2 or
                not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1
                        for v in self.value)):
            raise self.error(f"'{self.value}' is not a point",
                             "write [x, y] with each between 0 and 1, e.g. [0.5, 0.3]")
        return float(self.value[0]), float(self.value[1])
