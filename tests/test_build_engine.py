"""The build engine with a small fake target kind: incremental, failures, manifest, lock.

Real video/audio/poster targets are exercised in test_build_real.py; here the renderer writes
text files so each property of the engine is checked quickly and exactly.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from filelock import FileLock

from studio.build import build
from studio.build.plan import TargetKind
from studio.fsutil import lock_path
from studio.errors import AssetError, OutputError
from studio.fsutil import write_text_atomic

CALLS: list[str] = []


def poster_names(script):
    return script.targets.poster


def scene_pictures(script, name, project):
    return {f"asset {s.visual.name}": s.visual for s in script.scenes if s.visual}


def render_text(script, name, out_dir: Path, draft: bool, options: dict, project,
                notice=None) -> list[Path]:
    """Writes one file per target; refuses an image whose bytes say 'corrupt'; gives a notice
    for a square poster."""
    CALLS.append(f"{script.id}:{name}")
    if name == "square" and notice:
        notice(f"warning: {script.id} is square")
        notice(f"warning: {script.id} is square")  # said twice, recorded once
    visual = script.scenes[0].visual
    if visual and visual.read_bytes().startswith(b"corrupt"):
        raise AssetError("image is corrupt", file=visual)
    suffix = "-draft" if draft and script.status != "approved" else ""
    digest = hashlib.sha256(visual.read_bytes()).hexdigest()[:8] if visual else "none"
    return [write_text_atomic(out_dir / f"{script.id}_{name}{suffix}.txt", f"{name} {digest}")]


KINDS = {"poster": TargetKind("poster", poster_names, scene_pictures, render_text)}


@pytest.fixture
def campaign(project):
    """Two approved scripts (a uses a.png, b uses b.png) and one draft."""
    project.image("assets/images/a.png", colour=(1, 2, 3))
    project.image("assets/images/b.png", colour=(4, 5, 6))
    for name, image in (("a", "a.png"), ("b", "b.png"), ("c", "a.png")):
        path = project.script(f"{name}.md", front=f"title: {name}\nlang: vi\n"
                              "targets: {poster: [facebook, square]}\n",
                              body=f"## A\n![x](images/{image})\nXin chào.\n")
        if name != "c":
            project.approve(path, "UBND")
    CALLS.clear()
    return project


def run(campaign, **kw):
    return build([campaign.root / "scripts"], project=campaign.proj, kinds=KINDS,
                 jobs=kw.pop("jobs", 1), **kw)


def test_first_build_makes_every_approved_target_and_skips_drafts(campaign):
    report = run(campaign)
    assert sorted(CALLS) == ["a:facebook", "a:square", "b:facebook", "b:square"]
    assert report.count("built") == 4 and report.count("skipped") == 1
    assert (campaign.root / "outputs/a/a_facebook.txt").is_file()


def test_what_a_renderer_says_becomes_its_targets_warnings_and_stays(campaign):
    report = run(campaign)
    warned = {(r.script_id, r.target): r.warnings for r in report.results if r.warnings}
    assert warned == {("a", "poster:square"): ["a is square"],
                      ("b", "poster:square"): ["b is square"]}
    manifest = json.loads((campaign.root / "outputs/manifest.json").read_text("utf-8"))
    assert {t["target"]: t["warnings"] for t in manifest["targets"]
            if t["script_id"] == "a"} == {"poster:facebook": [], "poster:square": ["a is square"]}
    assert "a is square" in (campaign.root / "outputs/index.html").read_text("utf-8")
    run(campaign)  # nothing to build: the page keeps what the last build said
    assert "a is square" in (campaign.root / "outputs/index.html").read_text("utf-8")
    campaign.image("assets/images/b.png", colour=(7, 8, 9))  # b rebuilds, a is up to date
    report = run(campaign)
    assert {r.script_id for r in report.results if r.status == "built"} == {"b"}
    assert [r.warnings for r in report.results
            if (r.script_id, r.target) == ("a", "poster:square")] == [["a is square"]]
    assert "a is square" in (campaign.root / "outputs/index.html").read_text("utf-8")


def test_second_build_builds_nothing(campaign):
    run(campaign)
    CALLS.clear()
    report = run(campaign)
    assert CALLS == [] and report.count("up-to-date") == 4 and report.count("built") == 0


def test_changing_one_asset_rebuilds_exactly_its_targets(campaign):
    run(campaign)
    CALLS.clear()
    campaign.image("assets/images/b.png", colour=(9, 9, 9))
    report = run(campaign)
    assert sorted(CALLS) == ["b:facebook", "b:square"]
    assert report.count("up-to-date") == 2


def test_editing_a_script_needs_approval_again(campaign):
    run(campaign)
    path = campaign.root / "scripts/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Xin chào", "Chào"), encoding="utf-8")
    CALLS.clear()
    report = run(campaign)
    assert CALLS == [] and any(r.status == "skipped" and "stale" in r.error for r in report.results)
    campaign.approve(path, "UBND")
    run(campaign)
    assert sorted(CALLS) == ["a:facebook", "a:square"]


def test_failing_target_leaves_others_built_and_old_output_intact(campaign):
    run(campaign)
    old = (campaign.root / "outputs/b/b_facebook.txt").read_text(encoding="utf-8")
    (campaign.root / "assets/images/b.png").write_bytes(b"corrupt")
    campaign.image("assets/images/a.png", colour=(7, 7, 7))
    report = run(campaign, jobs=2)
    failed = {r.target for r in report.failed}
    assert failed == {"poster:facebook", "poster:square"}
    assert all(r.script_id == "b" and "b.png: image is corrupt" in r.error for r in report.failed)
    assert report.count("built") == 2
    assert (campaign.root / "outputs/b/b_facebook.txt").read_text(encoding="utf-8") == old
    CALLS.clear()
    run(campaign)  # still broken: retried, the good ones are not redone
    assert sorted(CALLS) == ["b:facebook", "b:square"]


def test_manifest_checksums_match_files(campaign):
    report = run(campaign)
    manifest = json.loads(report.manifest.read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 4
    for out in manifest["outputs"]:
        data = (campaign.root / "outputs" / out["path"]).read_bytes()
        assert out["sha256"] == hashlib.sha256(data).hexdigest() and out["bytes"] == len(data)
        assert out["approved_by"] == "UBND" and out["lang"] == "vi"
        assert out["script_checksum"] == manifest["scripts"][out["script_id"]]["checksum"]


def test_deleted_output_is_rebuilt(campaign):
    run(campaign)
    (campaign.root / "outputs/a/a_square.txt").unlink()
    CALLS.clear()
    run(campaign)
    assert CALLS == ["a:square"]


def test_dry_run_says_why_and_builds_nothing(campaign):
    run(campaign)
    campaign.image("assets/images/a.png", colour=(8, 8, 8))
    report = run(campaign, dry_run=True)
    would = [r for r in report.results if r.status == "would-build"]
    assert {r.script_id for r in would} == {"a"} and CALLS[-1:] != ["x"]
    assert all("asset a.png changed" in r.why for r in would)


def test_force_rebuilds_everything(campaign):
    run(campaign)
    CALLS.clear()
    run(campaign, force=True)
    assert len(CALLS) == 4


def test_draft_flag_builds_drafts_marked(campaign):
    run(campaign, draft=True)
    assert (campaign.root / "outputs/c/c_facebook-draft.txt").is_file()


def test_second_build_at_once_refuses_clearly(campaign):
    outputs = campaign.root / "outputs"
    outputs.mkdir()
    lock_path(outputs).parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock_path(outputs))):
        with pytest.raises(OutputError, match="another studio build is writing"):
            run(campaign)


def render_stand_in(script, name, out_dir: Path, draft: bool, options: dict, project,
                    notice=None) -> list[Path]:
    """A small file for any kind of target (what is under test is what each is made from)."""
    CALLS.append(f"{script.id}:{name}")
    return [write_text_atomic(out_dir / f"{script.id}_{name}.txt", name)]


def test_the_projects_lexicon_word_list_and_sounds_rebuild_what_they_change(project):
    from studio.build.targets import default_kinds
    kinds = {n: TargetKind(n, k.names, k.inputs, render_stand_in)
             for n, k in default_kinds().items()}
    path = project.script("a.md", front="title: a\nlang: vi\ntargets: {video: [vertical], "
                          "audio: [loudspeaker], poster: [a3]}\n", body="## A\nXin chào.\n")
    project.approve(path, "UBND")

    def would() -> dict[str, tuple[str, ...]]:
        report = build([project.root / "scripts"], project=project.proj, kinds=kinds, jobs=1,
                       dry_run=True)
        return {r.target.split(":")[0]: r.why for r in report.results
                if r.status == "would-build"}

    build([project.root / "scripts"], project=project.proj, kinds=kinds, jobs=1)
    assert would() == {}
    (project.root / "lexicon").mkdir()
    (project.root / "lexicon/vi-words.txt").write_text("Bản Chắt\n", encoding="utf-8")
    assert would() == {kind: ("project word list vi-words.txt added",)
                       for kind in ("video", "poster")}
    build([project.root / "scripts"], project=project.proj, kinds=kinds, jobs=1)
    (project.root / "lexicon/vi.tsv").write_text("UBND\tủy ban\n", encoding="utf-8")
    assert set(would()) == {"video", "audio"}
    build([project.root / "scripts"], project=project.proj, kinds=kinds, jobs=1)
    (project.root / "assets/jingles").mkdir(parents=True)
    (project.root / "assets/jingles/signal.wav").write_bytes(b"RIFF")
    assert would() == {"audio": ("project signal signal.wav added",)}
    build([project.root / "scripts"], project=project.proj, kinds=kinds, jobs=1)
    (project.root / "assets/jingles/opening.mp3").write_bytes(b"ID3")
    assert set(would()) == {"video", "audio"}


def test_a_target_taken_out_of_a_script_is_removed_and_a_build_of_one_file_keeps_others(
        campaign, monkeypatch):
    from helpers_cli import run_cli
    import studio.build.targets as targets
    run(campaign)
    path = campaign.root / "scripts/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("[facebook, square]", "[facebook]"),
                    encoding="utf-8")
    campaign.approve(path, "UBND")
    alone = build([path], project=campaign.proj, kinds=KINDS, jobs=1)
    assert [(r.script_id, r.target, r.status) for r in alone.results
            if r.status == "removed"] == [("a", "poster:square", "removed")]
    assert not (campaign.root / "outputs/a/a_square.txt").exists()
    assert (campaign.root / "outputs/b/b_square.txt").is_file()  # b was not built: left alone
    assert (campaign.root / "outputs/a/a_facebook.txt").is_file()
    b = campaign.root / "scripts/b.md"
    b.write_text(b.read_text(encoding="utf-8").replace("[facebook, square]", "[square]"),
                 encoding="utf-8")
    campaign.approve(b, "UBND")
    monkeypatch.setattr(targets, "default_kinds", lambda: KINDS)
    dry = run_cli("build", campaign.root / "scripts", "--project", campaign.root, "--dry-run")
    assert "would remove b poster:facebook: its script no longer lists it under targets:" \
        in dry.stdout and (campaign.root / "outputs/b/b_facebook.txt").is_file()
    done = run_cli("build", campaign.root / "scripts", "--project", campaign.root, "--jobs", "1")
    assert done.exit_code == 0 and "1 removed" in done.stderr, done.stderr
    assert not (campaign.root / "outputs/b/b_facebook.txt").exists()


def test_a_build_works_with_spawned_workers_as_on_windows(campaign, monkeypatch):
    """Windows (and Python 3.14's forkserver) start workers fresh, not as forks of a warm
    parent: whatever a target needs must reach them by pickling."""
    import functools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from studio.build import runners
    monkeypatch.setattr(runners, "ProcessPoolExecutor", functools.partial(
        ProcessPoolExecutor, mp_context=multiprocessing.get_context("spawn")))
    report = run(campaign, jobs=2)
    assert report.count("built") == 4 and not report.failed
    assert (campaign.root / "outputs/b/b_square.txt").read_text(encoding="utf-8").startswith(
        "square ")
