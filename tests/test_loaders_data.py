"""The loaders on the real dataset samples in ../shared/data: counts, spot checks, malformed copies, filters."""

from __future__ import annotations

import ast
import gzip
import json
import shutil
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

from refine_env.problems import Problem, ProblemFormatError, TestCase, load, save_jsonl
from refine_env.problems.loaders import detect_format
from refine_env.problems.loaders._common import LEETCODE_PRELUDE

from load_checks import strict_then_loose

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def data() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"dataset samples not found at {DATA.resolve()} (they live outside the repository, in ../shared/data)")
    return DATA.resolve()


def _by_id(problems: List[Problem], pid: str) -> Problem:
    return next(p for p in problems if p.id == pid)


def _jsonl_rows(path: Path) -> List[Dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        return [json.loads(line) for line in fh if line.strip()]


def _write_jsonl(path: Path, rows: List[Any], raw_lines: Optional[Dict[int, str]] = None) -> Path:
    lines = [json.dumps(r) for r in rows]
    for index, text in sorted((raw_lines or {}).items()):
        lines.insert(index, text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _syntax_message(source: str) -> str:
    try:
        ast.parse(source)
    except SyntaxError as exc:
        return f"syntax error at line {exc.lineno}: {exc.msg}"
    raise AssertionError("expected a syntax error")


# --------------------------------------------------------------------------------------------
# Detection


@pytest.mark.parametrize(
    "relative, fmt",
    [
        ("humaneval/HumanEval.jsonl.gz", "humaneval"),
        ("humaneval", "humaneval"),
        ("mbpp/mbpp.jsonl", "mbpp"),
        ("leetcode/LeetCodeDataset-v0.3.1-test-sample.jsonl.gz", "leetcode"),
        ("deepcoder_leetcode/test_leetcode.json", "deepcoder_leetcode"),
        ("codecontests/code_contests.json", "codecontests"),
        ("codecontests", "codecontests"),
        ("kattis", "kattis"),
        ("kattis/codejam/2008/qualification_round/fly_swatter", "kattis"),
    ],
)
def test_formats_are_detected_from_content_and_layout(data: Path, relative: str, fmt: str) -> None:
    assert detect_format(data / relative) == fmt


def test_an_explicit_format_prefix_is_accepted_and_checked(data: Path) -> None:
    path = data / "humaneval" / "HumanEval.jsonl.gz"
    assert len(load(f"humaneval:{path}", limit=3)) == 3
    with pytest.raises(ValueError) as excinfo:
        load(f"humaneva:{path}")
    assert str(excinfo.value) == (
        "Expected a format among ('refine_env', 'lcb', 'codecontests', 'kattis', 'apps', 'taco', 'humaneval', 'mbpp', "
        "'leetcode', 'deepcoder_leetcode') before ':', got 'humaneva'. Did you mean 'humaneval'?"
    )


def test_a_file_of_an_unknown_format_is_named(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "x.jsonl", [{"foo": 1, "bar": 2}])
    with pytest.raises(ProblemFormatError) as excinfo:
        load(path)
    assert str(excinfo.value) == (
        f"{path}: expected a record of a known format ('refine_env', 'lcb', 'codecontests', 'kattis', 'apps', 'taco', "
        "'humaneval', 'mbpp', 'leetcode', 'deepcoder_leetcode'), got a first record with keys ['bar', 'foo']"
    )


# --------------------------------------------------------------------------------------------
# HumanEval


def test_humaneval_counts_and_exclusions(data: Path) -> None:
    problems = load(data / "humaneval")
    assert len(problems) == 160
    assert problems.report.loaded == 160
    assert problems.report.format == "humaneval"
    assert [pid for pid, _ in problems.report.excluded] == ["humaneval/32", "humaneval/34", "humaneval/38", "humaneval/50"]
    # unique()'s only assert is its docstring's example: nothing would be hidden.
    assert problems.report.excluded[1][1] == "no hidden test left (its only hidden test repeats a public example's input; keep_original_split=True keeps them)"
    assert len(load(data / "humaneval", keep_original_split=True)) == 161
    assert problems.report.excluded[2][1] == (
        "no assert could be turned into a test (1 assert found): assert candidate(encoded_str) == str: inside a loop or a branch"
    )
    assert problems.report.unconverted_asserts == {"humaneval/33": 3, "humaneval/44": 1, "humaneval/53": 1, "humaneval/151": 1}
    assert problems.report.skipped == []
    assert {p.license for p in problems} == {"MIT"}
    assert {p.source for p in problems} == {"HumanEval"}


def test_humaneval_spot_check(data: Path) -> None:
    problems = load(data / "humaneval" / "HumanEval.jsonl.gz", ids=["humaneval/0", "humaneval/2"])
    row = _jsonl_rows(data / "humaneval" / "HumanEval.jsonl.gz")[0]
    p = _by_id(problems, "humaneval/0")
    assert (p.title, p.kind, p.entry_point, p.checker, p.difficulty) == ("has_close_elements", "call", "has_close_elements", "exact", "unknown")
    assert p.statement == row["prompt"] and p.starter_code == row["prompt"]
    assert p.reference is not None and p.reference.source == row["prompt"] + row["canonical_solution"]
    assert p.public_tests == (TestCase("[1.0,2.0,3.9,4.0,5.0,2.2]\n0.3", "true"),)
    assert len(p.hidden_tests) == 6
    assert p.hidden_tests[0] == TestCase("[1.0,2.0,3.9,4.0,5.0,2.2]\n0.05", "false")
    assert p.metadata == {
        "split_method": "public: the first test (the docstring shows the arguments of no test); hidden: all 7; 1 hidden test repeating a public input dropped",
        "task_id": "HumanEval/0",
        "asserts_total": 7,
        "asserts_converted": 7,
        "asserts_unconverted": 0,
        "hidden_repeats_dropped": 1,
    }
    original = load(data / "humaneval", ids=["humaneval/0"], keep_original_split=True)[0]
    assert original.hidden_tests == (original.public_tests[0],) + p.hidden_tests
    tolerant = _by_id(problems, "humaneval/2")
    assert tolerant.checker == "float:abs=1e-06,rel=0"
    assert tolerant.public_tests == (TestCase("3.5", "0.5"),)
    assert tolerant.hidden_tests == (TestCase("1.33", "0.33"), TestCase("123.456", "0.456"))


@pytest.mark.parametrize(
    "pid, shown",
    [
        ("humaneval/72", ["[1,2]\n5", "[3,2,3]\n1", "[3,2,3]\n9", "[3]\n5"]),  # will_it_fly([1, 2], 5) ➞ False
        ("humaneval/70", ["[1,2,3,4]", "[5,5,5,5]", "[]"]),  # strange_sort_list([1, 2, 3, 4]) == [1, 4, 2, 3]
        ("humaneval/95", ['{"Name":"John","Age":"36","City":"Houston"}', '{"STATE":"NC","ZIP":"12345"}']),  # ... should return False.
        ("humaneval/78", ['"AB"', '"1077E"', '"ABED1A33"', '"2020"', '"123456789ABCDEF0"']),  # For num = "AB" the output should be 1.
        ("humaneval/86", ['"Hi"', '"hello"', '"Hello World!!!"']),  # anti_shuffle('Hi') returns 'Hi'
        ("humaneval/115", ["[[0,0,1,0],[0,1,0,0],[1,1,1,1]]\n1", "[[0,0,1,1],[0,0,0,0],[1,1,1,1],[0,1,1,1]]\n2", "[[0,0,0],[0,0,0]]\n5"]),  # Input: grid : ...
        ("humaneval/63", ["2", "1", "5", "8"]),  # fibfib(2) == 1 in the definition, then >>> examples
        ("humaneval/133", ["[1,2,3]", "[1,3,5,7]", "[1.4,4.2,0]", "[-2.4,1,1]"]),  # For lst = [1,2,3] the output should be 14
    ],
)
def test_humaneval_examples_in_any_docstring_form_are_public(data: Path, pid: str, shown: List[str]) -> None:
    # Shown in the prompt, a test is no secret: hidden, it would reward hard-coding the docstring.
    p = load(data / "humaneval", ids=[pid])[0]
    assert sorted(t.input for t in p.public_tests) == sorted(shown)


def test_humaneval_malformed_records_name_file_line_and_field(data: Path, tmp_path: Path) -> None:
    rows = _jsonl_rows(data / "humaneval" / "HumanEval.jsonl.gz")[:4]
    del rows[1]["test"]
    broken_source = "def check(candidate):\n    assert candidate(1 == 2\n"
    rows[2]["test"] = broken_source
    path = _write_jsonl(tmp_path / "HumanEval.jsonl", rows, {3: '{"task_id": "HumanEval/x", '})
    with pytest.raises(ProblemFormatError) as excinfo:
        load(path)
    assert str(excinfo.value) == f"{path}:2: field 'test': missing (expected Python source defining check(candidate))"
    loose = load(path, strict=False)
    assert [p.id for p in loose] == ["humaneval/0", "humaneval/3"]
    assert loose[0].license == ""  # no LICENSE beside the copy, and none is looked for further up
    assert loose.report.skipped == [
        (f"{path}:2", "field 'test': missing (expected Python source defining check(candidate))"),
        (f"{path}:3", f"field 'test': expected Python source ({_syntax_message(broken_source)}), got {broken_source!r}"),
        (f"{path}:4", "not valid JSON (Expecting property name enclosed in double quotes at column 27)"),
    ]


# --------------------------------------------------------------------------------------------
# MBPP


def test_mbpp_counts_splits_and_spot_check(data: Path) -> None:
    problems = load(data / "mbpp" / "mbpp.jsonl")
    assert len(problems) == 97
    assert [pid for pid, _ in problems.report.excluded] == ["mbpp/533", "mbpp/590", "mbpp/596"]
    assert len(load(data / "mbpp", split="prompt")) == 10
    assert len(load(data / "mbpp", split="validation")) == 87
    assert len(load(data / "mbpp", split="test")) == 0
    p = _by_id(problems, "mbpp/2")
    assert (p.title, p.entry_point, p.checker, p.license, p.source, p.split) == ("similar_elements", "similar_elements", "exact", "MIT", "MBPP", "prompt")
    assert p.statement == "Write a function to find the similar elements from the given two tuple lists."
    assert p.starter_code == "def similar_elements(test_tup1, test_tup2):\n    ...\n"
    assert p.public_tests == (TestCase('{"$tuple":[3,4,5,6]}\n{"$tuple":[5,7,4,10]}', '{"$tuple":[4,5]}'),)
    assert p.hidden_tests == (
        TestCase('{"$tuple":[1,2,3,4]}\n{"$tuple":[5,4,3,7]}', '{"$tuple":[3,4]}'),
        TestCase('{"$tuple":[11,12,14,13]}\n{"$tuple":[17,15,14,13]}', '{"$tuple":[13,14]}'),
    )
    assert p.reference is not None and p.reference.source.startswith("def similar_elements(test_tup1, test_tup2):")


def test_mbpp_malformed_test_list(data: Path, tmp_path: Path) -> None:
    rows = _jsonl_rows(data / "mbpp" / "mbpp.jsonl")[:3]
    rows[1]["test_list"] = ["assert min_cost(1) == 1", 7]
    path = _write_jsonl(tmp_path / "mbpp.jsonl", rows)
    strict_then_loose(path, f"{path}:2: field 'test_list[1]': expected an assert string, got 7", ids=["mbpp/1", "mbpp/3"],
                      skipped=[(f"{path}:2", "field 'test_list[1]': expected an assert string, got 7")])


def test_split_is_refused_where_a_file_has_no_splits(data: Path) -> None:
    with pytest.raises(ValueError) as excinfo:
        load(data / "humaneval", split="test")
    assert str(excinfo.value) == (
        "Expected split only for 'builtin', 'hf:' sources and MBPP files (whose task ids define splits), got split='test' for a humaneval file"
    )


# --------------------------------------------------------------------------------------------
# LeetCodeDataset


def test_leetcode_counts_filters_and_spot_check(data: Path) -> None:
    path = data / "leetcode" / "LeetCodeDataset-v0.3.1-test-sample.jsonl.gz"
    problems = load(path)
    assert len(problems) == 40
    assert problems.report.excluded == [] and problems.report.unconverted_asserts == {}
    assert len(load(path, difficulty="easy")) == 7
    assert len(load(path, difficulty=["medium", "hard"])) == 33
    assert [p.id for p in load(path, limit=2)] == [p.id for p in problems[:2]]
    row = _jsonl_rows(path)[0]
    p = problems[0]
    assert p.id == "leetcode/find-the-largest-palindrome-divisible-by-k"
    assert (p.title, p.entry_point, p.checker, p.difficulty, p.license) == (
        "Find The Largest Palindrome Divisible By K", "Solution.largestPalindrome", "json", "hard", "MIT",
    )
    assert p.tags == ("Greedy", "Math", "String", "Dynamic Programming", "Number Theory")
    assert p.starter_code == row["starter_code"]
    # The statement's three examples, confirmed by asserts of the dataset's own check().
    assert p.public_tests == (TestCase("1\n4", '"8"'), TestCase("3\n5", '"595"'), TestCase("5\n6", '"89898"'))
    assert len(p.hidden_tests) == 46  # the dataset's 49 asserts, less the three examples
    assert p.reference is not None and p.reference.source == row["prompt"] + "\n" + row["completion"]
    assert p.metadata["prelude"] == row["prompt"]
    assert (p.metadata["question_id"], p.metadata["estimated_date"]) == (3260, "2024-08-18")
    assert _by_id(problems, "leetcode/separate-squares-i").checker == "float:abs=1e-05,rel=1e-05"


def test_leetcode_bad_entry_point(data: Path, tmp_path: Path) -> None:
    rows = _jsonl_rows(data / "leetcode" / "LeetCodeDataset-v0.3.1-test-sample.jsonl.gz")[:2]
    rows[0]["entry_point"] = "Solution().largest Palindrome"
    path = _write_jsonl(tmp_path / "lc.jsonl", rows)
    strict_then_loose(f"leetcode:{path}", f"{path}:1: field 'entry_point': expected a string like 'Solution().method', got 'Solution().largest Palindrome'",
                      loose_source=path, ids=["leetcode/find-the-maximum-sequence-value-of-array"],
                      skipped=[(f"{path}:1", "field 'entry_point': expected a string like 'Solution().method', got 'Solution().largest Palindrome'")])


# --------------------------------------------------------------------------------------------
# DeepCoder LeetCode


def test_deepcoder_leetcode_counts_duplicates_and_spot_check(data: Path) -> None:
    path = data / "deepcoder_leetcode" / "test_leetcode.json"
    problems = load(path)
    assert len(problems) == 38
    assert problems.report.skipped == [
        (f"{path}[27]", f"duplicate of {path}[25] (same id 'deepcoder_leetcode/maximumTripletValue-73f14735', same content)"),
        (f"{path}[31]", f"duplicate of {path}[30] (same id 'deepcoder_leetcode/findIndices-83087d19', same content)"),
    ]
    row = json.loads(path.read_text(encoding="utf-8"))[0]
    p = problems[0]
    assert p.id == "deepcoder_leetcode/minOperations-e4ec57b7"
    assert (p.title, p.entry_point, p.checker, p.license) == ("minOperations", "Solution.minOperations", "json", "MIT")
    assert p.statement == (
        "You are given an array nums of positive integers and an integer k.\n"
        "In one operation, you can remove the last element of the array and add it to your collection.\n"
        "Return the minimum number of operations needed to collect elements 1, 2, ..., k."
    )
    assert p.starter_code == "class Solution:\n    def minOperations(self, nums: List[int], k: int) -> int:\n"
    assert p.public_tests == (TestCase("[3,1,5,4,2]\n2", "4"),)
    assert p.hidden_tests == (TestCase("[3,1,5,4,2]\n5", "5"), TestCase("[3,2,5,3,1]\n3", "4"))
    assert p.reference is not None and p.reference.source == LEETCODE_PRELUDE + "\n" + row["solutions"]


def test_deepcoder_leetcode_without_check_call(data: Path, tmp_path: Path) -> None:
    rows = json.loads((data / "deepcoder_leetcode" / "test_leetcode.json").read_text(encoding="utf-8"))[:2]
    rows[1]["tests"]["functional"] = "def check(candidate):\n    assert candidate(nums = [1]) == 1\n"
    path = tmp_path / "dc.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ProblemFormatError) as excinfo:
        load(path)
    assert str(excinfo.value) == (
        f"{path}[1]: field 'tests.functional': expected source ending with check(Solution().method), "
        "got 'def check(candidate):\\n    assert candidate(nums = [1]) ..."
    )
    loose = load(path, strict=False)
    assert [p.id for p in loose] == ["deepcoder_leetcode/minOperations-e4ec57b7"]
    assert [where for where, _ in loose.report.skipped] == [f"{path}[1]"]


# --------------------------------------------------------------------------------------------
# CodeContests (DeepCoder packaging)


def test_codecontests_counts_and_unjudgeable(data: Path) -> None:
    problems = load(data / "codecontests" / "code_contests.json")
    assert len(problems) == 22
    # Ten problems have no test but their statement's examples: judged on those, hard-coding them wins.
    assert problems.report.excluded_by_reason() == {"no hidden test left": 10, "several outputs are accepted": 8}
    assert ("codecontests/eb6e8fa750d9", "several outputs are accepted ('find any') and the dataset has no checker") in problems.report.excluded
    assert [len(load(data / "codecontests", difficulty=d)) for d in ("easy", "medium", "hard")] == [1, 4, 17]
    original = load(data / "codecontests", keep_original_split=True)
    assert len(original) == 32 and len(original.report.excluded) == 8
    assert original.report.excluded[0] == ("codecontests/eb6e8fa750d9", "several outputs are accepted ('find any') and the dataset has no checker")
    assert [len(load(data / "codecontests", difficulty=d, keep_original_split=True)) for d in ("easy", "medium", "hard")] == [5, 8, 19]
    everything = load(data / "codecontests", include_unjudgeable=True, keep_original_split=True)
    assert len(everything) == 40 and everything.report.excluded == []
    flagged = [p for p in everything if p.metadata.get("judgeable") is False]
    assert [everything.index(p) for p in flagged] == [10, 14, 20, 23, 27, 28, 29, 36]
    # No phrase says so, but the tests answer an example input differently from the statement.
    assert flagged[2].metadata["unjudgeable_reason"] == (
        "several outputs are accepted: a test expects another answer than the statement's example for the same input"
    )


def test_codecontests_spot_check(data: Path) -> None:
    rows = json.loads((data / "codecontests" / "code_contests.json").read_text(encoding="utf-8"))
    problems = load(data / "codecontests" / "code_contests.json", include_unjudgeable=True, keep_original_split=True)
    p = problems[1]
    assert p.id == "codecontests/44251578f988"
    assert p.title == "Mr. Chanek has an integer represented by a string s..."
    assert (p.kind, p.time_limit_s, p.memory_limit_mb, p.checker, p.difficulty, p.license) == ("stdin", 2.0, 512, "tokens", "medium", "MIT")
    tests = [TestCase(i, o) for i, o in zip(rows[1]["tests"]["inputs"], rows[1]["tests"]["outputs"])]
    assert p.public_tests == tuple(tests[:5]) and p.hidden_tests == tuple(tests[5:])
    assert p.metadata == {"split_method": "public: the first 5 tests; hidden: the other 69 (k from the _public_only companion)"}
    # The Time Limit / Memory Limit lines are read and cut from the statement.
    assert "Time Limit" not in p.statement and p.statement.endswith("all possible s will have at least one leading zero.")
    single = problems[0]
    assert single.public_tests == single.hidden_tests and len(single.public_tests) == 1
    assert problems[5].checker == "case_insensitive"  # "You may print every letter in any case you want"
    assert (problems[10].time_limit_s, problems[10].memory_limit_mb) == (1.0, 256)


def test_codecontests_companion_path_loads_the_main_file(data: Path) -> None:
    problems = load(data / "codecontests" / "code_contests_public_only.json")
    assert len(problems) == 22 and problems.report.format == "codecontests"


def _codecontests_copy(data: Path, tmp_path: Path) -> Path:
    for name in ("code_contests.json", "code_contests_public_only.json"):
        shutil.copy(data / "codecontests" / name, tmp_path / name)
    return tmp_path / "code_contests.json"


def test_codecontests_companion_must_match(data: Path, tmp_path: Path) -> None:
    main = _codecontests_copy(data, tmp_path)
    companion = tmp_path / "code_contests_public_only.json"
    rows = json.loads(companion.read_text(encoding="utf-8"))
    rows[2]["public_tests"]["input"][0] = "changed\n"
    companion.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ProblemFormatError) as excinfo:
        load(main)
    assert str(excinfo.value) == f"{companion}[2]: field 'public_tests': expected the first 5 tests of {main}[2], got ['changed\\n']"
    companion.write_text(json.dumps(rows[:5]), encoding="utf-8")
    with pytest.raises(ProblemFormatError) as excinfo:
        load(main)
    assert str(excinfo.value) == f"{companion}: expected 40 records, one per record of code_contests.json, got 5"


def test_codecontests_malformed_tests_and_loose_mode(data: Path, tmp_path: Path) -> None:
    main = _codecontests_copy(data, tmp_path)
    rows = json.loads(main.read_text(encoding="utf-8"))
    rows[3]["tests"]["outputs"] = rows[3]["tests"]["outputs"][:-1]
    main.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ProblemFormatError) as excinfo:
        load(main)
    assert str(excinfo.value) == f"{main}[3]: field 'tests.outputs': expected 28 outputs, one per input, got '27 outputs'"
    loose = load(main, strict=False)
    assert len(loose) == 21
    assert loose.report.skipped == [(f"{main}[3]", "field 'tests.outputs': expected 28 outputs, one per input, got '27 outputs'")]


