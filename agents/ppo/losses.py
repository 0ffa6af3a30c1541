"""PPO losses as pure functions of per-token tensors and a mask: policy, importance weights, value, KL, entropy, aggregation."""

from __future__ import annotations

import math
from typing import Dict, NamedTuple, Optional

import torch

__all__ = [
    "LossOutput",
    "aggregate",
    "policy_loss",
    "rollout_importance_weights",
    "rollout_importance_stats",
    "value_loss",
    "kl_penalty",
    "entropy_from_logits",
    "explained_variance",
]

Tensor = torch.Tensor

AGGREGATIONS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


class LossOutput(NamedTuple):
    """A loss to backpropagate and detached statistics to log."""

    loss: Tensor
    """Scalar: the term's contribution to the objective (already aggregated)."""
    stats: Dict[str, Tensor]
    """Detached scalars (means over the mask) for logging."""


def _zero_off_mask(values: Tensor, mask: Tensor) -> Tensor:
    # where(), not values * mask: an inf or nan on an environment token (mask 0) must not leak as nan.
    return torch.where(mask.bool(), values, torch.zeros_like(values))


def aggregate(values: Tensor, mask: Tensor, *, mode: str = "token-mean", normalizer: Optional[float] = None,
              max_tokens: Optional[int] = None) -> Tensor:
    """Reduce per-token losses ``[rows, tokens]`` to a scalar over the tokens where ``mask`` is 1.

    - ``token-mean``: sum over all masked tokens / number of masked tokens (long answers weigh more).
    - ``seq-mean-token-mean``: mean per sequence, then mean over sequences (GRPO's original form).
    - ``seq-mean-token-sum``: sum per sequence, then mean over sequences.
    - ``seq-mean-token-sum-norm``: sum over tokens / (sequences * ``max_tokens``), Dr. GRPO's
      length-unbiased constant normaliser.

    ``normalizer`` replaces the count in the denominator (tokens for ``token-mean``, sequences
    for the others) so that gradients accumulated over micro-batches and averaged over
    processes equal those of one big batch: the trainer passes the mini-batch's count over all
    processes divided by the number of processes. Rows without masked tokens count as no
    sequence.
    """
    if values.shape != mask.shape:
        raise ValueError(f"Expected values and mask of one shape, got {tuple(values.shape)} and {tuple(mask.shape)}")
    if mode not in AGGREGATIONS:
        raise ValueError(f"Expected mode to be one of {AGGREGATIONS}, got {mode!r}")
    m = mask.bool()
    masked = _zero_off_mask(values, m)
    token_counts = m.sum(dim=-1)
    if mode == "token-mean":
        denom = float(normalizer) if normalizer is not None else float(token_counts.sum())
        return masked.sum() / max(denom, 1e-12) if denom > 0 else masked.sum() * 0.0
    rows = token_counts > 0
    denom = float(normalizer) if normalizer is not None else float(rows.sum())
    if denom <= 0:
        return masked.sum() * 0.0
    per_seq = masked.sum(dim=-1)
    if mode == "seq-mean-token-mean":
        per_seq = per_seq / token_counts.clamp(min=1).to(per_seq.dtype)
    elif mode == "seq-mean-token-sum-norm":
        if max_tokens is None or max_tokens < 1:
            raise ValueError(f"Expected max_tokens >= 1 for seq-mean-token-sum-norm (the constant length), got {max_tokens!r}")
        per_seq = per_seq / float(max_tokens)
    return per_seq.sum() / denom


