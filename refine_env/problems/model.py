"""The problem model: Problem, Solution, and their JSONL form with validation that names the spot."""

from __future__ import annotations

import gzip
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from refine_env.sandbox.types import JUDGE_PROTOCOLS, LANGUAGES, Limits, Program, SpecialJudge, TestCase, Verdict

__all__ = [
    "Problem",
    "Solution",
    "ProblemFormatError",
    "UnknownProblemError",
    "program_for",
    "KINDS",
    "DIFFICULTIES",
    "load_jsonl",
    "save_jsonl",
    "iter_jsonl",
]

KINDS = ("stdin", "call")
DIFFICULTIES = ("easy", "medium", "hard", "unknown")
_SOLUTION_VERDICTS = tuple(v.value for v in Verdict if v is not Verdict.OK)

PathLike = Union[str, "os.PathLike[str]"]


class ProblemFormatError(ValueError):
    """A problem record that does not fit the model; the message names file, line and field."""


class UnknownProblemError(ValueError, KeyError):
    """A problem id that is not in the dataset: a ``ValueError`` (bad input, as the env raises it) and a
    ``KeyError`` (a lookup miss, as ``load(ids=...)`` raises it), so one ``except`` of either kind catches it."""

    __str__ = Exception.__str__  # the message as written, not KeyError's quoted repr


def program_for(source: str, language: str = "python", *, kind: str, entry_point: Optional[str] = None,
                prelude: Optional[str] = None) -> Program:
    """The sandbox program for ``source`` submitted to a problem: the one way every caller builds one.

    It carries the problem's entry point (call problems) and its prelude (the imports a
    LeetCode-style judge provides, for Python), so that the same code gets the same verdict
    in every environment, check and evaluation. :meth:`Problem.program` calls it; the built-in
    set's build calls it before the Problem exists.
    """
    return Program(language, source, entry_point if kind == "call" else None, prelude if language == "python" else None)


