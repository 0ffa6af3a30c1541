"""The action text protocol: one grammar for what an LLM writes, parsed into run / test / submit.

The grammar, applied in this order (docs/actions.md has the same rules with examples):

1. **Reasoning is removed.** Every ``<think>...</think>`` span is dropped; when the first
   ``</think>`` comes before any ``<think>`` (a chat template opened the block, as Qwen3's do),
   everything up to it is reasoning; a ``<think>`` that is never closed makes the rest of the
   reply reasoning. Nothing in reasoning counts: neither its code blocks nor its action lines.
   The tags are recognised anywhere, case-insensitively.
2. **Fenced blocks.** A block opens with a line of 3 or more backticks or tildes (indentation
   allowed, removed from the body) and an optional info string, and closes with a line of the
   same character at least as long. The block's *tag* is the info string's first word,
   lowercased. An unclosed block runs to the end of the reply.
3. **The program.** Tags ``python``, ``py``, ``python3``, ``py3`` (Python) and ``cpp``, ``c++``,
   ``cc``, ``cxx`` (C++) mark program blocks; when there are several, the last one is the
   program. An untagged block is the program only when no block is tagged with a program
   language and it is the only untagged block; next to a tagged program an untagged block is
   ignored (it is usually a sample output), and two or more untagged blocks without a tagged
   one are a format error. Blocks with any other tag (``text``, ``output``, ``console``,
   ``bash``, ``json``, ...) are ignored, except that a reply whose only code is tagged with
   another programming language (``java``, ``rust``, ...) is a format error.
4. **Inputs.** Blocks tagged ``input``, ``stdin`` or ``in`` are the inputs of a ``test``
   action, one input per block (for call problems, one argument per line as JSON or a Python
   literal). Other intents ignore them.
5. **The intent.** An action line is a line outside code blocks whose whole text is
   ``Action: run``, ``Action: test`` or ``Action: submit`` (case-insensitive, ``=`` for ``:``),
   ignoring markdown marks: ``*``, ``_`` and backticks anywhere on the line, a leading heading
   ``#``, quote ``>``, list bullet or number, and a final period. ``<action>submit</action>``
   anywhere in a line outside code is an action marker too. The last marker wins. A line that
   says more (``Action: run it again if this fails``) is prose, not a marker; a reply whose only
   mention of an action is such a line is a format error.
6. **Defaults.** A program without any marker is run. ``run`` needs a program; ``test`` needs at
   least one input; ``test`` and ``submit`` without a program reuse the episode's program (the
   last one it ran or submitted: never a draft inside reasoning). A ``test`` with a program of
   its own runs that program without making it the episode's program.

Every format error's text says what to write instead. For example::

    <think>The bound is off by one...</think>
    Action: test
    ```python
    print(sum(map(int, input().split())))
    ```
    ```input
    1 2
    ```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

__all__ = [
    "INTENTS",
    "PROGRAM_TAGS",
    "INPUT_TAGS",
    "PROTOCOL",
    "ParsedAction",
    "parse",
    "run",
    "test",
    "submit",
    "MAX_ACTION_CHARS",
]

INTENTS = ("run", "test", "submit")
PROGRAM_TAGS: Dict[str, str] = {
    "python": "python", "py": "python", "python3": "python", "py3": "python",
    "cpp": "cpp", "c++": "cpp", "cc": "cpp", "cxx": "cpp",
}
"""Block tag -> the program's language."""
INPUT_TAGS = ("input", "stdin", "in")
# Tags that say "a program in a language this env cannot run": an error when no program block is
# there, rather than silently reusing the last program.
_FOREIGN_LANGUAGES = frozenset(
    "java javascript js typescript ts rust rs go golang c csharp cs c# kotlin kt swift ruby rb php scala "
    "haskell hs perl lua r julia pascal fortran dart ocaml elixir erlang clojure fsharp f# zig nim d".split()
)
MAX_ACTION_CHARS = 200_000

PROTOCOL = """\
End every reply with exactly one action: a line `Action: run`, `Action: test` or `Action: submit`,
followed by your complete program in a ```python fenced block.
- `Action: run` executes the program on the public examples and shows the verdicts, expected and actual output.
- `Action: test` executes the program on inputs you choose, each in its own ```input fenced block after the
  program, and shows what it printed (no verdict: you decide what is right). For function problems, write one
  argument per line (JSON or a Python literal).
- `Action: submit` judges the program on the hidden tests and ends the episode.
`test` and `submit` may omit the program to use your solution (the last program you ran). A `test` with a
program of its own (a brute force, say) runs that program and leaves your solution as it was.
Write the action line alone on its line; the last one counts. Reasoning inside <think></think> is ignored.
Only the ```python block is the program: put sample outputs and notes in ```text blocks.
"""

