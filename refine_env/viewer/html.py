"""The viewer's single self-contained HTML page: template, CSS and JS inlined, the episodes embedded as JSON."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

__all__ = ["render_page", "write_page", "default_output", "embed_json", "content_security_policy", "page_payload"]


def _asset(name: str) -> str:
    return resources.files("refine_env.viewer").joinpath("assets", name).read_text(encoding="utf-8")


def embed_json(data: Any) -> str:
    """``data`` as JSON safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc. (valid JSON string escapes, and JSON
    has them nowhere outside strings), so no text can close the element (``</script>``), open an
    HTML comment, or otherwise end the data early, whatever the episodes contain.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def content_security_policy(script: str, *, live: bool) -> str:
    """Only the page's own inline script (by hash) runs; nothing loads from anywhere; the live page may fetch its own server."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    connect = "'self'" if live else "'none'"
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src 'none'; "
            f"connect-src {connect}; base-uri 'none'; form-action 'none'")


def page_payload(episodes: Sequence[Mapping[str, Any]], *, source: str, live: bool = False, generation: int = 0,
                 poll_ms: int = 1500) -> Dict[str, Any]:
    """What the page's script reads: the episodes and how the page was made."""
    return {"source": source, "live": live, "generation": generation, "poll_ms": poll_ms, "episodes": list(episodes),
            "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")}


def render_page(episodes: Sequence[Mapping[str, Any]], *, source: str, live: bool = False, generation: int = 0,
                poll_ms: int = 1500) -> str:
    """The HTML page for ``episodes`` (the dicts :mod:`refine_env.viewer.formats` makes); works offline from a file.

    With ``live`` the page polls ``api/episodes`` on the server that sent it (``refine-env view --serve``).
    """
    script = _asset("viewer.js")
    # The script must not close its own element; it is ours, so this is a check, not an escape.
    if re.search(r"</script", script, re.I):
        raise ValueError("Expected viewer.js to hold no '</script', got one")
    values = {
        "CSP": html.escape(content_security_policy(script, live=live), quote=False),  # no double quotes in a policy
        "TITLE": html.escape(f"refine-env view: {source}"),
        "CSS": _asset("viewer.css"),
        "DATA": embed_json(page_payload(episodes, source=source, live=live, generation=generation, poll_ms=poll_ms)),
        "JS": script,
    }
    # One pass over the template: text substituted in is never scanned for placeholders again.
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: values[m.group(1)], _asset("page.html"))


def default_output(path: Union[str, "os.PathLike[str]"]) -> Path:
    """Where ``refine-env view PATH`` writes without ``--out``: beside a file (same name, ``.html``), or inside a folder."""
    path = Path(path)
    return path / "trajectories.html" if path.is_dir() else path.with_suffix(".html")


def write_page(path: Union[str, "os.PathLike[str]"], out: Optional[Union[str, "os.PathLike[str]"]] = None) -> Tuple[Path, int]:
    """Read the episodes under ``path`` and write their page to ``out`` (default :func:`default_output`); the file and how many episodes."""
    from refine_env.viewer.formats import load_episodes

    source = load_episodes(path)
    target = Path(out) if out is not None else default_output(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"Expected --out to be an .html file, got {str(target)!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_page(source.episodes, source=str(path)), encoding="utf-8")
    return target, len(source.episodes)