def test_codecontests_without_companion_uses_the_statement_examples(data: Path, tmp_path: Path) -> None:
    shutil.copy(data / "codecontests" / "code_contests.json", tmp_path / "code_contests.json")
    problems = load(tmp_path / "code_contests.json", include_unjudgeable=True, keep_original_split=True)
    with_companion = load(data / "codecontests", include_unjudgeable=True, keep_original_split=True)
    same = sum(len(a.public_tests) == len(b.public_tests) for a, b in zip(problems, with_companion))
    assert same == 39  # the other one, a problem with several right answers, has a second test on an example input
    assert problems[1].metadata["split_method"] == "public: the first 5 tests; hidden: the other 69 (k = leading tests whose input the statement shows)"


# --------------------------------------------------------------------------------------------
# Kattis packages


def test_kattis_counts_and_spot_checks(data: Path) -> None:
    problems = load(data / "kattis")
    assert len(problems) == 48
    assert problems.report.excluded == [] and problems.report.skipped == []
    assert {p.license for p in problems} == {"Apache-2.0"}
    assert sum(p.checker == "float:1e-06" for p in problems) == 47
    fly = _by_id(problems, "kattis/codejam/2008/qualification_round/fly_swatter")
    assert (fly.title, fly.kind, fly.checker, fly.time_limit_s, fly.memory_limit_mb, fly.source) == (
        "Fly Swatter", "stdin", "float:1e-06", 60.0, 1024, "Kattis package (Code Jam 2008 - Qualification Round)",
    )
    folder = data / "kattis" / "codejam" / "2008" / "qualification_round" / "fly_swatter"
    statement_dir = folder / "problem_statement"
    assert fly.public_tests == (
        TestCase((statement_dir / "fly_swatter_sample_ts1_input.txt").read_text(), (statement_dir / "fly_swatter_sample_ts1_output.txt").read_text()),
    )
    assert fly.hidden_tests == tuple(
        TestCase((folder / f"data/secret/subtask{i}/1.in").read_text(), (folder / f"data/secret/subtask{i}/1.ans").read_text()) for i in (1, 2)
    )
    assert fly.metadata["hidden_files"] == ["data/secret/subtask1/1.in", "data/secret/subtask2/1.in"]
    assert fly.statement.startswith("Problem\n\nWhat are your chances of hitting a fly with a tennis racquet?")
    assert "(so the inner radius of the ring is R−t)" in fly.statement
    assert "Answers with a relative or absolute error of at most 10^-6 will be considered correct." in fly.statement
    assert fly.statement.endswith("The total number of strings will be at most 2000 (so at most 1000 in each direction).")
    assert _by_id(problems, "kattis/kickstart/2015/round_e/not_so_random").checker == "float:1e-09"


