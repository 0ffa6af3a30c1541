"""refine-env pool build: scripted and model-like policies write a JSONL pool that RefineCodeSelect runs on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional, Sequence

import pytest
from refine_agents.pools import PoolBuildConfig, build_pool

from refine_env import actions
from refine_env.problems import load_builtin
from refine_env.select import RefineCodeSelectEnv, read_pool


class EchoPolicy:
    """A stand-in for an LLM policy: answers each prompt with the reference of its problem, or with junk."""

    def __init__(self) -> None:
        self.references = {p.title: p.reference.source for p in load_builtin() if p.reference is not None}
        self.calls: List[int] = []

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        self.calls.append(n)

    def act(self, observations: Sequence[str]) -> List[str]:
        out = []
        for k, obs in enumerate(observations):
            if k % 3 == 2:
                out.append("I would rather not write code today.")
                continue
            source = next(src for title, src in self.references.items() if title in obs)
            out.append(actions.run(source))
        return out


def test_cli_scripted_pool_resumes_and_feeds_the_env(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from refine_env.cli import main

    out = tmp_path / "pools.jsonl"
    args = ["pool", "build", "--policy", "scripted", "--samples", "3", "--dataset", "builtin", "--split", "test",
            "--limit", "2", "--out", str(out), "--quiet"]
    assert main(args) == 0
    assert "6 candidates for 2 problems appended" in capsys.readouterr().out
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 6
    assert set(records[0]) == {"problem_id", "source", "language", "policy", "sampling", "sample", "dataset"}
    assert {r["policy"] for r in records} == {"scripted"} and [r["sample"] for r in records[:3]] == [0, 1, 2]
    # Building again with the same policy and sampling skips what is cached.
    assert main(args) == 0
    assert "0 candidates for 0 problems appended to" in capsys.readouterr().out
    assert len(out.read_text().splitlines()) == 6

    pools = read_pool(out)
    env = RefineCodeSelectEnv(pool=str(out), split="test", max_candidates=3, cache_dir=str(tmp_path / "cache"))
    assert sorted(p.id for p in env.problems) == sorted(pools)
    assert env.observe_size, "model pools show candidate sizes"
    obs, info = env.reset(seed=0)
    assert info["pool_size"] <= 3 and env.observation_space.contains(obs)


def test_model_policy_pool_skips_samples_without_code(tmp_path: Path) -> None:
    policy = EchoPolicy()
    config = PoolBuildConfig(policy="echo:fake", out=str(tmp_path / "p.jsonl"), samples=3, split="train", limit=2,
                             batch_size=1, temperature=0.7)
    report = build_pool(config, policy=policy)
    assert (report.problems, report.candidates, report.unparsable) == (2, 4, 2)
    assert policy.calls == [3, 3], "one batch of K prompts per problem (batch_size=1)"
    records = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert records[0]["sampling"] == {"temperature": 0.7, "top_p": 1.0, "max_new_tokens": 1024, "seed": 0}
    assert records[0]["policy"] == "echo:fake" and records[0]["source"].startswith(load_builtin(split="train")[0].reference.source[:20])


def test_config_errors() -> None:
    with pytest.raises(ValueError, match="Expected samples to be an int >= 1, got 0"):
        PoolBuildConfig(policy="scripted", out="x", samples=0)
    with pytest.raises(ValueError, match="Expected policy to be 'scripted' or a policy spec"):
        PoolBuildConfig(policy="", out="x")
