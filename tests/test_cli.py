"""The refine-env command: list, show, play, check-dataset and the demo, run as a user would."""

from __future__ import annotations

import subprocess
import sys

import pytest

from refine_env.cli import main
from refine_env.problems import Problem, Solution, TestCase, load_builtin, save_jsonl
from refine_env.sandbox import Verdict

ADD = Problem(
    id="add", title="Add", statement="Print a+b.", kind="stdin",
    public_tests=(TestCase("1 2\n", "3\n"),), hidden_tests=(TestCase("-7 7\n", "0\n"), TestCase("2 2\n", "4\n")),
    time_limit_s=1.0, reference=Solution("reference", "a, b = map(int, input().split())\nprint(a + b)\n"),
    mutants=(Solution("trap", "a, b = map(int, input().split())\nprint(abs(a) + b)\n", Verdict.WA, passes_public=True),
             Solution("mislabelled", "print(3)\n", Verdict.RE)),
)


@pytest.fixture
def small_set(tmp_path):
    return str(save_jsonl([ADD], tmp_path / "small.jsonl"))


def test_list_and_show(small_set, capsys):
    assert main(["list", "--dataset", small_set]) == 0
    out = capsys.readouterr().out
    assert "add" in out and "1 problems" in out
    assert main(["show", "add", "--dataset", small_set, "--solutions"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Add") and "--- reference" in out and "trap (expected WA" in out
    with pytest.raises(SystemExit, match="Did you mean 'add'"):
        main(["show", "ad", "--dataset", small_set])


def test_check_dataset_reports_mislabelled_solutions(small_set, capsys):
    assert main(["check-dataset", small_set, "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "FAIL add" in out and "wrong solution 'mislabelled' got WA, labelled RE" in out
    assert main(["check-dataset", small_set, "--quiet", "--references-only"]) == 0


def test_check_dataset_refuses_unknown_ids(small_set, capsys):
    # A typo used to check nothing and exit 0 with "0/0 problems pass".
    assert main(["check-dataset", small_set, "--quiet", "--ids", "ad"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "refine-env check-dataset: Expected a problem id of this dataset (1 problems), got 'ad'. Did you mean 'add'?\n"
    assert captured.out == ""
    assert main(["check-dataset", small_set, "--quiet", "--references-only", "--ids", "add, "]) == 0
    assert "1/1 problems pass the check" in capsys.readouterr().out


def test_bad_dataset_path_is_a_clear_error(capsys):
    assert main(["list", "--dataset", "/nonexistent/set.jsonl"]) == 2
    assert "refine-env list:" in capsys.readouterr().err


def test_play_in_a_terminal(small_set):
    session = "run\nprint(3)\nEOF\ntest\nEOF\n5 5\n---\n1 1\nEOF\nsubmit\na, b = map(int, input().split())\nprint(a + b)\nEOF\n"
    proc = subprocess.run(
        [sys.executable, "-m", "refine_env.cli", "play", "--dataset", small_set, "--problem", "add"],
        input=session, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "run: 1/1 public tests passed" in proc.stdout
    assert "Input 2: ran" in proc.stdout and "output:\n    3" in proc.stdout
    assert "2 hidden tests: 2 passed" in proc.stdout and "Reward: 1" in proc.stdout


def test_demo_runs_and_the_skeptic_wins():
    if not [p for p in load_builtin(split="test") if p.mutants]:
        pytest.skip("built-in set not built")
    from refine_agents.cli import run_demo

    lines: list = []
    means = run_demo(limit=3, quiet=True, out=lines.append)
    assert means["skeptical"]["binary"] == 1.0 and means["naive"]["binary"] == 0.0
    assert any(line.startswith("Mean episode return over 3 problems") for line in lines)


def test_console_script_is_installed():
    proc = subprocess.run(["refine-env", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "check-dataset" in proc.stdout and "demo" in proc.stdout
