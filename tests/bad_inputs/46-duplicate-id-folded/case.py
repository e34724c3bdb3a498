"""Two scripts whose file names fold to the same id ('bai-1'): both would write to
outputs/bai-1/. Written here, not committed, because of the emoji and the Vietnamese file names."""


def setup(root):
    scripts = root / "scripts"
    (scripts / "sub").mkdir(parents=True, exist_ok=True)
    (scripts / "bài 1.md").write_text(
        "---\ntitle: Bài 1 – Quyền được học tập\nlang: vi\n---\n## Cảnh\n"
        "Mọi trẻ em đều có quyền được học tập.\n", encoding="utf-8")
    (scripts / "sub" / "bài #1 🎉 %.md").write_text(
        "---\ntitle: Bài 1 (bản vui)\nlang: vi\n---\n## Cảnh\n"
        "Chúc mừng năm học mới!\n", encoding="utf-8")
