"""Running untrusted programs: isolation, limits, verdicts, checkers and a pool of warm workers.

This package imports nothing else of the project; :class:`RayJudge` imports ray only when created.
"""

from refine_env.sandbox import checkers, codec
from refine_env.sandbox.checkers import CheckResult, Checker, get_checker
from refine_env.sandbox.pool import Job, Sandbox
from refine_env.sandbox.ray_judge import RayJudge
from refine_env.sandbox.types import Judge, Limits, Program, SandboxError, SpecialJudge, TestCase, TestResult, Verdict, first_failure

__all__ = [
    "Sandbox",
    "Judge",
    "RayJudge",
    "Job",
    "Program",
    "TestCase",
    "Limits",
    "TestResult",
    "Verdict",
    "first_failure",
    "SandboxError",
    "SpecialJudge",
    "Checker",
    "CheckResult",
    "get_checker",
    "checkers",
    "codec",
]
