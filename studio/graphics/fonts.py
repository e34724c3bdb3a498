"""Fonts per language from PyPI font packages, and the glyph-coverage check.

Each character is drawn by the first face that has it: the language's face, then Be Vietnam
Pro, then the fallback face. A face that lacks a precomposed letter but has its base and marks
draws it decomposed (Be Vietnam Pro has no ŭ, but draws u + combining breve), so the fallback
face is used only for what is left (ʼ, ŋ). A text no face covers is refused before any work.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

from studio.errors import FontError
from studio.languages import language_name

LATIN_FAMILY = "Be Vietnam Pro"  # complete Vietnamese, good for en and minority-language Latin
FALLBACK_FAMILY = "Lexend"  # what Be Vietnam Pro lacks and cannot build from its marks: ʼ, ŋ
CJK_FAMILY = "Noto Sans SC"
_IGNORED = {"\n", "\r", "\t", "\u200b", "\u200c", "\u200d", "\ufeff"}
_JOINERS = {"\u200c", "\u200d", "\u034f"}  # kept with the letter before them, like marks


@dataclass(frozen=True)
class FontSpec:
    """A font face: family and weight, resolved to a file."""

    family: str
    weight: int = 700

    @property
    def path(self) -> Path:
        return font_file(self.family, self.weight)


@dataclass(frozen=True)
class Run:
    """A stretch of text one face draws, as handed to Pillow (letters the face builds from
    base and marks already decomposed)."""

    text: str
    spec: FontSpec


class Face(ImageFont.FreeTypeFont):
    """A Pillow font that knows the FontSpec it came from, so that the layout can find the
    faces to draw what it lacks."""

    spec: FontSpec | None = None


def family_for(lang: str) -> str:
    """Chinese needs a CJK face; every other language here is Latin script."""
    return CJK_FAMILY if lang == "zh" else LATIN_FAMILY


def spec_for(lang: str, weight: int = 700) -> FontSpec:
    return FontSpec(family_for(lang), weight)


def faces_for(spec: FontSpec) -> tuple[FontSpec, ...]:
    """The faces tried for each character, in order: `spec`'s, Be Vietnam Pro, the fallback."""
    chain = (spec, FontSpec(LATIN_FAMILY, spec.weight), FontSpec(FALLBACK_FAMILY, spec.weight))
    return tuple(dict.fromkeys(chain))


@functools.cache
def font_file(family: str, weight: int = 700) -> Path:
    """Path of the font file for `family` at (nearest) `weight`."""
    if family == CJK_FAMILY:
        try:
            import pylopdf_fonts_zh_cn
        except ImportError:
            raise FontError(f"font '{family}' is not installed",
                            hint="pip install pylopdf-fonts-zh-cn") from None
        return Path(pylopdf_fonts_zh_cn.sans_path())
    try:
        import fontpkg
        return Path(fontpkg.path(family, weight=weight, nearest=True))
    except Exception:  # noqa: BLE001 - fontpkg raises several types for "not there"
        raise FontError(f"font '{family}' (weight {weight}) is not installed",
                        hint=f"pip install fontpkg-{family.lower().replace(' ', '-')}") from None


def available_families() -> list[str]:
    """Font families studio can use on this machine."""
    names = []
    try:
        import fontpkg
        names.extend(f.name for f in fontpkg.families().values())
    except Exception:  # noqa: BLE001
        pass
    try:
        import pylopdf_fonts_zh_cn  # noqa: F401
        names.append(CJK_FAMILY)
    except ImportError:
        pass
    return sorted(set(names))


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    """The characters the font file at `path` has glyphs for (read once)."""
    from fontTools.ttLib import TTFont
    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


@functools.cache
def _axes(path: Path) -> tuple[tuple[str, float], ...]:
    """(tag, default) of each variation axis of the font at `path`; () for a static font."""
    from fontTools.ttLib import TTFont
    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return tuple((a.axisTag, a.defaultValue) for a in font["fvar"].axes) \
            if "fvar" in font else ()


def clusters(text: str) -> list[str]:
    """`text` cut into letters, each with the combining marks after it (a mark is never drawn
    apart from its letter, nor by another face)."""
    out: list[str] = []
    for char in text:
        if out and (unicodedata.category(char).startswith("M") or char in _JOINERS):
            out[-1] += char
        else:
            out.append(char)
    return out


def _blank(cluster: str) -> bool:
    """Spaces and invisible controls: any face can carry them, none needs a glyph."""
    return all(c in _IGNORED or c.isspace() for c in cluster)


def drawn_form(cluster: str, cmap: frozenset[int]) -> str | None:
    """How a face with `cmap` draws `cluster`: as written, composed, or decomposed (u + ̆ for
    ŭ, which Be Vietnam Pro lacks); None when it cannot."""
    if _has_all(cluster, cmap):
        return cluster
    for form in ("NFC", "NFD"):
        if _has_all(normal := unicodedata.normalize(form, cluster), cmap):
            return normal
    return None


