"""Hostile output and return values: the codec and the checkers give a verdict, never hang or raise.

Each test feeds what a program optimised against the judge could produce. Sizes are chosen so
that the code before these bounds took many seconds (or raised); the results prove the bounds,
wall-clock checks are generous and secondary.
"""

from __future__ import annotations

import random
import sys
import time

import pytest

from refine_env.sandbox import codec

_DEEP = 100  # the nesting the codec and the checkers accept


def _nested(levels: int, inner: object = None) -> list:
    value: list = [] if inner is None else [inner]
    for _ in range(levels - 1):
        value = [value]
    return value


@pytest.fixture
def int_str_digits():
    """Set sys.set_int_max_str_digits for one test and restore it."""
    if not hasattr(sys, "set_int_max_str_digits"):
        pytest.skip("this Python has no limit on int/str conversion")
    before = sys.get_int_max_str_digits()
    yield sys.set_int_max_str_digits
    sys.set_int_max_str_digits(before)


def test_decode_refuses_integers_past_ten_thousand_digits():
    start = time.perf_counter()
    with pytest.raises(codec.CodecError, match="^integer of 2,000,000 digits is beyond the codec's limit of 10,000 decimal digits$"):
        codec.decode("9" * 2_000_000)  # 8.6 s of parent CPU before the cap
    with pytest.raises(codec.CodecError, match="^integer of 10,001 digits is beyond"):
        codec.decode("-" + "9" * 10_001)
    with pytest.raises(codec.CodecError, match="^integer of 2,000,002 hex characters is beyond"):
        codec.decode('{"$int": "0x' + "f" * 2_000_000 + '"}')
    with pytest.raises(codec.CodecError, match="^integer of 33,224 bits is beyond"):
        codec.decode(codec.encode(10**10_000 - 1).replace('"0x', '"0xf'))
    with pytest.raises(codec.CodecError, match="^integer of 33,223 bits is beyond"):
        codec.encode(10**10_001)
    assert time.perf_counter() - start < 2.0


def test_integers_up_to_the_cap_round_trip_under_any_str_digits_limit(int_str_digits):
    largest = 10**10_000 - 1
    for limit in (640, 0, 4300):
        int_str_digits(limit)
        assert codec.decode("9" * 10_000) == largest
        assert codec.decode("-" + "9" * 10_000) == -largest
        for value in (largest, -largest, 2**53, -(2**53), 12345678901234567890):
            assert codec.decode(codec.encode(value)) == value


def test_decode_refuses_nesting_past_one_hundred_levels():
    assert codec.decode("[" * _DEEP + "]" * _DEEP) == _nested(_DEEP)
    for levels in (_DEEP + 1, 495, 1_000_000):
        with pytest.raises(codec.CodecError, match="^value nested deeper than 100 levels$"):
            codec.decode("[" * levels + "]" * levels)
    deep_tuple: tuple = ()
    for _ in range(_DEEP - 1):
        deep_tuple = (deep_tuple,)
    assert codec.decode(codec.encode(deep_tuple)) == deep_tuple
    with pytest.raises(codec.CodecError, match="^value nested deeper than 100 levels$"):
        codec.encode((deep_tuple,))
    with pytest.raises(codec.CodecError, match="^value nested deeper than 100 levels$"):
        codec.decode('{"$tuple": [' * (_DEEP + 1) + "]}" * (_DEEP + 1))
    with pytest.raises(codec.CodecError, match="^value nested deeper than 100 levels$"):
        codec.decode('{"a": ' * (_DEEP + 1) + "1" + "}" * (_DEEP + 1))


def test_decode_refuses_item_bombs_before_building_them():
    with pytest.raises(codec.CodecError, match="^encoded value may hold 6,000,003 items, beyond the limit of 2,000,000$"):
        codec.decode("[" + "[]," * 3_000_000 + "[]]")
    with pytest.raises(codec.CodecError, match="^encoded value of 67,108,865 characters is beyond the limit of 67,108,864$"):
        codec.decode('"' + "a" * ((64 << 20) - 1) + '"')
    assert codec.decode(codec.encode(list(range(600_000)))) == list(range(600_000))


def _mutations(rng: random.Random, count: int):
    seeds = [codec.encode(v) for v in (
        [1, (2, 3), {"a": {1, 2}}], {1: "x", (2, 3): [4]}, 10**300, -(2**70), float("nan"),
        frozenset({"a"}), "h\u00e9llo", {"$int": [1]}, [[[1.5e300]]], (), {(): set()},
    )]
    alphabet = '[]{}",:0123456789-+.eE$ \\uxnaftNIy\u00e9\ud800'
    tags = ['{"$int":', '{"$float":', '{"$tuple":', '{"$set":', '{"$frozenset":', '{"$dict":', "[[", "}"]
    for _ in range(count):
        text = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(text) + 1)
            op = rng.randrange(4)
            if op == 0:
                text.insert(pos, rng.choice(alphabet))
            elif op == 1 and text:
                del text[min(pos, len(text) - 1)]
            elif op == 2 and text:
                text[min(pos, len(text) - 1)] = rng.choice(alphabet)
            else:
                text.insert(pos, rng.choice(tags))
        yield "".join(text)
    for _ in range(count // 2):
        yield "".join(rng.choice(alphabet + "".join(tags)) for _ in range(rng.randint(0, 40)))


def test_decode_raises_only_codec_error_on_mutated_encodings():
    rng = random.Random(20240601)
    outcomes = {"value": 0, "refused": 0}
    for text in _mutations(rng, 600):
        try:
            codec.decode(text)
        except codec.CodecError:
            outcomes["refused"] += 1
        else:
            outcomes["value"] += 1
    assert outcomes["value"] > 20 and outcomes["refused"] > 200  # the fuzz reaches both sides


def test_safe_repr_is_bounded_for_huge_and_deep_values(int_str_digits):
    ordinary = [(1,), (), set(), frozenset(), frozenset({1}), {1: (2,)}, [None, True, 1.5, "a'b"], {"a": [1, {2}]}]
    for value in ordinary:
        assert codec.safe_repr(value) == repr(value)
    start = time.perf_counter()
    shown = codec.safe_repr(list(range(3_000_000)), 1000)
    assert len(shown) == 1003 and shown.endswith("...") and shown.startswith("[0, 1, 2, ")
    assert codec.safe_repr("x" * 10_000_000, 100) == "'" + "x" * 99 + "..."
    assert codec.safe_repr(_nested(10_000)) == "[" * _DEEP + "..." + "]" * _DEEP  # RecursionError before
    cyclic: list = []
    cyclic.append(cyclic)
    assert codec.safe_repr(cyclic) == "[" * _DEEP + "..." + "]" * _DEEP
    int_str_digits(0)  # repr of a 1.8-million-digit int is quadratic without the limit: minutes
    huge = 1 << 6_000_000
    assert codec.safe_repr([huge, -huge]) == (
        "[<integer of about 1806181 digits, ends in ...%012d>, <-integer of about 1806181 digits, ends in ...%012d>]"
        % (huge % 10**12, huge % 10**12)
    )
    int_str_digits(640)
    assert codec.safe_repr(10**700) == "<integer of about 701 digits, ends in ...000000000000>"
    assert time.perf_counter() - start < 2.0
