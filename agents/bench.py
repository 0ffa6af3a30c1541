"""Reward-shaping benchmark on RefineCodeSelect: presets x policies x seeds -> table, learning curves, per-episode JSONL."""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from refine_env._validation import did_you_mean
from refine_env.rewards import make_reward
from refine_env.select import FEATURES, GLOBALS, OPS, RefineCodeSelectEnv

from ._cli_flags import ConfigFlags, Flag
from .sb3 import (
    ALGOS,
    EXTRACTORS,
    CurvePoint,
    EpisodeResult,
    SelectPolicy,
    evaluate_actor,
    min_timesteps,
    model_actor,
    train_sb3,
)

__all__ = [
    "BASELINES",
    "finish_solved_plot",
    "draw_curves",
    "DEFAULT_PRESETS",
    "BenchConfig",
    "BenchResult",
    "baseline_actor",
    "bootstrap_ci",
    "result_rows",
    "markdown_table",
    "run_bench",
    "write_outputs",
    "register_command",
]

logger = logging.getLogger(__name__)

BASELINES = ("random", "first", "best-public", "cross-test")
"""Scripted policies: a random valid action; submit slot 0; run every candidate then submit the best
on the public tests; and a hand-written skeptic, ``cross-test``: test candidates one by one and submit
the first that agrees with the pool on every generated input without failing or being slow."""
DEFAULT_PRESETS = ("binary", "pass_rate", "binary+turn_cost:0.05", "verdict_typed", "improvement")

_COL = {name: j for j, name in enumerate(FEATURES)}


# -- scripted baselines ---------------------------------------------------------------------------

class _Baseline:
    """A scripted policy of :data:`BASELINES` for envs laid out like ``env``: it reads only the observation."""

    def __init__(self, name: str, env: RefineCodeSelectEnv, *, seed: int) -> None:
        self.k, self.max_turns = env.max_candidates, env.max_turns
        self.rng = np.random.default_rng(seed)
        self._choose: Callable[[np.ndarray, Dict[str, float]], int] = {
            "random": self._random, "first": self._first, "best-public": self._best_public, "cross-test": self._cross_test,
        }[name]

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        """Nothing to start: the plans read the observation alone (``random`` draws on from the stream seeded at
        construction; ``seed`` is ignored)."""

    def act(self, observations: Sequence[Optional[np.ndarray]], *, infos: Optional[Sequence[Mapping[str, Any]]] = None,
            active: Optional[Sequence[bool]] = None) -> List[Optional[int]]:
        out: List[Optional[int]] = []
        for i, obs in enumerate(observations):
            if obs is None or (active is not None and not active[i]):
                out.append(None)
                continue
            flat = np.asarray(obs)
            f = len(FEATURES)
            out.append(self._choose(flat[: self.k * f].reshape(self.k, f), dict(zip(GLOBALS, flat[self.k * f:].tolist()))))
        return out

    def _action(self, op: str, slot: int) -> int:
        return OPS.index(op) * self.k + int(slot)

    def _random(self, table: np.ndarray, extra: Dict[str, float]) -> int:
        # The valid actions (the env's action_masks()): every operation on an occupied slot.
        valid = np.flatnonzero(np.tile(table[:, _COL["present"]] > 0, len(OPS)))
        return int(valid[int(self.rng.integers(len(valid)))])

    def _first(self, table: np.ndarray, extra: Dict[str, float]) -> int:
        return self._action("submit", 0)

    def _best_public(self, table: np.ndarray, extra: Dict[str, float]) -> int:
        present = np.flatnonzero(table[:, _COL["present"]] > 0)
        unrun = [i for i in present if table[i, _COL["run"]] == 0]
        last_turn = extra["turns_left"] * self.max_turns <= 1.5
        if unrun and not last_turn:
            return self._action("run", unrun[0])
        ran = [i for i in present if table[i, _COL["run"]] > 0] or list(present)
        # Ties go to the lowest slot: the order is random, so that is a fair coin among equals.
        best = max(ran, key=lambda i: (table[i, _COL["public_pass"]], -i))
        return self._action("submit", best)

    def _cross_test(self, table: np.ndarray, extra: Dict[str, float]) -> int:
        present = [int(i) for i in np.flatnonzero(table[:, _COL["present"]] > 0)]
        tested = [i for i in present if table[i, _COL["tested"]] > 0]

        def key(i: int) -> Tuple[float, ...]:
            t = table[i]
            return (t[_COL["gen_plurality"]], -t[_COL["gen_failed"]], -t[_COL["gen_slowdown"]], -i)

        for i in tested:
            t = table[i]
            # Agrees with the pool's most common output everywhere, never fails, not 3x slower: take it.
            if t[_COL["gen_plurality"]] >= 1.0 - 1e-6 and t[_COL["gen_failed"]] == 0 and t[_COL["gen_slowdown"]] < 0.25:
                return self._action("submit", i)
        untested = [i for i in present if i not in tested]
        if untested and round(extra["turns_left"] * self.max_turns) > 1:
            return self._action("test", untested[0])
        return self._action("submit", max(tested or present, key=key))


