def setup(root):
    body = "## Cảnh\n" + "Xin chào bà con.\n\n" * 300_000  # ~5.7 MB: a pasted archive
    (root / "scripts" / "s.md").write_text("---\ntitle: A\nlang: vi\n---\n" + body,
                                           encoding="utf-8")
