"""Hostile programs: each gets the right verdict, and the host is untouched afterwards."""

from __future__ import annotations

import glob
import os
import tempfile
import uuid

import psutil
import pytest

from refine_env.sandbox import Limits, Program, Sandbox, TestCase, Verdict

from memory_scan import memory_scan

MARK = uuid.uuid4().hex[:12]
OUTSIDE = os.path.join(tempfile.gettempdir(), f"refine-hostile-{MARK}")
SECRET = f"secret-{MARK}"
LIMITS = Limits(time_s=1, memory_mb=256, wall_time_s=2.5, output_mb=4)
T = TestCase("1 2\n", "3\n")

HOSTILE = {
    "infinite loop": ("while True:\n    pass", {Verdict.TLE}),
    "sleep forever": ("import time\ntime.sleep(10**6)", {Verdict.TLE}),
    "memory bomb": ("x = [0] * (10**10)", {Verdict.MLE}),
    "growing memory": ("s = []\nwhile True:\n    s.append('x' * 10**6)", {Verdict.MLE}),
    "fork bomb": ("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass", {Verdict.TLE}),
    "thread bomb": (
        "import threading, time\nfor _ in range(100000):\n    threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()",
        {Verdict.RE, Verdict.TLE, Verdict.MLE},
    ),
    "output flood": ("import sys\nwhile True:\n    sys.stdout.write('y' * 65536)", {Verdict.OLE}),
    "one huge line": ("import sys\nsys.stdout.write('z' * (50 * 1024 * 1024))", {Verdict.OLE, Verdict.MLE}),
    "stderr flood": ("import sys\nwhile True:\n    sys.stderr.write('e' * 65536)", {Verdict.TLE}),
    "write outside cwd": (f"open({OUTSIDE!r}, 'w').write('x')\nprint(3)", {Verdict.AC, Verdict.RE}),
    "write system file": ("open('/etc/refine-hostile', 'w').write('x')", {Verdict.RE}),
    "write /var/tmp": (f"open('/var/tmp/refine-hostile-{MARK}', 'w').write('x')\nprint(3)", {Verdict.AC, Verdict.RE}),
    "network socket": ("import socket\ns = socket.create_connection(('1.1.1.1', 80), timeout=1)\nprint(3)", {Verdict.RE}),
    "env secrets": (f"import os\nprint(3 if {SECRET!r} not in str(os.environ) else 'leak')", {Verdict.AC}),
    "kill parent": ("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint(3)", {Verdict.RE}),
    "kill process group": ("import os, signal\nos.killpg(0, signal.SIGKILL)", {Verdict.RE}),
    "kill everything": ("import os, signal\nos.kill(-1, signal.SIGKILL)\nprint(3)", {Verdict.AC, Verdict.RE}),
    "close stdout": ("import os\nos.close(1)\nprint(3)", {Verdict.WA, Verdict.RE}),
    "deep recursion": ("import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1)\nf(0)", {Verdict.RE, Verdict.TLE, Verdict.MLE}),
    "raise signal": ("import os, signal\nos.kill(os.getpid(), signal.SIGTERM)", {Verdict.RE}),
    "fake cpu signal": ("import os, signal\nos.kill(os.getpid(), signal.SIGXCPU)", {Verdict.RE}),
    "sys.exit before printing": ("import sys\nsys.exit(0)\nprint(3)", {Verdict.WA}),
    "os._exit before printing": ("import os\nos._exit(0)\nprint(3)", {Verdict.WA}),
    "read other processes": (
        "import os\npids = [p for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()]\n"
        "seen = []\nfor p in pids:\n    try:\n        seen.append(open(f'/proc/{p}/environ').read())\n    except OSError:\n        pass\n"
        f"print(3 if not any({SECRET!r} in s for s in seen) else 'leak')",
        {Verdict.AC},
    ),
    "escape the process group": ("import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(1000)\nprint(3)", {Verdict.AC}),
    "daemon left behind": ("import os, time\nif os.fork() == 0:\n    if os.fork() == 0:\n        time.sleep(1000)\n    os._exit(0)\nprint(3)", {Verdict.AC}),
}


