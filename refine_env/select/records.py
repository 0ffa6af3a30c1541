"""Judged records of candidates, cached at three levels: packaged (built-in set), on disk, in this process's memory."""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import json
import logging
import os
import re
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from refine_env.sandbox import first_failure
from refine_env.problems import Problem
from refine_env.sandbox import Job, Sandbox, TestCase, TestResult, Verdict
from refine_env.sandbox.registry import shared_sandbox
from refine_env.select.pool import Candidate

__all__ = [
    "CandidateRecord",
    "PACKAGED_RECORDS",
    "default_cache_dir",
    "problem_fingerprint",
    "packaged_records",
    "forget_records",
    "write_packaged_records",
    "evaluate_candidates",
]

logger = logging.getLogger(__name__)

_CACHE_VERSION = 1


@dataclass(frozen=True)
class CandidateRecord:
    """What running one candidate of one problem revealed, computed once and cached."""

    public_passed: int
    public_total: int
    public_verdict: str
    """First public verdict other than AC (``AC`` if all passed)."""
    gen_signatures: Tuple[str, ...]
    """Per generated input: a digest of the normalised output, or ``!VERDICT`` when it did not finish."""
    gen_time_s: float
    """The most CPU time it took on one generated input (a slow candidate shows on the scaled ones)."""
    hidden_passed: int
    hidden_total: int
    hidden_verdict: str
    """First hidden verdict other than AC (``AC`` if all passed)."""
    sandbox_s: float = 0.0
    """Sandbox wall time of the batch that judged it, per candidate of that batch (a cost estimate)."""

    @property
    def gen_failed(self) -> int:
        """Generated inputs on which the candidate did not finish cleanly."""
        return sum(s.startswith("!") for s in self.gen_signatures)

    def to_dict(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CandidateRecord:
        return cls(**{**d, "gen_signatures": tuple(d["gen_signatures"])})


def default_cache_dir() -> Path:
    """Where candidate records are cached on disk: ``$XDG_CACHE_HOME/refine-env/select``."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "refine-env" / "select"


def problem_fingerprint(problem: Problem, inputs: Sequence[str]) -> str:
    """What a record depends on besides the candidate: tests, limits, checker, prelude and the generated ``inputs``."""
    h = hashlib.sha256()
    h.update(json.dumps([_CACHE_VERSION, problem.id, problem.kind, problem.entry_point, problem.checker,
                         problem.time_limit_s, problem.memory_limit_mb]).encode())
    if problem.special_judge is not None:
        h.update(json.dumps(problem.to_dict()["special_judge"]).encode())
    prelude = problem.metadata.get("prelude")
    if prelude:
        # Records judged without the prelude (LeetCode-style candidates crashed on List) must not be reused.
        h.update(b"\4" + str(prelude).encode())
    for group in (problem.public_tests, problem.hidden_tests):
        for t in group:
            h.update(b"\1" + t.input.encode() + b"\2" + (t.output or "").encode())
    for text in inputs:
        h.update(b"\3" + text.encode())
    return h.hexdigest()[:24]


_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def _signature(result: TestResult, checker: str) -> str:
    """A digest of a finished run's output, normalised the way the problem's checker compares."""
    if result.verdict is not Verdict.OK:
        return "!" + result.verdict.value
    text = result.output
    if checker == "exact":
        norm = text
    else:
        tokens = text.split()
        if checker == "case_insensitive":
            tokens = [t.lower() for t in tokens]
        elif checker.startswith("float"):
            # Round numbers so that outputs within the checker's tolerance usually agree.
            tokens = [f"{float(t):.6g}" if _NUMBER.match(t) else t for t in tokens]
        norm = " ".join(tokens)
    if result.output_truncated:
        norm += "\0truncated"
    return hashlib.sha1(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


PACKAGED_RECORDS = Path(__file__).resolve().parent.parent / "problems" / "builtin" / "select_records.json.gz"
"""Records of every built-in candidate, judged once by this project (``python -m refine_env.select.pack``)."""


@functools.lru_cache(maxsize=1)
def packaged_records() -> Dict[Tuple[str, str], CandidateRecord]:
    """``{(fingerprint, candidate key): record}`` from :data:`PACKAGED_RECORDS` (empty if absent or unreadable)."""
    try:
        with gzip.open(PACKAGED_RECORDS, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("version") != _CACHE_VERSION:
            logger.warning("ignoring packaged records %s: version %r, expected %r", PACKAGED_RECORDS, data.get("version"), _CACHE_VERSION)
            return {}
        return {(fp, key): CandidateRecord.from_dict(rec) for fp, recs in data["records"].items() for key, rec in recs.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, KeyError) as exc:
        logger.warning("ignoring unreadable packaged records %s: %s", PACKAGED_RECORDS, exc)
        return {}


def write_packaged_records(path: Union[str, os.PathLike[str]], by_fingerprint: Mapping[str, Mapping[str, CandidateRecord]]) -> int:
    """Write ``{fingerprint: {candidate key: record}}`` in the format of :data:`PACKAGED_RECORDS`; returns the record count."""
    out = Path(path)
    data = {fp: {key: rec.to_dict() for key, rec in recs.items()} for fp, recs in by_fingerprint.items()}
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    # mtime=0: the same records give the same bytes.
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(json.dumps({"version": _CACHE_VERSION, "records": data}, sort_keys=True).encode("utf-8"))
    os.replace(tmp, out)
    packaged_records.cache_clear()
    return sum(len(v) for v in data.values())


class _RecordStore:
    """Candidate records in memory (per process) and on disk (one JSON file per problem and fingerprint)."""

    def __init__(self) -> None:
        self.memory: Dict[Tuple[str, str], CandidateRecord] = {}

    def path(self, cache_dir: Path, problem: Problem, fingerprint: str) -> Path:
        # Ids of loaded datasets hold slashes (humaneval/0, Kattis archive paths): one flat file name.
        return cache_dir / f"{urllib.parse.quote(problem.id, safe='')}-{fingerprint}.json"

    def load(self, cache_dir: Optional[Path], problem: Problem, fingerprint: str) -> None:
        if cache_dir is None:
            return
        path = self.path(cache_dir, problem, fingerprint)
        if not path.is_file():
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for key, rec in data.get("records", {}).items():
                self.memory.setdefault((fingerprint, key), CandidateRecord.from_dict(rec))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            # A damaged cache file is recomputed, never trusted.
            logger.warning("ignoring unreadable cache file %s: %s", path, exc)

    def save(self, cache_dir: Optional[Path], problem: Problem, fingerprint: str) -> None:
        if cache_dir is None:
            return
        records = {key: rec.to_dict() for (fp, key), rec in self.memory.items() if fp == fingerprint}
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = self.path(cache_dir, problem, fingerprint)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"problem_id": problem.id, "version": _CACHE_VERSION, "records": records}), encoding="utf-8")
        os.replace(tmp, path)


_STORE = _RecordStore()


def forget_records() -> None:
    """Forget the records judged or read in this process; the disk cache and the packaged records stay."""
    _STORE.memory.clear()


def _record(problem: Problem, public: Sequence[TestResult], gen: Sequence[TestResult], hidden: Sequence[TestResult],
            sandbox_s: float) -> CandidateRecord:
    return CandidateRecord(
        public_passed=sum(r.passed for r in public), public_total=len(problem.public_tests),
        public_verdict=first_failure(public).value,
        gen_signatures=tuple(_signature(r, problem.checker) for r in gen),
        gen_time_s=round(max((r.time_s for r in gen), default=0.0), 4),
        hidden_passed=sum(r.passed for r in hidden), hidden_total=len(problem.hidden_tests),
        hidden_verdict=first_failure(hidden).value, sandbox_s=sandbox_s)


def _judge(todo: Sequence[Tuple[str, Candidate]], problems: Mapping[str, Problem], inputs: Mapping[str, Sequence[str]], *,
           sandbox: Optional[Sandbox], workers: int, progress: Union[bool, Callable[[int, int], None], None]) -> List[CandidateRecord]:
    """One record per ``(problem id, candidate)`` of ``todo``, judged in one batch: public, generated and hidden tests."""
    box = sandbox if sandbox is not None else shared_sandbox.acquire(workers)
    start = time.perf_counter()
    bar = None
    if progress is True:
        from tqdm import tqdm

        # disable=None: no bar unless stderr is a terminal (logs and CI get nothing).
        bar = tqdm(total=len(todo), desc=f"judging {len(todo)} candidates once", unit="candidate", disable=None, leave=False)
    try:
        jobs: List[Job] = []
        for pid, c in todo:
            p = problems[pid]
            program = p.program(c.source, c.language)
            jobs.append(Job(program, p.public_tests, p.limits, p.judge))
            jobs.append(Job(program, [TestCase(i) for i in inputs[pid]], p.limits, p.checker))
            jobs.append(Job(program, p.hidden_tests, p.limits, p.judge))
        done = [0]

        def on_progress(n: int) -> None:
            done[0] += n
            if bar is not None:
                bar.update(done[0] // 3 - bar.n)
            elif callable(progress):
                progress(done[0] // 3, len(todo))

        results = box.run_batch(jobs, progress=on_progress)
    finally:
        if bar is not None:
            bar.close()
        if sandbox is None:
            shared_sandbox.release(box)
    each = (time.perf_counter() - start) / max(1, len(todo))
    return [_record(problems[pid], *results[3 * n: 3 * n + 3], sandbox_s=each) for n, (pid, _) in enumerate(todo)]


def evaluate_candidates(
    pools: Mapping[str, Sequence[Candidate]],
    problems: Mapping[str, Problem],
    *,
    inputs: Mapping[str, Sequence[str]],
    sandbox: Optional[Sandbox] = None,
    workers: int = 2,
    cache_dir: Optional[Path] = None,
    packaged: bool = True,
    progress: Union[bool, Callable[[int, int], None], None] = None,
) -> Dict[Tuple[str, str], CandidateRecord]:
    """Judge every candidate once on public tests, generated inputs and hidden tests; cached.

    Returns records keyed by ``(problem_id, candidate.key)``. With ``packaged=True`` the records
    shipped for the built-in set come first (the same on every machine, so results reproduce),
    then records in memory or in ``cache_dir`` (judged on this machine); each is used only where
    the problem's fingerprint (tests, limits, generated inputs) and the candidate's source match.
    The rest run in one batch over the sandbox's workers.
    ``progress(done, total)`` is called as candidates complete; ``progress=True`` shows a tqdm bar
    on stderr instead, only when stderr is a terminal and something is left to judge.
    """
    fingerprints = {pid: problem_fingerprint(problems[pid], inputs[pid]) for pid in pools}
    shipped = packaged_records() if packaged else {}
    found: Dict[Tuple[str, str], CandidateRecord] = {}
    todo: List[Tuple[str, Candidate]] = []
    for pid, cands in pools.items():
        fp = fingerprints[pid]
        for c in cands:
            if (fp, c.key) in shipped:
                found[(pid, c.key)] = shipped[(fp, c.key)]
        if any((pid, c.key) not in found and (fp, c.key) not in _STORE.memory for c in cands):
            _STORE.load(cache_dir, problems[pid], fp)
        seen = set()
        for c in cands:
            if (pid, c.key) not in found and (fp, c.key) not in _STORE.memory and c.key not in seen:
                seen.add(c.key)
                todo.append((pid, c))
    if todo:
        logger.info("judging %d candidates of %d problems once (public, generated and hidden tests)", len(todo), len(pools))
        judged = _judge(todo, problems, inputs, sandbox=sandbox, workers=workers, progress=progress)
        for (pid, c), record in zip(todo, judged):
            _STORE.memory[(fingerprints[pid], c.key)] = record
        for pid in dict.fromkeys(pid for pid, _ in todo):
            _STORE.save(cache_dir, problems[pid], fingerprints[pid])
    return {(pid, c.key): found.get((pid, c.key)) or _STORE.memory[(fingerprints[pid], c.key)]
            for pid, cands in pools.items() for c in cands}
