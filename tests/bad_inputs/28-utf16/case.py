def setup(root):
    (root / "scripts" / "s.md").write_text("---\ntitle: A\nlang: vi\n---\n## Cảnh\nXin chào.\n",
                                           encoding="utf-16")
