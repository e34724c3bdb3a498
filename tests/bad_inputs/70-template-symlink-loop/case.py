def setup(root):
    (root / "templates").mkdir()
    (root / "templates" / "vong.yaml").symlink_to("vong.yaml")
