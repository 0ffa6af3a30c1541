"""GRPO on RefineCode-v0 with TRL's GRPOTrainer: the environment's run / test / submit as tools, the hidden-test reward.

    python examples/trl_grpo.py --model Qwen/Qwen3-4B --steps 200 --vllm     # one GPU, vLLM colocated
    python examples/trl_grpo.py --tiny --steps 4                             # CPU: the tiny offline model

The heart of it is five lines (docs/integrations.md)::

    config = ToolEnvConfig(split="train", max_turns=4, reward="binary")
    trainer = GRPOTrainer(model=model, processing_class=tokenizer, train_dataset=make_dataset(config),
                          environment_factory=RefineCodeEnvironments(config, tokenizer=tokenizer),
                          args=GRPOConfig(max_tool_calling_iterations=config.max_turns, ...))
    trainer.train()

The model must call tools in its chat template's format (Qwen3 and other tool-trained models
do). ``--tiny`` builds the tiny Qwen3-architecture model offline, gives its tokenizer TRL's
Qwen3 template (the tiny template knows no tools) and warm-starts it for ``--warm-steps`` on
``submit`` calls of each problem's reference and trap solutions, so that its rollouts call
tools; it is a smoke run and a benchmark subject (benchmarks/trl_vs_ppo.py), not a learning
demonstration (examples/train_tiny_cpu.py is one, with our PPO).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

TINY_PROBLEMS = ("market-stalls-median", "run-length-unpack")


def tiny_tool_model(out: Path, problems: Sequence[str], *, warm_steps: int, seed: int) -> Path:
    """The tiny model with TRL's Qwen3 (tool-calling) template, warm-started on submit calls; returns its folder."""
    from transformers import AutoTokenizer
    from trl.chat_template_utils import qwen3_chat_template

    from refine_agents.integrations.trl import RefineCodeEnvironments, ToolEnvConfig, tool_demonstrations
    from refine_agents.ppo.model import load_policy_model
    from refine_agents.ppo.warm_start import mixed_demonstrations, warm_start
    from refine_agents.tiny import TinyModelSpec, build_tiny_model
    from refine_env.problems import load_builtin

    spec = TinyModelSpec(seed=seed, hidden_size=128, intermediate_size=256, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, head_dim=32)
    base = build_tiny_model(out / "tiny", spec=spec)
    tokenizer = AutoTokenizer.from_pretrained(base)
    tokenizer.chat_template = qwen3_chat_template
    model, _ = load_policy_model(base, value_head=False, seed=seed)
    if warm_steps > 0:
        by_id = {p.id: p for p in load_builtin()}
        demos = mixed_demonstrations([by_id[i] for i in problems], mutant_labels=("wrong_trap",), refine_starts=False)
        with RefineCodeEnvironments(ToolEnvConfig(problem_ids=tuple(problems))) as envs:
            examples = tool_demonstrations(envs, tokenizer, demos)
        losses = warm_start(model, examples, steps=warm_steps, learning_rate=1e-2, batch_size=2, seed=seed,
                            pad_token_id=tokenizer.pad_token_id)
        print(f"warm start: {len(examples)} tool-call demonstrations, loss {losses[0]:.2f} -> {losses[-1]:.3f}")
    path = out / "tool_model"
    model.lm.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line, with the unset sizes filled in for ``--tiny`` or a real model."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="a Hugging Face model id or folder whose chat template calls tools (Qwen3, ...)")
    parser.add_argument("--tiny", action="store_true", help="the tiny offline model on CPU instead of --model")
    parser.add_argument("--out", default="runs/trl_grpo", help="output folder (default: runs/trl_grpo)")
    parser.add_argument("--split", default=None, help="built-in split (default: train; with --tiny: two fixed problems)")
    parser.add_argument("--problems", default=None, help="comma-separated problem ids (overrides --split)")
    parser.add_argument("--mutants", default="", help="comma-separated mutant labels to also start episodes from")
    parser.add_argument("--reward", default="binary", help="a reward preset of refine_env.rewards (default: binary)")
    parser.add_argument("--max-turns", type=int, default=4)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--group-size", type=int, help="rollouts per start, GRPO's G (default: 8; --tiny: 4)")
    parser.add_argument("--batch-size", type=int, help="rollouts per device and step, a multiple of --group-size (default: 16; --tiny: 8)")
    parser.add_argument("--max-completion-length", type=int,
                        help="tokens of one rollout after its prompt, every turn and tool result (default: 4096; --tiny: 384)")
    parser.add_argument("--lr", type=float, help="learning rate (default: 1e-6; --tiny: 1e-4)")
    parser.add_argument("--temperature", type=float, default=1.0)
    parser.add_argument("--vllm", action="store_true", help="generate with vLLM colocated on the training GPU")
    parser.add_argument("--warm-steps", type=int, default=60, help="with --tiny: supervised steps on tool calls first (default: 60)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(list(argv) or None)
    if bool(args.model) == args.tiny:
        parser.error("give exactly one of --model and --tiny")
    small = {"group_size": 4, "batch_size": 8, "max_completion_length": 384, "lr": 1e-4}
    large = {"group_size": 8, "batch_size": 16, "max_completion_length": 4096, "lr": 1e-6}
    for name, value in (small if args.tiny else large).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def choose_model(args: argparse.Namespace, out: Path) -> Tuple[str, Optional[Tuple[str, ...]], Optional[str]]:
    """The model to train, the problem ids and the split: ``--tiny`` builds and warm-starts its model here."""
    if args.tiny:
        import torch

        torch.set_num_threads(1)  # tiny matrices: one thread is fastest on a busy machine
        problems = tuple(args.problems.split(",")) if args.problems else TINY_PROBLEMS
        return str(tiny_tool_model(out, problems, warm_steps=args.warm_steps, seed=args.seed)), problems, None
    problems = tuple(args.problems.split(",")) if args.problems else None
    return args.model, problems, None if problems else (args.split or "train")


def write_summary(args: argparse.Namespace, out: Path, log_history: List[Dict[str, Any]], start: float,
                  times: List[float]) -> None:
    """3. What happened: rewards and tool calls per step, seconds per step, into OUT/summary.json."""
    logs = [h for h in log_history if "rewards/RefineCodeToolEnv/mean" in h]
    rewards = [round(h["rewards/RefineCodeToolEnv/mean"], 4) for h in logs]
    steps_s = [b - a for a, b in zip([start] + times[:-1], times)]
    summary: Dict[str, Any] = {
        "model": args.model or "tiny", "steps": len(times), "reward_per_step": rewards,
        "tool_calls_per_rollout": [round(h.get("tools/call_frequency", 0.0), 3) for h in logs],
        "seconds_per_step": [round(s, 3) for s in steps_s],
        "steps_per_s": len(times) / (times[-1] - start) if times else 0.0, "args": vars(args),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"{summary['steps']} GRPO steps, {summary['steps_per_s']:.3f} steps/s; hidden-test reward per step: {rewards}")
    print(f"summary: {out / 'summary.json'}")


def main(argv: Sequence[str] = ()) -> int:
    args = parse_args(argv)
    os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
    from transformers import AutoTokenizer, TrainerCallback
    from trl import GRPOConfig, GRPOTrainer

    from refine_agents.integrations.trl import RefineCodeEnvironments, ToolEnvConfig, make_dataset

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model, problems, split = choose_model(args, out)
    tokenizer = AutoTokenizer.from_pretrained(model)

    # 1. The environments and their dataset: one row per start, each played by --group-size rollouts.
    config = ToolEnvConfig(split=split, problem_ids=problems, mutant_labels=tuple(m for m in args.mutants.split(",") if m),
                           max_turns=args.max_turns, reward=args.reward, seed=args.seed)
    environments = RefineCodeEnvironments(config, tokenizer=tokenizer)
    dataset = make_dataset(config)

    # 2. TRL's trainer: its own generation, tool loop, masks and GRPO loss.
    grpo = GRPOConfig(
        output_dir=str(out / "trainer"), max_steps=args.steps, learning_rate=args.lr, temperature=args.temperature,
        per_device_train_batch_size=args.batch_size, num_generations=args.group_size,
        max_completion_length=args.max_completion_length, max_tool_calling_iterations=config.max_turns,
        beta=0.0, seed=args.seed, logging_steps=1, save_strategy="no", report_to="none",
        use_cpu=args.tiny, bf16=not args.tiny, use_vllm=args.vllm, vllm_mode="colocate",
    )
    times: List[float] = []

    class Clock(TrainerCallback):
        def on_step_end(self, *_: Any, **__: Any) -> None:
            times.append(time.perf_counter())

    trainer = GRPOTrainer(model=model, processing_class=tokenizer, args=grpo, train_dataset=dataset,
                          environment_factory=environments, callbacks=[Clock()])
    start = time.perf_counter()
    trainer.train()
    environments.close()
    write_summary(args, out, trainer.state.log_history, start, times)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
