from PIL import Image


def setup(root):
    # 200 megapixels of one bit: ~25 KB on disk, ~600 MB once decoded as RGB.
    path = root / "assets" / "images" / "bom.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.MAX_IMAGE_PIXELS, guard = None, Image.MAX_IMAGE_PIXELS
    try:
        Image.new("1", (20000, 10000)).save(path, optimize=True)
    finally:
        Image.MAX_IMAGE_PIXELS = guard
    (root / "scripts" / "s.md").write_text(
        "---\ntitle: A\nlang: vi\n---\n## Cảnh\n![ảnh](images/bom.png)\nXin chào.\n",
        encoding="utf-8")