def test_kattis_samples_from_pre_boxes_and_mathjax(data: Path) -> None:
    problems = load(data / "kattis", ids=["kattis/codejam_to_io/2014/code_jam_to_io_for_women/zathras", "kattis/codejam/2021/round_1b/subtransmutation"])
    zathras = _by_id(problems, "kattis/codejam_to_io/2014/code_jam_to_io_for_women/zathras")
    assert zathras.public_tests == (
        TestCase(
            "4\n12345 12890 10 13 0\n12345 12890 10 13 1\n12345 12890 10 13 100\n12345 12890 10 13 5049\n",
            "Case #1: 12345 12890\nCase #2: 12341 12889\nCase #3: 11993 12676\nCase #4: 3099 3199\n",
        ),
    )
    assert zathras.metadata["split_method"] == "public: samples from the statement's <pre> sample boxes; hidden: data/secret (one test per .in file)"
    sub = _by_id(problems, "kattis/codejam/2021/round_1b/subtransmutation")
    assert len(sub.public_tests) == 2  # data/sample holds test set 1's sample; the statement adds test set 2's
    assert sub.public_tests[1].output == "Case #1: IMPOSSIBLE\nCase #2: 5\nCase #3: 10\n"
    assert "You need to create U_1 units of metal 1, U_2 units of metal 2, ... and U_N units of metal N." in sub.statement
    assert "1 ≤ A < B ≤ 20." in sub.statement
    assert "$$$" not in sub.statement and "\\mathbf" not in sub.statement


