"""Reward integrity: programs that try to earn AC without solving, or to leave state behind, get nothing.

Each test is one attack from docs/sandbox.md's threat model, written as a policy would write it.
The guarantees that need root (a root of its own, cgroups, a uid per worker) are skipped without it.
"""

from __future__ import annotations

import glob
import gzip
import os
import platform
import shutil
import sys

import psutil
import pytest

import refine_env
from refine_env.sandbox import Job, Limits, Program, Sandbox, TestCase, Verdict

from memory_scan import memory_scan

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="this guarantee needs root (namespaces, cgroups, a uid per worker)")
x86_64 = pytest.mark.skipif(platform.machine() != "x86_64", reason="the syscall allow-list is written for x86_64")
LIMITS = Limits(time_s=1, memory_mb=64, wall_time_s=4, output_mb=4)
PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILTIN_DATA = glob.glob(os.path.join(os.path.dirname(refine_env.__file__), "problems", "builtin", "data", "*.json.gz"))


@pytest.fixture(scope="module")
def sb():
    with Sandbox(workers=2) as box:
        yield box


def verdicts(results):
    return [r.verdict for r in results]


# -- other submissions' code ---------------------------------------------------------------------

SOLVER = "import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)  # MARKER-5c1e\n"
SCAVENGER = r'''
import gc, sys
needle = "".join(["MARKER", "-5c1e"])
found = 0
for obj in gc.get_objects():
    try:
        if obj is needle:
            continue
        if isinstance(obj, str) and needle in obj:
            found += 1
        elif isinstance(obj, (bytes, bytearray)) and needle.encode() in obj:
            found += 1
        elif type(obj).__name__ == "code" and needle in repr(obj.co_consts):
            found += 1
    except Exception:
        pass
f = sys._getframe()
while f is not None:
    for v in list(f.f_globals.values()) + list(f.f_locals.values()):
        try:
            if needle.encode() in bytes(getattr(v, "source", b"")):
                found += 1
        except Exception:
            pass
    f = f.f_back
print(found)
'''

MEMORY_SCAN = memory_scan('b"".join([b"MARKER", b"-5c1e"])')


def test_no_other_submission_is_reachable_from_a_program():
    # The attack that paid AC with no solution: find a sibling rollout's program in the worker's
    # memory and run it. Children fork from a zygote that never held another program.
    t = TestCase("1 2\n", "3\n")
    scans = [Job(Program("python", src), [TestCase("")] * 2, LIMITS) for src in (SCAVENGER, MEMORY_SCAN)]
    with Sandbox(workers=1) as box:
        baseline = [[r.output for r in rs] for rs in box.run_batch(scans)]
        assert baseline[0] == ["0\n"] * 2, box.run_batch(scans)[0][0].stderr
        for _ in range(2):
            results = box.run_batch([Job(Program("python", SOLVER), [t] * 4, LIMITS)] + scans)
            assert verdicts(results[0]) == [Verdict.AC] * 4
            assert [[r.output for r in rs] for rs in results[1:]] == baseline


# -- files on the host ---------------------------------------------------------------------------

LISTER = r'''
import json, os, sys
seen = {}
for p in json.loads(sys.stdin.read()):
    try:
        with open(p, "rb") as fh:
            fh.read(1)
        seen[p] = "file"
        continue
    except OSError:
        pass
    try:
        seen[p] = sorted(os.listdir(p))
    except OSError:
        pass
print(json.dumps(seen))
'''


@needs_root
def test_host_files_are_out_of_reach(sb):
    import json

    import refine_env.sandbox.pool as pool
    from refine_env.sandbox.workers import WORKER_SCRIPT

    hidden = [
        PROJECT, os.path.join(PROJECT, "README.md"), os.path.join(PROJECT, "..", "shared", "data"),
        pool.__file__, WORKER_SCRIPT, os.path.dirname(refine_env.__file__), "/etc/passwd", "/etc/hostname",
        "/sys/fs/cgroup", "/run", "/home", "/work", "/var/lib", os.path.expanduser("~/.cache"),
    ] + BUILTIN_DATA[:3]
    site = sorted({os.path.realpath(p) for p in sys.path if p.endswith(("site-packages", "dist-packages")) and os.path.isdir(p)})
    home = os.path.expanduser("~")
    result = sb.run(Program("python", LISTER), [TestCase(json.dumps(hidden + site + [home]))], LIMITS)[0]
    seen = json.loads(result.output)
    assert not set(hidden) & set(seen), {p: seen[p] for p in set(hidden) & set(seen)}
    assert all(seen.get(p, []) == [] for p in site), "installed packages are visible"
    # The home folder shows at most the way to the interpreter (pyenv lives there on some machines).
    prefix = os.path.realpath(sys.base_prefix)
    allowed = {prefix[len(home) + 1:].split("/")[0]} if prefix.startswith(home + "/") else set()
    assert set(seen.get(home, [])) <= allowed


