"""A hostile program the sandbox tests share: it counts a needle in every writable mapping of its own memory."""

from __future__ import annotations

_SCAN = r'''
import ctypes
needle = NEEDLE
found = 0
for line in open("/proc/self/maps").read().splitlines():
    addr, perms = line.split()[:2]
    if not perms.startswith("rw") or "[v" in line:
        continue
    lo, hi = (int(x, 16) for x in addr.split("-"))
    found += ctypes.string_at(lo, hi - lo).count(needle)
print(found)
'''


def memory_scan(needle: str) -> str:
    """The scan's source for ``needle``, a bytes expression built at run time (so the source holds no copy of it)."""
    return _SCAN.replace("NEEDLE", needle)
