def setup(root):
    # 30 MB on paper, nothing on disk (a sparse file): refused by its size, unread
    with open(root / "khau-hieu.csv", "wb") as handle:
        handle.write(b"headline\nChung tay!\n")
        handle.truncate(30_000_000)