def policy_loss(logprobs: Tensor, old_logprobs: Tensor, advantages: Tensor, mask: Tensor, *, clip_eps: float = 0.2,
                clip_eps_high: Optional[float] = None, dual_clip: Optional[float] = None, log_ratio_clamp: float = 20.0,
                is_weights: Optional[Tensor] = None, mode: str = "token-mean", normalizer: Optional[float] = None,
                max_tokens: Optional[int] = None) -> LossOutput:
    """PPO's clipped surrogate, per token: ``max(-A * ratio, -A * clip(ratio, 1 - eps, 1 + eps_high))``.

    ``ratio = exp(clamp(logprobs - old_logprobs, -log_ratio_clamp, log_ratio_clamp))``: the clamp
    (verl's +-20) keeps one token whose probability rose by e^100 from overflowing to an infinite
    loss; the clamped token gets no gradient. With ``dual_clip = c`` (dual-clip PPO, Ye et al.
    2020, "Mastering Complex Control in MOBA Games with Deep RL"; verl's ``clip_ratio_c``), a
    token with ``A < 0`` loses at most ``-A * c``: the ordinary clip bounds ratios only in the
    direction the advantage pulls, so a negative-advantage token whose ratio exploded would
    otherwise dominate the batch. ``is_weights`` (detached, e.g. :func:`rollout_importance_weights`)
    multiply each token's loss, as verl's and TRL's truncated importance sampling do.

    Tokens with mask 0 (environment feedback, chat template, padding) contribute nothing
    whatever their advantage or logprob. Stats: ``clipfrac`` (share of tokens where the clipped
    term was the active one), ``dual_clipfrac`` (share where the dual clip was), ``approx_kl``
    (``k3`` between old and new policy), ``ratio`` (mean).
    """
    high = clip_eps if clip_eps_high is None else clip_eps_high
    m = mask.bool()
    log_ratio = _zero_off_mask(logprobs - old_logprobs, m).clamp(-log_ratio_clamp, log_ratio_clamp)
    ratio = torch.exp(log_ratio)
    adv = _zero_off_mask(advantages, m)
    unclipped = -adv * ratio
    clipped = -adv * torch.clamp(ratio, 1.0 - clip_eps, 1.0 + high)
    per_token = torch.maximum(unclipped, clipped)
    dual_active = torch.zeros_like(m)
    if dual_clip is not None:
        bound = -adv * dual_clip
        dual_active = (adv < 0) & (per_token > bound)
        per_token = torch.where(adv < 0, torch.minimum(per_token, bound), per_token)
    if is_weights is not None:
        if is_weights.shape != per_token.shape:
            raise ValueError(f"Expected is_weights of shape {tuple(per_token.shape)}, got {tuple(is_weights.shape)}")
        per_token = per_token * _zero_off_mask(is_weights.detach().to(per_token.dtype), m)
    loss = aggregate(per_token, m, mode=mode, normalizer=normalizer, max_tokens=max_tokens)
    with torch.no_grad():
        n = m.sum().clamp(min=1)
        stats = {
            "clipfrac": ((clipped > unclipped) & m).sum() / n,
            "dual_clipfrac": (dual_active & m).sum() / n,
            "approx_kl": _zero_off_mask(torch.exp(-log_ratio) - 1 + log_ratio, m).sum() / n,
            "ratio": _zero_off_mask(ratio, m).sum() / n,
        }
    return LossOutput(loss, stats)


def rollout_importance_weights(old_logprobs: Tensor, rollout_logprobs: Tensor, mask: Tensor, *, level: str = "token",
                               cap: float = 2.0, log_clamp: float = 20.0) -> Tensor:
    """Truncated importance weights of the tokens the rollout engine sampled: ``min(pi_old / pi_rollout, cap)``.

    The tokens were drawn by the engine (vLLM in bf16 with LoRA merged, a copy a push behind),
    not by the trainer's ``pi_old`` that the PPO ratio is taken against; the weight corrects
    the difference (Yao et al. 2025, "Your Efficient RL Framework Secretly Brings You
    Off-Policy RL Training"; verl ``rollout_is``/``rollout_is_threshold``, TRL
    ``vllm_importance_sampling_correction``/``_cap``). ``level="token"``: each token's own ratio;
    ``"sequence"``: one weight per row from the sum of its tokens' log ratios; ``"none"``: 1.
    Log ratios are clamped to ``[-log_clamp, log_clamp]`` before exp (verl's exp(+-20) bounds).
    Returns ``[rows, tokens]`` weights, 0 where ``mask`` is 0.
    """
    if old_logprobs.shape != rollout_logprobs.shape or old_logprobs.shape != mask.shape:
        raise ValueError(f"Expected tensors of one shape, got {tuple(old_logprobs.shape)}, {tuple(rollout_logprobs.shape)} "
                         f"and {tuple(mask.shape)}")
    m = mask.bool()
    if level == "none":
        return m.to(old_logprobs.dtype)
    log_w = _zero_off_mask(old_logprobs - rollout_logprobs, m)
    if level == "sequence":
        log_w = log_w.sum(dim=-1, keepdim=True).expand_as(log_w)
    elif level != "token":
        raise ValueError(f"Expected level to be one of ('token', 'sequence', 'none'), got {level!r}")
    weights = torch.exp(log_w.clamp(-log_clamp, log_clamp)).clamp(max=cap)
    return _zero_off_mask(weights, m)


