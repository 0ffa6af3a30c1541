"""Dataset loaders: one ``load(name_or_path, **filters)`` for the built-in set and every supported format.

The formats are one table (:mod:`~refine_env.problems.loaders.formats`): a new format is one
entry there plus the module that converts its records.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from refine_env._validation import did_you_mean
from refine_env.problems.builtin import load_builtin
from refine_env.problems.loaders import codecontests
from refine_env.problems.loaders._common import Context, Converted, Excluded, license_near
from refine_env.problems.loaders.formats import BY_NAME, FORMATS, Format, detect_format
from refine_env.problems.loaders.hub import hub_rows
from refine_env.problems.loaders.options import FILTERS, LCB_FILTERS, Options, parse_options
from refine_env.problems.loaders.report import LoadReport, ProblemList
from refine_env.problems.model import Problem, ProblemFormatError, UnknownProblemError
from refine_env.problems.separation import drop_public_repeats

__all__ = ["load", "LoadReport", "ProblemList", "FORMATS", "FILTERS", "LCB_FILTERS", "Format", "detect_format"]

logger = logging.getLogger(__name__)

Item = Tuple[str, Union[Converted, ProblemFormatError]]


# ---------------------------------------------------------------------------------------------
# Sources: where records come from


@dataclass(frozen=True)
class _Source:
    kind: str  # "builtin", "hf" or "path"
    format: str = ""
    path: Optional[Path] = None
    dataset_id: str = ""


def _resolve(name_or_path: Union[str, os.PathLike[str]]) -> _Source:
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise TypeError(f"Expected name_or_path to be 'builtin', 'hf:<dataset id>', 'FORMAT:PATH' or a path, got {type(name_or_path).__name__}")
    text = os.fspath(name_or_path)
    if text == "builtin":
        return _Source("builtin", format="builtin")
    if text.startswith("hf:"):
        dataset_id = text[3:].strip()
        if not dataset_id:
            raise ValueError("Expected a dataset id after 'hf:', such as 'hf:openai_humaneval', got nothing")
        return _Source("hf", dataset_id=dataset_id)
    fmt = None
    prefix, sep, rest = text.partition(":")
    if sep and prefix.isidentifier() and not Path(text).exists():
        if prefix not in FORMATS:
            raise ValueError(f"Expected a format among {FORMATS} before ':', got {prefix!r}.{did_you_mean(prefix, FORMATS)}")
        fmt, text = prefix, rest
    path = Path(text).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"Expected 'builtin', 'hf:<dataset id>', 'FORMAT:PATH' or an existing path, got {text!r} (no such file or directory)")
    if path.is_file() and codecontests.COMPANION_SUFFIX in path.name:
        main = path.with_name(path.name.replace(codecontests.COMPANION_SUFFIX, ""))
        if not main.is_file():
            raise FileNotFoundError(f"Expected {main.name} beside {path.name} (the companion only holds the public tests), got no such file")
        path = main
    return _Source("path", format=fmt or detect_format(path), path=path)


def _convert_all(records: Iterable[Tuple[str, Any]], fmt: Format, ctx: Context, opts: Options) -> Iterator[Item]:
    keep: Optional[Callable[[Any, str], bool]] = fmt.keep(opts) if fmt.keep is not None else None
    for where, record in records:
        if isinstance(record, ProblemFormatError):
            yield where, record
            continue
        try:
            if keep is not None and not keep(record, where):
                continue
            yield where, fmt.convert(record, where, ctx)
        except ProblemFormatError as exc:
            yield where, exc


def _hub_items(dataset_id: str, opts: Options, report: LoadReport) -> Iterator[Item]:
    fmt, rows, ctx = hub_rows(dataset_id, opts, report)
    yield from _convert_all(rows, fmt, ctx, opts)


def _items(source: _Source, opts: Options, report: LoadReport) -> Iterator[Item]:
    """``(where, problem, exclusion or error)`` for each record of the source, lazily."""
    if source.kind == "builtin":
        _check_filters_fit(source, "builtin", opts)
        report.format = "builtin"
        return ((f"builtin:{p.id}", p) for p in load_builtin(split=opts.split))
    if source.kind == "hf":
        if opts.release_version is not None and source.dataset_id.lower() not in ("livecodebench/code_generation_lite", "livecodebench/code_generation"):
            raise ValueError(f"Expected release_version only for LiveCodeBench, got hf:{source.dataset_id}")
        return _hub_items(source.dataset_id, opts, report)
    assert source.path is not None
    _check_filters_fit(source, source.format, opts)
    report.format = source.format
    fmt = BY_NAME[source.format]
    return _convert_all(fmt.read(source.path, opts, report), fmt, Context(license=license_near(source.path)), opts)


# ---------------------------------------------------------------------------------------------
# The pipeline: convert, de-duplicate, filter, exclude unjudgeable, limit


def _wanted(problem: Problem, opts: Options, fmt: str) -> bool:
    if opts.difficulty is not None and problem.difficulty not in opts.difficulty:
        return False
    if opts.ids is not None and problem.id not in opts.ids:
        return False
    entry = BY_NAME.get(fmt)
    if entry is None:
        return True
    if opts.split is not None and entry.splits and problem.split != opts.split:
        return False
    return entry.wanted is None or entry.wanted(problem, opts)


def _check_filters_fit(source: _Source, fmt: str, opts: Options) -> None:
    if fmt != "lcb" and opts.lcb_only:
        raise ValueError(f"Expected {', '.join(opts.lcb_only)} only for LiveCodeBench sources, got a {fmt} source")
    if opts.release_version is not None and source.kind == "path" and source.path is not None and source.path.is_file():
        raise ValueError(
            "Expected release_version with 'hf:livecodebench/code_generation_lite' or a folder of its test*.jsonl files, "
            f"got the single file {source.path.name}"
        )
    if opts.split is not None and source.kind == "path" and not BY_NAME[fmt].splits:
        raise ValueError(
            f"Expected split only for 'builtin', 'hf:' sources and MBPP files (whose task ids define splits), got split={opts.split!r} for a {fmt} file"
        )


def _reason(error: ProblemFormatError, where: str) -> str:
    """The error's message without the location that the report already gives beside it."""
    text = str(error)
    return text[len(where) + 2 :] if text.startswith(where + ": ") else text


