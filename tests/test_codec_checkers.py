"""The call codec and the output checkers (pure functions, run in the parent)."""

from __future__ import annotations

import math

import pytest

from refine_env.sandbox import checkers, codec


@pytest.mark.parametrize(
    "value",
    [None, True, 0, -3, 2**53, -(2**80), 10**5000, 1.5, float("inf"), "héllo\nworld", [1, [2, "x"]],
     (1, 2), {"a": 1}, {1: "x", (2, 3): [4]}, {"$int": 5}, {1, 2}, frozenset({"a"}), []],
    ids=lambda v: type(v).__name__,
)
def test_codec_round_trips(value):
    text = codec.encode(value)
    assert "\n" not in text
    assert codec.decode(text) == value and type(codec.decode(text)) is type(value)


def test_codec_nan_and_plain_json():
    assert math.isnan(codec.decode(codec.encode(float("nan"))))
    assert codec.decode('{"a": [1, 2.5, null]}') == {"a": [1, 2.5, None]}
    assert codec.decode("1" * 5000) == int("1" * 4000) * 10**1000 + int("1" * 1000)
    assert codec.decode_args('[1, 2]\n\n"x"\n') == [[1, 2], "x"]
    assert codec.encode_args([1, "a"]) == '1\n"a"'


def test_codec_refuses_non_builtin_values():
    class MyInt(int):
        pass

    with pytest.raises(codec.CodecError, match="cannot encode a value of type"):
        codec.encode(MyInt(3))
    with pytest.raises(codec.CodecError, match="cannot encode a value of type"):
        codec.encode(object())
    cyclic: list = []
    cyclic.append(cyclic)
    with pytest.raises(codec.CodecError):
        codec.encode(cyclic)
    with pytest.raises(codec.CodecError, match="not valid JSON"):
        codec.decode("{oops")
    with pytest.raises(codec.CodecError, match="expected a hex string inside \\$int"):
        codec.decode('{"$int": 5}')


def test_safe_repr_handles_huge_integers():
    assert codec.safe_repr([10**6000, 3]).startswith("[<integer of about 6001 digits")
    assert codec.safe_repr({"a": (1, 2)}) == "{'a': (1, 2)}"


def test_tokens_checker():
    c = checkers.get_checker("tokens")
    assert c.check("1 2\n3\n", "1  2 3").ok
    assert c.check("1 2", "2 1").message == "token 1: expected '1', got '2'"
    assert c.check("1 2", "1").message == "expected 2 tokens, got 1 (fewer than expected)"
    # Never a set-of-tokens comparison: same multiset, wrong order, is wrong.
    assert not c.check("1 2 3", "3 2 1").ok


def test_exact_lines_and_case_checkers():
    assert not checkers.get_checker("exact").check("a\n", "a").ok
    assert checkers.get_checker("exact").check("a b\n", "a b\n").ok
    lines = checkers.get_checker("lines")
    assert lines.check("a b\nc\n", "a b   \nc\n\n\n").ok
    assert lines.check("a b\nc", "a  b\nc").message == "line 1: expected 'a b', got 'a  b'"
    assert checkers.get_checker("case_insensitive").check("YES no", "yes NO").ok
    assert not checkers.get_checker("case_insensitive").check("YES", "YESS").ok


def test_float_checker_absolute_and_relative():
    c = checkers.get_checker("float:1e-6")
    assert c.check("0.333333", "0.3333334").ok
    assert c.check("1000000", "1000000.5").ok  # relative 5e-7
    assert not c.check("0.5", "0.51").ok
    assert not c.check("1.0 x", "1.0 y").ok
    only_abs = checkers.get_checker("float:abs=1e-3,rel=0")
    assert only_abs.check("100.0", "100.0009").ok and not only_abs.check("100", "100.01").ok
    assert c.check_value([1.0, (2.0,)], [1.0000001, [2.0]]).ok


def test_value_checkers():
    exact, js = checkers.get_checker("exact"), checkers.get_checker("json")
    assert exact.check_value((1, 2), (1, 2)).ok and not exact.check_value((1, 2), [1, 2]).ok
    assert js.check_value((1, 2), [1, 2]).ok
    assert not exact.check_value(1, True).ok  # bool is not an int here
    assert exact.check_value(float("nan"), float("nan")).ok


def test_function_checker_and_registry():
    c = checkers.get_checker(lambda e, g, i: (g.strip() == e.strip()[::-1], "reversed?"))
    assert c.check("ab", "ba").ok and c.check("ab", "ab").message == "reversed?"
    with pytest.raises(TypeError, match="Expected checker 'bad' to return a bool or \\(bool, str\\), got int"):
        checkers.from_function(lambda e, g, i: 3, "bad").check("a", "b")
    with pytest.raises(ValueError, match="Did you mean 'tokens'"):
        checkers.get_checker("tokenz")
    with pytest.raises(ValueError, match="Expected a float checker spec"):
        checkers.get_checker("float:abs=x")
    checkers.register("always-test-only", lambda: checkers.from_function(lambda e, g, i: True, "always-test-only"))
    assert checkers.get_checker("always-test-only").check("a", "b").ok
    with pytest.raises(ValueError, match="already registered"):
        checkers.register("tokens", checkers.TokensChecker)


def test_a_function_checker_may_return_numpy_bools_and_nothing_else() -> None:
    import numpy as np

    from refine_env.sandbox.checkers import from_function

    close = from_function(lambda expected, got, _input: np.isclose(float(expected), float(got)), name="close")
    assert close.check("1.0", "1.0000000001").ok and not close.check("1.0", "2").ok
    assert close.check("1.0", "2").message == "rejected by checker"
    counted = from_function(lambda expected, got, _input: len(got), name="counted")
    with pytest.raises(TypeError, match=r"Expected checker 'counted' to return a bool or \(bool, str\), got int"):
        counted.check("1", "22")
