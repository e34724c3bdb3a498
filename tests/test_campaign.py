"""Campaigns (`variants:`): the table read, rows filled in as plain scripts, one approval for
every row, and a build that expands rows into targets — with a fake renderer, so each
property is checked quickly and exactly (real bulletins and banners: test_campaign_real.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers_cli import error_lines, run_cli
from studio.build import build
from studio.build.plan import TargetKind
from studio.errors import StudioError
from studio.fsutil import write_text_atomic
from studio.script.campaign import expand
from studio.script.load import load
from studio.speech.voice import Voice
from studio.tables import read_table

FRONT = """\
title: "UBND xã {xa} thông báo"
lang: vi
organization: "UBND xã {xa}"
date: 2026-12-01
variants: {data: data/xa.csv, key: xa}
targets: {poster: [bang-ron], audio: [loudspeaker]}
poster:
  headline: Ngày Quyền con người 10/12
  subline: "Ủy ban nhân dân xã {xa}"
"""
BODY = """\
## Thông báo
> Xã {xa}

UBND xã {xa} thông báo tới toàn thể nhân dân.
Mọi người cùng chung tay bảo vệ quyền con người.

## Liên hệ
Xin gọi đường dây nóng {hotline}.
"""
ROWS = "xa,hotline\nTân Thanh,0205 111\nHồng Phong,0205 222\nĐình Lập,0205 333\n"
CALLS: list[str] = []


def write_data(project, text: str = ROWS, name: str = "data/xa.csv") -> Path:
    path = project.place(f"scripts/{name}")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def campaign(project):
    """An approved campaign of three communes."""
    write_data(project)
    path = project.script("c.md", front=FRONT, body=BODY)
    project.approve(path)
    CALLS.clear()
    return project


# --- the table ---------------------------------------------------------------------------

def test_csv_as_excel_saves_it_semicolons_and_bom(project):
    path = write_data(project, "\ufeffXã ;Hotline\nTân Thanh;1\n", "data/x.csv")
    table = read_table(path)
    assert table.columns == ("Xã", "Hotline")
    assert table.rows == ((2, {"Xã": "Tân Thanh", "Hotline": "1"}),)


def test_xlsx_first_sheet_values_with_rows_numbered_as_excel_shows(project):
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["xa", "hotline"])
    book.active.append(["Tân Thanh", 2053845101])
    book.active.append([None, None])
    book.active.append(["Hồng Phong", "0205"])
    path = project.place("scripts/data/xa.xlsx")
    book.save(path)
    table = read_table(path)
    assert table.rows == ((2, {"xa": "Tân Thanh", "hotline": "2053845101"}),
                          (4, {"xa": "Hồng Phong", "hotline": "0205"}))


# --- the model ---------------------------------------------------------------------------

def test_each_row_is_a_plain_script_with_every_text_filled_in(campaign):
    script = load(campaign.root / "scripts/c.md", campaign.proj)
    rows = expand(script)
    assert [r.variant.key for r in rows] == ["Tân Thanh", "Hồng Phong", "Đình Lập"]
    tan = rows[0]
    assert tan.campaign is None and tan.variant.slug == "tan-thanh"
    assert tan.title == "UBND xã Tân Thanh thông báo"
    assert tan.organization == "UBND xã Tân Thanh"
    assert tan.poster.subline == "Ủy ban nhân dân xã Tân Thanh"
    assert tan.scenes[0].headline == "Xã Tân Thanh"
    assert tan.scenes[0].paragraphs[0].text.startswith("UBND xã Tân Thanh thông báo")
    assert tan.scenes[1].narration == "Xin gọi đường dây nóng 0205 111."
    assert dict(tan.variant.values) == {"xa": "Tân Thanh", "hotline": "0205 111"}
    assert tan.status == "approved" and tan.checksum == script.checksum
    assert "{" not in json.dumps([tan.title, tan.scenes[0].narration, tan.scenes[1].narration])


def test_headers_match_whatever_their_case_and_spaces(project):
    write_data(project, " XA ,Hot Line\nTân Thanh,1\n")
    path = project.script("c.md", front=FRONT, body=BODY)
    [row] = expand(load(path, project.proj))
    assert row.scenes[1].narration == "Xin gọi đường dây nóng 1."


def test_a_changed_row_makes_the_campaign_stale_and_reapproval_approves_every_row(campaign):
    path = campaign.root / "scripts/c.md"
    write_data(campaign, ROWS.replace("0205 222", "0205 999"))
    stale = load(path, campaign.proj)
    assert stale.status == "stale"
    assert {r.status for r in expand(stale)} == {"stale"}
    campaign.approve(path)
    assert {r.status for r in expand(load(path, campaign.proj))} == {"approved"}


def test_the_same_bytes_saved_again_keep_the_approval(campaign):
    write_data(campaign, ROWS)
    assert load(campaign.root / "scripts/c.md", campaign.proj).status == "approved"


@pytest.mark.parametrize("rows, body, expected", [
    ("commune,hotline\nA,1\n", BODY,
     "data/xa.csv:1: column 'xa' is missing (the script's variants key)"),
    ("xa,hotline\nTân Thanh,\n", BODY,
     "data/xa.csv:2: row 'Tân Thanh' has no value in column 'hotline' "
     "(the script's {hotline} needs it) — fill in the cell, or remove the row"),
    ("xa,hotline\nTân Thanh,1\nHồng Phong,2\ntân thanh,3\n", BODY,
     "data/xa.csv:4: key 'tân thanh' in column 'xa' repeats line 2"),
    (ROWS, BODY + "\nGọi {hotine}.\n", "c.md:21: unknown placeholder '{hotine}': xa.csv has "
     "no column 'hotine' — did you mean 'hotline'?"),
    ("xa,hotline\nTân Thanh,1\nTân Thành,2\n", BODY,
     "data/xa.csv:3: key 'Tân Thành' in column 'xa' would share the folder 'tan-thanh' with "
     "'Tân Thanh' (line 2) — add a word to one of them"),
])
def test_bad_data_is_one_line_naming_file_row_and_column(project, rows, body, expected):
    write_data(project, rows)
    path = project.script("c.md", front=FRONT, body=body)
    with pytest.raises(StudioError) as caught:
        load(path, project.proj)
    line = caught.value.describe()
    assert len(line.splitlines()) == 1
    assert expected in line


# --- the build ---------------------------------------------------------------------------

def names(script):
    return script.targets.poster


def no_files(script, name, project):
    return {}


def render_row(script, name, out_dir: Path, draft, voice, project, notice=None) -> list[Path]:
    """One text file per row: its title, so a test can see which text reached which folder."""
    CALLS.append(script.variant.slug)
    return [write_text_atomic(out_dir / f"{script.id}_{script.variant.slug}_{name}.txt",
                              script.title)]


KINDS = {"poster": TargetKind("poster", names, no_files, render_row)}


def run(campaign, **kw):
    return build([campaign.root / "scripts"], project=campaign.proj, kinds=KINDS, jobs=1, **kw)


def test_build_makes_each_row_into_its_own_folder_and_a_second_build_nothing(campaign):
    report = run(campaign)
    assert sorted(CALLS) == ["dinh-lap", "hong-phong", "tan-thanh"]
    out = campaign.root / "outputs/c/tan-thanh/c_tan-thanh_bang-ron.txt"
    assert out.read_text(encoding="utf-8") == "UBND xã Tân Thanh thông báo"
    manifest = json.loads((campaign.root / "outputs/manifest.json").read_text(encoding="utf-8"))
    entry = next(o for o in manifest["outputs"] if o["path"] == "c/tan-thanh/c_tan-thanh_bang-ron.txt")
    assert entry["variant"] == "Tân Thanh"
    assert entry["variant_values"] == {"xa": "Tân Thanh", "hotline": "0205 111"}
    assert manifest["scripts"]["c"]["campaign"]["rows"] == 3
    assert report.count("built") == 3
    CALLS.clear()
    again = run(campaign)
    assert CALLS == [] and again.count("up-to-date") == 3


def test_a_changed_row_is_skipped_while_stale_and_alone_rebuilt_once_reapproved(campaign):
    run(campaign)
    CALLS.clear()
    write_data(campaign, ROWS.replace("0205 222", "0205 999"))
    stale = run(campaign)
    assert CALLS == [] and stale.count("skipped") == 1
    campaign.approve(campaign.root / "scripts/c.md")
    run(campaign)
    assert CALLS == ["hong-phong"]


def test_only_builds_the_rows_named_by_key_or_slug(campaign):
    run(campaign, only=["Tân Thanh", "dinh-lap"])
    assert sorted(CALLS) == ["dinh-lap", "tan-thanh"]
    with pytest.raises(StudioError, match="'Tân Thành' is not a key of any campaign"):
        run(campaign, only=["Tân Thành"])


def test_cli_only_and_a_summary_that_groups_the_rows(campaign, monkeypatch):
    import studio.build.targets as targets
    monkeypatch.setattr(targets, "default_kinds", lambda: KINDS)
    result = run_cli("build", campaign.root / "scripts", "--project", campaign.root,
                     "--jobs", "1", "--only", "Tân Thanh, Hồng Phong")
    assert result.exit_code == 0, result.stderr
    assert sorted(CALLS) == ["hong-phong", "tan-thanh"]
    rows = [line for line in result.stderr.splitlines() if "poster:bang-ron" in line]
    assert len(rows) == 1 and "2 rows" in rows[0]
    bad = run_cli("build", campaign.root / "scripts", "--project", campaign.root,
                  "--only", "Nowhere")
    assert bad.exit_code == 2
    assert error_lines(bad) == ["error: --only 'Nowhere' is not a key of any campaign built "
                                "(xa.csv) — name a row's key as its data file writes it"]


def test_an_unchanged_campaign_is_up_to_date_yet_a_deleted_output_or_new_options_rebuild(
        campaign):
    run(campaign)
    CALLS.clear()
    (campaign.root / "outputs/c/hong-phong/c_hong-phong_bang-ron.txt").unlink()
    assert run(campaign).count("built") == 1 and CALLS == ["hong-phong"]
    CALLS.clear()
    state = json.loads((campaign.root / "outputs/.studio-build.json").read_text(encoding="utf-8"))
    assert len(state["campaigns"][str(campaign.root / "scripts/c.md")]["keys"]) == 3
    assert run(campaign).count("up-to-date") == 3 and CALLS == []
    run(campaign, voice=Voice(offline=True))
    assert sorted(CALLS) == ["dinh-lap", "hong-phong", "tan-thanh"]


def test_a_row_taken_out_of_the_table_is_retired_with_its_files_and_the_rest_untouched(
        campaign):
    run(campaign)
    kept = campaign.root / "outputs/c/tan-thanh/c_tan-thanh_bang-ron.txt"
    before = kept.stat().st_mtime_ns
    write_data(campaign, ROWS.replace("Hồng Phong,0205 222\n", ""))
    campaign.approve(campaign.root / "scripts/c.md")
    assert run(campaign, only=["Tân Thanh"]).count("removed") == 0  # not planned, not gone
    CALLS.clear()
    dry = run(campaign, dry_run=True)
    assert [(r.status, r.variant) for r in dry.results if "remove" in r.status] == [
        ("would-remove", "hong-phong")]
    assert (campaign.root / "outputs/c/hong-phong").is_dir()
    report = run(campaign)
    assert [(r.status, r.variant) for r in report.results if r.status == "removed"] == [
        ("removed", "hong-phong")]
    assert not (campaign.root / "outputs/c/hong-phong").exists() and CALLS == []
    assert kept.stat().st_mtime_ns == before
    manifest = json.loads((campaign.root / "outputs/manifest.json").read_text(encoding="utf-8"))
    assert not [o for o in manifest["outputs"] if "hong-phong" in o["path"]]
    assert {o.get("variant") for o in manifest["outputs"]} == {"Tân Thanh", "Đình Lập"}
    assert run(campaign).count("removed") == 0


def test_a_retired_file_changed_by_hand_stays_and_is_listed_as_made_outside(campaign):
    run(campaign)
    edited = campaign.root / "outputs/c/dinh-lap/c_dinh-lap_bang-ron.txt"
    edited.write_text("sửa tay", encoding="utf-8")
    write_data(campaign, ROWS.replace("Đình Lập,0205 333\n", ""))
    campaign.approve(campaign.root / "scripts/c.md")
    assert run(campaign).count("removed") == 1
    assert edited.read_text(encoding="utf-8") == "sửa tay"
    manifest = json.loads((campaign.root / "outputs/manifest.json").read_text(encoding="utf-8"))
    assert [o["path"] for o in manifest["other_outputs"]] == ["c/dinh-lap/c_dinh-lap_bang-ron.txt"]


def test_review_page_shows_a_campaign_as_one_table_of_its_rows(campaign):
    run(campaign)
    page = (campaign.root / "outputs/index.html").read_text(encoding="utf-8")
    assert page.count('class="targets variants"') == 1
    table = page.split('class="targets variants"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 4  # the header and one row per commune
    for key, slug in (("Tân Thanh", "tan-thanh"), ("Hồng Phong", "hong-phong")):
        assert f"<td>{key}</td>" in table
        assert f'href="c/{slug}/c_{slug}_bang-ron.txt"' in table
    assert "<audio controls" not in page and ": 3 dòng" in page


def test_check_fills_in_every_row_and_names_the_bad_one_and_the_longest(project):
    from studio.check import check_script
    long_name = "Tân" + "a" * 45
    write_data(project, f"xa,hotline\nTân Thanh,0205 111\n{long_name},0205 222 333 444\n")
    path = project.script("c.md", front=FRONT, body=BODY)
    bad = check_script(path, project.proj, deep=True)
    [line] = bad.errors
    assert line.startswith(f"{project.root / 'scripts/data/xa.csv'}:3: row '{long_name}': word")
    write_data(project, "xa,hotline\nTân Thanh,0205 111\nHồng Phong,0205 222 333 444 555\n")
    good = check_script(path, project.proj, deep=True)
    assert good.errors == ()
    [longest] = [w for w in good.warnings if w.startswith("longest rows")]
    assert longest.startswith("longest rows: Hồng Phong")
    assert any(w.startswith("smallest poster text: ") for w in good.warnings)
