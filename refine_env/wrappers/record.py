"""RecordEpisodes: append each finished episode to a JSONL file (actions, feedback, verdicts, rewards)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, SupportsFloat, Tuple, Union

import gymnasium as gym

from refine_env._validation import expect_int

__all__ = ["RecordEpisodes", "recorded_observations", "MIN_SHARED_PREFIX"]

MIN_SHARED_PREFIX = 256
"""A step's observation is stored as a suffix only when it repeats at least this many leading characters of the one before."""


def _shared_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of ``a`` and ``b`` (by halving: C-speed slice compares, no per-char loop)."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # a[:lo] == b[:lo] and a[:hi] != b[:hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def recorded_observations(record: Mapping[str, Any]) -> List[str]:
    """The full observation after each step of a recorded episode, rebuilt from what :class:`RecordEpisodes` stored.

    A step with ``feedback_prefix`` p stored only the text after the first p characters, which
    are those of the observation before it (the prompt, for the first step).
    """
    previous: Optional[str] = record.get("prompt")
    out: List[str] = []
    for number, step in enumerate(record.get("steps") or [], start=1):
        text = step.get("feedback")
        if not isinstance(text, str):
            raise ValueError(f"Expected step {number} of a recorded episode to have a str feedback, got {type(text).__name__}")
        prefix = step.get("feedback_prefix", 0)
        if prefix:
            length = len(previous or "")
            expect_int(f"step {number}'s feedback_prefix", prefix, low=1, high=length,
                       expected=f"an int in [1, {length}] (the previous observation's length)")
            text = (previous or "")[:prefix] + text
        out.append(text)
        previous = text
    return out


class RecordEpisodes(gym.Wrapper[str, str, str, str]):
    """Write one JSON line per finished episode to ``path``; observations and actions pass unchanged.

    A line holds the problem id, seed, every step's action, feedback, reward, intent, verdicts
    (public, test and, at the end, hidden counts and verdicts: never hidden inputs or outputs,
    since the env never puts them in ``info``), reward terms and the return. Lines are flushed
    as episodes end, so an interrupted run keeps every finished episode.

    Each step stores only what is new: when an observation starts with at least
    ``MIN_SHARED_PREFIX`` characters of the previous one (under :class:`HistoryObservation` it
    repeats the whole transcript so far), the step keeps ``feedback_prefix`` (how many leading
    characters are the previous observation's) and ``feedback`` holds only the rest, so a file
    grows linearly with the episode's length, not quadratically. :func:`recorded_observations`
    rebuilds the full texts. The previous observation is the prompt for the first step only
    when the prompt is recorded.
    """

    def __init__(self, env: gym.Env[str, str], path: Union[str, os.PathLike[str]], *, include_prompt: bool = True) -> None:
        super().__init__(env)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.include_prompt = include_prompt
        self._file = open(self.path, "a", encoding="utf-8")
        self._episode: Optional[Dict[str, Any]] = None
        self._previous: Optional[str] = None

    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[str, Dict[str, Any]]:
        obs, info = super().reset(seed=seed, options=options)
        self._episode = {
            "problem_id": info.get("problem_id"),
            "seed": seed,
            "options": {k: v for k, v in (options or {}).items() if isinstance(v, (str, int, float, bool))},
            "prompt": obs if self.include_prompt else None,
            "steps": [],
            "return": 0.0,
        }
        self._previous = obs if self.include_prompt else None
        return obs, info

    def step(self, action: str) -> Tuple[str, SupportsFloat, bool, bool, Dict[str, Any]]:
        obs, reward, terminated, truncated, info = super().step(action)
        if self._episode is None:
            raise RuntimeError("Expected reset() before step() on RecordEpisodes")
        keep = {k: info[k] for k in ("turn", "intent", "format_error", "public", "test", "hidden", "reward_terms") if k in info}
        text: Dict[str, Any] = {"feedback": obs}
        if isinstance(obs, str) and self._previous is not None:
            shared = _shared_prefix(self._previous, obs)
            if shared >= MIN_SHARED_PREFIX:
                text = {"feedback_prefix": shared, "feedback": obs[shared:]}
        self._previous = obs if isinstance(obs, str) else None
        self._episode["steps"].append({"action": action, **text, "reward": float(reward), **keep})
        self._episode["return"] += float(reward)
        if terminated or truncated:
            self._episode["terminated"] = bool(terminated)
            self._episode["truncated"] = bool(truncated)
            self._file.write(json.dumps(self._episode, ensure_ascii=False) + "\n")
            self._file.flush()
            self._episode = None
            self._previous = None
        return obs, reward, terminated, truncated, info

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
        super().close()
