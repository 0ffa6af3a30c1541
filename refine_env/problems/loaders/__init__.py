"""Dataset loaders: one ``load(name_or_path, **filters)`` for the built-in set and every supported format."""

from __future__ import annotations

import datetime as dt
import difflib
import gzip
import json
import logging
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from refine_env.problems.builtin import load_builtin
from refine_env.problems.loaders import apps, callbased, codecontests, kattis, livecodebench
from refine_env.problems.loaders._common import Context, Converted, Excluded, license_near, read_records
from refine_env.problems.model import DIFFICULTIES, Problem, ProblemFormatError
from refine_env.problems.separation import drop_public_repeats

__all__ = ["load", "LoadReport", "ProblemList", "FORMATS", "detect_format"]

logger = logging.getLogger(__name__)

Converter = Callable[[Any, str, Context], Converted]

_CONVERTERS: Dict[str, Converter] = {
    "lcb": livecodebench.convert,
    "humaneval": callbased.humaneval,
    "mbpp": callbased.mbpp,
    "leetcode": callbased.leetcode,
    "deepcoder_leetcode": callbased.deepcoder_leetcode,
    "apps": apps.apps,
    "taco": apps.taco,
}
FORMATS = ("refine_env", "lcb", "codecontests", "kattis", "apps", "taco", "humaneval", "mbpp", "leetcode", "deepcoder_leetcode")
LCB_FILTERS = ("platform", "start_date", "end_date", "release_version")
FILTERS = ("split", "difficulty", "limit", "ids", "strict", "include_unjudgeable", "keep_original_split") + LCB_FILTERS


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


@dataclass(frozen=True)
class _Options:
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
        close = difflib.get_close_matches(bad[0], allowed, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"Expected {name} among {allowed}, got {bad[0]!r}.{hint}")
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