def baseline_actor(name: str, env: RefineCodeSelectEnv, *, seed: int = 0) -> SelectPolicy:
    """A scripted policy of :data:`BASELINES` for ``env``'s layout that reads only the observation."""
    if name not in BASELINES:
        raise ValueError(f"Expected a baseline among {BASELINES}, got {name!r}.{did_you_mean(name, BASELINES)}")
    return _Baseline(name, env, seed=seed)


# -- statistics -----------------------------------------------------------------------------------

def bootstrap_ci(values: Sequence[float], *, seeds: Optional[Sequence[int]] = None, clusters: Optional[Sequence[str]] = None,
                 resamples: int = 2000, rng_seed: int = 0, level: float = 0.95) -> Tuple[float, float]:
    """A percentile bootstrap interval of the mean: resample seeds, then clusters (problems) within each seed.

    Episodes of one problem share its difficulty, and a learned policy varies from seed to
    seed, so both are resampled whole: the interval says how the mean would move on another
    draw of training seeds and problems like these. Without ``clusters`` every value is its
    own cluster; without ``seeds`` there is one seed.
    """
    n = len(values)
    if n == 0:
        return (math.nan, math.nan)
    seeds = list(seeds) if seeds is not None else [0] * n
    clusters = list(clusters) if clusters is not None else [str(i) for i in range(n)]
    if len(seeds) != n or len(clusters) != n:
        raise ValueError(f"Expected one seed and one cluster per value ({n}), got {len(seeds)} and {len(clusters)}")
    cells: Dict[Any, Dict[str, List[float]]] = {}
    for v, s, c in zip(values, seeds, clusters):
        cells.setdefault(s, {}).setdefault(c, []).append(float(v))
    # Per seed, the mean of each cluster: resampling those is resampling the cluster's episodes whole.
    groups = [np.array([np.mean(vs) for vs in by.values()]) for by in cells.values()]
    rng = np.random.default_rng(rng_seed)
    means = np.empty(resamples)
    for b in range(resamples):
        picked = rng.integers(len(groups), size=len(groups))
        means[b] = np.mean([groups[i][rng.integers(len(groups[i]), size=len(groups[i]))].mean() for i in picked])
    alpha = (1 - level) / 2
    return float(np.quantile(means, alpha)), float(np.quantile(means, 1 - alpha))


# -- Stable-Baselines3 ----------------------------------------------------------------------------
# -- the benchmark --------------------------------------------------------------------------------

