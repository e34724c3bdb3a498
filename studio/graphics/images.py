"""Opening images safely and fitting them into boxes (cover-crop around a focal point)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from studio.errors import AssetError
from studio.project import FileKind, readable_file

Size = tuple[int, int]
IMAGE_FILE = FileKind("image", missing="check the file name and folder")


def open_image(path: str | Path) -> Image.Image:
    """Open and fully decode an image, with Pillow's decompression-bomb guard left on.

    Missing, unreadable, corrupt, truncated or oversized files become an AssetError naming
    the file, so one bad photo is one clear line, never a traceback. EXIF rotation is applied.
    """
    path = readable_file(path, IMAGE_FILE)
    return _decode(path, path)


def open_image_bytes(data: bytes, *, source: str | Path) -> Image.Image:
    """Decode an image held in memory (a frame ffmpeg took from the video `source`) with the
    same guard and the same errors as `open_image`."""
    return _decode(io.BytesIO(data), Path(source))


def check_image_decodes(path: str | Path) -> None:
    """The same checks as `open_image`, without keeping pixels: a JPEG is decoded at an
    eighth of its size (every byte of it is still read, so a truncated or corrupt file still
    fails), as a check before a render need not pay a full decode the render repeats."""
    path = readable_file(path, IMAGE_FILE)
    _decode(path, path, reduced=True)


def _decode(file: Path | io.BytesIO, path: Path, *, reduced: bool = False
            ) -> Image.Image | None:
    """Decode `file` (`reduced`: as small as the format allows, and return nothing); every
    way it can fail is an AssetError naming `path`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if reduced:
                    image.draft(image.mode, (max(1, image.width // 8),
                                             max(1, image.height // 8)))
                    image.load()
                    return None
                image.load()
                upright = ImageOps.exif_transpose(image)
                return upright if upright is not image else image.copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AssetError("image is too large to open safely (decompression-bomb guard)",
                         file=path, hint="resize it below ~80 megapixels") from None
    except UnidentifiedImageError:
        raise AssetError("not an image Pillow can read", file=path,
                         hint="save it as PNG or JPEG") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise AssetError(f"image is corrupt or truncated ({exc})", file=path,
                         hint="open and re-save it, or replace the file") from None


def _resample(source: Size, target: Size) -> Image.Resampling:
    """Lanczos when shrinking (sharp); bicubic when enlarging (fast on huge banners)."""
    shrinking = target[0] <= source[0] and target[1] <= source[1]
    return Image.Resampling.LANCZOS if shrinking else Image.Resampling.BICUBIC


def cover_crop(image: Image.Image, size: Size, focal: tuple[float, float] = (0.5, 0.5)
               ) -> Image.Image:
    """`image` scaled to fill `size` exactly, cropping the overflow while keeping the focal
    point (x, y in 0–1 of the image) as near the centre as the edges allow."""
    target_w, target_h = max(1, size[0]), max(1, size[1])
    return image.resize((target_w, target_h), _resample(image.size, (target_w, target_h)),
                        box=cover_box(image.size, size, focal))


def cover_box(source: Size, size: Size, focal: tuple[float, float] = (0.5, 0.5)
              ) -> tuple[float, float, float, float]:
    """The part (left, top, right, bottom) of a picture of `source` size that `cover_crop`
    scales to `size`."""
    target_w, target_h = max(1, size[0]), max(1, size[1])
    src_w, src_h = source
    scale = max(target_w / src_w, target_h / src_h)
    crop_w, crop_h = target_w / scale, target_h / scale
    # clamped last: src - crop can come out a hair below 0 in floating point
    left = max(0.0, min(focal[0] * src_w - crop_w / 2, src_w - crop_w))
    top = max(0.0, min(focal[1] * src_h - crop_h / 2, src_h - crop_h))
    return left, top, left + crop_w, top + crop_h


def contain(image: Image.Image, size: Size) -> Image.Image:
    """`image` scaled to fit inside `size`, keeping its proportions."""
    scale = min(size[0] / image.width, size[1] / image.height)
    target = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(target, _resample(image.size, target))


def paste(canvas: Image.Image, image: Image.Image, origin: tuple[int, int]) -> None:
    """Paste `image` onto `canvas` (in place), honouring transparency."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas.paste(rgba.convert(canvas.mode), origin, rgba)
    else:
        canvas.paste(image.convert(canvas.mode), origin)


def as_rgb_or_rgba(image: Image.Image) -> Image.Image:
    """RGBA if the image has transparency, else RGB (palette and CMYK images resample badly)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    wanted = "RGBA" if has_alpha else "RGB"
    return image if image.mode == wanted else image.convert(wanted)
