"""Commands that refine_agents adds to ``refine-env`` (entry point group ``refine_env.commands``)."""

from __future__ import annotations

import argparse
import functools
import importlib.util
import sys
import time
from typing import Any, Callable, Dict, List, Optional

from ._cli_flags import SPLIT, ConfigFlags, Flag

__all__ = ["register_demo", "run_demo", "register_eval", "run_eval"]

DEMO_PRESETS = ("binary", "pass_rate", "verdict_typed", "binary+turn_cost:0.05")


def run_demo(*, limit: int = 0, split: str = "test", seed: int = 0, max_turns: int = 6, workers: int = 2,
             quiet: bool = False, out: Optional[Callable[[str], None]] = None) -> Dict[str, Dict[str, float]]:
    """Two scripted agents over built-in problems; returns mean episode return per agent and preset."""
    import numpy as np
    from tqdm import tqdm

    out = out or tqdm.write  # lines printed through tqdm keep the progress bar intact

    from refine_env.env import RefineCodeEnv
    from refine_env.problems import load_builtin
    from refine_env.rewards import episode_return, make_reward

    from .scripted import CandidatePoolPolicy

    problems = [p for p in load_builtin(split=split if split != "all" else None) if p.mutants and p.reference]
    if limit:
        order = np.random.default_rng(seed).permutation(len(problems))[:limit]
        problems = [problems[i] for i in sorted(order)]
    if not problems:
        raise ValueError(f"Expected built-in problems with labelled solutions in split {split!r}, got none")
    fns = {name: make_reward(name) for name in DEMO_PRESETS}
    agents = ("naive", "skeptical")
    totals: Dict[str, Dict[str, List[float]]] = {a: {n: [] for n in fns} for a in agents}
    # Every preset is a function of the same transitions: one episode scores under all of them. (The
    # demo starts from scratch, where improvement would equal pass_rate; it is not shown.)
    env = RefineCodeEnv(dataset=problems, max_turns=max_turns, reward="binary", workers=workers)
    start = time.perf_counter()
    try:
        for agent in agents:
            policy = CandidatePoolPolicy(problems, plan=agent)
            for problem in tqdm(problems, desc=f"{agent:>9} agent", unit="episode", disable=quiet):
                obs, info = env.reset(seed=seed, options={"problem_id": problem.id})
                policy.reset(1)
                steps: List[str] = []
                done = False
                while not done:
                    action = policy.act([obs], infos=[info])[0]
                    obs, _reward, terminated, truncated, info = env.step(action)
                    done = terminated or truncated
                    if info.get("format_error"):
                        steps.append("format error")
                    elif info["intent"] == "run":
                        pub = info["public"]
                        steps.append(f"run {pub['passed']}/{pub['total']}")
                    elif info["intent"] == "test":
                        steps.append("test")
                    elif info["intent"] == "submit":
                        steps.append("submit")
                hidden = info.get("hidden")
                verdict = f"hidden {hidden['passed']}/{hidden['total']} {hidden['verdict']}" if hidden else "not judged"
                for name, fn in fns.items():
                    totals[agent][name].append(episode_return(fn, env.transitions))
                if not quiet:
                    out(f"  {agent:>9} | {problem.id:<28} | {' -> '.join(steps):<58} | {verdict}")
    finally:
        env.close()
    means = {a: {n: float(np.mean(v)) for n, v in per.items()} for a, per in totals.items()}
    elapsed = time.perf_counter() - start
    out("")
    out(f"Mean episode return over {len(problems)} problems ({split} split), {elapsed:.1f} s:")
    header = f"  {'agent':<10}" + "".join(f"{n:>24}" for n in fns)
    out(header)
    for agent in agents:
        out(f"  {agent:<10}" + "".join(f"{means[agent][n]:>24.3f}" for n in fns))
    out("naive submits as soon as the examples pass and falls for skeptic traps; skeptical keeps refining.")
    return means


def _demo(args: argparse.Namespace) -> int:
    run_demo(limit=args.limit, split=args.split, seed=args.seed, max_turns=args.max_turns, workers=args.workers, quiet=args.quiet)
    return 0


def register_demo(sub: Any) -> None:
    p = sub.add_parser("demo", help="scripted agents refine code on built-in problems; rewards under several presets")
    p.add_argument("--split", default="test", choices=("train", "test", "all"), help="built-in split to play (default: test)")
    p.add_argument("--limit", type=int, default=0, help="play at most this many problems (0: all of the split)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-turns", type=int, default=6)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=_demo)


