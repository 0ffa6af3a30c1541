"""HistoryObservation and RecordEpisodes on a real env."""

from __future__ import annotations

import json

import pytest

from gymnasium.utils.env_checker import check_env

from refine_env import actions
from refine_env.env import RefineCodeEnv
from refine_env.problems import Problem, TestCase
from refine_env.wrappers import HistoryObservation, RecordEpisodes, recorded_observations

ADD = Problem(id="add", title="Add", statement="Print a+b.", kind="stdin",
              public_tests=(TestCase("1 2\n", "3\n"),), hidden_tests=(TestCase("7 8\n", "15\n"), TestCase("0 0\n", "0\n")))
GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"


def test_history_observation_holds_the_transcript(sandbox):
    env = HistoryObservation(RefineCodeEnv(dataset=[ADD], sandbox=sandbox), max_chars=5000)
    obs, _ = env.reset(seed=0)
    assert obs.startswith("# Add")
    obs, *_ = env.step(actions.run("print(2)"))
    assert obs.startswith("# Add") and "### Action 1\nAction: run" in obs and "### Feedback 1\nTurn 1 of 6" in obs
    obs, *_ = env.step(actions.run(GOOD))
    assert "### Action 2" in obs and obs.index("### Feedback 1") < obs.index("### Feedback 2")
    assert env.observation_space.contains(obs)
    obs, _ = env.reset(seed=0)
    assert "### Action" not in obs
    for _ in range(5):
        obs, *_ = env.step("x" * 3000)
    assert len(obs) <= 5000 and "characters cut" in obs and obs.startswith("# Add")


@pytest.mark.filterwarnings("ignore:.*is different from the unwrapped version")
def test_history_observation_passes_check_env(sandbox):
    check_env(HistoryObservation(RefineCodeEnv(dataset=[ADD], sandbox=sandbox)), skip_render_check=True)


def test_record_episodes_writes_one_line_per_episode(sandbox, tmp_path):
    path = tmp_path / "runs" / "episodes.jsonl"
    env = RecordEpisodes(RefineCodeEnv(dataset=[ADD], sandbox=sandbox, reward="pass_rate"), path)
    env.reset(seed=3)
    env.step(actions.run("print(3)"))
    env.step(actions.submit(GOOD))
    env.reset(seed=4)
    env.step(actions.submit("print(15)"))
    env.reset(seed=5)
    env.step(actions.run(GOOD))  # unfinished: not written
    env.close()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == 2
    first = lines[0]
    assert first["problem_id"] == "add" and first["seed"] == 3 and first["return"] == 1.0
    assert [s["intent"] for s in first["steps"]] == ["run", "submit"]
    assert first["steps"][0]["public"]["verdicts"] == ["AC"]
    assert first["steps"][1]["hidden"] == {"passed": 2, "total": 2, "verdict": "AC", "verdicts": ["AC", "AC"]}
    assert lines[1]["return"] == 0.5 and lines[1]["terminated"] is True
    assert "7 8" not in path.read_text()  # hidden inputs are never recorded


def _recorded_line_bytes(sandbox, tmp_path, steps: int) -> int:
    path = tmp_path / f"history_{steps}.jsonl"
    env = RecordEpisodes(HistoryObservation(RefineCodeEnv(dataset=[ADD], sandbox=sandbox, max_turns=steps),
                                            max_chars=10_000_000), path)
    env.reset(seed=0)
    for k in range(steps):
        # Format errors: each step adds an action and its feedback to the transcript, without running anything.
        env.step(f"step {k}: no action line here, only some words of a model that lost its way. " * 3)
    env.close()
    (line,) = path.read_text(encoding="utf-8").splitlines()
    return len(line.encode("utf-8"))


def test_record_episodes_under_history_grows_linearly_not_quadratically(sandbox, tmp_path):
    sizes = {n: _recorded_line_bytes(sandbox, tmp_path, n) for n in (10, 20, 80)}
    early, late = (sizes[20] - sizes[10]) / 10, (sizes[80] - sizes[20]) / 60
    # Stored whole, step k would repeat the k-1 turns before it: late steps would cost several times early ones.
    assert late <= 1.05 * early, (early, late)
    # What a step adds: its action (also in the transcript) and the ~1.4 kB format-error feedback.
    assert late < 2500, late


def test_recorded_observations_rebuild_every_full_transcript(sandbox, tmp_path):
    path = tmp_path / "history.jsonl"
    env = RecordEpisodes(HistoryObservation(RefineCodeEnv(dataset=[ADD], sandbox=sandbox), max_chars=3000), path)
    seen = [env.reset(seed=0)[0]]
    for action in [actions.run("print(2)"), "x" * 900, "y" * 900, actions.run(GOOD), actions.submit(GOOD)]:
        obs, _, terminated, _, _ = env.step(action)
        seen.append(obs)
    assert terminated
    env.close()
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["prompt"] == seen[0]
    assert recorded_observations(record) == seen[1:]
    steps = record["steps"]
    assert all(s["feedback_prefix"] >= 256 for s in steps)
    assert "characters cut" in seen[-1] and steps[-1]["feedback_prefix"] < len(seen[-2])  # the cut transcript shares only its head
    assert steps[0]["feedback"].startswith("\n\n### Action 1\nAction: run")


def test_record_episodes_without_history_stores_each_feedback_whole(sandbox, tmp_path):
    path = tmp_path / "plain.jsonl"
    env = RecordEpisodes(RefineCodeEnv(dataset=[ADD], sandbox=sandbox), path, include_prompt=False)
    env.reset(seed=0)
    fb1, *_ = env.step(actions.run("print(2)"))
    fb2, *_ = env.step(actions.submit(GOOD))
    env.close()
    record = json.loads(path.read_text(encoding="utf-8"))
    assert [s["feedback"] for s in record["steps"]] == [fb1, fb2]
    assert not any("feedback_prefix" in s for s in record["steps"])
    assert record["steps"][1]["reward_terms"] == {"binary": 1.0}
    assert recorded_observations(record) == [fb1, fb2]
    with pytest.raises(ValueError, match=r"^Expected step 1's feedback_prefix to be an int in \[1, 0\] \(the previous observation's length\), got 5$"):
        recorded_observations({"prompt": None, "steps": [{"feedback": "x", "feedback_prefix": 5}]})
