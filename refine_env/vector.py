"""Step many RefineCode-v0 episodes at once, judging all of their programs in one ``run_batch``.

An RL batch steps tens to hundreds of episodes per turn. Stepped one after another, each
episode's programs are judged alone, one program's tests at a time, while the other workers
idle. :func:`step_batch` steps them together: each episode's ``step`` runs unchanged in a thread
of its own, every judge call it makes is held until all episodes are either waiting for a verdict
or done, and the held calls go to the judge as one :meth:`~refine_env.sandbox.Sandbox.run_batch`
(the final judgement of one episode and another's public run in the same batch). An episode
that judges twice in one step (the final program, then its initial attempt) takes part in a
second round. The env logic is the same code as :meth:`RefineCodeEnv.step`, so the results are
identical to stepping one by one; the judge sees one batch per round instead of one call per
program.

    from refine_env.vector import step_batch
    results = step_batch(envs, actions)          # [(obs, reward, terminated, truncated, info), ...]
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from refine_env.sandbox import Job, Judge, Limits, Program, TestCase, TestResult

__all__ = ["step_batch", "BatchingJudge"]

StepResult = Tuple[str, float, bool, bool, Dict[str, Any]]


class BatchingJudge:
    """A :class:`~refine_env.sandbox.Judge` that gathers the ``run`` calls of ``parties`` threads.

    Each ``run`` blocks until every party is waiting in ``run`` or has called :meth:`leave`; then
    the waiting calls go to ``judge.run_batch`` together and each gets its own results.
    """

    def __init__(self, judge: Judge, parties: int) -> None:
        self.judge = judge
        self._cond = threading.Condition()
        self._active = parties
        self._pending: List[Tuple[Job, Dict[str, Any]]] = []
        self._flushing = False
        self.batches: List[int] = []
        """Sizes (jobs) of the batches sent to the judge, in order: what one step_batch cost."""

    def run(self, program: Program, tests: Sequence[TestCase], limits: Limits = Limits(), *, checker: Any = "tokens",
            stop_on_first_failure: bool = False) -> List[TestResult]:
        slot: Dict[str, Any] = {}
        with self._cond:
            self._pending.append((Job(program, tests, limits, checker, stop_on_first_failure), slot))
            self._flush_if_ready()
            while "results" not in slot and "error" not in slot:
                self._cond.wait()
        if "error" in slot:
            raise slot["error"]
        return slot["results"]

    def run_batch(self, jobs: Sequence[Job], *, progress: Optional[Callable[[int], None]] = None) -> List[List[TestResult]]:
        return [self.run(j.program, j.tests, j.limits, checker=j.checker, stop_on_first_failure=j.stop_on_first_failure)
                for j in jobs]

    def leave(self) -> None:
        """A party is done: it makes no more calls."""
        with self._cond:
            self._active -= 1
            self._flush_if_ready()

    def _flush_if_ready(self) -> None:
        # Called with the lock held, by the party whose arrival or departure completes the round.
        while self._pending and not self._flushing and len(self._pending) >= self._active:
            batch, self._pending = self._pending, []
            self._flushing = True
            self._cond.release()
            try:
                results: Optional[List[List[TestResult]]] = self.judge.run_batch([job for job, _slot in batch])
                error: Optional[BaseException] = None
            except BaseException as exc:  # our own fault (a SandboxError): every waiting party raises it
                results, error = None, exc
            finally:
                self._cond.acquire()
                self._flushing = False
            self.batches.append(len(batch))
            for k, (_job, slot) in enumerate(batch):
                if error is not None:
                    slot["error"] = error
                else:
                    slot["results"] = results[k]  # type: ignore[index]
            self._cond.notify_all()


def step_batch(envs: Sequence[Any], actions: Sequence[str], *, judge: Optional[Judge] = None) -> List[StepResult]:
    """Step ``envs[i]`` with ``actions[i]`` for every i, judging all their programs together.

    ``envs`` are RefineCode-v0 envs (``gym.make`` wrappers included) that share a judge: the
    judge of the first env, or ``judge``. Returns what each ``step`` returned, in order; an
    exception raised by a step is raised here once every step has ended.
    """
    if len(envs) != len(actions):
        raise ValueError(f"Expected one action per env, got {len(actions)} actions for {len(envs)} envs")
    if not envs:
        return []
    bases = [getattr(env, "unwrapped", env) for env in envs]
    for i, base in enumerate(bases):
        if not hasattr(base, "judge_through"):
            raise TypeError(f"Expected RefineCode-v0 envs, got {type(base).__name__} at index {i}")
    if len(envs) == 1 and judge is None:
        return [envs[0].step(actions[0])]  # nothing to gather: no thread, no batching judge
    batching = BatchingJudge(judge if judge is not None else bases[0].sandbox, len(envs))

    def one(i: int) -> StepResult:
        try:
            with bases[i].judge_through(batching):
                return envs[i].step(actions[i])
        finally:
            batching.leave()

    with ThreadPoolExecutor(max_workers=len(envs), thread_name_prefix="refine-step") as pool:
        futures = [pool.submit(one, i) for i in range(len(envs))]
        outcomes = []
        for f in futures:
            try:
                outcomes.append((f.result(), None))
            except BaseException as exc:
                outcomes.append((None, exc))
    for _result, exc in outcomes:
        if exc is not None:
            raise exc
    return [result for result, _exc in outcomes]  # type: ignore[misc]
