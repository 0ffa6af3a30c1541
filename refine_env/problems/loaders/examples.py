"""The examples a statement shows, read with ``ast`` (never run): doctests, LeetCode's Input/Output, every form of argument list.

A test whose arguments a statement shows is visible in the prompt, so the loaders make it public.
"""

from __future__ import annotations

import ast
import re
from typing import Any, List, Optional, Sequence, Tuple

from refine_env.problems.loaders.asserts import NotLiteral, Unconvertible, call_args, fn_call, literal, parse

__all__ = ["doctest_examples", "leetcode_examples", "shown_arguments"]


def doctest_examples(prompt: str, function: str) -> List[Tuple[List[Any], Any]]:
    """``(args, expected)`` of the ``>>> function(literal args)`` examples in a docstring whose output is a literal."""
    examples = []
    lines = prompt.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith(">>>"):
            continue
        out_lines = []
        for follow in lines[i + 1 :]:
            text = follow.strip()
            if not text or text.startswith(">>>") or text.startswith('"""') or text.startswith("'''"):
                break
            out_lines.append(text)
        try:
            call = fn_call(parse(stripped[3:].strip(), mode="eval").body, function)
            if call is None or not out_lines:
                continue
            args = call_args(call, None)
            expected = literal(parse(" ".join(out_lines), mode="eval"))
        except (SyntaxError, NotLiteral, Unconvertible):
            continue
        examples.append((args, expected))
    return examples


_LC_EXAMPLE = re.compile(r"^\s*Input:?\s*(.*?)\n\s*Output:?\s*(.*?)\s*(?:\n\s*\n|\n\s*Explanation|\Z)", re.S | re.M)


def leetcode_examples(description: str, params: Sequence[str]) -> List[Tuple[List[Any], Any]]:
    """``(args, expected)`` of the ``Input: a = ..., b = ...`` / ``Output: ...`` examples of a LeetCode statement."""
    examples = []
    for m in _LC_EXAMPLE.finditer(description):
        try:
            call = parse(f"f({m.group(1).strip()})", mode="eval").body
            expected = literal(parse(m.group(2).strip(), mode="eval"), json_names=True)
            if not isinstance(call, ast.Call) or call.args:
                continue
            by_name = {k.arg: literal(k.value, json_names=True) for k in call.keywords}
        except (SyntaxError, NotLiteral, ValueError):
            continue
        if list(by_name) != list(params):
            continue
        examples.append(([by_name[p] for p in params], expected))
    return examples


# ---------------------------------------------------------------------------------------------
# Arguments a statement shows, in whatever form it writes its examples

_MAX_SHOWN_CHARS = 20_000
_OPENERS = {"(": ")", "[": "]", "{": "}"}
# No blank before "(": "should be (1, 2)" is prose, not a call.
_CALL_START = re.compile(r"(?<![\w.])[A-Za-z_]\w*\(")
_BARE_VALUE = re.compile(r"[-+]?[\w.]+")
_INPUT_BLOCK = re.compile(r"(?m)\bInput\s*:?[ \t]*\n?(.*?)(?=^\s*Output\b|\bOutput\s*:|\Z)", re.S)
_LABELLED_LINE = re.compile(r"^\s*[A-Za-z_]\w*\s*[:=]\s*(.+?)\s*$")


