"""A check the loader tests share: a malformed record raises under strict=True and is skipped, with the same reason, under strict=False."""

from __future__ import annotations

import os
from typing import List, Optional, Sequence, Tuple, Union

import pytest

from refine_env.problems import ProblemFormatError, load
from refine_env.problems.loaders import ProblemList

Source = Union[str, "os.PathLike[str]"]


def strict_then_loose(source: Source, error: str, *, ids: Optional[Sequence[str]] = None,
                      skipped: Optional[List[Tuple[str, str]]] = None, loose_source: Optional[Source] = None) -> ProblemList:
    """``load(source)`` raises exactly ``error``; ``load(loose_source or source, strict=False)`` loads ``ids`` and reports ``skipped``."""
    with pytest.raises(ProblemFormatError) as excinfo:
        load(source)
    assert str(excinfo.value) == error
    loose = load(source if loose_source is None else loose_source, strict=False)
    if ids is not None:
        assert [p.id for p in loose] == list(ids)
    if skipped is not None:
        assert loose.report.skipped == skipped
    return loose
