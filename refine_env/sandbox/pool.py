"""The Sandbox: a pool of warm worker processes that judge programs on tests, compared in the parent."""

from __future__ import annotations

import collections
import hashlib
import logging
import os
import shutil
import sys
import tempfile
import threading
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from refine_env.sandbox.checkers import CheckResult, get_checker
from refine_env.sandbox.classify import classify, safe_check
from refine_env.sandbox.jobs import CheckerLike, Job, JudgeHandle, check_job
from refine_env.sandbox.types import Limits, Program, SandboxError, SpecialJudge, TestCase, TestResult, Verdict
from refine_env.sandbox.workers import Worker, WorkerDied, Zygote, verify_clean

__all__ = ["Sandbox", "Job", "program_key"]

logger = logging.getLogger(__name__)

DEFAULT_LIBRARIES = ("sortedcontainers",)
"""Libraries the programs may import besides the standard library (LeetCode's judge has them)."""


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"Expected {name} to be an int >= 1, got {value!r}")
    return value


def _library_paths(names: Sequence[str]) -> List[List[str]]:
    """Each judge library's name and the file or folder that holds it, found without importing it."""
    import importlib.util

    if isinstance(names, str):
        raise TypeError(f"Expected libraries to be a sequence of module names, got the string {names!r}")
    out = []
    for name in names:
        spec = importlib.util.find_spec(name) if isinstance(name, str) and name.isidentifier() else None
        if spec is None or not spec.origin or spec.origin in ("built-in", "frozen"):
            raise ValueError(f"Expected each judge library to be an installed top-level module, got {name!r}")
        locations = list(spec.submodule_search_locations or [])
        out.append([name, locations[0] if locations else spec.origin])
    return out


def _default_cache_dir() -> str:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "refine-env", "cpp")


def program_key(program: Program, compiler_id: str = "") -> Tuple[str, bytes]:
    """A program's identity (what a zygote holds, what a compiled binary is cached under) and its source bytes."""
    source = program.source
    data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    h = hashlib.sha256()
    for part in (program.language, program.entry_point or "", program.prelude or "", compiler_id):
        h.update(part.encode() + b"\0")
    h.update(data)
    return h.hexdigest()[:40], data


class _JobState:
    __slots__ = ("results", "stop_at", "remaining", "ce", "checker", "key", "source", "judge", "judge_key", "judge_source")

    def __init__(self, job: Job, key: str, source: bytes, judge_key: Optional[str] = None, judge_source: bytes = b"") -> None:
        self.source = source
        self.results: List[Optional[TestResult]] = [None] * len(job.tests)
        self.stop_at: Optional[int] = None
        self.remaining = len(job.tests)
        self.ce: Optional[TestResult] = None
        self.judge: Optional[SpecialJudge] = job.checker if isinstance(job.checker, SpecialJudge) else None
        self.checker = get_checker("exact" if self.judge is not None else job.checker)
        self.key = key
        self.judge_key = judge_key
        self.judge_source = judge_source


