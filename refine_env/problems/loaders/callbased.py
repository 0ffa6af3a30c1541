"""Call-based datasets whose tests are asserts: HumanEval, MBPP, LeetCodeDataset and DeepCoder's LeetCode."""

from __future__ import annotations

import ast
import json
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from refine_env.problems.loaders._common import (
    LEETCODE_PRELUDE,
    Context,
    Converted,
    Excluded,
    build_problem,
    fail,
    field_of,
    fields,
    plural,
    short_hash,
    tolerance_from_statement,
)
from refine_env.problems.loaders.asserts import AssertTests, function_params, parse, signature_stub, tests_from_asserts
from refine_env.problems.loaders.examples import leetcode_examples, shown_arguments
from refine_env.problems.model import Solution
from refine_env.problems.separation import input_key, value_key
from refine_env.sandbox.types import TestCase

__all__ = ["humaneval", "mbpp", "leetcode", "deepcoder_leetcode", "mbpp_split"]

_CALL_TIME_LIMIT_S = 2.0
_LEETCODE_TIME_LIMIT_S = 4.0


def _parse_asserts(source: str, where: str, path: str, **kwargs: Any) -> AssertTests:
    try:
        return tests_from_asserts(source, **kwargs)
    except SyntaxError as exc:
        raise fail(where, path, f"Python source (syntax error at line {exc.lineno}: {exc.msg})", source) from None


def _public_from_examples(tests: Sequence[TestCase], shown: Sequence[Sequence[Any]], where_shown: str = "the statement") -> Tuple[Tuple[TestCase, ...], str]:
    """The dataset's tests whose arguments the statement shows (``shown``), or else the first test.

    Arguments compare as values (:func:`value_key`): ``[1, 2, 3]`` in a docstring shows the test
    ``f([1.0, 2, 3])`` too, since a program that hard-codes the example answers both.
    """
    wanted = {tuple(value_key(a) for a in args) for args in shown}
    public: List[TestCase] = []
    seen = set()
    for t in tests:
        key = input_key("call", t.input)
        if key[0] == "call" and key[1] in wanted and key not in seen:
            seen.add(key)
            public.append(t)
    if public:
        return tuple(public), f"public: the {plural(len(public), 'test')} whose arguments {where_shown} shows; hidden: all {len(tests)}"
    return tuple(tests[:1]), f"public: the first test ({where_shown} shows the arguments of no test); hidden: all {len(tests)}"


def _assert_metadata(found: AssertTests) -> Dict[str, Any]:
    meta: Dict[str, Any] = {
        "asserts_total": found.calls,
        "asserts_converted": len(found.tests),
        "asserts_unconverted": found.unconverted,
    }
    if found.reasons:
        meta["unconverted_reasons"] = list(found.reasons)
    return meta


def _no_tests(pid: str, found: AssertTests) -> Excluded:
    why = f": {found.reasons[0]}" if found.reasons else ""
    return Excluded(pid, f"no assert could be turned into a test ({plural(found.calls, 'assert')} found){why}")


def humaneval(record: Any, where: str, ctx: Context) -> Converted:
    """HumanEval: ``prompt`` is statement and starter, ``check(candidate)`` asserts the tests."""
    task_id, prompt, entry = fields(record, where, ("task_id", str, "a string like 'HumanEval/0'"), ("prompt", str, "a string"),
                                    ("entry_point", str, "a function name"))
    if not entry.isidentifier():
        raise fail(where, "entry_point", "a function name", entry)
    solution = field_of(record, "canonical_solution", str, where, "a string")
    test = field_of(record, "test", str, where, "Python source defining check(candidate)")
    pid = f"humaneval/{task_id.rsplit('/', 1)[-1]}"
    params = function_params(prompt, entry)
    found = _parse_asserts(test, where, "test", params=params)
    if not found.tests:
        return _no_tests(pid, found)
    public, split_method = _public_from_examples(found.tests, shown_arguments(prompt, params), "the docstring")
    metadata = {"split_method": split_method, "task_id": task_id, **_assert_metadata(found)}
    if ctx.split:
        metadata["split"] = ctx.split
    return build_problem(
        where,
        id=pid,
        title=entry,
        statement=prompt,
        kind="call",
        entry_point=entry,
        starter_code=prompt,
        public_tests=public,
        hidden_tests=tuple(found.tests),
        time_limit_s=_CALL_TIME_LIMIT_S,
        checker=found.checker("exact"),
        source="HumanEval",
        license=ctx.license,
        # The prompt carries the imports and helper functions the body relies on.
        reference=Solution("reference", prompt + solution),
        metadata=metadata,
    )


# MBPP's README: ids 1-10 few-shot prompting, 11-510 test, 511-600 validation, 601-974 train.
_MBPP_SPLITS = ((1, 10, "prompt"), (11, 510, "test"), (511, 600, "validation"), (601, 974, "train"))


