"""Judging in rollouts: 64 episodes stepped one by one vs together (step_batch), in one run.

    python benchmarks/rollout_judging.py [--episodes 64] [--turns 3] [--workers 2]

Each episode plays a built-in problem with scripted programs (a mutant run, the reference
run, then submitted), as a PPO batch would; only the env steps are timed (no model). Reports
seconds per turn of the whole batch, the batched/serial speed-up, and the per-test cost of the
batched judge against the sandbox's own ``run_batch`` of the same programs and tests. Targets
(issue "scale out"): batched at least 1.5x serial on 2 cores; per-test cost within 1.5x of
``run_batch``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import List, Tuple

import gymnasium as gym

import refine_env  # noqa: F401
from refine_env import actions
from refine_env.problems import load
from refine_env.sandbox import Job, Sandbox
from refine_env.vector import step_batch


def plans(n: int, turns: int) -> List[Tuple[str, List[str]]]:
    problems = [p for p in load("builtin") if p.kind == "stdin"]
    out = []
    for k in range(n):
        p = problems[k % len(problems)]
        quick = [m for m in p.mutants if m.expected_verdict not in ("TLE",)]
        first = quick[0].source if quick else p.reference.source
        steps = [actions.run(first)] + [actions.run(p.reference.source)] * max(0, turns - 2) + [actions.submit(p.reference.source)]
        out.append((p.id, steps[:turns]))
    return out


def play(envs, episode_plans, batched: bool) -> Tuple[float, int]:
    for env, (pid, _steps) in zip(envs, episode_plans):
        env.reset(seed=0, options={"problem_id": pid})
    tests = 0
    start = time.perf_counter()
    turns = len(episode_plans[0][1])
    for t in range(turns):
        acts = [steps[t] for _pid, steps in episode_plans]
        if batched:
            results = step_batch(envs, acts)
        else:
            results = [env.step(a) for env, a in zip(envs, acts)]
        tests += sum(r[4]["tests_executed"] for r in results) if t == turns - 1 else 0
    return time.perf_counter() - start, tests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=64)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    episode_plans = plans(args.episodes, args.turns)
    ids = sorted({pid for pid, _ in episode_plans})
    with Sandbox(workers=args.workers) as sb:
        envs = [gym.make("RefineCode-v0", dataset="builtin", problem_ids=ids, max_turns=args.turns + 1, show_resources=False,
                         sandbox=sb) for _ in episode_plans]
        play(envs[:4], episode_plans[:4], batched=True)  # warm: workers started
        serial_s, tests = play(envs, episode_plans, batched=False)
        batched_s, tests_b = play(envs, episode_plans, batched=True)
        # The sandbox's own run_batch on the same jobs, as the floor of batched judging.
        by_id = {p.id: p for p in load("builtin", ids=ids)}
        jobs = []
        for pid, steps in episode_plans:
            p = by_id[pid]
            for a in steps:
                parsed = actions.parse(a)
                tests_of = p.hidden_tests if parsed.intent == "submit" else p.public_tests
                jobs.append(Job(p.program(parsed.code), tests_of, p.limits, p.checker))
        start = time.perf_counter()
        direct = sb.run_batch(jobs)
        direct_s = time.perf_counter() - start
        for env in envs:
            env.close()
    n_tests = sum(len(r) for r in direct)
    print(f"{'runner':<40} {'s per batch turn':>16} {'ms/test':>9}")
    print(f"{'serial (env.step one by one)':<40} {serial_s / args.turns:>16.3f} {1000 * serial_s / n_tests:>9.2f}")
    print(f"{'batched (step_batch)':<40} {batched_s / args.turns:>16.3f} {1000 * batched_s / n_tests:>9.2f}")
    print(f"{'sandbox run_batch of the same jobs':<40} {direct_s / args.turns:>16.3f} {1000 * direct_s / n_tests:>9.2f}")
    print()
    print(f"{'batched vs serial (target >= 1.5)':<52} {serial_s / batched_s:>5.2f}x")
    print(f"{'batched per test / run_batch per test (target <= 1.5)':<52} {batched_s / direct_s:>5.2f}x")
    print(f"\n({args.episodes} episodes x {args.turns} turns, {n_tests} tests, {args.workers} workers, {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
