def setup(root):
    # ~0.6 MB: 200 scenes of well-formed narration, ~10 hours at a reading pace
    paragraph = ("Ủy ban nhân dân xã tổ chức tuyên truyền về quyền con người cho bà con "
                 "trong thôn bản. ") * 30
    body = "".join(f"## Cảnh {n}\n\n{paragraph}\n\n" for n in range(1, 201))
    (root / "scripts" / "s.md").write_text("---\ntitle: A\nlang: vi\n---\n" + body,
                                           encoding="utf-8")
