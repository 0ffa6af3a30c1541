"""Scoring episodes: per-turn rewards (the env's shaping plus turn-level progress) and the step's outcome metrics."""

from __future__ import annotations

from typing import Callable, Dict, List, NamedTuple, Optional, Sequence

import numpy as np

from .rollout import Episode

__all__ = ["TurnRewardFn", "EpisodeSummary", "summarize", "progress_rewards", "env_turn_rewards", "soft_overlong_penalty",
           "score_episodes", "outcome_metrics", "group_keep_mask"]

TurnRewardFn = Callable[[Episode], List[float]]
"""Maps a finished episode to one reward per turn (what turn-level estimators credit)."""


def env_turn_rewards(episode: Episode) -> List[float]:
    """The env's step rewards as paid (its preset: e.g. ``binary+turn_cost:0.02`` costs each turn, pays at the end)."""
    return list(episode.env_rewards)


def progress_rewards(public_rates: Sequence[Optional[float]], *, initial: Optional[float], bonus: float) -> List[float]:
    """Per turn: ``bonus`` times the gain of the best public-test pass rate so far, on turns that ran the tests.

    The best rate starts at the given first attempt's (refinement starts) or 0. Only new bests
    pay, so running the same program twice, or a regression followed by a recovery, earns
    nothing: the reward credits the turn that actually improved the program, the signal that
    turn-level estimators spread over that turn's tokens.
    """
    best = 0.0 if initial is None else float(initial)
    out: List[float] = []
    for rate in public_rates:
        if rate is not None and rate > best:
            out.append(bonus * (rate - best))
            best = rate
        else:
            out.append(0.0)
    return out


def soft_overlong_penalty(length: int, *, max_new_tokens: int, buffer: int, penalty: float = 1.0) -> float:
    """DAPO's soft overlong punishment of one turn (Yu et al. 2025, eq. 13), scaled by ``penalty``.

    0 up to ``max_new_tokens - buffer`` tokens, then falling linearly to ``-penalty`` at
    ``max_new_tokens`` (where the turn is cut), so a turn that nearly ran out is punished a
    little and one that was cut fully, instead of the cliff of a plain truncation penalty.
    """
    if buffer <= 0:
        return 0.0
    start = max_new_tokens - buffer
    if length <= start:
        return 0.0
    return -penalty * min(1.0, (length - start) / buffer)


def score_episodes(episodes: Sequence[Episode], *, progress_bonus: float = 0.0,
                   turn_reward_fn: Optional[TurnRewardFn] = None, max_new_tokens: Optional[int] = None,
                   overlong_buffer: int = 0, overlong_penalty: float = 1.0) -> None:
    """Set each episode's ``turn_rewards``: ``turn_reward_fn`` (default: the env's rewards), the progress bonus,
    and with ``overlong_buffer > 0`` the soft overlong punishment of each turn (on that turn's reward).

    A pure function of each episode (calling it twice gives the same rewards).
    """
    fn = turn_reward_fn or env_turn_rewards
    if overlong_buffer and max_new_tokens is None:
        raise ValueError("Expected max_new_tokens with overlong_buffer > 0 (the punishment ramps up to it), got None")
    for ep in episodes:
        rewards = [float(r) for r in fn(ep)]
        if len(rewards) != ep.num_turns:
            raise ValueError(f"Expected turn_reward_fn to return one reward per turn ({ep.num_turns}), got {len(rewards)}")
        if progress_bonus:
            extra = progress_rewards(ep.public_rates, initial=ep.initial_public_rate, bonus=progress_bonus)
            rewards = [a + b for a, b in zip(rewards, extra)]
        if overlong_buffer:
            assert max_new_tokens is not None
            rewards = [r + soft_overlong_penalty(n, max_new_tokens=max_new_tokens, buffer=overlong_buffer,
                                                 penalty=overlong_penalty)
                       for r, n in zip(rewards, ep.turn_lengths)]
        ep.turn_rewards = rewards


def group_keep_mask(episodes: Sequence[Episode], *, metric: str = "reward") -> List[bool]:
    """DAPO's dynamic-sampling filter: per episode, whether its group's ``metric`` varies (keep) or not (drop).

    ``metric`` is ``reward`` (the scored episode return: a group of equal returns gets zero
    group-relative advantage everywhere) or ``solved``. Groups are the episodes sharing ``group``.
    """
    if metric not in ("reward", "solved"):
        raise ValueError(f"Expected metric to be 'reward' or 'solved', got {metric!r}")
    values: Dict[int, List[float]] = {}
    for ep in episodes:
        value = ep.episode_return if metric == "reward" else float(ep.solved)
        values.setdefault(ep.group, []).append(value)
    varied = {g: (max(v) - min(v)) > 1e-9 for g, v in values.items()}
    return [varied[ep.group] for ep in episodes]


class EpisodeSummary(NamedTuple):
    """The numbers of an episode that the step's metrics need (small: gathered from every process)."""

    kind: str
    episode_return: float
    solved: bool
    hidden_rate: float
    turns: int
    format_errors: int
    length_cuts: int
    model_tokens: int
    tokens: int
    context_cut: bool = False


def summarize(episode: Episode) -> EpisodeSummary:
    return EpisodeSummary(
        kind=episode.start.kind, episode_return=episode.episode_return, solved=episode.solved,
        hidden_rate=episode.hidden_rate, turns=episode.num_turns, format_errors=episode.format_errors,
        length_cuts=sum(r == "length" for r in episode.finish_reasons), model_tokens=episode.model_tokens,
        tokens=len(episode.token_ids), context_cut=episode.truncated_reason == "context",
    )


def outcome_metrics(summaries: Sequence[EpisodeSummary]) -> Dict[str, float]:
    """Means over the step's episodes: return, solve rate and hidden pass rate (also per start kind), turns, lengths."""
    if not summaries:
        return {}
    turns = max(1, sum(s.turns for s in summaries))
    out: Dict[str, float] = {
        "reward/mean": float(np.mean([s.episode_return for s in summaries])),
        "reward/std": float(np.std([s.episode_return for s in summaries])),
        "env/solved_rate": float(np.mean([s.solved for s in summaries])),
        "env/hidden_pass_rate": float(np.mean([s.hidden_rate for s in summaries])),
        "env/turns": float(np.mean([s.turns for s in summaries])),
        "env/format_error_rate": sum(s.format_errors for s in summaries) / turns,
        "env/length_cut_rate": sum(s.length_cuts for s in summaries) / turns,
        "env/context_cut_rate": float(np.mean([s.context_cut for s in summaries])),
        "tokens/model_per_episode": float(np.mean([s.model_tokens for s in summaries])),
        "tokens/per_episode": float(np.mean([s.tokens for s in summaries])),
    }
    for kind in ("scratch", "mutant", "draft"):
        chosen = [s for s in summaries if s.kind == kind]
        if chosen:
            out[f"env/solved_rate_{kind}"] = float(np.mean([s.solved for s in chosen]))
            out[f"env/share_{kind}"] = len(chosen) / len(summaries)
    return out
