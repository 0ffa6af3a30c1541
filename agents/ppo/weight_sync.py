"""Getting updated weights into the rollout engine: shared model, in-place copy, or vLLM's in-place ``load_weights``."""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import torch
from torch import nn

from refine_env._validation import expect_int

from .distributed import full_tensor
from .model import unwrap

__all__ = ["iter_engine_weights", "layer_key", "adapter_state_dict", "save_adapter", "WeightSync", "SharedWeights",
           "CopyWeights", "VLLMWeights", "VLLMAdapter"]

logger = logging.getLogger(__name__)

_PEFT_PREFIX = "base_model.model."


def _hf_name(peft_name: str) -> str:
    name = peft_name[len(_PEFT_PREFIX):] if peft_name.startswith(_PEFT_PREFIX) else peft_name
    return name.replace(".base_layer", "")


_LAYER = re.compile(r"^(.*?\.layers\.\d+\.)")


def layer_key(name: str) -> str:
    """The decoder layer a weight belongs to (``"model.layers.3."``), or ``""`` for embeddings, final norm, LM head."""
    match = _LAYER.match(name)
    return match.group(1) if match else ""


def iter_engine_weights(model: nn.Module, *, changed_only: bool = True) -> Iterator[Tuple[str, torch.Tensor]]:
    """The policy's weights under Hugging Face names, as an inference engine loads them, one tensor at a time.

    Full fine-tuning: every LM parameter (tied embeddings once). LoRA: every weight of each
    decoder layer that holds an adapter, adapted linear layers merged (``W + scaling * B @ A``,
    computed in float32, cast back to ``W``'s dtype: the engine runs the plain architecture);
    with ``changed_only=False`` also the frozen rest. Whole layers, not only the adapted
    matrices, because engines fuse q/k/v and gate/up into one module and vLLM >= 0.30 reloads a
    module from scratch when any part of it arrives: pushing q_proj and v_proj without k_proj
    would leave k garbage. Weights come grouped by layer (see :func:`layer_key`). The value head
    is never included. Under FSDP every sharded tensor is all-gathered here, so all ranks must
    iterate together.
    """
    inner = unwrap(model)
    lm = inner.lm
    if not inner.peft:
        for name, p in lm.named_parameters():
            yield name, full_tensor(p.detach())
        return
    from peft.tuners.lora import LoraLayer

    merged: Dict[str, torch.Tensor] = {}
    adapted_layers = set()
    for name, module in lm.named_modules():
        if isinstance(module, LoraLayer):
            hf = _hf_name(name) + ".weight"
            merged[hf] = module  # type: ignore[assignment]  # merged lazily below, in parameter order
            adapted_layers.add(layer_key(hf))
    for name, p in lm.named_parameters():
        if "lora_" in name:
            continue
        hf = _hf_name(name)
        if hf in merged:
            yield hf, _merge(merged[hf])  # type: ignore[arg-type]
        elif not changed_only or (layer_key(hf) in adapted_layers and layer_key(hf)):
            yield hf, full_tensor(p.detach())


def adapter_state_dict(model: nn.Module) -> Dict[str, torch.Tensor]:
    """The LoRA adapter's tensors under peft's file names (``...q_proj.lora_A.weight``), full tensors on the CPU.

    What ``PeftModel.save_pretrained`` writes, gathered from FSDP shards (every process must
    call it, in step) so that each process can hand its engine a complete adapter.
    """
    inner = unwrap(model)
    if not inner.peft:
        raise ValueError("Expected a LoRA model (lora_rank > 0) to take an adapter from, got a model without adapters")
    from peft.utils import get_peft_model_state_dict

    full = {name: full_tensor(p.detach()).cpu() for name, p in inner.lm.named_parameters() if "lora_" in name}
    return get_peft_model_state_dict(inner.lm, state_dict=full)


def save_adapter(model: nn.Module, path: Union[str, os.PathLike]) -> Path:
    """Write the adapter as peft does (``adapter_config.json``, ``adapter_model.safetensors``): what vLLM's
    ``LoRARequest`` and ``PeftModel.from_pretrained`` load. Written under a temporary name, then renamed."""
    from safetensors.torch import save_file

    target = Path(path)
    staging = target.with_name(f".{target.name}.tmp")
    tensors = {k: v.contiguous() for k, v in adapter_state_dict(model).items()}
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    save_file(tensors, str(staging / "adapter_model.safetensors"), metadata={"format": "pt"})
    unwrap(model).lm.peft_config["default"].save_pretrained(str(staging))
    if target.exists():
        shutil.rmtree(target)
    os.replace(staging, target)
    return target


def _merge(module: Any) -> torch.Tensor:
    base = full_tensor(module.base_layer.weight.detach())
    weight = base.float()
    for adapter in module.active_adapters:
        if adapter not in module.lora_A:
            continue
        a = full_tensor(module.lora_A[adapter].weight.detach()).float()
        b = full_tensor(module.lora_B[adapter].weight.detach()).float()
        delta = (b @ a) * float(module.scaling[adapter])
        if getattr(module, "fan_in_fan_out", False):
            delta = delta.T
        weight = weight + delta
    return weight.to(base.dtype)


class WeightSync:
    """How the rollout engine gets the policy's new weights; the trainer calls these around each rollout."""

    method = "none"

    def mark_updated(self) -> None:
        """The training weights changed (an optimiser step happened)."""

    def before_rollout(self, model: nn.Module) -> None:
        """Make the engine generate with ``model``'s current weights."""

    def after_rollout(self) -> None:
        """The engine is idle until the next rollout (free what it can)."""


