"""`load(path) -> Script`: read, validate and resolve a script, reporting every problem."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from studio.errors import ScriptError, StudioError, StudioErrors, setting
from studio.project import Project, resolve_asset
from studio.script import fields
from studio.script.broadcast import broadcast as broadcast_block
from studio.script.body import RawScene, parse_body, without_label
from studio.script.campaign import DATA_SUFFIXES, campaign_of
from studio.script.checksum import script_checksum
from studio.script.model import (LANGUAGES, RECORDED_ONLY_LANGUAGES, Approval, Paragraph,
                                 Pause, PosterText, Scene, Script, ScriptVideo, ScriptVoice,
                                 Speaker, Targets, Translation)
from studio.script.source import FrontMatter, parse_front_matter, read_text, split
from studio.text import did_you_mean, slugify

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v"}
AUDIO_SUFFIXES = {".mp3", ".wav", ".m4a", ".ogg", ".flac", ".aac", ".opus"}
MODEL_SUFFIXES = {".onnx"}  # a Piper voice (its .onnx.json beside it) for the neural engine
MAX_PARAGRAPH_CHARS = fields.MAX_PARAGRAPH_CHARS


class _Collector:
    """Gathers problems with their file and line, so one run reports them all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[StudioError] = []

    def add(self, message: str, line: int | None, hint: str = "") -> None:
        self.errors.append(ScriptError(message, file=self.path, line=line, hint=hint or None))

    def field(self, fm: FrontMatter, key: str, check, *args):
        """Run a field checker; record its problem at the key's line and return None."""
        try:
            return check(*args)
        except fields.FieldProblem as problem:
            self.add(problem.message, fm.line_of(key), problem.hint)
            return None

    def asset(self, ref: str, project: Project, line: int, kinds: set[str], what: str
              ) -> Path | None:
        try:
            path = resolve_asset(ref, script_path=self.path, project=project, line=line)
        except StudioError as exc:
            self.errors.append(exc)
            return None
        if path.suffix.lower() not in kinds:
            self.add(f"{what} '{ref}' has an unsupported type '{path.suffix}'", line,
                     "use one of " + ", ".join(sorted(kinds)))
            return None
        return path


def load(path: str | Path, project: Project | None = None) -> Script:
    """Load and validate the script at `path`; raise one StudioError listing every problem."""
    path = Path(path)
    project = project or Project.at()
    text = read_text(path)
    source = split(path, text)
    fm = parse_front_matter(source)
    c = _Collector(path)
    values = fm.values

    for key in values:
        if key not in fields.KNOWN_KEYS:
            c.add(f"unknown key '{key}'", fm.line_of(key), fields.did_you_mean(key, fields.KNOWN_KEYS))
    title = c.field(fm, "title", fields.text, values.get("title"), "title", True)
    lang = c.field(fm, "lang", fields.language, values.get("lang"))
    priority = c.field(fm, "priority", fields.priority, values.get("priority")) or "thuong"
    script_id = c.field(fm, "id", fields.slug_id, values.get("id")) or folded_id(path)
    organization = c.field(fm, "organization", fields.text, values.get("organization"),
                           "organization")
    program = c.field(fm, "program", fields.text, values.get("program"), "program")
    date = c.field(fm, "date", fields.date, values.get("date"), "date")
    targets = c.field(fm, "targets", fields.targets, values.get("targets")) or {}
    voice = _voice(c, fm, project)
    speakers = _speakers(c, fm)
    video = _video(c, fm)
    poster = _poster(c, fm, project)
    approval = _approval(c, fm)
    music = _asset_key(c, fm, project, "music", AUDIO_SUFFIXES)
    logo = _asset_key(c, fm, project, "logo", IMAGE_SUFFIXES)
    on_air = (c.field(fm, "broadcast", broadcast_block, values["broadcast"])
              if values.get("broadcast") is not None else None)
    variants = _variants(c, fm, project)

    raw = parse_body(source.body, source.body_line)
    for message, line, hint in raw.problems:
        c.add(message, line, hint)
    given = fm.values.get("speakers")  # a speaker refused above still names its paragraphs
    names = tuple(" ".join(str(name).split()) for name in given) if isinstance(given, dict) \
        else ()
    scenes = tuple(_scene(c, project, raw_scene, index, lang, names)
                   for index, raw_scene in enumerate(raw.scenes))
    if not raw.scenes:
        c.add("the script has no scenes", source.body_line,
              "add a '## Scene heading' followed by narration paragraphs")
    if c.errors:
        raise c.errors[0] if len(c.errors) == 1 else StudioErrors(c.errors)

    script = Script(
        path=path, title=title, id=script_id, lang=lang, scenes=scenes,
        checksum=script_checksum(values, source.body), organization=organization,
        program=program, priority=priority, date=date,
        targets=Targets(**{k: tuple(v) for k, v in targets.items()}), voice=voice, video=video,
        music=music,
        logo=logo, poster=poster, approval=approval, speakers=speakers, broadcast=on_air,
        warnings=tuple(_warnings(scenes, lang)),
        key_lines=dict(fm.lines))
    if variants is None:
        return script
    campaign = replace(campaign_of(script, *variants, fm.line_of("variants"),
                                   text.split("\n")),
                       text_sha256=script_checksum({k: v for k, v in values.items()
                                                    if k != "approval"}, source.body))
    return replace(script, campaign=campaign,
                   checksum=script_checksum(values, source.body, campaign.sha256))


