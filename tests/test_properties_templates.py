"""Property tests: whatever a poster template or a variants CSV contains, loading gives a
result or a StudioError — never another exception — and a template that loads also renders
(or fails with a StudioError)."""

from __future__ import annotations

import copy
import csv
import io
import re
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from helpers_project import ProjectMaker
from studio.errors import StudioError
from studio.poster.render import render_poster
from studio.poster.template_model import Template
from studio.poster.templates import BUILTIN_DIR, load_template
from studio.poster.variants import variants_from_csv
from studio.project import Project
from studio.script.model import LANGUAGES

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def proj(tmp_path_factory) -> Project:
    """A project with a templates/ folder and one small image in assets/."""
    project = ProjectMaker(tmp_path_factory.mktemp("tproj"))
    (project.root / "templates").mkdir()
    project.image("assets/a.png", size=(12, 8), colour=(200, 30, 30))
    return project.proj


def load_or_error(proj: Project, text: str) -> Template | None:
    """Write `text` as a project template and load it: a Template, or None after a
    StudioError that says something. Any other exception fails the test."""
    path = proj.root / "templates" / "t.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return load_template(path, proj)
    except StudioError as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)
        return None


# ---- any text ---------------------------------------------------------------------------

YAML_BITS = st.sampled_from([
    "canvas:", "  width: 100", "  height: 80", "  unit: mm", "  dpi: 300", "layers:",
    "  a: {type: band}", "  b: {type: text, text: X, box: [0, 0, 50, 50]}", "background: red",
    "extends: a3", "extends: t", "slots: {h: {required: true}}", "formats: [png, jpg]", "- x",
    "&a [1, 2]", "*a", "!!binary aGk=", "!!python/object:os.system x", "{", "[[[[", "'", ": :",
    "\t", "  ", "safe: [1, 2, 3]", "kind: led", "  pixel_exact: true", "? [a, b]\n: 1",
])


@settings(max_examples=80, **SETTINGS)
@given(lines=st.lists(st.one_of(YAML_BITS, st.text(max_size=20)), max_size=10))
@example(lines=["layers: " + "[" * 3000 + "]" * 3000])  # nesting that overflows PyYAML
@example(lines=["canvas: " + "{a: " * 3000 + "1" + "}" * 3000])
@example(lines=["canvas: {width: 9}", "description: \x08"])  # PyYAML refuses control chars
def test_any_template_text_loads_or_fails_cleanly(proj, lines):
    load_or_error(proj, "\n".join(lines))


# ---- structured templates, biased towards valid ones -------------------------------------

ODD = st.sampled_from([None, True, -1, 0, "", "9" * 400, ".inf", "1e3", "abc", [1], {"a": 1},
                       "../a.png", "/etc/passwd", "\u0000", "Ệ"])


def mostly(good, bad=ODD):
    """Valid values nine times in ten, so that most generated templates get as far as
    rendering, while every check still meets a bad value now and then."""
    return st.integers(0, 9).flatmap(lambda n: bad if n == 5 else good)


LENGTH = mostly(st.one_of(st.integers(0, 100), st.floats(0, 100), st.sampled_from(
    ["5mm", "3px", "12pt", "50%", "0", "7 mm"])), st.sampled_from(["-3", "9" * 400, "99999px",
                                                                   "5 in", None, [1]]))
COLOUR = mostly(st.sampled_from(["red", "yellow", "white", "black", "dark-red", "#FF0",
                                 "#00ff00", "DA251D"]), st.sampled_from(["#12345", "rouge", 7]))
BOX = mostly(st.tuples(*[st.integers(0, 50)] * 4).map(list), st.one_of(
    st.lists(LENGTH, max_size=5), ODD))
WHEN = {"when": st.sampled_from(["headline", "headline", "image", "nope"]),
        "unless": st.sampled_from(["qr", "qr", "image"]),
        "frame": st.sampled_from(["safe", "safe", "trim", "bleed", "x"])}
TEXT_LAYER = st.fixed_dictionaries(
    {"type": st.just("text"), "box": BOX,
     "slot": mostly(st.just("headline"), st.sampled_from(["qr", "image", "nope"]))},
    optional={**WHEN, "colour": COLOUR,
              "font": st.fixed_dictionaries({}, optional={
                  "family": mostly(st.sampled_from(["auto", "Be Vietnam Pro"]),
                                   st.just("Comic Sans")),
                  "weight": mostly(st.sampled_from([100, 400, 700, 900]))}),
              "align": mostly(st.sampled_from(["left", "center", "right"]), st.just("justify")),
              "valign": st.sampled_from(["top", "middle", "bottom"]),
              "max_lines": mostly(st.integers(1, 20)),
              "min_size": LENGTH, "max_size": LENGTH,
              "line_spacing": mostly(st.floats(0.8, 3.0)), "upper": st.booleans(),
              "stroke": st.fixed_dictionaries({"width": LENGTH, "colour": COLOUR})})
