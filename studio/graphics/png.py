"""PNG by row bands: each band filtered and deflated on its own, so a band that did not change
since the last poster keeps its compressed bytes, and a PDF can embed the same stream.

A band's first row uses filter Sub (it looks only left), the others filter Up; each band is
raw-deflated and ended byte-aligned by a full flush, so the segments concatenate into one
zlib stream (header, segments, an empty final block, the Adler-32 combined from the bands').
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

BAND_ROWS = 32  # rows per band: small enough that a changed line of text rewrites little
# Bands are deflated on two threads (zlib, numpy and Pillow's crop let go of the GIL): a
# 2-core PC makes a banner's first stream in about half the time.
THREADS = min(2, os.cpu_count() or 1)
LEVEL = 6
# Run-length matching only: filtered poster rows are mostly runs of zeros, and on a băng rôn
# this deflates ~3x faster than the default strategy for ~25 % more bytes.
STRATEGY = zlib.Z_RLE
CHANNELS = {"L": 1, "RGB": 3, "RGBA": 4}
COLOUR_TYPES = {"L": 0, "RGB": 2, "RGBA": 6}
SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER = b"\x78\x9c"  # deflate, 32 KB window, default level
FINAL_BLOCK = b"\x03\x00"  # an empty fixed-Huffman block with BFINAL set
ADLER_BASE = 65521
FILTER_SUB, FILTER_UP = 1, 2
Rows = tuple[int, int]  # [first, end) rows of the image


@dataclass(frozen=True)
class Band:
    """One band's deflated bytes, with the Adler-32 and length of its filtered rows."""

    top: int
    rows: int
    segment: bytes
    adler: int
    length: int


@dataclass(frozen=True)
class PngStream:
    """An image's filtered, deflated pixels as bands: the IDAT data of a PNG and the
    /FlateDecode stream (PNG predictors) of a PDF."""

    width: int
    height: int
    mode: str
    bands: tuple[Band, ...]

    @property
    def adler(self) -> int:
        """The Adler-32 of all filtered rows, combined from the bands'."""
        value = 1
        for band in self.bands:
            value = adler32_combine(value, band.adler, band.length)
        return value

    def parts(self) -> Iterator[bytes]:
        """The zlib stream in pieces (header, one segment per band, final block, Adler-32)."""
        yield ZLIB_HEADER
        for band in self.bands:
            yield band.segment
        yield FINAL_BLOCK + struct.pack(">I", self.adler)

    @property
    def size(self) -> int:
        """Bytes in the zlib stream."""
        return len(ZLIB_HEADER) + sum(len(b.segment) for b in self.bands) + 6


def supported(image: Image.Image) -> bool:
    """Whether the band writer takes this mode (others go through Pillow)."""
    return image.mode in CHANNELS and image.width > 0 and image.height > 0


def adler32_combine(adler1: int, adler2: int, len2: int) -> int:
    """The Adler-32 of A+B from A's, B's and B's length (zlib's adler32_combine)."""
    rem = len2 % ADLER_BASE
    sum1 = adler1 & 0xFFFF
    sum2 = (rem * sum1) % ADLER_BASE
    sum1 = (sum1 + (adler2 & 0xFFFF) + ADLER_BASE - 1) % ADLER_BASE
    sum2 = (sum2 + (adler1 >> 16) + (adler2 >> 16) + ADLER_BASE - rem) % ADLER_BASE
    return (sum2 << 16) | sum1


def filtered(pixels: np.ndarray, channels: int) -> bytes:
    """A band's rows with their filter bytes: Sub for the first (independent of the band
    above), Up for the rest."""
    rows, stride = pixels.shape
    out = np.empty((rows, stride + 1), dtype=np.uint8)
    out[0, 0] = FILTER_SUB
    out[0, 1:1 + channels] = pixels[0, :channels]
    np.subtract(pixels[0, channels:], pixels[0, :-channels], out=out[0, 1 + channels:])
    if rows > 1:
        out[1:, 0] = FILTER_UP
        np.subtract(pixels[1:], pixels[:-1], out=out[1:, 1:])
    return out.tobytes()


def encode_band(image: Image.Image, top: int, rows: int) -> Band:
    """Filter and deflate rows [top, top+rows) of `image`, ended by a full flush."""
    channels = CHANNELS[image.mode]
    raw = image.crop((0, top, image.width, top + rows)).tobytes()
    data = filtered(np.frombuffer(raw, dtype=np.uint8).reshape(rows, -1), channels)
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9, STRATEGY)
    segment = deflate.compress(data) + deflate.flush(zlib.Z_FULL_FLUSH)
    return Band(top, rows, segment, zlib.adler32(data), len(data))


def touches(top: int, rows: int, changed: Sequence[Rows]) -> bool:
    """Whether band rows [top, top+rows) meet any of the `changed` row ranges."""
    return any(first < top + rows and end > top for first, end in changed)


def encode(image: Image.Image, previous: PngStream | None = None,
           changed: Sequence[Rows] | None = None, limit: int | None = None
           ) -> PngStream | None:
    """`image` as bands. With `previous` (the stream of this same image before it was last
    changed) and `changed` (every row range changed since), the other bands are reused.
    None as soon as the stream passes `limit` bytes (a caller that only wants a small one)."""
    if not supported(image):
        raise ValueError(f"mode {image.mode} is not written by bands")
    reusable = (previous is not None and changed is not None
                and (previous.width, previous.height, previous.mode)
                == (image.width, image.height, image.mode))
    tops = range(0, image.height, BAND_ROWS)
    kept = {index: previous.bands[index] for index, top in enumerate(tops)
            if reusable and not touches(top, min(BAND_ROWS, image.height - top), changed)}
    bands, total = [], 0
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        made = pool.map(lambda top: encode_band(image, top, min(BAND_ROWS, image.height - top)),
                        [top for index, top in enumerate(tops) if index not in kept])
        for index in range(len(tops)):
            bands.append(kept[index] if index in kept else next(made))
            total += len(bands[-1].segment)
            if limit is not None and total > limit:
                pool.shutdown(cancel_futures=True)
                return None
    return PngStream(image.width, image.height, image.mode, tuple(bands))


def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(data, zlib.crc32(kind)))


def png_chunks(stream: PngStream, dpi: float) -> Iterator[bytes]:
    """The PNG file in pieces: signature, IHDR, pHYs (the dpi), one IDAT per zlib piece,
    IEND."""
    yield SIGNATURE
    yield chunk(b"IHDR", struct.pack(">IIBBBBB", stream.width, stream.height, 8,
                                     COLOUR_TYPES[stream.mode], 0, 0, 0))
    per_metre = int(dpi / 0.0254 + 0.5)
    yield chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    for part in stream.parts():
        yield chunk(b"IDAT", part)
    yield chunk(b"IEND", b"")