def _kattis_package(data: Path, tmp_path: Path, target: Optional[Path] = None) -> Path:
    """A writable copy of the fly_swatter package (the samples are read-only)."""
    target = target or tmp_path / "fly_swatter"
    shutil.copytree(data / "kattis" / "codejam" / "2008" / "qualification_round" / "fly_swatter", target)
    for f in target.rglob("*"):
        f.chmod(0o755 if f.is_dir() else 0o644)
    target.chmod(0o755)
    return target


def test_kattis_malformed_package(data: Path, tmp_path: Path) -> None:
    package = _kattis_package(data, tmp_path)
    (package / "data" / "secret" / "subtask2" / "1.ans").unlink()
    with pytest.raises(ProblemFormatError) as excinfo:
        load(package)
    assert str(excinfo.value) == f"{package}: file 'data/secret/subtask2/1.ans': missing (expected the answer to 1.in)"
    loose = load(tmp_path, strict=False)
    assert len(loose) == 0
    assert loose.report.skipped == [(str(package), "file 'data/secret/subtask2/1.ans': missing (expected the answer to 1.in)")]


def test_kattis_validator_flags_and_custom_validation(data: Path, tmp_path: Path) -> None:
    package = _kattis_package(data, tmp_path)
    yaml_path = package / "problem.yaml"
    text = yaml_path.read_text()
    yaml_path.write_text(text.replace("float_tolerance 1e-6", "float_absolute_tolerance 1e-4 float_relative_tolerance 1e-7"))
    assert load(package)[0].checker == "float:abs=0.0001,rel=1e-07"
    yaml_path.write_text(text.replace("output_validator_flags: float_tolerance 1e-6", "output_validator_flags: case_sensitive"))
    assert load(package)[0].checker == "tokens"
    yaml_path.write_text(text.replace("output_validator_flags: float_tolerance 1e-6", ""))
    assert load(package)[0].checker == "case_insensitive"
    yaml_path.write_text(text.replace("float_tolerance 1e-6", "float_tolerance"))
    with pytest.raises(ProblemFormatError) as excinfo:
        load(package)
    assert str(excinfo.value) == f"{yaml_path}: field 'output_validator_flags': expected a number after float_tolerance, got 'float_tolerance'"
    yaml_path.write_text(text + "validation: custom\n")
    left_out = load(package)
    assert len(left_out) == 0
    # A custom validation without a validator the sandbox can run is left out, and counted by reason.
    assert left_out.report.excluded_by_reason() == {"custom output validator": 1}
    yaml_path.write_text(text)
    (package / "output_validators").mkdir()
    reason = "custom output validator (no Python or C++ source in output_validators/)"
    assert load(package).report.excluded == [("kattis/fly_swatter", reason)]
    yaml_path.write_text(text + "validation: custom\n")
    kept = load(package, include_unjudgeable=True)
    assert kept[0].metadata["unjudgeable_reason"] == reason


