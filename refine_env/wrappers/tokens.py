"""TokenObservation: the text env's observations as fixed-length arrays of token ids, for numeric algorithms."""

from __future__ import annotations

from typing import Any, Dict, Optional, Protocol, Sequence, Tuple

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from refine_env._validation import expect_int

__all__ = ["TokenObservation", "Tokenizer", "TRUNCATION_SIDES"]

TRUNCATION_SIDES = ("left", "right", "middle")


class Tokenizer(Protocol):
    """Anything with ``encode(text) -> list[int]``: a Hugging Face tokenizer, tiktoken, a test fake."""

    def encode(self, text: str) -> Sequence[int]:
        ...


class TokenObservation(gym.ObservationWrapper[np.ndarray, Any, str]):
    """Encodes each text observation with ``tokenizer`` into a ``Box`` of ``max_tokens`` token ids.

    The observation space is ``Box(0, vocab_size - 1, (max_tokens,), int64)``. Texts longer
    than ``max_tokens`` tokens are cut (``truncation``); shorter ones are filled with
    ``pad_id`` on the right. ``info["tokens"]`` gives the true length, how many tokens were cut
    and where: a learner that needs an attention mask builds it from ``length`` (the first
    ``min(length, max_tokens)`` positions are real).

    Truncation sides: ``"left"`` drops the oldest text and keeps the end; ``"right"`` keeps the
    beginning (Hugging Face's default); ``"middle"`` (default) keeps the first and last halves
    and drops the middle. The default suits this env: the task prompt opens with the statement
    and ends with the action protocol, and feedback opens with the verdict summary and ends with
    the turn counter, while long middles are test listings.

    Limits: the text is tokenized once per observation, without a chat template or special
    tokens (``add_special_tokens=False`` is passed where the tokenizer takes it); a prompt of
    several thousand tokens becomes a long, mostly-padded vector that an MLP learns little from.
    Only observations change: actions stay text, so this wrapper alone does not make
    ``RefineCode-v0`` trainable by Stable-Baselines3, whose algorithms need numeric actions
    too. For SB3 use ``RefineCodeSelect-v0``; use this wrapper to feed a tokenizer-aware
    learner (a sequence model of your own, a world model, a reward model) from the text env.
    """

    def __init__(
        self,
        env: gym.Env[str, str],
        *,
        tokenizer: Tokenizer,
        max_tokens: int = 1024,
        vocab_size: Optional[int] = None,
        pad_id: Optional[int] = None,
        truncation: str = "middle",
    ) -> None:
        super().__init__(env)
        if not callable(getattr(tokenizer, "encode", None)):
            raise TypeError(f"Expected tokenizer to have encode(str) -> list[int], got {type(tokenizer).__name__}")
        expect_int("max_tokens", max_tokens, low=1)
        if truncation not in TRUNCATION_SIDES:
            raise ValueError(f"Expected truncation to be one of {TRUNCATION_SIDES}, got {truncation!r}")
        if vocab_size is None:
            # len() of a Hugging Face tokenizer counts added special tokens; .vocab_size does not.
            if hasattr(tokenizer, "__len__"):
                vocab_size = len(tokenizer)  # type: ignore[arg-type]
            elif isinstance(getattr(tokenizer, "vocab_size", None), int):
                vocab_size = tokenizer.vocab_size  # type: ignore[attr-defined]
            elif callable(getattr(tokenizer, "get_vocab_size", None)):
                vocab_size = int(tokenizer.get_vocab_size())  # type: ignore[attr-defined]
            else:
                raise ValueError(f"Expected vocab_size to be given: tokenizer {type(tokenizer).__name__} has no len() or vocab_size")
        expect_int("vocab_size", vocab_size, low=1)
        if pad_id is None:
            found = getattr(tokenizer, "pad_token_id", None)
            pad_id = found if isinstance(found, int) else 0
        expect_int("pad_id", pad_id, low=0, high=vocab_size - 1, expected=f"an int in [0, {vocab_size})")
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.vocab_size = vocab_size
        self.pad_id = pad_id
        self.truncation = truncation
        self.observation_space = spaces.Box(low=0, high=vocab_size - 1, shape=(max_tokens,), dtype=np.int64)
        self._last: Dict[str, int] = {}

    def _encode(self, text: str) -> Sequence[int]:
        try:
            return self.tokenizer.encode(text, add_special_tokens=False)  # type: ignore[call-arg]
        except TypeError:
            return self.tokenizer.encode(text)

    def encode(self, text: str) -> Tuple[np.ndarray, Dict[str, int]]:
        """The fixed-length id array for ``text`` and its length facts (``length``, ``cut``)."""
        if not isinstance(text, str):
            raise TypeError(f"Expected a str observation to tokenize, got {type(text).__name__}")
        ids = list(self._encode(text))
        bad = next((t for t in ids if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t < self.vocab_size), None)
        if bad is not None:
            raise ValueError(f"Expected token ids in [0, {self.vocab_size}) from the tokenizer, got {bad!r}")
        n, cap = len(ids), self.max_tokens
        if n > cap:
            if self.truncation == "left":
                ids = ids[n - cap:]
            elif self.truncation == "right":
                ids = ids[:cap]
            else:
                head = (cap + 1) // 2
                ids = ids[:head] + ids[n - (cap - head):]
        out = np.full(cap, self.pad_id, dtype=np.int64)
        out[: len(ids)] = ids
        return out, {"length": n, "cut": max(0, n - cap)}

    def observation(self, observation: str) -> np.ndarray:
        array, self._last = self.encode(observation)
        return array

    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        obs, info = super().reset(seed=seed, options=options)
        return obs, {**info, "tokens": dict(self._last, truncation=self.truncation)}

    def step(self, action: str) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        obs, reward, terminated, truncated, info = super().step(action)
        return obs, reward, terminated, truncated, {**info, "tokens": dict(self._last, truncation=self.truncation)}