def _options(
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
) -> _Options:
    if split is not None and not isinstance(split, str):
        raise TypeError(f"Expected split to be a string such as 'train' or 'test', got {type(split).__name__}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"Expected limit to be an integer >= 0 or None, got {limit!r}")
    if ids is not None:
        if isinstance(ids, str):
            raise TypeError(f"Expected ids to be a collection of problem ids, got the string {ids!r}; write ids=[{ids!r}]")
        ids = tuple(ids)
        if not all(isinstance(i, str) for i in ids):
            raise TypeError(f"Expected ids to be strings, got {[type(i).__name__ for i in ids if not isinstance(i, str)][0]}")
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
    return _Options(
        split=split,
        difficulty=_choices("difficulty", difficulty, DIFFICULTIES),
        limit=limit,
        ids=ids,
        strict=strict,
        include_unjudgeable=include_unjudgeable,
        keep_original_split=keep_original_split,
        platform=_choices("platform", platform, livecodebench.PLATFORMS),
        start_date=start,
        end_date=end,
        release_version=release_version,
    )


# ---------------------------------------------------------------------------------------------
# Format detection


def _first_json_value(path: Path) -> Any:
    """The first record of a JSONL file or JSON list, without reading the whole file."""
    opener = gzip.open if path.suffix == ".gz" else open
    decoder = json.JSONDecoder()
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        buffer, size = "", 1 << 16
        while True:
            chunk = fh.read(size)
            buffer += chunk
            size *= 2  # a huge first record costs a few decode attempts, not one per chunk
            text = buffer.lstrip()
            if text.startswith("["):
                text = text[1:].lstrip()
                if text.startswith("]"):
                    return None
            try:
                return decoder.raw_decode(text)[0]
            except json.JSONDecodeError:
                if not chunk:
                    return None


def _format_of_record(record: Any) -> Optional[str]:
    if not isinstance(record, dict):
        return None
    keys = set(record)
    if {"id", "statement"} <= keys and keys & {"public_tests", "hidden_tests"}:
        return "refine_env"
    if {"question_content", "public_test_cases"} <= keys:
        return "lcb"
    if {"prompt", "canonical_solution", "entry_point", "test"} <= keys:
        return "humaneval"
    if {"text", "code", "test_list"} <= keys:
        return "mbpp"
    if {"problem_description", "entry_point", "test"} <= keys:
        return "leetcode"
    if {"question", "input_output"} <= keys:
        return "apps" if "problem_id" in keys else "taco"
    if {"name", "description"} <= keys and keys & {"public_tests", "private_tests", "generated_tests"}:
        return "codecontests"
    if "problem" in keys and "tests" in keys:
        tests = record["tests"]
        if isinstance(tests, str):
            try:
                tests = json.loads(tests)
            except json.JSONDecodeError:
                return None
        if isinstance(tests, dict) and "functional" in tests:
            return "deepcoder_leetcode"
        if isinstance(tests, (dict, list)):
            return "codecontests"
    return None


_DATA_SUFFIXES = (".json", ".jsonl", ".json.gz", ".jsonl.gz")


def _data_files(folder: Path) -> List[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(_DATA_SUFFIXES))


def detect_format(path: Union[str, os.PathLike[str]]) -> str:
    """The format of a dataset file or folder, from its content and layout."""
    p = Path(path)
    if p.is_dir():
        if next(kattis.packages(p), None) is not None:
            return "kattis"
        files = [f for f in _data_files(p) if codecontests.COMPANION_SUFFIX not in f.name]
        formats = {detect_format(f) for f in files}
        if len(formats) == 1:
            return formats.pop()
        raise ProblemFormatError(
            f"{p}: expected a folder of Kattis packages or of one dataset's files, got "
            + (f"files of formats {sorted(formats)}" if formats else "no problem.yaml and no .json/.jsonl file")
        )
    try:
        first = _first_json_value(p)
    except UnicodeDecodeError:
        raise ProblemFormatError(f"{p}: expected a UTF-8 JSON or JSONL file, got binary data") from None
    fmt = _format_of_record(first)
    if fmt is None:
        keys = sorted(first)[:12] if isinstance(first, dict) else type(first).__name__
        raise ProblemFormatError(f"{p}: expected a record of a known format {FORMATS}, got a first record with keys {keys}")
    return fmt


# ---------------------------------------------------------------------------------------------
# Sources: where records come from


Item = Tuple[str, Union[Converted, ProblemFormatError]]


def _convert_all(records: Iterable[Tuple[str, Any]], convert: Converter, ctx: Context, keep: Optional[Callable[[Any, str], bool]] = None) -> Iterator[Item]:
    for where, record in records:
        if isinstance(record, ProblemFormatError):
            yield where, record
            continue
        try:
            if keep is not None and not keep(record, where):
                continue
            yield where, convert(record, where, ctx)
        except ProblemFormatError as exc:
            yield where, exc


def _refine_env_items(path: Path) -> Iterator[Item]:
    for where, record in read_records(path):
        if isinstance(record, ProblemFormatError):
            yield where, record
            continue
        try:
            yield where, Problem.from_dict(record, where=where)
        except ProblemFormatError as exc:
            yield where, exc


def _codecontests_convert(item: Any, where: str, ctx: Context) -> Converted:
    record = item.record if isinstance(item, codecontests.WithCompanion) else item
    if isinstance(record, dict) and "description" in record and "problem" not in record:
        return codecontests.deepmind(record, where, ctx)
    return codecontests.deepcoder(item, where, ctx)


def _lcb_keep(opts: _Options) -> Callable[[Any, str], bool]:
    """Cheap row checks before the private tests are decoded (the costly part of LiveCodeBench)."""

    def keep(record: Any, where: str) -> bool:
        if not isinstance(record, dict):
            return True
        if opts.ids is not None:
            # A requested row is always converted (an unknown id must be told apart from a
            # filtered one); the other filters then apply to the problem.
            return f"lcb/{record.get('question_id')}" in opts.ids
        if opts.platform and record.get("platform") not in opts.platform:
            return False
        if opts.difficulty and str(record.get("difficulty", "unknown")).lower() not in opts.difficulty:
            return False
        if opts.start_date or opts.end_date:
            date = livecodebench.contest_date(record, where)
            if date is None or (opts.start_date and date < opts.start_date) or (opts.end_date and date > opts.end_date):
                return False
        return True

    return keep


_KATTIS_LICENSE_LEVELS = 5


def _file_items(fmt: str, path: Path, opts: _Options, report: LoadReport) -> Iterator[Item]:
    if fmt == "kattis":
        # Ids are paths under the archive root (the folder of its LICENSE, which sits above
        # codejam/2008/round/problem), else under the folder loaded.
        fallback = path.parent if kattis.is_package(path) else path
        for folder in kattis.packages(path):
            where = str(folder)
            root = kattis.archive_root(folder, fallback, levels=_KATTIS_LICENSE_LEVELS)
            pid = kattis.problem_id(folder, root)
            try:
                yield where, kattis.convert(folder, where, Context(license=license_near(folder, levels=_KATTIS_LICENSE_LEVELS)), pid=pid)
            except ProblemFormatError as exc:
                yield where, exc
        return
    if fmt == "lcb" and path.is_dir():
        files = livecodebench.folder_files(path, opts.release_version)
        report.notes.append(f"LiveCodeBench files: {', '.join(f.name for f in files)}")
        for f in files:
            yield from _convert_all(read_records(f), livecodebench.convert, Context(license=license_near(f)), _lcb_keep(opts))
        return
    if path.is_dir():
        files = [f for f in _data_files(path) if codecontests.COMPANION_SUFFIX not in f.name]
        for f in files:
            yield from _file_items(fmt, f, opts, report)
        return
    ctx = Context(license=license_near(path))
    if fmt == "refine_env":
        yield from _refine_env_items(path)
    elif fmt == "codecontests":
        yield from _convert_all(codecontests.deepcoder_records(path), _codecontests_convert, ctx)
    elif fmt == "lcb":
        yield from _convert_all(read_records(path), livecodebench.convert, ctx, _lcb_keep(opts))
    else:
        yield from _convert_all(read_records(path), _CONVERTERS[fmt], ctx)


# Hugging Face datasets this loader knows: (format, default split, license, load_dataset keywords).
_HF_KNOWN: Dict[str, Tuple[str, str, str, Dict[str, Any]]] = {
    "livecodebench/code_generation_lite": ("lcb", "test", "", {}),
    "livecodebench/code_generation": ("lcb", "test", "", {}),
    "deepmind/code_contests": ("codecontests", "test", "CC-BY-4.0", {}),
    "codeparrot/apps": ("apps", "test", "MIT", {}),
    "baai/taco": ("taco", "test", "Apache-2.0", {}),
    "openai_humaneval": ("humaneval", "test", "MIT", {}),
    "openai/openai_humaneval": ("humaneval", "test", "MIT", {}),
    "mbpp": ("mbpp", "test", "CC-BY-4.0", {}),
    "google-research-datasets/mbpp": ("mbpp", "test", "CC-BY-4.0", {}),
    "newfacade/leetcodedataset": ("leetcode", "test", "", {}),
}


_LOCAL_FILES_HINT = "or load local files instead: a path or FORMAT:PATH such as humaneval:HumanEval.jsonl.gz (docs/datasets.md)"


def _hub_offline() -> bool:
    return any(os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")
               for name in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE"))


def _check_hub_reachable(dataset_id: str) -> None:
    """Fail in a second, not after datasets' retries (half a minute), when the Hub cannot be reached."""
    import socket
    import urllib.parse

    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    parts = urllib.parse.urlsplit(endpoint)
    port = parts.port or (80 if parts.scheme == "http" else 443)
    try:
        socket.create_connection((parts.hostname or "", port), timeout=3.0).close()
    except OSError as exc:
        raise ConnectionError(
            f"Expected the Hugging Face Hub ({endpoint}) to be reachable for 'hf:{dataset_id}', got "
            f"{exc.strerror or type(exc).__name__}: set HF_DATASETS_OFFLINE=1 to read the local Hugging Face cache, "
            f"{_LOCAL_FILES_HINT}"
        ) from None


def _hf_rows(dataset_id: str, opts: _Options, report: LoadReport) -> Tuple[str, Iterator[Tuple[str, Any]], Context]:
    try:
        import datasets  # optional dependency, imported only for hf: sources
    except ImportError:
        raise ImportError(f"Loading 'hf:{dataset_id}' needs the Hugging Face datasets package: pip install refine-env[hf]") from None
    offline = _hub_offline()
    if not offline:
        _check_hub_reachable(dataset_id)
    known = _HF_KNOWN.get(dataset_id.lower())
    fmt, default_split, license_name, kwargs = known if known else ("", "test", "", {})
    split = opts.split or default_split
    kwargs = dict(kwargs)
    if fmt == "lcb":
        if split != "test":
            raise ValueError(f"Expected split 'test' for {dataset_id} (its only split), got {split!r}")
        # The hub's loading script only picks files by release; reading those files directly
        # needs no remote code.
        kwargs["data_files"] = list(livecodebench.release_files(opts.release_version or "release_latest"))
        hf_split = "train"
    else:
        hf_split = split
    if fmt in ("apps",):
        kwargs["data_files"] = {split: f"{split}.jsonl"}
    logger.info("loading hf:%s split=%s %s", dataset_id, hf_split, kwargs)
    try:
        dataset = datasets.load_dataset(dataset_id, split=hf_split, **kwargs)
    except ConnectionError:
        if not offline:
            raise
        raise ConnectionError(f"Expected 'hf:{dataset_id}' in the local Hugging Face cache (HF_DATASETS_OFFLINE or HF_HUB_OFFLINE "
                              f"is set), got no copy there: download it where the Hub is reachable, {_LOCAL_FILES_HINT}") from None
    rows = iter(dataset)
    first = next(rows, None)
    if not fmt:
        fmt = _format_of_record(first) or ""
        if not fmt:
            keys = sorted(first)[:12] if isinstance(first, dict) else type(first).__name__
            raise ProblemFormatError(f"hf:{dataset_id}: expected rows of a known format {FORMATS}, got a first row with keys {keys}")
    report.format = fmt

    def numbered() -> Iterator[Tuple[str, Any]]:
        if first is None:
            return
        yield f"hf:{dataset_id}[{split}][0]", dict(first)
        for i, row in enumerate(rows, start=1):
            yield f"hf:{dataset_id}[{split}][{i}]", dict(row)

    return fmt, numbered(), Context(license=license_name, split=split)


def _hf_items(dataset_id: str, opts: _Options, report: LoadReport) -> Iterator[Item]:
    fmt, rows, ctx = _hf_rows(dataset_id, opts, report)
    if fmt == "refine_env":
        for where, row in rows:
            try:
                yield where, Problem.from_dict(row, where=where)
            except ProblemFormatError as exc:
                yield where, exc
    elif fmt == "codecontests":
        yield from _convert_all(rows, _codecontests_convert, ctx)
    elif fmt == "lcb":
        yield from _convert_all(rows, livecodebench.convert, ctx, _lcb_keep(opts))
    else:
        yield from _convert_all(rows, _CONVERTERS[fmt], ctx)


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
            close = difflib.get_close_matches(prefix, FORMATS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"Expected a format among {FORMATS} before ':', got {prefix!r}.{hint}")
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


# ---------------------------------------------------------------------------------------------
# The pipeline: convert, de-duplicate, filter, exclude unjudgeable, limit


def _wanted(problem: Problem, opts: _Options, fmt: str) -> bool:
    if opts.difficulty is not None and problem.difficulty not in opts.difficulty:
        return False
    if opts.ids is not None and problem.id not in opts.ids:
        return False
    if opts.split is not None and fmt == "mbpp" and problem.split != opts.split:
        return False
    if fmt == "lcb":
        meta = problem.metadata
        if opts.platform is not None and meta.get("platform") not in opts.platform:
            return False
        date = dt.date.fromisoformat(meta["contest_date"]) if meta.get("contest_date") else None
        if (opts.start_date or opts.end_date) and date is None:
            return False
        if opts.start_date and date and date < opts.start_date:
            return False
        if opts.end_date and date and date > opts.end_date:
            return False
    return True


def _check_filters_fit(source: _Source, fmt: str, opts: _Options) -> None:
    if fmt != "lcb" and opts.lcb_only:
        raise ValueError(f"Expected {', '.join(opts.lcb_only)} only for LiveCodeBench sources, got a {fmt} source")
    if opts.release_version is not None and source.kind == "path" and source.path is not None and source.path.is_file():
        raise ValueError(
            "Expected release_version with 'hf:livecodebench/code_generation_lite' or a folder of its test*.jsonl files, "
            f"got the single file {source.path.name}"
        )
    if opts.split is not None and source.kind == "path" and fmt != "mbpp":
        raise ValueError(
            f"Expected split only for 'builtin', 'hf:' sources and MBPP files (whose task ids define splits), got split={opts.split!r} for a {fmt} file"
        )


def _reason(error: ProblemFormatError, where: str) -> str:
    """The error's message without the location that the report already gives beside it."""
    text = str(error)
    return text[len(where) + 2 :] if text.startswith(where + ": ") else text


def _missing_ids(opts: _Options, seen: Mapping[str, Any], excluded: Mapping[str, str]) -> None:
    if opts.ids is None:
        return
    absent = [i for i in opts.ids if i not in seen and i not in excluded]
    if absent:
        pool = list(seen) + list(excluded)
        close = difflib.get_close_matches(absent[0], pool, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise KeyError(f"Expected ids of problems in the source, got unknown {absent[:5]}.{hint}")


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
        close = difflib.get_close_matches(name, FILTERS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise TypeError(f"Expected filters among {FILTERS}, got unknown {name!r}.{hint}")
    opts = _options(split, difficulty, limit, ids, strict, include_unjudgeable, keep_original_split, platform, start_date, end_date, release_version)
    source = _resolve(name_or_path)
    report = LoadReport(source=os.fspath(name_or_path))
    if source.kind == "builtin":
        _check_filters_fit(source, "builtin", opts)
        items: Iterator[Item] = ((f"builtin:{p.id}", p) for p in load_builtin(split=opts.split))
        report.format = "builtin"
    elif source.kind == "hf":
        if opts.release_version is not None and source.dataset_id.lower() not in ("livecodebench/code_generation_lite", "livecodebench/code_generation"):
            raise ValueError(f"Expected release_version only for LiveCodeBench, got hf:{source.dataset_id}")
        items = _hf_items(source.dataset_id, opts, report)
    else:
        assert source.path is not None
        _check_filters_fit(source, source.format, opts)
        report.format = source.format
        items = _file_items(source.format, source.path, opts, report)
    problems = ProblemList()
    seen: Dict[str, Tuple[str, Problem]] = {}
    excluded: Dict[str, str] = {}
    stopped_early = False
    for where, item in items:
        if isinstance(item, ProblemFormatError):
            if opts.strict:
                raise item
            report.skipped.append((where, _reason(item, where)))
            logger.debug("skipped %s", item)
            continue
        if isinstance(item, Excluded):
            if opts.ids is None or item.id in opts.ids:
                excluded[item.id] = item.reason
                report.excluded.append((item.id, item.reason))
            continue
        problem = item
        if problem.id in seen:
            first_where, first = seen[problem.id]
            if problem == first:
                report.skipped.append((where, f"duplicate of {first_where} (same id {problem.id!r}, same content)"))
                continue
            error = ProblemFormatError(f"{where}: duplicate problem id {problem.id!r} (first at {first_where}) with different content")
            if opts.strict:
                raise error
            report.skipped.append((where, _reason(error, where)))
            continue
        seen[problem.id] = (where, problem)
        if not _wanted(problem, opts, report.format):
            continue
        unconverted = problem.metadata.get("asserts_unconverted", 0)
        if unconverted:
            report.unconverted_asserts[problem.id] = unconverted
        if not problem.metadata.get("judgeable", True):
            reason = str(problem.metadata.get("unjudgeable_reason", "unjudgeable"))
            if not opts.include_unjudgeable:
                excluded[problem.id] = reason
                report.excluded.append((problem.id, reason))
                continue
        # The built-in set is written without public repeats (tests/test_research_validity.py checks
        # it); separating it again would decode every call input at every load (6 s, per env).
        if not opts.keep_original_split and report.format != "builtin":
            separated = drop_public_repeats(problem)
            if isinstance(separated, tuple):
                excluded[problem.id] = separated[1]
                report.excluded.append(separated)
                continue
            problem = separated
        if opts.limit is not None and len(problems) >= opts.limit:
            stopped_early = True
            report.notes.append(f"stopped reading at {where}: limit={opts.limit} reached")
            break
        problems.append(problem)
    if not stopped_early:
        _missing_ids(opts, seen, excluded)
    if opts.include_unjudgeable and report.excluded:
        report.notes.append("the excluded problems have no test that could be judged or no hidden test apart from the public ones, so include_unjudgeable cannot return them")
    report.loaded = len(problems)
    problems.report = report
    logger.info("%s", report.summary())
    return problems
