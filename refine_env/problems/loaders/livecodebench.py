"""LiveCodeBench ``code_generation_lite`` rows, with compressed private tests decoded without running pickle code."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import json
import pickle
import zlib
from pathlib import Path
from typing import Any, Dict, List, NoReturn, Optional, Sequence, Tuple

from refine_env._validation import did_you_mean
from refine_env.problems.loaders._common import (
    LEETCODE_PRELUDE,
    Context,
    Converted,
    build_problem,
    fail,
    field_of,
    tolerance_from_statement,
)
from refine_env.problems.model import ProblemFormatError
from refine_env.sandbox.codec import CodecError, encode, encode_args
from refine_env.sandbox.types import TestCase

__all__ = ["convert", "decode_private_tests", "RELEASE_FILES", "release_files", "contest_date", "PLATFORMS", "SafeUnpickler"]

PLATFORMS = ("leetcode", "atcoder", "codeforces")
# Each release adds one file on the hub (code_generation_lite.py): release_vN is test.jsonl ..
# testN.jsonl, and vN alone is the problems that release added.
RELEASE_FILES: Dict[str, Tuple[str, ...]] = {
    f"release_v{n}": tuple("test.jsonl" if i == 1 else f"test{i}.jsonl" for i in range(1, n + 1)) for n in range(1, 7)
}
RELEASE_FILES.update({f"v{n}": ("test.jsonl" if n == 1 else f"test{n}.jsonl",) for n in range(1, 7)})
# LiveCodeBench's own grader gives each test 6 seconds.
_TIME_LIMIT_S = 6.0
_MAX_DECOMPRESSED = 1 << 31


def release_files(version: str) -> Tuple[str, ...]:
    """The hub files of a release tag; "release_latest" is every ``test*.jsonl``."""
    if version == "release_latest":
        return ("test*.jsonl",)
    if version not in RELEASE_FILES:
        hint = did_you_mean(version, list(RELEASE_FILES) + ["release_latest"])
        raise ValueError(f"Expected release_version to be one of {sorted(RELEASE_FILES) + ['release_latest']}, got {version!r}.{hint}")
    return RELEASE_FILES[version]


class SafeUnpickler(pickle.Unpickler):
    """An unpickler that loads plain data only: every global (class, function) is refused.

    A pickle of a str, list or dict needs no global; a pickle that names one (``os.system``,
    ``builtins.eval``, any class) is the only way a pickle can run code, so it is rejected before
    anything is called.
    """

    def find_class(self, module: str, name: str) -> NoReturn:
        raise pickle.UnpicklingError(f"global {module}.{name} refused (unpickling it could run code)")

    def persistent_load(self, pid: Any) -> NoReturn:
        raise pickle.UnpicklingError("persistent id refused")


def _fail_private(where: str, why: str) -> ProblemFormatError:
    return ProblemFormatError(
        f"{where}: field 'private_test_cases': expected a JSON list or base64 of zlib of a pickle of one, got {why}"
    )


def decode_private_tests(raw: Any, where: str) -> Any:
    """The private tests of a row: plain JSON text, or base64(zlib(pickle(JSON text))) as on the hub."""
    if isinstance(raw, list):
        return raw
    if not isinstance(raw, str):
        raise fail(where, "private_test_cases", "a string", raw)
    text = raw.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise _fail_private(where, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    try:
        packed = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _fail_private(where, "text that is neither JSON nor base64") from None
    try:
        inflater = zlib.decompressobj()
        pickled = inflater.decompress(packed, _MAX_DECOMPRESSED)
        if inflater.unconsumed_tail:
            raise _fail_private(where, f"more than {_MAX_DECOMPRESSED} bytes once decompressed")
    except zlib.error as exc:
        raise _fail_private(where, f"base64 that is not zlib data ({exc})") from None
    try:
        value = SafeUnpickler(io.BytesIO(pickled)).load()
    except pickle.UnpicklingError as exc:
        raise _fail_private(where, f"a pickle that is not plain data: {exc}") from None
    except Exception as exc:  # a truncated or corrupt pickle raises EOFError, ValueError, ...
        raise _fail_private(where, f"a corrupt pickle ({type(exc).__name__}: {exc})") from None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        raise _fail_private(where, f"a pickle of a {type(value).__name__}, not of JSON text")
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise _fail_private(where, f"a pickle of invalid JSON ({exc.msg} at column {exc.colno})") from None


def _json_field(record: Dict[str, Any], key: str, where: str, expected: str, default: Any) -> Any:
    raw = record.get(key, default)
    if raw is None or raw == "":
        return default
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise fail(where, key, f"{expected} ({exc.msg} at column {exc.colno})", raw) from None
    return raw


def _functional(item_input: str, item_output: str, where: str, path: str) -> TestCase:
    """A functional test: each input line one JSON argument, the output one JSON value."""
    try:
        args = [json.loads(line) for line in item_input.split("\n") if line.strip()]
    except json.JSONDecodeError as exc:
        raise fail(where, f"{path}.input", f"one JSON value per line ({exc.msg})", item_input) from None
    try:
        expected = json.loads(item_output)
    except json.JSONDecodeError as exc:
        raise fail(where, f"{path}.output", f"a JSON value ({exc.msg})", item_output) from None
    try:
        return TestCase(encode_args(args), encode(expected))
    except CodecError as exc:
        raise fail(where, path, f"values the call codec can encode ({exc})", item_input) from None


def _tests(items: Any, where: str, path: str) -> Tuple[List[TestCase], Optional[str]]:
    if not isinstance(items, list):
        raise fail(where, path, "a list of {input, output, testtype}", items)
    tests: List[TestCase] = []
    kinds = set()
    for i, item in enumerate(items):
        p = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise fail(where, p, "an object with input, output and testtype", item)
        inp = field_of(item, "input", str, where, "a string", path=p + ".")
        out = field_of(item, "output", str, where, "a string", path=p + ".")
        kind = field_of(item, "testtype", str, where, "'stdin' or 'functional'", path=p + ".")
        if kind not in ("stdin", "functional"):
            raise fail(where, f"{p}.testtype", "'stdin' or 'functional'", kind)
        kinds.add(kind)
        tests.append(_functional(inp, out, where, p) if kind == "functional" else TestCase(inp, out))
    if len(kinds) > 1:
        raise fail(where, path, "tests of one testtype", sorted(kinds))
    return tests, (kinds.pop() if kinds else None)


def contest_date(record: Any, where: str) -> Optional[dt.date]:
    raw = record.get("contest_date") if isinstance(record, dict) else None
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise fail(where, "contest_date", "an ISO date string", raw)
    try:
        return dt.datetime.fromisoformat(raw.strip().replace("Z", "")[:19]).date()
    except ValueError:
        raise fail(where, "contest_date", "an ISO date string like '2023-08-21T00:00:00'", raw) from None


def convert(record: Any, where: str, ctx: Context) -> Converted:
    """One ``code_generation_lite`` row."""
    if not isinstance(record, dict):
        raise fail(where, "<record>", "a JSON object", record)
    question_id = field_of(record, "question_id", (str, int), where, "a string")
    title = field_of(record, "question_title", str, where, "a string", required=False, default="")
    content = field_of(record, "question_content", str, where, "a string")
    platform = field_of(record, "platform", str, where, f"one of {PLATFORMS}", required=False, default="")
    difficulty = field_of(record, "difficulty", str, where, "easy, medium or hard", required=False, default="unknown").lower()
    starter = field_of(record, "starter_code", str, where, "a string", required=False, default="")
    date = contest_date(record, where)
    metadata_raw = _json_field(record, "metadata", where, "a JSON object", {})
    if not isinstance(metadata_raw, dict):
        raise fail(where, "metadata", "a JSON object", metadata_raw)
    public, public_kind = _tests(_json_field(record, "public_test_cases", where, "a JSON list", []), where, "public_test_cases")
    private, private_kind = _tests(decode_private_tests(record.get("private_test_cases", ""), where), where, "private_test_cases")
    if public_kind and private_kind and public_kind != private_kind:
        raise fail(where, "private_test_cases", f"{public_kind} tests like public_test_cases", private_kind)
    kind = public_kind or private_kind
    if kind is None:
        raise fail(where, "public_test_cases", "at least one test", [])
    entry = None
    prelude = None
    if kind == "functional":
        func = metadata_raw.get("func_name")
        if not isinstance(func, str) or not func.isidentifier():
            raise fail(where, "metadata.func_name", "the function name for functional tests", func)
        entry = f"Solution.{func}" if "class Solution" in starter else func
        prelude = LEETCODE_PRELUDE
    metadata: Dict[str, Any] = {
        "split_method": "the dataset's public_test_cases public, private_test_cases hidden",
        "platform": platform,
        "contest_id": record.get("contest_id"),
        "contest_date": date.isoformat() if date else None,
        "split": ctx.split or "test",
    }
    if prelude:
        metadata["prelude"] = prelude
    if not private:
        metadata["split_method"] = "no private tests: hidden repeats the public tests"
    tol = tolerance_from_statement(content) if kind == "functional" else None
    checker = "json" if kind == "functional" else "tokens"
    if tol is not None:
        checker = f"float:abs={tol:g},rel={tol:g}"
    return build_problem(
        where,
        id=f"lcb/{question_id}",
        title=title,
        statement=content,
        kind="call" if kind == "functional" else "stdin",
        entry_point=entry,
        starter_code=starter or None,
        public_tests=tuple(public),
        hidden_tests=tuple(private or public),
        time_limit_s=_TIME_LIMIT_S,
        memory_limit_mb=1024 if platform == "atcoder" else 256,
        checker=checker,
        source=f"LiveCodeBench ({platform})" if platform else "LiveCodeBench",
        license=ctx.license,
        difficulty=difficulty if difficulty in ("easy", "medium", "hard") else "unknown",
        metadata=metadata,
    )


def folder_files(folder: Path, release_version: Optional[str]) -> List[Path]:
    """The ``test*.jsonl`` files of a local copy of the hub folder that a release tag selects."""
    names: Sequence[str]
    if release_version is None or release_version == "release_latest":
        present = sorted(folder.glob("test*.jsonl"), key=lambda p: (len(p.name), p.name))
        return present
    names = release_files(release_version)
    paths = [folder / n for n in names]
    absent = [p.name for p in paths if not p.is_file()]
    if absent:
        raise FileNotFoundError(f"Expected {', '.join(names)} in {folder} for release_version={release_version!r}, got no {', '.join(absent)}")
    return paths
