"""Value types of the sandbox: programs, test cases, limits, verdicts and results."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Protocol, Sequence, Tuple, runtime_checkable

__all__ = ["Judge", "Verdict", "Program", "TestCase", "Limits", "TestResult", "SandboxError", "SpecialJudge", "LANGUAGES", "JUDGE_PROTOCOLS",
           "first_failure"]

LANGUAGES = ("python", "cpp")


class SandboxError(RuntimeError):
    """A fault of the sandbox itself (never a verdict on the program under test)."""


class Verdict(str, enum.Enum):
    """Outcome of one program on one test.

    ``OK`` is for runs without an expected output (the ``test`` action): the program ran to
    completion within its limits and there was nothing to compare its output with.
    """

    AC = "AC"
    WA = "WA"
    TLE = "TLE"
    MLE = "MLE"
    RE = "RE"
    CE = "CE"
    OLE = "OLE"
    OK = "OK"

    def __str__(self) -> str:
        return self.value

    @property
    def passed(self) -> bool:
        return self is Verdict.AC


@dataclass(frozen=True)
class Program:
    """A submission: source text in a language, run as a stdin program or called as a function.

    ``entry_point`` makes it call-based: ``"name"`` calls a top-level function, and
    ``"Solution.name"`` calls a method of a fresh ``Solution()`` (LeetCode's convention).
    ``prelude`` is Python run in the program's namespace before it (the imports LeetCode's
    judge provides, for instance), compiled apart so the program's line numbers stay its own.
    """

    language: str
    source: str
    entry_point: Optional[str] = None
    prelude: Optional[str] = None

    def __post_init__(self) -> None:
        if not isinstance(self.language, str) or self.language not in LANGUAGES:
            raise ValueError(f"Expected language to be one of {LANGUAGES}, got {self.language!r}")
        if not isinstance(self.source, (str, bytes)):
            raise TypeError(f"Expected source to be a str, got {type(self.source).__name__}")
        if self.prelude is not None and (self.language != "python" or not isinstance(self.prelude, str)):
            raise ValueError(f"Expected a prelude only as a str for python programs, got {type(self.prelude).__name__} for {self.language!r}")
        if self.entry_point is not None:
            if self.language != "python":
                raise ValueError(
                    f"Expected entry_point only for python programs, got entry_point="
                    f"{self.entry_point!r} for language {self.language!r}"
                )
            parts = self.entry_point.split(".") if isinstance(self.entry_point, str) else []
            if not (1 <= len(parts) <= 2 and all(p.isidentifier() for p in parts)):
                raise ValueError(
                    "Expected entry_point to be 'function' or 'Class.method' made of identifiers, "
                    f"got {self.entry_point!r}"
                )

    @property
    def is_call(self) -> bool:
        return self.entry_point is not None


@dataclass(frozen=True)
class TestCase:
    """One test: the input and, where known, the expected output.

    For stdin programs ``input`` is the text on stdin and ``output`` the expected stdout. For
    call-based programs ``input`` holds the arguments, one encoded value per line, and
    ``output`` the encoded expected return value (see :mod:`refine_env.sandbox.codec`).
    ``output=None`` runs the program without a comparison (verdict ``OK`` when it completes).
    """

    __test__ = False  # not a pytest test class

    input: str
    output: Optional[str] = None

    def __post_init__(self) -> None:
        if not isinstance(self.input, str):
            raise TypeError(f"Expected TestCase.input to be a str, got {type(self.input).__name__}")
        if self.output is not None and not isinstance(self.output, str):
            raise TypeError(
                f"Expected TestCase.output to be a str or None, got {type(self.output).__name__}"
            )


@dataclass(frozen=True)
class Limits:
    """Resource limits for one test.

    ``time_s`` bounds CPU time; ``wall_time_s`` bounds real time (default ``2 * time_s + 1``) so
    that a program that sleeps or blocks still ends. ``memory_mb`` bounds the process's
    writable data (``RLIMIT_DATA``; see the sandbox README for why not ``RLIMIT_AS``).
    ``output_mb`` caps stdout (beyond it: OLE); ``file_size_mb`` caps any file written;
    ``processes`` caps processes and threads of the test's user.
    """

    time_s: float = 2.0
    memory_mb: int = 256
    wall_time_s: Optional[float] = None
    output_mb: float = 16.0
    file_size_mb: float = 16.0
    open_files: int = 64
    processes: int = 64

    def __post_init__(self) -> None:
        def positive(name: str, value: object, maximum: float) -> None:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"Expected Limits.{name} to be a finite number, got {value!r}")
            if not 0 < value <= maximum:
                raise ValueError(f"Expected Limits.{name} in (0, {maximum:g}], got {value!r}")

        positive("time_s", self.time_s, 3600)
        positive("memory_mb", self.memory_mb, 1 << 20)
        if self.wall_time_s is not None:
            positive("wall_time_s", self.wall_time_s, 7200)
        positive("output_mb", self.output_mb, 4096)
        positive("file_size_mb", self.file_size_mb, 1 << 20)
        positive("open_files", self.open_files, 1 << 16)
        positive("processes", self.processes, 1 << 16)
        if self.open_files < 8:
            raise ValueError(f"Expected Limits.open_files >= 8 (stdio and the interpreter need some), got {self.open_files}")

    @property
    def wall_s(self) -> float:
        return self.wall_time_s if self.wall_time_s is not None else 2 * self.time_s + 1.0


@dataclass(frozen=True)
class TestResult:
    """What happened when one program ran on one test.

    ``output`` is an excerpt of stdout (for call-based programs: the returned value's repr),
    ``stderr`` the tail of stderr. ``time_s`` is CPU time, ``wall_s`` real time and
    ``memory_mb`` peak resident memory. ``message`` explains the verdict (checker's reason,
    compiler output, which limit was hit).
    """

    __test__ = False

    verdict: Verdict
    time_s: float = 0.0
    wall_s: float = 0.0
    memory_mb: float = 0.0
    output: str = ""
    output_truncated: bool = False
    stderr: str = ""
    exit_code: Optional[int] = None
    signal: Optional[int] = None
    message: str = ""
    stdout: str = ""
    """Call-based programs: what the function printed (excerpt)."""
    value: Optional[str] = None
    """Call-based programs: the returned value, encoded (:mod:`~refine_env.sandbox.codec`), in full."""

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.AC


def first_failure(results: Iterable[TestResult]) -> Verdict:
    """The verdict of the first test that did not pass (the first non-AC verdict), or AC if every test passed."""
    return next((r.verdict for r in results if r.verdict is not Verdict.AC), Verdict.AC)


JUDGE_PROTOCOLS = ("kattis", "testlib")


@dataclass(frozen=True)
class SpecialJudge:
    """A checker program (an output validator) that decides a test inside the sandbox.

    For problems that accept several answers: the judge program runs in a sandboxed child of its
    own (never in a submission's zygote) with the test's input, the expected answer and the
    program's output, and its exit code is the verdict.

    - ``"kattis"`` (problemtools' output validators): ``judge input answer feedback_dir [args]``
      with the program's output on stdin; exit 42 accepts, 43 rejects.
    - ``"testlib"`` (Codeforces-style checkers): ``judge input output answer [args]``; exit 0
      accepts, 1 (wrong answer) or 2 (presentation error) rejects.

    Any other ending of the judge (a crash, a timeout) is logged and judges the output wrong: the
    output may have been built to break it. ``args`` are extra arguments (Kattis'
    ``output_validator_flags``).
    """

    program: Program
    protocol: str = "kattis"
    args: Tuple[str, ...] = ()
    limits: Limits = Limits(time_s=10, memory_mb=1024, output_mb=1)

    def __post_init__(self) -> None:
        if not isinstance(self.program, Program) or self.program.is_call:
            raise ValueError(f"Expected SpecialJudge.program to be a stdin Program, got {self.program!r}")
        if self.protocol not in JUDGE_PROTOCOLS:
            raise ValueError(f"Expected SpecialJudge.protocol to be one of {JUDGE_PROTOCOLS}, got {self.protocol!r}")
        if not isinstance(self.args, tuple) or not all(isinstance(a, str) for a in self.args):
            raise ValueError(f"Expected SpecialJudge.args to be a tuple of str, got {self.args!r}")
        if not isinstance(self.limits, Limits):
            raise ValueError(f"Expected SpecialJudge.limits to be Limits, got {type(self.limits).__name__}")


@runtime_checkable
class Judge(Protocol):
    """What the envs need of a judge: :class:`~refine_env.sandbox.Sandbox`, or one backed by a
    cluster (:class:`~refine_env.sandbox.ray_judge.RayJudge`) with the same methods and results."""

    def run(self, program: Program, tests: Sequence[TestCase], limits: Limits = ..., *, checker: Any = ...,
            stop_on_first_failure: bool = ...) -> List[TestResult]: ...

    def run_batch(self, jobs: Sequence[Any], *, progress: Any = ...) -> List[List[TestResult]]: ...