class Sandbox(JudgeHandle):
    """Judges programs on tests in isolated, resource-limited children of warm worker processes.

    Use as a context manager (or call :meth:`close`)::

        with Sandbox(workers=2) as sb:
            results = sb.run(Program("python", source), tests, Limits(time_s=2, memory_mb=256))

    Expected outputs stay in this process: zygotes receive one test input at a time and report
    what the program printed; comparison happens here, with the job's checker (or, for a
    :class:`SpecialJudge`, by its program in a sandboxed child of its own). Each program runs in
    a zygote that never held another submission; as root each test gets a root file system of
    its own, a fresh /tmp, new IPC/UTS namespaces, the worker's memory cgroup and uid, and an
    allow-list syscall filter. :attr:`isolation` says what is in force on this machine, and
    docs/sandbox.md lists each threat with the mechanism that stops it. Without root: rlimits,
    the syscall filter, and cleanup by process tree instead of by uid.
    """

    _pickle_hint = "create one per process (envs create theirs lazily)"

    def __init__(
        self,
        *,
        workers: int = 2,
        python: Optional[str] = None,
        isolate: bool = True,
        seccomp: bool = True,
        cpp_compiler: str = "g++",
        cpp_flags: Sequence[str] = ("-O2", "-std=gnu++17", "-pipe"),
        cache_dir: Optional[str] = None,
        keep_output_chars: Optional[int] = 4096,
        preload: Sequence[str] = (),
        uid_range: Tuple[int, int] = (60000, 65000),
        tmpfs_mb: int = 2048,
        program_cache: int = 16,
        cpp_cache_mb: int = 1024,
        binary_mb: int = 64,
        libraries: Sequence[str] = DEFAULT_LIBRARIES,
        compile_time_s: float = 30.0,
        compile_memory_mb: int = 2048,
        start_timeout_s: float = 30.0,
        verify_clean: bool = True,
    ) -> None:
        if sys.platform != "linux":
            raise SandboxError(f"Expected Linux for the sandbox (it uses fork, rlimits and namespaces), got {sys.platform}")
        if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= 256:
            raise ValueError(f"Expected workers to be an int in [1, 256], got {workers!r}")
        if keep_output_chars is not None and (not isinstance(keep_output_chars, int) or keep_output_chars < 0):
            raise ValueError(f"Expected keep_output_chars to be an int >= 0 or None, got {keep_output_chars!r}")
        if not (isinstance(uid_range, tuple) and len(uid_range) == 2 and 0 < uid_range[0] < uid_range[1]):
            raise ValueError(f"Expected uid_range to be (low, high) with 0 < low < high, got {uid_range!r}")
        python_path = shutil.which(python) if python else sys.executable
        if not python_path:
            raise ValueError(f"Expected python to name an interpreter on PATH, got {python!r}")
        compiler = shutil.which(cpp_compiler) or cpp_compiler
        self.workers = workers
        self.python = python_path
        self.keep_output_chars = keep_output_chars
        self.verify_clean = verify_clean
        self._start_timeout_s = start_timeout_s
        self._config: Dict[str, Any] = {
            "isolate": bool(isolate),
            "seccomp": bool(seccomp),
            "cpp_compiler": compiler,
            "cpp_flags": list(cpp_flags),
            "cache_dir": cache_dir if cache_dir is not None else _default_cache_dir(),
            "preload": list(preload),
            "uid_range": list(uid_range),
            "tmpfs_mb": int(tmpfs_mb),
            "program_cache": _positive_int("program_cache", program_cache),
            "cpp_cache_mb": _positive_int("cpp_cache_mb", cpp_cache_mb),
            "binary_mb": _positive_int("binary_mb", binary_mb),
            "libraries": _library_paths(libraries),
            "compile_time_s": float(compile_time_s),
            "compile_memory_mb": int(compile_memory_mb),
            "lock_dir": "/run/lock/refine-env-uids" if os.path.isdir("/run/lock") else os.path.join(tempfile.gettempdir(), "refine-env-uids"),
            "host_tmp": tempfile.gettempdir(),
        }
        self._compiler_id = f"{compiler} {' '.join(cpp_flags)}"
        self._lock = threading.Lock()
        self._pool: List[Optional[Worker]] = [None] * workers
        self._closed = False
        self._start_all()

    # -- lifecycle ------------------------------------------------------------------------
    def _start_all(self) -> None:
        # Start workers concurrently: each start is an interpreter launch (tens of ms).
        errors: List[BaseException] = []

        def start(i: int) -> None:
            try:
                self._pool[i] = Worker(i, self.python, self._config, self._start_timeout_s)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=start, args=(i,)) for i in range(self.workers) if self._pool[i] is None]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            self.close()
            raise errors[0]

    @property
    def isolation(self) -> Dict[str, Any]:
        """What isolation is in force (from the first worker): uid, network, filesystem, ipc, proc, seccomp, limits."""
        worker = self._pool[0]
        return dict(worker.isolation) if worker is not None else {}

    @property
    def worker_pids(self) -> List[int]:
        return [w.pid for w in self._pool if w is not None]

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for w in self._pool:
            if w is not None:
                w.close()
        self._pool = [None] * self.workers

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    # -- public API -----------------------------------------------------------------------
    def run(
        self,
        program: Program,
        tests: Sequence[TestCase],
        limits: Limits = Limits(),
        *,
        checker: CheckerLike = "tokens",
        stop_on_first_failure: bool = False,
    ) -> List[TestResult]:
        """Judge ``program`` on ``tests``; one result per test, in order.

        With ``stop_on_first_failure`` the list ends at the first test that did not pass.
        """
        return self.run_batch([Job(program, tests, limits, checker, stop_on_first_failure)])[0]

    def run_batch(self, jobs: Sequence[Job], *, progress: Optional[Callable[[int], None]] = None) -> List[List[TestResult]]:
        """Judge many jobs at once across all workers (what an RL batch needs).

        ``progress(n)`` is called as jobs complete, with the number just completed.
        """
        if self._closed:
            raise SandboxError("Expected an open Sandbox, got one that was closed")
        jobs = list(jobs)
        states = [self._prepare(j, job) for j, job in enumerate(jobs)]
        if progress is not None:
            empty = sum(1 for job in jobs if not job.tests)
            if empty:
                progress(empty)
        with self._lock:
            self._dispatch(jobs, states, progress)
            if self.verify_clean:
                self._verify_clean()
        out: List[List[TestResult]] = []
        for state in states:
            upto = len(state.results) if state.stop_at is None else state.stop_at + 1
            results = state.results[:upto]
            assert all(r is not None for r in results), "internal error: a test was left unjudged"
            out.append(results)  # type: ignore[arg-type]
        return out

    # -- internals ------------------------------------------------------------------------
    def _prepare(self, j: int, job: Job) -> _JobState:
        check_job(j, job)
        key, data = self._program_key(job.program)
        if isinstance(job.checker, SpecialJudge):
            judge_key, judge_data = self._program_key(job.checker.program)
            return _JobState(job, key, data, judge_key, judge_data)
        return _JobState(job, key, data)

    def _program_key(self, program: Program) -> Tuple[str, bytes]:
        return program_key(program, self._compiler_id)

    def _dispatch(self, jobs: List[Job], states: List[_JobState], progress: Optional[Callable[[int], None]]) -> None:
        """Run every test on the workers: scheduled by tests, with affinity for programs.

        A worker keeps taking tests of the program it has loaded (its zygote is warm), starts a
        job no worker has started when its own runs out, and only then helps with the job that
        has the most tests left: one slow program never holds the other workers.
        """
        qlock = threading.Lock()
        errors: List[BaseException] = []
        queues = [collections.deque(range(len(job.tests))) for job in jobs]
        unstarted = collections.deque(j for j in range(len(jobs)) if queues[j])
        n = min(self.workers, max(1, sum(len(q) for q in queues)))
        current: List[Optional[int]] = [None] * n

        def take(slot: int) -> Optional[Tuple[int, int]]:
            j = current[slot]
            if j is None or not queues[j]:
                j = None
                while unstarted and j is None:
                    k = unstarted.popleft()
                    j = k if queues[k] else None
                if j is None:
                    j = max(range(len(queues)), key=lambda k: len(queues[k]), default=None)
                    if j is None or not queues[j]:
                        return None
                current[slot] = j
            return j, queues[j].popleft()

        def loop(slot: int) -> None:
            while True:
                with qlock:
                    task = take(slot) if not errors else None
                    if task is None:
                        return
                    j, i = task
                    state = states[j]
                    if state.stop_at is not None and i > state.stop_at:
                        state.remaining -= 1
                        finished = state.remaining == 0
                        result = None
                    else:
                        finished = False
                        result = state.ce
                if result is None and not finished:
                    try:
                        result = self._run_one(slot, jobs[j], state, i)
                    except BaseException as exc:
                        with qlock:
                            errors.append(exc)
                        return
                with qlock:
                    if result is not None:
                        state.results[i] = result
                        state.remaining -= 1
                        finished = state.remaining == 0
                        if result.verdict is Verdict.CE and state.ce is None:
                            state.ce = result
                        if jobs[j].stop_on_first_failure and not result.passed and result.verdict is not Verdict.OK:
                            state.stop_at = i if state.stop_at is None else min(state.stop_at, i)
                if finished and progress is not None:
                    progress(1)

        threads = [threading.Thread(target=loop, args=(slot,), daemon=True) for slot in range(1, n)]
        for t in threads:
            t.start()
        loop(0)
        for t in threads:
            t.join()
        if errors:
            raise errors[0]

    def _worker(self, slot: int) -> Worker:
        w = self._pool[slot]
        if w is None or not w.alive():
            if w is not None:
                logger.warning("restarting sandbox worker %d (exit status %s)", slot, w.proc.poll())
                w.close(timeout=0)
            w = self._pool[slot] = Worker(slot, self.python, self._config, self._start_timeout_s)
        return w

    def _run_one(self, slot: int, job: Job, state: _JobState, i: int) -> TestResult:
        # A worker or zygote that dies under a test (our fault or the program's) costs one rerun on
        # a fresh one; dying again makes the verdict RE for that test alone, and the batch goes on.
        for attempt in (0, 1):
            w = self._worker(slot)
            try:
                return self._run_on(w, job, state, i)
            except WorkerDied as exc:
                w.drop(state.key)
                if state.judge_key is not None:
                    w.drop(state.judge_key)
                if w.alive():
                    w.sweep()
                else:
                    w.close(timeout=0)
                    self._pool[slot] = None
                logger.warning("sandbox worker %d died under a test (%s)%s", slot, exc, "; rerunning it" if attempt == 0 else "")
        return TestResult(Verdict.RE, message="the sandbox process running this test died twice (the program's doing?)")

    def _zygote_for(self, w: Worker, key: str, program: Program, source: bytes) -> Zygote:
        """The worker's zygote holding ``program``, spawned and loaded if it has none."""
        z, new = w.zygote(key, self._config["program_cache"])
        if new:
            reply, _ = z.request(
                {"op": "load", "key": key, "language": program.language, "entry_point": program.entry_point,
                 "prelude": program.prelude},
                source,
            )
            z.ce = None if reply["ok"] else reply["ce"]
            if reply.get("compiled"):
                self._trim_cpp_cache()
        return z

    @staticmethod
    def _limits_header(limits: Limits) -> Dict[str, Any]:
        return {
            "time_s": limits.time_s,
            "wall_s": limits.wall_s,
            "memory_mb": limits.memory_mb,
            "output_mb": limits.output_mb,
            "file_size_mb": limits.file_size_mb,
            "open_files": limits.open_files,
            "processes": limits.processes,
        }

    def _run_on(self, w: Worker, job: Job, state: _JobState, i: int) -> TestResult:
        z = self._zygote_for(w, state.key, job.program, state.source)
        if z.ce is not None:
            return TestResult(Verdict.CE, message=z.ce[-4000:])
        test = job.tests[i]
        reply, payload = z.request({"op": "run", "limits": self._limits_header(job.limits)}, test.input.encode("utf-8"))
        if "setup_error" in reply:
            raise SandboxError(f"sandbox could not start the program: {reply['setup_error']}")
        out_len, err_len = reply["out_len"], reply["err_len"]
        reply["stderr"] = payload[out_len : out_len + err_len].decode("utf-8", "replace")
        compare: Callable[[str, str, str], CheckResult]
        if state.judge is not None:
            judge = state.judge
            compare = lambda expected, got, test_input: self._special_judge(w, state, judge, expected, got, test_input)  # noqa: E731
        else:
            compare = lambda expected, got, test_input: safe_check(state.checker.check, expected, got, test_input)  # noqa: E731
        return classify(job, test, reply, payload[:out_len], payload[out_len + err_len :], state.checker, compare,
                        self.keep_output_chars)

    def _special_judge(self, w: Worker, state: _JobState, judge: SpecialJudge, expected: str, got: str, test_input: str) -> CheckResult:
        """Run the judge program in its own zygote on (input, answer, output): its exit code decides."""
        z = self._zygote_for(w, state.judge_key or "", judge.program, state.judge_source)
        if z.ce is not None:
            raise SandboxError(f"the problem's special judge does not compile: {z.ce[-2000:]}")
        files = {"input": test_input.encode("utf-8"), "answer": expected.encode("utf-8")}
        if judge.protocol == "kattis":
            argv, stdin, dirs = ["input", "answer", "feedback/", *judge.args], got.encode("utf-8"), ["feedback"]
        else:
            files["output"] = got.encode("utf-8")
            argv, stdin, dirs = ["input", "output", "answer", *judge.args], b"", []
        header = {"op": "run", "limits": dict(self._limits_header(judge.limits), argv=argv), "stdin_len": len(stdin),
                  "files": [[name, len(data)] for name, data in files.items()], "dirs": dirs}
        reply, payload = z.request(header, stdin + b"".join(files.values()))
        if "setup_error" in reply:
            raise SandboxError(f"sandbox could not start the special judge: {reply['setup_error']}")
        out_len, err_len = reply["out_len"], reply["err_len"]
        said = (payload[out_len : out_len + err_len] or payload[:out_len]).decode("utf-8", "replace").strip()
        code = reply["exit_code"]
        accept, reject = ((42,), (43,)) if judge.protocol == "kattis" else ((0,), (1, 2))
        if code in accept:
            return CheckResult(True)
        if code in reject:
            return CheckResult(False, said[-300:] or "the special judge rejected the output")
        logger.warning("special judge ended with exit code %s, signal %s on a program's output: %s", code, reply["signal"], said[-200:])
        return CheckResult(False, f"the special judge could not judge this output (exit code {code}, signal {reply['signal']})")

    def _trim_cpp_cache(self) -> None:
        """Keep the compiled-program cache under its size cap, evicting the least recently used."""
        cache_dir = self._config["cache_dir"]
        cap = self._config["cpp_cache_mb"] * (1 << 20)
        try:
            entries = [(e.stat().st_mtime, e.stat().st_size, e.path) for e in os.scandir(cache_dir) if e.is_file()]
        except OSError:
            return
        total = sum(size for _t, size, _p in entries)
        for _mtime, size, path in sorted(entries):
            if total <= cap:
                break
            try:
                os.unlink(path)
                total -= size
            except OSError:
                pass

    def _verify_clean(self) -> None:
        verify_clean(self._pool)
