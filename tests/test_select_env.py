"""RefineCodeSelect: spaces, both checkers, determinism, dynamics, rewards, pools, generated inputs, vector envs."""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path
from typing import Any, Dict, List

import gymnasium as gym
import numpy as np
import pytest

from refine_env.problems import Problem, TestCase, load_builtin
from refine_env.sandbox import Sandbox
from refine_env.select import (
    FEATURES,
    GLOBALS,
    OPS,
    RefineCodeSelectEnv,
    builtin_candidates,
    env_inputs,
    evaluate_candidates,
    forget_records,
    generated_inputs,
    packaged_records,
    pool_record,
    problem_fingerprint,
    read_pool,
)

K = 4
SELECT_IDS = ("RefineCodeSelect-v0", "RefineCodeSelect-Train-v0", "RefineCodeSelect-Test-v0")


def _fast_problems() -> List[Problem]:
    """Two built-in problems (one stdin, one call) whose pools are judged in seconds."""
    problems = load_builtin()
    stdin = next(p for p in problems if p.kind == "stdin" and p.mutants)
    call = next(p for p in problems if p.kind == "call" and p.mutants)
    return [stdin, call]


@pytest.fixture(scope="session")
def fast_pool(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    """A pool file of the reference and the quick wrong solutions (no slow ones: they time out) of two problems."""
    root = tmp_path_factory.mktemp("select")
    path = root / "pool.jsonl"
    problems = _fast_problems()
    with open(path, "w", encoding="utf-8") as fh:
        for p in problems:
            for n, sol in enumerate([p.reference] + [m for m in p.mutants if m.expected_verdict.value != "TLE"][: K - 1]):
                fh.write(json.dumps(pool_record(problem_id=p.id, source=sol.source, language=sol.language, policy="test",
                                                sampling={}, sample=n, dataset="builtin")) + "\n")
    return {"path": str(path), "cache": str(root / "cache"), "ids": [p.id for p in problems], "problems": problems}


def make(fast_pool: Dict[str, Any], **kwargs: Any) -> RefineCodeSelectEnv:
    options: Dict[str, Any] = dict(pool=fast_pool["path"], problem_ids=fast_pool["ids"], max_candidates=K, max_turns=6,
                                   cache_dir=fast_pool["cache"], generated=8)
    options.update(kwargs)
    return RefineCodeSelectEnv(**options)


def test_spaces_and_layout(fast_pool: Dict[str, Any]) -> None:
    env = make(fast_pool)
    assert env.observation_space.shape == (K * len(FEATURES) + len(GLOBALS),)
    assert env.observation_space.dtype == np.float32
    assert env.action_space.n == len(OPS) * K
    obs, info = env.reset(seed=0)
    assert env.observation_space.contains(obs)
    table = env.features(obs)
    assert table.shape == (K, len(FEATURES))
    assert table[:, FEATURES.index("present")].sum() == info["pool_size"] == K
    # Nothing is known before acting, and a model pool shows sizes.
    assert table[:, FEATURES.index("run")].sum() == 0 and table[:, FEATURES.index("tested")].sum() == 0
    assert table[:, FEATURES.index("size")].max() == pytest.approx(1.0)
    assert obs[K * len(FEATURES) + GLOBALS.index("turns_left")] == pytest.approx(1.0)


def test_gymnasium_checker_without_warnings(fast_pool: Dict[str, Any]) -> None:
    from gymnasium.utils.env_checker import check_env

    env = gym.make("RefineCodeSelect-v0", pool=fast_pool["path"], problem_ids=fast_pool["ids"], max_candidates=K,
                   cache_dir=fast_pool["cache"], generated=8).unwrapped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env, skip_render_check=False)
    assert [str(w.message) for w in caught] == []