def test_kattis_output_validator_is_a_special_judge(data: Path, tmp_path: Path) -> None:
    from refine_env.sandbox import Sandbox, SpecialJudge, Verdict

    package = _kattis_package(data, tmp_path)
    yaml_path = package / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text() + "validation: custom\n")
    # A validator that accepts any output whose tokens equal the answer's, in any order.
    (package / "output_validators" / "any_order").mkdir(parents=True)
    (package / "output_validators" / "any_order" / "validate.py").write_text(
        "import sys\nanswer = sorted(open(sys.argv[2]).read().split())\n"
        "sys.exit(42 if sorted(sys.stdin.read().split()) == answer else 43)\n")
    problem = load(package)[0]
    assert isinstance(problem.judge, SpecialJudge) and problem.judge.protocol == "kattis"
    assert problem.metadata["special_judge"] == "output validator output_validators/any_order/validate.py"
    assert type(problem).from_dict(problem.to_dict()) == problem
    test = problem.hidden_tests[0]
    shuffled = " ".join(reversed((test.output or "").split()))
    with Sandbox(workers=1) as sb:
        program = problem.program(f"import sys\nsys.stdin.read()\nprint({shuffled!r})")
        assert sb.run(program, [test], problem.limits, checker=problem.judge)[0].verdict is Verdict.AC
        assert sb.run(problem.program("print('no')"), [test], problem.limits, checker=problem.judge)[0].verdict is Verdict.WA


