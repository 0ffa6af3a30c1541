"""The README's code runs as printed: the quickstart solves its problem."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _block(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(heading)}\n.*?^```python\n(.*?)^```$", text, flags=re.S | re.M)
    assert match, f"no python block under '## {heading}' in README.md"
    return match.group(1)


def test_quickstart_solves_its_problem() -> None:
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_block("Quickstart"), "README.md:quickstart", "exec"), namespace)
    namespace["env"].close()
    info = namespace["info"]
    assert namespace["reward"] == 1.0 and namespace["terminated"]
    assert info["hidden"]["verdict"] == "AC" and info["hidden"]["passed"] == info["hidden"]["total"]
    # The story it tells: the first program passes the examples and the agent's own input shows the bug.
    lines = out.getvalue().splitlines()
    assert lines[-3:] == ["3 of 3", "['999999999999999999000000000000000000\\n']",
                          f"1.0 {info['hidden']['total']} of {info['hidden']['total']} AC"]
