"""The `.ics` of the air slots (icalendar): one daily-recurring event per bulletin and slot,
from its first air day until its expiry, in the commune's own clock (floating local time:
no time-zone database is needed on the PC)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from studio.broadcast.playlist import display_title
from studio.broadcast.schedule import Entry, ordered

PRODUCT_ID = "-//studio//on air//VI"
PRIORITY_LEVELS = {"khan-cap": 1, "uu-tien": 5, "thuong": 9}  # RFC 5545 PRIORITY: 1 highest


def event_uid(entry: Entry, slot: dt.time) -> str:
    """A stable id for a bulletin's slot: a re-render updates the event, not duplicates it."""
    return f"{entry.mp3.stem}-{slot.strftime('%H%M')}@studio"


def slot_event(entry: Entry, slot: dt.time, stamp: dt.datetime):
    """The event of one bulletin in one daily slot."""
    from icalendar import Event
    start = dt.datetime.combine(entry.first_day, slot)
    event = Event()
    event.add("uid", event_uid(entry, slot))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(seconds=max(round(entry.seconds), 1)))
    event.add("summary", display_title(entry))
    event.add("priority", PRIORITY_LEVELS.get(entry.priority, 0))
    event.add("categories", [entry.priority])
    if entry.area:
        event.add("location", ", ".join(entry.area))
    event.add("description", f"{entry.mp3.name}")
    rule = {"freq": "daily"}
    if entry.until is not None:
        rule["until"] = dt.datetime.combine(entry.until, slot)
    event.add("rrule", rule)
    return event


def calendar_bytes(entries: Sequence[Entry], name: str, stamp: dt.datetime) -> bytes:
    """The calendar of every approved bulletin's slots (bulletins without slots are left to
    the commune: no event); `stamp` (UTC) is when the bulletins were made."""
    from icalendar import Calendar
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for entry in ordered(e for e in entries if not e.draft):
        for slot in entry.slots:
            cal.add_component(slot_event(entry, slot, stamp))
    return cal.to_ical()
