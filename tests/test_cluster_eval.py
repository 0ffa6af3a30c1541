"""Episodes on a Ray cluster (evaluate_on_ray): the same episode lines as a local evaluation, a lost runner's batch played again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest
from refine_agents.evaluate import EvalConfig, evaluate, read_trajectories

pytestmark = pytest.mark.slow


def _key(line: Dict[str, Any]) -> tuple:
    # Everything but wall times (run to run) and the trajectory's own timings.
    steps = [(s["source"], s.get("action"), s.get("reward")) for s in line["trajectory"]["steps"]]
    return (line["problem_id"], line["sample"], line["solved"], line["verdict"], line["reward"], line["turns"],
            json.dumps(line["per_turn"], sort_keys=True), json.dumps(steps, sort_keys=True))


def test_episodes_on_the_cluster_match_a_local_run_and_survive_a_lost_runner(cluster: Any, sandbox: Any, tmp_path: Path,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    import logging

    import ray
    from refine_agents.cluster_eval import evaluate_on_ray

    settings = dict(policy="scripted:skeptical", dataset="builtin", split="test", limit=3, samples=2, batch_size=2,
                    max_turns=4)
    local_lines: List[Dict[str, Any]] = []
    evaluate(EvalConfig(**settings), sandbox=sandbox, on_episode=local_lines.append)

    runners: List[Any] = []
    killed: List[int] = []

    def kill_one(line: Dict[str, Any]) -> None:
        if not killed:  # after the first batch: a runner dies with a batch in flight or on its next one
            ray.kill(runners[0], no_restart=True)
            killed.append(1)

    ray.init(address=cluster.address)
    caplog.set_level(logging.WARNING, logger="refine_agents.cluster_eval")
    try:
        summary = evaluate_on_ray(EvalConfig(**settings, out=str(tmp_path / "run")), _on_runners=runners.extend,
                                  on_episode=kill_one)
    finally:
        ray.shutdown()
    assert len(runners) == 2 and killed
    assert "a Ray episode runner was lost (ActorDiedError); its batch of 2 episodes is played again" in caplog.text
    recorded = read_trajectories(tmp_path / "run" / "trajectories.jsonl")
    assert len(recorded) == len(local_lines) == 6  # every episode exactly once
    assert sorted(map(_key, recorded)) == sorted(map(_key, local_lines))
    assert summary.episodes == 6


def test_a_policy_bound_to_one_machine_is_refused() -> None:
    from refine_agents.cluster_eval import evaluate_on_ray

    with pytest.raises(ValueError, match=r"Expected a policy every node can make for episodes on the cluster"):
        evaluate_on_ray(EvalConfig(policy="hf:/models/x"))


def test_the_eval_command_plays_on_the_cluster(cluster: Any, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from refine_env.cli import main

    code = main(["eval", "--policy", "scripted:reference", "--agent", "single", "--limit", "2", "--ray", cluster.address,
                 "--ray-episodes", "--out", str(tmp_path / "run"), "--quiet", "--no-plot"])
    assert code == 0
    lines = read_trajectories(tmp_path / "run" / "trajectories.jsonl")
    assert len(lines) == 2 and all(line["solved"] for line in lines)
    assert "| single | `scripted:reference` | 2 | 2 |" in capsys.readouterr().out
