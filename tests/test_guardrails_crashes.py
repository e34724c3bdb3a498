"""Crashes and usage errors the bad-input corpus cannot hold (pipes, devices, unwritable
folders, undecodable arguments, tiny drafts): each is one line and exit 2, never a traceback,
a hang or a half-written output."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from PIL import Image

from helpers_cli import error_lines, run_cli
from studio.cli import StudioGroup
from studio.errors import AssetError, OutputError, ScriptError
from studio.ffmpeg import FfmpegFailed, failure, run_ffmpeg
from studio.graphics import outputs
from studio.fsutil import atomic_output, temp_path_for, write_error
from studio.project import FileKind, read_file_bytes, readable_file

REPO = Path(__file__).resolve().parent.parent
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
posix_argv = pytest.mark.skipif(os.name != "posix", reason="argv is Unicode on Windows")
not_root = pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                              reason="root may write to a read-only folder")
SCRIPT = "---\ntitle: Thử nghiệm\nlang: vi\n---\n## Cảnh một\nXin chào bà con.\n"


def studio(*args: str | bytes, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real `studio` command in its own process (a hang fails the test, not the suite)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": "C.UTF-8", "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, "-m", "studio", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=timeout)


def one_line(done: subprocess.CompletedProcess) -> str:
    """The one line a failed command printed (asserting it is one, after exit 2)."""
    err = done.stderr.decode("utf-8", "replace")
    lines = [line for line in err.splitlines() if line.strip()]
    assert done.returncode == 2, err
    assert "Traceback" not in err and len(lines) == 1, err
    return lines[0]


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


# --- a file studio reads is a pipe, a device, unreadable or too large -------------------------

@needs_fifo
def test_check_on_a_pipe_named_md_is_one_line_not_a_hang(project):
    os.mkfifo(project.root / "scripts" / "f.md")
    line = one_line(studio("check", "scripts/f.md", cwd=project.root, timeout=30))
    assert line == ("error: scripts/f.md: script is a named pipe, not a file — "
                    "name a file saved on disk")


@needs_fifo
def test_a_pipe_as_a_scene_image_is_named_at_its_line(project):
    os.mkfifo(project.root / "assets" / "images" / "anh.png")
    project.script(body="## Cảnh\n![ảnh](images/anh.png)\nXin chào.\n")
    line = one_line(studio("check", "scripts/s.md", cwd=project.root, timeout=30))
    assert line == ("error: scripts/s.md:6: asset 'images/anh.png' is a named pipe, not a "
                    "file — name a file saved on disk")


@needs_fifo
def test_a_pipe_as_poster_data_is_one_line(project):
    os.mkfifo(project.root / "data.csv")
    line = one_line(studio("poster", "facebook", "--data", "data.csv", cwd=project.root,
                           timeout=30))
    assert line == ("error: data.csv: data file is a named pipe, not a file — name a file "
                    "saved on disk")
    assert not (project.root / "outputs").exists()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_as_music_is_a_device_not_missing(project):
    project.script()
    line = one_line(studio("audio", "scripts/s.md", "--draft", "--offline", "--music",
                           "/dev/zero", cwd=project.root, timeout=60))
    assert line == "error: /dev/zero: music is a device, not a file — name a file saved on disk"
    assert not (project.root / "outputs").exists()


def test_a_file_is_read_up_to_its_limit_and_no_further(tmp_path):
    kind = FileKind("data file", max_bytes=10, too_large="split it")
    exact, over = tmp_path / "exact.csv", tmp_path / "over.csv"
    exact.write_bytes(b"a" * 10)
    over.write_bytes(b"a" * 11)
    assert read_file_bytes(exact, kind) == b"a" * 10
    with pytest.raises(AssetError) as refused:
        read_file_bytes(over, kind)
    assert refused.value.describe() == (f"{over}: data file is larger than the 10 bytes "
                                        "studio reads — split it")


def test_an_unreadable_file_says_permission_denied(tmp_path, monkeypatch):
    """What stat() refusing means is said by its errno (as root, chmod cannot refuse)."""
    path = tmp_path / "anh.png"
    path.write_bytes(b"x")
    real_stat = os.stat

    def refusing(target, *args, **kwargs):
        if Path(target) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_stat(target, *args, **kwargs)

    monkeypatch.setattr(os, "stat", refusing)
    with pytest.raises(ScriptError) as refused:
        readable_file(path, FileKind("script", error=ScriptError))
    assert refused.value.describe() == (f"{path}: script cannot be read (permission denied) — "
                                        "check its permissions, or copy it into the project")


@not_root
def test_an_unreadable_image_is_one_line(project):
    image = project.image("assets/images/anh.png")
    image.chmod(0)
    project.script(body="## Cảnh\n![ảnh](images/anh.png)\nXin chào.\n")
    result = run_cli("check", project.root / "scripts" / "s.md", "--project", project.root)
    assert result.exit_code == 2
    assert error_lines(result) == [f"error: {project.root / 'scripts' / 's.md'}:6: asset "
                                   "'images/anh.png' cannot be read (permission denied) — "
                                   "check its permissions, or copy it into the project"]


# --- writing outputs fails ---------------------------------------------------------------

def test_a_write_error_fits_its_errno():
    target = Path("outputs") / "a.png"
    lines = {code: write_error(OSError(code, os.strerror(code)), target).describe()
             for code in (errno.EROFS, errno.ENOSPC, errno.EACCES, errno.ENAMETOOLONG)}
    assert lines[errno.EROFS].startswith(f"{target}: cannot write: the drive is read-only — ")
    assert "disk space" not in lines[errno.EROFS]
    assert lines[errno.ENOSPC] == (f"{target}: cannot write: the disk is full — free some "
                                   "disk space, then run again")
    assert "permission denied" in lines[errno.EACCES]
    assert "too long" in lines[errno.ENAMETOOLONG]


def test_atomic_output_names_the_target_and_leaves_no_temp(tmp_path):
    target = tmp_path / "a.txt"
    with pytest.raises(OutputError) as failed:
        with atomic_output(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise OSError(errno.EROFS, "Read-only file system", str(tmp))
    assert failed.value.file == str(target)
    assert "read-only" in failed.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_poster_folder_is_not_called_a_full_disk(project, monkeypatch):
    def read_only(self, fp, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(fp))

    monkeypatch.setattr(Image.Image, "save", read_only)
    monkeypatch.setattr(outputs, "write_png", lambda image, fp, **kw: read_only(image, fp))
    result = run_cli("poster", "facebook", "--set", "headline=Chung tay vì trẻ em!",
                     "-o", project.root / "out", "--no-sheet")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "cannot write: the drive is read-only" in line and "disk space" not in line
    assert _files(project.root / "out") == set()


def test_an_output_folder_that_is_a_file_is_one_line(project):
    (project.root / "afile").write_text("x", encoding="utf-8")
    result = run_cli("poster", "facebook", "--set", "headline=Chung tay!", "-o",
                     project.root / "afile" / "sub")
    assert result.exit_code == 2
    assert error_lines(result) == [f"error: {project.root / 'afile' / 'sub'}: cannot create "
                                   "the folder: a file stands where a folder is needed — move "
                                   "or rename that file"]


def _approved(project, targets: str = "") -> Path:
    path = project.script(front=f"title: Thử nghiệm\nlang: vi\n{targets}")
    assert run_cli("approve", path, "--by", "UBND xã", "--project", project.root).exit_code == 0
    return path


def test_a_build_that_cannot_write_its_state_is_one_line(project):
    _approved(project)
    (project.root / "outputs" / ".studio-build.json").mkdir(parents=True)
    result = run_cli("build", "--project", project.root, "--jobs", "1")
    assert result.exit_code == 2, result.output
    assert error_lines(result) == [f"error: {project.root / 'outputs' / '.studio-build.json'}: "
                                   "cannot write: a folder has the name of this file — move or "
                                   "rename that folder"]


def test_a_target_that_cannot_be_written_is_a_failed_target_line(project):
    _approved(project, "id: ban-tin\ntargets:\n  poster: [facebook]\n")
    (project.root / "outputs").mkdir()
    (project.root / "outputs" / "ban-tin").write_text("in the way", encoding="utf-8")
    result = run_cli("build", "--project", project.root, "--jobs", "1", "--json")
    assert result.exit_code == 1
    [row] = json.loads(result.stdout)["targets"]
    assert row["status"] == "failed"
    assert row["error"].endswith("cannot create the folder: a file stands where a folder is "
                                 "needed — move or rename that file")
    assert (project.root / "outputs" / ".studio-build.json").is_file()  # the build went on


@not_root
def test_a_read_only_outputs_folder_during_build_is_one_line(project):
    _approved(project, "targets:\n  poster: [facebook]\n")
    outputs = project.root / "outputs"
    outputs.mkdir()
    outputs.chmod(0o555)
    try:
        result = run_cli("build", "--jobs", "1", "--project", project.root)
    finally:
        outputs.chmod(0o755)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.endswith("cannot write: permission denied — check that you may write to this "
                         "folder and that the file is not open in another program")


# --- ffmpeg's own words stay off the line --------------------------------------------------

def test_ffmpeg_failing_is_a_sentence_with_its_log_kept_aside(tmp_path):
    garbage = tmp_path / "nhac.mp3"
    garbage.write_bytes(b"not music at all")
    out = temp_path_for(tmp_path / "ra.wav")
    with pytest.raises(FfmpegFailed) as failed:
        run_ffmpeg(["-i", garbage, out], what="decoding the music")
    error = failed.value
    assert error.describe() == (f"{tmp_path / 'ra.wav'}: decoding the music failed: a file it "
                                "reads is damaged or not media — re-export it as MP4, MP3, "
                                "WAV, PNG or JPEG")
    assert "Invalid data" in error.log_tail  # ffmpeg's words, for --debug only


def test_a_read_only_drive_in_ffmpeg_log_names_the_final_file():
    log = ("[out#0/mp3 @ 0x55cbb70cefc0] Error opening output "
           "ro/.studio-tmp-617ee5321f16-a.mp3: Read-only file system\n"
           "Error opening output files: Read-only file system\n")
    error = failure("encoding the bulletin", ["-i", "x", "ro/.studio-tmp-617ee5321f16-a.mp3"],
                    1, log)
    assert error.file == str(Path("ro") / "a.mp3")
    assert error.message == "encoding the bulletin failed: cannot write: the drive is read-only"
    assert "[out#0" not in error.describe() and ".studio-tmp-" not in error.describe()


def test_debug_shows_what_ffmpeg_said_and_only_then():
    @click.group(cls=StudioGroup)
    @click.option("--debug", is_flag=True)
    @click.pass_context
    def group(ctx, debug):
        ctx.ensure_object(dict)
        ctx.obj["debug"] = debug

    @group.command()
    def encode():
        raise FfmpegFailed("encoding a.mp4 failed: the disk is full", log_tail="[raw] ENOSPC")

    from click.testing import CliRunner
    plain = CliRunner().invoke(group, ["encode"])
    debug = CliRunner().invoke(group, ["--debug", "encode"])
    assert plain.exit_code == debug.exit_code == 2
    assert plain.output == "error: encoding a.mp4 failed: the disk is full\n"
    assert debug.output.splitlines()[-1] == "debug: ffmpeg said: [raw] ENOSPC"


# --- the command line itself ---------------------------------------------------------------

@posix_argv
def test_an_undecodable_by_is_one_line_and_the_script_unchanged(project):
    path = project.script()
    before = path.read_bytes()
    line = one_line(studio("approve", "scripts/s.md", "--by", b"Nguy\xe1n V\xe3n A",
                           cwd=project.root))
    assert line == ("error: approve: --by 'Nguy?n V?n A' is not UTF-8 text — set the terminal "
                    "to UTF-8 (Windows: chcp 65001) and type it again")
    assert path.read_bytes() == before


@posix_argv
def test_an_undecodable_file_name_is_one_line(project):
    line = one_line(studio("check", b"scripts/b\xe0i.md", cwd=project.root))
    assert line == ("error: check: PATHS 'scripts/b?i.md' is not UTF-8 (a file name from "
                    "another system?) — rename the file with a UTF-8 name")


def test_usage_errors_of_a_nested_group_are_one_line_too(project):
    result = run_cli("templates", "show")
    assert result.exit_code == 2
    assert error_lines(result) == ["error: show: missing NAME — write: studio templates show "
                                   "[OPTIONS] NAME (see studio templates show --help)"]


def test_an_option_missing_its_value_names_the_command():
    result = run_cli("approve", "scripts/s.md", "--by")
    assert result.exit_code == 2
    assert error_lines(result) == ["error: approve: option '--by' requires an argument — see "
                                   "studio approve --help"]


def test_help_and_version_still_work():
    assert run_cli("--help").stdout.startswith("Usage: ")
    assert run_cli("approve", "--help").stdout.startswith("Usage: ")
    assert run_cli("--version").exit_code == 0


# --- a draft smaller than the watermark was drawn for ----------------------------------------

@pytest.mark.slow
def test_a_96px_draft_video_carries_the_mark(project, tmp_path):
    project.script()
    out = tmp_path / "out"
    result = run_cli("video", project.root / "scripts" / "s.md", "--size", "96x96", "--draft",
                     "--offline", "-o", out, "--project", project.root)
    assert result.exit_code == 0, result.stderr
    video = out / "s_vi_96x96-draft.mp4"
    frame = tmp_path / "frame.png"
    run_ffmpeg(["-ss", "0.5", "-i", video, "-frames:v", "1", frame])
    with Image.open(frame) as image:
        rows = [sum(image.convert("L").crop((0, y, 96, y + 1)).getdata()) / 96
                for y in range(96)]
    assert min(rows[36:60]) < 0.6 * rows[5]  # the dark band across the middle of the card


@pytest.mark.slow
def test_a_small_draft_poster_is_marked_and_a_too_small_one_names_the_size(project):
    out = project.root / "out"
    marked = run_cli("poster", "led-p10", "--set", "headline=Chung tay", "--draft", "--scale",
                     "0.2", "-o", out, "--no-sheet", "--project", project.root)
    assert marked.exit_code == 0, marked.stderr
    with Image.open(out / "chung-tay_led-p10-draft.png") as image:
        assert image.size == (64, 32)
        middle = image.convert("RGB").crop((0, 10, 64, 22))
        assert any(r > 200 and g > 200 and b > 200 for r, g, b in middle.getdata())  # text
    before = _files(out)
    tiny = run_cli("poster", "led-p10", "--set", "headline=Chung tay", "--draft", "--scale",
                   "0.1", "-o", out, "--no-sheet", "--project", project.root)
    assert tiny.exit_code == 2
    assert error_lines(tiny) == ["error: the draft mark 'BẢN NHÁP – CHƯA DUYỆT' does not fit a "
                                 "32×16 picture — a draft needs at least 58×30 pixels: render "
                                 "a larger size"]
    assert _files(out) == before