FIXED_TEXT_LAYER = st.fixed_dictionaries(
    {"type": st.just("text"), "box": BOX, "text": mostly(st.text(min_size=1, max_size=12))},
    optional={"max_lines": mostly(st.integers(1, 20)), "upper": st.booleans()})
IMAGE_LAYER = st.fixed_dictionaries(
    {"type": st.just("image"), "box": BOX},
    optional={**WHEN, "slot": mostly(st.just("image"), st.just("headline")),
              "image": mostly(st.just("a.png"), st.sampled_from(["b.png", "../a.png",
                                                                 "/etc/hosts"])),
              "fit": mostly(st.sampled_from(["cover", "contain"]), st.just("fill")),
              "focal": mostly(st.lists(st.floats(0, 1), min_size=2, max_size=2))})
QR_LAYER = st.fixed_dictionaries(
    {"type": st.just("qr"), "box": BOX, "slot": mostly(st.just("qr"), st.just("image"))},
    optional={"border": mostly(st.integers(0, 10)), "colour": COLOUR, "background": COLOUR})
SHAPE_LAYER = st.fixed_dictionaries(
    {"type": st.just("shape"), "box": BOX},
    optional={**WHEN, "shape": mostly(st.sampled_from(["rect", "ellipse", "star"]),
                                      st.just("blob")),
              "colour": COLOUR, "opacity": mostly(st.floats(0, 1)), "radius": LENGTH})
BAND_LAYER = st.fixed_dictionaries(
    {"type": st.just("band")},
    optional={"edge": mostly(st.sampled_from(["top", "bottom", "left", "right"]),
                             st.just("middle")),
              "size": LENGTH, "colour": COLOUR, "opacity": st.floats(0, 1)})
LAYER = mostly(st.one_of(TEXT_LAYER, FIXED_TEXT_LAYER, IMAGE_LAYER, QR_LAYER, SHAPE_LAYER,
                         BAND_LAYER))
CANVAS = mostly(st.one_of(
    st.fixed_dictionaries({"width": st.integers(16, 240), "height": st.integers(16, 240)},
                          optional={"bleed": st.integers(0, 8), "pixel_exact": st.booleans(),
                                    "safe": st.one_of(st.integers(0, 6), mostly(
                                        st.lists(st.integers(0, 6), min_size=4, max_size=4),
                                        st.lists(st.integers(0, 90), max_size=5)))}),
    st.fixed_dictionaries({"width": st.integers(5, 60), "height": st.integers(5, 60),
                           "unit": st.just("mm"), "dpi": st.integers(10, 100)},
                          optional={"bleed": st.integers(0, 3), "safe": st.integers(0, 3)})),
    st.fixed_dictionaries({}, optional={"width": LENGTH, "height": LENGTH,
                                        "unit": st.sampled_from(["px", "mm", "in"]),
                                        "dpi": st.one_of(st.integers(-1, 2000), ODD)}))
BACKGROUND = mostly(st.one_of(COLOUR, st.fixed_dictionaries({"colour": COLOUR}, optional={
    "image": mostly(st.just("a.png"), st.just("z.png")),
    "gradient": st.fixed_dictionaries({"from": COLOUR, "to": COLOUR}),
    "focal": st.lists(st.floats(0, 1), min_size=2, max_size=2)}),
    st.fixed_dictionaries({"colour": COLOUR, "slot": mostly(st.just("image"),
                                                            st.just("headline"))})))
SLOTS = {"headline": {"required": True}, "image": {"kind": "image"}, "qr": {"kind": "url"}}
TEMPLATE = st.fixed_dictionaries(
    {"canvas": CANVAS, "background": BACKGROUND,
     "layers": mostly(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), LAYER,
                               min_size=1, max_size=5)),
     "slots": mostly(st.just(SLOTS))},
    optional={"kind": mostly(st.sampled_from(["print", "banner", "led", "social"]),
                             st.just("tv")),
              "extends": mostly(st.sampled_from(["facebook", "led-p10"]),
                                st.sampled_from(["nope", "t", "../a3"])),
              "formats": st.lists(mostly(st.sampled_from(["png", "jpg", "pdf"]),
                                         st.just("gif")), max_size=3),
              "description": st.text(max_size=10)})
VALUES = st.fixed_dictionaries({"headline": st.text(min_size=1, max_size=24)},
                               optional={"qr": st.sampled_from(["https://dichvucong.gov.vn",
                                                               "x" * 300, "Ệ"])})


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@settings(max_examples=120, **SETTINGS)
@given(data=TEMPLATE, values=VALUES, lang=st.sampled_from(["vi", "en", "zh"]))
@example(data={"canvas": {"width": 100, "height": 100}, "background": "red", "slots": SLOTS,
               "layers": {"a": {"type": "text", "slot": "headline",
                                "box": ["9" * 400, 0, 10, 10]}}},
         values={"headline": "Chung tay"}, lang="vi")  # 400 digits: float() gives infinity
@example(data={"canvas": {"width": 16, "height": 16}, "background": "red", "slots": SLOTS,
               "layers": {"a": {"type": "band", "size": 0, "opacity": 0.5}}},
         values={"headline": "A"}, lang="vi")  # an empty, half-transparent band
