"""load(): its typed filters, the built-in set, this project's JSONL, source names and the report."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, Dict

import pytest

from refine_env.problems import Problem, ProblemFormatError, Solution, TestCase, load, load_builtin, save_jsonl
from refine_env.problems.loaders import FILTERS, LoadReport, detect_format

from load_checks import strict_then_loose


def _problem(pid: str, **changes: Any) -> Problem:
    fields: Dict[str, Any] = dict(
        id=pid,
        title=pid.title(),
        statement="Print the sum of two integers.",
        kind="stdin",
        public_tests=(TestCase("1 2\n", "3\n"),),
        hidden_tests=(TestCase("5 5\n", "10\n"), TestCase("-1 1\n", "0\n")),
        difficulty="easy",
        reference=Solution("reference", "a, b = map(int, input().split())\nprint(a + b)\n"),
        metadata={"split": "train"},
    )
    fields.update(changes)
    return Problem(**fields)


def test_unknown_filters_raise_with_a_suggestion() -> None:
    with pytest.raises(TypeError) as excinfo:
        load("builtin", limt=3)
    assert str(excinfo.value) == f"Expected filters among {FILTERS}, got unknown 'limt'. Did you mean 'limit'?"
    with pytest.raises(TypeError) as excinfo:
        load("builtin", zzz=1)
    assert str(excinfo.value) == f"Expected filters among {FILTERS}, got unknown 'zzz'."


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"limit": -1}, ValueError, "Expected limit to be an integer >= 0 or None, got -1"),
        ({"limit": True}, ValueError, "Expected limit to be an integer >= 0 or None, got True"),
        ({"ids": "builtin/x"}, TypeError, "Expected ids to be a collection of problem ids, got the string 'builtin/x'; write ids=['builtin/x']"),
        ({"ids": [3]}, TypeError, "Expected ids to be strings, got int"),
        ({"strict": "yes"}, TypeError, "Expected strict to be True or False, got 'yes'"),
        ({"include_unjudgeable": 1}, TypeError, "Expected include_unjudgeable to be True or False, got 1"),
        ({"difficulty": "meduim"}, ValueError, "Expected difficulty among ('easy', 'medium', 'hard', 'unknown'), got 'meduim'. Did you mean 'medium'?"),
        ({"difficulty": 3}, TypeError, "Expected difficulty to be a string or a collection of strings, got int"),
        ({"split": 1}, TypeError, "Expected split to be a string such as 'train' or 'test', got int"),
        ({"release_version": 5}, TypeError, "Expected release_version to be a string such as 'release_v5', got int"),
        ({"platform": "leetcode"}, ValueError, "Expected platform only for LiveCodeBench sources, got a builtin source"),
    ],
)
def test_filter_values_are_checked(kwargs: Dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error) as excinfo:
        load("builtin", **kwargs)
    assert str(excinfo.value) == message


def test_builtin_set_with_filters() -> None:
    every = load_builtin()
    assert [p.id for p in load("builtin")] == [p.id for p in every]
    train = load("builtin", split="train")
    assert [p.id for p in train] == [p.id for p in load_builtin(split="train")]
    easy = load("builtin", difficulty="easy")
    assert [p.id for p in easy] == [p.id for p in every if p.difficulty == "easy"]
    assert len(load("builtin", limit=2)) == min(2, len(every))
    if every:
        chosen = [every[-1].id, every[0].id]
        assert [p.id for p in load("builtin", ids=chosen)] == [every[0].id, every[-1].id][: len(set(chosen))]
    report = load("builtin").report
    assert (report.source, report.format, report.loaded) == ("builtin", "builtin", len(every))


def test_project_jsonl_round_trip(tmp_path: Path) -> None:
    problems = [_problem("demo/a"), _problem("demo/b", difficulty="hard"), _problem("demo/c")]
    save_jsonl(problems, tmp_path / "set.jsonl")
    with gzip.open(tmp_path / "set.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write((tmp_path / "set.jsonl").read_text(encoding="utf-8"))
    for name in ("set.jsonl", "set.jsonl.gz"):
        path = tmp_path / name
        assert detect_format(path) == "refine_env"
        loaded = load(path)
        assert list(loaded) == problems
        assert loaded.report.format == "refine_env"
    assert [p.id for p in load(tmp_path / "set.jsonl", difficulty="hard")] == ["demo/b"]
    assert [p.id for p in load(f"refine_env:{tmp_path / 'set.jsonl'}", limit=1)] == ["demo/a"]


def test_project_jsonl_malformed_lines(tmp_path: Path) -> None:
    good = _problem("demo/a").to_dict()
    bad = dict(_problem("demo/b").to_dict(), time_limit_s=-1)
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join([json.dumps(good), json.dumps(bad), "{oops", json.dumps(_problem("demo/c").to_dict())]) + "\n")
    loose = strict_then_loose(path, f"{path}:2: field 'time_limit_s': expected a number of seconds in (0, 3600], got -1",
                              ids=["demo/a", "demo/c"], skipped=[
        (f"{path}:2", "field 'time_limit_s': expected a number of seconds in (0, 3600], got -1"),
        (f"{path}:3", "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
    ])
    assert loose.report.summary() == f"2 problems from {path} (refine_env), 2 records skipped"


def test_duplicate_ids(tmp_path: Path) -> None:
    a, changed = _problem("demo/a"), _problem("demo/a", title="Other")
    path = save_jsonl([a, a, changed, _problem("demo/b")], tmp_path / "dups.jsonl")
    strict_then_loose(path, f"{path}:3: duplicate problem id 'demo/a' (first at {path}:1) with different content",
                      ids=["demo/a", "demo/b"], skipped=[
        (f"{path}:2", f"duplicate of {path}:1 (same id 'demo/a', same content)"),
        (f"{path}:3", f"duplicate problem id 'demo/a' (first at {path}:1) with different content"),
    ])


def test_unknown_ids_and_early_stop(tmp_path: Path) -> None:
    path = save_jsonl([_problem(f"demo/p{i}") for i in range(5)], tmp_path / "set.jsonl")
    with pytest.raises(KeyError) as excinfo:
        load(path, ids=["demo/p1", "demo/p44"])
    assert excinfo.value.args[0] == "Expected ids of problems in the source, got unknown ['demo/p44']. Did you mean 'demo/p4'?"
    limited = load(path, limit=2)
    assert [p.id for p in limited] == ["demo/p0", "demo/p1"]
    assert limited.report.notes == [f"stopped reading at {path}:3: limit=2 reached"]
    assert load(path, limit=0) == []


def test_source_names_are_checked(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as excinfo:
        load(tmp_path / "nothing.jsonl")
    assert str(excinfo.value) == (
        f"Expected 'builtin', 'hf:<dataset id>', 'FORMAT:PATH' or an existing path, got {str(tmp_path / 'nothing.jsonl')!r} (no such file or directory)"
    )
    with pytest.raises(ValueError) as excinfo:
        load("hf:")
    assert str(excinfo.value) == "Expected a dataset id after 'hf:', such as 'hf:openai_humaneval', got nothing"
    with pytest.raises(TypeError) as excinfo:
        load(42)  # type: ignore[arg-type]
    assert str(excinfo.value) == "Expected name_or_path to be 'builtin', 'hf:<dataset id>', 'FORMAT:PATH' or a path, got int"
    (tmp_path / "empty").mkdir()
    with pytest.raises(ProblemFormatError) as excinfo:
        load(tmp_path / "empty")
    assert str(excinfo.value) == f"{tmp_path / 'empty'}: expected a folder of Kattis packages or of one dataset's files, got no problem.yaml and no .json/.jsonl file"


def test_report_summary() -> None:
    excluded = [("p", "why"), ("q", "custom output validator (several outputs may be right)"), ("r", "custom output validator (x)")]
    report = LoadReport(source="x", loaded=3, skipped=[("a", "b")], excluded=excluded, format="mbpp", unconverted_asserts={"p": 2, "q": 1})
    assert report.excluded_by_reason() == {"custom output validator": 2, "why": 1}
    assert report.summary() == (
        "3 problems from x (mbpp), 1 records skipped, 3 problems excluded (custom output validator: 2, why: 1), "
        "3 asserts in 2 problems not turned into tests"
    )