def folded_id(path: Path) -> str:
    """The id of a script without `id:`: its file name folded to an ASCII slug."""
    return slugify(path.stem)


def declared_id(path: Path) -> tuple[str, int | None] | None:
    """A script's id and the line of its `id:` (None when folded from the file name), read
    from the front matter alone — to compare scripts that are not loaded; None when the
    front matter or the id cannot be read (loading the script says why)."""
    try:
        fm = parse_front_matter(split(path, read_text(path)))
        written = fields.slug_id(fm.values.get("id"))
    except (StudioError, fields.FieldProblem):
        return None
    return (written, fm.line_of("id")) if written else (folded_id(path), None)


def _voice(c: _Collector, fm: FrontMatter, project: Project) -> ScriptVoice:
    raw = c.field(fm, "voice", fields.mapping, fm.values.get("voice"), "voice", fields.VOICE_KEYS)
    if raw is None:
        return ScriptVoice()
    engine = c.field(fm, "voice", fields.engine, raw.get("engine")) or "auto"
    speed = c.field(fm, "voice", fields.speed, raw.get("speed")) or 1.0
    name = c.field(fm, "voice", fields.text, raw.get("name"), "voice.name")
    model = c.field(fm, "voice", fields.text, raw.get("model"), "voice.model")
    if model:
        model = c.asset(model, project, fm.line_of("voice"), MODEL_SUFFIXES, "voice model")
    return ScriptVoice(engine=engine, speed=speed, name=name, model=model)


def _speakers(c: _Collector, fm: FrontMatter) -> tuple[Speaker, ...]:
    """The `speakers:` cast, each speaker with the line it is named on."""
    cast = []
    for name, spec in (c.field(fm, "speakers", fields.speakers, fm.values.get("speakers"))
                       or {}).items():
        line = fm.line_of(f"speakers.{name}")
        try:
            cast.append(replace(fields.speaker(name, spec), line=line))
        except fields.FieldProblem as problem:
            c.add(problem.message, line, problem.hint)
    return tuple(cast)


def spoken_by(text: str, label: str | None, speakers: tuple[str, ...]
              ) -> tuple[str, str | None]:
    """A paragraph's text and speaker: its `**Name:**` label taken off when the script has
    speakers (without `speakers:` bold text is read as it is)."""
    if label is None or not speakers:
        return text, None
    if label not in speakers:
        raise fields.FieldProblem(f"unknown speaker '{label}'",
                                  did_you_mean(label, speakers) + " (the names in 'speakers:')")
    return without_label(text, label), label


