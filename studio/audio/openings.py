"""What is said before an urgent or priority bulletin, per language (data, no logic).

Tày, Nùng, H'Mông and Dao have no text-to-speech: their bulletins open in Vietnamese, the
language every commune operator and listener shares (a project can record its own, see
docs/audio.md)."""

OPENINGS: dict[str, dict[str, str]] = {
    "khan-cap": {"vi": "Thông báo khẩn!", "en": "Urgent announcement!", "zh": "紧急通知！"},
    "uu-tien": {"vi": "Thông báo quan trọng!", "en": "Important announcement!",
                "zh": "重要通知！"},
}
FALLBACK_LANGUAGE = "vi"
