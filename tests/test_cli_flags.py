"""Flags generated from config dataclasses: every field a flag with its docstring as help, today's flags unchanged."""

from __future__ import annotations

import argparse
import dataclasses
import re
import shlex
from dataclasses import dataclass
from typing import Optional, Tuple

import pytest

from refine_agents._cli_flags import ConfigFlags, Flag, field_docs
from refine_env.cli import build_parser


@dataclass(frozen=True)
class Knobs:
    """A config as a user would write one."""

    name: str
    """What to call the run (100% required)."""
    rounds: int = 3
    """Rounds per ``episode``, see :func:`refine_env.problems.load`."""
    rate: float = 0.5
    fast: bool = False
    """Cut corners."""
    thinking: Optional[bool] = None
    """Let the template decide when None."""
    seeds: Tuple[int, ...] = (0, 1)
    """Seeds to run."""
    tags: Optional[Tuple[str, ...]] = None
    """Only these tags."""
    split: Optional[str] = "test"
    """Which split; None: all."""


def _knobs_parser(**kw) -> Tuple[argparse.ArgumentParser, ConfigFlags]:
    parser = argparse.ArgumentParser(prog="knobs")
    flags = ConfigFlags(Knobs, **kw)
    flags.add_to(parser)
    return parser, flags


def _plain(doc: str) -> str:
    """A docstring as a terminal shows it: reST roles and literals unmarked, one line."""
    return " ".join(re.sub(r":[a-z]+:`~?([^`]+)`", r"\1", doc).replace("``", "").split())


def _help(parser: argparse.ArgumentParser, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "4000")  # one line per flag: the help reads as written
    return " ".join(parser.format_help().split())


def test_a_new_field_is_a_flag_with_its_docstring_as_help(monkeypatch: pytest.MonkeyPatch) -> None:
    parser, flags = _knobs_parser(flags={"split": Flag(choices=("train", "test", "all"), none="all")})
    text = _help(parser, monkeypatch)
    assert "--name NAME What to call the run (100% required)." in text
    assert "--rounds ROUNDS Rounds per episode, see refine_env.problems.load. (default: 3)" in text
    assert "--rate RATE Knobs.rate (default: 0.5)" in text  # no docstring: the fallback names the field
    assert "--fast, --no-fast Cut corners. (default: False)" in text
    assert "--thinking, --no-thinking Let the template decide when None." in text
    assert "--seeds INT[,...] Seeds to run. (default: 0,1)" in text
    assert "--split {train,test,all} Which split; None: all. (default: test)" in text
    # The inverse: the config back from the parsed flags, lists split and typed, the None word as None.
    args = parser.parse_args(["--name", "r", "--rounds", "5", "--no-fast", "--thinking", "--seeds", "3, 4,",
                              "--tags", "a,b", "--split", "all"])
    assert Knobs(**flags.kwargs(args)) == Knobs(name="r", rounds=5, fast=False, thinking=True, seeds=(3, 4),
                                                tags=("a", "b"), split=None)
    assert Knobs(**flags.kwargs(parser.parse_args(["--name", "r"]))) == Knobs(name="r")
    with pytest.raises(ValueError, match=r"^Expected --seeds to be comma-separated integers, got '1,x'$"):
        flags.kwargs(parser.parse_args(["--name", "r", "--seeds", "1,x"]))
    with pytest.raises(SystemExit):
        parser.parse_args([])  # a field without a default is a required flag


def test_unset_flags_stay_out_so_a_config_file_keeps_its_values() -> None:
    parser, flags = _knobs_parser(unset=True, skip=("tags",), flags={"rounds": Flag(aliases=("--r",))})
    assert flags.kwargs(parser.parse_args([])) == {}
    assert flags.kwargs(parser.parse_args(["--r", "7", "--fast"])) == {"rounds": 7, "fast": True}
    with pytest.raises(SystemExit):
        parser.parse_args(["--tags", "a"])  # skipped


def test_a_type_no_flag_can_take_must_be_skipped_by_name() -> None:
    @dataclass
    class Odd:
        mapping: dict = dataclasses.field(default_factory=dict)

    with pytest.raises(TypeError, match=r"^Expected Odd.mapping to have a type a flag can take"):
        ConfigFlags(Odd)
    assert ConfigFlags(Odd, skip=("mapping",)).specs == ()
    with pytest.raises(ValueError, match=r"^Expected fields of Odd, got unknown 'mapx'$"):
        ConfigFlags(Odd, skip=("mapx",))


def _subparser(*path: str) -> argparse.ArgumentParser:
    parser = build_parser()
    for name in path:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[name]
    return parser


