"""The action protocol parser on LLM-style and nasty inputs, and the renderers."""

from __future__ import annotations

import pytest

from refine_env import actions


def test_renderers_round_trip():
    code = "print(input())\n"
    assert actions.parse(actions.run(code)) == actions.ParsedAction("run", code)
    parsed = actions.parse(actions.test(code, ["1 2", "3\n4"]))
    assert (parsed.intent, parsed.code, parsed.inputs) == ("test", code, ("1 2", "3\n4"))
    assert actions.parse(actions.submit(code)) == actions.ParsedAction("submit", code)
    assert actions.parse(actions.submit()) == actions.ParsedAction("submit", None)
    tricky = "s = '```'\nprint(s)\n"  # code containing a fence gets a longer fence
    assert actions.parse(actions.run(tricky)).code == tricky


def test_llm_style_text():
    text = (
        "I think the bug is the loop bound.\n\n**Action:** submit\n\n```python\nprint(1)\n```\n"
        "Hope this works!"
    )
    assert actions.parse(text) == actions.ParsedAction("submit", "print(1)\n")
    assert actions.parse("<action>run</action>\n```py\nprint(2)\n```").intent == "run"
    assert actions.parse("action = TEST\n```python\nx\n```\n```input\n5\n```").intent == "test"


def test_last_marker_and_last_code_block_win():
    text = "Action: run\n```python\nprint(1)\n```\nActually no.\nAction: submit\n```python\nprint(2)\n```"
    parsed = actions.parse(text)
    assert parsed.intent == "submit" and parsed.code == "print(2)\n"
    assert parsed.notes == ("2 program blocks found; the last one was used",)


def test_markers_inside_code_do_not_count():
    parsed = actions.parse("```python\n# Action: submit\nprint(1)\n```")
    assert parsed.intent == "run"
    assert "no `Action:` line found" in parsed.notes[0]


@pytest.mark.parametrize(
    "text, error",
    [
        ("just words", "no action found"),
        ("Action: run", "`Action: run` needs the program: write it in a ```python block"),
        ("Action: test\n```python\nprint(1)\n```", "`Action: test` needs at least one input: write each input in its own ```input block"),
        ("Action: run\n```python\n   \n```", "the code block is empty"),
        ("Action: run\n```java\nclass A {}\n```", "the code block is tagged 'java'"),
        ("x" * (actions.MAX_ACTION_CHARS + 1), "characters long; the limit is"),
        ("Action: run\n```python\nprint(1)\x00\n```", "contains NUL characters"),
    ],
)
def test_format_errors(text, error):
    parsed = actions.parse(text)
    assert not parsed.ok and error in parsed.error


def test_unterminated_fence_and_binary_junk():
    parsed = actions.parse("Action: run\n```python\nprint(1)\n")
    assert parsed.ok and parsed.code == "print(1)\n" and "not closed" in parsed.notes[0]
    junk = "".join(chr(c) for c in range(1, 3000) if c not in (0xD800,))
    assert not actions.parse(junk).ok or actions.parse(junk).intent is not None


def test_non_string_actions_raise():
    with pytest.raises(TypeError, match="Expected an action to be a str, got bytes"):
        actions.parse(b"Action: run")
    with pytest.raises(TypeError, match="got a single str"):
        actions.test("x", "1 2")
    with pytest.raises(ValueError, match="at least one input"):
        actions.test("x", [])
