"""Validation during training: held-out problems, a fixed list of episode starts, and their episodes as ``val/`` metrics."""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from refine_env.env import RefineCodeEnv
from refine_env.problems import Problem
from refine_env.sandbox import Judge

from ..backends import SamplingParams
from ..policy import LLMPolicy
from .config import PPOConfig
from .environments import make_env, validation_problems
from .rollout import EpisodeStart, derive_seed, run_episodes
from .scoring import EpisodeSummary, outcome_metrics, summarize

__all__ = ["Validation", "validation_metrics"]


class Validation:
    """The held-out episodes of a training run: problems (loaded on first use), starts, and environments kept between calls.

    The same starts with the same env seeds every time, so validations at different steps
    play the same episodes; nothing here touches the training state (RNG streams, sampler,
    drafts).
    """

    def __init__(self, config: PPOConfig, *, sandbox: Judge, training: Sequence[Problem],
                 problems: Optional[Sequence[Problem]] = None) -> None:
        self.config = config
        self.sandbox = sandbox
        self._training = training
        self._problems = list(problems) if problems is not None else None
        self._envs: List[RefineCodeEnv] = []

    def problems(self) -> List[Problem]:
        """The held-out problems of ``validation_split`` (or those given to the constructor)."""
        if self._problems is None:
            self._problems = validation_problems(self.config, self._training)
        return self._problems

    def starts(self) -> List[EpisodeStart]:
        """Every validation episode in a fixed order: each problem from scratch, and with ``validation_starts="mutant"``
        also from its first labelled wrong solution (allowed by ``mutant_labels``), ``validation_episodes`` times."""
        config = self.config
        starts: List[EpisodeStart] = []
        for problem in self.problems():
            kinds = [EpisodeStart(problem.id)]
            if config.validation_starts == "mutant":
                labels = [m.label for m in problem.mutants if config.mutant_labels is None or m.label in config.mutant_labels]
                if labels:
                    kinds.append(EpisodeStart(problem.id, "mutant", mutant_label=labels[0]))
            starts.extend(s for s in kinds for _ in range(config.validation_episodes))
        return starts

    def envs(self, n: int) -> List[RefineCodeEnv]:
        """``n`` environments over the validation problems (made on first need, then reused)."""
        while len(self._envs) < n:
            self._envs.append(make_env(self.config, self.problems(), self.sandbox))
        return self._envs[:n]

    def play(self, policy: LLMPolicy, envs: Sequence[RefineCodeEnv], starts: Sequence[EpisodeStart],
             indices: Sequence[int], *, rank: int, max_model_len: Optional[int]) -> List[EpisodeSummary]:
        """Play ``starts[j]`` for each ``j`` of ``indices`` (this process's share), ``len(envs)`` at a time.

        Greedy decoding unless ``validation_temperature > 0``; rewards are the env's own (no
        progress bonus or overlong shaping).
        """
        config = self.config
        sampling = SamplingParams(temperature=config.validation_temperature, max_new_tokens=config.max_new_tokens)
        summaries: List[EpisodeSummary] = []
        for begin in range(0, len(indices), len(envs)):
            chunk = list(indices[begin:begin + len(envs)])
            episodes, _ = run_episodes(
                policy, envs, [starts[j] for j in chunk], groups=chunk,
                env_seeds=[derive_seed(config.seed, 6, j) for j in chunk],
                policy_seed=derive_seed(config.seed, 7, rank, begin), max_model_len=max_model_len, sampling=sampling,
            )
            summaries.extend(summarize(ep) for ep in episodes)
        return summaries

    def close(self) -> None:
        for env in self._envs:
            env.close()


def validation_metrics(summaries: Sequence[EpisodeSummary]) -> Dict[str, float]:
    """The outcome metrics of all processes' validation episodes under ``val/`` (``env/solved_rate`` -> ``val/solved_rate``)."""
    metrics = {}
    for key, value in outcome_metrics(list(summaries)).items():
        metrics["val/" + (key[len("env/"):] if key.startswith("env/") else key)] = value
    metrics["val/episodes"] = float(len(summaries))
    return metrics
