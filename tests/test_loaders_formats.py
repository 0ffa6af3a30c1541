"""Formats with no sample on disk, from realistic fixture rows: LiveCodeBench, DeepMind CodeContests, APPS/TACO, and hf:."""

from __future__ import annotations

import base64
import json
import os
import pickle
import sys
import types
import zlib
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

from refine_env.problems import ProblemFormatError, TestCase, load
from refine_env.problems.loaders import detect_format
from refine_env.problems.loaders._common import LEETCODE_PRELUDE
from refine_env.problems.loaders.livecodebench import decode_private_tests

from load_checks import strict_then_loose


def _packed(tests: List[Dict[str, str]]) -> str:
    """How the hub stores large private tests: base64 of zlib of a pickle of the JSON text."""
    return base64.b64encode(zlib.compress(pickle.dumps(json.dumps(tests)))).decode("ascii")


def lcb_rows() -> List[Dict[str, Any]]:
    atcoder_private = [
        {"input": "3\nAAT\n", "output": "A\n", "testtype": "stdin"},
        {"input": "1\nT\n", "output": "T\n", "testtype": "stdin"},
    ]
    leetcode_private = [
        {"input": "[1,2,3,4]", "output": "-1", "testtype": "functional"},
        {"input": "[84,91,18,59,27,9,81,33,17,58]", "output": "165", "testtype": "functional"},
    ]
    return [
        {
            "question_title": "Overall Winner",
            "question_content": "Takahashi and Aoki played N games. ... Find the overall winner: Takahashi or Aoki.",
            "platform": "atcoder",
            "question_id": "abc301_a",
            "contest_id": "abc301",
            "contest_date": "2023-05-13T00:00:00",
            "starter_code": "",
            "difficulty": "easy",
            "public_test_cases": json.dumps([{"input": "5\nTTAAT\n", "output": "T\n", "testtype": "stdin"}]),
            "private_test_cases": _packed(atcoder_private),
            "metadata": "{}",
        },
        {
            "question_title": "max-pair-sum-in-an-array",
            "question_content": "You are given a 0-indexed integer array nums. ... Return the maximum sum or -1 if no such pair exists.",
            "platform": "leetcode",
            "question_id": "2902",
            "contest_id": "biweekly-contest-111",
            "contest_date": "2023-08-19T00:00:00",
            "starter_code": "class Solution:\n    def maxSum(self, nums: List[int]) -> int:\n        ",
            "difficulty": "easy",
            "public_test_cases": json.dumps([{"input": "[51,71,17,24,42]", "output": "88", "testtype": "functional"}]),
            "private_test_cases": json.dumps(leetcode_private),
            "metadata": json.dumps({"func_name": "maxSum"}),
        },
        {
            "question_title": "Buttons",
            "question_content": "Anna and Katie ended up in a secret laboratory. ... determine who will win.",
            "platform": "codeforces",
            "question_id": "1858A",
            "contest_id": "1858",
            "contest_date": "2023-08-18T00:00:00",
            "starter_code": "",
            "difficulty": "medium",
            "public_test_cases": json.dumps([{"input": "1\n1 1 1\n", "output": "First\n", "testtype": "stdin"}]),
            "private_test_cases": _packed([{"input": "1\n9 3 3\n", "output": "First\n", "testtype": "stdin"}]),
            "metadata": "{}",
        },
        {
            "question_title": "find-the-k-or-of-an-array",
            "question_content": "You are given a 0-indexed integer array nums, and an integer k. ... Return the K-or of nums.",
            "platform": "leetcode",
            "question_id": "3183",
            "contest_id": "weekly-contest-369",
            "contest_date": "2023-10-29T00:00:00",
            "starter_code": "class Solution:\n    def findKOr(self, nums: List[int], k: int) -> int:\n        ",
            "difficulty": "hard",
            "public_test_cases": json.dumps([{"input": "[7,12,9,8,9,15]\n4", "output": "9", "testtype": "functional"}]),
            "private_test_cases": json.dumps([{"input": "[2,12,1,11,4,5]\n6", "output": "0", "testtype": "functional"}]),
            "metadata": json.dumps({"func_name": "findKOr"}),
        },
    ]


