"""Build the built-in problem set from its sources: generate tests, calibrate limits, check labels.

Usage: ``python -m refine_env.problems.builtin.build [ID ...] [--check] [--workers N]``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import random
import runpy
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from refine_env.checks import check_problems
from refine_env.problems.model import DIFFICULTIES, KINDS, Problem, ProblemFormatError, Solution, program_for
from refine_env.sandbox import Job, Limits, Program, Sandbox, TestCase, Verdict
from refine_env.sandbox.codec import encode_args

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
DATA = HERE / "data"

MIN_HIDDEN = 15
TEST_SHARE = 4  # one problem in four goes to the test split (by a hash of its id)
DEFAULT_TIME_FACTOR = 3.0
TIMING_RUNS = 3


class BuildError(RuntimeError):
    pass


def seed_for(problem_id: str) -> int:
    return int.from_bytes(hashlib.sha256(problem_id.encode()).digest()[:8], "big")


def split_for(problem_id: str) -> str:
    return "test" if seed_for("split:" + problem_id) % TEST_SHARE == 0 else "train"


def source_ids() -> List[str]:
    return sorted(p.name for p in SOURCES.iterdir() if (p / "spec.py").is_file())


def _spec(problem_id: str) -> Dict[str, Any]:
    path = SOURCES / problem_id / "spec.py"
    spec = runpy.run_path(str(path))
    where = str(path)

    def need(name: str, types: Any, expected: str, default: Any = ...) -> Any:
        if name not in spec:
            if default is ...:
                raise BuildError(f"{where}: missing {name} (expected {expected})")
            return default
        value = spec[name]
        if not isinstance(value, types):
            raise BuildError(f"{where}: expected {name} to be {expected}, got {value!r:.60}")
        return value

    out = {
        "title": need("TITLE", str, "a string"),
        "difficulty": need("DIFFICULTY", str, f"one of {DIFFICULTIES}"),
        "tags": tuple(need("TAGS", (list, tuple), "a list of strings")),
        "kind": need("KIND", str, f"one of {KINDS}"),
        "entry_point": need("ENTRY_POINT", (str, type(None)), "a string or None", None),
        "starter_code": need("STARTER_CODE", (str, type(None)), "a string or None", None),
        "checker": need("CHECKER", str, "a checker spec", None),
        "memory_limit_mb": need("MEMORY_LIMIT_MB", int, "an int", 256),
        "time_factor": need("TIME_FACTOR", (int, float), "a number", DEFAULT_TIME_FACTOR),
        "statement": need("STATEMENT", str, "a string"),
        "public": list(need("PUBLIC", (list, tuple), "a list of inputs")),
        "hidden": need("hidden", type(lambda: 0), "a function hidden(rng) -> list"),
        "mutants": need("MUTANTS", dict, "a dict file -> (verdict, passes_public, note)"),
    }
    if out["checker"] is None:
        out["checker"] = "exact" if out["kind"] == "call" else "tokens"
    if out["difficulty"] not in DIFFICULTIES[:3]:
        raise BuildError(f"{where}: expected DIFFICULTY in {DIFFICULTIES[:3]}, got {out['difficulty']!r}")
    if not 2 <= len(out["public"]) <= 3:
        raise BuildError(f"{where}: expected 2 or 3 PUBLIC inputs, got {len(out['public'])}")
    return out


def _encode_input(kind: str, item: Any, where: str) -> str:
    if kind == "stdin":
        if not isinstance(item, str):
            raise BuildError(f"{where}: expected a stdin test input to be a str, got {type(item).__name__}")
        return item
    if not isinstance(item, (list, tuple)):
        raise BuildError(f"{where}: expected a call test input to be a list of arguments, got {type(item).__name__}")
    return encode_args(list(item))


def _render_examples(kind: str, entry_point: Optional[str], tests: Sequence[TestCase]) -> str:
    from refine_env.sandbox.codec import decode, decode_args, safe_repr

    parts = ["\n## Examples\n"]
    for i, t in enumerate(tests, start=1):
        if kind == "stdin":
            parts.append(f"Example {i}\n\nInput:\n```\n{t.input.rstrip()}\n```\nOutput:\n```\n{(t.output or '').rstrip()}\n```\n")
        else:
            name = (entry_point or "f").split(".")[-1]
            args = ", ".join(safe_repr(a) for a in decode_args(t.input))
            parts.append(f"Example {i}\n\n```\n{name}({args}) -> {safe_repr(decode(t.output or 'null'))}\n```\n")
    return "\n".join(parts)


def _run_all(sandbox: Sandbox, program: Program, tests: Sequence[TestCase], limits: Limits) -> List[Any]:
    return sandbox.run_batch([Job(program, tuple(tests), limits, checker="tokens")])[0]


def build_problem(problem_id: str, sandbox: Sandbox) -> Problem:
    spec = _spec(problem_id)
    folder = SOURCES / problem_id
    where = str(folder / "spec.py")
    kind, entry = spec["kind"], spec["entry_point"]
    rng = random.Random(seed_for(problem_id))
    hidden_inputs = list(spec["hidden"](rng))
    if len(hidden_inputs) < MIN_HIDDEN:
        raise BuildError(f"{where}: expected hidden(rng) to return at least {MIN_HIDDEN} inputs, got {len(hidden_inputs)}")
    public_in = [_encode_input(kind, x, where + " PUBLIC") for x in spec["public"]]
    hidden_in = [_encode_input(kind, x, where + " hidden()") for x in hidden_inputs]
    ref_source = (folder / "ref.py").read_text(encoding="utf-8")
    ref_program = program_for(ref_source, kind=kind, entry_point=entry)

    # Expected outputs come from running the reference in the sandbox, with generous limits.
    generous = Limits(time_s=30, memory_mb=max(1024, spec["memory_limit_mb"]), output_mb=256)
    all_in = public_in + hidden_in
    timings: List[float] = []
    outputs: List[str] = []
    for run in range(TIMING_RUNS):
        results = _run_all(sandbox, ref_program, [TestCase(x) for x in all_in], generous)
        bad = [r for r in results if r.verdict is not Verdict.OK]
        if bad:
            raise BuildError(f"{folder / 'ref.py'}: reference got {bad[0].verdict}: {bad[0].message or bad[0].stderr[-500:]}")
        # Call problems store the encoded return value; stdin problems what was printed.
        produced = [(r.value or "") if kind == "call" else r.output for r in results]
        if run == 0:
            outputs = produced
        elif produced != outputs:
            raise BuildError(f"{folder / 'ref.py'}: reference output is not deterministic")
        timings.append(max(r.time_s for r in results))
    ref_time = sorted(timings)[len(timings) // 2]
    time_limit = max(1.0, math.ceil(spec["time_factor"] * ref_time * 2) / 2)

    public = tuple(TestCase(i, o) for i, o in zip(public_in, outputs[: len(public_in)]))
    hidden = tuple(TestCase(i, o) for i, o in zip(hidden_in, outputs[len(public_in) :]))
    statement = spec["statement"].rstrip() + "\n" + _render_examples(kind, entry, public)

    mutants = []
    for filename, label in spec["mutants"].items():
        if not (isinstance(label, tuple) and len(label) == 3):
            raise BuildError(f"{where}: MUTANTS[{filename!r}]: expected (verdict, passes_public, note), got {label!r:.60}")
        verdict, passes_public, note = label
        if verdict not in ("WA", "TLE", "MLE", "RE", "CE", "OLE"):
            raise BuildError(f"{where}: MUTANTS[{filename!r}]: expected a verdict other than AC, got {verdict!r}")
        path = folder / filename
        if not path.is_file():
            raise BuildError(f"{where}: MUTANTS names {filename!r}, which does not exist in {folder}")
        mutants.append(Solution(Path(filename).stem, path.read_text(encoding="utf-8"), Verdict(verdict), "python", bool(passes_public), note))
    labelled = {m.expected_verdict for m in mutants}
    trap = any(m.passes_public and m.expected_verdict is Verdict.WA for m in mutants)
    if not trap or Verdict.TLE not in labelled or Verdict.RE not in labelled:
        raise BuildError(f"{where}: expected MUTANTS to include a skeptic trap (WA, passes public), a TLE and an RE; got {sorted(v.value for v in labelled)}, trap={trap}")

    try:
        return Problem(
            id=problem_id,
            title=spec["title"],
            statement=statement,
            kind=kind,
            entry_point=entry,
            starter_code=spec["starter_code"],
            public_tests=public,
            hidden_tests=hidden,
            time_limit_s=time_limit,
            memory_limit_mb=spec["memory_limit_mb"],
            checker=spec["checker"],
            source="refine-env built-in",
            license="Apache-2.0",
            difficulty=spec["difficulty"],
            tags=spec["tags"],
            reference=Solution("reference", ref_source),
            mutants=tuple(mutants),
            metadata={"split": split_for(problem_id), "reference_time_s": round(ref_time, 4), "seed": seed_for(problem_id)},
        )
    except ProblemFormatError as exc:
        raise BuildError(f"{where}: {exc}") from None


def serialise(problem: Problem) -> bytes:
    # Volatile figures (measured time) stay out of the comparison used by --check.
    text = json.dumps(problem.to_dict(), ensure_ascii=False, indent=None, sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _stable(problem: Problem) -> Dict[str, Any]:
    d = problem.to_dict()
    d["metadata"] = {k: v for k, v in d["metadata"].items() if k != "reference_time_s"}
    d.pop("time_limit_s")
    return d


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m refine_env.problems.builtin.build", description=__doc__)
    parser.add_argument("ids", nargs="*", help="problem ids (default: all sources)")
    parser.add_argument("--check", action="store_true", help="fail if data/ differs from what the sources build")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    ids = args.ids or source_ids()
    unknown = [i for i in ids if not (SOURCES / i / "spec.py").is_file()]
    if unknown:
        parser.error(f"unknown problem id(s) {unknown}; sources are in {SOURCES}")
    DATA.mkdir(exist_ok=True)
    failed = 0
    with Sandbox(workers=args.workers, keep_output_chars=None) as sandbox:
        for pid in ids:
            start = time.perf_counter()
            try:
                problem = build_problem(pid, sandbox)
                report = check_problems([problem], sandbox)[0]
            except BuildError as exc:
                print(f"FAIL {pid}: {exc}")
                failed += 1
                continue
            target = DATA / f"{pid}.json.gz"
            if args.check:
                if not target.exists():
                    print(f"FAIL {pid}: {target} is missing")
                    failed += 1
                    continue
                committed = Problem.from_dict(json.loads(gzip.decompress(target.read_bytes())), where=str(target))
                if _stable(committed) != _stable(problem):
                    print(f"FAIL {pid}: {target} differs from what its sources build")
                    failed += 1
                    continue
            if not report.ok:
                print(f"FAIL {pid}: " + "; ".join(report.issues))
                failed += 1
                continue
            if not args.check:
                target.write_bytes(serialise(problem))
            size = target.stat().st_size if target.exists() else 0
            print(
                f"ok   {pid}: {len(problem.public_tests)} public, {len(problem.hidden_tests)} hidden, "
                f"TL {problem.time_limit_s:g}s (ref {problem.metadata['reference_time_s']:.3f}s), "
                f"{len(problem.mutants)} mutants, {size / 1024:.0f} KiB, {time.perf_counter() - start:.1f}s"
            )
    print(f"{len(ids) - failed}/{len(ids)} built")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