def test_a_program_cannot_look_its_input_up_in_the_builtin_data(sb):
    # The attack that paid reward 1.0: find the stdin among the dataset's tests, print the answer.
    assert BUILTIN_DATA, "the package ships its built-in data"
    lookup = (
        "import gzip, json, sys, glob\ndata = sys.stdin.read()\n"
        f"for path in {BUILTIN_DATA[:5]!r} + glob.glob({PROJECT + '/**/*.json.gz'!r}, recursive=True):\n"
        "    try:\n        problem = json.loads(gzip.open(path).read())\n    except Exception:\n        continue\n"
        "    for t in problem.get('hidden_tests', []) + problem.get('public_tests', []):\n"
        "        if t.get('input') == data:\n            print(t.get('output'), end='')\n            sys.exit(0)\n"
        "print('not found')\n"
    )
    problem = __import__("json").loads(gzip.open(BUILTIN_DATA[0]).read())
    test = problem["hidden_tests"][0]
    result = sb.run(Program("python", lookup), [TestCase(test["input"], test["output"])], LIMITS)[0]
    if ROOT:
        assert result.verdict is Verdict.WA and result.output.startswith("not found"), result.stderr
    else:
        pytest.skip("without root the host's files are visible (documented in Sandbox.isolation)")


# -- channels across tests and episodes ----------------------------------------------------------

IPC_WRITER = r'''
import ctypes, ctypes.util, os
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
made = []
shm = libc.shmget(0x5eed, 1 << 20, 0o1666)       # IPC_CREAT | 0666
if shm >= 0: made.append("shm")
if libc.msgget(0x5eed, 0o1666) >= 0: made.append("msg")
if libc.semget(0x5eed, 1, 0o1666) >= 0: made.append("sem")
libc.mq_open.restype = ctypes.c_int
if libc.mq_open(b"/refine-note", os.O_CREAT | os.O_RDWR, 0o666, None) >= 0: made.append("mq")
libc.syscall.restype = ctypes.c_long
if libc.syscall(248, b"user", b"refine-note", b"secret", 6, -4) >= 0: made.append("keyring")   # add_key
print(" ".join(made) or "none")
'''
IPC_READER = r'''
import ctypes, ctypes.util, os
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
seen = []
if libc.shmget(0x5eed, 0, 0) >= 0: seen.append("shm")
if libc.msgget(0x5eed, 0) >= 0: seen.append("msg")
if libc.semget(0x5eed, 0, 0) >= 0: seen.append("sem")
if libc.mq_open(b"/refine-note", os.O_RDONLY) >= 0: seen.append("mq")
libc.syscall.restype = ctypes.c_long
if libc.syscall(250, 0, -4, 0) >= 0 or libc.syscall(249, b"user", b"refine-note", None, 0) >= 0: seen.append("keyring")  # keyctl, request_key
print("leak " + " ".join(seen) if seen else "clean")
'''


def _host_ipc_ids():
    ids = set()
    for kind in ("shm", "msg", "sem"):
        try:
            with open(f"/proc/sysvipc/{kind}") as fh:
                ids |= {(kind, line.split()[1]) for line in fh.readlines()[1:]}
        except OSError:
            pass
    return ids


@x86_64
def test_no_ipc_object_or_key_survives_a_test(sb):
    before = _host_ipc_ids()
    writer = sb.run(Program("python", IPC_WRITER), [TestCase("")], LIMITS)[0]
    assert writer.verdict is Verdict.OK, writer.stderr
    assert writer.output == "none\n", f"IPC objects could be created: {writer.output}"
    reader = sb.run(Program("python", IPC_READER), [TestCase("")] * 2, LIMITS)
    assert [r.output for r in reader] == ["clean\n"] * 2
    assert _host_ipc_ids() == before


# -- limits that hold for the whole tree ---------------------------------------------------------

