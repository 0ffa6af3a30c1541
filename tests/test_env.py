"""RefineCode-v0: Gymnasium conformance, dynamics, leak-freedom, vector envs and bad input."""

from __future__ import annotations

import json
import warnings

import gymnasium as gym
import pytest
from gymnasium.utils.env_checker import check_env

import refine_env
from refine_env import actions
from refine_env.env import RefineCodeEnv
from refine_env.problems import Problem, Solution, TestCase, load_builtin
from refine_env.sandbox import Verdict, codec

ADD = Problem(
    id="add", title="Add", statement="Print a+b.", kind="stdin",
    public_tests=(TestCase("1 2\n", "3\n"), TestCase("5 5\n", "10\n")),
    hidden_tests=(TestCase("100 200\n", "300\n"), TestCase("-7 7\n", "0\n"), TestCase("123456789 987654321\n", "1111111110\n")),
    time_limit_s=1.0, reference=Solution("reference", "a, b = map(int, input().split())\nprint(a + b)\n"),
    mutants=(Solution("trap", "a, b = map(int, input().split())\nprint(abs(a) + b)\n", Verdict.WA, passes_public=True),),
)
TWICE = Problem(
    id="twice", title="Twice", statement="Return xs doubled.", kind="call", entry_point="Solution.twice",
    public_tests=(TestCase(codec.encode_args([[1, 2]]), codec.encode([2, 4])),),
    hidden_tests=(TestCase(codec.encode_args([[5, -1, 0]]), codec.encode([10, -2, 0])),), checker="json",
)
GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture
def env(sandbox):
    e = RefineCodeEnv(dataset=[ADD, TWICE], max_turns=4, sandbox=sandbox)
    yield e
    e.close()


# The text envs; RefineCodeSelect-* are checked in tests/test_select*.py.
REGISTERED = sorted(i for i in gym.registry if i.startswith("RefineCode-"))


@pytest.mark.parametrize("env_id", REGISTERED)
def test_check_env_passes_without_warnings(env_id, sandbox):
    if env_id.startswith("RefineCode-") and not load_builtin():
        pytest.skip("built-in set not built")
    env = gym.make(env_id, sandbox=sandbox)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env.unwrapped)
    assert [str(w.message) for w in caught] == []
    env.close()


def test_episode_run_test_submit(env):
    obs, info = env.reset(seed=1, options={"problem_id": "add"})
    assert obs.startswith("# Add") and "Action: run" in obs and info["turn"] == 0
    obs, reward, term, trunc, info = env.step(actions.run("print(3)"))
    assert (reward, term, trunc) == (0.0, False, False)
    assert info["public"] == {"passed": 1, "total": 2, "verdicts": ["AC", "WA"], "time_s": info["public"]["time_s"]}
    assert "run: 1/2 public tests passed" in obs and "expected:\n    10" in obs and "got:\n    3" in obs
    obs, reward, term, trunc, info = env.step(actions.test(GOOD, ["40 2"]))
    assert "output:\n    42" in obs and info["test"]["verdicts"] == ["OK"]
    obs, reward, term, trunc, info = env.step(actions.submit(GOOD))
    assert (reward, term, trunc) == (1.0, True, False)
    assert info["hidden"] == {"passed": 3, "total": 3, "verdict": "AC", "verdicts": ["AC"] * 3}
    assert "3 hidden tests: 3 passed" in obs
    with pytest.raises(RuntimeError, match="Expected reset\\(\\) before step\\(\\)"):
        env.step(actions.submit())


def test_format_errors_count_turns_and_the_episode_goes_on(env):
    env.reset(seed=0, options={"problem_id": "add"})
    obs, reward, term, trunc, info = env.step("I will think about it.")
    assert not term and not trunc and info["turn"] == 1 and info["format_error"].startswith("no action found")
    assert "format error" in obs and actions.PROTOCOL.splitlines()[0] in obs
    obs, _, _, _, info = env.step(actions.submit())
    assert info["format_error"] == ("`Action: submit` without a program, and no earlier program to reuse: "
                                    "write the program in a ```python block after the action line")


def test_crash_of_code_under_test_is_feedback(env):
    env.reset(seed=0, options={"problem_id": "add"})
    obs, _, _, _, info = env.step(actions.run("raise SystemError('x')\n"))
    assert info["public"]["verdicts"] == ["RE", "RE"] and "SystemError: x" in obs


