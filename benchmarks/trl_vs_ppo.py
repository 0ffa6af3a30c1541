"""Steps per second of TRL's GRPOTrainer on RefineCode-v0 (refine_agents.integrations.trl) next to our PPO trainer, same tiny model, one run.

    python benchmarks/trl_vs_ppo.py [--steps 3] [--warmup 1] [--max-new-tokens 64] [--json out.json]

Both train the same tiny Qwen3 model (3.4M parameters, built offline) on the same two built-in
problems, GRPO on the hidden-test reward, 2 starts x 4 rollouts per step, a budget of 2 turns of
``--max-new-tokens`` each, no KL term, one gradient step per batch, one torch thread. Our PPO
plays the text protocol through ``LLMPolicy`` (transformers backend); TRL plays the tool
protocol under TRL's Qwen3 chat template with its own transformers generation. The steps are
interleaved (a TRL step, then a PPO step from inside TRL's step-end callback), so that a busy
machine slows both alike; the medians of ``--steps`` timed steps of each after ``--warmup`` are
reported, with the ratio. The random model rarely calls a tool or stops early: TRL's rollouts
are one turn of up to 2 x ``--max-new-tokens`` tokens, ours two turns of ``--max-new-tokens``
(format errors), so the model-written tokens per step are comparable; the prompts are not
(TRL's carries the tool schemas), which the token counts show.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

PROBLEMS = ("run-length-unpack", "bus-timetable-lcm")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=3, help="timed steps of each trainer (default: 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps of each first (default: 1)")
    parser.add_argument("--max-new-tokens", type=int, default=64, help="tokens per turn (default: 64)")
    parser.add_argument("--group-size", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default: 1)")
    parser.add_argument("--json", help="also write the medians here")
    return parser.parse_args()


def run_interleaved(args: argparse.Namespace) -> Tuple[List[Dict[str, float]], List[float], List[Dict[str, Any]]]:
    """Both trainers on the same tiny model, a PPO step after each TRL step: PPO's step metrics, TRL's step seconds and logs."""
    from transformers import AutoTokenizer, TrainerCallback
    from trl import GRPOConfig, GRPOTrainer
    from trl.chat_template_utils import qwen3_chat_template

    from refine_agents.integrations.trl import RefineCodeEnvironments, ToolEnvConfig, make_dataset
    from refine_agents.ppo import PPOConfig, PPOTrainer
    from refine_agents.tiny import build_tiny_model
    from refine_env.sandbox import Sandbox

    total = args.warmup + args.steps
    episodes = len(PROBLEMS) * args.group_size
    with tempfile.TemporaryDirectory(prefix="trl_vs_ppo_") as tmp, Sandbox(workers=2) as sandbox:
        model = build_tiny_model(Path(tmp) / "tiny")
        tool_tokenizer = AutoTokenizer.from_pretrained(model)
        tool_tokenizer.chat_template = qwen3_chat_template  # the same weights; a template that knows tools

        ppo = PPOTrainer(PPOConfig(
            model=str(model), problem_ids=PROBLEMS, max_turns=2, problems_per_step=len(PROBLEMS), group_size=args.group_size,
            max_new_tokens=args.max_new_tokens, system_prompt="", advantage_estimator="grpo", kl_coef=0.0, ppo_epochs=1,
            mini_batch_size=episodes, learning_rate=1e-5, total_steps=total, output_dir=str(Path(tmp) / "ppo"), progress=False,
            tensorboard=False, seed=0), sandbox=sandbox)

        config = ToolEnvConfig(problem_ids=PROBLEMS, max_turns=2)
        environments = RefineCodeEnvironments(config, tokenizer=tool_tokenizer, sandbox=sandbox)
        grpo = GRPOConfig(
            output_dir=str(Path(tmp) / "trl"), max_steps=total, per_device_train_batch_size=episodes,
            num_generations=args.group_size, max_completion_length=2 * args.max_new_tokens, max_tool_calling_iterations=2,
            learning_rate=1e-5, beta=0.0, seed=0, use_cpu=True, logging_steps=1, save_strategy="no", report_to="none",
            disable_tqdm=True)
        ppo_rows: List[Dict[str, float]] = []
        trl_s: List[float] = []
        mark = [0.0]

        class Interleave(TrainerCallback):
            """After each TRL step: time it, then run and time one PPO step outside TRL's clock."""

            def on_step_end(self, *_: Any, **__: Any) -> None:
                trl_s.append(time.perf_counter() - mark[0])
                t0 = time.perf_counter()
                metrics = ppo.train_step()
                ppo_rows.append({**metrics, "wall_s": time.perf_counter() - t0})
                mark[0] = time.perf_counter()

        trainer = GRPOTrainer(model=str(model), processing_class=tool_tokenizer, args=grpo, train_dataset=make_dataset(config),
                              environment_factory=environments, callbacks=[Interleave()])
        mark[0] = time.perf_counter()
        trainer.train()
        trl_logs = [h for h in trainer.state.log_history if "completions/mean_length" in h]
        environments.close()
        ppo.close()
    return ppo_rows, trl_s, trl_logs