TREE_ATTACKS = {
    "shared mmap": ("import mmap\nm = mmap.mmap(-1, 600 << 20)\nfor i in range(0, 600 << 20, 4096):\n    m[i] = 1\nprint(3)", Verdict.MLE),
    "files on tmpfs": ("with open('/tmp/big', 'wb') as f:\n    for _ in range(420):\n        f.write(b'x' * (1 << 20))\nprint(3)", Verdict.MLE),
    "children holding memory": (
        "import os, time\nkids = []\nfor _ in range(8):\n    pid = os.fork()\n    if pid == 0:\n        x = bytearray(40 << 20)\n"
        "        for i in range(0, len(x), 4096):\n            x[i] = 1\n        time.sleep(3)\n        os._exit(0)\n    kids.append(pid)\n"
        "for k in kids:\n    os.waitpid(k, 0)\nprint(3)",
        Verdict.MLE,
    ),
    "cpu in children": (
        "import os\nkids = []\nfor _ in range(4):\n    pid = os.fork()\n    if pid == 0:\n        x = 0\n        for i in range(10**8):\n"
        "            x += i\n        os._exit(0)\n    kids.append(pid)\nfor k in kids:\n    os.waitpid(k, 0)\nprint(3)",
        Verdict.TLE,
    ),
}


@needs_root
@pytest.mark.parametrize("name", list(TREE_ATTACKS))
def test_limits_count_the_whole_process_tree(sb, name):
    source, verdict = TREE_ATTACKS[name]
    limits = Limits(time_s=1, memory_mb=64, wall_time_s=8, output_mb=4, file_size_mb=1024)
    result = sb.run(Program("python", source), [TestCase("1 2\n", "3\n")], limits)[0]
    assert result.verdict is verdict, f"{name}: {result.verdict} {result.message} {result.stderr[-300:]}"
    if verdict is Verdict.TLE:
        assert result.time_s >= 1.0


# -- the syscall filter and namespaces -----------------------------------------------------------

SYSCALLS = r'''
import ctypes, ctypes.util, os, socket
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
libc.syscall.restype = ctypes.c_long
got = []
params = (ctypes.c_char * 120)()
if libc.syscall(425, 8, params) >= 0: got.append("io_uring_setup")
if libc.syscall(323, 0) >= 0: got.append("userfaultfd")
if libc.syscall(321, 0, 0, 0) >= 0: got.append("bpf")
if libc.syscall(298, 0, 0, -1, -1, 0) >= 0: got.append("perf_event_open")
if libc.syscall(101, 16, os.getppid(), 0, 0) >= 0: got.append("ptrace")
if libc.unshare(0x10000000) == 0: got.append("unshare(user)")
if libc.unshare(0x00020000) == 0: got.append("unshare(mount)")
if libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0) >= 0: got.append("clone(user)")
if libc.syscall(435, 0, 0) != -1 or ctypes.get_errno() != 38: got.append("clone3 not ENOSYS")
for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK, socket.AF_PACKET):
    try:
        socket.socket(family, socket.SOCK_RAW if family == socket.AF_PACKET else socket.SOCK_DGRAM).close()
        got.append("socket %d" % family)
    except OSError:
        pass
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind("\0refine-note")
    got.append("bind")
except OSError:
    pass
a, b = socket.socketpair()
a.send(b"ok")
print(" ".join(got) if got else "clean " + b.recv(2).decode())
'''
I386_SOCKET = r'''
#include <cstdio>
int main() {
    long ret;
    long args[3] = {2, 1, 0};  /* AF_INET, SOCK_STREAM, 0 */
    /* socketcall(SYS_SOCKET, args) through the i386 entry point */
    asm volatile ("int $0x80" : "=a"(ret) : "a"(102), "b"(1), "c"(args) : "memory");
    printf("%ld\n", ret);
    return 0;
}
'''


@x86_64
def test_the_syscall_filter_denies_what_escapes(sb):
    result = sb.run(Program("python", SYSCALLS), [TestCase("")], LIMITS)[0]
    assert result.output == "clean ok\n", result.output + result.stderr


@x86_64
@pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")
def test_a_syscall_of_another_architecture_kills_the_program(sb):
    result = sb.run(Program("cpp", I386_SOCKET), [TestCase("", "0\n")], LIMITS)[0]
    assert result.verdict is Verdict.RE and result.signal == 31, (result.verdict, result.output, result.message)


# -- the parent survives what it is given ----------------------------------------------------------

def test_a_deep_directory_tree_is_a_verdict_and_the_batch_goes_on(sb):
    deep = "import os\nfor _ in range(3000):\n    os.mkdir('d')\n    os.chdir('d')\nprint(3)"
    t = TestCase("1 2\n", "3\n")
    jobs = [Job(Program("python", SOLVER), [t] * 3, LIMITS), Job(Program("python", deep), [t] * 2, LIMITS),
            Job(Program("python", SOLVER), [t] * 3, LIMITS)]
    results = sb.run_batch(jobs)
    assert [len(r) for r in results] == [3, 2, 3]
    assert verdicts(results[0]) == verdicts(results[2]) == [Verdict.AC] * 3
    assert set(verdicts(results[1])) <= {Verdict.AC, Verdict.RE}


