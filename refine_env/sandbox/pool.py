"""The Sandbox: a pool of warm worker processes that judge programs on tests, compared in the parent."""

from __future__ import annotations

import collections
import functools
import hashlib
import json
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

from refine_env.sandbox import codec
from refine_env.sandbox.checkers import CheckFunction, Checker, CheckResult, get_checker
from refine_env.sandbox.types import Limits, Program, SandboxError, SpecialJudge, TestCase, TestResult, Verdict

__all__ = ["Sandbox", "Job"]

logger = logging.getLogger(__name__)

WORKER_SCRIPT = str(Path(__file__).resolve().parent / "_worker.py")
_HEADER_SIZE = 8
STDERR_TAIL = 2000
_MEMORY_MARKERS = ("MemoryError", "std::bad_alloc", "Cannot allocate memory", "out of memory")

VALUE_KEEP = 1 << 20
"""Returned values longer than this (encoded) are not kept in :attr:`TestResult.value` unless
``keep_output_chars=None``: a program returning 50 MB values must not grow the trainer."""
DEFAULT_LIBRARIES = ("sortedcontainers",)
"""Libraries the programs may import besides the standard library (LeetCode's judge has them)."""

CheckerLike = Union[str, Checker, CheckFunction, SpecialJudge]


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


@dataclass(frozen=True)
class Job:
    """One program judged on a list of tests (an element of :meth:`Sandbox.run_batch`)."""

    program: Program
    tests: Sequence[TestCase]
    limits: Limits = Limits()
    checker: CheckerLike = "tokens"
    stop_on_first_failure: bool = False


def _default_cache_dir() -> str:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "refine-env", "cpp")


@functools.lru_cache(maxsize=8192)
def _call_input_error(text: str) -> Optional[str]:
    # Cached by text: an RL loop judges the same tests over and over, and decoding is not free.
    try:
        codec.decode_args(text)
    except codec.CodecError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=8192)
def _expected_value(text: str) -> Any:
    """The decoded expected value of a call test (cached; checkers never mutate it)."""
    return codec.decode(text)


def _safe_check(check: Callable[..., CheckResult], expected: Any, got: Any, test_input: str) -> CheckResult:
    """A checker's answer on untrusted output; a checker that fails on it judges the output wrong."""
    try:
        return check(expected, got, test_input)
    except Exception as exc:  # the output made the checker fail: that is the output's fault
        logger.warning("checker failed on a program's output: %s: %s", type(exc).__name__, exc)
        return CheckResult(False, f"the checker could not read this output ({type(exc).__name__})")


def _signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


def check_job(j: int, job: Job) -> None:
    """What every judge checks of a job before running it; errors name the caller's index ``j``."""
    if not isinstance(job, Job):
        raise TypeError(f"Expected jobs to hold Job objects, got {type(job).__name__} at index {j}")
    if not isinstance(job.program, Program):
        raise TypeError(f"Expected job {j}'s program to be a Program, got {type(job.program).__name__}")
    if not isinstance(job.limits, Limits):
        raise TypeError(f"Expected job {j}'s limits to be Limits, got {type(job.limits).__name__}")
    for i, t in enumerate(job.tests):
        if not isinstance(t, TestCase):
            raise TypeError(f"Expected job {j}'s tests to be TestCase objects, got {type(t).__name__} at index {i}")
        if job.program.is_call:
            error = _call_input_error(t.input)
            if error is None and t.output is not None:
                try:
                    _expected_value(t.output)
                except codec.CodecError as exc:
                    error = str(exc)
            if error is not None:
                raise ValueError(f"Expected test {i} of job {j} to hold encoded call arguments and value, got: {error}")
    if isinstance(job.checker, SpecialJudge) and job.program.is_call:
        raise ValueError(f"Expected a stdin program for job {j}'s special judge, got a call-based one")


