"""Built-in assets shipped with studio (lexicon, templates, jingles, example images)."""