def _closing(text: str, start: int) -> Optional[int]:
    """The index after the bracket that closes ``text[start]``, skipping string literals; None if unclosed."""
    depth, quote, i = 0, "", start
    limit = min(len(text), start + _MAX_SHOWN_CHARS)
    while i < limit:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c in _OPENERS:
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _literal_at(text: str, pos: int) -> Optional[Tuple[Any, int]]:
    """``(value, end)`` of the literal that starts at ``text[pos]`` (after blanks), or None."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if pos >= len(text):
        return None
    c = text[pos]
    if c in _OPENERS:
        end = _closing(text, pos)
    elif c in "'\"":
        m = re.compile(rf"{c}(?:\\.|[^{c}\\\n])*{c}").match(text, pos)
        end = m.end() if m else None
    else:
        m = _BARE_VALUE.match(text, pos)
        end = m.end() if m else None
    if end is None:
        return None
    try:
        return literal(parse(text[pos:end].strip(), mode="eval"), json_names=True), end
    except (SyntaxError, NotLiteral, ValueError):
        return None


def _shown_calls(text: str, params: Optional[Sequence[str]]) -> List[List[Any]]:
    """Arguments of every ``name(literal, ...)`` in ``text``: ``>>> f(x)``, ``f(x) == y``, ``f(x) ➞ y``, ``f(x) returns y``."""
    found = []
    for m in _CALL_START.finditer(text):
        end = _closing(text, m.end() - 1)
        if end is None:
            continue
        try:
            call = parse(text[m.start() : end], mode="eval").body
            if isinstance(call, ast.Call):
                found.append(call_args(call, params))
        except (SyntaxError, ValueError, Unconvertible):
            continue
    return found


def _assignments(text: str, params: Sequence[str]) -> List[List[Any]]:
    """Arguments written ``p1 = v1, p2 = v2`` in the parameters' order (``For lst = [1,2,3] the output ...``)."""
    found: List[List[Any]] = []
    if not params:
        return found
    first = re.compile(rf"(?<![\w.]){re.escape(params[0])}\s*=\s*")
    for m in first.finditer(text):
        args, pos = [], m.end()
        for i, name in enumerate(params):
            if i:
                sep = re.compile(rf"\s*(?:,|\band\b)?\s*{re.escape(name)}\s*=\s*").match(text, pos)
                if sep is None:
                    break
                pos = sep.end()
            value = _literal_at(text, pos)
            if value is None:
                break
            args.append(value[0])
            pos = value[1]
        if len(args) == len(params):
            found.append(args)
    return found


def _input_blocks(text: str, params: Sequence[str]) -> List[List[Any]]:
    """Arguments of ``Input: ...`` / ``Output: ...`` examples: labelled lines in order, or bare values."""
    found = []
    for m in _INPUT_BLOCK.finditer(text):
        block = m.group(1).strip()
        if not block or len(block) > _MAX_SHOWN_CHARS:
            continue
        lines = [line for line in block.splitlines() if line.strip()]
        labelled = [_LABELLED_LINE.match(line) for line in lines]
        if len(lines) == len(params) > 1 and all(labelled):
            values = [_literal_at(lab.group(1), 0) for lab in labelled if lab]  # type: ignore[union-attr]
            if all(v is not None and v[1] == len(lab.group(1)) for v, lab in zip(values, labelled)):  # type: ignore[union-attr]
                found.append([v[0] for v in values if v is not None])
                continue
        try:
            node = parse(f"f({block})", mode="eval").body
            if isinstance(node, ast.Call) and not node.keywords and len(node.args) == len(params):
                found.append([literal(a, json_names=True) for a in node.args])
        except (SyntaxError, NotLiteral, ValueError):
            continue
    return found


def shown_arguments(text: str, params: Optional[Sequence[str]]) -> List[List[Any]]:
    """The argument lists a statement shows as examples, in every form the samples use.

    Calls (``>>> f(x)``, ``f(x) == y``, ``f(x) ➞ y``, ``f(x) => y``, ``f(x) returns y``, ``f(x) should
    return y``), ``p = v`` assignments in the parameters' order (``For lst = [1,2,3] the output
    should be 14``, ``Input: arr = [...], k = 3``) and ``Input:`` blocks (a bare value, or one
    labelled line per parameter). Only literals count; nothing is executed. A test whose
    arguments are among these is visible in the prompt, so it is public.
    """
    found = _shown_calls(text, params)
    if params:
        found += _assignments(text, params) + _input_blocks(text, params)
    return found
