"""`narrate(script)`: every scene's narration as a WAV with sentence timings, via the cache."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from studio.errors import NetworkError, SpeechError, setting
from studio.project import Project
from studio.script import fields
from studio.script.model import (RECORDED_ONLY_LANGUAGES, Paragraph, Pause, Scene, Script,
                                 reading_seconds)
from studio.speech.cache import ClipCache, cache_key
from studio.speech.engines import (SYNTH_LANGUAGES, Engine, choose_auto, choose_engine,
                                   describe_voice, plausible, require_plausible,
                                   speaking_notice, tell_once)
from studio.speech.model import Narration, SceneNarration, Sentence, SubtitleTranslation
from studio.speech.normalize import spoken_form
from studio.speech.normalize.lexicon import Lexicon, load_lexicon
from studio.speech.pauses import find_speech, sentence_times, spread, wav_levels
from studio.speech.sentences import split_sentences
from studio.speech.voice import Voice
from studio.speech.wav import SAMPLE_RATE, Audio, concat, decode_to_wav, silence, wav_duration

T = TypeVar("T")
SENTENCE_GAP = 0.25  # seconds of silence between sentences of a paragraph
PARAGRAPH_GAP = 0.6  # between paragraphs
RECORDED_VOICE = "recorded"  # which voice spoke a scene read from a human recording


@dataclass(frozen=True)
class Line:
    """A sentence to say: as written and as spoken."""

    text: str
    spoken: str


@dataclass(frozen=True)
class Gap:
    """Silence in a scene: a script pause or the breath between sentences/paragraphs."""

    seconds: float


def paragraph_lines(text: str, lang: str, lexicon: Lexicon) -> tuple[Line, ...]:
    """A paragraph's sentences to say, as written and as spoken (those with no word to say
    left out)."""
    lines = []
    for sentence in split_sentences(text, abbreviations=lexicon.dotted()):
        spoken = spoken_form(sentence, lang, lexicon)
        if any(ch.isalnum() for ch in spoken):
            lines.append(Line(sentence, spoken))
    return tuple(lines)


def said_paragraphs(scene: Scene, lang: str, lexicon: Lexicon) -> tuple[tuple[Line, ...], ...]:
    """Each paragraph's lines, in the scene's order."""
    return tuple(paragraph_lines(p.text, lang, lexicon) for p in scene.paragraphs)


def plan_lines(scene: Scene, said: Sequence[tuple[Line, ...]]) -> tuple[Line | Gap, ...]:
    """The scene as a sequence of sentences and silences, in reading order, from each
    paragraph's lines (`said_paragraphs`)."""
    items: list[Line | Gap] = []
    paragraphs = iter(said)
    for part in scene.parts:
        if isinstance(part, Pause):
            items.append(Gap(part.seconds))
            continue
        if items and isinstance(items[-1], Line):
            items.append(Gap(PARAGRAPH_GAP))
        for n, line in enumerate(next(paragraphs)):
            if n:
                items.append(Gap(SENTENCE_GAP))
            items.append(line)
    return tuple(items)


def plan_scene(scene: Scene, lang: str, lexicon: Lexicon) -> tuple[Line | Gap, ...]:
    """The scene as a sequence of sentences and silences, in reading order."""
    return plan_lines(scene, said_paragraphs(scene, lang, lexicon))


def pair_translations(scene: Scene, said: Sequence[tuple[Line, ...]]
                      ) -> tuple[SubtitleTranslation, ...]:
    """Which sentences each paragraph's translation goes under: sentence by sentence when the
    counts match, else under the paragraph's sentences as a whole."""
    out: list[SubtitleTranslation] = []
    first = 0
    for paragraph, lines in zip(scene.paragraphs, said):
        translation = paragraph.translation
        if translation is not None and lines:
            pieces = split_sentences(translation.text)
            if len(pieces) == len(lines):
                out += [SubtitleTranslation(translation.lang, piece, first + i, first + i)
                        for i, piece in enumerate(pieces)]
            else:
                out.append(SubtitleTranslation(translation.lang, translation.text, first,
                                               first + len(lines) - 1))
        first += len(lines)
    return tuple(out)


def require_recordings(script: Script, engine: str) -> None:
    """Scenes in tay/nun/hmn/dao (or with engine `recorded`) must each link a recording."""
    if script.lang not in RECORDED_ONLY_LANGUAGES and engine != "recorded":
        return
    for scene in script.scenes:
        if scene.recording is None:
            why = (f"there is no text-to-speech for '{script.lang}'"
                   if script.lang in RECORDED_ONLY_LANGUAGES else "the engine is 'recorded'")
            raise SpeechError(f"scene '{scene.heading}' has no recording: {why}",
                              file=script.path, line=scene.line,
                              hint="record it and add a [voice](recording.mp3) link to the scene")


