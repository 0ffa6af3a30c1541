"""refine-env view: every format a run writes, the page's embedded data, terminal rendering, hostile text, errors, the live server."""

from __future__ import annotations

import configparser
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

import pytest

from refine_env import actions
from refine_env.cli import main
from refine_env.env import RefineCodeEnv
from refine_env.problems import Problem, TestCase
from refine_env.viewer import FORMATS, EpisodeSource, ViewerServer, load_episodes, render_episode, render_page
from refine_env.viewer.html import embed_json
from refine_env.viewer.text import safe_text
from refine_env.wrappers import HistoryObservation, RecordEpisodes

ROOT = Path(__file__).resolve().parents[1]
ADD = Problem(id="add", title="Add", statement="Print a+b.", kind="stdin",
              public_tests=(TestCase("1 2\n", "3\n"),), hidden_tests=(TestCase("7 8\n", "15\n"), TestCase("0 0\n", "0\n")))
WRONG = "a, b = map(int, input().split())\nprint(a - b)\n"
GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
HOSTILE_PROGRAM = f"print({HOSTILE!r})\n# </script><script>window.__pwned = 3</script><!-- \x1b[2J\n"
EXPECTED = ("trajectories.jsonl of `refine-env eval`; a RecordEpisodes JSONL (refine_env.wrappers); samples.jsonl of a "
            "PPO run (`refine-env train`); a RefineCodeSelect candidate pool JSONL (`refine-env pool build`)")


def page_data(page: str) -> Dict[str, Any]:
    (raw,) = re.findall(r'<script type="application/json" id="viewer-data">(.*?)</script>', page, re.S)
    return json.loads(raw)


