"""CodeContests: DeepCoder/rLLM's packaging (with its ``*_public_only.json`` companion) and DeepMind's own fields."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from refine_env.problems.loaders._common import (
    Context,
    Converted,
    build_problem,
    case_insensitive_answers,
    fail,
    field_of,
    multiple_answers_reason,
    read_records,
    short_hash,
    slug,
    split_first_k,
    title_from_text,
    unjudgeable,
)
from refine_env.problems.model import ProblemFormatError, Solution
from refine_env.sandbox.types import TestCase

__all__ = ["convert", "deepcoder", "deepmind", "deepcoder_records", "companion_of", "difficulty_of", "parse_limits", "statement_examples"]

COMPANION_SUFFIX = "_public_only"
_DEFAULT_TIME_S = 2.0
_DEFAULT_MEMORY_MB = 256

# DeepMind's ContestProblem.Difficulty enum (contest_problem.proto): 1-5 named grades, 7+ the
# Codeforces problem letter (A=7, B=8, ..., K=17, L=19, ...).
_ENUM_DIFFICULTY = {1: "easy", 2: "medium", 3: "hard", 4: "hard", 5: "hard", 7: "easy", 8: "easy", 9: "medium", 10: "medium"}


def difficulty_of(enum_value: Optional[int], cf_rating: Optional[int] = None) -> str:
    """easy/medium/hard from cf_rating where known (<=1300 easy, <=2000 medium), else from the enum."""
    if isinstance(cf_rating, int) and cf_rating > 0:
        return "easy" if cf_rating <= 1300 else "medium" if cf_rating <= 2000 else "hard"
    if not isinstance(enum_value, int) or isinstance(enum_value, bool):
        return "unknown"
    if enum_value >= 11:
        return "hard"
    return _ENUM_DIFFICULTY.get(enum_value, "unknown")


_TIME_LINE = re.compile(r"^[ \t]*Time Limit:[ \t]*(.*?)[ \t]*$", re.M | re.I)
_MEMORY_LINE = re.compile(r"^[ \t]*Memory Limit:[ \t]*(.*?)[ \t]*$", re.M | re.I)


def _seconds(text: str) -> Optional[float]:
    seconds = re.search(r"['\"]seconds['\"]\s*:\s*(\d+)", text)
    if seconds:
        nanos = re.search(r"['\"]nanos['\"]\s*:\s*(\d+)", text)
        return int(seconds.group(1)) + (int(nanos.group(1)) / 1e9 if nanos else 0.0)
    plain = re.match(r"([\d.]+)\s*(?:s|sec|secs|seconds?)\b", text)
    return float(plain.group(1)) if plain else None


def _megabytes(text: str) -> Optional[int]:
    m = re.match(r"(\d+)\s*bytes\b", text, re.I)
    if m:
        # The dataset writes Codeforces' "256 megabytes" as 256000000 bytes.
        return max(1, round(int(m.group(1)) / 1_000_000))
    m = re.match(r"([\d.]+)\s*(?:mb|megabytes?)\b", text, re.I)
    return max(1, round(float(m.group(1)))) if m else None


def parse_limits(statement: str) -> Tuple[str, Optional[float], Optional[int]]:
    """The statement without its trailing ``Time Limit:``/``Memory Limit:`` lines, and their values."""
    time_s = memory_mb = None
    m = _TIME_LINE.search(statement)
    if m:
        time_s = _seconds(m.group(1))
    m2 = _MEMORY_LINE.search(statement)
    if m2:
        memory_mb = _megabytes(m2.group(1))
    cut = min((x.start() for x in (m, m2) if x is not None), default=len(statement))
    if statement[cut:].strip() and (m or m2):
        tail = _MEMORY_LINE.sub("", _TIME_LINE.sub("", statement[cut:])).strip()
        if tail:
            # The limit lines are not at the end: keep the text, only read the values.
            return statement.strip(), time_s, memory_mb
    return statement[:cut].strip(), time_s, memory_mb


def _string_list(value: Any, where: str, path: str) -> List[str]:
    if not isinstance(value, list):
        raise fail(where, path, "a list of strings", value)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise fail(where, f"{path}[{i}]", "a string", item)
    return value


def _pairs(value: Any, where: str, path: str, in_key: str, out_key: str) -> List[TestCase]:
    """Tests from ``{in_key: [...], out_key: [...]}`` (column form) or ``[{"input", "output"}, ...]``."""
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise fail(where, path, f"an object with {in_key!r} and {out_key!r} lists (or its JSON)", value) from None
    if isinstance(value, list):
        tests = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise fail(where, f"{path}[{i}]", "an object with 'input' and 'output'", item)
            tests.append(TestCase(field_of(item, "input", str, where, "a string", path=f"{path}[{i}]."), field_of(item, "output", str, where, "a string", path=f"{path}[{i}].")))
        return tests
    if not isinstance(value, dict):
        raise fail(where, path, f"an object with {in_key!r} and {out_key!r} lists", value)
    if in_key not in value:
        raise ProblemFormatError(f"{where}: field {path + '.' + in_key!r}: missing (expected a list of strings)")
    if out_key not in value:
        raise ProblemFormatError(f"{where}: field {path + '.' + out_key!r}: missing (expected a list of strings)")
    inputs = _string_list(value[in_key], where, f"{path}.{in_key}")
    outputs = _string_list(value[out_key], where, f"{path}.{out_key}")
    if len(inputs) != len(outputs):
        raise fail(where, f"{path}.{out_key}", f"{len(inputs)} outputs, one per input", f"{len(outputs)} outputs")
    return [TestCase(i, o) for i, o in zip(inputs, outputs)]


@dataclass(frozen=True)
class WithCompanion:
    """A DeepCoder record and its record in the ``*_public_only.json`` companion (same index)."""

    record: Any
    companion_where: Optional[str]
    companion: Any


def companion_of(path: Path) -> Optional[Path]:
    """``code_contests_public_only.json`` beside ``code_contests.json``, if it exists."""
    name = path.name
    for ext in (".jsonl.gz", ".json.gz", ".jsonl", ".json"):
        if name.endswith(ext):
            other = path.with_name(name[: -len(ext)] + COMPANION_SUFFIX + ext)
            return other if other.is_file() else None
    return None


def deepcoder_records(path: Path) -> Iterator[Tuple[str, Any]]:
    """Records of a DeepCoder CodeContests file, each paired with its companion record where one exists."""
    companion_path = companion_of(path)
    companions: List[Tuple[str, Any]] = list(read_records(companion_path)) if companion_path else []
    main = list(read_records(path))
    if companion_path is not None and len(companions) != len(main):
        raise ProblemFormatError(f"{companion_path}: expected {len(main)} records, one per record of {path.name}, got {len(companions)}")
    for i, (where, record) in enumerate(main):
        if isinstance(record, ProblemFormatError):
            yield where, record
            continue
        cwhere, crecord = companions[i] if companions else (None, None)
        yield where, WithCompanion(record, cwhere, crecord)


_EXAMPLES = re.compile(r"^[ \t]*Examples?[ \t]*$", re.M)
_EXAMPLE_END = re.compile(r"^[ \t]*(?:Note|Notes|Explanation|Time Limit:.*)[ \t]*$", re.M)
_EXAMPLE_PART = re.compile(r"^[ \t]*(Input|Output)[ \t]*$", re.M)


def statement_examples(statement: str) -> List[Tuple[str, str]]:
    """The ``Input``/``Output`` pairs of a CodeContests statement's Example(s) section, whitespace-normalised."""
    m = _EXAMPLES.search(statement)
    if not m:
        return []
    section = statement[m.end() :]
    end = _EXAMPLE_END.search(section)
    section = section[: end.start()] if end else section
    parts = _EXAMPLE_PART.split(section)[1:]
    pairs: List[Tuple[str, str]] = []
    for i in range(0, len(parts) - 3, 4):
        if parts[i] == "Input" and parts[i + 2] == "Output":
            pairs.append((" ".join(parts[i + 1].split()), " ".join(parts[i + 3].split())))
    return pairs


