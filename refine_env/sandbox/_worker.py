"""Sandbox worker: sets up a box once, then forks one clean zygote per program and one child per test.

Started by :class:`refine_env.sandbox.pool.Sandbox` through a bootstrap (``python -s -B -c ...
WORKER FD CONFIG_JSON``) that keeps this folder off ``sys.path``, so the worker runs under any
Python 3.8+ interpreter. Standard library only.

Three kinds of process, each holding less than the one before:

- The **worker** (root, one per slot) builds the box once: a mount namespace whose root is a
  fresh tmpfs holding only read-only binds of the system's libraries, the interpreter's
  standard library (site-packages masked) and the judge libraries; a network namespace with no
  interface up; ``/proc`` with ``hidepid=2``; a cgroup per controller (memory, cpuacct, pids)
  for the tests. It never reads a program, an input or an output: the parent hands it a socket
  per program (``SCM_RIGHTS``) and it forks a zygote on that socket.
- A **zygote** serves one program: it compiles it, then forks one child per test, each on a
  fresh tmpfs ``/tmp``. A child forked from it can reach its own program and nothing of any
  other submission, because this process never held one.
- A **child** joins the test cgroups, a new IPC and UTS namespace, drops to the worker's uid,
  installs an allow-list seccomp filter and runs the program (fork for Python, ``fexecve`` for a
  compiled binary). Everything it starts is killed with its process group and its uid; its
  ``/tmp`` is unmounted.

It never sees an expected output: the parent compares.
"""

import atexit
import ctypes
import ctypes.util
import errno
import fcntl
import gc
import importlib.util
import io
import json
import os
import platform
import resource
import selectors
import signal
import socket
import struct
import sys
import threading
import time
import traceback
import types

_MB = 1 << 20
STDERR_KEEP = 8192
SETUP_FAILED_EXIT = 121
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1
SECCOMP_MODE_FILTER = 2
CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 0x4000
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
M_MMAP_THRESHOLD = -3
SANDBOX_TMP = "/tmp"
JUDGE_LIB = "/judge-lib"

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(platform.machine())


def _load_sibling(name):
    # By path, not by import: this folder is off sys.path (see the bootstrap in workers.py).
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py")
    spec = importlib.util.spec_from_file_location("_refine_sandbox_" + name.lstrip("_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


codec = _load_sibling("codec")
_wire = _load_sibling("_wire")
HARNESS_FILES = (os.path.abspath(__file__),)


# Framing (``_wire.py``): every message is <header length, payload length> + JSON header + raw payload.

read_exact, recv, send = _wire.read_exact, _wire.recv, _wire.send


def wipe(buf):
    buf[:] = bytes(len(buf))


class Sink(object):
    """What a program writes to one pipe, read into buffers that are never reallocated.

    Test inputs and what programs print must not survive in the zygote's memory for a later
    test of the same program. Growing one bytearray would leave freed copies behind, so data
    goes into chunks that are wiped after the reply. ``tail=True`` keeps only about the last
    ``cap`` bytes (stderr); otherwise reading past ``cap`` sets ``overflow``.
    """

    __slots__ = ("chunks", "fill", "size", "cap", "tail", "overflow")

    def __init__(self, cap, tail=False):
        self.chunks = []
        self.fill = 0
        self.size = 0
        self.cap = cap
        self.tail = tail
        self.overflow = False

    def read(self, fd):
        """Read what the pipe holds; False at end of file."""
        if not self.chunks or self.fill == len(self.chunks[-1]):
            if self.tail and self.size - len(self.chunks[0] if self.chunks else b"") >= self.cap:
                old = self.chunks.pop(0)
                self.size -= len(old)
                wipe(old)
            grow = 4096 if self.tail else min(max(4096, self.size), 1 << 20)
            self.chunks.append(bytearray(grow))
            self.fill = 0
        try:
            n = os.readv(fd, [memoryview(self.chunks[-1])[self.fill:]])
        except BlockingIOError:
            return True
        if not n:
            return False
        self.fill += n
        self.size += n
        if not self.tail and self.size > self.cap:
            self.overflow = True
        return True

    def views(self):
        """The kept bytes, as views (at most ``cap``; for a tail, the last ``cap``)."""
        views = []
        for i, chunk in enumerate(self.chunks):
            views.append(memoryview(chunk)[: self.fill if i == len(self.chunks) - 1 else len(chunk)])
        keep = self.cap
        if self.tail:
            out = []
            for v in reversed(views):
                if keep <= 0:
                    break
                out.append(v[-keep:] if len(v) > keep else v)
                keep -= len(out[-1])
            return out[::-1]
        out = []
        for v in views:
            if keep <= 0:
                break
            out.append(v[:keep])
            keep -= len(out[-1])
        return out

    def text(self):
        return b"".join(self.views()).decode("utf-8", "replace")

    def wipe(self):
        for chunk in self.chunks:
            wipe(chunk)
        self.chunks = []


# ---------------------------------------------------------------------------------------------
# The syscall allow-list (x86_64). Everything else fails with EPERM; a syscall of another
# architecture (i386 int $0x80, x32) kills the process. socket() is limited to AF_UNIX, clone()
# may not create namespaces, clone3() reports ENOSYS (its flags sit behind a pointer that a
# filter cannot read; glibc then falls back to clone()). Not allowed, among others: bind/listen
# (abstract sockets would outlive a test), SysV and POSIX IPC, keyrings, io_uring, userfaultfd,
# bpf, perf_event_open, ptrace, process_vm_*, mount, unshare, setns, chroot, setuid and friends.

_X86_64_ALLOWED = (
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
    32, 33, 34, 35, 36, 37, 38, 39, 40, 42, 43, 44, 45, 46, 47, 48, 51, 52, 53, 54, 55, 57, 58, 59, 60, 61, 62, 63,
    72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99,
    100, 102, 104, 107, 108, 109, 110, 111, 112, 115, 118, 120, 121, 124, 125, 127, 128, 129, 130, 131, 132, 137,
    138, 140, 142, 143, 144, 145, 146, 147, 148, 149, 150, 157, 158, 160, 186, 187, 200, 201, 202, 203, 204, 213,
    217, 218, 219, 221, 222, 223, 224, 225, 226, 228, 229, 230, 231, 232, 233, 234, 235, 247, 257, 258, 260, 261,
    262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 273, 274, 275, 276, 277, 278, 280, 281, 282, 283, 284, 285,
    286, 287, 288, 289, 290, 291, 292, 293, 295, 296, 299, 302, 307, 309, 314, 315, 316, 318, 319, 322, 324, 326,
    327, 328, 332, 334, 434, 436, 439, 441, 449,
)
_X86_64 = {"audit_arch": 0xC000003E, "socket": 41, "clone": 56, "clone3": 435}
_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80

_BPF_LD_W_ABS, _BPF_JEQ_K, _BPF_JGE_K, _BPF_JGT_K, _BPF_JSET_K, _BPF_RET_K = 0x20, 0x15, 0x35, 0x25, 0x45, 0x06
_RET_ALLOW, _RET_KILL_PROCESS, _RET_ERRNO = 0x7FFF0000, 0x80000000, 0x00050000


def _ranges(numbers):
    out = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def _tree(ranges, deny):
    """BPF for 'nr (in the accumulator) is in one of ranges': a balanced tree of range tests."""
    if not ranges:
        return [(_BPF_RET_K, 0, 0, deny)]
    mid = len(ranges) // 2
    lo, hi = ranges[mid]
    left, right = _tree(ranges[:mid], deny), _tree(ranges[mid + 1:], deny)
    # if nr >= lo: (if nr > hi: right else allow) else left
    above = [(_BPF_JGT_K, 1, 0, hi), (_BPF_RET_K, 0, 0, _RET_ALLOW)] + right
    return [(_BPF_JGE_K, len(left), 0, lo)] + left + above


def seccomp_program():
    """The filter as (code, jt, jf, k) tuples, or None on an architecture without a table."""
    if platform.machine() != "x86_64":
        return None
    t = _X86_64
    eperm = _RET_ERRNO | errno.EPERM
    head = [
        (_BPF_LD_W_ABS, 0, 0, 4),                    # seccomp_data.arch
        (_BPF_JEQ_K, 1, 0, t["audit_arch"]),
        (_BPF_RET_K, 0, 0, _RET_KILL_PROCESS),
        (_BPF_LD_W_ABS, 0, 0, 0),                    # seccomp_data.nr
        (_BPF_JGE_K, 0, 1, 0x40000000),              # the x32 ABI
        (_BPF_RET_K, 0, 0, _RET_KILL_PROCESS),
        (_BPF_JEQ_K, 0, 4, t["socket"]),
        (_BPF_LD_W_ABS, 0, 0, 16),                   # args[0], low half: the address family
        (_BPF_JEQ_K, 1, 0, socket.AF_UNIX),
        (_BPF_RET_K, 0, 0, _RET_ERRNO | errno.EACCES),
        (_BPF_RET_K, 0, 0, _RET_ALLOW),
        (_BPF_JEQ_K, 0, 4, t["clone"]),
        (_BPF_LD_W_ABS, 0, 0, 16),                   # args[0], low half: the clone flags
        (_BPF_JSET_K, 0, 1, _NAMESPACE_FLAGS),
        (_BPF_RET_K, 0, 0, eperm),
        (_BPF_RET_K, 0, 0, _RET_ALLOW),
        (_BPF_JEQ_K, 0, 1, t["clone3"]),
        (_BPF_RET_K, 0, 0, _RET_ERRNO | errno.ENOSYS),
    ]
    body = _tree(_ranges(_X86_64_ALLOWED), eperm)
    for code, jt, jf, _k in body:
        if jt > 255 or jf > 255:
            raise RuntimeError("seccomp program too large for BPF jumps")
    return head + body


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def compile_filter(insns):
    array = (_SockFilter * len(insns))(*[_SockFilter(*i) for i in insns])
    return array, _SockFprog(len(insns), array)


def install_filter(prog):
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS)")
    if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "seccomp filter refused")


