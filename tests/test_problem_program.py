"""Problem.program: the one way a submission becomes a sandbox Program, the same in every env, check and evaluation."""

from __future__ import annotations

import json
from pathlib import Path

from refine_env.checks import check_problems
from refine_env.problems import Problem, Solution, TestCase
from refine_env.problems.loaders._common import LEETCODE_PRELUDE
from refine_env.sandbox import Sandbox, Verdict, codec
from refine_env.select import OPS, RefineCodeSelectEnv, pool_record, problem_fingerprint

# A LeetCode-style candidate: List and Counter come from the judge's imports, as on the site.
CORRECT = "class Solution:\n    def majority(self, nums: List[int]) -> int:\n        return Counter(nums).most_common(1)[0][0]\n"
WRONG = "class Solution:\n    def majority(self, nums: List[int]) -> int:\n        return min(nums)\n"


def _leetcode_style() -> Problem:
    def test(nums: list, answer: int) -> TestCase:
        return TestCase(codec.encode_args([nums]), codec.encode(answer))

    return Problem(
        id="lc-majority", title="Majority", statement="Return the element that appears most often.", kind="call",
        entry_point="Solution.majority", checker="json",
        public_tests=(test([3, 2, 3], 3), test([1, 1, 2], 1)), hidden_tests=(test([2, 2, 1, 1, 1, 2, 2], 2), test([5], 5)),
        reference=Solution("reference", CORRECT), mutants=(Solution("first", WRONG, Verdict.WA),),
        metadata={"prelude": LEETCODE_PRELUDE},
    )


def test_program_carries_entry_point_and_prelude() -> None:
    p = _leetcode_style()
    program = p.program(CORRECT)
    assert (program.language, program.source, program.entry_point, program.prelude) == ("python", CORRECT, "Solution.majority", LEETCODE_PRELUDE)
    plain = Problem(id="add", title="Add", statement="a+b", kind="stdin", public_tests=(TestCase("1 2\n", "3\n"),), hidden_tests=(TestCase("2 2\n", "4\n"),))
    assert (plain.program("print(3)").entry_point, plain.program("print(3)").prelude) == (None, None)
    assert not hasattr(Solution, "program")  # no second way to build one without the prelude


def test_select_env_judges_leetcode_style_candidates_with_the_prelude(tmp_path: Path, sandbox: Sandbox) -> None:
    # Without the prelude, the correct candidate crashed on `List` (RE 0/2) where the text env said AC 2/2.
    p = _leetcode_style()
    pool = tmp_path / "pool.jsonl"
    pool.write_text("".join(json.dumps(pool_record(problem_id=p.id, source=src, language="python", policy="test", sampling={},
                                                   sample=n, dataset="list")) + "\n" for n, src in enumerate((CORRECT, WRONG))))
    env = RefineCodeSelectEnv(dataset=[p], pool=str(pool), max_candidates=2, max_turns=3, generated=2, sandbox=sandbox,
                              cache_dir=tmp_path / "cache", packaged_records=False)
    env.reset(seed=0)
    slot = next(i for i, c in enumerate(env.candidates) if c.source == CORRECT)
    _, _, _, _, info = env.step(OPS.index("run") * 2 + slot)
    assert (info["public"]["verdict"], info["public"]["passed"], info["public"]["total"]) == ("AC", 2, 2)
    _, reward, terminated, _, info = env.step(OPS.index("submit") * 2 + slot)
    assert (reward, terminated, info["hidden"]["verdict"]) == (1.0, True, "AC")


def test_records_judged_without_the_prelude_are_not_reused() -> None:
    p = _leetcode_style()
    bare = Problem(**{**{f: getattr(p, f) for f in p.__dataclass_fields__}, "metadata": {}})
    assert problem_fingerprint(p, ["x"]) != problem_fingerprint(bare, ["x"])


def test_check_problems_runs_references_with_the_prelude(sandbox: Sandbox) -> None:
    [report] = check_problems([_leetcode_style()], sandbox)
    assert report.ok, report.issues
    assert report.reference is not None and report.reference.got is Verdict.AC
    assert [m.got for m in report.mutants] == [Verdict.WA]
