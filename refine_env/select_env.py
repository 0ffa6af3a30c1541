"""RefineCodeSelectEnv: run, cross-test and submit candidates from a pool, with numeric spaces for SB3."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import gzip
import hashlib
import json
import logging
import math
import os
import urllib.parse
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from refine_env.problems import Problem, load
from refine_env.problems.selection import reset_problem, select_problems, unknown_id_message
from refine_env.rewards import Composite, RewardFn, Transition, make_reward
from refine_env.sandbox import Job, Judge, Sandbox, TestCase, TestResult, Verdict, codec
from refine_env.sandbox.registry import shared_sandbox

__all__ = [
    "RefineCodeSelectEnv",
    "Candidate",
    "CandidateRecord",
    "OPS",
    "FEATURES",
    "GLOBALS",
    "VERDICT_GROUPS",
    "generated_inputs",
    "builtin_candidates",
    "read_pool",
    "pool_record",
    "evaluate_candidates",
    "default_cache_dir",
    "observation_image",
]

logger = logging.getLogger(__name__)

OPS = ("run", "test", "submit")
"""The operations an action applies to one candidate: ``action = op_index * K + candidate``."""

VERDICT_GROUPS = ("AC", "WA", "LIMIT", "RE", "CE")
"""Public-test verdict one-hot: the first verdict other than AC (TLE, MLE and OLE count as LIMIT)."""

FEATURES = (
    "present",        # 1 if this slot holds a candidate (pools smaller than K leave empty slots)
    "run",            # 1 once the candidate was run on the public tests
    "public_pass",    # fraction of public tests passed (0 until run)
    "public_AC", "public_WA", "public_LIMIT", "public_RE", "public_CE",  # first non-AC public verdict (0s until run)
    "tested",         # 1 once the candidate was run on the generated inputs
    "gen_failed",     # fraction of generated inputs where it did not finish cleanly (RE, TLE, MLE, OLE, CE)
    "gen_plurality",  # fraction of generated inputs where its output is the most common one in the pool
    "gen_disagree",   # mean fraction of the other candidates whose output differs from its own
    "gen_time",       # slowest CPU time on one generated input, log scale: 1 ms -> 0, 10 ms -> 1/3, 1 s -> 1
    "gen_slowdown",   # that time over the pool's fastest candidate's, log scale: same -> 0, 100x -> 1
    "size",           # source length relative to the longest candidate (0 when observe_size is off)
)
"""Per-candidate features, in order: the observation holds ``K`` rows of these, then :data:`GLOBALS`."""

GLOBALS = (
    "turn",           # turns used / max_turns
    "turns_left",     # turns left / max_turns
    "frac_run",       # fraction of present candidates run on the public tests
    "frac_tested",    # fraction of present candidates run on the generated inputs
    "pool_size",      # present candidates / K
)
"""Episode-level features after the per-candidate rows."""

_GENERATOR_VERSION = 1
_CACHE_VERSION = 1
_POOL_FIELDS = ("problem_id", "source", "language", "policy", "sampling", "sample", "dataset")
_RESET_OPTIONS = ("problem_id",)
_INT_TOKEN = re.compile(r"^-?\d+$")
# Generated inputs per problem and settings: deterministic, and slow enough to build (tens of ms
# per problem) that every env of a process should share them.
_INPUTS_MEMO: Dict[Tuple[Any, ...], Tuple[str, ...]] = {}


# -- generated inputs ---------------------------------------------------------------------------

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


def _call_inputs(problem: Problem, rng: np.random.Generator, sizes: Sequence[Optional[int]]) -> List[str]:
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


def _stdin_inputs(problem: Problem, rng: np.random.Generator, sizes: Sequence[Optional[int]]) -> List[str]:
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
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"Expected {name} to be an int >= 0, got {value!r}")
    if shrunk + scaled > count:
        raise ValueError(f"Expected shrunk + scaled <= count, got shrunk={shrunk}, scaled={scaled}, count={count}")
    memo_key = (problem.id, problem.kind, tuple(t.input for t in problem.public_tests), count, shrunk, scaled, target_size)
    if memo_key in _INPUTS_MEMO:
        return list(_INPUTS_MEMO[memo_key])
    sizes: List[Optional[int]] = [k + 1 for k in range(shrunk)] + [None] * (count - shrunk - scaled) + [target_size] * scaled
    rng = np.random.default_rng(_problem_seed(problem.id, f"generated-inputs-v{_GENERATOR_VERSION}"))
    make = _call_inputs if problem.kind == "call" else _stdin_inputs
    # An input equal to a public one (or to an earlier generated one) tells nothing new.
    seen = {t.input for t in problem.public_tests}
    out = []
    for text in make(problem, rng, sizes):
        if text not in seen:
            seen.add(text)
            out.append(text)
    _INPUTS_MEMO[memo_key] = tuple(out)
    return out


# -- candidates and their cached results ---------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """One program of a problem's pool."""

    source: str
    """The program text."""
    language: str = "python"
    """``python`` or ``cpp``."""
    label: Optional[str] = None
    """Built-in pools: ``reference`` or the wrong solution's label; model pools: None."""
    origin: str = "builtin"
    """Where it came from: ``builtin`` or the policy that sampled it."""

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{self.language}\0{self.source}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class CandidateRecord:
    """What running one candidate of one problem revealed, computed once and cached."""

    public_passed: int
    public_total: int
    public_verdict: str
    """First public verdict other than AC (``AC`` if all passed)."""
    gen_signatures: Tuple[str, ...]
    """Per generated input: a digest of the normalised output, or ``!VERDICT`` when it did not finish."""
    gen_time_s: float
    """The most CPU time it took on one generated input (a slow candidate shows on the scaled ones)."""
    hidden_passed: int
    hidden_total: int
    hidden_verdict: str
    """First hidden verdict other than AC (``AC`` if all passed)."""
    sandbox_s: float = 0.0
    """Sandbox wall time of the batch that judged it, per candidate of that batch (a cost estimate)."""

    @property
    def gen_failed(self) -> int:
        return sum(s.startswith("!") for s in self.gen_signatures)

    def to_dict(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CandidateRecord:
        return cls(**{**d, "gen_signatures": tuple(d["gen_signatures"])})


def builtin_candidates(problem: Problem) -> List[Candidate]:
    """The problem's reference and labelled wrong solutions, reference first."""
    out = []
    if problem.reference is not None:
        out.append(Candidate(problem.reference.source, problem.reference.language, "reference", "builtin"))
    out.extend(Candidate(m.source, m.language, m.label, "builtin") for m in problem.mutants)
    return out


def pool_record(*, problem_id: str, source: str, language: str = "python", policy: str, sampling: Mapping[str, Any],
                sample: int, dataset: str) -> Dict[str, Any]:
    """One line of a candidate pool JSONL file (the format :func:`read_pool` reads)."""
    return {"problem_id": problem_id, "source": source, "language": language, "policy": policy,
            "sampling": dict(sampling), "sample": sample, "dataset": dataset}


def iter_pool_records(path: Union[str, os.PathLike[str]]) -> Iterator[Tuple[int, Dict[str, Any]]]:
    """``(line number, JSON object)`` for every non-blank line of a pool JSONL file; bad JSON is a located ``ValueError``."""
    p = Path(path)
    with open(p, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"Expected {p}:{lineno} to be a JSON object (a pool file), got invalid JSON ({exc.msg})") from None
            if not isinstance(rec, dict):
                raise ValueError(f"Expected {p}:{lineno} to be a JSON object (a pool file), got {type(rec).__name__}")
            yield lineno, rec


def read_pool(path: Union[str, os.PathLike[str]]) -> Dict[str, List[Candidate]]:
    """Candidates per problem id from a pool JSONL file written by ``refine-env pool build``.

    Each line: ``problem_id``, ``source``, ``language``, ``policy`` (which model or scripted
    policy), ``sampling`` (its settings), ``sample`` (index), ``dataset``.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"Expected pool to be a JSONL file written by `refine-env pool build`, got {str(p)!r} (no such file)")
    pools: Dict[str, List[Candidate]] = {}
    for lineno, rec in iter_pool_records(p):
        missing = [f for f in ("problem_id", "source") if not isinstance(rec.get(f), str)]
        if missing:
            raise ValueError(f"Expected {p}:{lineno} to have a string field {missing[0]!r}, got {rec.get(missing[0])!r:.40}")
        unknown = [k for k in rec if k not in _POOL_FIELDS]
        if unknown:
            close = difflib.get_close_matches(unknown[0], _POOL_FIELDS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"Expected {p}:{lineno} to hold only fields {_POOL_FIELDS}, got {unknown[0]!r}.{hint}")
        language = rec.get("language") or "python"
        if language not in ("python", "cpp"):
            raise ValueError(f"Expected {p}:{lineno} language to be 'python' or 'cpp', got {language!r}")
        pools.setdefault(rec["problem_id"], []).append(
            Candidate(rec["source"], language, None, str(rec.get("policy") or "unknown")))
    return pools


def default_cache_dir() -> Path:
    """Where candidate records are cached on disk: ``$XDG_CACHE_HOME/refine-env/select``."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "refine-env" / "select"


def _problem_fingerprint(problem: Problem, inputs: Sequence[str]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([_CACHE_VERSION, problem.id, problem.kind, problem.entry_point, problem.checker,
                         problem.time_limit_s, problem.memory_limit_mb]).encode())
    if problem.special_judge is not None:
        h.update(json.dumps(problem.to_dict()["special_judge"]).encode())
    prelude = problem.metadata.get("prelude")
    if prelude:
        # Records judged without the prelude (LeetCode-style candidates crashed on List) must not be reused.
        h.update(b"\4" + str(prelude).encode())
    for group in (problem.public_tests, problem.hidden_tests):
        for t in group:
            h.update(b"\1" + t.input.encode() + b"\2" + (t.output or "").encode())
    for text in inputs:
        h.update(b"\3" + text.encode())
    return h.hexdigest()[:24]


_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def _signature(result: TestResult, checker: str) -> str:
    """A digest of a finished run's output, normalised the way the problem's checker compares."""
    if result.verdict is not Verdict.OK:
        return "!" + result.verdict.value
    text = result.output
    if checker == "exact":
        norm = text
    else:
        tokens = text.split()
        if checker == "case_insensitive":
            tokens = [t.lower() for t in tokens]
        elif checker.startswith("float"):
            # Round numbers so that outputs within the checker's tolerance usually agree.
            tokens = [f"{float(t):.6g}" if _NUMBER.match(t) else t for t in tokens]
        norm = " ".join(tokens)
    if result.output_truncated:
        norm += "\0truncated"
    return hashlib.sha1(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _first_failure(results: Sequence[TestResult]) -> str:
    for r in results:
        if r.verdict is not Verdict.AC:
            return r.verdict.value
    return "AC"


PACKAGED_RECORDS = Path(__file__).resolve().parent / "problems" / "builtin" / "select_records.json.gz"
"""Records of every built-in candidate, judged once by this project (``python -m refine_env.select_env --pack``)."""


@functools.lru_cache(maxsize=1)
def _packaged_records() -> Dict[Tuple[str, str], CandidateRecord]:
    """``{(fingerprint, candidate key): record}`` from :data:`PACKAGED_RECORDS` (empty if absent or unreadable)."""
    try:
        with gzip.open(PACKAGED_RECORDS, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("version") != _CACHE_VERSION:
            logger.warning("ignoring packaged records %s: version %r, expected %r", PACKAGED_RECORDS, data.get("version"), _CACHE_VERSION)
            return {}
        return {(fp, key): CandidateRecord.from_dict(rec) for fp, recs in data["records"].items() for key, rec in recs.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, KeyError) as exc:
        logger.warning("ignoring unreadable packaged records %s: %s", PACKAGED_RECORDS, exc)
        return {}


class _RecordStore:
    """Candidate records in memory (per process), on disk (one JSON file per problem) and packaged (built-in set)."""

    def __init__(self) -> None:
        self.memory: Dict[Tuple[str, str], CandidateRecord] = {}

    def path(self, cache_dir: Path, problem: Problem, fingerprint: str) -> Path:
        # Ids of loaded datasets hold slashes (humaneval/0, Kattis archive paths): one flat file name.
        return cache_dir / f"{urllib.parse.quote(problem.id, safe='')}-{fingerprint}.json"

    def load(self, cache_dir: Optional[Path], problem: Problem, fingerprint: str) -> None:
        if cache_dir is None:
            return
        path = self.path(cache_dir, problem, fingerprint)
        if not path.is_file():
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for key, rec in data.get("records", {}).items():
                self.memory.setdefault((fingerprint, key), CandidateRecord.from_dict(rec))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            # A damaged cache file is recomputed, never trusted.
            logger.warning("ignoring unreadable cache file %s: %s", path, exc)

    def save(self, cache_dir: Optional[Path], problem: Problem, fingerprint: str) -> None:
        if cache_dir is None:
            return
        records = {key: rec.to_dict() for (fp, key), rec in self.memory.items() if fp == fingerprint}
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = self.path(cache_dir, problem, fingerprint)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"problem_id": problem.id, "version": _CACHE_VERSION, "records": records}), encoding="utf-8")
        os.replace(tmp, path)


