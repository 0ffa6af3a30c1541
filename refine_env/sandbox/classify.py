"""A test's verdict from what the worker reported: limits first, then the comparison, in the parent."""

from __future__ import annotations

import logging
import signal
from dataclasses import replace
from typing import Any, Callable, Dict, Optional, Tuple

from refine_env.sandbox import codec
from refine_env.sandbox.checkers import Checker, CheckResult
from refine_env.sandbox.jobs import Job, expected_value
from refine_env.sandbox.types import TestCase, TestResult, Verdict

__all__ = ["classify", "safe_check", "excerpt", "STDERR_TAIL", "VALUE_KEEP"]

logger = logging.getLogger(__name__)

STDERR_TAIL = 2000
MEMORY_MARKERS = ("MemoryError", "std::bad_alloc", "Cannot allocate memory", "out of memory")

VALUE_KEEP = 1 << 20
"""Returned values longer than this (encoded) are not kept in :attr:`TestResult.value` unless
``keep_output_chars=None``: a program returning 50 MB values must not grow the trainer."""


def safe_check(check: Callable[..., CheckResult], expected: Any, got: Any, test_input: str) -> CheckResult:
    """A checker's answer on untrusted output; a checker that fails on it judges the output wrong."""
    try:
        return check(expected, got, test_input)
    except Exception as exc:  # the output made the checker fail: that is the output's fault
        logger.warning("checker failed on a program's output: %s: %s", type(exc).__name__, exc)
        return CheckResult(False, f"the checker could not read this output ({type(exc).__name__})")


def signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


def excerpt(keep: Optional[int], text: str) -> Tuple[str, bool]:
    """The first ``keep`` characters of ``text`` (all of it for None), and whether that cut it."""
    if keep is None or len(text) <= keep:
        return text, False
    return text[:keep], True


def classify(job: Job, test: TestCase, reply: Dict[str, Any], out: bytes, res: bytes, checker: Checker,
             compare: Callable[[str, str, str], CheckResult], keep_output_chars: Optional[int]) -> TestResult:
    """The test's result from what the worker measured (``reply``), printed (``out``) and returned (``res``).

    ``compare(expected, got, input)`` decides a stdin program's output; ``checker`` a returned value.
    """
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
        shown, truncated = excerpt(keep_output_chars, stdout_text if output is None else output)
        extra = {"stdout": excerpt(keep_output_chars, stdout_text)[0]} if call else {}
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
    if reply.get("oom_killed") or (failed and (any(m in stderr for m in MEMORY_MARKERS) or mem >= 0.95 * limits.memory_mb)):
        return result(Verdict.MLE, f"memory limit of {limits.memory_mb} MB exceeded")
    if sig is not None:
        return result(Verdict.RE, f"killed by {signal_name(sig)}")
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
        if keep_output_chars is not None and len(encoded) > VALUE_KEEP:  # type: ignore[arg-type]
            encoded = None
        if test.output is None:
            return replace(result(Verdict.OK, output=shown), value=encoded)
        check = safe_check(checker.check_value, expected_value(test.output), value, test.input)
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
