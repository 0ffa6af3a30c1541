"""Episode semantics of RefineCode-v0: the turn budget terminates, improvement cannot be gamed, nothing hidden shows early."""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pytest

from refine_env import actions
from refine_env.env import RefineCodeEnv
from refine_env.problems import Problem, TestCase, load_builtin
from refine_env.rewards import episode_return, make_reward
from refine_env.sandbox import Sandbox

# prime-lanterns: every labelled wrong solution but the slow one fails some hidden tests quickly and
# deterministically (hidden passes: reference 15/15, wrong_crash 11, wrong_trap 9, wrong_exclusive 5).
LANTERNS: Problem = next(p for p in load_builtin() if p.id == "prime-lanterns")
MUTANTS = {m.label: m.source for m in LANTERNS.mutants}
PROGRAMS = {
    "reference": LANTERNS.reference.source,  # type: ignore[union-attr]
    "wrong_crash": MUTANTS["wrong_crash"],
    "wrong_trap": MUTANTS["wrong_trap"],
    "wrong_exclusive": MUTANTS["wrong_exclusive"],
    "zero": "print(0)\n",
}
EXAMPLE = LANTERNS.public_tests[0].input
STARTS: Dict[str, Dict[str, Any]] = {
    "from scratch": {"problem_id": LANTERNS.id},
    "from a trap": {"problem_id": LANTERNS.id, "initial_mutant": "wrong_trap"},
}
SCORED = ("improvement", "pass_rate", "binary", "verdict_typed", "improvement+pass_rate")


def make(sandbox: Sandbox, reward: str, problem: Problem = LANTERNS, **kw: Any) -> RefineCodeEnv:
    return RefineCodeEnv(dataset=[problem], sandbox=sandbox, reward=reward, show_resources=False, **kw)


def random_action(rng: np.random.Generator) -> str:
    """One action an agent might take: run, test or submit a program (or its current one), or junk."""
    name = list(PROGRAMS)[int(rng.integers(len(PROGRAMS)))]
    code = PROGRAMS[name]
    roll = rng.random()
    if roll < 0.35:
        return actions.run(code)
    if roll < 0.5:
        return actions.test(code, [EXAMPLE])
    if roll < 0.6:
        return actions.test(None, [EXAMPLE])
    if roll < 0.75:
        return actions.submit(code)
    if roll < 0.85:
        return actions.submit()
    if roll < 0.92:
        return "<think>\n" + actions.submit(code) + "</think>\nLet me check first.\n"  # a draft in reasoning: a format error
    return "I will think about it."


def play(env: RefineCodeEnv, options: Dict[str, Any], steps: List[str]) -> Tuple[float, Optional[str]]:
    """The episode return of ``steps`` (until the episode ends) and the program judged at the end."""
    env.reset(seed=0, options=options)
    total = 0.0
    for action in steps:
        _, reward, terminated, truncated, info = env.step(action)
        total += reward
        if terminated or truncated:
            return total, info["code"] if "hidden" in info else None
    raise AssertionError("Expected the episode to end within max_turns steps")


def test_the_turn_budget_is_a_terminal_state_not_a_truncation(sandbox: Sandbox) -> None:
    env = make(sandbox, "binary", max_turns=2)
    obs, _ = env.reset(seed=0, options={"problem_id": LANTERNS.id})
    assert "You have 2 turns." in obs  # the budget is part of what the agent observes
    obs, _, terminated, truncated, info = env.step(actions.run(PROGRAMS["reference"]))
    assert (terminated, truncated) == (False, False) and obs.startswith("Turn 1 of 2") and "out_of_turns" not in info
    obs, reward, terminated, truncated, info = env.step(actions.test(None, [EXAMPLE]))
    assert (terminated, truncated, reward, info["out_of_turns"]) == (True, False, 1.0, True)
    assert info["hidden"]["passed"] == len(LANTERNS.hidden_tests)
    assert env.transitions[-1].terminal and env.transitions[-1].truncated
    # A submit on the last turn is an ordinary submission.
    env.reset(seed=0, options={"problem_id": LANTERNS.id})
    env.step("nothing to say")
    *_, terminated, truncated, info = env.step(actions.submit(PROGRAMS["reference"]))
    assert (terminated, truncated) == (True, False) and "out_of_turns" not in info
    env.close()