def test_returned_values_are_not_kept_beyond_their_cap(sb):
    big = Program("python", "def f(n):\n    return 'x' * n\n", "f")
    result = sb.run(big, [TestCase(str(5 << 20))], Limits(time_s=2, memory_mb=256, output_mb=16))[0]
    assert result.verdict is Verdict.OK and result.value is None
    small = sb.run(big, [TestCase("3")], LIMITS)[0]
    assert small.value == '"xxx"'


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")
def test_the_compile_cache_stays_under_its_cap(tmp_path):
    with Sandbox(workers=1, cache_dir=str(tmp_path), cpp_cache_mb=1, binary_mb=8) as box:
        for k in range(4):
            src = "#include <cstdio>\nstatic char pad[%d] = {1};\nint main(){printf(\"%%d\\n\", pad[0] + %d);}\n" % (300_000, k)
            assert box.run(Program("cpp", src), [TestCase("", f"{1 + k}\n")], LIMITS)[0].verdict is Verdict.AC
        assert sum(os.path.getsize(p) for p in tmp_path.iterdir()) <= 1 << 20
        huge = "char pad[64 << 20] = {1};\nint main(){return ((volatile char*)pad)[5];}\n"
        ce = box.run(Program("cpp", huge), [TestCase("")], LIMITS)[0]
        assert ce.verdict is Verdict.CE and "exceeds 8 MB" in ce.message


# -- judge libraries, other interpreters, nothing left behind ---------------------------------------

def test_judge_libraries_are_importable(sb):
    prelude = "from typing import List\nfrom sortedcontainers import SortedList\n"
    program = Program("python", "class Solution:\n    def f(self, xs: List[int]) -> List[int]:\n        return list(SortedList(xs))\n",
                      "Solution.f", prelude=prelude)
    assert sb.run(program, [TestCase("[3, 1, 2]", "[1, 2, 3]")], LIMITS)[0].verdict is Verdict.AC


@pytest.mark.skipif(not os.path.exists("/usr/bin/python3") or os.path.realpath("/usr/bin/python3") == os.path.realpath(sys.executable),
                    reason="needs a second interpreter at /usr/bin/python3")
def test_another_interpreter_runs_the_programs():
    with Sandbox(workers=1, python="/usr/bin/python3", libraries=()) as box:
        program = Program("python", "import sys, types\nprint(sys.version_info[0] + int(input()))")
        assert box.run(program, [TestCase("2\n", "5\n")], LIMITS)[0].verdict is Verdict.AC


@needs_root
def test_nothing_of_a_closed_sandbox_remains():
    box = Sandbox(workers=2)
    box.run(Program("python", "import os\nif os.fork() == 0:\n    os.setsid()\n    import time\n    time.sleep(100)\nprint(3)"),
            [TestCase("1 2\n", "3\n")] * 2, LIMITS)
    cgroups = [p for w in box._pool for p in w.isolation.get("cgroups", [])]
    uids = [w.uid for w in box._pool]
    pids = box.worker_pids
    assert all(os.path.isdir(p) for p in cgroups)
    box.close()
    assert not any(os.path.exists(p) for p in cgroups)
    assert not any(psutil.pid_exists(p) for p in pids)
    for proc in psutil.process_iter(["uids"]):
        assert proc.info["uids"] is None or proc.info["uids"].real not in uids, f"process {proc.pid} of a sandbox uid survived"
    with open("/proc/self/mounts") as fh:
        assert "judge-lib" not in fh.read()


def test_programs_interleaved_on_one_worker_each_see_only_their_own_tmp():
    # Zygotes of one worker prepare their next child while another zygote runs a test: each has
    # its /tmp in a mount namespace of its own, so no test sees another program's files.
    src = ("import os\nk = {k}\nseen = sorted(os.listdir('/tmp'))\nopen('/tmp/mine-%d' % k, 'w').write('x')\n"
           "print('ok' if seen == ['solution.py'] else 'leak %s' % seen)")
    jobs = [Job(Program("python", src.format(k=k)), [TestCase("", "ok\n")] * 3, LIMITS) for k in range(6)]
    with Sandbox(workers=1) as box:
        for _ in range(2):
            results = box.run_batch(jobs[::-1] + jobs)
            assert all(r.verdict is Verdict.AC for rs in results for r in rs), [r.output for rs in results for r in rs]