def _leading_examples(examples: Sequence[Tuple[str, str]], tests: Sequence[TestCase]) -> int:
    """How many leading tests have an input that the statement shows as an example."""
    shown = {inp for inp, _ in examples}
    k = 0
    for t in tests:
        if " ".join(t.input.split()) not in shown:
            break
        k += 1
    return max(k, 1)


def _examples_disagree(examples: Sequence[Tuple[str, str]], tests: Sequence[TestCase]) -> Optional[str]:
    """Why the tests contradict the statement's examples (another answer for the same input), or None."""
    answers = dict(examples)
    for t in tests:
        shown = answers.get(" ".join(t.input.split()))
        if shown is not None and shown != " ".join((t.output or "").split()):
            return "several outputs are accepted: a test expects another answer than the statement's example for the same input"
    return None


def _judgeability(statement: str, tests: Sequence[TestCase], metadata: Dict[str, Any]) -> str:
    reason = multiple_answers_reason(statement) or _examples_disagree(statement_examples(statement), tests)
    if reason:
        metadata.update(unjudgeable(reason))
    return "case_insensitive" if case_insensitive_answers(statement) else "tokens"


def deepcoder(item: Any, where: str, ctx: Context) -> Converted:
    """A DeepCoder/rLLM record ``{"problem", "tests": {"inputs", "outputs"}}``; the companion gives the public tests."""
    record = item.record if isinstance(item, WithCompanion) else item
    if not isinstance(record, dict):
        raise fail(where, "<record>", "a JSON object", record)
    problem = field_of(record, "problem", str, where, "a string")
    if "tests" not in record:
        raise ProblemFormatError(f"{where}: field 'tests': missing (expected an object with 'inputs' and 'outputs')")
    tests = _pairs(record["tests"], where, "tests", "inputs", "outputs")
    if not tests:
        raise fail(where, "tests.inputs", "at least one test", [])
    statement, time_s, memory_mb = parse_limits(problem)
    difficulty_value = record.get("difficulty")
    companion = item.companion if isinstance(item, WithCompanion) else None
    if companion is not None:
        cwhere = item.companion_where  # type: ignore[union-attr]
        if not isinstance(companion, dict):
            raise fail(cwhere, "<record>", "a JSON object", companion)
        if field_of(companion, "problem", str, cwhere, "a string") != problem:
            raise fail(cwhere, "problem", f"the same problem as {where}", companion["problem"])
        if "public_tests" not in companion:
            raise ProblemFormatError(f"{cwhere}: field 'public_tests': missing (expected an object with 'input' and 'output')")
        public = _pairs(companion["public_tests"], cwhere, "public_tests", "input", "output")
        k = len(public)
        if public != tests[:k]:
            raise fail(cwhere, "public_tests", f"the first {k} tests of {where}", [t.input for t in public][:1])
        difficulty_value = companion.get("difficulty", difficulty_value)
        public_t, hidden_t, how = split_first_k(tests, k)
        split_method = f"{how} (k from the {COMPANION_SUFFIX} companion)"
    else:
        k = _leading_examples(statement_examples(statement), tests)
        public_t, hidden_t, how = split_first_k(tests, k)
        split_method = f"{how} (k = leading tests whose input the statement shows)"
    metadata: Dict[str, Any] = {"split_method": split_method}
    if ctx.split:
        metadata["split"] = ctx.split
    checker = _judgeability(statement, tests, metadata)
    return build_problem(
        where,
        id=f"codecontests/{short_hash(problem)}",
        title=title_from_text(statement),
        statement=statement,
        kind="stdin",
        public_tests=public_t,
        hidden_tests=hidden_t,
        time_limit_s=time_s or _DEFAULT_TIME_S,
        memory_limit_mb=memory_mb or _DEFAULT_MEMORY_MB,
        checker=checker,
        source="CodeContests (DeepCoder)",
        license=ctx.license,
        difficulty=difficulty_of(difficulty_value),
        metadata=metadata,
    )


