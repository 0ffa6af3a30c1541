"""``refine-env train``: PPO/GRPO training of an LLM policy on RefineCode from a YAML or JSON config."""

from __future__ import annotations

import argparse
import json
from typing import Any, Callable, Dict, List

__all__ = ["register_train", "run_train", "parse_overrides"]


def parse_overrides(pairs: List[str]) -> Dict[str, Any]:
    """``["lora_rank=16", "problem_ids=[a, b]"]`` to a dict: values read as JSON, else YAML (``[a, b]``), else text.

    The YAML is :mod:`refine_env.yamlio`'s, which reads ``1e-4`` as a float like the config files do.
    """
    from refine_env import yamlio

    out: Dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"Expected --set KEY=VALUE, got {pair!r}")
        value: Any = raw
        try:
            value = json.loads(raw)
        except ValueError:
            try:
                value = yamlio.load(raw) if raw.strip() else ""
            except ValueError:
                value = raw
        out[key.strip()] = value
    return out


def run_train(args: argparse.Namespace, *, out: Callable[[str], None] = print) -> int:
    """Build the config (file, then flags, then ``--set``), train, and print where the results are.

    With ``--export-merged CHECKPOINT`` nothing trains: the checkpoint (or exported ``final/``
    folder) is written to ``--output-dir`` as a plain Hugging Face model, LoRA merged.
    """
    from refine_env.cli import require_extra

    # Up front, in one line: without them the first import below is a traceback from deep inside.
    require_extra("train", "torch", "transformers")
    if args.export_merged:
        from .ppo.checkpoint import export_merged

        if not args.output_dir:
            raise ValueError("Expected --output-dir (where the merged model goes) with --export-merged, got none")
        path = export_merged(args.export_merged, args.output_dir, dtype=args.export_dtype)
        out(f"merged model: {path}")
        return 0
    from .ppo import PPOConfig, PPOTrainer

    overrides: Dict[str, Any] = {}
    for flag, field in (("model", "model"), ("steps", "total_steps"), ("output_dir", "output_dir"), ("seed", "seed")):
        value = getattr(args, flag)
        if value is not None:
            overrides[field] = value
    if args.resume:
        overrides["resume"] = "auto"
    overrides.update(parse_overrides(args.set or []))
    config = PPOConfig.from_file(args.config, **overrides) if args.config else PPOConfig.from_dict({}, **overrides)
    require_extra("train", *(["peft"] if config.lora_rank else []), *(["tensorboard"] if config.tensorboard else []))
    with PPOTrainer(config) as trainer:
        history = trainer.train()
        if trainer.is_main:
            last: Dict[str, float] = history[-1] if history else {}
            out(f"trained {trainer.step} steps; last reward {last.get('reward/mean', float('nan')):.3f}, "
                f"solved {last.get('env/solved_rate', float('nan')):.3f}")
            out(f"metrics: {config.output_dir}/metrics.jsonl  checkpoints: {config.output_dir}/checkpoints  "
                f"model: {config.output_dir}/final")
    return 0


def register_train(sub: Any) -> None:
    p = sub.add_parser(
        "train", help="train an LLM policy with PPO/GRPO on RefineCode (needs the [train] extra)",
        description="PPO/GRPO on RefineCode. Several GPUs: torchrun --nproc_per_node N $(which refine-env) train "
                    "--config C --set distributed=fsdp",
    )
    p.add_argument("--config", help="YAML or JSON file of PPOConfig fields (examples/configs/)")
    p.add_argument("--model", help="model path or hub id (overrides the config)")
    p.add_argument("--steps", type=int, help="total PPO steps (overrides total_steps)")
    p.add_argument("--output-dir", dest="output_dir", help="run folder (overrides output_dir)")
    p.add_argument("--seed", type=int)
    p.add_argument("--resume", action="store_true", help="continue from the newest checkpoint in the run folder")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="any PPOConfig field, e.g. --set lora_rank=16 (repeatable)")
    p.add_argument("--export-merged", dest="export_merged", metavar="CHECKPOINT",
                   help="instead of training: write CHECKPOINT (checkpoints/step_N or final/) to --output-dir as a plain "
                        "Hugging Face model with LoRA merged")
    p.add_argument("--export-dtype", dest="export_dtype", choices=("float32", "bfloat16", "float16"),
                   help="dtype of the merge and the written weights (default: the run's; float32 keeps small updates exact)")
    p.set_defaults(func=run_train)
