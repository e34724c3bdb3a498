"""A focal point per image (`![…](photo.jpg "focus=0.3,0.4")`): read from the script, kept
in the crop, and — on a real rendered clip — the zoom ends with it near the frame's middle,
where the same photo without a focal point keeps it off to the side."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from helpers_project import ProjectMaker
from helpers_video import frame_at, hand_narration
from studio.errors import ScriptError
from studio.script import load
from studio.script.fields import FieldProblem, focus
from studio.video import prepare_video, render_video
from studio.video.motion import AMOUNT, FOCUS_REACH, toward, window
from studio.video.runs import crop_point

MARK = (255, 0, 255)  # a colour no text or card of the house style uses
POINT = (0.3, 0.35)


@pytest.mark.parametrize("title, point", [("focus=0.3,0.4", (0.3, 0.4)),
                                          ("Focus: 0.25, 0.5", (0.25, 0.5)),
                                          ("focus 1 0", (1.0, 0.0)),
                                          ("focus=30%,40%", (0.3, 0.4)),
                                          ("Giếng nước của thôn", None), (None, None)])
def test_an_image_title_may_name_a_focal_point(title, point):
    assert focus(title) == point


@pytest.mark.parametrize("title, words", [("focus=1.3,0.4", "outside the picture"),
                                          ("focus=left", "not a focal point")])
def test_a_bad_focal_point_is_refused(title, words):
    with pytest.raises(FieldProblem, match=words):
        focus(title)


def test_the_script_carries_the_focal_point_and_refuses_a_bad_one_at_its_line(project):
    project.image("assets/images/a.png")
    body = '## Giếng\n![Giếng](images/a.png "focus=0.3,0.35")\n\nNước sạch cho mọi nhà.\n'
    assert load(project.script(body=body), project.proj).scenes[0].focus == POINT
    bad = project.script("bad.md", body=body.replace("0.35", "1.35"))
    with pytest.raises(ScriptError) as caught:
        load(bad, project.proj)
    assert caught.value.line == 6 and "outside the picture" in str(caught.value)


def test_the_zoom_ends_centred_on_a_reachable_point_and_heads_for_a_far_one():
    lively = AMOUNT["lively"]
    move = toward(POINT, lively)
    zoom = move.zoom[1]
    assert move.zoom[0] == 1.0 and 1 + lively < zoom <= 1 + FOCUS_REACH * lively
    centre_x = (1 - 1 / zoom) * move.x[1] + 1 / (2 * zoom)  # the window's middle, 0–1
    centre_y = (1 - 1 / zoom) * move.y[1] + 1 / (2 * zoom)
    assert (round(centre_x, 3), round(centre_y, 3)) == POINT
    corner = toward((0.0, 0.0), AMOUNT["gentle"])
    assert corner.x[1] == corner.y[1] == 0.0  # as far towards it as the edge allows
    assert window(0.5, 1.0) == 0.5


def test_the_crop_keeps_the_point_where_the_picture_has_it():
    assert crop_point((1000, 1000), (500, 1000), (0.5, 0.5)) == (0.5, 0.5)
    x, y = crop_point((1000, 1000), (500, 1000), (0.3, 0.35))
    assert (round(x, 3), round(y, 3)) == (0.5, 0.35)  # cropped around it: now in the middle
    x, _ = crop_point((1000, 1000), (500, 1000), (0.1, 0.5))
    assert x == pytest.approx(0.2)  # the crop stops at the picture's edge


SCRIPT = """\
---
title: Tiêu điểm
lang: vi
video: {{opening: card, transition: cut, motion: lively}}
---
## Giếng
![Giếng]({image})

Câu thứ nhất của cảnh giếng nước trong thôn.
"""


def mark_centre(frame: Image.Image) -> tuple[float, float]:
    """Middle of the marked disc, as fractions of the frame's width and height."""
    a = np.asarray(frame).astype(int)
    near = np.linalg.norm(a - np.array(MARK), axis=2) < 80
    rows, cols = np.nonzero(near)
    assert len(rows) > 20
    return cols.mean() / a.shape[1], rows.mean() / a.shape[0]


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """One 4-s photo scene at 270×480 (after a title card), the marked photo with and
    without its focal point."""
    maker = ProjectMaker(tmp_path_factory.mktemp("focus"))
    yy, xx = np.mgrid[0:600, 0:600]
    picture = np.stack([40 + yy // 6, 90 + xx // 8, 60 + 0 * xx], axis=2)
    disc = (xx - POINT[0] * 600) ** 2 + (yy - POINT[1] * 600) ** 2 < 18 ** 2
    picture[disc] = MARK
    Image.fromarray(picture.astype(np.uint8)).save(maker.place("assets/images/mark.png"))
    out = {}
    for name, image in (("focus", 'images/mark.png "focus=0.3,0.35"'),
                        ("plain", "images/mark.png")):
        script = maker.approved(f"{name}.md", raw=SCRIPT.format(image=image), by="Ban biên tập")
        narration = hand_narration(script, maker.root / name, durations={0: [4.0]})
        job = prepare_video(script, formats=["270x480"], project=maker.proj,
                            out=maker.root / name)
        out[name] = render_video(job, narration=narration)[0]
    return out


@pytest.mark.slow
def test_the_zoom_ends_with_the_focal_point_near_the_middle(clips):
    start, end = 3.05, 6.9  # the scene runs 3–7 s, after the 3-s title card
    x0, y0 = mark_centre(frame_at(clips["focus"], start))
    x1, y1 = mark_centre(frame_at(clips["focus"], end))
    assert abs(x1 - 0.5) < 0.06 and abs(y1 - 0.5) < 0.06
    assert abs(y0 - 0.5) > 0.1  # it started where the crop has it, well above the middle
    px, py = mark_centre(frame_at(clips["plain"], end))
    assert abs(px - 0.5) > 0.15 or abs(py - 0.5) > 0.15  # without it, the point stays aside
