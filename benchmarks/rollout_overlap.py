"""Overlap of generation and judging in PPO rollouts: ``run_episodes(overlap=k)`` against lockstep, in one run.

    python benchmarks/rollout_overlap.py [--episodes 32] [--turns 3] [--workers 2] [--gen-ms 40 --gen-base-ms 100]

Plays a PPO-sized batch of built-in stdin problems through ``refine_agents.ppo.rollout.run_episodes``
with the real sandbox. The generator stands for a GPU engine: its calls take
``gen-base-ms + gen-ms x episodes in the call`` of wall time without using this machine's cores
(a GPU node's engine decodes on the GPU), and its replies are scripted programs (a mutant run,
the reference run, then the reference submitted), chosen from the prompt alone so that every
overlap setting plays the same episodes. Reports seconds per rollout, the speed-up against
lockstep (``overlap=1``), and the share of judging that ran behind generation
(``RolloutStats.judging_hidden``). Target (issue "scale out"): a measured share of judging
hidden behind generation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, List, Sequence

from refine_agents.backends import Backend, Generation, SamplingParams
from refine_agents.policy import LLMPolicy
from refine_agents.ppo.rollout import EpisodeStart, run_episodes
from refine_agents.tiny import build_tiny_model
from transformers import AutoTokenizer

from refine_env import actions
from refine_env.env import RefineCodeEnv
from refine_env.problems import load
from refine_env.sandbox import Sandbox


class TimedScriptedBackend(Backend):
    """Replies chosen from the prompt (its problem and turn), after the wall time a GPU engine would take."""

    name = "timed-scripted"
    supports_tokens = True

    def __init__(self, tokenizer: Any, problems: Sequence[Any], *, base_s: float, per_episode_s: float) -> None:
        self.tokenizer = tokenizer
        self.problems = list(problems)
        self.base_s, self.per_episode_s = base_s, per_episode_s

    def generate(self, prompts: Sequence[Sequence[int]], *, sampling: SamplingParams,
                 stop_token_ids: Sequence[int]) -> List[Generation]:
        time.sleep(self.base_s + self.per_episode_s * len(prompts))
        out = []
        for ids in prompts:
            text = self.tokenizer.decode(list(ids), skip_special_tokens=False)
            turn = text.count("<|im_start|>assistant") - 1
            p = next(p for p in self.problems if p.statement[:80] in text)
            quick = [m for m in p.mutants if m.expected_verdict not in ("TLE",)]
            wrong = quick[0].source if quick else p.reference.source
            reply = actions.run(wrong) if turn == 0 else actions.run(p.reference.source) if turn == 1 \
                else actions.submit(p.reference.source)
            tokens = list(self.tokenizer.encode(reply, add_special_tokens=False)) + [int(self.tokenizer.eos_token_id)]
            out.append(Generation(tuple(tokens), (-0.5,) * len(tokens), "stop"))
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=32)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gen-ms", type=float, default=40.0, help="generation wall time per episode in a call")
    parser.add_argument("--gen-base-ms", type=float, default=100.0, help="generation wall time per call")
    parser.add_argument("--overlaps", default="1,2,4")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    problems = [p for p in load("builtin") if p.kind == "stdin"]
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer = AutoTokenizer.from_pretrained(build_tiny_model(Path(tmp) / "tiny", seed=0))
    starts = [EpisodeStart(problems[k % len(problems)].id) for k in range(args.episodes)]
    overlaps = [int(x) for x in args.overlaps.split(",")]
    results = {k: [] for k in overlaps}
    with Sandbox(workers=args.workers) as sandbox:
        envs = [RefineCodeEnv(dataset=problems, max_turns=args.turns, sandbox=sandbox, show_resources=False)
                for _ in starts]
        for _ in range(args.repeats):
            for k in overlaps:  # interleaved, so that load from other work falls on every setting alike
                backend = TimedScriptedBackend(tokenizer, problems, base_s=args.gen_base_ms / 1e3,
                                               per_episode_s=args.gen_ms / 1e3)
                policy = LLMPolicy(backend, system_prompt="", sampling=SamplingParams(max_new_tokens=4096))
                t0 = time.perf_counter()
                episodes, stats = run_episodes(policy, envs, starts, groups=list(range(len(starts))),
                                               env_seeds=list(range(len(starts))), policy_seed=0, overlap=k)
                wall = time.perf_counter() - t0
                assert all(e.solved for e in episodes), "every scripted episode ends on the reference"
                results[k].append((wall, stats))
        for env in envs:
            env.close()
    print(f"{args.episodes} episodes x {args.turns} turns, {args.workers} sandbox workers; generation "
          f"{args.gen_base_ms:.0f} ms + {args.gen_ms:.0f} ms/episode per call (wall, no CPU); median of {args.repeats}")
    print("| overlap | rollout s | speed-up vs lockstep | generation s | env stepping s | generator waited s | judging hidden |")
    print("|---|---|---|---|---|---|---|")
    base = statistics.median(w for w, _ in results[overlaps[0]])
    for k in overlaps:
        walls = [w for w, _ in results[k]]
        mid = sorted(results[k], key=lambda r: r[0])[len(walls) // 2][1]
        wall = statistics.median(walls)
        print(f"| {k} | {wall:.2f} | {base / wall:.2f}x | {mid.generate_s:.2f} | {mid.env_s:.2f} | "
              f"{mid.judge_wait_s:.2f} | {mid.judging_hidden:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