def test_the_end_of_the_turn_budget_terminates_and_judges_last_code_or_not(sandbox):
    env = RefineCodeEnv(dataset=[ADD], max_turns=2, sandbox=sandbox, reward="pass_rate")
    env.reset(seed=0)
    env.step(actions.run("print(300)"))
    obs, reward, term, trunc, info = env.step("nothing")
    assert term and not trunc and info["out_of_turns"] and info["hidden"]["passed"] == 1 and reward == pytest.approx(1 / 3)
    assert env.transitions[-1].truncated, "reward functions still see that the budget ran out"
    unjudged = RefineCodeEnv(dataset=[ADD], max_turns=1, sandbox=sandbox, judge_on_truncation=False)
    unjudged.reset(seed=0)
    obs, reward, term, trunc, info = unjudged.step(actions.run(GOOD))
    assert term and not trunc and reward == 0.0 and "hidden" not in info and "without a submission" in obs


def test_call_problem_with_literal_test_inputs(env):
    env.reset(seed=0, options={"problem_id": "twice"})
    env.step(actions.run("class Solution:\n    def twice(self, xs):\n        return xs * 2\n"))
    obs, _, _, _, info = env.step(actions.test(None, ["(1, 2)", "[3]"]))
    assert info["test"]["outputs"] == ["(1, 2, 1, 2)", "[3, 3]"]
    obs, _, _, _, info = env.step(actions.test(None, ["[1, oops]"]))
    assert info["format_error"].startswith("input 1: line '[1, oops]' is neither JSON nor a Python literal")
    obs, reward, term, _, _ = env.step(actions.submit("class Solution:\n    def twice(self, xs):\n        return [2 * x for x in xs]\n"))
    assert term and reward == 1.0


def test_reset_from_a_first_attempt(env):
    obs, info = env.reset(seed=0, options={"problem_id": "add", "initial_mutant": "trap"})
    assert "## Your previous attempt" in obs and "abs(a)" in obs and info["public"]["passed"] == 2
    assert info["initial_mutant"] == "trap" and info["code"] == ADD.mutants[0].source
    _, reward, term, _, _ = env.step(actions.submit())
    assert term and reward == 0.0  # -7 7 -> 14, not 0
    obs, info = env.reset(seed=0, options={"problem_id": "add", "initial_code": "print(3)"})
    assert info["public"]["verdicts"] == ["AC", "WA"]
    with pytest.raises(ValueError, match=r"Expected initial_mutant to be True or one of \['trap'\], got 'nope'"):
        env.reset(options={"problem_id": "add", "initial_mutant": "nope"})


def test_improvement_is_measured_against_the_initial_attempt_judged_at_the_end(sandbox):
    env = RefineCodeEnv(dataset=[ADD], max_turns=4, sandbox=sandbox, reward="improvement")
    env.reset(seed=0, options={"initial_code": "print(300)"})  # 1/3 hidden, never shown
    _, r1, _, _, info = env.step(actions.run("print(0)"))
    assert r1 == 0.0 and "hidden" not in info and not any(t.probe for t in env.transitions)
    _, r2, term, _, _ = env.step(actions.submit(GOOD))
    assert term and r2 == pytest.approx(2 / 3)
    assert [(t.turn, t.probe) for t in env.transitions] == [(0, True), (1, False), (2, False)]
    # From scratch a bad first run earns nothing: improvement is the final pass rate.
    env.reset(seed=0)
    env.step(actions.run("print(300)"))
    _, reward, *_ = env.step(actions.submit(GOOD))
    assert reward == 1.0 and not any(t.probe for t in env.transitions)


def test_seeded_determinism_and_observations_in_space(sandbox):
    def rollout(seed):
        env = RefineCodeEnv(dataset=[ADD, TWICE], sandbox=sandbox)
        out = []
        for k in range(4):
            obs, info = env.reset(seed=seed if k == 0 else None)
            assert env.observation_space.contains(obs)
            out.append((info["problem_id"], obs))
            obs, *_ = env.step(env.action_space.sample())
            assert env.observation_space.contains(obs)
        return out

    assert rollout(7) == rollout(7)
    assert {pid for pid, _ in rollout(7) + rollout(8)} == {"add", "twice"}


