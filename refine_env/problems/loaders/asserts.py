"""Tests from ``assert`` statements, by parsing them with ``ast``: dataset test code is never executed.

``assert f(ARGS) == EXPECTED`` with literal arguments and a literal expected value becomes a
:class:`TestCase` of encoded arguments and the encoded return value. Tolerance asserts
(``abs(f(x) - y) < tol``, ``math.isclose(f(x), y, ...)``) also become tests and raise the
problem's float tolerance. Every other assert that calls the function is counted as
unconverted, with a reason.
"""

from __future__ import annotations

import ast
import operator
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from refine_env.sandbox.codec import CodecError, encode, encode_args
from refine_env.sandbox.types import TestCase

__all__ = [
    "AssertTests",
    "tests_from_asserts",
    "literal",
    "parse",
    "function_params",
    "fn_call",
    "call_args",
    "signature_stub",
    "NotLiteral",
    "Unconvertible",
]

# Constant folding is limited to keep a hostile literal ("a" * 10**12) from exhausting memory.
_MAX_FOLDED_LEN = 1_000_000
_MAX_INT_BITS = 1 << 16
_REASONS_KEPT = 5


class NotLiteral(ValueError):
    """An expression that is not a literal value (names, calls, comprehensions...)."""


_BINOPS: Dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_JSON_NAMES = {"null": None, "true": True, "false": False}


def _number(value: Any) -> bool:
    return type(value) in (int, float)