def test_sb3_one_liners_work_and_action_masks_reach_through_the_wrappers() -> None:
    # SB3 makes envs from an id with render_mode="rgb_array" and falls back only on a TypeError.
    pytest.importorskip("stable_baselines3")
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env

    venv = make_vec_env("RefineCodeSelect-Train-v0", n_envs=2, seed=0)
    venv.reset()
    # sb3-contrib's MaskablePPO reads masks this way (get_action_masks / is_masking_supported).
    masks = np.stack(venv.env_method("action_masks"))
    assert masks.shape == (2, len(OPS) * 6) and masks.any(axis=1).all()
    assert len(venv.get_attr("action_masks")) == 2
    frame = venv.get_images()[0]
    assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3
    venv.close()
    model = PPO("MlpPolicy", "RefineCodeSelect-v0", n_steps=32, batch_size=32, n_epochs=1, device="cpu", seed=0)
    model.learn(32)
    assert np.stack(model.get_env().env_method("action_masks")).shape == (1, len(OPS) * 6)
    # Behind gym.make's wrappers (which forward nothing): the unwrapped env or get_wrapper_attr.
    env = gym.make("RefineCodeSelect-Test-v0")
    env.reset(seed=0)
    assert env.unwrapped.action_masks().tolist() == env.get_wrapper_attr("action_masks")().tolist()


def test_rgb_array_renders_the_observation(fast_pool: Dict[str, Any]) -> None:
    from gymnasium.utils.env_checker import check_env

    from refine_env.select import observation_image

    env = gym.make("RefineCodeSelect-v0", pool=fast_pool["path"], problem_ids=fast_pool["ids"], max_candidates=K + 1,
                   cache_dir=fast_pool["cache"], generated=8, render_mode="rgb_array").unwrapped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env, skip_render_check=False)
    assert [str(w.message) for w in caught] == []
    obs, _ = env.reset(seed=0)
    frame = env.render()
    assert frame.shape == ((K + 2) * 12 + 3, len(FEATURES) * 12, 3) and frame.dtype == np.uint8
    assert np.array_equal(frame, observation_image(obs, K + 1))
    obs, *_ = env.step(OPS.index("run") * (K + 1))
    assert not np.array_equal(env.render(), frame)  # the run shows
    # The empty fifth slot is gray; a present slot's "present" cell is dark.
    assert frame[K * 12 + 6, 6].tolist() == [200, 200, 200] and frame[6, 6].tolist() == [20, 60, 160]
    with pytest.raises(ValueError, match=r"^Expected an observation of shape \(80,\) for 5 candidates, got \(3,\)$"):
        observation_image(np.zeros(3), K + 1)


def test_sb3_checker_without_warnings(fast_pool: Dict[str, Any]) -> None:
    pytest.importorskip("stable_baselines3")
    from stable_baselines3.common.env_checker import check_env

    env = make(fast_pool)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env, warn=True)
    assert [str(w.message) for w in caught] == []


def _rollout(env: RefineCodeSelectEnv, seed: int, actions: List[int]) -> List[np.ndarray]:
    obs, _ = env.reset(seed=seed)
    seen = [obs]
    for a in actions:
        obs, _, terminated, truncated, _ = env.step(a)
        seen.append(obs)
        if terminated or truncated:
            obs, _ = env.reset()
            seen.append(obs)
    return seen


def test_seeded_determinism(fast_pool: Dict[str, Any]) -> None:
    actions = [0, K + 1, 1, K, 2 * K + 1, 3, K + 3, 2 * K]
    a = _rollout(make(fast_pool), 7, actions)
    b = _rollout(make(fast_pool), 7, actions)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    env = make(fast_pool)
    orders = set()
    for seed in range(12):
        env.reset(seed=seed)
        orders.add(tuple(c.key for c in env.candidates))
    assert len(orders) > 1, "the candidate order must be shuffled with the seed"


