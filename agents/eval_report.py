"""What an evaluation measured, from its episode lines alone: pass@k, pass rate per turn budget, fix rates; tables and plot."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import numpy as np

from refine_env._validation import is_int

__all__ = ["pass_at_k", "EvalSummary", "eval_summary", "summary_markdown", "plot_pass_vs_budget", "write_comparison"]


def pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased pass@k of Chen et al. (2021): 1 - C(n-c, k) / C(n, k), for n samples of which c pass.

    Computed as 1 - prod_{i=n-c+1}^{n} (1 - k/i), which never forms the huge binomials.
    """
    for name, value in (("n", n), ("c", c), ("k", k)):
        if not is_int(value):
            raise TypeError(f"Expected {name} to be an int, got {type(value).__name__}")
    if n < 1 or not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"Expected 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


@dataclass
class EvalSummary:
    """What an evaluation measured, computed from its trajectories alone (so a resumed run reports the same)."""

    agent: str
    """The agent evaluated."""
    policy: str
    """The policy spec."""
    problems: int
    """Problems with at least one finished episode."""
    samples: int
    """Episodes per problem asked for (n of pass@k)."""
    episodes: int
    """Finished episodes."""
    budget: int
    """Turn budget per episode."""
    pass_at: Dict[str, float]
    """pass@k by k (as a string key), the unbiased estimator averaged over problems."""
    pass_at_budget: List[float]
    """Index b-1: mean pass rate had each episode stopped after b turns and submitted its best program then."""
    fix_rate_public: List[float]
    """Index t-1: share of episodes whose best program started passing every public test at turn t."""
    fix_rate_hidden: List[float]
    """Index t-1: the same for the hidden tests."""
    verdicts: Dict[str, int]
    """Final verdicts of the judged programs (``unjudged`` when nothing was judged)."""
    mean_reward: float
    """Mean episode return under the env's reward preset."""
    mean_turns: float
    """Mean turns used per episode."""
    model_turns: float
    """Mean turns per episode that the policy wrote (the rest are the agent's own moves)."""
    tokens: Optional[Dict[str, float]]
    """Prompt and completion tokens (totals and per episode) when the policy reports them."""
    wall_s: float
    """Seconds this invocation ran (a resumed run counts only its own part)."""
    episode_wall_s: float
    """Mean seconds from reset to end per episode (episodes of a batch overlap)."""

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


def eval_summary(lines: Sequence[Mapping[str, Any]], *, agent: str, policy: str, samples: int, budget: int,
              wall_s: float = 0.0) -> EvalSummary:
    """The summary of episode lines (as written to the JSONL)."""
    by_problem: Dict[str, List[Mapping[str, Any]]] = {}
    for line in lines:
        by_problem.setdefault(line["problem_id"], []).append(line)
    ks = sorted({1, samples} | {2 ** i for i in range(1, 11) if 2 ** i < samples})
    pass_at: Dict[str, float] = {}
    for k in ks:
        values = [pass_at_k(len(eps), sum(bool(e["solved"]) for e in eps), k) for eps in by_problem.values() if len(eps) >= k]
        if values:
            pass_at[str(k)] = float(np.mean(values))
    n = len(lines)

    def per_turn(which: str) -> np.ndarray:
        if not n:
            return np.zeros((0, budget), dtype=bool)
        return np.array([list(line["per_turn"][which])[:budget] for line in lines], dtype=bool)

    hidden, public = per_turn("hidden"), per_turn("public")
    # Pass rate at budget b averages over problems first, like pass@1.
    pass_at_budget = []
    for b in range(budget):
        rates = [np.mean([bool(e["per_turn"]["hidden"][b]) for e in eps]) for eps in by_problem.values()]
        pass_at_budget.append(float(np.mean(rates)) if rates else 0.0)

    def fixes(states: np.ndarray) -> List[float]:
        if not len(states):
            return [0.0] * budget
        before = np.concatenate([np.zeros((len(states), 1), dtype=bool), states[:, :-1]], axis=1)
        return [float(x) for x in (states & ~before).mean(axis=0)]

    counted = [line["tokens"] for line in lines if line.get("tokens")]
    tokens = None
    if counted:
        prompt = float(sum(t["prompt"] for t in counted))
        completion = float(sum(t["completion"] for t in counted))
        tokens = {"prompt": prompt, "completion": completion, "prompt_per_episode": prompt / len(counted),
                  "completion_per_episode": completion / len(counted)}
    return EvalSummary(
        agent=agent, policy=policy, problems=len(by_problem), samples=samples, episodes=n, budget=budget,
        pass_at=pass_at, pass_at_budget=pass_at_budget, fix_rate_public=fixes(public), fix_rate_hidden=fixes(hidden),
        verdicts=dict(sorted(Counter(line["verdict"] for line in lines).items())),
        mean_reward=float(np.mean([line["reward"] for line in lines])) if n else 0.0,
        mean_turns=float(np.mean([line["turns"] for line in lines])) if n else 0.0,
        model_turns=float(np.mean([line["model_turns"] for line in lines])) if n else 0.0,
        tokens=tokens, wall_s=float(wall_s),
        episode_wall_s=float(np.mean([line["wall_s"] for line in lines])) if n else 0.0,
    )


