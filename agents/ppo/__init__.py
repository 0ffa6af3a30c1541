"""PPO for LLM policies on RefineCode: multi-turn, masked, GAE/GRPO/RLOO/turn-level, LoRA or full, one process or FSDP.

Imports torch: this is the training package. The pieces:

- :mod:`.config`: :class:`PPOConfig`
- :mod:`.advantages`, :mod:`.losses`: pure tensor functions (GAE, GRPO, RLOO, turn-level; clipped
  policy loss with dual clip and rollout importance weights, value loss, KL estimators, entropy, aggregation)
- :mod:`.estimators`, :mod:`.objective`: those assembled per batch, swappable by passing a function
- :mod:`.rollout`, :mod:`.curriculum`, :mod:`.scoring`: episodes, starts (scratch/mutant/draft), turn rewards
- :mod:`.buffer`: :class:`RolloutBatch`, length-packed micro-batches
- :mod:`.model`, :mod:`.learner`, :mod:`.trainer`: value head, update, the loop
- :mod:`.environments`, :mod:`.validation`: the problems, judge and envs a run plays; held-out validation episodes
- :mod:`.checkpoint`, :mod:`.metrics`, :mod:`.distributed`, :mod:`.weight_sync`, :mod:`.warm_start`
"""

from __future__ import annotations

from .buffer import RolloutBatch, build_batch, pack_by_length
from .config import PPOConfig
from .estimators import ESTIMATORS, AdvantageFn, get_estimator
from .losses import LossOutput, aggregate, entropy_from_logits, kl_penalty, policy_loss, rollout_importance_weights, value_loss
from .model import PolicyOutput, PolicyValueModel, load_policy_model
from .objective import KLController, LossFn, ppo_objective
from .rollout import Episode, EpisodeStart, run_episodes
from .trainer import PPOTrainer

__all__ = [
    "PPOConfig",
    "PPOTrainer",
    "RolloutBatch",
    "build_batch",
    "pack_by_length",
    "ESTIMATORS",
    "AdvantageFn",
    "get_estimator",
    "LossFn",
    "LossOutput",
    "ppo_objective",
    "aggregate",
    "policy_loss",
    "value_loss",
    "kl_penalty",
    "entropy_from_logits",
    "rollout_importance_weights",
    "KLController",
    "PolicyOutput",
    "PolicyValueModel",
    "load_policy_model",
    "Episode",
    "EpisodeStart",
    "run_episodes",
]