@dataclass(frozen=True)
class BenchConfig:
    """A grid of reward presets x policies x seeds on RefineCodeSelect (train split to learn, test split to score)."""

    presets: Tuple[str, ...] = DEFAULT_PRESETS
    """Reward specs: preset names, sums (``binary+turn_cost:0.05``) or ``module:function`` import paths."""
    policies: Tuple[str, ...] = ("random", "first", "best-public", "cross-test", "ppo")
    """Names from :data:`BASELINES` (random, first, best-public, cross-test) and :data:`ALGOS` (ppo, a2c, dqn)."""
    seeds: Tuple[int, ...] = (0, 1, 2)
    """Seeds of the grid: each SB3 policy trains once per seed, each baseline plays its episodes once per seed."""
    timesteps: int = 100_000
    """Training steps per SB3 run (one run per algorithm, preset and seed), rounded up to whole rollouts; at least one
    rollout (PPO: 1024 with 8 envs)."""
    episodes: int = 10
    """Evaluation episodes per test problem (different candidate shuffles) for the final table."""
    eval_every: int = 20_000
    """Training steps between two points of a learning curve."""
    curve_episodes: int = 3
    """Episodes per problem at each learning-curve point."""
    dataset: str = "builtin"
    """A dataset name or path for :func:`refine_env.problems.load`."""
    train_split: str = "train"
    """Split the SB3 policies learn on."""
    test_split: str = "test"
    """Split every policy is scored on."""
    pool: str = "builtin"
    """Candidates to choose from: ``builtin`` (the labelled solutions) or a pool JSONL from ``refine-env pool build``."""
    max_candidates: int = 6
    """Candidates per episode (RefineCodeSelect's ``max_candidates``)."""
    max_turns: int = 8
    """Turn budget of an episode."""
    n_envs: int = 8
    """Vectorised envs for PPO and A2C."""
    vec: str = "dummy"
    """SB3's vectorised env: ``dummy`` (one process) or ``subproc``."""
    workers: int = 2
    """Sandbox workers for the one-time judging."""
    cache_dir: Optional[str] = None
    """Where judged candidates are cached (None: ``~/.cache/refine-env/select``)."""
    extractor: str = "mlp"
    """How the SB3 policies read observations: one of :data:`EXTRACTORS` (``per-slot``: PPO and A2C only)."""

    def __post_init__(self) -> None:
        if self.extractor not in EXTRACTORS:
            raise ValueError(f"Expected extractor to be one of {EXTRACTORS}, got {self.extractor!r}")
        if self.extractor == "per-slot" and "dqn" in self.policies:
            raise ValueError("Expected extractor 'mlp' or 'slots' with dqn among the policies (its Q-network has no "
                             "per-slot form), got 'per-slot'")
        unknown = [p for p in self.policies if p not in BASELINES + ALGOS]
        if unknown:
            hint = did_you_mean(unknown[0], BASELINES + ALGOS)
            raise ValueError(f"Expected policies among {BASELINES + ALGOS}, got {unknown[0]!r}.{hint}")
        if not self.presets or not self.policies or not self.seeds:
            raise ValueError(f"Expected at least one preset, policy and seed, got {self.presets!r}, {self.policies!r}, {self.seeds!r}")
        for spec in self.presets:
            make_reward(spec)  # fails early, with the presets' own message, on a typo
        for name in ("timesteps", "episodes", "eval_every", "curve_episodes", "n_envs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Expected {name} to be an int >= 1, got {value!r}")
        for algo in (p for p in self.policies if p in ALGOS):
            # Fewer steps would silently train one whole rollout (1,024 steps for PPO), not what was asked.
            least, why = min_timesteps(algo, n_envs=1 if algo == "dqn" else self.n_envs)
            if self.timesteps < least:
                raise ValueError(f"Expected timesteps >= {least} for {algo} ({why}), got {self.timesteps}")


@dataclass
class BenchResult:
    """Everything a benchmark run produced."""

    config: BenchConfig
    episodes: List[EpisodeResult] = field(default_factory=list)
    curves: List[CurvePoint] = field(default_factory=list)
    rows: List[Dict[str, Any]] = field(default_factory=list)
    train_seconds: Dict[Tuple[str, str, int], float] = field(default_factory=dict)
    seconds: float = 0.0


