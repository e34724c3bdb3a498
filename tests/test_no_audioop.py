"""`studio audio` and `studio video` work where `audioop` cannot be imported (Python 3.13+).

Each command runs as a real process whose `sitecustomize` refuses `audioop` and `pyaudioop`
(pydub's fallback), so every Python process the command starts is blocked too."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers_processes import add_approved_script
from helpers_project import ProjectMaker
from studio.audio.profiles import PROFILES, TIMING
from studio.media import measure_loudness, probe

BLOCKER = textwrap.dedent("""\
    import sys

    class NoAudioop:
        \"\"\"Refuse audioop and pyaudioop, as Python 3.13 without audioop-lts does.\"\"\"

        def find_spec(self, name, path=None, target=None):
            if name in ("audioop", "pyaudioop"):
                raise ImportError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, NoAudioop())
    """)
STUDIO = "import sys; from studio.cli import main; sys.exit(main())"
PACKAGE = Path(__file__).resolve().parent.parent / "studio"
NEEDS_AUDIOOP = {"audioop", "pyaudioop", "pydub"}


@pytest.fixture
def blocked_env(tmp_path) -> dict[str, str]:
    """The environment of a Python process that cannot import audioop."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, PYTHONIOENCODING="utf-8",
                STUDIO_GTTS_ENDPOINT="http://127.0.0.1:9")


def python(env: dict[str, str], code: str, *args: str) -> subprocess.CompletedProcess:
    """`python -c CODE ARGS` in `env`, text output."""
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          encoding="utf-8", errors="replace", timeout=300)


def studio(env: dict[str, str], *args: str | Path) -> list[Path]:
    """The real `studio ARGS --json` in `env`; the paths it wrote."""
    proc = python(env, STUDIO, *map(str, args), "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [Path(p) for p in json.loads(proc.stdout)["outputs"]]


def test_the_blocker_refuses_audioop(blocked_env):
    for name in ("audioop", "pyaudioop"):
        proc = python(blocked_env, f"import {name}")
        assert proc.returncode == 1 and f"No module named '{name}'" in proc.stderr


def imported_roots(source: str) -> set[str]:
    """Top-level names of every module `source` imports, lazy (in-function) imports too."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_module_imports_audioop_or_pydub_in_any_code_path():
    users = {str(path.relative_to(PACKAGE)): sorted(found)
             for path in sorted(PACKAGE.rglob("*.py"))
             if (found := imported_roots(path.read_text(encoding="utf-8")) & NEEDS_AUDIOOP)}
    assert users == {}
    assert imported_roots("def f():\n    from pydub import AudioSegment\n") & NEEDS_AUDIOOP


@pytest.mark.slow
def test_audio_and_video_render_without_audioop(tmp_path, blocked_env):
    script = add_approved_script(ProjectMaker(tmp_path / "proj"))
    common = ("--offline", "--project", tmp_path / "proj")
    mp3 = next(p for p in studio(blocked_env, "audio", script, *common, "-o", tmp_path / "a")
               if p.suffix == ".mp3")
    profile = PROFILES["loudspeaker"]
    info, level = probe(mp3), measure_loudness(mp3)
    assert info.audio_codec == "mp3" and info.sample_rate == profile.sample_rate
    framing = TIMING.head + 3.6 + 2 * TIMING.around_jingle + 2.8 + TIMING.tail  # tunes, silences
    assert info.duration > framing + 3.0  # and two spoken scenes between them
    assert abs(level.integrated_lufs - profile.target_lufs) <= profile.tolerance_lu
    assert level.true_peak_dbtp <= profile.true_peak_max_dbtp
    mp4 = next(p for p in studio(blocked_env, "video", script, *common, "--size", "320x180",
                                 "-o", tmp_path / "v") if p.suffix == ".mp4")
    movie = probe(mp4)
    assert movie.has_video and movie.has_audio
    assert (movie.width, movie.height) == (320, 180) and movie.duration > 3.0