def test_a_reply_that_only_says_submit_submits_the_program_the_episode_ran(sandbox: Sandbox) -> None:
    env = make(sandbox, "pass_rate")
    env.reset(seed=0, options={"problem_id": LANTERNS.id})
    env.step(actions.run(PROGRAMS["reference"]))
    draft = ("<think>\nMaybe simpler:\n```python\nprint(0)\n```\nAction: submit\n</think>\n\n"
             "The program I ran passes both examples.\n\nAction: submit\n")
    *_, terminated, _, info = env.step(draft)
    assert terminated and info["code"] == PROGRAMS["reference"] and info["hidden"]["passed"] == 15
    # A sample output after the program is not the program.
    env.reset(seed=0, options={"problem_id": LANTERNS.id})
    sample = actions.submit(PROGRAMS["wrong_trap"]) + "It prints:\n```\n2\n```\n"
    *_, info = env.step(sample)
    assert info["code"] == PROGRAMS["wrong_trap"] and info["hidden"]["passed"] == 9
    env.close()


def test_a_bad_first_run_no_longer_pays_improvement(sandbox: Sandbox) -> None:
    # The old baseline was the first program run: print(0), then the reference, earned 0.9375 on a
    # problem where submitting the reference at once earned 0.
    env = make(sandbox, "improvement")
    sandbagged, _ = play(env, STARTS["from scratch"], [actions.run("print(0)\n"), actions.submit(PROGRAMS["reference"])])
    direct, _ = play(env, STARTS["from scratch"], [actions.submit(PROGRAMS["reference"])])
    assert sandbagged == direct == 1.0
    from_trap, _ = play(env, STARTS["from a trap"], [actions.run("print(0)\n"), actions.submit(PROGRAMS["reference"])])
    assert from_trap == pytest.approx(1 - 9 / 15)
    env.close()


@pytest.mark.parametrize("start", list(STARTS))
def test_no_action_sequence_earns_more_than_submitting_its_final_program(sandbox: Sandbox, start: str) -> None:
    """Seeded random episodes: each return is at most (here: exactly) that of submitting the final program at once.

    Each episode is played once under ``improvement`` and scored under every preset from its
    transitions (``episode_return``, checked against the env's own payout for ``improvement``).
    """
    options = STARTS[start]
    env = make(sandbox, "improvement", max_turns=4)
    fns = {name: make_reward(name) for name in SCORED}
    rng = np.random.default_rng(20240611 + len(start))
    direct: Dict[str, Dict[str, float]] = {}
    finals = set()
    for episode in range(16):
        steps = [random_action(rng) for _ in range(4)]
        paid, final = play(env, options, steps)
        got = {name: episode_return(fn, env.transitions) for name, fn in fns.items()}
        assert got["improvement"] == pytest.approx(paid)
        if final is None:
            # Never any program (from scratch only): nothing to submit, and nothing earned.
            assert start == "from scratch" and all(value <= 0.0 for value in got.values())
            continue
        if final not in direct:
            _, judged = play(env, options, [actions.submit(final)])
            assert judged == final
            direct[final] = {name: episode_return(fn, env.transitions) for name, fn in fns.items()}
        for name in SCORED:
            assert got[name] <= direct[final][name] + 1e-9, (name, episode, steps)
            assert got[name] == pytest.approx(direct[final][name]), (name, episode, steps)
        finals.add(final)
    # The sequences reached several different final programs, so the bound was tested on each.
    assert len(finals) >= 3
    env.close()


