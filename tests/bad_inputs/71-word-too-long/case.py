def setup(root):
    # one 2,999-character "word": a paragraph just under the paragraph limit, so only the
    # word's length is wrong (it would be read as "~0 s" and drawn as a 3-pixel subtitle)
    text = "---\ntitle: A\nlang: vi\n---\n## Cảnh\nXin chào bà con.\n\n" + "a" * 2999 + "\n"
    (root / "scripts" / "s.md").write_text(text, encoding="utf-8")
