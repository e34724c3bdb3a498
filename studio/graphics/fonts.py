"""Fonts per language from PyPI font packages, and the glyph-coverage check."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

from studio.errors import FontError

LATIN_FAMILY = "Be Vietnam Pro"  # complete Vietnamese, good for en and minority-language Latin
CJK_FAMILY = "Noto Sans SC"
_IGNORED = {"\n", "\r", "\t", "\u200b", "\u200c", "\u200d", "\ufeff"}


@dataclass(frozen=True)
class FontSpec:
    """A font face: family and weight, resolved to a file."""

    family: str
    weight: int = 700

    @property
    def path(self) -> Path:
        return font_file(self.family, self.weight)


def family_for(lang: str) -> str:
    """Chinese needs a CJK face; every other language here is Latin script."""
    return CJK_FAMILY if lang == "zh" else LATIN_FAMILY


def spec_for(lang: str, weight: int = 700) -> FontSpec:
    return FontSpec(family_for(lang), weight)


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
    from fontTools.ttLib import TTFont
    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


def missing_characters(text: str, path: Path) -> list[str]:
    """Characters of `text` the font at `path` has no glyph for (Pillow would draw boxes)."""
    cmap = _cmap(Path(path))
    missing = []
    for char in unicodedata.normalize("NFC", text):
        if char in _IGNORED or char.isspace() or char in missing:
            continue
        if ord(char) not in cmap:
            missing.append(char)
    return missing


def require_coverage(text: str, spec: FontSpec, *, where: str = "") -> None:
    """Raise FontError naming each character the font lacks."""
    missing = missing_characters(text, spec.path)
    if missing:
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
        raise FontError(f"font '{spec.family}' has no glyph for {shown}"
                        + (f" in {where}" if where else ""),
                        hint="remove the character or choose a font that has it")


@functools.lru_cache(maxsize=256)
def load_font(spec: FontSpec, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow font (raqm layout when available, for correct diacritic stacking)."""
    layout = ImageFont.Layout.RAQM if _has_raqm() else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(spec.path), size=max(1, int(size)), layout_engine=layout)


@functools.cache
def _has_raqm() -> bool:
    from PIL import features
    return bool(features.check("raqm"))
