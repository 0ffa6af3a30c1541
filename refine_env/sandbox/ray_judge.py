"""RayJudge: the Sandbox's interface over a Ray cluster, actors pinned to nodes, scheduled by tests."""

from __future__ import annotations

import collections
import inspect
import itertools
import logging
import math
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Deque, Dict, List, Mapping, Optional, Sequence, Tuple

from refine_env.sandbox.jobs import Job, JudgeHandle, check_job
from refine_env.sandbox.pool import Sandbox
from refine_env.sandbox.ray_node import NodeJudge, code_digest
from refine_env.sandbox.types import Limits, Program, SandboxError, TestCase, TestResult

__all__ = ["RayJudge", "BatchStats"]

logger = logging.getLogger(__name__)

_SANDBOX_OPTIONS = tuple(
    name for name, p in inspect.signature(Sandbox.__init__).parameters.items() if p.kind is p.KEYWORD_ONLY and name != "workers"
)

# One piece of a job: (job index, first test, end test). A chunk is a list of pieces run as one call.
_Piece = Tuple[int, int, int]


@dataclass(frozen=True)
class BatchStats:
    """What the last :meth:`RayJudge.run_batch` took: for monitoring and for the fault tests."""

    tests: int = 0
    chunks: int = 0
    """Calls to actors, each a chunk of tests (a chunk cut short comes back as more chunks)."""
    cuts: int = 0
    """Chunks that ran out of their time slice: their remaining tests went back to the queue."""
    reruns: int = 0
    """Chunks run again because the actor running them was lost."""
    actors_lost: int = 0
    seconds: float = 0.0


def _validate(jobs: Sequence[Job]) -> None:
    """The local Sandbox's checks, here: an error names the caller's indices, not a chunk's."""
    for j, job in enumerate(jobs):
        check_job(j, job)


def _plan(jobs: Sequence[Job], size: int) -> List[List[_Piece]]:
    """Split jobs into chunks of at most ``size`` tests (pieces of small jobs share a chunk).

    A job with ``stop_on_first_failure`` stays whole: where it stops depends on its tests in order.
    Other jobs split into near-equal pieces, so no piece is a short tail.
    """
    chunks: List[List[_Piece]] = []
    current: List[_Piece] = []
    count = 0
    for j, job in enumerate(jobs):
        n = len(job.tests)
        if n == 0:
            continue
        if job.stop_on_first_failure:
            pieces = [(j, 0, n)]
        else:
            parts = math.ceil(n / size)
            bounds = [round(k * n / parts) for k in range(parts + 1)]
            pieces = [(j, bounds[k], bounds[k + 1]) for k in range(parts)]
        for piece in pieces:
            k = piece[2] - piece[1]
            if current and count + k > size:
                chunks.append(current)
                current, count = [], 0
            current.append(piece)
            count += k
    if current:
        chunks.append(current)
    return chunks


def _rest(jobs: Sequence[Job], j: int, start: int, end: int, size: int) -> List[List[_Piece]]:
    """Chunks for what is left of job ``j`` after a cut: whole if it must stay in order, else in pieces of ``size``."""
    if jobs[j].stop_on_first_failure:
        return [[(j, start, end)]]
    return [[(j, a, min(a + size, end))] for a in range(start, end, size)]


def _lost_errors(ray: Any) -> Tuple[type, ...]:
    """What a call to an actor raises when the actor, its node or its result is gone."""
    return (ray.exceptions.RayActorError, ray.exceptions.ObjectLostError, ray.exceptions.NodeDiedError)


def _cause(exc: Any) -> BaseException:
    """The exception our code raised in the actor, as it was raised (Ray wraps it in RayTaskError)."""
    cause = getattr(exc, "cause", None)
    return cause if isinstance(cause, BaseException) else exc


