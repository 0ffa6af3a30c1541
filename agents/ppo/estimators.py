"""Advantage estimators over a RolloutBatch, by name: each returns per-token (advantages, returns)."""

from __future__ import annotations

from typing import Callable, Dict, Tuple, Union

import torch

from refine_env._validation import did_you_mean

from . import advantages
from .buffer import RolloutBatch
from .config import PPOConfig

__all__ = ["AdvantageFn", "ESTIMATORS", "get_estimator", "turn_level_rewards", "turn_values"]

Tensor = torch.Tensor
AdvantageFn = Callable[[RolloutBatch, PPOConfig], Tuple[Tensor, Tensor]]
"""``fn(batch, config) -> (advantages, returns)``, both ``[episodes, tokens]`` and 0 off model tokens.

``batch.rewards`` already holds the per-token rewards (turn rewards on each turn's last model
token, minus ``kl_coef * KL`` on every model token when ``kl_in_reward``); ``returns`` is only
read by the value loss (critic estimators)."""


def turn_level_rewards(batch: RolloutBatch) -> Tensor:
    """Per-turn sums of the per-token rewards ``[episodes, turns]`` (a turn's reward plus its tokens' KL terms)."""
    out = torch.zeros_like(batch.turn_rewards)
    idx = batch.turn_index.clamp(min=0)
    on = (batch.turn_index >= 0).to(batch.rewards.dtype)
    return out.scatter_add(1, idx, batch.rewards * on)


def turn_values(batch: RolloutBatch) -> Tensor:
    """The value head's estimate at each turn's start: V before the turn's first model token ``[episodes, turns]``."""
    return torch.gather(batch.values, 1, batch.turn_first) * batch.turn_mask


def whiten_over_processes(x: Tensor, mask: Tensor, *, eps: float = 1e-8) -> Tensor:
    """:func:`~.advantages.masked_whiten` with the mean and (unbiased) std of the masked entries of every process's batch.

    Whitening per process would give each process its own scale: the update would no longer
    equal the one-process update on the whole batch.
    """
    from .distributed import all_reduce_sum, is_distributed

    if not is_distributed():
        return advantages.masked_whiten(x, mask, eps=eps)
    m = mask.bool()
    vals = x[m].double()
    n = all_reduce_sum(float(m.sum()))
    if n == 0:
        return torch.zeros_like(x)
    total = all_reduce_sum(float(vals.sum()))
    mean = total / n
    sq = all_reduce_sum(float(((vals - mean) ** 2).sum()))
    std = (sq / (n - 1)) ** 0.5 if n > 1 else 0.0
    return torch.where(m, (x - mean) / (std + eps), torch.zeros_like(x))


def _token_gae(batch: RolloutBatch, config: PPOConfig) -> Tuple[Tensor, Tensor]:
    adv, returns = advantages.gae(batch.rewards, batch.values, batch.action_mask, gamma=config.gamma, lam=config.gae_lambda)
    if config.normalize_advantages:
        adv = whiten_over_processes(adv, batch.action_mask)
    return adv, returns


def _episode_scores(batch: RolloutBatch) -> Tensor:
    return (batch.rewards * batch.action_mask).sum(dim=1)


def _grpo(batch: RolloutBatch, config: PPOConfig) -> Tuple[Tensor, Tensor]:
    adv = advantages.grpo_advantages(_episode_scores(batch), batch.groups, scale_by_std=config.scale_advantages_by_std)
    return advantages.broadcast_episodes(adv, batch.action_mask), torch.zeros_like(batch.rewards)


def _rloo(batch: RolloutBatch, config: PPOConfig) -> Tuple[Tensor, Tensor]:
    adv = advantages.rloo_advantages(_episode_scores(batch), batch.groups)
    return advantages.broadcast_episodes(adv, batch.action_mask), torch.zeros_like(batch.rewards)


def _turn_gae(batch: RolloutBatch, config: PPOConfig) -> Tuple[Tensor, Tensor]:
    adv_t, ret_t = advantages.gae(turn_level_rewards(batch), turn_values(batch), batch.turn_mask, gamma=config.gamma,
                                  lam=config.gae_lambda)
    adv = advantages.broadcast_turns(adv_t, batch.turn_index, batch.action_mask)
    # Every token of a turn regresses to the turn's return: the turn, not the token, is the decision.
    returns = advantages.broadcast_turns(ret_t, batch.turn_index, batch.action_mask)
    if config.normalize_advantages:
        adv = whiten_over_processes(adv, batch.action_mask)
    return adv, returns


def _turn_grpo(batch: RolloutBatch, config: PPOConfig) -> Tuple[Tensor, Tensor]:
    adv_t = advantages.turn_group_advantages(turn_level_rewards(batch), batch.turn_mask, batch.groups, gamma=config.gamma,
                                             scale_by_std=config.scale_advantages_by_std)
    return advantages.broadcast_turns(adv_t, batch.turn_index, batch.action_mask), torch.zeros_like(batch.rewards)


ESTIMATORS: Dict[str, AdvantageFn] = {
    "gae": _token_gae,
    "grpo": _grpo,
    "rloo": _rloo,
    "turn_gae": _turn_gae,
    "turn_grpo": _turn_grpo,
}


def get_estimator(name_or_fn: Union[str, AdvantageFn]) -> AdvantageFn:
    """An estimator by name (see :data:`ESTIMATORS`) or the function itself."""
    if callable(name_or_fn):
        return name_or_fn
    if name_or_fn not in ESTIMATORS:
        raise ValueError(f"Expected an advantage estimator among {tuple(ESTIMATORS)}, got {name_or_fn!r}"
                         f"{did_you_mean(name_or_fn, ESTIMATORS, aside=True)}")
    return ESTIMATORS[name_or_fn]
