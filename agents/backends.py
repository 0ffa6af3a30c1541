"""The generation backend interface shared by transformers, vLLM, OpenAI-compatible servers and test fakes."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

__all__ = [
    "SamplingParams",
    "Generation",
    "TextGeneration",
    "Backend",
    "TokensNotSupportedError",
    "BackendError",
    "LOGPROB_MODES",
    "make_backend",
    "BACKEND_PREFIXES",
]

LOGPROB_MODES = ("raw", "processed")
FINISH_REASONS = ("stop", "length")
BACKEND_PREFIXES = ("hf", "vllm", "openai")


class BackendError(RuntimeError):
    """A backend failed to produce a generation (e.g. a server kept failing after retries)."""


class TokensNotSupportedError(TypeError):
    """Raised when token ids are asked of a text-only backend."""


@dataclass(frozen=True)
class SamplingParams:
    """How to sample one turn; the same meaning on every backend."""

    temperature: float = 1.0
    """Softmax temperature; 0 means greedy decoding."""
    top_p: float = 1.0
    """Nucleus sampling mass in (0, 1]; 1 disables it."""
    top_k: int = 0
    """Keep the k most likely tokens; 0 disables it."""
    max_new_tokens: int = 512
    """Most tokens the model may write in one turn (end-of-turn token included)."""
    seed: Optional[int] = None
    """Seed of this call's sampling; None draws from the backend's own generator."""
    stop: Tuple[str, ...] = ()
    """Strings that end the turn; the text up to and including the stop string is kept."""

    def __post_init__(self) -> None:
        if isinstance(self.temperature, bool) or not isinstance(self.temperature, (int, float)) \
                or not math.isfinite(self.temperature) or self.temperature < 0:
            raise ValueError(f"Expected temperature to be a finite float >= 0, got {self.temperature!r}")
        if isinstance(self.top_p, bool) or not isinstance(self.top_p, (int, float)) or not 0 < self.top_p <= 1:
            raise ValueError(f"Expected top_p to be a float in (0, 1], got {self.top_p!r}")
        if isinstance(self.top_k, bool) or not isinstance(self.top_k, int) or self.top_k < 0:
            raise ValueError(f"Expected top_k to be an int >= 0 (0 disables it), got {self.top_k!r}")
        if isinstance(self.max_new_tokens, bool) or not isinstance(self.max_new_tokens, int) or self.max_new_tokens < 1:
            raise ValueError(f"Expected max_new_tokens to be a positive int, got {self.max_new_tokens!r}")
        if self.seed is not None and (isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0):
            raise ValueError(f"Expected seed to be None or an int >= 0, got {self.seed!r}")
        if isinstance(self.stop, str) or not all(isinstance(s, str) and s for s in self.stop):
            raise TypeError(f"Expected stop to be a tuple of non-empty str, got {self.stop!r}")
        object.__setattr__(self, "stop", tuple(self.stop))

    @property
    def greedy(self) -> bool:
        """Whether this samples nothing: temperature 0."""
        return self.temperature == 0


@dataclass(frozen=True)
class Generation:
    """One prompt's sampled continuation from a token backend."""

    token_ids: Tuple[int, ...]
    """The sampled ids exactly as the engine produced them, the end-of-turn token included when it stopped on one."""
    logprobs: Tuple[float, ...]
    """The log-probability of each sampled id (the backend's ``logprobs_mode`` says under which distribution)."""
    finish_reason: str
    """``"stop"`` (a stop token or string) or ``"length"`` (max_new_tokens reached)."""

    def __post_init__(self) -> None:
        if len(self.token_ids) != len(self.logprobs):
            raise ValueError(f"Expected one logprob per token, got {len(self.logprobs)} for {len(self.token_ids)} tokens")
        if self.finish_reason not in FINISH_REASONS:
            raise ValueError(f"Expected finish_reason to be one of {FINISH_REASONS}, got {self.finish_reason!r}")


@dataclass(frozen=True)
class TextGeneration:
    """One conversation's reply from a text backend."""

    text: str
    """The assistant message's content."""
    finish_reason: str
    """``"stop"`` or ``"length"``."""


