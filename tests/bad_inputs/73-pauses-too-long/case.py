def setup(root):
    # a minute's pause, 70 times: every pause is valid, together they are 70 minutes of silence
    body = "## Cảnh\n\nXin chào bà con.\n\n" + "<!-- pause 60 -->\n\n" * 70
    (root / "scripts" / "s.md").write_text("---\ntitle: A\nlang: vi\n---\n" + body,
                                           encoding="utf-8")
