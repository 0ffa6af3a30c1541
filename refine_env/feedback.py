"""Rendering the task prompt and execution results into observation text (public tests only)."""

from __future__ import annotations

from typing import List, Optional, Sequence

from refine_env.actions import PROTOCOL
from refine_env.problems.loaders.asserts import signature_stub
from refine_env.problems.model import Problem
from refine_env.sandbox import TestCase, TestResult, Verdict, codec, first_failure

__all__ = [
    "render_prompt",
    "render_run",
    "render_test",
    "render_judged",
    "render_format_error",
    "render_unjudged",
    "trim_block",
    "fit",
]

MAX_BLOCK_LINES = 12
MAX_BLOCK_CHARS = 800
STDERR_LINES = 8


def trim_block(text: str, *, max_lines: int = MAX_BLOCK_LINES, max_chars: int = MAX_BLOCK_CHARS) -> str:
    """At most ``max_lines`` lines and ``max_chars`` characters, saying how much was cut."""
    lines = text.rstrip("\n").split("\n")
    cut_lines = max(0, len(lines) - max_lines)
    lines = lines[:max_lines]
    out = "\n".join(line if len(line) <= 200 else line[:200] + f"... ({len(line) - 200} more characters)" for line in lines)
    if len(out) > max_chars:
        out = out[:max_chars] + f"... ({len(out) - max_chars} more characters)"
    if cut_lines:
        out += f"\n... ({cut_lines} more lines)"
    return out


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