def _slot(env: RefineCodeSelectEnv, label_kind: str) -> int:
    for i, c in enumerate(env.candidates):
        record = env.records[(env.problem.id, c.key)]  # type: ignore[union-attr]
        solved = record.hidden_passed == record.hidden_total
        if (label_kind == "correct") == solved:
            return i
    raise AssertionError(f"no {label_kind} candidate in the pool")


def test_run_test_and_submit(fast_pool: Dict[str, Any]) -> None:
    env = make(fast_pool)
    obs, info = env.reset(seed=1, options={"problem_id": fast_pool["ids"][0]})
    good = _slot(env, "correct")
    obs, reward, terminated, truncated, info = env.step(OPS.index("run") * K + good)
    assert (reward, terminated, truncated) == (0.0, False, False)
    row = env.features(obs)[good]
    assert row[FEATURES.index("run")] == 1 and row[FEATURES.index("public_pass")] == 1 and row[FEATURES.index("public_AC")] == 1
    assert info["public"]["verdict"] == "AC" and info["tests_executed"] == info["public"]["total"]
    public_runs = info["tests_executed"]
    obs, reward, terminated, truncated, info = env.step(OPS.index("test") * K + good)
    row = env.features(obs)[good]
    assert row[FEATURES.index("tested")] == 1 and row[FEATURES.index("gen_failed")] == 0
    # The first test runs every candidate on the generated inputs; a second one reuses them.
    inputs = len(env.inputs[env.problem.id])  # type: ignore[union-attr]
    assert info["tests_executed"] == public_runs + K * inputs and info["test"]["inputs"] == inputs
    obs, *_, info = env.step(OPS.index("test") * K + (good + 1) % K)
    assert info["tests_executed"] == public_runs + K * inputs
    # The reference agrees with the pool's most common output at least as often as the others.
    table = env.features(obs)
    assert row[FEATURES.index("gen_plurality")] >= table[(good + 1) % K, FEATURES.index("gen_plurality")]
    obs, reward, terminated, truncated, info = env.step(OPS.index("submit") * K + good)
    assert (reward, terminated, truncated) == (1.0, True, False)
    assert info["hidden"]["verdict"] == "AC" and info["submitted"] == good and info["submitted_label"] is None
    assert info["turn"] == 4
    with pytest.raises(RuntimeError, match="Expected reset"):
        env.step(0)


def test_wrong_submission_and_typed_reward(fast_pool: Dict[str, Any]) -> None:
    env = make(fast_pool, reward="verdict_typed")
    env.reset(seed=2, options={"problem_id": fast_pool["ids"][1]})
    bad = _slot(env, "wrong")
    _, reward, terminated, _, info = env.step(OPS.index("submit") * K + bad)
    assert terminated and info["hidden"]["verdict"] != "AC"
    assert reward == {"WA": -0.3, "RE": -0.6, "TLE": -0.6, "MLE": -0.6, "OLE": -0.6, "CE": -1.0}[info["hidden"]["verdict"]]


def test_testing_shows_disagreement_with_the_pool(fast_pool: Dict[str, Any]) -> None:
    env = make(fast_pool)
    seen = False
    for pid in fast_pool["ids"]:
        obs, _ = env.reset(seed=0, options={"problem_id": pid})
        for i in range(K):
            obs, *_ = env.step(OPS.index("test") * K + i)
        table = env.features(obs)
        seen |= bool(table[:, FEATURES.index("gen_disagree")].max() > 0)
        assert table[:, FEATURES.index("tested")].sum() == K
    assert seen, "a wrong solution should disagree with the reference on some generated input"


