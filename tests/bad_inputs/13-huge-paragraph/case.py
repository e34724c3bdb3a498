def setup(root):
    text = "---\ntitle: A\nlang: vi\n---\n## Cảnh\n" + "quyền con người " * 65000 + "\n"
    (root / "scripts" / "s.md").write_text(text, encoding="utf-8")
