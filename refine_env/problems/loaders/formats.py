"""The dataset formats load() reads, as one table: a new format is one entry here plus its converter module.

Each :class:`Format` says how to recognise the format (``detect`` on a record, ``detect_path``
on a folder), how to read a file or folder into records (``read``) and how to turn one record
into a Problem (``convert``, in the format's own module). :data:`FORMATS` names them in table
order; detection tries them by ``rank``, then in table order.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple, Union

from refine_env.problems.loaders import apps, callbased, codecontests, kattis, livecodebench
from refine_env.problems.loaders._common import Context, Converted, read_records
from refine_env.problems.loaders.options import Options
from refine_env.problems.loaders.report import LoadReport
from refine_env.problems.model import Problem, ProblemFormatError

__all__ = ["Format", "TABLE", "FORMATS", "BY_NAME", "detect_format", "format_of_record", "data_files"]

Converter = Callable[[Any, str, Context], Converted]
Reader = Callable[[Path, Options, LoadReport], Iterator[Tuple[str, Any]]]
"""``(where, record)`` for each record of a file or folder; a record that cannot be read is a ProblemFormatError."""


@dataclass(frozen=True)
class Format:
    """One dataset format: how to recognise it, read its records and convert one."""

    name: str
    detect: Optional[Callable[[Mapping[str, Any]], bool]]
    """Whether a record (a JSON object) is of this format; None for a format of folders."""
    read: Reader
    convert: Converter
    detect_path: Optional[Callable[[Path], bool]] = None
    """Whether a folder is of this format by its layout (checked before its files' records)."""
    keep: Optional[Callable[[Options], Callable[[Any, str], bool]]] = None
    """Cheap checks of a record before it is converted (filters that apply to raw rows)."""
    wanted: Optional[Callable[[Problem, Options], bool]] = None
    """The format's own filters on a converted problem."""
    splits: bool = False
    """Records name their split (MBPP's task ids): ``split=`` selects among a file's records."""
    hub: Optional[Callable[[str, str, Options], Tuple[str, Dict[str, Any]]]] = None
    """For a known Hugging Face dataset of this format and a split: the hub split and ``load_dataset`` keywords."""
    rank: int = 0
    """Detection tries higher ranks first (table order among equals): formats of loosely shaped records
    (APPS' ``question`` + ``input_output``, DeepCoder's ``problem`` + ``tests``) rank lower, so that a
    record that also fits a stricter format is read as that one."""


_DATA_SUFFIXES = (".json", ".jsonl", ".json.gz", ".jsonl.gz")


def data_files(folder: Path) -> List[Path]:
    """The dataset files of a folder (DeepCoder's ``*_public_only`` companions are read with their main file)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(_DATA_SUFFIXES)
                  and codecontests.COMPANION_SUFFIX not in p.name)


def _files(read_one: Callable[[Path], Iterator[Tuple[str, Any]]]) -> Reader:
    """A reader of a file, or of each dataset file of a folder in name order."""

    def read(path: Path, opts: Options, report: LoadReport) -> Iterator[Tuple[str, Any]]:
        for f in data_files(path) if path.is_dir() else [path]:
            yield from read_one(f)

    return read


_records = _files(read_records)


def _refine_env(record: Any, where: str, ctx: Context) -> Converted:
    return Problem.from_dict(record, where=where)


def _deepcoder_tests(record: Mapping[str, Any]) -> Any:
    """DeepCoder's ``tests`` (a JSON string or a value), or None where it is not JSON."""
    tests = record.get("tests")
    if isinstance(tests, str):
        try:
            return json.loads(tests)
        except json.JSONDecodeError:
            return None
    return tests


def _is_codecontests(keys: Mapping[str, Any]) -> bool:
    if {"name", "description"} <= set(keys) and set(keys) & {"public_tests", "private_tests", "generated_tests"}:
        return True
    if "problem" in keys and "tests" in keys:
        tests = _deepcoder_tests(keys)
        return isinstance(tests, list) or (isinstance(tests, dict) and "functional" not in tests)
    return False


def _is_deepcoder_leetcode(keys: Mapping[str, Any]) -> bool:
    if "problem" in keys and "tests" in keys:
        tests = _deepcoder_tests(keys)
        return isinstance(tests, dict) and "functional" in tests
    return False


def _lcb_read(path: Path, opts: Options, report: LoadReport) -> Iterator[Tuple[str, Any]]:
    if not path.is_dir():
        yield from read_records(path)
        return
    files = livecodebench.folder_files(path, opts.release_version)
    report.notes.append(f"LiveCodeBench files: {', '.join(f.name for f in files)}")
    for f in files:
        yield from read_records(f)


def _lcb_keep(opts: Options) -> Callable[[Any, str], bool]:
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


def _lcb_wanted(problem: Problem, opts: Options) -> bool:
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


def _lcb_hub(dataset_id: str, split: str, opts: Options) -> Tuple[str, Dict[str, Any]]:
    if split != "test":
        raise ValueError(f"Expected split 'test' for {dataset_id} (its only split), got {split!r}")
    # The hub's loading script only picks files by release; reading those files directly
    # needs no remote code.
    return "train", {"data_files": list(livecodebench.release_files(opts.release_version or "release_latest"))}


def _keys(*names: str) -> Callable[[Mapping[str, Any]], bool]:
    wanted = set(names)
    return lambda record: wanted <= set(record)


TABLE: Tuple[Format, ...] = (
    Format("refine_env", lambda r: {"id", "statement"} <= set(r) and bool(set(r) & {"public_tests", "hidden_tests"}),
           _records, _refine_env),
    Format("lcb", _keys("question_content", "public_test_cases"), _lcb_read, livecodebench.convert,
           keep=_lcb_keep, wanted=_lcb_wanted, hub=_lcb_hub),
    Format("codecontests", _is_codecontests, _files(codecontests.deepcoder_records), codecontests.convert, rank=-2),
    Format("kattis", None, lambda path, opts, report: kattis.records(path), kattis.convert_package,
           detect_path=lambda folder: next(kattis.packages(folder), None) is not None),
    Format("apps", lambda r: {"question", "input_output", "problem_id"} <= set(r), _records, apps.apps,
           hub=lambda dataset_id, split, opts: (split, {"data_files": {split: f"{split}.jsonl"}}), rank=-1),
    Format("taco", lambda r: {"question", "input_output"} <= set(r) and "problem_id" not in r, _records, apps.taco, rank=-1),
    Format("humaneval", _keys("prompt", "canonical_solution", "entry_point", "test"), _records, callbased.humaneval),
    Format("mbpp", _keys("text", "code", "test_list"), _records, callbased.mbpp, splits=True),
    Format("leetcode", _keys("problem_description", "entry_point", "test"), _records, callbased.leetcode),
    Format("deepcoder_leetcode", _is_deepcoder_leetcode, _records, callbased.deepcoder_leetcode, rank=-2),
)
FORMATS = tuple(f.name for f in TABLE)
BY_NAME: Dict[str, Format] = {f.name: f for f in TABLE}
_DETECTION_ORDER = sorted(TABLE, key=lambda f: -f.rank)  # stable: table order among equal ranks


def format_of_record(record: Any) -> Optional[str]:
    """The first format (by rank, then table order) whose ``detect`` accepts ``record``, or None."""
    if not isinstance(record, dict):
        return None
    return next((f.name for f in _DETECTION_ORDER if f.detect is not None and f.detect(record)), None)


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


def detect_format(path: Union[str, os.PathLike[str]]) -> str:
    """The format of a dataset file or folder, from its content and layout."""
    p = Path(path)
    if p.is_dir():
        by_layout = next((f.name for f in TABLE if f.detect_path is not None and f.detect_path(p)), None)
        if by_layout is not None:
            return by_layout
        formats = {detect_format(f) for f in data_files(p)}
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
    fmt = format_of_record(first)
    if fmt is None:
        keys = sorted(first)[:12] if isinstance(first, dict) else type(first).__name__
        raise ProblemFormatError(f"{p}: expected a record of a known format {FORMATS}, got a first record with keys {keys}")
    return fmt