_BOOTSTRAP = (
    # Runs the worker script without putting its folder on sys.path: this package's types.py
    # would otherwise shadow the standard library's types under another interpreter.
    "import sys; del sys.path[0]; sys.argv = sys.argv[1:]; import runpy; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def _recv_message(fd: int, who: str, proc: Optional["subprocess.Popen[bytes]"] = None) -> Tuple[Dict[str, Any], bytes]:
    def read_exact(n: int) -> bytes:
        chunks = []
        while n:
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    try:
        head = read_exact(_HEADER_SIZE)
        hlen, plen = int.from_bytes(head[:4], "little"), int.from_bytes(head[4:], "little")
        header = json.loads(read_exact(hlen))
        payload = read_exact(plen) if plen else b""
    except (EOFError, ConnectionResetError):
        status = proc.poll() if proc is not None else None
        raise _WorkerDied(f"{who} exited unexpectedly" + (f" (exit status {status})" if status is not None else "")) from None
    return header, payload


def _send_message(fd: int, who: str, header: Dict[str, Any], payload: bytes = b"") -> None:
    data = json.dumps(header).encode()
    buf = memoryview(len(data).to_bytes(4, "little") + len(payload).to_bytes(4, "little") + data + payload)
    try:
        while buf:
            buf = buf[os.write(fd, buf):]
    except OSError:
        raise _WorkerDied(f"{who} is gone") from None


class _Zygote:
    """The parent's handle on one program's zygote: a process that holds that program only."""

    def __init__(self, sock: socket.socket, who: str) -> None:
        self.sock = sock
        self.who = who
        self.ce: Optional[str] = None
        hello, _ = _recv_message(sock.fileno(), who)
        self.pid: int = hello["pid"]

    def request(self, header: Dict[str, Any], payload: bytes = b"") -> Tuple[Dict[str, Any], bytes]:
        _send_message(self.sock.fileno(), self.who, header, payload)
        reply, out = _recv_message(self.sock.fileno(), self.who)
        if "error" in reply:
            raise SandboxError(f"{self.who}: {reply['error']}")
        return reply, out

    def close(self) -> None:
        # The zygote exits when its socket closes.
        self.sock.close()


class _Worker:
    """The parent's handle on one worker process: it builds the box and forks a zygote per program."""

    def __init__(self, index: int, python: str, config: Dict[str, Any], start_timeout_s: float) -> None:
        self.index = index
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        try:
            self.proc = subprocess.Popen(
                [python, "-s", "-S", "-B", "-c", _BOOTSTRAP, WORKER_SCRIPT, str(theirs.fileno()), json.dumps(dict(config, index=index))],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                env=env,
                cwd="/",
                start_new_session=True,
            )
        finally:
            theirs.close()
        self.sock = ours
        self.zygotes: "collections.OrderedDict[str, _Zygote]" = collections.OrderedDict()
        ready, _, _ = select.select([self.sock], [], [], start_timeout_s)
        if not ready:
            self.kill()
            raise SandboxError(f"sandbox worker {index} did not start within {start_timeout_s}s")
        hello, _ = _recv_message(self.sock.fileno(), f"sandbox worker {index}", self.proc)
        if not hello.get("ok"):
            self.kill()
            raise SandboxError(f"sandbox worker {index} failed to start: {hello.get('error')}")
        self.pid: int = hello["pid"]
        self.isolation: Dict[str, Any] = hello["isolation"]
        self.python_version: str = hello["python"]
        self.uid: Optional[int] = hello.get("uid")
        self._leftovers: List[str] = list(hello.get("cgroups") or []) + ([hello["base"]] if hello.get("base") else [])

    def zygote(self, key: str, cache: int) -> Tuple[_Zygote, bool]:
        """The zygote holding program ``key``, and whether it is new (still to be loaded)."""
        z = self.zygotes.get(key)
        if z is not None:
            self.zygotes.move_to_end(key)
            return z, False
        while len(self.zygotes) >= cache:
            self.zygotes.popitem(last=False)[1].close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            socket.send_fds(self.sock, [b"S"], [theirs.fileno()])
        except OSError:
            ours.close()
            raise _WorkerDied(f"sandbox worker {self.index} is gone (exit status {self.proc.poll()})") from None
        finally:
            theirs.close()
        z = _Zygote(ours, f"sandbox worker {self.index}")
        self.zygotes[key] = z
        return z, True

    def drop(self, key: str) -> None:
        z = self.zygotes.pop(key, None)
        if z is not None:
            z.close()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def sweep(self) -> None:
        """After a zygote died under a test: the worker kills what that test left behind."""
        try:
            self.sock.sendall(b"K")
        except OSError:
            pass

    def close(self, timeout: float = 5.0) -> None:
        for z in self.zygotes.values():
            z.close()
        self.zygotes.clear()
        try:
            self.sock.sendall(b"Q")
        except OSError:
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self.sock.close()
        self._remove_leftovers()

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self.proc.wait()
        self._remove_leftovers()

    def _remove_leftovers(self) -> None:
        # A worker killed before its own cleanup leaves its (empty) cgroups and, without a root of
        # its own, a folder on the host: nothing of a closed Sandbox remains.
        for path in getattr(self, "_leftovers", []):
            if path.startswith("/sys/fs/cgroup/"):
                try:
                    os.rmdir(path)
                except OSError:
                    pass
            elif os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)


