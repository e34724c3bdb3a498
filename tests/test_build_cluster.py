"""`studio build --cluster`: the same targets on a Dask cluster as in local worker processes,
with workers that see none of the project's files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from helpers_cli import error_lines, run_cli

distributed = pytest.importorskip("distributed")


def build(root: Path, *args: str):
    result = run_cli("build", "--offline", "--json", "--project", root, *args)
    return result


def statuses(report: dict) -> dict[str, str]:
    return {f"{t['script_id']}/{t['target']}": t["status"] for t in report["targets"]}


def outputs(root: Path) -> dict[str, dict]:
    manifest = json.loads((root / "outputs/manifest.json").read_text(encoding="utf-8"))
    return {o["path"]: o for o in manifest["outputs"]}


@pytest.fixture
def small(project):
    project.image("assets/images/a.png", size=(320, 240), colour=(20, 90, 160))
    path = project.script("mot.md", front="""
        title: Quyền trẻ em
        lang: vi
        organization: UBND xã Hữu Lũng
        targets: {audio: [loudspeaker], poster: [led-p10, facebook]}
        poster: {headline: Chung tay vì trẻ em!, image: images/a.png}
        """, body="## Trẻ em\n![a](images/a.png)\n\nMọi trẻ em đều có quyền được học tập.\n")
    project.approve(path, "UBND xã")
    return project


def test_a_cluster_that_is_not_installed_is_one_line_naming_the_extra(small, monkeypatch):
    import builtins
    real = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    result = build(small.root, "--cluster", "local:1")
    assert result.exit_code == 2
    assert error_lines(result) == [
        "error: building on a cluster needs Dask, which is not installed — "
        "install it with: pip install 'studio[cluster]'"]
    assert not (small.root / "outputs").exists()


def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(small):
    result = build(small.root, "--cluster", "tcp://127.0.0.1:9")
    assert result.exit_code == 2, result.stderr
    lines = error_lines(result)
    assert len(lines) == 1 and "cannot reach the scheduler at tcp://127.0.0.1:9" in lines[0]
    assert "dask scheduler" in lines[0]
    assert not (small.root / "outputs").exists()


@pytest.mark.parametrize("spec", ["local:0", "local:x", "udp://a b"])
def test_a_wrong_cluster_spec_is_one_line(small, spec):
    result = build(small.root, "--cluster", spec)
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1


@pytest.mark.slow
def test_a_local_cluster_builds_what_a_local_build_builds(small, tmp_path_factory,
                                                          monkeypatch):
    import shutil
    twin = tmp_path_factory.mktemp("twin") / "proj"
    shutil.copytree(small.root, twin)
    local = build(twin, "--jobs", "1")
    assert local.exit_code == 0, local.stderr
    clustered = build(small.root, "--cluster", "local:2")
    assert clustered.exit_code == 0, clustered.stdout + clustered.stderr
    report = json.loads(clustered.stdout)
    assert set(statuses(report).values()) == {"built"}, report
    assert sum(report["workers"].values()) == len(report["targets"])
    mine, theirs = outputs(small.root), outputs(twin)
    assert mine.keys() == theirs.keys()
    for path, out in mine.items():
        data = (small.root / "outputs" / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == out["sha256"]
        if out["kind"] == "poster":
            assert out["sha256"] == theirs[path]["sha256"], path
        if out["kind"] == "audio":
            assert abs(out["duration_s"] - theirs[path]["duration_s"]) < 0.05
            assert abs(out["lufs"] - theirs[path]["lufs"]) < 0.3
    from studio.build import cluster as engine

    def refused(*_):
        raise AssertionError("a build with nothing to do started a local cluster")

    monkeypatch.setattr(engine, "_start_local", refused)
    again = build(small.root, "--cluster", "local:2")
    assert again.exit_code == 0, again.stderr
    assert set(statuses(json.loads(again.stdout)).values()) == {"up-to-date"}


# --- a scheduler and workers started by hand, as docs/scale.md says ---------------------------

import os
import socket
import subprocess
import sys
import time

TESTS = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """`dask scheduler` and `dask worker` processes, ended afterwards."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.tmp = tmp
        self.procs: list[subprocess.Popen] = []
        self.start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
                    "127.0.0.1", "--port", str(self.port), "--no-dashboard"])

    def start(self, argv: list[str], env: dict | None = None, prefix: list[str] = ()
              ) -> subprocess.Popen:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *filter(None, [
            os.environ.get("PYTHONPATH")])]), **(env or {})}
        log = open(self.tmp / f"proc-{len(self.procs)}.log", "wb")
        proc = subprocess.Popen([*prefix, *argv], env=env, stdout=log, stderr=subprocess.STDOUT,
                                cwd=self.tmp)
        self.procs.append(proc)
        return proc

    def worker(self, env: dict | None = None, prefix: list[str] = ()) -> subprocess.Popen:
        return self.start([sys.executable, "-m", "distributed.cli.dask_worker", self.address,
                           "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                           "--no-nanny"], env, prefix)

    def wait_for(self, count: int) -> None:
        from distributed import Client
        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(count, timeout=60)

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.kill()
            proc.wait(timeout=30)


@pytest.fixture
def cluster(tmp_path_factory):
    running = Cluster(tmp_path_factory.mktemp("cluster"))
    yield running
    running.close()


@pytest.mark.slow
def test_a_worker_running_another_studio_version_is_refused(small, cluster, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import studio\nstudio.__version__ = '0.0.1-other'\n", encoding="utf-8")
    cluster.worker({"PYTHONPATH": os.pathsep.join([str(site), str(TESTS)])})
    cluster.wait_for(1)
    result = build(small.root, "--cluster", cluster.address)
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = error_lines(result)
    assert len(lines) == 1 and "runs studio 0.0.1-other" in lines[0], lines
    assert "same studio version" in lines[0] or "install studio" in lines[0]
    assert not (small.root / "outputs").exists()


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux" or not _unshare_works(),
                    reason="needs a Linux mount namespace (root, or unshare permitted)")
def test_workers_that_cannot_see_the_project_folder_build_it(small, cluster):
    hidden = small.root.parent
    # each worker runs in its own mount namespace with an empty file system over the project
    prefix = ["unshare", "-m", "sh", "-c", f'mount -t tmpfs none "{hidden}" && exec "$0" "$@"']
    for _ in range(2):
        cluster.worker(prefix=prefix)
    cluster.wait_for(2)
    probe = subprocess.run([*prefix, sys.executable, "-c",
                            f"import os; print(os.path.exists({str(small.root)!r}))"],
                           capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "False", probe  # the workers' view: no project at all
    result = build(small.root, "--cluster", cluster.address)
    assert result.exit_code == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert set(statuses(report).values()) == {"built"}
    for path, out in outputs(small.root).items():
        data = (small.root / "outputs" / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == out["sha256"] and len(data) == out["bytes"]
    assert any(path.endswith(".mp3") for path in outputs(small.root))


@pytest.mark.slow
def test_a_worker_killed_mid_target_leaves_it_to_another(small, cluster, tmp_path):
    from cluster_kinds import MARKS_ENV, slow_kinds
    from studio.build import build as run_build
    marks = tmp_path / "marks"
    marks.mkdir()
    workers = [cluster.worker({MARKS_ENV: str(marks)}) for _ in range(2)]
    cluster.wait_for(2)
    import threading
    done: dict = {}

    def run() -> None:
        done["report"] = run_build(project=small.proj, cluster=cluster.address,
                                   kinds=slow_kinds())

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 60
    while not list(marks.glob("started-*")):
        assert time.monotonic() < deadline, "no worker started the target"
        time.sleep(0.05)
    pid = int(next(marks.glob("started-*")).name.split("-")[1])
    victim = next(w for w in workers if w.pid == pid)
    victim.kill()
    thread.join(timeout=120)
    assert not thread.is_alive()
    report = done["report"]
    assert [r.status for r in report.results] == ["built"], report.results
    assert len(list(marks.glob("started-*"))) == 2  # ran again, on the other worker
    made = sorted(p.relative_to(small.root / "outputs").as_posix()
                  for p in (small.root / "outputs").rglob("*") if p.is_file()
                  and not p.name.startswith("."))
    assert made == ["index.html", "manifest.json", "mot/mot.slow.txt"], made
    assert (small.root / "outputs/mot/mot.slow.txt").read_text(encoding="utf-8") == \
        "Quyền trẻ em\n"


def test_a_picture_a_template_names_is_an_input_of_its_posters(project):
    """A worker is sent what a target is made from, and an incremental build rebuilds what a
    changed input makes: a background picture named by a project template is one of them."""
    from studio.build.plan import job_inputs
    from studio.build.fingerprint import HashCache
    from studio.build.targets import default_kinds
    from studio.script.load import load
    project.image("assets/images/nen.png", size=(64, 32), colour=(200, 10, 10))
    (project.root / "templates").mkdir()
    (project.root / "templates/nen-do.yaml").write_text(
        "extends: bang-ron\nbackground: {colour: red, image: ../assets/images/nen.png}\n",
        encoding="utf-8")
    path = project.script("mot.md", front="""
        title: Quyền trẻ em
        lang: vi
        targets: {poster: [nen-do]}
        poster: {headline: Chung tay vì trẻ em!}
        """, body="## Trẻ em\n\nMọi trẻ em đều có quyền được học tập.\n")
    script = load(path, project.proj)
    kind = default_kinds()["poster"]
    labels = kind.inputs(script, "nen-do", project.proj)
    assert (project.root / "assets/images/nen.png").resolve() in \
        {Path(p).resolve() for p in labels.values()}, labels
    before = job_inputs(script, kind, "nen-do", project.proj, {}, HashCache())
    project.image("assets/images/nen.png", size=(64, 32), colour=(10, 200, 10))
    after = job_inputs(script, default_kinds()["poster"], "nen-do", project.proj, {},
                       HashCache())
    assert before != after


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_cancels_the_queue_and_leaves_the_state_readable(small, cluster, tmp_path):
    import signal
    from cluster_kinds import MARKS_ENV
    marks = tmp_path / "marks"
    marks.mkdir()
    cluster.worker({MARKS_ENV: str(marks)})
    cluster.wait_for(1)
    code = ("from cluster_kinds import slow_kinds\n"
            "from studio.build import build\nfrom studio.project import Project\n"
            f"build(project=Project.at({str(small.root)!r}), cluster={cluster.address!r}, "
            "kinds=slow_kinds())\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get(
        "PYTHONPATH", "")]), MARKS_ENV: str(marks)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(marks.glob("started-*")):
        assert time.monotonic() < deadline and proc.poll() is None, "no target started"
        time.sleep(0.05)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert time.monotonic() - sent < 15  # cancelled, not waiting for the 60-s target
    assert proc.returncode != 0
    state = json.loads((small.root / "outputs/.studio-build.json").read_text(encoding="utf-8"))
    assert state["targets"] == {}
    assert not (small.root / "outputs/mot").exists()  # nothing half-made came back


@pytest.mark.slow
def test_on_a_cluster_the_coordinator_signs_with_its_key_and_workers_hold_none(project):
    """A worker PC holds no key: it renders, and the coordinator embeds the Content
    Credentials the render would have, before writing — verified by studio and by c2pa."""
    pytest.importorskip("c2pa")
    from helpers_provenance import APPROVER, c2pa_read, make_pki
    from studio.script import approve
    pki = make_pki(project)
    path = project.script("tin-gia.md", front="""
        title: Cảnh giác với tin giả
        id: tin-gia
        lang: vi
        organization: UBND xã Hữu Lũng
        targets: {audio: [loudspeaker], poster: [led-p10]}
        poster: {headline: Đừng chia sẻ tin chưa rõ nguồn!}
        """, body="## Một\n\nĐừng chia sẻ tin chưa rõ nguồn.\n")
    approve(path, None, None, project.proj, key=pki.approver_key)
    result = build(project.root, "--cluster", "local:1")
    assert result.exit_code == 0, result.stdout + result.stderr
    made = outputs(project.root)
    signed = [project.root / "outputs" / path for path, out in made.items()
              if out["kind"] in ("audio", "poster")]
    assert {p.suffix for p in signed} >= {".mp3", ".png"}
    for out in signed:
        verdict = run_cli("verify", out, "--project", project.root, "--json")
        assert verdict.exit_code == 0, verdict.stdout
        state, data = c2pa_read(out, pki.anchors)
        assert state == "Trusted" and data["approval"]["record"]["by"] == APPROVER
    from studio.build.hermetic import blob_store
    key = pki.build_key.read_bytes()
    assert all(blob.read_bytes() != key for blob in blob_store().rglob("*") if blob.is_file())
    for path, out in made.items():  # the manifest describes the signed bytes
        data = (project.root / "outputs" / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == out["sha256"]
        if out["kind"] in ("audio", "poster"):
            assert out.get("credentials") == "trusted", out


@pytest.mark.slow
def test_a_campaign_builds_on_a_cluster_row_by_row_with_its_table_sent_along(project):
    data = project.place("scripts/data/xa.csv")
    data.write_text("xa,hotline\nTân Thanh,0205 111\nHồng Phong,0205 222\n", encoding="utf-8")
    path = project.script("chien-dich.md", front="""
        title: "UBND xã {xa} thông báo"
        id: chien-dich
        lang: vi
        date: 2026-12-01
        variants: {data: data/xa.csv, key: xa}
        targets: {audio: [loudspeaker], poster: [led-p10]}
        poster: {headline: "Xã {xa}"}
        """, body="## Thông báo\n\nMọi ý kiến xin gọi số {hotline}.\n")
    project.approve(path, "UBND huyện")
    result = build(project.root, "--cluster", "local:2")
    assert result.exit_code == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert len(report["targets"]) == 4 and set(statuses(report).values()) == {"built"}
    made = outputs(project.root)
    for row, hotline in (("tan-thanh", "0205 111"), ("hong-phong", "0205 222")):
        mine = [p for p in made if p.startswith(f"chien-dich/{row}/")]
        assert any(p.endswith(".mp3") for p in mine) and any(p.endswith(".png") for p in mine)
        said = next(p for p in mine if p.endswith(".txt"))
        assert hotline.replace(" ", "") in (project.root / "outputs" / said).read_text(
            encoding="utf-8").replace(" ", "") or "không hai không năm" in \
            (project.root / "outputs" / said).read_text(encoding="utf-8")
    again = build(project.root, "--cluster", "local:2")
    assert set(statuses(json.loads(again.stdout)).values()) == {"up-to-date"}


@pytest.mark.slow
def test_local_workers_see_this_process_environment_and_finished_work_is_let_go(
        small, monkeypatch):
    """Local workers fork from a server started by an earlier build, yet each build's workers
    run with the environment the build has (its speech cache, its ffmpeg); and the runner
    keeps no finished target's bytes for the rest of the build, only what Ctrl-C cancels."""
    from studio.build.cluster import open_cluster
    from studio.build.fingerprint import HashCache
    with open_cluster("local:1") as cluster:
        assert cluster.connected() is not None  # whatever starts the workers runs from here on
    monkeypatch.setenv("STUDIO_TEST_SEEN", "Hữu Lũng")
    with open_cluster("local:1") as cluster:
        assert list(cluster.connected().run(os.environ.get, "STUDIO_TEST_SEEN").values()) == \
            ["Hữu Lũng"]
        runner = cluster.runner(small.proj, HashCache(), [])
        finished = runner._submit(lambda attempt: None, 0, {}, len, b"x" * 1000)
        assert finished.result(timeout=60) == 1000
        deadline = time.monotonic() + 10
        while runner.futures and time.monotonic() < deadline:
            time.sleep(0.01)
        assert runner.futures == set()
        runner.close()
