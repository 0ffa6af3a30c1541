"""The action grammar on realistic model outputs: one table, each reply with its expected parse."""

from __future__ import annotations

import re
from textwrap import dedent
from typing import NamedTuple, Optional, Tuple

import pytest

from refine_env import actions

GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"
DRAFT = "a, b = map(int, input().split())\nprint(a - b)\n"
BRUTE = "a, b = map(int, input().split())\nprint(sum([a] + [b]))\n"
CPP = "#include <bits/stdc++.h>\nint main() {\n    long long a, b;\n    std::cin >> a >> b;\n    std::cout << a + b << std::endl;\n}\n"
CALL = "class Solution:\n    def twice(self, xs):\n        return [2 * x for x in xs]\n"

NOT_CLOSED = "the last fenced block was not closed; it was read to the end of the text"
NO_MARKER = "no `Action:` line found; the code was run on the public examples"
TWO_PROGRAMS = "2 program blocks found; the last one was used"
OPEN_THINK = "a <think> block was not closed; everything after it was ignored"


def reply(text: str) -> str:
    """A reply written indented in this file, as the model wrote it."""
    return dedent(text).lstrip("\n")


class Case(NamedTuple):
    text: str
    intent: Optional[str]
    code: Optional[str]
    inputs: Tuple[str, ...] = ()
    error: Optional[str] = None
    language: str = "python"
    notes: Tuple[str, ...] = ()


