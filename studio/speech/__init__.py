"""Speech: narration for video and loudspeaker audio (gTTS online, espeak-ng offline, a neural
Piper voice file copied into `voices/`, recordings).

The API other parts of studio call (loaded on first use, so `studio.speech.voice` stays light):

- `Voice(engine=None, offline=False, cache_dir=None, speed=None)` — how a run speaks.
- `narrate(script, *, voice=Voice(), notice=None, project=None) -> Narration` — every scene
  as a cached mono WAV with sentence timings.
- `narrate_text(text, *, lang="vi", voice=Voice(), ...) -> SceneNarration` — one text.
- `speak_text(text, out, ...)`, `speak_script(script, out, ...)` — MP3/WAV files.
- `spoken_form(text, lang, lexicon=None)`, `normalize(text, lang, project_root)` — spoken form.
- `engine_status()`, `list_voices()` — what can speak right now.
"""

from studio.lazy import lazy_exports

_EXPORTS = {
    "Voice": "studio.speech.voice",
    "cache_dir": "studio.speech.cache",
    **dict.fromkeys(["engine_status", "list_voices"], "studio.speech.engines"),
    **dict.fromkeys(["Narration", "SceneNarration", "Sentence"], "studio.speech.model"),
    **dict.fromkeys(["narrate", "narrate_text"], "studio.speech.narrate"),
    **dict.fromkeys(["normalize", "spoken_form"], "studio.speech.normalize"),
    **dict.fromkeys(["export_audio", "join_scenes", "speak_script", "speak_text"],
                    "studio.speech.speak"),
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
