"""A cluster worker's scratch project: each worker thread reuses one slot, laid out anew for
every task so that it holds exactly that task's files — those already there as the same blob
kept (same path, size and time: what the worker's caches know a file by), the rest removed —
and what a task wrote is gone before the next."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from studio.build import hermetic
from studio.build.hermetic import Bundle, lay_out, task_dir
from studio.project import MARKER_FILE


def bundle(files: dict[str, bytes]) -> tuple[Bundle, dict[str, bytes]]:
    entries = tuple((rel, hashlib.sha256(data).hexdigest()) for rel, data in files.items())
    return Bundle(next(iter(files)), entries), {sha: files[rel] for rel, sha in entries}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*") if p.is_file()}


def test_a_slot_holds_exactly_each_task_s_files(tmp_path):
    root, store = tmp_path / "slot" / "project", tmp_path / "store"
    first = {"scripts/a.md": b"# A\n", "templates/t.yaml": b"t: 1\n",
             "assets/images/p.png": b"png"}
    assert lay_out(*bundle(first), root, store) == set(first)
    kept = (root / "scripts/a.md").stat()
    (root / "outputs").mkdir()
    (root / "outputs" / "left.png").write_bytes(b"from the last task")

    second = {"scripts/a.md": b"# A\n", "assets/images/p.png": b"another png",
              "assets/jingles/opening.wav": b"wav"}
    changed = lay_out(*bundle(second), root, store)
    assert tree(root) == {**second, MARKER_FILE: b""}  # nothing left of the first task
    assert changed == {"templates/t.yaml", "assets/jingles/opening.wav",  # p.png replaced
                       "outputs/left.png"}
    again = (root / "scripts/a.md").stat()
    assert (again.st_ino, again.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert not (root / "templates").exists() and not (root / "outputs").exists()


def test_a_copy_in_place_of_a_link_is_kept_by_size_and_time(tmp_path, monkeypatch):
    def no_links(*_):
        raise OSError("links not supported here")
    monkeypatch.setattr(hermetic.os, "link", no_links)
    root, store = tmp_path / "project", tmp_path / "store"
    files = {"scripts/a.md": b"# A\n"}
    lay_out(*bundle(files), root, store)
    before = (root / "scripts/a.md").stat()
    assert lay_out(*bundle(files), root, store) == set()
    assert (root / "scripts/a.md").stat().st_ino == before.st_ino  # not copied again


def test_a_thread_reuses_its_slot_and_tasks_at_once_get_their_own(monkeypatch, tmp_path):
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    with task_dir() as first:
        (first / "project" / "outputs").mkdir(parents=True)
        (first / "project" / "outputs" / "x.mp3").write_bytes(b"made")
    assert not (first / "project" / "outputs").exists()  # what a task wrote is gone
    seen = []

    def meanwhile() -> None:
        with task_dir() as other:
            seen.append(other)

    with task_dir() as again:
        assert again == first
        worker = threading.Thread(target=meanwhile)
        worker.start()
        worker.join()
        assert seen and seen[0] != again  # a task running meanwhile: another slot


def test_support_files_that_change_make_the_worker_forget_its_templates(tmp_path,
                                                                       monkeypatch):
    import studio.build.targets as targets
    forgot = []
    monkeypatch.setattr(targets, "forget_project_files", lambda: forgot.append(1))
    root = tmp_path / "project"
    monkeypatch.setattr(hermetic, "blob_store", lambda: tmp_path / "store")
    base = {"scripts/a.md": b"# A\n", "templates/t.yaml": b"t: 1\n"}
    hermetic.laid_out(*bundle(base), root)
    assert len(forgot) == 1
    hermetic.laid_out(*bundle({**base, "assets/jingles/opening.wav": b"w"}), root)
    hermetic.laid_out(*bundle(base), root)  # another target of the same project
    assert len(forgot) == 1
    hermetic.laid_out(*bundle({"scripts/a.md": b"# A\n"}), root)  # another project's
    assert len(forgot) == 2


def test_a_task_cancelled_with_a_lost_blob_is_sent_again_with_its_blobs(tmp_path):
    """Dask cancels a task whose scattered input went with a lost worker (scattered data
    cannot be recomputed): the runner sends the blobs and the task again — a render or a
    narration — at most RETRIES times, and not after Ctrl-C."""
    from collections import Counter
    from concurrent.futures import Future
    from types import SimpleNamespace
    from studio.build.cluster import RETRIES, ClusterRunner, Sent
    from studio.build.hermetic import RemoteOutcome
    from studio.project import Project

    def cancelled() -> Future:
        future: Future = Future()
        future.cancel()
        return future

    runner = ClusterRunner.__new__(ClusterRunner)
    runner.project, runner.workers, runner.stopping = Project(tmp_path), Counter(), False
    runner.blobs, runner.sent, runner.spoken_on = {"a": "copy", "b": "copy"}, {}, {}
    job = SimpleNamespace(script_path=tmp_path / "mot.md")
    sent_again: list[int] = []

    def sender(result):
        def send(attempt: int) -> Future:
            sent_again.append(attempt)
            future = cancelled() if attempt < 2 else Future()
            if attempt >= 2:
                future.set_result(result)
            runner.sent[future] = Sent(send, attempt, ("a",))
            return future
        return send

    render = sender(RemoteOutcome((), (), None, "tcp://w2"))
    first = cancelled()
    runner.sent[first] = Sent(render, 0, ("a",))
    assert runner.outcome(job, first) == ([], [], None)  # built, on the third try
    assert sent_again == [1, 2] and "a" not in runner.blobs and "b" in runner.blobs
    assert runner.workers == Counter({"tcp://w2": 1}) and not runner.sent

    sent_again.clear()
    runner.blobs["a"] = "copy"
    narration = cancelled()
    runner.sent[narration] = Sent(sender((None, [], "espeak", "tcp://w1")), 0, ("a",))
    assert runner.narrated((job.script_path, None), narration) == (None, [], "espeak")
    assert sent_again == [1, 2] and "a" not in runner.blobs
    assert runner.spoken_on == {(job.script_path, None): "tcp://w1"} and not runner.sent

    sent_again.clear()
    last = cancelled()
    runner.sent[last] = Sent(render, RETRIES, ("a",))
    records, _, error = runner.outcome(job, last)
    assert records == [] and "lost this target" in error and sent_again == []
    runner.stopping = True
    stopped = cancelled()
    runner.sent[stopped] = Sent(render, 0, ("a",))
    assert "lost this target" in runner.outcome(job, stopped)[2] and sent_again == []