def _write_jsonl(path: Path, rows: List[Dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# LiveCodeBench


def test_lcb_rows_convert_stdin_and_functional(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "test.jsonl", lcb_rows())
    assert detect_format(path) == "lcb"
    problems = load(path)
    assert [p.id for p in problems] == ["lcb/abc301_a", "lcb/2902", "lcb/1858A", "lcb/3183"]
    atcoder = problems[0]
    assert (atcoder.title, atcoder.kind, atcoder.checker, atcoder.difficulty) == ("Overall Winner", "stdin", "tokens", "easy")
    assert (atcoder.time_limit_s, atcoder.memory_limit_mb, atcoder.source) == (6.0, 1024, "LiveCodeBench (atcoder)")
    assert atcoder.public_tests == (TestCase("5\nTTAAT\n", "T\n"),)
    assert atcoder.hidden_tests == (TestCase("3\nAAT\n", "A\n"), TestCase("1\nT\n", "T\n"))
    assert atcoder.metadata == {
        "split_method": "the dataset's public_test_cases public, private_test_cases hidden",
        "platform": "atcoder",
        "contest_id": "abc301",
        "contest_date": "2023-05-13",
        "split": "test",
    }
    call = problems[1]
    assert (call.kind, call.entry_point, call.checker, call.memory_limit_mb) == ("call", "Solution.maxSum", "json", 256)
    assert call.starter_code == "class Solution:\n    def maxSum(self, nums: List[int]) -> int:\n        "
    assert call.public_tests == (TestCase("[51,71,17,24,42]", "88"),)
    assert call.hidden_tests == (TestCase("[1,2,3,4]", "-1"), TestCase("[84,91,18,59,27,9,81,33,17,58]", "165"))
    assert call.metadata["prelude"] == LEETCODE_PRELUDE
    two_args = problems[3]
    assert two_args.public_tests == (TestCase("[7,12,9,8,9,15]\n4", "9"),)
    assert two_args.hidden_tests == (TestCase("[2,12,1,11,4,5]\n6", "0"),)
    # Without private tests nothing is hidden: the problem is left out, or kept as the dataset has it.
    rows = lcb_rows()
    rows[3]["private_test_cases"] = ""
    path = _write_jsonl(tmp_path / "no_private.jsonl", rows)
    assert "lcb/3183" not in [p.id for p in load(path)]
    assert load(path).report.excluded == [
        ("lcb/3183", "no hidden test left (its only hidden test repeats a public example's input; keep_original_split=True keeps them)")
    ]
    kept = load(path, keep_original_split=True, ids=["lcb/3183"])[0]
    assert kept.hidden_tests == kept.public_tests
    assert kept.metadata["split_method"] == "no private tests: hidden repeats the public tests"


def test_lcb_filters_platform_dates_difficulty(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "test.jsonl", lcb_rows())
    assert [p.id for p in load(path, platform="leetcode")] == ["lcb/2902", "lcb/3183"]
    assert [p.id for p in load(path, platform=["atcoder", "codeforces"])] == ["lcb/abc301_a", "lcb/1858A"]
    assert [p.id for p in load(path, start_date="2023-08-18", end_date="2023-08-19")] == ["lcb/2902", "lcb/1858A"]
    assert [p.id for p in load(path, start_date="2023-08-20")] == ["lcb/3183"]
    assert [p.id for p in load(path, end_date="2023-05-13")] == ["lcb/abc301_a"]
    assert [p.id for p in load(path, difficulty="medium")] == ["lcb/1858A"]
    assert [p.id for p in load(path, ids=["lcb/3183"], platform="atcoder")] == []
    with pytest.raises(ValueError) as excinfo:
        load(path, platform="atcodr")
    assert str(excinfo.value) == "Expected platform among ('leetcode', 'atcoder', 'codeforces'), got 'atcodr'. Did you mean 'atcoder'?"
    with pytest.raises(ValueError) as excinfo:
        load(path, start_date="2023-09-01", end_date="2023-08-01")
    assert str(excinfo.value) == "Expected start_date <= end_date, got 2023-09-01 > 2023-08-01"
    with pytest.raises(ValueError) as excinfo:
        load(path, start_date="last year")
    assert str(excinfo.value) == "Expected start_date to be a date or a 'YYYY-MM-DD' string, got 'last year'"


def test_lcb_release_versions_select_files_of_a_folder(tmp_path: Path) -> None:
    rows = lcb_rows()
    _write_jsonl(tmp_path / "test.jsonl", rows[:2])
    _write_jsonl(tmp_path / "test2.jsonl", rows[2:])
    assert detect_format(tmp_path) == "lcb"
    assert [p.id for p in load(tmp_path)] == ["lcb/abc301_a", "lcb/2902", "lcb/1858A", "lcb/3183"]
    assert [p.id for p in load(tmp_path, release_version="release_v1")] == ["lcb/abc301_a", "lcb/2902"]
    assert [p.id for p in load(tmp_path, release_version="v2")] == ["lcb/1858A", "lcb/3183"]
    with pytest.raises(FileNotFoundError) as excinfo:
        load(tmp_path, release_version="release_v3")
    assert str(excinfo.value) == (
        f"Expected test.jsonl, test2.jsonl, test3.jsonl in {tmp_path} for release_version='release_v3', got no test3.jsonl"
    )
    with pytest.raises(ValueError) as excinfo:
        load(tmp_path, release_version="release_5")
    assert str(excinfo.value).startswith("Expected release_version to be one of ['release_v1', ")
    assert str(excinfo.value).endswith(", got 'release_5'. Did you mean 'release_v5'?")
    with pytest.raises(ValueError) as excinfo:
        load(tmp_path / "test.jsonl", release_version="release_v1")
    assert str(excinfo.value) == (
        "Expected release_version with 'hf:livecodebench/code_generation_lite' or a folder of its test*.jsonl files, got the single file test.jsonl"
    )


class _Evil:
    """A pickle that would run a shell command when loaded with plain pickle.loads."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> Any:
        return (os.system, (self.command,))


def test_a_malicious_private_pickle_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    row = lcb_rows()[0]
    row["private_test_cases"] = base64.b64encode(zlib.compress(pickle.dumps(_Evil(f"touch {marker}")))).decode("ascii")
    path = _write_jsonl(tmp_path / "test.jsonl", [row, lcb_rows()[1]])
    expected = (
        f"{path}:1: field 'private_test_cases': expected a JSON list or base64 of zlib of a pickle of one, "
        f"got a pickle that is not plain data: global {os.system.__module__}.system refused (unpickling it could run code)"
    )
    strict_then_loose(path, expected, ids=["lcb/2902"], skipped=[(f"{path}:1", expected.split(": ", 1)[1])])
    assert not marker.exists()


@pytest.mark.parametrize(
    "raw, why",
    [
        ("not base64 at all!", "text that is neither JSON nor base64"),
        (base64.b64encode(b"plain bytes").decode(), "base64 that is not zlib data (Error -3 while decompressing data: incorrect header check)"),
        (base64.b64encode(zlib.compress(pickle.dumps([1, 2]))).decode(), "a pickle of a list, not of JSON text"),
        (base64.b64encode(zlib.compress(pickle.dumps("[{"))).decode(), "a pickle of invalid JSON (Expecting property name enclosed in double quotes at column 3)"),
        ("[{", "invalid JSON (Expecting property name enclosed in double quotes at column 3)"),
    ],
)
def test_private_tests_decoding_errors(raw: str, why: str) -> None:
    with pytest.raises(ProblemFormatError) as excinfo:
        decode_private_tests(raw, "row 7")
    assert str(excinfo.value) == f"row 7: field 'private_test_cases': expected a JSON list or base64 of zlib of a pickle of one, got {why}"


def test_private_tests_decode_plain_json_and_packed_pickles() -> None:
    tests = [{"input": "1\n", "output": "2\n", "testtype": "stdin"}]
    assert decode_private_tests(json.dumps(tests), "row") == tests
    assert decode_private_tests(_packed(tests), "row") == tests
    assert decode_private_tests("", "row") == []


def test_lcb_malformed_rows(tmp_path: Path) -> None:
    rows = lcb_rows()
    rows[1]["metadata"] = "{}"
    rows[2]["public_test_cases"] = json.dumps([{"input": "1\n", "output": "2\n", "testtype": "interactive"}])
    path = _write_jsonl(tmp_path / "test.jsonl", rows)
    strict_then_loose(path, f"{path}:2: field 'metadata.func_name': expected the function name for functional tests, got None",
                      ids=["lcb/abc301_a", "lcb/3183"], skipped=[
        (f"{path}:2", "field 'metadata.func_name': expected the function name for functional tests, got None"),
        (f"{path}:3", "field 'public_test_cases[0].testtype': expected 'stdin' or 'functional', got 'interactive'"),
    ])


# --------------------------------------------------------------------------------------------
# CodeContests with DeepMind's field names


def deepmind_row() -> Dict[str, Any]:
    return {
        "name": "1575_A. Another Sorting Problem",
        "description": (
            "Andi and Budi were given an assignment to tidy up their bookshelf of n books.\n\nInput\n\n"
            "The first line contains two integers n and m.\n\nOutput\n\nOutput n integers.\n\n"
            "Example\n\nInput\n\n\n2 1\nB\nA\n\n\nOutput\n\n\n2 1\n"
        ),
        "public_tests": {"input": ["2 1\nB\nA\n"], "output": ["2 1\n"]},
        "private_tests": {"input": ["1 1\nZ\n"], "output": ["1\n"]},
        "generated_tests": {"input": ["3 1\nC\nB\nA\n"], "output": ["3 2 1\n"]},
        "source": 2,
        "difficulty": 7,
        "solutions": {"language": [2, 3], "solution": ["int main() {}", "n, m = map(int, input().split())\n"]},
        "incorrect_solutions": {"language": [], "solution": []},
        "cf_contest_id": 1575,
        "cf_index": "A",
        "cf_points": 0.0,
        "cf_rating": 1100,
        "cf_tags": ["data structures", "sortings", "strings", "*1100"],
        "is_description_translated": False,
        "untranslated_description": "",
        "time_limit": {"seconds": 1, "nanos": 500000000},
        "memory_limit_bytes": 512000000,
        "input_file": "",
        "output_file": "",
    }


def test_deepmind_codecontests_fields(tmp_path: Path) -> None:
    other = deepmind_row()
    other.update(name="1575_B. Building an Amusement Park", description="Print any point.\n", input_file="input.txt")
    path = _write_jsonl(tmp_path / "code_contests_test.jsonl", [deepmind_row(), other])
    assert detect_format(path) == "codecontests"
    problems = load(path)
    assert [p.id for p in problems] == ["codecontests/1575_A._Another_Sorting_Problem"]
    assert problems.report.excluded == [
        ("codecontests/1575_B._Building_an_Amusement_Park", "several outputs are accepted ('Print any') and the dataset has no checker")
    ]
    p = problems[0]
    assert (p.title, p.time_limit_s, p.memory_limit_mb, p.difficulty, p.checker) == ("1575_A. Another Sorting Problem", 1.5, 512, "easy", "tokens")
    assert p.public_tests == (TestCase("2 1\nB\nA\n", "2 1\n"),)
    assert p.hidden_tests == (TestCase("1 1\nZ\n", "1\n"), TestCase("3 1\nC\nB\nA\n", "3 2 1\n"))
    assert p.tags == ("data structures", "sortings", "strings", "*1100")
    assert p.reference is not None and p.reference.source == "n, m = map(int, input().split())\n"
    assert p.metadata == {
        "split_method": "the dataset's public_tests public; private_tests (1) and generated_tests (1) hidden",
        "cf_contest_id": 1575,
        "cf_index": "A",
        "cf_rating": 1100,
        "source": 2,
    }


def test_deepmind_codecontests_row_form_tests_and_file_io(tmp_path: Path) -> None:
    row = deepmind_row()
    row["public_tests"] = [{"input": "2 1\nB\nA\n", "output": "2 1\n"}]
    row["private_tests"] = []
    row["generated_tests"] = []
    row["output_file"] = "output.txt"
    path = _write_jsonl(tmp_path / "cc.jsonl", [row])
    assert load(path) == [] and load(path, include_unjudgeable=True) == []
    p = load(path, include_unjudgeable=True, keep_original_split=True)[0]
    assert p.hidden_tests == p.public_tests == (TestCase("2 1\nB\nA\n", "2 1\n"),)
    assert p.metadata["unjudgeable_reason"] == "reads or writes files (output_file='output.txt'), not stdin/stdout"
    row["public_tests"] = {"input": ["1\n", "2\n"], "output": ["1\n"]}
    bad = _write_jsonl(tmp_path / "bad.jsonl", [row])
    with pytest.raises(ProblemFormatError) as excinfo:
        load(bad)
    assert str(excinfo.value) == f"{bad}:1: field 'public_tests.output': expected 2 outputs, one per input, got '1 outputs'"


# --------------------------------------------------------------------------------------------
# APPS and TACO


def apps_rows() -> List[Dict[str, Any]]:
    return [
        {
            "problem_id": 4021,
            "question": "Given two integers a and b, print a + b.\n\n-----Input-----\n\nTwo integers.\n",
            "solutions": json.dumps(["a, b = map(int, input().split())\nprint(a + b)\n"]),
            "input_output": json.dumps({"inputs": ["1 2\n", "3 4\n", ["5", "6"]], "outputs": ["3\n", "7\n", ["11"]]}),
            "difficulty": "introductory",
            "url": "https://codeforces.com/problemset/problem/1/A",
            "starter_code": "",
        },
        {
            "problem_id": 4022,
            "question": "Write a function add(a, b) that returns the sum.",
            "solutions": json.dumps(["def add(a, b):\n    return a + b\n"]),
            "input_output": json.dumps({"fn_name": "add", "inputs": [[1, 2], [[1], [2]]], "outputs": [[3], [[1, 2]]]}),
            "difficulty": "interview",
            "url": "https://www.codewars.com/kata/x",
            "starter_code": "def add(a, b):\n\t",
        },
        {
            "problem_id": 4023,
            "question": "No tests here.",
            "solutions": "[]",
            "input_output": "",
            "difficulty": "competition",
            "url": "",
            "starter_code": "",
        },
    ]


def test_apps_rows(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "test.jsonl", apps_rows())
    assert detect_format(path) == "apps"
    problems = load(path)
    assert [p.id for p in problems] == ["apps/4021", "apps/4022"]
    assert problems.report.excluded == [("apps/4023", "no tests (empty input_output)")]
    stdin = problems[0]
    assert (stdin.kind, stdin.checker, stdin.difficulty, stdin.source) == ("stdin", "tokens", "easy", "APPS")
    assert stdin.public_tests == (TestCase("1 2\n", "3\n"),)
    assert stdin.hidden_tests == (TestCase("3 4\n", "7\n"), TestCase("5\n6\n", "11\n"))
    assert stdin.reference is not None and stdin.reference.source == "a, b = map(int, input().split())\nprint(a + b)\n"
    call = problems[1]
    assert (call.kind, call.entry_point, call.checker, call.difficulty) == ("call", "add", "json", "medium")
    # Every output is wrapped in a one-item list, so each is unwrapped.
    assert call.public_tests == (TestCase("1\n2", "3"),)
    assert call.hidden_tests == (TestCase("[1]\n[2]", "[1,2]"),)
    assert call.metadata["outputs_unwrapped"] is True


def test_taco_rows_read_limits_and_python_repr_tags(tmp_path: Path) -> None:
    row = {
        "question": "Chef has N coins. Print the number of ways.\n",
        "solutions": json.dumps(["print(1)\n"]),
        "starter_code": "",
        "input_output": json.dumps({"inputs": ["3\n"], "outputs": ["1\n"]}),
        "difficulty": "MEDIUM_HARD",
        "raw_tags": "['Sorting']",
        "name": "Coin Ways",
        "source": "codechef",
        "tags": "['Sorting', 'Dynamic programming']",
        "skill_types": "['Sorting']",
        "url": "https://www.codechef.com/problems/COINS",
        "Expected Auxiliary Space": None,
        "time_limit": "2.5 seconds",
        "date": "2021-01-01",
        "picture_num": "0",
        "memory_limit": "512.0 megabytes",
        "Expected Time Complexity": None,
    }
    path = _write_jsonl(tmp_path / "taco.jsonl", [row])
    assert detect_format(path) == "taco"
    assert len(load(path)) == 0  # its only test is public: nothing is left to judge on
    p = load(path, keep_original_split=True)[0]
    assert p.id.startswith("taco/") and len(p.id) == len("taco/") + 12
    assert (p.title, p.difficulty, p.time_limit_s, p.memory_limit_mb, p.source) == ("Coin Ways", "hard", 2.5, 512, "TACO")
    assert p.tags == ("Sorting", "Dynamic programming")
    assert p.public_tests == p.hidden_tests == (TestCase("3\n", "1\n"),)
    assert p.metadata["split_method"] == "public: all 1 test; hidden repeats them (the dataset has no others)"


# --------------------------------------------------------------------------------------------
# hf: through a fake `datasets` module (no network here)


class _FakeDatasets(types.ModuleType):
    def __init__(self, rows: Dict[str, List[Dict[str, Any]]]) -> None:
        super().__init__("datasets")
        self.rows = rows
        self.calls: List[Dict[str, Any]] = []

    def load_dataset(self, path: str, name: Optional[str] = None, *, split: Optional[str] = None, **kwargs: Any) -> List[Dict[str, Any]]:
        self.calls.append(dict(path=path, name=name, split=split, **kwargs))
        return self.rows[path]


def test_hf_livecodebench_matches_the_file_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _FakeDatasets({"livecodebench/code_generation_lite": lcb_rows()})
    monkeypatch.setitem(sys.modules, "datasets", fake)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # the fake is the cache: no reachability check
    from_hub = load("hf:livecodebench/code_generation_lite", release_version="release_v2", platform="leetcode")
    assert fake.calls == [
        {"path": "livecodebench/code_generation_lite", "name": None, "split": "train", "data_files": ["test.jsonl", "test2.jsonl"]}
    ]
    from_file = load(_write_jsonl(tmp_path / "test.jsonl", lcb_rows()), platform="leetcode")
    assert [p.id for p in from_hub] == ["lcb/2902", "lcb/3183"]
    assert [(p.public_tests, p.hidden_tests, p.entry_point, p.checker) for p in from_hub] == [
        (p.public_tests, p.hidden_tests, p.entry_point, p.checker) for p in from_file
    ]
    assert from_hub.report.format == "lcb"
    load("hf:livecodebench/code_generation_lite")
    assert fake.calls[-1]["data_files"] == ["test*.jsonl"]


def test_hf_known_and_detected_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    humaneval_row = {
        "task_id": "HumanEval/0",
        "prompt": "def add(a, b):\n    \"\"\"\n    >>> add(1, 2)\n    3\n    \"\"\"\n",
        "canonical_solution": "    return a + b\n",
        "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(2, 2) == 4\n",
        "entry_point": "add",
    }
    fake = _FakeDatasets({"openai_humaneval": [humaneval_row], "someone/cc-mirror": [deepmind_row()]})
    monkeypatch.setitem(sys.modules, "datasets", fake)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    problems = load("hf:openai_humaneval")
    assert fake.calls[-1] == {"path": "openai_humaneval", "name": None, "split": "test"}
    p = problems[0]
    assert (p.id, p.license, p.split) == ("humaneval/0", "MIT", "test")
    assert p.public_tests == (TestCase("1\n2", "3"),)
    assert p.hidden_tests == (TestCase("2\n2", "4"),)
    assert p.metadata["split_method"] == "public: the 1 test whose arguments the docstring shows; hidden: all 2; 1 hidden test repeating a public input dropped"
    detected = load("hf:someone/cc-mirror", split="valid")
    assert fake.calls[-1] == {"path": "someone/cc-mirror", "name": None, "split": "valid"}
    assert detected.report.format == "codecontests"
    assert [p.id for p in detected] == ["codecontests/1575_A._Another_Sorting_Problem"]
    assert detected[0].split == "valid"
    with pytest.raises(ValueError) as excinfo:
        load("hf:openai_humaneval", release_version="release_v1")
    assert str(excinfo.value) == "Expected release_version only for LiveCodeBench, got hf:openai_humaneval"


def test_hf_without_datasets_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)
    with pytest.raises(ImportError) as excinfo:
        load("hf:openai_humaneval")
    assert str(excinfo.value) == "Loading 'hf:openai_humaneval' needs the Hugging Face datasets package: pip install refine-env[hf]"


def test_hf_offline_fails_at_once_and_says_how_to_load_local_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    fake = _FakeDatasets({})
    monkeypatch.setitem(sys.modules, "datasets", fake)
    for name in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE", "HF_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)

    def unreachable(address: Any, timeout: float = 0.0) -> None:
        assert address == ("huggingface.co", 443) and timeout == 3.0
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket, "create_connection", unreachable)
    hint = "or load local files instead: a path or FORMAT:PATH such as humaneval:HumanEval.jsonl.gz (docs/datasets.md)"
    with pytest.raises(ConnectionError) as excinfo:
        load("hf:openai_humaneval")
    assert str(excinfo.value) == ("Expected the Hugging Face Hub (https://huggingface.co) to be reachable for 'hf:openai_humaneval', "
                                  f"got Network is unreachable: set HF_DATASETS_OFFLINE=1 to read the local Hugging Face cache, {hint}")
    assert fake.calls == []  # datasets never started its half-minute of retries

    def not_cached(path: str, **kwargs: Any) -> None:
        raise ConnectionError(f"Couldn't reach '{path}' on the Hub (OfflineModeIsEnabled)")

    monkeypatch.setattr(fake, "load_dataset", not_cached)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    with pytest.raises(ConnectionError) as excinfo:
        load("hf:openai_humaneval")
    assert str(excinfo.value) == ("Expected 'hf:openai_humaneval' in the local Hugging Face cache (HF_DATASETS_OFFLINE or "
                                  f"HF_HUB_OFFLINE is set), got no copy there: download it where the Hub is reachable, {hint}")
