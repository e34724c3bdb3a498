from studio.ffmpeg import run_ffmpeg


def setup(root):
    path = root / "assets" / "clip.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "aac", path])
    (root / "scripts" / "s.md").write_text(
        "---\ntitle: A\nlang: vi\n---\n## Cảnh\n![phim](clip.mp4)\nXin chào.\n",
        encoding="utf-8")
