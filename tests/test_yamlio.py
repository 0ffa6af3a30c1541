"""YAML configs: 1e-5 is a float, a syntax error is one line with its place; PPOConfig and --set read the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from refine_env import yamlio


def test_exponent_floats_are_floats_and_the_rest_is_yaml() -> None:
    data = yamlio.load("a: 1e-5\nb: 1E5\nc: 2.5e3\nd: -3e-2\ne: 10\nf: 1.5\ng: .inf\nh: 0x1F\ni: '1e-5'\nj: 1e\nk: v1e5\n")
    assert data == {"a": 1e-5, "b": 1e5, "c": 2500.0, "d": -0.03, "e": 10, "f": 1.5, "g": float("inf"), "h": 31,
                    "i": "1e-5", "j": "1e", "k": "v1e5"}
    assert type(data["e"]) is int and type(data["b"]) is float


def test_a_syntax_error_names_the_place() -> None:
    with pytest.raises(ValueError) as excinfo:
        yamlio.load("model: m\nlora_rank: [16\n", where="'c.yaml'")
    assert str(excinfo.value) == ("Expected 'c.yaml' to be valid YAML, got a syntax error at line 3, column 1: expected ',' or "
                                  "']', but got '<stream end>' (while parsing a flow sequence from line 2, column 12)")


def test_ppo_config_reads_1e_minus_5(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from refine_agents.ppo.config import PPOConfig
    from refine_agents.train_cli import parse_overrides

    path = tmp_path / "c.yaml"
    path.write_text("model: m\nlearning_rate: 1e-5\nclip_eps: 2E-1\n", encoding="utf-8")
    config = PPOConfig.from_file(path)
    assert (config.learning_rate, config.clip_eps) == (1e-5, 0.2)
    assert parse_overrides(["learning_rate=3e-6", "problem_ids=[a, b]", "model=x"]) == {
        "learning_rate": 3e-6, "problem_ids": ["a", "b"], "model": "x"}
    path.write_text("model: m\n  learning_rate: 1e-5\n", encoding="utf-8")
    with pytest.raises(ValueError) as excinfo:
        PPOConfig.from_file(path)
    assert str(excinfo.value) == (f"Expected {str(path)!r} to be valid YAML, got a syntax error at line 2, column 16: "
                                  "mapping values are not allowed here")
    json_path = tmp_path / "c.json"
    json_path.write_text('{"model": "m",}', encoding="utf-8")
    with pytest.raises(ValueError) as excinfo:
        PPOConfig.from_file(json_path)
    assert str(excinfo.value) == (f"Expected {str(json_path)!r} to be valid JSON, got Expecting property name enclosed in "
                                  "double quotes at line 1, column 15")
