"""The PNG writer by row bands (`studio.graphics.png`): decodes to the same pixels with Pillow
and with pypng (an independent reader), bands independent of each other, Adler-32 combined,
sizes near Pillow's."""

from __future__ import annotations

import io
import zlib

import numpy as np
import png as pypng  # pypng, the independent reader
import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image, ImageDraw

from studio.graphics import png
from studio.graphics.outputs import write_image
from studio.poster.render import render_poster
from studio.poster.templates import load_template


def noise(size, mode="RGB", seed=1) -> Image.Image:
    """Random pixels: every filter byte and every row matter."""
    channels = png.CHANNELS[mode]
    shape = (size[1], size[0], channels) if channels > 1 else (size[1], size[0])
    data = np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)
    return Image.fromarray(data)  # the mode follows from the shape


def file_bytes(image: Image.Image, dpi: float = 72) -> bytes:
    return b"".join(png.png_chunks(png.encode(image), dpi))


def pypng_pixels(data: bytes) -> np.ndarray:
    """The pixels as pypng reads them (rows × width·channels)."""
    width, height, rows, info = pypng.Reader(bytes=data).read()
    return np.vstack([np.asarray(row, dtype=np.uint8) for row in rows])


@given(st.binary(max_size=300), st.binary(max_size=300))
def test_adler32_combine_is_the_adler32_of_the_concatenation(a, b):
    combined = png.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b))
    assert combined == zlib.adler32(a + b)


def test_adler32_combine_over_long_parts():
    a, b = bytes(range(256)) * 300, b"\xff" * 200_000  # sums wrap the modulus many times
    assert png.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L"])
@pytest.mark.parametrize("size", [(1, 1), (7, 1), (1, 70), (33, 31), (50, 65)])
def test_decodes_to_the_same_pixels_with_pillow_and_pypng(mode, size):
    image = noise(size, mode)
    data = file_bytes(image)
    with Image.open(io.BytesIO(data)) as back:
        assert back.mode == mode and back.tobytes() == image.tobytes()
    assert pypng_pixels(data).tobytes() == image.tobytes()


def test_the_zlib_stream_is_one_valid_stream_with_its_adler32():
    image = noise((40, 100))
    stream = png.encode(image)
    raw = zlib.decompress(b"".join(stream.parts()))  # zlib checks the Adler-32 itself
    assert len(raw) == 100 * (1 + 40 * 3) and stream.size == len(b"".join(stream.parts()))


def test_dpi_is_recorded():
    with Image.open(io.BytesIO(file_bytes(noise((4, 4)), dpi=150))) as back:
        assert back.info["dpi"][0] == pytest.approx(150, abs=0.02)  # whole pixels per metre


def test_a_band_depends_only_on_its_own_pixels():
    a = noise((60, 4 * png.BAND_ROWS), seed=1)
    b = a.copy()
    b.paste(noise((60, 5), seed=2), (0, png.BAND_ROWS + 3))  # inside the second band only
    bands_a, bands_b = png.encode(a).bands, png.encode(b).bands
    assert [x.segment == y.segment for x, y in zip(bands_a, bands_b)] == [
        True, False, True, True]


def test_reusing_a_previous_stream_gives_the_bytes_of_a_fresh_encoding():
    image = noise((50, 5 * png.BAND_ROWS + 7))
    before = png.encode(image)
    image.paste(noise((50, 4), seed=3), (0, 2 * png.BAND_ROWS + 30))  # crosses two bands
    after = png.encode(image, before, [(2 * png.BAND_ROWS + 30, 2 * png.BAND_ROWS + 34)])
    assert [a is b for a, b in zip(before.bands, after.bands)] == [
        True, True, False, False, True, True]
    assert b"".join(after.parts()) == b"".join(png.encode(image).parts())


def test_without_the_changed_rows_nothing_is_reused():
    image = noise((20, 80))
    before = png.encode(image)
    assert not any(a is b for a, b in zip(before.bands, png.encode(image, before).bands))


def test_size_is_near_pillows_on_a_poster():
    rendered = render_poster(load_template("a3"), {"headline": "Đoàn kết là sức mạnh!",
                                                   "subline": "Ủy ban nhân dân xã Tân Thanh"},
                             scale=0.25)
    ours = len(file_bytes(rendered.image))
    pillow = io.BytesIO()
    rendered.image.save(pillow, "PNG")
    assert ours <= 1.5 * len(pillow.getvalue())


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 40), st.integers(1, 3 * png.BAND_ROWS + 2), st.integers(0, 10))
def test_any_size_round_trips(width, height, seed):
    image = noise((width, height), seed=seed)
    assert pypng_pixels(file_bytes(image)).tobytes() == image.tobytes()


def test_write_image_png_uses_the_band_writer_and_pillow_for_other_modes(tmp_path):
    image = Image.new("RGB", (90, 40), "red")
    ImageDraw.Draw(image).ellipse((5, 5, 60, 35), fill="yellow")
    path = write_image(image, tmp_path / "a.png", "png", dpi=30)
    assert path.read_bytes() == file_bytes(image, 30)
    palette = image.convert("P")
    other = write_image(palette, tmp_path / "p.png", "png", dpi=30)
    with Image.open(other) as back:
        assert back.convert("RGB").tobytes() == palette.convert("RGB").tobytes()
