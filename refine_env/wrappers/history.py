"""HistoryObservation: the observation is the episode's whole transcript, not the latest feedback."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, SupportsFloat, Tuple

import gymnasium as gym

from refine_env._validation import expect_int
from refine_env.feedback import fit
from refine_env.spaces import UnicodeText

__all__ = ["HistoryObservation"]


class HistoryObservation(gym.ObservationWrapper[str, str, str]):
    """Replace each observation by the transcript so far: prompt, then every action and its feedback.

    For policies without a memory of their own (a model called on one string). Each action and
    feedback is headed ``### Action k`` / ``### Feedback k``. When the transcript exceeds
    ``max_chars`` its middle is cut, keeping the prompt's start and the latest turns.
    """

    def __init__(self, env: gym.Env[str, str], *, max_chars: int = 96_000) -> None:
        super().__init__(env)
        expect_int("max_chars", max_chars, low=2000)
        self.max_chars = max_chars
        self.observation_space = UnicodeText(max_chars)
        self._parts: List[str] = []
        self._pending_action: Optional[str] = None

    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[str, Dict[str, Any]]:
        self._parts = []
        self._pending_action = None
        return super().reset(seed=seed, options=options)

    def step(self, action: str) -> Tuple[str, SupportsFloat, bool, bool, Dict[str, Any]]:
        self._pending_action = action
        return super().step(action)

    def observation(self, observation: str) -> str:
        if not self._parts:
            self._parts.append(observation)
        else:
            k = len(self._parts) // 2 + 1
            self._parts.append(f"### Action {k}\n{self._pending_action}")
            self._parts.append(f"### Feedback {k}\n{observation}")
        return fit("\n\n".join(self._parts), self.max_chars)
