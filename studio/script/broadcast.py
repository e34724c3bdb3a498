"""The `broadcast:` block of a script: when and where a bulletin airs.

```yaml
broadcast:
  from: 2026-12-07        # first day on air
  until: 2026-12-13       # last day on air (the bulletin expires after it)
  slots: ["06:00", "17:30"]
  repeats: 3              # readings in one airing (default: as the priority says)
  area: [Thôn Nà Pàn, Cụm loa số 2]
```
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from studio.script.fields import FieldProblem, date, mapping, string_list
from studio.text import nfc

BROADCAST_KEYS = ("from", "until", "slots", "repeats", "area")
MAX_SLOTS = 24
MAX_REPEATS = 9
MAX_AREA_CHARS = 80
_SLOT = re.compile(r"^(\d{1,2})[:hH](\d{2})$")


@dataclass(frozen=True)
class Broadcast:
    """Air dates, daily slots, readings per airing and target areas; empty means "whenever
    the commune chooses, everywhere"."""

    start: dt.date | None = None  # written `from:`
    until: dt.date | None = None
    slots: tuple[dt.time, ...] = ()
    repeats: int | None = None
    area: tuple[str, ...] = ()

    def airs_on(self, day: dt.date) -> bool:
        """Whether `day` lies within the air dates (open ends are open)."""
        return (self.start is None or day >= self.start) and (
            self.until is None or day <= self.until)

    def airs_at(self, day: dt.date, slot: dt.time | None) -> bool:
        """Whether the bulletin airs on `day` in `slot` (None: any slot of the day); a
        bulletin without slots airs in every slot."""
        return self.airs_on(day) and (slot is None or not self.slots or slot in self.slots)

    def validity_warning(self, today: dt.date) -> str | None:
        """A warning when the bulletin has expired or is not yet on air `today`."""
        if self.until is not None and today > self.until:
            return (f"expired: its air dates ended on {self.until.isoformat()} — "
                    "remove it from the schedule or set a new 'broadcast.until'")
        if self.start is not None and today < self.start:
            return f"not on air yet: its air dates start on {self.start.isoformat()}"
        return None


def slot(value: Any) -> dt.time:
    """One daily slot, `HH:MM` (YAML reads an unquoted `17:30` as the number 1050 — base 60 —
    so such numbers are read back as the time they were written as)."""
    if isinstance(value, bool):
        raise FieldProblem(f"slot {value!r} is not a time", "write slots as HH:MM, e.g. '06:00'")
    if isinstance(value, int):
        if value < 60:
            raise FieldProblem(f"slot {value} is not a time",
                               "write slots as HH:MM, e.g. '06:00'")
        value = f"{value // 60}:{value % 60:02d}"
    match = _SLOT.match(str(value).strip())
    hours, minutes = (int(match[1]), int(match[2])) if match else (99, 99)
    if hours > 23 or minutes > 59:
        raise FieldProblem(f"slot '{value}' is not a time of day",
                           "write slots as HH:MM from 00:00 to 23:59, e.g. '17:30'")
    return dt.time(hours, minutes)


def slots(value: Any) -> tuple[dt.time, ...]:
    """The daily slots, in time order, each once."""
    raw = [value] if isinstance(value, (str, int)) and not isinstance(value, bool) else value
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise FieldProblem("'broadcast.slots' must be a list of times",
                           "write 'slots: [\"06:00\", \"17:30\"]'")
    if len(raw) > MAX_SLOTS:
        raise FieldProblem(f"'broadcast.slots' has {len(raw)} slots", f"keep at most {MAX_SLOTS}")
    return tuple(sorted(set(slot(v) for v in raw)))


def repeats(value: Any) -> int | None:
    """Readings in one airing: 1 to MAX_REPEATS."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_REPEATS:
        raise FieldProblem(f"'broadcast.repeats' must be a whole number from 1 to {MAX_REPEATS}, "
                           f"not {value!r}", "write e.g. 'repeats: 2'")
    return value


def areas(value: Any) -> tuple[str, ...]:
    """Target areas (thôn, loudspeaker cluster): short names, NFC, each once."""
    names = tuple(dict.fromkeys(" ".join(nfc(v).split()) for v in string_list(value,
                                                                           "broadcast.area")))
    for name in names:
        if not name:
            raise FieldProblem("an area in 'broadcast.area' is empty",
                               "write e.g. 'area: [Thôn Nà Pàn]'")
        if len(name) > MAX_AREA_CHARS:
            raise FieldProblem(f"area '{name[:24].rstrip()}…' is {len(name)} characters long "
                               f"(at most {MAX_AREA_CHARS})",
                               "name the thôn or loudspeaker cluster, e.g. 'area: [Thôn Nà Pàn]'")
    return names


def broadcast(value: Any) -> Broadcast:
    """The `broadcast:` block, checked: dates in order, slots as times, repeats in range."""
    raw = mapping(value, "broadcast", BROADCAST_KEYS)
    start, until = date(raw.get("from"), "broadcast.from"), date(raw.get("until"),
                                                                  "broadcast.until")
    if start and until and until < start:
        raise FieldProblem(f"'broadcast.until' {until.isoformat()} is before 'broadcast.from' "
                           f"{start.isoformat()}", "swap them, or correct the dates")
    return Broadcast(start=start, until=until, slots=slots(raw.get("slots")),
                     repeats=repeats(raw.get("repeats")), area=areas(raw.get("area")))


def air_date_warnings(script: Any, today: dt.date | None = None) -> list[str]:
    """`studio check`'s warning for a bulletin past its air dates or not yet on air, at the
    line of its `broadcast:` block."""
    block = getattr(script, "broadcast", None)
    problem = block.validity_warning(today or dt.date.today()) if block else None
    if problem is None:
        return []
    return [f"line {script.key_lines.get('broadcast', 1)}: {problem}"]