def test_hidden_tests_never_leak_before_the_end(sandbox):
    from refine_agents.scripted import CandidatePoolPolicy, RandomPolicy

    problems = [p for p in load_builtin() if p.mutants][:8] or [ADD]
    # Stopping hidden judging at the first failure keeps slow mutants from costing every large test;
    # binary does not count passes, so the stop applies. (improvement: tests/test_episode_semantics.py)
    env = RefineCodeEnv(dataset=problems, max_turns=5, sandbox=sandbox, reward="binary", hidden_stop_on_first_failure=True)
    checked = 0
    for policy in (CandidatePoolPolicy(problems, plan="skeptical"), RandomPolicy(problems, seed=0)):
        for p in problems:
            visible = p.statement + "".join(t.input + (t.output or "") for t in p.public_tests)
            secrets = {s.strip() for t in p.hidden_tests for s in (t.input, t.output or "")}
            secrets = {s for s in secrets if len(s) >= 12 and s not in visible}
            obs, info = env.reset(seed=0, options={"problem_id": p.id})
            policy.reset(1)
            done = False
            while not done:
                seen = obs + json.dumps(info, default=str)
                assert not any(s in seen for s in secrets), p.id
                checked += 1
                obs, _, term, trunc, info = env.step(policy.act([obs], infos=[info])[0])
                done = term or trunc
    assert checked > 20


@pytest.mark.parametrize("kind", ["sync", "async-shared", "async-pipes"])
def test_vector_envs_return_true_observations(kind):
    fns = [lambda: RefineCodeEnv(dataset=[ADD, TWICE], workers=1) for _ in range(2)]
    if kind == "sync":
        venv = gym.vector.SyncVectorEnv(fns)
    else:
        venv = gym.vector.AsyncVectorEnv(fns, shared_memory=kind == "async-shared")
    try:
        obs, infos = venv.reset(seed=[3, 4])
        single = RefineCodeEnv(dataset=[ADD, TWICE], workers=1)
        expected = [single.reset(seed=s)[0] for s in (3, 4)]
        assert tuple(obs) == tuple(expected)
        obs, rewards, term, trunc, infos = venv.step((actions.run(GOOD), actions.run(GOOD)))
        assert all(o.startswith("Turn 1 of 6") for o in obs)
        single.close()
    finally:
        venv.close()


def test_bad_input_errors(sandbox):
    with pytest.raises(TypeError, match="colour"):
        gym.make("RefineCode-v0", colour="red")
    with pytest.raises(ValueError, match="Did you mean 'add'"):
        RefineCodeEnv(dataset=[ADD, TWICE], problem_ids=["ad"], sandbox=sandbox)
    with pytest.raises(ValueError, match="Did you mean 'binary'"):
        RefineCodeEnv(dataset=[ADD], reward="binery", sandbox=sandbox)
    with pytest.raises(ValueError, match="Expected max_turns to be an int >= 1, got 0"):
        RefineCodeEnv(dataset=[ADD], max_turns=0, sandbox=sandbox)
    env = RefineCodeEnv(dataset=[ADD, TWICE], sandbox=sandbox)
    with pytest.raises(ValueError, match="Did you mean 'twice'"):
        env.reset(options={"problem_id": "twise"})
    with pytest.raises(ValueError, match="Did you mean 'problem_id'"):
        env.reset(options={"problem": "add"})
    env.reset(seed=0)
    with pytest.raises(TypeError, match="Expected an action of type str, got int"):
        env.step(3)  # type: ignore[arg-type]


def test_registered_variants_use_the_splits():
    if not load_builtin():
        pytest.skip("built-in set not built")
    train = gym.make("RefineCode-Train-v0").unwrapped
    test = gym.make("RefineCode-Test-v0").unwrapped
    assert {p.split for p in train.problems} == {"train"} and {p.split for p in test.problems} == {"test"}
    assert not {p.id for p in train.problems} & {p.id for p in test.problems}
    assert refine_env.__version__


def test_a_test_with_its_own_program_leaves_the_solution(env):
    env.reset(seed=0, options={"problem_id": "add"})
    env.step(actions.run(GOOD))
    brute = "a, b = map(int, input().split())\nprint(sum([a, b]))\n"
    _, _, _, _, info = env.step(actions.test(brute, ["2 2"]))
    assert info["test"]["outputs"] == ["4\n"] and info["code"] == GOOD
    _, reward, term, _, info = env.step(actions.submit())
    assert term and reward == 1.0 and info["code"] == GOOD


def test_feedback_without_measured_resources_is_reproducible(sandbox):
    def play():
        env = RefineCodeEnv(dataset=[ADD], sandbox=sandbox, show_resources=False)
        env.reset(seed=0)
        first = env.step(actions.run("print(3)"))[0]
        return first, env.step(actions.test(GOOD, ["4 4"]))[0]

    assert play() == play()
    run, test = play()
    assert "Example 2: WA - " in run and " s, " not in run and "Input 1: ran\n" in test
