"""The sandbox's wire format, both ways: <header length, payload length> + JSON header + raw payload.

Spoken by the parent (:mod:`refine_env.sandbox.workers`) and by the worker and its zygotes
(``_worker.py``, which loads this file by path, as it loads ``codec.py``): standard library only,
Python 3.8+.
"""

import json
import os
import struct

HEADER = struct.Struct("<II")


def read_exact(fd, n):
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def recv(fd):
    """A message: the JSON header, and the payload in a bytearray the caller may wipe after use."""
    hlen, plen = HEADER.unpack(read_exact(fd, HEADER.size))
    header = json.loads(read_exact(fd, hlen))
    payload = bytearray(plen)
    view = memoryview(payload)
    got = 0
    while got < plen:
        n = os.readv(fd, [view[got:]])
        if not n:
            raise EOFError
        got += n
    return header, payload


def send(fd, header, pieces=()):
    """Write header and payload pieces with writev: the payload is never copied into one buffer."""
    data = json.dumps(header).encode()
    bufs = [memoryview(HEADER.pack(len(data), sum(len(p) for p in pieces)) + data)]
    bufs += [memoryview(p) for p in pieces if len(p)]
    while bufs:
        n = os.writev(fd, bufs[:512])
        while n and bufs:
            if n >= len(bufs[0]):
                n -= len(bufs[0])
                bufs.pop(0)
            else:
                bufs[0] = bufs[0][n:]
                n = 0
