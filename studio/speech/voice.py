"""`Voice`: how one run speaks — the engine, offline or not, the speech cache, the speed —
as one value passed from the command line (or a Python caller) down to the engines."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Voice:
    """Speech settings for a run; None means "as each script says" (its `voice:` key)."""

    engine: str | None = None  # auto | gtts | espeak | neural | recorded; None: the script's
    offline: bool = False  # only the offline voice (espeak-ng), no network at all
    cache_dir: Path | None = None  # None: $STUDIO_CACHE_DIR or the user cache
    speed: float | None = None  # None: the script's `voice.speed` (texts: 1.0)

    def __post_init__(self) -> None:
        if self.cache_dir is not None and not isinstance(self.cache_dir, Path):
            object.__setattr__(self, "cache_dir", Path(self.cache_dir))

    def engine_for(self, script_engine: str | None = None) -> str:
        """The engine to ask for: when offline, espeak (or the neural voice if asked for: it
        is offline too); else this run's, else the script's."""
        asked = self.engine or script_engine or "auto"
        if self.offline:
            return "neural" if asked == "neural" else "espeak"
        return asked

    def speed_for(self, script_speed: float | None = None) -> float:
        """This run's speed, else the script's, else 1.0."""
        return self.speed if self.speed is not None else (script_speed or 1.0)

    def with_engine(self, engine: str | None) -> "Voice":
        """The same settings with another engine."""
        return replace(self, engine=engine)

    def fingerprint(self) -> dict[str, object]:
        """What changes the sound of an output (for a build's fingerprints): not the cache."""
        return {"engine": self.engine, "offline": self.offline, "speed": self.speed}
