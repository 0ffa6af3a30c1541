"""The shared argument checks: one wording, bools refused as ints, bounds, suggestions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from refine_env._validation import did_you_mean, expect_int, expect_number, is_int


def test_ints_are_ints_and_bools_are_not() -> None:
    assert is_int(3) and is_int(np.int64(3)) and not is_int(True) and not is_int(3.0) and not is_int(np.float64(3))


@pytest.mark.parametrize("kwargs, value, message", [
    ({"low": 1}, 0, "Expected n to be an int >= 1, got 0"),
    ({"low": 1}, True, "Expected n to be an int >= 1, got True"),
    ({"low": 0, "high": 9}, 10, "Expected n to be an int in [0, 9], got 10"),
    ({"low": 1, "optional": True}, "2", "Expected n to be an int >= 1 or None, got '2'"),
    ({"low": 1, "expected": "a positive int"}, -1, "Expected n to be a positive int, got -1"),
])
def test_expect_int_words_the_requirement(kwargs, value, message) -> None:
    with pytest.raises(ValueError) as err:
        expect_int("n", value, **kwargs)
    assert str(err.value) == message


def test_expect_int_passes_what_it_should() -> None:
    expect_int("n", 1, low=1)
    expect_int("n", None, optional=True)
    expect_int("n", np.int32(5), low=0, high=9)


@pytest.mark.parametrize("kwargs, value, message", [
    ({"low": 0, "low_open": True}, 0, "Expected x to be a finite number > 0, got 0"),
    ({"low": 0, "high": 1}, math.nan, "Expected x to be a finite number in [0, 1], got nan"),
    ({"low": 0, "high": 1, "high_open": True}, 1.0, "Expected x to be a finite number in [0, 1), got 1.0"),
    ({}, False, "Expected x to be a finite number, got False"),
])
def test_expect_number_words_the_requirement(kwargs, value, message) -> None:
    with pytest.raises(ValueError) as err:
        expect_number("x", value, **kwargs)
    assert str(err.value) == message


def test_did_you_mean() -> None:
    assert did_you_mean("binray", ["binary", "pass_rate"]) == " Did you mean 'binary'?"
    assert did_you_mean("zzz", ["binary"]) == ""
