def setup(root):
    (root / "scripts" / "s.md").write_text(
        "---\ntitle: A\nlang: vi\n---\n## Cảnh\n![ảnh](images/anh.png)\nXin chào.\n",
        encoding="utf-8")
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "images" / "anh.png").symlink_to("da-xoa.png")