def _video(c: _Collector, fm: FrontMatter) -> ScriptVideo:
    raw = c.field(fm, "video", fields.mapping, fm.values.get("video"), "video", fields.VIDEO_KEYS)
    if not raw:
        return ScriptVideo()
    words = {key: c.field(fm, "video", fields.choice, raw[key], f"video.{key}", choices, None)
             for key, choices in fields.VIDEO_CHOICES.items() if raw.get(key) is not None}
    closing = (c.field(fm, "video", fields.closing_seconds, raw["closing"])
               if raw.get("closing") is not None else None)
    return ScriptVideo(closing=closing, **words)


def _poster(c: _Collector, fm: FrontMatter, project: Project) -> PosterText | None:
    raw = c.field(fm, "poster", fields.mapping, fm.values.get("poster"), "poster",
                  fields.POSTER_KEYS)
    if not raw:
        return None
    image = None
    if raw.get("image") is not None:
        image = c.asset(str(raw["image"]), project, fm.line_of("poster"), IMAGE_SUFFIXES,
                        "poster image")
    return PosterText(
        headline=c.field(fm, "poster", fields.text, raw.get("headline"), "poster.headline"),
        subline=c.field(fm, "poster", fields.text, raw.get("subline"), "poster.subline"),
        image=image)


def _variants(c: _Collector, fm: FrontMatter, project: Project) -> tuple[Path, str] | None:
    """`variants: {data: FILE, key: COLUMN}`: the campaign's data file and key column."""
    raw = c.field(fm, "variants", fields.mapping, fm.values.get("variants"), "variants",
                  fields.VARIANTS_KEYS)
    if not raw:
        return None
    key = c.field(fm, "variants", fields.text, raw.get("key"), "variants.key", True)
    data = c.field(fm, "variants", fields.text, raw.get("data"), "variants.data", True)
    if data is None or key is None:
        return None
    path = c.asset(data, project, fm.line_of("variants"), DATA_SUFFIXES, "data file")
    return (path, key) if path else None


def _approval(c: _Collector, fm: FrontMatter) -> Approval | None:
    raw = c.field(fm, "approval", fields.mapping, fm.values.get("approval"), "approval",
                  fields.APPROVAL_KEYS)
    if not raw:
        return None
    by = c.field(fm, "approval", fields.text, raw.get("by"), "approval.by", True)
    on = c.field(fm, "approval", fields.date, raw.get("on"), "approval.on")
    checksum = c.field(fm, "approval", fields.text, raw.get("checksum"), "approval.checksum",
                       True)
    if by is None or on is None or checksum is None:
        if on is None and by and checksum:
            c.add("'approval.on' is missing", fm.line_of("approval"),
                  f"approve again with: {setting('approve')}")
        return None
    signed = {k: c.field(fm, "approval", fields.text, raw.get(k), f"approval.{k}")
              for k in ("at", "key", "signature")}
    return Approval(by=by, on=on, checksum=checksum, **signed)


def _asset_key(c: _Collector, fm: FrontMatter, project: Project, key: str, kinds: set[str]
               ) -> Path | None:
    value = fm.values.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        c.add(f"'{key}' must be a file path", fm.line_of(key), f"write '{key}: file name'")
        return None
    return c.asset(value, project, fm.line_of(key), kinds, key)


def translation_problem(tag: str, text: str, before: Paragraph | Pause | None, lang: object
                        ) -> tuple[str, str] | None:
    """What is wrong with a translation `[tag] text` after `before` in a script in `lang`, as
    (message, hint), or None."""
    shown = f"[{tag}]"
    code = tag.lower()
    if code not in LANGUAGES:
        return (f"unknown language '{tag}' in the translation tag '{shown}'",
                did_you_mean(code, tuple(LANGUAGES)))
    if code == lang:
        return (f"'{shown}' translates into the script's own language",
                "remove the tag, or set 'lang:' to the language spoken")
    if not text:
        return f"the translation '{shown}' is empty", f"write the translation after '{shown}'"
    if not isinstance(before, Paragraph):
        return (f"the translation '{shown}' has nothing to translate",
                "put it right after the paragraph it translates")
    if before.translation is not None:
        return (f"the paragraph at line {before.line} already has a translation",
                "keep one translation per paragraph, or join them")
    return None


