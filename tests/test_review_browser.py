"""The review page opened from disk in a real headless Chromium: every output shown, every
player, image and subtitle track really loads, and a `<script>` title stays text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from studio.review import write_review_page
from helpers_review import EVIL_TITLE, make_outputs, parse_page

pytestmark = pytest.mark.slow

CHROMIUM_TIMEOUT_S = 120


def chromium() -> str:
    """Debian's chromium, or skip: the browser is an optional test tool."""
    exe = shutil.which("chromium")
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return exe


def dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM after it has loaded, as headless Chromium serialises it.

    A tall window so lazy images are in view; virtual time lets media load their metadata.
    """
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--mute-audio", f"--user-data-dir={profile}",
           "--window-size=1280,12000", "--virtual-time-budget=8000", "--dump-dom",
           page.resolve().as_uri()]
    proc = subprocess.run(cmd, capture_output=True, timeout=CHROMIUM_TIMEOUT_S, check=False)
    dom = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0 and "</html>" in dom, proc.stderr.decode("utf-8", "replace")[-2000:]
    return dom


def media_states(dom: str) -> dict[str, list[tuple[str, str]]]:
    """Which media elements the page's own script marked loaded, failed, or neither."""
    states: dict[str, list[tuple[str, str]]] = {"loaded": [], "error": [], "pending": []}
    for tag, attrs in parse_page(dom).tags:
        if tag in ("video", "audio", "img", "track"):
            state = ("error" if "data-error" in attrs else
                     "loaded" if "data-loaded" in attrs else "pending")
            states[state].append((tag, attrs.get("data-file") or attrs.get("src", "")))
    return states


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("browser")
    manifest = make_outputs(root / "outputs")
    return write_review_page(manifest, root / "outputs"), manifest


@pytest.fixture(scope="module")
def dom(site, tmp_path_factory) -> str:
    page, _ = site
    return dump_dom(page, tmp_path_factory.mktemp("profile"))


def test_every_output_is_shown(site, dom):
    _, manifest = site
    links = {link for _, _, link in parse_page(dom).links}
    for output in manifest["outputs"]:
        assert quote(output["path"]) in links, f"{output['path']} is not on the page"


def test_every_player_image_and_track_loads(dom):
    states = media_states(dom)
    assert states["error"] == [], f"failed to load: {states['error']}"
    assert states["pending"] == [], f"never loaded: {states['pending']}"
    loaded = sorted(tag for tag, _ in states["loaded"])
    # 2 videos, 2 audio files, 1 waveform + 2 posters, 1 subtitle track
    assert loaded == ["audio", "audio", "img", "img", "img", "track", "video", "video"]


def test_script_title_is_text_in_the_browser(dom):
    parsed = parse_page(dom)
    assert EVIL_TITLE in parsed.headings
    assert len(parsed.scripts) == 1, "the title became a <script> element"
    assert "alert(1)" not in parsed.scripts[0]


def test_a_file_deleted_after_the_build_shows_as_broken(site, tmp_path):
    """The load marks are real: a missing file is reported by the browser, not assumed fine."""
    page, _ = site
    copy = tmp_path / "outputs"
    shutil.copytree(page.parent, copy)
    (copy / "bay-cong-uoc" / "radio.mp3").unlink()
    broken_dom = dump_dom(copy / "index.html", tmp_path / "profile")
    states = media_states(broken_dom)
    assert states["error"] == [("audio", "bay-cong-uoc/radio.mp3")]
    figures = [a for tag, a in parse_page(broken_dom).tags if tag == "figure"]
    assert [f["data-output"] for f in figures if "data-broken" in f] == ["bay-cong-uoc/radio.mp3"]
