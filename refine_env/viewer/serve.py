"""``refine-env view --serve``: the page on 127.0.0.1, following a file that a running job appends to."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Optional, Tuple, Union
from urllib.parse import parse_qs, urlsplit

from refine_env.viewer.formats import EpisodeSource
from refine_env.viewer.html import render_page

__all__ = ["ViewerServer", "HOST"]

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
"""The only address the viewer listens on: trajectories stay on this machine."""


class ViewerServer:
    """An HTTP server on ``127.0.0.1:port`` (0: any free port) with the page at ``/`` and new episodes at ``/api/episodes``.

    The files are read again (only what was appended) at most every ``min_interval_s`` when the
    page asks. A file that turns unreadable or malformed while a job writes it is reported on the
    page, and the server keeps serving. Requests whose ``Host`` is not this address are refused,
    so a web page elsewhere cannot read the trajectories through DNS rebinding.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"], *, port: int = 0, poll_ms: int = 1500,
                 min_interval_s: float = 0.5) -> None:
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"Expected port to be an int in [0, 65535], got {port!r}")
        self.source = EpisodeSource(path, wait=True)
        self.display = str(path)
        self.poll_ms = poll_ms
        self.min_interval_s = min_interval_s
        self.error: Optional[str] = None
        self._lock = threading.Lock()
        self._last_poll = 0.0
        self._thread: Optional[threading.Thread] = None
        self._refresh(force=True)
        try:
            self.httpd = ThreadingHTTPServer((HOST, port), self._handler())
        except OSError as exc:
            raise ValueError(f"Expected port {port} on {HOST} to be free, got {exc.strerror or exc}: pass another --port") from None
        self.httpd.daemon_threads = True

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def _refresh(self, *, force: bool = False) -> None:
        with self._lock:
            now = time.monotonic()
            if not force and now - self._last_poll < self.min_interval_s:
                return
            self._last_poll = now
            try:
                self.source.poll()
                self.error = None
            except (OSError, ValueError) as exc:
                self.error = str(exc)
                logger.warning("refine-env view: %s", exc)

    def episodes_since(self, since: int, generation: int) -> Dict[str, Any]:
        """The answer of ``/api/episodes``: episodes from index ``since`` on, or all of them if the files were rewritten."""
        self._refresh()
        with self._lock:
            reset = generation != self.source.generation
            start = 0 if reset else max(0, min(since, len(self.source.episodes)))
            return {"generation": self.source.generation, "reset": reset, "total": len(self.source.episodes),
                    "episodes": self.source.episodes[start:], "error": self.error}

    def page(self) -> str:
        self._refresh()
        with self._lock:
            return render_page(self.source.episodes, source=self.display, live=True, generation=self.source.generation,
                               poll_ms=self.poll_ms)

    def _handler(self) -> type:
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "refine-env-view"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
                logger.debug("%s %s", self.address_string(), format % args)

            def _send(self, status: int, body: bytes, content_type: str, csp: Optional[str] = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Referrer-Policy", "no-referrer")
                if csp:
                    self.send_header("Content-Security-Policy", csp)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                if self.headers.get("Host") not in (f"{HOST}:{server.port}", f"localhost:{server.port}"):
                    self._send(403, b"refine-env view answers only to http://127.0.0.1\n", "text/plain; charset=utf-8")
                    return
                url = urlsplit(self.path)
                try:
                    if url.path == "/":
                        self._send(200, server.page().encode("utf-8"), "text/html; charset=utf-8")
                    elif url.path == "/api/episodes":
                        since, generation = _ints(parse_qs(url.query))
                        body = json.dumps(server.episodes_since(since, generation), ensure_ascii=False, allow_nan=False)
                        self._send(200, body.encode("utf-8"), "application/json; charset=utf-8", "default-src 'none'")
                    else:
                        self._send(404, b"not found\n", "text/plain; charset=utf-8")
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def start(self) -> ViewerServer:
        """Serve in a daemon thread (tests, notebooks); :meth:`close` stops it."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="refine-env-view", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> ViewerServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _ints(query: Dict[str, Any]) -> Tuple[int, int]:
    def one(name: str) -> int:
        try:
            return max(0, int(query.get(name, ["0"])[0]))
        except ValueError:
            return 0

    return one("since"), one("generation")
