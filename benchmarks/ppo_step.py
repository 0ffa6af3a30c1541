"""One PPO step's cost with the tiny offline model on CPU: generation and update tokens/s, time and peak memory per phase.

    python benchmarks/ppo_step.py [--steps 3] [--max-new-tokens 64] [--json out.json]

Builds the tiny Qwen3 model (3.4M parameters, offline), runs ``--warmup`` untimed steps then
``--steps`` timed PPO steps (GRPO, 2 problems x 4 episodes, 2 turns each) and reports the
medians: generation tokens/s (model-written tokens over time inside the engine), update
tokens/s (every token forwarded and backpropagated over the update phase), the wall time of
each phase (rollout, score, the rollout importance weights computed inside score,
advantages, update) and its peak resident memory (sampled every 5 ms), then the time of
``--validation-runs`` greedy validation passes (``PPOTrainer.validate`` on 2 held-out problems)
against a training episode's rollout time. The randomly initialised model rarely stops early, so turns run to max_new_tokens and
the work per step is stable: regressions show as changed numbers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

PHASES = ("rollout", "score", "rollout_is", "advantages", "update")
"""Timed phases of a step; ``rollout_is`` (the importance weights) runs inside ``score``."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=3, help="timed PPO steps (default: 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps first (default: 1)")
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--group-size", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default: 1, fastest for tiny models on busy CPUs)")
    parser.add_argument("--bf16", action="store_true", help="bfloat16 autocast in score and update")
    parser.add_argument("--validation-runs", type=int, default=1,
                        help="greedy validation passes after the steps (2 held-out problems; 0: none)")
    parser.add_argument("--json", help="also write the medians here")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    from refine_agents.ppo import PPOConfig, PPOTrainer
    from refine_agents.tiny import build_tiny_model

    with tempfile.TemporaryDirectory(prefix="ppo_step_") as tmp:
        start = time.perf_counter()
        model = build_tiny_model(Path(tmp) / "tiny")
        build_s = time.perf_counter() - start
        config = PPOConfig(
            model=str(model), problem_ids=("run-length-unpack", "bus-timetable-lcm"), max_turns=2, problems_per_step=2,
            group_size=args.group_size, max_new_tokens=args.max_new_tokens, system_prompt="", advantage_estimator="grpo",
            kl_coef=0.01, learning_rate=1e-5, total_steps=args.warmup + args.steps, output_dir=str(Path(tmp) / "run"),
            progress=False, tensorboard=False, bf16=args.bf16, seed=0,
            validation_problem_ids=("camel-to-snake", "org-chart-depth"),
        )
        rows: List[Dict[str, float]] = []
        with PPOTrainer(config) as trainer:
            for i in range(args.warmup + args.steps):
                metrics = trainer.train_step()
                if i >= args.warmup:
                    rows.append(metrics)
            validation_s: List[float] = []
            validation_episodes = 0.0
            for _ in range(args.validation_runs):
                begin = time.perf_counter()
                validation_episodes = trainer.validate()["val/episodes"]
                validation_s.append(time.perf_counter() - begin)

    def med(key: str) -> float:
        return statistics.median(r.get(key, float("nan")) for r in rows)

    summary = {
        "model_parameters": 3.4e6, "episodes_per_step": 2 * args.group_size, "threads": args.threads, "bf16": args.bf16,
        "generation_tokens_per_s": med("tokens/generated_per_s"), "update_tokens_per_s": med("tokens/update_per_s"),
        "generated_tokens_per_step": med("tokens/model_per_episode") * 2 * args.group_size,
        "update_tokens_per_step": med("tokens/update"), "step_s": med("time/step_s"), "model_build_s": build_s,
    }
    for phase in PHASES:
        summary[f"{phase}_s"] = med(f"time/{phase}_s")
        summary[f"{phase}_peak_rss_mb"] = med(f"memory/{phase}_peak_mb")
    summary["generate_s"] = med("time/generate_s")
    summary["env_s"] = med("time/env_s")
    if validation_s:
        summary["validation_s"] = statistics.median(validation_s)
        summary["validation_episodes"] = validation_episodes
        # Per episode against the training rollout of the same run (greedy, same turn budget and max_new_tokens).
        summary["validation_to_rollout_per_episode"] = (summary["validation_s"] / validation_episodes) / (
            summary["rollout_s"] / summary["episodes_per_step"])

    print(f"tiny model (3.4M parameters), {summary['episodes_per_step']} episodes x 2 turns x {args.max_new_tokens} new tokens, "
          f"{args.threads} thread(s){', bf16 autocast' if args.bf16 else ''}; medians of {args.steps} steps")
    print(f"  generation: {summary['generation_tokens_per_s']:8.1f} tokens/s   "
          f"({summary['generated_tokens_per_step']:.0f} model tokens per step)")
    print(f"  update:     {summary['update_tokens_per_s']:8.1f} tokens/s   ({summary['update_tokens_per_step']:.0f} tokens forwarded+backpropagated)")
    print(f"  {'phase':<11} {'seconds':>8} {'peak RSS MB':>12}")
    for phase in PHASES:
        print(f"  {phase:<11} {summary[f'{phase}_s']:8.3f} {summary[f'{phase}_peak_rss_mb']:12.0f}")
    print(f"  (rollout = generation {summary['generate_s']:.2f} s + environments {summary['env_s']:.2f} s); step {summary['step_s']:.2f} s")
    if validation_s:
        print(f"  validation  {summary['validation_s']:8.2f} s for {validation_episodes:.0f} greedy episodes "
              f"({summary['validation_to_rollout_per_episode']:.2f}x a training episode's rollout time)")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