class SharedWeights(WeightSync):
    """The engine generates with the training model object itself (transformers, one process): nothing to copy."""

    method = "shared"


class CopyWeights(WeightSync):
    """Copy merged weights into a separate transformers model (the rollout copy of each process under DDP/FSDP)."""

    method = "copy"

    def __init__(self, engine_model: nn.Module) -> None:
        self.engine_model = engine_model
        self.params = dict(engine_model.named_parameters())
        self._dirty = False

    def mark_updated(self) -> None:
        self._dirty = True

    @torch.no_grad()
    def before_rollout(self, model: nn.Module) -> None:
        if not self._dirty:
            return
        for name, tensor in iter_engine_weights(model):
            target = self.params.get(name)
            if target is None:
                raise KeyError(f"Expected the rollout model to have a parameter {name!r}, got none (architectures differ)")
            target.copy_(tensor.to(device=target.device, dtype=target.dtype))
        self._dirty = False


class VLLMWeights(WeightSync):
    """In-place weight loading into a running vLLM engine, optionally sleeping while the trainer updates.

    Method: ``VLLMBackend.load_weights`` (the engine's ``model.load_weights`` in each worker via
    ``collective_rpc``, then a prefix-cache reset), in chunks of whole decoder layers of about
    ``chunk_mb`` so that the host never holds a second full copy (a layer is never split: vLLM
    >= 0.30 rebuilds a fused module from what one call brings). No engine restart, no reload from disk. With
    ``sleep=True`` the engine sleeps (level 1: KV cache discarded, weights moved to host
    memory) after each rollout, so the update can use the GPU memory the KV cache held; before
    the next rollout the weights wake first, the new ones are loaded, then the KV cache is
    reallocated. Level 2 (weights discarded) is not used: LoRA pushes only the adapted layers,
    so the rest must survive the sleep.
    """

    method = "vllm-load_weights"

    def __init__(self, backend: Any, *, sleep: bool = False, chunk_mb: float = 512.0) -> None:
        self.backend = backend
        self.sleep = sleep
        self.chunk_bytes = int(chunk_mb * 2**20)
        self._dirty = False
        self._asleep = False

    def mark_updated(self) -> None:
        self._dirty = True

    def _wake(self, tags: Optional[List[str]]) -> None:
        llm = self.backend.llm
        try:
            llm.wake_up(tags=tags) if tags is not None else llm.wake_up()
        except TypeError:
            # vLLM before 0.8.5 wakes everything at once.
            if tags is None or "kv_cache" in tags:
                llm.wake_up()

    @torch.no_grad()
    def before_rollout(self, model: nn.Module) -> None:
        if self._asleep:
            self._wake(["weights"])
        if self._dirty:
            self._push(model)
            self._dirty = False
        if self._asleep:
            self._wake(["kv_cache"])
            self._asleep = False

    def _push(self, model: nn.Module) -> None:
        """Load the merged layers in chunks of whole layers."""
        chunk: List[Tuple[str, torch.Tensor]] = []
        size = 0
        current = None
        for name, tensor in iter_engine_weights(model):
            key = layer_key(name)
            # Cut only between layers: a fused module must arrive whole in one call (see iter_engine_weights).
            if chunk and key != current and size >= self.chunk_bytes:
                self.backend.load_weights(chunk)
                chunk, size = [], 0
            current = key
            chunk.append((name, tensor))
            size += tensor.numel() * tensor.element_size()
        if chunk:
            self.backend.load_weights(chunk)

    def after_rollout(self) -> None:
        if self.sleep and not self._asleep:
            self.backend.llm.sleep(level=1)
            self._asleep = True


class VLLMAdapter(VLLMWeights):
    """vLLM's native LoRA: after each update the adapter is written to a new folder and the engine is told to use it.

    ``before_rollout`` saves the adapter in peft's format (:func:`save_adapter`) under
    ``directory/update_NNNNNN`` and points the backend at ``LoRARequest(name, id, path)`` with a
    new id (vLLM caches adapters by id, so a reused id would keep serving the old weights); the
    engine, built with ``enable_lora=True``, loads it when the next request names it. Only the
    adapter travels (rank 64 on Qwen3-4B: 132M parameters, 0.53 GB in float32) instead of every
    merged layer (7.3 GB in bf16), and the engine's base weights are never rewritten, so they
    also keep no bf16 rounding of ``W + scaling B A``: the engine computes ``W x + scaling B A x``
    like the trainer. The newest ``keep`` folders stay on disk. Until the first update no
    adapter is needed (LoRA's B starts at 0: the base model is the policy). Sleep and wake
    work as in :class:`VLLMWeights`.
    """

    method = "vllm-lora-adapter"

    def __init__(self, backend: Any, directory: Union[str, os.PathLike], *, sleep: bool = False, keep: int = 2) -> None:
        super().__init__(backend, sleep=sleep)
        expect_int("keep", keep, low=1)
        self.directory = Path(directory)
        self.keep = keep
        self.version = 0

    def _push(self, model: nn.Module) -> None:
        self.version += 1
        path = save_adapter(model, self.directory / f"update_{self.version:06d}")
        self.backend.set_lora_adapter(str(path), name=f"policy-{self.version}", int_id=self.version)
        old = sorted(p for p in self.directory.glob("update_*") if p.is_dir())[:-self.keep]
        for folder in old:
            shutil.rmtree(folder, ignore_errors=True)
