"""Train Qwen3-4B on RefineCode with GRPO: LoRA on one 80 GB GPU, or full fine-tuning on several with FSDP.

    # one GPU (LoRA, vLLM rollouts); memory budget in docs/ppo_gpu.md
    python examples/train_qwen3_4b.py --config examples/configs/qwen3_4b_lora.yaml --model /models/Qwen3-4B

    # N GPUs, full fine-tuning with FSDP2, one vLLM engine per GPU
    torchrun --nproc_per_node 8 examples/train_qwen3_4b.py --config examples/configs/qwen3_4b_fsdp_full.yaml

    # a few steps to measure throughput and memory on this machine
    python examples/train_qwen3_4b.py --config examples/configs/qwen3_4b_lora.yaml --steps 3 --output-dir runs/probe

``--model`` takes a local folder or a hub id (downloaded by transformers/vLLM if not cached).
``--set KEY=VALUE`` overrides any PPOConfig field. At the end the script prints, and writes to
OUTPUT/throughput.json, the medians per step: generation and update tokens/s, step time and the
peak GPU memory of each phase (``torch.cuda.max_memory_allocated`` of the trainer's process;
vLLM's share is fixed by ``vllm_gpu_memory_utilization``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Dict, List, Sequence


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="examples/configs/qwen3_4b_lora.yaml")
    parser.add_argument("--model", help="local path or hub id of Qwen3-4B (default: the config's)")
    parser.add_argument("--steps", type=int, help="PPO steps (default: the config's total_steps)")
    parser.add_argument("--output-dir", help="run folder (default: the config's)")
    parser.add_argument("--resume", action="store_true", help="continue from the newest checkpoint of the run folder")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a PPOConfig field")
    args = parser.parse_args(list(argv) or None)

    import torch

    if not torch.cuda.is_available():
        print("train_qwen3_4b.py needs a CUDA GPU (for CPU, see examples/train_tiny_cpu.py)", file=sys.stderr)
        return 2
    from refine_agents.ppo import PPOConfig, PPOTrainer
    from refine_agents.train_cli import parse_overrides

    overrides = parse_overrides(args.set)
    if args.model:
        overrides["model"] = args.model
    if args.steps:
        overrides["total_steps"] = args.steps
    if args.output_dir:
        overrides["output_dir"] = args.output_dir
    if args.resume:
        overrides["resume"] = "auto"
    config = PPOConfig.from_file(args.config, **overrides)
    if config.rollout_engine == "vllm":
        # The engine core in this process: collective_rpc hands load_weights the tensors directly
        # (no pickling to an engine process), and vLLM and the trainer share one CUDA context.
        os.environ.setdefault("VLLM_ENABLE_V1_MULTIPROCESSING", "0")
    if not config.vllm_sleep_mode:
        # Fewer fragmentation OOMs in the update; vLLM's sleep mode uses its own allocator and refuses this setting.
        os.environ.setdefault("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True")

    rows: List[Dict[str, float]] = []
    with PPOTrainer(config) as trainer:
        main_process = trainer.is_main
        if main_process:
            print(f"model {config.model}: {'LoRA rank ' + str(config.lora_rank) if config.lora_rank else 'full fine-tuning'}, "
                  f"{trainer.dist.world_size} process(es), rollouts by {config.rollout_engine} "
                  f"({trainer.weight_sync.method}), {config.episodes_per_step} episodes per step")
        while trainer.step < config.total_steps:
            metrics = trainer.train_step()
            rows.append(metrics)
            if main_process:
                print(f"step {trainer.step:4d}  reward {metrics['reward/mean']:.3f}  solved {metrics['env/solved_rate']:.3f}  "
                      f"gen {metrics['tokens/generated_per_s']:8.0f} tok/s  update {metrics['tokens/update_per_s']:8.0f} tok/s  "
                      f"step {metrics['time/step_s']:6.1f} s  peak update {metrics.get('memory/update_peak_mb', 0) / 1024:.1f} GiB",
                      flush=True)
        trainer.checkpoint()
    if main_process and rows:
        keys = ["tokens/generated_per_s", "tokens/update_per_s", "time/step_s", "time/rollout_s", "time/score_s",
                "time/update_s", "memory/rollout_peak_mb", "memory/score_peak_mb", "memory/update_peak_mb",
                "reward/mean", "env/solved_rate"]
        report = {k: statistics.median(r[k] for r in rows if k in r) for k in keys if any(k in r for r in rows)}
        report["steps"] = len(rows)
        report["gpu"] = torch.cuda.get_device_name(0)
        path = Path(config.output_dir) / "throughput.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
