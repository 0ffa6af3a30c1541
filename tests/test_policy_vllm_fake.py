"""The vLLM backend against a fake ``vllm`` module: request mapping, output parsing, weight loading (real vLLM: scripts/vllm_check.sh)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List, Tuple

import pytest
from refine_agents.backends import SamplingParams
from refine_agents.policy import LLMPolicy, make_policy
from vllm_fakes import install_fake_vllm


class FakeLLM:
    """Stands in for ``vllm.LLM``: records what it is given, answers with fixed tokens."""

    instances: List[FakeLLM] = []

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.requests: List[Tuple[Any, Any]] = []
        self.loaded: List[Tuple[str, Any]] = []
        self.prefix_resets = 0
        self.lora_requests: List[Any] = []
        FakeLLM.instances.append(self)

    def generate(self, prompts: List[Dict[str, Any]], params: List[Any], use_tqdm: bool = True,
                 lora_request: Any = None) -> List[Any]:
        # vLLM's LLM.generate(prompts, sampling_params, use_tqdm, lora_request); a LoRA request needs enable_lora.
        assert use_tqdm is False
        if lora_request is not None and not self.kwargs.get("enable_lora"):
            raise ValueError(f"Got lora_request {lora_request} but LoRA is not enabled!")
        self.lora_requests.append(lora_request)
        out = []
        for prompt, p in zip(prompts, params):
            self.requests.append((prompt, p))
            ids = [7, 8, p.stop_token_ids[0]]
            logprobs = [{tok: SimpleNamespace(logprob=-0.5 - k)} for k, tok in enumerate(ids)]
            out.append(SimpleNamespace(outputs=[SimpleNamespace(token_ids=ids, logprobs=logprobs, finish_reason="stop")]))
        return out

    def collective_rpc(self, method: Any, timeout: Any = None, args: Tuple[Any, ...] = (), kwargs: Any = None) -> List[Any]:
        llm = self

        class Model:
            def load_weights(self, weights: List[Tuple[str, Any]]) -> None:
                llm.loaded.extend(weights)

            def modules(self) -> Any:
                return iter([self])

        worker = SimpleNamespace(model_runner=SimpleNamespace(model=Model()))
        return [method(worker, *args)]

    def reset_prefix_cache(self) -> None:
        self.prefix_resets += 1


def _lora_request(lora_name: str, lora_int_id: int, lora_path: str) -> SimpleNamespace:
    # vllm.lora.request.LoRARequest(lora_name, lora_int_id, lora_path)
    return SimpleNamespace(lora_name=lora_name, lora_int_id=lora_int_id, lora_path=lora_path)


@pytest.fixture
def fake_vllm(monkeypatch: pytest.MonkeyPatch) -> type:
    install_fake_vllm(monkeypatch, llm=FakeLLM, lora_request=_lora_request)
    FakeLLM.instances.clear()
    return FakeLLM


def test_vllm_backend_maps_requests_and_parses_outputs(fake_vllm: type, tiny_model_path: Path) -> None:
    policy = make_policy(f"vllm:{tiny_model_path}", system_prompt="S", logprobs_mode="processed",
                         sampling=SamplingParams(temperature=0.8, top_p=0.9, max_new_tokens=5, stop=("END",)))
    llm = FakeLLM.instances[0]
    assert llm.kwargs["logprobs_mode"] == "processed_logprobs" and llm.kwargs["enable_chunked_prefill"] is False
    policy.reset(2, seed=11)
    policy.act(["task a", "task b"])
    policy.act(["fb a", "fb b"])
    prompts = [prompt["prompt_token_ids"] for prompt, _ in llm.requests]
    params = [p for _, p in llm.requests]
    im_end = policy.backend.tokenizer.convert_tokens_to_ids("<|im_end|>")
    for row in range(2):
        ep = policy.episode(row)
        assert prompts[2 + row] == list(ep.token_ids[: ep.turns[1].start + len(ep.turns[1].prompt_ids)])
        assert ep.turns[0].completion_ids == (7, 8, im_end)
        assert ep.turns[0].completion_logprobs == (-0.5, -1.5, -2.5)
        assert ep.turns[1].prompt_ids[:1] == tuple(policy.backend.tokenizer.encode("\n", add_special_tokens=False))
    first = params[0]
    assert (first.temperature, first.top_p, first.top_k, first.max_tokens, first.logprobs) == (0.8, 0.9, -1, 5, 0)
    assert first.stop == ["END"] and first.include_stop_str_in_output and first.stop_token_ids == [im_end]
    # One seed per row, fresh per call.
    assert params[1].seed == params[0].seed + 1 and params[2].seed not in (params[0].seed, params[1].seed)


def test_vllm_backend_loads_weights_in_place(fake_vllm: type, tiny_model_path: Path) -> None:
    import os

    import torch
    from refine_agents.vllm_backend import VLLMBackend

    backend = VLLMBackend(tiny_model_path, weight_updates=True)
    assert os.environ["VLLM_ALLOW_INSECURE_SERIALIZATION"] == "1"
    weight = torch.ones(2, 2, requires_grad=True)
    assert backend.load_weights([("model.norm.weight", weight)]) == 1
    llm = FakeLLM.instances[0]
    assert [name for name, _ in llm.loaded] == ["model.norm.weight"] and torch.equal(llm.loaded[0][1], torch.ones(2, 2))
    assert llm.prefix_resets == 1
    frozen = VLLMBackend(tiny_model_path)
    with pytest.raises(RuntimeError, match="Expected a backend built with VLLMBackend\\(..., weight_updates=True\\) to load weights"):
        frozen.load_weights([("model.norm.weight", weight)])
    with pytest.raises(ValueError, match="Expected at least one \\(name, tensor\\) pair, got none"):
        backend.load_weights([])


def test_policy_over_vllm_keeps_mask_and_logprobs_aligned(fake_vllm: type, tiny_model_path: Path) -> None:
    from refine_agents.vllm_backend import VLLMBackend

    policy = LLMPolicy(VLLMBackend(tiny_model_path), system_prompt="S", sampling=SamplingParams(max_new_tokens=3))
    policy.reset(1)
    policy.act(["t"])
    ep = policy.episode(0)
    assert [lp for lp, m in zip(ep.logprobs, ep.mask) if m] == [-0.5, -1.5, -2.5]
    assert ep.token_ids[-3:-1] == (7, 8)


def test_vllm_backend_sends_the_lora_adapter_with_every_request(fake_vllm: type, tiny_model_path: Path, tmp_path: Path) -> None:
    from refine_agents.vllm_backend import VLLMBackend

    backend = VLLMBackend(tiny_model_path, enable_lora=True, max_lora_rank=12)
    llm = FakeLLM.instances[0]
    assert (llm.kwargs["enable_lora"], llm.kwargs["max_lora_rank"], llm.kwargs["max_loras"]) == (True, 16, 1)
    params = SamplingParams(max_new_tokens=3)
    backend.generate([[1, 2]], sampling=params, stop_token_ids=[5])
    (tmp_path / "adapter_config.json").write_text("{}")
    backend.set_lora_adapter(tmp_path, name="policy-1", int_id=1)
    backend.generate([[1, 2]], sampling=params, stop_token_ids=[5])
    first, second = llm.lora_requests
    assert first is None and (second.lora_name, second.lora_int_id, second.lora_path) == ("policy-1", 1, str(tmp_path))
    assert "enable_lora" not in VLLMBackend(tiny_model_path).llm.kwargs  # engines without LoRA get no LoRA arguments
