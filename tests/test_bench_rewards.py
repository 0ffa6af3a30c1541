"""refine-env bench-rewards on a tiny grid: the files exist with the right rows and columns."""

from __future__ import annotations

import csv
import json
from typing import Any, Dict

import numpy as np
import pytest

from refine_env.problems import load_builtin
from refine_env.select import OPS, RefineCodeSelectEnv, pool_record

pytest.importorskip("stable_baselines3")

from refine_agents.bench import (  # noqa: E402
    BASELINES,
    BenchConfig,
    baseline_actor,
    bootstrap_ci,
    markdown_table,
)
from refine_agents.sb3 import evaluate_actor  # noqa: E402


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    """A pool of one train and one test problem: the reference and the quick wrong solutions."""
    root = tmp_path_factory.mktemp("bench")
    problems = load_builtin()
    chosen = [next(p for p in problems if p.split == split and p.mutants) for split in ("train", "test")]
    path = root / "pool.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for p in chosen:
            for n, sol in enumerate([p.reference] + [m for m in p.mutants if m.expected_verdict.value != "TLE"][:3]):
                fh.write(json.dumps(pool_record(problem_id=p.id, source=sol.source, policy="test", sampling={}, sample=n,
                                                dataset="builtin")) + "\n")
    module = root / "my_shaping.py"
    module.write_text("def half_binary(transitions):\n    last = transitions[-1]\n"
                      "    return 0.5 if last.terminal and last.hidden_total and last.hidden_passed == last.hidden_total else 0.0\n")
    return {"pool": str(path), "cache": str(root / "cache"), "root": root, "ids": [p.id for p in chosen]}