def test_running_out_of_turns_judges_the_last_candidate(fast_pool: Dict[str, Any]) -> None:
    env = make(fast_pool, max_turns=2)
    env.reset(seed=3)
    good = _slot(env, "correct")
    env.step(OPS.index("run") * K + (good + 1) % K)
    _, reward, terminated, truncated, info = env.step(OPS.index("test") * K + good)
    assert (terminated, truncated, reward) == (True, False, 1.0) and info["out_of_turns"]
    assert info["submitted"] == good
    env = make(fast_pool, max_turns=1, judge_on_truncation=False)
    env.reset(seed=3)
    _, reward, terminated, _, info = env.step(OPS.index("run") * K + good)
    assert terminated and info["out_of_turns"] and reward == 0.0 and "hidden" not in info
    assert env.transitions[-1].truncated, "reward functions still see that the budget ran out"


def test_turn_cost_and_improvement_presets(fast_pool: Dict[str, Any]) -> None:
    env = make(fast_pool, reward="binary+turn_cost:0.1")
    env.reset(seed=4)
    good = _slot(env, "correct")
    _, r1, *_ = env.step(OPS.index("run") * K + good)
    _, r2, *_ = env.step(OPS.index("submit") * K + good)
    assert r1 == pytest.approx(-0.1) and r2 == pytest.approx(0.9)
    # An episode without an initial attempt: improvement is the final pass rate, so looking at a
    # wrong candidate first earns nothing more (or less) than submitting the right one directly.
    env = make(fast_pool, reward="improvement")
    env.reset(seed=4)
    good, bad = _slot(env, "correct"), _slot(env, "wrong")
    _, r1, *_ = env.step(OPS.index("run") * K + bad)
    _, r2, _, _, info = env.step(OPS.index("submit") * K + good)
    assert r1 == 0.0 and r2 == pytest.approx(1.0)
    assert not any(t.probe for t in env.transitions)
    env.reset(seed=4)
    _, direct, *_ = env.step(OPS.index("submit") * K + good)
    assert direct == pytest.approx(r2)


def test_empty_slot_is_a_format_error(fast_pool: Dict[str, Any], tmp_path: Path) -> None:
    env = make(fast_pool, max_candidates=K + 2, reward="binary+format_penalty:0.5")
    obs, info = env.reset(seed=5)
    assert info["pool_size"] == K
    assert env.action_masks().tolist() == ([True] * K + [False] * 2) * len(OPS)
    obs, reward, terminated, truncated, info = env.step(K + 1)
    assert info["format_error"] == f"slot {K + 1} is empty; this pool has {K} candidates"
    assert reward == pytest.approx(-0.5) and not terminated and info["turn"] == 1


def test_bad_arguments_raise_with_suggestions(fast_pool: Dict[str, Any]) -> None:
    env = make(fast_pool)
    with pytest.raises(ValueError, match=r"Expected reset options among \('problem_id',\), got 'problem'\. Did you mean 'problem_id'\?"):
        env.reset(options={"problem": "x"})
    pid = fast_pool["ids"][0]
    with pytest.raises(ValueError, match=rf"got '{pid[:-1]}'\. Did you mean '{pid}'\?"):
        env.reset(options={"problem_id": pid[:-1]})
    env.reset(seed=0)
    with pytest.raises(ValueError, match=r"Expected an action that is an int in \[0, 12\), got 12"):
        env.step(12)
    with pytest.raises(ValueError, match=r"Expected an action that is an int"):
        env.step(1.5)
    with pytest.raises(ValueError, match="Expected max_candidates to be an int >= 2, got 1"):
        make(fast_pool, max_candidates=1)


def test_read_pool_validates(tmp_path: Path) -> None:
    path = tmp_path / "pool.jsonl"
    path.write_text(json.dumps({"problem_id": "a", "source": "print(1)\n", "polcy": "x"}) + "\n")
    with pytest.raises(ValueError, match="got 'polcy'. Did you mean 'policy'"):
        read_pool(path)
    path.write_text(json.dumps({"problem_id": "a"}) + "\n")
    with pytest.raises(ValueError, match="string field 'source'"):
        read_pool(path)
    with pytest.raises(FileNotFoundError, match="Expected pool to be a JSONL file"):
        read_pool(tmp_path / "missing.jsonl")
    path.write_text(json.dumps(pool_record(problem_id="a", source="x=1\n", policy="p", sampling={"t": 1}, sample=0, dataset="d")) + "\n")
    pools = read_pool(path)
    assert list(pools) == ["a"] and pools["a"][0].origin == "p" and pools["a"][0].label is None