@pytest.fixture(scope="module")
def eval_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real `refine-env eval` run: two agents of the scripted skeptical plan on two built-in problems."""
    out = tmp_path_factory.mktemp("eval") / "run"
    assert main(["eval", "--policy", "scripted:skeptical", "--agent", "single,skeptical", "--limit", "2", "--out", str(out),
                 "--quiet"]) == 0
    return out


def record(path: Path, sandbox: Any, plays: List[List[str]], *, history: bool = False) -> Path:
    env: Any = RefineCodeEnv(dataset=[ADD], sandbox=sandbox, max_turns=4)
    if history:
        env = HistoryObservation(env, max_chars=50_000)
    env = RecordEpisodes(env, path)
    for seed, play in enumerate(plays):
        env.reset(seed=seed)
        for action in play:
            env.step(action)
    env.close()
    return path


# -- formats --------------------------------------------------------------------------------------------


def test_eval_trajectories_show_turns_diffs_and_verdicts(eval_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = load_episodes(eval_run)
    lines = [json.loads(x) for name in ("single", "skeptical") for x in (eval_run / name / "trajectories.jsonl").read_text().splitlines()]
    assert source.formats() == ["eval"] and len(source.episodes) == len(lines) == 4
    assert [(e["agent"], e["problem"], e["verdict"], e["turns"]) for e in source.episodes] == \
        [(x["agent"], x["problem_id"], x["verdict"], x["turns"]) for x in lines]
    assert {e["file"] for e in source.episodes} == {"single/trajectories.jsonl", "skeptical/trajectories.jsonl"}
    skeptical = next(e for e in source.episodes if e["agent"] == "skeptical")
    line = next(x for x in lines if x["agent"] == "skeptical")
    steps, raw = skeptical["steps"], line["trajectory"]["steps"]
    assert [s["intent"] for s in steps] == [s["intent"] for s in raw]
    assert steps[0]["revision"] == 1 and steps[0]["diff"] is None
    assert steps[0]["program"] == line["trajectory"]["programs"][0] and steps[0]["text"] == raw[0]["reply"]
    assert steps[0]["public"]["passed"] == raw[0]["public"]["passed"] and steps[0]["feedback"] == raw[0]["observation"]
    assert ["policy", "scripted:skeptical"] in skeptical["meta"]  # from run.json beside the file
    second = steps[1]
    assert second["revision"] == 2 and second["diff_base"] == 1
    assert second["diff"].startswith("--- revision 1\n+++ revision 2\n@@ ")
    added = [x[1:] for x in second["diff"].splitlines()[2:] if x.startswith("+")]
    assert added and all(x in second["program"] for x in added)
    assert steps[-1]["hidden"]["verdict"] == skeptical["verdict"] == line["verdict"]
    assert [s["candidate_hidden"] for s in steps] == line["per_turn"]["hidden"][: len(steps)]

    assert main(["view", str(eval_run)]) == 0
    assert capsys.readouterr().out == f"Wrote 4 episodes to {eval_run / 'trajectories.html'} (open file://{(eval_run / 'trajectories.html').resolve()})\n"
    data = page_data((eval_run / "trajectories.html").read_text(encoding="utf-8"))
    assert data["episodes"] == json.loads(json.dumps(source.episodes)) and data["live"] is False


def test_terminal_rendering_prints_one_episode_turn_by_turn(eval_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    episodes = load_episodes(eval_run).episodes
    n = next(e["index"] for e in episodes if e["agent"] == "skeptical")
    assert main(["view", str(eval_run), "--episode", str(n)]) == 0
    out = capsys.readouterr().out
    e = episodes[n]
    assert out == render_episode(e)
    assert out.startswith(f"episode {n}: {e['problem']}  agent skeptical  verdict {e['verdict']} (hidden {e['hidden_passed']}/{e['hidden_total']})")
    turns = re.findall(r"^== turn (\d+): (\w+)", out, re.M)
    assert turns == [(str(s["turn"]), s["intent"]) for s in e["steps"]]
    assert "-- diff to revision 1\n--- revision 1\n+++ revision 2\n" in out
    assert out.index("== turn 1") < out.index("-- feedback\nTurn 1 of") < out.index("== turn 2")
    assert f"hidden: {e['hidden_passed']}/{e['hidden_total']} passed {e['verdict']}" in out


def test_record_episodes_files_plain_and_under_history(sandbox: Any, tmp_path: Path) -> None:
    plays = [[actions.run(WRONG), actions.run(GOOD), actions.submit(GOOD)], [actions.submit(WRONG)]]
    plain = load_episodes(record(tmp_path / "plain.jsonl", sandbox, plays)).episodes
    history = load_episodes(record(tmp_path / "history.jsonl", sandbox, plays, history=True)).episodes
    for episodes in (plain, history):
        assert [(e["format"], e["agent"], e["verdict"], e["turns"], e["reward"]) for e in episodes] == \
            [("record", "recorded", "AC", 3, 1.0), ("record", "recorded", "WA", 1, 0.0)]
        first = episodes[0]
        assert [s["revision"] for s in first["steps"]] == [1, 2, 2]
        assert first["steps"][1]["diff"] == "--- revision 1\n+++ revision 2\n@@ -1,2 +1,2 @@\n a, b = map(int, input().split())\n-print(a - b)\n+print(a + b)"
        assert first["steps"][0]["public"] == {"passed": 0, "total": 1, "verdicts": ["WA"]}
        assert first["steps"][2]["hidden"] == {"passed": 2, "total": 2, "verdicts": ["AC", "AC"], "verdict": "AC"}
        assert first["steps"][2]["reward_terms"] == {"binary": 1.0}
        assert first["prompt"].startswith("# Add")
    # Under HistoryObservation a step's feedback is what the env said that turn, not the transcript.
    # (Times and memory are measured anew in each recording.)
    def said(episode: Dict[str, Any]) -> List[str]:
        return [re.sub(r"\(\d+\.\d+ s, \d+ MB\)", "(t, m)", s["feedback"]) for s in episode["steps"]]

    assert said(history[0]) == said(plain[0]) and said(plain[0])[0].startswith("Turn 1 of 4 - run: 0/1 public tests passed.")


def test_ppo_samples_from_a_real_rollout(micro_model: Path, sandbox: Any, tmp_path: Path) -> None:
    from refine_agents.backends import SamplingParams
    from refine_agents.hf_backend import TransformersBackend
    from refine_agents.policy import LLMPolicy
    from refine_agents.ppo import PPOTrainer
    from refine_agents.ppo.metrics import RunLogger
    from refine_agents.ppo.rollout import EpisodeStart, run_episodes

    from refine_env.problems import load_builtin

    problems = [p for p in load_builtin() if p.id in ("run-length-unpack", "bus-timetable-lcm")]
    policy = LLMPolicy(TransformersBackend(micro_model), system_prompt="", sampling=SamplingParams(max_new_tokens=8))
    envs = [RefineCodeEnv(dataset=problems, max_turns=2, sandbox=sandbox) for _ in range(2)]
    starts = [EpisodeStart("run-length-unpack"), EpisodeStart("bus-timetable-lcm", "mutant", mutant_label="wrong_cap")]
    episodes, _ = run_episodes(policy, envs, starts, groups=[0, 1], env_seeds=[1, 2], policy_seed=3)
    logger = RunLogger(tmp_path, tensorboard=False)
    logger.log_samples(7, [PPOTrainer._sample(e) for e in episodes])
    logger.log(7, {"loss/value": 0.5})
    shown = load_episodes(tmp_path).episodes  # the folder: samples.jsonl is read, metrics.jsonl is not an episode file
    assert [(e["format"], e["problem"], e["agent"], e["sample"], e["turns"]) for e in shown] == \
        [("ppo", ep.start.problem_id, f"ppo:{ep.start.kind}", "step 7", ep.num_turns) for ep in episodes]
    assert [s["text"] for s in shown[0]["steps"]] == list(episodes[0].actions)
    assert shown[1]["meta"][:3] == [["training step", "7"], ["start", "mutant"], ["mutant", "wrong_cap"]]


def test_ppo_sample_programs_get_revisions_and_diffs(tmp_path: Path) -> None:
    line = {"step": 3, "problem_id": "add", "start": "scratch", "mutant": None, "verdict": "AC", "hidden_passed": 2, "hidden_total": 2,
            "actions": [actions.run(WRONG), "I am not sure.", actions.test(None, ["1 2"]), actions.submit(GOOD)],
            "turn_rewards": [0.0, -0.1, 0.0, 1.0]}
    (tmp_path / "samples.jsonl").write_text(json.dumps(line) + "\n")
    (e,) = load_episodes(tmp_path / "samples.jsonl").episodes
    assert (e["verdict"], e["solved"], e["reward"], e["hidden_passed"]) == ("AC", True, 0.9, 2)
    steps = e["steps"]
    assert [s["intent"] for s in steps] == ["run", None, "test", "submit"]
    assert steps[1]["format_error"].startswith("no action found") and steps[1]["program"] is None
    assert [s["revision"] for s in steps] == [1, None, 1, 2] and steps[2]["program"] == WRONG
    assert steps[3]["diff"].endswith("-print(a - b)\n+print(a + b)") and steps[3]["hidden"]["verdict"] == "AC"


def test_pool_files_from_pool_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pool.jsonl"
    assert main(["pool", "build", "--policy", "scripted", "--samples", "2", "--split", "test", "--limit", "2", "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    records = [json.loads(x) for x in out.read_text().splitlines()]
    shown = load_episodes(out).episodes
    assert [(e["format"], e["problem"], e["agent"], e["sample"], e["verdict"], e["turns"]) for e in shown] == \
        [("pool", r["problem_id"], "scripted", str(r["sample"]), "unjudged", 1) for r in records]
    assert [e["steps"][0]["program"] for e in shown] == [r["source"] for r in records]


# -- hostile text ----------------------------------------------------------------------------------------


def test_hostile_program_and_output_stay_data_in_the_page_and_the_terminal(sandbox: Any, tmp_path: Path) -> None:
    path = record(tmp_path / "hostile.jsonl", sandbox, [[actions.run(HOSTILE_PROGRAM), actions.submit(HOSTILE_PROGRAM)]])
    source = load_episodes(path)
    steps = source.episodes[0]["steps"]
    assert steps[0]["program"] == HOSTILE_PROGRAM and HOSTILE in steps[0]["feedback"]  # the program printed it
    page = render_page(source.episodes, source=f"{path}</title><script>window.__pwned = 4</script>")
    # The page's own two script elements, and no markup from the data anywhere.
    assert page.count("<script") == 2 and page.count("</script") == 2
    assert "<img" not in page and "<!--" not in page and "<script>window" not in page and "</title><" not in page
    assert "\\u003cscript\\u003ewindow.__pwned = 1" in page
    data = page_data(page)
    assert data["episodes"][0]["steps"][0]["program"] == HOSTILE_PROGRAM
    assert data["source"].endswith("</title><script>window.__pwned = 4</script>")
    assert "<title>refine-env view: " + str(path) + "&lt;/title&gt;&lt;script&gt;" in page
    text = render_episode(source.episodes[0])
    assert "\x1b" not in text and "\\x1b[2J" in text and HOSTILE in text
    assert safe_text("a\tb\nc\x07\x9b\u202e") == "a\tb\nc\\x07\\x9b\\u202e"


def test_embedded_json_escapes_everything_that_could_end_the_script_element() -> None:
    for nasty in ("</script>", "</SCRIPT >", "<!--", "<script>", "]]>", "&lt;", "\u2028\u2029"):
        embedded = embed_json({"x": nasty})
        assert "<" not in embedded and ">" not in embedded and "&" not in embedded and "\u2028" not in embedded
        assert json.loads(embedded) == {"x": nasty}


def test_page_script_never_parses_strings_as_markup() -> None:
    script = (ROOT / "refine_env" / "viewer" / "assets" / "viewer.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"on",
                 "srcdoc", "createContextualFragment", "DOMParser"):
        assert sink not in script, sink
    page = render_page([], source="x")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "img-src 'none'" in csp


# -- errors ----------------------------------------------------------------------------------------------


def test_a_file_in_no_known_format_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = {
        "problems.jsonl": ('{"id": "a", "statement": "s", "tests": []}\n',
                           f"Expected {tmp_path}/problems.jsonl to be one of these formats: {EXPECTED}; got a JSON object with keys id, statement, tests"),
        "metrics.jsonl": ('{"step": 1, "loss/value": 0.5}\n',
                          f"Expected {tmp_path}/metrics.jsonl to be one of these formats: {EXPECTED}; got PPO metrics (scalars only; "
                          "that run's episodes are in samples.jsonl beside it)"),
        "list.jsonl": ("[1, 2]\n", f"Expected {tmp_path}/list.jsonl to be one of these formats: {EXPECTED}; got a JSON list"),
        "bad.jsonl": ('{"problem_id": "a", "source": "x"}\nnot json\n',
                      f"Expected {tmp_path}/bad.jsonl:2 to be one JSON object per line ({EXPECTED}), got invalid JSON: "
                      "Expecting value: line 1 column 1 (char 0)"),
        "mixed.jsonl": ('{"problem_id": "a", "source": "x"}\n{"step": 1, "actions": [], "turn_rewards": []}\n',
                        f"Expected {tmp_path}/mixed.jsonl:2 to be a line of {FORMATS['pool']} like the lines before it, got {FORMATS['ppo']}"),
        "empty.jsonl": ("\n\n", f"Expected episodes in {tmp_path}/empty.jsonl, got none (an empty file, or a job that has not finished an episode yet)"),
        "cut.jsonl": ('{"problem_id": "a", "source": "x"', f"Expected episodes in {tmp_path}/cut.jsonl, got none (an empty file, or a job "
                      "that has not finished an episode yet)"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_text(content)
        with pytest.raises(ValueError) as info:
            load_episodes(tmp_path / name)
        assert str(info.value) == message
        assert main(["view", str(tmp_path / name)]) == 2
        assert capsys.readouterr().err == f"refine-env view: {message}\n"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "problems.jsonl").write_text(cases["problems.jsonl"][0])
    with pytest.raises(ValueError, match=r"; got a folder whose \.jsonl files are none of them \(problems\.jsonl: a JSON object with keys id, statement, tests\)$"):
        load_episodes(folder)
    with pytest.raises(FileNotFoundError, match=r"^Expected PATH to be a trajectories file or a run folder, got '.*/nowhere' \(no such file or folder\)$"):
        load_episodes(tmp_path / "nowhere")


def test_a_last_line_without_newline_counts_when_whole(tmp_path: Path) -> None:
    path = tmp_path / "pool.jsonl"
    path.write_text('{"problem_id": "a", "source": "print(1)\\n"}\n{"problem_id": "b", "source": "print(2)\\n"}')
    assert [e["problem"] for e in load_episodes(path).episodes] == ["a", "b"]


def test_command_line_errors(eval_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, message in [
        (["--episode", "9"], f"Expected --episode to be in 0..3 (4 episodes in {eval_run}), got 9"),
        (["--serve", "--episode", "1"], "Expected --serve alone, got it with --episode"),
        (["--episode", "1", "--out", "x.html"], "Expected --episode or --out, got both (--episode prints to the terminal)"),
        (["--out", str(eval_run / "page.txt")], f"Expected --out to be an .html file, got {str(eval_run / 'page.txt')!r}"),
    ]:
        assert main(["view", str(eval_run)] + args) == 2
        assert capsys.readouterr().err == f"refine-env view: {message}\n"


# -- following a running job -------------------------------------------------------------------------------


def test_source_follows_a_growing_file_and_restarts_on_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "pool.jsonl"
    source = EpisodeSource(path, wait=True)
    assert source.poll() is False and source.episodes == []  # no file yet: a job that has not started writing
    line = '{"problem_id": "a", "source": "print(1)\\n"}\n'
    path.write_text(line + line[:20])
    assert source.poll() is True and len(source.episodes) == 1
    with open(path, "a") as fh:
        fh.write(line[20:])
    assert source.poll() is True and [e["index"] for e in source.episodes] == [0, 1] and source.generation == 0
    assert source.poll() is False
    path.write_text(line.replace('"a"', '"z"'))  # rewritten (a resumed run that cut its log)
    assert source.poll() is True and [e["problem"] for e in source.episodes] == ["z"] and source.generation == 1
    with open(path, "a") as fh:
        fh.write("not json\n" + line)
    with pytest.raises(ValueError, match=r"pool\.jsonl:2 to be one JSON object per line"):
        source.poll()
    assert len(source.episodes) == 1  # the lines before a bad one stay read, none twice
    with pytest.raises(ValueError, match=r"pool\.jsonl:2 to be one JSON object per line"):
        source.poll()
    assert len(source.episodes) == 1


def _get(url: str, host: str = "") -> Any:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read().decode("utf-8")


def test_server_binds_loopback_and_serves_page_and_new_episodes(tmp_path: Path) -> None:
    path = tmp_path / "pool.jsonl"
    line = '{"problem_id": "a", "source": "print(1)\\n"}\n'
    path.write_text(line)
    with ViewerServer(path, port=0, min_interval_s=0).start() as server:
        assert server.httpd.server_address[0] == "127.0.0.1" and server.url == f"http://127.0.0.1:{server.port}/"
        status, headers, page = _get(server.url)
        data = page_data(page)
        assert status == 200 and data["live"] is True and len(data["episodes"]) == 1
        assert "connect-src 'self'" in page and headers["Cache-Control"] == "no-store"
        with open(path, "a") as fh:
            fh.write(line.replace('"a"', '"b"'))
        status, _, body = _get(server.url + "api/episodes?since=1&generation=0")
        answer = json.loads(body)
        assert (answer["total"], answer["reset"], answer["error"]) == (2, False, None)
        assert [e["problem"] for e in answer["episodes"]] == ["b"]
        with open(path, "a") as fh:
            fh.write("[1]\n")
        answer = json.loads(_get(server.url + "api/episodes?since=2&generation=0")[2])
        assert answer["episodes"] == [] and answer["error"].startswith(f"Expected {path}:3 to be a line of")
        with pytest.raises(urllib.error.HTTPError) as refused:  # DNS rebinding: another site's name for 127.0.0.1
            _get(server.url, host="attacker.example:80")
        assert refused.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(server.url + "../etc/passwd")
        assert missing.value.code == 404
    with pytest.raises(ValueError, match=r"^Expected port to be an int in \[0, 65535\], got 70000$"):
        ViewerServer(path, port=70000)


# -- packaging -------------------------------------------------------------------------------------------------


def test_the_page_assets_are_package_data() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    assert "refine_env.viewer" in cfg["options"]["packages"].split()
    assert "viewer/assets/*" in cfg["options.package_data"]["refine_env"].split()
    assets = sorted(p.name for p in (ROOT / "refine_env" / "viewer" / "assets").iterdir())
    assert assets == ["page.html", "viewer.css", "viewer.js"]
