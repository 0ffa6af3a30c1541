"""Output checkers: they run in the parent process, never inside the program under test.

A checker compares an expected output with the program's output. Text checkers serve stdin
programs; every checker also compares decoded values for call-based programs. Checkers are
named by a spec string (what :class:`~refine_env.problems.Problem` stores)::

    "tokens"              whitespace-separated tokens equal, in order (the default)
    "exact"               byte-for-byte equal text; for values, Python ``==``
    "lines"               equal line by line, ignoring trailing whitespace and trailing blank lines
    "case_insensitive"    tokens equal ignoring case
    "float:1e-6"          tokens equal, numbers within 1e-6 absolute or relative (Kattis'
                          ``float_tolerance``); "float:abs=1e-6,rel=1e-9" sets each side
    "json"                values equal after JSON normalisation (tuples compare as lists)

No checker compares sets of tokens: order-insensitive comparison passes wrong programs.
User functions ``f(expected, got, input) -> bool | (bool, str)`` are wrapped with
:func:`from_function`, and special checkers can be registered by name with :func:`register`.

Bounds: ``got`` is whatever a hostile program printed or returned, so every built-in checker
returns a :class:`CheckResult` for any text or decoded value, in time linear in its size. Tokens
over 400 characters are compared as text, never parsed as numbers; values nested more than 100
levels (the codec's limit) are not compared; a user function that raises is a failed check.
"""

from __future__ import annotations

import difflib
import logging
import math
import re
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from refine_env.sandbox.codec import safe_repr

__all__ = [
    "CheckResult",
    "Checker",
    "TokensChecker",
    "ExactChecker",
    "LinesChecker",
    "CaseInsensitiveChecker",
    "FloatChecker",
    "JsonValueChecker",
    "FunctionChecker",
    "get_checker",
    "register",
    "from_function",
    "registered",
]


logger = logging.getLogger(__name__)

_MAX_DEPTH = 100  # as in the codec: no decoded value is deeper
_MAX_NUMBER_CHARS = 400


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str = ""


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Checker:
    """Base class: ``check`` compares text, ``check_value`` compares call results."""

    spec: str = "checker"

    def check(self, expected: str, got: str, input: str = "") -> CheckResult:
        raise NotImplementedError

    def check_value(self, expected: Any, got: Any, input: str = "") -> CheckResult:
        return _compare_values(expected, got, _strict_equal)

    def __repr__(self) -> str:
        return f"<checker {self.spec}>"


class _TooDeep(Exception):
    """A value nested past _MAX_DEPTH: walks stop there instead of recursing without end."""


def _compare_values(expected: Any, got: Any, equal: Callable[[Any, Any], bool]) -> CheckResult:
    try:
        same = equal(expected, got)
    except (_TooDeep, RecursionError):
        # RecursionError: == inside sets and dict keys recurses in C on values not from the codec.
        return CheckResult(False, f"values nested more than {_MAX_DEPTH} levels deep are not compared")
    if same:
        return CheckResult(True)
    return CheckResult(False, f"expected {_clip(safe_repr(expected, 200))}, got {_clip(safe_repr(got, 200))}")


def _children(a: Any, b: Any, depth: int, todo: List[Tuple[Any, Any, int]]) -> None:
    # Queue the items of two same-shaped containers (a list/tuple pair or a dict pair).
    if depth >= _MAX_DEPTH:
        raise _TooDeep
    if isinstance(a, dict):
        todo.extend((a[k], b[k], depth + 1) for k in a)
    else:
        todo.extend(zip(a, b, repeat(depth + 1)))


def _strict_equal(a: Any, b: Any) -> bool:
    # Python ==, except that NaN equals NaN and bool is not silently an int; iterative, so that
    # depth costs no stack.
    todo = [(a, b, 0)]
    while todo:
        a, b, depth = todo.pop()
        if type(a) is bool or type(b) is bool:
            if not (type(a) is type(b) and a == b):
                return False
        elif isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            continue
        elif type(a) in (list, tuple) and type(b) is type(a):
            if len(a) != len(b):
                return False
            _children(a, b, depth, todo)
        elif type(a) is dict and type(b) is dict:
            if a.keys() != b.keys():
                return False
            _children(a, b, depth, todo)
        elif not a == b:
            return False
    return True


def _first_token_mismatch(exp: list, got: list, same: Callable[[str, str], bool]) -> Optional[str]:
    for i, (e, g) in enumerate(zip(exp, got)):
        if not same(e, g):
            return f"token {i + 1}: expected {_clip(e)!r}, got {_clip(g)!r}"
    if len(exp) != len(got):
        more = "more" if len(got) > len(exp) else "fewer"
        return f"expected {len(exp)} tokens, got {len(got)} ({more} than expected)"
    return None


@dataclass(frozen=True)
class TokensChecker(Checker):
    spec: str = "tokens"

    def check(self, expected: str, got: str, input: str = "") -> CheckResult:
        exp, out = expected.split(), got.split()
        if exp == out:
            return CheckResult(True)
        return CheckResult(False, _first_token_mismatch(exp, out, str.__eq__) or "outputs differ")