# ---------------------------------------------------------------------------------------------
# The box: set up once per worker.

def _mount(source, target, fstype, flags, data):
    enc = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
    rc = _libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data))
    if rc != 0:
        e = ctypes.get_errno()
        raise OSError(e, "mount %s on %s: %s" % (source, target, os.strerror(e)))


def _umount(target):
    if _libc.umount2(target.encode(), MNT_DETACH) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "umount %s: %s" % (target, os.strerror(e)))


def _bind(src, dst, readonly=True):
    if os.path.isdir(src):
        os.makedirs(dst, mode=0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(dst), mode=0o755, exist_ok=True)
        if not os.path.exists(dst):
            open(dst, "w").close()
    _mount(src, dst, None, MS_BIND | MS_REC, None)
    if readonly:
        _mount(None, dst, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, None)


def _site_dirs():
    """Folders of installed packages that must not be visible: the packages may hold test data."""
    found = set()
    try:
        import site
        for p in list(site.getsitepackages()) + [site.getusersitepackages()]:
            found.add(p)
    except Exception:
        pass
    for p in sys.path:
        if p and ("site-packages" in p or "dist-packages" in p):
            found.add(p)
    for lib in ("/usr/lib", "/usr/local/lib", "/usr/lib64", "/usr/local/lib64"):
        try:
            names = os.listdir(lib)
        except OSError:
            continue
        for name in names:
            if name.startswith("python"):
                for sub in ("site-packages", "dist-packages"):
                    found.add(os.path.join(lib, name, sub))
    return sorted({os.path.realpath(p) for p in found if os.path.isdir(p)})


