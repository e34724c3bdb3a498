"""A project word list saved in the Windows Vietnamese code page, not UTF-8."""


def setup(root):
    (root / "lexicon").mkdir()
    (root / "lexicon" / "vi-words.txt").write_bytes("cơm lam\n".encode("cp1258"))
