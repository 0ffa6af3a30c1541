"""The viewer's page in a real headless Chromium: a recorded eval run from file://, hostile text, and the live page over http.

Needs Debian's chromium at /usr/bin/chromium (``scripts/install_test_browser.sh`` installs it) and
the playwright package (the ``test`` extra; its driver is in the wheel, ``playwright install`` is
never needed). Without the browser these tests skip, except under ``CI`` where they fail.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator, List

import pytest

from refine_env import actions
from refine_env.cli import main
from refine_env.env import RefineCodeEnv
from refine_env.problems import Problem, TestCase
from refine_env.viewer import ViewerServer, load_episodes
from refine_env.wrappers import RecordEpisodes

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ADD = Problem(id="add", title="Add", statement="Print a+b.", kind="stdin",
              public_tests=(TestCase("1 2\n", "3\n"),), hidden_tests=(TestCase("7 8\n", "15\n"), TestCase("0 0\n", "0\n")))
GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
HOSTILE_PROGRAM = f"print({HOSTILE!r})\n# </script><script>window.__pwned = 3</script>\n"


def _missing() -> str:
    reasons = []
    if not CHROMIUM.exists():
        reasons.append(f"{CHROMIUM} is absent (run scripts/install_test_browser.sh)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("the playwright package is missing (pip install -e '.[test]')")
    return "; ".join(reasons)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _missing()
    if reason:
        if _in_ci():
            pytest.fail(f"the browser tests need Chromium under CI: {reason}")
        pytest.skip(f"no headless browser: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
                                                       headless=True, args=ARGS, viewport={"width": 1440, "height": 900})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type in ("error", "warning") else None)
    tab.on("dialog", lambda dialog: (tab.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield tab
    tab.close()


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")


def _rows(page: Any) -> List[str]:
    return page.locator("#episodes tbody tr").evaluate_all("rows => rows.map(r => r.dataset.index)")


def test_a_recorded_eval_run_filters_and_opens_turn_by_turn(page: Any, tmp_path: Path) -> None:
    run = tmp_path / "run"
    assert main(["eval", "--policy", "scripted:skeptical", "--agent", "single,skeptical", "--limit", "3", "--out", str(run), "--quiet"]) == 0
    html = tmp_path / "page.html"
    assert main(["view", str(run), "--out", str(html)]) == 0
    episodes = load_episodes(run).episodes
    assert len(episodes) == 6 and {e["verdict"] for e in episodes} >= {"AC"}
    _open(page, html.as_uri())
    assert _rows(page) == [str(e["index"]) for e in episodes]
    assert page.locator("#count").inner_text() == "6 episodes"

    # Filters: verdict, agent, turns, problem text; each checked against the same filter done here.
    page.select_option("#f-verdict", "AC")
    assert _rows(page) == [str(e["index"]) for e in episodes if e["verdict"] == "AC"]
    assert set(page.locator("#episodes tbody td .badge").all_inner_texts()) == {"AC"}
    page.select_option("#f-verdict", "")
    page.select_option("#f-agent", "skeptical")
    page.fill("#f-turns-min", "3")
    assert _rows(page) == [str(e["index"]) for e in episodes if e["agent"] == "skeptical" and e["turns"] >= 3]
    page.click("#f-clear")
    problem = episodes[1]["problem"]
    page.fill("#f-problem", problem[2:8])
    assert _rows(page) == [str(e["index"]) for e in episodes if problem[2:8] in e["problem"]]
    page.fill("#f-reward-min", "0.5")
    assert _rows(page) == [str(e["index"]) for e in episodes if problem[2:8] in e["problem"] and e["reward"] >= 0.5]
    page.click("#f-clear")
    assert len(_rows(page)) == 6
    page.click("#episodes th[data-key='verdict']")  # sorting: by verdict, then in file order
    assert _rows(page) == [str(e["index"]) for e in sorted(episodes, key=lambda e: (e["verdict"], e["index"]))]
    page.click("#episodes th[data-key='index']")

    # One episode, turn by turn: a skeptical one that revised its program.
    e = next(x for x in episodes if x["agent"] == "skeptical" and any(s["diff"] for s in x["steps"]))
    page.click(f"#episodes tbody tr[data-index='{e['index']}']")
    assert page.locator("#episodes tbody tr.selected").get_attribute("data-index") == str(e["index"])
    assert page.locator(".ep-head h2").inner_text().split() == [f"#{e['index']}", e["problem"], e["verdict"]]
    cards = page.locator("#detail .turn")
    assert cards.count() == e["turns"] == len(e["steps"])
    first = cards.nth(0)
    assert first.locator(".intent").inner_text() == e["steps"][0]["intent"]
    assert first.locator(".code").first.inner_text().rstrip("\n") == e["steps"][0]["program"].rstrip("\n")
    assert first.locator("pre.feedback").last.inner_text() == e["steps"][0]["feedback"]
    public = e["steps"][0]["public"]
    assert f"public {public['passed']}/{public['total']}" in first.locator(".turn-head").inner_text()
    k = next(i for i, s in enumerate(e["steps"]) if s["diff"])
    revised = cards.nth(k)
    assert revised.locator(".section-title", has_text="diff to revision").inner_text().lower() == f"diff to revision {e['steps'][k]['diff_base']}"
    added = [line for line in e["steps"][k]["diff"].splitlines()[2:] if line.startswith("+")]
    removed = [line for line in e["steps"][k]["diff"].splitlines()[2:] if line.startswith("-")]
    assert revised.locator(".diff .add").all_inner_texts() == added
    assert revised.locator(".diff .del").all_inner_texts() == removed
    last = e["steps"][-1]
    hidden_row = cards.nth(e["turns"] - 1).locator(".verdicts", has_text="hidden").first.inner_text()
    assert f"{last['hidden']['passed']}/{last['hidden']['total']} passed" in hidden_row and last["hidden"]["verdict"] in hidden_row
    assert page.locator(".tok-kw", has_text="def").count() >= 1  # the program is highlighted
    assert page.locator("#summary").inner_text().startswith("6 episodes")

    shot = tmp_path / "viewer.png"
    page.screenshot(path=str(shot))
    revised.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "viewer_diff.png"))
    print(f"screenshots: {shot} and {tmp_path / 'viewer_diff.png'}")
    assert shot.read_bytes()[:4] == b"\x89PNG"

    # Keyboard: j moves to the next row in the table's order; the hash names the episode.
    page.keyboard.press("j")
    after = next(x for x in episodes if x["index"] > e["index"]) if e["index"] < 5 else e
    assert page.locator("#episodes tbody tr.selected").get_attribute("data-index") == str(after["index"])
    assert page.evaluate("location.hash") == f"#episode={after['index']}"
    assert page.errors == []  # type: ignore[attr-defined]


def test_hostile_program_and_output_are_shown_as_text_and_never_run(page: Any, sandbox: Any, tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    env = RecordEpisodes(RefineCodeEnv(dataset=[ADD], sandbox=sandbox), path)
    env.reset(seed=0)
    env.step(actions.run(HOSTILE_PROGRAM))
    env.step(actions.submit(HOSTILE_PROGRAM))
    env.close()
    html = tmp_path / "hostile.html"
    assert main(["view", str(path), "--out", str(html)]) == 0
    _open(page, html.as_uri())
    page.click("#episodes tbody tr[data-index='0']")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 2  # the page's data and its own script, nothing from the data
    code = page.locator("#detail .turn").nth(0).locator(".code").first.inner_text()
    assert code.rstrip("\n") == HOSTILE_PROGRAM.rstrip("\n")
    assert HOSTILE in page.locator("#detail .turn").nth(0).locator("pre.feedback").last.inner_text()
    page.screenshot(path=str(tmp_path / "hostile.png"))
    print(f"screenshot: {tmp_path / 'hostile.png'}")
    # Nothing even tried to run: no Content-Security-Policy refusals, no errors, no dialogs.
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_live_page_follows_a_file_that_grows(page: Any, sandbox: Any, tmp_path: Path) -> None:
    path = tmp_path / "live" / "episodes.jsonl"
    env = RecordEpisodes(RefineCodeEnv(dataset=[ADD], sandbox=sandbox), path)
    env.reset(seed=0)
    env.step(actions.submit("print(3)"))
    with ViewerServer(path, port=0, poll_ms=200, min_interval_s=0).start() as server:
        _open(page, server.url)
        assert _rows(page) == ["0"]
        assert page.locator("#live").inner_text().startswith("live")
        env.reset(seed=1)
        env.step(actions.run(GOOD))
        env.step(actions.submit(GOOD))
        page.locator("#episodes tbody tr[data-index='1']").wait_for()  # the page polls every 200 ms
        assert page.locator("#live").inner_text().startswith("live \u00b7 2 episodes")
        page.click("#episodes tbody tr[data-index='1']")
        assert page.locator(".ep-head h2").inner_text().split() == ["#1", "add", "AC"]
        assert page.locator("#detail .turn").count() == 2
        assert "binary" in page.locator("#detail .terms").last.inner_text()
        page.screenshot(path=str(tmp_path / "live.png"))
        print(f"screenshot: {tmp_path / 'live.png'}")
    env.close()
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(records) == 2
    assert page.errors == [] or all("Failed to fetch" in m or "ERR_CONNECTION" in m for m in page.errors)  # type: ignore[attr-defined]