def result_rows(episodes: Sequence[EpisodeResult], *, train_steps: Mapping[Tuple[str, str], int],
              train_seconds: Mapping[Tuple[str, str, int], float]) -> List[Dict[str, Any]]:
    """One table row per (preset, policy): means with 95% bootstrap intervals over seeds and episodes."""
    keys: List[Tuple[str, str]] = []
    for r in episodes:
        if (r.preset, r.policy) not in keys:
            keys.append((r.preset, r.policy))
    rows = []
    for preset, policy in keys:
        mine = [r for r in episodes if r.preset == preset and r.policy == policy]
        seeds = sorted({r.seed for r in mine})
        groups = {"seeds": [r.seed for r in mine], "clusters": [r.problem_id for r in mine]}
        solved_lo, solved_hi = bootstrap_ci([float(r.solved) for r in mine], **groups)
        rate_lo, rate_hi = bootstrap_ci([r.hidden_rate for r in mine], **groups)
        secs = [v for (pr, po, _), v in train_seconds.items() if pr == preset and po == policy]
        rows.append({
            "preset": preset, "policy": policy, "seeds": len(seeds), "episodes": len(mine),
            "solved": float(np.mean([r.solved for r in mine])), "solved_lo": solved_lo, "solved_hi": solved_hi,
            "hidden_rate": float(np.mean([r.hidden_rate for r in mine])), "hidden_rate_lo": rate_lo, "hidden_rate_hi": rate_hi,
            "return": float(np.mean([r.ret for r in mine])),
            "turns": float(np.mean([r.turns for r in mine])),
            "tests_executed": float(np.mean([r.tests_executed for r in mine])),
            "format_errors": float(np.mean([r.format_errors for r in mine])),
            "train_steps": int(train_steps.get((preset, policy), 0)),
            "train_seconds": float(np.mean(secs)) if secs else 0.0,
        })
    return rows


def run_bench(config: BenchConfig, *, progress: bool = True,
              on_cell: Optional[Callable[[str, str, int], None]] = None) -> BenchResult:
    """Run the grid: baselines are evaluated, SB3 algorithms trained then evaluated, per preset and seed."""
    from tqdm import tqdm

    start = time.perf_counter()
    result = BenchResult(config=config)
    common = dict(dataset=config.dataset, pool=config.pool, max_candidates=config.max_candidates,
                  max_turns=config.max_turns, workers=config.workers,
                  cache_dir=True if config.cache_dir is None else config.cache_dir)
    # Judge every candidate of both splits once, up front: every env below then reads the cache.
    for split in (config.train_split, config.test_split):
        bar = tqdm(desc=f"judging {split} candidates once", unit="candidate", disable=not progress, leave=False)

        def judged(done: int, total: int, bar: Any = bar) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        RefineCodeSelectEnv(split=split, progress=judged, **common).close()  # type: ignore[arg-type]
        bar.close()

    algos = [p for p in config.policies if p in ALGOS]
    baselines = [p for p in config.policies if p in BASELINES]
    total_steps = len(algos) * len(config.presets) * len(config.seeds) * config.timesteps
    cells = len(config.policies) * len(config.presets) * len(config.seeds)
    bar = tqdm(total=cells, desc="bench-rewards", unit="run", disable=not progress)
    step_bar = tqdm(total=total_steps, desc="training", unit="step", disable=not progress or not total_steps, leave=False)
    train_steps: Dict[Tuple[str, str], int] = {}
    try:
        for preset in config.presets:
            test_env = RefineCodeSelectEnv(split=config.test_split, reward=preset, **common)  # type: ignore[arg-type]
            train_env = RefineCodeSelectEnv(split=config.train_split, reward=preset, **common)  # type: ignore[arg-type]
            for seed in config.seeds:
                for name in baselines:
                    bar.set_postfix_str(f"{preset} / {name} / seed {seed}")
                    actor = baseline_actor(name, test_env, seed=seed)
                    result.episodes += evaluate_actor(test_env, actor, policy=name, preset=preset, seed=seed,
                                                      episodes_per_problem=config.episodes)
                    if on_cell is not None:
                        on_cell(preset, name, seed)
                    bar.update(1)
                for algo in algos:
                    bar.set_postfix_str(f"{preset} / {algo} / seed {seed}: training")
                    t0 = time.perf_counter()
                    model, curve = train_sb3(
                        algo, make_env=lambda preset=preset: RefineCodeSelectEnv(split=config.train_split, reward=preset, **common),  # type: ignore[misc]
                        timesteps=config.timesteps, seed=seed, preset=preset, n_envs=config.n_envs, vec=config.vec,
                        eval_envs={"test": test_env, "train": train_env}, eval_every=config.eval_every,
                        curve_episodes=config.curve_episodes, on_step=step_bar.update, extractor=config.extractor,
                        final_episodes=config.episodes)
                    result.train_seconds[(preset, algo, seed)] = time.perf_counter() - t0
                    result.curves += curve
                    train_steps[(preset, algo)] = int(model.num_timesteps)
                    result.episodes += evaluate_actor(test_env, model_actor(model), policy=algo, preset=preset, seed=seed,
                                                      episodes_per_problem=config.episodes)
                    if on_cell is not None:
                        on_cell(preset, algo, seed)
                    bar.update(1)
            test_env.close()
            train_env.close()
    finally:
        step_bar.close()
        bar.close()
    result.rows = result_rows(result.episodes, train_steps=train_steps, train_seconds=result.train_seconds)
    result.seconds = time.perf_counter() - start
    return result


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "preset"


