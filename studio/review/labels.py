"""Words and number formats the review page shows (Vietnamese first, English in small text)."""

from __future__ import annotations

from datetime import datetime

from studio.languages import LANGUAGES

# A script's languages by studio's own table; these others may name a translation's.
OTHER_LANGUAGES = {"km": "ភាសាខ្មែរ", "lo": "ພາສາລາວ", "th": "ไทย", "fr": "Français",
                   "ko": "한국어", "ja": "日本語"}

PRIORITIES = {
    "thuong": ("Thông thường", "normal"),
    "uu-tien": ("Ưu tiên", "priority"),
    "khan-cap": ("Khẩn cấp", "urgent"),
}
PRIORITY_ORDER = {"khan-cap": 0, "uu-tien": 1, "thuong": 2}

APPROVAL = {
    "approved": ("Đã duyệt", "approved"),
    "draft": ("BẢN NHÁP – CHƯA DUYỆT", "draft, not approved"),
    "stale": ("ĐÃ SỬA SAU KHI DUYỆT – CẦN DUYỆT LẠI", "stale: changed after approval"),
}
UNKNOWN_APPROVAL = ("Không rõ tình trạng duyệt", "approval unknown")
OUTSIDE_BUILD = ("Làm ngoài studio build", "not from a build target")
VOICE = ("Giọng đọc", "voice")  # which voice spoke a video or bulletin
# an output's Content Credentials as `studio verify` found them when the build wrote it
CREDENTIALS = {"trusted": ("✔ Đã ký số, tin cậy", "signed, trusted"),
               "tampered": ("⚠ Bị sửa sau khi ký", "changed after signing"),
               "untrusted": ("⚠ Chữ ký không tin cậy", "signature not trusted"),
               "unsigned": ("⚠ Chưa ký số", "not signed")}
FOLDER_NOTE = ("Các tệp trong thư mục này không thuộc kịch bản nào: làm bằng lệnh riêng "
               "(studio poster, studio speak…), không qua studio build.",
               "files of no script, made by commands run on their own, not by studio build")

TARGET_STATUS = {
    "built": ("Đã dựng", "built"),
    "up-to-date": ("Không đổi", "up to date"),
    "failed": ("LỖI", "failed"),
    "skipped": ("Bỏ qua", "skipped"),
    "removed": ("Đã gỡ", "removed"),
}

KINDS = {
    "video": ("Video", "video"),
    "audio": ("Âm thanh", "audio"),
    "waveform": ("Dạng sóng", "waveform"),
    "poster": ("Áp phích", "posters"),
    "storyboard": ("Bảng phân cảnh", "storyboard"),
    "contact-sheet": ("Ảnh tóm tắt", "contact sheet"),
    "subtitles": ("Phụ đề", "subtitles"),
    "report": ("Báo cáo", "reports"),
    "playlist": ("Danh sách phát", "playlist"),
    "master": ("Bản gốc", "master"),
}


def language_name(code: str) -> str:
    """'vi' → 'Tiếng Việt'; unknown codes are shown as they are."""
    if not code:
        return "?"
    base = code.split("-")[0].lower()
    return LANGUAGES.get(base) or OTHER_LANGUAGES.get(base, code)


def decimal(value: float, places: int = 1) -> str:
    """A number with a Vietnamese decimal comma: 1.5 → '1,5'."""
    return f"{value:.{places}f}".replace(".", ",")


def file_size(n: int | None) -> str:
    """Bytes as a short human size: 1536 → '1,5 KB'."""
    if n is None:
        return ""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "B" else f"{decimal(size)} {unit}"
        size /= 1024
    return ""  # unreachable


def duration(seconds: float | None) -> str:
    """Seconds as m:ss (or h:mm:ss): 75.4 → '1:15'."""
    if seconds is None:
        return ""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def timestamp(text: str) -> str:
    """An ISO time as dd/mm/yyyy HH:MM with its UTC offset; unparseable text is kept."""
    try:
        when = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return text
    shown = when.strftime("%d/%m/%Y %H:%M")
    offset = when.strftime("%z")
    if offset:
        shown += f" (UTC{offset[:3]}:{offset[3:]})"
    return shown


def day(text: str) -> str:
    """An ISO date YYYY-MM-DD as dd/mm/yyyy; anything else is kept."""
    try:
        return datetime.fromisoformat(text).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return text