def test_kattis_problem_yaml_is_read_as_yaml(data: Path, tmp_path: Path) -> None:
    package = _kattis_package(data, tmp_path)
    yaml_path = package / "problem.yaml"
    text = yaml_path.read_text()
    # Flow mappings and lists, as problemtools writes them; a subset parser read 2 s / 1024 MB and '[math', 'easy]'.
    yaml_path.write_text(text.replace("name: Fly Swatter", "name: {en: Fly Swatter, sv: Flugsmälla}") + "limits: {time_limit: 5, memory: 2048}\nkeywords: [math, easy]\n")
    p = load(package)[0]
    assert (p.title, p.time_limit_s, p.memory_limit_mb, p.tags) == ("Fly Swatter", 5.0, 2048, ("math", "easy"))
    yaml_path.write_text(text + "limits:\n  memory: 512\nkeywords: geometry probability\n")
    p = load(package)[0]
    assert (p.time_limit_s, p.memory_limit_mb, p.tags) == (60.0, 512, ("geometry", "probability"))  # the time limit from the statement
    yaml_path.write_text(text + "limits: {time_limit: -1}\n")
    with pytest.raises(ProblemFormatError) as excinfo:
        load(package)
    assert str(excinfo.value) == f"{yaml_path}: field 'limits.time_limit': expected a positive number of seconds, got -1"
    yaml_path.write_text(text + "limits: [5]\n")
    with pytest.raises(ProblemFormatError) as excinfo:
        load(package)
    assert str(excinfo.value) == f"{yaml_path}: field 'limits': expected a mapping such as {{time_limit: 5, memory: 2048}}, got [5]"
    yaml_path.write_text(text + "keywords: [math\n")
    with pytest.raises(ProblemFormatError) as excinfo:
        load(package)
    assert str(excinfo.value).startswith(f"{yaml_path}:") and "not valid YAML" in str(excinfo.value)
    yaml_path.write_text("- a list\n")
    with pytest.raises(ProblemFormatError) as excinfo:
        load(package)
    assert str(excinfo.value) == f"{yaml_path}: expected a mapping of keys to values, got a YAML list"


