"""GPU paths of the PPO trainer: CUDA updates in bf16 with LoRA, vLLM rollouts with in-place weight pushes, the 4B recipe.

Skipped without CUDA (tests/conftest.py). The vLLM test also needs ``vllm`` importable; the
4B test needs ``REFINE_QWEN3_4B`` pointing at a local Qwen3-4B folder.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any, Dict

import pytest
import torch
from refine_agents.ppo import PPOConfig, PPOTrainer

PROBLEMS = ("run-length-unpack", "bus-timetable-lcm")

pytestmark = pytest.mark.gpu


def _config(model: Path, out: Path, **overrides: Any) -> PPOConfig:
    settings: Dict[str, Any] = dict(
        model=str(model), problem_ids=PROBLEMS, max_turns=2, problems_per_step=2, group_size=2, max_new_tokens=16,
        system_prompt="", output_dir=str(out), progress=False, tensorboard=False, total_steps=2, device="cuda",
        advantage_estimator="rloo", learning_rate=1e-3,
    )
    settings.update(overrides)
    return PPOConfig(**settings)


def _varied(episode: Any) -> list:
    return [float(len(a) % 3) for a in episode.actions]


def test_cuda_update_with_bf16_lora_and_checkpointing(tiny_model_path: Path, tmp_path: Path) -> None:
    config = _config(tiny_model_path, tmp_path, lora_rank=8, dtype="bfloat16", bf16=True, gradient_checkpointing=True,
                     kl_coef=0.01)
    with PPOTrainer(config, turn_reward_fn=_varied) as trainer:
        assert trainer.device.type == "cuda"
        before = {n: p.detach().clone() for n, p in trainer.learner.model.named_parameters() if p.requires_grad}
        metrics = [trainer.train_step() for _ in range(2)]
        after = {n: p.detach().clone() for n, p in trainer.learner.model.named_parameters() if p.requires_grad}
    assert all(not torch.equal(before[n], after[n]) for n in before)
    assert metrics[-1]["memory/update_peak_mb"] > 0 and metrics[-1]["tokens/update_per_s"] > 0


@pytest.mark.skipif(importlib.util.find_spec("vllm") is None, reason="needs vllm")
@pytest.mark.parametrize("sync, method", [("merge", "vllm-load_weights"), ("adapter", "vllm-lora-adapter")])
def test_vllm_rollouts_follow_the_pushed_weights(sync: str, method: str, tiny_model_path: Path, tmp_path: Path) -> None:
    # A large learning rate moves the policy far in one update: if the engine kept the old weights,
    # its sampled-token logprobs would no longer match the trainer's forward pass at step 2.
    config = _config(tiny_model_path, tmp_path, rollout_engine="vllm", lora_rank=8, learning_rate=5e-2,
                     vllm_gpu_memory_utilization=0.2, vllm_enforce_eager=True, vllm_sleep_mode=True,
                     vllm_lora_sync=sync)
    with PPOTrainer(config, turn_reward_fn=_varied) as trainer:
        assert trainer.weight_sync.method == method
        first = trainer.train_step()
        second = trainer.train_step()
    assert first["rollout/logprob_diff"] < 1e-2
    assert second["rollout/logprob_diff"] < 1e-2


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("REFINE_QWEN3_4B"), reason="set REFINE_QWEN3_4B to a local Qwen3-4B folder")
def test_qwen3_4b_lora_recipe_runs_two_steps(tmp_path: Path) -> None:
    import runpy
    import sys

    root = Path(__file__).resolve().parents[1]
    argv = ["--config", str(root / "examples/configs/qwen3_4b_lora.yaml"), "--model", os.environ["REFINE_QWEN3_4B"],
            "--steps", "2", "--output-dir", str(tmp_path), "--set", "problems_per_step=4", "--set", "group_size=4"]
    sys.argv = ["train_qwen3_4b.py", *argv]
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(root / "examples/train_qwen3_4b.py"), run_name="__main__")
    assert done.value.code == 0
    assert (tmp_path / "throughput.json").is_file()
