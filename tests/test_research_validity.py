"""Research validity on the real samples: hard-coding the public examples earns nothing, and prompts show those examples."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from refine_env.problems import Problem, load
from refine_env.problems.separation import input_key
from refine_env.sandbox import Job, Sandbox, Verdict, codec

pytestmark = pytest.mark.data

DATASETS = ["humaneval", "mbpp", "leetcode", "deepcoder_leetcode", "codecontests", "kattis"]


def _hard_coder(problem: Problem) -> str:
    """A program that answers each public example's input with its expected output, and anything else wrongly."""
    if problem.kind == "stdin":
        table = {" ".join(t.input.split()): t.output for t in problem.public_tests}
        return f"import sys\nTABLE = {table!r}\nsys.stdout.write(TABLE.get(' '.join(sys.stdin.read().split()), 'no idea\\n'))\n"
    table = {repr(codec.decode_args(t.input)): repr(codec.decode(t.output or "null")) for t in problem.public_tests}
    assert problem.entry_point is not None
    cls, _, name = problem.entry_point.rpartition(".")
    body = "    return ast.literal_eval(TABLE[repr(list(args))]) if repr(list(args)) in TABLE else 'no idea'\n"
    if cls:
        return f"import ast\nTABLE = {table!r}\nclass {cls}:\n    def {name}(self, *args):\n    {body}"
    return f"import ast\nTABLE = {table!r}\ndef {name}(*args):\n{body}"


@pytest.mark.parametrize("dataset", DATASETS)
def test_no_hidden_test_repeats_a_public_input(shared_data: Path, dataset: str) -> None:
    # Structurally: with >= 1 hidden test per problem, none of them a public input, a program
    # that hard-codes the public examples fails every problem under the binary reward.
    problems = load(shared_data / dataset)
    assert problems
    for p in problems:
        public = {input_key(p.kind, t.input) for t in p.public_tests}
        assert p.hidden_tests, p.id
        assert not [t for t in p.hidden_tests if input_key(p.kind, t.input) in public], p.id
    # The datasets' own splits do repeat them (all but Kattis): the check above can fail.
    original = load(shared_data / dataset, keep_original_split=True)
    repeats = sum(input_key(p.kind, t.input) in {input_key(p.kind, s.input) for s in p.public_tests} for p in original for t in p.hidden_tests)
    assert (repeats > 0) == (dataset != "kattis")


def test_hard_coding_the_examples_is_judged_wrong_in_the_sandbox(shared_data: Path, sandbox: Sandbox) -> None:
    picks = [("humaneval", "humaneval/126"), ("deepcoder_leetcode", "deepcoder_leetcode/minOperations-e4ec57b7"), ("codecontests", "codecontests/44251578f988")]
    problems: List[Problem] = [load(shared_data / ds, ids=[pid])[0] for ds, pid in picks]
    # Under the dataset's own split this CodeContests problem is judged on its examples only.
    leaky = load(shared_data / "codecontests", ids=["codecontests/239971629aea"], keep_original_split=True)[0]
    assert load(shared_data / "codecontests", ids=["codecontests/239971629aea"]).report.excluded[0][1].startswith("no hidden test left")
    jobs = []
    for p in problems + [leaky]:
        program = p.program(_hard_coder(p))
        jobs += [Job(program, p.public_tests, p.limits, checker=p.checker), Job(program, p.hidden_tests, p.limits, checker=p.checker)]
    results = sandbox.run_batch(jobs)
    for i, p in enumerate(problems + [leaky]):
        public, hidden = results[2 * i], results[2 * i + 1]
        assert all(r.verdict is Verdict.AC for r in public), (p.id, [r.verdict for r in public])
        solved = all(r.verdict is Verdict.AC for r in hidden)
        assert solved is (p is leaky), p.id


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_prompt_shows_the_public_examples_and_the_signature(shared_data: Path, dataset: str) -> None:
    # `run` executes the public examples: the agent must see each one (input and expected output).
    from refine_env.feedback import render_prompt

    for p in load(shared_data / dataset):
        prompt = render_prompt(p, max_turns=4)
        assert prompt == render_prompt(p, max_turns=4)
        if p.kind == "stdin":
            folded = " ".join(prompt.split())
            for t in p.public_tests:
                assert " ".join(t.input.split()) in folded, (p.id, t.input[:60])
                assert " ".join((t.output or "").split()) in folded, (p.id, (t.output or "")[:60])
            continue
        assert p.entry_point is not None
        name = p.entry_point.rpartition(".")[2]
        squeezed = _squeezed(prompt)
        for t in p.public_tests:
            call = f"{name}({', '.join(repr(a) for a in codec.decode_args(t.input))})"
            assert _squeezed(call) in squeezed, (p.id, call[:80])
            assert _squeezed(repr(codec.decode(t.output or "null"))) in squeezed, (p.id, t.output)
        # The signature the tests call: a def line of the entry point.
        assert f"def{name}(" in squeezed, p.id


def test_a_call_problem_without_starter_code_shows_the_reference_signature() -> None:
    from refine_env.feedback import render_prompt
    from refine_env.problems import Solution, TestCase

    p = Problem(id="sq", title="Square", statement="Return n squared.", kind="call", entry_point="square",
                public_tests=(TestCase("3", "9"),), hidden_tests=(TestCase("4", "16"),),
                reference=Solution("reference", "import math\n\ndef square(n: int) -> int:\n    return n * n\n"))
    prompt = render_prompt(p, max_turns=2)
    assert "Starter code:\n```python\ndef square(n: int) -> int:\n    ...\n```" in prompt
    assert "Example 1\n```\nsquare(3) -> 9\n```" in prompt
    assert "n * n" not in prompt  # the signature only, never the solution


def test_the_builtin_set_has_no_hidden_test_that_repeats_a_public_one() -> None:
    # load("builtin") skips the separation for speed: the set itself must need none.
    from refine_env.problems.builtin import load_builtin
    from refine_env.problems.separation import drop_public_repeats

    assert [p.id for p in load_builtin() if drop_public_repeats(p) is not p] == []