def _missing_ids(opts: Options, seen: Mapping[str, Any], excluded: Mapping[str, str]) -> None:
    if opts.ids is None:
        return
    absent = [i for i in opts.ids if i not in seen and i not in excluded]
    if absent:
        pool = list(seen) + list(excluded)
        raise UnknownProblemError(f"Expected ids of problems in the source, got unknown {absent[:5]}.{did_you_mean(absent[0], pool)}")


@dataclass
class _Gather:
    """What a load keeps, skips and excludes, item by item."""

    opts: Options
    report: LoadReport
    problems: ProblemList = field(default_factory=ProblemList)
    seen: Dict[str, Tuple[str, Problem]] = field(default_factory=dict)
    excluded: Dict[str, str] = field(default_factory=dict)

    def add(self, where: str, item: Union[Converted, ProblemFormatError]) -> bool:
        """Take one item; False once the limit is reached (the rest of the source is not read)."""
        opts, report = self.opts, self.report
        if isinstance(item, ProblemFormatError):
            self._skip(where, item)
            return True
        if isinstance(item, Excluded):
            if opts.ids is None or item.id in opts.ids:
                self._exclude(item.id, item.reason)
            return True
        problem = self._first_of_its_id(where, item)
        if problem is None or not _wanted(problem, opts, report.format):
            return True
        problem = self._judgeable(problem)
        if problem is None:
            return True
        if opts.limit is not None and len(self.problems) >= opts.limit:
            report.notes.append(f"stopped reading at {where}: limit={opts.limit} reached")
            return False
        self.problems.append(problem)
        return True

    def _skip(self, where: str, error: ProblemFormatError) -> None:
        if self.opts.strict:
            raise error
        self.report.skipped.append((where, _reason(error, where)))
        logger.debug("skipped %s", error)

    def _exclude(self, pid: str, reason: str) -> None:
        self.excluded[pid] = reason
        self.report.excluded.append((pid, reason))

    def _first_of_its_id(self, where: str, problem: Problem) -> Optional[Problem]:
        """The problem, unless an earlier record had its id (the same content is skipped, other content is an error)."""
        if problem.id in self.seen:
            first_where, first = self.seen[problem.id]
            if problem == first:
                self.report.skipped.append((where, f"duplicate of {first_where} (same id {problem.id!r}, same content)"))
                return None
            self._skip(where, ProblemFormatError(f"{where}: duplicate problem id {problem.id!r} (first at {first_where}) with different content"))
            return None
        self.seen[problem.id] = (where, problem)
        return problem

    def _judgeable(self, problem: Problem) -> Optional[Problem]:
        """The problem with its hidden tests apart from the public ones, or None where it is excluded."""
        unconverted = problem.metadata.get("asserts_unconverted", 0)
        if unconverted:
            self.report.unconverted_asserts[problem.id] = unconverted
        if not problem.metadata.get("judgeable", True) and not self.opts.include_unjudgeable:
            self._exclude(problem.id, str(problem.metadata.get("unjudgeable_reason", "unjudgeable")))
            return None
        # The built-in set is written without public repeats (tests/test_research_validity.py checks
        # it); separating it again would decode every call input at every load (6 s, per env).
        if self.opts.keep_original_split or self.report.format == "builtin":
            return problem
        separated = drop_public_repeats(problem)
        if isinstance(separated, tuple):
            self.excluded[problem.id] = separated[1]
            self.report.excluded.append(separated)
            return None
        return separated


