"""The PPO objective assembled from the pure losses (clipped policy loss, value loss, KL, entropy) and the KL coefficient's controller."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import torch

from .buffer import RolloutBatch
from .config import PPOConfig
from .losses import LossOutput, aggregate, kl_penalty, policy_loss, value_loss
from .model import PolicyOutput

__all__ = ["LossFn", "ppo_objective", "KLController"]

LossFn = Callable[..., LossOutput]
"""``fn(output, batch, config, *, normalizer) -> LossOutput``: the loss of one micro-batch.

``output`` is the model's :class:`PolicyOutput` on ``batch`` (a micro-batch of the rollout with
advantages filled); ``normalizer`` is the mini-batch's count of tokens (``token-mean``) or
sequences (other aggregations) over all processes, divided by the number of processes, to pass
to :func:`~refine_agents.ppo.losses.aggregate` so that accumulated gradients equal one big batch's."""


def ppo_objective(output: PolicyOutput, batch: RolloutBatch, config: PPOConfig, *, normalizer: float) -> LossOutput:
    """``L = L_clip + vf_coef * L_V + kl_coef * KL - entropy_coef * H`` over model-written tokens only.

    ``L_clip`` is the clipped surrogate with the log-ratio clamp and dual clip of ``config``,
    each token weighted by its rollout importance weight (``rollout_is``); ``kl_coef`` is the
    coefficient of this step (the adaptive controller's value when ``kl_target`` is set: the
    learner passes a config carrying it).
    """
    mask = batch.action_mask
    mode, max_tokens = config.loss_aggregation, config.max_new_tokens * config.max_turns
    # The rollout engine sampled the tokens; the importance weights (filled in the score pass) correct
    # for its difference from pi_old. A batch that was never scored carries weights of 1.
    weights = batch.rollout_is_weights if config.rollout_is != "none" else None
    pg = policy_loss(output.logprobs, batch.old_logprobs, batch.advantages, mask, clip_eps=config.clip_eps,
                     clip_eps_high=config.clip_eps_high, dual_clip=config.dual_clip,
                     log_ratio_clamp=config.log_ratio_clamp, is_weights=weights, mode=mode, normalizer=normalizer,
                     max_tokens=max_tokens)
    loss = pg.loss
    stats = {"loss/policy": pg.loss.detach(), **{f"policy/{k}": v for k, v in pg.stats.items()}}
    if config.uses_critic:
        if output.values is None:
            raise ValueError(f"Expected values from a value head for advantage_estimator={config.advantage_estimator!r}, got none")
        vf = value_loss(output.values, batch.values, batch.returns, mask, clip=config.value_clip, mode=mode,
                        normalizer=normalizer, max_tokens=max_tokens)
        loss = loss + config.vf_coef * vf.loss
        stats["loss/value"] = vf.loss.detach()
        stats.update({f"value/{k}": v for k, v in vf.stats.items()})
    if config.uses_reference:
        kl = aggregate(kl_penalty(output.logprobs, batch.ref_logprobs, estimator=config.kl_estimator), mask, mode=mode,
                       normalizer=normalizer, max_tokens=max_tokens)
        if not config.kl_in_reward:
            loss = loss + config.kl_coef * kl
        stats["loss/kl"] = kl.detach()
    if output.entropy is not None:
        entropy = aggregate(output.entropy, mask, mode=mode, normalizer=normalizer, max_tokens=max_tokens)
        if config.entropy_coef:
            loss = loss - config.entropy_coef * entropy
        stats["policy/entropy"] = entropy.detach()
    stats["loss/total"] = loss.detach()
    return LossOutput(loss, {k: torch.as_tensor(v).detach() for k, v in stats.items()})


class KLController:
    """The KL coefficient of each PPO step: fixed, or adaptive (Ziegler et al. 2019, "Fine-Tuning Language Models
    from Human Preferences", section 2.2; verl's ``AdaptiveKLController``).

    Adaptive: after each step, ``kl_coef *= 1 + clip(KL / target - 1, -0.2, 0.2) * n / horizon``
    where KL is the step's measured KL to the reference (the mean over episodes of the per-token
    mean, verl's definition) and ``n`` the step's episodes: the coefficient rises while the
    policy runs further from the reference than the target and falls while it stays closer.
    """

    def __init__(self, init: float, *, target: Optional[float] = None, horizon: int = 10000) -> None:
        if target is not None and target <= 0:
            raise ValueError(f"Expected target to be None or > 0, got {target!r}")
        if horizon < 1:
            raise ValueError(f"Expected horizon >= 1, got {horizon!r}")
        self.value = float(init)
        self.target = target
        self.horizon = horizon

    @property
    def adaptive(self) -> bool:
        return self.target is not None

    def update(self, current_kl: float, n_steps: int) -> None:
        """Move the coefficient after a step whose measured KL was ``current_kl`` over ``n_steps`` episodes."""
        if self.target is None:
            return
        error = min(max(current_kl / self.target - 1.0, -0.2), 0.2)
        self.value *= 1.0 + error * n_steps / self.horizon

    def state_dict(self) -> Dict[str, Any]:
        return {"value": self.value}

    def load_state_dict(self, state: Dict[str, Any]) -> None:
        self.value = float(state["value"])
