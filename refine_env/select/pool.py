"""Candidate pools: the built-in reference and wrong solutions, and the JSONL file ``refine-env pool build`` writes."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

from refine_env._validation import did_you_mean
from refine_env.problems import Problem

__all__ = ["Candidate", "builtin_candidates", "pool_record", "iter_pool_records", "read_pool"]

_POOL_FIELDS = ("problem_id", "source", "language", "policy", "sampling", "sample", "dataset")


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
        """A digest of language and source: the candidate's name in records and caches."""
        return hashlib.sha256(f"{self.language}\0{self.source}".encode()).hexdigest()[:24]


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
            raise ValueError(f"Expected {p}:{lineno} to hold only fields {_POOL_FIELDS}, got {unknown[0]!r}."
                             + did_you_mean(unknown[0], _POOL_FIELDS))
        language = rec.get("language") or "python"
        if language not in ("python", "cpp"):
            raise ValueError(f"Expected {p}:{lineno} language to be 'python' or 'cpp', got {language!r}")
        pools.setdefault(rec["problem_id"], []).append(
            Candidate(rec["source"], language, None, str(rec.get("policy") or "unknown")))
    return pools
