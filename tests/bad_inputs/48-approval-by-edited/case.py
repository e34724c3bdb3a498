"""A script approved by the commune, then its `by:` edited by hand to a higher office: the
checksum signs who approved, so the script is stale, not approved by someone who never saw it."""

import datetime as dt


def setup(root):
    from studio.project import Project
    from studio.script import approve

    path = root / "scripts" / "s.md"
    path.write_text("---\ntitle: Lịch tiêm chủng tháng 12\nlang: vi\n---\n## Cảnh\n"
                    "Trẻ em dưới một tuổi được tiêm chủng miễn phí tại trạm y tế xã.\n",
                    encoding="utf-8")
    approve(path, "Trạm Y tế xã Hữu Lũng", dt.date(2026, 11, 20), Project.at(root))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('by: "Trạm Y tế xã Hữu Lũng"', 'by: "Sở Y tế tỉnh Lạng Sơn"'),
                    encoding="utf-8")
