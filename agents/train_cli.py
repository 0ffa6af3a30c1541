"""``refine-env train``: PPO/GRPO training of an LLM policy on RefineCode from a YAML or JSON config."""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List

from ._cli_flags import ConfigFlags, Flag

__all__ = ["register_train", "run_train", "parse_overrides", "config_from_args"]


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

        output_dir = getattr(args, "output_dir", None)  # a config flag: absent unless given
        if not output_dir:
            raise ValueError("Expected --output-dir (where the merged model goes) with --export-merged, got none")
        path = export_merged(args.export_merged, output_dir, dtype=args.export_dtype)
        out(f"merged model: {path}")
        return 0
    from .ppo import PPOTrainer

    config = config_from_args(args)
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


def config_from_args(args: argparse.Namespace) -> Any:
    """The run's ``PPOConfig``: the ``--config`` file, over it the PPOConfig flags given, over both ``--set``."""
    from .ppo import PPOConfig

    overrides = _train_flags().kwargs(args)
    if args.resume:
        overrides["resume"] = "auto"
    overrides.update(parse_overrides(args.set or []))
    return PPOConfig.from_file(args.config, **overrides) if args.config else PPOConfig.from_dict({}, **overrides)


def _ppo_config_class() -> type:
    """``PPOConfig`` without importing ``refine_agents.ppo``, whose ``__init__`` imports torch.

    Building the parser must stay light (``refine-env --help``), and ``train`` without torch must
    still parse its flags and reach the message that names the extra. The module read here is a
    private copy of ``ppo/config.py``, used only for its fields: training imports the real one.
    """
    loaded = sys.modules.get("refine_agents.ppo.config")
    if loaded is not None:
        return loaded.PPOConfig  # type: ignore[no-any-return]
    name = "refine_agents.ppo._config_fields"  # a relative import in config.py would import the package: loud, not wrong
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parent / "ppo" / "config.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses, get_type_hints and getsource look the module up by name
        spec.loader.exec_module(module)
    return sys.modules[name].PPOConfig  # type: ignore[no-any-return]


@functools.cache
def _train_flags() -> ConfigFlags:
    # resume: --resume is "auto" here, a path through --set; the rest have no one-value form on a command line.
    return ConfigFlags(_ppo_config_class(), skip=("resume", "extra", "lora_target_modules"), unset=True,
                       flags={"total_steps": Flag(aliases=("--steps",))})


def register_train(sub: Any) -> None:
    p = sub.add_parser(
        "train", help="train an LLM policy with PPO/GRPO on RefineCode (needs the [train] extra)",
        usage="%(prog)s [-h] [--config CONFIG] [--resume] [--set KEY=VALUE] [--FIELD VALUE ...]\n"
              "       %(prog)s --export-merged CHECKPOINT --output-dir OUTPUT_DIR [--export-dtype DTYPE]",
        description="PPO/GRPO on RefineCode. Several GPUs: torchrun --nproc_per_node N $(which refine-env) train "
                    "--config C --set distributed=fsdp",
    )
    p.add_argument("--config", help="YAML or JSON file of PPOConfig fields (examples/configs/)")
    p.add_argument("--resume", action="store_true", help="continue from the newest checkpoint in the run folder")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="any PPOConfig field, e.g. --set lora_rank=16 or --set problem_ids=[a, b] (repeatable; wins over "
                        "the flags below)")
    p.add_argument("--export-merged", dest="export_merged", metavar="CHECKPOINT",
                   help="instead of training: write CHECKPOINT (checkpoints/step_N or final/) to --output-dir as a plain "
                        "Hugging Face model with LoRA merged")
    p.add_argument("--export-dtype", dest="export_dtype", choices=("float32", "bfloat16", "float16"),
                   help="dtype of the merge and the written weights (default: the run's; float32 keeps small updates exact)")
    _train_flags().add_to(p.add_argument_group(
        "PPOConfig fields", "each over the --config file's value; the defaults shown are PPOConfig's own"))
    p.set_defaults(func=run_train)
