"""In-process transformers backend: batched ``generate`` with left padding, sampled-token logprobs, seeds."""

from __future__ import annotations

import logging
import os
from typing import Any, List, Optional, Sequence, Tuple, Union

from .backends import LOGPROB_MODES, Backend, Generation, SamplingParams, _check_prompts

__all__ = ["TransformersBackend"]

logger = logging.getLogger(__name__)


class TransformersBackend(Backend):
    """Generate with a transformers causal LM in this process (CPU or one GPU).

    Logprobs (``logprobs_mode``):

    - ``"raw"`` (default): ``log_softmax(logits)`` of the model at temperature 1, before any
      temperature, top-p or top-k. This is log pi_theta(token | prefix), what a trainer recomputes
      with a forward pass, and what vLLM returns by default, so the first PPO ratio is 1 (up to
      numerics) whatever the sampling settings.
    - ``"processed"``: the log-probability under the distribution the token was actually drawn
      from (logits divided by the temperature, top-k/top-p applied and renormalised): the exact
      behaviour policy, for off-policy corrections when sampling with temperature or top-p.

    With temperature 1, top_p 1 and top_k 0 (the usual RL setting) the two coincide. Greedy
    decoding (temperature 0) reports raw logprobs in both modes. Only the sampled token's
    logprob is kept at each step (a logits processor, not ``output_scores``), so memory does
    not grow with rows x steps x vocabulary.
    """

    name = "hf"
    supports_tokens = True

    def __init__(
        self,
        model: Union[str, os.PathLike[str], Any],
        *,
        tokenizer: Any = None,
        device: str = "cpu",
        dtype: Optional[str] = None,
        logprobs_mode: str = "raw",
        max_batch_size: Optional[int] = None,
    ) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if logprobs_mode not in LOGPROB_MODES:
            raise ValueError(f"Expected logprobs_mode to be one of {LOGPROB_MODES}, got {logprobs_mode!r}")
        if max_batch_size is not None and (not isinstance(max_batch_size, int) or max_batch_size < 1):
            raise ValueError(f"Expected max_batch_size to be None or a positive int, got {max_batch_size!r}")
        self.logprobs_mode = logprobs_mode
        self.max_batch_size = max_batch_size
        self.device = torch.device(device)
        if isinstance(model, (str, os.PathLike)):
            torch_dtype = getattr(torch, dtype) if dtype else None
            self.model = AutoModelForCausalLM.from_pretrained(os.fspath(model), dtype=torch_dtype)
            self.tokenizer = tokenizer if tokenizer is not None else AutoTokenizer.from_pretrained(os.fspath(model))
        else:
            if tokenizer is None:
                raise ValueError("Expected a tokenizer alongside a model object, got tokenizer=None")
            self.model = model
            self.tokenizer = tokenizer
        self.model.to(self.device)  # type: ignore[arg-type]
        self.model.eval()
        pad = self.tokenizer.pad_token_id
        if pad is None:
            pad = self.tokenizer.eos_token_id
        if pad is None:
            raise ValueError("Expected the tokenizer to define a pad or eos token for left padding, got neither")
        self.pad_token_id = int(pad)

    def generate(self, prompts: Sequence[Sequence[int]], *, sampling: SamplingParams,
                 stop_token_ids: Sequence[int]) -> List[Generation]:
        batch = _check_prompts(prompts)
        if not isinstance(sampling, SamplingParams):
            raise TypeError(f"Expected sampling to be a SamplingParams, got {type(sampling).__name__}")
        if not stop_token_ids:
            raise ValueError("Expected at least one stop token id (the end-of-turn token), got none")
        size = self.max_batch_size or len(batch)
        out: List[Generation] = []
        for start in range(0, len(batch), size):
            seed = None if sampling.seed is None else sampling.seed + start
            out.extend(self._generate(batch[start:start + size], sampling, list(stop_token_ids), seed))
        return out

    def _generate(self, batch: List[List[int]], sampling: SamplingParams, stop_ids: List[int],
                  seed: Optional[int]) -> List[Generation]:
        import torch
        from transformers import GenerationConfig, LogitsProcessorList

        width = max(len(p) for p in batch)
        # Left padding: every row's last prompt token sits at the same column, where sampling starts.
        input_ids = torch.full((len(batch), width), self.pad_token_id, dtype=torch.long)
        attention_mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, prompt in enumerate(batch):
            input_ids[row, width - len(prompt):] = torch.tensor(prompt, dtype=torch.long)
            attention_mask[row, width - len(prompt):] = 1
        # A complete config, not the model's saved defaults (transformers would otherwise add top_k=50).
        # The warpers (temperature, top-k, top-p) are passed as processors of our own, in the order
        # generate() would build them, so that the recorder can sit before them (raw logprobs) or
        # after them (processed); the config itself leaves sampling untouched.
        config = GenerationConfig(
            do_sample=not sampling.greedy,
            temperature=None if sampling.greedy else 1.0,
            top_p=None if sampling.greedy else 1.0,
            top_k=None if sampling.greedy else 0,
            max_new_tokens=sampling.max_new_tokens,
            eos_token_id=stop_ids,
            pad_token_id=self.pad_token_id,
            bos_token_id=None,
            return_dict_in_generate=True,
            stop_strings=list(sampling.stop) or None,
        )
        recorder = _SampledLogprobs()
        processors = LogitsProcessorList(_warpers(sampling))
        processors.insert(len(processors) if self.logprobs_mode == "processed" else 0, recorder)
        kwargs = {"tokenizer": self.tokenizer} if sampling.stop else {}
        devices = [self.device.index or 0] if self.device.type == "cuda" else []
        # fork_rng: a seeded call leaves the caller's global RNG exactly as it was.
        with torch.random.fork_rng(devices=devices, enabled=seed is not None), torch.no_grad():
            if seed is not None:
                torch.manual_seed(seed)
            result = self.model.generate(
                input_ids=input_ids.to(self.device), attention_mask=attention_mask.to(self.device),
                generation_config=config, logits_processor=processors, **kwargs,
            )
        new = result.sequences[:, width:]
        logprobs = recorder.finish(new).cpu()
        new = new.cpu()
        gens: List[Generation] = []
        for row in range(len(batch)):
            ids = new[row].tolist()
            length, reason = self._cut(ids, stop_ids, sampling)
            ids = ids[:length]
            gens.append(Generation(tuple(ids), tuple(logprobs[row, :length].tolist()), reason))
        return gens

    def _cut(self, ids: List[int], stop_ids: List[int], sampling: SamplingParams) -> Tuple[int, str]:
        """Where a row's own generation ended: rows that finish early are padded by ``generate``."""
        stops = set(stop_ids)
        for t, tok in enumerate(ids):
            if tok in stops:
                return t + 1, "stop"
            if sampling.stop:
                text = self.tokenizer.decode(ids[max(0, t - 64):t + 1])
                if any(s in text for s in sampling.stop):
                    return t + 1, "stop"
        return len(ids), "length" if len(ids) >= sampling.max_new_tokens else "stop"


