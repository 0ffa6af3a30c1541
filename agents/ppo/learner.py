"""The learner: forward passes that score a rollout (old, reference logprobs, values, importance weights) and the PPO update."""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections import defaultdict
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence

import numpy as np
import torch
from torch import nn

from .buffer import RolloutBatch, mini_batches
from .config import PPOConfig
from .distributed import all_reduce_max, all_reduce_sum, full_tensor, world_size
from .losses import kl_penalty, rollout_importance_stats, rollout_importance_weights
from .metrics import PhaseMeter
from .model import PolicyOutput, PolicyValueModel, unwrap
from .objective import KLController, LossFn, ppo_objective

__all__ = ["Learner", "build_optimizer", "build_scheduler", "check_rollout_logprobs", "rollout_is_metrics"]

logger = logging.getLogger(__name__)

# Stats that ppo_objective aggregates with the mini-batch normaliser: summing them over
# micro-batches gives the mini-batch's value. The others are per-micro-batch means.
_ADDITIVE = ("loss/", "policy/entropy")


def build_optimizer(model: nn.Module, config: PPOConfig) -> torch.optim.Optimizer:
    """AdamW over the trainable weights; the critic (value head, and a separate critic body) gets ``value_learning_rate`` when set."""
    inner = unwrap(model)
    critic = [p for p in inner.critic_parameters() if p.requires_grad]
    head = {id(p) for p in critic}
    policy = [p for p in model.parameters() if p.requires_grad and id(p) not in head]
    groups: List[Dict[str, Any]] = [{"params": policy, "lr": config.learning_rate, "name": "policy"}]
    if head:
        lr = config.value_learning_rate if config.value_learning_rate is not None else config.learning_rate
        groups.append({"params": critic, "lr": lr, "name": "value_head"})
    if not policy:
        raise ValueError("Expected trainable policy weights, got none (all frozen?)")
    # foreach=False: the single-tensor path gives bit-identical results whatever the grouping,
    # which keeps resumed runs exact; for 4B models on GPUs set extra={"foreach": True} for speed.
    foreach = bool(config.extra.get("foreach", False))
    return torch.optim.AdamW(groups, lr=config.learning_rate, betas=config.adam_betas, eps=config.adam_eps,
                             weight_decay=config.weight_decay, foreach=foreach)


