"""Draws the example images in assets/images/ (run once; the PNGs are committed).

Everything here is made by the project with Pillow, so the images carry the project's licence.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).parent / "images"
W, H = 1600, 1200


def gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    img = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(img)
    for y in range(H):
        t = y / (H - 1)
        draw.line([(0, y), (W, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    return img


def people(draw: ImageDraw.ImageDraw, base_y: int, colours: list[tuple[int, int, int]]) -> None:
    step = W // (len(colours) + 1)
    for i, colour in enumerate(colours, start=1):
        x = i * step
        scale = 1.0 if i % 2 else 0.8
        r = int(55 * scale)
        draw.ellipse([x - r, base_y - int(330 * scale), x + r, base_y - int(330 * scale) + 2 * r],
                     fill=colour)
        draw.rounded_rectangle([x - int(95 * scale), base_y - int(200 * scale),
                                x + int(95 * scale), base_y], radius=int(60 * scale), fill=colour)


def sunrise() -> Image.Image:
    img = gradient((255, 196, 92), (218, 37, 29))
    draw = ImageDraw.Draw(img)
    draw.ellipse([W // 2 - 260, 380, W // 2 + 260, 900], fill=(255, 236, 120))
    draw.polygon([(0, 900), (400, 620), (760, 880), (1120, 600), (1600, 900), (1600, 1200),
                  (0, 1200)], fill=(40, 110, 60))
    people(draw, 1180, [(120, 30, 20), (90, 20, 20), (140, 40, 25), (100, 25, 20)])
    return img


def community() -> Image.Image:
    img = gradient((120, 190, 240), (230, 245, 255))
    draw = ImageDraw.Draw(img)
    for i, x in enumerate(range(100, 1600, 300)):
        draw.polygon([(x, 700), (x + 120, 560), (x + 240, 700)], fill=(150, 60, 40))
        draw.rectangle([x + 20, 700, x + 220, 900], fill=(240, 220, 180))
    draw.rectangle([0, 900, W, H], fill=(70, 150, 70))
    people(draw, 1150, [(218, 37, 29), (30, 90, 160), (250, 190, 30), (40, 140, 90),
                        (150, 60, 150)])
    return img


def children() -> Image.Image:
    img = gradient((255, 240, 200), (255, 200, 150))
    draw = ImageDraw.Draw(img)
    for x, y, c in [(300, 300, (218, 37, 29)), (800, 220, (30, 120, 200)),
                    (1300, 320, (250, 190, 30))]:
        draw.ellipse([x - 110, y - 140, x + 110, y + 140], fill=c)
        draw.line([(x, y + 140), (x + 30, y + 520)], fill=(90, 90, 90), width=6)
    people(draw, 1150, [(60, 60, 120), (200, 80, 60), (60, 140, 90)])
    return img.filter(ImageFilter.SMOOTH)


def book() -> Image.Image:
    img = gradient((30, 60, 120), (10, 20, 50))
    draw = ImageDraw.Draw(img)
    draw.polygon([(300, 400), (800, 330), (800, 930), (300, 1000)], fill=(250, 245, 230))
    draw.polygon([(800, 330), (1300, 400), (1300, 1000), (800, 930)], fill=(240, 235, 215))
    for k in range(7):
        y = 460 + k * 70
        draw.line([(360, y + 10 - k * 2), (740, y - 40 - k * 2)], fill=(120, 120, 140), width=8)
        draw.line([(860, y - 40), (1240, y + 10)], fill=(120, 120, 140), width=8)
    for k in range(7):
        x = 240 + k * 190
        draw.regular_polygon((x, 200, 40), 5, rotation=k * 10, fill=(255, 255, 0))
    return img


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, make in [("binh-minh", sunrise), ("cong-dong", community), ("tre-em", children),
                       ("cong-uoc", book)]:
        make().save(OUT / f"{name}.jpg", quality=88)
