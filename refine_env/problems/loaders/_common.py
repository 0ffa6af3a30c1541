"""Shared pieces of the dataset loaders: record reading, error text, ids, licenses, difficulty, judgeability."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, Mapping, Optional, Sequence, Tuple, Union

from refine_env.problems.model import DIFFICULTIES, Problem, ProblemFormatError, reanchor
from refine_env.sandbox.types import TestCase

__all__ = [
    "Context",
    "Excluded",
    "Converted",
    "fail",
    "missing",
    "field_of",
    "fields",
    "read_records",
    "read_json_document",
    "license_near",
    "license_file_near",
    "short_hash",
    "slug",
    "title_from_text",
    "plural",
    "unjudgeable",
    "mark_unjudgeable",
    "split_first_k",
    "multiple_answers_reason",
    "case_insensitive_answers",
    "build_problem",
    "tolerance_from_statement",
    "LEETCODE_PRELUDE",
]

# Imports that LeetCode-style judges (LeetCodeDataset's own prompt, LiveCodeBench's harness) put
# before a submission: solutions written for those sites use List, deque, heapq... unimported.
LEETCODE_PRELUDE = """\
import bisect
import collections
import functools
import heapq
import itertools
import math
import operator
import random
import re
import string
from bisect import *
from collections import *
from functools import *
from heapq import *
from itertools import *
from math import *
from operator import *
from string import *
from typing import *

inf = float("inf")
"""


@dataclass(frozen=True)
class Context:
    """What a record's conversion needs to know about where the record came from."""

    license: str = ""
    split: Optional[str] = None
    path: Optional[Path] = None


@dataclass(frozen=True)
class Excluded:
    """A record that converts to no Problem at all (no test survives), with the reason."""

    id: str
    reason: str


Converted = Union[Problem, Excluded]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def fail(where: str, path: str, expected: str, got: Any) -> ProblemFormatError:
    """The loaders' error: ``{where}: field 'path': expected ..., got ...`` (like the model's)."""
    return ProblemFormatError(f"{where}: field {path!r}: expected {expected}, got {_shown(got)}")


def missing(where: str, path: str, expected: str) -> ProblemFormatError:
    return ProblemFormatError(f"{where}: field {path!r}: missing (expected {expected})")


def field_of(record: Mapping[str, Any], key: str, types: Any, where: str, expected: str, *, path: str = "", required: bool = True, default: Any = None) -> Any:
    """``record[key]`` checked against ``types``; a missing or mistyped field names ``where`` and the field."""
    full = f"{path}{key}"
    if key not in record or (record[key] is None and not required):
        if required:
            raise missing(where, full, expected)
        return default
    value = record[key]
    allowed = types if isinstance(types, tuple) else (types,)
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        raise fail(where, full, expected, value)
    return value


def fields(record: Any, where: str, *specs: Tuple[str, Any, str]) -> Tuple[Any, ...]:
    """A record's required fields, in order, each spec ``(key, types, expected)`` as for :func:`field_of`; the record must be an object."""
    if not isinstance(record, dict):
        raise fail(where, "<record>", "a JSON object", record)
    return tuple(field_of(record, key, types, where, expected) for key, types, expected in specs)


def _open_text(path: Path) -> Any:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _is_jsonl(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".jsonl") or name.endswith(".jsonl.gz") or name.endswith(".ndjson")


def read_json_document(path: Path) -> Any:
    """A whole ``.json`` (or ``.json.gz``) file; invalid JSON names the file and position."""
    with _open_text(path) as fh:
        try:
            return json.load(fh)
        except json.JSONDecodeError as exc:
            raise ProblemFormatError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None


def read_records(path: Path) -> Iterator[Tuple[str, Any]]:
    """``(where, record)`` for each record of a JSONL file (``where`` = ``path:line``) or a JSON list (``path[i]``).

    A JSONL line that is not JSON is yielded as a :class:`ProblemFormatError` instead of a record,
    so that a caller with ``strict=False`` can skip it and go on.
    """
    if _is_jsonl(path):
        with _open_text(path) as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    yield where, json.loads(line.strip())
                except json.JSONDecodeError as exc:
                    yield where, ProblemFormatError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
        return
    document = read_json_document(path)
    if not isinstance(document, list):
        raise ProblemFormatError(f"{path}: expected a JSON list of records, got a JSON {type(document).__name__}")
    for i, record in enumerate(document):
        yield f"{path}[{i}]", record


_LICENSE_PATTERNS: Sequence[Tuple[str, str]] = (
    (r"\bMIT License\b", "MIT"),
    (r"Apache License[\s\S]{0,80}Version 2\.0", "Apache-2.0"),
    (r"Creative Commons Attribution 4\.0|CC BY 4\.0|CC-BY-4\.0", "CC-BY-4.0"),
    (r"Creative Commons Attribution-ShareAlike 4\.0|CC BY-SA 4\.0", "CC-BY-SA-4.0"),
    (r"BSD 3-Clause", "BSD-3-Clause"),
    (r"BSD 2-Clause", "BSD-2-Clause"),
)


