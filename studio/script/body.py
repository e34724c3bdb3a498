"""Parsing a script's Markdown body into scenes (raw: asset paths not yet resolved)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from studio.script import fields
from studio.script.model import SCENE_GAP_SECONDS, reading_seconds

_PAUSE = re.compile(r"<!--\s*pause\s+([^\s>]*)\s*-->", re.I)
_COMMENT = re.compile(r"^\s*<!--.*?-->\s*$", re.S)
# `[vi] …` starting a paragraph, or a line of one: a translation of what comes before it
TRANSLATION_TAG = re.compile(r"\[([A-Za-z]{2,3})\]:?")
VOICE_LINK_TEXTS = {"voice", "giọng đọc", "ghi âm", "recording"}
MAX_LABEL_CHARS = 40  # a speaker's name, `**Cán bộ xã:**`; longer bold text is emphasis


@dataclass
class RawScene:
    """A scene as written: texts and asset references with their line numbers."""

    heading: str
    line: int
    # ("text", text, line), ("pause", seconds as written, line), ("translation", (tag, text), line)
    parts: list[tuple[str, object, int]] = field(default_factory=list)
    visuals: list[tuple[str, int, str | None]] = field(default_factory=list)  # (src, line, title)
    headlines: list[tuple[str, int]] = field(default_factory=list)
    recordings: list[tuple[str, int]] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # line → `**Name:**` starting it
    # line → the voice link inside that labelled paragraph: its own recording if `speakers:`
    # names the label, else the scene's (studio.script.load decides)
    takes: dict[int, tuple[str, int]] = field(default_factory=dict)
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # (message, line, hint)


@dataclass
class RawBody:
    title: str | None
    scenes: list[RawScene]
    problems: list[tuple[str, int, str]]


def _inline_text(token: Token, scene: RawScene, line: int) -> str:
    """Plain text of an inline token (its line breaks as newlines), taking out images and
    voice links as scene assets."""
    out: list[str] = []
    children = token.children or []
    skip_until_close = False
    for child in children:
        if skip_until_close:
            if child.type == "link_close":
                skip_until_close = False
            continue
        if child.type == "image":
            title = child.attrs.get("title")
            scene.visuals.append((str(child.attrs.get("src", "")), line,
                                  str(title) if title else None))
        elif child.type == "link_open":
            label = _link_label(children, children.index(child))
            if label.strip().lower() in VOICE_LINK_TEXTS:
                scene.recordings.append((str(child.attrs.get("href", "")), line))
                skip_until_close = True
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")  # kept until `split_translations` has looked for tags
        elif child.type == "html_inline" and (m := _PAUSE.fullmatch(child.content.strip())):
            scene.parts.extend(split_translations("".join(out), line))
            out = []
            scene.parts.append(("pause", m.group(1), line))
    return "".join(out)


def speaker_label(token: Token) -> str | None:
    """The name in a paragraph's leading bold label, `**Cán bộ xã:**` or `**Cán bộ xã**:`,
    or None; whether it names a speaker is for the front matter's `speakers:` to say."""
    kids = [kid for kid in token.children or [] if kid.type != "text" or kid.content]
    if len(kids) < 3 or kids[0].type != "strong_open" or kids[1].type != "text" \
            or kids[2].type != "strong_close":
        return None
    content = kids[1].content.strip()
    after = kids[3].content if len(kids) > 3 and kids[3].type == "text" else ""
    name = (content[:-1] if content.endswith(":") else
            content if after.startswith(":") else "").strip()
    return name if 0 < len(name) <= MAX_LABEL_CHARS else None


def without_label(text: str, label: str) -> str:
    """A paragraph's text after its speaker label (`Cán bộ xã: Xin chào` → `Xin chào`)."""
    head, colon, rest = text.partition(":")
    return rest.strip() if colon and one_line(head) == label else text