def test_cli_writes_table_curves_and_episodes(tiny: Dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from refine_env.cli import main

    monkeypatch.syspath_prepend(str(tiny["root"]))
    out = tiny["root"] / "out"
    code = main(["bench-rewards", "--presets", "binary,my_shaping:half_binary", "--policies", "first,random,ppo",
                 "--seeds", "0,1", "--timesteps", "1024", "--eval-every", "512", "--episodes", "2", "--curve-episodes", "1",
                 "--pool", tiny["pool"], "--cache-dir", tiny["cache"], "--max-candidates", "4", "--n-envs", "2",
                 "--out", str(out), "--quiet"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| preset | policy | solved % [95% CI]" in printed

    with open(out / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["preset"], r["policy"]) for r in rows] == [
        (preset, policy) for preset in ("binary", "my_shaping:half_binary") for policy in ("first", "random", "ppo")]
    assert {"solved", "solved_lo", "solved_hi", "hidden_rate", "hidden_rate_lo", "hidden_rate_hi", "turns",
            "tests_executed", "train_steps", "return"} <= set(rows[0])
    for r in rows:
        assert float(r["solved_lo"]) <= float(r["solved"]) <= float(r["solved_hi"])
        assert r["seeds"] == "2" and r["episodes"] == "4"  # 2 seeds x 1 test problem x 2 episodes
    ppo = next(r for r in rows if r["policy"] == "ppo")
    assert int(ppo["train_steps"]) == 1024
    first = next(r for r in rows if r["policy"] == "first" and r["preset"] == "binary")
    assert float(first["turns"]) == 1.0

    table = (out / "results.md").read_text().strip().splitlines()
    assert len(table) == 2 + 6 and table[0].count("|") == 9

    episodes = [json.loads(line) for line in (out / "episodes.jsonl").read_text().splitlines()]
    assert len(episodes) == 2 * 3 * 2 * 2
    assert set(episodes[0]) == {"policy", "preset", "seed", "problem_id", "episode", "solved", "hidden_rate", "ret", "turns",
                                "tests_executed", "format_errors", "submitted_label", "truncated"}
    assert {e["problem_id"] for e in episodes} == {tiny["ids"][1]}
    # The user function pays half of what binary pays for the same solved episodes.
    half = [e for e in episodes if e["preset"] == "my_shaping:half_binary" and e["policy"] == "first"]
    assert all(e["ret"] == (0.5 if e["solved"] else 0.0) for e in half)

    curves = [json.loads(line) for line in (out / "curves.jsonl").read_text().splitlines()]
    assert {c["split"] for c in curves} == {"train", "test"} and min(c["timesteps"] for c in curves) == 0
    for preset in ("binary", "my_shaping:half_binary"):
        test = [c for c in curves if c["preset"] == preset and c["split"] == "test"]
        # One point per evaluation: the end of training (1,024 steps) once, not also at the last eval_every.
        assert [(c["seed"], c["timesteps"], c["episodes"]) for c in test] == [
            (seed, steps, n) for seed in (0, 1) for steps, n in ((0, 1), (512, 1), (1024, 2))]
        # The curve ends on the table's row: its last point plays the table's episodes.
        row = next(r for r in rows if r["preset"] == preset and r["policy"] == "ppo")
        assert sum(c["solved"] for c in test if c["timesteps"] == 1024) / 2 == pytest.approx(float(row["solved"]))
    for preset in ("binary", "my_shaping_half_binary"):
        assert (out / f"curves_{preset}.png").stat().st_size > 1000


def test_baselines_follow_their_plans(tiny: Dict[str, Any]) -> None:
    env = RefineCodeSelectEnv(pool=tiny["pool"], max_candidates=4, max_turns=8, cache_dir=tiny["cache"])
    runs = {name: evaluate_actor(env, baseline_actor(name, env, seed=0), policy=name, preset="binary", seed=0,
                                 episodes_per_problem=3) for name in BASELINES}
    assert all(r.turns == 1 for r in runs["first"])
    # best-public runs every candidate once, then submits.
    assert all(r.turns == 5 and r.tests_executed > 0 for r in runs["best-public"])
    # cross-test tests before it submits, and submits a candidate that agrees with the pool.
    assert all(2 <= r.turns <= 5 for r in runs["cross-test"])
    assert np.mean([r.solved for r in runs["cross-test"]]) >= np.mean([r.solved for r in runs["first"]])
    obs, _ = env.reset(seed=0)
    assert baseline_actor("first", env).act([obs])[0] == OPS.index("submit") * 4
    with pytest.raises(ValueError, match="Did you mean 'best-public'"):
        baseline_actor("best_public", env)


def test_timesteps_below_one_rollout_are_refused() -> None:
    # --timesteps 1 used to train one whole rollout (1,024 steps) without a word.
    with pytest.raises(ValueError) as excinfo:
        BenchConfig(timesteps=1)
    assert str(excinfo.value) == ("Expected timesteps >= 1024 for ppo (one PPO rollout: 128 steps x 8 envs; SB3 trains whole "
                                  "rollouts), got 1")
    with pytest.raises(ValueError) as excinfo:
        BenchConfig(policies=("dqn",), timesteps=1999)
    assert str(excinfo.value) == "Expected timesteps >= 2000 for dqn (DQN collects 2000 steps before its first update), got 1999"
    assert BenchConfig(policies=("random",), timesteps=1).timesteps == 1  # baselines do not train


def test_config_and_ci_validation() -> None:
    with pytest.raises(ValueError, match="Did you mean 'ppo'"):
        BenchConfig(policies=("ppoo",))
    with pytest.raises(ValueError, match="Did you mean 'binary'"):
        BenchConfig(presets=("binar",))
    with pytest.raises(ValueError, match="Expected extractor to be one of"):
        BenchConfig(extractor="cnn")
    with pytest.raises(ValueError, match="no per-slot form"):
        BenchConfig(policies=("dqn",), extractor="per-slot")
    # Two seeds that disagree completely: the interval spans both.
    lo, hi = bootstrap_ci([1.0] * 10 + [0.0] * 10, seeds=[0] * 10 + [1] * 10)
    assert lo == 0.0 and hi == 1.0
    assert bootstrap_ci([1.0, 1.0]) == (1.0, 1.0)
    # Clustered by problem: one problem always solved, one never, so the interval is wide.
    lo, hi = bootstrap_ci([1.0] * 10 + [0.0] * 10, clusters=["a"] * 10 + ["b"] * 10)
    assert lo == 0.0 and hi == 1.0
    lo, hi = bootstrap_ci([1.0, 0.0] * 10)
    assert 0.2 <= lo < 0.5 < hi <= 0.8
    with pytest.raises(ValueError, match="Expected one seed and one cluster per value"):
        bootstrap_ci([1.0], seeds=[0, 1])
    row = {"preset": "binary", "policy": "first", "solved": 0.5, "solved_lo": 0.25, "solved_hi": 0.75, "hidden_rate": 0.6,
           "hidden_rate_lo": 0.5, "hidden_rate_hi": 0.7, "return": 0.5, "turns": 1.0, "tests_executed": 20.0, "train_steps": 0}
    assert "| `binary` | first | 50.0 [25.0, 75.0] | 60.0 [50.0, 70.0] | 0.500 | 1.00 | 20.0 | - |" in markdown_table([row])


@pytest.mark.parametrize("extractor", ["slots", "per-slot"])
def test_slot_policies_follow_the_candidates(tiny: Dict[str, Any], extractor: str, tmp_path: Any) -> None:
    """Shuffling the candidate slots shuffles the per-slot logits the same way (exactly, for per-slot)."""
    import torch
    from refine_agents.sb3 import train_sb3

    from refine_env.select import FEATURES

    def make() -> RefineCodeSelectEnv:
        return RefineCodeSelectEnv(pool=tiny["pool"], problem_ids=tiny["ids"], cache_dir=tiny["cache"], generated=4)

    model, _ = train_sb3("ppo", make_env=make, timesteps=256, seed=0, preset="binary", n_envs=2, eval_envs={},
                         extractor=extractor)
    env = make()
    k, f = env.max_candidates, len(FEATURES)
    obs, _ = env.reset(seed=3)
    for action in (OPS.index("run") * k, OPS.index("test") * k + 1):
        obs, *_ = env.step(action)
    perm = np.roll(np.arange(k), 1)
    slots = obs[: k * f].reshape(k, f)
    shuffled = np.concatenate([slots[perm].reshape(-1), obs[k * f:]]).astype(np.float32)
    with torch.no_grad():
        logits = [model.policy.get_distribution(torch.as_tensor(o[None])).distribution.logits[0].reshape(len(OPS), k)
                  for o in (obs, shuffled)]
        values = [model.policy.predict_values(torch.as_tensor(o[None]))[0, 0] for o in (obs, shuffled)]
    if extractor == "per-slot":
        # Log-softmax normalised logits: a permutation of the slots permutes them exactly.
        assert torch.allclose(logits[0][:, perm], logits[1], atol=1e-5)
        assert torch.allclose(values[0], values[1], atol=1e-5), "the value reads pooled context only"
        # A saved model loads back with the same policy (SB3 stores the class with the model).
        from stable_baselines3 import PPO

        model.save(tmp_path / "model.zip")
        loaded = PPO.load(tmp_path / "model.zip", device="cpu")
        with torch.no_grad():
            again = loaded.policy.get_distribution(torch.as_tensor(obs[None])).distribution.logits[0].reshape(len(OPS), k)
        assert torch.allclose(again, logits[0])
    else:
        # The extractor is equivariant (slot embeddings follow their slots, the pooled context stays);
        # SB3's linear head after it is not, which is why per-slot exists.
        with torch.no_grad():
            feats = [model.policy.extract_features(torch.as_tensor(o[None]), model.policy.pi_features_extractor)[0]
                     for o in (obs, shuffled)]
        hidden = (feats[0].shape[0] - len(obs[k * f:])) // (k + 2)
        per_slot = [x[: k * hidden].reshape(k, hidden) for x in feats]
        assert torch.allclose(per_slot[0][perm], per_slot[1], atol=1e-5)
        assert torch.allclose(feats[0][k * hidden:], feats[1][k * hidden:], atol=1e-5)


def test_plot_legends_say_n_and_a_baseline_at_zero_stays_visible() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from refine_agents.bench import draw_curves, finish_solved_plot
    from refine_agents.sb3 import CurvePoint

    def point(seed: int, steps: int, solved: float, split: str = "test", episodes: int = 45) -> CurvePoint:
        return CurvePoint(algo="ppo", preset="binary", seed=seed, timesteps=steps, split=split, solved=solved, hidden_rate=0.5,
                          ret=solved, turns=3.0, tests_executed=10.0, episodes=episodes)

    curves = [point(s, t, v, episodes=150 if t == 100 else 45) for s, (a, b) in enumerate(((0.1, 0.4), (0.2, 0.5)))
              for t, v in ((0, a), (100, b))]
    curves.append(point(0, 100, 0.3, split="train", episodes=690))
    fig, ax = plt.subplots()
    draw_curves(ax, curves, name="PPO")
    finish_solved_plot(ax, {"random": 0.0, "first": 0.187}, title="t", label_suffix=" (test)", episodes={"random": 150, "first": 150})
    assert ax.get_legend_handles_labels()[1] == [
        "PPO (test; mean of 2 seeds, band: min-max; N=90 per point, 300 at the end)",
        "PPO (train; mean of 1 seed; N=690 per point)",
        "random (test): 0.0%, N=150", "first (test): 18.7%, N=150"]
    assert ax.get_ylim()[0] < 0  # the random level at 0 is a line above the axis, not hidden in it
    assert len(ax.collections) == 1  # the band across seeds (the train curve has one seed: no band)
    assert list(ax.lines[0].get_ydata()) == pytest.approx([0.15, 0.45])
    plt.close(fig)