def build_root(config, report):
    """Pivot this worker into a root of its own; nothing of the host beyond what is listed here."""
    staging = "/tmp"
    # Everything of the host is found and opened before the staging tmpfs covers /tmp: an
    # interpreter, a virtual environment or a library under /tmp would be hidden by it. Binds
    # then come from the open descriptors (/proc/self/fd/N), whatever covers their paths.
    held = []

    def hold(path):
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        held.append(fd)
        return "/proc/self/fd/%d" % fd

    top = []
    for name in ("bin", "sbin", "lib", "lib64", "lib32", "libx32"):
        path = "/" + name
        if os.path.islink(path):
            top.append((path, os.readlink(path), None))
        elif os.path.isdir(path):
            top.append((path, None, hold(path)))
    exposed = [path for path, _link, src in top if src is not None] + ["/usr"]
    binds = [("/usr", hold("/usr"), True)]
    for p in sorted({os.path.realpath(p) for p in (sys.base_prefix, sys.base_exec_prefix)}):
        if not any(p == e or p.startswith(e + "/") for e in exposed):
            binds.append((p, hold(p), True))
            exposed.append(p)
    site_dirs = [d for d in _site_dirs() if any(d.startswith(e + "/") for e in exposed)]
    files = [(f, hold(os.path.realpath(f)), True) for f in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime")
             if os.path.isfile(f)]
    devices = [("/dev/" + n, hold("/dev/" + n), False) for n in ("null", "zero", "full", "random", "urandom")
               if os.path.exists("/dev/" + n)]
    libraries = [(JUDGE_LIB + "/" + os.path.basename(path.rstrip("/")), hold(path), True) for _name, path in config["libraries"]]
    try:
        _mount("tmpfs", staging, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0755")
        for path, link, src in top:
            if link is not None:
                os.symlink(link, staging + path)
            else:
                _bind(src, staging + path)
        for dst, src, readonly in binds + files + devices + libraries:
            _bind(src, staging + dst, readonly=readonly)
    finally:
        for fd in held:
            os.close(fd)
    masked = []
    for site_dir in site_dirs:
        if os.path.isdir(staging + site_dir):
            _mount("tmpfs", staging + site_dir, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=0755")
            masked.append(site_dir)
    os.makedirs(staging + "/dev", mode=0o755, exist_ok=True)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2"), ("shm", SANDBOX_TMP)):
        os.symlink(target, staging + "/dev/" + name)
    os.makedirs(staging + "/var", mode=0o755)
    os.symlink(SANDBOX_TMP, staging + "/var/tmp")
    os.makedirs(staging + SANDBOX_TMP, mode=0o755, exist_ok=True)
    libraries = [name for name, _path in config["libraries"]]
    os.makedirs(staging + "/proc", mode=0o555)
    _mount("proc", staging + "/proc", "proc", MS_NOSUID | MS_NODEV, "hidepid=2")
    os.makedirs(staging + "/.old", mode=0o700)
    os.chdir(staging)
    if _SYS_PIVOT_ROOT is None or _libc.syscall(_SYS_PIVOT_ROOT, b".", b".old") != 0:
        raise OSError(ctypes.get_errno(), "pivot_root failed")
    os.chdir("/")
    _umount("/.old")
    os.rmdir("/.old")
    _mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
    report["filesystem"] = "own root: read-only " + ", ".join(exposed) + "; private /tmp per test"
    report["masked"] = masked
    report["libraries"] = libraries
    report["proc"] = "hidepid=2"


class MemoryCgroup(object):
    """The cgroup (v1 memory controller) that every test of this worker runs in.

    Memory is the one limit a process-tree needs a cgroup for: shared mappings, tmpfs files and
    every descendant are charged to it. CPU time and process count come from the worker's own
    uid instead (every process of that uid is the test's): ``RUSAGE_CHILDREN`` of the zygote,
    which is the subreaper of the whole tree, and ``RLIMIT_NPROC``. Joining one controller costs
    a child about 0.2 ms; three cost three times that.
    """

    def __init__(self, name):
        own = None
        with open("/proc/self/cgroup") as fh:
            for line in fh:
                _id, controllers, path = line.rstrip("\n").split(":", 2)
                if "memory" in controllers.split(","):
                    own = path
        base = "/sys/fs/cgroup/memory"
        if own is None or not os.path.isfile(base + "/memory.limit_in_bytes"):
            raise OSError(errno.ENOENT, "no cgroup v1 memory controller mounted at " + base)
        self.path = os.path.join(base + own, name)
        os.mkdir(self.path, 0o700)
        self.fds = {}
        for key, fname, mode in (("procs", "cgroup.procs", os.O_WRONLY), ("limit", "memory.limit_in_bytes", os.O_RDWR),
                                 ("max_usage", "memory.max_usage_in_bytes", os.O_RDWR),
                                 ("usage", "memory.usage_in_bytes", os.O_RDONLY), ("oom", "memory.oom_control", os.O_RDONLY), ("stat", "memory.stat", os.O_RDONLY),
                                 ("memsw", "memory.memsw.limit_in_bytes", os.O_WRONLY)):
            path = os.path.join(self.path, fname)
            if key != "memsw" or os.path.exists(path):
                self.fds[key] = os.open(path, mode | os.O_CLOEXEC)
        self.base_usage = 0
        self.base_ooms = 0

    def _write(self, key, value):
        os.pwrite(self.fds[key], str(value).encode(), 0)

    def _read(self, key):
        return os.pread(self.fds[key], 4096, 0)

    def prepare(self, memory_bytes):
        """Set this test's limit and zero its peak (the test's child is already inside, waiting).

        The limit is ``memory_bytes`` above what the cgroup holds now (the children waiting for
        other programs' next tests, reclaimable page cache), so every test gets its full limit.
        """
        # Page cache that earlier tests read (the compiler's headers, say) is charged here too but
        # reclaimable: counted in the base, it would hand the next test that much memory on top.
        self.base_usage = int(self._read("usage"))
        limit = max(0, self.base_usage - self.file_cache()) + memory_bytes
        # Read, not remembered: the zygotes of one worker share the cgroup. memsw may never be
        # below the memory limit, so the order of the two writes depends on the direction.
        current = int(self._read("limit"))
        order = ("memsw", "limit") if limit > current else ("limit", "memsw")
        for key in order:
            if key in self.fds:
                self._write(key, limit)
        self._write("max_usage", 0)
        self.base_ooms = self.ooms()

    def file_cache(self):
        found = 0
        for line in os.pread(self.fds["stat"], 65536, 0).decode().splitlines():
            key, _, value = line.partition(" ")
            if key in ("total_active_file", "total_inactive_file"):
                found += int(value)
        return found

    def join(self, pid):
        os.write(self.fds["procs"], str(pid).encode())

    def ooms(self):
        for line in self._read("oom").decode().splitlines():
            if line.startswith("oom_kill "):
                return int(line.split()[1])
        return 0

    def peak_mb(self):
        return max(0, int(self._read("max_usage")) - self.base_usage) / _MB

    def remove(self):
        for fd in self.fds.values():
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.rmdir(self.path)
        except OSError:
            pass


def setup_isolation(config, worker_name):
    """Namespaces, the root, cgroups and the filter for this worker; returns (report, cgroups)."""
    report = {"uid": "same", "network": "host", "filesystem": "host", "ipc": "host", "proc": "host",
              "seccomp": "off", "limits": "rlimits per process (no uid and cgroup of its own without root)"}
    _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    cgroups = None
    root = os.geteuid() == 0
    if config["isolate"] and root:
        try:
            cgroups = MemoryCgroup(worker_name)
            report["limits"] = ("whole process tree: memory by a cgroup (v1, with tmpfs and shared memory), "
                                "CPU time and processes by the test's own uid")
            report["cgroups"] = [cgroups.path]
        except OSError as exc:
            report["limits_error"] = str(exc)
        if _libc.unshare(CLONE_NEWNS | CLONE_NEWNET) == 0:
            report["network"] = "namespace without interfaces"
            _mount(None, "/", None, MS_REC | MS_PRIVATE, None)
            build_root(config, report)
            report["ipc"] = "namespace per test"
        else:
            report["network_error"] = os.strerror(ctypes.get_errno())
    if config["isolate"] and config["seccomp"]:
        insns = seccomp_program()
        if insns is None:
            report["seccomp_error"] = "no syscall table for " + platform.machine()
        else:
            report["seccomp"] = "allow-list of %d syscalls; other architectures killed" % len(_X86_64_ALLOWED)
    return report, cgroups


def claim_uid(config):
    """Lock a uid of the configured range for this worker's lifetime (released when it exits)."""
    if not config["isolate"] or os.geteuid() != 0:
        return None, None
    lock_dir = config["lock_dir"]
    os.makedirs(lock_dir, mode=0o700, exist_ok=True)
    low, high = config["uid_range"]
    for uid in range(low, high):
        fd = os.open(os.path.join(lock_dir, "%d.lock" % uid), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        if _uid_in_use(uid):
            os.close(fd)
            continue
        return uid, fd
    raise RuntimeError("no free sandbox uid in range [%d, %d)" % (low, high))


def _uid_in_use(uid):
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.stat("/proc/" + name).st_uid == uid:
                    return True
            except OSError:
                pass
    return False


def remove_tree(path):
    """Remove a directory tree of any depth and any permissions, without recursion."""
    stack = [path]
    while stack:
        top = stack[-1]
        try:
            os.chmod(top, 0o700)
            entries = list(os.scandir(top))
        except FileNotFoundError:
            stack.pop()
            continue
        except OSError:
            entries = []
        pushed = False
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    pushed = True
                else:
                    os.unlink(entry.path)
            except OSError:
                pass
        if not pushed:
            try:
                os.rmdir(top)
            except OSError:
                pass
            stack.pop()


# ---------------------------------------------------------------------------------------------
# The worker: holds the box, forks zygotes. It never reads a program, an input or an output.

class Worker(object):
    def __init__(self, sock, config):
        self.sock = sock
        self.config = config
        self.uid, self.uid_lock = claim_uid(config)
        self.cache_fd = None
        cache_dir = config["cache_dir"]
        if cache_dir:
            # Opened before the root changes: the cache stays reachable for the zygotes, not the tests.
            os.makedirs(cache_dir, mode=0o700, exist_ok=True)
            self.cache_fd = os.open(cache_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        self.name = "refine-sbx-%d-%d" % (os.getpid(), config["index"])
        self.isolation, self.cgroups = setup_isolation(config, self.name)
        self.isolation["uid"] = "dropped to %d" % self.uid if self.uid is not None else "same"
        self.own_root = self.isolation["filesystem"].startswith("own root")
        if not self.own_root:
            self.base = os.path.join(config["host_tmp"], self.name)
            os.makedirs(self.base, mode=0o711)
        else:
            self.base = None
        insns = seccomp_program() if config["isolate"] and config["seccomp"] else None
        self.filter = compile_filter(insns) if insns else None
        # Where programs import the judge libraries from: the box's /judge-lib, else their host folders.
        if self.own_root:
            self.lib_roots = [JUDGE_LIB]
        else:
            self.lib_roots = sorted({os.path.dirname(p.rstrip("/")) for _n, p in config["libraries"]})
        self.clk_tck = os.sysconf("SC_CLK_TCK")
        self.zygotes = {}
        for name in config["preload"]:
            __import__(name)
        gc.collect()
        if hasattr(gc, "freeze"):
            gc.freeze()

    def serve(self):
        fd = self.sock.fileno()
        send(fd, {"ok": True, "pid": os.getpid(), "isolation": self.isolation, "python": sys.version.split()[0],
                  "cgroups": self.isolation.get("cgroups", []), "base": self.base, "uid": self.uid})
        while True:
            try:
                data, ancdata, _flags, _addr = self.sock.recvmsg(1, socket.CMSG_LEN(struct.calcsize("i")))
            except InterruptedError:
                continue
            fds = []
            for level, kind, blob in ancdata:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds += list(struct.unpack("%di" % (len(blob) // 4), blob[: len(blob) - len(blob) % 4]))
            self.reap()
            if data == b"S" and len(fds) == 1:
                self.spawn(fds[0])
            elif data == b"K" and not fds:
                # A zygote died under a test: what its test started (reparented here) goes before
                # the rerun. No other test runs meanwhile: the parent runs one test per worker.
                deadline = time.monotonic() + 2.0
                while self.uid is not None and _uid_in_use(self.uid) and time.monotonic() < deadline:
                    kill_uid(self.uid)
                    time.sleep(0.002)
                    self.reap()  # the killed orphans are this worker's children (it is their subreaper)
                self.reap()
            else:
                for extra in fds:
                    os.close(extra)
                return

    def spawn(self, fd):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                self.sock.close()
                _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
                _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
                if self.own_root and _libc.unshare(CLONE_NEWNS) != 0:
                    # Each zygote mounts its tests' /tmp in a mount namespace of its own: zygotes of
                    # one worker prepare their next children concurrently, and never on each other's /tmp.
                    raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS) for a zygote")
                Zygote(self, fd).serve()
            except BaseException:
                # A fault of ours: the parent sees the zygote's socket close and reruns the test.
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        os.close(fd)
        self.zygotes[pid] = True

    def reap(self):
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if not pid:
                return
            self.zygotes.pop(pid, None)

    def shutdown(self):
        for pid in list(self.zygotes):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        kill_uid(self.uid)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                pid, _st = os.waitpid(-1, 0)
            except ChildProcessError:
                break
        if self.cgroups is not None:
            self.cgroups.remove()
        if self.base:
            remove_tree(self.base)


def kill_uid(uid):
    """Kill every process of a sandbox uid (reaches processes that left their process group)."""
    if uid is None:
        kill_descendants()
        return
    pid = os.fork()
    if pid == 0:
        try:
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def kill_descendants():
    """Without a uid of its own, kill this process's descendants found through /proc."""
    me = os.getpid()
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name, "rb") as fh:
                    parents[int(name)] = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    mine = {me}
    changed = True
    while changed:
        changed = False
        for p, pp in parents.items():
            if pp in mine and p not in mine:
                mine.add(p)
                changed = True
    mine.discard(me)
    for p in mine:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------
# A zygote: one program, loaded once, forked once per test.

class Loaded(object):
    __slots__ = ("language", "code", "prelude", "source", "entry_point", "binary_fd")

    def __init__(self, language, code=None, source=b"", entry_point=None, binary_fd=None, prelude=None):
        self.language = language
        self.code = code
        self.prelude = prelude
        self.source = source
        self.entry_point = entry_point
        self.binary_fd = binary_fd


class Zygote(object):
    def __init__(self, worker, fd):
        self.w = worker
        self.fd = fd
        self.loaded = None
        self.ready = None
        self.counter = 0

    def serve(self):
        send(self.fd, {"ok": True, "pid": os.getpid()})
        try:
            self.serve_requests()
        finally:
            self.discard_ready()

    def serve_requests(self):
        while True:
            try:
                header, payload = recv(self.fd)
            except EOFError:
                return
            op = header.get("op")
            if op == "load":
                reply = self.load(header, payload)
                send(self.fd, reply)
                if self.loaded is not None:
                    self.prefork()
            elif op == "run":
                if self.loaded is None:
                    send(self.fd, {"error": "run before load"})
                    continue
                reply, sinks = self.run(header, payload)
                pieces = []
                for name, sink in zip(("out_len", "err_len", "res_len"), sinks):
                    views = sink.views()
                    reply[name] = sum(len(v) for v in views)
                    pieces += views
                try:
                    send(self.fd, reply, pieces)
                finally:
                    del pieces
                    for sink in sinks:
                        sink.wipe()
                    wipe(payload)
                self.prefork()
            else:
                send(self.fd, {"error": "unknown op %r" % (op,)})

    # -- loading ------------------------------------------------------------------------------
    def load(self, header, source):
        language = header["language"]
        if not source.strip():
            return {"ok": False, "ce": "empty source: the submission contains no code"}
        if language == "python":
            try:
                text = source.decode("utf-8")
            except UnicodeDecodeError as exc:
                return {"ok": False, "ce": "source is not valid UTF-8 (%s)" % exc}
            try:
                code = compile(text, "solution.py", "exec", dont_inherit=True)
            except SyntaxError as exc:
                detail = "".join(traceback.format_exception_only(type(exc), exc)).rstrip()
                return {"ok": False, "ce": detail}
            except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
                return {"ok": False, "ce": "%s: %s" % (type(exc).__name__, exc)}
            prelude = None
            if header.get("prelude"):
                try:
                    prelude = compile(header["prelude"], "<prelude>", "exec", dont_inherit=True)
                except (SyntaxError, ValueError) as exc:
                    return {"error": "the problem's prelude does not compile: %s" % exc}
            self.loaded = Loaded("python", code=code, source=bytes(source), entry_point=header.get("entry_point"),
                                 prelude=prelude)
            return {"ok": True}
        if language == "cpp":
            loaded, ce, fresh = self.compile_cpp(header, source)
            if loaded is None:
                return {"ok": False, "ce": ce}
            self.loaded = loaded
            return {"ok": True, "compiled": fresh}
        return {"error": "unknown language %r" % (language,)}

    def compile_cpp(self, header, source):
        name = header["key"]
        cache_fd = self.w.cache_fd
        if cache_fd is not None:
            try:
                fd = os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=cache_fd)
                os.utime(name, dir_fd=cache_fd)  # most recently used, for the cache's eviction
                return Loaded("cpp", binary_fd=fd), None, False
            except FileNotFoundError:
                pass
        cfg = self.w.config
        limits = {"time_s": cfg["compile_time_s"], "wall_s": cfg["compile_time_s"] * 2,
                  "memory_mb": cfg["compile_memory_mb"], "output_mb": 1, "file_size_mb": cfg["binary_mb"],
                  "open_files": 256, "processes": 64}
        workdir = self.enter_workdir()
        try:
            with open(os.path.join(workdir, "main.cpp"), "wb") as fh:
                fh.write(source)
            argv = [cfg["cpp_compiler"]] + list(cfg["cpp_flags"]) + ["main.cpp", "-o", "main"]
            reply, (out, err, res) = self.execute(workdir, ("exec_path", argv), b"", limits, call=False)
            compiler_output = err.text() or out.text()
            for sink in (out, err, res):
                sink.wipe()
            if reply.get("setup_error"):
                raise RuntimeError("compiler could not start: " + reply["setup_error"])
            binary = os.path.join(workdir, "main")
            if reply["timed_out"] or reply["cpu_limit"]:
                return None, "compilation exceeded %ss" % cfg["compile_time_s"], True
            if reply["exit_code"] != 0 or not os.path.exists(binary):
                if "File too large" in compiler_output or "File size limit exceeded" in compiler_output:
                    return None, "the compiled program exceeds %s MB" % cfg["binary_mb"], True
                return None, compiler_output or "compiler exited with %s" % reply["exit_code"], True
            if cache_fd is not None:
                tmp = "%s.%d.tmp" % (name, os.getpid())
                out_fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o755, dir_fd=cache_fd)
                with open(binary, "rb") as src, os.fdopen(out_fd, "wb") as dst:
                    while True:
                        chunk = src.read(1 << 20)
                        if not chunk:
                            break
                        dst.write(chunk)
                os.replace(tmp, name, src_dir_fd=cache_fd, dst_dir_fd=cache_fd)
                fd = os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=cache_fd)
            else:
                # No cache: an unlinked copy that lives as long as this zygote.
                fd = os.memfd_create("main", os.MFD_CLOEXEC)
                with open(binary, "rb") as src, os.fdopen(os.dup(fd), "wb") as dst:
                    while True:
                        chunk = src.read(1 << 20)
                        if not chunk:
                            break
                        dst.write(chunk)
            return Loaded("cpp", binary_fd=fd), None, True
        finally:
            self.leave_workdir(workdir)

    # -- running ------------------------------------------------------------------------------
    def enter_workdir(self):
        """A fresh, empty working directory for one run: its own tmpfs in the box, else a folder."""
        w = self.w
        if w.own_root:
            opts = "size=%dm,nr_inodes=65536,mode=0700" % w.config["tmpfs_mb"]
            if w.uid is not None:
                opts += ",uid=%d,gid=%d" % (w.uid, w.uid)
            _mount("tmpfs", SANDBOX_TMP, "tmpfs", MS_NOSUID | MS_NODEV, opts)
            return SANDBOX_TMP
        self.counter += 1
        path = os.path.join(w.base, "t%d" % self.counter)
        os.mkdir(path, 0o700)
        if w.uid is not None:
            os.chown(path, w.uid, w.uid)
        return path

    def leave_workdir(self, path):
        if self.w.own_root:
            _umount(path)
        else:
            remove_tree(path)

    def prefork(self):
        """Fork the next test's child now, so that the fork is not on the next request's path.

        The child gets its working directory, joins the cgroup and its namespaces, and waits for
        the test's limits on a pipe; until then it holds nothing of the test.
        """
        loaded = self.loaded
        workdir = self.enter_workdir()
        try:
            if loaded.language == "python":
                fd = os.open(os.path.join(workdir, "solution.py"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                try:
                    os.write(fd, loaded.source)
                finally:
                    os.close(fd)
                target = ("python", loaded)
            else:
                target = ("exec_fd", loaded.binary_fd)
            self.ready = self.fork_child(workdir, target, call=loaded.entry_point is not None)
        except BaseException:
            self.leave_workdir(workdir)
            raise

    def run(self, header, payload):
        if self.ready is not None and os.waitpid(self.ready["pid"], os.WNOHANG)[0]:
            # The waiting child died (an OOM kill in the shared cgroup picks the largest task,
            # rarely it): the test gets a fresh one, never a dead one.
            self.ready["pid"] = None
            self.discard_ready()
        if self.ready is None:
            self.prefork()
        child, self.ready = self.ready, None
        try:
            view = memoryview(payload)
            stdin_len = header.get("stdin_len", len(payload))
            stdin_bytes, offset = view[:stdin_len], stdin_len
            # A special judge's files (input, answer, output) and folders, beside it in the workdir.
            for name in header.get("dirs", ()):
                self.make_entry(child["workdir"], name, None)
            for name, size in header.get("files", ()):
                self.make_entry(child["workdir"], name, view[offset : offset + size])
                offset += size
            return self.go(child, stdin_bytes, header["limits"])
        finally:
            self.leave_workdir(child["workdir"])

    def make_entry(self, workdir, name, data):
        if "/" in name or name in ("", ".", ".."):
            raise ValueError("bad file name %r" % (name,))
        path = os.path.join(workdir, name)
        if data is None:
            os.mkdir(path, 0o755)
        else:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                while data:
                    data = data[os.write(fd, data):]
            finally:
                os.close(fd)
        if self.w.uid is not None:
            os.chown(path, self.w.uid, self.w.uid)

    def fork_child(self, workdir, target, call):
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        go_r, go_w = os.pipe()
        setup_r, setup_w = os.pipe2(os.O_CLOEXEC)
        res_r, res_w = os.pipe() if call else (None, None)
        pid = os.fork()
        if pid == 0:
            self.child(workdir, target, in_r, out_w, err_w, res_w, setup_w, go_r)
        for fd in (in_r, out_w, err_w, setup_w, go_r) + ((res_w,) if call else ()):
            os.close(fd)
        return {"pid": pid, "workdir": workdir, "in": in_w, "out": out_r, "err": err_r, "res": res_r,
                "setup": setup_r, "go": go_w, "call": call}

    def discard_ready(self):
        child, self.ready = self.ready, None
        if child is None:
            return
        if child["pid"] is not None:
            try:
                os.kill(child["pid"], signal.SIGKILL)
            except OSError:
                pass
            os.waitpid(child["pid"], 0)
        for key in ("in", "out", "err", "res", "setup", "go"):
            if child[key] is not None:
                os.close(child[key])
        self.leave_workdir(child["workdir"])

    def execute(self, workdir, target, stdin_bytes, limits, call):
        """One run in a child forked now (the compiler's)."""
        return self.go(self.fork_child(workdir, target, call), stdin_bytes, limits)

    def go(self, child, stdin_bytes, limits):
        """Start a forked child on one test: feed stdin, collect output under caps, clean up after it."""
        cg = self.w.cgroups
        if cg is not None:
            cg.prepare(int(limits["memory_mb"] * _MB))
        pid, in_w, call = child["pid"], child["in"], child["call"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        go = json.dumps(limits).encode()
        try:
            os.write(child["go"], go)
        except OSError:
            pass  # the child is gone: its status says why
        os.close(child["go"])
        reply = {"exit_code": None, "signal": None, "timed_out": False, "cpu_limit": False, "ole": False}
        out = Sink(int(limits["output_mb"] * _MB))
        err = Sink(STDERR_KEEP, tail=True)
        res = Sink(int(limits["output_mb"] * _MB))
        sinks = {"out": out, "err": err, "res": res}
        deadline = start + limits["wall_s"]
        cpu_limit = limits["time_s"]
        pidfd = None
        if hasattr(os, "pidfd_open"):
            try:
                pidfd = os.pidfd_open(pid)
            except OSError:
                pidfd = None
        sel = selectors.DefaultSelector()
        pending = memoryview(stdin_bytes)
        if pending:
            os.set_blocking(in_w, False)
            sel.register(in_w, selectors.EVENT_WRITE, "in")
        else:
            os.close(in_w)
            in_w = None
        for tag in ("out", "err", "res"):
            fd = child[tag]
            if fd is not None:
                os.set_blocking(fd, False)
                sel.register(fd, selectors.EVENT_READ, tag)
        if pidfd is not None:
            sel.register(pidfd, selectors.EVENT_READ, "exit")
        exited = False
        status = rusage = None
        next_cpu_check = start + min(0.05, cpu_limit / 4)
        try:
            while True:
                now = time.monotonic()
                if now >= deadline:
                    reply["timed_out"] = True
                    break
                timeout = min(deadline, next_cpu_check) - now
                if pidfd is None:
                    timeout = min(timeout, 0.005)
                for key, _mask in sel.select(max(timeout, 0)):
                    tag = key.data
                    if tag == "in":
                        try:
                            n = os.write(in_w, pending[:65536])
                            pending = pending[n:]
                        except BlockingIOError:
                            n = 0
                        except (BrokenPipeError, OSError):
                            pending = pending[:0]
                        if not pending:
                            sel.unregister(in_w)
                            os.close(in_w)
                            in_w = None
                    elif tag == "exit":
                        exited = True
                    elif not sinks[tag].read(key.fd):
                        sel.unregister(key.fd)
                if out.overflow or res.overflow:
                    reply["ole"] = True
                    break
                if pidfd is None and not exited:
                    wpid, st, ru = os.wait4(pid, os.WNOHANG)
                    if wpid:
                        exited, status, rusage = True, st, ru
                if exited:
                    break
                now = time.monotonic()
                if now >= next_cpu_check:
                    next_cpu_check = now + 0.05
                    if self.tree_cpu_seconds(pid) > cpu_limit:
                        reply["cpu_limit"] = True
                        break
        finally:
            del pending
            # Whatever happened, the whole process group goes, then every straggler.
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            if status is None:
                _wpid, status, rusage = os.wait4(pid, 0)
            if in_w is not None:
                try:
                    sel.unregister(in_w)
                except (KeyError, ValueError):
                    pass
                os.close(in_w)
            self.drain(sel, sinks)
            sel.close()
            for fd in (child["out"], child["err"], child["res"], pidfd):
                if fd is not None:
                    os.close(fd)
            leftovers = self.sweep()
        if out.overflow or res.overflow:
            reply["ole"] = True
        setup_error = read_all_nonblocking(child["setup"])
        os.close(child["setup"])
        reply["wall_s"] = time.monotonic() - start
        if os.WIFSIGNALED(status):
            reply["signal"] = os.WTERMSIG(status)
        elif os.WIFEXITED(status):
            reply["exit_code"] = os.WEXITSTATUS(status)
        # Every process of the test was reaped by this zygote (the subreaper of the tree) or by a
        # process that this zygote reaped: RUSAGE_CHILDREN counts all of their CPU time.
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        reply["cpu_s"] = max(0.0, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
        reply["maxrss_kb"] = rusage.ru_maxrss
        if cg is not None:
            reply["tree_memory_mb"] = cg.peak_mb()
            reply["oom_killed"] = cg.ooms() > cg.base_ooms
        if reply["cpu_s"] > cpu_limit:
            reply["cpu_limit"] = True
        reply["result"] = bool(res.size) if call else None
        if leftovers:
            reply["leak"] = leftovers
        if setup_error:
            reply["setup_error"] = setup_error.decode("utf-8", "replace")
        return reply, (out, err, res)

    def drain(self, sel, sinks):
        """Read what is left in the pipes once the process group is dead (bounded in time)."""
        end = time.monotonic() + 0.5
        while sel.get_map() and time.monotonic() < end:
            events = sel.select(0.05)
            if not events:
                # Something outside the group still holds a pipe; the sweep will kill it.
                kill_uid(self.w.uid)
                continue
            for key, _mask in events:
                if key.data in ("in", "exit") or not sinks[key.data].read(key.fd):
                    sel.unregister(key.fd)

    def tree_cpu_seconds(self, pid):
        """CPU time of the test so far: every live process of its uid, with what they reaped."""
        uid = self.w.uid
        pids = [pid]
        if uid is not None:
            pids = []
            for name in os.listdir("/proc"):
                if name.isdigit():
                    try:
                        if os.stat("/proc/" + name).st_uid == uid:
                            pids.append(int(name))
                    except OSError:
                        pass
        total = 0
        for p in pids:
            try:
                with open("/proc/%d/stat" % p, "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
            except (OSError, IndexError, ValueError):
                pass
        return total / self.w.clk_tck

    def sweep(self):
        """Reap everything; returns how many descendants were still alive after the group kill."""
        survivors = 0
        for attempt in range(200):
            try:
                wpid, _st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return survivors
            if wpid:
                continue
            # Alive descendants remain (as subreaper, every orphan is ours): kill them all.
            survivors += 1
            kill_uid(self.w.uid)
            time.sleep(0.001 * min(attempt, 10))
        raise RuntimeError("descendants of a test survive repeated SIGKILL")

    # -- the child ----------------------------------------------------------------------------
    def child(self, workdir, target, in_r, out_w, err_w, res_w, setup_w, go_r):
        w = self.w
        try:
            try:
                # Phase 1, before the test is known: session, cgroup, namespaces, fds, directory.
                os.setsid()
                _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # the test ends with its zygote
                if w.cgroups is not None:
                    w.cgroups.join(os.getpid())
                if w.own_root and _libc.unshare(CLONE_NEWIPC | CLONE_NEWUTS) != 0:
                    raise OSError(ctypes.get_errno(), "unshare(IPC, UTS)")
                kind, what = target
                # Move every fd we keep above the range we rearrange, then put each in its place.
                wanted = [(in_r, 0), (out_w, 1), (err_w, 2), (go_r, 7), (setup_w, 9)]
                if res_w is not None:
                    wanted.append((res_w, 3))
                if kind == "exec_fd":
                    wanted.append((what, 8))
                high = [(fcntl.fcntl(fd, fcntl.F_DUPFD, 100), dst) for fd, dst in wanted]
                for fd, dst in high:
                    os.dup2(fd, dst, inheritable=dst < 7)
                low = 3
                for keep in sorted(dst for _fd, dst in wanted if dst >= 3) + [1 << 16]:
                    os.closerange(low, keep)
                    low = keep + 1
                os.chdir(workdir)
                # Phase 2: the test's limits arrive (or EOF: the zygote discarded this child).
                raw = b""
                while True:
                    chunk = os.read(7, 65536)
                    if not chunk:
                        break
                    raw += chunk
                os.close(7)
                if not raw:
                    os._exit(0)
                limits = json.loads(raw.decode())
                cpu = max(1, int(-(-limits["time_s"] // 1)))
                mem = int(limits["memory_mb"] * _MB)
                # One second above the limit: the zygote's own poll ends the test at time_s; the
                # rlimit is a backstop, since rusage can read under the limit when SIGXCPU fires.
                set_limit(resource.RLIMIT_CPU, cpu + 1, cpu + 2)
                set_limit(resource.RLIMIT_DATA, mem, mem)
                set_limit(resource.RLIMIT_STACK, mem, mem)
                fsize = int(limits["file_size_mb"] * _MB)
                set_limit(resource.RLIMIT_FSIZE, fsize, fsize)
                set_limit(resource.RLIMIT_NOFILE, int(limits["open_files"]), int(limits["open_files"]))
                set_limit(resource.RLIMIT_CORE, 0, 0)
                set_limit(resource.RLIMIT_MEMLOCK, 0, 0)
                set_limit(resource.RLIMIT_MSGQUEUE, 0, 0)
                if w.uid is not None:
                    nproc = int(limits["processes"])
                    set_limit(resource.RLIMIT_NPROC, nproc, nproc)
                    os.setgroups([])
                    os.setresgid(w.uid, w.uid, w.uid)
                    os.setresuid(w.uid, w.uid, w.uid)
                os.environ.clear()
                if w.filter is not None:
                    install_filter(w.filter[1])
                if kind != "python":
                    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
                    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
                    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": workdir, "TMPDIR": workdir}
                    if kind == "exec_fd":
                        os.execve(8, ["./main"] + list(limits.get("argv", ())), env)
                    os.execvpe(what[0], what, env)
            except BaseException as exc:  # a fault of the sandbox's own setup, reported as such
                try:
                    os.write(9, ("%s: %s" % (type(exc).__name__, exc)).encode())
                finally:
                    os._exit(SETUP_FAILED_EXIT)
            os.close(9)
            run_python(what, workdir, w.lib_roots, limits.get("argv", ()))
        finally:
            os._exit(SETUP_FAILED_EXIT)


_ROOT = os.geteuid() == 0


def set_limit(which, soft, hard):
    """setrlimit, never above the current hard limit (only root may raise that)."""
    if _ROOT:
        resource.setrlimit(which, (soft, hard))
        return
    cur_soft, cur_hard = resource.getrlimit(which)
    if cur_hard != resource.RLIM_INFINITY:
        hard = min(hard, cur_hard)
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def read_all_nonblocking(fd):
    os.set_blocking(fd, False)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _program_frames(tb):
    """The traceback without the harness's own frames: what the model reads is the same on every machine."""
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) in HARNESS_FILES:
        tb = tb.tb_next
    return tb


def run_python(loaded, workdir, lib_roots, argv=()):
    """Run a loaded Python program in this (forked, restricted) child and exit like CPython would."""
    import builtins

    sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r")), encoding="utf-8")
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w")), encoding="utf-8")
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(2, "w")), encoding="utf-8", errors="backslashreplace", line_buffering=True
    )
    stdout, stderr = sys.stdout, sys.stderr
    atexit._clear()  # the worker's exit handlers are not the program's
    sys.argv = ["solution.py"] + list(argv)
    sys.path[:] = [workdir] + [p for p in sys.path if p and "site-packages" not in p and "dist-packages" not in p] + list(lib_roots)
    sys.path_importer_cache.clear()
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    call = loaded.entry_point is not None
    module = types.ModuleType("__main__" if not call else "solution")
    module.__file__ = os.path.join(workdir, "solution.py")
    module.__builtins__ = builtins
    sys.modules[module.__name__] = module
    status = 0
    try:
        if call:
            raw = b""
            while True:
                chunk = os.read(0, 1 << 16)
                if not chunk:
                    break
                raw += chunk
            args = codec.decode_args(raw.decode("utf-8"))
        if loaded.prelude is not None:
            exec(loaded.prelude, module.__dict__)
        exec(loaded.code, module.__dict__)
        if call:
            func = _resolve(module.__dict__, loaded.entry_point)
            value = func(*args)
            try:
                payload = b"V" + codec.encode(value).encode("utf-8")
            except codec.CodecError as exc:
                payload = b"E" + str(exc).encode("utf-8")
            view = memoryview(payload)
            while view:
                view = view[os.write(3, view):]
    except SystemExit as exc:
        code = exc.code
        if code is None:
            status = 0
        elif isinstance(code, int):
            status = code & 0xFF
        else:
            try:
                print(code, file=sys.stderr)
            except Exception:
                pass
            status = 1
    except BaseException as exc:
        status = 1
        try:
            traceback.print_exception(type(exc), exc, _program_frames(exc.__traceback__), file=sys.stderr)
        except BaseException:
            pass
    _finalize(status, (stdout, stderr))


def _resolve(namespace, entry_point):
    parts = entry_point.split(".")
    if parts[0] not in namespace:
        raise NameError("the solution defines no %r (the entry point %r)" % (parts[0], entry_point))
    obj = namespace[parts[0]]
    if len(parts) == 2:
        obj = getattr(obj(), parts[1])
    if not callable(obj):
        raise TypeError("entry point %r is not callable" % entry_point)
    return obj


def _finalize(status, streams):
    # CPython's own shutdown order: join non-daemon threads, run atexit, flush stdio. Both modules
    # are imported by the worker already, so a child does not pay for importing them.
    try:
        threading._shutdown()
    except BaseException:
        pass
    try:
        atexit._run_exitfuncs()
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr) + tuple(streams):
        try:
            stream.flush()
        except BaseException:
            pass
    os._exit(status)


def main(argv):
    sock_fd = int(argv[1])
    config = json.loads(argv[2])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the user's terminal is the parent's to handle
    # A fixed mmap threshold: glibc otherwise raises it after freeing a big output buffer, the
    # next ones come from the heap and stay resident, and every later fork copies them.
    _libc.mallopt(M_MMAP_THRESHOLD, 1 << 17)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    except (ValueError, OSError):
        pass
    sock = socket.socket(fileno=sock_fd)
    try:
        worker = Worker(sock, config)
    except BaseException as exc:
        send(sock_fd, {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)})
        return 1
    try:
        worker.serve()
    finally:
        worker.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
