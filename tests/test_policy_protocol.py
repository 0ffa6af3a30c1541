"""Every policy of the project implements the one Policy protocol, and the agents call it through that alone."""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pytest
from refine_agents.bench import BASELINES, baseline_actor
from refine_agents.policy import LLMPolicy, Policy
from refine_agents.sb3 import model_actor
from refine_agents.scripted import CandidatePoolPolicy, RandomPolicy
from refine_agents.skeptical import SingleAgent
from refine_agents.testing import ScriptedBackend

from refine_env import actions
from refine_env.env import RefineCodeEnv
from refine_env.problems import load_builtin
from refine_env.sandbox import Sandbox
from refine_env.select import OPS, RefineCodeSelectEnv

PROBLEM = next(p for p in load_builtin() if p.id == "open-lockers-range")


class Recorder:
    """A policy that submits the reference and records how the agent called it."""

    def __init__(self) -> None:
        self.resets: List[Tuple[int, Optional[int]]] = []
        self.infos: List[Optional[Sequence[Mapping[str, Any]]]] = []

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        self.resets.append((n, seed))

    def act(self, observations: Sequence[Optional[str]], *, infos: Optional[Sequence[Mapping[str, Any]]] = None,
            active: Optional[Sequence[bool]] = None) -> List[str]:
        self.infos.append(infos)
        return [actions.submit(PROBLEM.reference.source) for _ in observations]  # type: ignore[union-attr]


class Greedy:
    """An SB3-like model: predict() of a batch of observations."""

    def predict(self, obs: np.ndarray, deterministic: bool = False) -> Tuple[np.ndarray, None]:
        assert deterministic and obs.ndim == 2
        return np.arange(len(obs)), None


def test_every_policy_is_a_policy() -> None:
    env = RefineCodeSelectEnv(split="test")
    policies = [LLMPolicy(ScriptedBackend([])), CandidatePoolPolicy([PROBLEM]), RandomPolicy([PROBLEM], seed=0),
                model_actor(Greedy()), Recorder()] + [baseline_actor(name, env) for name in BASELINES]
    assert all(isinstance(p, Policy) for p in policies)
    assert not isinstance(object(), Policy)


def test_select_policies_act_on_a_batch_and_skip_inactive_episodes() -> None:
    env = RefineCodeSelectEnv(split="test")
    obs, _ = env.reset(seed=0)
    first = baseline_actor("first", env)
    first.reset(2, seed=5)
    assert first.act([obs, obs], active=[True, False]) == [OPS.index("submit") * env.max_candidates, None]
    greedy = model_actor(Greedy())
    assert greedy.act([obs, obs, obs], active=[False, True, True]) == [None, 0, 1]


def test_scripted_policies_need_the_infos() -> None:
    policy = CandidatePoolPolicy([PROBLEM])
    policy.reset(1)
    with pytest.raises(TypeError, match=r"^Expected infos \(the env's info of each observation: it names the problem\), "
                                        r"got None for CandidatePoolPolicy$"):
        policy.act(["task"])


def test_the_agent_calls_reset_with_the_seed_and_act_with_the_infos(sandbox: Sandbox) -> None:
    policy = Recorder()
    env = RefineCodeEnv(dataset=[PROBLEM], max_turns=1, sandbox=sandbox)
    traj = SingleAgent(policy).run([env], policy_seed=7)[0]
    assert traj.solved
    assert policy.resets == [(1, 7)]
    (infos,) = policy.infos
    assert infos is not None and infos[0]["problem_id"] == PROBLEM.id and infos[0]["checker"] == PROBLEM.checker
    with pytest.raises(TypeError, match=r"^Expected a policy with reset\(n\) and act\(observations, \.\.\.\), got object$"):
        SingleAgent(object())  # type: ignore[arg-type]
