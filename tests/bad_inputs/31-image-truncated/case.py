from PIL import Image


def setup(root):
    path = root / "assets" / "images" / "cat.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.linear_gradient("L").resize((400, 300)).convert("RGB").save(path, quality=90)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    (root / "scripts" / "s.md").write_text(
        "---\ntitle: A\nlang: vi\n---\n## Cảnh\n![ảnh](images/cat.jpg)\nXin chào.\n",
        encoding="utf-8")
