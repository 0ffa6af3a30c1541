"""The problem model and its JSONL form: round trips and errors that name file, line and field."""

from __future__ import annotations

import json

import pytest

from refine_env.problems import Problem, ProblemFormatError, Solution, TestCase, load_jsonl, save_jsonl
from refine_env.sandbox import Verdict


def make(pid: str = "p1", **kw) -> Problem:
    base = dict(id=pid, title="T", statement="Add.", kind="stdin", public_tests=(TestCase("1 2\n", "3\n"),),
                hidden_tests=(TestCase("2 2\n", "4\n"),), reference=Solution("reference", "print(3)"),
                mutants=(Solution("wrong", "print(0)", Verdict.WA, passes_public=False, note="constant"),),
                tags=("math",), difficulty="easy", metadata={"split": "train"})
    base.update(kw)
    return Problem(**base)


def test_jsonl_round_trip(tmp_path):
    problems = [make("a"), make("b", kind="call", entry_point="Solution.add", checker="json")]
    path = save_jsonl(problems, tmp_path / "set.jsonl.gz")
    assert load_jsonl(path) == problems
    assert problems[1].program("x").entry_point == "Solution.add"
    assert problems[0].split == "train" and problems[0].limits.time_s == 2.0


def _write(tmp_path, records):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


def test_errors_name_file_line_and_field(tmp_path):
    good = make().to_dict()
    bad = dict(good, public_tests=[{"input": 3, "output": "3"}])
    path = _write(tmp_path, [good, bad])
    with pytest.raises(ProblemFormatError, match=rf"{path}:2: field 'public_tests\[0\].input': expected a string, got 3"):
        load_jsonl(path)
    path = _write(tmp_path, [dict(good, kind="interactive")])
    with pytest.raises(ProblemFormatError, match=rf"{path}:1: field 'kind': expected one of \('stdin', 'call'\), got 'interactive'"):
        load_jsonl(path)
    path = _write(tmp_path, [{k: v for k, v in good.items() if k != "statement"}])
    with pytest.raises(ProblemFormatError, match=rf"{path}:1: field 'statement': missing \(expected a string\)"):
        load_jsonl(path)
    path = _write(tmp_path, [good, "{not json"])
    with pytest.raises(ProblemFormatError, match=rf"{path}:2: not valid JSON"):
        load_jsonl(path)
    path = _write(tmp_path, [dict(good, colour="red")])
    with pytest.raises(ProblemFormatError, match=r"unknown field\(s\) \['colour'\]"):
        load_jsonl(path)
    path = _write(tmp_path, [good, good])
    with pytest.raises(ProblemFormatError, match="duplicate problem id 'p1'"):
        load_jsonl(path)
    path = _write(tmp_path, [dict(good, kind="call")])
    with pytest.raises(ProblemFormatError, match=rf"{path}:1: field 'entry_point'"):
        load_jsonl(path)
    path = _write(tmp_path, [dict(good, mutants=[{"label": "x", "source": "", "expected_verdict": "MAYBE"}])])
    with pytest.raises(ProblemFormatError, match=r"field 'mutants\[0\].expected_verdict': expected one of"):
        load_jsonl(path)


def test_save_is_atomic(tmp_path):
    target = tmp_path / "set.jsonl"
    save_jsonl([make()], target)

    def broken():
        yield make("ok")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        save_jsonl(broken(), target)
    assert [p.id for p in load_jsonl(target)] == ["p1"]  # the old file is intact


def test_a_problem_without_hidden_tests_is_refused(tmp_path):
    # Judged on nothing, every submission would be accepted: the model refuses it outright.
    with pytest.raises(ProblemFormatError) as excinfo:
        make("lonely", hidden_tests=())
    assert str(excinfo.value) == "Expected at least one hidden test, got 0 for problem 'lonely'"
    path = _write(tmp_path, [dict(make().to_dict(), hidden_tests=[])])
    with pytest.raises(ProblemFormatError) as excinfo:
        load_jsonl(path)
    assert str(excinfo.value) == f"{path}:1: Expected at least one hidden test, got 0 for problem 'p1'"


def test_the_builtin_set_has_hidden_tests_everywhere():
    from refine_env.problems import load_builtin

    problems = load_builtin()
    assert problems and all(p.hidden_tests for p in problems)
