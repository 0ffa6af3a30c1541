"""Rebuild the packaged records of the built-in candidates: ``python -m refine_env.select.pack``."""

from __future__ import annotations

import argparse
import os
import time
from typing import Callable, Dict, Optional, Sequence, Union

from refine_env.problems import load
from refine_env.select.inputs import env_inputs
from refine_env.select.pool import builtin_candidates
from refine_env.select.records import (
    PACKAGED_RECORDS,
    CandidateRecord,
    evaluate_candidates,
    forget_records,
    problem_fingerprint,
    write_packaged_records,
)

__all__ = ["pack_builtin_records", "main"]


def pack_builtin_records(path: Union[str, os.PathLike[str]] = PACKAGED_RECORDS, *, workers: int = 2,
                         generated: int = 16, progress: Optional[Callable[[int, int], None]] = None) -> int:
    """Judge every built-in candidate on this machine, ignoring every cache, and write the packaged records.

    Run it (``python -m refine_env.select.pack``) on an idle machine after changing a
    built-in problem or the judging; the test suite checks that the packaged records cover the
    built-in set. Returns the number of records written.
    """
    problems = {p.id: p for p in load("builtin")}
    pools = {pid: builtin_candidates(p) for pid, p in problems.items() if p.reference is not None}
    inputs = {pid: env_inputs(problems[pid], generated) for pid in pools}
    forget_records()
    records = evaluate_candidates(pools, problems, inputs=inputs, workers=workers, cache_dir=None, packaged=False,
                                  progress=progress)
    by_fp: Dict[str, Dict[str, CandidateRecord]] = {}
    for pid, cands in sorted(pools.items()):
        by_fp[problem_fingerprint(problems[pid], inputs[pid])] = {c.key: records[(pid, c.key)] for c in cands}
    return write_packaged_records(path, by_fp)


def main(argv: Optional[Sequence[str]] = None) -> None:
    """The command line: judge every built-in candidate and write the packaged records."""
    parser = argparse.ArgumentParser(prog="python -m refine_env.select.pack",
                                     description=f"judge every built-in candidate and write {PACKAGED_RECORDS.name}")
    parser.add_argument("--out", default=str(PACKAGED_RECORDS))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    start = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(f"\r{done}/{total} candidates judged", end="", flush=True)

    n = pack_builtin_records(args.out, workers=args.workers, progress=report)
    print(f"\nwrote {n} records to {args.out} in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
