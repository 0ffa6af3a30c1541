"""The parent's handles on the sandbox's processes: a worker per slot, a zygote per program, and the leftover check."""

from __future__ import annotations

import collections
import json
import os
import select
import shutil
import signal
import socket
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from refine_env.sandbox import _wire
from refine_env.sandbox.types import SandboxError

__all__ = ["Worker", "Zygote", "WorkerDied", "verify_clean", "WORKER_SCRIPT"]

WORKER_SCRIPT = str(Path(__file__).resolve().parent / "_worker.py")

_BOOTSTRAP = (
    # Runs the worker script without putting its folder on sys.path: this package's types.py
    # would otherwise shadow the standard library's types under another interpreter.
    "import sys; del sys.path[0]; sys.argv = sys.argv[1:]; import runpy; runpy.run_path(sys.argv[0], run_name='__main__')"
)


class WorkerDied(SandboxError):
    """A worker or zygote that exited (or closed its socket) under a request."""


def recv_message(fd: int, who: str, proc: Optional["subprocess.Popen[bytes]"] = None) -> Tuple[Dict[str, Any], bytearray]:
    try:
        return _wire.recv(fd)
    except (EOFError, ConnectionResetError):
        status = proc.poll() if proc is not None else None
        raise WorkerDied(f"{who} exited unexpectedly" + (f" (exit status {status})" if status is not None else "")) from None


def send_message(fd: int, who: str, header: Dict[str, Any], payload: bytes = b"") -> None:
    try:
        _wire.send(fd, header, (payload,))
    except OSError:
        raise WorkerDied(f"{who} is gone") from None


class Zygote:
    """The parent's handle on one program's zygote: a process that holds that program only."""

    def __init__(self, sock: socket.socket, who: str) -> None:
        self.sock = sock
        self.who = who
        self.ce: Optional[str] = None
        hello, _ = recv_message(sock.fileno(), who)
        self.pid: int = hello["pid"]

    def request(self, header: Dict[str, Any], payload: bytes = b"") -> Tuple[Dict[str, Any], bytearray]:
        send_message(self.sock.fileno(), self.who, header, payload)
        reply, out = recv_message(self.sock.fileno(), self.who)
        if "error" in reply:
            raise SandboxError(f"{self.who}: {reply['error']}")
        return reply, out

    def close(self) -> None:
        # The zygote exits when its socket closes.
        self.sock.close()


class Worker:
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
        self.zygotes: "collections.OrderedDict[str, Zygote]" = collections.OrderedDict()
        ready, _, _ = select.select([self.sock], [], [], start_timeout_s)
        if not ready:
            self.kill()
            raise SandboxError(f"sandbox worker {index} did not start within {start_timeout_s}s")
        hello, _ = recv_message(self.sock.fileno(), f"sandbox worker {index}", self.proc)
        if not hello.get("ok"):
            self.kill()
            raise SandboxError(f"sandbox worker {index} failed to start: {hello.get('error')}")
        self.pid: int = hello["pid"]
        self.isolation: Dict[str, Any] = hello["isolation"]
        self.python_version: str = hello["python"]
        self.uid: Optional[int] = hello.get("uid")
        self._leftovers: List[str] = list(hello.get("cgroups") or []) + ([hello["base"]] if hello.get("base") else [])

    def zygote(self, key: str, cache: int) -> Tuple[Zygote, bool]:
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
            raise WorkerDied(f"sandbox worker {self.index} is gone (exit status {self.proc.poll()})") from None
        finally:
            theirs.close()
        z = Zygote(ours, f"sandbox worker {self.index}")
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


def verify_clean(pool: Sequence[Optional[Worker]]) -> None:
    """Check with psutil that no process started for a test outlives it.

    Between tests a worker's tree holds its zygotes (one per cached program) and, under each,
    the child forked for the next test, still waiting as root for its limits. A process of
    the sandbox uid, or anything deeper, is a leftover.
    """
    uids = {w.uid: w for w in pool if w is not None and w.alive()}
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

    for w in pool:
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
