"""The sandbox: verdicts, real stdio idioms, call-based programs, limits and bad input."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading

import psutil
import pytest

from refine_env.sandbox import Job, Limits, Program, Sandbox, SandboxError, TestCase, Verdict, codec

APLUSB = "a, b = map(int, input().split())\nprint(a + b)\n"
T = TestCase("1 2\n", "3\n")
FAST = Limits(time_s=1, memory_mb=256, wall_time_s=3)


def run1(sb: Sandbox, source: str, test: TestCase = T, limits: Limits = FAST, **kw):
    return sb.run(Program("python", source), [test], limits, **kw)[0]


def test_accepted_and_wrong_answer(sandbox):
    results = sandbox.run(Program("python", APLUSB), [T, TestCase("5 5\n", "11\n")])
    assert [r.verdict for r in results] == [Verdict.AC, Verdict.WA]
    assert results[0].output == "3\n" and results[0].exit_code == 0
    assert results[1].message == "token 1: expected '11', got '10'"
    assert 0 < results[0].time_s < 1 and results[0].memory_mb > 1


@pytest.mark.parametrize(
    "source",
    [
        "import sys\nprint(sum(map(int, sys.stdin.buffer.read().split())))",
        "print(sum(map(int, open(0).read().split())))",
        "import sys\nfor line in sys.stdin:\n    print(sum(map(int, line.split())))",
        "import sys\nsys.stdout.buffer.write(str(sum(map(int, input().split()))).encode() + b'\\n')",
        "import os\nos.write(1, (str(sum(map(int, input().split()))) + '\\n').encode())",
        "import sys\nsys.stdout.write('%d\\n' % sum(map(int, sys.stdin.readline().split())))",
        "import threading\ndef main():\n    print(sum(map(int, input().split())))\nthreading.Thread(target=main).start()",
        "import atexit\nx = sum(map(int, input().split()))\natexit.register(lambda: print(x))",
    ],
    ids=["stdin.buffer", "open(0)", "for-line", "stdout.buffer", "os.write", "readline", "thread-main", "atexit"],
)
def test_real_stdio_idioms_pass(sandbox, source):
    assert run1(sandbox, source).verdict is Verdict.AC


def test_big_integer_output_past_the_digit_limit(sandbox):
    # 16,902 digits, beyond CPython's default 4,300-digit str() limit (lifted here only to build the answer).
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        expected = str(7**20000) + "\n"
    finally:
        sys.set_int_max_str_digits(old)
    result = run1(sandbox, "print(7**20000)", TestCase("", expected))
    assert result.verdict is Verdict.AC


def test_large_input_and_output_do_not_block(sandbox):
    # 2 MB in and out: stdin is fed while stdout is read, or a pipe buffer would deadlock.
    data = "\n".join(str(i) for i in range(300_000)) + "\n"
    result = run1(sandbox, "import sys\nsys.stdout.write(sys.stdin.read())", TestCase(data, data), Limits(time_s=5))
    assert result.verdict is Verdict.AC


def test_time_limits_cpu_and_wall(sandbox):
    cpu = run1(sandbox, "while True: pass")
    # On a loaded machine the wall-clock limit can come first; either way the verdict is TLE.
    assert cpu.verdict is Verdict.TLE
    assert cpu.message == "CPU time limit of 1s exceeded" or cpu.message.startswith("wall-clock limit of 3s")
    wall = run1(sandbox, "import time\ntime.sleep(60)")
    assert wall.verdict is Verdict.TLE and wall.message.startswith("wall-clock limit of 3s exceeded")
    assert wall.time_s < 0.5 and wall.wall_s < 30  # killed at the limit, not after the sleep


def test_cpu_time_over_the_limit_is_tle_even_when_the_program_finishes(sandbox):
    busy = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6:\n    pass\nprint(3)"
    result = run1(sandbox, busy, limits=Limits(time_s=0.3, wall_time_s=10))
    assert result.verdict is Verdict.TLE and result.time_s > 0.3


def test_memory_limit(sandbox):
    result = run1(sandbox, "x = bytearray(600 * 1024 * 1024)\nprint(len(x))")
    assert result.verdict is Verdict.MLE and result.message == "memory limit of 256 MB exceeded"
    grow = run1(sandbox, "l = []\nwhile True:\n    l.append(bytearray(10**6))")
    assert grow.verdict is Verdict.MLE


def test_runtime_errors(sandbox):
    exc = run1(sandbox, "raise ValueError('boom')")
    assert exc.verdict is Verdict.RE and exc.exit_code == 1
    assert exc.message == "exit code 1: ValueError: boom" and "Traceback" in exc.stderr
    assert "_worker" not in exc.stderr  # the harness's own frames stay out of the traceback
    segv = run1(sandbox, "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)")
    assert segv.verdict is Verdict.RE and segv.signal == signal.SIGSEGV and segv.message == "killed by SIGSEGV"
    code = run1(sandbox, "import sys\nprint(3)\nsys.exit(4)")
    assert code.verdict is Verdict.RE and code.exit_code == 4


def test_output_limit(sandbox):
    result = run1(sandbox, "import sys\nwhile True: sys.stdout.write('x' * 65536)", limits=Limits(time_s=2, output_mb=1))
    assert result.verdict is Verdict.OLE and result.message == "output exceeded the limit of 1 MB"
    assert result.output_truncated


def test_compile_errors(sandbox):
    ce = run1(sandbox, "def f(:\n    pass\n")
    assert ce.verdict is Verdict.CE and "SyntaxError" in ce.message and "line 1" in ce.message
    empty = run1(sandbox, "   \n")
    assert empty.verdict is Verdict.CE and empty.message == "empty source: the submission contains no code"
    nul = run1(sandbox, "print(1)\x00")
    assert nul.verdict is Verdict.CE


def test_compile_error_repeats_for_every_test_or_stops(sandbox):
    program = Program("python", "x = (")
    assert [r.verdict for r in sandbox.run(program, [T, T, T])] == [Verdict.CE] * 3
    assert len(sandbox.run(program, [T, T, T], stop_on_first_failure=True)) == 1


def test_non_utf8_source_and_output(sandbox):
    bad_source = sandbox.run(Program("python", b"print('\xff')\n"), [T])[0]
    assert bad_source.verdict is Verdict.CE and bad_source.message.startswith("source is not valid UTF-8")
    bad_output = run1(sandbox, "import sys\nsys.stdout.buffer.write(b'\\xff3\\n')")
    assert bad_output.verdict is Verdict.WA
    assert bad_output.message == "output is not valid UTF-8 (byte 0xff at offset 0)"


def test_unicode_round_trip(sandbox):
    result = run1(sandbox, "print(input()[::-1])", TestCase("Zoë → 中文 😀\n", "😀 文中 → ëoZ\n"))
    assert result.verdict is Verdict.AC


def test_stop_on_first_failure_keeps_order(sandbox):
    tests = [T, TestCase("2 2\n", "5\n"), T, TestCase("1 1\n", "3\n")]
    all_results = sandbox.run(Program("python", APLUSB), tests)
    assert [r.verdict for r in all_results] == [Verdict.AC, Verdict.WA, Verdict.AC, Verdict.WA]
    stopped = sandbox.run(Program("python", APLUSB), tests, stop_on_first_failure=True)
    assert [r.verdict for r in stopped] == [Verdict.AC, Verdict.WA]


def test_run_batch_judges_many_programs(sandbox):
    done = []
    jobs = [
        Job(Program("python", APLUSB), [T] * 3),
        Job(Program("python", "print(4)"), [T, T]),
        Job(Program("python", APLUSB), []),
    ]
    results = sandbox.run_batch(jobs, progress=done.append)
    assert [[r.verdict for r in rs] for rs in results] == [[Verdict.AC] * 3, [Verdict.WA] * 2, []]
    assert sum(done) == 3


def test_tests_without_expected_output_get_ok(sandbox):
    result = sandbox.run(Program("python", APLUSB), [TestCase("4 5\n")])[0]
    assert result.verdict is Verdict.OK and result.output == "9\n"


def test_call_based_function_and_solution_method(sandbox):
    fn = Program("python", "def add(a, b):\n    return a + b\n", "add")
    tests = [TestCase(codec.encode_args([1, 2]), codec.encode(3)), TestCase(codec.encode_args([[1], [2]]), codec.encode([1, 2]))]
    assert [r.verdict for r in sandbox.run(fn, tests, checker="exact")] == [Verdict.AC, Verdict.AC]
    method = Program("python", "class Solution:\n    def twice(self, xs):\n        print('debug')\n        return xs * 2\n", "Solution.twice")
    result = sandbox.run(method, [TestCase("[1, 2]", "[1, 2, 1, 2]")], checker="exact")[0]
    assert result.verdict is Verdict.AC and result.stdout == "debug\n" and result.output == "[1, 2, 1, 2]"


def test_call_based_tuple_list_and_big_values(sandbox):
    prog = Program("python", "def f():\n    return (10**5000, [1.5], {2: 'x'})\n", "f")
    expected = codec.encode((10**5000, [1.5], {2: "x"}))
    assert sandbox.run(prog, [TestCase("", expected)], checker="exact")[0].verdict is Verdict.AC
    as_list = codec.encode([10**5000, [1.5], {2: "x"}])
    assert sandbox.run(prog, [TestCase("", as_list)], checker="exact")[0].verdict is Verdict.WA
    assert sandbox.run(prog, [TestCase("", as_list)], checker="json")[0].verdict is Verdict.AC


def test_call_based_cheats_do_not_pass(sandbox):
    always_equal = "def f():\n    class X:\n        def __eq__(self, other):\n            return True\n    return X()\n"
    r = sandbox.run(Program("python", always_equal, "f"), [TestCase("", "3")])[0]
    assert r.verdict is Verdict.WA and r.message.startswith("returned a value the judge cannot compare")
    subclass = "def f():\n    class I(int):\n        def __eq__(self, other):\n            return True\n    return I(4)\n"
    assert sandbox.run(Program("python", subclass, "f"), [TestCase("", "3")])[0].verdict is Verdict.WA
    for exit_call in ("import sys\n    sys.exit(0)", "import os\n    os._exit(0)"):
        r = sandbox.run(Program("python", f"def f():\n    {exit_call}\n", "f"), [TestCase("", "3")])[0]
        assert r.verdict is Verdict.WA, exit_call
        assert r.message == "the function did not return: the program exited before the call completed"
    missing = sandbox.run(Program("python", "def g():\n    return 3\n", "f"), [TestCase("", "3")])[0]
    assert missing.verdict is Verdict.RE and "defines no 'f'" in missing.message


def test_expected_outputs_never_reach_the_child(sandbox):
    # The program searches its own memory, files and environment for the expected output.
    spy = (
        "import gc, os, sys\n"
        "needle = 'EXPECTED' + '-SECRET-4711'\n"
        "found = any(isinstance(o, str) and needle in o for o in gc.get_objects())\n"
        "for root in ('.', '/tmp'):\n"
        "    for dirpath, _, files in os.walk(root):\n"
        "        for name in files:\n"
        "            try:\n"
        "                found |= needle in open(os.path.join(dirpath, name), errors='ignore').read()\n"
        "            except OSError:\n"
        "                pass\n"
        "found |= needle in str(os.environ)\n"
        "print('found' if found else 'clean')\n"
    )
    result = run1(sandbox, spy, TestCase("", "EXPECTED-SECRET-4711\n"))
    assert result.verdict is Verdict.WA and result.output == "clean\n"


def test_invalid_limits_and_programs_are_clear_errors():
    with pytest.raises(ValueError, match=r"Expected Limits.time_s in \(0, 3600\], got -1"):
        Limits(time_s=-1)
    with pytest.raises(ValueError, match="Expected Limits.memory_mb to be a finite number, got 'big'"):
        Limits(memory_mb="big")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Expected language to be one of \('python', 'cpp'\), got 'java'"):
        Program("java", "class A {}")
    with pytest.raises(ValueError, match="Expected entry_point only for python programs"):
        Program("cpp", "int main(){}", "f")
    with pytest.raises(ValueError, match="Expected entry_point to be 'function' or 'Class.method'"):
        Program("python", "", "a.b.c")
    with pytest.raises(TypeError, match="Expected TestCase.input to be a str, got int"):
        TestCase(3)  # type: ignore[arg-type]


def test_bad_call_test_data_is_an_error_of_the_caller(sandbox):
    with pytest.raises(ValueError, match="Expected test 0 of job 0 to hold encoded call arguments"):
        sandbox.run(Program("python", "def f(x):\n    return x\n", "f"), [TestCase("{not json", "1")])


def test_closed_sandbox_refuses_work():
    sb = Sandbox(workers=1)
    sb.close()
    with pytest.raises(SandboxError, match="Expected an open Sandbox"):
        sb.run(Program("python", APLUSB), [T])


def test_a_worker_killed_under_a_test_costs_a_rerun_and_loses_no_result():
    sb = Sandbox(workers=1)
    try:
        if sb.isolation.get("uid") == "same":
            pytest.skip("without root a worker's death may be the program's doing and is judged RE")
        # Killed while idle: nothing was being judged, so the next call restarts it.
        pid = sb.worker_pids[0]
        os.kill(pid, signal.SIGKILL)
        psutil.Process(pid).wait(5)
        assert sb.run(Program("python", APLUSB), [T])[0].verdict is Verdict.AC
        # Killed in the middle of a batch: the test it was running is rerun on a fresh worker,
        # and every other result of the batch comes back once.
        victim = sb.worker_pids[0]
        threading.Timer(0.5, os.kill, (victim, signal.SIGKILL)).start()
        jobs = [Job(Program("python", "import time\ntime.sleep(1)\nprint(3)"), [T], Limits(time_s=5)),
                Job(Program("python", APLUSB), [T, TestCase("2 2\n", "4\n")])]
        results = sb.run_batch(jobs)
        assert [[r.verdict for r in rs] for rs in results] == [[Verdict.AC], [Verdict.AC, Verdict.AC]]
        assert sb.worker_pids[0] not in (pid, victim)
    finally:
        sb.close()


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")
def test_cpp_compiles_once_and_runs(sandbox, tmp_path):
    source = "#include <cstdio>\nint main(){long long a,b;scanf(\"%lld %lld\",&a,&b);printf(\"%lld\\n\",a+b);}\n"
    results = sandbox.run(Program("cpp", source), [T, TestCase("5 5\n", "10\n")])
    assert [r.verdict for r in results] == [Verdict.AC, Verdict.AC]
    ce = sandbox.run(Program("cpp", "int main() { return }"), [T])[0]
    assert ce.verdict is Verdict.CE and "error" in ce.message
    crash = sandbox.run(Program("cpp", "#include <vector>\nint main(){std::vector<long long> v(1LL<<34); return v[3];}"), [T])[0]
    assert crash.verdict is Verdict.MLE


def test_isolation_report_as_root(sandbox):
    iso = sandbox.isolation
    if os.geteuid() != 0:
        assert iso["uid"] == "same" and iso["network"] in ("seccomp", "none")
        return
    assert iso["uid"].startswith("dropped to ")
    assert iso["network"] == "namespace without interfaces"
    assert iso["filesystem"].startswith("own root: read-only /usr") and iso["proc"] == "hidepid=2"
    assert iso["ipc"] == "namespace per test"
    assert iso["seccomp"].startswith("allow-list of ")
    assert iso["limits"].startswith("whole process tree: memory by a cgroup")
    assert any("site-packages" in m or "dist-packages" in m for m in iso["masked"])


def test_program_cache_eviction_never_loses_a_program():
    # More programs than the workers cache, reused out of order, some not compiling.
    with Sandbox(workers=1, program_cache=3) as sb:
        programs = [Program("python", f"print({k})") for k in range(6)] + [Program("python", "x = (")]
        order = [3, 4, 2, 1, 0, 4, 6, 0, 4, 6, 1, 4, 3, 1, 0, 6, 2, 5]
        for k in order:
            result = sb.run(programs[k], [TestCase("", f"{k}\n")])[0]
            assert result.verdict is (Verdict.CE if k == 6 else Verdict.AC), k
