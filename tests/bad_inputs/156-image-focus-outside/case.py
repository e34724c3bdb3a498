from PIL import Image


def setup(root):
    """The picture whose focal point the script puts outside it."""
    folder = root / "assets" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(folder / "gieng.jpg")