def run_eval(args: argparse.Namespace, *, out: Callable[[str], None] = print) -> int:
    """``refine-env eval``: evaluate each agent of ``--agent`` and print (and save) the summary table."""
    from pathlib import Path

    from refine_env.sandbox import Sandbox

    from .evaluate import EvalConfig, evaluate, load_policy, load_problems

    agents = [a.strip() for a in args.agent.split(",") if a.strip()]
    if not agents or len(set(agents)) != len(agents):
        raise ValueError(f"Expected --agent to name single and/or skeptical once each, got {args.agent!r}")
    if args.resume and not args.out:
        raise ValueError("Expected --out with --resume (the folder of the run to continue), got no --out")
    root = Path(args.out) if args.out else None
    if root is not None and not args.resume:
        from .evaluate import earlier_run

        # Writing beside another run's files (a comparison's agent folders, its summary) would mix two runs.
        found = earlier_run(root)
        if found is not None:
            raise ValueError(f"Expected --out to be a new folder, got {str(root)!r} holding another run "
                             f"({found.relative_to(root)}): pass --resume to continue it, or choose another folder")
    plot = not args.no_plot
    if plot and importlib.util.find_spec("matplotlib") is None:
        # Said before the episodes run, not as a crash after them.
        print('refine-env eval: no pass_vs_budget.png: matplotlib is not installed (pip install "refine-env[plot]"; '
              "--no-plot silences this)", file=sys.stderr)
        plot = False
    common = _eval_flags().kwargs(args)
    configs = []
    for agent in agents:
        # One agent writes straight into --out; several get a folder each and a comparison on top.
        folder = None if root is None else (root if len(agents) == 1 else root / agent)
        configs.append(EvalConfig(**{**common, "agent": agent}, out=None if folder is None else str(folder),
                                  resume=args.resume))
    if args.ray_episodes:
        # Whole episodes on the cluster: a runner per node with its own policy client and sandbox.
        if not args.ray:
            raise ValueError("Expected --ray ADDRESS with --ray-episodes (the cluster to play on), got no --ray")
        from .cluster_eval import evaluate_on_ray

        summaries = [evaluate_on_ray(config, address=args.ray, progress=not args.quiet, plot=plot)
                     for config in configs]
        return _report_eval(summaries, root, agents, plot, out)
    # One model load and one sandbox serve every agent: loading a 4B model twice would dominate a short run.
    problems = load_problems(configs[0])
    policy = load_policy(args.policy, problems=problems, config=configs[0])
    summaries = []
    if args.ray:
        # Judging on a Ray cluster: actors on every node, each with that node's cores (docs/scaling.md).
        from refine_env.sandbox.ray_judge import RayJudge

        judge_cm: Any = RayJudge(address=args.ray)
    else:
        judge_cm = Sandbox(workers=args.workers)
    try:
        with judge_cm as sandbox:
            for config in configs:
                summaries.append(evaluate(config, policy=policy, problems=problems, sandbox=sandbox,
                                          progress=not args.quiet, plot=plot))
    finally:
        if callable(getattr(policy, "close", None)):
            policy.close()
    return _report_eval(summaries, root, agents, plot, out)


def _report_eval(summaries: List[Any], root: Any, agents: List[str], plot: bool,
                 out: Callable[[str], None]) -> int:
    from .eval_report import summary_markdown, write_comparison

    if root is not None and len(agents) > 1:
        write_comparison(summaries, root, plot=plot)
    out(summary_markdown(summaries).rstrip())
    if root is not None:
        saved = "summary.json, summary.md" + (", pass_vs_budget.png" if plot else "")
        out(f"\nSaved to {root}/: {saved}; trajectories in " + ("trajectories.jsonl" if len(agents) == 1 else "<agent>/trajectories.jsonl"))
    return 0


@functools.cache
def _eval_flags() -> ConfigFlags:
    """``EvalConfig``'s fields as flags; ``--out`` and ``--resume`` mean more for several agents and stay hand-written."""
    from .evaluate import EvalConfig

    return ConfigFlags(EvalConfig, skip=("out", "resume"), flags={
        "agent": Flag(help="single, skeptical, or both comma-separated"), "split": SPLIT})


def register_eval(sub: Any) -> None:
    p = sub.add_parser("eval", help="evaluate a policy with the Skeptical-Agent and/or one attempt: pass@k, fix rate, verdicts")
    _eval_flags().add_to(p)
    p.add_argument("--ray", default=None, metavar="ADDRESS",
                   help="judge on a Ray cluster instead (auto, HOST:PORT or ray://...; needs refine-env[ray])")
    p.add_argument("--ray-episodes", action="store_true",
                   help="with --ray: play whole episodes on the cluster, a runner per node (openai:, scripted or random policies)")
    p.add_argument("--out", default=None, help="folder for trajectories.jsonl, summary.json/.md and pass_vs_budget.png")
    p.add_argument("--resume", action="store_true", help="continue the run in --out, skipping recorded episodes")
    p.add_argument("--no-plot", action="store_true", help="skip the PNG (no matplotlib needed)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run_eval)
