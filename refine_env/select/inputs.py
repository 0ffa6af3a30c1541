"""Inputs for cross-testing a problem's candidates, made from its public examples only (never hidden tests)."""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from refine_env._validation import expect_int
from refine_env.problems import Problem
from refine_env.sandbox import codec

__all__ = ["MUTATION_MODES", "generated_inputs", "env_inputs"]

_GENERATOR_VERSION = 1
_INT_TOKEN = re.compile(r"^-?\d+$")
# Generated inputs per problem and settings: deterministic, and slow enough to build (tens of ms
# per problem) that every env of a process should share them.
_INPUTS_MEMO: Dict[Tuple[Any, ...], Tuple[str, ...]] = {}


def _problem_seed(problem_id: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{salt}:{problem_id}".encode()).digest()[:8], "little")


MUTATION_MODES = ("random", "equal", "random", "extreme", "random", "low", "random", "high", "random", "sorted")
"""The cycle of modes of the mutated inputs: see :func:`generated_inputs`."""


class _Edit:
    """How one generated input changes its example's values: a mode, a rate and the input's own random stream."""

    def __init__(self, mode: str, rng: np.random.Generator, rate: float, *, example: str = "") -> None:
        self.mode = mode
        self.rng = rng
        self.rate = rate
        self.fixed: Dict[Any, int] = {}
        counts: Dict[str, int] = {}
        for c in example:
            if not c.isspace():
                counts[c] = counts.get(c, 0) + 1
        self.common = {c for c, n in counts.items() if n > 1}

    def int(self, v: int, key: Any, lo: int, hi: int) -> int:
        """A value inside ``[lo, hi]``, the range the examples span for this column (or ``v`` itself).

        Staying inside the observed range keeps most inputs valid (sizes, indices and signs the
        statement allows), so a disagreement usually points at a candidate, not at the input.
        """
        rng = self.rng
        if self.mode == "equal":
            # Every value of the column the same: ties, duplicates, all-equal arrays.
            if key not in self.fixed:
                self.fixed[key] = int(rng.integers(lo, hi + 1)) if hi > lo else v
            return self.fixed[key]
        if self.mode == "extreme":
            return lo if rng.random() < 0.5 else hi
        if self.mode == "low":
            return lo
        if self.mode == "high":
            return hi
        if self.mode == "sorted" or rng.random() >= self.rate:
            return v
        if hi <= lo:
            # A constant column: a neighbour, kept on the same side of zero.
            w = v + int(rng.choice((-1, 1)))
            return w if (w >= 0) == (v >= 0) or v == 0 and w > 0 else v
        roll = rng.random()
        if roll < 0.6:
            return int(rng.integers(lo, hi + 1))
        if roll < 0.8:
            return int(min(hi, max(lo, v + int(rng.choice((-1, 1))))))
        return lo if roll < 0.9 else hi

    def str(self, s: str, *, keep_length: bool = False) -> str:
        """Characters replaced by common ones (``.``/``#`` in a grid row), or one duplicated or dropped.

        Replacements come from :attr:`common`, the characters that occur more than once in the
        example, so a marker that occurs once (a start cell) is never copied. A string of
        digits (a big number) gets other digits, keeping its first one non-zero; other strings
        with digits (dates, times) are left alone: most edits would make them invalid.
        """
        rng = self.rng
        if not s or self.mode != "random" or rng.random() >= self.rate:
            return s
        chars = list(s)
        if s.isdigit():
            for _ in range(1 + int(rng.integers(max(1, len(chars) // 3)))):
                p = int(rng.integers(len(chars)))
                chars[p] = str(int(rng.integers(1 if p == 0 and len(chars) > 1 else 0, 10)))
            return "".join(chars)
        if any(c.isdigit() for c in s):
            return s
        common = sorted(self.common)
        positions = [i for i, c in enumerate(chars) if c in self.common]
        if not common or not positions:
            return s
        roll = rng.random()
        if roll < 0.6 or keep_length:
            for _ in range(1 + int(rng.integers(max(1, len(positions) // 4)))):
                chars[positions[int(rng.integers(len(positions)))]] = common[int(rng.integers(len(common)))]
        elif roll < 0.8:
            i = positions[int(rng.integers(len(positions)))]
            chars.insert(i, chars[i])
        elif len(chars) > 1:
            del chars[positions[int(rng.integers(len(positions)))]]
        return "".join(chars)

    def order(self, items: List[Any]) -> List[Any]:
        """Sorted (``sorted`` mode), or now and then shuffled, shortened by one or reversed (``random``)."""
        rng = self.rng
        if self.mode == "sorted":
            try:
                return sorted(items, reverse=bool(rng.random() < 0.5))
            except TypeError:
                return items
        if self.mode != "random" or len(items) < 2 or rng.random() >= self.rate:
            return items
        roll = rng.random()
        if roll < 0.4:
            return [items[i] for i in rng.permutation(len(items))]
        if roll < 0.7:
            return items[:-1] if rng.random() < 0.5 else items[1:]
        return items[::-1]


def _value_ranges(value: Any, key: Tuple[Any, ...], ranges: Dict[Tuple[Any, ...], Tuple[int, int]]) -> None:
    """Integer ranges per column of a call argument: (argument, depth, position in short tuples-as-lists)."""
    t = type(value)
    if t is int:
        lo, hi = ranges.get(key, (value, value))
        ranges[key] = (min(lo, value), max(hi, value))
    elif t in (list, tuple):
        short = len(value) <= 4 and all(type(v) is int for v in value) and len(key) > 1
        for j, v in enumerate(value):
            _value_ranges(v, key + ((j if short else "*"),), ranges)
    elif t is dict:
        for k, v in value.items():
            _value_ranges(v, key + (k,), ranges)


def _call_key(key: Tuple[Any, ...], value: Any, j: int) -> Tuple[Any, ...]:
    short = len(value) <= 4 and all(type(v) is int for v in value) and len(key) > 1
    return key + ((j if short else "*"),)


def _mutate_value(value: Any, key: Tuple[Any, ...], ranges: Mapping[Tuple[Any, ...], Tuple[int, int]], edit: _Edit) -> Any:
    t = type(value)
    if t is int:
        lo, hi = ranges.get(key, (value, value))
        return edit.int(value, key, lo, hi)
    if t is str:
        return edit.str(value)
    if t in (list, tuple):
        items = edit.order([_mutate_value(v, _call_key(key, value, j), ranges, edit) for j, v in enumerate(value)])
        return items if t is list else tuple(items)
    if t is dict:
        return {k: _mutate_value(v, key + (k,), ranges, edit) for k, v in value.items()}
    return value


def _tile(items: List[Any], reps: int, rng: np.random.Generator, remake: Callable[[int, Any], Any], *, rate: float = 0.3) -> List[Any]:
    """``items`` repeated ``reps`` times, about ``rate`` of the copies remade (``remake(position in items, item)``)."""
    out = list(items) * reps
    for p in np.flatnonzero(rng.random(len(out)) < rate).tolist():
        out[p] = remake(p % len(items), out[p])
    return out


def _resize_value(value: Any, key: Tuple[Any, ...], ranges: Mapping[Tuple[Any, ...], Tuple[int, int]],
                  rng: np.random.Generator, size: int) -> Any:
    """A list cut to ``size`` items or tiled (with in-range noise) up to about ``size``; strings likewise."""
    t = type(value)
    if t is list and value:
        if size <= len(value):
            return value[:size]
        reps = max(1, size // len(value))
        if all(type(v) is int and abs(v) < 1 << 62 for v in value):
            # Flat integers (the common case), vectorised: building 20,000 values one by one is slow.
            lo, hi = ranges.get(_call_key(key, value, 0), (min(value), max(value)))
            arr = np.tile(np.asarray(value, dtype=np.int64), reps)
            picks = np.flatnonzero(rng.random(len(arr)) < 0.3)
            arr[picks] = rng.integers(lo, hi + 1, size=len(picks)) if hi > lo else arr[picks]
            return arr.tolist()
        noise = _Edit("random", rng, 1.0)
        return _tile(value, reps, rng, lambda j, v: _mutate_value(v, _call_key(key, value, j), ranges, noise))
    if t is str and value and (value.isdigit() or not any(c.isdigit() for c in value)):
        return value[:size] if size <= len(value) else (value * (size // len(value) + 1))[:size]
    return value


def _call_variants(problem: Problem, rng: np.random.Generator, sizes: Sequence[Optional[int]]) -> List[str]:
    examples = []
    for t in problem.public_tests:
        try:
            examples.append(codec.decode_args(t.input))
        except codec.CodecError:
            continue
    if not examples:
        return []
    ranges: Dict[Tuple[Any, ...], Tuple[int, int]] = {}
    for args in examples:
        for a, value in enumerate(args):
            _value_ranges(value, (a,), ranges)
    out: List[str] = []
    for k, size in enumerate(sizes):
        args = examples[k % len(examples)]
        new: List[Any] = list(args)
        if size is not None:
            # Resize the longest list (or string) argument only: the others often index into it.
            lengths = [len(v) if type(v) in (list, str) else -1 for v in args]
            if max(lengths, default=-1) > 0:
                grow = int(np.argmax(lengths))
                new[grow] = _resize_value(args[grow], (grow,), ranges, rng, size)
        else:
            edit = _Edit(MUTATION_MODES[k % len(MUTATION_MODES)], rng, 0.35, example=codec.encode_args(args))
            new = [_mutate_value(v, (a,), ranges, edit) for a, v in enumerate(args)]
        try:
            out.append(codec.encode_args(new))
        except codec.CodecError:
            continue
    return out


def _structural(lines: List[List[str]]) -> Dict[Tuple[int, int], str]:
    """Integer tokens that describe the input's shape, found by matching counts; never mutated.

    A token is structural when its value equals the number of tokens (``"row"``) or characters
    (``"width"``) of the next line, or the length of a block of lines that ends at a line holding
    a single integer or at the end of the input (``"block:<first line>"``).
    """
    marks: Dict[Tuple[int, int], str] = {}
    n = len(lines)
    single_int = [len(toks) == 1 and bool(_INT_TOKEN.match(toks[0])) for toks in lines]
    for i, toks in enumerate(lines):
        for j, tok in enumerate(toks):
            if not _INT_TOKEN.match(tok):
                continue
            v = int(tok)
            if v < 1:
                continue
            if i + 1 < n and len(lines[i + 1]) == v and not (len(lines[i + 1]) == 1 and len(lines[i + 1][0]) == v):
                marks[(i, j)] = "row"
            elif i + 1 < n and len(lines[i + 1]) == 1 and len(lines[i + 1][0]) == v:
                marks[(i, j)] = "width"
            else:
                # A block of v lines after line i (or after i + 1 when line i + 1 is its own record).
                for start in (i + 1, i + 2):
                    end = start + v
                    if start < n and end <= n and (end == n or single_int[end]):
                        marks[(i, j)] = f"block:{start}"
                        break
    return marks


def _stdin_columns(lines: List[List[str]]) -> Dict[Tuple[int, int], Tuple[int, int]]:
    """Value ranges of integer tokens per column (lines of the same token count share columns)."""
    ranges: Dict[Tuple[int, int], Tuple[int, int]] = {}
    for toks in lines:
        for j, tok in enumerate(toks):
            if _INT_TOKEN.match(tok):
                key = (len(toks), j) if len(toks) <= 8 else (0, 0)
                v = int(tok)
                lo, hi = ranges.get(key, (v, v))
                ranges[key] = (min(lo, v), max(hi, v))
    return ranges


def _mutate_stdin_line(toks: List[str], i: int, marks: Mapping[Tuple[int, int], str], ranges: Mapping[Tuple[int, int], Tuple[int, int]],
                       edit: _Edit, fixed_width: bool) -> List[str]:
    out = []
    for j, tok in enumerate(toks):
        if (i, j) in marks:
            out.append(tok)
        elif _INT_TOKEN.match(tok):
            key = (len(toks), j) if len(toks) <= 8 else (0, 0)
            lo, hi = ranges.get(key, (int(tok), int(tok)))
            out.append(str(edit.int(int(tok), key, lo, hi)))
        elif len(toks) == 1:
            # A line that is one word: a grid row or a string; a row keeps its width.
            out.append(edit.str(tok, keep_length=fixed_width))
        else:
            out.append(tok)
    if len(out) > 8 and edit.mode == "sorted" and all(_INT_TOKEN.match(t) for t in out) and not any((i, j) in marks for j in range(len(out))):
        out = [str(v) for v in sorted((int(t) for t in out), reverse=bool(edit.rng.random() < 0.5))]
    return out


def _resize_stdin(lines: List[List[str]], marks: Mapping[Tuple[int, int], str], ranges: Mapping[Tuple[int, int], Tuple[int, int]],
                  rng: np.random.Generator, size: int) -> Optional[List[List[str]]]:
    """The input cut or grown to about ``size`` elements along its first count relation (a row, a block of lines, a grid), or None."""
    new = [list(t) for t in lines]
    noise = _Edit("random", rng, 1.0)
    for (i, j), kind in sorted(marks.items()):
        v = int(lines[i][j])
        if kind == "row":
            row = lines[i + 1]
            if size <= len(row):
                new[i + 1] = row[:size]
            else:
                width = len(row)

                def retoken(jj: int, tok: str, width: int = width) -> str:
                    if not _INT_TOKEN.match(tok):
                        return tok
                    key = (width, jj) if width <= 8 else (0, 0)
                    lo, hi = ranges.get(key, (int(tok), int(tok)))
                    return str(noise.int(int(tok), key, lo, hi))

                new[i + 1] = _tile(row, max(1, size // max(1, width)), rng, retoken)
            new[i][j] = str(len(new[i + 1]))
            return new
        if kind.startswith("block:"):
            start = int(kind.split(":")[1])
            block = lines[start:start + v]
            widths = [jj for jj in range(len(lines[i])) if jj != j and _INT_TOKEN.match(lines[i][jj])
                      and all(len(b) == 1 and len(b[0]) == int(lines[i][jj]) for b in block)]
            if widths and size > v:
                # A grid: grow rows and columns to about sqrt(size) each.
                side = max(2, int(math.isqrt(size)))
                jj, width = widths[0], int(lines[i][widths[0]])
                row_reps, col_reps = max(1, side // max(1, v)), max(1, side // max(1, width))
                rows = [[b[0] * col_reps] for _ in range(row_reps) for b in block]
                grid_chars = "".join(b[0] for b in block)
                rows = [_mutate_stdin_line(r, -1, {}, ranges, _Edit("random", rng, 0.3, example=grid_chars), True) for r in rows]
                new = new[:start] + rows + new[start + v:]
                new[i][j] = str(len(rows))
                new[i][jj] = str(len(rows[0][0]))
                return new
            if size <= v:
                grown = block[:size]
            else:
                per_line = max(1, len(block[0])) if block else 1
                reps = max(1, size // max(1, v * per_line))
                grown = _tile(block, reps, rng, lambda _, b: _mutate_stdin_line(b, -1, {}, ranges, noise, True))
            new = new[:start] + grown + new[start + v:]
            new[i][j] = str(len(grown))
            return new
    if len(lines) == 1 and len(lines[0]) == 1 and not _INT_TOKEN.match(lines[0][0]):
        word = lines[0][0]
        return [[word[:size] if size <= len(word) else (word * (size // len(word) + 1))[:size]]]
    return None


def _stdin_variants(problem: Problem, rng: np.random.Generator, sizes: Sequence[Optional[int]]) -> List[str]:
    examples = [[line.split() for line in t.input.rstrip("\n").split("\n")] for t in problem.public_tests if t.input.strip()]
    if not examples:
        return []
    out: List[str] = []
    for k, size in enumerate(sizes):
        lines = examples[k % len(examples)]
        marks = _structural(lines)
        ranges = _stdin_columns(lines)
        width_lines = {i + 1 for (i, _), kind in marks.items() if kind == "width"}
        new: Optional[List[List[str]]] = None
        if size is not None:
            new = _resize_stdin(lines, marks, ranges, rng, size)
        if new is None:
            edit = _Edit(MUTATION_MODES[k % len(MUTATION_MODES)], rng, 0.35, example="".join(t[0] for t in lines if len(t) == 1))
            new = [_mutate_stdin_line(toks, i, marks, ranges, edit, i in width_lines or len(toks) == 1 and i > 0)
                   for i, toks in enumerate(lines)]
        out.append("\n".join(" ".join(toks) for toks in new) + "\n")
    return out


def generated_inputs(problem: Problem, *, count: int = 16, shrunk: int = 2, scaled: int = 1, target_size: int = 20_000) -> List[str]:
    """Inputs made from the problem's public examples, for cross-testing candidates; no hidden test is used.

    The hidden tests' generators are not available to an agent (and the hidden tests must not
    leak into its evidence), so inputs come from what the agent can see: the public inputs,
    mutated, shrunk and scaled. Each kind cycles through the public inputs.

    - ``shrunk`` *small cases*: the input cut to 1, 2, ... elements along its first count
      relation (a count equal to the next line's length, a block of lines, the longest list or
      string of a call): where off-by-one errors and crashes on tiny inputs show.
    - ``scaled`` *large cases*: the input grown along the same relation to about
      ``target_size`` elements (a grid to about its square root per side), tiled with in-range
      noise: a slow candidate takes visibly longer or times out.
    - the rest *mutations*: about a third of the integers redrawn inside the range the examples
      span for that column (same position in lines of the same shape; same depth and position
      in call arguments), to a neighbour or an end of that range; lists shuffled, shortened or
      lengthened; grid rows and words edited with their own common characters. Integers that
      describe the input's shape are kept, and strings with digits (dates, times) are left
      alone, so most mutants remain valid inputs.

    Generated inputs may still break a constraint of the statement; candidates that all reject
    such an input in the same way still agree. Disagreement is evidence, not proof. The result
    is deterministic per problem id (its own seed), so it is cached with the candidates' runs.
    """
    for name, value in (("count", count), ("shrunk", shrunk), ("scaled", scaled), ("target_size", target_size)):
        expect_int(name, value, low=0)
    if shrunk + scaled > count:
        raise ValueError(f"Expected shrunk + scaled <= count, got shrunk={shrunk}, scaled={scaled}, count={count}")
    memo_key = (problem.id, problem.kind, tuple(t.input for t in problem.public_tests), count, shrunk, scaled, target_size)
    if memo_key in _INPUTS_MEMO:
        return list(_INPUTS_MEMO[memo_key])
    sizes: List[Optional[int]] = [k + 1 for k in range(shrunk)] + [None] * (count - shrunk - scaled) + [target_size] * scaled
    rng = np.random.default_rng(_problem_seed(problem.id, f"generated-inputs-v{_GENERATOR_VERSION}"))
    make = _call_variants if problem.kind == "call" else _stdin_variants
    # An input equal to a public one (or to an earlier generated one) tells nothing new.
    seen = {t.input for t in problem.public_tests}
    out = []
    for text in make(problem, rng, sizes):
        if text not in seen:
            seen.add(text)
            out.append(text)
    _INPUTS_MEMO[memo_key] = tuple(out)
    return out


def env_inputs(problem: Problem, generated: int) -> Tuple[str, ...]:
    """The generated inputs RefineCodeSelect-v0 uses when asked for ``generated``: 2 shrunk and 1 scaled from 8 on."""
    return tuple(generated_inputs(problem, count=generated, shrunk=min(2, generated // 4), scaled=min(1, generated // 4)))