_STORE = _RecordStore()


def evaluate_candidates(
    pools: Mapping[str, Sequence[Candidate]],
    problems: Mapping[str, Problem],
    *,
    inputs: Mapping[str, Sequence[str]],
    sandbox: Optional[Sandbox] = None,
    workers: int = 2,
    cache_dir: Optional[Path] = None,
    packaged: bool = True,
    progress: Union[bool, Callable[[int, int], None], None] = None,
) -> Dict[Tuple[str, str], CandidateRecord]:
    """Judge every candidate once on public tests, generated inputs and hidden tests; cached.

    Returns records keyed by ``(problem_id, candidate.key)``. With ``packaged=True`` the records
    shipped for the built-in set come first (the same on every machine, so results reproduce),
    then records in memory or in ``cache_dir`` (judged on this machine); each is used only where
    the problem's fingerprint (tests, limits, generated inputs) and the candidate's source match.
    The rest run in one batch over the sandbox's workers.
    ``progress(done, total)`` is called as candidates complete; ``progress=True`` shows a tqdm bar
    on stderr instead, only when stderr is a terminal and something is left to judge.
    """
    fingerprints = {pid: _problem_fingerprint(problems[pid], inputs[pid]) for pid in pools}
    shipped = _packaged_records() if packaged else {}
    found: Dict[Tuple[str, str], CandidateRecord] = {}
    todo: List[Tuple[str, Candidate]] = []
    for pid, cands in pools.items():
        fp = fingerprints[pid]
        for c in cands:
            if (fp, c.key) in shipped:
                found[(pid, c.key)] = shipped[(fp, c.key)]
        if any((pid, c.key) not in found and (fp, c.key) not in _STORE.memory for c in cands):
            _STORE.load(cache_dir, problems[pid], fp)
        seen = set()
        for c in cands:
            if (pid, c.key) not in found and (fp, c.key) not in _STORE.memory and c.key not in seen:
                seen.add(c.key)
                todo.append((pid, c))
    if todo:
        logger.info("judging %d candidates of %d problems once (public, generated and hidden tests)", len(todo), len(pools))
        own = sandbox is None
        box = sandbox
        if own:
            box = shared_sandbox.acquire(workers)
        assert box is not None
        start = time.perf_counter()
        bar = None
        if progress is True:
            from tqdm import tqdm

            # disable=None: no bar unless stderr is a terminal (logs and CI get nothing).
            bar = tqdm(total=len(todo), desc=f"judging {len(todo)} candidates once", unit="candidate", disable=None, leave=False)
        try:
            jobs: List[Job] = []
            for pid, c in todo:
                p = problems[pid]
                program = p.program(c.source, c.language)
                limits = p.limits
                jobs.append(Job(program, p.public_tests, limits, p.judge))
                jobs.append(Job(program, [TestCase(i) for i in inputs[pid]], limits, p.checker))
                jobs.append(Job(program, p.hidden_tests, limits, p.judge))
            done = [0]

            def on_progress(n: int) -> None:
                done[0] += n
                if bar is not None:
                    bar.update(done[0] // 3 - bar.n)
                elif callable(progress):
                    progress(done[0] // 3, len(todo))

            results = box.run_batch(jobs, progress=on_progress)
        finally:
            if bar is not None:
                bar.close()
            if own:
                    shared_sandbox.release(box)
        elapsed = (time.perf_counter() - start) / max(1, len(todo))
        touched = set()
        for n, (pid, c) in enumerate(todo):
            p = problems[pid]
            public, gen, hidden = results[3 * n: 3 * n + 3]
            _STORE.memory[(fingerprints[pid], c.key)] = CandidateRecord(
                public_passed=sum(r.passed for r in public), public_total=len(p.public_tests),
                public_verdict=_first_failure(public),
                gen_signatures=tuple(_signature(r, p.checker) for r in gen),
                gen_time_s=round(max((r.time_s for r in gen), default=0.0), 4),
                hidden_passed=sum(r.passed for r in hidden), hidden_total=len(p.hidden_tests),
                hidden_verdict=_first_failure(hidden), sandbox_s=elapsed)
            touched.add(pid)
        for pid in touched:
            _STORE.save(cache_dir, problems[pid], fingerprints[pid])
    return {(pid, c.key): found.get((pid, c.key)) or _STORE.memory[(fingerprints[pid], c.key)]
            for pid, cands in pools.items() for c in cands}


# -- the environment ------------------------------------------------------------------------------

_CELL_PX = 12


def observation_image(obs: np.ndarray, max_candidates: int, *, cell: int = _CELL_PX) -> np.ndarray:
    """An observation as an RGB image (``uint8``, ``(H, W, 3)``): one row of cells per slot, then the episode row.

    Each cell is a feature, white at 0 to dark blue at 1; empty slots are gray. What
    ``render_mode="rgb_array"`` returns, so that video recorders (Gymnasium's ``RecordVideo``)
    and libraries that make envs with that mode (SB3's ``make_vec_env``) work.
    """
    k, f, g = max_candidates, len(FEATURES), len(GLOBALS)
    obs = np.asarray(obs, dtype=np.float32)
    if obs.shape != (k * f + g,):
        raise ValueError(f"Expected an observation of shape ({k * f + g},) for {k} candidates, got {obs.shape}")
    values = np.full((k + 1, f), np.nan, dtype=np.float32)
    values[:k] = obs[: k * f].reshape(k, f)
    values[k, :g] = obs[k * f:]
    empty = np.zeros((k + 1, f), dtype=bool)
    empty[:k] = values[:k, :1] == 0  # "present" is the first feature
    empty[k, g:] = True
    v = np.clip(np.nan_to_num(values), 0.0, 1.0)[..., None]
    white, blue = np.array([255.0, 255.0, 255.0]), np.array([20.0, 60.0, 160.0])
    colors = white * (1 - v) + blue * v
    colors[empty] = (200.0, 200.0, 200.0)
    # Cells of cell x cell pixels, a dark line of one pixel around each, a gap of 3 rows above the episode row.
    img = np.kron(colors, np.ones((cell, cell, 1)))
    img[::cell, :] = img[:, ::cell] = 60.0
    img = np.concatenate([img[: k * cell], np.full((3, f * cell, 3), 255.0), img[k * cell:]], axis=0)
    return img.astype(np.uint8)


def _env_inputs(problem: Problem, generated: int) -> Tuple[str, ...]:
    """The generated inputs the env uses for ``generated`` of them: 2 shrunk and 1 scaled from 8 on."""
    return tuple(generated_inputs(problem, count=generated, shrunk=min(2, generated // 4), scaled=min(1, generated // 4)))


def _public_group(verdict: str) -> str:
    return "LIMIT" if verdict in ("TLE", "MLE", "OLE") else verdict


class RefineCodeSelectEnv(gym.Env[np.ndarray, int]):
    """The refinement strategy as a numeric decision problem: which candidate to run, cross-test, submit.

    ## Description
    Each episode is one problem with a pool of up to ``K = max_candidates`` candidate programs:
    the built-in set's reference and labelled wrong solutions (``pool="builtin"``; the reference
    is always in the pool, drawn wrong solutions fill the rest), or programs sampled from a
    model and cached by ``refine-env pool build`` (``pool="path.jsonl"``; a pool may then hold
    no correct program, or several). The order of the candidates is shuffled with
    ``self.np_random`` every episode, so a slot number means nothing by itself. The agent
    gathers evidence and submits one candidate. A numeric twin of ``RefineCode-v0`` for
    algorithms that take numeric spaces (Stable-Baselines3, CleanRL).

    Every candidate is judged once per problem (public tests, generated inputs, hidden tests)
    before the first episode, and the records are cached in memory and on disk
    (``cache_dir``), so a step is a table lookup: PPO runs thousands of steps a second instead
    of waiting for the sandbox. The first construction on a new problem set pays for the
    judging once (slow wrong solutions time out on the large tests). For the built-in pools
    the records judged by this project ship with the package and are used where they match
    (``packaged_records=True``, the default): no judging, and the same observations on every
    machine, so results reproduce; ``packaged_records=False`` judges on this machine instead.
    While judging (minutes for a model pool) ``progress=True`` (the default) shows a tqdm bar on
    stderr when stderr is a terminal; ``progress=False`` shows none; a function
    ``progress(done, total)`` is called instead.
    ``info["tests_executed"]`` still counts the program runs an agent acting for real would
    have paid.

    Generated inputs (:func:`generated_inputs`) are mutations and scaled copies of the public
    inputs, made per problem with its own seed; never hidden tests. Candidates disagree on
    them when one is wrong, crashes or times out; the majority can still be wrong.

    ## Observation
    ``Box(0, 1, (K * F + G,), float32)``: ``K`` rows of the ``F = len(FEATURES)`` per-candidate
    features, flattened row by row, then the ``G = len(GLOBALS)`` episode features::

        present, run, public_pass, public_AC, public_WA, public_LIMIT, public_RE, public_CE,
        tested, gen_failed, gen_plurality, gen_disagree, gen_time, gen_slowdown, size
        ... (K rows) ..., turn, turns_left, frac_run, frac_tested, pool_size

    What is unknown is 0: ``public_*`` until the candidate is run, ``gen_*`` until it is
    tested. ``gen_plurality`` and ``gen_disagree`` compare its outputs with every other
    candidate's on the same inputs. ``size`` (an agent reads its candidates) is shown for
    model pools and hidden (0) for built-in pools, where it leaks the label: the reference is
    the longest candidate in about 70% of the built-in problems, because wrong solutions are
    the reference with a case left out (``observe_size`` overrides). Use :meth:`features` to
    view an observation as a ``(K, F)`` table.

    ## Action
    ``Discrete(3 * K)``: ``action = op * K + i`` applies operation ``OPS[op]`` to candidate
    slot ``i``: ``run`` (public tests; their verdicts are shown), ``test`` (the generated
    inputs; its outputs are compared with the other candidates', so the episode's first
    ``test`` runs every candidate on them and later ones reuse those outputs), ``submit``
    (judged on the hidden tests; ends the episode). An action on an empty slot is a format error: the turn
    counts and the episode goes on. :meth:`action_masks` gives the valid actions (for
    sb3-contrib's MaskablePPO, which finds it through SB3's vector envs; behind ``gym.make``'s
    wrappers call ``env.unwrapped.action_masks()`` or ``env.get_wrapper_attr("action_masks")()``).

    ## Reward
    ``reward`` is a preset of :mod:`refine_env.rewards` (``binary``, ``pass_rate``,
    ``improvement``, ``turn_cost:ε``, ``format_penalty:ε``, ``verdict_typed``, sums with ``+``),
    a ``module:function`` import path, or a function of the episode's
    :class:`~refine_env.rewards.Transition` list, exactly as in ``RefineCode-v0``: a ``run``
    step records its public pass counts, ``test`` steps no verdict, the final step the hidden
    result. ``improvement`` compares with the first candidate the agent ran or tested.

    ## Termination
    ``submit`` terminates. Running out of turns (``max_turns``) terminates too, with
    ``info["out_of_turns"] = True``: with ``judge_on_truncation`` (default) the last candidate
    acted on is judged as if submitted, else the episode scores as if nothing passed. This is
    ``terminated``, not ``truncated``, because the budget is part of the state (``turns_left``
    is observed) and nothing follows it: SB3 bootstraps a truncated episode from the value of
    its last observation, a state it never learns the value of, and PPO trained that way
    learned to run out the budget on purpose. Reward functions still see
    ``Transition.truncated`` on that last step.

    ## Registered configurations
    ``RefineCodeSelect-v0`` (every built-in problem), ``RefineCodeSelect-Train-v0`` and
    ``RefineCodeSelect-Test-v0`` (the fixed splits of the built-in set); all with ``K = 6``,
    ``max_turns = 8`` and the binary reward. Pass ``pool=``, ``reward=``, ``max_turns=`` etc.
    to ``gym.make`` to change them.
    """

    metadata = {"render_modes": ["ansi", "rgb_array"], "render_fps": 4}

    def __init__(
        self,
        *,
        dataset: Union[str, Sequence[Problem]] = "builtin",
        split: Optional[str] = None,
        problem_ids: Optional[Sequence[str]] = None,
        pool: str = "builtin",
        max_candidates: int = 6,
        max_turns: int = 8,
        reward: Union[str, RewardFn, Sequence[Union[str, RewardFn]]] = "binary",
        judge_on_truncation: bool = True,
        generated: int = 16,
        workers: int = 2,
        sandbox: Optional[Sandbox] = None,
        cache_dir: Union[str, os.PathLike[str], None, bool] = True,
        packaged_records: bool = True,
        observe_size: Optional[bool] = None,
        progress: Union[bool, Callable[[int, int], None]] = True,
        render_mode: Optional[str] = None,
    ) -> None:
        for name, value, low in (("max_candidates", max_candidates, 2), ("max_turns", max_turns, 1), ("generated", generated, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"Expected {name} to be an int >= {low}, got {value!r}")
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"Expected render_mode in {self.metadata['render_modes']} or None, got {render_mode!r}")
        if not isinstance(pool, str) or not pool:
            raise ValueError(f"Expected pool to be 'builtin' or a path to a pool JSONL file, got {pool!r}")
        if sandbox is not None and not isinstance(sandbox, Judge):
            raise TypeError(f"Expected sandbox to be a judge with run() and run_batch() (a refine_env.sandbox.Sandbox or RayJudge), "
                            f"got {type(sandbox).__name__}")

        available = select_problems(dataset, split=split)
        by_id = {p.id: p for p in available}
        problems = select_problems(available, problem_ids=problem_ids)

        pools: Dict[str, List[Candidate]]
        if pool == "builtin":
            pools = {p.id: builtin_candidates(p) for p in problems if p.reference is not None}
        else:
            sampled = read_pool(pool)
            unknown = [pid for pid in sampled if pid not in by_id]
            if unknown and isinstance(dataset, str) and (split is not None or problem_ids is not None):
                # The pool may cover other splits of the same dataset: only ids unknown to all of it are errors.
                everything = {p.id: p for p in load(dataset)}
                unknown = [pid for pid in unknown if pid not in everything]
                by_id = everything if unknown else by_id
            if unknown:
                raise ValueError(f"Expected the pool's problems to be in dataset {dataset if isinstance(dataset, str) else '<list>'!r}: "
                                 + unknown_id_message(unknown[0], by_id))
            chosen = {p.id for p in problems}
            pools = {pid: cands for pid, cands in sampled.items() if pid in chosen}
        problems = [p for p in problems if pools.get(p.id)]
        if not problems:
            raise ValueError(f"Expected at least one problem with candidates, got none from dataset={dataset!r} split={split!r} pool={pool!r}")

        if cache_dir is True:
            cache_path: Optional[Path] = default_cache_dir()
        elif cache_dir is False or cache_dir is None:
            cache_path = None
        else:
            cache_path = Path(cache_dir)

        self.problems: Tuple[Problem, ...] = tuple(problems)
        self._by_id = {p.id: p for p in self.problems}
        self.pools: Dict[str, Tuple[Candidate, ...]] = {p.id: tuple(pools[p.id]) for p in self.problems}
        self.max_candidates = max_candidates
        self.max_turns = max_turns
        self.reward_fn: Composite = make_reward(reward)
        self.judge_on_truncation = judge_on_truncation
        self.render_mode = render_mode
        self.pool_name = pool
        # In the built-in set the reference is the longest candidate in about 70% of the problems
        # (wrong solutions are the reference with a case left out): size would leak the label.
        self.observe_size = (pool != "builtin") if observe_size is None else bool(observe_size)
        self.inputs: Dict[str, Tuple[str, ...]] = {p.id: _env_inputs(p, generated) for p in self.problems}
        self.records: Dict[Tuple[str, str], CandidateRecord] = evaluate_candidates(
            self.pools, self._by_id, inputs=self.inputs, sandbox=sandbox, workers=workers, cache_dir=cache_path,
            packaged=bool(packaged_records), progress=progress)

        k, f, g = max_candidates, len(FEATURES), len(GLOBALS)
        self.observation_space = spaces.Box(low=0.0, high=1.0, shape=(k * f + g,), dtype=np.float32)
        self.action_space = spaces.Discrete(len(OPS) * k)

        self._problem: Optional[Problem] = None
        self._cands: List[Candidate] = []
        self._recs: List[CandidateRecord] = []
        self._run = np.zeros(k, dtype=bool)
        self._tested = np.zeros(k, dtype=bool)
        self._turn = 0
        self._done = True
        self._last: Optional[int] = None
        self._transitions: List[Transition] = []
        self._tests_executed = 0
        self._plurality: List[float] = []
        self._disagree: List[float] = []
        self._gen_ran = np.zeros(k, dtype=bool)
        self._obs = np.zeros(self.observation_space.shape, dtype=np.float32)

    # -- helpers ------------------------------------------------------------------------------
    @property
    def problem(self) -> Optional[Problem]:
        """The current episode's problem (None before the first reset)."""
        return self._problem

    @property
    def candidates(self) -> Tuple[Candidate, ...]:
        """The current episode's candidates in slot order (the agent's view is only the observation)."""
        return tuple(self._cands)

    @property
    def transitions(self) -> Tuple[Transition, ...]:
        """The episode's transitions for reward functions; the silent probe only once it has ended."""
        return tuple(t for t in self._transitions if self._done or not t.probe)

    def features(self, obs: np.ndarray) -> np.ndarray:
        """The per-candidate part of an observation as a ``(K, len(FEATURES))`` array."""
        k, f = self.max_candidates, len(FEATURES)
        return np.asarray(obs)[: k * f].reshape(k, f)

    def action_masks(self) -> np.ndarray:
        """Valid actions: every operation on an occupied slot (for sb3-contrib's MaskablePPO)."""
        present = np.arange(self.max_candidates) < len(self._cands)
        return np.tile(present, len(OPS))

    def _observe(self) -> np.ndarray:
        k, f = self.max_candidates, len(FEATURES)
        rows = np.zeros((k, f), dtype=np.float32)
        n = len(self._cands)
        fastest = min(max(rec.gen_time_s, 1e-3) for rec in self._recs)
        longest = max(len(c.source) for c in self._cands)
        col = {name: j for j, name in enumerate(FEATURES)}
        for i, rec in enumerate(self._recs):
            row = rows[i]
            row[col["present"]] = 1.0
            if self.observe_size:
                row[col["size"]] = len(self._cands[i].source) / longest
            if self._run[i]:
                row[col["run"]] = 1.0
                row[col["public_pass"]] = rec.public_passed / rec.public_total if rec.public_total else 0.0
                row[col["public_" + _public_group(rec.public_verdict)]] = 1.0
            if self._tested[i]:
                gen = len(rec.gen_signatures)
                row[col["tested"]] = 1.0
                row[col["gen_failed"]] = rec.gen_failed / gen if gen else 0.0
                row[col["gen_plurality"]] = self._plurality[i]
                row[col["gen_disagree"]] = self._disagree[i]
                row[col["gen_time"]] = min(1.0, max(0.0, math.log10(max(rec.gen_time_s, 1e-3) / 1e-3) / 3.0))
                row[col["gen_slowdown"]] = min(1.0, max(0.0, math.log10(max(rec.gen_time_s, 1e-3) / fastest) / 2.0))
        extra = np.array([
            self._turn / self.max_turns,
            (self.max_turns - self._turn) / self.max_turns,
            self._run[:n].sum() / n,
            self._tested[:n].sum() / n,
            n / k,
        ], dtype=np.float32)
        self._obs = np.concatenate([rows.reshape(-1), extra]).astype(np.float32)
        return self._obs.copy()

    @staticmethod
    def _agreement(recs: Sequence[CandidateRecord]) -> Tuple[List[float], List[float]]:
        """Per candidate: how often its output is the pool's most common one, and the mean share of others disagreeing."""
        n = len(recs)
        gen = min((len(r.gen_signatures) for r in recs), default=0)
        plurality, disagree = [0.0] * n, [0.0] * n
        for g in range(gen):
            counts: Dict[str, int] = {}
            for r in recs:
                counts[r.gen_signatures[g]] = counts.get(r.gen_signatures[g], 0) + 1
            top = max(counts.values())
            for i, r in enumerate(recs):
                s = r.gen_signatures[g]
                # A tie for the most common output counts for every tied output: no evidence either way.
                plurality[i] += (counts[s] == top) / gen
                if n > 1:
                    disagree[i] += (n - counts[s]) / (n - 1) / gen
        return plurality, disagree

    def _hidden(self, i: int) -> Tuple[int, int, str]:
        rec = self._recs[i]
        return rec.hidden_passed, rec.hidden_total, rec.hidden_verdict

    def _info(self) -> Dict[str, Any]:
        assert self._problem is not None
        return {
            "problem_id": self._problem.id,
            "turn": self._turn,
            "max_turns": self.max_turns,
            "pool_size": len(self._cands),
            "tests_executed": self._tests_executed,
        }

    # -- gymnasium API ------------------------------------------------------------------------
    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        super().reset(seed=seed)
        _, problem = reset_problem(options, allowed=_RESET_OPTIONS, problems=self.problems, by_id=self._by_id,
                                   rng=self.np_random)
        self._problem = problem
        pool = list(self.pools[problem.id])
        k = self.max_candidates
        if len(pool) > k:
            if self.pool_name == "builtin":
                # Keep the reference: a built-in episode always has a correct candidate to find.
                others = pool[1:]
                picked = self.np_random.choice(len(others), size=k - 1, replace=False)
                pool = [pool[0]] + [others[int(j)] for j in picked]
            else:
                picked = self.np_random.choice(len(pool), size=k, replace=False)
                pool = [pool[int(j)] for j in picked]
        order = self.np_random.permutation(len(pool))
        self._cands = [pool[int(j)] for j in order]
        self._recs = [self.records[(problem.id, c.key)] for c in self._cands]
        self._plurality, self._disagree = self._agreement(self._recs)
        self._gen_ran = np.zeros(k, dtype=bool)
        self._run = np.zeros(k, dtype=bool)
        self._tested = np.zeros(k, dtype=bool)
        self._turn = 0
        self._done = False
        self._last = None
        self._transitions = []
        self._tests_executed = 0
        return self._observe(), self._info()

    def step(self, action: Any) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        if self._problem is None or self._done:
            raise RuntimeError("Expected reset() before step(): the episode has ended or not started")
        a = np.asarray(action)
        if a.shape != () or not np.issubdtype(a.dtype, np.integer) or not self.action_space.contains(int(a)):
            raise ValueError(f"Expected an action that is an int in [0, {self.action_space.n}), got {action!r}")
        op_index, i = divmod(int(a), self.max_candidates)
        op = OPS[op_index]
        self._turn += 1
        info: Dict[str, Any] = {"op": op, "candidate": i, "format_error": None}
        terminated = truncated = False
        tests_before = self._tests_executed
        public_passed = public_total = None
        if i >= len(self._cands):
            info["format_error"] = f"slot {i} is empty; this pool has {len(self._cands)} candidates"
            intent: Optional[str] = None
        else:
            intent = op
            rec = self._recs[i]
            self._last = i
            if op == "run":
                self._run[i] = True
                public_passed, public_total = rec.public_passed, rec.public_total
                self._tests_executed += rec.public_total
                info["public"] = {"passed": rec.public_passed, "total": rec.public_total, "verdict": rec.public_verdict}
            elif op == "test":
                self._tested[i] = True
                # Comparing needs every candidate's outputs on the inputs: each runs once per episode.
                fresh = [j for j in range(len(self._cands)) if not self._gen_ran[j]]
                self._gen_ran[fresh] = True
                self._tests_executed += sum(len(self._recs[j].gen_signatures) for j in fresh)
                info["test"] = {"inputs": len(rec.gen_signatures), "failed": rec.gen_failed}
            else:
                terminated = True
        if not terminated and self._turn >= self.max_turns:
            out_of_turns = True
            info["out_of_turns"] = True
        else:
            out_of_turns = False
        hidden_passed = hidden_total = None
        hidden_verdict = None
        if terminated or out_of_turns:
            self._done = True
            judged = i if terminated else (self._last if self.judge_on_truncation else None)
            if judged is not None:
                hidden_passed, hidden_total, hidden_verdict = self._hidden(judged)
                self._tests_executed += hidden_total
                info["hidden"] = {"passed": hidden_passed, "total": hidden_total, "verdict": hidden_verdict}
                info["submitted"] = judged
                info["submitted_label"] = self._cands[judged].label
            info["labels"] = [c.label for c in self._cands]
        self._transitions.append(Transition(
            turn=self._turn, intent=intent, format_error=intent is None,
            public_passed=public_passed, public_total=public_total,
            hidden_passed=hidden_passed, hidden_total=hidden_total, hidden_verdict=hidden_verdict,
            terminal=terminated or out_of_turns, truncated=out_of_turns,
            tests_executed=self._tests_executed - tests_before,
        ))
        visible = self._transitions if self._done else [t for t in self._transitions if not t.probe]
        reward = float(self.reward_fn(visible))
        info.update(self._info())
        info["reward_terms"] = self.reward_fn.terms(visible)
        return self._observe(), reward, terminated or out_of_turns, truncated, info

    def render(self) -> Union[str, np.ndarray, None]:
        if self._problem is None:
            return None
        if self.render_mode == "rgb_array":
            return observation_image(self._obs, self.max_candidates)
        if self.render_mode != "ansi":
            return None
        table = self.features(self._obs)
        lines = [f"{self._problem.id}: turn {self._turn}/{self.max_turns}",
                 "slot " + " ".join(f"{name[:12]:>12}" for name in FEATURES)]
        for i in range(len(self._cands)):
            lines.append(f"{i:>4} " + " ".join(f"{v:>12.2f}" for v in table[i]))
        return "\n".join(lines)


def pack_builtin_records(path: Union[str, os.PathLike[str]] = PACKAGED_RECORDS, *, workers: int = 2,
                         generated: int = 16, progress: Optional[Callable[[int, int], None]] = None) -> int:
    """Judge every built-in candidate on this machine, ignoring every cache, and write the packaged records.

    Run it (``python -m refine_env.select_env --pack``) on an idle machine after changing a
    built-in problem or the judging; the test suite checks that the packaged records cover the
    built-in set. Returns the number of records written.
    """
    problems = {p.id: p for p in load("builtin")}
    pools = {pid: builtin_candidates(p) for pid, p in problems.items() if p.reference is not None}
    inputs = {pid: _env_inputs(problems[pid], generated) for pid in pools}
    _STORE.memory.clear()
    records = evaluate_candidates(pools, problems, inputs=inputs, workers=workers, cache_dir=None, packaged=False,
                                  progress=progress)
    by_fp: Dict[str, Dict[str, Dict[str, Any]]] = {}
    for pid, cands in sorted(pools.items()):
        fp = _problem_fingerprint(problems[pid], inputs[pid])
        by_fp[fp] = {c.key: records[(pid, c.key)].to_dict() for c in cands}
    out = Path(path)
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    # mtime=0: the same records give the same bytes.
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(json.dumps({"version": _CACHE_VERSION, "records": by_fp}, sort_keys=True).encode("utf-8"))
    os.replace(tmp, out)
    _packaged_records.cache_clear()
    return sum(len(v) for v in by_fp.values())


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="RefineCodeSelect maintenance")
    parser.add_argument("--pack", action="store_true", help=f"judge every built-in candidate and write {PACKAGED_RECORDS.name}")
    parser.add_argument("--out", default=str(PACKAGED_RECORDS))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.pack:
        parser.error("nothing to do: pass --pack")
    start = time.perf_counter()

    def _report(done: int, total: int) -> None:
        print(f"\r{done}/{total} candidates judged", end="", flush=True)

    n = pack_builtin_records(args.out, workers=args.workers, progress=_report)
    print(f"\nwrote {n} records to {args.out} in {time.perf_counter() - start:.0f} s")
