def setup(root):
    # saved by an old spreadsheet in a Windows code page, not UTF-8
    (root / "khau-hieu.csv").write_bytes("headline,subline\n".encode("ascii")
                                         + "Chung tay vì em!,Xã\n".encode("cp1252"))
