"""Loudspeaker audio: approved scripts into broadcast-ready bulletins (MP3, tags, sidecars).

`prepare_audio(scripts, ...) -> AudioJob` loads, gates and checks; `render_audio(job)`
narrates, masters and writes (holding the output folder's lock) — `studio audio` is the two;
`render_narration(script, narration, ...)` masters a narration you already have.
"""

from studio.lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["DEFAULT_PROFILE", "PROFILES", "TIMING", "AudioProfile", "Timing",
                     "get_profile"], "studio.audio.profiles"),
    **dict.fromkeys(["AudioJob", "AudioOptions", "Bulletins", "prepare_audio", "render_audio",
                     "render_narration"], "studio.audio.render"),
    "AudioResult": "studio.audio.result",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