@needs_root
def test_a_process_of_a_sandbox_uid_between_tests_is_reported():
    # The check after every batch: a live process of a worker's uid means something escaped.
    with Sandbox(workers=1) as box:
        uid = box._pool[0].uid
        pid = os.fork()
        if pid == 0:
            try:
                os.setgid(uid)
                os.setuid(uid)
                import time

                time.sleep(30)
            finally:
                os._exit(0)
        try:
            with pytest.raises(Exception, match="processes outlived their test under worker 0"):
                box.run(Program("python", "print(3)"), [TestCase("", "3\n")], LIMITS)
        finally:
            os.kill(pid, 9)
            os.waitpid(pid, 0)


def test_tracebacks_show_the_program_only(sb):
    # What the model reads must be the same on every machine: no frame of the harness, no install path.
    call = Program("python", "def f(x):\n    return g(x)\n\ndef g(x):\n    return 1 // x\n", "f")
    stdin = Program("python", "x = int(input())\nprint(1 // x)\n")
    for program, test in ((call, TestCase("0")), (stdin, TestCase("0\n"))):
        result = sb.run(program, [test], LIMITS)[0]
        assert result.verdict is Verdict.RE
        assert "ZeroDivisionError" in result.stderr and 'File "solution.py"' in result.stderr
        assert "_worker.py" not in result.stderr and "refine_env" not in result.stderr, result.stderr


@needs_root
def test_a_zygote_killed_under_a_test_leaves_no_process_of_the_test():
    # Its test's child dies with it (PDEATHSIG), and its grandchildren go before the rerun.
    import signal
    import threading

    with Sandbox(workers=1) as box:
        sleeper = Program("python", "import os, time\nif os.fork() == 0:\n    time.sleep(60)\ntime.sleep(1.5)\nprint(3)")
        box.run(sleeper, [TestCase("", "3\n")], Limits(time_s=3, wall_time_s=5))
        zygote = next(iter(box._pool[0].zygotes.values())).pid
        threading.Timer(0.7, os.kill, (zygote, signal.SIGKILL)).start()
        # The test is rerun on a fresh zygote (AC), and the batch's leftover check finds nothing.
        result = box.run(sleeper, [TestCase("", "3\n")], Limits(time_s=3, wall_time_s=5))[0]
        assert result.verdict is Verdict.AC


def test_a_judge_library_under_tmp_is_reachable(tmp_path, monkeypatch):
    # A virtual environment (or any library) under /tmp: the box's staging tmpfs covers /tmp,
    # so the worker opens what it binds before that mount (CI's fresh venv failed here).
    lib = tmp_path / "judgelib_probe"
    lib.mkdir()
    (lib / "__init__.py").write_text("VALUE = 41\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with Sandbox(workers=1, libraries=("judgelib_probe",)) as box:
        result = box.run(Program("python", "import judgelib_probe\nprint(judgelib_probe.VALUE + 1)"), [TestCase("", "42\n")], LIMITS)[0]
        assert result.verdict is Verdict.AC, result.stderr


@needs_root
def test_page_cache_left_by_earlier_tests_gives_no_test_extra_memory():
    # Files an earlier test read stay in the page cache, charged to the worker's cgroup; a
    # test's limit must not grow by that much (a fresh checkout in CI let a 600 MB mmap pass).
    reader = ("import os\nn = 0\nfor root, dirs, files in os.walk('/usr/lib'):\n    for f in files:\n"
              "        try:\n            with open(os.path.join(root, f), 'rb') as fh:\n                while fh.read(1 << 20):\n"
              "                    pass\n            n += 1\n        except OSError:\n            pass\n        if n > 20000:\n"
              "            break\nprint(3)")
    limits = Limits(time_s=20, memory_mb=2048, wall_time_s=40, output_mb=4)  # room for the cache it leaves
    with Sandbox(workers=1) as box:
        box.run(Program("python", reader), [TestCase("")], limits)
        stat = open(os.path.join(box.isolation["cgroups"][0], "memory.stat")).read().split()
        cached = sum(int(stat[i + 1]) for i, key in enumerate(stat) if key in ("total_active_file", "total_inactive_file"))
        if cached < 128 << 20:
            pytest.skip(f"only {cached >> 20} MB of page cache was charged here (files cached elsewhere already)")
        size = min(cached, 1 << 30) + (64 << 20)
        attack = f"import mmap\nm = mmap.mmap(-1, {size})\nfor i in range(0, {size}, 4096):\n    m[i] = 1\nprint(3)"
        result = box.run(Program("python", attack), [TestCase("1 2\n", "3\n")], Limits(time_s=2, memory_mb=64, wall_time_s=8))[0]
        assert result.verdict is Verdict.MLE, (result.verdict, result.memory_mb, cached >> 20)