def _time_limit(value: Any, where: str) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, dict):
        seconds, nanos = value.get("seconds") or 0, value.get("nanos") or 0
        if not isinstance(seconds, (int, float)) or not isinstance(nanos, (int, float)):
            raise fail(where, "time_limit", "an object {seconds, nanos}", value)
        total = seconds + nanos / 1e9
        return total if total > 0 else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if value > 0 else None
    if isinstance(value, str):
        return _seconds(value)
    raise fail(where, "time_limit", "an object {seconds, nanos}", value)


_PYTHON3 = 3


def _python3_solution(value: Any) -> Optional[str]:
    """The first Python 3 solution of DeepMind's ``solutions`` (column or row form)."""
    if isinstance(value, dict) and isinstance(value.get("language"), list) and isinstance(value.get("solution"), list):
        pairs = zip(value["language"], value["solution"])
    elif isinstance(value, list):
        pairs = ((s.get("language"), s.get("solution")) for s in value if isinstance(s, dict))  # type: ignore[assignment]
    else:
        return None
    return next((src for lang, src in pairs if lang in (_PYTHON3, "PYTHON3") and isinstance(src, str)), None)


def deepmind(record: Any, where: str, ctx: Context) -> Converted:
    """DeepMind's CodeContests fields: ``name``, ``description``, public/private/generated tests, limits, ratings."""
    if not isinstance(record, dict):
        raise fail(where, "<record>", "a JSON object", record)
    name = field_of(record, "name", str, where, "a string")
    description = field_of(record, "description", str, where, "a string")
    public = _pairs(record.get("public_tests"), where, "public_tests", "input", "output")
    private = _pairs(record.get("private_tests"), where, "private_tests", "input", "output")
    generated = _pairs(record.get("generated_tests"), where, "generated_tests", "input", "output")
    statement, stated_time, stated_memory = parse_limits(description)
    time_s = _time_limit(record.get("time_limit"), where) or stated_time or _DEFAULT_TIME_S
    memory = record.get("memory_limit_bytes")
    if memory is not None and (not isinstance(memory, int) or isinstance(memory, bool) or memory < 0):
        raise fail(where, "memory_limit_bytes", "a number of bytes", memory)
    memory_mb = (max(1, round(memory / 1_000_000)) if memory else None) or stated_memory or _DEFAULT_MEMORY_MB
    hidden = private + generated
    if not public and not hidden:
        raise fail(where, "public_tests", "at least one test in public_tests, private_tests or generated_tests", record.get("public_tests"))
    if not public:
        public_t, hidden_t, split_method = tuple(hidden[:1]), tuple(hidden), "no public tests: the first hidden test shown as public"
    elif not hidden:
        public_t, hidden_t, split_method = tuple(public), tuple(public), "no private or generated tests: hidden repeats the public tests"
    else:
        public_t, hidden_t = tuple(public), tuple(hidden)
        split_method = f"the dataset's public_tests public; private_tests ({len(private)}) and generated_tests ({len(generated)}) hidden"
    metadata: Dict[str, Any] = {"split_method": split_method}
    for key in ("cf_contest_id", "cf_index", "cf_rating", "source"):
        if record.get(key) not in (None, "", 0):
            metadata[key] = record[key]
    if ctx.split:
        metadata["split"] = ctx.split
    checker = _judgeability(statement, public + hidden, metadata)
    for key in ("input_file", "output_file"):
        if record.get(key):
            metadata.setdefault("judgeable", False)
            metadata.setdefault("unjudgeable_reason", f"reads or writes files ({key}={record[key]!r}), not stdin/stdout")
    tags = record.get("cf_tags") or []
    reference = _python3_solution(record.get("solutions"))
    return build_problem(
        where,
        id=f"codecontests/{slug(name) or short_hash(description)}",
        title=name,
        statement=statement,
        kind="stdin",
        public_tests=public_t,
        hidden_tests=hidden_t,
        time_limit_s=time_s,
        memory_limit_mb=memory_mb,
        checker=checker,
        source="CodeContests",
        license=ctx.license,
        difficulty=difficulty_of(record.get("difficulty"), record.get("cf_rating")),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        reference=None if reference is None else Solution("reference", reference),
        metadata=metadata,
    )


def convert(item: Any, where: str, ctx: Context) -> Converted:
    """Either packaging: DeepMind's rows (``name``, ``description``), else DeepCoder's (``problem``, ``tests``)."""
    record = item.record if isinstance(item, WithCompanion) else item
    if isinstance(record, dict) and "description" in record and "problem" not in record:
        return deepmind(record, where, ctx)
    return deepcoder(item, where, ctx)
