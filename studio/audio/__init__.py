"""Loudspeaker audio: approved scripts into broadcast-ready bulletins (MP3, tags, sidecars).

`render_bulletins(scripts, ...)` is `studio audio` (`prepare_bulletins` — load, gate, check,
narrate — then `write_bulletins`); `render_audio(script, ...)` is what `studio build` calls;
`render_narration(script, narration, ...)` masters a narration you already have.
"""

from studio.lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["DEFAULT_PROFILE", "PROFILES", "TIMING", "AudioProfile", "Timing",
                     "get_profile"], "studio.audio.profiles"),
    **dict.fromkeys(["AudioOptions", "Bulletins", "PreparedBulletins", "prepare_bulletins",
                     "render_audio", "render_bulletins", "render_narration", "write_bulletins"],
                    "studio.audio.render"),
    "AudioResult": "studio.audio.result",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
