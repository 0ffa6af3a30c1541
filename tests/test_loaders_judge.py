"""The judge check: every dataset reference solution passes its converted tests in the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from refine_env.problems import Problem, load
from refine_env.sandbox import Job, Sandbox, Verdict

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"

# Documented in docs/datasets.md: (problems loaded, references that pass every public and hidden test).
EXPECTED: Dict[str, Tuple[int, int]] = {
    "humaneval": (160, 160),
    "mbpp": (97, 97),
    "leetcode": (40, 40),
    "deepcoder_leetcode": (38, 38),
}


def _failures(problems: List[Problem], sandbox: Sandbox) -> List[str]:
    jobs = [
        Job(p.program(p.reference.source), p.public_tests + p.hidden_tests, p.limits, checker=p.checker)  # type: ignore[union-attr]
        for p in problems
    ]
    failures = []
    for problem, results in zip(problems, sandbox.run_batch(jobs)):
        bad = [r for r in results if r.verdict is not Verdict.AC]
        if bad:
            failures.append(f"{problem.id}: {len(bad)}/{len(results)} tests fail, first {bad[0].verdict}: {bad[0].message or bad[0].stderr[-200:]}")
    return failures


def _stub(problem: Problem) -> str:
    """A wrong solution with the right name: it returns None for every call."""
    assert problem.entry_point is not None
    cls, _, method = problem.entry_point.rpartition(".")
    if cls:
        return f"class {cls}:\n    def {method}(self, *args, **kwargs):\n        return None\n"
    return f"def {method}(*args, **kwargs):\n    return None\n"


@pytest.mark.data
@pytest.mark.parametrize(
    "dataset",
    ["humaneval", "mbpp", pytest.param("leetcode", marks=pytest.mark.slow), "deepcoder_leetcode"],
)
def test_references_pass_their_converted_tests(dataset: str, sandbox: Sandbox) -> None:
    if not DATA.is_dir():
        pytest.skip(f"dataset samples not found at {DATA.resolve()} (they live outside the repository, in ../shared/data)")
    problems = load(DATA / dataset)
    loaded, passing = EXPECTED[dataset]
    assert len(problems) == loaded
    assert all(p.reference is not None for p in problems)
    failures = _failures(list(problems), sandbox)
    assert len(problems) - len(failures) == passing, "\n".join(failures)
    # The converted tests must also reject something: a solution that returns None passes none.
    stubs = [
        Job(p.program(_stub(p)), p.public_tests + p.hidden_tests, p.limits, checker=p.checker, stop_on_first_failure=True)
        for p in problems
    ]
    passed_by_stub = [p.id for p, results in zip(problems, sandbox.run_batch(stubs)) if all(r.verdict is Verdict.AC for r in results)]
    assert passed_by_stub == []