def license_of_file(path: Path) -> str:
    head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    for pattern, name in _LICENSE_PATTERNS:
        if re.search(pattern, head):
            return name
    return f"see {path.name}"


_LICENSE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "COPYING")


def license_file_near(path: Path, *, levels: int = 0) -> Optional[Path]:
    """The LICENSE file beside ``path`` or up to ``levels`` folders above it, or None.

    The search stays close: a LICENSE further up (a user's project, a home folder) says nothing
    about the data.
    """
    folder = path if path.is_dir() else path.parent
    for candidate_folder in (folder, *folder.parents[:levels]):
        for name in _LICENSE_NAMES:
            candidate = candidate_folder / name
            if candidate.is_file():
                return candidate
    return None


def license_near(path: Path, *, levels: int = 0) -> str:
    """The SPDX-style name of the LICENSE beside ``path`` or up to ``levels`` folders above it; "" if none."""
    found = license_file_near(path, levels=levels)
    return license_of_file(found) if found is not None else ""


def short_hash(text: str, n: int = 12) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def slug(text: str) -> str:
    """Text made into an id part: whitespace and slashes become '_' (ids hold no whitespace)."""
    return re.sub(r"[\s/]+", "_", text.strip()).strip("_")


def title_from_text(text: str, limit: int = 60) -> str:
    """A title for datasets that have none: the statement's first sentence, clipped at a word."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    # A sentence ends at ". " after a word of 4+ letters: "Mr. Chanek" is not an end.
    m = re.search(r"(?<=\w{4}[.!?])\s", first)
    sentence = first[: m.start()] if m else first
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 3].rsplit(" ", 1)[0]
    return cut.rstrip(".,;:") + "..."


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def unjudgeable(reason: str) -> Dict[str, Any]:
    return {"judgeable": False, "unjudgeable_reason": reason}


def mark_unjudgeable(metadata: Dict[str, Any], reason: str) -> None:
    # Keep the first reason: it is the one that decided.
    if metadata.get("judgeable", True):
        metadata.update(unjudgeable(reason))


def split_first_k(tests: Sequence[TestCase], k: int) -> Tuple[Tuple[TestCase, ...], Tuple[TestCase, ...], str]:
    """Public = the first ``k`` tests, hidden = the rest; where nothing is left, hidden repeats the public tests."""
    public, hidden = tuple(tests[:k]), tuple(tests[k:])
    if hidden:
        return public, hidden, f"public: the first {plural(k, 'test')}; hidden: the other {len(hidden)}"
    return public, public, f"public: all {plural(len(public), 'test')}; hidden repeats them (the dataset has no others)"


# Statement phrases that mean several outputs are correct. Without the problem's checker, an
# exact comparison would reject right answers, so such problems are marked unjudgeable.
_MULTIPLE_ANSWERS = re.compile(
    r"(?i)(?<!not )(?<!n't )\b(?:print|output|return|find) any\b"
    r"|\bif there (?:are|is|exist) (?:multiple|several|many|more than one)\b[^.\n]{0,80}\b(?:print|output|return)\w*\b[^.\n]{0,20}\bany\b"
    r"|\b(?:print|output)\b[^.\n]{0,40}\bany of them\b"
    r"|\bany (?:valid|correct) (?:answer|solution|output)"
    r"|\byou (?:can|could|may) also (?:print|output)\b"
)
# "You may print every letter in any case": YES/yes/Yes are all right, so compare ignoring case.
_ANY_CASE = re.compile(r"(?i)\bin any (?:letter )?case\b|\bany (?:letter )?case you want\b")
_INTERACTIVE = re.compile(r"(?i)\bthis is an interactive problem\b|^\s*Interaction\s*$", re.MULTILINE)


def multiple_answers_reason(statement: str) -> Optional[str]:
    """Why exact comparison cannot judge this statement's problem, or None."""
    if _INTERACTIVE.search(statement):
        return "interactive problem (needs an interactor)"
    m = _MULTIPLE_ANSWERS.search(statement)
    if m:
        return f"several outputs are accepted ({m.group(0)!r}) and the dataset has no checker"
    return None


def case_insensitive_answers(statement: str) -> bool:
    return bool(_ANY_CASE.search(statement))


def build_problem(where: str, **kwargs: Any) -> Problem:
    """``Problem(**kwargs)`` with the model's validation errors re-anchored at ``where``."""
    kwargs.setdefault("difficulty", "unknown")
    if kwargs["difficulty"] not in DIFFICULTIES:
        raise fail(where, "difficulty", f"one of {DIFFICULTIES}", kwargs["difficulty"])
    try:
        return Problem(**kwargs)
    except ProblemFormatError as exc:
        raise reanchor(exc, where) from None


_TOLERANCE = re.compile(r"(?i)within\s+(?:an? (?:absolute|relative) error of\s+)?10\s*\^?\s*\{?\s*[-\u2212]\s*(\d+)\}?")


def tolerance_from_statement(statement: str) -> Optional[float]:
    """The tolerance of "answers within 10^-5 of the actual answer are accepted", or None."""
    m = _TOLERANCE.search(statement)
    return 10.0 ** -int(m.group(1)) if m else None
