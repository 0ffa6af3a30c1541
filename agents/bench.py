"""Reward-shaping benchmark on RefineCodeSelect: presets x policies x seeds -> table, learning curves, per-episode JSONL."""

from __future__ import annotations

import argparse
import csv
import functools
import json
import logging
import math
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from refine_env.rewards import make_reward
from refine_env.select import FEATURES, GLOBALS, OPS, RefineCodeSelectEnv

__all__ = [
    "BASELINES",
    "ALGOS",
    "EXTRACTORS",
    "slot_extractor",
    "finish_solved_plot",
    "draw_curves",
    "per_slot_policy",
    "DEFAULT_PRESETS",
    "EpisodeResult",
    "CurvePoint",
    "BenchConfig",
    "BenchResult",
    "baseline_actor",
    "model_actor",
    "evaluate_actor",
    "algo_kwargs",
    "min_timesteps",
    "train_sb3",
    "bootstrap_ci",
    "summarize",
    "run_bench",
    "write_outputs",
    "register_command",
]

logger = logging.getLogger(__name__)

BASELINES = ("random", "first", "best-public", "cross-test")
"""Scripted policies: a random valid action; submit slot 0; run every candidate then submit the best
on the public tests; and a hand-written skeptic, ``cross-test``: test candidates one by one and submit
the first that agrees with the pool on every generated input without failing or being slow."""
ALGOS = ("ppo", "a2c", "dqn")
"""Stable-Baselines3 algorithms, trained on the train split under the preset being benchmarked."""
EXTRACTORS = ("mlp", "slots", "per-slot")
"""How the policy reads observations: SB3's flat MLP, :func:`slot_extractor` (one network shared by the
slots, under SB3's heads) or :func:`per_slot_policy` (action logits slot by slot; PPO and A2C)."""
DEFAULT_PRESETS = ("binary", "pass_rate", "binary+turn_cost:0.05", "verdict_typed", "improvement")

Actor = Callable[[np.ndarray], int]

_COL = {name: j for j, name in enumerate(FEATURES)}


# -- scripted baselines ---------------------------------------------------------------------------

def _view(env: RefineCodeSelectEnv, obs: np.ndarray) -> Tuple[np.ndarray, Dict[str, float]]:
    table = env.features(obs)
    k, f = env.max_candidates, len(FEATURES)
    extra = dict(zip(GLOBALS, np.asarray(obs)[k * f:].tolist()))
    return table, extra


def _action(env: RefineCodeSelectEnv, op: str, slot: int) -> int:
    return OPS.index(op) * env.max_candidates + int(slot)


def baseline_actor(name: str, env: RefineCodeSelectEnv, *, seed: int = 0) -> Actor:
    """A scripted policy of :data:`BASELINES` that reads only the observation (and the valid-action mask)."""
    if name not in BASELINES:
        import difflib

        close = difflib.get_close_matches(name, BASELINES, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"Expected a baseline among {BASELINES}, got {name!r}.{hint}")
    rng = np.random.default_rng(seed)

    def random_actor(obs: np.ndarray) -> int:
        valid = np.flatnonzero(env.action_masks())
        return int(valid[int(rng.integers(len(valid)))])

    def first_actor(obs: np.ndarray) -> int:
        return _action(env, "submit", 0)

    def best_public(obs: np.ndarray) -> int:
        table, extra = _view(env, obs)
        present = np.flatnonzero(table[:, _COL["present"]] > 0)
        unrun = [i for i in present if table[i, _COL["run"]] == 0]
        last_turn = extra["turns_left"] * env.max_turns <= 1.5
        if unrun and not last_turn:
            return _action(env, "run", unrun[0])
        ran = [i for i in present if table[i, _COL["run"]] > 0] or list(present)
        # Ties go to the lowest slot: the order is random, so that is a fair coin among equals.
        best = max(ran, key=lambda i: (table[i, _COL["public_pass"]], -i))
        return _action(env, "submit", best)

    def cross_test(obs: np.ndarray) -> int:
        table, extra = _view(env, obs)
        present = [int(i) for i in np.flatnonzero(table[:, _COL["present"]] > 0)]
        tested = [i for i in present if table[i, _COL["tested"]] > 0]

        def key(i: int) -> Tuple[float, ...]:
            t = table[i]
            return (t[_COL["gen_plurality"]], -t[_COL["gen_failed"]], -t[_COL["gen_slowdown"]], -i)

        for i in tested:
            t = table[i]
            # Agrees with the pool's most common output everywhere, never fails, not 3x slower: take it.
            if t[_COL["gen_plurality"]] >= 1.0 - 1e-6 and t[_COL["gen_failed"]] == 0 and t[_COL["gen_slowdown"]] < 0.25:
                return _action(env, "submit", i)
        untested = [i for i in present if i not in tested]
        if untested and round(extra["turns_left"] * env.max_turns) > 1:
            return _action(env, "test", untested[0])
        return _action(env, "submit", max(tested or present, key=key))

    return {"random": random_actor, "first": first_actor, "best-public": best_public, "cross-test": cross_test}[name]


def model_actor(model: Any) -> Actor:
    """An SB3 model as an actor (deterministic actions)."""

    def act(obs: np.ndarray) -> int:
        action, _ = model.predict(obs, deterministic=True)
        return int(np.asarray(action).reshape(()))

    return act


