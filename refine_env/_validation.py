"""Argument checks shared by refine_env and refine_agents: one wording for every "Expected x to be ..., got ..." error."""

from __future__ import annotations

import difflib
import math
import numbers
from typing import Any, Iterable, Optional

__all__ = ["is_int", "expect_int", "expect_number", "did_you_mean"]


def is_int(value: Any) -> bool:
    """An int and not a bool (``True`` is an ``int`` to Python, never to a config); numpy's integers count."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _range_text(kind: str, low: Optional[float], high: Optional[float], low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f"{kind} in {'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    if low is not None:
        return f"{kind} {'>' if low_open else '>='} {low}"
    if high is not None:
        return f"{kind} {'<' if high_open else '<='} {high}"
    return kind


def expect_int(name: str, value: Any, *, low: Optional[int] = None, high: Optional[int] = None, optional: bool = False,
               expected: Optional[str] = None) -> None:
    """Raise ``ValueError("Expected {name} to be {expected}, got {value!r}")`` unless ``value`` is an int in [low, high].

    ``expected`` words the requirement where the default (``an int >= 1``, ``an int in [0, 9]``)
    does not say it best (``a positive int``, ``a port number``); ``optional`` lets None pass.
    """
    if optional and value is None:
        return
    if is_int(value) and (low is None or value >= low) and (high is None or value <= high):
        return
    text = expected or (_range_text("an int", low, high, False, False) + (" or None" if optional else ""))
    raise ValueError(f"Expected {name} to be {text}, got {value!r}")


def expect_number(name: str, value: Any, *, low: Optional[float] = None, high: Optional[float] = None,
                  low_open: bool = False, high_open: bool = False, optional: bool = False,
                  expected: Optional[str] = None) -> None:
    """Raise ``ValueError`` unless ``value`` is a finite int or float (not a bool) within the bounds given."""
    if optional and value is None:
        return
    ok = not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if ok:
        return
    text = expected or (_range_text("a finite number", low, high, low_open, high_open) + (" or None" if optional else ""))
    raise ValueError(f"Expected {name} to be {text}, got {value!r}")


def did_you_mean(name: Any, options: Iterable[str], *, aside: bool = False) -> str:
    """``" Did you mean 'x'?"`` for the option closest to ``name``, or ``""`` when none is close.

    ``aside`` words it as a parenthesis closing the sentence before it, ``" (did you mean 'x'?)"``.
    """
    close = difflib.get_close_matches(str(name), list(options), n=1)
    if not close:
        return ""
    return f" (did you mean {close[0]!r}?)" if aside else f" Did you mean {close[0]!r}?"
