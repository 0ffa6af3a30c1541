"""The filters of :func:`~refine_env.problems.loaders.load`, checked once into an :class:`Options`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import FrozenSet, Iterable, List, Optional, Tuple, Union

from refine_env._validation import did_you_mean, expect_int
from refine_env.problems.loaders import livecodebench
from refine_env.problems.model import DIFFICULTIES

__all__ = ["Options", "parse_options", "FILTERS", "LCB_FILTERS"]

LCB_FILTERS = ("platform", "start_date", "end_date", "release_version")
FILTERS = ("split", "difficulty", "limit", "ids", "strict", "include_unjudgeable", "keep_original_split") + LCB_FILTERS


@dataclass(frozen=True)
class Options:
    split: Optional[str]
    difficulty: Optional[FrozenSet[str]]
    limit: Optional[int]
    ids: Optional[Tuple[str, ...]]
    strict: bool
    include_unjudgeable: bool
    keep_original_split: bool
    platform: Optional[FrozenSet[str]]
    start_date: Optional[dt.date]
    end_date: Optional[dt.date]
    release_version: Optional[str]

    @property
    def lcb_only(self) -> List[str]:
        return [name for name in LCB_FILTERS if getattr(self, name) is not None]


def _choices(name: str, value: Union[str, Iterable[str], None], allowed: Tuple[str, ...]) -> Optional[FrozenSet[str]]:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    try:
        chosen = frozenset(items)
    except TypeError:
        raise TypeError(f"Expected {name} to be a string or a collection of strings, got {type(value).__name__}") from None
    bad = sorted(str(v) for v in chosen if v not in allowed)
    if bad:
        raise ValueError(f"Expected {name} among {allowed}, got {bad[0]!r}.{did_you_mean(bad[0], allowed)}")
    return chosen


def _date(name: str, value: Union[str, dt.date, None]) -> Optional[dt.date]:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(f"Expected {name} to be a date or a 'YYYY-MM-DD' string, got {value!r}")


def _ids(ids: Optional[Iterable[str]]) -> Optional[Tuple[str, ...]]:
    if ids is None:
        return None
    if isinstance(ids, str):
        raise TypeError(f"Expected ids to be a collection of problem ids, got the string {ids!r}; write ids=[{ids!r}]")
    ids = tuple(ids)
    if not all(isinstance(i, str) for i in ids):
        raise TypeError(f"Expected ids to be strings, got {[type(i).__name__ for i in ids if not isinstance(i, str)][0]}")
    return ids


def parse_options(
    *,
    split: Optional[str],
    difficulty: Union[str, Iterable[str], None],
    limit: Optional[int],
    ids: Optional[Iterable[str]],
    strict: bool,
    include_unjudgeable: bool,
    keep_original_split: bool,
    platform: Union[str, Iterable[str], None],
    start_date: Union[str, dt.date, None],
    end_date: Union[str, dt.date, None],
    release_version: Optional[str],
) -> Options:
    """The filters checked (in this order: the first error raises), dates parsed, choices as sets."""
    if split is not None and not isinstance(split, str):
        raise TypeError(f"Expected split to be a string such as 'train' or 'test', got {type(split).__name__}")
    expect_int("limit", limit, low=0, optional=True, expected="an integer >= 0 or None")
    checked_ids = _ids(ids)
    for name, value in (("strict", strict), ("include_unjudgeable", include_unjudgeable), ("keep_original_split", keep_original_split)):
        if not isinstance(value, bool):
            raise TypeError(f"Expected {name} to be True or False, got {value!r}")
    if release_version is not None and not isinstance(release_version, str):
        raise TypeError(f"Expected release_version to be a string such as 'release_v5', got {type(release_version).__name__}")
    if release_version is not None:
        livecodebench.release_files(release_version)
    start, end = _date("start_date", start_date), _date("end_date", end_date)
    if start and end and start > end:
        raise ValueError(f"Expected start_date <= end_date, got {start} > {end}")
    return Options(
        split=split,
        difficulty=_choices("difficulty", difficulty, DIFFICULTIES),
        limit=limit,
        ids=checked_ids,
        strict=strict,
        include_unjudgeable=include_unjudgeable,
        keep_original_split=keep_original_split,
        platform=_choices("platform", platform, livecodebench.PLATFORMS),
        start_date=start,
        end_date=end,
        release_version=release_version,
    )
