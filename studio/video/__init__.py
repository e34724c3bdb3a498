"""Video: short clips for social networks, LED screens and TV, from an approved script.

`render_video(script, formats=("vertical",), ...) -> list[Path]` is the entry point; the
`studio video` command is a thin wrapper over it.
"""

from studio.video.formats import PRESETS, VideoFormat, parse_format, parse_formats
from studio.video.render import preflight, render_video
from studio.video.soundtrack import TARGET_LUFS

__all__ = ["PRESETS", "TARGET_LUFS", "VideoFormat", "parse_format", "parse_formats",
           "preflight", "render_video"]
