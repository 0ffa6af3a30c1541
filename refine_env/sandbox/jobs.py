"""Jobs, what every judge checks of them before running, and the handle every judge that owns processes is."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Dict, Optional, Sequence, Union

from refine_env.sandbox import codec
from refine_env.sandbox.checkers import CheckFunction, Checker
from refine_env.sandbox.types import Limits, Program, SpecialJudge, TestCase

__all__ = ["Job", "CheckerLike", "check_job", "expected_value", "JudgeHandle"]

CheckerLike = Union[str, Checker, CheckFunction, SpecialJudge]


@dataclass(frozen=True)
class Job:
    """One program judged on a list of tests (an element of :meth:`Sandbox.run_batch`)."""

    program: Program
    tests: Sequence[TestCase]
    limits: Limits = Limits()
    checker: CheckerLike = "tokens"
    stop_on_first_failure: bool = False


@functools.lru_cache(maxsize=8192)
def _call_input_error(text: str) -> Optional[str]:
    # Cached by text: an RL loop judges the same tests over and over, and decoding is not free.
    try:
        codec.decode_args(text)
    except codec.CodecError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=8192)
def expected_value(text: str) -> Any:
    """The decoded expected value of a call test (cached; checkers never mutate it)."""
    return codec.decode(text)


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
                    expected_value(t.output)
                except codec.CodecError as exc:
                    error = str(exc)
            if error is not None:
                raise ValueError(f"Expected test {i} of job {j} to hold encoded call arguments and value, got: {error}")
    if isinstance(job.checker, SpecialJudge) and job.program.is_call:
        raise ValueError(f"Expected a stdin program for job {j}'s special judge, got a call-based one")


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