class _Synth:
    """Sentence synthesis through the cache with one engine, voice and speed."""

    def __init__(self, engine: Engine, lang: str, voice_name: str | None, speed: float,
                 cache: ClipCache) -> None:
        self.engine, self.lang, self.speed, self.cache = engine, lang, speed, cache
        self.voice = engine.voice_for(lang, voice_name)
        self.identity = engine.identity()
        self.described = describe_voice(engine, self.voice)

    def key(self, spoken: str) -> str:
        return cache_key(kind="sentence", engine=self.identity, voice=self.voice, lang=self.lang,
                         speed=round(self.speed, 3), rate=SAMPLE_RATE, text=spoken)

    def clip(self, spoken: str) -> Audio:
        """The sentence's audio, from the cache or the engine; too short for its text, it is
        an error and never cached (nor used from the cache)."""
        return self.cache.load(self.key(spoken), lambda: self.make(spoken),
                               accept=lambda audio: plausible(audio, spoken, self.speed))

    def make(self, spoken: str) -> Audio:
        audio = self.engine.synthesize(spoken, voice=self.voice, speed=self.speed)
        return require_plausible(audio, spoken, self.speed, self.engine)


def _scene_wav(cache: ClipCache, key: str, make: Callable[[], Audio]) -> tuple[Path, float]:
    path = cache.fetch(key, make)
    return path, wav_duration(path)


def synthesized_scene(scene: Scene, plan: tuple[Line | Gap, ...], synth: _Synth,
                      cache: ClipCache) -> SceneNarration:
    """Synthesise each sentence (cached), join them with the silences, time every sentence."""
    parts: list[Audio] = []
    sentences: list[Sentence] = []
    keys: list[str] = []
    t = 0.0
    for item in plan:
        audio = silence(item.seconds) if isinstance(item, Gap) else synth.clip(item.spoken)
        if isinstance(item, Line):
            sentences.append(Sentence(item.text, item.spoken, round(t, 3),
                                      round(t + audio.duration, 3)))
            keys.append(synth.key(item.spoken))
        else:
            keys.append(f"gap:{item.seconds}")
        parts.append(audio)
        t += audio.duration
    path, duration = _scene_wav(cache, cache_key(kind="scene", parts=keys), lambda: concat(parts))
    return SceneNarration(scene.index, path, duration, tuple(sentences), synth.engine.name,
                          voice=synth.described)


def timed(lines: Sequence[Line], times: Sequence[tuple[float, float]]) -> tuple[Sentence, ...]:
    """Sentences with their [start, end], to the millisecond."""
    return tuple(Sentence(line.text, line.spoken, round(start, 3), round(end, 3))
                 for line, (start, end) in zip(lines, times))


def spread_timings(lines: list[Line], start: float, end: float) -> tuple[Sentence, ...]:
    """Timings for a recording's sentences, shared out by text length between start and end."""
    return timed(lines, spread([len(line.text) for line in lines], start, end))


def recorded_timings(lines: list[Line], wav: Path, duration: float) -> tuple[Sentence, ...]:
    """Timings for a recording's sentences that follow the speaker: each sentence ends in one
    of the recording's pauses, matched to the text's lengths (studio.speech.pauses)."""
    speech = find_speech(wav_levels(wav))
    return timed(lines, sentence_times([len(line.text) for line in lines], speech, duration))


def _decoded_recording(source: Path) -> Callable[[Path], object]:
    """Writes `source` decoded into the cache's temp file, refusing a recording with no
    samples before it is stored."""
    def write(target: Path) -> None:
        decode_to_wav(source, target)
        if wav_duration(target) == 0:
            raise SpeechError("the recording has no sound", file=source,
                              hint="re-export it as MP3, WAV or M4A")
    return write


def recorded_scene(scene: Scene, plan: tuple[Line | Gap, ...], cache: ClipCache
                   ) -> SceneNarration:
    """A human recording, decoded to mono WAV; its text's sentences timed by its pauses."""
    source = Path(scene.recording)
    stat = source.stat()
    key = cache_key(kind="recording", path=str(source.resolve()), size=stat.st_size,
                    mtime=stat.st_mtime_ns, rate=SAMPLE_RATE)
    path = cache.fetch_file(key, _decoded_recording(source))
    duration = wav_duration(path)
    lines = [item for item in plan if isinstance(item, Line)]
    return SceneNarration(scene.index, path, duration, recorded_timings(lines, path, duration),
                          "recorded", voice=RECORDED_VOICE)


def _narrate_with(script: Script, engine: Engine | None, speed: float, cache: ClipCache,
                  lexicon: Lexicon) -> tuple[SceneNarration, ...]:
    scenes = []
    synth = (_Synth(engine, script.lang, script.voice.name, speed, cache)
             if engine is not None else None)
    for scene in script.scenes:
        said = said_paragraphs(scene, script.lang, lexicon)
        plan = plan_lines(scene, said)
        made = (recorded_scene(scene, plan, cache) if scene.recording is not None
                else synthesized_scene(scene, plan, synth, cache))
        scenes.append(replace(made, translations=pair_translations(scene, said)))
    return tuple(scenes)


