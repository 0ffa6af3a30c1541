"""RayJudge on a two-node Ray cluster of this machine: the local Sandbox's verdicts, lost actors, clean shutdown."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator, List, Sequence

import pytest

from refine_env.problems import load
from refine_env.sandbox import Job, Judge, Limits, Program, SandboxError, SpecialJudge, TestCase, TestResult, Verdict
from refine_env.sandbox.ray_judge import RayJudge, _plan

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SLEEPY = "import time\na, b = map(int, input().split())\ntime.sleep(0.25)\nprint(a + b)\n"


@functools.lru_cache(maxsize=1)
def _problems() -> dict:
    # Two stdin and two call-based problems, among the cheapest to judge (under a second of CPU each).
    wanted = ("hike-ascent-queries", "gig-schedule-max-pay", "next-palindrome", "page-range-summary")
    return {p.id: p for p in load("builtin") if p.id in wanted}


@pytest.fixture(scope="module")
def judge(cluster: Any) -> Iterator[RayJudge]:
    with RayJudge(address=cluster.address) as j:
        assert len(j.nodes) == 2 and j.workers == 2
        yield j


def _key(r: TestResult) -> tuple:
    # Times vary run to run, and so do a TLE's message (it quotes the CPU time) and how it was killed.
    if r.verdict is Verdict.TLE:
        return (r.verdict,)
    return (r.verdict, r.output, r.message, r.exit_code, r.signal, r.value)


def _keys(batch: Sequence[Sequence[TestResult]]) -> List[List[tuple]]:
    return [[_key(r) for r in results] for results in batch]


def _sleepy_jobs(programs: int = 4, tests: int = 6) -> List[Job]:
    cases = [TestCase(f"{i} {i}\n", f"{2 * i}\n" if i % 5 else "wrong\n") for i in range(tests)]
    return [Job(Program("python", f"# {k}\n" + SLEEPY), cases, Limits(time_s=2)) for k in range(programs)]


def test_import_refine_env_does_not_import_ray():
    code = "import sys, refine_env, refine_env.env, refine_env.sandbox, refine_env.sandbox.ray_judge\nprint('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "False"


def test_chunks_hold_every_test_once_and_ordered_jobs_whole():
    tests = [TestCase(str(i)) for i in range(20)]
    jobs = [Job(Program("python", "pass"), tests[:n], stop_on_first_failure=stop)
            for n, stop in ((20, False), (0, False), (3, False), (20, True), (5, False))]
    chunks = _plan(jobs, size=8)
    seen = sorted((j, i) for chunk in chunks for j, a, b in chunk for i in range(a, b))
    assert seen == sorted((j, i) for j, job in enumerate(jobs) for i in range(len(job.tests)))
    assert [piece for chunk in chunks for piece in chunk if piece[0] == 3] == [(3, 0, 20)]
    assert [b - a for chunk in chunks for j, a, b in chunk if j == 0] == [7, 6, 7]
    assert all(sum(b - a for _j, a, b in chunk) <= 8 for chunk in chunks if (3, 0, 20) not in chunk)


def test_sandbox_options_are_checked_before_connecting():
    with pytest.raises(ValueError, match=r"got 'keep_output_char'; did you mean 'keep_output_chars'\?"):
        RayJudge(sandbox_options={"keep_output_char": 10})
    with pytest.raises(ValueError, match=r"got 'workers' \(the number of workers per node is workers_per_node\)"):
        RayJudge(sandbox_options={"workers": 4})


def test_verdicts_match_the_local_sandbox_on_builtin_problems(judge, sandbox):
    chosen = list(_problems().values())
    assert sorted(p.kind for p in chosen) == ["call", "call", "stdin", "stdin"]
    jobs = []
    for p in chosen:
        tests = tuple(p.public_tests) + tuple(p.hidden_tests)
        for sol in [p.reference, *p.mutants]:
            # A slow solution stops at its first failure, under a quarter of the limit: every test
            # it runs costs up to a time limit, and it gets there through the long tests.
            slow = sol.expected_verdict is Verdict.TLE
            limits = replace(p.limits, time_s=0.25) if slow else p.limits
            jobs.append(Job(p.program(sol.source, sol.language), tests, limits,
                            checker=p.checker, stop_on_first_failure=slow))
    got = judge.run_batch(jobs)
    local = sandbox.run_batch(jobs)
    solutions = [sol for p in chosen for sol in [p.reference, *p.mutants]]
    # Which test a slow solution first exceeds its limit on depends on the machine's load (a
    # short test can cross a quarter of the limit on a busy machine): for those only the verdict
    # is compared; every other result must be the same, test by test.
    exact = [i for i, sol in enumerate(solutions) if sol.expected_verdict is not Verdict.TLE]
    assert _keys([got[i] for i in exact]) == _keys([local[i] for i in exact])
    for batch in (got, local):
        firsts = [next((r.verdict for r in results if r.verdict is not Verdict.AC), Verdict.AC) for results in batch]
        assert firsts == [sol.expected_verdict for sol in solutions]
    assert judge.stats.chunks > judge.workers and judge.stats.reruns == 0


def test_the_sandbox_interface_is_kept(judge, sandbox):
    assert isinstance(judge, Judge)
    tests = [TestCase(f"{i} 1\n", f"{i + 1}\n") for i in range(5)] + [TestCase("1 1\n", "3\n"), TestCase("2 2\n", "4\n")]
    good = Program("python", "a, b = map(int, input().split())\nprint(a + b)\n")
    jobs = [Job(good, tests), Job(good, []), Job(good, tests, stop_on_first_failure=True),
            Job(Program("python", "print(("), tests[:3]), Job(Program("cpp", "int main() { return 1 }"), tests[:2])]
    done: List[int] = []
    got = judge.run_batch(jobs, progress=done.append)
    assert _keys(got) == _keys(sandbox.run_batch(jobs))
    assert [len(r) for r in got] == [7, 0, 6, 3, 2] and sum(done) == len(jobs)
    assert {r.verdict for r in got[3] + got[4]} == {Verdict.CE}
    assert [r.verdict for r in judge.run(good, tests[4:6])] == [Verdict.AC, Verdict.WA]
    assert set(judge.isolation["network"].values() if isinstance(judge.isolation["network"], dict)
               else [judge.isolation["network"]]) == {"namespace without interfaces"}
    with pytest.raises(ValueError, match=r"Expected test 0 of job 1 to hold encoded call arguments and value"):
        judge.run_batch([Job(good, tests), Job(Program("python", "def f(x): return x", entry_point="f"), [TestCase("[1")])])


def test_a_slow_program_is_cut_by_the_time_slice_and_an_ordered_job_stays_in_order(judge, sandbox):
    slow = Program("python", SLEEPY)
    cases = [TestCase(f"{i} {i}\n", f"{2 * i}\n" if i != 5 else "wrong\n") for i in range(8)]
    jobs = [Job(slow, cases), Job(slow, cases, stop_on_first_failure=True),
            Job(Program("python", "print(sum(map(int, input().split())))"), cases)]
    got = judge.run_batch(jobs)
    assert _keys(got) == _keys(sandbox.run_batch(jobs))
    assert [len(r) for r in got] == [8, 6, 8] and got[1][-1].verdict is Verdict.WA
    # 8 tests of 0.25 s in slices of 0.5 s: each slow job comes back at least 3 times.
    assert judge.slice_s == 0.5 and judge.stats.cuts >= 4 and judge.stats.chunks >= 3 + judge.stats.cuts


def test_a_failure_of_our_own_code_on_a_node_raises_there_and_here(judge):
    broken = SpecialJudge(Program("cpp", "this is not C++"), protocol="testlib")
    with pytest.raises(SandboxError, match=r"the problem's special judge does not compile"):
        judge.run(Program("python", "print(1)"), [TestCase("", "1")], checker=broken)


def test_the_env_takes_a_ray_judge_unchanged(judge):
    import gymnasium as gym

    from refine_env import actions

    env = gym.make("RefineCode-v0", sandbox=judge, dataset=[_problems()["next-palindrome"]])
    try:
        env.reset(seed=0)
        problem = env.unwrapped.problem
        _obs, reward, terminated, _truncated, info = env.step(actions.submit(problem.reference.source))
        assert terminated and reward > 0 and info["hidden"]["passed"] == info["hidden"]["total"]
    finally:
        env.close()
    assert judge.workers == 2  # the env never closes a judge it was given


def test_step_batch_judges_a_turn_of_many_episodes_on_the_cluster(judge, sandbox):
    from refine_env import actions
    from refine_env.env import RefineCodeEnv
    from refine_env.vector import step_batch

    def seen(info: dict) -> tuple:
        public = {k: v for k, v in info.get("public", {}).items() if k != "time_s"}
        return info.get("hidden"), public

    outcomes = []
    for box in (judge, sandbox):
        envs = [RefineCodeEnv(dataset=[p], sandbox=box) for p in _problems().values()]
        for env in envs:
            env.reset(seed=0)
        moves = [actions.submit(env.problem.reference.source) if k % 2 else actions.run(env.problem.mutants[0].source)
                 for k, env in enumerate(envs)]
        outcomes.append([(reward, terminated, *seen(info)) for _obs, reward, terminated, _t, info in step_batch(envs, moves)])
    assert outcomes[0] == outcomes[1]
    assert [terminated for _r, terminated, _h, _p in outcomes[0]] == [False, True, False, True]


def _descendants(pid: int) -> list:
    import psutil

    p = psutil.Process(pid)
    return [p] + p.children(recursive=True)


def _wait_gone(procs: list, timeout: float = 10.0) -> list:
    import psutil

    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for p in procs:
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def test_an_actor_killed_mid_batch_loses_no_result_and_duplicates_none(cluster, sandbox):
    import ray

    jobs = _sleepy_jobs()
    expected = _keys(sandbox.run_batch(jobs))
    with RayJudge(address=cluster.address, chunk_tests=2, prefetch=0) as judge:
        victim = judge._actors[1]
        tree = _descendants(ray.get(victim.handle.describe.remote())["pid"])
        out: List[Any] = []
        runner = threading.Thread(target=lambda: out.append(judge.run_batch(jobs)))
        runner.start()
        time.sleep(1.0)  # 24 tests of 0.25 s on 2 workers: about 3 s
        ray.kill(victim.handle)
        runner.join(60)
        assert not runner.is_alive() and len(out) == 1
        assert _keys(out[0]) == expected
        assert judge.stats.actors_lost == 1 and judge.stats.reruns >= 1
        assert judge.nodes == (judge._actors[0].node_id,) and judge.workers == 1
        assert _wait_gone(tree) == []  # the actor, its Sandbox's worker and zygotes
        assert _keys(judge.run_batch(jobs[:1])) == expected[:1]


def test_one_error_when_every_actor_is_gone(cluster):
    import ray

    with RayJudge(address=cluster.address) as judge:
        for actor in judge._actors:
            ray.kill(actor.handle)
        with pytest.raises(SandboxError, match=r"^Expected a live Ray judge actor, got none left: all 2 were lost"):
            judge.run_batch(_sleepy_jobs(programs=2, tests=2))
        assert judge.workers == 0 and judge.stats.actors_lost == 2


def test_close_leaves_no_process_of_the_judge(cluster, sandbox):
    import ray

    # Three workers per node in actors of at most two: two actors on each node.
    judge = RayJudge(address=cluster.address, workers_per_node=3, workers_per_actor=2)
    assert sorted(a.slots for a in judge._actors) == [1, 1, 2, 2] and judge.workers == 6 and len(judge.nodes) == 2
    jobs = _sleepy_jobs(programs=3, tests=4)
    assert _keys(judge.run_batch(jobs)) == _keys(sandbox.run_batch(jobs))
    trees = [p for a in judge._actors for p in _descendants(ray.get(a.handle.describe.remote())["pid"])]
    assert len(trees) >= 4 * 3  # each actor, its Sandboxes' workers and a zygote at least
    judge.close()
    judge.close()
    assert _wait_gone(trees) == []
    with pytest.raises(SandboxError, match=r"^Expected an open RayJudge, got one that was closed$"):
        judge.run_batch([])


def test_refine_env_eval_judges_on_the_cluster_with_one_option(cluster, tmp_path):
    # `refine-env eval --ray ADDRESS`: the same evaluation, judged by the cluster's actors.
    import argparse

    from refine_agents.cli import register_eval, run_eval

    parser = argparse.ArgumentParser()
    register_eval(parser.add_subparsers())
    args = parser.parse_args(["eval", "--policy", "scripted:reference", "--agent", "single", "--limit", "2",
                              "--ray", cluster.address, "--no-plot", "--quiet", "--out", str(tmp_path / "run")])
    lines: list = []
    assert run_eval(args, out=lines.append) == 0
    summary = __import__("json").loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["pass_at"] == {"1": 1.0} and summary["episodes"] == 2, summary
