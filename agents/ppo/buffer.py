"""Rollout storage: episodes padded into a typed batch, micro-batches packed by length, mini-batches for updates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, NamedTuple, Optional, Sequence

import numpy as np
import torch

if TYPE_CHECKING:
    from .rollout import Episode

__all__ = ["RolloutBatch", "build_batch", "pack_by_length", "mini_batches"]

Tensor = torch.Tensor


class RolloutBatch(NamedTuple):
    """A step's episodes as padded tensors; per-token fields are ``[episodes, tokens]``, right-padded.

    Per-token fields are aligned with ``input_ids``: entry ``t`` concerns token ``t`` (its
    logprob is the model's prediction of token t from tokens before t). ``action_mask`` is 1
    exactly on model-written tokens (never on the first token, the chat template, environment
    feedback or padding).
    """

    input_ids: Tensor
    """Token ids (long), padded with the pad id."""
    attention_mask: Tensor
    """1 on real tokens, 0 on padding (long)."""
    action_mask: Tensor
    """1 on model-written tokens (float)."""
    turn_index: Tensor
    """Which turn of the episode wrote the token; -1 off model-written tokens (long)."""
    rewards: Tensor
    """Per-token reward: each turn's reward on that turn's last model token (plus a KL term when in the reward)."""
    sampled_logprobs: Tensor
    """The rollout engine's logprobs of the sampled tokens (diagnostics: engine vs trainer)."""
    old_logprobs: Tensor
    """log pi_old(token | prefix), recomputed by the training model before the update."""
    ref_logprobs: Tensor
    """log pi_ref(token | prefix) of the frozen reference (0 without a KL term)."""
    values: Tensor
    """The value head's V(prefix) before each model token (0 without a critic)."""
    advantages: Tensor
    """Per-token advantages (filled by the estimator)."""
    returns: Tensor
    """Per-token value targets (filled by critic estimators)."""
    groups: Tensor
    """Group id of each episode: same problem and start (long, ``[episodes]``)."""
    episode_returns: Tensor
    """Sum of each episode's turn rewards (``[episodes]``)."""
    turn_rewards: Tensor
    """Reward of each turn (``[episodes, max turns]``, 0 past the episode's turns)."""
    turn_mask: Tensor
    """1 for the episode's turns (``[episodes, max turns]``)."""
    turn_first: Tensor
    """Position of each turn's first model token (``[episodes, max turns]``, long; 0 past the turns)."""
    lengths: Tensor
    """Real tokens per episode (``[episodes]``, long)."""
    rollout_is_weights: Tensor
    """Truncated importance weight ``min(pi_old / pi_rollout, C)`` of each model token (filled by the score pass; 1 before)."""

    @property
    def num_episodes(self) -> int:
        return int(self.input_ids.shape[0])

    def select(self, rows: Sequence[int]) -> RolloutBatch:
        """The episodes ``rows`` with padding trimmed to their longest sequence."""
        index = torch.as_tensor(list(rows), dtype=torch.long)
        width = int(self.lengths[index].max()) if len(index) else 0
        fields = []
        for name, value in zip(self._fields, self):
            picked = value.index_select(0, index.to(value.device))
            if picked.dim() == 2 and name not in ("turn_rewards", "turn_mask", "turn_first"):
                picked = picked[:, :width]
            fields.append(picked)
        return RolloutBatch(*fields)

    def to(self, device: torch.device) -> RolloutBatch:
        return RolloutBatch(*(t.to(device) for t in self))


def build_batch(episodes: Sequence[Episode], *, pad_token_id: int) -> RolloutBatch:
    """Pad episodes into a :class:`RolloutBatch`; model-derived fields (logprobs, values, advantages) start at 0."""
    if not episodes:
        raise ValueError("Expected at least one episode, got none")
    n = len(episodes)
    width = max(len(e.token_ids) for e in episodes)
    turns = max(len(e.turn_rewards) for e in episodes)
    input_ids = torch.full((n, width), int(pad_token_id), dtype=torch.long)
    attention = torch.zeros((n, width), dtype=torch.long)
    action = torch.zeros((n, width))
    turn_index = torch.full((n, width), -1, dtype=torch.long)
    rewards = torch.zeros((n, width))
    sampled = torch.zeros((n, width))
    turn_rewards = torch.zeros((n, max(turns, 1)))
    turn_mask = torch.zeros((n, max(turns, 1)))
    turn_first = torch.zeros((n, max(turns, 1)), dtype=torch.long)
    for row, ep in enumerate(episodes):
        length = len(ep.token_ids)
        input_ids[row, :length] = torch.tensor(ep.token_ids, dtype=torch.long)
        attention[row, :length] = 1
        mask = torch.tensor(ep.mask, dtype=torch.float32)
        if length and mask[0] != 0:
            raise ValueError(f"Expected episode {row}'s first token to be a prompt token (mask 0), got a model token")
        action[row, :length] = mask
        turn_index[row, :length] = torch.tensor(ep.turn_of_token, dtype=torch.long)
        sampled[row, :length] = torch.tensor(ep.sampled_logprobs, dtype=torch.float32) * mask
        for k, reward in enumerate(ep.turn_rewards):
            positions = (turn_index[row] == k).nonzero().flatten()
            if len(positions) == 0:
                raise ValueError(f"Expected turn {k} of episode {row} to hold model tokens, got none")
            rewards[row, int(positions[-1])] += float(reward)
            turn_rewards[row, k] = float(reward)
            turn_mask[row, k] = 1.0
            turn_first[row, k] = int(positions[0])
    zeros = torch.zeros((n, width))
    return RolloutBatch(
        input_ids=input_ids, attention_mask=attention, action_mask=action, turn_index=turn_index, rewards=rewards,
        sampled_logprobs=sampled, old_logprobs=zeros.clone(), ref_logprobs=zeros.clone(), values=zeros.clone(),
        advantages=zeros.clone(), returns=zeros.clone(),
        groups=torch.tensor([e.group for e in episodes], dtype=torch.long),
        episode_returns=torch.tensor([float(sum(e.turn_rewards)) for e in episodes]),
        turn_rewards=turn_rewards, turn_mask=turn_mask, turn_first=turn_first,
        lengths=torch.tensor([len(e.token_ids) for e in episodes], dtype=torch.long),
        rollout_is_weights=action.clone(),
    )


def pack_by_length(lengths: Sequence[int], max_tokens: int) -> List[List[int]]:
    """Group sequence indices into micro-batches whose padded size (rows x longest) stays within ``max_tokens``.

    Longest first, each bin filled while it fits: sequences of similar length share a bin, so
    little compute goes to padding. A sequence longer than the budget gets a bin of its own.
    Deterministic: ties keep index order.
    """
    if max_tokens < 1:
        raise ValueError(f"Expected max_tokens >= 1, got {max_tokens}")
    order = sorted(range(len(lengths)), key=lambda i: (-int(lengths[i]), i))
    bins: List[List[int]] = []
    current: List[int] = []
    longest = 0
    for i in order:
        length = int(lengths[i])
        if current and (len(current) + 1) * max(longest, length) > max_tokens:
            bins.append(current)
            current, longest = [], 0
        current.append(i)
        longest = max(longest, length)
    if current:
        bins.append(current)
    return bins


def mini_batches(micro_batches: Sequence[Sequence[int]], *, episodes_per_mini_batch: int,
                 rng: Optional[np.random.Generator]) -> Iterator[List[List[int]]]:
    """Shuffle whole micro-batches and group them into mini-batches of about ``episodes_per_mini_batch`` episodes.

    Micro-batches stay intact across epochs, so every sequence is always forwarded with the
    same neighbours and padding: before the first optimiser step the recomputed logprobs equal
    the rollout's old logprobs bit for bit (ratio exactly 1). ``episodes_per_mini_batch=0``
    yields one mini-batch of everything; ``rng=None`` keeps the order.
    """
    order = list(range(len(micro_batches)))
    if rng is not None:
        order = [int(i) for i in rng.permutation(len(order))]
    if episodes_per_mini_batch <= 0:
        yield [list(micro_batches[i]) for i in order]
        return
    mini_batch: List[List[int]] = []
    size = 0
    for i in order:
        mini_batch.append(list(micro_batches[i]))
        size += len(micro_batches[i])
        if size >= episodes_per_mini_batch:
            yield mini_batch
            mini_batch, size = [], 0
    if mini_batch:
        yield mini_batch
