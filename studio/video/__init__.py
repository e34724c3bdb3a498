"""Video: short clips for social networks, LED screens and TV, from an approved script.

`prepare_video(script, formats=("vertical",), ...) -> VideoJob` checks everything once;
`render_video(job) -> list[Path]` renders it (holding the output folder's lock). The
`studio video` command is a thin wrapper over the two.
"""

from studio.video.formats import PRESETS, VideoFormat, parse_format, parse_formats
from studio.video.render import VideoJob, prepare_video, render_video
from studio.video.soundtrack import TARGET_LUFS

__all__ = ["PRESETS", "TARGET_LUFS", "VideoFormat", "VideoJob", "parse_format",
           "parse_formats", "prepare_video", "render_video"]
