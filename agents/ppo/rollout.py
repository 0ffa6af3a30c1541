"""Rollouts: whole multi-turn RefineCode episodes for a batch of starts, generated together through LLMPolicy."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from refine_env._validation import expect_int
from refine_env.actions import parse as parse_action
from refine_env.env import RefineCodeEnv
from refine_env.rewards import Transition
from refine_env.vector import step_batch

from ..backends import SamplingParams
from ..policy import LLMPolicy

__all__ = ["EpisodeStart", "Episode", "RolloutStats", "run_episodes", "derive_seed"]

logger = logging.getLogger(__name__)

START_KINDS = ("scratch", "mutant", "draft")


def derive_seed(*parts: int) -> int:
    """A 31-bit seed from integers (run seed, step, episode...): independent streams without shared state."""
    return int(np.random.SeedSequence([int(p) for p in parts]).generate_state(1)[0]) & 0x7FFFFFFF


@dataclass(frozen=True)
class EpisodeStart:
    """Where an episode begins: a problem, from scratch or from a given first attempt (self-refinement)."""

    problem_id: str
    """The problem to solve."""
    kind: str = "scratch"
    """``scratch``; ``mutant`` (a labelled wrong solution, ``initial_mutant``); ``draft`` (the policy's own earlier program)."""
    mutant_label: Optional[str] = None
    """The mutant's label for ``kind="mutant"``."""
    initial_code: Optional[str] = None
    """The draft's code for ``kind="draft"``."""

    def __post_init__(self) -> None:
        if self.kind not in START_KINDS:
            raise ValueError(f"Expected kind to be one of {START_KINDS}, got {self.kind!r}")
        if self.kind == "mutant" and not self.mutant_label:
            raise ValueError("Expected a mutant_label for a mutant start, got none")
        if self.kind == "draft" and not self.initial_code:
            raise ValueError("Expected initial_code for a draft start, got none")

    def reset_options(self) -> Dict[str, Any]:
        """The env's reset options for this start."""
        options: Dict[str, Any] = {"problem_id": self.problem_id}
        if self.kind == "mutant":
            options["initial_mutant"] = self.mutant_label
        elif self.kind == "draft":
            options["initial_code"] = self.initial_code
        return options


@dataclass
class Episode:
    """One finished episode: its token sequence with the mask of model-written tokens, rewards and outcome."""

    start: EpisodeStart
    """How it began."""
    group: int
    """Group id: the episodes of one problem and start in this step share it."""
    token_ids: Tuple[int, ...]
    """Every token of the episode: prompt, model turns, environment feedback, in order."""
    mask: Tuple[int, ...]
    """1 on model-written tokens, 0 on template and environment tokens."""
    sampled_logprobs: Tuple[float, ...]
    """The rollout engine's logprob of each model token (0.0 elsewhere)."""
    turn_of_token: Tuple[int, ...]
    """For each token, the turn that wrote it; -1 for template and environment tokens."""
    actions: Tuple[str, ...]
    """The model's action text per turn."""
    turn_rewards: List[float]
    """Reward of each turn: the env's step reward, plus any turn-level shaping added when scoring."""
    env_rewards: Tuple[float, ...]
    """The env's step rewards as it paid them."""
    public_rates: Tuple[Optional[float], ...]
    """Public-test pass rate after each turn (None on turns that did not run the public tests)."""
    initial_public_rate: Optional[float]
    """Public pass rate of the given first attempt (None for scratch starts)."""
    transitions: Tuple[Transition, ...]
    """The env's transitions (for reward functions)."""
    hidden_passed: Optional[int]
    """Hidden tests passed by the judged program (None if nothing was judged)."""
    hidden_total: Optional[int]
    """Number of hidden tests."""
    verdict: Optional[str]
    """First non-AC hidden verdict, ``AC`` if all passed, None if unjudged."""
    first_code: Optional[str]
    """The first program the model wrote in this episode (a draft for later refinement starts)."""
    finish_reasons: Tuple[str, ...]
    """Per turn: ``stop`` or ``length`` (cut at max_new_tokens)."""
    format_errors: int = 0
    """Turns whose action could not be parsed."""
    truncated_reason: Optional[str] = None
    """Why the rollout ended the episode before the env did: ``"context"`` (the next turn's prompt plus
    ``max_new_tokens`` would not fit the context limit); None when the env ended it."""
    final_info: Dict[str, Any] = field(default_factory=dict)
    """The env's ``info`` of the episode's last step, with ``truncated_reason`` added when the rollout cut it."""
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def num_turns(self) -> int:
        return len(self.actions)

    @property
    def solved(self) -> bool:
        """Every hidden test passed."""
        return bool(self.hidden_total) and self.hidden_passed == self.hidden_total

    @property
    def hidden_rate(self) -> float:
        """Share of hidden tests passed (0 when unjudged)."""
        return (self.hidden_passed or 0) / self.hidden_total if self.hidden_total else 0.0

    @property
    def episode_return(self) -> float:
        return float(sum(self.turn_rewards))

    @property
    def model_tokens(self) -> int:
        return int(sum(self.mask))

    @property
    def turn_lengths(self) -> List[int]:
        """Model-written tokens of each turn (end-of-turn token included)."""
        lengths = [0] * self.num_turns
        for turn, m in zip(self.turn_of_token, self.mask):
            if m and turn >= 0:
                lengths[turn] += 1
        return lengths

    @property
    def overlong(self) -> bool:
        """A turn was cut at ``max_new_tokens`` or the context limit ended the episode (DAPO's truncated samples)."""
        return self.truncated_reason is not None or any(r == "length" for r in self.finish_reasons)


@dataclass(frozen=True)
class RolloutStats:
    """Timing of a rollout."""

    generate_s: float
    """Seconds inside the policy (generation)."""
    env_s: float
    """Seconds inside the environments (sandbox runs, feedback)."""
    generated_tokens: int
    """Model-written tokens."""
    judge_wait_s: float = 0.0
    """Seconds the generator waited for environments to step (``env_s`` minus what ran behind generation)."""

    @property
    def judging_hidden(self) -> float:
        """Share of the environments' stepping time that ran while the policy generated (0 without overlap)."""
        return max(0.0, 1.0 - self.judge_wait_s / self.env_s) if self.env_s > 0 else 0.0

    context_cuts: int = 0
    """Episodes ended by the context limit."""


def _public_rate(info: Dict[str, Any]) -> Optional[float]:
    public = info.get("public")
    if not public or not public.get("total"):
        return None
    return public["passed"] / public["total"]


def run_episodes(policy: LLMPolicy, envs: Sequence[RefineCodeEnv], starts: Sequence[EpisodeStart], *,
                 groups: Sequence[int], env_seeds: Sequence[int], policy_seed: Optional[int],
                 max_model_len: Optional[int] = None, sampling: Optional[SamplingParams] = None,
                 overlap: int = 1) -> Tuple[List[Episode], RolloutStats]:
    """Play one episode per start to its end, every active episode's turn generated in one batched call.

    ``envs[i]`` plays ``starts[i]`` (reset with ``env_seeds[i]`` and the start's options), so
    ``len(envs) >= len(starts)``. Each round, the policy writes a turn for every episode still
    running; the envs then step together (:func:`refine_env.vector.step_batch`: every program of
    the turn in one ``run_batch``). Token records come from the policy's token-in/token-out
    episodes: ids, the mask of model-written tokens and the engine's logprobs.

    ``max_model_len`` is the engine's context: a turn starts only if its prompt plus the turn's
    ``max_new_tokens`` fits, otherwise the episode ends there, truncated (``truncated_reason`` is
    ``"context"``, its final info says so too). vLLM refuses a prompt that fills its context with a
    ValueError that would end the whole batch; a transformers model past its positions computes
    garbage. An episode whose first prompt does not fit has no turns. ``sampling`` replaces the
    policy's sampling settings (validation plays greedily).

    ``overlap`` > 1 splits the episodes into that many interleaved groups that take turns: while
    one group's programs are judged (on a background thread), the policy generates the next
    group's turn, so judging hides behind generation (``RolloutStats.judging_hidden``). Each
    generation call is then a smaller batch: worth it where generation time grows with the batch
    (the transformers backend, a busy server), not where it is bound by decoding latency alone.
    """
    _check_arguments(envs, starts, groups=groups, env_seeds=env_seeds, max_model_len=max_model_len, overlap=overlap)
    n = len(starts)
    play = _Play(envs, starts, env_seeds, overlap=overlap)
    policy.reset(n, seed=policy_seed)
    new_tokens = (sampling or policy.sampling).max_new_tokens
    gen_s = 0.0
    # Groups of episodes take turns: group g generates while the groups before it are judged on
    # one background thread (step_batch batches each group's programs; one thread keeps the
    # groups' judging in order and off the policy's cores beyond the sandbox's own workers).
    members = [set(range(g, n, overlap)) for g in range(min(overlap, n))]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rollout-judge") as judging:
        try:
            while any(play.active) or play.pending:
                for g, rows in enumerate(members):
                    if g in play.pending:
                        play.collect(g)
                    if max_model_len is not None:
                        play.guard_context(rows, policy, max_model_len=max_model_len, new_tokens=new_tokens)
                    mask = [play.active[i] and i in rows for i in range(n)]
                    if not any(mask):
                        continue
                    t0 = time.perf_counter()
                    turns = policy.act_turns(play.observations, active=mask, sampling=sampling)
                    gen_s += time.perf_counter() - t0
                    live = [i for i in range(n) if mask[i]]
                    play.pending[g] = (live, judging.submit(play.step, live, [turns[i].action for i in live]))
        finally:
            for _live, future in play.pending.values():  # an error in generation: let the judging finish before leaving
                future.cancel() or future.exception()
    episodes = [play.episode(i, record, group=int(groups[i])) for i, record in enumerate(policy.episodes)]
    return episodes, RolloutStats(generate_s=gen_s, env_s=play.env_s, generated_tokens=sum(ep.model_tokens for ep in episodes),
                                  judge_wait_s=play.judge_wait, context_cuts=sum(r is not None for r in play.cut))


def _check_arguments(envs: Sequence[RefineCodeEnv], starts: Sequence[EpisodeStart], *, groups: Sequence[int],
                     env_seeds: Sequence[int], max_model_len: Optional[int], overlap: int) -> None:
    expect_int("overlap", overlap, low=1, expected="an int >= 1 (groups of episodes taking turns)")
    n = len(starts)
    if n == 0:
        raise ValueError("Expected at least one episode start, got none")
    if len(envs) < n:
        raise ValueError(f"Expected at least {n} environments (one per episode), got {len(envs)}")
    if len(groups) != n or len(env_seeds) != n:
        raise ValueError(f"Expected one group and one env seed per start ({n}), got {len(groups)} and {len(env_seeds)}")
    expect_int("max_model_len", max_model_len, low=1, optional=True, expected="None or a positive int")


class _Play:
    """What one :func:`run_episodes` call knows of its episodes: observations, rewards, finals, and the judging in flight."""

    def __init__(self, envs: Sequence[RefineCodeEnv], starts: Sequence[EpisodeStart], env_seeds: Sequence[int], *,
                 overlap: int) -> None:
        n = len(starts)
        self.envs, self.starts, self.overlap = envs, starts, overlap
        self.env_s = 0.0
        self.observations: List[Optional[str]] = []
        self.initial_rates: List[Optional[float]] = []
        for env, start, seed in zip(envs, starts, env_seeds):
            t0 = time.perf_counter()
            obs, info = env.reset(seed=int(seed), options=start.reset_options())
            self.env_s += time.perf_counter() - t0
            self.observations.append(obs)
            self.initial_rates.append(_public_rate(info) if start.kind != "scratch" else None)
        self.active = [True] * n
        self.env_rewards: List[List[float]] = [[] for _ in range(n)]
        self.rates: List[List[Optional[float]]] = [[] for _ in range(n)]
        self.finals: List[Dict[str, Any]] = [{} for _ in range(n)]
        self.format_errors = [0] * n
        self.cut: List[Optional[str]] = [None] * n
        self.pending: Dict[int, Tuple[List[int], Future[Tuple[List[Any], float]]]] = {}
        self.judge_wait = self.env_s  # the resets ran before any generation: nothing hid them

    def step(self, live: List[int], actions: List[str]) -> Tuple[List[Any], float]:
        """Step the envs of ``live`` together (on the judging thread); returns their outcomes and the seconds it took."""
        t = time.perf_counter()
        out = step_batch([self.envs[i] for i in live], actions)
        return out, time.perf_counter() - t

    def collect(self, g: int) -> None:
        """Wait for group ``g``'s judging and record its outcomes."""
        live, future = self.pending.pop(g)
        t = time.perf_counter()
        stepped, busy = future.result()
        # In lockstep nothing hides; otherwise what the generator waited, up to the step itself
        # (beyond it is the thread's hand-off).
        self.judge_wait += busy if self.overlap == 1 else min(time.perf_counter() - t, busy)
        self.env_s += busy
        for i, (obs, reward, terminated, truncated, info) in zip(live, stepped):
            self.env_rewards[i].append(float(reward))
            self.rates[i].append(_public_rate(info) if info.get("intent") == "run" else None)
            self.format_errors[i] += info.get("format_error") is not None
            self.observations[i] = obs
            self.finals[i] = info
            if terminated or truncated:
                self.active[i] = False

    def guard_context(self, rows: Any, policy: LLMPolicy, *, max_model_len: int, new_tokens: int) -> None:
        """End the episodes of ``rows`` whose next prompt plus ``new_tokens`` does not fit (truncated: ``context``)."""
        for i in rows:
            if self.active[i] and policy.prompt_length(i, self.observations[i]) + new_tokens > max_model_len:  # type: ignore[arg-type]
                self.active[i] = False
                self.cut[i] = "context"
                self.finals[i] = {**self.finals[i], "truncated_reason": "context"}

    def episode(self, i: int, record: Any, *, group: int) -> Episode:
        """Episode ``i`` from the policy's token record of it and what the env reported."""
        turn_of_token = [-1] * len(record.token_ids)
        for turn in record.turns:
            begin = turn.start + len(turn.prompt_ids)
            for t in range(begin, begin + len(turn.completion_ids)):
                turn_of_token[t] = turn.index
        hidden = self.finals[i].get("hidden") or {}
        first_code = next((c for c in (parse_action(t.action).code for t in record.turns) if c is not None), None)
        return Episode(
            start=self.starts[i], group=group, token_ids=tuple(record.token_ids), mask=tuple(record.mask),
            sampled_logprobs=tuple(record.logprobs), turn_of_token=tuple(turn_of_token),
            actions=tuple(t.action for t in record.turns), turn_rewards=list(self.env_rewards[i]),
            env_rewards=tuple(self.env_rewards[i]), public_rates=tuple(self.rates[i]),
            initial_public_rate=self.initial_rates[i], transitions=tuple(self.envs[i].transitions),
            hidden_passed=hidden.get("passed"), hidden_total=hidden.get("total"), verdict=hidden.get("verdict"),
            first_code=first_code, finish_reasons=tuple(t.finish_reason for t in record.turns),
            format_errors=self.format_errors[i], truncated_reason=self.cut[i], final_info=self.finals[i],
        )
