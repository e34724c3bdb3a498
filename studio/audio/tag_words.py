"""The words of a bulletin's ID3 comment, per language (data): an English bulletin gets an
English comment. Languages not listed get the Vietnamese one (the stations' own language)."""

GENRE = "Speech"  # ID3v1 genre 101: what radio automation files announcements under
FALLBACK = "vi"
COMMENT_WORDS: dict[str, dict] = {
    "vi": {"priority": "Mức ưu tiên", "approved": "Đã duyệt", "date": "%d/%m/%Y", "draft": "",
           "priorities": {"thuong": "thông thường", "uu-tien": "ưu tiên",
                          "khan-cap": "khẩn cấp"}},
    "en": {"priority": "Priority", "approved": "Approved by", "date": "%Y-%m-%d",
           "draft": "DRAFT – NOT APPROVED",
           "priorities": {"thuong": "normal", "uu-tien": "high", "khan-cap": "urgent"}},
    "zh": {"priority": "优先级", "approved": "审批", "date": "%Y-%m-%d", "draft": "草稿 – 未审批",
           "priorities": {"thuong": "普通", "uu-tien": "优先", "khan-cap": "紧急"}},
}
