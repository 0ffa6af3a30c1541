"""Policies without a model: candidate pools from labelled solutions, and a random policy.

They act on the same text protocol as an LLM, for tests, the demo and reward-shaping studies, and
implement :class:`refine_agents.policy.Policy` (the env's infos are required: they name the problem).
Each knows the problems it plays (it reads ``info["problem_id"]``), as a model would know its
own drafts; none of them sees hidden tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence

import numpy as np

from refine_env import actions
from refine_env.problems import Problem, Solution

__all__ = ["CandidatePoolPolicy", "RandomPolicy", "PLANS", "candidate_order"]

PLANS = ("naive", "skeptical", "reference", "wrong")


def candidate_order(problem: Problem, *, full: bool = False) -> List[Solution]:
    """Drafts from worst to best: a wrong solution that fails the examples, a skeptic trap, the reference.

    The short pool (default) takes one of each, skipping slow solutions, whose judging costs the
    full time limit on every large test; ``full=True`` takes every labelled solution.
    """
    failing = [m for m in problem.mutants if not m.passes_public]
    traps = [m for m in problem.mutants if m.passes_public]
    if not full:
        failing = [m for m in failing if m.expected_verdict.value != "TLE"][:1]
        traps = [m for m in traps if m.expected_verdict.value == "WA"][:1]
    return failing + traps + ([problem.reference] if problem.reference is not None else [])


@dataclass
class _Episode:
    problem_id: Optional[str] = None
    candidates: List[Solution] = field(default_factory=list)
    index: int = 0
    turn: int = 0
    tested: bool = False


class CandidatePoolPolicy:
    """Plays each problem from its pool of labelled solutions, reading the env's feedback.

    Plans: ``naive`` runs candidates from the worst up and submits the first one that passes
    the public examples (it falls for skeptic traps); ``skeptical`` does the same but, when the
    examples pass, tests the program on an input of its own and moves on to a better candidate
    until it reaches the reference (an oracle skeptic: the ceiling of refinement);
    ``reference`` submits the reference at once; ``wrong`` submits a labelled wrong solution
    at once (``wrong_label`` picks which; default the first).
    """

    def __init__(self, problems: Sequence[Problem], *, plan: str = "skeptical", wrong_label: Optional[str] = None) -> None:
        if plan not in PLANS:
            raise ValueError(f"Expected plan to be one of {PLANS}, got {plan!r}")
        self.problems: Dict[str, Problem] = {p.id: p for p in problems}
        self.plan = plan
        self.wrong_label = wrong_label
        self._episodes: List[_Episode] = []

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        """Start ``n`` episodes (the plans are deterministic: ``seed`` changes nothing)."""
        self._episodes = [_Episode() for _ in range(n)]

    def _start(self, ep: _Episode, info: Mapping[str, Any]) -> None:
        pid = info.get("problem_id")
        if pid not in self.problems:
            raise ValueError(f"Expected info['problem_id'] to name a problem this policy knows, got {pid!r}")
        ep.problem_id = pid
        ep.candidates = candidate_order(self.problems[pid])
        if not ep.candidates:
            raise ValueError(f"Expected problem {pid!r} to have a reference or labelled solutions, got none")

    def _act_one(self, ep: _Episode, info: Mapping[str, Any]) -> str:
        if ep.problem_id is None or info.get("turn", 0) == 0:
            self._start(ep, info)
        problem = self.problems[ep.problem_id]  # type: ignore[index]
        ep.turn += 1
        if self.plan == "reference":
            if problem.reference is None:
                raise ValueError(f"Expected problem {problem.id!r} to have a reference solution, got none")
            return actions.submit(problem.reference.source)
        if self.plan == "wrong":
            wrong = [m for m in problem.mutants if self.wrong_label in (None, m.label)]
            if not wrong:
                raise ValueError(f"Expected problem {problem.id!r} to have a wrong solution labelled {self.wrong_label!r}")
            return actions.submit(wrong[0].source)
        public = info.get("public")
        if public is None or ep.turn == 1:
            return actions.run(ep.candidates[ep.index].source)
        last = ep.index == len(ep.candidates) - 1
        if public["passed"] == public["total"]:
            if self.plan == "naive" or last:
                return actions.submit()
            if not ep.tested:
                ep.tested = True
                return actions.test(None, [problem.public_tests[0].input])
        ep.tested = False
        ep.index = min(ep.index + 1, len(ep.candidates) - 1)
        return actions.run(ep.candidates[ep.index].source)

    def act(self, observations: Sequence[Optional[str]], *, infos: Optional[Sequence[Mapping[str, Any]]] = None,
            active: Optional[Sequence[bool]] = None) -> List[str]:
        """One action per observation; ``infos`` are the env's infos of those observations."""
        infos = _required_infos(self, infos)
        if len(observations) != len(infos):
            raise ValueError(f"Expected one info per observation, got {len(infos)} infos for {len(observations)} observations")
        if len(self._episodes) != len(observations):
            self.reset(len(observations))
        out = []
        for i, (ep, info) in enumerate(zip(self._episodes, infos)):
            if active is not None and not active[i]:
                out.append("")
                continue
            if "test" in info:
                # After a test action the last run's public figures still stand.
                info = dict(info, public={"passed": 1, "total": 1})
            out.append(self._act_one(ep, info))
        return out


class RandomPolicy:
    """Uniformly random protocol actions over a problem's candidate pool, plus junk text.

    A floor for reward-shaping studies: it runs, tests or submits random candidates and now and
    then writes something that is not an action at all (a format error).
    """

    def __init__(self, problems: Sequence[Problem], *, seed: Optional[int] = None, junk_rate: float = 0.1) -> None:
        if not 0 <= junk_rate <= 1:
            raise ValueError(f"Expected junk_rate in [0, 1], got {junk_rate!r}")
        self.problems = {p.id: p for p in problems}
        self.junk_rate = junk_rate
        self.rng = np.random.default_rng(seed)

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        """Nothing to start: every action is drawn afresh from the one stream seeded at construction (``seed`` is
        ignored, so that the batches of an evaluation draw from that stream in turn)."""

    def act(self, observations: Sequence[Optional[str]], *, infos: Optional[Sequence[Mapping[str, Any]]] = None,
            active: Optional[Sequence[bool]] = None) -> List[str]:
        infos = _required_infos(self, infos)
        out = []
        for i, info in enumerate(infos):
            if active is not None and not active[i]:
                out.append("")
                continue
            problem = self.problems[info["problem_id"]]
            pool = candidate_order(problem, full=True)
            code = pool[int(self.rng.integers(len(pool)))].source
            roll = self.rng.random()
            if roll < self.junk_rate:
                out.append("I am not sure what to do.")
            elif roll < 0.5:
                out.append(actions.run(code))
            elif roll < 0.7:
                out.append(actions.test(code, [problem.public_tests[0].input]))
            else:
                out.append(actions.submit(code))
        return out


def _required_infos(policy: Any, infos: Optional[Sequence[Mapping[str, Any]]]) -> Sequence[Mapping[str, Any]]:
    if infos is None:
        raise TypeError(f"Expected infos (the env's info of each observation: it names the problem), got None for "
                        f"{type(policy).__name__}")
    return infos
