"""The evaluation harness: known numbers from scripted policies, pass@k by hand, fix rates, resume, the CLI, a tiny model."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set

import pytest
from refine_agents.eval_report import eval_summary, pass_at_k
from refine_agents.evaluate import EvalConfig, evaluate, load_policy, read_trajectories

from refine_env import actions
from refine_env.cli import main
from refine_env.problems import Problem, load_builtin, save_jsonl
from refine_env.sandbox import Sandbox

PROBLEMS: Dict[str, Problem] = {p.id: p for p in load_builtin() if p.id in ("open-lockers-range", "market-stalls-median")}
TWO = [PROBLEMS["open-lockers-range"], PROBLEMS["market-stalls-median"]]


def trap(problem: Problem) -> str:
    return next(m for m in problem.mutants if m.label == "wrong_trap").source


class SubmitBySample:
    """Submits the reference on the listed samples of each problem and the skeptic trap on the others."""

    def __init__(self, good: Mapping[str, Set[int]]) -> None:
        self.good = good
        self.seen: Counter = Counter()

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        del n, seed

    def act(self, observations: Sequence[Optional[str]], *, infos: Optional[Sequence[Mapping[str, Any]]] = None,
            active: Optional[Sequence[bool]] = None) -> List[str]:
        assert infos is not None
        out = []
        for info, on in zip(infos, active or [True] * len(infos)):
            if not on:
                out.append("")
                continue
            problem = PROBLEMS[info["problem_id"]]
            sample = self.seen[problem.id]
            self.seen[problem.id] += 1
            source = problem.reference.source if sample in self.good[problem.id] else trap(problem)  # type: ignore[union-attr]
            out.append(actions.submit(source))
        return out


def test_pass_at_k_matches_the_binomial_formula_and_hand_counts() -> None:
    assert pass_at_k(4, 1, 1) == pytest.approx(0.25)
    assert pass_at_k(4, 1, 2) == pytest.approx(0.5)  # 1 - C(3,2)/C(4,2) = 1 - 3/6
    assert pass_at_k(5, 2, 2) == pytest.approx(0.7)  # 1 - C(3,2)/C(5,2) = 1 - 3/10
    assert pass_at_k(4, 3, 2) == 1.0 and pass_at_k(4, 0, 4) == 0.0
    for n in range(1, 12):
        for c in range(n + 1):
            for k in range(1, n + 1):
                assert pass_at_k(n, c, k) == pytest.approx(1 - math.comb(n - c, k) / math.comb(n, k), abs=1e-12)
    # Where the binomials have hundreds of digits the product form stays exact to float precision.
    assert pass_at_k(2000, 1, 1) == pytest.approx(1 / 2000)
    assert pass_at_k(2000, 3, 100) == pytest.approx(1 - math.comb(1997, 100) / math.comb(2000, 100))
    with pytest.raises(ValueError, match=r"^Expected 0 <= c <= n and 1 <= k <= n, got n=4, c=1, k=5$"):
        pass_at_k(4, 1, 5)
    with pytest.raises(TypeError, match=r"^Expected k to be an int, got float$"):
        pass_at_k(4, 1, 1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("agent", ["single", "skeptical"])
def test_the_reference_scores_one_and_a_labelled_wrong_solution_zero(agent: str, sandbox: Sandbox) -> None:
    right = evaluate(EvalConfig(policy="scripted:reference", agent=agent), problems=TWO, sandbox=sandbox, plot=False)
    assert right.pass_at == {"1": 1.0}
    assert right.verdicts == {"AC": 2} and right.pass_at_budget[-1] == 1.0 and right.mean_reward == 1.0
    wrong = evaluate(EvalConfig(policy="scripted:wrong:wrong_trap", agent=agent), problems=TWO, sandbox=sandbox, plot=False)
    assert wrong.pass_at == {"1": 0.0}
    assert wrong.verdicts == {"WA": 2} and max(wrong.pass_at_budget) == 0.0
    assert wrong.fix_rate_public[0] == 1.0  # the trap passes every example at once
    assert right.budget == (1 if agent == "single" else 6)


def test_pass_at_k_over_samples_is_counted_by_hand(sandbox: Sandbox) -> None:
    # open-lockers-range: 1 of 4 samples right; market-stalls-median: 2 of 4.
    policy = SubmitBySample({"open-lockers-range": {0}, "market-stalls-median": {1, 3}})
    summary = evaluate(EvalConfig(policy="scripted", agent="single", samples=4, batch_size=3), policy=policy,
                       problems=TWO, sandbox=sandbox, plot=False)
    assert summary.episodes == 8 and summary.problems == 2
    # pass@1 = (1/4 + 2/4) / 2; pass@2 = (1 - 3/6 + 1 - 1/6) / 2; pass@4 = 1.
    assert summary.pass_at == pytest.approx({"1": 0.375, "2": 2 / 3, "4": 1.0})
    assert summary.verdicts == {"AC": 3, "WA": 5}


def test_fix_rate_and_pass_rate_per_turn_of_a_refining_agent(sandbox: Sandbox) -> None:
    # The scripted skeptic: a program failing the examples, then the trap (examples pass), a test,
    # then the reference (hidden tests pass at turn 4), then the submission at turn 5.
    lines: List[Dict[str, Any]] = []
    summary = evaluate(EvalConfig(policy="scripted:skeptical", agent="skeptical"), problems=[PROBLEMS["market-stalls-median"]],
                       sandbox=sandbox, plot=False, on_episode=lines.append)
    steps = [(s["source"], s["phase"], s["intent"]) for s in lines[0]["trajectory"]["steps"]]
    assert steps == [("model", "draft", "run"), ("model", "refine", "run"), ("model", "review", "test"),
                     ("model", "outputs", "run"), ("model", "review", "submit")]
    assert lines[0]["per_turn"] == {"public": [False, True, True, True, True, True], "hidden": [False, False, False, True, True, True]}
    assert summary.fix_rate_public == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert summary.fix_rate_hidden == [0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    assert summary.pass_at_budget == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    assert summary.mean_turns == 5.0 and summary.tokens is None


def test_an_interrupted_run_resumes_without_replaying_recorded_episodes(tmp_path: Path, sandbox: Sandbox) -> None:
    out = tmp_path / "run"
    config = EvalConfig(policy="scripted:reference", agent="single", samples=3, batch_size=1, out=str(out))

    def interrupt(line: Dict[str, Any]) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        evaluate(config, problems=TWO, sandbox=sandbox, on_episode=interrupt)
    jsonl = out / "trajectories.jsonl"
    assert [(r["problem_id"], r["sample"]) for r in read_trajectories(jsonl)] == [("open-lockers-range", 0)]
    with open(jsonl, "a", encoding="utf-8") as f:
        f.write('{"problem_id": "open-lockers-range", "sam')  # a write cut short by the interruption

    with pytest.raises(ValueError, match=r"^Expected --out to hold no earlier run \(or --resume to continue it\), got '.*trajectories\.jsonl' with episodes$"):
        evaluate(config, problems=TWO, sandbox=sandbox)
    with pytest.raises(ValueError, match=r"^Expected --resume to continue a run with the same settings, got changes: samples: 3 -> 2$"):
        evaluate(EvalConfig(policy="scripted:reference", agent="single", samples=2, out=str(out), resume=True), problems=TWO, sandbox=sandbox)

    played: List[Any] = []
    resumed = EvalConfig(policy="scripted:reference", agent="single", samples=3, batch_size=1, out=str(out), resume=True)
    summary = evaluate(resumed, problems=TWO, sandbox=sandbox, on_episode=lambda line: played.append((line["problem_id"], line["sample"])))
    assert played == [("open-lockers-range", 1), ("open-lockers-range", 2)] + [("market-stalls-median", s) for s in range(3)]
    assert summary.episodes == 6 and summary.pass_at == {"1": 1.0, "2": 1.0, "3": 1.0}
    records = read_trajectories(jsonl)
    assert sorted((r["problem_id"], r["sample"]) for r in records) == sorted((p.id, s) for p in TWO for s in range(3))
    assert json.loads((out / "summary.json").read_text())["episodes"] == 6
    assert (out / "pass_vs_budget.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The summary is a function of the JSONL alone.
    again = eval_summary(records, agent="single", policy="scripted:reference", samples=3, budget=1)
    assert again.pass_at == summary.pass_at and again.verdicts == summary.verdicts == {"AC": 6}


def test_the_eval_command_compares_both_agents_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    dataset = tmp_path / "problems.jsonl"
    save_jsonl([PROBLEMS["open-lockers-range"]], dataset)
    out = tmp_path / "out"
    code = main(["eval", "--policy", "scripted:reference", "--agent", "single,skeptical", "--dataset", str(dataset),
                 "--split", "all", "--out", str(out), "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "| single | `scripted:reference` | 1 | 1 | 1.000 | 1.00 | 1.00 | AC:1 | - |" in printed
    assert "| skeptical | `scripted:reference` | 1 | 1 | 1.000 | 2.00 | 2.00 | AC:1 | - |" in printed
    assert [s["agent"] for s in json.loads((out / "summary.json").read_text())] == ["single", "skeptical"]
    assert (out / "summary.md").read_text().startswith("| agent | policy | problems | episodes | pass@1 |")
    assert (out / "pass_vs_budget.png").read_bytes()[:4] == b"\x89PNG"
    assert len(read_trajectories(out / "skeptical" / "trajectories.jsonl")) == 1
    assert main(["eval", "--policy", "scripted:best", "--dataset", str(dataset), "--split", "all", "--quiet"]) == 2
    assert "refine-env eval: Expected a scripted plan among ('naive', 'skeptical', 'reference', 'wrong'), got 'best'" in capsys.readouterr().err
    assert main(["eval", "--policy", "scripted", "--resume"]) == 2
    assert "refine-env eval: Expected --out with --resume (the folder of the run to continue), got no --out" in capsys.readouterr().err


def test_config_and_policy_spec_errors_are_exact() -> None:
    with pytest.raises(ValueError, match=r"^Expected samples to be an int >= 1, got 0$"):
        EvalConfig(policy="scripted", samples=0)
    with pytest.raises(ValueError, match=r"^Expected an out folder to resume from, got resume=True with out=None$"):
        EvalConfig(policy="scripted", resume=True)
    with pytest.raises(ValueError, match=r"^Expected agent to be one of \('skeptical', 'single'\), got 'both'$"):
        EvalConfig(policy="scripted", agent="both")
    with pytest.raises(ValueError, match=r"^Expected the policy kind to be one of \('scripted', 'random', 'hf', 'vllm', 'openai'\), got 'hff'\. Did you mean 'hf'\?$"):
        load_policy("hff:/models/x", problems=TWO)
    with pytest.raises(ValueError, match=r"^Expected a solution label only with scripted:wrong, got 'scripted:naive:x'$"):
        load_policy("scripted:naive:x", problems=TWO)


@pytest.mark.slow
def test_a_tiny_transformers_model_runs_an_episode_end_to_end_through_eval(tiny_model_path: Path, tmp_path: Path, sandbox: Sandbox) -> None:
    config = EvalConfig(policy=f"hf:{tiny_model_path}", agent="skeptical", max_turns=2, max_new_tokens=16, out=str(tmp_path / "run"))
    summary = evaluate(config, problems=[PROBLEMS["open-lockers-range"]], sandbox=sandbox)
    # A random model writes no valid action: it scores 0, and the machinery still runs every turn.
    assert summary.episodes == 1 and summary.pass_at == {"1": 0.0}
    line = read_trajectories(tmp_path / "run" / "trajectories.jsonl")[0]
    steps = line["trajectory"]["steps"]
    assert len(steps) == 2 and all(s["source"] == "model" for s in steps)
    assert summary.tokens is not None and 2 <= summary.tokens["completion"] <= 32
    assert all(s["tokens"]["completion"] <= 16 for s in steps)


def test_eval_out_refuses_a_folder_holding_another_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    common = ["eval", "--policy", "scripted:reference", "--limit", "1", "--quiet", "--no-plot", "--out", str(out)]
    assert main(common + ["--agent", "single,skeptical"]) == 0
    capsys.readouterr()
    # A single agent writes into --out itself: it would have put its summary over the comparison's.
    assert main(common + ["--agent", "single"]) == 2
    assert capsys.readouterr().err == (f"refine-env eval: Expected --out to be a new folder, got {str(out)!r} holding another run "
                                       "(summary.json): pass --resume to continue it, or choose another folder\n")
    assert main(common + ["--agent", "single,skeptical", "--resume"]) == 0


def test_enable_thinking_reaches_the_chat_template(tiny_model_path: Path) -> None:
    from refine_env.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["eval", "--policy", "x", "--no-enable-thinking"]).enable_thinking is False
    assert parser.parse_args(["eval", "--policy", "x"]).enable_thinking is None
    assert parser.parse_args(["pool", "build", "--policy", "x", "--out", "p", "--enable-thinking"]).enable_thinking is True
    config = EvalConfig(policy=f"hf:{tiny_model_path}", enable_thinking=False)
    policy = load_policy(config.policy, problems=[], config=config)
    assert policy.chat.chat_template_kwargs == {"enable_thinking": False}  # what the trainer passes for the same field
    # A chat server applies its own template: the option travels in the request body.
    from refine_agents.policy import make_policy

    served = make_policy("openai:http://127.0.0.1:1/v1#m", chat_template_kwargs={"enable_thinking": False})
    assert served.backend.extra_body == {"chat_template_kwargs": {"enable_thinking": False}}
    from refine_agents.pools import PoolBuildConfig

    assert PoolBuildConfig(policy="hf:m", out="p").sampling == {"temperature": 1.0, "top_p": 1.0, "max_new_tokens": 1024, "seed": 0}
    assert PoolBuildConfig(policy="hf:m", out="p", enable_thinking=False).sampling["enable_thinking"] is False
