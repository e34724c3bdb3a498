def setup(root):
    rows = "".join(f"Chung tay vì trẻ em thôn {n}!\n" for n in range(1, 5002))
    (root / "khau-hieu.csv").write_text("headline\n" + rows, encoding="utf-8")