def test_structured_templates_load_and_render_or_fail_cleanly(proj, data, values, lang):
    template = load_or_error(proj, dump(data))
    event("loaded" if template else "refused")
    if template is None or template.canvas.megapixels > 0.1:  # big built-ins: loading only
        return
    values = {**values, "image": proj.root / "assets" / "a.png"}
    try:
        poster = render_poster(template, values, lang=lang)
    except StudioError as exc:
        assert str(exc).strip()
        event("render refused")
    else:
        assert poster.image.size == template.canvas.size
        event("rendered")


def _builtin(name: str) -> dict:
    return yaml.safe_load((BUILTIN_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


BUILTINS = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))
KEY_WORDS = ["canvas", "layers", "background", "slots", "width", "height", "dpi", "safe",
             "box", "colour", "size", "type", "slot", "font", "weight", "headline", "kind",
             "formats", "extends", "gradient", "max_lines", "min_size", "stroke", "0", "1"]
ANY = st.recursive(st.one_of(ODD, LENGTH, COLOUR, st.text(max_size=6)),
                   lambda inner: st.one_of(st.lists(inner, max_size=4),
                                           st.dictionaries(st.sampled_from(KEY_WORDS), inner,
                                                           max_size=4)), max_leaves=12)


def put(data, path: list[str], value):
    """`data` with `value` set at (roughly) key `path`: the walk stops where it can go no
    deeper, so every mutation lands somewhere."""
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        if isinstance(node, dict) and isinstance(node.get(key), (dict, list)):
            node = node[key]
        elif isinstance(node, list) and node:
            node = node[int(key) % len(node)] if key.isdigit() else node[0]
            if not isinstance(node, (dict, list)):
                break
        else:
            break
    if isinstance(node, dict):
        node[path[-1]] = value
    elif isinstance(node, list) and node:
        node[0] = value
    return data


@settings(max_examples=120, **SETTINGS)
@given(name=st.sampled_from(BUILTINS), path=st.lists(st.sampled_from(KEY_WORDS), min_size=1,
                                                      max_size=4), value=ANY)
def test_mutated_builtin_templates_load_or_fail_cleanly(proj, name, path, value):
    load_or_error(proj, dump(put(_builtin(name), path, value)))


# ---- variants CSV ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def csv_templates(proj) -> list[Template]:
    return [load_template("a3", proj), load_template("led-p10", proj)]


def variants_or_error(proj, templates, data: bytes):
    path = proj.root / "data.csv"
    path.write_bytes(data)
    try:
        return variants_from_csv(path, templates)
    except StudioError as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)
        return None


def check_variants(result) -> None:
    """What a caller may rely on: ASCII slug stems, each used once; NFC text; known languages."""
    if result is None:
        return
    variants, warnings = result
    assert variants
    stems = [v.stem for v in variants]
    assert all(SLUG.match(s) for s in stems), stems
    assert len(set(stems)) == len(stems)
    assert all(v.lang in LANGUAGES for v in variants)
    for v in variants:
        assert all(unicodedata.is_normalized("NFC", x) for x in v.values.values()
                   if isinstance(x, str))
    assert all(isinstance(w, str) and "\n" not in w for w in warnings)


@settings(max_examples=100, **SETTINGS)
@given(data=st.binary(max_size=300))
@example(data=b"headline\n" + b"a" * 200_000 + b"\n")  # over the csv module's field limit
@example(data=b"\xff\xfeh\x00e\x00")  # UTF-16
def test_any_csv_bytes_give_variants_or_a_clean_error(proj, csv_templates, data):
    check_variants(variants_or_error(proj, csv_templates, data))


COLUMNS = st.sampled_from(["headline", "subline", "id", "lang", "image", "qr", "extra",
                           "Headline", " headline ", "", "organization"])
CELL = st.one_of(st.sampled_from(["Chung tay vì trẻ em!", "Quye\u0302\u0300n", "../../etc",
                                  "a/b\\c", "vi", "en", "xx", "tay", "", " ", '"', ";", ",",
                                  "\t", "\n", "a.png", "A" * 300, "Ngày 2/9", "Đ"]),
                 st.text(max_size=10))


@settings(max_examples=100, **SETTINGS)
@given(header=st.lists(COLUMNS, min_size=1, max_size=5),
       rows=st.lists(st.lists(CELL, max_size=6), max_size=6),
       delimiter=st.sampled_from([",", ";", "\t"]), quoted=st.booleans(),
       bom=st.booleans())
def test_structured_csv_gives_variants_or_a_clean_error(proj, csv_templates, header, rows,
                                                        delimiter, quoted, bom):
    if quoted:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerows([header, *rows])
        text = buffer.getvalue()
    else:  # as a person might type it, quotes and separators inside cells unescaped
        text = "\n".join(delimiter.join(r) for r in [header, *rows])
    data = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
    check_variants(variants_or_error(proj, csv_templates, data))
