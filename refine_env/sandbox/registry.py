"""The sandboxes shared by the environments of one process: one per worker count, closed with its last user."""

from __future__ import annotations

import atexit
import os
import threading
from dataclasses import dataclass
from typing import Dict, Tuple

from refine_env.sandbox.pool import Sandbox

__all__ = ["SharedSandboxes", "shared_sandbox"]


@dataclass
class _Entry:
    sandbox: Sandbox
    users: int = 0


class SharedSandboxes:
    """One sandbox per process and worker count, shared by the envs of that process.

    A vector of envs in one process then shares warm workers instead of starting two each. The
    key holds the pid: a forked process (AsyncVectorEnv) must never talk to its parent's workers.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._boxes: Dict[Tuple[int, int], _Entry] = {}

    def acquire(self, workers: int) -> Sandbox:
        """The process's sandbox with ``workers`` workers, started on first use; pair with :meth:`release`."""
        key = (os.getpid(), workers)
        with self._lock:
            entry = self._boxes.get(key)
            if entry is None:
                entry = self._boxes[key] = _Entry(Sandbox(workers=workers))
            entry.users += 1
            return entry.sandbox

    def release(self, sandbox: Sandbox) -> None:
        """One user fewer; the last one closes the sandbox."""
        with self._lock:
            for key, entry in list(self._boxes.items()):
                if entry.sandbox is sandbox:
                    entry.users -= 1
                    if entry.users <= 0:
                        del self._boxes[key]
                        sandbox.close()
                    return

    def close_all(self) -> None:
        """Close every sandbox this process started (at exit)."""
        with self._lock:
            for key, entry in list(self._boxes.items()):
                if key[0] == os.getpid():
                    entry.sandbox.close()
            self._boxes.clear()


shared_sandbox = SharedSandboxes()
atexit.register(shared_sandbox.close_all)
