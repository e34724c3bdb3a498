"""Graphics: fonts, text layout, cards and posters (shared by video slides and subtitles)."""