def test_pool_with_unknown_problem_names_it(fast_pool: Dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "pool.jsonl"
    pid = fast_pool["ids"][0]
    path.write_text(json.dumps(pool_record(problem_id=pid + "x", source="x=1\n", policy="p", sampling={}, sample=0, dataset="builtin")) + "\n")
    with pytest.raises(ValueError, match=rf"got '{pid}x'\. Did you mean '{pid}'\?"):
        RefineCodeSelectEnv(pool=str(path), cache_dir=False)


def test_generated_inputs_use_public_inputs_only() -> None:
    for problem in _fast_problems():
        first = generated_inputs(problem)
        assert first == generated_inputs(problem), "generated inputs must be deterministic per problem"
        assert len(first) >= 8 and len(set(first)) == len(first)
        assert not {t.input for t in problem.public_tests} & set(first)
        # Other hidden tests, same public ones: the same inputs, so nothing hidden shapes them.
        other = dataclasses.replace(problem, hidden_tests=(TestCase(problem.public_tests[0].input, problem.public_tests[0].output),))
        assert generated_inputs(other) == first


def test_builtin_candidates_reference_first() -> None:
    problem = _fast_problems()[0]
    cands = builtin_candidates(problem)
    assert cands[0].label == "reference" and [c.label for c in cands[1:]] == [m.label for m in problem.mutants]


def test_vector_envs(fast_pool: Dict[str, Any]) -> None:
    pytest.importorskip("stable_baselines3")
    from stable_baselines3.common.vec_env import DummyVecEnv, SubprocVecEnv

    make(fast_pool)  # fills the on-disk cache: the subprocesses only read it
    for cls in (DummyVecEnv, SubprocVecEnv):
        venv = cls([lambda: make(fast_pool) for _ in range(2)])
        try:
            venv.seed(0)
            obs = venv.reset()
            assert obs.shape == (2, K * len(FEATURES) + len(GLOBALS))
            for _ in range(8):
                obs, rewards, dones, infos = venv.step(np.array([OPS.index("run") * K, OPS.index("submit") * K]))
                assert obs.shape[0] == 2 and rewards.shape == (2,)
            assert dones[1] and "terminal_observation" in infos[1]
        finally:
            venv.close()


def test_gymnasium_sync_vector_env(fast_pool: Dict[str, Any]) -> None:
    venv = gym.vector.SyncVectorEnv([lambda: make(fast_pool) for _ in range(2)])
    obs, _ = venv.reset(seed=0)
    assert obs.shape == (2, K * len(FEATURES) + len(GLOBALS))
    venv.close()


@pytest.mark.parametrize("env_id", SELECT_IDS)
def test_registered_ids_pass_both_checkers(env_id: str) -> None:
    """The whole split, from the packaged records (nothing is judged)."""
    from gymnasium.utils.env_checker import check_env

    env = gym.make(env_id, cache_dir=False).unwrapped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env)
        sb3 = pytest.importorskip("stable_baselines3.common.env_checker")
        sb3.check_env(env, warn=True)
    assert [str(w.message) for w in caught] == []
    assert not env.observe_size, "sizes leak the label in the built-in pools; they are hidden by default"