class Backend:
    """A source of model turns.

    Token backends (transformers, vLLM) implement :meth:`generate` and expose ``tokenizer``; the
    policy applies the chat template and keeps token sequences. Text backends (OpenAI-compatible
    servers) implement :meth:`chat`: the server applies its template, so there are no token ids,
    masks or logprobs to train on.
    """

    name: str = "backend"
    supports_tokens: bool = False
    tokenizer: Any = None
    logprobs_mode: str = "raw"

    def generate(self, prompts: Sequence[Sequence[int]], *, sampling: SamplingParams,
                 stop_token_ids: Sequence[int]) -> List[Generation]:
        """Sample one continuation per prompt (token ids in, token ids and logprobs out)."""
        raise TokensNotSupportedError(
            f"Expected a token backend (hf:PATH or vllm:PATH) for token ids, masks and logprobs, got the "
            f"text-only {type(self).__name__}: a chat server applies its own template and returns text, "
            "which cannot be trained on token-exactly"
        )

    def chat(self, conversations: Sequence[Sequence[Mapping[str, str]]], *,
             sampling: SamplingParams) -> List[TextGeneration]:
        """Reply to each conversation (text in, text out)."""
        raise NotImplementedError(f"{type(self).__name__} generates from token ids; use generate()")

    def close(self) -> None:
        """Release the backend's resources (engine, threads); idempotent."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_prompts(prompts: Sequence[Sequence[int]]) -> List[List[int]]:
    """Validate a batch of token-id prompts; shared by the token backends."""
    if isinstance(prompts, (str, bytes)) or not isinstance(prompts, Sequence):
        raise TypeError(f"Expected prompts to be a sequence of token-id sequences, got {type(prompts).__name__}")
    out: List[List[int]] = []
    for i, prompt in enumerate(prompts):
        if isinstance(prompt, (str, bytes)):
            raise TypeError(f"Expected prompts[{i}] to be a sequence of token ids, got {type(prompt).__name__}")
        ids = [int(t) for t in prompt]
        if not ids:
            raise ValueError(f"Expected prompts[{i}] to hold at least one token id, got an empty prompt")
        out.append(ids)
    return out


def _suggest(name: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_spec(spec: str) -> Tuple[str, str, Optional[str]]:
    """Split ``"kind:target[#model]"`` into its parts, with an error that names the valid kinds."""
    if not isinstance(spec, str) or ":" not in spec:
        raise ValueError(
            f"Expected a backend spec like 'hf:PATH', 'vllm:PATH' or 'openai:URL[#model]', got {spec!r}"
        )
    kind, _, target = spec.partition(":")
    if kind not in BACKEND_PREFIXES:
        raise ValueError(f"Expected the backend kind to be one of {BACKEND_PREFIXES}, got {kind!r}{_suggest(kind, BACKEND_PREFIXES)}")
    model: Optional[str] = None
    if kind == "openai" and "#" in target:
        target, _, model = target.rpartition("#")
    if not target:
        raise ValueError(f"Expected a path or URL after {kind + ':'!r}, got {spec!r}")
    return kind, target, model


def _check_model_folder(kind: str, target: str) -> None:
    """A target written as a path must be a folder here (else transformers reads it as a hub repo id and says that)."""
    import os

    path = os.path.expanduser(target)
    if os.path.isdir(path):
        return
    as_path = target.startswith(("/", "./", "../", "~")) or target.strip("/").count("/") > 1
    if not as_path:
        return  # NAME or ORG/NAME: a hub id, which transformers resolves (from its cache when offline)
    what = "a file, not a folder" if os.path.exists(path) else "no such folder"
    raise FileNotFoundError(f"Expected {kind}:PATH to name a model folder (config.json and weights), got {target!r}: {what}")


def make_backend(spec: str, *, device: Optional[str] = None, logprobs_mode: str = "raw",
                 options: Optional[Mapping[str, Any]] = None) -> Backend:
    """A backend from a CLI spec: ``hf:PATH``, ``vllm:PATH`` or ``openai:URL[#model]``.

    ``options`` are keyword arguments of the backend's constructor (checked by it, so a typo
    raises a TypeError naming the argument).
    """
    kind, target, model = parse_spec(spec)
    kwargs: Dict[str, Any] = dict(options or {})
    if kind in ("hf", "vllm"):
        _check_model_folder(kind, target)
    if kind == "hf":
        from .hf_backend import TransformersBackend

        return TransformersBackend(target, device=device or "cpu", logprobs_mode=logprobs_mode, **kwargs)
    if kind == "vllm":
        from .vllm_backend import VLLMBackend

        return VLLMBackend(target, logprobs_mode=logprobs_mode, **kwargs)
    from .openai_backend import OpenAIBackend

    return OpenAIBackend(target, model=model, **kwargs)