def literal(node: ast.AST, *, json_names: bool = False) -> Any:
    """The value of a literal expression: Python literals, arithmetic on numbers, ``"ab" * 3``.

    With ``json_names`` the bare names ``null``, ``true`` and ``false`` are accepted (LeetCode
    statements write their examples in JSON).
    """
    if isinstance(node, ast.Expression):
        node = node.body
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (str, bytes, int, float, bool, type(None))):
            return node.value
        raise NotLiteral(f"constant {node.value!r}")
    if isinstance(node, ast.Name) and json_names and node.id in _JSON_NAMES:
        return _JSON_NAMES[node.id]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [literal(e, json_names=json_names) for e in node.elts]
        if isinstance(node, ast.List):
            return items
        if isinstance(node, ast.Tuple):
            return tuple(items)
        try:
            return set(items)
        except TypeError:
            raise NotLiteral("unhashable set element") from None
    if isinstance(node, ast.Dict):
        result = {}
        for key, value in zip(node.keys, node.values):
            if key is None:
                raise NotLiteral("dict unpacking")
            try:
                result[literal(key, json_names=json_names)] = literal(value, json_names=json_names)
            except TypeError:
                raise NotLiteral("unhashable dict key") from None
        return result
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = literal(node.operand, json_names=json_names)
        if not _number(value):
            raise NotLiteral("sign of a non-number")
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = literal(node.left, json_names=json_names), literal(node.right, json_names=json_names)
        return _fold(node.op, left, right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        return _literal_call(node.func.id, node.args, json_names)
    raise NotLiteral(type(node).__name__)


def _fold(op: ast.operator, left: Any, right: Any) -> Any:
    if isinstance(op, ast.Pow) and type(left) is int and type(right) is int:
        if right < 0 or max(abs(left), 2).bit_length() * right > _MAX_INT_BITS:
            raise NotLiteral("power out of range")
    if _number(left) and _number(right):
        try:
            value = _BINOPS[type(op)](left, right)
        except (ZeroDivisionError, OverflowError) as exc:
            raise NotLiteral(str(exc)) from None
        if type(value) is int and value.bit_length() > _MAX_INT_BITS:
            raise NotLiteral("integer too large")
        return value
    if isinstance(op, ast.Add) and type(left) is type(right) and type(left) in (str, list, tuple):
        if len(left) + len(right) > _MAX_FOLDED_LEN:
            raise NotLiteral("sequence too long")
        return left + right
    if isinstance(op, ast.Mult):
        seq, times = (left, right) if type(right) is int else (right, left)
        if type(times) is int and type(seq) in (str, list, tuple):
            if len(seq) * max(times, 0) > _MAX_FOLDED_LEN:
                raise NotLiteral("sequence too long")
            return seq * times
    raise NotLiteral(f"{type(op).__name__} of {type(left).__name__} and {type(right).__name__}")


def _literal_call(name: str, arg_nodes: Sequence[ast.expr], json_names: bool) -> Any:
    args = [literal(a, json_names=json_names) for a in arg_nodes]
    if name == "float" and len(args) == 1 and isinstance(args[0], str) and args[0].strip().lower() in ("inf", "-inf", "+inf", "nan", "infinity", "-infinity"):
        return float(args[0])
    if name in ("list", "tuple", "set", "frozenset") and len(args) <= 1:
        source = args[0] if args else ()
        if not isinstance(source, (list, tuple, set, frozenset, str)):
            raise NotLiteral(f"{name}() of {type(source).__name__}")
        try:
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[name](source)
        except TypeError:
            raise NotLiteral("unhashable element") from None
    if name == "dict" and not args:
        return {}
    raise NotLiteral(f"call of {name}()")


def parse(source: str, mode: str = "exec") -> Any:
    """``ast.parse`` without the SyntaxWarnings that dataset code ("\\." in a plain string) would print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, mode=mode)


def function_params(source: str, name: str) -> Optional[List[str]]:
    """Parameter names of ``def name`` (or ``Class.name``, without ``self``) in ``source``; None if absent."""
    try:
        tree = parse(source)
    except SyntaxError:
        return None
    cls, _, method = name.rpartition(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and cls and node.name == cls:
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == method:
                    names = [a.arg for a in item.args.posonlyargs + item.args.args]
                    return names[1:] if names and names[0] in ("self", "cls") else names
        if not cls and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == method:
            return [a.arg for a in node.args.posonlyargs + node.args.args]
    return None


def _stub(node: Any) -> str:
    stub = ast.FunctionDef(name=node.name, args=node.args, body=[ast.Expr(ast.Constant(...))], decorator_list=[], returns=node.returns, type_comment=None)
    if hasattr(ast.FunctionDef, "type_params"):
        stub.type_params = []  # type: ignore[attr-defined]
    return ast.unparse(ast.fix_missing_locations(stub))


def signature_stub(source: str, name: str) -> Optional[str]:
    """The ``def`` line of ``name`` (``func`` or ``Class.method``) in ``source`` with ``...`` as its body; None if absent.

    Read with ``ast`` from a reference solution, so the prompt can show the signature the tests
    call without showing (or running) the solution.
    """
    try:
        tree = parse(source)
    except SyntaxError:
        return None
    cls, _, method = name.rpartition(".")
    for node in tree.body:
        if not cls and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == method:
            return _stub(node) + "\n"
        if cls and isinstance(node, ast.ClassDef) and node.name == cls:
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == method:
                    return f"class {cls}:\n" + "\n".join("    " + line for line in _stub(item).split("\n")) + "\n"
    return None


@dataclass
class AssertTests:
    """The tests found in some assert statements, and what could not be converted."""

    tests: List[TestCase] = field(default_factory=list)
    calls: int = 0
    unconverted: int = 0
    reasons: List[str] = field(default_factory=list)
    abs_tol: float = 0.0
    rel_tol: float = 0.0
    tolerant: bool = False

    def _skip(self, reason: str) -> None:
        self.unconverted += 1
        if len(self.reasons) < _REASONS_KEPT:
            self.reasons.append(reason)

    def checker(self, default: str) -> str:
        """``default`` for exact asserts; a float spec where tolerance asserts were found."""
        if not self.tolerant:
            return default
        return f"float:abs={self.abs_tol:g},rel={self.rel_tol:g}"


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _calls(node: ast.AST, fn: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == fn for n in ast.walk(node))


def fn_call(node: ast.AST, fn: str) -> Optional[ast.Call]:
    """``node`` if it is a direct call ``fn(...)``, else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == fn:
        return node
    return None


def _abs_argument(node: ast.AST) -> Optional[ast.expr]:
    """``x`` of ``abs(x)``, ``fabs(x)`` or ``math.fabs(x)``."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        func = node.func
        if (isinstance(func, ast.Name) and func.id in ("abs", "fabs")) or (isinstance(func, ast.Attribute) and func.attr == "fabs"):
            return node.args[0]
    return None


def _call_and_other(a: ast.AST, b: ast.AST, fn: str) -> Optional[Tuple[ast.Call, ast.AST]]:
    """The ``fn(...)`` call among ``a`` and ``b`` and the other side, which must not call ``fn``."""
    for side, other in ((a, b), (b, a)):
        call = fn_call(side, fn)
        if call is not None and not _calls(other, fn):
            return call, other
    return None


class Unconvertible(Exception):
    """An assert (or example) whose call cannot become a test: the message says why."""


def call_args(call: ast.Call, params: Optional[Sequence[str]]) -> List[Any]:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        raise Unconvertible("star-arguments")
    try:
        args = [literal(a) for a in call.args]
        if not call.keywords:
            return args
        if params is None:
            raise Unconvertible("keyword arguments, and the function's parameters are unknown")
        by_name = {k.arg: literal(k.value) for k in call.keywords}
    except NotLiteral as exc:
        raise Unconvertible(f"an argument is not a literal ({exc})") from None
    unknown = [name for name in by_name if name not in params]
    if unknown:
        raise Unconvertible(f"keyword {unknown[0]!r} is not a parameter of the function {list(params)}")
    ordered = list(args)
    for name in params[len(args):]:
        if name not in by_name:
            break
        ordered.append(by_name.pop(name))
    if by_name:
        raise Unconvertible("keywords leave an earlier parameter to its default")
    return ordered


def _tolerance_form(test: ast.AST, fn: str) -> Optional[Tuple[ast.Call, ast.AST, float, float]]:
    """``(call, expected, abs_tol, rel_tol)`` for ``abs(f(x) - y) < t`` and ``math.isclose(f(x), y, ...)``."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Lt, ast.LtE)):
        diff = _abs_argument(test.left)
        if not (isinstance(diff, ast.BinOp) and isinstance(diff.op, ast.Sub)):
            return None
        pair = _call_and_other(diff.left, diff.right, fn)
        try:
            tol = literal(test.comparators[0])
        except NotLiteral:
            return None
        if pair is None or not _number(tol) or tol < 0:
            return None
        return pair[0], pair[1], float(tol), 0.0
    if isinstance(test, ast.Call) and len(test.args) == 2:
        func = test.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        pair = _call_and_other(test.args[0], test.args[1], fn) if name == "isclose" else None
        if pair is None:
            return None
        tols = {"rel_tol": 1e-9, "abs_tol": 0.0}
        for kw in test.keywords:
            if kw.arg not in tols:
                return None
            try:
                tols[kw.arg] = float(literal(kw.value))
            except (NotLiteral, TypeError):
                return None
        return pair[0], pair[1], tols["abs_tol"], tols["rel_tol"]
    return None


def _unwrap_sequence_casts(left: ast.AST, right: ast.AST, fn: str) -> Tuple[ast.AST, ast.AST]:
    """``tuple(f(x)) == tuple([...])`` (or ``list``) compares the items, as the value comparison does."""
    if (
        isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id in ("tuple", "list")
        and len(left.args) == 1 and fn_call(left.args[0], fn) is not None
        and isinstance(right, ast.Call) and isinstance(right.func, ast.Name) and right.func.id == left.func.id
        and len(right.args) == 1 and not _calls(right, fn)
    ):
        return left.args[0], right.args[0]
    return left, right


def _expected(node: ast.AST) -> Any:
    try:
        return literal(node)
    except NotLiteral as exc:
        raise Unconvertible(f"the expected value is not a literal ({exc})") from None


def _convert(test: ast.AST, fn: str, params: Optional[Sequence[str]], out: AssertTests) -> None:
    tol = _tolerance_form(test, fn)
    if tol is not None:
        call, expected_node, abs_tol, rel_tol = tol
        expected = _expected(expected_node)
        args = call_args(call, params)
        out.tolerant = True
        out.abs_tol = max(out.abs_tol, abs_tol)
        out.rel_tol = max(out.rel_tol, rel_tol)
        _add(out, args, expected)
        return
    # `assert f(x)` and `assert not f(x)`: the functions these datasets test this way return bools.
    truthy = fn_call(test, fn)
    if truthy is not None:
        _add(out, call_args(truthy, params), True)
        return
    falsy = fn_call(test.operand, fn) if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else None
    if falsy is not None:
        _add(out, call_args(falsy, params), False)
        return
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op = test.ops[0]
        sides: Tuple[ast.AST, ast.AST] = (test.left, test.comparators[0])
        if _calls(sides[1], fn) and not _calls(sides[0], fn):
            sides = (sides[1], sides[0])
        left, right = _unwrap_sequence_casts(sides[0], sides[1], fn)
        compared = fn_call(left, fn)
        singleton = isinstance(right, ast.Constant) and any(right.value is v for v in (True, False, None))
        if compared is not None and not _calls(right, fn) and (isinstance(op, ast.Eq) or (isinstance(op, ast.Is) and singleton)):
            _add(out, call_args(compared, params), _expected(right))
            return
    raise Unconvertible("not of the form f(args) == literal or a tolerance comparison")


def _add(out: AssertTests, args: List[Any], expected: Any) -> None:
    try:
        out.tests.append(TestCase(encode_args(args), encode(expected)))
    except CodecError as exc:
        raise Unconvertible(f"a value cannot be encoded ({exc})") from None


def _assert_nodes(statements: Sequence[ast.stmt]) -> List[Tuple[ast.Assert, bool]]:
    """Each assert with whether it runs unconditionally (top level, not inside a loop or branch)."""
    found: List[Tuple[ast.Assert, bool]] = []
    for stmt in statements:
        if isinstance(stmt, ast.Assert):
            found.append((stmt, True))
        elif not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.extend((n, False) for n in ast.walk(stmt) if isinstance(n, ast.Assert))
    return found


def tests_from_asserts(source: str, *, function: Optional[str] = None, params: Optional[Sequence[str]] = None) -> AssertTests:
    """Tests from the asserts of ``def check(candidate)`` in ``source``, or of its top-level asserts.

    ``function`` names the function under test in top-level asserts (MBPP); inside ``check`` it is
    the parameter's name. ``params`` maps keyword arguments to positions. Raises ``SyntaxError``
    if ``source`` does not parse.
    """
    tree = parse(source)
    check = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "check"), None)
    if check is not None and check.args.args:
        fn, body = check.args.args[0].arg, check.body
    else:
        fn, body = function or "candidate", tree.body
    out = AssertTests()
    for node, unconditional in _assert_nodes(body):
        if not _calls(node.test, fn):
            try:
                literal(node.test)
                continue  # `assert True, "..."`: checks nothing
            except NotLiteral:
                pass
        out.calls += 1
        shown = _clip(ast.unparse(node))
        if not unconditional:
            out._skip(f"{shown}: inside a loop or a branch")
            continue
        try:
            _convert(node.test, fn, params, out)
        except Unconvertible as exc:
            out._skip(f"{shown}: {exc}")
    return out