def _visible(info: Dict[str, Any]) -> Dict[str, Any]:
    """``info`` without measured times (noise of the machine, not a function of any test)."""
    out = {k: v for k, v in info.items() if k != "sandbox_time_s"}
    if "public" in out:
        out["public"] = {k: v for k, v in out["public"].items() if k != "time_s"}
    return out


@pytest.mark.parametrize("start", list(STARTS))
def test_nothing_before_the_end_depends_on_the_hidden_tests(sandbox: Sandbox, start: str) -> None:
    # The same problem with other hidden tests: fewer of them, other inputs, other expected outputs.
    decoy = dataclasses.replace(LANTERNS, hidden_tests=(TestCase("1\n1 1\n", "0\n"), TestCase("1\n2 3\n", "7\n")))
    options = STARTS[start]
    steps = [actions.run(PROGRAMS["wrong_trap"]), actions.test(None, [EXAMPLE]), actions.run(PROGRAMS["zero"]),
             "no action", actions.test(PROGRAMS["reference"], [EXAMPLE]), actions.submit(PROGRAMS["reference"])]

    def trace(problem: Problem) -> Tuple[List[Any], Any]:
        env = make(sandbox, "improvement+pass_rate+turn_cost:0.01", problem=problem, max_turns=8)
        obs, info = env.reset(seed=0, options=options)
        before = [(obs, _visible(info))]
        for action in steps[:-1]:
            obs, reward, terminated, truncated, info = env.step(action)
            before.append((obs, reward, terminated, truncated, _visible(info)))
            assert not any(t.probe or t.hidden_total for t in env.transitions)
        end = env.step(steps[-1])
        env.close()
        return before, end

    real, real_end = trace(LANTERNS)
    other, other_end = trace(decoy)
    assert real == other
    assert real_end[4]["hidden"]["total"] == 15 and other_end[4]["hidden"]["total"] == 2  # the end does differ
    # Mid-episode, tests_executed counts only the programs the agent ran: public examples and its inputs.
    assert [s[-1]["tests_executed"] for s in real[1:]] == [
        len(LANTERNS.public_tests) * (start != "from scratch") + n for n in (2, 3, 5, 5, 6)]


PARTIAL = MUTANTS["wrong_trap"]  # fails the first hidden test, passes 9 of 15


@pytest.mark.parametrize("reward, start", [("pass_rate", "from scratch"), ("improvement", "from scratch"),
                                           ("improvement", "from a trap"), ("binary+pass_rate", "from scratch")])
def test_stopping_at_the_first_hidden_failure_never_changes_a_pass_count(sandbox: Sandbox, reward: str, start: str) -> None:
    program = PARTIAL if start == "from scratch" else MUTANTS["wrong_exclusive"]
    results = []
    for stop in (False, True):
        env = make(sandbox, reward, hidden_stop_on_first_failure=stop)
        got, _ = play(env, STARTS[start], [actions.submit(program)])
        results.append((got, env.transitions[-1].hidden_passed))
        env.close()
    assert results[0] == results[1]
    assert results[0][1] == (9 if start == "from scratch" else 5)


def test_stopping_at_the_first_hidden_failure_still_applies_where_no_pass_count_is_paid(sandbox: Sandbox) -> None:
    def verdict_only(transitions: Any) -> float:
        return 0.0

    for reward, stops in (("binary", True), ("verdict_typed+turn_cost:0.1", True), (verdict_only, False)):
        env = RefineCodeEnv(dataset=[LANTERNS], sandbox=sandbox, reward=reward, hidden_stop_on_first_failure=True)
        env.reset(seed=0)
        *_, info = env.step(actions.submit(PARTIAL))
        assert info["hidden"]["verdict"] == "WA"
        assert len(info["hidden"]["verdicts"]) == (1 if stops else 15), reward  # the first hidden test fails
        env.close()