def rollout_importance_stats(old_logprobs: Tensor, rollout_logprobs: Tensor, mask: Tensor, *, level: str = "token",
                             cap: float = 2.0, log_clamp: float = 20.0) -> Dict[str, float]:
    """``mean`` of the truncated weights, ``max`` of the untruncated ones, ``clipfrac`` (share truncated), over masked tokens."""
    m = mask.bool()
    if not bool(m.any()) or level == "none":
        return {"mean": 1.0, "max": 1.0, "clipfrac": 0.0}
    raw = rollout_importance_weights(old_logprobs, rollout_logprobs, mask, level=level, cap=math.inf, log_clamp=log_clamp)
    truncated = raw.clamp(max=cap)
    return {"mean": float(truncated[m].mean()), "max": float(raw[m].max()), "clipfrac": float((raw[m] > cap).float().mean())}


def value_loss(values: Tensor, old_values: Tensor, returns: Tensor, mask: Tensor, *, clip: Optional[float] = 0.2,
               mode: str = "token-mean", normalizer: Optional[float] = None, max_tokens: Optional[int] = None) -> LossOutput:
    """Clipped value loss, per token: ``0.5 * max((V - R)^2, (clip(V, V_old - c, V_old + c) - R)^2)``.

    ``clip=None`` gives the plain ``0.5 * (V - R)^2``. Stats: ``vf_clipfrac``, ``value_error``
    (mean squared error).
    """
    m = mask.bool()
    v = _zero_off_mask(values, m)
    old = _zero_off_mask(old_values, m)
    ret = _zero_off_mask(returns, m)
    unclipped = (v - ret) ** 2
    if clip is None:
        per_token = 0.5 * unclipped
        clipped_active = torch.zeros_like(m)
    else:
        v_clipped = old + torch.clamp(v - old, -clip, clip)
        clipped = (v_clipped - ret) ** 2
        per_token = 0.5 * torch.maximum(unclipped, clipped)
        clipped_active = clipped > unclipped
    loss = aggregate(per_token, m, mode=mode, normalizer=normalizer, max_tokens=max_tokens)
    with torch.no_grad():
        n = m.sum().clamp(min=1)
        stats = {"vf_clipfrac": (clipped_active & m).sum() / n, "value_error": _zero_off_mask(unclipped, m).sum() / n}
    return LossOutput(loss, stats)


def kl_penalty(logprobs: Tensor, ref_logprobs: Tensor, *, estimator: str = "k3") -> Tensor:
    """Per-token estimate of KL(pi_theta || pi_ref) from the sampled tokens' logprobs (John Schulman's k1/k2/k3).

    With ``log r = ref_logprobs - logprobs``: ``k1 = -log r`` (unbiased, can be negative),
    ``k2 = (log r)^2 / 2`` (biased, low variance), ``k3 = r - 1 - log r`` (unbiased, >= 0;
    the log ratio is clamped to [-20, 20] so that exp cannot overflow). ``none`` gives zeros.
    http://joschu.net/blog/kl-approx.html

    As a *loss* on tokens sampled from the policy, k1's gradient ``grad log pi`` has expected
    value 0 (the score-function identity): it estimates the KL but does not push towards the
    reference. k2's gradient ``log(pi/pi_ref) grad log pi`` is the on-policy gradient of
    KL(pi || pi_ref) and k3's is that of KL(pi_ref || pi); k1 belongs in the reward
    (``kl_in_reward``), where the return carries it. ``PPOConfig`` refuses k1 as a loss.
    """
    if estimator == "none":
        return torch.zeros_like(logprobs)
    log_r = ref_logprobs - logprobs
    if estimator == "k1":
        return -log_r
    if estimator == "k2":
        return 0.5 * log_r * log_r
    if estimator == "k3":
        log_r = log_r.clamp(-20.0, 20.0)
        return torch.exp(log_r) - 1 - log_r
    raise ValueError(f"Expected estimator to be one of ('k1', 'k2', 'k3', 'none'), got {estimator!r}")


def entropy_from_logits(logits: Tensor) -> Tensor:
    """Entropy of the softmax over the last dimension, in float32: ``logsumexp(z) - sum softmax(z) * z``."""
    z = logits.float()
    p = torch.softmax(z, dim=-1)
    return torch.logsumexp(z, dim=-1) - (p * z).sum(dim=-1)


def explained_variance(values: Tensor, returns: Tensor, mask: Tensor) -> float:
    """``1 - Var(R - V) / Var(R)`` over masked entries: 1 is a perfect critic, 0 no better than a constant (nan if Var(R) = 0)."""
    m = mask.bool()
    if int(m.sum()) < 2:
        return float("nan")
    r = returns[m].double()
    v = values[m].double()
    var_r = r.var(unbiased=True)
    if float(var_r) == 0.0:
        return float("nan")
    return float(1 - (r - v).var(unbiased=True) / var_r)