# -- evaluation -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class EpisodeResult:
    """One evaluation episode (a line of the raw JSONL)."""

    policy: str
    preset: str
    seed: int
    problem_id: str
    episode: int
    solved: bool
    """Every hidden test passed."""
    hidden_rate: float
    """Fraction of hidden tests the submitted (or last) candidate passed; 0 when nothing was judged."""
    ret: float
    """Episode return under the preset."""
    turns: int
    tests_executed: int
    format_errors: int
    submitted_label: Optional[str]
    truncated: bool


def evaluate_actor(env: RefineCodeSelectEnv, act: Actor, *, policy: str, preset: str, seed: int,
                   episodes_per_problem: int, eval_seed: int = 10_000) -> List[EpisodeResult]:
    """Play ``episodes_per_problem`` episodes of every problem of ``env``; the same shuffles for every policy."""
    results: List[EpisodeResult] = []
    for n, problem in enumerate(env.problems):
        for e in range(episodes_per_problem):
            obs, info = env.reset(seed=eval_seed + 1000 * n + e, options={"problem_id": problem.id})
            ret, done, format_errors = 0.0, False, 0
            terminated = truncated = False
            while not done:
                obs, reward, terminated, truncated, info = env.step(act(obs))
                ret += float(reward)
                format_errors += info["format_error"] is not None
                done = terminated or truncated
            hidden = info.get("hidden")
            rate = hidden["passed"] / hidden["total"] if hidden and hidden["total"] else 0.0
            results.append(EpisodeResult(
                policy=policy, preset=preset, seed=seed, problem_id=problem.id, episode=e,
                solved=bool(hidden and hidden["total"] and hidden["passed"] == hidden["total"]), hidden_rate=rate,
                ret=ret, turns=int(info["turn"]), tests_executed=int(info["tests_executed"]), format_errors=format_errors,
                submitted_label=info.get("submitted_label"), truncated=bool(info.get("out_of_turns"))))
    return results


def bootstrap_ci(values: Sequence[float], *, seeds: Optional[Sequence[int]] = None, clusters: Optional[Sequence[str]] = None,
                 resamples: int = 2000, rng_seed: int = 0, level: float = 0.95) -> Tuple[float, float]:
    """A percentile bootstrap interval of the mean: resample seeds, then clusters (problems) within each seed.

    Episodes of one problem share its difficulty, and a learned policy varies from seed to
    seed, so both are resampled whole: the interval says how the mean would move on another
    draw of training seeds and problems like these. Without ``clusters`` every value is its
    own cluster; without ``seeds`` there is one seed.
    """
    n = len(values)
    if n == 0:
        return (math.nan, math.nan)
    seeds = list(seeds) if seeds is not None else [0] * n
    clusters = list(clusters) if clusters is not None else [str(i) for i in range(n)]
    if len(seeds) != n or len(clusters) != n:
        raise ValueError(f"Expected one seed and one cluster per value ({n}), got {len(seeds)} and {len(clusters)}")
    cells: Dict[Any, Dict[str, List[float]]] = {}
    for v, s, c in zip(values, seeds, clusters):
        cells.setdefault(s, {}).setdefault(c, []).append(float(v))
    # Per seed, the mean of each cluster: resampling those is resampling the cluster's episodes whole.
    groups = [np.array([np.mean(vs) for vs in by.values()]) for by in cells.values()]
    rng = np.random.default_rng(rng_seed)
    means = np.empty(resamples)
    for b in range(resamples):
        picked = rng.integers(len(groups), size=len(groups))
        means[b] = np.mean([groups[i][rng.integers(len(groups[i]), size=len(groups[i]))].mean() for i in picked])
    alpha = (1 - level) / 2
    return float(np.quantile(means, alpha)), float(np.quantile(means, 1 - alpha))


# -- Stable-Baselines3 ----------------------------------------------------------------------------

