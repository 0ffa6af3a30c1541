"""The trained model: a causal LM (optionally with LoRA adapters) plus a value head on its hidden states (or a critic body's)."""

from __future__ import annotations

import contextlib
import copy
import logging
from typing import Any, Iterator, NamedTuple, Optional, Tuple

import torch
from torch import nn

__all__ = ["PolicyOutput", "PolicyValueModel", "load_policy_model", "build_reference", "unwrap", "is_peft"]

logger = logging.getLogger(__name__)

Tensor = torch.Tensor


class PolicyOutput(NamedTuple):
    """Per-token outputs aligned with ``input_ids`` (entry t concerns token t), 0 where not computed."""

    logprobs: Tensor
    """log_softmax(logits / temperature) of token t given tokens before t, on masked tokens (float32)."""
    entropy: Optional[Tensor]
    """Entropy of that distribution, on masked tokens (float32); None when not asked for."""
    values: Optional[Tensor]
    """V(tokens before t) from the value head, on every position (float32); None without a value head."""


def is_peft(module: nn.Module) -> bool:
    """Whether ``module`` is a peft model (LoRA adapters)."""
    try:
        from peft import PeftModel
    except ImportError:
        return False
    return isinstance(module, PeftModel)


def unwrap(model: nn.Module) -> PolicyValueModel:
    """The :class:`PolicyValueModel` inside a DDP wrapper (FSDP2 wraps in place, so it is the model itself)."""
    inner = getattr(model, "module", model)
    if not isinstance(inner, PolicyValueModel):
        raise TypeError(f"Expected a PolicyValueModel (possibly wrapped), got {type(inner).__name__}")
    return inner


CRITIC_BACKBONES = ("detached", "shared", "separate")


