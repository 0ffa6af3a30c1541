"""What a load did: the report that rides on the returned list of problems."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

__all__ = ["LoadReport", "ProblemList"]


@dataclass
class LoadReport:
    """What a load did: how many problems it returned, which records it skipped and which problems it left out.

    ``skipped`` holds ``(where, reason)`` for records not loaded (malformed ones with
    ``strict=False``, exact duplicates); ``excluded`` holds ``(problem id, reason)`` for problems
    that cannot be judged by comparison (left out unless ``include_unjudgeable=True``) and for
    those with no hidden test apart from the public ones (unless ``keep_original_split=True``);
    ``unconverted_asserts`` counts, per problem, the asserts that could not be turned into tests.
    """

    source: str
    loaded: int = 0
    skipped: List[Tuple[str, str]] = field(default_factory=list)
    excluded: List[Tuple[str, str]] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    format: str = ""
    unconverted_asserts: Dict[str, int] = field(default_factory=dict)

    def excluded_by_reason(self) -> Dict[str, int]:
        """How many problems each kind of reason excluded (the reason up to its details), most first."""
        counts = Counter(re.split(r" \(|: ", reason, maxsplit=1)[0] for _, reason in self.excluded)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def summary(self) -> str:
        parts = [f"{self.loaded} problems from {self.source}" + (f" ({self.format})" if self.format else "")]
        if self.skipped:
            parts.append(f"{len(self.skipped)} records skipped")
        if self.excluded:
            kinds = ", ".join(f"{kind}: {n}" for kind, n in self.excluded_by_reason().items())
            parts.append(f"{len(self.excluded)} problems excluded ({kinds})")
        if self.unconverted_asserts:
            parts.append(f"{sum(self.unconverted_asserts.values())} asserts in {len(self.unconverted_asserts)} problems not turned into tests")
        return ", ".join(parts)


class ProblemList(list):
    """A list of problems that also carries the loader's report."""

    report: LoadReport