CASES = {
    # --- reasoning models -----------------------------------------------------------------------
    "qwen3-thinking-draft-in-think-then-answer": Case(reply("""
        <think>
        Okay, the task is to read two integers and print their sum. A first try:
        ```python
        a, b = map(int, input().split())
        print(a - b)
        ```
        Action: submit
        Wait, that subtracts. I should add them instead.
        </think>

        I read both numbers and print their sum.

        Action: run
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "run", GOOD),
    "qwen3-template-opened-think-no-opening-tag": Case(reply("""
        Let me think about the constraints: |a|, |b| <= 10^9, so Python ints are fine.
        Draft:
        ```python
        a, b = map(int, input().split())
        print(a - b)
        ```
        Action: submit
        </think>

        Action: run
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "run", GOOD),
    "qwen3-non-thinking-empty-think-block": Case(reply("""
        <think>

        </think>

        Action: submit
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "submit", GOOD),
    "deepseek-r1-long-think-answer-only-submits": Case(reply("""
        <think>
        The previous run passed both examples. Could there be an edge case? Negative numbers:
        -7 + 7 = 0, fine. Large numbers: Python handles big ints. Let me rewrite it anyway:
        ```python
        import sys
        a, b = map(int, sys.stdin.read().split())
        print(a - b)
        ```
        Hmm, no, the version I ran is right. Action: run would waste a turn.
        Action: test
        </think>

        The program I ran already handles negative and large values, so I am confident.

        Action: submit
        """), "submit", None),
    "deepseek-r1-think-closed-mid-line": Case(reply("""
        <think>
        I need a brute force to compare against. Summing a list is obviously right.
        </think>Action: test
        ```python
        a, b = map(int, input().split())
        print(sum([a] + [b]))
        ```
        ```input
        -7 7
        ```
        """), "test", BRUTE, ("-7 7",)),
    "deepseek-r1-final-answer-heading-without-action-line": Case(reply("""
        <think>
        Simple addition.
        </think>

        **Final Answer**

        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "run", GOOD, notes=(NO_MARKER,)),
    "truncated-inside-think": Case(reply("""
        <think>
        Let me consider n = 0 first. Then the loop does not run and we print 0, which matches.
        ```python
        print(0)
        ```
        Action: submit
        But what about n = 1? Then
        """), None, None, error="the reply ended inside <think> without </think>: close the reasoning with </think> and write the action after it",
        notes=()),
    "think-after-the-answer-is-left-open": Case(reply("""
        Action: run
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        <think>
        Now let me double-check the second example
        """), "run", GOOD, notes=(OPEN_THINK,)),
    "interleaved-think-blocks": Case(reply("""
        <think>I should test the sign handling.</think>
        Action: test
        ```input
        -3 -4
        ```
        <think>Action: submit would be premature.</think>
        """), "test", None, ("-3 -4",)),
    # --- chat models that add prose -------------------------------------------------------------
    "chat-prose-around-code-action-last": Case(reply("""
        Sure! Here's a straightforward solution:

        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```

        This reads the two integers from one line and prints their sum. Let me run it on the examples.

        Action: run
        """), "run", GOOD),
    "trailing-untagged-sample-output": Case(reply("""
        Action: submit
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        On the first example it prints:
        ```
        3
        ```
        """), "submit", GOOD),
    "trailing-text-block-expected-output": Case(reply("""
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        Expected output for `5 5`:
        ```text
        10
        ```
        Action: run
        """), "run", GOOD),
    "trailing-bash-block-how-to-run": Case(reply("""
        Action: run
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        You can check it locally with:
        ```bash
        echo "1 2" | python3 solution.py
        ```
        """), "run", GOOD),
    "console-and-plaintext-blocks-ignored": Case(reply("""
        I ran it by hand:
        ```console
        $ echo "5 5" | python3 sol.py
        10
        ```
        ```plaintext
        all good
        ```
        Action: submit
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "submit", GOOD),
    "output-and-sh-blocks-before-submit": Case(reply("""
        ```sh
        python3 sol.py < in.txt
        ```
        ```output
        3
        ```
        Everything matches, so I submit the program I ran.

        Action: submit
        """), "submit", None),
    "call-problem-with-json-sample": Case(reply("""
        ```python
        class Solution:
            def twice(self, xs):
                return [2 * x for x in xs]
        ```
        For `[1, 2]` it returns:
        ```json
        [2, 4]
        ```
        Action: submit
        """), "submit", CALL),
    "prose-action-run-after-submit": Case(reply("""
        Action: submit
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        Action: run it again on bigger inputs if this one fails.
        """), "submit", GOOD),
    "markdown-headings": Case(reply("""
        ## Analysis
        The answer is just the sum; no overflow in Python.

        ## Solution
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```

        ## Action
        Action: submit
        """), "submit", GOOD),
    "indented-fence-inside-a-list": Case(reply("""
        1. Read both integers.
        2. Print the sum:

           ```python
           a, b = map(int, input().split())
           print(a + b)
           ```

        Action: run
        """), "run", GOOD),
    # --- action line styles ---------------------------------------------------------------------
    "bold-action-line": Case(reply("""
        **Action: submit**
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "submit", GOOD),
    "bold-label-only": Case(reply("""
        I fixed the sign error.

        **Action:** run
        ```py
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "run", GOOD),
    "heading-action-line": Case(reply("""
        ### Action: test
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        ```input
        1000000000 1000000000
        ```
        """), "test", GOOD, ("1000000000 1000000000",)),
    "inline-code-action-line-with-period": Case(reply("""
        The examples pass, so:

        `Action: submit`.
        """), "submit", None),
    "quoted-lowercase-action": Case(reply("""
        > action: run
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "run", GOOD),
    "xml-action-tag-line": Case(reply("""
        <action>submit</action>
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "submit", GOOD),
    "xml-action-tag-inside-prose": Case(reply("""
        The brute force agreed on every input, so I'm confident: <action>submit</action>
        """), "submit", None),
    "action-with-equals-sign": Case(reply("""
        Action = TEST
        ```input
        0 0
        ```
        """), "test", None, ("0 0",)),
    "last-action-line-wins": Case(reply("""
        Action: run
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        Actually the examples already passed last turn; no need to run again.

        Action: submit
        """), "submit", GOOD),
    "action-comment-inside-code-does-not-count": Case(reply("""
        ```python
        # Action: submit
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "run", "# Action: submit\n" + GOOD, notes=(NO_MARKER,)),
    # --- test actions ---------------------------------------------------------------------------
    "test-brute-force-with-two-inputs": Case(reply("""
        I'll compare against a brute force on edge cases.

        Action: test
        ```python
        a, b = map(int, input().split())
        print(sum([a] + [b]))
        ```
        Edge cases:
        ```input
        0 0
        ```
        ```input
        -5 5
        ```
        """), "test", BRUTE, ("0 0", "-5 5")),
    "test-solution-with-stdin-tag": Case(reply("""
        Action: test
        ```stdin
        1 2
        ```
        """), "test", None, ("1 2",)),
    "test-call-problem-argument-lines": Case(reply("""
        Action: test
        ```input
        [5, -1, 0]
        ```
        ```input
        []
        ```
        """), "test", None, ("[5, -1, 0]", "[]")),
    "input-blocks-on-run-are-kept-but-unused": Case(reply("""
        Action: run
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        ```input
        1 2
        ```
        """), "run", GOOD, ("1 2",)),
    # --- C++ and other tags ---------------------------------------------------------------------
    "cpp-answer": Case(reply("""
        Here is a C++ solution using 64-bit integers:

        ```cpp
        #include <bits/stdc++.h>
        int main() {
            long long a, b;
            std::cin >> a >> b;
            std::cout << a + b << std::endl;
        }
        ```
        Action: submit
        """), "submit", CPP, language="cpp"),
    "cpp-tag-c-plus-plus-capitalised": Case(reply("""
        Action: run
        ```C++
        #include <bits/stdc++.h>
        int main() {
            long long a, b;
            std::cin >> a >> b;
            std::cout << a + b << std::endl;
        }
        ```
        """), "run", CPP, language="cpp"),
    "python3-tag-with-file-name": Case(reply("""
        Action: run
        ```python3 title="solution.py"
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "run", GOOD),
    "tilde-fence": Case(reply("""
        Action: submit
        ~~~python
        a, b = map(int, input().split())
        print(a + b)
        ~~~
        """), "submit", GOOD),
    "four-backtick-fence-around-code-with-a-fence": Case(reply("""
        Action: run
        ````python
        print("```")
        ````
        """), "run", 'print("```")\n'),
    "python-with-a-java-port-uses-python": Case(reply("""
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        The same in Java, for reference:
        ```java
        class Main { public static void main(String[] a) { } }
        ```
        Action: submit
        """), "submit", GOOD),
    "untagged-only-block-is-the-program": Case(reply("""
        Action: run
        ```
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "run", GOOD),
    "untagged-program-with-text-output": Case(reply("""
        Action: run
        ```
        a, b = map(int, input().split())
        print(a + b)
        ```
        ```text
        3
        ```
        """), "run", GOOD),
    "two-python-blocks-last-wins": Case(reply("""
        My first attempt subtracted:
        ```python
        a, b = map(int, input().split())
        print(a - b)
        ```
        Fixed version:
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        Action: run
        """), "run", GOOD, notes=(TWO_PROGRAMS,)),
    "the-same-program-twice-is-not-ambiguous": Case(reply("""
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        Action: submit
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        """), "submit", GOOD),
    # --- truncated and empty replies ------------------------------------------------------------
    "truncated-unclosed-fence": Case(reply("""
        Action: run
        ```python
        import sys
        for line in sys.stdin:
            a, b = map(int, line.split())
            print(a +"""), "run", "import sys\nfor line in sys.stdin:\n    a, b = map(int, line.split())\n    print(a +\n",
        notes=(NOT_CLOSED,)),
    "empty-reply": Case("", None, None, error=actions.NO_ACTION),
    "whitespace-reply": Case("\n\n   \n", None, None, error=actions.NO_ACTION),
    "crlf-line-endings": Case("Action: submit\r\n```python\r\na, b = map(int, input().split())\r\nprint(a + b)\r\n```\r\n",
                              "submit", GOOD),
    # --- format errors that say what to write ---------------------------------------------------
    "prose-only-question": Case(reply("""
        I'm not sure how to parse the input. Could you clarify whether the numbers are on one line?
        """), None, None, error=actions.NO_ACTION),
    "untagged-program-and-untagged-output-is-ambiguous": Case(reply("""
        ```
        a, b = map(int, input().split())
        print(a + b)
        ```
        Output:
        ```
        3
        ```
        Action: run
        """), "run", None, error="2 untagged code blocks and no ```python block, so which one is the program is unclear: "
        "put the program in a ```python block and sample outputs in ```text blocks"),
    "java-only-answer": Case(reply("""
        Action: submit
        ```java
        import java.util.*;
        class Main { public static void main(String[] args) { Scanner s = new Scanner(System.in); } }
        ```
        """), "submit", None, error="the code block is tagged 'java', which this environment cannot run: write the program in a ```python block"),
    "action-line-with-extra-words-only": Case(reply("""
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        Action: submit this as my final answer
        """), None, GOOD, error="the line 'Action: submit this as my final answer' is not an action line: "
        "write `Action: run`, `Action: test` or `Action: submit` alone on its line"),
    "run-without-a-program": Case(reply("""
        Let me run the previous program once more.

        Action: run
        """), "run", None, error="`Action: run` needs the program: write it in a ```python block after the action line"),
    "test-with-untagged-input": Case(reply("""
        Action: test
        ```python
        a, b = map(int, input().split())
        print(a + b)
        ```
        ```
        1 2
        ```
        """), "test", GOOD, error="`Action: test` needs at least one input; an untagged block is not an input: "
        "write each input in its own ```input block after the program"),
    "empty-python-block": Case(reply("""
        Action: run
        ```python

        ```
        """), "run", None, error="the code block is empty: write the complete program inside the ```python block"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_realistic_reply_parses_as_expected(name: str) -> None:
    case = CASES[name]
    parsed = actions.parse(case.text)
    got = (parsed.intent, parsed.code, parsed.inputs, parsed.error)
    assert got == (case.intent, case.code, case.inputs, case.error)
    if case.error is None:
        assert (parsed.language, parsed.notes) == (case.language, case.notes)


def test_the_table_is_large_and_covers_every_intent_and_error_kind() -> None:
    assert len(CASES) >= 40
    parses = [actions.parse(c.text) for c in CASES.values()]
    assert {p.intent for p in parses if p.ok} == set(actions.INTENTS)
    assert {p.language for p in parses if p.ok} == {"python", "cpp"}
    assert sum(not p.ok for p in parses) >= 8


def test_every_format_error_says_what_to_write() -> None:
    errors = {name: actions.parse(case.text).error for name, case in CASES.items()}
    for name, error in errors.items():
        if error is not None:
            assert re.search(r"(write|put|close) .*(```|`Action|</think>)", error), name


def test_renderers_parse_back_in_every_language() -> None:
    for language, code in (("python", GOOD), ("cpp", CPP)):
        for text, intent in ((actions.run(code, language=language), "run"), (actions.submit(code, language=language), "submit")):
            assert actions.parse(text) == actions.ParsedAction(intent, code, (), language)
        parsed = actions.parse(actions.test(code, ["1 2"], language=language))
        assert (parsed.intent, parsed.code, parsed.inputs, parsed.language) == ("test", code, ("1 2",), language)
    with pytest.raises(ValueError, match="Expected language to be 'python' or 'cpp', got 'java'"):
        actions.run(GOOD, language="java")