def fit(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters by cutting its middle."""
    if len(text) <= limit:
        return text
    marker = "\n[... {} characters cut ...]\n"
    keep = max(0, limit - len(marker.format(len(text))))
    head = keep * 2 // 3
    tail = keep - head
    return text[:head] + marker.format(len(text) - keep) + (text[-tail:] if tail else "")


def _call_text(problem: Problem, test_input: str) -> str:
    name = (problem.entry_point or "f").split(".")[-1]
    try:
        args = codec.decode_args(test_input)
    except codec.CodecError:
        return test_input
    return f"{name}({', '.join(codec.safe_repr(a, 5000) for a in args)})"


def _value_text(encoded: Optional[str]) -> str:
    if encoded is None:
        return ""
    try:
        return codec.safe_repr(codec.decode(encoded), 5000)
    except codec.CodecError:
        return encoded


EXAMPLE_LINES = 60
EXAMPLE_CHARS = 4000


def _folded(text: str) -> str:
    return " ".join(text.split())


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _followed_by(text: str, first: str, then: str, gap: int) -> bool:
    """Whether ``then`` starts within ``gap`` characters after some occurrence of ``first`` in ``text``."""
    start = text.find(first)
    while start >= 0:
        end = start + len(first)
        if then in text[end : end + gap + len(then)]:
            return True
        start = text.find(first, start + 1)
    return False


def _shown_in_statement(problem: Problem) -> bool:
    """Whether the statement already writes out every public example: its input, then its expected output."""
    if problem.kind == "call":
        statement = _squeezed(problem.statement)
        return all(_followed_by(statement, _squeezed(_call_text(problem, t.input)), _squeezed(_value_text(t.output)), 12) for t in problem.public_tests)
    statement = _folded(problem.statement)
    return all(_followed_by(statement, _folded(t.input), _folded(t.output or ""), 80) for t in problem.public_tests)


def _example_block(text: str) -> List[str]:
    """A fenced example, whole up to EXAMPLE_LINES lines and EXAMPLE_CHARS characters (long lines are not cut)."""
    lines = text.rstrip("\n").split("\n")
    body = "\n".join(lines[:EXAMPLE_LINES])
    if len(body) > EXAMPLE_CHARS:
        body = body[:EXAMPLE_CHARS] + f"... ({len(body) - EXAMPLE_CHARS} more characters)"
    if len(lines) > EXAMPLE_LINES:
        body += f"\n... ({len(lines) - EXAMPLE_LINES} more lines; `run` uses the whole example)"
    return ["```", body if text.strip() else "(empty)", "```"]


def _examples(problem: Problem) -> List[str]:
    """The public examples as ``run`` numbers them, unless the statement already shows them all."""
    if not problem.public_tests or _shown_in_statement(problem):
        return []
    lines = ["## Examples", "", "`Action: run` executes your program on these examples."]
    for i, t in enumerate(problem.public_tests, start=1):
        lines += ["", f"Example {i}"]
        if problem.kind == "call":
            lines += _example_block(f"{_call_text(problem, t.input)} -> {_value_text(t.output)}")
        else:
            lines += ["Input:", *_example_block(t.input), "Output:", *_example_block(t.output or "")]
    return lines + [""]


def _signature(problem: Problem) -> List[str]:
    """The code the tests call: the starter code, else the reference's ``def`` line (read with ``ast``)."""
    stub = problem.starter_code
    if not stub and problem.reference is not None and problem.entry_point:
        stub = signature_stub(problem.reference.source, problem.entry_point)
    if stub and stub.strip() == problem.statement.strip():
        return ["Starter code: the code above (complete its function)."]  # HumanEval's prompt is both
    if stub:
        return ["Starter code:", "```python", stub.rstrip(), "```"]
    return []


def render_prompt(problem: Problem, *, max_turns: int) -> str:
    """The observation at reset: statement, public examples, how programs are run, limits and the action protocol.

    The same problem always gives the same text: nothing in it depends on the machine or the run.
    """
    parts = [f"# {problem.title or problem.id}", "", problem.statement.strip(), ""]
    parts += _examples(problem)
    if problem.kind == "call":
        parts.append(f"Write Python 3 code that defines `{problem.entry_point}`; it is called once per test with the test's arguments.")
        parts += _signature(problem)
        if problem.metadata.get("prelude"):
            parts.append("As on LeetCode, your code runs after the usual imports (typing, collections, heapq, math, ...).")
    else:
        parts.append("Write a Python 3 program that reads standard input and writes standard output.")
    parts.append(f"Limits per test: {problem.time_limit_s:g} s of CPU time, {problem.memory_limit_mb} MB of memory.")
    parts.append(
        f"You have {max_turns} turns. The hidden tests are more numerous and larger than the examples and include edge cases."
    )
    parts += ["", PROTOCOL.rstrip()]
    return "\n".join(parts)


def _header(turn: int, max_turns: int, what: str) -> str:
    return f"Turn {turn} of {max_turns} - {what}"


def _result_line(label: str, r: TestResult, show_resources: bool = True) -> str:
    line = f"{label}: {r.verdict}" + (f" ({r.time_s:.2f} s, {r.memory_mb:.0f} MB)" if show_resources else "")
    if r.message and r.verdict is not Verdict.AC:
        line += f" - {trim_block(r.message, max_lines=1, max_chars=300)}"
    return line


def _stderr_block(r: TestResult) -> List[str]:
    if not r.stderr.strip() or r.verdict in (Verdict.AC, Verdict.OK):
        return []
    tail = "\n".join(r.stderr.rstrip().split("\n")[-STDERR_LINES:])
    return ["  stderr (last lines):", _indent(trim_block(tail))]


def render_run(problem: Problem, tests: Sequence[TestCase], results: Sequence[TestResult], *, turn: int, max_turns: int,
               notes: Sequence[str] = (), show_resources: bool = True) -> str:
    """Feedback for ``run``: verdict per public test, expected vs got where it failed, stderr tail.

    ``show_resources=False`` leaves out measured time and memory, so that the same program always
    gets the same text (reproducible RL runs).
    """
    if results and results[0].verdict is Verdict.CE:
        return "\n".join([_header(turn, max_turns, "run: the program does not compile."), "", trim_block(results[0].message, max_lines=30, max_chars=3000)] + _notes(notes))
    passed = sum(r.passed for r in results)
    lines = [_header(turn, max_turns, f"run: {passed}/{len(tests)} public tests passed."), ""]
    for i, (t, r) in enumerate(zip(tests, results), start=1):
        lines.append(_result_line(f"Example {i}", r, show_resources))
        if r.verdict is Verdict.AC:
            continue
        if problem.kind == "call":
            lines += ["  call:", _indent(trim_block(_call_text(problem, t.input))), "  expected:", _indent(trim_block(_value_text(t.output)))]
            lines += ["  returned:", _indent(trim_block(r.output))] if r.verdict is Verdict.WA and r.output else []
            if r.stdout.strip():
                lines += ["  printed:", _indent(trim_block(r.stdout))]
        else:
            lines += ["  input:", _indent(trim_block(t.input)), "  expected:", _indent(trim_block(t.output or ""))]
            lines += ["  got:", _indent(trim_block(r.output) if r.output.strip() else "(no output)")]
        lines += _stderr_block(r)
    return "\n".join(lines + _notes(notes))


def render_test(problem: Problem, inputs: Sequence[str], results: Sequence[TestResult], *, turn: int, max_turns: int,
                notes: Sequence[str] = (), show_resources: bool = True) -> str:
    """Feedback for ``test``: the program's outputs on the agent's inputs, without verdicts."""
    if results and results[0].verdict is Verdict.CE:
        return "\n".join([_header(turn, max_turns, "test: the program does not compile."), "", trim_block(results[0].message, max_lines=30, max_chars=3000)] + _notes(notes))
    lines = [_header(turn, max_turns, f"test: ran your program on {len(inputs)} input(s) of yours (no expected outputs: judge them yourself)."), ""]
    for i, (inp, r) in enumerate(zip(inputs, results), start=1):
        ran = f"ran in {r.time_s:.2f} s, {r.memory_mb:.0f} MB" if show_resources else "ran"
        status = ran if r.verdict is Verdict.OK else f"{r.verdict} - {trim_block(r.message, max_lines=1, max_chars=300)}"
        lines.append(f"Input {i}: {status}")
        if problem.kind == "call":
            lines += ["  call:", _indent(trim_block(_call_text(problem, inp)))]
            if r.verdict is Verdict.OK:
                lines += ["  returned:", _indent(trim_block(r.output))]
            if r.stdout.strip():
                lines += ["  printed:", _indent(trim_block(r.stdout))]
        else:
            lines += ["  input:", _indent(trim_block(inp)), "  output:", _indent(trim_block(r.output) if r.output.strip() else "(no output)")]
        lines += _stderr_block(r)
    return "\n".join(lines + _notes(notes))


def render_judged(results: Sequence[TestResult], *, total: int, turn: int, max_turns: int, truncated: bool) -> str:
    """The final observation: counts and the verdict on the hidden tests, never their contents."""
    passed = sum(r.passed for r in results)
    first_bad = first_failure(results)
    how = "the turn budget is used up; your last program was judged" if truncated else "submitted"
    return (
        f"{_header(turn, max_turns, how)} on {total} hidden tests: {passed} passed. "
        f"Final verdict: {first_bad}. The episode is over."
    )


def render_unjudged(*, turn: int, max_turns: int) -> str:
    return f"{_header(turn, max_turns, 'the turn budget is used up')} without a submission. The episode is over."


def render_format_error(error: str, *, turn: int, max_turns: int) -> str:
    return "\n".join([_header(turn, max_turns, f"format error: {error}. Nothing was run."), "", PROTOCOL.rstrip()])


def _notes(notes: Sequence[str]) -> List[str]:
    return ["", *(f"Note: {n}." for n in notes)] if notes else []