@dataclass(frozen=True)
class Solution:
    """A program for a problem with the verdict it must get on the problem's tests.

    The reference has ``expected_verdict=AC``; a labelled wrong solution (a mutant) names the
    first non-AC verdict it gets when all tests run in order, and ``passes_public`` says whether
    it passes every public test (a skeptic trap does).
    """

    label: str
    source: str
    expected_verdict: Verdict = Verdict.AC
    language: str = "python"
    passes_public: bool = False
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """One problem: statement, tests split public/hidden, limits and how outputs are checked.

    ``kind="stdin"`` problems read stdin and write stdout. ``kind="call"`` problems name an
    ``entry_point`` (``"func"`` or ``"Solution.method"``); their tests hold encoded arguments
    and return values (:mod:`refine_env.sandbox.codec`). ``checker`` is a spec string of
    :mod:`refine_env.sandbox.checkers`; a problem that accepts several answers carries a
    ``special_judge`` instead (a checker program run in the sandbox, :attr:`judge`). ``metadata`` holds extras (``split``, how a loader
    made the public/hidden split, calibration figures); treat it as read-only.
    """

    id: str
    title: str
    statement: str
    kind: str
    public_tests: Tuple[TestCase, ...]
    hidden_tests: Tuple[TestCase, ...]
    time_limit_s: float = 2.0
    memory_limit_mb: int = 256
    checker: str = "tokens"
    entry_point: Optional[str] = None
    starter_code: Optional[str] = None
    source: str = ""
    license: str = ""
    difficulty: str = "unknown"
    tags: Tuple[str, ...] = ()
    reference: Optional[Solution] = None
    mutants: Tuple[Solution, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    special_judge: Optional[SpecialJudge] = None

    def __post_init__(self) -> None:
        _validate_problem(self)

    @property
    def judge(self) -> Union[str, SpecialJudge]:
        """What decides a test: the special judge if the problem has one, else the checker spec."""
        return self.special_judge if self.special_judge is not None else self.checker

    @property
    def limits(self) -> Limits:
        return Limits(time_s=self.time_limit_s, memory_mb=self.memory_limit_mb)

    @property
    def split(self) -> Optional[str]:
        return self.metadata.get("split")

    def program(self, source: str, language: str = "python") -> Program:
        """The sandbox program for ``source`` submitted to this problem (:func:`program_for` with its kind, entry point and prelude)."""
        return program_for(source, language, kind=self.kind, entry_point=self.entry_point, prelude=self.metadata.get("prelude"))

    def to_dict(self) -> Dict[str, Any]:
        def sol(s: Optional[Solution]) -> Optional[Dict[str, Any]]:
            if s is None:
                return None
            return {
                "label": s.label,
                "source": s.source,
                "expected_verdict": s.expected_verdict.value,
                "language": s.language,
                "passes_public": s.passes_public,
                "note": s.note,
            }

        return {
            "id": self.id,
            "title": self.title,
            "statement": self.statement,
            "kind": self.kind,
            "entry_point": self.entry_point,
            "starter_code": self.starter_code,
            "public_tests": [{"input": t.input, "output": t.output} for t in self.public_tests],
            "hidden_tests": [{"input": t.input, "output": t.output} for t in self.hidden_tests],
            "time_limit_s": self.time_limit_s,
            "memory_limit_mb": self.memory_limit_mb,
            "checker": self.checker,
            "source": self.source,
            "license": self.license,
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "reference": sol(self.reference),
            "mutants": [sol(m) for m in self.mutants],
            "metadata": dict(self.metadata),
            "special_judge": None if self.special_judge is None else {
                "language": self.special_judge.program.language, "source": self.special_judge.program.source,
                "protocol": self.special_judge.protocol, "args": list(self.special_judge.args)},
        }

    @classmethod
    def from_dict(cls, record: Any, *, where: str = "<record>") -> "Problem":
        """Build and validate a problem; errors read ``{where}: field 'x': expected ..., got ...``."""
        return _problem_from_dict(record, where)


def _fail(where: str, path: str, expected: str, got: Any) -> ProblemFormatError:
    shown = repr(got)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ProblemFormatError(f"{where}: field {path!r}: expected {expected}, got {shown}")


def _validate_problem(p: Problem) -> None:
    where = f"problem {p.id!r}" if isinstance(p.id, str) else "problem"
    if not isinstance(p.id, str) or not p.id or any(c.isspace() for c in p.id):
        raise _fail(where, "id", "a non-empty string without whitespace", p.id)
    for name in ("title", "statement"):
        if not isinstance(getattr(p, name), str):
            raise _fail(where, name, "a string", getattr(p, name))
    if p.kind not in KINDS:
        raise _fail(where, "kind", f"one of {KINDS}", p.kind)
    if p.kind == "call":
        try:
            Program("python", "", p.entry_point)
        except (ValueError, TypeError):
            raise _fail(where, "entry_point", "'function' or 'Class.method' for a call problem", p.entry_point) from None
        if p.entry_point is None:
            raise _fail(where, "entry_point", "'function' or 'Class.method' for a call problem", None)
    elif p.entry_point is not None:
        raise _fail(where, "entry_point", "None for a stdin problem", p.entry_point)
    for name in ("public_tests", "hidden_tests"):
        tests = getattr(p, name)
        if not isinstance(tests, tuple):
            object.__setattr__(p, name, tuple(tests))
            tests = getattr(p, name)
        for i, t in enumerate(tests):
            if not isinstance(t, TestCase):
                raise _fail(where, f"{name}[{i}]", "a TestCase", t)
            if t.output is None:
                raise _fail(where, f"{name}[{i}].output", "an expected output string", None)
    if not p.hidden_tests:
        # A problem judged on nothing rewards every submission; a split that leaves no hidden
        # test is the loader's to exclude (with its reason), never the model's to accept.
        raise ProblemFormatError(f"Expected at least one hidden test, got 0 for problem {p.id!r}")
    if isinstance(p.time_limit_s, bool) or not isinstance(p.time_limit_s, (int, float)) or not 0 < p.time_limit_s <= 3600:
        raise _fail(where, "time_limit_s", "a number of seconds in (0, 3600]", p.time_limit_s)
    if isinstance(p.memory_limit_mb, bool) or not isinstance(p.memory_limit_mb, int) or not 0 < p.memory_limit_mb <= 1 << 20:
        raise _fail(where, "memory_limit_mb", "a positive integer of MB", p.memory_limit_mb)
    if not isinstance(p.checker, str) or not p.checker:
        raise _fail(where, "checker", "a checker spec string such as 'tokens'", p.checker)
    if p.special_judge is not None and (not isinstance(p.special_judge, SpecialJudge) or p.kind != "stdin"):
        raise _fail(where, "special_judge", "a SpecialJudge, for a stdin problem", p.special_judge)
    if p.difficulty not in DIFFICULTIES:
        raise _fail(where, "difficulty", f"one of {DIFFICULTIES}", p.difficulty)
    if not isinstance(p.tags, tuple):
        object.__setattr__(p, "tags", tuple(p.tags))
    if not all(isinstance(t, str) for t in p.tags):
        raise _fail(where, "tags", "a list of strings", p.tags)
    if not isinstance(p.mutants, tuple):
        object.__setattr__(p, "mutants", tuple(p.mutants))
    if not isinstance(p.metadata, Mapping):
        raise _fail(where, "metadata", "a mapping", p.metadata)


def _expect(record: Mapping[str, Any], key: str, types: Any, where: str, expected: str, *, path: str = "", required: bool = True, default: Any = None) -> Any:
    full = f"{path}{key}"
    if key not in record:
        if required:
            raise ProblemFormatError(f"{where}: field {full!r}: missing (expected {expected})")
        return default
    value = record[key]
    if value is None and not required:
        return default
    allowed = types if isinstance(types, tuple) else (types,)
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        raise _fail(where, full, expected, value)
    return value


def _tests_from(raw: Any, where: str, name: str) -> Tuple[TestCase, ...]:
    if not isinstance(raw, list):
        raise _fail(where, name, "a list of {input, output} objects", raw)
    tests = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise _fail(where, f"{name}[{i}]", "an object with 'input' and 'output'", item)
        inp = _expect(item, "input", str, where, "a string", path=f"{name}[{i}].")
        out = _expect(item, "output", str, where, "a string", path=f"{name}[{i}].")
        tests.append(TestCase(inp, out))
    return tuple(tests)


def _solution_from(raw: Any, where: str, path: str) -> Solution:
    if not isinstance(raw, Mapping):
        raise _fail(where, path, "an object with 'label' and 'source'", raw)
    label = _expect(raw, "label", str, where, "a string", path=path + ".")
    source = _expect(raw, "source", str, where, "a string", path=path + ".")
    verdict = _expect(raw, "expected_verdict", str, where, f"one of {_SOLUTION_VERDICTS}", path=path + ".", required=False, default="AC")
    if verdict not in _SOLUTION_VERDICTS:
        raise _fail(where, f"{path}.expected_verdict", f"one of {_SOLUTION_VERDICTS}", verdict)
    language = _expect(raw, "language", str, where, f"one of {LANGUAGES}", path=path + ".", required=False, default="python")
    if language not in LANGUAGES:
        raise _fail(where, f"{path}.language", f"one of {LANGUAGES}", language)
    passes_public = _expect(raw, "passes_public", bool, where, "true or false", path=path + ".", required=False, default=False)
    note = _expect(raw, "note", str, where, "a string", path=path + ".", required=False, default="")
    return Solution(label, source, Verdict(verdict), language, passes_public, note)


def _problem_from_dict(record: Any, where: str) -> Problem:
    if not isinstance(record, Mapping):
        raise ProblemFormatError(f"{where}: expected a JSON object, got {type(record).__name__}")
    num = (int, float)
    kwargs: Dict[str, Any] = {
        "id": _expect(record, "id", str, where, "a string"),
        "title": _expect(record, "title", str, where, "a string", required=False, default=""),
        "statement": _expect(record, "statement", str, where, "a string"),
        "kind": _expect(record, "kind", str, where, f"one of {KINDS}", required=False, default="stdin"),
        "entry_point": _expect(record, "entry_point", str, where, "a string", required=False),
        "starter_code": _expect(record, "starter_code", str, where, "a string", required=False),
        "public_tests": _tests_from(record.get("public_tests", []), where, "public_tests"),
        "hidden_tests": _tests_from(record.get("hidden_tests", []), where, "hidden_tests"),
        "time_limit_s": _expect(record, "time_limit_s", num, where, "a number of seconds", required=False, default=2.0),
        "memory_limit_mb": _expect(record, "memory_limit_mb", int, where, "an integer of MB", required=False, default=256),
        "checker": _expect(record, "checker", str, where, "a checker spec string", required=False, default="tokens"),
        "source": _expect(record, "source", str, where, "a string", required=False, default=""),
        "license": _expect(record, "license", str, where, "a string", required=False, default=""),
        "difficulty": _expect(record, "difficulty", str, where, f"one of {DIFFICULTIES}", required=False, default="unknown"),
        "tags": tuple(_expect(record, "tags", list, where, "a list of strings", required=False, default=[])),
        "metadata": _expect(record, "metadata", dict, where, "an object", required=False, default={}),
    }
    ref = record.get("reference")
    kwargs["reference"] = None if ref is None else _solution_from(ref, where, "reference")
    mutants = record.get("mutants") or []
    if not isinstance(mutants, list):
        raise _fail(where, "mutants", "a list of solutions", mutants)
    kwargs["mutants"] = tuple(_solution_from(m, where, f"mutants[{i}]") for i, m in enumerate(mutants))
    judge = record.get("special_judge")
    if judge is not None:
        if not isinstance(judge, dict) or not isinstance(judge.get("source"), str):
            raise _fail(where, "special_judge", "an object with language, source, protocol and args", judge)
        try:
            kwargs["special_judge"] = SpecialJudge(Program(judge.get("language", "python"), judge["source"]),
                                                   protocol=judge.get("protocol", "kattis"), args=tuple(judge.get("args") or ()))
        except (ValueError, TypeError) as exc:
            raise _fail(where, "special_judge", f"a judge program (protocols {JUDGE_PROTOCOLS})", str(exc)) from None
    unknown = set(record) - set(kwargs) - {"reference", "mutants", "special_judge"}
    if unknown:
        raise ProblemFormatError(f"{where}: unknown field(s) {sorted(unknown)}; expected only {sorted(set(kwargs) | {'reference', 'mutants'})}")
    try:
        return Problem(**kwargs)
    except ProblemFormatError as exc:
        raise reanchor(exc, where) from None


def reanchor(error: ProblemFormatError, where: str) -> ProblemFormatError:
    """The model's validation error located at ``where`` (a file and line) instead of ``problem 'id'``."""
    text = str(error)
    head, sep, rest = text.partition(": ")
    return ProblemFormatError(f"{where}: {rest if sep and head.startswith('problem') else text}")


def _open_text(path: Path, mode: str, *, gz: Optional[bool] = None) -> io.TextIOBase:
    if gz if gz is not None else path.suffix == ".gz":
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return open(path, mode, encoding="utf-8")


def iter_jsonl(path: PathLike) -> Iterator[Problem]:
    """Problems of a ``.jsonl`` (or ``.jsonl.gz``) file, validated one line at a time."""
    p = Path(path)
    with _open_text(p, "r") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{p}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ProblemFormatError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            yield Problem.from_dict(record, where=where)


def load_jsonl(path: PathLike) -> List[Problem]:
    problems = list(iter_jsonl(path))
    seen: Dict[str, int] = {}
    for i, p in enumerate(problems):
        if p.id in seen:
            raise ProblemFormatError(f"{path}: duplicate problem id {p.id!r} (records {seen[p.id] + 1} and {i + 1})")
        seen[p.id] = i
    return problems


def save_jsonl(problems: Iterable[Problem], path: PathLike) -> Path:
    """Write problems one JSON object per line; writes a temporary file first so nothing is half-written."""
    p = Path(path)
    tmp = p.with_name(p.name + ".tmp")
    with _open_text(tmp, "w", gz=p.suffix == ".gz") as fh:
        for problem in problems:
            fh.write(json.dumps(problem.to_dict(), ensure_ascii=False, sort_keys=False))
            fh.write("\n")
    os.replace(tmp, p)
    return p
