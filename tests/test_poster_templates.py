"""Template files: the built-ins load, bad files give one clear error, projects override."""

from __future__ import annotations

import pytest

from helpers_poster import SMALL_TEMPLATE, write_template
from studio.errors import TemplateError
from studio.poster.template_model import Length, pixels_for
from studio.poster.templates import (BUILTIN_DIR, describe, list_templates, load_template,
                                       template_files, template_names, template_path)
from studio.project import Project

BUILTINS = {"a1", "a2", "a3", "bang-ron", "bang-ron-3x1", "phuon", "pano", "led-p10",
            "led-hd", "facebook", "square", "portrait", "story"}


@pytest.fixture
def proj(project) -> Project:
    """The test project, with an empty templates/ folder of its own."""
    (project.root / "templates").mkdir()
    return project.proj


def load_text(proj: Project, text: str, name: str = "t"):
    write_template(proj.root / "templates", name, text)
    return load_template(name, proj)


def error_of(proj: Project, text: str) -> str:
    with pytest.raises(TemplateError) as err:
        load_text(proj, text)
    return str(err.value)


def test_every_builtin_loads_and_declares_a_required_headline(proj):
    assert BUILTINS <= set(template_names(proj))
    for template in list_templates(proj):
        assert template.origin == "built-in"
        assert "headline" in template.required_slots
        assert template.slots["headline"].example
        assert describe(template)["pixels"] == list(template.canvas.size)


def test_mm_to_pixels():
    assert pixels_for(297, 300) == 3508 and pixels_for(420, 300) == 4961
    assert pixels_for(594, 300) == 7016 and pixels_for(841, 300) == 9933
    assert pixels_for(5000, 150) == 29528 and pixels_for(3, 300) == 35


def test_small_template_resolves(proj):
    template = load_text(proj, SMALL_TEMPLATE)
    assert template.canvas.size == (400, 200)
    assert template.canvas.safe_box == (10, 10, 380, 180)
    layer = template.layers[0]
    assert layer.min_size == Length(20, "px") and layer.colour == (255, 255, 0)
    assert template.formats == ("png",)


def test_unknown_key_names_file_line_path_and_suggests(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace("max_lines: 2", "max_line: 2"))
    assert "t.yaml:12:" in message  # file and line of the bad key
    assert "layers.headline.max_line: unknown key" in message
    assert "did you mean 'max_lines'?" in message


def test_bad_colour(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace("colour: yellow", "colour: yelow"))
    assert "layers.headline.colour: 'yelow' is not a colour" in message
    assert "#DA251D" in message


def test_canvas_in_mm_needs_dpi(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace("unit: px", "unit: mm"))
    assert "canvas: a canvas in mm needs a 'dpi'" in message


def test_text_outside_the_safe_area_is_refused(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace("box: [0, 0, 100, 100]",
                                                    "box: [0, 0, 100, 100]\n        frame: trim"))
    assert "layers.headline.box: reaches outside the safe area" in message


def test_undeclared_slot_suggests_a_declared_one(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace("slot: headline", "slot: headlin"))
    assert "slot 'headlin' is not declared" in message and "'headline'" in message


def test_yaml_syntax_error_has_a_line(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace("colour: yellow", "colour: [yellow"))
    assert "not valid YAML" in message and "t.yaml:" in message


def test_layer_needs_a_type(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace("        type: text\n", ""))
    assert "layers.headline: 'type' is missing" in message


def test_bad_length_unit(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace("min_size: 20px", "min_size: 20cm"))
    assert "layers.headline.min_size: '20cm' is not a length" in message


def test_pixel_exact_refuses_gradients_and_blending(proj):
    text = SMALL_TEMPLATE.replace("safe: 10}", "safe: 10, pixel_exact: true}")
    message = error_of(proj, text.replace("background: red",
                                          "background: {gradient: {from: red, to: black}}"))
    assert "pixel-exact canvas cannot have a gradient" in message


def test_oversized_canvas_is_refused(proj):
    message = error_of(proj, SMALL_TEMPLATE.replace(
        "{width: 400, height: 200, unit: px, safe: 10}",
        "{width: 10000, height: 2000, unit: mm, dpi: 300, safe: 10}"))
    assert "megapixels" in message and "lower the dpi" in message


def test_missing_template_suggests_a_name(proj):
    with pytest.raises(TemplateError) as err:
        load_template("bang-rom", proj)
    assert "no template named 'bang-rom'" in str(err.value)
    assert "did you mean 'bang-ron'?" in str(err.value)


def test_project_template_extends_and_overrides_a_builtin(proj):
    path = write_template(proj.root / "templates", "a3", """
        extends: a3
        description: our A3, white ground
        background: white
        layers:
          qr: null
          headline: {colour: red}
    """)
    template = load_template("a3", proj)
    assert template.origin == "project" and template_path("a3", proj) == path
    assert template.background.colour == (255, 255, 255)
    assert "qr" not in [layer.name for layer in template.layers]
    headline = next(layer for layer in template.layers if layer.name == "headline")
    assert headline.colour == (218, 37, 29)
    assert headline.upper  # everything not overridden comes from the built-in
    assert template_files("a3", proj) == (path.resolve(), (BUILTIN_DIR / "a3.yaml").resolve())


def test_errors_in_an_extending_file_point_at_that_file(proj):
    write_template(proj.root / "templates", "mine", """
        extends: square
        layers:
          headline: {colour: not-a-colour}
    """)
    with pytest.raises(TemplateError) as err:
        load_template("mine", proj)
    assert "mine.yaml:3:" in str(err.value)


def test_extends_loop_is_reported(proj):
    write_template(proj.root / "templates", "one", "extends: two\n")
    write_template(proj.root / "templates", "two", "extends: one\n")
    with pytest.raises(TemplateError) as err:
        load_template("one", proj)
    assert "extends" in str(err.value)


def test_a2_and_a1_extend_a3():
    a1 = load_template("a1")
    assert [p.name for p in a1.files] == ["a1.yaml", "a3.yaml"]
    assert [layer.name for layer in a1.layers] == [layer.name for layer in
                                                   load_template("a3").layers]


def test_the_examples_in_the_docs_are_valid_templates(proj):
    import re
    from pathlib import Path
    doc = (Path(__file__).resolve().parents[1] / "docs" / "posters.md").read_text(
        encoding="utf-8")
    override, example = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    write_template(proj.root / "templates", "a3", override)
    write_template(proj.root / "templates", "example", example)
    assert load_template("a3", proj).background.colour == (255, 255, 255)
    template = load_template("example", proj)
    assert [layer.name for layer in template.layers] == [
        "top-band", "picture", "star", "headline", "subline", "code"]
    assert template.canvas.size == (2550, 1818)


def test_a_badly_named_template_file_is_reported(proj):
    write_template(proj.root / "templates", "Băng Rôn Xã", SMALL_TEMPLATE)
    with pytest.raises(TemplateError) as err:
        template_names(proj)
    assert "Băng Rôn Xã.yaml" in str(err.value) and "bang-ron-xa.yaml" in str(err.value)


def test_yaml_alias_bomb_fails_fast(proj):
    import time
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        levels.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, "
                      f"*{prev}, *{prev}, *{prev}, *{prev}]")
    start = time.perf_counter()
    with pytest.raises(TemplateError):
        load_text(proj, "\n".join(levels) + "\ncanvas: *j\nlayers: *j\n")
    assert time.perf_counter() - start < 5  # expanded, the aliases would never end