def _no_judging(monkeypatch: pytest.MonkeyPatch) -> None:
    def judged(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a candidate was judged")

    monkeypatch.setattr(Sandbox, "run_batch", judged)


def test_packaged_records_cover_the_builtin_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails after a built-in problem changes: rebuild with `python -m refine_env.select.pack`."""
    shipped = packaged_records()
    missing = []
    for p in load_builtin():
        fp = problem_fingerprint(p, env_inputs(p, 16))
        missing += [f"{p.id}:{c.label}" for c in builtin_candidates(p) if (fp, c.key) not in shipped]
    assert missing == [], f"{len(missing)} built-in candidates lack packaged records, e.g. {missing[:3]}; run `python -m refine_env.select.pack`"
    _no_judging(monkeypatch)
    env = RefineCodeSelectEnv(cache_dir=False)
    assert len(env.problems) == len(load_builtin())


def test_packaged_records_match_judging_here(tmp_path: Path) -> None:
    """Judged anew on this machine, a problem's quick candidates get the packaged records (times aside)."""
    problem = _fast_problems()[0]
    cands = [c for c, sol in zip(builtin_candidates(problem), [problem.reference] + list(problem.mutants))
             if sol.expected_verdict.value != "TLE"]
    inputs = {problem.id: env_inputs(problem, 16)}
    shipped = evaluate_candidates({problem.id: cands}, {problem.id: problem}, inputs=inputs, packaged=True)
    fresh = evaluate_candidates({problem.id: cands}, {problem.id: problem}, inputs=inputs, packaged=False,
                                cache_dir=tmp_path)
    assert len(cands) >= 3
    for key, rec in shipped.items():
        a, b = rec.to_dict(), fresh[key].to_dict()
        for timing in ("gen_time_s", "sandbox_s"):
            a.pop(timing), b.pop(timing)
        assert a == b, key
    assert list(tmp_path.glob("*.json")), "records judged here are cached on disk"


def test_packaged_records_can_be_declined(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _no_judging(monkeypatch)
    last = sorted(p.id for p in load_builtin())[-1]
    RefineCodeSelectEnv(problem_ids=[last], cache_dir=str(tmp_path))
    with pytest.raises(AssertionError, match="a candidate was judged"):
        RefineCodeSelectEnv(problem_ids=[last], cache_dir=str(tmp_path), packaged_records=False, workers=1)


def test_problem_ids_with_slashes_are_cached(tmp_path: Path) -> None:
    # Loaded datasets name problems humaneval/0 or by Kattis archive path: the judged records of
    # such a problem must reach the cache (the file name used to hold the slash and failed).
    import dataclasses

    base = _fast_problems()[0]
    problem = dataclasses.replace(base, id="archive/round_1/" + base.id)
    pool = tmp_path / "pool.jsonl"
    with open(pool, "w", encoding="utf-8") as fh:
        for n, sol in enumerate([problem.reference] + [m for m in problem.mutants if m.expected_verdict.value != "TLE"][:1]):
            fh.write(json.dumps(pool_record(problem_id=problem.id, source=sol.source, language=sol.language, policy="test",
                                            sampling={}, sample=n, dataset="custom")) + "\n")
    env = RefineCodeSelectEnv(dataset=[problem], pool=str(pool), max_candidates=K, max_turns=4, cache_dir=str(tmp_path / "cache"),
                              generated=4)
    env.reset(seed=0)
    cached = list((tmp_path / "cache").iterdir())
    assert len(cached) == 1 and "/" not in cached[0].name and cached[0].name.startswith("archive%2Fround_1%2F")


def test_judging_a_model_pool_shows_a_bar_only_on_a_terminal(fast_pool: Dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                                                              capfd: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def judge(**kwargs: Any) -> None:
        forget_records()  # forget earlier judging: everything runs again
        make(fast_pool, cache_dir=False, **kwargs).close()

    judge()  # the default, progress=True, with stderr not a terminal (pytest's capture): silent
    assert capfd.readouterr() == ("", "")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    judge(progress=False)
    assert terminal.getvalue() == ""
    judge()
    bar = terminal.getvalue()
    assert "judging 8 candidates once" in bar and "8/8" in bar
    calls: List[Any] = []
    judge(progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (8, 8) and terminal.getvalue() == bar  # a callback replaces the bar