def _scene(c: _Collector, project: Project, raw: RawScene, index: int, lang: object,
           speakers: tuple[str, ...] = ()) -> Scene:
    parts: list[Paragraph | Pause] = []
    too_long = False
    takes = dict(raw.takes)  # a speaker's own recordings; the rest are the scene's
    for kind, value, line in raw.parts:
        if kind == "pause":
            try:
                parts.append(Pause(fields.pause_seconds(str(value)), line))
            except fields.FieldProblem as problem:
                c.add(problem.message, line, problem.hint)
        elif kind == "translation":
            tag, text = value
            before = parts[-1] if parts else None
            if problem := translation_problem(tag, text, before, lang):
                c.add(problem[0], line, problem[1])
            elif len(text) > MAX_PARAGRAPH_CHARS:
                c.add(f"translation is too long ({len(text):,} characters)", line,
                      f"split it with its paragraph into paragraphs of at most "
                      f"{MAX_PARAGRAPH_CHARS:,} characters")
            else:
                parts[-1] = replace(before, translation=Translation(tag.lower(), text, line))
        elif len(text := str(value).strip()) > MAX_PARAGRAPH_CHARS:
            too_long = True
            c.add(f"paragraph is too long ({len(text):,} characters)", line,
                  f"split it into paragraphs of at most {MAX_PARAGRAPH_CHARS:,} characters")
        elif text:
            try:
                said, speaker = spoken_by(text, raw.labels.get(line), speakers)
            except fields.FieldProblem as problem:
                c.add(problem.message, line, problem.hint)
                continue
            take = takes.pop(line, None) if speaker else None
            recording = take and c.asset(take[0], project, line, AUDIO_SUFFIXES, "recording")
            if said:
                parts.append(Paragraph(said, line, speaker=speaker, recording=recording))
            elif take:
                c.add(f"the recording of '{speaker}' has no text", line,
                      "write what they say after the label: it is the subtitle")
    heading = raw.heading or f"Scene {index + 1}"
    visual = focus = None
    if raw.visuals:
        ref, line, title = raw.visuals[0]
        visual = c.asset(ref, project, line, IMAGE_SUFFIXES | VIDEO_SUFFIXES, "visual")
        try:
            focus = fields.focus(title)
        except fields.FieldProblem as problem:
            c.add(problem.message, line, problem.hint)
        if len(raw.visuals) > 1:
            c.add(f"scene '{heading}' has {len(raw.visuals)} images", raw.visuals[1][1],
                  "keep one image per scene, or start a new '## scene'")
    recordings = sorted([*raw.recordings, *takes.values()], key=lambda r: r[1])
    recording = None
    if recordings:
        ref, line = recordings[0]
        recording = c.asset(ref, project, line, AUDIO_SUFFIXES, "recording")
    if not any(isinstance(p, Paragraph) for p in parts) and not recordings and not too_long:
        c.add(f"scene '{heading}' has nothing to say", raw.line,
              "add a narration paragraph or a [voice](recording.mp3) link")
    headline = " ".join(text for text, _ in raw.headlines) or None
    return Scene(index=index, heading=heading, line=raw.line, parts=tuple(parts), visual=visual,
                 headline=headline, recording=recording, focus=focus,
                 visual_line=raw.visuals[0][1] if raw.visuals else None,
                 recording_line=recordings[0][1] if recordings else None)


def _warnings(scenes: tuple[Scene, ...], lang: Any) -> list[str]:
    out = []
    if lang in RECORDED_ONLY_LANGUAGES:
        for scene in scenes:
            if scene.recording is None:
                out.append(f"line {scene.line}: scene '{scene.heading}' needs a [voice](file) "
                           f"recording: there is no text-to-speech for '{lang}'")
    return out
