"""Targets that carry their own inputs, for workers that share no folder with the project.

A target travels as a `Bundle`: the project-relative path and sha256 of every file it is made
from (the script, its pictures and recordings, templates, word lists, voices). The files
themselves travel once, as content-addressed blobs; a worker writes each blob once into its
own store, lays the bundle out as a scratch project, renders there, and sends the outputs
back as bytes with their sha256 — only the coordinator writes into the real project.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import itertools
import os
import shutil
import threading
from dataclasses import replace
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from studio import __version__
from studio.build.fingerprint import HashCache
from studio.build.plan import Job, TargetKind
from studio.build.state import OutputRecord
from studio.build.work import narrate_script, render_target
from studio.errors import ClusterError, StudioError
from studio.fsutil import user_cache_root, work_dir
from studio.memory import undo_eager_trim
from studio.project import MARKER_FILE, Project
from studio.resources import builtin_assets
from studio.speech.voice import Voice

# Project folders every target may read (word lists, templates, voice files, approvers' keys).
SUPPORT_DIRS = ("lexicon", "templates", "voices", "approvers")
SUPPORT_FILES = (MARKER_FILE,)
MAX_SUPPORT_FILES = 2000  # a support folder is a handful of small files, not a photo archive
BLOBS_SUBDIR = "cluster-blobs"


@dataclass(frozen=True)
class Bundle:
    """What one target needs: (project-relative path, sha256) of each file, and the script."""

    script: str
    files: tuple[tuple[str, str], ...]

    @property
    def hashes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(sha for _, sha in self.files))


@dataclass(frozen=True)
class Produced:
    """One output made on a worker: its manifest record (path relative to outputs/), bytes,
    and the Content Credentials claim the coordinator signs it with (None: not signed)."""

    record: OutputRecord
    data: bytes
    claim: object = None


@dataclass(frozen=True)
class RemoteOutcome:
    """What a worker sends back for one target."""

    produced: tuple[Produced, ...]
    warnings: tuple[str, ...]
    error: str | None
    worker: str


def relative_to_project(path: Path, project: Project) -> str:
    """`path` as a forward-slash path inside the project, or an error: a worker can only be
    given files the bundle names, and it names them relative to the project."""
    resolved = Path(path).resolve()
    if not resolved.is_relative_to(project.root):
        raise ClusterError(f"'{path}' is outside the project folder {project.root}",
                         hint="a cluster build needs every script and file inside the project; "
                              "move it in, or build this script without the cluster")
    return resolved.relative_to(project.root).as_posix()


def support_files(project: Project) -> dict[str, Path]:
    """The project-wide files every target may read, by project-relative path."""
    found: dict[str, Path] = {}
    for name in SUPPORT_FILES:
        if (project.root / name).is_file():
            found[name] = project.root / name
    for folder in SUPPORT_DIRS:
        base = project.root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(project.root).as_posix()] = path
            if len(found) > MAX_SUPPORT_FILES:
                raise ClusterError(f"more than {MAX_SUPPORT_FILES} files under {folder}/",
                                 file=base, hint="keep only word lists, templates and voices there")
    return found


def script_files(script) -> list[Path]:
    """Every file a script names (reading it checks that each is there, whatever the target)."""
    named = [script.music, script.logo, script.poster.image if script.poster else None,
             script.campaign.data if script.campaign else None]
    for scene in script.scenes:
        named += [scene.visual, *(path for path, _ in scene.recordings)]
    return [Path(path) for path in named if path]


def shipped_with_studio(path: Path) -> bool:
    """Whether `path` is one of studio's own files (built-in templates, word lists, music),
    which every worker has: the versions are checked to be the same."""
    return Path(path).resolve().is_relative_to(builtin_assets().resolve())


def bundle_of(script, files: Iterable[Path], project: Project, hashes: HashCache,
              support: Mapping[str, Path]) -> tuple[Bundle, dict[str, Path]]:
    """A bundle of the script, every file it names, the files the target is made from and the
    project's support files, and where each of its blobs is on this machine (sha → path)."""
    script_path = Path(script.path)
    named = {relative_to_project(script_path, project): script_path}
    for path in [*script_files(script), *files]:
        if not shipped_with_studio(path):
            named[relative_to_project(Path(path), project)] = Path(path)
    named.update(support)
    entries, sources = [], {}
    for rel, path in sorted(named.items()):
        sha = hashes.sha256(path)
        entries.append((rel, sha))
        sources[sha] = path
    return Bundle(relative_to_project(script_path, project), tuple(entries)), sources


