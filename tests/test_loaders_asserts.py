"""Asserts become tests by parsing, never by running them."""

from __future__ import annotations

import ast

import pytest

from refine_env.problems.loaders import asserts
from refine_env.problems.loaders.asserts import NotLiteral, function_params, literal
from refine_env.problems.loaders.examples import doctest_examples, leetcode_examples, shown_arguments
from refine_env.sandbox.codec import decode, decode_args
from refine_env.sandbox.types import TestCase


def _lit(text: str, **kwargs: bool) -> object:
    return literal(ast.parse(text, mode="eval"), **kwargs)


def test_literal_values_and_folding() -> None:
    assert _lit("[1, -2, (3, 'a'), {'k': None}, {4}]") == [1, -2, (3, "a"), {"k": None}, {4}]
    assert _lit("2.0 / 3.0") == 2.0 / 3.0
    assert _lit("'ab' * 3 + 'c'") == "abababc"
    assert _lit("0 ** 0") == 1
    assert _lit("tuple([1, 2])") == (1, 2)
    assert _lit("float('inf')") == float("inf")
    assert _lit("[1, null, true]", json_names=True) == [1, None, True]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("x", "Name"),
        ("f(1)", "call of f()"),
        ("'a' * 10 ** 7", "sequence too long"),
        ("2 ** 100000", "power out of range"),
        ("1 / 0", "division by zero"),
        ("[i for i in range(3)]", "ListComp"),
    ],
)
def test_literal_refuses_what_is_not_a_bounded_literal(text: str, reason: str) -> None:
    with pytest.raises(NotLiteral) as excinfo:
        _lit(text)
    assert str(excinfo.value) == reason


CHECK = '''
METADATA = {}

def check(candidate):
    import math
    assert candidate([1, 2], 3) == [1, 2, 3]
    assert candidate([], k=1) == (1,), "with a message"
    assert candidate([5], 0)
    assert not candidate([6], 0)
    assert candidate([7], 1) is None
    assert abs(candidate([1.5], 2) - 2.0 / 3.0) < 1e-6
    assert math.isclose(candidate([2.5], 2), 0.5, rel_tol=1e-9, abs_tol=1e-7)
    assert True, "checks nothing"
    for x in range(3):
        assert candidate([x], 0) == x
    assert candidate(lst, 1) == 2
    assert sorted(candidate([3, 1], 0)) == [1, 3]
    assert candidate(*[[1], 2]) == 1
'''


def test_check_asserts_become_tests_and_the_rest_is_counted() -> None:
    found = asserts.tests_from_asserts(CHECK, params=["xs", "k"])
    assert [(decode_args(t.input), decode(t.output)) for t in found.tests] == [
        ([[1, 2], 3], [1, 2, 3]),
        ([[], 1], (1,)),
        ([[5], 0], True),
        ([[6], 0], False),
        ([[7], 1], None),
        ([[1.5], 2], 2.0 / 3.0),
        ([[2.5], 2], 0.5),
    ]
    assert found.calls == 11
    assert found.unconverted == 4
    assert found.reasons == [
        "assert candidate([x], 0) == x: inside a loop or a branch",
        "assert candidate(lst, 1) == 2: an argument is not a literal (Name)",
        "assert sorted(candidate([3, 1], 0)) == [1, 3]: not of the form f(args) == literal or a tolerance comparison",
        "assert candidate(*[[1], 2]) == 1: star-arguments",
    ]
    assert found.checker("exact") == "float:abs=1e-06,rel=1e-09"


def test_keyword_arguments_follow_the_parameter_order() -> None:
    found = asserts.tests_from_asserts("def check(candidate):\n    assert candidate(k = 4,n = 1) == '8'\n", params=["n", "k"])
    assert found.tests == [TestCase("1\n4", '"8"')]
    unknown = asserts.tests_from_asserts("def check(candidate):\n    assert candidate(m = 4) == 1\n", params=["n"])
    assert unknown.reasons == ["assert candidate(m=4) == 1: keyword 'm' is not a parameter of the function ['n']"]
    no_params = asserts.tests_from_asserts("def check(candidate):\n    assert candidate(m = 4) == 1\n")
    assert no_params.reasons == ["assert candidate(m=4) == 1: keyword arguments, and the function's parameters are unknown"]


def test_top_level_asserts_name_the_function() -> None:
    found = asserts.tests_from_asserts("assert min_cost([[1]], 0, 0) == 1\nassert other(1) == 2\n", function="min_cost")
    assert found.tests == [TestCase("[[1]]\n0\n0", "1")]
    # An assert that tests something else may still depend on the function: counted, not converted.
    assert (found.calls, found.unconverted) == (2, 1)
    assert found.reasons == ["assert other(1) == 2: not of the form f(args) == literal or a tolerance comparison"]


def test_exact_asserts_keep_the_given_checker() -> None:
    assert asserts.tests_from_asserts("def check(candidate):\n    assert candidate(1) == 2\n").checker("json") == "json"


def test_syntax_errors_propagate() -> None:
    with pytest.raises(SyntaxError):
        asserts.tests_from_asserts("def check(candidate):\n    assert candidate(1 == 2\n")


def test_function_params_skip_self_and_find_methods() -> None:
    source = "class Solution:\n    def largest(self, n: int, k: int) -> str:\n        return ''\n\ndef helper(a, b=1):\n    pass\n"
    assert function_params(source, "Solution.largest") == ["n", "k"]
    assert function_params(source, "helper") == ["a", "b"]
    assert function_params(source, "missing") is None
    assert function_params("def broken(:\n", "broken") is None


def test_doctest_examples_keep_only_literal_calls() -> None:
    prompt = '''def f(xs, t):
    """ Doc.
    >>> f([1.0, 2.0], 0.5)
    False
    >>> round(f([1], 2), 2)
    1.0
    >>> f([3],
    >>> f('a', 1)
    ['a',
     'b']
    """
'''
    assert doctest_examples(prompt, "f") == [([[1.0, 2.0], 0.5], False), (["a", 1], ["a", "b"])]


def test_leetcode_examples_read_json_style_values() -> None:
    description = """Example 1:

Input: root = [1,null,2], flag = true
Output: [1,2]
Explanation: because.

Example 2:

Input: root = [], flag = false
Output: []

Example 3:

Input: other = 1
Output: 2
"""
    assert leetcode_examples(description, ["root", "flag"]) == [([[1, None, 2], True], [1, 2]), ([[], False], [])]


def test_shown_arguments_read_every_example_form() -> None:
    doc = '''def f(xs, k):
    """Examples in the forms the datasets write them.
    >>> f([1, 2], 3)
    f([4], 5) == 9
    f([6],
      7) ➞ 13
    f([8], 9) => 17 and f("a(", 1) returns 'x'
    For xs = [10], k = 11 the output should be 21.
    For xs = [12] and k = 13, the result should be (1, 2)
    Input: xs = [14], k = 15
    Output: 29
    Example:
        Input:
            grid : [16]
            bucket : 17
        Output: 33
    len(xs) is at most k, f(xs, 2) is not an example, and "be (1, 2)" is prose.
    """
'''
    assert shown_arguments(doc, ["xs", "k"]) == [
        [[1, 2], 3], [[4], 5], [[6], 7], [[8], 9], ["a(", 1],
        [[10], 11], [[12], 13], [[14], 15],
        [[16], 17],
    ]
    # A bare value in an Input block is the argument of a one-parameter function.
    assert shown_arguments("Example 1:\n    Input: [4,2,3]\n    Output: [2, 1]\n", ["arr"]) == [[[4, 2, 3]]]
    assert shown_arguments("nothing to see", None) == []