NO_ACTION = "no action found: write `Action: run`, `Action: test` or `Action: submit` and a ```python block"


@dataclass(frozen=True)
class ParsedAction:
    """The result of parsing an action text.

    ``error`` is set when the text cannot be acted on (a format error); ``intent`` and ``code``
    may still be partly filled for diagnostics. ``code`` is None when the action reuses the
    episode's last code.
    """

    intent: Optional[str]
    code: Optional[str]
    inputs: Tuple[str, ...] = ()
    language: str = "python"
    error: Optional[str] = None
    notes: Tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.error is None


class _Block(NamedTuple):
    tag: str
    body: str
    closed: bool


_THINK_OPEN = re.compile(r"<think>", re.IGNORECASE)
_THINK_CLOSE = re.compile(r"</think>", re.IGNORECASE)
_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_ACTION_TAG = re.compile(r"<action>\s*(run|test|submit)\s*</action>", re.IGNORECASE)
_ACTION_LINE = re.compile(r"action\s*[:=]\s*(run|test|submit)\s*\.?", re.IGNORECASE)
_ACTION_MENTION = re.compile(r"\baction\s*[:=]\s*(run|test|submit)\b", re.IGNORECASE)
_LINE_LEAD = re.compile(r"^(?:[#>+\-]+\s*|\d+[.)]\s+)+")
_MARKS = str.maketrans("", "", "*_`")


def _strip_reasoning(text: str) -> Tuple[str, bool]:
    """The reply without its reasoning, and whether a ``<think>`` was left open."""
    pos = 0
    first_close, first_open = _THINK_CLOSE.search(text), _THINK_OPEN.search(text)
    if first_close is not None and (first_open is None or first_close.start() < first_open.start()):
        pos = first_close.end()
    # Each removed span becomes a line break, so that an action line after it stays a line of its own.
    pieces: List[str] = []
    while True:
        opened = _THINK_OPEN.search(text, pos)
        if opened is None:
            pieces.append(text[pos:])
            return "\n".join(pieces), False
        pieces.append(text[pos:opened.start()])
        closed = _THINK_CLOSE.search(text, opened.end())
        if closed is None:
            return "\n".join(pieces), True
        pos = closed.end()