def mbpp_split(task_id: int) -> Optional[str]:
    return next((name for lo, hi, name in _MBPP_SPLITS if lo <= task_id <= hi), None)


def _mbpp_function(code: str, tests: Sequence[str]) -> Optional[str]:
    """The function the asserts call that the reference defines at top level."""
    try:
        defined = {n.name for n in parse(code).body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    except SyntaxError:
        return None
    for line in tests:
        try:
            tree = parse(line)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in defined:
                return node.func.id
    return None


def mbpp(record: Any, where: str, ctx: Context) -> Converted:
    """MBPP: ``text`` states the task, ``test_list`` asserts call the function ``code`` defines."""
    task_id, text, code, test_list = fields(record, where, ("task_id", int, "an integer"), ("text", str, "a string"),
                                            ("code", str, "a string"), ("test_list", list, "a list of assert strings"))
    challenge = field_of(record, "challenge_test_list", list, where, "a list of assert strings", required=False, default=[])
    setup = field_of(record, "test_setup_code", str, where, "a string", required=False, default="")
    for name, items in (("test_list", test_list), ("challenge_test_list", challenge)):
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise fail(where, f"{name}[{i}]", "an assert string", item)
    pid = f"mbpp/{task_id}"
    function = _mbpp_function(code, test_list)
    if function is None:
        return Excluded(pid, "its asserts call no function that the reference code defines")
    params = function_params(code, function)
    found = _parse_asserts("\n".join(test_list), where, "test_list", function=function, params=params)
    extra = _parse_asserts("\n".join(challenge), where, "challenge_test_list", function=function, params=params) if challenge else AssertTests()
    if not found.tests and not extra.tests:
        return _no_tests(pid, found)
    tests = found.tests + extra.tests
    metadata: Dict[str, Any] = {
        "split_method": f"public: the first test; hidden: all {len(tests)} tests (test_list, then challenge_test_list)",
        **_assert_metadata(found),
    }
    if extra.calls:
        metadata["challenge_asserts_converted"] = len(extra.tests)
    if setup.strip():
        metadata["test_setup_code"] = setup
    split = ctx.split or mbpp_split(task_id)
    if split:
        metadata["split"] = split
    tolerance = AssertTests(tolerant=found.tolerant or extra.tolerant, abs_tol=max(found.abs_tol, extra.abs_tol), rel_tol=max(found.rel_tol, extra.rel_tol))
    return build_problem(
        where,
        id=pid,
        title=function,
        statement=text,
        kind="call",
        entry_point=function,
        starter_code=signature_stub(code, function),
        public_tests=tuple(tests[:1]),
        hidden_tests=tuple(tests),
        time_limit_s=_CALL_TIME_LIMIT_S,
        checker=tolerance.checker("exact"),
        source="MBPP",
        license=ctx.license,
        reference=Solution("reference", code),
        metadata=metadata,
    )


def _leetcode_checker(found: AssertTests, statement: str) -> str:
    # LeetCode's judge compares JSON; real-valued answers are accepted within a stated tolerance.
    tol = tolerance_from_statement(statement)
    if tol is not None and not found.tolerant:
        return f"float:abs={tol:g},rel={tol:g}"
    return found.checker("json")


def _title_from_slug(slug_text: str) -> str:
    return " ".join(w.capitalize() for w in slug_text.split("-"))


def _entry_from_leetcode(entry: str) -> str:
    # LeetCodeDataset writes "Solution().method"; ours is "Solution.method".
    return re.sub(r"\(\)", "", entry.strip())


def leetcode(record: Any, where: str, ctx: Context) -> Converted:
    """LeetCodeDataset: ``problem_description`` with examples, ``check(candidate)`` with ~100 asserts."""
    task_id, description, starter = fields(record, where, ("task_id", str, "a string"), ("problem_description", str, "a string"),
                                           ("starter_code", str, "a string"))
    prelude = field_of(record, "prompt", str, where, "a string", required=False, default=LEETCODE_PRELUDE)
    completion = field_of(record, "completion", str, where, "a string", required=False, default=None)
    entry_raw = field_of(record, "entry_point", str, where, "a string like 'Solution().method'")
    test = field_of(record, "test", str, where, "Python source defining check(candidate)")
    difficulty = field_of(record, "difficulty", str, where, "Easy, Medium or Hard", required=False, default="unknown").lower()
    tags = field_of(record, "tags", list, where, "a list of strings", required=False, default=[])
    entry = _entry_from_leetcode(entry_raw)
    parts = entry.split(".")
    if not (1 <= len(parts) <= 2 and all(p.isidentifier() for p in parts)):
        raise fail(where, "entry_point", "a string like 'Solution().method'", entry_raw)
    pid = f"leetcode/{task_id}"
    params = function_params(completion or "", entry) or function_params(starter + "\n        pass\n", entry)
    found = _parse_asserts(test, where, "test", params=params)
    if not found.tests:
        return _no_tests(pid, found)
    shown = [args for args, _ in leetcode_examples(description, params or [])] + shown_arguments(description, params)
    public, split_method = _public_from_examples(found.tests, shown)
    metadata: Dict[str, Any] = {"split_method": split_method, "prelude": prelude, **_assert_metadata(found)}
    for key in ("question_id", "estimated_date"):
        if record.get(key) is not None:
            metadata[key] = record[key]
    if ctx.split:
        metadata["split"] = ctx.split
    return build_problem(
        where,
        id=pid,
        title=_title_from_slug(task_id),
        statement=description.strip(),
        kind="call",
        entry_point=entry,
        starter_code=starter,
        public_tests=public,
        hidden_tests=tuple(found.tests),
        time_limit_s=_LEETCODE_TIME_LIMIT_S,
        checker=_leetcode_checker(found, description),
        source="LeetCodeDataset",
        license=ctx.license,
        difficulty=difficulty if difficulty in ("easy", "medium", "hard") else "unknown",
        tags=tuple(str(t) for t in tags),
        reference=None if completion is None else Solution("reference", prelude + "\n" + completion),
        metadata=metadata,
    )


_DEEPCODER_INTRO = re.compile(r"^\s*Please solve the programming task below[^\n]*\n", re.I)
_DEEPCODER_STARTER = re.compile(r"\n[^\n]*Please complete the following python code precisely:\s*```(?:python)?\n(.*?)```\s*$", re.S | re.I)


def _check_target(source: str) -> Optional[str]:
    """``Solution.method`` from the module-level ``check(Solution().method)`` call."""
    try:
        tree = parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name) and node.value.func.id == "check" and node.value.args:
            target = node.value.args[0]
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Call) and isinstance(target.value.func, ast.Name):
                return f"{target.value.func.id}.{target.attr}"
            if isinstance(target, ast.Name):
                return target.id
    return None


