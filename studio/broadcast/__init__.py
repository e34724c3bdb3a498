"""On air: what the outputs folder's bulletins are, in the order they air, and the files a
station or a loudspeaker platform takes — an ordered `.m3u8`, an `.ics` of the air slots and
RSS 2.0 podcast feeds (one for the folder, one per area).

Below `studio.audio`: it reads the bulletins' JSON reports, never renders."""

from studio.lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["Entry", "entries_in", "ordered"], "studio.broadcast.schedule"),
    **dict.fromkeys(["Exports", "write_exports"], "studio.broadcast.exports"),
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