class PolicyValueModel(nn.Module):
    """A causal LM and, for critic estimators, a value head ``Linear(hidden, 1)`` on hidden states.

    :meth:`forward` runs the decoder once and applies the LM head only at the positions that
    predict model-written tokens: logits over a 150k vocabulary for every template and feedback
    token would cost gigabytes at 4B scale and are never used. The value head reads every
    position (cheap). This module is the root that FSDP wraps, so its forward is where sharded
    root parameters (embeddings, final norm, LM head, value head) are gathered.

    ``critic_backbone`` says what the value head reads: ``detached`` (default) the policy's last
    hidden states with the gradient stopped, so the value loss trains the head alone and never
    moves the policy; ``shared`` the same states with the gradient flowing into the policy's
    body (the value loss then trains the policy at the policy's learning rate); ``separate`` the
    last hidden states of ``critic_body``, a copy of the decoder made at construction (its own
    weights, trained with the value head at ``value_learning_rate``; under LoRA a copy of the
    frozen base with its own adapters), as verl and OpenRLHF keep a critic model apart.
    """

    def __init__(self, lm: nn.Module, *, value_head: bool, critic_backbone: str = "detached") -> None:
        super().__init__()
        if critic_backbone not in CRITIC_BACKBONES:
            raise ValueError(f"Expected critic_backbone to be one of {CRITIC_BACKBONES}, got {critic_backbone!r}")
        self.lm: Any = lm  # a transformers causal LM or a peft model (duck-typed: get_decoder, disable_adapter)
        hidden = int(self._config().hidden_size)
        self.logit_chunk = 2048
        """Positions whose logits are computed at once (see :meth:`_token_stats`)."""
        self.critic_backbone = critic_backbone
        self.v_head: Optional[nn.Linear] = None
        self.critic_body: Optional[nn.Module] = None
        if value_head:
            self.v_head = nn.Linear(hidden, 1)
            # Zero init: values start at 0 and the first updates do not swing the advantages.
            nn.init.zeros_(self.v_head.weight)
            nn.init.zeros_(self.v_head.bias)
            if critic_backbone == "separate":
                self.critic_body = copy.deepcopy(lm.get_decoder())

    def critic_parameters(self) -> Iterator[nn.Parameter]:
        """The critic's weights: the value head and, with a separate critic, its body."""
        if self.v_head is not None:
            yield from self.v_head.parameters()
        if self.critic_body is not None:
            yield from self.critic_body.parameters()

    def _config(self) -> Any:
        return self.lm.config

    @property
    def peft(self) -> bool:
        return is_peft(self.lm)

    def decoder(self) -> nn.Module:
        """The transformer body (embeddings, layers, final norm), LoRA layers included."""
        return self.lm.get_decoder()

    def lm_head(self) -> nn.Module:
        return self.lm.get_output_embeddings()

    @contextlib.contextmanager
    def adapters_disabled(self) -> Iterator[None]:
        """With LoRA: run as the frozen base model (the reference policy, for free); else a no-op."""
        if self.peft:
            with self.lm.disable_adapter():
                yield
        else:
            yield

    def _token_stats(self, h: Tensor, tokens: Tensor, *, temperature: float, with_entropy: bool,
                     entropy_grad: bool = True) -> Tuple[Tensor, Optional[Tensor]]:
        """Logprob of each target token (and the entropy) from hidden states ``[N, H]``, ``logit_chunk`` positions at a time.

        A 150k-token vocabulary makes float32 logits 0.6 MB per position: 4,096 model tokens
        would hold 2.5 GB of logits plus as much again for the log-softmax kept for backward.
        Each chunk runs under activation checkpointing, so only one chunk's vocabulary-sized
        tensors exist at a time, in the forward and in the backward pass. ``entropy_grad=False``
        computes the entropy without a graph (for the logs, when it is not in the loss).

        The logits are divided by the sampling temperature before the softmax, as verl's actor
        does (``logits.div_(temperature)``): the PPO ratio and the importance weights compare
        the distribution the tokens were actually sampled from.
        """
        head = self.lm_head()

        def stats(hc: Tensor, tc: Tensor) -> Tuple[Tensor, Tensor]:
            logits = head(hc).float()
            if temperature != 1.0:
                logits = logits / temperature
            logp = torch.log_softmax(logits, dim=-1)
            picked = logp.gather(-1, tc.unsqueeze(-1)).squeeze(-1)
            if not with_entropy:
                return picked, picked.new_zeros(())
            if entropy_grad:
                return picked, -(logp.exp() * logp).sum(dim=-1)
            with torch.no_grad():
                return picked, -(logp.exp() * logp).sum(dim=-1)

        if h.shape[0] <= self.logit_chunk:
            picked, ent = stats(h, tokens)
            return picked, ent if with_entropy else None
        pieces, ents = [], []
        for start in range(0, h.shape[0], self.logit_chunk):
            hc, tc = h[start:start + self.logit_chunk], tokens[start:start + self.logit_chunk]
            if torch.is_grad_enabled():
                from torch.utils.checkpoint import checkpoint

                p, e = checkpoint(stats, hc, tc, use_reentrant=False)
            else:
                p, e = stats(hc, tc)
            pieces.append(p)
            ents.append(e)
        return torch.cat(pieces), torch.cat(ents) if with_entropy else None

    def forward(self, input_ids: Tensor, attention_mask: Tensor, action_mask: Tensor, *, temperature: float = 1.0,
                with_entropy: bool = False, entropy_grad: bool = True, with_values: bool = True) -> PolicyOutput:
        body = self.decoder()(input_ids=input_ids, attention_mask=attention_mask, use_cache=False)
        hidden = body.last_hidden_state  # [B, T, H], after the final norm
        batch, width = input_ids.shape
        # Position t-1 predicts token t: select the positions before model-written tokens.
        targets = action_mask[:, 1:].bool()
        h = hidden[:, :-1][targets]
        tokens = input_ids[:, 1:][targets]
        picked, ent = self._token_stats(h, tokens, temperature=temperature, with_entropy=with_entropy,
                                        entropy_grad=entropy_grad)
        shifted = torch.zeros((batch, width), dtype=torch.bool, device=hidden.device)
        shifted[:, 1:] = targets
        logprobs = torch.zeros((batch, width), dtype=torch.float32, device=hidden.device).masked_scatter(shifted, picked)
        entropy = None
        if ent is not None:
            entropy = torch.zeros((batch, width), dtype=torch.float32, device=hidden.device).masked_scatter(shifted, ent)
        values = None
        if with_values and self.v_head is not None:
            if self.critic_body is not None:
                v_in = self.critic_body(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).last_hidden_state
            elif self.critic_backbone == "detached":
                v_in = hidden.detach()  # the value loss trains the head, never the policy
            else:
                v_in = hidden
            v = self.v_head(v_in[:, :-1].to(self.v_head.weight.dtype)).squeeze(-1).float()
            values = torch.zeros((batch, width), dtype=torch.float32, device=hidden.device)
            values[:, 1:] = v
        return PolicyOutput(logprobs, entropy, values)


