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
from studio.speech.engines import (SYNTH_LANGUAGES, Engine, Where, choose_auto,
                                   choose_engine, describe_voice, speaking_notice, tell_once)
from studio.speech.model import (Narration, SceneNarration, Sentence, SpokenWord,
                                 SubtitleTranslation)
from studio.speech.normalize import spoken_form
from studio.speech.normalize.lexicon import Lexicon, load_lexicon
from studio.speech.pauses import find_speech, sentence_times, spread, wav_levels
from studio.speech.sentences import split_sentences
from studio.speech.voice import Voice
from studio.speech.synth import Cast, _Synth, script_cast
from studio.speech.wav import (SAMPLE_RATE, Audio, concat, decode_to_wav, read_wav, silence,
                               wav_duration)
from studio.speech.wordtimes import moved, shown_words

T = TypeVar("T")
SENTENCE_GAP = 0.25  # seconds of silence between sentences of a paragraph
PARAGRAPH_GAP = 0.6  # between paragraphs
RECORDED_VOICE = "recorded"  # which voice spoke a scene read from a human recording


@dataclass(frozen=True)
class Line:
    """A sentence to say: as written and as spoken, and by whom (None: the narrator)."""

    text: str
    spoken: str
    speaker: str | None = None


@dataclass(frozen=True)
class Take:
    """A speaker's paragraph said by its own recording (`[voice](file.mp3)` in it)."""

    recording: Path
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Gap:
    """Silence in a scene: a script pause or the breath between sentences/paragraphs."""

    seconds: float


def paragraph_lines(text: str, lang: str, lexicon: Lexicon, speaker: str | None = None
                    ) -> tuple[Line, ...]:
    """A paragraph's sentences to say, as written and as spoken (those with no word to say
    left out), each by the paragraph's speaker."""
    lines = []
    for sentence in split_sentences(text, abbreviations=lexicon.dotted()):
        spoken = spoken_form(sentence, lang, lexicon)
        if any(ch.isalnum() for ch in spoken):
            lines.append(Line(sentence, spoken, speaker))
    return tuple(lines)


def said_paragraphs(scene: Scene, lang: str, lexicon: Lexicon) -> tuple[tuple[Line, ...], ...]:
    """Each paragraph's lines, in the scene's order."""
    return tuple(paragraph_lines(p.text, lang, lexicon, p.speaker) for p in scene.paragraphs)


Item = Line | Take | Gap


def plan_lines(scene: Scene, said: Sequence[tuple[Line, ...]]) -> tuple[Item, ...]:
    """The scene as a sequence of sentences, takes and silences, in reading order, from each
    paragraph's lines (`said_paragraphs`)."""
    items: list[Item] = []
    paragraphs = iter(said)
    for part in scene.parts:
        if isinstance(part, Pause):
            items.append(Gap(part.seconds))
            continue
        lines = next(paragraphs)
        if items and isinstance(items[-1], (Line, Take)):
            items.append(Gap(PARAGRAPH_GAP))
        if part.recording is not None and lines:
            items.append(Take(part.recording, lines))
            continue
        for n, line in enumerate(lines):
            if n:
                items.append(Gap(SENTENCE_GAP))
            items.append(line)
    return tuple(items)


def plan_sentences(plan: Sequence[Item]) -> list[Line]:
    """Every sentence of a plan in order, those of takes included."""
    return [line for item in plan
            for line in (item.lines if isinstance(item, Take) else
                         (item,) if isinstance(item, Line) else ())]


def plan_scene(scene: Scene, lang: str, lexicon: Lexicon) -> tuple[Item, ...]:
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


def _scene_wav(cache: ClipCache, key: str, make: Callable[[], Audio]) -> tuple[Path, float]:
    path = cache.fetch(key, make)
    return path, wav_duration(path)


def said(item: Line, synth: _Synth, t: float, lexicon: Lexicon
         ) -> tuple[Audio, Sentence]:
    """One sentence's audio, and the sentence timed from `t` in its scene with its words."""
    audio, spoken_words = synth.timed_clip(item.spoken)
    words: tuple[SpokenWord, ...] = moved(
        shown_words(item.text, spoken_words, synth.lang, lexicon), t)
    return audio, Sentence(item.text, item.spoken, round(t, 3), round(t + audio.duration, 3),
                           words=words, speaker=item.speaker)


def take_said(take: Take, cache: ClipCache, t: float
              ) -> tuple[Audio, tuple[Sentence, ...], str]:
    """A speaker's own recording, its sentences timed by its pauses from `t` in the scene
    (their words estimated by video), and its cache key."""
    key, path = decoded(take.recording, cache)
    audio = read_wav(path)
    lines = list(take.lines)
    timed_here = recorded_timings(lines, path, audio.duration)
    return audio, tuple(replace(s, start=round(s.start + t, 3), end=round(s.end + t, 3),
                                speaker=line.speaker)
                        for s, line in zip(timed_here, lines)), key


