"""The Ray judge's actor on one node: a single-worker Sandbox per slot, and the digest of the code it judges with."""

from __future__ import annotations

import collections
import hashlib
import os
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from refine_env.sandbox.jobs import Job
from refine_env.sandbox.pool import Sandbox, program_key
from refine_env.sandbox.types import TestResult, Verdict

__all__ = ["NodeJudge", "code_digest"]

_AFFINITY_KEEP = 4096
_CODE_FILES = ("pool.py", "jobs.py", "workers.py", "classify.py", "_wire.py", "_worker.py", "checkers.py", "codec.py", "types.py")


def code_digest() -> str:
    """A digest of the judge's own code: every node must judge with the same code as the driver."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _CODE_FILES:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    return h.hexdigest()[:16]


class NodeJudge:
    """An actor on one node: a Sandbox per slot, so that ``slots`` chunks run at once.

    A Sandbox runs one batch at a time (its workers are shared by the batch's threads), so an
    actor that takes several chunks concurrently holds one single-worker Sandbox per slot: the
    same processes as one Sandbox with ``slots`` workers (a uid, a cgroup and a root each).
    """

    def __init__(self, slots: int, options: Dict[str, Any]) -> None:
        # Each slot's Sandbox checks for leftover processes when the driver's whole batch is done
        # (verify()), as one local Sandbox does after its batch, not after each of its chunks.
        self._verify = bool(options.pop("verify_clean", True))
        self._boxes: List[Sandbox] = []
        self._errors: List[BaseException] = []
        threads = [threading.Thread(target=self._start, args=(dict(options, verify_clean=False),)) for _ in range(slots)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if self._errors:
            self.close()
            raise self._errors[0]
        self._free = list(range(slots))
        # program -> the slot that ran it last (its zygote is warm there), for the latest programs
        self._last: "collections.OrderedDict[str, int]" = collections.OrderedDict()
        self._cond = threading.Condition()

    def _start(self, options: Dict[str, Any]) -> None:
        try:
            box = Sandbox(workers=1, **options)
        except BaseException as exc:
            self._errors.append(exc)
            return
        self._boxes.append(box)

    def _take(self, slot: Optional[int] = None, program: Optional[str] = None) -> int:
        """A free slot: ``slot`` itself (waiting for it), else the one that last ran ``program`` if free, else any."""
        with self._cond:
            while not self._free or (slot is not None and slot not in self._free):
                self._cond.wait()
            if slot is None:
                prefer = self._last.get(program) if program is not None else None
                slot = prefer if prefer in self._free else self._free[-1]
            if program is not None:
                self._last[program] = slot
                self._last.move_to_end(program)
                if len(self._last) > _AFFINITY_KEEP:
                    self._last.popitem(last=False)
            self._free.remove(slot)
            return slot

    def _give(self, slot: int) -> None:
        with self._cond:
            self._free.append(slot)
            self._cond.notify_all()

    def describe(self) -> Dict[str, Any]:
        import socket

        import ray

        return {
            "node_id": ray.get_runtime_context().get_node_id(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "slots": len(self._boxes),
            "isolation": self._boxes[0].isolation,
            "code": code_digest(),
        }

    def run_chunk(self, jobs: List[Job], slice_s: float) -> List[Tuple[List[TestResult], bool]]:
        """Each job's results, in order, and whether the job is finished, within about ``slice_s``.

        Tests run one at a time so that the slice holds: once it is spent (and at least one test
        has run), the rest go back to the driver, which spreads them over free workers. A job that
        stops on its first failure is finished at that failure.
        """
        slot = self._take(program=program_key(jobs[0].program)[0])
        try:
            box = self._boxes[slot]
            deadline = time.monotonic() + slice_s
            ran = False
            out: List[Tuple[List[TestResult], bool]] = []
            for job in jobs:
                results: List[TestResult] = []
                finished = True
                for test in job.tests:
                    if ran and time.monotonic() >= deadline:
                        finished = False
                        break
                    result = box.run_batch([Job(job.program, (test,), job.limits, job.checker)])[0][0]
                    results.append(result)
                    ran = True
                    if job.stop_on_first_failure and not result.passed and result.verdict is not Verdict.OK:
                        break
                out.append((results, finished))
            return out
        finally:
            self._give(slot)

    def verify(self) -> None:
        """Raise SandboxError if a process started for a test is still alive (each slot once it is idle)."""
        if not self._verify:
            return
        for slot, box in enumerate(self._boxes):
            self._take(slot)
            try:
                box._verify_clean()
            finally:
                self._give(slot)

    def close(self) -> None:
        for box in self._boxes:
            box.close()