def at_voice_key(problem: SpeechError, script: Script) -> SpeechError:
    """An engine refusing the script's `voice.name`, placed at the script's `voice:` line."""
    if problem.field != "voice.name" or problem.file is not None:
        return problem
    return SpeechError(problem.message, file=script.path, line=script.key_lines.get("voice"),
                       field=problem.field, hint=problem.hint)


def gives_way(requested: str, engine: Engine, problem: SpeechError) -> bool:
    """Whether `auto` passes `problem` on to the next engine of its order: the network
    failing an online voice, or an engine without the voice the script names."""
    return (requested == "auto" and engine.name != "espeak"
            and (isinstance(problem, NetworkError) or problem.field == "voice.name"))


def _with_fallback(requested: str, notice: Callable[[str], None] | None, needs_engine: bool,
                   run: Callable[[Engine | None], T], root: Path | None,
                   describe: Callable[[Engine], str]) -> tuple[T, Engine | None]:
    """Run with the chosen engine; under `auto`, one that gives way (`gives_way`) is
    followed by the next usable one, which says everything again (so one narration has one
    voice); then one notice says which voice spoke and why."""
    if not needs_engine:
        return run(None), None
    choice = choose_engine(requested, root=root)
    while True:
        try:
            spoke = describe(choice.engine)  # an unknown voice name is refused here, at once
            result = run(choice.engine)
        except SpeechError as problem:
            if not gives_way(requested, choice.engine, problem):
                raise
            choice = choose_auto(root, after=choice.engine.name,
                                 failed=f"{choice.engine.name}: {problem.message}")
            continue
        if requested == "auto":
            tell_once(notice, speaking_notice(choice, spoke))
        return result, choice.engine


def narrate(script: Script, *, voice: Voice = Voice(),
            notice: Callable[[str], None] | None = None,
            project: Project | None = None) -> Narration:
    """Narrate every scene of `script` (recordings where linked, else synthesis).

    `voice` says how (engine, offline, cache, speed; unset parts come from the script's
    `voice:`); `notice` gets one line when `auto` falls back to the offline voice. `project`
    (default: the working folder) supplies `lexicon/<lang>.tsv`. The returned WAVs live in the
    cache: do not modify them.
    """
    requested = voice.engine_for(script.voice.engine)
    require_recordings(script, requested)
    cache = ClipCache(voice.cache_dir)
    root = (project or Project.at()).root
    lexicon = load_lexicon(script.lang, root)
    needs_engine = any(scene.recording is None for scene in script.scenes)
    speed = voice.speed_for(script.voice.speed)
    try:
        scenes, used = _with_fallback(
            requested, notice, needs_engine,
            lambda chosen: _narrate_with(script, chosen, speed, cache, lexicon), root,
            lambda engine: describe_voice(engine, engine.voice_for(script.lang,
                                                                   script.voice.name)))
    except SpeechError as problem:
        raise at_voice_key(problem, script) from None
    spoke = next((s.voice for s in scenes if s.engine != "recorded"), RECORDED_VOICE)
    return Narration(script_id=script.id, lang=script.lang,
                     engine=used.name if used else "recorded", scenes=scenes,
                     requested=requested, voice=spoke)


def within_limit(text: str) -> str:
    """`text`, unless reading it takes longer than a script may run (hours of synthesis)."""
    try:
        fields.spoken_length(reading_seconds(text))
    except fields.FieldProblem as problem:
        raise SpeechError(problem.message, hint=problem.hint) from None
    return text


def narrate_text(text: str, *, lang: str = "vi", voice: Voice = Voice(),
                 voice_name: str | None = None,
                 notice: Callable[[str], None] | None = None,
                 project: Project | None = None) -> SceneNarration:
    """Narrate a piece of text as one scene (`studio speak "TEXT"`), through the same cache;
    `voice_name` picks an engine's voice (e.g. espeak's `vi-VN-x-south`)."""
    if lang not in SYNTH_LANGUAGES:
        raise SpeechError(f"there is no text-to-speech for '{lang}'",
                          hint=f"use {setting('lang')} vi, en or zh, or record the text")
    requested = voice.engine_for()
    if requested == "recorded":
        raise SpeechError("a text cannot be 'recorded'",
                          hint=f"use {setting('engine')} auto, edge, gtts or espeak")
    within_limit(text)
    scene = Scene(index=0, heading="", line=0, parts=(Paragraph(text),))
    cache = ClipCache(voice.cache_dir)
    plan = plan_scene(scene, lang, load_lexicon(lang, (project or Project.at()).root))
    if not plan:
        raise SpeechError("there is nothing to say", hint="give some words to speak")

    def run(chosen: Engine | None) -> SceneNarration:
        return synthesized_scene(scene, plan, _Synth(chosen, lang, voice_name,
                                                         voice.speed_for(), cache), cache)

    try:
        result, _used = _with_fallback(
            requested, notice, True, run, (project or Project.at()).root,
            lambda engine: describe_voice(engine, engine.voice_for(lang, voice_name)))
    except SpeechError as problem:
        if problem.field != "voice.name":
            raise
        raise SpeechError(problem.message, field=setting("voice_name"),
                          hint=problem.hint) from None
    return result
