"""PPO on CPU with the tiny offline model: a warm start on right and wrong solutions, then GRPO shifts the mass to the right ones.

    python examples/train_tiny_cpu.py                 # time and results: docs/ppo.md, "Measured here"
    python examples/train_tiny_cpu.py --fast          # the slow test's version: 2 problems, fewer steps

Design. A tiny Qwen3-architecture model (built offline, 0.8M parameters) is warm-started on a
mixture: for each of a few built-in problems, its reference solution and a labelled wrong
solution, submitted from scratch and from a start on the wrong solution and its feedback
(the self-refinement curriculum's ``initial_mutant``). Sampled afterwards it writes a correct
program sometimes and a wrong one otherwise. RL (GRPO on the env's binary hidden-test reward)
must move probability towards the programs that pass the hidden tests. The same fixed set of
evaluation episodes (same starts, same seeds) is played before and after training; the
training curve and both evaluations are saved to OUT/curve.png and OUT/summary.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Dict, Sequence

PROBLEMS = ("merging-archive-piles", "open-lockers-range", "run-length-unpack", "bus-timetable-lcm")
# Wrong answers that fail fast (no time-limit mutants: judging them would dominate the run).
WRONG = ("wrong_largest", "wrong_exclusive", "wrong_extra_copy", "wrong_cap")


def evaluate(policy, problems, *, per_start: int, seed: int, sandbox) -> Dict[str, float]:
    """Mean binary reward and hidden pass rate over fixed starts: each problem from scratch and from its wrong solution."""
    from refine_agents.ppo.rollout import EpisodeStart, run_episodes

    from refine_env.env import RefineCodeEnv

    starts = []
    for p in problems:
        label = next(m.label for m in p.mutants if m.label in WRONG)
        starts += [EpisodeStart(p.id)] * per_start + [EpisodeStart(p.id, "mutant", mutant_label=label)] * per_start
    envs = [RefineCodeEnv(dataset=problems, max_turns=1, reward="binary", sandbox=sandbox, show_resources=False) for _ in starts]
    episodes, _ = run_episodes(policy, envs, starts, groups=list(range(len(starts))),
                               env_seeds=[seed + i for i in range(len(starts))], policy_seed=seed)
    for env in envs:
        env.close()
    out = {
        "reward": sum(e.episode_return for e in episodes) / len(episodes),
        "hidden_pass_rate": sum(e.hidden_rate for e in episodes) / len(episodes),
        "episodes": len(episodes),
    }
    for p in problems:
        mine = [e for e in episodes if e.start.problem_id == p.id]
        out[f"solved/{p.id}"] = sum(e.solved for e in mine) / len(mine)
    return out


def plot(history: Sequence[Dict[str, float]], before: Dict[str, float], after: Dict[str, float], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    steps = [i + 1 for i in range(len(history))]
    reward = [h["reward/mean"] for h in history]
    window = 3
    smooth = [sum(reward[max(0, i - window + 1):i + 1]) / len(reward[max(0, i - window + 1):i + 1]) for i in range(len(reward))]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(steps, reward, "o", alpha=0.4, label="training rollouts: mean hidden-test reward")
    ax.plot(steps, smooth, "-", label=f"moving mean ({window} steps)")
    ax.axhline(before["reward"], color="grey", linestyle="--", label=f"eval before RL: {before['reward']:.2f}")
    ax.axhline(after["reward"], color="green", linestyle="--", label=f"eval after RL: {after['reward']:.2f}")
    ax.set_xlabel("PPO step")
    ax.set_ylabel("binary reward (all hidden tests pass)")
    ax.set_ylim(-0.05, 1.05)
    ax.set_title("GRPO on RefineCode, tiny model on CPU")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="runs/tiny_cpu", help="output folder (default: runs/tiny_cpu)")
    parser.add_argument("--problems", type=int, default=4, help="how many of the task family's problems (default: 4)")
    parser.add_argument("--warm-steps", type=int, default=110, help="supervised warm-start steps (default: 110)")
    parser.add_argument("--steps", type=int, default=16, help="PPO steps (default: 16)")
    parser.add_argument("--group-size", type=int, default=4)
    parser.add_argument("--temperature", type=float, default=0.5)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--eval-per-start", type=int, default=8, help="evaluation episodes per problem and start (default: 8)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dynamic-sampling-rounds", type=int, default=4,
                        help="DAPO dynamic sampling: generation rounds per step to find groups whose episodes differ "
                             "(a group that all pass or all fail gives GRPO no signal); 0 turns it off (default: 4)")
    parser.add_argument("--fast", action="store_true", help="2 problems, fewer steps: the slow test's budget")
    args = parser.parse_args(list(argv) or None)
    if args.fast:
        args.problems, args.warm_steps, args.steps, args.eval_per_start = 2, 90, 6, 8
    return args


def warm_start_and_evaluate(args: argparse.Namespace, base: Path, tokenizer, problems, sandbox, sampling, out: Path,
                            summary: Dict[str, object], t0: float):
    """1. Warm start on the mixture of right and wrong submissions; 2. the evaluation before RL.

    Returns the warm model's folder and that evaluation (the warm policy is dropped on return)."""
    from refine_agents.hf_backend import TransformersBackend
    from refine_agents.policy import LLMPolicy
    from refine_agents.ppo.model import load_policy_model
    from refine_agents.ppo.warm_start import demonstration_tokens, mixed_demonstrations, warm_start

    from refine_env.env import RefineCodeEnv

    model, _ = load_policy_model(base, value_head=False, seed=args.seed)
    policy = LLMPolicy(TransformersBackend(model.lm, tokenizer=tokenizer), system_prompt="", sampling=sampling)
    env = RefineCodeEnv(dataset=problems, max_turns=1, sandbox=sandbox, show_resources=False)
    demos = mixed_demonstrations(problems, mutant_labels=WRONG)
    examples = demonstration_tokens(policy, env, demos)
    env.close()
    print(f"warm start: {len(examples)} demonstrations ({sum(d.correct for d in demos)} correct), {args.warm_steps} steps")
    losses = warm_start(model, examples, steps=args.warm_steps, learning_rate=3e-3, batch_size=8, seed=args.seed,
                        pad_token_id=tokenizer.pad_token_id, bf16=True,
                        callback=lambda s, loss: print(f"  step {s:4d} loss {loss:.3f}") if s % 20 == 0 else None)
    warm = out / "warm"
    model.lm.save_pretrained(warm)
    tokenizer.save_pretrained(warm)
    summary["warm_start"] = {"steps": args.warm_steps, "first_loss": losses[0], "last_loss": losses[-1],
                             "seconds": time.perf_counter() - t0}

    # 2. The same evaluation before and after RL.
    before = evaluate(policy, problems, per_start=args.eval_per_start, seed=10_000 + args.seed, sandbox=sandbox)
    print(f"eval before RL: reward {before['reward']:.3f}, hidden pass rate {before['hidden_pass_rate']:.3f}")
    return warm, before