def _torch_dtype(name: str) -> torch.dtype:
    return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[name]


def load_policy_model(
    model: Any,
    *,
    dtype: str = "float32",
    value_head: bool,
    lora_rank: int = 0,
    lora_alpha: float = 32.0,
    lora_dropout: float = 0.0,
    lora_target_modules: Any = "all-linear",
    gradient_checkpointing: bool = False,
    attn_implementation: Optional[str] = None,
    seed: int = 0,
    critic_backbone: str = "detached",
) -> Tuple[PolicyValueModel, Any]:
    """Build the trained model from a path/hub id (or a loaded causal LM); return it and the underlying LM config.

    LoRA (``lora_rank > 0``) wraps the LM with ``peft``: only adapters and the value head train,
    and the reference policy is the same weights with adapters disabled. The value head is
    created in float32 whatever ``dtype`` (it is small and its targets need the precision).
    Adapter and value-head initialisation is seeded with ``seed`` without touching the
    caller's global RNG.
    """
    from transformers import AutoModelForCausalLM

    lm: Any
    if isinstance(model, nn.Module):
        lm = model
    else:
        kwargs: dict = {"dtype": _torch_dtype(dtype)}
        if attn_implementation:
            kwargs["attn_implementation"] = attn_implementation
        lm = AutoModelForCausalLM.from_pretrained(str(model), **kwargs)
    config = lm.config
    if gradient_checkpointing:
        # Non-reentrant checkpointing: works with frozen inputs (LoRA) without enable_input_require_grads.
        # transformers 5 renamed the method (and its keyword); older releases only have the old one.
        if hasattr(lm, "activation_checkpointing_enable"):
            lm.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
        else:
            lm.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        if lora_rank > 0:
            from peft import LoraConfig, get_peft_model

            targets = lora_target_modules if isinstance(lora_target_modules, str) else list(lora_target_modules)
            lora = LoraConfig(r=lora_rank, lora_alpha=lora_alpha, lora_dropout=lora_dropout,  # type: ignore[arg-type]
                              target_modules=targets, bias="none", task_type="CAUSAL_LM")
            lm = get_peft_model(lm, lora)
        wrapped = PolicyValueModel(lm, value_head=value_head, critic_backbone=critic_backbone)
    if lora_rank == 0:
        for p in wrapped.parameters():
            p.requires_grad_(True)
    return wrapped, config


def build_reference(policy: PolicyValueModel, *, dtype: str, device: torch.device) -> PolicyValueModel:
    """A frozen copy of the policy's LM (no value head) in ``dtype``, on ``device``, in eval mode: the KL reference.

    Under full fine-tuning the policy keeps float32 master weights, but the reference only runs
    forward passes (under bf16 autocast when ``bf16``): a bfloat16 copy halves its memory (8 GB
    instead of 16 GB for a 4B model on every rank before sharding). Under LoRA no copy is needed
    (the base with adapters disabled is the reference).
    """
    ref_lm = copy.deepcopy(policy.lm)
    ref = PolicyValueModel(ref_lm, value_head=False)
    ref.requires_grad_(False)
    target = _torch_dtype(dtype)
    # Parameters only: ``module.to(dtype)`` would also round float32 buffers such as RoPE's
    # inv_freq, which a model loaded in bf16 keeps in float32.
    for p in ref.parameters():
        if p.is_floating_point() and p.dtype != target:
            p.data = p.data.to(target)
    return ref.to(device).eval()