@pytest.fixture(scope="module")
def hostile_sandbox():
    os.environ["REFINE_HOSTILE_SECRET"] = SECRET
    sb = Sandbox(workers=2)
    yield sb
    pids = sb.worker_pids
    sb.close()
    os.environ.pop("REFINE_HOSTILE_SECRET", None)
    # Nothing a test started survives its sandbox.
    for proc in psutil.process_iter(["ppid", "uids"]):
        assert proc.info["ppid"] not in pids, f"process {proc.pid} outlived its sandbox worker"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_program_gets_its_verdict(hostile_sandbox, name):
    source, allowed = HOSTILE[name]
    result = hostile_sandbox.run(Program("python", source), [T], LIMITS)[0]
    assert result.verdict in allowed, f"{name}: {result.verdict} ({result.message}) {result.stderr[-300:]}"
    assert "leak" not in result.output
    # The workers are still there and still judge correctly after each attack.
    assert hostile_sandbox.run(Program("python", "print(3)"), [T], LIMITS)[0].verdict is Verdict.AC


def test_no_process_of_a_test_outlives_it(hostile_sandbox):
    hostile_sandbox.run(Program("python", HOSTILE["escape the process group"][0]), [T] * 4, LIMITS)
    for pid in hostile_sandbox.worker_pids:
        # A worker's children are its zygotes, one per program, idle between tests; under each, at
        # most the child forked for its next test, still root and waiting: nothing else.
        for zygote in psutil.Process(pid).children():
            waiting = zygote.children()
            assert len(waiting) <= 1
            assert all(p.uids().real == os.geteuid() and p.children(recursive=True) == [] for p in waiting)


def test_host_is_untouched(hostile_sandbox):
    hostile_sandbox.run(Program("python", HOSTILE["write outside cwd"][0]), [T], LIMITS)
    own_root = hostile_sandbox.isolation.get("filesystem", "").startswith("own root")
    if own_root:
        assert not os.path.exists(OUTSIDE), "a write to /tmp reached the host's /tmp"
    assert not os.path.exists("/etc/refine-hostile")
    if own_root:
        assert not os.path.exists(f"/var/tmp/refine-hostile-{MARK}")
    assert glob.glob(os.path.join(tempfile.gettempdir(), "refine-sbx-*", "t*")) == []


def test_files_do_not_carry_over_between_tests(hostile_sandbox):
    writer = "import os\nopen('/tmp/carry', 'w').write('x')\nopen('here', 'w').write('x')\nprint(3)"
    reader = "import os\nprint(3 if not os.path.exists('/tmp/carry') and not os.path.exists('here') else 'leak')"
    assert hostile_sandbox.run(Program("python", writer), [T], LIMITS)[0].verdict is Verdict.AC
    assert hostile_sandbox.run(Program("python", reader), [T] * 2, LIMITS)[0].verdict is Verdict.AC
    if os.path.exists(OUTSIDE):
        os.remove(OUTSIDE)


MEMORY_SCAN = memory_scan('b"HIDDEN" + b"-INPUT-" + b"7f3a9"')


def test_a_later_child_finds_no_earlier_test_data_in_its_memory():
    # Every child is forked from the worker: an earlier test's input (a hidden test) or what a
    # program printed must not survive in the worker's memory for a later child to read.
    with Sandbox(workers=1) as sb:
        scan = Program("python", MEMORY_SCAN)
        baseline = sb.run(scan, [TestCase("")], LIMITS)[0].output  # the needle object itself
        echo = Program("python", "import sys\nd = sys.stdin.read()\nprint(d)\nprint(d, file=sys.stderr)\n")
        secret = "HIDDEN-INPUT-7f3a9 " * 50 + "\n"
        assert sb.run(echo, [TestCase(secret, "no")] * 3, LIMITS)[0].verdict is Verdict.WA
        assert sb.run(scan, [TestCase("")], LIMITS)[0].output == baseline == "1\n"
