"""torch.distributed plumbing: process group from torchrun's variables, DDP or FSDP2 wrapping, reductions, full weights."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterator, Mapping, Tuple

import torch
import torch.distributed as dist
from torch import nn

__all__ = [
    "DistInfo",
    "init_distributed",
    "wrap_model",
    "is_distributed",
    "world_size",
    "rank",
    "all_reduce_max",
    "all_reduce_sum",
    "all_reduce_mean_dict",
    "barrier",
    "full_tensor",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DistInfo:
    """Where this process stands: rank, world size, local rank and the device it trains on."""

    rank: int
    world_size: int
    local_rank: int
    device: torch.device

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def is_distributed() -> bool:
    return dist.is_available() and dist.is_initialized()


def world_size() -> int:
    return dist.get_world_size() if is_distributed() else 1


def rank() -> int:
    return dist.get_rank() if is_distributed() else 0


def init_distributed(*, strategy: str, device: str) -> DistInfo:
    """Start the process group that torchrun (or ``accelerate launch``) describes in the environment.

    ``strategy="none"`` never starts one. The backend is NCCL on GPUs and gloo on CPU (FSDP2's
    ``fully_shard`` works on CPU with gloo in torch >= 2.6, which is what the 2-process CPU test
    runs). Each process trains on ``cuda:LOCAL_RANK`` when CUDA is available and ``device``
    allows it.
    """
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = torch.cuda.is_available() and device != "cpu"
    if device.startswith("cuda:"):
        target = torch.device(device)
    elif use_cuda:
        target = torch.device("cuda", local_rank)
    else:
        target = torch.device("cpu")
    if strategy == "none":
        if int(os.environ.get("WORLD_SIZE", "1")) > 1:
            raise ValueError(
                f"Expected distributed='ddp' or 'fsdp' under a launcher with WORLD_SIZE={os.environ['WORLD_SIZE']}, got "
                "'none' (every process would train alone on the same data)"
            )
        return DistInfo(0, 1, 0, target)
    if "RANK" not in os.environ and not is_distributed():
        raise ValueError(
            f"Expected to run under torchrun (RANK, WORLD_SIZE, MASTER_ADDR set) with distributed={strategy!r}, got no "
            "RANK variable; launch with `torchrun --nproc_per_node N ...`"
        )
    if target.type == "cuda":
        torch.cuda.set_device(target)
    if not is_distributed():
        dist.init_process_group(backend="nccl" if target.type == "cuda" else "gloo")
    return DistInfo(dist.get_rank(), dist.get_world_size(), local_rank, target)


def wrap_model(model: nn.Module, *, strategy: str, device: torch.device, bf16: bool = False) -> nn.Module:
    """DDP or FSDP2 around the model; ``none`` returns it unchanged.

    FSDP2 (``fully_shard``) shards each decoder layer as its own unit and the rest (embeddings,
    final norm, LM head, value head) in the root unit, which is the :class:`PolicyValueModel`
    whose forward runs the whole model: tied embeddings stay in one unit. On GPUs with ``bf16``
    the layers compute in bfloat16 and reduce gradients in float32 (``MixedPrecisionPolicy``);
    the sharded master weights stay float32.
    """
    if strategy == "none":
        return model
    if strategy == "ddp":
        from torch.nn.parallel import DistributedDataParallel

        ids = [device.index] if device.type == "cuda" else None
        # find_unused_parameters: the value head is unused by critic-free estimators' forward passes.
        return DistributedDataParallel(model, device_ids=ids, find_unused_parameters=True)
    if strategy == "fsdp":
        from torch.distributed.device_mesh import init_device_mesh
        from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard

        mesh = init_device_mesh(device.type, (world_size(),))
        kwargs: Dict[str, Any] = {"mesh": mesh}
        if bf16 and device.type == "cuda":
            kwargs["mp_policy"] = MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32)
        inner: Any = getattr(model, "lm", model)
        layers = getattr(inner.get_decoder(), "layers", None) if hasattr(inner, "get_decoder") else None
        if layers is None:
            raise ValueError("Expected a decoder with .layers to shard layer by layer, got none")
        critic = getattr(model, "critic_body", None)  # a separate critic: its layers are units of their own too
        for layer in list(layers) + list(getattr(critic, "layers", None) or []):
            fully_shard(layer, **kwargs)
        fully_shard(model, **kwargs)
        return model
    raise ValueError(f"Expected strategy to be one of ('none', 'ddp', 'fsdp'), got {strategy!r}")


def barrier() -> None:
    if is_distributed():
        dist.barrier()


def all_reduce_max(value: int) -> int:
    """The largest ``value`` over processes (counts of micro-batches, so that every rank runs the same collectives)."""
    if not is_distributed():
        return int(value)
    t = torch.tensor([int(value)], dtype=torch.long, device=_comm_device())
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return int(t.item())


def all_reduce_sum(value: float) -> float:
    if not is_distributed():
        return float(value)
    t = torch.tensor([float(value)], dtype=torch.float64, device=_comm_device())
    dist.all_reduce(t, op=dist.ReduceOp.SUM)
    return float(t.item())


def all_reduce_mean_dict(values: Mapping[str, float]) -> Dict[str, float]:
    """Means over processes of scalar metrics (keys must agree across ranks)."""
    if not is_distributed():
        return dict(values)
    keys = sorted(values)
    t = torch.tensor([float(values[k]) for k in keys], dtype=torch.float64, device=_comm_device())
    dist.all_reduce(t, op=dist.ReduceOp.SUM)
    n = dist.get_world_size()
    return {k: float(v) / n for k, v in zip(keys, t.tolist())}


def _comm_device() -> torch.device:
    if is_distributed() and dist.get_backend() == "nccl":
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")


def full_tensor(t: torch.Tensor) -> torch.Tensor:
    """The whole tensor behind a (possibly sharded) parameter: DTensors are all-gathered (a collective)."""
    to_full = getattr(t, "full_tensor", None)
    return to_full() if callable(to_full) else t


def named_full_parameters(model: nn.Module) -> Iterator[Tuple[str, torch.Tensor]]:
    """Every parameter by name as a full tensor, one at a time (collective under FSDP: all ranks iterate together)."""
    for name, p in model.named_parameters():
        yield name, full_tensor(p.detach())
