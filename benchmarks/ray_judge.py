"""RayJudge against a local Sandbox on the same cores, in one run: the Ray judge's overhead per test.

    python benchmarks/ray_judge.py [--tests 400] [--repeats 3] [--address HOST:PORT]

Without ``--address`` it starts its own cluster on this machine, on 127.0.0.1 only: a head and a
second node with one CPU each (``ray start --block``, children of this process, stopped at the
end), so the RayJudge has 2 workers, one per node, like the local ``Sandbox(workers=2)`` it is
compared with. Workloads, each the median of ``--repeats`` runs, the two judges interleaved:

- **one program**: ``run`` of an A+B program on ``--tests`` tests (what an env step asks);
- **RL batch**: 64 distinct A+B programs x 20 tests through one ``run_batch`` (what a rollout
  step asks);
- **10 ms of work**: the RL batch with a program doing about 10 ms of work per test;
- with ``--builtin``, **built-in references**: every built-in problem's reference solution on its
  hidden tests (84 programs, about 1,500 tests of real work, 1 s time limits).

Target (issue "Scale out"): the Ray judge at most 1.15x the local judge's time per test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from refine_env.sandbox import Job, Limits, Program, Sandbox, TestCase, Verdict

PROGRAMS = {
    "A+B": "a, b = map(int, input().split())\nprint(a + b)\n",
    "10 ms of work": "n = int(input().split()[0])\ns = 0\nfor i in range(170_000):\n    s += i * n\nprint(s)\n",
}
LIMITS = Limits(time_s=5)

# `ray start` turns 127.0.0.1 into this machine's outward address, unless Ray believes it is local
# only (RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0), which in turn makes `ray start --address` refuse to add
# a node: the launcher lets the CLI's check pass while every address still resolves to loopback.
_LAUNCHER = (
    "import sys, types\n"
    "import ray._private.ray_constants as constants\n"
    "import ray.scripts.scripts as scripts\n"
    "scripts.ray_constants = types.SimpleNamespace(**{**vars(constants), 'ENABLE_RAY_CLUSTER': True})\n"
    "sys.argv = ['ray', *sys.argv[1:]]\n"
    "scripts.main()\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalCluster:
    """Ray nodes on 127.0.0.1 of this machine, each a ``ray start --block`` child of this process.

    Each node has its own ``--temp-dir`` under ``root``; :meth:`stop` ends them by their pids
    (never ``ray stop``, which ends every Ray process of the machine, other users' included) and
    returns the processes of this cluster that were still alive afterwards (killed then).
    """

    def __init__(self, root: Path, *, nodes: int = 2, cpus_per_node: int = 1, start_timeout_s: float = 90.0) -> None:
        import psutil

        self.root = Path(root)
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.env = dict(os.environ, RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0", RAY_USAGE_STATS_ENABLED="0")
        self.procs: List[subprocess.Popen] = []
        self._psutil = psutil
        self._patched: Optional[Tuple[object, bool]] = None
        try:
            for k in range(nodes):
                common = [f"--num-cpus={cpus_per_node}", "--num-gpus=0", "--disable-usage-stats",
                          f"--temp-dir={self.root / f'n{k}'}", "--object-store-memory=100000000"]
                if k == 0:
                    args = ["--head", f"--port={self.port}", f"--ray-client-server-port={_free_port()}",
                            "--include-dashboard=false", *common]
                else:
                    args = [f"--address={self.address}", *common]
                self._start(k, args, start_timeout_s)
        except BaseException:
            self.stop()
            raise

    def _start(self, k: int, args: Sequence[str], timeout: float) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        log = self.root / f"n{k}.log"
        with open(log, "wb") as fh:
            proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, "start", "--block", *args], stdout=fh,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env, start_new_session=True)
        self.procs.append(proc)
        deadline = time.monotonic() + timeout
        while b"Ray runtime started." not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log.read_bytes()[-2000:].decode("utf-8", "replace")
                raise RuntimeError(f"ray node {k} did not start (exit status {proc.poll()}):\n{tail}")
            time.sleep(0.2)

    def __enter__(self) -> "LocalCluster":
        # The driver too must keep 127.0.0.1 as it is when it connects (see _LAUNCHER).
        import ray._private.ray_constants as constants

        self._patched = (constants, constants.ENABLE_RAY_CLUSTER)
        constants.ENABLE_RAY_CLUSTER = False
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def processes(self) -> List[object]:
        """Every process of this cluster now: the nodes, what they started, and what those started."""
        out = []
        for proc in self.procs:
            try:
                p = self._psutil.Process(proc.pid)
                out += [p] + p.children(recursive=True)
            except self._psutil.NoSuchProcess:
                pass
        return out

    def stop(self) -> List[str]:
        psutil = self._psutil
        tree = self.processes()
        for proc in reversed(self.procs):  # worker nodes first, the head last
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    pass
        root = str(self.root)
        left = [p for p in tree if _alive(p, psutil)]
        for p in psutil.process_iter(["cmdline"]):
            if any(root in arg for arg in (p.info.get("cmdline") or [])) and p not in left and _alive(p, psutil):
                left.append(p)
        described = []
        for p in left:
            try:
                described.append(f"{p.pid} {' '.join(p.cmdline())[:120]}")
                p.kill()
            except psutil.NoSuchProcess:
                pass
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        if self._patched is not None:
            constants, value = self._patched
            constants.ENABLE_RAY_CLUSTER = value  # type: ignore[attr-defined]
            self._patched = None
        return described


def _alive(p: object, psutil: object) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE  # type: ignore[attr-defined]
    except psutil.NoSuchProcess:  # type: ignore[attr-defined]
        return False


def expected(name: str, a: int, b: int) -> str:
    if name == "A+B":
        return f"{a + b}\n"
    return f"{sum(i * a for i in range(170_000))}\n"


def make_tests(name: str, n: int) -> List[TestCase]:
    return [TestCase(f"{i} {i + 1}\n", expected(name, i, i + 1)) for i in range(n)]


def batch_jobs(name: str, programs: int = 64, tests_each: int = 20) -> List[Job]:
    tests = make_tests(name, tests_each)
    return [Job(Program("python", f"# rollout {k}\n" + PROGRAMS[name]), tests, LIMITS) for k in range(programs)]


def cpu_seconds(procs: Sequence[object]) -> float:
    """CPU time of these processes and of the descendants they reaped (tests, exited zygotes)."""
    import psutil

    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()  # type: ignore[attr-defined]
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def timed(judge: object, jobs: List[Job], procs: Callable[[], List[object]]) -> Tuple[float, float, int, int]:
    """Wall seconds and CPU seconds (of ``procs()``: everything that judges) of one run_batch."""
    before = cpu_seconds(procs())
    start = time.perf_counter()
    results = judge.run_batch(jobs)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds(procs()) - before
    return elapsed, cpu, sum(r.verdict is Verdict.AC for rs in results for r in rs), sum(len(j.tests) for j in jobs)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tests", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--address", default=None, help="an existing cluster's GCS address (default: start one here)")
    parser.add_argument("--chunk-tests", type=int, default=None, help="RayJudge's chunk_tests (default: its default)")
    parser.add_argument("--builtin", action="store_true", help="also judge every built-in reference on its hidden tests")
    args = parser.parse_args(argv)
    from refine_env.sandbox.ray_judge import RayJudge

    import psutil

    me = psutil.Process()
    cluster = None
    if args.address is None:
        cluster = LocalCluster(Path(tempfile.mkdtemp(prefix="rayjudge-")))
        cluster.__enter__()
    try:
        address = args.address or cluster.address  # type: ignore[union-attr]
        options = {} if args.chunk_tests is None else {"chunk_tests": args.chunk_tests}
        with RayJudge(address=address, **options) as ray_judge, Sandbox(workers=2) as local:
            # What judges: this process and the local Sandbox's workers (tests, zygotes), or this
            # process and every process of the cluster (raylets, GCS, actors, their Sandboxes).
            procs: Dict[str, Callable[[], List[object]]] = {
                "local": lambda: [me] + me.children(recursive=True),
                "ray": (lambda: [me] + cluster.processes()) if cluster is not None else (lambda: [me]),
            }
            workloads: Dict[str, List[Job]] = {
                f"one program x {args.tests} tests": [Job(Program("python", PROGRAMS["A+B"]), make_tests("A+B", args.tests), LIMITS)],
                "RL batch 64 x 20 (A+B)": batch_jobs("A+B"),
                "RL batch 64 x 20 (10 ms of work)": batch_jobs("10 ms of work"),
            }
            if args.builtin:
                from refine_env.problems import load

                workloads["built-in references, hidden tests"] = [
                    Job(p.program(p.reference.source, p.reference.language), tuple(p.hidden_tests), p.limits, checker=p.checker)
                    for p in load("builtin")]
            warm = [Job(Program("python", PROGRAMS["A+B"]), make_tests("A+B", 8), LIMITS)]
            for judge in (local, ray_judge):
                judge.run_batch(warm)
            rows = []
            for label, jobs in workloads.items():
                wall: Dict[str, List[float]] = {"local": [], "ray": []}
                cpu: Dict[str, List[float]] = {"local": [], "ray": []}
                for _ in range(args.repeats):
                    for name, judge in (("local", local), ("ray", ray_judge)):
                        elapsed, used, passed, n = timed(judge, jobs, procs[name])
                        if passed != n:
                            raise SystemExit(f"{name} on {label}: {passed}/{n} tests passed; expected all")
                        wall[name].append(1000 * elapsed / n)
                        cpu[name].append(1000 * used / n)
                rows.append((label, *(statistics.median(v[k]) for v in (wall, cpu) for k in ("local", "ray"))))
            workers, nodes, chunk = ray_judge.workers, len(ray_judge.nodes), ray_judge.chunk_tests
    finally:
        if cluster is not None:
            left = cluster.stop()
            if left:
                print(f"warning: processes of the local cluster were left and killed: {left}", file=sys.stderr)
            shutil.rmtree(cluster.root, ignore_errors=True)
    print(f"{'workload':<34} {'wall ms/test':>21} {'CPU ms/test':>21} {'tests/s/core':>13}")
    print(f"{'':<34} {'local':>7} {'ray':>6} {'ratio':>6} {'local':>7} {'ray':>6} {'ratio':>6} {'local':>6} {'ray':>6}")
    for label, wl, wr, cl, cr in rows:
        print(f"{label:<34} {wl:>7.2f} {wr:>6.2f} {wr / wl:>5.2f}x {cl:>7.2f} {cr:>6.2f} {cr / cl:>5.2f}x {1000 / cl:>6.0f} {1000 / cr:>6.0f}")
    print(f"\ntarget: ray/local <= 1.15. RayJudge over {nodes} nodes, {workers} workers, chunk_tests={chunk}; local Sandbox(workers=2).")
    print("CPU: this process and every process that judges (the local Sandbox's, or all of the cluster's), tests included;")
    print("tests/s/core = 1000 / CPU ms per test, what a saturated core would judge.")
    load = os.getloadavg()[0]
    print(f"({os.cpu_count()} CPUs, load average {load:.1f} at the end, Python {sys.version.split()[0]}, median of {args.repeats})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
