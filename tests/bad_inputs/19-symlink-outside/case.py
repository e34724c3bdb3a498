def setup(root):
    outside = root.parent / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "images" / "anh.png").symlink_to(outside)
    (root / "scripts" / "s.md").write_text(
        "---\ntitle: A\nlang: vi\n---\n## Cảnh\n![ảnh](images/anh.png)\nXin chào.\n",
        encoding="utf-8")