def _configs():
    from refine_agents.bench import BenchConfig
    from refine_agents.evaluate import EvalConfig
    from refine_agents.pools import PoolBuildConfig
    from refine_agents.ppo.config import PPOConfig

    return [(("eval",), EvalConfig, {"out", "resume"}), (("pool", "build"), PoolBuildConfig, set()),
            (("bench-rewards",), BenchConfig, set()), (("train",), PPOConfig, {"resume", "extra", "lora_target_modules"})]


@pytest.mark.parametrize("index", range(4), ids=["eval", "pool build", "bench-rewards", "train"])
def test_help_shows_every_fields_docstring(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    if index == 3:
        pytest.importorskip("torch")  # PPOConfig's module lives in the training package, which imports torch
    path, cls, hand_written = _configs()[index]
    text = _help(_subparser(*path), monkeypatch)
    docs = field_docs(cls)
    for field in dataclasses.fields(cls):
        if field.name in hand_written:
            continue
        flag = "--" + field.name.replace("_", "-")
        assert flag in text, flag
        if field.name not in ("agent",):  # eval's --agent takes several agents: its help says so instead
            assert _plain(docs[field.name]) in text, (flag, docs[field.name])


# Every flag these commands had before they were generated, with a value, and what it parses to.
TODAY = {
    ("eval",): (
        ["--policy", "hf:m", "--agent", "single,skeptical", "--dataset", "d.jsonl", "--split", "all", "--limit", "3",
         "--samples", "2", "--max-turns", "5", "--skeptical-rounds", "1", "--batch-size", "4", "--temperature", "0.5",
         "--top-p", "0.9", "--max-new-tokens", "64", "--device", "cpu", "--no-enable-thinking", "--seed", "7",
         "--reward", "pass_rate", "--workers", "1", "--ray", "auto", "--ray-episodes", "--out", "o", "--resume",
         "--no-plot", "--quiet", "--debug"],
        dict(policy="hf:m", agent="single,skeptical", dataset="d.jsonl", split="all", limit=3, samples=2, max_turns=5,
             skeptical_rounds=1, batch_size=4, temperature=0.5, top_p=0.9, max_new_tokens=64, device="cpu",
             enable_thinking=False, seed=7, reward="pass_rate", workers=1, ray="auto", ray_episodes=True, out="o",
             resume=True, no_plot=True, quiet=True, debug=True),
        dict(agent="skeptical", dataset="builtin", split="test", limit=0, samples=1, max_turns=6, skeptical_rounds=2,
             batch_size=8, temperature=0.7, top_p=1.0, max_new_tokens=1024, device=None, enable_thinking=None, seed=0,
             reward="binary", workers=2, ray=None, ray_episodes=False, out=None, resume=False, no_plot=False, quiet=False),
    ),
    ("pool", "build"): (
        ["--policy", "scripted", "--samples", "2", "--dataset", "d", "--split", "train", "--out", "p.jsonl", "--limit", "1",
         "--seed", "3", "--temperature", "0.9", "--top-p", "0.8", "--max-new-tokens", "32", "--batch-size", "2",
         "--device", "cpu", "--enable-thinking", "--quiet"],
        dict(policy="scripted", samples=2, dataset="d", split="train", out="p.jsonl", limit=1, seed=3, temperature=0.9,
             top_p=0.8, max_new_tokens=32, batch_size=2, device="cpu", enable_thinking=True, quiet=True),
        dict(samples=8, dataset="builtin", split="all", limit=0, seed=0, temperature=1.0, top_p=1.0, max_new_tokens=1024,
             batch_size=8, device=None, enable_thinking=None, quiet=False),
    ),
    ("bench-rewards",): (
        ["--presets", "binary,pass_rate", "--policies", "first,ppo", "--seeds", "0,1", "--timesteps", "2048",
         "--episodes", "2", "--eval-every", "1024", "--curve-episodes", "1", "--dataset", "d", "--pool", "p.jsonl",
         "--max-candidates", "4", "--max-turns", "3", "--n-envs", "2", "--vec", "subproc", "--extractor", "per-slot",
         "--workers", "1", "--cache-dir", "c", "--torch-threads", "2", "--out", "b", "--no-plot", "--quiet"],
        dict(presets="binary,pass_rate", policies="first,ppo", seeds="0,1", timesteps=2048, episodes=2, eval_every=1024,
             curve_episodes=1, dataset="d", pool="p.jsonl", max_candidates=4, max_turns=3, n_envs=2, vec="subproc",
             extractor="per-slot", workers=1, cache_dir="c", torch_threads=2, out="b", no_plot=True, quiet=True),
        dict(presets="binary,pass_rate,binary+turn_cost:0.05,verdict_typed,improvement",
             policies="random,first,best-public,cross-test,ppo", seeds="0,1,2", timesteps=100_000, episodes=10,
             eval_every=20_000, curve_episodes=3, dataset="builtin", pool="builtin", max_candidates=6, max_turns=8,
             n_envs=8, vec="dummy", extractor="mlp", workers=2, cache_dir=None, torch_threads=1, out="bench-rewards",
             no_plot=False, quiet=False),
    ),
    ("train",): (
        ["--config", "c.yaml", "--model", "m", "--steps", "5", "--output-dir", "o", "--seed", "1", "--resume",
         "--set", "lora_rank=16", "--set", "learning_rate=1e-5", "--export-merged", "ck", "--export-dtype", "bfloat16"],
        dict(config="c.yaml", model="m", total_steps=5, output_dir="o", seed=1, resume=True,
             set=["lora_rank=16", "learning_rate=1e-5"], export_merged="ck", export_dtype="bfloat16"),
        # Config flags not given stay out of the namespace: the file's values (or PPOConfig's) hold.
        dict(config=None, resume=False, set=None, export_merged=None, export_dtype=None),
    ),
}
ABSENT_IN_TRAIN = ("model", "total_steps", "output_dir", "seed")


@pytest.mark.parametrize("path", list(TODAY), ids=[" ".join(p) for p in TODAY])
def test_every_flag_of_today_parses_with_its_meaning_and_default(path: Tuple[str, ...]) -> None:
    argv, given, defaults = TODAY[path]
    parser = build_parser()
    args = vars(parser.parse_args([*path, *argv]))
    assert {k: args[k] for k in given} == given
    required = {"eval": ["--policy", "x"], "pool": ["--policy", "x", "--out", "p"]}.get(path[0], [])
    args = vars(parser.parse_args([*path, *required]))
    assert {k: args[k] for k in defaults} == defaults
    if path == ("train",):
        assert not any(name in args for name in ABSENT_IN_TRAIN)


def test_the_commands_in_the_docs_parse() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    parser = build_parser()
    found = 0
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        for line in doc.read_text(encoding="utf-8").splitlines():
            match = re.search(r"refine-env ((?:eval|pool build|bench-rewards|train) --[^`]*)", line)
            if not match or "{" in match.group(1) or "ADDRESS" in match.group(1):
                continue  # a synopsis with placeholders, not a command
            argv = shlex.split(re.split(r"\s+#\s", match.group(1))[0])
            if argv[0] == "train" and "--export-merged" in argv and len(argv) == 2:
                continue  # the flag named in prose
            parser.parse_args(argv + (["--policy", "x"] if argv[0] == "eval" and "--policy" not in argv else []))
            found += 1
    assert found >= 10


def test_a_list_flag_that_does_not_parse_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from refine_env.cli import main

    assert main(["bench-rewards", "--policies", "first", "--seeds", "1,x", "--quiet"]) == 2
    assert capsys.readouterr().err == "refine-env bench-rewards: Expected --seeds to be comma-separated integers, got '1,x'\n"


def test_train_flags_layer_over_the_config_file_and_set_wins(tmp_path) -> None:
    pytest.importorskip("torch")
    from refine_agents.train_cli import config_from_args

    path = tmp_path / "c.yaml"
    path.write_text("model: m\nseed: 5\nlearning_rate: 3e-6\ntotal_steps: 9\n", encoding="utf-8")
    parser = build_parser()
    config = config_from_args(parser.parse_args(
        ["train", "--config", str(path), "--steps", "3", "--seed", "1", "--set", "seed=2", "--no-tensorboard",
         "--problem-ids", "a,b", "--adam-betas", "0.9,0.95", "--resume"]))
    assert (config.model, config.learning_rate, config.total_steps, config.seed) == ("m", 3e-6, 3, 2)
    assert (config.tensorboard, config.problem_ids, config.adam_betas, config.resume) == (False, ("a", "b"), (0.9, 0.95), "auto")
    assert config_from_args(parser.parse_args(["train", "--config", str(path)])).total_steps == 9  # no flag: the file's


def test_train_flags_need_no_torch_to_parse() -> None:
    import subprocess
    import sys

    code = ("import sys; from refine_env.cli import build_parser; "
            "args = build_parser().parse_args(['train', '--steps', '2', '--lora-rank', '8', '--no-progress']); "
            "assert (args.total_steps, args.lora_rank, args.progress) == (2, 8, False), vars(args); "
            "assert 'torch' not in sys.modules, 'the train flags imported torch'")
    subprocess.run([sys.executable, "-c", code], check=True)