def synthesized_scene(scene: Scene, plan: tuple[Item, ...], cast: Cast,
                      cache: ClipCache, lexicon: Lexicon) -> SceneNarration:
    """Synthesise each sentence (cached) in its speaker's voice (a take: its recording), join
    them with the silences, time every sentence and its words."""
    parts: list[Audio] = []
    sentences: list[Sentence] = []
    keys: list[str] = []
    t = 0.0
    for item in plan:
        if isinstance(item, Line):
            synth = cast(item.speaker)
            audio, sentence = said(item, synth, t, lexicon)
            sentences.append(sentence)
            keys.append(synth.key(item.spoken))
        elif isinstance(item, Take):
            audio, taken, key = take_said(item, cache, t)
            sentences.extend(taken)
            keys.append(key)
        else:
            audio = silence(item.seconds)
            keys.append(f"gap:{item.seconds}")
        parts.append(audio)
        t += audio.duration
    path, duration = _scene_wav(cache, cache_key(kind="scene", parts=keys), lambda: concat(parts))
    narrator = cast(None)
    return SceneNarration(scene.index, path, duration, tuple(sentences), narrator.engine.name,
                          voice=narrator.described)


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


def decoded(source: Path, cache: ClipCache) -> tuple[str, Path]:
    """A recording decoded to mono WAV in the cache (keyed by its path, size and time), and
    its key."""
    stat = source.stat()
    key = cache_key(kind="recording", path=str(source.resolve()), size=stat.st_size,
                    mtime=stat.st_mtime_ns, rate=SAMPLE_RATE)
    return key, cache.fetch_file(key, _decoded_recording(source))


def recorded_scene(scene: Scene, plan: tuple[Item, ...], cache: ClipCache
                   ) -> SceneNarration:
    """A human recording, decoded to mono WAV; its text's sentences timed by its pauses."""
    _key, path = decoded(Path(scene.recording), cache)
    duration = wav_duration(path)
    lines = plan_sentences(plan)
    sentences = tuple(replace(sentence, speaker=line.speaker) for sentence, line
                      in zip(recorded_timings(lines, path, duration), lines))
    return SceneNarration(scene.index, path, duration, sentences, "recorded",
                          voice=RECORDED_VOICE)


def _narrate_with(script: Script, engine: Engine | None, speed: float, cache: ClipCache,
                  lexicon: Lexicon) -> tuple[SceneNarration, ...]:
    scenes = []
    cast = script_cast(script, engine, speed, cache) if engine is not None else None
    for scene in script.scenes:
        lines = said_paragraphs(scene, script.lang, lexicon)
        plan = plan_lines(scene, lines)
        made = (recorded_scene(scene, plan, cache) if scene.recording is not None
                else synthesized_scene(scene, plan, cast, cache, lexicon))
        scenes.append(replace(made, translations=pair_translations(scene, lines)))
    return tuple(scenes)


def at_voice_key(problem: SpeechError, script: Script) -> SpeechError:
    """An engine refusing the script's `voice:` (its name, its voice file), placed at the
    script's `voice:` line."""
    if not (problem.field or "").startswith("voice") or problem.file is not None:
        return problem
    return type(problem)(problem.message, file=script.path, line=script.key_lines.get("voice"),
                         field=problem.field, hint=problem.hint)


def gives_way(requested: str, engine: Engine, problem: SpeechError) -> bool:
    """Whether `auto` passes `problem` on to the next engine of its order: the network
    failing an online voice, or an engine without the voice the script names."""
    return (requested == "auto" and engine.name != "espeak"
            and (isinstance(problem, NetworkError) or problem.field == "voice.name"))


def _with_fallback(requested: str, notice: Callable[[str], None] | None, needs_engine: bool,
                   run: Callable[[Engine | None], T], root: Path | None,
                   describe: Callable[[Engine], str], model: Path | None = None,
                   cache_dir: Path | None = None) -> tuple[T, Engine | None]:
    """Run with the chosen engine (`model`: the neural voice file); under `auto`, one that
    gives way (`gives_way`) is followed by the next usable one, which says everything again
    (so one narration has one voice); then one notice says which voice spoke and why."""
    if not needs_engine:
        return run(None), None
    choice = choose_engine(requested, root=root, model=model, cache_dir=cache_dir,
                           notice=notice)
    while True:
        try:
            spoke = describe(choice.engine)  # an unknown voice name is refused here, at once
            result = run(choice.engine)
        except SpeechError as problem:
            if not gives_way(requested, choice.engine, problem):
                raise
            choice = choose_auto(Where(root, model, cache_dir, notice),
                                 after=choice.engine.name,
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
    from studio.speech.neural import voice_model
    try:
        scenes, used = _with_fallback(
            requested, notice, needs_engine,
            lambda chosen: _narrate_with(script, chosen, speed, cache, lexicon), root,
            lambda engine: describe_voice(engine, engine.voice_for(script.lang,
                                                                   script.voice.name)),
            voice_model(script.voice.model, root), voice.cache_dir)
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
    lexicon = load_lexicon(lang, (project or Project.at()).root)
    plan = plan_scene(scene, lang, lexicon)
    if not plan:
        raise SpeechError("there is nothing to say", hint="give some words to speak")

    def run(chosen: Engine | None) -> SceneNarration:
        synth = _Synth(chosen, lang, voice_name, voice.speed_for(), cache)
        return synthesized_scene(scene, plan, lambda _name: synth, cache, lexicon)

    from studio.speech.neural import voice_model
    root = (project or Project.at()).root
    try:
        result, _used = _with_fallback(
            requested, notice, True, run, root,
            lambda engine: describe_voice(engine, engine.voice_for(lang, voice_name)),
            voice_model(None, root), voice.cache_dir)
    except SpeechError as problem:
        if problem.field != "voice.name":
            raise
        raise SpeechError(problem.message, field=setting("voice_name"),
                          hint=problem.hint) from None
    return result
