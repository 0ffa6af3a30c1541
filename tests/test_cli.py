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
    assert main(["show", "ad", "--dataset", small_set]) == 2
    assert capsys.readouterr().err == ("refine-env show: Expected a problem id of this dataset (1 problems), got 'ad'. "
                                       "Did you mean 'add'?\n")


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


# -- errors: one line and exit code 2; --debug shows the traceback; --version --------------------

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _without(modules, args, tmp_path, timeout=300):
    """Run ``refine-env ARGS`` in a fresh interpreter where ``modules`` cannot be imported (a base install)."""
    import os

    script = ("import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in modules)
              + "from refine_env.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=tmp_path, env=env)


def test_version(capsys):
    import refine_env

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out == f"refine-env {refine_env.__version__}\n"


def test_an_error_is_one_line_and_debug_shows_the_traceback(capsys, monkeypatch):
    import refine_env.cli as cli

    def broken(args):
        raise RuntimeError("the judge fell over\nsecond line")

    assert main(["list", "--dataset", "/nonexistent/set.jsonl"]) == 2
    assert capsys.readouterr().err == ("refine-env list: Expected 'builtin', 'hf:<dataset id>', 'FORMAT:PATH' or an existing "
                                       "path, got '/nonexistent/set.jsonl' (no such file or directory)\n")
    monkeypatch.setattr(cli, "cmd_list", broken)
    assert main(["list"]) == 2
    assert capsys.readouterr().err == ("refine-env list: RuntimeError: the judge fell over; second line "
                                       "(--debug shows the traceback)\n")
    for argv in (["--debug", "list"], ["list", "--debug"]):
        with pytest.raises(RuntimeError, match="the judge fell over"):
            main(argv)
    with pytest.raises(FileNotFoundError):
        main(["pool", "build", "--policy", "scripted", "--out", "x.jsonl", "--dataset", "/nonexistent", "--debug"])


def test_play_reprompts_after_a_mistyped_file_name(small_set, tmp_path):
    (tmp_path / "sol.py").write_text("a, b = map(int, input().split())\nprint(a + b)\n")
    proc = subprocess.run(
        [sys.executable, "-m", "refine_env.cli", "play", "--dataset", small_set, "--problem", "add", "--max-turns", "1"],
        input="submit sol.pyy\nsubmit sol.py\n", capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "cannot read 'sol.pyy': No such file or directory; try again (the turn was not used)" in proc.stdout
    assert "Reward: 1" in proc.stdout


def test_a_model_path_that_does_not_exist_says_so(capsys):
    assert main(["eval", "--policy", "hf:/nonexistent", "--agent", "single", "--limit", "1", "--quiet"]) == 2
    assert capsys.readouterr().err == ("refine-env eval: Expected hf:PATH to name a model folder (config.json and weights), "
                                       "got '/nonexistent': no such folder\n")


def test_train_without_torch_names_the_extra(tmp_path):
    proc = _without(["torch"], ["train", "--config", "missing.yaml"], tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == 'refine-env train: needs the [train] extra (torch not installed): pip install "refine-env[train]"\n'


def test_bench_rewards_without_torch(tmp_path):
    proc = _without(["torch"], ["bench-rewards", "--quiet"], tmp_path)
    assert (proc.returncode, proc.stderr) == (2, 'refine-env bench-rewards: training ppo needs the [sb3] extra (torch not installed): '
                                                 'pip install "refine-env[sb3]"\n')
    # The scripted baselines need neither torch nor SB3 (nor matplotlib, whose absence is said once, up front).
    proc = _without(["torch", "stable_baselines3", "matplotlib"],
                    ["bench-rewards", "--quiet", "--policies", "random,first", "--presets", "binary", "--seeds", "0",
                     "--episodes", "1", "--out", "bench"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ('refine-env bench-rewards: no curves_*.png: matplotlib is not installed '
                           '(pip install "refine-env[plot]"; --no-plot silences this)\n')
    assert "| `binary` | random |" in proc.stdout and (tmp_path / "bench" / "results.md").exists()


def test_eval_without_matplotlib_says_so_up_front_and_saves_the_rest(tmp_path):
    proc = _without(["matplotlib"], ["eval", "--policy", "scripted:reference", "--agent", "single", "--limit", "1",
                                     "--quiet", "--out", "run"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ('refine-env eval: no pass_vs_budget.png: matplotlib is not installed '
                           '(pip install "refine-env[plot]"; --no-plot silences this)\n')
    assert "Saved to run/: summary.json, summary.md; trajectories in trajectories.jsonl" in proc.stdout
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["run.json", "summary.json", "summary.md", "trajectories.jsonl"]


def test_a_missing_module_anywhere_is_named_with_its_extra(capsys, monkeypatch):
    import refine_env.cli as cli

    def needs_ray(args):
        raise ModuleNotFoundError("No module named 'ray'", name="ray")

    monkeypatch.setattr(cli, "cmd_list", needs_ray)
    assert main(["list"]) == 2
    assert capsys.readouterr().err == 'refine-env list: needs the [ray] extra (ray not installed): pip install "refine-env[ray]"\n'


def test_a_yaml_syntax_error_in_a_training_config_is_one_line(tmp_path, capsys):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    config = tmp_path / "c.yaml"
    config.write_text("model: m\nlora_rank: [16\n", encoding="utf-8")
    assert main(["train", "--config", str(config)]) == 2
    assert capsys.readouterr().err == (f"refine-env train: Expected {str(config)!r} to be valid YAML, got a syntax error at line 3, "
                                       "column 1: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence from "
                                       "line 2, column 12)\n")
