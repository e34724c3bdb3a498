"""The RSS 2.0 podcast feed (feedgen): each approved bulletin an item with its MP3 as the
enclosure (URL under a base, length, type), `itunes:duration`, `pubDate`, priority and area
as categories, its air dates as a Dublin Core `dcterms:valid` period (its expiry) and its
language as `dc:language` — what LibreTime's podcast subscriptions and podcast-capable
loudspeaker platforms read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from studio.broadcast.playlist import display_title, relative
from studio.broadcast.schedule import Entry, ordered
from studio.languages import language_tag

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving: a fixed offset is exact
DCTERMS = "http://purl.org/dc/terms/"
PRIORITY_SCHEME = "priority"
AREA_SCHEME = "area"
def enclosure_url(entry: Entry, folder: Path, base_url: str) -> str:
    """The MP3's address: its path relative to the feed, under `base_url` if one is set."""
    path = quote(relative(entry.mp3, folder))
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


def published(entry: Entry) -> dt.datetime:
    """When the bulletin is first on air: its first day at its first slot (06:00 if none),
    Vietnam time."""
    slot = entry.slots[0] if entry.slots else dt.time(6, 0)
    return dt.datetime.combine(entry.first_day, slot, tzinfo=VIETNAM)


def valid_period(entry: Entry) -> str:
    """The air dates as a DCMI Period (`start=…;end=…;scheme=W3C-DTF`)."""
    parts = [f"start={entry.first_day.isoformat()}"]
    if entry.until:
        parts.append(f"end={entry.until.isoformat()}")
    return ";".join([*parts, "scheme=W3C-DTF"])  # no spaces: feedparser reads only those


def hms(seconds: float) -> str:
    """`itunes:duration` as HH:MM:SS."""
    whole = max(int(round(seconds)), 1)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def channel_language(entries: Sequence[Entry]) -> str:
    """The feed's language (BCP 47): its bulletins' most common one, the first to air among
    equals; Vietnamese for a feed with none."""
    if not entries:
        return language_tag("vi")
    counts = Counter(entry.lang for entry in entries)
    return language_tag(max(counts, key=lambda lang: counts[lang]))  # first of the most


def _valid_extension():
    """A feedgen extension writing `dcterms:valid` on items (feedgen's dc module has none)."""
    from feedgen.ext.base import BaseEntryExtension, BaseExtension
    from lxml import etree

    class Feed(BaseExtension):
        def extend_ns(self):
            return {"dcterms": DCTERMS}

    class Item(BaseEntryExtension):
        def __init__(self):
            self.period = None

        def valid(self, period: str) -> None:
            self.period = period

        def extend_rss(self, item):
            if self.period:
                etree.SubElement(item, f"{{{DCTERMS}}}valid").text = self.period
            return item

    return Feed, Item


def feed_bytes(entries: Sequence[Entry], folder: Path, *, title: str, updated: dt.datetime,
               base_url: str = "") -> bytes:
    """The feed of the approved bulletins, in air order; `updated` is when they were made."""
    from feedgen.feed import FeedGenerator
    approved = ordered(e for e in entries if not e.draft)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.load_extension("dc")
    fg.register_extension("dcterms", *_valid_extension(), atom=False, rss=True)
    fg.title(title)
    fg.link(href=base_url or "./", rel="alternate")
    fg.description(title)
    fg.language(channel_language(approved))
    fg.lastBuildDate(updated.astimezone(VIETNAM))
    fg.generator("studio")
    for entry in approved:
        item = fg.add_entry(order="append")
        url = enclosure_url(entry, folder, base_url)
        item.guid(f"{entry.mp3.stem}:{entry.checksum}", permalink=False)
        item.title(display_title(entry))
        item.description(entry.title)
        item.enclosure(url, str(entry.size), "audio/mpeg")
        item.pubDate(published(entry))
        item.category([{"term": entry.priority, "scheme": PRIORITY_SCHEME},
                       *({"term": a, "scheme": AREA_SCHEME} for a in entry.area)])
        item.podcast.itunes_duration(hms(entry.seconds))
        item.dcterms.valid(valid_period(entry))
        item.dc.dc_language(language_tag(entry.lang))
    return fg.rss_str(pretty=True)
