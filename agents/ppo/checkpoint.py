"""Checkpoints for exact resume (trainable weights, optimiser, scheduler, RNG streams, data position) and model export."""

from __future__ import annotations

import json
import logging
import os
import random
import re
import shutil
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import numpy as np
import torch
from torch import nn

from .distributed import barrier, is_distributed, rank
from .model import unwrap

__all__ = ["save_checkpoint", "load_checkpoint", "latest_checkpoint", "list_checkpoints", "export_model", "export_merged",
           "rng_state", "set_rng_state"]

logger = logging.getLogger(__name__)

_STEP_DIR = re.compile(r"^step_(\d{6,})$")


def rng_state() -> Dict[str, Any]:
    """Every global random stream this process uses: Python, NumPy, torch CPU and CUDA."""
    state: Dict[str, Any] = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: Mapping[str, Any]) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _options(**kwargs: Any) -> Any:
    from torch.distributed.checkpoint.state_dict import StateDictOptions

    return StateDictOptions(**kwargs)


def list_checkpoints(root: os.PathLike) -> List[Path]:
    """Checkpoint folders under ``root`` in step order."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and _STEP_DIR.match(p.name) and (p / "trainer_state.json").is_file()]
    return sorted(found, key=lambda p: int(_STEP_DIR.match(p.name).group(1)))  # type: ignore[union-attr]


def latest_checkpoint(root: os.PathLike) -> Optional[Path]:
    found = list_checkpoints(root)
    return found[-1] if found else None


def save_checkpoint(root: os.PathLike, *, step: int, model: nn.Module, optimizer: torch.optim.Optimizer,
                    scheduler: Any, trainer_state: Mapping[str, Any], keep: int,
                    local_state: Optional[Mapping[str, Any]] = None) -> Path:
    """Write ``root/step_NNNNNN/`` and drop all but the ``keep`` newest; every process must call it.

    Trainable weights and optimiser state are gathered to full tensors (``get_state_dict`` with
    ``full_state_dict``, frozen base weights left out under LoRA) and written by rank 0; each
    rank writes its own RNG streams and ``local_state`` (what differs between processes, such as
    their draft pools). The folder appears only when complete (written under a
    temporary name, then renamed).
    """
    from torch.distributed.checkpoint.state_dict import get_state_dict

    root = Path(root)
    final = root / f"step_{step:06d}"
    staging = root / f".step_{step:06d}.tmp"
    model_sd, optim_sd = get_state_dict(model, optimizer, options=_options(full_state_dict=True, cpu_offload=True,
                                                                          ignore_frozen_params=True))
    if rank() == 0:
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
    barrier()
    if rank() == 0:
        torch.save(model_sd, staging / "model.pt")
        torch.save(optim_sd, staging / "optimizer.pt")
        torch.save(scheduler.state_dict(), staging / "scheduler.pt")
        (staging / "trainer_state.json").write_text(json.dumps(dict(trainer_state), indent=1) + "\n", encoding="utf-8")
    torch.save({"rng": rng_state(), "local": dict(local_state or {})}, staging / f"rng_rank{rank()}.pt")
    barrier()
    if rank() == 0:
        if final.exists():
            shutil.rmtree(final)
        os.replace(staging, final)
        for old in list_checkpoints(root)[:-keep]:
            shutil.rmtree(old, ignore_errors=True)
    barrier()
    return final


def load_checkpoint(path: os.PathLike, *, model: nn.Module, optimizer: torch.optim.Optimizer,
                    scheduler: Any) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """Restore what :func:`save_checkpoint` wrote into live objects and the RNG streams.

    Returns the trainer state (shared) and this process's local state. Every process calls it.
    """
    from torch.distributed.checkpoint.state_dict import set_state_dict

    path = Path(path)
    if not (path / "trainer_state.json").is_file():
        raise FileNotFoundError(f"Expected a checkpoint folder with trainer_state.json, got {str(path)!r}")
    distributed = is_distributed()
    if rank() == 0 or not distributed:
        model_sd = torch.load(path / "model.pt", map_location="cpu", weights_only=False)
        optim_sd = torch.load(path / "optimizer.pt", map_location="cpu", weights_only=False)
    else:
        model_sd, optim_sd = {}, {}
    set_state_dict(model, optimizer, model_state_dict=model_sd, optim_state_dict=optim_sd,
                   options=_options(full_state_dict=True, strict=False, broadcast_from_rank0=distributed))
    scheduler.load_state_dict(torch.load(path / "scheduler.pt", map_location="cpu", weights_only=False))
    rng_file = path / f"rng_rank{rank()}.pt"
    if not rng_file.is_file():
        raise FileNotFoundError(f"Expected {rng_file.name} in {str(path)!r} (checkpoint from a run with fewer processes?), got none")
    per_rank = torch.load(rng_file, map_location="cpu", weights_only=False)
    set_rng_state(per_rank["rng"])
    return json.loads((path / "trainer_state.json").read_text(encoding="utf-8")), dict(per_rank["local"])


def export_model(path: os.PathLike, *, model: nn.Module, tokenizer: Any) -> Path:
    """Save the policy for inference: the LoRA adapter (peft format) or the full model, the tokenizer, and the value head.

    ``AutoModelForCausalLM.from_pretrained(path)`` (full) or ``PeftModel.from_pretrained(base,
    path)`` (LoRA) loads it; ``value_head.pt`` holds the critic. Under FSDP the weights are
    gathered to rank 0, which writes.
    """
    from torch.distributed.checkpoint.state_dict import get_model_state_dict

    path = Path(path)
    inner = unwrap(model)
    # Under LoRA only adapters and the value head are written: no need to gather the frozen base.
    full = get_model_state_dict(model, options=_options(full_state_dict=True, cpu_offload=True, ignore_frozen_params=inner.peft))
    if rank() == 0:
        path.mkdir(parents=True, exist_ok=True)
        lm_sd = {k[len("lm."):]: v for k, v in full.items() if k.startswith("lm.")}
        inner.lm.save_pretrained(str(path), state_dict=lm_sd)
        if tokenizer is not None:
            tokenizer.save_pretrained(str(path))
        head = {k[len("v_head."):]: v for k, v in full.items() if k.startswith("v_head.")}
        if head:
            torch.save(head, path / "value_head.pt")
    barrier()
    return path


def export_merged(checkpoint: os.PathLike, out_dir: os.PathLike, *, dtype: Optional[str] = None,
                  base_model: Optional[str] = None) -> Path:
    """A plain Hugging Face model folder from a run: LoRA adapters merged into the base weights.

    ``checkpoint`` is a checkpoint folder (``checkpoints/step_NNNNNN``: ``model.pt`` and the run's
    config in ``trainer_state.json``) or an exported ``final/`` folder (a peft adapter, or a full
    model). The model is rebuilt as in training (same base, same LoRA settings), the trained
    weights loaded, and ``W + scaling B A`` merged (peft's ``merge_and_unload``), so that
    ``AutoModelForCausalLM.from_pretrained(out_dir)`` (or ``vllm serve out_dir``) computes the
    trained policy without peft. ``dtype`` is the dtype of the merge and of the written
    weights (default: the run's ``dtype``; merging a small update into bfloat16 weights rounds
    it, so ``float32`` keeps it exactly). ``base_model`` overrides where the base weights are
    read from (the run's ``model``, or the adapter's ``base_model_name_or_path``). The
    tokenizer and ``value_head.pt`` (a critic) come along.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from .model import _torch_dtype, load_policy_model

    source, out = Path(checkpoint), Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"Expected out_dir to be absent or empty, got non-empty {str(out)!r}")
    if (source / "trainer_state.json").is_file():
        config = json.loads((source / "trainer_state.json").read_text(encoding="utf-8"))["config"]
        model_name = base_model or config["model"]
        model, _ = load_policy_model(
            model_name, dtype=dtype or config["dtype"], value_head=config["advantage_estimator"] in ("gae", "turn_gae"),
            lora_rank=config["lora_rank"], lora_alpha=config["lora_alpha"], lora_dropout=config["lora_dropout"],
            lora_target_modules=config["lora_target_modules"], attn_implementation=config.get("attn_implementation"),
        )
        state = torch.load(source / "model.pt", map_location="cpu", weights_only=True)
        result = model.load_state_dict(state, strict=False)
        params = dict(model.named_parameters())
        missing = [k for k in result.missing_keys if k in params and params[k].requires_grad]
        if result.unexpected_keys or missing:
            raise ValueError(
                f"Expected the checkpoint's weights to match the model its config builds, got "
                f"{len(result.unexpected_keys)} unexpected (e.g. {result.unexpected_keys[:1]}) and {len(missing)} missing "
                f"trainable (e.g. {missing[:1]}) tensors"
            )
        lm = model.lm.merge_and_unload() if model.peft else model.lm
        head = {k[len("v_head."):]: v for k, v in state.items() if k.startswith("v_head.")}
        tokenizer = AutoTokenizer.from_pretrained(config.get("tokenizer") or model_name)
    elif (source / "adapter_config.json").is_file():
        from peft import PeftModel

        adapter = json.loads((source / "adapter_config.json").read_text(encoding="utf-8"))
        model_name = base_model or adapter.get("base_model_name_or_path")
        if not model_name:
            raise ValueError(f"Expected base_model_name_or_path in {str(source / 'adapter_config.json')!r} or a "
                             "base_model argument, got neither")
        kwargs = {"dtype": _torch_dtype(dtype)} if dtype else {}
        lm = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(model_name, **kwargs), str(source)).merge_and_unload()
        head = torch.load(source / "value_head.pt", map_location="cpu", weights_only=True) if (source / "value_head.pt").is_file() else {}
        tokenizer = AutoTokenizer.from_pretrained(str(source))
    elif (source / "config.json").is_file():
        kwargs = {"dtype": _torch_dtype(dtype)} if dtype else {}
        lm = AutoModelForCausalLM.from_pretrained(str(source), **kwargs)
        head = torch.load(source / "value_head.pt", map_location="cpu", weights_only=True) if (source / "value_head.pt").is_file() else {}
        tokenizer = AutoTokenizer.from_pretrained(str(source))
    else:
        raise FileNotFoundError(
            f"Expected a checkpoint folder (trainer_state.json, model.pt) or an exported model (adapter_config.json or "
            f"config.json), got {str(source)!r}"
        )
    out.mkdir(parents=True, exist_ok=True)
    lm.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    if head:
        torch.save(head, out / "value_head.pt")
    logger.info("exported the merged model to %s", out)
    return out