def markdown_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """The results table in Markdown (percentages with their 95% intervals)."""
    head = ("| preset | policy | solved % [95% CI] | hidden tests passed % [95% CI] | return | turns | tests run / episode | train steps |\n"
            "|---|---|---|---|---|---|---|---|")
    lines = [head]
    for r in rows:
        lines.append(
            f"| `{r['preset']}` | {r['policy']} | {100 * r['solved']:.1f} [{100 * r['solved_lo']:.1f}, {100 * r['solved_hi']:.1f}] "
            f"| {100 * r['hidden_rate']:.1f} [{100 * r['hidden_rate_lo']:.1f}, {100 * r['hidden_rate_hi']:.1f}] "
            f"| {r['return']:.3f} | {r['turns']:.2f} | {r['tests_executed']:.1f} | {r['train_steps'] or '-'} |")
    return "\n".join(lines) + "\n"


def _count_label(counts: Sequence[int]) -> str:
    if len(set(counts)) == 1:
        return f"{counts[0]} per point"
    if len(set(counts[:-1])) == 1:
        return f"{counts[0]} per point, {counts[-1]} at the end"
    return f"{min(counts)}-{max(counts)} per point"


def draw_curves(ax: Any, curves: Sequence[CurvePoint], *, name: str) -> None:
    """Solved rate against training steps of one algorithm: the mean over seeds with a min-max band, test and train split.

    Legend entries say how many seeds and evaluation episodes (N) each point averages.
    """
    for split, style in (("test", "-"), ("train", ":")):
        mine = [c for c in curves if c.split == split]
        if not mine:
            continue
        steps = sorted({c.timesteps for c in mine})
        at = [[c for c in mine if c.timesteps == s] for s in steps]
        seeds = len({c.seed for c in mine})
        label = (f"{name} ({split}; mean of {seeds} seed{'s' if seeds > 1 else ''}{', band: min-max' if seeds > 1 else ''}; "
                 f"N={_count_label([sum(c.episodes for c in points) for points in at])})")
        (line,) = ax.plot(steps, [float(np.mean([c.solved for c in points])) for points in at], style,
                          marker="o" if split == "test" else None, markersize=4, label=label)
        if seeds > 1:
            ax.fill_between(steps, [min(c.solved for c in points) for points in at],
                            [max(c.solved for c in points) for points in at],
                            color=line.get_color(), alpha=0.2 if split == "test" else 0.1, linewidth=0)


def finish_solved_plot(ax: Any, baselines: Mapping[str, float], *, title: str, label_suffix: str = "",
                       episodes: Optional[Mapping[str, int]] = None) -> None:
    """Draw the baselines' solved rates as gray levels (a level of 0 stays visible) and label the axes of a solved-rate curve.

    ``episodes`` gives each baseline's N (evaluation episodes) for its legend entry.
    """
    styles = dict(zip(BASELINES, ((0, (1, 1)), (0, (5, 2)), (0, (3, 1, 1, 1)), (0, (8, 2, 1, 2)))))
    for name, level in baselines.items():
        n = f", N={episodes[name]}" if episodes and name in episodes else ""
        ax.axhline(level, linestyle=styles.get(name, "--"), linewidth=1.2, color="gray",
                   label=f"{name}{label_suffix}: {100 * level:.1f}%{n}")
    ax.set_xlabel("training steps")
    ax.set_ylabel("solved (all hidden tests pass)")
    # Below 0, so that a baseline at 0 is a line of its own and not the x-axis.
    ax.set_ylim(-0.04, 1.0)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=6.5, ncol=1)


