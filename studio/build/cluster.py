"""Building on a Dask cluster: `local[:N]` starts one on this PC, `tcp://HOST:8786` joins a
scheduler started with `dask scheduler` (workers: `dask worker tcp://HOST:8786`).

The coordinator (this process) plans, sends each target's files once as content-addressed
blobs, and alone writes outputs, the build state, the manifest and the review page; workers
need studio (the same version) but no access to the project folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from pathlib import Path

from studio import __version__
from studio.build.fingerprint import HashCache
from studio.build.hermetic import (RemoteOutcome, bundle_of, narrate_remote,
                                   render_remote, support_files, unmasked, write_produced)
from studio.build.plan import Job, TargetKind
from studio.errors import ClusterError, StudioError
from studio.project import Project
from studio.script.model import Script
from studio.speech.voice import Voice

INSTALL_HINT = "install it with: pip install 'studio[cluster]'"
CONNECT_SECONDS = 10.0
RETRIES = 2  # a target whose worker died runs again elsewhere, at most this often
# What a worker needs for any target: imported once by the process the local cluster's workers
# fork from, so that they start warm, as the local pool's forked workers do.
WARM_MODULES = ("studio.build.hermetic", "studio.build.targets", "studio.poster.runs",
                "studio.audio", "studio.speech.narrate", "studio.provenance.credentials")
# Dask's monitoring (a statistical profiler sampling each worker's stack every 10 ms, event
# loop checks every 20 ms, memory and system checks) costs ~10 % of a core in every process
# of a local cluster, taken from the renders; a build shows none of it, so it is turned down.
QUIET_DASK = {"distributed.worker.profile.enabled": False,
              "distributed.admin.tick.interval": "1s",
              "distributed.worker.memory.monitor-interval": "1s",
              "distributed.admin.system-monitor.interval": "2s"}
_LOCAL = re.compile(r"^local(?::(\d{1,3}))?$")
_ADDRESS = re.compile(r"^(?:tcp://)?([A-Za-z0-9.\-\[\]:]+?)(?::(\d{1,5}))?$")


@dataclass(frozen=True)
class ClusterSpec:
    """Where to build: a cluster started here with `workers` processes, or a scheduler."""

    workers: int = 0
    address: str = ""

    @property
    def local(self) -> bool:
        return not self.address


def parse_cluster(spec: str) -> ClusterSpec:
    """`local`, `local:N` or a scheduler address (`tcp://HOST:PORT`, `HOST:PORT`, `HOST`)."""
    spec = spec.strip()
    if match := _LOCAL.match(spec):
        workers = int(match.group(1)) if match.group(1) else (os.cpu_count() or 1)
        if not 1 <= workers <= 64:
            raise ClusterError(f"'{spec}' asks for {workers} workers",
                               hint="use local:N with N from 1 to 64")
        return ClusterSpec(workers=workers)
    if (match := _ADDRESS.match(spec)) and not spec.startswith("local"):
        return ClusterSpec(address=f"tcp://{match.group(1)}:{match.group(2) or 8786}")
    raise ClusterError(f"'{spec}' is not a cluster",
                       hint="use local, local:N or tcp://HOST:8786 (a running dask scheduler)")


def _distributed():
    """The Dask distributed module, or a one-line error naming the extra that brings it."""
    try:
        import distributed
    except ImportError:
        raise ClusterError("building on a cluster needs Dask, which is not installed",
                           hint=INSTALL_HINT) from None
    return distributed


def _studio_version() -> str:
    import studio
    return studio.__version__


def refuse_other_versions(client) -> None:
    """Every worker must run this studio version (a different one would make other files)."""
    try:
        versions = client.run(_studio_version)
    except Exception as exc:  # noqa: BLE001 - a worker without studio at all
        raise ClusterError(f"a worker cannot run studio: {type(exc).__name__}: {exc}",
                           hint=f"install studio {__version__} on every worker") from None
    if not versions:
        raise ClusterError("the cluster has no workers",
                           hint="start one on each PC: dask worker tcp://HOST:8786")
    for worker, version in sorted(versions.items()):
        if version != __version__:
            raise ClusterError(f"worker {worker} runs studio {version}, this is {__version__}",
                               hint=f"install studio {__version__} on every worker")


def _wait_for_workers(client, count: int) -> None:
    with contextlib.suppress(Exception):
        client.wait_for_workers(count, timeout=60)


def _fork_warm(stack: contextlib.ExitStack) -> bool:
    """On POSIX, the local cluster's workers fork from one server process that imported Dask
    and studio's render code once, instead of each starting a fresh interpreter and importing
    them again (spawn, the only way on Windows); they also end at once. Whether it applies:
    the workers are then given this process's environment (a forked worker has the server's)."""
    if os.name != "posix":
        return False
    import dask
    from distributed.utils import get_mp_context
    stack.enter_context(dask.config.set(
        {"distributed.worker.multiprocessing-method": "forkserver"}))
    get_mp_context().set_forkserver_preload(["distributed", *WARM_MODULES])
    return True


def _start_local(stack: contextlib.ExitStack, parsed: ClusterSpec, distributed):
    """A local cluster of `parsed.workers` processes, its client connected (both closed with
    `stack`)."""
    import dask
    stack.enter_context(dask.config.set(QUIET_DASK))  # workers are given this config
    forking = _fork_warm(stack)
    local = stack.enter_context(distributed.LocalCluster(
        n_workers=parsed.workers, threads_per_worker=1, processes=True,
        dashboard_address=None, silence_logs=logging.ERROR,
        env=dict(os.environ) if forking else None))
    client = stack.enter_context(distributed.Client(local))
    _wait_for_workers(client, parsed.workers)
    refuse_other_versions(client)
    return client


def _connect(stack: contextlib.ExitStack, parsed: ClusterSpec, distributed):
    """A client of the scheduler at `parsed.address` (closed with `stack`), its workers
    checked."""
    try:
        client = stack.enter_context(distributed.Client(parsed.address,
                                                        timeout=CONNECT_SECONDS))
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the scheduler at {parsed.address} "
                           f"({type(exc).__name__})",
                           hint="start it with `dask scheduler`, check the address and "
                                "that port 8786 is open in the firewall") from None
    refuse_other_versions(client)
    return client


@contextlib.contextmanager
def open_cluster(spec: str) -> Iterator["Cluster"]:
    """A cluster, closed afterwards: a scheduler connected to at once (unreachable, or a
    worker with another studio, is one line before anything is written), or for `local[:N]`
    one started when the first target needs it — a build with nothing to do starts none."""
    parsed = parse_cluster(spec)
    distributed = _distributed()
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    with contextlib.ExitStack() as stack:
        stack.callback(quiet.setLevel, level)
        if parsed.local:
            yield Cluster(lambda: _start_local(stack, parsed, distributed), parsed)
        else:
            client = _connect(stack, parsed, distributed)
            yield Cluster(lambda: client, parsed)


class Cluster:
    """A cluster ready to take a build's targets; `connect` gives its client, called once,
    when the client is first needed."""

    def __init__(self, connect: Callable[[], object], spec: ClusterSpec) -> None:
        self._connect, self.spec = connect, spec
        self._client = None

    def connected(self):
        """The connected client (a local cluster is started on the first call)."""
        if self._client is None:
            self._client = self._connect()
        return self._client

    def runner(self, project: Project, hashes: HashCache,
               scripts: list[Script]) -> "ClusterRunner":
        return ClusterRunner(self.connected(), project, hashes, {s.path: s for s in scripts})


@dataclass(frozen=True)
class Sent:
    """How a task was sent: the call that sends it again (given its attempt), which attempt
    this is, and the blobs it needs."""

    again: Callable[[int], Future]
    attempt: int
    blobs: tuple[str, ...]


class ClusterRunner:
    """The build's three calls on a cluster: hermetic tasks, blobs sent once, outputs written
    here."""

    def __init__(self, client, project: Project, hashes: HashCache,
                 scripts: Mapping[Path, Script]) -> None:
        self.client, self.project, self.hashes, self.scripts = client, project, hashes, scripts
        self.executor = client.get_executor(pure=False, retries=RETRIES)
        self.support = support_files(project)
        self.blobs: dict[str, object] = {}  # sha256 → the cluster's copy (a Dask future)
        self.spoken_on: dict[tuple, str] = {}  # script (row) → the worker holding its narration
        self.workers: Counter = Counter()
        self.futures: set[Future] = set()  # unfinished: what Ctrl-C cancels
        self.sent: dict[Future, Sent] = {}  # how to send each unread task again
        self.stopping = False

    def _send(self, sources: Mapping[str, Path]) -> dict[str, object]:
        """The cluster's copy of each blob, sending only those it does not hold yet."""
        for sha, path in sources.items():
            if sha not in self.blobs:
                self.blobs[sha] = self.client.scatter(path.read_bytes(), hash=False, broadcast=True)
        return {sha: self.blobs[sha] for sha in sources}

    def _submit(self, again: Callable[[int], Future], attempt: int, blobs: Mapping[str, Path],
                fn, *args, **placing) -> Future:
        future = self.executor.submit(fn, *args, **placing)
        self.futures.add(future)
        # a finished target's bytes are let go once written, not kept to the end of the build
        future.add_done_callback(self.futures.discard)
        self.sent[future] = Sent(again, attempt, tuple(blobs))
        return future

    def _again(self, future: Future) -> Future | None:
        """A task Dask cancelled, as it does when the only copy of a blob the task needs went
        with a lost worker (scattered data cannot be recomputed): sent again with its blobs,
        at most RETRIES times and never after Ctrl-C; None when it may not be."""
        sent = self.sent.pop(future, None)
        if sent is None or self.stopping or sent.attempt >= RETRIES:
            return None
        for sha in sent.blobs:
            self.blobs.pop(sha, None)
        return sent.again(sent.attempt + 1)

    def _failed(self, error: str) -> Future:
        future: Future = Future()
        future.set_exception(StudioError(error))
        return future

    def narrate(self, spoken_by: tuple[Path, str | None], voice: Voice, attempt: int = 0
                ) -> Future:
        path, variant = spoken_by
        script = self.scripts[path]
        try:
            bundle, sources = bundle_of(script, (), self.project, self.hashes, self.support)
        except StudioError as exc:
            return self._failed(exc.marked().splitlines()[0])
        # narrations first, as in the local pool: then posters, then the speaking targets
        # as their narrations finish — the short ones last, so no worker idles at the end
        return self._submit(lambda n: self.narrate(spoken_by, voice, n), attempt, sources,
                            narrate_remote, bundle, self._send(sources), variant, voice,
                            __version__, priority=1)

    def narrated(self, spoken_by: tuple[Path, str | None], future: Future
                 ) -> tuple[str | None, list[str], str]:
        path = spoken_by[0]
        try:
            error, notices, spoke, worker = future.result()
        except CancelledError as exc:
            if (again := self._again(future)) is not None:
                return self.narrated(spoken_by, again)
            return _lost(path, exc), [], ""
        except Exception as exc:  # noqa: BLE001 - a lost worker
            return _lost(path, exc), [], ""
        finally:
            self.sent.pop(future, None)
        self.spoken_on[spoken_by] = worker
        return unmasked(error, self.project), notices, spoke

    def render(self, job: Job, kind: TargetKind, voice: Voice, attempt: int = 0) -> Future:
        script = self.scripts[job.script_path]
        try:
            files = kind.inputs(script, job.name, self.project).values()
            bundle, sources = bundle_of(script, files, self.project, self.hashes,
                                        self.support)
        except StudioError as exc:
            return self._failed(exc.marked().splitlines()[0])
        # a speaking target goes where its narration is cached (elsewhere if that worker is
        # lost: it then synthesises what it lacks)
        worker = self.spoken_on.get((job.script_path, job.variant))
        placing = {"workers": [worker], "allow_other_workers": True} if worker else {}
        return self._submit(lambda n: self.render(job, kind, voice, n), attempt, sources,
                            render_remote, job, kind, bundle, self._send(sources), voice,
                            __version__, **placing)

    def outcome(self, job: Job, future: Future) -> tuple[list, list[str], str | None]:
        """A finished target's files written here (atomically, checked by sha256)."""
        try:
            result: RemoteOutcome = future.result()
        except StudioError as exc:
            return [], [], str(exc)
        except CancelledError as exc:
            if (again := self._again(future)) is not None:
                return self.outcome(job, again)
            return [], [], _lost(job.script_path, exc)
        except Exception as exc:  # noqa: BLE001 - the worker died more often than retries
            return [], [], _lost(job.script_path, exc)
        finally:
            self.sent.pop(future, None)
        self.workers[result.worker] += 1
        if result.error:
            return [], [], unmasked(result.error, self.project)
        try:
            records = write_produced(result.produced, self.project)
        except StudioError as exc:
            return [], [], exc.marked().splitlines()[0]
        return records, list(result.warnings), None

    def stop(self) -> None:
        """Ctrl-C: cancel what is queued or running; nothing of it is written here."""
        self.stopping = True
        for future in list(self.futures):
            future.cancel()

    def close(self) -> None:
        self.executor.shutdown(wait=False)


def _lost(path: Path, exc: BaseException) -> str:
    return (f"{path}: the cluster lost this target ({type(exc).__name__}: {exc}) — "
            "run the build again; check that the workers are running")
