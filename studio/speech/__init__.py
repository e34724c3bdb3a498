"""Speech: narration for video and loudspeaker audio (gTTS online, espeak-ng offline, recordings).

The API other parts of studio call:

- `narrate(script, *, engine=None, offline=False, cache_dir=None, notice=None, project=None)
  -> Narration` — every scene as a cached mono WAV with sentence timings.
- `narrate_text(text, *, lang="vi", engine="auto", ...) -> SceneNarration` — one text.
- `speak_text(text, out, ...)`, `speak_script(script, release, out, ...)` — MP3/WAV files.
- `spoken_form(text, lang, lexicon=None)`, `normalize(text, lang, project_root)` — spoken form.
- `engine_status()`, `list_voices()` — what can speak right now.
"""

from studio.speech.cache import cache_dir
from studio.speech.engines import engine_status, list_voices
from studio.speech.model import Narration, SceneNarration, Sentence
from studio.speech.narrate import narrate, narrate_text
from studio.speech.normalize import normalize, spoken_form
from studio.speech.speak import export_audio, join_scenes, speak_script, speak_text

__all__ = ["Narration", "SceneNarration", "Sentence", "cache_dir", "engine_status",
           "export_audio", "join_scenes", "list_voices", "narrate", "narrate_text", "normalize",
           "speak_script", "speak_text", "spoken_form"]
