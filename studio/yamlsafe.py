"""Guards for reading YAML written by people (scripts, templates): PyYAML's safe loader
builds values recursively, expands aliases and lets a repeated key silently replace the first
one, so all three are refused first, in one pass over the event stream."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

MAX_YAML_DEPTH = 32  # far deeper than any script or template needs
DUPLICATE_HINT = "keep one of them (a reader sees the first, YAML would use the last)"
_NODE = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


@dataclass(frozen=True)
class Hazard:
    """What is wrong and where: `kind` is "deep", "alias" or "duplicate"; lines are 0-based
    within the YAML text; a duplicate also gives its dotted key path and its first line."""

    kind: str
    line: int
    key: str = ""
    first_line: int | None = None

    def lines(self, offset: int) -> str:
        """Where a duplicate's two keys are, as a person counts lines from `offset`:
        'lines 4 and 9', or 'both on line 4' (a flow mapping such as `{a: 1, a: 2}`)."""
        first, second = (self.first_line or 0) + offset, self.line + offset
        return f"both on line {second}" if first == second else f"lines {first} and {second}"


@dataclass
class _Level:
    """One open mapping or list while scanning: the keys seen so far (mappings) or the
    number of items (lists), and whether the next node is a key."""

    mapping: bool
    keys: dict[str, int] = field(default_factory=dict)
    expect_key: bool = True
    current: str = ""
    items: int = 0

    def name(self) -> str:
        """This level's part of a key path: the current key, or the list index."""
        return self.current if self.mapping else str(self.items)


def _key_path(levels: list[_Level], key: str) -> str:
    """The dotted path of `key` in the innermost mapping (`voice.speed`, `layers.0.colour`)."""
    return ".".join([*(level.name() for level in levels[:-1]), key])


def _node_started(levels: list[_Level], event: yaml.Event) -> Hazard | None:
    """Note a node in its parent; a scalar key the parent mapping already has is a hazard."""
    parent = levels[-1] if levels else None
    if parent is None or not (parent.mapping and parent.expect_key):
        return None
    key = event.value if isinstance(event, yaml.ScalarEvent) else None  # None: [a, b] as key
    line = event.start_mark.line
    if key is not None and key in parent.keys:
        return Hazard("duplicate", line, _key_path(levels, key), parent.keys[key])
    if key is not None:
        parent.keys[key] = line
    parent.current = key or ""
    return None


def _node_ended(levels: list[_Level]) -> None:
    """A node is complete: its parent mapping now expects a key or a value, its list counts it."""
    if not levels:
        return
    parent = levels[-1]
    if parent.mapping:
        parent.expect_key = not parent.expect_key
    else:
        parent.items += 1


def yaml_hazard(text: str, loader: type = yaml.SafeLoader, *, aliases: bool = False
                ) -> Hazard | None:
    """The first hazard in the event stream, or None: "deep", a list or mapping nested deeper
    than MAX_YAML_DEPTH (PyYAML builds values recursively: deeper nesting would overflow
    Python's stack); "duplicate", a key written twice in one mapping (a reader sees the first,
    PyYAML keeps the last); with `aliases`, "alias" (aliases can expand exponentially)."""
    levels: list[_Level] = []
    for event in yaml.parse(text, Loader=loader):
        if aliases and isinstance(event, yaml.AliasEvent):
            return Hazard("alias", event.start_mark.line)
        if isinstance(event, _NODE) and (hazard := _node_started(levels, event)):
            return hazard
        if isinstance(event, _START):
            if len(levels) >= MAX_YAML_DEPTH:
                return Hazard("deep", event.start_mark.line)
            levels.append(_Level(mapping=isinstance(event, yaml.MappingStartEvent)))
        elif isinstance(event, _END):
            levels.pop()
            _node_ended(levels)
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            _node_ended(levels)
    return None