def blob_store() -> Path:
    """This machine's store of blobs received from coordinators, named by sha256."""
    return user_cache_root() / BLOBS_SUBDIR


def stored_blob(sha: str, data: bytes, store: Path) -> Path:
    """The blob's file in the store, written once (and checked: a blob is its sha256)."""
    target = store / sha[:2] / sha
    if target.is_file() and target.stat().st_size == len(data):
        return target
    if hashlib.sha256(data).hexdigest() != sha:
        raise ClusterError(f"a file sent to this worker arrived damaged (sha256 {sha[:12]}…)",
                         hint="run the build again")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f"{sha}.{os.getpid()}.part")
    temp.write_bytes(data)
    os.replace(temp, target)
    return target


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    """The same file: a link to it, or a copy with its size and time (copy2 keeps them)."""
    return os.path.samestat(a, b) or (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns)


def lay_out(bundle: Bundle, blobs: Mapping[str, bytes], root: Path, store: Path) -> set[str]:
    """Make `root` hold exactly the bundle's files, linked from the store where the file
    system allows: what an earlier task left there that this one does not name goes, a file
    already there as the same blob stays (so its path, size and time — what a worker's
    caches know a file by — are those of the last task). `root` is marked as a project, so
    that what looks for the script's project finds this one even when the bundle holds no
    assets/ folder. Returns the files added or removed (not those only replaced)."""
    root.mkdir(parents=True, exist_ok=True)
    if not (root / MARKER_FILE).is_file():  # touched again, a linked blob would change time
        (root / MARKER_FILE).touch()
    wanted = {rel: stored_blob(sha, blobs[sha], store) for rel, sha in bundle.files}
    removed: set[str] = set()
    replaced: set[str] = set()
    for folder, dirs, files in os.walk(root, topdown=False):
        for name in files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if rel == MARKER_FILE or (rel in wanted and _same_file(path.stat(),
                                                                  wanted[rel].stat())):
                wanted.pop(rel, None)
                continue
            path.unlink()
            (replaced if rel in wanted else removed).add(rel)
        for name in dirs:
            with contextlib.suppress(OSError):  # only empty ones go
                (Path(folder) / name).rmdir()
    for rel, source in wanted.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    return removed | (wanted.keys() - replaced)


PROJECT_MARK = "\u27e6project\u27e7"  # stands for the coordinator's project folder in a line


def masked(line: str | None, root: Path) -> str | None:
    """A worker's error line with its scratch project folder marked, so that the coordinator
    names its own files (`unmasked`), not a temp folder on another PC."""
    return line.replace(str(root), PROJECT_MARK) if line else line


def unmasked(line: str | None, project: Project) -> str | None:
    return line.replace(PROJECT_MARK, str(project.root)) if line else line


def _worker_name() -> str:
    with contextlib.suppress(Exception):
        from distributed import get_worker
        return get_worker().address
    return f"pid {os.getpid()}"


def _version_refusal(expected: str) -> str | None:
    if expected == __version__:
        return None
    return (f"worker {_worker_name()} runs studio {__version__}, the build runs {expected} — "
            "install the same studio version on every worker")


_PROCESS_SCRATCH: list = []  # this worker process's scratch folder, made on its first task
_SLOT_NUMBERS = itertools.count()  # its slots, made as tasks run at once
_FREE_SLOTS: list[Path] = []  # those no task is using now
_SLOTS_LOCK = threading.Lock()


@contextlib.contextmanager
def task_dir() -> Iterator[Path]:
    """A scratch folder for one task: one of this worker process's slots (one for each task
    it runs at once — one per worker thread), inside one scratch folder per process (made and
    locked once, removed when the process ends or by the next run's sweep). A thread's tasks
    reuse its slot, so the worker's caches of files by path — a campaign's parsed table, the
    poster repainted by rows, the tunes decoded once — stay warm, as in a pool worker; what a
    task wrote is removed after it."""
    with _SLOTS_LOCK:
        if not _PROCESS_SCRATCH:
            holder = work_dir("cluster")
            _PROCESS_SCRATCH.append((holder, holder.__enter__()))
            atexit.register(holder.__exit__, None, None, None)
        folder = (_FREE_SLOTS.pop() if _FREE_SLOTS else
                  _PROCESS_SCRATCH[0][1] / f"slot{next(_SLOT_NUMBERS)}")
        folder.mkdir(exist_ok=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder / "project" / "outputs", ignore_errors=True)
        with _SLOTS_LOCK:
            _FREE_SLOTS.append(folder)


