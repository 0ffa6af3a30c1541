"""Stable-Baselines3 on RefineCodeSelect: policies that read the candidate slots, training with a learning curve, greedy evaluation."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from refine_env.select import FEATURES, GLOBALS, OPS, RefineCodeSelectEnv

from .policy import Policy

__all__ = [
    "SelectPolicy",
    "ALGOS",
    "EXTRACTORS",
    "slot_extractor",
    "per_slot_policy",
    "algo_kwargs",
    "min_timesteps",
    "model_actor",
    "EpisodeResult",
    "evaluate_actor",
    "CurvePoint",
    "make_model",
    "train_sb3",
]

SelectPolicy = Policy[np.ndarray, int]
"""A policy of RefineCodeSelect: numeric observations in, discrete actions out."""

ALGOS = ("ppo", "a2c", "dqn")
"""Stable-Baselines3 algorithms, trained on the train split under the preset being benchmarked."""
EXTRACTORS = ("mlp", "slots", "per-slot")
"""How the policy reads observations: SB3's flat MLP, :func:`slot_extractor` (one network shared by the
slots, under SB3's heads) or :func:`per_slot_policy` (action logits slot by slot; PPO and A2C)."""

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


class _ModelPolicy:
    """An SB3 model as a :class:`~refine_agents.policy.Policy`: its deterministic (greedy) action for each observation."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        """Nothing to start: the model's greedy action depends on the observation alone."""

    def act(self, observations: Sequence[Optional[np.ndarray]], *, infos: Optional[Sequence[Mapping[str, Any]]] = None,
            active: Optional[Sequence[bool]] = None) -> List[Optional[int]]:
        rows = [i for i in range(len(observations)) if active is None or active[i]]
        out: List[Optional[int]] = [None] * len(observations)
        if rows:
            actions, _ = self.model.predict(np.stack([observations[i] for i in rows]), deterministic=True)
            for i, action in zip(rows, np.asarray(actions).reshape(-1)):
                out[i] = int(action)
        return out


def model_actor(model: Any) -> SelectPolicy:
    """An SB3 model as a policy of RefineCodeSelect (deterministic actions)."""
    return _ModelPolicy(model)


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


def evaluate_actor(env: RefineCodeSelectEnv, actor: SelectPolicy, *, policy: str, preset: str, seed: int,
                   episodes_per_problem: int, eval_seed: int = 10_000) -> List[EpisodeResult]:
    """Play ``episodes_per_problem`` episodes of every problem of ``env`` with ``actor``, recorded under the name
    ``policy``; the same shuffles for every policy."""
    results: List[EpisodeResult] = []
    for n, problem in enumerate(env.problems):
        for e in range(episodes_per_problem):
            obs, info = env.reset(seed=eval_seed + 1000 * n + e, options={"problem_id": problem.id})
            actor.reset(1)
            ret, done, format_errors = 0.0, False, 0
            while not done:
                obs, reward, terminated, truncated, info = env.step(actor.act([obs], infos=[info])[0])
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


# -- Stable-Baselines3 ----------------------------------------------------------------------------


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



def make_model(algo: str, *, make_env: Callable[[], RefineCodeSelectEnv], seed: int, n_envs: int = 4, vec: str = "dummy",
               extractor: str = "mlp", overrides: Optional[Mapping[str, Any]] = None) -> Any:
    """An untrained SB3 model of ``algo`` on vectorised copies of ``make_env()``: seeded, on the CPU, logging nowhere.

    ``extractor`` picks how it reads observations (:data:`EXTRACTORS`); ``overrides`` replace
    entries of :func:`algo_kwargs`. ``model.get_env()`` is its vectorised env, to close after use.
    """
    from stable_baselines3 import A2C, DQN, PPO
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
    policy, kwargs = _policy_and_kwargs(algo, extractor, make_env, n_envs=n)
    kwargs.update(dict(overrides or {}))
    model = classes[algo](policy, venv, seed=seed, verbose=0, device="cpu", **kwargs)
    # Without a logger of its own, SB3 makes an empty /tmp/SB3-<date> folder on every learn().
    model.set_logger(Logger(folder=None, output_formats=[]))
    return model


def _policy_and_kwargs(algo: str, extractor: str, make_env: Callable[[], RefineCodeSelectEnv], *,
                       n_envs: int) -> Tuple[Any, Dict[str, Any]]:
    """SB3's policy argument and the algorithm's keyword arguments for ``extractor``."""
    kwargs = algo_kwargs(algo, n_envs=n_envs)
    if extractor == "mlp":
        return "MlpPolicy", kwargs
    probe = make_env()
    k = probe.max_candidates
    probe.close()
    if extractor == "slots":
        kwargs["policy_kwargs"] = {"features_extractor_class": slot_extractor(),
                                   "features_extractor_kwargs": {"max_candidates": k}, "net_arch": [64]}
        return "MlpPolicy", kwargs
    kwargs["policy_kwargs"] = {"max_candidates": k}
    return per_slot_policy(), kwargs


class _LearningCurve:
    """The points of a learning curve: the greedy policy evaluated on every split of ``eval_envs``."""

    def __init__(self, model: Any, *, algo: str, preset: str, seed: int, eval_envs: Mapping[str, RefineCodeSelectEnv]) -> None:
        self.model, self.algo, self.preset, self.seed, self.eval_envs = model, algo, preset, seed, eval_envs
        self.points: List[CurvePoint] = []
        self.start = time.perf_counter()

    def record(self, steps: int, episodes: int) -> None:
        model = self.model
        train_return = None
        if model.ep_info_buffer:
            train_return = float(np.mean([ep["r"] for ep in model.ep_info_buffer]))
        for split, env in self.eval_envs.items():
            results = evaluate_actor(env, model_actor(model), policy=self.algo, preset=self.preset, seed=self.seed,
                                     episodes_per_problem=episodes)
            self.points.append(CurvePoint(algo=self.algo, preset=self.preset, seed=self.seed, timesteps=steps, split=split,
                                          train_episode_return=train_return, seconds=time.perf_counter() - self.start,
                                          episodes=len(results), **_summary(results)))


def _curve_callback(curve: _LearningCurve, *, timesteps: int, eval_every: int, curve_episodes: int,
                    on_step: Optional[Callable[[int], None]]) -> Any:
    """An SB3 callback that reports progress to ``on_step`` and records a curve point every ``eval_every`` steps."""
    from stable_baselines3.common.callbacks import BaseCallback

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
                curve.record(self.num_timesteps, curve_episodes)
            return True

    return _Curve()


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
    model = make_model(algo, make_env=make_env, seed=seed, n_envs=n_envs, vec=vec, extractor=extractor, overrides=overrides)
    curve = _LearningCurve(model, algo=algo, preset=preset, seed=seed, eval_envs=eval_envs)
    curve.record(0, curve_episodes)
    try:
        model.learn(total_timesteps=timesteps, callback=_curve_callback(
            curve, timesteps=timesteps, eval_every=eval_every, curve_episodes=curve_episodes, on_step=on_step))
        curve.record(model.num_timesteps, final_episodes or curve_episodes)
    finally:
        model.get_env().close()
    return model, curve.points
