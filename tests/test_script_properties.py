"""Property tests: whatever a script file contains, loading gives a Script or a StudioError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.errors import StudioError
from studio.project import Project
from studio.script import load

FRONT_LINES = st.sampled_from([
    "title: A", "lang: vi", "lang: xx", "priority: khan-cap", "priority: 3", "id: Ab C",
    "targets: {video: [vertical]}", "targets: [1, 2]", "voice: {speed: 9}", "voice: 3",
    "poster: {headline: A}", "approval: {by: A, on: 2026-01-01, checksum: x}", "approval: 5",
    "music: a.mp3", "logo: ../../x.png", "date: 2026-13-45", "title: [", "  - x", ": :", "on: no",
])
BODY_LINES = st.sampled_from([
    "## Cảnh", "# Tựa", "Xin chào.", "> Khẩu hiệu", "![a](a.png)", "![a](../x.png)",
    "[voice](v.mp3)", "<!-- pause 1 -->", "<!-- pause x -->", "<div>x</div>", "```", "- mục",
    "", "### nhỏ", "[link](http://x)", "Quye\u0302\u0300n",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.lists(FRONT_LINES, max_size=8), body=st.lists(BODY_LINES, max_size=12),
       fence=st.booleans())
def test_structured_scripts_load_or_fail_cleanly(project, front, body, fence):
    text = ("---\n" + "\n".join(front) + ("\n---\n" if fence else "\n")) + "\n".join(body)
    path = project.script("p.md", raw=text)
    try:
        script = load(path, Project.at(project.root))
    except StudioError as exc:
        assert str(exc).strip()
    else:
        assert script.title and script.scenes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_load_or_fail_cleanly(project, data):
    path = project.root / "scripts" / "b.md"
    path.write_bytes(b"---\ntitle: A\nlang: vi\n---\n## A\n" + data)
    try:
        load(path, Project.at(project.root))
    except StudioError as exc:
        assert str(exc).strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_arbitrary_text_loads_or_fails_cleanly(project, text):
    path = project.script("t.md", raw=text)
    try:
        load(path, Project.at(project.root))
    except StudioError as exc:
        assert str(exc).strip()


@settings(max_examples=150, deadline=None)
@given(front=st.lists(FRONT_LINES, max_size=8))
def test_libyaml_and_pure_python_loaders_agree(front):
    """The fast (libyaml) loader must read front matter exactly as the pure-Python one."""
    import yaml

    from studio.script.source import FastScriptLoader, ScriptLoader
    text = "\n".join(front)
    results = []
    for loader in (FastScriptLoader, ScriptLoader):
        try:
            results.append(("ok", yaml.load(text, Loader=loader)))  # noqa: S506 - safe loaders
        except yaml.YAMLError:
            results.append(("error", None))
    assert results[0] == results[1]