def laid_out(bundle: Bundle, blobs: Mapping[str, bytes], root: Path) -> None:
    """The bundle laid out at `root` for a task; the worker forgets which templates and
    project files there are when the project's support files are not the last task's (a
    worker may serve several projects; one project's tasks all carry the same ones)."""
    changed = lay_out(bundle, blobs, root, blob_store())
    if any(rel.split("/", 1)[0] in SUPPORT_DIRS for rel in changed):
        from studio.build.targets import forget_project_files
        forget_project_files()


def worker_voice(voice: Voice) -> Voice:
    """The run's voice settings on a worker, with the worker's own speech cache (its
    $STUDIO_CACHE_DIR or user cache): kept across builds, shared by every script it speaks."""
    return replace(voice, cache_dir=None)


def narrate_remote(bundle: Bundle, blobs: Mapping[str, bytes], variant: str | None,
                   voice: Voice, expected: str) -> tuple[str | None, list[str], str, str]:
    """On a worker: a script's (or row's) narration made into the worker's speech cache, so
    that the script's speaking targets, sent to the same worker, find it there; and which
    worker that is."""
    undo_eager_trim()
    worker = _worker_name()
    if refusal := _version_refusal(expected):
        return refusal, [], "", worker
    with task_dir() as scratch:
        root = scratch / "project"
        laid_out(bundle, blobs, root)
        error, notices, spoke = narrate_script(root / bundle.script, variant, str(root),
                                               worker_voice(voice))
        return masked(error, root), notices, spoke, worker


def render_remote(job: Job, kind: TargetKind, bundle: Bundle, blobs: Mapping[str, bytes],
                  voice: Voice, expected: str) -> RemoteOutcome:
    """On a worker: one target rendered in a scratch project, its outputs as bytes."""
    undo_eager_trim()
    worker = _worker_name()
    if refusal := _version_refusal(expected):
        return RemoteOutcome((), (), refusal, worker)
    with task_dir() as scratch:
        root = scratch / "project"
        laid_out(bundle, blobs, root)
        local = replace(job, script_path=root / bundle.script)
        from studio.provenance.credentials import signing_deferred
        with signing_deferred() as claims:
            records, warnings, error = render_target(local, kind, str(root),
                                                     worker_voice(voice))
        if error:
            return RemoteOutcome((), tuple(warnings), masked(error, root), worker)
        outputs = root / "outputs"
        signed = {path.resolve(): claim for path, claim in claims}
        produced = tuple(Produced(record, (outputs / record.path).read_bytes(),
                                  signed.get((outputs / record.path).resolve()))
                         for record in records)
        return RemoteOutcome(produced, tuple(warnings), error, worker)


def write_produced(produced: Iterable[Produced], project: Project) -> list[OutputRecord]:
    """The coordinator writes what a worker made, each file atomically and checked against
    the sha256 the worker measured, signing it here with the project's key where the render
    would have; the records get this machine's file times (and hashes, once signed)."""
    from studio.build.fingerprint import file_sha256
    from studio.build.outputs import credentials_meta
    from studio.fsutil import atomic_output
    from studio.provenance.credentials import sign_output
    records = []
    for item in produced:
        target = project.outputs / item.record.path
        if hashlib.sha256(item.data).hexdigest() != item.record.sha256:
            raise StudioError(f"{item.record.path} arrived damaged from its worker",
                              hint="run the build again")
        signed = False
        with atomic_output(target) as temp:
            Path(temp).write_bytes(item.data)
            if item.claim is not None:
                signed = sign_output(temp, replace(item.claim, root=project.root))
        stat = target.stat()
        meta = ({**item.record.meta, **credentials_meta(target, project.outputs)} if signed
                else item.record.meta)
        records.append(OutputRecord(kind=item.record.kind, path=item.record.path,
                                    bytes=stat.st_size,
                                    sha256=file_sha256(target) if signed else item.record.sha256,
                                    mtime_ns=stat.st_mtime_ns, meta=meta))
    return records
