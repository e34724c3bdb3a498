import datetime as dt

from studio.project import Project
from studio.script import approve


def setup(root):
    approve(root / "scripts" / "s.md", "Chủ tịch UBND xã", dt.date(2026, 12, 1), Project.at(root))