def one_line(text: str) -> str:
    """Text with every run of white space (line breaks too) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def split_translations(text: str, line: int) -> list[tuple[str, object, int]]:
    """A paragraph's parts: its text, then a translation from each line that starts with a
    language tag (`[vi] …`, to the next tag or the paragraph's end), each with its line."""
    parts: list[tuple[str, object, int]] = []
    tag, rows, first = None, [], line
    for offset, row in enumerate(text.split("\n")):
        if match := TRANSLATION_TAG.match(row.lstrip()):
            parts.append(_part(tag, rows, first))
            tag, rows, first = match.group(1), [row.lstrip()[match.end():]], line + offset
        else:
            rows.append(row)
    parts.append(_part(tag, rows, first))
    return [part for part in parts if part[0] == "translation" or part[1]]


def _part(tag: str | None, rows: list[str], line: int) -> tuple[str, object, int]:
    text = one_line(" ".join(rows))
    return ("text", text, line) if tag is None else ("translation", (tag, text), line)


def _link_label(children: list[Token], start: int) -> str:
    label = []
    for child in children[start + 1:]:
        if child.type == "link_close":
            break
        label.append(child.content)
    return "".join(label)


def parse_body(body: str, first_line: int) -> RawBody:
    """Split the body at `## headings` into raw scenes; `# Title` is the optional title."""
    tokens = MarkdownIt("commonmark").parse(body)
    title: str | None = None
    scenes: list[RawScene] = []
    problems: list[tuple[str, int, str]] = []
    current: RawScene | None = None
    quote_depth = 0
    i = 0

    def scene_for(line: int) -> RawScene:
        nonlocal current
        if current is None:
            current = RawScene(heading="", line=line)
            scenes.append(current)
        return current

    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] if tok.map else 0) + first_line
        if tok.type == "heading_open":
            text = tokens[i + 1].content.strip()
            if tok.tag == "h1" and title is None and not scenes:
                title = text
            elif tok.tag == "h2":
                current = RawScene(heading=text, line=line)
                scenes.append(current)
            else:
                scene_for(line).parts.append(("text", text, line))
            i += 3
            continue
        if tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "inline":
            scene = scene_for(line)
            linked = len(scene.recordings)
            text = _inline_text(tok, scene, line)
            if not quote_depth and (label := speaker_label(tok)):
                scene.labels[line] = label
                if len(scene.recordings) > linked:
                    scene.takes[line] = scene.recordings.pop(linked)
            if quote_depth:
                if text := one_line(text):
                    scene.headlines.append((text, line))
            else:
                scene.parts.extend(split_translations(text, line))
        elif tok.type == "html_block":
            content = tok.content.strip()
            if m := _PAUSE.fullmatch(content):
                scene_for(line).parts.append(("pause", m.group(1), line))
            elif not _COMMENT.fullmatch(content):
                problems.append(("raw HTML is not allowed in a script", line,
                                 "remove it, or write it as plain text"))
        elif tok.type in ("fence", "code_block"):
            problems.append(("code blocks are not allowed in a script", line,
                             "write narration as plain paragraphs"))
        i += 1
    problems.extend(length_problems(scenes))
    return RawBody(title=title, scenes=scenes, problems=problems)


def part_text(kind: str, value: object) -> str | None:
    """The text a part shows: a paragraph's, or a translation's; None for a pause."""
    if kind == "text":
        return str(value)
    return str(value[1]) if kind == "translation" else None  # type: ignore[index]


def measured(kind: str, value: object) -> bool:
    """Whether a part counts towards the limits here: not a paragraph (or translation)
    refused for its size on its own (that error is enough)."""
    text = part_text(kind, value)
    return text is None or len(text.strip()) <= fields.MAX_PARAGRAPH_CHARS


def scene_texts(scene: RawScene) -> list[tuple[str, int]]:
    """Every text of a scene that is read or shown, with its line: heading, narration,
    translations, headlines."""
    texts = [(scene.heading, scene.line)] if scene.heading else []
    texts += [(text, line) for kind, value, line in scene.parts
              if (text := part_text(kind, value)) is not None and measured(kind, value)]
    return texts + scene.headlines


def seconds_of(kind: str, value: object) -> float:
    """How long one part of a scene lasts when read: its text at the estimating pace, or
    its pause (a bad pause, or a paragraph refused for its size, is reported elsewhere and
    counts nothing here)."""
    if not measured(kind, value) or kind == "translation":  # a translation is never read
        return 0.0
    if kind == "text":
        return reading_seconds(str(value))
    try:
        return fields.pause_seconds(str(value))
    except fields.FieldProblem:
        return 0.0


def length_problems(scenes: list[RawScene]) -> list[tuple[str, int, str]]:
    """Words longer than any real word, each at its line; then, once, narration that runs
    past the longest a script may have, at the line where it crosses the limit — so neither
    reaches a render."""
    problems = []
    for scene in scenes:
        for text, line in scene_texts(scene):
            try:
                fields.word_lengths(text)
            except fields.FieldProblem as problem:
                problems.append((problem.message, line, problem.hint))
    total, crossed = 0.0, None
    for index, scene in enumerate(scenes):
        total += SCENE_GAP_SECONDS if index else 0.0
        for kind, value, line in scene.parts:
            total += seconds_of(kind, value)
            if crossed is None and total > fields.MAX_SPOKEN_MINUTES * 60:
                crossed = line
    if crossed is not None:
        try:
            fields.spoken_length(total)
        except fields.FieldProblem as problem:
            problems.append((problem.message, crossed, problem.hint))
    return problems