def build_scheduler(optimizer: torch.optim.Optimizer, config: PPOConfig) -> torch.optim.lr_scheduler.LambdaLR:
    """Learning-rate factor per PPO step: linear warmup, then constant, linear or cosine decay to 0 at ``total_steps``."""
    warmup, total, kind = config.warmup_steps, config.total_steps, config.lr_schedule

    def factor(step: int) -> float:
        if warmup and step < warmup:
            return (step + 1) / warmup
        if kind == "constant":
            return 1.0
        progress = min(1.0, (step - warmup) / max(1, total - warmup))
        if kind == "linear":
            return 1.0 - progress
        return 0.5 * (1.0 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def check_rollout_logprobs(backend: Any, config: PPOConfig) -> None:
    """Refuse an engine whose logprobs are not those of the sampling distribution when the importance weights need them.

    Backends report ``raw`` (temperature-1 log-softmax, vLLM's default) or ``processed``
    logprobs (after temperature, top-k, top-p: what the token was drawn from). The trainer's
    logprobs are at the sampling temperature, so at a temperature other than 1 only
    ``processed`` ones give meaningful importance weights (and ``rollout/logprob_diff``): raw
    ones at temperature 0.5 differ from identical weights' by about 0.25 nats per token.
    """
    mode = getattr(backend, "logprobs_mode", "raw")
    if config.rollout_is != "none" and config.temperature != 1.0 and mode != "processed":
        raise ValueError(
            f"Expected a rollout engine with logprobs_mode='processed' (logprobs at the sampling temperature) for "
            f"rollout_is={config.rollout_is!r} at temperature {config.temperature}, got logprobs_mode={mode!r}, whose "
            "logprobs are of the temperature-1 distribution; build the backend with logprobs_mode='processed' or set "
            "rollout_is='none'"
        )


def rollout_is_metrics(batch: RolloutBatch, config: PPOConfig) -> Dict[str, float]:
    """``rollout_is/{mean,max,clipfrac}`` of the step's importance weights (what they would be with ``rollout_is='none'``)."""
    level = config.rollout_is if config.rollout_is != "none" else "token"
    stats = rollout_importance_stats(batch.old_logprobs, batch.sampled_logprobs, batch.action_mask, level=level,
                                     cap=config.rollout_is_cap, log_clamp=config.log_ratio_clamp)
    return {f"rollout_is/{k}": v for k, v in stats.items()}


def _accumulate(stats: Dict[str, float], weights: Dict[str, float], micro_stats: Mapping[str, Any], tokens: float) -> None:
    """Add one micro-batch's loss statistics to its mini-batch's: additive ones summed, the others weighted by tokens."""
    for key, stat in micro_stats.items():
        if key.startswith(_ADDITIVE):
            stats[key] += float(stat)
            weights[key] = 1.0
        else:
            stats[key] += float(stat) * tokens
            weights[key] += tokens


class Learner:
    """Owns the trained model, the frozen reference, the optimiser and the scheduler.

    ``model`` may be wrapped (DDP, FSDP2). Every process calls :meth:`score` and :meth:`update`
    with its own rollout; counts of micro-batches are agreed between processes first (short
    ranks run fully masked micro-batches), because every forward and backward pass of a
    wrapped model is a collective.
    """

    def __init__(self, model: nn.Module, *, config: PPOConfig, device: torch.device, loss_fn: Optional[LossFn] = None,
                 ref_model: Optional[nn.Module] = None, meter: Optional[PhaseMeter] = None) -> None:
        self.model = model
        self.config = config
        self.device = device
        self.loss_fn: LossFn = loss_fn or ppo_objective
        self.ref_model = ref_model
        self.meter = meter
        self.optimizer = build_optimizer(model, config)
        self.scheduler = build_scheduler(self.optimizer, config)
        self.optimizer_steps = 0
        self.kl_controller = KLController(config.kl_coef, target=config.kl_target, horizon=config.kl_horizon)

    @property
    def ppo_steps(self) -> int:
        """PPO steps done (the scheduler advances once per step, and is checkpointed)."""
        return int(self.scheduler.last_epoch)

    @property
    def kl_coef(self) -> float:
        """The KL coefficient of the coming step (``config.kl_coef``, or the adaptive controller's value)."""
        return self.kl_controller.value

    def step_config(self) -> PPOConfig:
        """The config that the loss function sees this step: ``kl_coef`` is the controller's current value."""
        if not self.kl_controller.adaptive:
            return self.config
        return self.config.replace(kl_coef=self.kl_coef)

    def extra_state(self) -> Dict[str, Any]:
        """What a checkpoint must keep beyond the model, optimiser and scheduler (the KL controller)."""
        return {"kl_controller": self.kl_controller.state_dict()}

    def load_extra_state(self, state: Dict[str, Any]) -> None:
        if "kl_controller" in state:
            self.kl_controller.load_state_dict(state["kl_controller"])

    def _phase(self, name: str) -> contextlib.AbstractContextManager:
        return self.meter.phase(name) if self.meter is not None else contextlib.nullcontext()

    @property
    def inner(self) -> PolicyValueModel:
        return unwrap(self.model)

    def autocast(self) -> contextlib.AbstractContextManager:
        """bfloat16 autocast when ``config.bf16`` (FSDP on GPUs casts through its mixed-precision policy instead)."""
        fsdp_mp = self.config.distributed == "fsdp" and self.device.type == "cuda"
        if not self.config.bf16 or fsdp_mp:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16)

    def _forward(self, model: nn.Module, micro: RolloutBatch, *, with_entropy: bool, with_values: bool,
                 entropy_grad: bool = True) -> PolicyOutput:
        with self.autocast():
            return model(micro.input_ids, micro.attention_mask, micro.action_mask, temperature=self.config.temperature,
                         with_entropy=with_entropy, entropy_grad=entropy_grad, with_values=with_values)

    def _micro_batch(self, batch: RolloutBatch, rows: Optional[Sequence[int]], fallback: Sequence[int]) -> RolloutBatch:
        """The micro-batch ``rows``, or (None) a fully masked stand-in that keeps collectives in step."""
        if rows is not None:
            return batch.select(rows).to(self.device)
        micro = batch.select(fallback[:1]).to(self.device)
        return micro._replace(action_mask=torch.zeros_like(micro.action_mask))

    # -- score --------------------------------------------------------------------------------
    @torch.no_grad()
    def score(self, batch: RolloutBatch, micro_batches: Sequence[Sequence[int]]) -> RolloutBatch:
        """Old logprobs and values from the training model, reference logprobs from the frozen reference,
        and the rollout importance weights.

        Logprobs are ``log_softmax(logits / temperature)`` of each model-written token: what the
        update recomputes, so the first ratio is exactly 1. The engine's own logprobs (at the
        sampling temperature) give the truncated importance weights ``min(pi_old / pi_rollout,
        rollout_is_cap)`` of :func:`~refine_agents.ppo.losses.rollout_importance_weights`
        (phase ``rollout_is``) and the diagnostic ``rollout/logprob_diff``.
        """
        self.model.eval()
        old = torch.zeros_like(batch.old_logprobs)
        ref = torch.zeros_like(batch.ref_logprobs)
        values = torch.zeros_like(batch.values)
        n = all_reduce_max(len(micro_batches))
        for i in range(n):
            rows = micro_batches[i] if i < len(micro_batches) else None
            micro = self._micro_batch(batch, rows, micro_batches[0])
            out = self._forward(self.model, micro, with_entropy=False, with_values=self.config.uses_critic)
            ref_out = None
            if self.config.uses_reference:
                if self.ref_model is not None:
                    ref_out = self._forward(self.ref_model, micro, with_entropy=False, with_values=False)
                else:
                    with self.inner.adapters_disabled():
                        ref_out = self._forward(self.model, micro, with_entropy=False, with_values=False)
            if rows is None:
                continue
            index = torch.as_tensor(list(rows), dtype=torch.long)
            width = micro.input_ids.shape[1]
            old[index, :width] = out.logprobs.cpu() * micro.action_mask.cpu()
            if out.values is not None:
                values[index, :width] = out.values.cpu() * micro.action_mask.cpu()
            if ref_out is not None:
                ref[index, :width] = ref_out.logprobs.cpu() * micro.action_mask.cpu()
        with self._phase("rollout_is"):
            weights = rollout_importance_weights(old, batch.sampled_logprobs, batch.action_mask,
                                                 level=self.config.rollout_is, cap=self.config.rollout_is_cap,
                                                 log_clamp=self.config.log_ratio_clamp)
        return batch._replace(old_logprobs=old, ref_logprobs=ref, values=values, rollout_is_weights=weights)

    def observe_kl(self, batch: RolloutBatch) -> float:
        """The step's KL to the reference (mean over episodes of the per-token mean, over all processes); feeds the controller."""
        mask = batch.action_mask
        kl = kl_penalty(batch.old_logprobs, batch.ref_logprobs, estimator=self.config.kl_estimator) * mask
        counts = mask.sum(dim=1)
        rows = counts > 0
        per_episode = kl.sum(dim=1)[rows] / counts[rows]
        n = all_reduce_sum(float(rows.sum()))
        current = all_reduce_sum(float(per_episode.double().sum())) / n if n else 0.0
        self.kl_controller.update(current, int(n))
        return current

    # -- update -------------------------------------------------------------------------------
    def _units(self, batch: RolloutBatch, rows: Sequence[int]) -> float:
        mask = batch.action_mask[list(rows)]
        if self.config.loss_aggregation == "token-mean":
            return float(mask.sum())
        return float((mask.sum(dim=1) > 0).sum())

    def update(self, batch: RolloutBatch, micro_batches: Sequence[Sequence[int]], *, rng: np.random.Generator,
               progress: Optional[Callable[[], None]] = None,
               on_gradients: Optional[Callable[[nn.Module], None]] = None) -> Dict[str, float]:
        """``ppo_epochs`` passes; each mini-batch accumulates its micro-batches' gradients, clips and steps once.

        Returns means of the loss statistics, the gradient norm, the learning rate and the
        tokens forwarded per second. The scheduler advances once per call (one PPO step).
        ``progress()`` is called after each optimiser step; ``on_gradients(model)`` before it,
        with the mini-batch's accumulated (unclipped) gradients in place, to inspect them.

        During the first ``critic_warmup_steps`` PPO steps only the critic's weights are stepped
        (the policy's gradients are dropped before the optimiser step). The entropy is computed
        with a gradient when ``entropy_coef > 0``, else without one every ``entropy_log_every``
        steps (for the logs) and not at all otherwise. Under FSDP2 gradients are reduced only
        on a mini-batch's last micro-batch (``set_requires_gradient_sync``), under DDP the same
        with ``no_sync``. With adaptive KL the controller moves after the step.
        """
        config = self.step_config()
        step_index = self.ppo_steps
        critic_only = step_index < config.critic_warmup_steps
        entropy_grad = config.entropy_coef > 0
        with_entropy = entropy_grad or (config.entropy_log_every > 0 and step_index % config.entropy_log_every == 0)
        self.model.train()
        sums: Dict[str, float] = defaultdict(float)
        weights: Dict[str, float] = defaultdict(float)
        grad_norms: List[float] = []
        tokens = 0
        start = time.perf_counter()
        for _epoch in range(config.ppo_epochs):
            plan = list(mini_batches(micro_batches, episodes_per_mini_batch=config.mini_batch_size, rng=rng))
            n_mini_batches = all_reduce_max(len(plan))
            for m in range(n_mini_batches):
                mini_batch = plan[m] if m < len(plan) else []
                units = sum(self._units(batch, rows) for rows in mini_batch)
                normalizer = all_reduce_sum(units) / world_size()
                n_micro = all_reduce_max(len(mini_batch))
                mini_batch_stats: Dict[str, float] = defaultdict(float)
                mini_batch_weights: Dict[str, float] = defaultdict(float)
                for i in range(n_micro):
                    rows = mini_batch[i] if i < len(mini_batch) else None
                    micro = self._micro_batch(batch, rows, micro_batches[0])
                    with self._gradient_sync(last=i == n_micro - 1):
                        out = self._forward(self.model, micro, with_entropy=with_entropy, entropy_grad=entropy_grad,
                                            with_values=config.uses_critic)
                        result = self.loss_fn(out, micro, config, normalizer=max(normalizer, 1e-12))
                        result.loss.backward()
                    if rows is None:
                        continue
                    tokens += int(micro.attention_mask.sum())
                    _accumulate(mini_batch_stats, mini_batch_weights, result.stats, float(micro.action_mask.sum()))
                if critic_only:
                    self._drop_policy_gradients()
                if on_gradients is not None:
                    on_gradients(self.model)
                grad_norms.append(self._step())
                for key, value in mini_batch_stats.items():
                    if mini_batch_weights[key] > 0:
                        sums[key] += value / mini_batch_weights[key]
                        weights[key] += 1.0
                if progress is not None:
                    progress()
        self.scheduler.step()
        elapsed = time.perf_counter() - start
        out_stats = {k: sums[k] / weights[k] for k in sums if weights[k] > 0}
        if config.uses_reference:
            out_stats["kl/coef"] = self.kl_coef
            out_stats["kl/controller_kl"] = self.observe_kl(batch)
        if config.critic_warmup_steps:
            out_stats["optim/critic_only"] = float(critic_only)
        out_stats["optim/grad_norm"] = float(np.mean(grad_norms)) if grad_norms else 0.0
        out_stats["optim/lr"] = float(self.optimizer.param_groups[0]["lr"])
        out_stats["optim/steps"] = float(self.optimizer_steps)
        out_stats["tokens/update"] = float(tokens)
        out_stats["tokens/update_per_s"] = tokens / elapsed if elapsed > 0 else 0.0
        return out_stats

    @contextlib.contextmanager
    def _gradient_sync(self, *, last: bool) -> Iterator[None]:
        """Reduce gradients across processes only on a mini-batch's last micro-batch (accumulate locally before)."""
        model: Any = self.model
        if hasattr(model, "set_requires_gradient_sync"):  # FSDP2: no reduce-scatter until the last micro-batch
            model.set_requires_gradient_sync(last)
            try:
                yield
            finally:
                model.set_requires_gradient_sync(True)
        elif not last and hasattr(model, "no_sync"):  # DDP: all-reduce only on the last micro-batch
            with model.no_sync():
                yield
        else:
            yield

    def _drop_policy_gradients(self) -> None:
        """Critic warmup: AdamW skips weights without a gradient, so only the critic steps (no decay either)."""
        for group in self.optimizer.param_groups:
            if group.get("name") == "policy":
                for p in group["params"]:
                    p.grad = None

    def _step(self) -> float:
        params = [p for group in self.optimizer.param_groups for p in group["params"]]
        norm: Any
        if self.config.max_grad_norm is not None:
            norm = torch.nn.utils.clip_grad_norm_(params, self.config.max_grad_norm)
        else:
            grads = [p.grad.detach().float().norm() for p in params if p.grad is not None]
            norm = torch.stack(grads).norm() if grads else torch.zeros(())
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        self.optimizer_steps += 1
        return float(full_tensor(norm).item() if hasattr(norm, "full_tensor") else norm)
