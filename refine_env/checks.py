"""Dataset checks: every reference must pass, every labelled wrong solution must get its verdict.

Lives outside `refine_env.problems` because it runs the sandbox; problems use only its types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, List, Optional, Sequence

from refine_env.problems.model import Problem, Solution
from refine_env.sandbox import Job, Sandbox, TestResult, Verdict, first_failure

__all__ = ["SolutionReport", "ProblemReport", "check_problems"]

# A reference slower than this share of the time limit leaves too little margin for a slower machine.
TIGHT_SHARE = 0.5


@dataclass
class SolutionReport:
    label: str
    expected: Verdict
    got: Verdict
    passes_public: bool
    expected_passes_public: bool
    max_time_s: float
    message: str = ""

    @property
    def ok(self) -> bool:
        if self.got is not self.expected:
            return False
        return self.passes_public or not self.expected_passes_public


@dataclass
class ProblemReport:
    problem_id: str
    time_limit_s: float
    reference: Optional[SolutionReport] = None
    mutants: List[SolutionReport] = field(default_factory=list)
    issues: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


def _solution_report(problem: Problem, sol: Solution, results: Sequence[TestResult]) -> SolutionReport:
    n_public = len(problem.public_tests)
    public = results[:n_public]
    got = first_failure(results)
    failing = next((r for r in results if not r.passed), None)
    return SolutionReport(
        label=sol.label,
        expected=sol.expected_verdict,
        got=got,
        passes_public=len(public) == n_public and all(r.passed for r in public),
        expected_passes_public=sol.passes_public,
        max_time_s=max((r.time_s for r in results), default=0.0),
        message=(failing.message or failing.stderr[-200:]) if failing else "",
    )


def check_problems(
    problems: Sequence[Problem],
    sandbox: Sandbox,
    *,
    include_mutants: bool = True,
    progress: Optional[Callable[[int], None]] = None,
) -> List[ProblemReport]:
    """Run each problem's reference (all tests) and mutants (until their first failure).

    Reports: a reference that fails or runs in more than half the time limit (too tight), a
    mutant whose verdict differs from its label, a skeptic trap that fails a public test, and
    a slow mutant that passes (time limit too loose).
    """
    jobs: List[Job] = []
    owners: List[tuple] = []
    for p in problems:
        tests = tuple(p.public_tests) + tuple(p.hidden_tests)
        solutions: List[Solution] = [p.reference] if p.reference is not None else []
        if include_mutants:
            solutions += list(p.mutants)
        for sol in solutions:
            # A slow mutant must be stopped by the limit the problem states, so mutants run under
            # the real limits; the reference does too (its margin is checked separately).
            jobs.append(Job(p.program(sol.source, sol.language), tests, p.limits,
                            checker=p.judge, stop_on_first_failure=sol is not p.reference))
            owners.append((p, sol))
    results = sandbox.run_batch(jobs, progress=progress)

    reports = {p.id: ProblemReport(p.id, p.time_limit_s) for p in problems}
    for (p, sol), res in zip(owners, results):
        report = reports[p.id]
        sr = _solution_report(p, sol, res)
        if sol is p.reference:
            report.reference = sr
            if sr.got is not Verdict.AC:
                report.issues.append(f"reference fails: {sr.got} ({sr.message})")
            elif sr.max_time_s > TIGHT_SHARE * p.time_limit_s:
                report.issues.append(
                    f"time limit too tight: reference takes {sr.max_time_s:.2f}s of {p.time_limit_s:g}s"
                )
        else:
            report.mutants.append(sr)
            if sr.got is Verdict.AC:
                what = "time limit too loose: " if sol.expected_verdict is Verdict.TLE else ""
                report.issues.append(f"{what}wrong solution {sol.label!r} passes every test")
            elif sr.got is not sr.expected:
                report.issues.append(f"wrong solution {sol.label!r} got {sr.got}, labelled {sr.expected} ({sr.message})")
            if sr.expected_passes_public and not sr.passes_public:
                report.issues.append(f"skeptic trap {sol.label!r} fails a public test")
    return [reports[p.id] for p in problems]