def deepcoder_leetcode(record: Any, where: str, ctx: Context) -> Converted:
    """DeepCoder/rLLM LeetCode: ``{"problem", "solutions", "tests": {"functional": check source}}``."""
    problem, tests = fields(record, where, ("problem", str, "a string"), ("tests", (dict, str), "an object with 'functional'"))
    if isinstance(tests, str):
        try:
            tests = json.loads(tests)
        except json.JSONDecodeError:
            raise fail(where, "tests", "an object with 'functional' (or its JSON)", tests) from None
    if not isinstance(tests, dict):
        raise fail(where, "tests", "an object with 'functional'", tests)
    functional = field_of(tests, "functional", str, where, "Python source defining check(candidate)", path="tests.")
    solutions = record.get("solutions")
    if isinstance(solutions, list):
        solutions = next((s for s in solutions if isinstance(s, str)), None)
    if solutions is not None and not isinstance(solutions, str):
        raise fail(where, "solutions", "a solution string (or a list of them)", solutions)
    entry = _check_target(functional)
    if entry is None:
        raise fail(where, "tests.functional", "source ending with check(Solution().method)", functional[-60:])
    statement, starter = problem, None
    m = _DEEPCODER_STARTER.search(statement)
    if m:
        starter, statement = m.group(1), statement[: m.start()]
    statement = _DEEPCODER_INTRO.sub("", statement).strip()
    pid = f"deepcoder_leetcode/{entry.rsplit('.', 1)[-1]}-{short_hash(problem, 8)}"
    params = function_params(solutions or "", entry) or (function_params(starter + "\n        pass\n", entry) if starter else None)
    found = _parse_asserts(functional, where, "tests.functional", params=params)
    if not found.tests:
        return _no_tests(pid, found)
    metadata: Dict[str, Any] = {
        "split_method": f"public: the first test (the statement shows no examples); hidden: all {len(found.tests)} tests",
        "prelude": LEETCODE_PRELUDE,
        **_assert_metadata(found),
    }
    if ctx.split:
        metadata["split"] = ctx.split
    return build_problem(
        where,
        id=pid,
        title=entry.rsplit(".", 1)[-1],
        statement=statement,
        kind="call",
        entry_point=entry,
        starter_code=starter,
        public_tests=tuple(found.tests[:1]),
        hidden_tests=tuple(found.tests),
        time_limit_s=_LEETCODE_TIME_LIMIT_S,
        checker=_leetcode_checker(found, statement),
        source="DeepCoder LeetCode",
        license=ctx.license,
        # The solutions use List, Optional... without importing them, as LeetCode allows.
        reference=None if solutions is None else Solution("reference", LEETCODE_PRELUDE + "\n" + solutions),
        metadata=metadata,
    )