def load(
    name_or_path: Union[str, os.PathLike[str]],
    *,
    split: Optional[str] = None,
    difficulty: Union[str, Iterable[str], None] = None,
    limit: Optional[int] = None,
    ids: Optional[Iterable[str]] = None,
    strict: bool = True,
    include_unjudgeable: bool = False,
    keep_original_split: bool = False,
    platform: Union[str, Iterable[str], None] = None,
    start_date: Union[str, dt.date, None] = None,
    end_date: Union[str, dt.date, None] = None,
    release_version: Optional[str] = None,
    **unknown: Any,
) -> ProblemList:
    """Problems from the built-in set, this project's JSONL, a dataset file or folder, or the Hugging Face hub.

    ``name_or_path``: ``"builtin"``; a path (the format is detected from content and layout);
    ``"FORMAT:PATH"`` to name the format (one of :data:`FORMATS`); or ``"hf:<dataset id>"``.

    Filters: ``split`` (built-in, hf and MBPP), ``difficulty`` (one or several of easy, medium,
    hard, unknown), ``ids``, ``limit`` (at most this many, after the other filters). LiveCodeBench
    also takes ``platform``, ``start_date``/``end_date`` (contest date, inclusive) and
    ``release_version`` ("release_v1".."release_v6", "v1".."v6", "release_latest").

    Splits: a hidden test whose input is a public test's (whitespace-folded stdin, or the same
    argument values) is dropped, since a program that hard-codes the examples would pass it; a
    problem left without hidden tests is excluded (reason ``"no hidden test left"``).
    ``keep_original_split=True`` keeps the hidden tests as the dataset gives them, for exact
    comparison with published numbers (HumanEval's ``check`` runs every assert, examples included).

    ``strict=False`` skips malformed records instead of raising :class:`ProblemFormatError`;
    ``include_unjudgeable=True`` keeps problems that exact comparison cannot judge (marked
    ``metadata["judgeable"] = False``). The returned list's ``.report`` says what was skipped,
    excluded and why.
    """
    if unknown:
        name = sorted(unknown)[0]
        raise TypeError(f"Expected filters among {FILTERS}, got unknown {name!r}.{did_you_mean(name, FILTERS)}")
    opts = parse_options(split=split, difficulty=difficulty, limit=limit, ids=ids, strict=strict,
                         include_unjudgeable=include_unjudgeable, keep_original_split=keep_original_split,
                         platform=platform, start_date=start_date, end_date=end_date, release_version=release_version)
    source = _resolve(name_or_path)
    report = LoadReport(source=os.fspath(name_or_path))
    gather = _Gather(opts, report)
    for where, item in _items(source, opts, report):
        if not gather.add(where, item):
            break
    else:
        _missing_ids(opts, gather.seen, gather.excluded)
    if opts.include_unjudgeable and report.excluded:
        report.notes.append("the excluded problems have no test that could be judged or no hidden test apart from the public ones, so include_unjudgeable cannot return them")
    report.loaded = len(gather.problems)
    gather.problems.report = report
    logger.info("%s", report.summary())
    return gather.problems