@dataclass(frozen=True)
class CaseInsensitiveChecker(Checker):
    spec: str = "case_insensitive"

    def check(self, expected: str, got: str, input: str = "") -> CheckResult:
        exp, out = expected.split(), got.split()
        msg = _first_token_mismatch(exp, out, lambda a, b: a.casefold() == b.casefold())
        return CheckResult(msg is None, msg or "")


@dataclass(frozen=True)
class ExactChecker(Checker):
    spec: str = "exact"

    def check(self, expected: str, got: str, input: str = "") -> CheckResult:
        if expected == got:
            return CheckResult(True)
        exp_lines, got_lines = expected.split("\n"), got.split("\n")
        for i, (e, g) in enumerate(zip(exp_lines, got_lines)):
            if e != g:
                return CheckResult(False, f"line {i + 1}: expected {_clip(e)!r}, got {_clip(g)!r}")
        return CheckResult(False, f"expected {len(exp_lines)} lines, got {len(got_lines)}")


@dataclass(frozen=True)
class LinesChecker(Checker):
    spec: str = "lines"

    @staticmethod
    def _lines(text: str) -> list:
        lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def check(self, expected: str, got: str, input: str = "") -> CheckResult:
        exp, out = self._lines(expected), self._lines(got)
        for i, (e, g) in enumerate(zip(exp, out)):
            if e != g:
                return CheckResult(False, f"line {i + 1}: expected {_clip(e)!r}, got {_clip(g)!r}")
        if len(exp) != len(out):
            return CheckResult(False, f"expected {len(exp)} lines, got {len(out)}")
        return CheckResult(True)


# No two quantifiers here can match the same digits, so a failing fullmatch backtracks at most
# once per character (the old r"\d+\.?\d*" took 23 s on 20,000 digits and an "x").
_NUMBER = re.compile(r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|inf|nan)", re.IGNORECASE)