class _Actor:
    __slots__ = ("handle", "node_id", "host", "slots", "isolation", "alive", "load")

    def __init__(self, handle: Any, info: Dict[str, Any]) -> None:
        self.handle = handle
        self.node_id: str = info["node_id"]
        self.host: str = info["host"]
        self.slots: int = info["slots"]
        self.isolation: Dict[str, Any] = info["isolation"]
        self.alive = True
        self.load = 0


class RayJudge(JudgeHandle):
    """Judges programs on a Ray cluster, with the interface of :class:`~refine_env.sandbox.Sandbox`.

    Code that takes a Sandbox takes a RayJudge unchanged (``run``, ``run_batch``, ``close``, a
    context manager, ``workers``, ``isolation``); the envs take it as ``sandbox=``::

        with RayJudge(address="auto") as judge:
            env = gym.make("RefineCode-v0", sandbox=judge)
            batch = judge.run_batch([Job(program, tests, limits), ...])

    Each alive node gets actors pinned to it (reserving ``actor_cpus`` of its CPUs each, 0 by
    default), holding ``workers_per_node`` single-worker Sandboxes in all (default: the node's
    CPU count), at most ``workers_per_actor`` per actor. A batch is cut into chunks of tests;
    each actor takes as many chunks at a time as it has workers (plus ``prefetch`` queued while
    the queue is long) and the next chunk goes to the first actor with a free worker. A chunk
    that runs longer than ``slice_s`` comes back with what it ran, and the rest of its slow
    program's tests spread over the free workers: one slow program holds neither a node nor
    the end of the batch. Results come back in order, each test's exactly once. An actor or
    node lost during a batch has its chunks rerun on the others; only when none is left does
    ``run_batch`` raise :class:`SandboxError`. Expected outputs travel to the nodes and are
    compared there, in the actor, never in a process a program is forked from.

    ``address``: ``"auto"`` (the cluster this machine belongs to), ``"ray://host:10001"`` (Ray
    Client), ``"host:port"`` (a GCS address) or ``None`` (``RAY_ADDRESS``, else a new local Ray).
    If Ray is already initialized in this process that connection is used (and left open by
    :meth:`close`); otherwise this judge calls ``ray.init`` and ``close`` shuts it down.
    ``node_resource`` restricts the judge to nodes that advertise that custom resource (start
    judging nodes with ``ray start --resources='{"judge": 1}'`` and pass ``"judge"``).
    ``sandbox_options`` are keyword arguments of each node's Sandboxes (``isolate``,
    ``keep_output_chars``, ...), interpreted on that node; ``runtime_env`` is the actors' Ray
    runtime environment. ``chunk_tests`` caps a chunk's tests (smaller batches are cut finer, so
    that every worker gets some). ``require_isolation`` refuses nodes whose sandbox has no root
    and network namespace of its own: without them a program can reach the Ray node's sockets,
    and through them the cluster.
    """

    _pickle_hint = "it schedules its actors' chunks; create one per process that judges"

    def __init__(
        self,
        address: Optional[str] = "auto",
        *,
        workers_per_node: Optional[int] = None,
        workers_per_actor: int = 16,
        sandbox_options: Optional[Mapping[str, Any]] = None,
        node_resource: Optional[str] = None,
        chunk_tests: int = 32,
        slice_s: float = 0.5,
        prefetch: int = 1,
        actor_cpus: float = 0.0,
        namespace: Optional[str] = None,
        runtime_env: Optional[Mapping[str, Any]] = None,
        require_isolation: bool = True,
        start_timeout_s: float = 120.0,
    ) -> None:
        if address is not None and not isinstance(address, str):
            raise TypeError("Expected address to be a str ('auto', 'ray://host:port', 'host:port') or None, "
                            f"got {type(address).__name__}")
        if workers_per_node is not None and (isinstance(workers_per_node, bool) or not isinstance(workers_per_node, int)
                                             or not 1 <= workers_per_node <= 4096):
            raise ValueError(f"Expected workers_per_node to be an int in [1, 4096] or None, got {workers_per_node!r}")
        if isinstance(workers_per_actor, bool) or not isinstance(workers_per_actor, int) or not 1 <= workers_per_actor <= 256:
            raise ValueError(f"Expected workers_per_actor to be an int in [1, 256], got {workers_per_actor!r}")
        if isinstance(slice_s, bool) or not isinstance(slice_s, (int, float)) or not 0 < slice_s <= 3600:
            raise ValueError(f"Expected slice_s to be a number of seconds in (0, 3600], got {slice_s!r}")
        if isinstance(chunk_tests, bool) or not isinstance(chunk_tests, int) or chunk_tests < 1:
            raise ValueError(f"Expected chunk_tests to be an int >= 1, got {chunk_tests!r}")
        if isinstance(prefetch, bool) or not isinstance(prefetch, int) or prefetch < 0:
            raise ValueError(f"Expected prefetch to be an int >= 0, got {prefetch!r}")
        if isinstance(actor_cpus, bool) or not isinstance(actor_cpus, (int, float)) or not 0 <= actor_cpus <= 1:
            raise ValueError("Expected actor_cpus to be a number in [0, 1] (the actor only waits on its workers), "
                             f"got {actor_cpus!r}")
        options = dict(sandbox_options or {})
        for name in options:
            if name not in _SANDBOX_OPTIONS:
                import difflib

                hint = difflib.get_close_matches(name, _SANDBOX_OPTIONS + ("workers",), n=1)
                fix = " (the number of workers per node is workers_per_node)" if name == "workers" else (
                    f"; did you mean {hint[0]!r}?" if hint else "")
                raise ValueError(f"Expected sandbox_options to name Sandbox parameters {_SANDBOX_OPTIONS}, got {name!r}{fix}")

        import ray

        self._ray = ray
        self._owns_ray = False
        self._closed = False
        self._lock = threading.Lock()
        self.chunk_tests = chunk_tests
        self.slice_s = float(slice_s)
        self.prefetch = prefetch
        self.stats = BatchStats()
        if not ray.is_initialized():
            ray.init(address=address, namespace=namespace)
            self._owns_ray = True
        try:
            self._actors = self._start_actors(workers_per_node, workers_per_actor, options, node_resource, actor_cpus,
                                              prefetch, dict(runtime_env) if runtime_env else None, require_isolation,
                                              start_timeout_s)
        except BaseException:
            self._shutdown_ray()
            raise

    # -- lifecycle ------------------------------------------------------------------------
    def _start_actors(self, workers_per_node: Optional[int], workers_per_actor: int, options: Dict[str, Any],
                      node_resource: Optional[str], actor_cpus: float, prefetch: int,
                      runtime_env: Optional[Dict[str, Any]], require_isolation: bool, start_timeout_s: float) -> List[_Actor]:
        ray = self._ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        nodes = []
        for node in ray.nodes():
            resources = node.get("Resources", {})
            if not node.get("Alive") or (node_resource is not None and resources.get(node_resource, 0) <= 0):
                continue
            workers = workers_per_node if workers_per_node is not None else int(resources.get("CPU", 0))
            # Several actors on a big node: each actor's process compares the outputs of its
            # workers' tests under one GIL, about 4,000 A+B tests per second at most.
            parts = math.ceil(workers / workers_per_actor)
            nodes += [(node["NodeID"], workers // parts + (k < workers % parts)) for k in range(parts)]
        if not nodes:
            what = f"with the resource {node_resource!r}" if node_resource is not None else "with CPUs"
            raise SandboxError(f"Expected at least one alive Ray node {what}, got none in this cluster")
        remote = ray.remote(NodeJudge)
        handles = []
        for node_id, slots in nodes:
            handles.append(remote.options(
                num_cpus=actor_cpus,
                # A thread per slot, per prefetched chunk, and one so describe() and close() never queue.
                max_concurrency=slots + prefetch + 1,
                max_restarts=0,
                scheduling_strategy=NodeAffinitySchedulingStrategy(node_id, soft=False),
                runtime_env=runtime_env,
            ).remote(slots, options))
        refs = [h.describe.remote() for h in handles]
        try:
            ready, late = ray.wait(refs, num_returns=len(refs), timeout=start_timeout_s)
            if late:
                missing = [nodes[refs.index(r)][0] for r in late]
                raise SandboxError(f"Ray judge actors did not start within {start_timeout_s}s on nodes {missing}")
            infos = []
            for (node_id, _slots), ref in zip(nodes, refs):
                try:
                    infos.append(ray.get(ref))
                except ray.exceptions.RayError as exc:
                    raise SandboxError(f"the Ray judge actor on node {node_id} failed to start: {exc}") from exc
        except BaseException:
            for h in handles:
                ray.kill(h)
            raise
        actors = [_Actor(h, info) for h, info in zip(handles, infos)]
        digest = code_digest()
        problems = []
        for a, info in zip(actors, infos):
            if info["code"] != digest:
                problems.append(f"node {a.node_id} ({a.host}) judges with other code (digest {info['code']}, "
                                f"here {digest}): install the same refine-env on every node")
            elif require_isolation and not (str(a.isolation.get("filesystem", "")).startswith("own root")
                                            and a.isolation.get("network") == "namespace without interfaces"):
                problems.append(f"node {a.node_id} ({a.host}) has no root and network namespace of its own for programs "
                                f"(filesystem: {a.isolation.get('filesystem')!r}, network: {a.isolation.get('network')!r}): "
                                "run Ray there as root (containers do), or pass require_isolation=False on a trusted cluster")
        if problems:
            for h in handles:
                ray.kill(h)
            raise SandboxError("; ".join(problems))
        logger.info("Ray judge: %d actors, %d workers", len(actors), sum(a.slots for a in actors))
        return actors

    @property
    def workers(self) -> int:
        """Workers over all alive actors (a lost actor's no longer count)."""
        return sum(a.slots for a in self._actors if a.alive)

    @property
    def nodes(self) -> Tuple[str, ...]:
        """The Ray node ids that judge (those with an alive actor)."""
        return tuple(dict.fromkeys(a.node_id for a in self._actors if a.alive))

    @property
    def node_isolation(self) -> Dict[str, Dict[str, Any]]:
        """Each node's :attr:`Sandbox.isolation`, by node id."""
        return {a.node_id: dict(a.isolation) for a in self._actors if a.alive}

    @property
    def isolation(self) -> Dict[str, Any]:
        """What isolation is in force: a value every node shares, or ``{node_id: value}`` where nodes differ."""
        per_node = self.node_isolation
        out: Dict[str, Any] = {}
        for key in sorted({k for iso in per_node.values() for k in iso}):
            values = {node: iso.get(key) for node, iso in per_node.items()}
            first = next(iter(values.values()))
            out[key] = first if all(v == first for v in values.values()) else values
        return out

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        ray = self._ray
        alive = [a for a in self._actors if a.alive]
        refs = [a.handle.close.remote() for a in alive]
        try:
            ray.wait(refs, num_returns=len(refs), timeout=30)
        except Exception as exc:  # closing: a lost node must not stop the others from closing
            logger.warning("Ray judge: closing actors: %s", exc)
        for a in self._actors:
            try:
                ray.kill(a.handle)
            except Exception:
                pass
            a.alive = False
        self._shutdown_ray()

    def _shutdown_ray(self) -> None:
        if self._owns_ray:
            self._owns_ray = False
            self._ray.shutdown()


    # -- public API -----------------------------------------------------------------------
    def run(
        self,
        program: Program,
        tests: Sequence[TestCase],
        limits: Limits = Limits(),
        *,
        checker: Any = "tokens",
        stop_on_first_failure: bool = False,
    ) -> List[TestResult]:
        """Judge ``program`` on ``tests``; one result per test, in order (as :meth:`Sandbox.run`)."""
        return self.run_batch([Job(program, tests, limits, checker, stop_on_first_failure)])[0]

    def run_batch(self, jobs: Sequence[Job], *, progress: Optional[Callable[[int], None]] = None) -> List[List[TestResult]]:
        """Judge many jobs at once across the cluster (as :meth:`Sandbox.run_batch`).

        ``progress(n)`` is called as jobs complete, with the number just completed.
        """
        if self._closed:
            raise SandboxError("Expected an open RayJudge, got one that was closed")
        jobs = list(jobs)
        _validate(jobs)
        if progress is not None:
            empty = sum(1 for job in jobs if not job.tests)
            if empty:
                progress(empty)
        with self._lock:
            return self._run(jobs, progress)

    # -- scheduling -----------------------------------------------------------------------
    def _verify_clean(self, lose: Callable[["_Actor", BaseException], None]) -> None:
        """Each node checks that no process started for a test outlives it, once per batch (as Sandbox does)."""
        ray = self._ray
        refs = {a.handle.verify.remote(): a for a in self._actors if a.alive}
        for ref, actor in refs.items():
            try:
                ray.get(ref)
            except ray.exceptions.RayTaskError as exc:
                raise _cause(exc) from exc
            except _lost_errors(ray) as exc:  # the batch's results are complete: a lost node only shrinks the next
                lose(actor, exc)

    def _chunk_size(self, tests: int) -> int:
        # Two chunks per worker at least: a worker that finishes early takes another one.
        return max(1, min(self.chunk_tests, math.ceil(tests / (2 * max(1, self.workers)))))

    def _run(self, jobs: List[Job], progress: Optional[Callable[[int], None]]) -> List[List[TestResult]]:
        batch = _Batch(jobs, self._chunk_size(sum(len(job.tests) for job in jobs)))
        try:
            while batch.pending or batch.inflight:
                self._submit(batch)
                if not batch.inflight:
                    raise SandboxError(f"Expected a live Ray judge actor, got none left: all {len(self._actors)} were lost "
                                       f"({sum(len(batch.chunks[c]) for c in batch.pending)} job pieces unjudged)")
                done = self._collect(batch)
                if done and progress is not None:
                    progress(done)
            self._verify_clean(lambda actor, exc: self._lose(batch, actor, exc))
        finally:
            self.stats = batch.stats()
        return batch.finished()

    def _submit(self, batch: "_Batch") -> None:
        """Send queued chunks to the actors with free slots, the least loaded first."""
        alive = [a for a in self._actors if a.alive]
        for actor in sorted(alive, key=lambda a: a.load / a.slots):
            # One chunk more than slots while the queue is long, so that a slot never waits on the
            # round trip for its next chunk; none at the tail, where it could wait behind a slow one.
            extra = self.prefetch if len(batch.pending) >= len(alive) * (1 + self.prefetch) else 0
            while batch.pending and actor.load < actor.slots + extra:
                c = batch.pending.popleft()
                batch.inflight[actor.handle.run_chunk.remote(batch.pieces(c), self.slice_s)] = (actor, c)
                actor.load += 1
                batch.calls += 1

    def _collect(self, batch: "_Batch") -> int:
        """Wait for at least one chunk, merge every chunk that is back; the number of jobs that finished."""
        ray = self._ray
        ready, rest = ray.wait(list(batch.inflight), num_returns=1)
        if rest:
            more, _ = ray.wait(rest, num_returns=len(rest), timeout=0)
            ready += more
        done = 0
        for ref in ready:
            if ref not in batch.inflight:  # its actor was lost while handling an earlier ref
                continue
            actor, c = batch.inflight.pop(ref)
            try:
                out = ray.get(ref)
            except ray.exceptions.RayTaskError as exc:
                # Our own code failed on the node (the program's failures are verdicts): raise it here.
                raise _cause(exc) from exc
            except _lost_errors(ray) as exc:
                actor.load -= 1
                batch.requeue(c)
                self._lose(batch, actor, exc)
                continue
            actor.load -= 1
            done += batch.merge(c, out)
        return done

    def _lose(self, batch: "_Batch", actor: _Actor, exc: BaseException) -> None:
        """Stop using ``actor`` (lost, or only unavailable for now) and queue its chunks again."""
        if not actor.alive:
            return
        actor.alive = False
        batch.lost += 1
        logger.warning("Ray judge: lost the actor on node %s (%s); rerunning its chunks on the %d left",
                       actor.node_id, type(exc).__name__, sum(a.alive for a in self._actors))
        try:  # an actor only unavailable for now could still finish a chunk: it must not
            self._ray.kill(actor.handle)
        except Exception:
            pass
        for ref, (a, c) in list(batch.inflight.items()):
            if a is actor:
                del batch.inflight[ref]
                batch.requeue(c)
        actor.load = 0


class _Batch:
    """One :meth:`RayJudge.run_batch`'s bookkeeping: its chunks, the queue, what is in flight, each job's results."""

    def __init__(self, jobs: List[Job], size: int) -> None:
        self.jobs = jobs
        self.start = time.perf_counter()
        self.total = sum(len(job.tests) for job in jobs)
        self.chunks: Dict[int, List[_Piece]] = dict(enumerate(_plan(jobs, size)))
        self.pending: Deque[int] = collections.deque(self.chunks)
        self.results: List[List[Optional[TestResult]]] = [[None] * len(job.tests) for job in jobs]
        self.left = [0] * len(jobs)  # pieces of each job still to be judged
        for chunk in self.chunks.values():
            for j, _a, _b in chunk:
                self.left[j] += 1
        self.inflight: Dict[Any, Tuple[_Actor, int]] = {}
        self.ids = itertools.count(len(self.chunks))
        self.calls = self.cuts = self.reruns = self.lost = 0

    def pieces(self, c: int) -> List[Job]:
        """Chunk ``c`` as the jobs an actor runs: each piece a job holding only its tests."""
        return [replace(self.jobs[j], tests=tuple(self.jobs[j].tests[a:b])) for j, a, b in self.chunks[c]]

    def requeue(self, c: int) -> None:
        """Chunk ``c`` again, first in the queue: its actor was lost."""
        self.pending.appendleft(c)
        self.reruns += 1

    def merge(self, c: int, out: List[Tuple[List[TestResult], bool]]) -> int:
        """Chunk ``c``'s results into the jobs' rows; what a cut left goes back to the queue. The number of jobs finished."""
        done = 0
        untouched: List[_Piece] = []
        again: List[List[_Piece]] = []
        for (j, a, b), (piece, finished) in zip(self.chunks.pop(c), out):
            row, end = self.results[j], a + len(piece)
            if any(r is not None for r in row[a:end]):
                raise SandboxError(f"internal error: tests {a}..{end - 1} of job {j} were judged twice")
            row[a:end] = piece
            if finished:
                if end < b:  # stopped at its first failure
                    del row[end:]
                self.left[j] -= 1
                done += self.left[j] == 0
            elif not piece:
                untouched.append((j, a, b))
            else:
                # Cut by the time slice: a slow program's other tests spread over the
                # free workers, in pieces of what one slice ran.
                self.cuts += 1
                parts = _rest(self.jobs, j, end, b, len(piece))
                self.left[j] += len(parts) - 1
                again += parts
        # Work already started goes first: a batch ends when its slowest job does.
        for pieces in reversed(again + ([untouched] if untouched else [])):
            cid = next(self.ids)
            self.chunks[cid] = pieces
            self.pending.appendleft(cid)
        return done

    def stats(self) -> BatchStats:
        return BatchStats(tests=self.total, chunks=self.calls, cuts=self.cuts, reruns=self.reruns, actors_lost=self.lost,
                          seconds=time.perf_counter() - self.start)

    def finished(self) -> List[List[TestResult]]:
        for j, row in enumerate(self.results):
            if any(r is None for r in row):
                raise SandboxError(f"internal error: a test of job {j} was left unjudged")
        return self.results  # type: ignore[return-value]
