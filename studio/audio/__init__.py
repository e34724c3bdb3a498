"""Loudspeaker audio: approved scripts into broadcast-ready bulletins (MP3, tags, sidecars).

`render_bulletins(scripts, ...)` is `studio audio` (`prepare_bulletins` — load, gate, check,
narrate — then `write_bulletins`); `render_audio(script, ...)` is what `studio build` calls;
`render_narration(script, narration, ...)` masters a narration you already have.
"""

from studio.audio.profiles import (DEFAULT_PROFILE, PROFILES, TIMING, AudioProfile, Timing,
                                   get_profile)
from studio.audio.render import (AudioOptions, Bulletins, PreparedBulletins, prepare_bulletins,
                                 render_audio, render_bulletins, render_narration,
                                 write_bulletins)
from studio.audio.result import AudioResult

__all__ = ["DEFAULT_PROFILE", "PROFILES", "TIMING", "AudioOptions", "AudioProfile",
           "AudioResult", "Bulletins", "PreparedBulletins", "Timing", "get_profile",
           "prepare_bulletins", "render_audio", "render_bulletins", "render_narration",
           "write_bulletins"]
