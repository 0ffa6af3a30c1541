"""Keeping hidden tests apart from public ones: a hidden test that repeats a public input rewards hard-coding."""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Hashable, Tuple, Union

from refine_env.problems.model import Problem
from refine_env.sandbox.codec import CodecError, decode_args

__all__ = ["value_key", "input_key", "drop_public_repeats", "NO_HIDDEN_LEFT"]

NO_HIDDEN_LEFT = "no hidden test left"


def value_key(value: Any) -> Hashable:
    """A hashable key under which values that Python's ``==`` calls equal (``1``, ``1.0``, ``True``) agree.

    A program that hard-codes examples looks them up with ``==`` (a dict, an ``if``), so an input
    that only differs from a public one in such ways is the same input to it.
    """
    t = type(value)
    if value is None:
        return ("none",)
    if t is bool or t is int:
        return ("num", int(value))
    if t is float:
        if math.isnan(value):
            return ("num", "nan")
        return ("num", int(value)) if value.is_integer() else ("num", value)
    if t is str or t is bytes:
        return (t.__name__, value)
    if t is list or t is tuple:
        return (t.__name__, tuple(value_key(v) for v in value))
    if t is set or t is frozenset:
        return ("set", frozenset(value_key(v) for v in value))
    if t is dict:
        return ("dict", frozenset((value_key(k), value_key(v)) for k, v in value.items()))
    return ("repr", repr(value))


def input_key(kind: str, text: str) -> Hashable:
    """The key two test inputs share when a program cannot tell them apart in practice.

    stdin: the text with whitespace runs folded (programs read tokens and lines); call: the
    decoded argument values (:func:`value_key`), so that ``[1, 2]`` and ``[1,2]`` agree.
    """
    if kind == "call":
        try:
            return ("call", tuple(value_key(a) for a in decode_args(text)))
        except CodecError:
            return ("raw", " ".join(text.split()))
    return ("stdin", " ".join(text.split()))


def drop_public_repeats(problem: Problem) -> Union[Problem, Tuple[str, str]]:
    """The problem without the hidden tests whose input is a public one's, or ``(id, reason)`` if none is left."""
    public = {input_key(problem.kind, t.input) for t in problem.public_tests}
    kept = tuple(t for t in problem.hidden_tests if input_key(problem.kind, t.input) not in public)
    dropped = len(problem.hidden_tests) - len(kept)
    if not dropped:
        return problem
    if not kept:
        n = len(problem.hidden_tests)
        which = "its only hidden test repeats a public example's input" if n == 1 else f"all {n} of its hidden tests repeat public examples' inputs"
        return problem.id, f"{NO_HIDDEN_LEFT} ({which}; keep_original_split=True keeps them)"
    metadata = dict(problem.metadata)
    metadata["hidden_repeats_dropped"] = dropped
    how = metadata.get("split_method")
    if isinstance(how, str):
        metadata["split_method"] = f"{how}; {dropped} hidden test{'s' if dropped != 1 else ''} repeating a public input dropped"
    return dataclasses.replace(problem, hidden_tests=kept, metadata=metadata)