@functools.cache
def slot_extractor() -> type:
    """An SB3 features extractor that reads the candidate slots with one shared network (DeepSets).

    A plain MLP over the flattened observation must learn the same rule once per slot, and
    the slots are shuffled every episode. This extractor embeds every slot with the same
    weights (together with the episode features), pools the embeddings (mean and max) as
    context, embeds each slot again with that context, and returns the slot embeddings, the
    pooled context and the episode features. Use it through ``policy_kwargs``::

        PPO("MlpPolicy", venv, policy_kwargs={"features_extractor_class": slot_extractor(),
                                              "features_extractor_kwargs": {"max_candidates": 6}})
    """
    import torch
    from stable_baselines3.common.torch_layers import BaseFeaturesExtractor
    from torch import nn

    class SlotExtractor(BaseFeaturesExtractor):
        def __init__(self, observation_space: Any, *, max_candidates: int, hidden: int = 64) -> None:
            f, g = len(FEATURES), len(GLOBALS)
            expected = max_candidates * f + g
            if observation_space.shape != (expected,):
                raise ValueError(f"Expected an observation of shape ({expected},) for {max_candidates} candidates, "
                                 f"got {observation_space.shape}")
            super().__init__(observation_space, features_dim=max_candidates * hidden + 2 * hidden + g)
            self.k, self.f, self.g = max_candidates, f, g
            self.embed = nn.Sequential(nn.Linear(f + g, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
            self.relate = nn.Sequential(nn.Linear(3 * hidden, hidden), nn.ReLU())

        def forward(self, obs: torch.Tensor) -> torch.Tensor:
            b = obs.shape[0]
            slots = obs[:, : self.k * self.f].reshape(b, self.k, self.f)
            episode = obs[:, self.k * self.f:]
            present = slots[:, :, :1]
            h = self.embed(torch.cat([slots, episode.unsqueeze(1).expand(b, self.k, self.g)], dim=2)) * present
            count = present.sum(1).clamp(min=1.0)
            # Empty slots are zeroed, so they add nothing to the mean and cannot win the max.
            context = torch.cat([h.sum(1) / count, h.max(1).values], dim=1)
            h2 = self.relate(torch.cat([h, context.unsqueeze(1).expand(b, self.k, context.shape[1])], dim=2)) * present
            return torch.cat([h2.reshape(b, -1), context, episode], dim=1)

    return SlotExtractor


@functools.cache
def per_slot_policy() -> type:
    """An SB3 actor-critic policy whose action logits are computed slot by slot (permutation-equivariant).

    :func:`slot_extractor` still ends in SB3's linear action layer over all slots, which must
    learn the same rule once per slot. Here each slot's embedding (the slot's features with the
    episode features, then again with the mean and max over the present slots as context) gives
    that slot's ``run`` / ``test`` / ``submit`` logits with weights shared by all slots, so
    shuffling the candidates shuffles the action distribution the same way; the value reads the
    pooled context. For PPO and A2C (``policy=per_slot_policy(), policy_kwargs={"max_candidates": K}``).
    """
    import torch
    from stable_baselines3.common.policies import ActorCriticPolicy
    from torch import nn

    f, g, n_ops = len(FEATURES), len(GLOBALS), len(OPS)

    class _PerSlotNet(nn.Module):
        def __init__(self, k: int, hidden: int) -> None:
            super().__init__()
            self.k = k
            self.latent_dim_pi = n_ops * k
            self.latent_dim_vf = hidden
            self.embed = nn.Sequential(nn.Linear(f + g, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh())
            self.relate = nn.Sequential(nn.Linear(3 * hidden, hidden), nn.Tanh())
            self.logits = nn.Linear(hidden, n_ops)
            self.value = nn.Sequential(nn.Linear(2 * hidden + g, hidden), nn.Tanh())

        def _slots(self, obs: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
            b = obs.shape[0]
            slots = obs[:, : self.k * f].reshape(b, self.k, f)
            episode = obs[:, self.k * f:]
            present = slots[:, :, :1]
            h = self.embed(torch.cat([slots, episode.unsqueeze(1).expand(b, self.k, g)], dim=2)) * present
            # Empty slots are zeroed: they add nothing to the mean and cannot win the max.
            context = torch.cat([h.sum(1) / present.sum(1).clamp(min=1.0), h.max(1).values], dim=1)
            return h, context, episode

        def forward_actor(self, obs: torch.Tensor) -> torch.Tensor:
            h, context, _ = self._slots(obs)
            h2 = self.relate(torch.cat([h, context.unsqueeze(1).expand(-1, self.k, -1)], dim=2))
            # (batch, slot, op) -> the env's action order op * K + slot.
            return self.logits(h2).transpose(1, 2).reshape(obs.shape[0], -1)

        def forward_critic(self, obs: torch.Tensor) -> torch.Tensor:
            _, context, episode = self._slots(obs)
            return self.value(torch.cat([context, episode], dim=1))

        def forward(self, obs: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
            return self.forward_actor(obs), self.forward_critic(obs)

    class PerSlotPolicy(ActorCriticPolicy):
        def __init__(self, *args: Any, max_candidates: int, hidden: int = 64, **kwargs: Any) -> None:
            self.max_candidates, self.hidden = max_candidates, hidden
            super().__init__(*args, **kwargs)

        def _build_mlp_extractor(self) -> None:
            expected = self.max_candidates * f + g
            if self.observation_space.shape != (expected,):
                raise ValueError(f"Expected an observation of shape ({expected},) for {self.max_candidates} candidates, "
                                 f"got {self.observation_space.shape}")
            self.mlp_extractor = _PerSlotNet(self.max_candidates, self.hidden)

        def _build(self, lr_schedule: Any) -> None:
            super()._build(lr_schedule)
            # The per-slot logits are the action logits: no layer mixes the slots afterwards.
            self.action_net = nn.Identity()
            nn.init.orthogonal_(self.mlp_extractor.logits.weight, gain=0.01)
            nn.init.zeros_(self.mlp_extractor.logits.bias)
            self.optimizer = self.optimizer_class(self.parameters(), lr=lr_schedule(1), **self.optimizer_kwargs)

    return PerSlotPolicy


def algo_kwargs(algo: str, *, n_envs: int) -> Dict[str, Any]:
    """Hyperparameters that learn this env in minutes on a CPU (tuned by hand; see docs/sb3.md)."""
    net = {"net_arch": [128, 128]}
    # gamma = 1: episodes last a few turns and end for sure, so nothing needs discounting.
    if algo == "ppo":
        # Short rollouts and a large step: near its plateau within 50k steps (a minute); slower settings
        # (lr 3e-4, 20 epochs) crept to the same level in 600k.
        return {"n_steps": max(64, 1024 // n_envs), "batch_size": 256, "n_epochs": 10, "learning_rate": 1e-3,
                "gamma": 1.0, "gae_lambda": 0.95, "ent_coef": 0.0, "policy_kwargs": net}
    if algo == "a2c":
        # Tried lr 3e-4..1e-3, n_steps 8..64, with and without entropy: A2C settles on submitting at once.
        return {"n_steps": 16, "learning_rate": 7e-4, "gamma": 1.0, "ent_coef": 0.01, "policy_kwargs": net}
    if algo == "dqn":
        return {"buffer_size": 50_000, "learning_starts": 2_000, "batch_size": 128, "train_freq": 4,
                "target_update_interval": 1_000, "exploration_fraction": 0.3, "exploration_final_eps": 0.05,
                "learning_rate": 5e-4, "gamma": 0.99, "policy_kwargs": net}
    raise ValueError(f"Expected algo to be one of {ALGOS}, got {algo!r}")


def min_timesteps(algo: str, *, n_envs: int) -> Tuple[int, str]:
    """The fewest training steps that train ``algo`` at all, and why: SB3 learns in whole rollouts (DQN after its warm-up)."""
    kwargs = algo_kwargs(algo, n_envs=n_envs)
    if algo == "dqn":
        return int(kwargs["learning_starts"]), f"DQN collects {kwargs['learning_starts']} steps before its first update"
    n_steps = int(kwargs["n_steps"])
    return n_steps * n_envs, f"one {algo.upper()} rollout: {n_steps} steps x {n_envs} envs; SB3 trains whole rollouts"


@dataclass(frozen=True)
class CurvePoint:
    """One point of a learning curve: the greedy policy evaluated after ``timesteps`` of training."""

    algo: str
    preset: str
    seed: int
    timesteps: int
    split: str
    solved: float
    hidden_rate: float
    ret: float
    turns: float
    tests_executed: float
    train_episode_return: Optional[float] = None
    """Mean return of the last 100 training episodes (the learner's own view, exploration included)."""
    seconds: float = 0.0
    """Wall time of training so far."""
    episodes: int = 0
    """Evaluation episodes behind the point (problems x episodes per problem)."""


def _summary(results: Sequence[EpisodeResult]) -> Dict[str, float]:
    return {
        "solved": float(np.mean([r.solved for r in results])),
        "hidden_rate": float(np.mean([r.hidden_rate for r in results])),
        "ret": float(np.mean([r.ret for r in results])),
        "turns": float(np.mean([r.turns for r in results])),
        "tests_executed": float(np.mean([r.tests_executed for r in results])),
    }


def train_sb3(
    algo: str,
    *,
    make_env: Callable[[], RefineCodeSelectEnv],
    timesteps: int,
    seed: int,
    eval_envs: Mapping[str, RefineCodeSelectEnv],
    preset: str,
    n_envs: int = 4,
    vec: str = "dummy",
    eval_every: int = 20_000,
    curve_episodes: int = 3,
    on_step: Optional[Callable[[int], None]] = None,
    extractor: str = "mlp",
    overrides: Optional[Mapping[str, Any]] = None,
    final_episodes: Optional[int] = None,
) -> Tuple[Any, List[CurvePoint]]:
    """Train an SB3 algorithm on vectorised copies of ``make_env()``; evaluate greedily every ``eval_every`` steps.

    Returns the model and its learning curve: one :class:`CurvePoint` per split of
    ``eval_envs`` at step 0 (before training) and after every ``eval_every`` steps.
    ``on_step(n)`` reports the steps done since its last call (for a progress bar).
    ``extractor="slots"`` reads the candidate slots with :func:`slot_extractor` instead of
    SB3's flat MLP input. ``overrides`` replace entries of :func:`algo_kwargs`.

    Every point plays the same candidate shuffles as :func:`evaluate_actor`'s default (the first
    ``curve_episodes`` per problem); the last point, after training, plays ``final_episodes`` per
    problem (default ``curve_episodes``): pass the final table's count and that point is the
    table's evaluation, episode for episode, so the curve ends where the table's row is.
    """
    from stable_baselines3 import A2C, DQN, PPO
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.logger import Logger
    from stable_baselines3.common.monitor import Monitor
    from stable_baselines3.common.vec_env import DummyVecEnv, SubprocVecEnv

    classes = {"ppo": PPO, "a2c": A2C, "dqn": DQN}
    if algo not in classes:
        raise ValueError(f"Expected algo to be one of {ALGOS}, got {algo!r}")
    if vec not in ("dummy", "subproc"):
        raise ValueError(f"Expected vec to be 'dummy' or 'subproc', got {vec!r}")
    if extractor not in EXTRACTORS:
        raise ValueError(f"Expected extractor to be one of {EXTRACTORS}, got {extractor!r}")
    if extractor == "per-slot" and algo == "dqn":
        raise ValueError("Expected extractor 'mlp' or 'slots' for dqn (its Q-network has no per-slot form), got 'per-slot'")
    # DQN learns from a replay buffer: one env is enough and keeps its step count comparable.
    n = 1 if algo == "dqn" else n_envs
    fns = [lambda: Monitor(make_env()) for _ in range(n)]
    venv = SubprocVecEnv(fns) if vec == "subproc" and n > 1 else DummyVecEnv(fns)
    venv.seed(seed)
    kwargs = algo_kwargs(algo, n_envs=n)
    if extractor == "slots":
        probe = make_env()
        kwargs["policy_kwargs"] = {"features_extractor_class": slot_extractor(),
                                   "features_extractor_kwargs": {"max_candidates": probe.max_candidates},
                                   "net_arch": [64]}
        probe.close()
    policy: Any = "MlpPolicy"
    if extractor == "per-slot":
        probe = make_env()
        policy = per_slot_policy()
        kwargs["policy_kwargs"] = {"max_candidates": probe.max_candidates}
        probe.close()
    kwargs.update(dict(overrides or {}))
    model = classes[algo](policy, venv, seed=seed, verbose=0, device="cpu", **kwargs)
    # Without a logger of its own, SB3 makes an empty /tmp/SB3-<date> folder on every learn().
    model.set_logger(Logger(folder=None, output_formats=[]))
    curve: List[CurvePoint] = []
    start = time.perf_counter()

    def record(steps: int, episodes: int = curve_episodes) -> None:
        train_return = None
        if model.ep_info_buffer:
            train_return = float(np.mean([ep["r"] for ep in model.ep_info_buffer]))
        for split, env in eval_envs.items():
            results = evaluate_actor(env, model_actor(model), policy=algo, preset=preset, seed=seed,
                                     episodes_per_problem=episodes)
            curve.append(CurvePoint(algo=algo, preset=preset, seed=seed, timesteps=steps, split=split,
                                    train_episode_return=train_return, seconds=time.perf_counter() - start,
                                    episodes=len(results), **_summary(results)))

    class _Curve(BaseCallback):
        def __init__(self) -> None:
            super().__init__()
            self.next_eval = eval_every
            self.reported = 0

        def _on_step(self) -> bool:
            if on_step is not None:
                on_step(self.num_timesteps - self.reported)
                self.reported = self.num_timesteps
            # The point at the end of training is recorded once, after learn(): a point here at
            # 100,000 and that one at 100,352 (a whole last rollout) drew the end twice.
            if self.next_eval <= self.num_timesteps < timesteps:
                self.next_eval += eval_every
                record(self.num_timesteps)
            return True

    record(0)
    try:
        model.learn(total_timesteps=timesteps, callback=_Curve())
        record(model.num_timesteps, episodes=final_episodes or curve_episodes)
    finally:
        venv.close()
    return model, curve


# -- the benchmark --------------------------------------------------------------------------------

@dataclass(frozen=True)
class BenchConfig:
    """A grid of reward presets x policies x seeds on RefineCodeSelect (train split to learn, test split to score)."""

    presets: Tuple[str, ...] = DEFAULT_PRESETS
    """Reward specs: preset names, sums (``binary+turn_cost:0.05``) or ``module:function`` import paths."""
    policies: Tuple[str, ...] = ("random", "first", "best-public", "cross-test", "ppo")
    """Names from :data:`BASELINES` and :data:`ALGOS`."""
    seeds: Tuple[int, ...] = (0, 1, 2)
    timesteps: int = 100_000
    """Training steps per SB3 run (one run per algorithm, preset and seed)."""
    episodes: int = 10
    """Evaluation episodes per test problem (different candidate shuffles) for the final table."""
    eval_every: int = 20_000
    """Training steps between two points of a learning curve."""
    curve_episodes: int = 3
    """Episodes per problem at each learning-curve point."""
    dataset: str = "builtin"
    train_split: str = "train"
    test_split: str = "test"
    pool: str = "builtin"
    max_candidates: int = 6
    max_turns: int = 8
    n_envs: int = 8
    vec: str = "dummy"
    workers: int = 2
    cache_dir: Optional[str] = None
    """Where judged candidates are cached (None: ``~/.cache/refine-env/select``)."""
    extractor: str = "mlp"
    """How the SB3 policies read observations: one of :data:`EXTRACTORS` (``per-slot``: PPO and A2C only)."""

    def __post_init__(self) -> None:
        if self.extractor not in EXTRACTORS:
            raise ValueError(f"Expected extractor to be one of {EXTRACTORS}, got {self.extractor!r}")
        if self.extractor == "per-slot" and "dqn" in self.policies:
            raise ValueError("Expected extractor 'mlp' or 'slots' with dqn among the policies (its Q-network has no "
                             "per-slot form), got 'per-slot'")
        unknown = [p for p in self.policies if p not in BASELINES + ALGOS]
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], BASELINES + ALGOS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"Expected policies among {BASELINES + ALGOS}, got {unknown[0]!r}.{hint}")
        if not self.presets or not self.policies or not self.seeds:
            raise ValueError(f"Expected at least one preset, policy and seed, got {self.presets!r}, {self.policies!r}, {self.seeds!r}")
        for spec in self.presets:
            make_reward(spec)  # fails early, with the presets' own message, on a typo
        for name in ("timesteps", "episodes", "eval_every", "curve_episodes", "n_envs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Expected {name} to be an int >= 1, got {value!r}")
        for algo in (p for p in self.policies if p in ALGOS):
            # Fewer steps would silently train one whole rollout (1,024 steps for PPO), not what was asked.
            least, why = min_timesteps(algo, n_envs=1 if algo == "dqn" else self.n_envs)
            if self.timesteps < least:
                raise ValueError(f"Expected timesteps >= {least} for {algo} ({why}), got {self.timesteps}")


@dataclass
class BenchResult:
    """Everything a benchmark run produced."""

    config: BenchConfig
    episodes: List[EpisodeResult] = field(default_factory=list)
    curves: List[CurvePoint] = field(default_factory=list)
    rows: List[Dict[str, Any]] = field(default_factory=list)
    train_seconds: Dict[Tuple[str, str, int], float] = field(default_factory=dict)
    seconds: float = 0.0


def summarize(episodes: Sequence[EpisodeResult], *, train_steps: Mapping[Tuple[str, str], int],
              train_seconds: Mapping[Tuple[str, str, int], float]) -> List[Dict[str, Any]]:
    """One table row per (preset, policy): means with 95% bootstrap intervals over seeds and episodes."""
    keys: List[Tuple[str, str]] = []
    for r in episodes:
        if (r.preset, r.policy) not in keys:
            keys.append((r.preset, r.policy))
    rows = []
    for preset, policy in keys:
        mine = [r for r in episodes if r.preset == preset and r.policy == policy]
        seeds = sorted({r.seed for r in mine})
        groups = {"seeds": [r.seed for r in mine], "clusters": [r.problem_id for r in mine]}
        solved_lo, solved_hi = bootstrap_ci([float(r.solved) for r in mine], **groups)
        rate_lo, rate_hi = bootstrap_ci([r.hidden_rate for r in mine], **groups)
        secs = [v for (pr, po, _), v in train_seconds.items() if pr == preset and po == policy]
        rows.append({
            "preset": preset, "policy": policy, "seeds": len(seeds), "episodes": len(mine),
            "solved": float(np.mean([r.solved for r in mine])), "solved_lo": solved_lo, "solved_hi": solved_hi,
            "hidden_rate": float(np.mean([r.hidden_rate for r in mine])), "hidden_rate_lo": rate_lo, "hidden_rate_hi": rate_hi,
            "return": float(np.mean([r.ret for r in mine])),
            "turns": float(np.mean([r.turns for r in mine])),
            "tests_executed": float(np.mean([r.tests_executed for r in mine])),
            "format_errors": float(np.mean([r.format_errors for r in mine])),
            "train_steps": int(train_steps.get((preset, policy), 0)),
            "train_seconds": float(np.mean(secs)) if secs else 0.0,
        })
    return rows


def run_bench(config: BenchConfig, *, progress: bool = True,
              on_cell: Optional[Callable[[str, str, int], None]] = None) -> BenchResult:
    """Run the grid: baselines are evaluated, SB3 algorithms trained then evaluated, per preset and seed."""
    from tqdm import tqdm

    start = time.perf_counter()
    result = BenchResult(config=config)
    common = dict(dataset=config.dataset, pool=config.pool, max_candidates=config.max_candidates,
                  max_turns=config.max_turns, workers=config.workers,
                  cache_dir=True if config.cache_dir is None else config.cache_dir)
    # Judge every candidate of both splits once, up front: every env below then reads the cache.
    for split in (config.train_split, config.test_split):
        bar = tqdm(desc=f"judging {split} candidates once", unit="candidate", disable=not progress, leave=False)

        def judged(done: int, total: int, bar: Any = bar) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        RefineCodeSelectEnv(split=split, progress=judged, **common).close()  # type: ignore[arg-type]
        bar.close()

    algos = [p for p in config.policies if p in ALGOS]
    baselines = [p for p in config.policies if p in BASELINES]
    total_steps = len(algos) * len(config.presets) * len(config.seeds) * config.timesteps
    cells = len(config.policies) * len(config.presets) * len(config.seeds)
    bar = tqdm(total=cells, desc="bench-rewards", unit="run", disable=not progress)
    step_bar = tqdm(total=total_steps, desc="training", unit="step", disable=not progress or not total_steps, leave=False)
    train_steps: Dict[Tuple[str, str], int] = {}
    try:
        for preset in config.presets:
            test_env = RefineCodeSelectEnv(split=config.test_split, reward=preset, **common)  # type: ignore[arg-type]
            train_env = RefineCodeSelectEnv(split=config.train_split, reward=preset, **common)  # type: ignore[arg-type]
            for seed in config.seeds:
                for name in baselines:
                    bar.set_postfix_str(f"{preset} / {name} / seed {seed}")
                    actor = baseline_actor(name, test_env, seed=seed)
                    result.episodes += evaluate_actor(test_env, actor, policy=name, preset=preset, seed=seed,
                                                      episodes_per_problem=config.episodes)
                    if on_cell is not None:
                        on_cell(preset, name, seed)
                    bar.update(1)
                for algo in algos:
                    bar.set_postfix_str(f"{preset} / {algo} / seed {seed}: training")
                    t0 = time.perf_counter()
                    model, curve = train_sb3(
                        algo, make_env=lambda preset=preset: RefineCodeSelectEnv(split=config.train_split, reward=preset, **common),  # type: ignore[misc]
                        timesteps=config.timesteps, seed=seed, preset=preset, n_envs=config.n_envs, vec=config.vec,
                        eval_envs={"test": test_env, "train": train_env}, eval_every=config.eval_every,
                        curve_episodes=config.curve_episodes, on_step=step_bar.update, extractor=config.extractor,
                        final_episodes=config.episodes)
                    result.train_seconds[(preset, algo, seed)] = time.perf_counter() - t0
                    result.curves += curve
                    train_steps[(preset, algo)] = int(model.num_timesteps)
                    result.episodes += evaluate_actor(test_env, model_actor(model), policy=algo, preset=preset, seed=seed,
                                                      episodes_per_problem=config.episodes)
                    if on_cell is not None:
                        on_cell(preset, algo, seed)
                    bar.update(1)
            test_env.close()
            train_env.close()
    finally:
        step_bar.close()
        bar.close()
    result.rows = summarize(result.episodes, train_steps=train_steps, train_seconds=result.train_seconds)
    result.seconds = time.perf_counter() - start
    return result


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "preset"


def markdown_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """The results table in Markdown (percentages with their 95% intervals)."""
    head = ("| preset | policy | solved % [95% CI] | hidden tests passed % [95% CI] | return | turns | tests run / episode | train steps |\n"
            "|---|---|---|---|---|---|---|---|")
    lines = [head]
    for r in rows:
        lines.append(
            f"| `{r['preset']}` | {r['policy']} | {100 * r['solved']:.1f} [{100 * r['solved_lo']:.1f}, {100 * r['solved_hi']:.1f}] "
            f"| {100 * r['hidden_rate']:.1f} [{100 * r['hidden_rate_lo']:.1f}, {100 * r['hidden_rate_hi']:.1f}] "
            f"| {r['return']:.3f} | {r['turns']:.2f} | {r['tests_executed']:.1f} | {r['train_steps'] or '-'} |")
    return "\n".join(lines) + "\n"


def _count_label(counts: Sequence[int]) -> str:
    if len(set(counts)) == 1:
        return f"{counts[0]} per point"
    if len(set(counts[:-1])) == 1:
        return f"{counts[0]} per point, {counts[-1]} at the end"
    return f"{min(counts)}-{max(counts)} per point"


def draw_curves(ax: Any, curves: Sequence[CurvePoint], *, name: str) -> None:
    """Solved rate against training steps of one algorithm: the mean over seeds with a min-max band, test and train split.

    Legend entries say how many seeds and evaluation episodes (N) each point averages.
    """
    for split, style in (("test", "-"), ("train", ":")):
        mine = [c for c in curves if c.split == split]
        if not mine:
            continue
        steps = sorted({c.timesteps for c in mine})
        at = [[c for c in mine if c.timesteps == s] for s in steps]
        seeds = len({c.seed for c in mine})
        label = (f"{name} ({split}; mean of {seeds} seed{'s' if seeds > 1 else ''}{', band: min-max' if seeds > 1 else ''}; "
                 f"N={_count_label([sum(c.episodes for c in points) for points in at])})")
        (line,) = ax.plot(steps, [float(np.mean([c.solved for c in points])) for points in at], style,
                          marker="o" if split == "test" else None, markersize=4, label=label)
        if seeds > 1:
            ax.fill_between(steps, [min(c.solved for c in points) for points in at],
                            [max(c.solved for c in points) for points in at],
                            color=line.get_color(), alpha=0.2 if split == "test" else 0.1, linewidth=0)


def finish_solved_plot(ax: Any, baselines: Mapping[str, float], *, title: str, label_suffix: str = "",
                       episodes: Optional[Mapping[str, int]] = None) -> None:
    """Draw the baselines' solved rates as gray levels (a level of 0 stays visible) and label the axes of a solved-rate curve.

    ``episodes`` gives each baseline's N (evaluation episodes) for its legend entry.
    """
    styles = dict(zip(BASELINES, ((0, (1, 1)), (0, (5, 2)), (0, (3, 1, 1, 1)), (0, (8, 2, 1, 2)))))
    for name, level in baselines.items():
        n = f", N={episodes[name]}" if episodes and name in episodes else ""
        ax.axhline(level, linestyle=styles.get(name, "--"), linewidth=1.2, color="gray",
                   label=f"{name}{label_suffix}: {100 * level:.1f}%{n}")
    ax.set_xlabel("training steps")
    ax.set_ylabel("solved (all hidden tests pass)")
    # Below 0, so that a baseline at 0 is a line of its own and not the x-axis.
    ax.set_ylim(-0.04, 1.0)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=6.5, ncol=1)


def plot_curves(curves: Sequence[CurvePoint], rows: Sequence[Mapping[str, Any]], path: Path, *, preset: str) -> Optional[Path]:
    """Test-split solved rate against training steps for each algorithm (mean over seeds, min-max band), baselines gray.

    The last point of each curve is the final table's evaluation (the same episodes), so it sits on the table's row.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        logger.warning("matplotlib is not installed: no learning-curve plot (pip install 'refine-env[plot]')")
        return None
    fig, ax = plt.subplots(figsize=(7.2, 4.6))
    mine = [c for c in curves if c.preset == preset]
    for algo in sorted({c.algo for c in mine}):
        draw_curves(ax, [c for c in mine if c.algo == algo], name=algo.upper())
    chosen = [r for r in rows if r["preset"] == preset and r["policy"] in BASELINES]
    finish_solved_plot(ax, {r["policy"]: r["solved"] for r in chosen}, title=f"RefineCodeSelect, reward {preset}",
                       label_suffix=" (test)", episodes={r["policy"]: r["episodes"] for r in chosen})
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_outputs(result: BenchResult, out: Path, *, plots: bool = True) -> Dict[str, Path]:
    """results.md, results.csv, episodes.jsonl, curves.jsonl, config.json and curves_<preset>.png under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths: Dict[str, Path] = {}
    paths["table"] = out / "results.md"
    paths["table"].write_text(markdown_table(result.rows), encoding="utf-8")
    paths["csv"] = out / "results.csv"
    with open(paths["csv"], "w", newline="", encoding="utf-8") as fh:
        if result.rows:
            writer = csv.DictWriter(fh, fieldnames=list(result.rows[0]))
            writer.writeheader()
            writer.writerows(result.rows)
    paths["episodes"] = out / "episodes.jsonl"
    with open(paths["episodes"], "w", encoding="utf-8") as fh:
        for r in result.episodes:
            fh.write(json.dumps(asdict(r)) + "\n")
    paths["curves"] = out / "curves.jsonl"
    with open(paths["curves"], "w", encoding="utf-8") as fh:
        for c in result.curves:
            fh.write(json.dumps(asdict(c)) + "\n")
    paths["config"] = out / "config.json"
    paths["config"].write_text(json.dumps({**asdict(result.config), "seconds": round(result.seconds, 1)}, indent=2), encoding="utf-8")
    if plots:
        for preset in result.config.presets:
            made = plot_curves(result.curves, result.rows, out / f"curves_{_slug(preset)}.png", preset=preset)
            if made is not None:
                paths[f"plot:{preset}"] = made
    return paths


def _int_list(text: str, *, what: str) -> Tuple[int, ...]:
    try:
        return tuple(int(s) for s in _split_list(text))
    except ValueError:
        raise ValueError(f"Expected {what} to be comma-separated integers, got {text!r}") from None


def _split_list(text: str) -> Tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _bench(args: argparse.Namespace) -> int:
    import importlib.util
    import sys

    from refine_env.cli import require_extra

    algos = [p for p in _split_list(args.policies) if p in ALGOS]
    if algos:
        # Up front: the scripted baselines would run first and the first training then fail.
        require_extra("sb3", "stable_baselines3", "torch", what=f"training {', '.join(algos)}")
        if args.torch_threads:
            import torch

            torch.set_num_threads(args.torch_threads)
    plots = not args.no_plot
    if plots and importlib.util.find_spec("matplotlib") is None:
        print('refine-env bench-rewards: no curves_*.png: matplotlib is not installed (pip install "refine-env[plot]"; '
              "--no-plot silences this)", file=sys.stderr)
        plots = False
    config = BenchConfig(
        presets=_split_list(args.presets), policies=_split_list(args.policies),
        seeds=_int_list(args.seeds, what="--seeds"), timesteps=args.timesteps, episodes=args.episodes,
        eval_every=args.eval_every, curve_episodes=args.curve_episodes, dataset=args.dataset, pool=args.pool,
        max_candidates=args.max_candidates, max_turns=args.max_turns, n_envs=args.n_envs, vec=args.vec, workers=args.workers,
        cache_dir=args.cache_dir, extractor=args.extractor,
    )
    result = run_bench(config, progress=not args.quiet)
    paths = write_outputs(result, Path(args.out), plots=plots)
    print(markdown_table(result.rows))
    print(f"{len(result.episodes)} evaluation episodes in {result.seconds:.0f} s. Wrote "
          + ", ".join(str(p) for p in paths.values()))
    return 0


def register_command(sub: Any) -> None:
    """``refine-env bench-rewards``: the entry point of group ``refine_env.commands``."""
    p = sub.add_parser("bench-rewards", help="reward presets x policies x seeds on RefineCodeSelect: table, curves, episodes")
    p.add_argument("--presets", default=",".join(DEFAULT_PRESETS),
                   help="comma-separated reward specs: presets, sums with +, or module:function (default: %(default)s)")
    p.add_argument("--policies", default="random,first,best-public,cross-test,ppo",
                   help=f"comma-separated, from {', '.join(BASELINES + ALGOS)} (default: %(default)s)")
    p.add_argument("--seeds", default="0,1,2", help="comma-separated training seeds (default: %(default)s)")
    p.add_argument("--timesteps", type=int, default=100_000,
                   help="training steps per SB3 run, rounded up to whole rollouts; at least one rollout (PPO: 1024 with 8 "
                        "envs) (default: %(default)s)")
    p.add_argument("--episodes", type=int, default=10, help="evaluation episodes per test problem (default: %(default)s)")
    p.add_argument("--eval-every", type=int, default=20_000, help="training steps between learning-curve points")
    p.add_argument("--curve-episodes", type=int, default=3, help="episodes per problem at each curve point")
    p.add_argument("--dataset", default="builtin")
    p.add_argument("--pool", default="builtin", help="'builtin' or a pool JSONL from `refine-env pool build`")
    p.add_argument("--max-candidates", type=int, default=6)
    p.add_argument("--max-turns", type=int, default=8)
    p.add_argument("--n-envs", type=int, default=8, help="vectorised envs for PPO and A2C")
    p.add_argument("--vec", default="dummy", choices=("dummy", "subproc"))
    p.add_argument("--extractor", default="mlp", choices=EXTRACTORS,
                   help="how SB3 policies read observations: flat MLP, shared slot network, or per-slot logits (default: %(default)s)")
    p.add_argument("--workers", type=int, default=2, help="sandbox workers for the one-time judging")
    p.add_argument("--cache-dir", default=None, help="judged-candidate cache (default: ~/.cache/refine-env/select)")
    p.add_argument("--torch-threads", type=int, default=1, help="torch CPU threads (small MLPs run fastest on one)")
    p.add_argument("--out", default="bench-rewards", help="output folder (default: %(default)s)")
    p.add_argument("--no-plot", action="store_true")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=_bench)
