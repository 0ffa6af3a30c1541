"""A fake ``vllm`` package for tests: the modules the vLLM backend imports, around a stand-in for ``vllm.LLM``."""

from __future__ import annotations

import sys
import types
from types import SimpleNamespace
from typing import Any, Callable

import pytest


def install_fake_vllm(monkeypatch: pytest.MonkeyPatch, *, llm: type, lora_request: Callable[..., Any]) -> None:
    """Put ``vllm``, ``vllm.inputs``, ``vllm.platforms`` (a CPU platform) and ``vllm.lora.request`` in ``sys.modules``
    for one test, with ``llm`` as ``vllm.LLM`` and ``lora_request`` as ``LoRARequest(lora_name, lora_int_id, lora_path)``."""
    vllm = types.ModuleType("vllm")
    vllm.LLM = llm  # type: ignore[attr-defined]
    vllm.SamplingParams = lambda **kw: SimpleNamespace(**kw)  # type: ignore[attr-defined]
    inputs = types.ModuleType("vllm.inputs")
    inputs.TokensPrompt = lambda prompt_token_ids: {"prompt_token_ids": list(prompt_token_ids)}  # type: ignore[attr-defined]
    platforms = types.ModuleType("vllm.platforms")
    platforms.current_platform = SimpleNamespace(is_cpu=lambda: True)  # type: ignore[attr-defined]
    request = types.ModuleType("vllm.lora.request")
    request.LoRARequest = lora_request  # type: ignore[attr-defined]
    for name, module in (("vllm", vllm), ("vllm.inputs", inputs), ("vllm.platforms", platforms),
                         ("vllm.lora", types.ModuleType("vllm.lora")), ("vllm.lora.request", request)):
        monkeypatch.setitem(sys.modules, name, module)
    # The backend sets it for weight loading; each test starts without it.
    monkeypatch.delenv("VLLM_ALLOW_INSECURE_SERIALIZATION", raising=False)
