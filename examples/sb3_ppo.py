"""Train PPO (or A2C, DQN) on RefineCodeSelect's train split and compare it with baselines on the test split.

    pip install 'refine-env[sb3]'
    python examples/sb3_ppo.py                       # PPO, per-slot policy, 300k steps: about 3 minutes on 2 CPU cores
    python examples/sb3_ppo.py --seeds 0,1,2         # three training runs pooled (one run moves by several points)
    python examples/sb3_ppo.py --extractor mlp       # SB3's flat MLP (or slots: a network shared by the slots)
    python examples/sb3_ppo.py --algo dqn            # A2C and DQN through the same script
    python examples/sb3_ppo.py --problems 3 --timesteps 2000 --episodes 1 --eval-every 1000   # smoke test

The built-in candidates come judged (records packaged with refine-env); a model pool
(--pool) is judged once on the first run and cached under ~/.cache/refine-env/select.
Prints a final table and writes the learning curve to --out (PNG and CSV).
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path
from typing import Dict, List

import numpy as np
from refine_agents.bench import BASELINES, baseline_actor, bootstrap_ci, draw_curves, finish_solved_plot
from refine_agents.sb3 import ALGOS, EXTRACTORS, CurvePoint, EpisodeResult, evaluate_actor, model_actor, train_sb3
from tqdm import tqdm

from refine_env.problems import load
from refine_env.select import RefineCodeSelectEnv


def judge_once(splits: Dict[str, Dict[str, object]]) -> None:
    """Build the candidate cache with a progress bar before any env is vectorised."""
    for split, kwargs in splits.items():
        bar = tqdm(desc=f"judging {split} candidates once", unit="candidate", leave=False)

        def progress(done: int, total: int, bar: tqdm = bar) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        RefineCodeSelectEnv(progress=progress, **kwargs).close()  # type: ignore[arg-type]
        bar.close()


def row(name: str, results: List[EpisodeResult]) -> str:
    solved = [float(r.solved) for r in results]
    lo, hi = bootstrap_ci(solved, seeds=[r.seed for r in results], clusters=[r.problem_id for r in results])
    return (f"{name:<14} {100 * np.mean(solved):6.1f}  [{100 * lo:5.1f}, {100 * hi:5.1f}]  "
            f"{100 * np.mean([r.hidden_rate for r in results]):6.1f}  {np.mean([r.turns for r in results]):5.2f}  "
            f"{np.mean([r.tests_executed for r in results]):7.1f}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--algo", default="ppo", choices=ALGOS)
    parser.add_argument("--timesteps", type=int, default=300_000)
    parser.add_argument("--seeds", default="0",
                        help="comma-separated training seeds; one run each, pooled in the table (default: %(default)s)")
    parser.add_argument("--reward", default="binary", help="reward preset the agent trains on (e.g. pass_rate, binary+turn_cost:0.05)")
    parser.add_argument("--pool", default="builtin", help="'builtin' or a pool JSONL from `refine-env pool build`")
    parser.add_argument("--max-turns", type=int, default=8)
    parser.add_argument("--n-envs", type=int, default=8)
    parser.add_argument("--extractor", default=None, choices=EXTRACTORS,
                        help="per-slot (default for PPO and A2C): action logits computed slot by slot with shared "
                             "weights; mlp (default for DQN): SB3's flat MLP; slots: a network shared by the "
                             "candidate slots under SB3's heads")
    parser.add_argument("--problems", type=int, default=0,
                        help="use only the first N problems (by id) of each split: a quick run (default: all)")
    parser.add_argument("--cache-dir", default=None, help="judged-candidate cache (default: ~/.cache/refine-env/select)")
    parser.add_argument("--vec", default="dummy", choices=("dummy", "subproc"),
                        help="DummyVecEnv (default: an env step is a table lookup, so processes only add overhead) or SubprocVecEnv")
    parser.add_argument("--episodes", type=int, default=20, help="evaluation episodes per test problem (candidate shuffles)")
    parser.add_argument("--eval-every", type=int, default=25_000, help="training steps between learning-curve points")
    parser.add_argument("--out", default="sb3-out", help="folder for learning_curve.png / .csv")
    args = parser.parse_args()
    if args.extractor is None:
        args.extractor = "mlp" if args.algo == "dqn" else "per-slot"
    if args.algo == "dqn" and args.extractor == "per-slot":
        parser.error("expected --extractor mlp or slots with --algo dqn (its Q-network has no per-slot form), got per-slot")
    try:
        seeds = [int(x) for x in args.seeds.split(",") if x.strip()]
    except ValueError:
        seeds = []
    if not seeds:
        parser.error(f"expected --seeds to be comma-separated integers, got {args.seeds!r}")
    args.seeds = seeds
    return args


def split_settings(args: argparse.Namespace) -> Dict[str, Dict[str, object]]:
    """The env keywords of the train and test splits (the first --problems problems of each, if given)."""
    common = {"pool": args.pool, "max_turns": args.max_turns, "reward": args.reward}
    if args.cache_dir:
        common["cache_dir"] = args.cache_dir
    splits = {split: dict(common, split=split) for split in ("train", "test")}
    if args.problems > 0:
        for split, kw in splits.items():
            kw["problem_ids"] = sorted(p.id for p in load("builtin", split=split))[: args.problems]
    return splits


def print_results(args: argparse.Namespace, results: Dict[str, List[EpisodeResult]], curve: List[CurvePoint],
                  test_env: RefineCodeSelectEnv, seconds: float) -> None:
    name, seeds = args.algo.upper(), args.seeds

    def mean_solved(split: str, steps: int) -> float:
        return float(np.mean([c.solved for c in curve if c.split == split and c.timesteps == steps]))

    steps = sorted({c.timesteps for c in curve if all(any(d.timesteps == c.timesteps and d.seed == s for d in curve) for s in seeds)})
    print(f"\nLearning curve (greedy policy, mean of {len(seeds)} seed(s); solved = every hidden test passes):")
    print(f"{'steps':>8} {'train solved':>13} {'test solved':>12}")
    for n in steps:
        print(f"{n:>8} {mean_solved('train', n):>13.3f} {mean_solved('test', n):>12.3f}")

    print(f"\nTest split, {len(test_env.problems)} problems x {args.episodes} shuffles ({name}, {args.extractor}: {args.timesteps} steps x "
          f"{len(seeds)} seed(s), {seconds:.0f} s per seed):")
    print(f"{'policy':<14} {'solved %':>8}  {'95% CI':>14}  {'hidden %':>6}  {'turns':>5}  {'tests':>7}")
    for key, res in results.items():
        print(row(key, res))
    if len(seeds) > 1:
        per_seed = [np.mean([r.solved for r in results[name] if r.seed == s]) for s in seeds]
        print(f"{name} solved % per seed: " + ", ".join(f"{s}: {100 * v:.1f}" for s, v in zip(seeds, per_seed)))


def write_curve(args: argparse.Namespace, results: Dict[str, List[EpisodeResult]], curve: List[CurvePoint]) -> None:
    """learning_curve.csv, and learning_curve.png where matplotlib is installed."""
    name = args.algo.upper()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "learning_curve.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["timesteps", "split", "solved", "hidden_rate", "return", "train_episode_return", "seconds", "seed",
                         "episodes"])
        for c in curve:
            writer.writerow([c.timesteps, c.split, c.solved, c.hidden_rate, c.ret, c.train_episode_return, round(c.seconds, 2), c.seed,
                             c.episodes])
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"\nWrote {out / 'learning_curve.csv'} (install matplotlib for the PNG)")
        return
    fig, ax = plt.subplots(figsize=(7.2, 4.6))
    draw_curves(ax, curve, name=name)
    finish_solved_plot(ax, {key: float(np.mean([r.solved for r in res])) for key, res in results.items() if key in BASELINES},
                       title=f"{name} ({args.extractor}) on RefineCodeSelect ({args.reward}, {len(args.seeds)} seed(s))",
                       label_suffix=" (test)", episodes={key: len(res) for key, res in results.items() if key in BASELINES})
    fig.tight_layout()
    fig.savefig(out / "learning_curve.png", dpi=120)
    print(f"\nWrote {out / 'learning_curve.png'} and {out / 'learning_curve.csv'}")


def main() -> None:
    args = parse_args()
    seeds = args.seeds

    import torch

    torch.set_num_threads(1)  # small MLPs: one thread is fastest on 2 cores
    splits = split_settings(args)
    judge_once(splits)
    test_env = RefineCodeSelectEnv(**splits["test"])  # type: ignore[arg-type]
    train_env = RefineCodeSelectEnv(**splits["train"])  # type: ignore[arg-type]
    print(f"RefineCodeSelect: {len(train_env.problems)} train / {len(test_env.problems)} test problems, "
          f"K = {test_env.max_candidates} candidates, {test_env.max_turns} turns, reward {args.reward}")

    # 1. Baselines on the held-out test split (the same candidate shuffles for every policy).
    results: Dict[str, List[EpisodeResult]] = {}
    for name in BASELINES:
        results[name] = evaluate_actor(test_env, baseline_actor(name, test_env, seed=seeds[0]), policy=name,
                                       preset=args.reward, seed=seeds[0], episodes_per_problem=args.episodes)

    # 2. Train on the train split, once per seed: vectorised envs, a greedy evaluation every --eval-every steps.
    # 3. Each trained policy on the test split.
    name = args.algo.upper()
    curve: List[CurvePoint] = []
    results[name] = []
    start = time.perf_counter()
    for seed in seeds:
        bar = tqdm(total=args.timesteps, desc=f"training {name}, seed {seed}", unit="step")
        model, seed_curve = train_sb3(
            args.algo, make_env=lambda: RefineCodeSelectEnv(**splits["train"]),  # type: ignore[arg-type]
            timesteps=args.timesteps, seed=seed, preset=args.reward, n_envs=args.n_envs, vec=args.vec,
            eval_envs={"test": test_env, "train": train_env}, eval_every=args.eval_every, on_step=bar.update,
            extractor=args.extractor, final_episodes=args.episodes,  # the curve ends on the table's episodes
        )
        bar.close()
        curve += seed_curve
        results[name] += evaluate_actor(test_env, model_actor(model), policy=args.algo, preset=args.reward,
                                        seed=seed, episodes_per_problem=args.episodes)
    print_results(args, results, curve, test_env, seconds=(time.perf_counter() - start) / len(seeds))
    write_curve(args, results, curve)


if __name__ == "__main__":
    main()