def _has_all(text: str, cmap: frozenset[int]) -> bool:
    """Whether a face with `cmap` has a glyph for every visible character of `text`."""
    return all(ord(c) in cmap or c in _IGNORED for c in text)


def missing_characters(text: str, path: Path) -> list[str]:
    """Characters of `text` the font at `path` cannot draw, even decomposed (Pillow would
    leave them blank or draw boxes)."""
    return _undrawn(text, (Path(path),))


def uncovered(text: str, spec: FontSpec) -> list[str]:
    """Characters of `text` that no face of `faces_for(spec)` draws."""
    return _undrawn(text, faces_for(spec))


def _undrawn(text: str, faces: tuple[FontSpec | Path, ...]) -> list[str]:
    """Characters (of NFC `text`) in letters no face draws, as the first face lacks them;
    a later face is opened only for a letter the ones before it cannot draw."""
    missing: list[str] = []
    for cluster in clusters(unicodedata.normalize("NFC", text)):
        if _blank(cluster) or _pick(cluster, faces) is not None:
            continue
        first = _cmap_of(faces[0])
        missing.extend(c for c in cluster if ord(c) not in first and c not in missing)
    return missing


def _cmap_of(face: FontSpec | Path) -> frozenset[int]:
    """The character map of a face given as a spec or as a file."""
    return _cmap(face if isinstance(face, Path) else face.path)


def _pick(cluster: str, faces: tuple[FontSpec | Path, ...]
          ) -> tuple[FontSpec | Path, str] | None:
    """The first face that draws `cluster`, and the form it draws it in."""
    for face in faces:
        form = drawn_form(cluster, _cmap_of(face))
        if form is not None:
            return face, form
    return None


@functools.lru_cache(maxsize=4096)
def face_runs(text: str, spec: FontSpec) -> tuple[Run, ...]:
    """`text` cut into runs, each drawn by the first face of `faces_for(spec)` that has its
    letters (spaces in `spec`'s, so word spacing stays even); one run in `spec` when that
    face has them all (every Vietnamese text)."""
    if drawn_form(text, _cmap(spec.path)) == text:
        return (Run(text, spec),)
    faces = faces_for(spec)
    runs: list[Run] = []
    for cluster in clusters(text):
        picked = None if _blank(cluster) else _pick(cluster, faces)
        face, form = picked or (spec, cluster)
        if runs and runs[-1].spec == face:
            runs[-1] = Run(runs[-1].text + form, face)
        else:
            runs.append(Run(form, face))
    return tuple(runs)


@functools.lru_cache(maxsize=8192)  # the layout measures the same words at every size tried
def font_pieces(text: str, font: ImageFont.FreeTypeFont
                ) -> tuple[tuple[str, ImageFont.FreeTypeFont], ...]:
    """`text` as (piece, Pillow font) pairs at `font`'s size, each piece in the face that
    draws it: `((text, font),)` for a text `font`'s face draws whole."""
    spec = getattr(font, "spec", None)
    if spec is None:
        return ((text, font),)
    return tuple((run.text, font if run.spec == spec else load_font(run.spec, font.size))
                 for run in face_runs(text, spec))


def require_coverage(text: str, spec: FontSpec, *, where: str = "", lang: str = "") -> None:
    """Raise FontError naming each character no face draws, and the text's language."""
    missing = uncovered(text, spec)
    if missing:
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
        others = faces_for(spec)[1:]
        fallbacks = ", ".join(f"'{face.family}'" for face in others)
        raise FontError(f"font '{spec.family}' and its fallback{'s' * (len(others) > 1)} "
                        f"{fallbacks} have no glyph for {shown}"
                        + (f" in {language_name(lang)} text" if lang else "")
                        + (f" in {where}" if where else ""),
                        hint="remove or replace the character (docs/languages.md lists the "
                             "letters each language can use)")


@functools.lru_cache(maxsize=256)
def load_font(spec: FontSpec, size: int) -> Face:
    """A Pillow font (raqm layout when available, for correct diacritic stacking), a variable
    face set to `spec`'s weight."""
    layout = ImageFont.Layout.RAQM if _has_raqm() else ImageFont.Layout.BASIC
    font = Face(str(spec.path), size=max(1, int(size)), layout_engine=layout)
    font.spec = spec
    if axes := _axes(spec.path):
        font.set_variation_by_axes([spec.weight if tag == "wght" else default
                                    for tag, default in axes])
    return font


@functools.cache
def _has_raqm() -> bool:
    from PIL import features
    return bool(features.check("raqm"))