@dataclass(frozen=True)
class FloatChecker(Checker):
    """Tokens equal; where both tokens are numbers, within ``abs_tol`` or ``rel_tol``."""

    abs_tol: float = 1e-6
    rel_tol: float = 1e-6
    spec: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for name in ("abs_tol", "rel_tol"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
                raise ValueError(f"Expected {name} to be a number >= 0, got {value!r}")
        object.__setattr__(self, "spec", f"float:abs={self.abs_tol:g},rel={self.rel_tol:g}")

    def close(self, e: float, g: float) -> bool:
        if math.isnan(e) or math.isnan(g):
            return math.isnan(e) and math.isnan(g)
        if math.isinf(e) or math.isinf(g):
            return e == g
        diff = abs(e - g)
        return diff <= self.abs_tol or diff <= self.rel_tol * abs(e)

    def _same_token(self, e: str, g: str) -> bool:
        if e == g:
            return True
        x, y = _token_number(e), _token_number(g)
        return x is not None and y is not None and self.close(x, y)

    def check(self, expected: str, got: str, input: str = "") -> CheckResult:
        msg = _first_token_mismatch(expected.split(), got.split(), self._same_token)
        return CheckResult(msg is None, msg or "")

    def _numbers_close(self, e: "int | float", g: "int | float") -> bool:
        if isinstance(e, int) and isinstance(g, int):
            return e == g
        try:
            return self.close(float(e), float(g))
        except OverflowError:
            # An int past float range is neither close to a float nor infinite.
            return False

    def _value_equal(self, e: Any, g: Any) -> bool:
        todo = [(e, g, 0)]
        while todo:
            e, g, depth = todo.pop()
            if type(e) is bool or type(g) is bool:
                same = type(e) is type(g) and e == g
            elif isinstance(e, (int, float)) and isinstance(g, (int, float)):
                same = self._numbers_close(e, g)
            elif isinstance(e, (list, tuple)) and isinstance(g, (list, tuple)):
                same = len(e) == len(g)
                if same:
                    _children(e, g, depth, todo)
            elif isinstance(e, dict) and isinstance(g, dict):
                same = e.keys() == g.keys()
                if same:
                    _children(e, g, depth, todo)
            else:
                same = _strict_equal(e, g)
            if not same:
                return False
        return True

    def check_value(self, expected: Any, got: Any, input: str = "") -> CheckResult:
        return _compare_values(expected, got, self._value_equal)


def _token_number(token: str) -> Optional[float]:
    """The number a token spells, or None where it is compared as text."""
    if len(token) > _MAX_NUMBER_CHARS or not _NUMBER.fullmatch(token):
        return None
    try:
        value = float(token)
    except ValueError:  # a digit \d matches that float() refuses
        return None
    if math.isinf(value) and not token.lstrip("+-").lower().startswith("inf"):
        return None  # "1e999" overflows: two such tokens are not both infinity
    return value


def _json_normal(value: Any, depth: int = 0) -> Any:
    if isinstance(value, (list, tuple, dict)) and depth >= _MAX_DEPTH:
        raise _TooDeep
    if isinstance(value, (list, tuple)):
        return [_json_normal(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _json_normal(v, depth + 1) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class JsonValueChecker(Checker):
    """Values equal as JSON would see them: a tuple equals the list with the same items."""

    spec: str = "json"

    def check(self, expected: str, got: str, input: str = "") -> CheckResult:
        return TokensChecker().check(expected, got, input)

    def check_value(self, expected: Any, got: Any, input: str = "") -> CheckResult:
        try:
            expected, got = _json_normal(expected), _json_normal(got)
        except (_TooDeep, RecursionError):
            return CheckResult(False, f"values nested more than {_MAX_DEPTH} levels deep are not compared")
        return super().check_value(expected, got, input)


CheckFunction = Callable[[Any, Any, str], Union[bool, Tuple[bool, str]]]


@dataclass(frozen=True)
class FunctionChecker(Checker):
    """A user function ``f(expected, got, input) -> bool | (bool, message)``, run in the parent."""

    function: CheckFunction = field(compare=False, default=None)  # type: ignore[assignment]
    spec: str = "function"

    def _call(self, expected: Any, got: Any, input: str) -> CheckResult:
        # The function meets output we never saw: its exception is the program's failed check,
        # and a warning for whoever wrote the function.
        try:
            outcome = self.function(expected, got, input)
            if isinstance(outcome, tuple) and len(outcome) == 2:
                return CheckResult(bool(outcome[0]), str(outcome[1]))
        except Exception as exc:
            message = f"checker raised {type(exc).__name__}: {_clip(_exception_text(exc), 200)}"
            logger.warning("checker %r: %s", self.spec, message)
            return CheckResult(False, message)
        if isinstance(outcome, bool) or type(outcome).__module__ == "numpy" and type(outcome).__name__ in ("bool", "bool_"):
            # numpy's bool too: np.isclose(...) and np.array_equal(...) are what checkers return.
            passed = bool(outcome)
            return CheckResult(passed, "" if passed else "rejected by checker")
        raise TypeError(
            f"Expected checker {self.spec!r} to return a bool or (bool, str), got {type(outcome).__name__}"
        )

    def check(self, expected: str, got: str, input: str = "") -> CheckResult:
        return self._call(expected, got, input)

    def check_value(self, expected: Any, got: Any, input: str = "") -> CheckResult:
        return self._call(expected, got, input)


def _exception_text(exc: Exception) -> str:
    try:
        return str(exc)
    except Exception:
        return "(its message could not be shown)"


def from_function(function: CheckFunction, name: str = "function") -> FunctionChecker:
    if not callable(function):
        raise TypeError(f"Expected a callable checker, got {type(function).__name__}")
    return FunctionChecker(function=function, spec=name)


_REGISTRY: Dict[str, Callable[[], Checker]] = {
    "tokens": TokensChecker,
    "exact": ExactChecker,
    "lines": LinesChecker,
    "case_insensitive": CaseInsensitiveChecker,
    "json": JsonValueChecker,
    "float": FloatChecker,
}


def register(name: str, factory: Callable[[], Checker]) -> None:
    """Make ``name`` a checker spec; ``factory()`` returns the checker (a special checker)."""
    if not re.fullmatch(r"[a-z][a-z0-9_.-]*", name or ""):
        raise ValueError(f"Expected a checker name of lowercase letters, digits, '_', '.', '-', got {name!r}")
    if name in _REGISTRY:
        raise ValueError(f"Expected a new checker name, got {name!r} which is already registered")
    _REGISTRY[name] = factory


def registered() -> Tuple[str, ...]:
    return tuple(sorted(_REGISTRY))


def _parse_float_spec(spec: str) -> FloatChecker:
    body = spec.split(":", 1)[1].strip()
    if not body:
        return FloatChecker()
    try:
        if "=" not in body:
            tol = float(body)
            return FloatChecker(abs_tol=tol, rel_tol=tol)
        values = {"abs": 0.0, "rel": 0.0}
        for part in body.split(","):
            key, _, raw = part.partition("=")
            key = key.strip()
            if key not in values:
                raise ValueError(key)
            values[key] = float(raw)
        return FloatChecker(abs_tol=values["abs"], rel_tol=values["rel"])
    except ValueError:
        raise ValueError(
            f"Expected a float checker spec like 'float:1e-6' or 'float:abs=1e-6,rel=1e-9', got {spec!r}"
        ) from None


def get_checker(spec: "str | Checker | CheckFunction") -> Checker:
    """The checker for a spec string, a checker, or a user function."""
    if isinstance(spec, Checker):
        return spec
    if isinstance(spec, str):
        if spec.startswith("float:"):
            return _parse_float_spec(spec)
        factory = _REGISTRY.get(spec)
        if factory is None:
            close = difflib.get_close_matches(spec, list(_REGISTRY) + ["float:1e-6"], n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"Expected a checker spec among {registered()} or 'float:TOL', got {spec!r}.{hint}")
        return factory()
    if callable(spec):
        return from_function(spec, getattr(spec, "__name__", "function"))
    raise TypeError(f"Expected a checker spec string, Checker or function, got {type(spec).__name__}")
