"""The bookkeeping both environments share: turns, transitions, tests run, and what rewards see before the end."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from refine_env.rewards import Composite, Transition

__all__ = ["Episode", "visible"]


def visible(transitions: Sequence[Transition], *, ended: bool) -> List[Transition]:
    """The transitions a reward function may see: all of them once the episode has ended, before then none of the probes.

    A probe holds the hidden-test results of the episode's initial attempt (the baseline of
    ``improvement``): hidden results must not reach a reward, and through it the agent, before
    the episode ends. This is the one place that rule is written.
    """
    return list(transitions) if ended else [t for t in transitions if not t.probe]


class Episode:
    """One episode's turn count, transitions and program runs, against a turn budget.

    The env calls :meth:`reset` at reset, :meth:`start_turn` first in every step,
    :meth:`count_tests` for every program run, :meth:`add_probe` for a silent baseline (at the
    end only), and :meth:`record` last in every step; :meth:`reward` then gives the step's reward
    and its terms, computed on :attr:`transitions` (what is visible, :func:`visible`).
    """

    def __init__(self, *, max_turns: int, reward_fn: Composite) -> None:
        self.max_turns = max_turns
        self.reward_fn = reward_fn
        self.turn = 0
        """Turns used: 0 after reset, k during and after the k-th step."""
        self.done = True
        """The episode has ended (or none has started)."""
        self.tests_executed = 0
        """Program runs the episode has cost so far (public, agent inputs, generated, hidden and probe tests)."""
        self._transitions: List[Transition] = []
        self._tests_at_turn = 0

    def reset(self) -> None:
        """Start a new episode: no turns, no transitions, no runs."""
        self.turn = 0
        self.done = False
        self.tests_executed = 0
        self._transitions = []
        self._tests_at_turn = 0

    def expect_running(self) -> None:
        """Raise unless an episode is under way (reset and not ended)."""
        if self.done:
            raise RuntimeError("Expected reset() before step(): the episode has ended or not started")

    def start_turn(self) -> None:
        """The step begins: one more turn used."""
        self.expect_running()
        self.turn += 1
        self._tests_at_turn = self.tests_executed

    def count_tests(self, n: int) -> None:
        """``n`` more program runs paid for."""
        self.tests_executed += n

    def out_of_turns(self, *, submitted: bool) -> bool:
        """Whether this step used the last turn without submitting: the budget's end, a terminal state."""
        return not submitted and self.turn >= self.max_turns

    def add_probe(self, *, hidden_passed: int, hidden_total: int, hidden_verdict: str, tests_executed: int) -> None:
        """The silent hidden-test results of the initial attempt, first in the list; rewards see them only once the episode ends."""
        self._transitions.insert(0, Transition(turn=0, intent=None, hidden_passed=hidden_passed, hidden_total=hidden_total,
                                               hidden_verdict=hidden_verdict, probe=True, tests_executed=tests_executed))

    def record(self, *, intent: Optional[str], format_error: bool, public_passed: Optional[int] = None,
               public_total: Optional[int] = None, hidden_passed: Optional[int] = None, hidden_total: Optional[int] = None,
               hidden_verdict: Optional[str] = None, terminal: bool = False, truncated: bool = False) -> None:
        """The step's transition (its runs counted since :meth:`start_turn`); a terminal one ends the episode."""
        self._transitions.append(Transition(
            turn=self.turn, intent=intent, format_error=format_error,
            public_passed=public_passed, public_total=public_total,
            hidden_passed=hidden_passed, hidden_total=hidden_total, hidden_verdict=hidden_verdict,
            terminal=terminal, truncated=truncated, tests_executed=self.tests_executed - self._tests_at_turn,
        ))
        if terminal:
            self.done = True

    @property
    def transitions(self) -> Tuple[Transition, ...]:
        """The episode's transitions as reward functions see them now (:func:`visible`)."""
        return tuple(visible(self._transitions, ended=self.done))

    def reward(self) -> Tuple[float, Dict[str, Any]]:
        """The reward of the step just recorded and its terms (``info["reward_terms"]``)."""
        seen = visible(self._transitions, ended=self.done)
        return float(self.reward_fn(seen)), self.reward_fn.terms(seen)