def train_grpo(args: argparse.Namespace, warm: Path, problems, sandbox, out: Path):
    """3. GRPO from the warm model, then the evaluation after RL: the step metrics, the training seconds, that evaluation."""
    from refine_agents.ppo import PPOConfig, PPOTrainer

    config = PPOConfig(
        model=str(warm), problem_ids=tuple(p.id for p in problems), mutant_labels=WRONG, max_turns=1,
        reward="binary", system_prompt="", problems_per_step=len(problems), group_size=args.group_size,
        mutant_start_share=0.5, temperature=args.temperature, max_new_tokens=200, advantage_estimator="grpo",
        learning_rate=args.lr, ppo_epochs=2, mini_batch_size=8, total_steps=args.steps, seed=args.seed,
        output_dir=str(out / "ppo"), progress=True, micro_batch_tokens=8192,
        dynamic_sampling=args.dynamic_sampling_rounds > 0, dynamic_sampling_max_rounds=max(1, args.dynamic_sampling_rounds),
    )
    t1 = time.perf_counter()
    with PPOTrainer(config, sandbox=sandbox) as trainer:
        history = trainer.train()
        train_s = time.perf_counter() - t1
        after = evaluate(trainer.policy, problems, per_start=args.eval_per_start, seed=10_000 + args.seed, sandbox=sandbox)
    return history, train_s, after


def main(argv: Sequence[str] = ()) -> int:
    args = parse_args(argv)

    import torch

    # The tiny model's matrices gain nothing from threads; on a busy 2-core machine one thread is fastest.
    torch.set_num_threads(1)
    from refine_agents.backends import SamplingParams
    from refine_agents.tiny import TinyModelSpec, build_tiny_model
    from transformers import AutoTokenizer

    from refine_env.problems import load_builtin
    from refine_env.sandbox import Sandbox

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    spec = TinyModelSpec(seed=args.seed, hidden_size=128, intermediate_size=256, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, head_dim=32)
    base = build_tiny_model(out / "tiny", spec=spec)
    tokenizer = AutoTokenizer.from_pretrained(base)
    by_id = {p.id: p for p in load_builtin()}
    problems = [by_id[i] for i in PROBLEMS[: args.problems]]
    sampling = SamplingParams(temperature=args.temperature, max_new_tokens=200)
    summary: Dict[str, object] = {"problems": [p.id for p in problems], "args": vars(args)}

    with Sandbox(workers=2) as sandbox:
        warm, before = warm_start_and_evaluate(args, base, tokenizer, problems, sandbox, sampling, out, summary, t0)
        history, train_s, after = train_grpo(args, warm, problems, sandbox, out)
    print(f"eval after RL:  reward {after['reward']:.3f}, hidden pass rate {after['hidden_pass_rate']:.3f}")
    curve = [round(h["reward/mean"], 4) for h in history]
    print("training reward per step:", curve)
    summary.update({
        "eval_before": before, "eval_after": after, "reward_per_step": curve,
        "solved_rate_per_step": [round(h["env/solved_rate"], 4) for h in history],
        "hidden_pass_rate_per_step": [round(h["env/hidden_pass_rate"], 4) for h in history],
        "ppo_seconds": train_s, "total_seconds": time.perf_counter() - t0,
    })
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    try:
        plot(history, before, after, out / "curve.png")
        print(f"curve: {out / 'curve.png'}")
    except ImportError:
        print("matplotlib not installed: no curve.png (pip install matplotlib)")
    print(f"summary: {out / 'summary.json'} ({summary['total_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