def plot_curves(curves: Sequence[CurvePoint], rows: Sequence[Mapping[str, Any]], path: Path, *, preset: str) -> Optional[Path]:
    """Test-split solved rate against training steps for each algorithm (mean over seeds, min-max band), baselines gray.

    The last point of each curve is the final table's evaluation (the same episodes), so it sits on the table's row.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        logger.warning("matplotlib is not installed: no learning-curve plot (pip install 'refine-env[plot]')")
        return None
    fig, ax = plt.subplots(figsize=(7.2, 4.6))
    mine = [c for c in curves if c.preset == preset]
    for algo in sorted({c.algo for c in mine}):
        draw_curves(ax, [c for c in mine if c.algo == algo], name=algo.upper())
    chosen = [r for r in rows if r["preset"] == preset and r["policy"] in BASELINES]
    finish_solved_plot(ax, {r["policy"]: r["solved"] for r in chosen}, title=f"RefineCodeSelect, reward {preset}",
                       label_suffix=" (test)", episodes={r["policy"]: r["episodes"] for r in chosen})
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_outputs(result: BenchResult, out: Path, *, plots: bool = True) -> Dict[str, Path]:
    """results.md, results.csv, episodes.jsonl, curves.jsonl, config.json and curves_<preset>.png under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths: Dict[str, Path] = {}
    paths["table"] = out / "results.md"
    paths["table"].write_text(markdown_table(result.rows), encoding="utf-8")
    paths["csv"] = out / "results.csv"
    with open(paths["csv"], "w", newline="", encoding="utf-8") as fh:
        if result.rows:
            writer = csv.DictWriter(fh, fieldnames=list(result.rows[0]))
            writer.writeheader()
            writer.writerows(result.rows)
    paths["episodes"] = out / "episodes.jsonl"
    with open(paths["episodes"], "w", encoding="utf-8") as fh:
        for r in result.episodes:
            fh.write(json.dumps(asdict(r)) + "\n")
    paths["curves"] = out / "curves.jsonl"
    with open(paths["curves"], "w", encoding="utf-8") as fh:
        for c in result.curves:
            fh.write(json.dumps(asdict(c)) + "\n")
    paths["config"] = out / "config.json"
    paths["config"].write_text(json.dumps({**asdict(result.config), "seconds": round(result.seconds, 1)}, indent=2), encoding="utf-8")
    if plots:
        for preset in result.config.presets:
            made = plot_curves(result.curves, result.rows, out / f"curves_{_slug(preset)}.png", preset=preset)
            if made is not None:
                paths[f"plot:{preset}"] = made
    return paths


_FLAGS = ConfigFlags(BenchConfig, flags={"vec": Flag(choices=("dummy", "subproc")), "extractor": Flag(choices=EXTRACTORS)})


def _bench(args: argparse.Namespace) -> int:
    import importlib.util
    import sys

    from refine_env.cli import require_extra

    kwargs = _FLAGS.kwargs(args)
    algos = [p for p in kwargs["policies"] if p in ALGOS]
    if algos:
        # Up front: the scripted baselines would run first and the first training then fail.
        require_extra("sb3", "stable_baselines3", "torch", what=f"training {', '.join(algos)}")
        if args.torch_threads:
            import torch

            torch.set_num_threads(args.torch_threads)
    plots = not args.no_plot
    if plots and importlib.util.find_spec("matplotlib") is None:
        print('refine-env bench-rewards: no curves_*.png: matplotlib is not installed (pip install "refine-env[plot]"; '
              "--no-plot silences this)", file=sys.stderr)
        plots = False
    config = BenchConfig(**kwargs)
    result = run_bench(config, progress=not args.quiet)
    paths = write_outputs(result, Path(args.out), plots=plots)
    print(markdown_table(result.rows))
    print(f"{len(result.episodes)} evaluation episodes in {result.seconds:.0f} s. Wrote "
          + ", ".join(str(p) for p in paths.values()))
    return 0


def register_command(sub: Any) -> None:
    """``refine-env bench-rewards``: the entry point of group ``refine_env.commands``."""
    p = sub.add_parser("bench-rewards", help="reward presets x policies x seeds on RefineCodeSelect: table, curves, episodes")
    _FLAGS.add_to(p)
    p.add_argument("--torch-threads", type=int, default=1, help="torch CPU threads (small MLPs run fastest on one)")
    p.add_argument("--out", default="bench-rewards", help="output folder (default: %(default)s)")
    p.add_argument("--no-plot", action="store_true", help="skip the PNG curves (no matplotlib needed)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_bench)