def main() -> int:
    args = parse_args()
    os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
    import torch

    torch.set_num_threads(args.threads)
    ppo_rows, trl_s, trl_logs = run_interleaved(args)
    episodes = len(PROBLEMS) * args.group_size
    timed = slice(args.warmup, None)
    trl_step = statistics.median(trl_s[timed])
    ppo_step = statistics.median(r["wall_s"] for r in ppo_rows[timed])
    trl_tokens = [h["num_tokens"] for h in trl_logs]
    trl_forward = statistics.median(b - a for a, b in zip([0.0] + trl_tokens[:-1], trl_tokens))
    summary = {
        "model_parameters": 3.4e6, "episodes_per_step": episodes, "threads": args.threads, "steps": args.steps,
        "trl_step_s": trl_step, "ppo_step_s": ppo_step,
        "trl_steps_per_s": 1.0 / trl_step, "ppo_steps_per_s": 1.0 / ppo_step, "trl_over_ppo_speed": ppo_step / trl_step,
        "trl_model_tokens_per_step": statistics.median(h["completions/mean_length"] for h in trl_logs[timed]) * episodes,
        "ppo_model_tokens_per_step": statistics.median(r["tokens/model_per_episode"] for r in ppo_rows[timed]) * episodes,
        "trl_tokens_per_step": trl_forward,
        "ppo_tokens_per_step": statistics.median(r["tokens/update"] for r in ppo_rows[timed]),
        "trl_tool_calls_per_rollout": statistics.median(h.get("tools/call_frequency", 0.0) for h in trl_logs[timed]),
        "versions": _versions(),
    }
    print(f"tiny model (3.4M parameters), {episodes} episodes per step, 2 turns x {args.max_new_tokens} new tokens, "
          f"{args.threads} thread(s); medians of {args.steps} interleaved steps each")
    print(f"  {'trainer':<18} {'s/step':>8} {'steps/s':>8} {'model tokens':>13} {'all tokens':>11}")
    print(f"  {'TRL GRPOTrainer':<18} {trl_step:8.2f} {1 / trl_step:8.3f} {summary['trl_model_tokens_per_step']:13.0f} "
          f"{summary['trl_tokens_per_step']:11.0f}")
    print(f"  {'our PPO (GRPO)':<18} {ppo_step:8.2f} {1 / ppo_step:8.3f} {summary['ppo_model_tokens_per_step']:13.0f} "
          f"{summary['ppo_tokens_per_step']:11.0f}")
    print(f"  TRL runs at {summary['trl_over_ppo_speed']:.2f}x our PPO's steps/s ({summary['versions']})")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return 0


def _versions() -> str:
    import torch
    import transformers
    import trl

    return f"trl {trl.__version__}, transformers {transformers.__version__}, torch {torch.__version__}"


if __name__ == "__main__":
    sys.exit(main())