def _warpers(sampling: SamplingParams) -> List[Any]:
    """The sampling warpers generate() would build for these settings, in its order (none for greedy decoding)."""
    from transformers import TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper

    if sampling.greedy:
        return []
    out: List[Any] = []
    if sampling.temperature != 1.0:
        out.append(TemperatureLogitsWarper(sampling.temperature))
    if sampling.top_k:
        out.append(TopKLogitsWarper(top_k=sampling.top_k, min_tokens_to_keep=1))
    if sampling.top_p < 1.0:
        out.append(TopPLogitsWarper(top_p=sampling.top_p, min_tokens_to_keep=1))
    return out


class _SampledLogprobs:
    """A logits processor that keeps the sampled token's log-probability at each step, not the whole distribution.

    ``output_scores``/``output_logits`` would keep a float32 vocabulary-sized tensor per step and
    row until generate() returns (``rows x steps x vocab``: 2.5 GB for 8 rows of 512 tokens over
    Qwen's 152k vocabulary, twice with both). Here only the last step's log-softmax lives: at
    each call the token chosen at the previous step is the last column of ``input_ids``, so its
    log-probability is gathered and the previous distribution dropped. It returns the scores
    unchanged; placed before the warpers it sees the model's logits, after them the sampling
    distribution.
    """

    def __init__(self) -> None:
        self.pending: Any = None
        self.steps: List[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        if self.pending is not None:
            self.steps.append(self.pending.gather(-1, input_ids[:, -1:]).squeeze(-1))
        self.pending = torch.log_softmax(scores.float(), dim=-1)
        return scores

    def finish(self, new_tokens: Any) -> Any:
        """``[rows, steps]`` logprobs of ``new_tokens`` (the generated columns, after any undone steps)."""
        import torch

        count = new_tokens.shape[1]
        if len(self.steps) < count and self.pending is not None:
            self.steps.append(self.pending.gather(-1, new_tokens[:, len(self.steps):len(self.steps) + 1]).squeeze(-1))
        self.pending = None
        if len(self.steps) < count:
            raise RuntimeError(f"Expected a logprob for each of {count} generated tokens, recorded {len(self.steps)}")
        if not count:
            return torch.zeros((new_tokens.shape[0], 0))
        return torch.stack(self.steps[:count], dim=1)
