"""Encoding of call arguments and return values: JSON with tags for what JSON lacks.

This module is stdlib-only and standalone: the sandbox worker loads it by path, outside the
package. Plain JSON is valid input (LiveCodeBench and LeetCode tests are plain JSON). What JSON
cannot say travels tagged: ``{"$tuple": [...]}``, ``{"$set": [...]}``, ``{"$frozenset": [...]}``,
``{"$dict": [[k, v], ...]}`` (non-string keys), ``{"$int": "0x..."}`` (beyond 2**53, hex so that
CPython's 4,300-digit limit on decimal conversion never applies), ``{"$float": "nan"}``.

``encode`` accepts only exact built-in types (no subclasses): an object whose ``__eq__`` always
says True cannot pass itself off as the expected answer.

Bounds: ``decode`` reads what a hostile program wrote, in the trainer's process, so its work is
linear in the text and it raises only :class:`CodecError`. It refuses text over 64 MiB (the
worker's result cap), more than 2,000,000 JSON values (counted as the ',', ':', '[' and '{' of
the text, strings included, before anything is built), containers nested more than 100 levels,
and integers over 10,000 decimal digits (33,220 bits in ``$int`` hex). ``encode`` refuses the same
depth and integer sizes; ``safe_repr`` stops at its ``limit``, summarises huge integers and shows
nesting past 100 levels as ``...``.
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterator, List, Tuple

__all__ = ["encode", "decode", "encode_args", "decode_args", "safe_repr", "CodecError"]

_SAFE_INT = 1 << 53
_MAX_DEPTH = 100
_MAX_TEXT = 64 << 20
_MAX_ITEMS = 2_000_000
_MAX_INT_DIGITS = 10_000
_MAX_INT_BITS = 33_220  # (10**10_000 - 1).bit_length(): every 10,000-digit integer fits
_MAX_HEX_CHARS = 2 * (_MAX_INT_BITS // 4) + 8  # room for a sign, a prefix and underscores
# sys.set_int_max_str_digits() accepts no limit below 640, so int() of 500 digits always works.
_INT_CHUNK = 500
_TAGS = ("$tuple", "$set", "$frozenset", "$dict", "$int", "$float")


class CodecError(ValueError):
    """A value that cannot be encoded, or text that is not a valid encoding."""


def _too_deep() -> CodecError:
    return CodecError(f"value nested deeper than {_MAX_DEPTH} levels")


def _int_too_big(what: str) -> CodecError:
    return CodecError(f"integer of {what} is beyond the codec's limit of {_MAX_INT_DIGITS:,} decimal digits")


def _to_tree(value: Any, depth: int) -> Any:
    # depth counts the containers around value; each call for a container is one level.
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        if -_SAFE_INT < value < _SAFE_INT:
            return value
        if value.bit_length() > _MAX_INT_BITS:
            raise _int_too_big(f"{value.bit_length():,} bits")
        return {"$int": hex(value)}
    if t is float:
        if math.isfinite(value):
            return value
        return {"$float": repr(value)}
    if t not in (list, tuple, set, frozenset, dict):
        raise CodecError(f"cannot encode a value of type {t.__module__}.{t.__qualname__}")
    if depth >= _MAX_DEPTH:
        raise _too_deep()
    if t is list:
        return [_to_tree(v, depth + 1) for v in value]
    if t is tuple:
        return {"$tuple": [_to_tree(v, depth + 1) for v in value]}
    if t is set or t is frozenset:
        items = [_to_tree(v, depth + 1) for v in value]
        try:
            items.sort(key=lambda x: json.dumps(x, sort_keys=True))
        except (TypeError, ValueError):
            pass
        return {"$set" if t is set else "$frozenset": items}
    if all(type(k) is str and not k.startswith("$") for k in value):
        return {k: _to_tree(v, depth + 1) for k, v in value.items()}
    return {"$dict": [[_to_tree(k, depth + 1), _to_tree(v, depth + 1)] for k, v in value.items()]}


def encode(value: Any) -> str:
    """One line of JSON for ``value``; raises :class:`CodecError` for non-builtin types."""
    try:
        return json.dumps(_to_tree(value, 0), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except RecursionError:
        raise CodecError("value is recursive or nested too deeply") from None


def _parse_int(text: str) -> int:
    # int() of a long decimal string is quadratic, and refused past sys.get_int_max_str_digits();
    # the digit cap bounds the first, chunks below the smallest settable limit avoid the second.
    digits = text.lstrip("+-")
    if len(digits) > _MAX_INT_DIGITS:
        raise _int_too_big(f"{len(digits):,} digits")
    if len(digits) <= _INT_CHUNK:
        return int(text)
    result = 0
    for start in range(0, len(digits), _INT_CHUNK):
        chunk = digits[start : start + _INT_CHUNK]
        result = result * 10 ** len(chunk) + int(chunk)
    return -result if text.startswith("-") else result


def _from_tree(node: Any, depth: int) -> Any:
    if isinstance(node, list):
        if depth >= _MAX_DEPTH:
            raise _too_deep()
        return [_from_tree(v, depth + 1) for v in node]
    if isinstance(node, dict):
        if len(node) == 1:
            (key, inner), = node.items()
            if key in _TAGS:
                return _from_tag(key, inner, depth)
        if depth >= _MAX_DEPTH:
            raise _too_deep()
        return {k: _from_tree(v, depth + 1) for k, v in node.items()}
    return node


def _from_tag(tag: str, inner: Any, depth: int) -> Any:
    if tag == "$int":
        if not isinstance(inner, str):
            raise CodecError(f"expected a hex string inside $int, got {safe_repr(inner, 40)}")
        if len(inner) > _MAX_HEX_CHARS:
            raise _int_too_big(f"{len(inner):,} hex characters")
        try:
            value = int(inner, 16)
        except ValueError:
            raise CodecError(f"expected a hex string inside $int, got {safe_repr(inner, 40)}") from None
        if value.bit_length() > _MAX_INT_BITS:
            raise _int_too_big(f"{value.bit_length():,} bits")
        return value
    if tag == "$float":
        if inner not in ("nan", "inf", "-inf"):
            raise CodecError(f"expected 'nan', 'inf' or '-inf' inside $float, got {safe_repr(inner, 40)}")
        return float(inner)
    if not isinstance(inner, list):
        raise CodecError(f"expected a list inside {tag}, got {type(inner).__name__}")
    if depth >= _MAX_DEPTH:
        raise _too_deep()
    if tag == "$tuple":
        return tuple(_from_tree(v, depth + 1) for v in inner)
    if tag in ("$set", "$frozenset"):
        items = [_from_tree(v, depth + 1) for v in inner]
        try:
            return set(items) if tag == "$set" else frozenset(items)
        except TypeError as exc:
            raise CodecError(f"unhashable element in {tag}: {exc}") from None
    pairs = []
    for pair in inner:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise CodecError("expected [key, value] pairs inside $dict")
        pairs.append((_from_tree(pair[0], depth + 1), _from_tree(pair[1], depth + 1)))
    try:
        return dict(pairs)
    except TypeError as exc:
        raise CodecError(f"unhashable key in $dict: {exc}") from None


def decode(text: str) -> Any:
    """The value of one encoded line; raises :class:`CodecError` on malformed text."""
    if not isinstance(text, str):
        raise TypeError(f"Expected text to be a str, got {type(text).__name__}")
    if len(text) > _MAX_TEXT:
        raise CodecError(f"encoded value of {len(text):,} characters is beyond the limit of {_MAX_TEXT:,}")
    # Every JSON value but the first of a container follows a ',' or ':', so this bounds the
    # values json.loads would build (strings may hold these characters: an upper bound).
    items = 1 + text.count("[") + text.count("{") + text.count(",") + text.count(":")
    if items > _MAX_ITEMS:
        raise CodecError(f"encoded value may hold {items:,} items, beyond the limit of {_MAX_ITEMS:,}")
    try:
        tree = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise CodecError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise _too_deep() from None
    try:
        return _from_tree(tree, 0)
    except RecursionError:
        raise _too_deep() from None


def encode_args(args: "list[Any] | tuple[Any, ...]") -> str:
    """A call's arguments as test input text: one encoded value per line."""
    return "\n".join(encode(a) for a in args)


