"""Guards for reading YAML written by people (scripts, templates, profiles): PyYAML's safe
loader still builds values recursively and expands aliases, so both are refused first."""

from __future__ import annotations

import yaml

MAX_YAML_DEPTH = 32  # far deeper than any script or template needs


def yaml_hazard(text: str, loader: type = yaml.SafeLoader, *, aliases: bool = False
                ) -> tuple[str, yaml.Event] | None:
    """The first hazard in the event stream, or None: ("deep", event) for a list or mapping
    nested deeper than MAX_YAML_DEPTH (PyYAML builds values recursively: deeper nesting would
    overflow Python's stack), and with `aliases`, ("alias", event) for an alias (aliases can
    expand exponentially)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if aliases and isinstance(event, yaml.AliasEvent):
            return "alias", event
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return "deep", event
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def too_deep(text: str, loader: type = yaml.SafeLoader) -> yaml.Event | None:
    """The first list or mapping nested deeper than MAX_YAML_DEPTH, or None."""
    hazard = yaml_hazard(text, loader)
    return hazard[1] if hazard else None