def summary_markdown(summaries: Sequence[EvalSummary]) -> str:
    """The summary table (one row per agent) and the per-turn table, in Markdown."""
    ks = sorted({int(k) for s in summaries for k in s.pass_at})
    head = ["agent", "policy", "problems", "episodes"] + [f"pass@{k}" for k in ks] + \
        ["mean turns", "model turns", "verdicts", "completion tokens/episode", "wall s"]
    rows = [head, ["---"] * len(head)]
    for s in summaries:
        verdicts = " ".join(f"{v}:{c}" for v, c in s.verdicts.items())
        tokens = f"{s.tokens['completion_per_episode']:.1f}" if s.tokens else "-"
        rows.append([s.agent, f"`{s.policy}`", str(s.problems), str(s.episodes)]
                    + [f"{s.pass_at[str(k)]:.3f}" if str(k) in s.pass_at else "-" for k in ks]
                    + [f"{s.mean_turns:.2f}", f"{s.model_turns:.2f}", verdicts, tokens, f"{s.wall_s:.1f}"])
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    budget = max(s.budget for s in summaries)
    head = ["turn"]
    for s in summaries:
        head += [f"{s.agent}: pass at budget", f"{s.agent}: fix public", f"{s.agent}: fix hidden"]
    turn_rows = [head, ["---"] * len(head)]
    for t in range(budget):
        row = [str(t + 1)]
        for s in summaries:
            if t < s.budget:
                row += [f"{s.pass_at_budget[t]:.3f}", f"{s.fix_rate_public[t]:.3f}", f"{s.fix_rate_hidden[t]:.3f}"]
            else:
                row += [f"{s.pass_at_budget[-1]:.3f}" if s.pass_at_budget else "-", "-", "-"]
        turn_rows.append(row)
    lines += ["", "Per turn: pass rate had the episode stopped there (best program so far submitted), and the share "
              "of episodes whose best program started passing every public / hidden test at that turn.", ""]
    lines += ["| " + " | ".join(r) + " |" for r in turn_rows]
    return "\n".join(lines) + "\n"


def plot_pass_vs_budget(summaries: Sequence[EvalSummary], path: Union[str, os.PathLike[str]]) -> Path:
    """A PNG of pass rate against turn budget, one line per agent (a one-attempt agent is a flat line)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    budget = max(s.budget for s in summaries)
    fig, ax = plt.subplots(figsize=(6, 4))
    try:
        for s in summaries:
            ys = list(s.pass_at_budget) + [s.pass_at_budget[-1]] * (budget - s.budget) if s.pass_at_budget else [0.0] * budget
            style = "--" if s.budget == 1 else "-"
            ax.plot(range(1, budget + 1), ys, style, marker="o", label=f"{s.agent} ({s.policy}; N={s.episodes} episodes per point)")
        ax.set_xlabel("turn budget")
        ax.set_ylabel("pass rate (hidden tests)")
        ax.set_ylim(-0.02, 1.02)
        ax.set_xticks(range(1, budget + 1))
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title("pass rate against turn budget")
        fig.tight_layout()
        path = Path(path)
        fig.savefig(path, dpi=100)
    finally:
        plt.close(fig)
    return path


def write_comparison(summaries: Sequence[EvalSummary], out: Union[str, os.PathLike[str]], *, plot: bool = True) -> Dict[str, Path]:
    """Save summaries side by side: summary.json, summary.md and (with ``plot``) pass_vs_budget.png."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "summary.json", "markdown": out / "summary.md"}
    payload: Any = summaries[0].to_dict() if len(summaries) == 1 else [s.to_dict() for s in summaries]
    paths["json"].write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    paths["markdown"].write_text(summary_markdown(summaries), encoding="utf-8")
    if plot:
        paths["plot"] = plot_pass_vs_budget(summaries, out / "pass_vs_budget.png")
    return paths