class _WorkerDied(SandboxError):
    pass


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


class JudgeHandle:
    """What a judge that owns processes is as a Python object: a context manager whose copies are
    itself (gymnasium deep-copies env kwargs) and that refuses pickling (its processes stay here)."""

    _pickle_hint = "create one per process"

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __deepcopy__(self, memo: Dict[int, Any]) -> Any:
        return self

    def __copy__(self) -> Any:
        return self

    def __reduce__(self) -> Any:
        name = type(self).__name__
        raise TypeError(f"Expected a {name} to stay in the process that created it: it owns processes and cannot be pickled; "
                        f"{self._pickle_hint}")


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
        self._pool: List[Optional[_Worker]] = [None] * workers
        self._closed = False
        self._start_all()

    # -- lifecycle ------------------------------------------------------------------------
    def _start_all(self) -> None:
        # Start workers concurrently: each start is an interpreter launch (tens of ms).
        errors: List[BaseException] = []

        def start(i: int) -> None:
            try:
                self._pool[i] = _Worker(i, self.python, self._config, self._start_timeout_s)
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
        source = program.source
        data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
        h = hashlib.sha256()
        for part in (program.language, program.entry_point or "", program.prelude or "", self._compiler_id):
            h.update(part.encode() + b"\0")
        h.update(data)
        return h.hexdigest()[:40], data

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

    def _worker(self, slot: int) -> _Worker:
        w = self._pool[slot]
        if w is None or not w.alive():
            if w is not None:
                logger.warning("restarting sandbox worker %d (exit status %s)", slot, w.proc.poll())
                w.close(timeout=0)
            w = self._pool[slot] = _Worker(slot, self.python, self._config, self._start_timeout_s)
        return w

    def _run_one(self, slot: int, job: Job, state: _JobState, i: int) -> TestResult:
        # A worker or zygote that dies under a test (our fault or the program's) costs one rerun on
        # a fresh one; dying again makes the verdict RE for that test alone, and the batch goes on.
        for attempt in (0, 1):
            w = self._worker(slot)
            try:
                return self._run_on(w, job, state, i)
            except _WorkerDied as exc:
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

    def _zygote_for(self, w: _Worker, key: str, program: Program, source: bytes) -> _Zygote:
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

    def _run_on(self, w: _Worker, job: Job, state: _JobState, i: int) -> TestResult:
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
            compare = lambda expected, got, test_input: _safe_check(state.checker.check, expected, got, test_input)  # noqa: E731
        return self._classify(job, test, reply, payload[:out_len], payload[out_len + err_len :], state.checker, compare)

    def _special_judge(self, w: _Worker, state: _JobState, judge: SpecialJudge, expected: str, got: str, test_input: str) -> CheckResult:
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

    def _excerpt(self, text: str) -> Tuple[str, bool]:
        keep = self.keep_output_chars
        if keep is None or len(text) <= keep:
            return text, False
        return text[:keep], True

    def _classify(self, job: Job, test: TestCase, reply: Dict[str, Any], out: bytes, res: bytes, checker: Checker,
                  compare: Callable[[str, str, str], CheckResult]) -> TestResult:
        limits = job.limits
        cpu = float(reply["cpu_s"])
        sig = reply["signal"]
        code = reply["exit_code"]
        stderr = reply["stderr"][-STDERR_TAIL:]
        mem = max(reply["maxrss_kb"] / 1024.0, reply.get("tree_memory_mb", 0.0))
        base = dict(time_s=cpu, wall_s=reply["wall_s"], memory_mb=mem, stderr=stderr, exit_code=code, signal=sig)
        call = job.program.is_call
        stdout_text = out.decode("utf-8", "replace")

        def result(verdict: Verdict, message: str = "", output: Optional[str] = None) -> TestResult:
            shown, truncated = self._excerpt(stdout_text if output is None else output)
            extra = {"stdout": self._excerpt(stdout_text)[0]} if call else {}
            return TestResult(verdict, output=shown, output_truncated=truncated or (reply["ole"] and output is None),
                              message=message, **base, **extra)

        if reply["ole"]:
            return result(Verdict.OLE, f"output exceeded the limit of {limits.output_mb:g} MB")
        # Decided by the CPU time used, not by the signal alone: a program can raise SIGXCPU itself.
        if reply["cpu_limit"] or cpu > limits.time_s or (sig == signal.SIGXCPU and cpu >= 0.9 * limits.time_s):
            return result(Verdict.TLE, f"CPU time limit of {limits.time_s:g}s exceeded")
        if reply["timed_out"]:
            return result(Verdict.TLE, f"wall-clock limit of {limits.wall_s:g}s exceeded after {cpu:.2f}s of CPU (sleeping or blocked?)")
        failed = sig is not None or code != 0
        if reply.get("oom_killed") or (failed and (any(m in stderr for m in _MEMORY_MARKERS) or mem >= 0.95 * limits.memory_mb)):
            return result(Verdict.MLE, f"memory limit of {limits.memory_mb} MB exceeded")
        if sig is not None:
            return result(Verdict.RE, f"killed by {_signal_name(sig)}")
        if code != 0:
            last = stderr.strip().splitlines()[-1:] if stderr.strip() else []
            return result(Verdict.RE, f"exit code {code}" + (f": {last[0][:200]}" if last else ""))
        if call:
            if not res:
                return result(Verdict.WA, "the function did not return: the program exited before the call completed", output="")
            if res[:1] == b"E":
                return result(Verdict.WA, "returned a value the judge cannot compare: " + res[1:].decode("utf-8", "replace"), output="")
            try:
                value = codec.decode(res[1:].decode("utf-8"))
            except (codec.CodecError, UnicodeDecodeError) as exc:
                return result(Verdict.WA, f"unreadable return value: {exc}", output="")
            shown = codec.safe_repr(value)
            encoded: Optional[str] = res[1:].decode("utf-8")
            if self.keep_output_chars is not None and len(encoded) > VALUE_KEEP:  # type: ignore[arg-type]
                encoded = None
            if test.output is None:
                return replace(result(Verdict.OK, output=shown), value=encoded)
            check = _safe_check(checker.check_value, _expected_value(test.output), value, test.input)
            return replace(result(Verdict.AC if check.ok else Verdict.WA, check.message, output=shown), value=encoded)
        try:
            got = out.decode("utf-8")
        except UnicodeDecodeError as exc:
            return result(Verdict.WA if test.output is not None else Verdict.OK,
                          f"output is not valid UTF-8 (byte {out[exc.start]:#04x} at offset {exc.start})")
        if test.output is None:
            return result(Verdict.OK)
        check = compare(test.output, got, test.input)
        return result(Verdict.AC if check.ok else Verdict.WA, check.message)

    def _verify_clean(self) -> None:
        """Check with psutil that no process started for a test outlives it.

        Between tests a worker's tree holds its zygotes (one per cached program) and, under each,
        the child forked for the next test, still waiting as root for its limits. A process of
        the sandbox uid, or anything deeper, is a leftover.
        """
        uids = {w.uid: w for w in self._pool if w is not None and w.alive()}
        if uids and None not in uids:
            # As root every test runs as its worker's uid, which nothing else uses: a process of
            # that uid between tests is a leftover. One stat per process (about 1 ms).
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    try:
                        owner = entry.stat().st_uid
                    except OSError:
                        continue
                    if owner in uids:
                        raise SandboxError(f"processes outlived their test under worker {uids[owner].index}: {entry.name}")
            return
        import psutil

        # One pass over the process table (psutil's children() scans it once per call).
        children: Dict[int, List[Any]] = collections.defaultdict(list)
        for proc in psutil.process_iter(["ppid", "uids", "status"]):
            if proc.info["status"] != psutil.STATUS_ZOMBIE and proc.info["ppid"] is not None:
                children[proc.info["ppid"]].append(proc)

        def below(pid: int) -> List[Any]:
            out, stack = [], [pid]
            while stack:
                for child in children.get(stack.pop(), ()):
                    out.append(child)
                    stack.append(child.pid)
            return out

        for w in self._pool:
            if w is None or not w.alive():
                continue
            leftovers = []
            for zygote in children.get(w.pid, ()):
                waiting = children.get(zygote.pid, [])
                deeper = [q for p in waiting for q in below(p.pid)]
                if w.uid is not None:
                    waiting = [p for p in waiting if p.info["uids"] is not None and p.info["uids"].real == w.uid]
                elif len(waiting) == 1:
                    waiting = []
                leftovers += waiting + deeper
            if leftovers:
                names = ", ".join(f"{p.pid}" for p in leftovers[:5])
                raise SandboxError(f"processes outlived their test under worker {w.index}: {names}")