def decode_args(text: str) -> "list[Any]":
    """The arguments in a call test's input text (blank lines are ignored)."""
    return [decode(line) for line in text.splitlines() if line.strip()]


def _int_summary(value: int) -> str:
    digits = int(value.bit_length() * 0.30103) + 1
    return f"<{'-' if value < 0 else ''}integer of about {digits} digits, ends in ...{abs(value) % 10**12:012d}>"


def _scalar_repr(value: Any, limit: int) -> str:
    t = type(value)
    if t is int:
        # Summarised below CPython's default 4,300-digit limit and whatever limit is set: repr of
        # a huge int is quadratic where the limit is lifted, and raises where it is lowered.
        if value.bit_length() > 14000:
            return _int_summary(value)
        try:
            return repr(value)
        except ValueError:
            return _int_summary(value)
    if t is str:
        return repr(value if len(value) <= limit else value[: limit + 1])
    try:
        return repr(value)
    except Exception as exc:  # a foreign object's repr: show what it is, not why it failed
        return f"<{t.__qualname__} object, repr raised {type(exc).__name__}>"


_OPEN = {list: "[", tuple: "(", set: "{", frozenset: "frozenset({", dict: "{"}
_CLOSE = {list: "]", tuple: ")", set: "}", frozenset: "})", dict: "}"}
_EMPTY = {list: "[]", tuple: "()", set: "set()", frozenset: "frozenset()", dict: "{}"}


def _pieces(value: Any, depth: int) -> Iterator[Tuple[bool, Any, int]]:
    # The parts of one container's repr: (True, text, 0) to write, (False, value, depth) to render.
    t = type(value)
    yield True, _OPEN[t], 0
    for i, item in enumerate(value.items() if t is dict else value):
        if i:
            yield True, ", ", 0
        if t is dict:
            yield False, item[0], depth + 1
            yield True, ": ", 0
            yield False, item[1], depth + 1
        else:
            yield False, item, depth + 1
    if t is tuple and len(value) == 1:
        yield True, ",", 0
    yield True, _CLOSE[t], 0


def safe_repr(value: Any, limit: int = 100_000) -> str:
    """repr() bounded in time and size: at most ``limit`` characters (then "..."), huge integers
    summarised, containers nested past 100 levels shown as "..."."""
    parts: List[str] = []
    size = 0
    stack: List[Iterator[Tuple[bool, Any, int]]] = [iter([(False, value, 0)])]
    while stack and size <= limit:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            continue
        is_text, item, depth = step
        if is_text:
            text = item
        elif type(item) in _OPEN:
            if not item:
                text = _EMPTY[type(item)]
            elif depth >= _MAX_DEPTH:
                text = "..."
            else:
                stack.append(_pieces(item, depth))
                continue
        else:
            text = _scalar_repr(item, limit)
        parts.append(text)
        size += len(text)
    text = "".join(parts)
    return text if len(text) <= limit else text[:limit] + "..."
