"""step_batch: many episodes stepped at once give what stepping them one by one gives, in fewer judge calls."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import refine_env  # noqa: F401  (registers the envs)
from refine_env import actions
from refine_env.problems import load
from refine_env.sandbox import Sandbox
from refine_env.vector import BatchingJudge, step_batch

PROBLEMS = load("builtin", split="test")[:4]
IDS = [p.id for p in PROBLEMS]


class CountingJudge:
    """Wraps a sandbox and records the size of every batch it is given."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.calls = []

    def run(self, program, tests, limits=None, *, checker="tokens", stop_on_first_failure=False):
        self.calls.append(1)
        return self.sandbox.run(program, tests, limits, checker=checker, stop_on_first_failure=stop_on_first_failure)

    def run_batch(self, jobs, *, progress=None):
        self.calls.append(len(jobs))
        return self.sandbox.run_batch(jobs)


def _actions(problem, rng):
    """A random episode: run / test / submit of the reference, a mutant, or garbage."""
    quick = [m.source for m in problem.mutants if m.expected_verdict != "TLE"][:2]  # slow mutants cost a time limit per test
    sources = [problem.reference.source] + quick + ["print(", "x = 1"]
    out = []
    for turn in range(3):
        code = sources[int(rng.integers(len(sources)))]
        kind = int(rng.integers(4))
        if kind == 0:
            out.append(actions.run(code))
        elif kind == 1:
            sample = problem.public_tests[0].input
            out.append(actions.test(code, [sample]))
        elif kind == 2:
            out.append("Let me think about it without any code.")
        else:
            out.append(actions.submit(code))
    return out


def _make(sandbox, reward):
    return [gym.make("RefineCode-v0", dataset="builtin", problem_ids=IDS, max_turns=3, show_resources=False,
                     reward=reward, sandbox=sandbox) for _ in IDS]


def _strip(info):
    """Info without measured times (the only part that differs between two runs of the same program)."""
    if isinstance(info, dict):
        return {k: _strip(v) for k, v in info.items() if k not in ("sandbox_time_s", "time_s")}
    return info


@pytest.mark.parametrize("reward", ["binary", "improvement"])
def test_step_batch_equals_stepping_one_by_one(reward):
    with Sandbox(workers=2) as sandbox:
        counting = CountingJudge(sandbox)
        serial, batched = _make(sandbox, reward), _make(counting, reward)
        for seed in range(2):
            rng = np.random.default_rng(seed)
            plans = []
            for k, (a, b) in enumerate(zip(serial, batched)):
                options = {"problem_id": IDS[k]}
                if reward == "improvement":
                    options["initial_mutant"] = next(m.label for m in PROBLEMS[k].mutants if m.expected_verdict != "TLE")
                oa, ia = a.reset(seed=seed, options=options)
                ob, ib = b.reset(seed=seed, options=options)
                assert oa == ob
                plans.append(_actions(PROBLEMS[k], rng))
            done = [False] * len(IDS)
            for turn in range(3):
                live = [k for k in range(len(IDS)) if not done[k]]
                if not live:
                    break
                counting.calls.clear()
                got = step_batch([batched[k] for k in live], [plans[k][turn] for k in live])
                assert len(counting.calls) <= 2, counting.calls  # one batch per round, not one call per program
                for k, (obs, reward_b, term, trunc, info) in zip(live, got):
                    want = serial[k].step(plans[k][turn])
                    assert (obs, reward_b, term, trunc) == want[:4]
                    assert _strip(info) == _strip(want[4])
                    done[k] = term or trunc
        for env in serial + batched:
            env.close()


def test_a_batching_judge_raises_our_faults_in_every_waiting_party():
    class Broken:
        def run_batch(self, jobs, *, progress=None):
            raise RuntimeError("judge down")

        def run(self, *a, **k):
            raise AssertionError("not used")

    judge = BatchingJudge(Broken(), 1)
    from refine_env.sandbox import Program, TestCase

    with pytest.raises(RuntimeError, match="judge down"):
        judge.run(Program("python", "print(1)"), [TestCase("")])


def test_step_batch_checks_its_arguments():
    with pytest.raises(ValueError, match="Expected one action per env, got 1 actions for 0 envs"):
        step_batch([], ["x"])
    with pytest.raises(TypeError, match="Expected RefineCode-v0 envs"):
        step_batch([object()], ["x"])
