"""Reward presets by hand-computed cases, composition, user functions and episode returns."""

from __future__ import annotations

import pytest

from refine_env import rewards
from refine_env.rewards import Transition as T


def end(passed: int, total: int, verdict: str = "WA", **kw) -> T:
    return T(turn=kw.pop("turn", 3), intent="submit", hidden_passed=passed, hidden_total=total, hidden_verdict=verdict, terminal=True, **kw)


def test_binary_and_pass_rate():
    mid = T(turn=1, intent="run", public_passed=2, public_total=3)
    assert rewards.binary([mid]) == 0.0 and rewards.pass_rate([mid]) == 0.0
    assert rewards.binary([mid, end(10, 10, "AC")]) == 1.0
    assert rewards.binary([mid, end(9, 10)]) == 0.0
    assert rewards.pass_rate([mid, end(9, 12)]) == pytest.approx(0.75)
    unjudged = T(turn=6, intent="run", terminal=True, truncated=True)
    assert rewards.pass_rate([unjudged]) == 0.0 and rewards.verdict_typed([unjudged]) == -1.0


def test_improvement_over_the_initial_attempt_or_from_scratch():
    initial = T(turn=0, intent=None, hidden_passed=2, hidden_total=10, hidden_verdict="WA", probe=True)
    steps = [initial, T(turn=1, intent="run"), T(turn=2, intent="run"), end(7, 10)]
    assert rewards.improvement(steps) == pytest.approx(0.5)
    assert rewards.improvement(steps[1:-1]) == 0.0
    # From scratch the baseline is "nothing passes": the same as pass_rate, whatever ran before.
    assert rewards.improvement([end(7, 10)]) == pytest.approx(0.7) == rewards.pass_rate([end(7, 10)])
    assert rewards.improvement([T(turn=1, intent="run"), end(7, 10, turn=2)]) == pytest.approx(0.7)
    assert rewards.improvement([initial, T(turn=1, intent="run", terminal=True, truncated=True)]) == pytest.approx(-0.2)


def test_presets_that_count_passed_tests_say_so():
    assert rewards.pass_rate.counts_passed and rewards.improvement.counts_passed
    assert not any(p.counts_passed for p in (rewards.binary, rewards.verdict_typed, rewards.turn_cost(), rewards.format_penalty()))
    assert not rewards.make_reward("binary+turn_cost:0.1").counts_passed
    assert rewards.make_reward("binary+pass_rate").counts_passed

    def mine(transitions):
        return 0.0

    assert rewards.make_reward(["binary", mine]).counts_passed  # unknown functions: judge every test
    mine.counts_passed = False  # type: ignore[attr-defined]
    assert not rewards.make_reward(["binary", mine]).counts_passed


def test_costs_and_verdict_typed():
    fmt = T(turn=2, intent=None, format_error=True)
    assert rewards.turn_cost(0.1)([fmt]) == -0.1
    assert rewards.format_penalty()([fmt]) == -0.1 and rewards.format_penalty()([T(turn=1, intent="run")]) == 0.0
    for verdict, value in (("AC", 1.0), ("WA", -0.3), ("RE", -0.6), ("TLE", -0.6), ("CE", -1.0)):
        assert rewards.verdict_typed([end(0, 1, verdict)]) == value


def test_make_reward_specs():
    fn = rewards.make_reward("binary+turn_cost:0.02+format_penalty:0.5")
    assert fn.name == "binary+turn_cost:0.02+format_penalty:0.5"
    assert fn([end(3, 3, "AC")]) == pytest.approx(0.98)
    assert fn.terms([end(3, 3, "AC")]) == {"binary": 1.0, "turn_cost:0.02": -0.02, "format_penalty:0.5": 0.0}
    assert rewards.make_reward("improvement").needs_probe and not rewards.make_reward("binary").needs_probe

    def mine(transitions):
        return 2.0

    assert rewards.make_reward(["pass_rate", mine])([end(1, 2)]) == 2.5
    assert rewards.make_reward("operator:length_hint")([end(1, 2)]) == 1  # any import path "module:function"


@pytest.mark.parametrize(
    "spec, error",
    [
        ("binar", "Did you mean 'binary'?"),
        ("binary:0.5", "Expected no parameter for reward preset 'binary'"),
        ("turn_cost:abc", "Expected a number after turn_cost:"),
        ("turn_cost:-1", "Expected the turn_cost parameter to be a number >= 0"),
        ("", "Expected a reward preset name, got an empty string"),
    ],
)
def test_bad_reward_specs(spec, error):
    with pytest.raises(ValueError, match=error.replace("(", r"\(").replace("?", r"\?")):
        rewards.make_reward(spec)


def test_episode_return_matches_stepwise_rewards():
    initial = T(turn=0, intent=None, hidden_passed=1, hidden_total=4, hidden_verdict="WA", probe=True)
    steps = [initial, T(turn=1, intent="run"), T(turn=2, intent=None, format_error=True), end(4, 4, "AC", turn=3)]
    fn = rewards.make_reward("improvement+turn_cost:0.1+format_penalty:0.2")
    assert rewards.episode_return(fn, steps) == pytest.approx(0.75 - 0.3 - 0.2)


def test_a_reward_function_with_the_wrong_signature_fails_at_make() -> None:
    import gymnasium as gym

    import refine_env  # noqa: F401  (registers the ids)

    def shaped(transitions, scale):
        return 0.0

    # It used to fail only at the first step(), with Python's generic "missing 1 required positional argument".
    with pytest.raises(TypeError) as excinfo:
        rewards.make_reward(shaped)
    assert str(excinfo.value) == ("Expected a reward function called as fn(transitions) -> float, got "
                                  "shaped(transitions, scale): missing a required argument: 'scale'")
    with pytest.raises(TypeError, match=r"^Expected a reward function called as fn\(transitions\) -> float, got "
                                        r"<lambda>\(\): too many positional arguments"):
        gym.make("RefineCode-v0", reward=["binary", lambda: 1.0])
    rewards.make_reward(lambda transitions, scale=2.0: 0.0)  # defaults are fine
    rewards.make_reward(max)  # no signature to inspect: accepted
