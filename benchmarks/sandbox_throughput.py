"""Sandbox throughput against the physical floor and a subprocess-per-test baseline, in one run.

    python benchmarks/sandbox_throughput.py [--tests 200] [--repeats 3]

Runners, each judging the same tests (compared in this process):

- **floor**: a small warm Python process that forks a child per test; the child runs the
  program (compiled once) with stdin from a pipe; the process reads the output, waits for the
  child and replies. No isolation at all: what fork + pipes + wait cost on this machine.
- **baseline**: ``subprocess.run([sys.executable, "-I", "-S", file])`` per test, like many graders.
- **sandbox**: :class:`~refine_env.sandbox.Sandbox` with 1 and 2 workers, all isolation on.
- **RL batch**: 64 programs x 20 tests through one ``run_batch`` on 2 workers.

Each cell is the median of ``--repeats`` runs. Targets (issue "reward integrity"): one worker at
most 1.5x the floor on A+B and at least 4x the baseline; 2 workers at least 1.8x one; the RL
batch at most 1.5x floor / workers per test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable, Dict, List, Sequence, Tuple

from refine_env.sandbox import Job, Limits, Program, Sandbox, TestCase, Verdict, get_checker

PROGRAMS = {
    "A+B": "a, b = map(int, input().split())\nprint(a + b)\n",
    "10 ms of work": "n = int(input().split()[0])\ns = 0\nfor i in range(170_000):\n    s += i * n\nprint(s)\n",
}
LIMITS = Limits(time_s=5)

FLOOR = r'''
import os, sys
source = sys.stdin.buffer.read(int(sys.argv[1])).decode()
code = compile(source, "solution.py", "exec")
inp, out = sys.stdin.buffer, sys.stdout.buffer
while True:
    head = inp.read(8)
    if len(head) < 8:
        break
    data = inp.read(int.from_bytes(head, "little"))
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(in_r, 0)
        os.dup2(out_w, 1)
        os.closerange(3, 256)
        sys.stdin = open(0, "r")
        sys.stdout = open(1, "w")
        exec(code, {"__name__": "__main__"})
        sys.stdout.flush()
        os._exit(0)
    os.close(in_r)
    os.close(out_w)
    os.write(in_w, data)
    os.close(in_w)
    chunks = []
    while True:
        chunk = os.read(out_r, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(out_r)
    os.waitpid(pid, 0)
    result = b"".join(chunks)
    out.write(len(result).to_bytes(8, "little") + result)
    out.flush()
'''


def expected(name: str, a: int, b: int) -> str:
    if name == "A+B":
        return f"{a + b}\n"
    return f"{sum(i * a for i in range(170_000))}\n"


def make_tests(name: str, n: int) -> List[TestCase]:
    return [TestCase(f"{i} {i + 1}\n", expected(name, i, i + 1)) for i in range(n)]


def floor(source: str, tests: Sequence[TestCase], _workers: int) -> Tuple[float, int]:
    checker = get_checker("tokens")
    data = source.encode()
    proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", FLOOR, str(len(data))], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(data)
    proc.stdin.flush()

    def one(test: TestCase) -> bool:
        payload = test.input.encode()
        proc.stdin.write(len(payload).to_bytes(8, "little") + payload)  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
        n = int.from_bytes(proc.stdout.read(8), "little")  # type: ignore[union-attr]
        return checker.check(test.output or "", proc.stdout.read(n).decode()).ok  # type: ignore[union-attr]

    one(tests[0])  # warm
    start = time.perf_counter()
    passed = sum(one(t) for t in tests)
    elapsed = time.perf_counter() - start
    proc.stdin.close()
    proc.wait()
    return elapsed, passed


def baseline(source: str, tests: Sequence[TestCase], _workers: int) -> Tuple[float, int]:
    """subprocess.run of a fresh interpreter per test, compared in the parent, like many graders."""
    checker = get_checker("tokens")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "solution.py")
        with open(path, "w") as fh:
            fh.write(source)
        start = time.perf_counter()
        passed = 0
        for test in tests:
            proc = subprocess.run([sys.executable, "-I", "-S", path], input=test.input, capture_output=True, text=True, timeout=10, cwd=tmp)
            passed += proc.returncode == 0 and checker.check(test.output or "", proc.stdout).ok
        return time.perf_counter() - start, passed


def sandboxed(source: str, tests: Sequence[TestCase], workers: int) -> Tuple[float, int]:
    with Sandbox(workers=workers) as sb:
        sb.run(Program("python", source), tests[:4], LIMITS)  # warm: workers started, program loaded
        start = time.perf_counter()
        results = sb.run(Program("python", source), tests, LIMITS)
        elapsed = time.perf_counter() - start
    return elapsed, sum(r.verdict is Verdict.AC for r in results)


def rl_batch(programs: int = 64, tests_each: int = 20, workers: int = 2) -> Tuple[float, int, int]:
    """64 distinct A+B programs (as 64 rollouts would be) x 20 tests through one run_batch."""
    tests = make_tests("A+B", tests_each)
    jobs = [Job(Program("python", f"# rollout {k}\n" + PROGRAMS["A+B"]), tests, LIMITS) for k in range(programs)]
    with Sandbox(workers=workers) as sb:
        sb.run(Program("python", PROGRAMS["A+B"]), tests[:4], LIMITS)
        start = time.perf_counter()
        results = sb.run_batch(jobs)
        elapsed = time.perf_counter() - start
    return elapsed, sum(r.verdict is Verdict.AC for rs in results for r in rs), programs * tests_each


def median_run(fn: Callable[..., Tuple[float, int]], repeats: int, *args: object) -> Tuple[float, int]:
    runs = [fn(*args) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), min(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tests", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows: List[Tuple[str, str, float]] = []
    ratios: Dict[str, float] = {}
    for name, source in PROGRAMS.items():
        tests = make_tests(name, args.tests)
        ms: Dict[str, float] = {}
        for label, fn, k in (("floor (warm fork, no isolation)", floor, 1), ("baseline subprocess", baseline, 1),
                             ("sandbox, 1 worker", sandboxed, 1), ("sandbox, 2 workers", sandboxed, 2)):
            elapsed, passed = median_run(fn, args.repeats, source, tests, k)
            if passed != len(tests):
                raise SystemExit(f"{label} on {name}: {passed}/{len(tests)} tests passed; expected all")
            ms[label] = 1000 * elapsed / len(tests)
            rows.append((name, label, ms[label]))
        ratios[f"{name}: sandbox 1 worker / floor (target <= 1.5)"] = ms["sandbox, 1 worker"] / ms["floor (warm fork, no isolation)"]
        ratios[f"{name}: baseline / sandbox 1 worker (target >= 4)"] = ms["baseline subprocess"] / ms["sandbox, 1 worker"]
        ratios[f"{name}: 2 workers vs 1 (target >= 1.8)"] = ms["sandbox, 1 worker"] / ms["sandbox, 2 workers"]
        if name == "A+B":
            floor_ms = ms["floor (warm fork, no isolation)"]
    batch = [rl_batch() for _ in range(args.repeats)]
    elapsed = statistics.median(b[0] for b in batch)
    if min(b[1] for b in batch) != batch[0][2]:
        raise SystemExit("RL batch: not every test passed")
    batch_ms = 1000 * elapsed / batch[0][2]
    rows.append(("A+B", "RL batch 64 x 20, 2 workers", batch_ms))
    ratios["RL batch per test / (floor / 2 workers) (target <= 1.5)"] = batch_ms / (floor_ms / 2)
    print(f"{'program':<15} {'runner':<34} {'ms/test':>8} {'tests/s':>8}")
    for name, label, value in rows:
        print(f"{name:<15} {label:<34} {value:>8.2f} {1000 / value:>8.0f}")
    print()
    for label, ratio in ratios.items():
        print(f"{label:<62} {ratio:>5.2f}x")
    print(f"\n({os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.tests} tests per cell, median of {args.repeats})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