def test_kattis_ids_are_archive_paths_and_unique(data: Path, tmp_path: Path) -> None:
    problems = load(data / "kattis")
    listed = (data / "kattis" / "SELECTED_PROBLEMS.txt").read_text().split()
    assert sorted(p.id for p in problems) == sorted(f"kattis/{path}" for path in listed)
    # The same problem has the same id whichever folder above it is loaded.
    assert load(data / "kattis" / "kickstart")[0].id == "kattis/kickstart/2014/round_d/gbus_count"
    assert load(data / "kattis" / "codejam" / "2008" / "qualification_round" / "fly_swatter")[0].id == "kattis/codejam/2008/qualification_round/fly_swatter"
    # Code Jam reuses problem names across rounds and contests: an archive holding both loads whole.
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "LICENSE").write_text((data / "kattis" / "LICENSE").read_text())
    for where in ("codejam/2008/round_1a", "kickstart/2019/round_a"):
        _kattis_package(data, tmp_path, archive / where / "fly_swatter")
    both = load(archive)
    assert [p.id for p in both] == ["kattis/codejam/2008/round_1a/fly_swatter", "kattis/kickstart/2019/round_a/fly_swatter"]
    assert {p.license for p in both} == {"Apache-2.0"}
    # Without a LICENSE above, ids are paths under the folder loaded.
    (archive / "LICENSE").unlink()
    assert [p.id for p in load(archive / "kickstart")] == ["kattis/2019/round_a/fly_swatter"]


@pytest.mark.parametrize("dataset", ["humaneval", "mbpp", "leetcode", "deepcoder_leetcode", "codecontests", "kattis"])
def test_converted_problems_round_trip_through_project_jsonl(data: Path, tmp_path: Path, dataset: str) -> None:
    problems = load(data / dataset, include_unjudgeable=True)
    path = save_jsonl(problems, tmp_path / f"{dataset}.jsonl")
    # The judgeable flag travels in metadata, so a reload leaves the same problems out.
    assert list(load(path)) == [p for p in problems if p.metadata.get("judgeable", True)]
    assert list(load(path, include_unjudgeable=True)) == list(problems)