def _blocks(text: str) -> Tuple[List[_Block], List[str]]:
    """Fenced blocks in order, and the lines outside them."""
    lines = text.split("\n")
    blocks: List[_Block] = []
    outside: List[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m:
            outside.append(lines[i])
            i += 1
            continue
        fence, indent = m.group("fence"), len(m.group("indent"))
        info = m.group("info").strip().lower()
        closer = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        body: List[str] = []
        j = i + 1
        while j < len(lines) and not closer.match(lines[j]):
            line = lines[j]
            # An indented fence (inside a list item) has its body indented as much: take that off.
            cut = len(line) - len(line.lstrip(" \t"))
            body.append(line[min(cut, indent):])
            j += 1
        blocks.append(_Block(info.split()[0] if info else "", "\n".join(body), j < len(lines)))
        i = j + 1
    return blocks, outside


def _markers(lines: Sequence[str]) -> Tuple[List[str], Optional[str]]:
    """The action markers in order, and the first line that mentions an action without being one."""
    found: List[str] = []
    mention: Optional[str] = None
    for line in lines:
        tags = [m.group(1).lower() for m in _ACTION_TAG.finditer(line)]
        if tags:
            found += tags
            continue
        bare = _LINE_LEAD.sub("", line.translate(_MARKS).strip())
        whole = _ACTION_LINE.fullmatch(bare)
        if whole:
            found.append(whole.group(1).lower())
        elif mention is None and _ACTION_MENTION.search(bare):
            mention = line.strip()
    return found, mention


def _program(blocks: Sequence[_Block]) -> Tuple[Optional[_Block], Optional[str], List[str]]:
    """The program block (rule 3), a format error, and notes."""
    tagged = [b for b in blocks if b.tag in PROGRAM_TAGS]
    untagged = [b for b in blocks if b.tag == ""]
    if tagged:
        distinct = {(PROGRAM_TAGS[b.tag], b.body.strip()) for b in tagged}
        notes = [f"{len(tagged)} program blocks found; the last one was used"] if len(distinct) > 1 else []
        return tagged[-1], None, notes
    if len(untagged) == 1:
        return untagged[0], None, []
    if untagged:
        return None, (f"{len(untagged)} untagged code blocks and no ```python block, so which one is the program is unclear: "
                      "put the program in a ```python block and sample outputs in ```text blocks"), []
    foreign = next((b.tag for b in blocks if b.tag in _FOREIGN_LANGUAGES), None)
    if foreign is not None:
        return None, (f"the code block is tagged {foreign!r}, which this environment cannot run: "
                      "write the program in a ```python block"), []
    return None, None, []


def parse(text: object) -> ParsedAction:
    """Parse an action text by the grammar of the module docstring. Never raises on str input."""
    if not isinstance(text, str):
        raise TypeError(f"Expected an action to be a str, got {type(text).__name__}")
    if len(text) > MAX_ACTION_CHARS:
        return ParsedAction(None, None, error=f"the action is {len(text)} characters long; the limit is {MAX_ACTION_CHARS}")
    if "\x00" in text:
        return ParsedAction(None, None, error="the action contains NUL characters; write plain text")
    answer, open_think = _strip_reasoning(text.replace("\r\n", "\n"))
    blocks, outside = _blocks(answer)
    markers, mention = _markers(outside)
    intent = markers[-1] if markers else None
    inputs = tuple(b.body for b in blocks if b.tag in INPUT_TAGS)
    block, error, notes = _program(blocks)
    if open_think:
        notes.append("a <think> block was not closed; everything after it was ignored")
    if any(not b.closed for b in blocks if b is block or b.tag in INPUT_TAGS):
        notes.append("the last fenced block was not closed; it was read to the end of the text")
    if error is not None:
        return ParsedAction(intent, None, inputs, error=error)

    code: Optional[str] = None
    language = "python"
    if block is not None:
        if not block.body.strip():
            return ParsedAction(intent, None, inputs, error="the code block is empty: write the complete program inside the ```python block")
        code = block.body if block.body.endswith("\n") else block.body + "\n"
        language = PROGRAM_TAGS.get(block.tag, "python")
    if intent is None:
        if mention is not None:
            return ParsedAction(None, code, inputs, language, error=f"the line {mention[:80]!r} is not an action line: "
                                "write `Action: run`, `Action: test` or `Action: submit` alone on its line")
        if code is None:
            if open_think:
                return ParsedAction(None, None, inputs, error="the reply ended inside <think> without </think>: "
                                    "close the reasoning with </think> and write the action after it")
            return ParsedAction(None, None, inputs, error=NO_ACTION)
        intent = "run"
        notes.append("no `Action:` line found; the code was run on the public examples")
    if intent == "run" and code is None:
        return ParsedAction(intent, None, inputs, error="`Action: run` needs the program: write it in a ```python block after the action line")
    if intent == "test" and not inputs:
        hint = "; an untagged block is not an input" if any(b.tag == "" and b is not block for b in blocks) else ""
        return ParsedAction(intent, code, inputs, language,
                            error=f"`Action: test` needs at least one input{hint}: write each input in its own ```input block after the program")
    return ParsedAction(intent, code, inputs, language, None, tuple(notes))


def _fence(body: str, info: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{body.rstrip(chr(10))}\n{fence}"


def _tag(language: str) -> str:
    if language not in ("python", "cpp"):
        raise ValueError(f"Expected language to be 'python' or 'cpp', got {language!r}")
    return language


def run(code: str, *, language: str = "python") -> str:
    """The action text that runs ``code`` on the public examples."""
    return f"Action: run\n{_fence(code, _tag(language))}\n"


def test(code: Optional[str], inputs: Sequence[str], *, language: str = "python") -> str:
    """The action text that runs ``code`` (None: the last code) on ``inputs``."""
    if isinstance(inputs, str):
        raise TypeError("Expected inputs to be a sequence of input texts, got a single str; wrap it in a list")
    if not inputs:
        raise ValueError("Expected at least one input for a test action, got none")
    parts = ["Action: test"]
    if code is not None:
        parts.append(_fence(code, _tag(language)))
    parts += [_fence(i, "input") for i in inputs]
    return "\n".join(parts) + "\n"


def submit(code: Optional[str] = None, *, language: str = "python") -> str:
    """The action text that submits ``code`` (None: the last code) for judging on hidden tests."""
    if code is None:
        return "Action: submit\n"
    return f"Action: submit\n{_fence(code, _tag(language))}\n"


test.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
