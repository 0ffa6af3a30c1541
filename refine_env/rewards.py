"""Reward shaping: pure functions of an episode's transitions, named presets, and composition.

A reward function takes the transitions of the episode so far and returns the reward of the
latest one: ``fn(transitions: Sequence[Transition]) -> float``. Presets (``ε`` marks a
parameter, set with ``name:value``; ``h`` is the hidden-test pass rate of the judged code)::

    binary            1 if the final code passes every hidden test, else 0        (at the end)
    pass_rate         h_final                                                      (at the end)
    improvement       h_final - h_initial: the gain over the episode's initial attempt, the code
                      given at reset (``initial_code``/``initial_mutant``), which the env judges
                      on the hidden tests when the episode ends; from scratch h_initial = 0, so it
                      equals pass_rate                                              (at the end)
    turn_cost:ε       -ε on every turn (default ε = 0.05)
    format_penalty:ε  -ε on every turn whose action could not be parsed (default ε = 0.1)
    verdict_typed     CodeRL's typed reward of the final code: +1 accepted, -0.3 wrong answer,
                      -0.6 runtime error, time or memory limit, -1 compile error    (at the end)

Compose presets with ``+`` (``"binary+turn_cost:0.02"``) or :func:`compose`. Any callable of
the transitions is a reward function too. Intermediate steps reward 0 unless a preset says so.
An episode that ends without judged code (out of turns with ``judge_on_truncation=False``)
scores as if nothing passed.

``improvement`` compares with a fixed baseline, never with something the agent chose during the
episode: a baseline taken from the agent's first run would pay it for running a bad program
first (``print(0)``, then the right one, earned 0.94 where submitting the right one at once
earned 0). With a fixed baseline every preset here pays the same for a final program whatever
the actions before it, apart from the costs (``turn_cost``, ``format_penalty``) that the
sequence itself incurs.

A preset declares ``counts_passed`` when its value depends on how many hidden tests pass
(``pass_rate``, ``improvement``); the env then judges every hidden test whatever its
``hidden_stop_on_first_failure`` says. A plain function is assumed to count passes unless it
has ``counts_passed = False``.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from refine_env._validation import did_you_mean

__all__ = [
    "Transition",
    "RewardFn",
    "Preset",
    "binary",
    "pass_rate",
    "improvement",
    "turn_cost",
    "format_penalty",
    "verdict_typed",
    "compose",
    "make_reward",
    "PRESETS",
    "presets",
    "episode_return",
]


@dataclass(frozen=True)
class Transition:
    """What one step did, as rewards see it (no test contents, only counts and verdicts)."""

    turn: int
    """1-based turn number."""
    intent: Optional[str]
    """``run``, ``test`` or ``submit``; None when the action could not be parsed."""
    format_error: bool = False
    """The action could not be parsed (the turn still counts)."""
    public_passed: Optional[int] = None
    """Public tests passed, for ``run`` steps."""
    public_total: Optional[int] = None
    hidden_passed: Optional[int] = None
    """Hidden tests passed, where this step's code was judged on them (the end, or a probe)."""
    hidden_total: Optional[int] = None
    hidden_verdict: Optional[str] = None
    """The first non-AC hidden verdict (``AC`` if all passed)."""
    terminal: bool = False
    """The episode ends at this step (submit, or the turn budget ran out)."""
    truncated: bool = False
    """The episode ended because the turn budget ran out."""
    probe: bool = False
    """Not a step: the hidden figures of the baseline ``improvement`` compares with, judged
    silently. RefineCode-v0 adds it (``turn=0``, first in the list) when an episode that started
    from an initial attempt ends; reward functions see it only then."""
    tests_executed: int = 0
    """Program runs this step cost (public, agent inputs, hidden). A probe transition holds the
    probe's own runs, and the step that ended the episode counts them too, so an episode's cost
    is the sum over the transitions that are not probes (``info["tests_executed"]`` at its end)."""

    @property
    def hidden_rate(self) -> Optional[float]:
        if self.hidden_total:
            return (self.hidden_passed or 0) / self.hidden_total
        return None


RewardFn = Callable[[Sequence[Transition]], float]


class Preset:
    """A named reward function with parameters.

    ``needs_probe`` asks the env to judge the episode's initial attempt on the hidden tests when
    the episode ends; ``counts_passed`` says the value depends on how many hidden tests pass, so
    judging must not stop at the first failure.
    """

    name: str = "preset"
    needs_probe: bool = False
    counts_passed: bool = False

    def __call__(self, transitions: Sequence[Transition]) -> float:
        raise NotImplementedError

    def __add__(self, other: "Union[Preset, RewardFn]") -> "Composite":
        return compose(self, other)

    def __repr__(self) -> str:
        return self.name


def _final_rate(t: Transition) -> float:
    rate = t.hidden_rate
    return 0.0 if rate is None else rate


class _Binary(Preset):
    name = "binary"

    def __call__(self, transitions: Sequence[Transition]) -> float:
        last = transitions[-1]
        if not last.terminal:
            return 0.0
        return 1.0 if last.hidden_total and last.hidden_passed == last.hidden_total else 0.0


class _PassRate(Preset):
    name = "pass_rate"
    counts_passed = True

    def __call__(self, transitions: Sequence[Transition]) -> float:
        last = transitions[-1]
        return _final_rate(last) if last.terminal else 0.0


class _Improvement(Preset):
    name = "improvement"
    needs_probe = True
    counts_passed = True

    def __call__(self, transitions: Sequence[Transition]) -> float:
        last = transitions[-1]
        if not last.terminal:
            return 0.0
        initial = next((t for t in transitions if t.probe), None)
        # From scratch the baseline is "nothing passes": the gain is the final pass rate.
        baseline = 0.0 if initial is None else _final_rate(initial)
        return _final_rate(last) - baseline


@dataclass(frozen=True)
class _TurnCost(Preset):
    cost: float = 0.05

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"turn_cost:{self.cost:g}"

    def __call__(self, transitions: Sequence[Transition]) -> float:
        return -self.cost


@dataclass(frozen=True)
class _FormatPenalty(Preset):
    penalty: float = 0.1

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"format_penalty:{self.penalty:g}"

    def __call__(self, transitions: Sequence[Transition]) -> float:
        return -self.penalty if transitions[-1].format_error else 0.0


VERDICT_REWARDS: Dict[str, float] = {"AC": 1.0, "WA": -0.3, "RE": -0.6, "TLE": -0.6, "MLE": -0.6, "OLE": -0.6, "CE": -1.0}


class _VerdictTyped(Preset):
    name = "verdict_typed"

    def __call__(self, transitions: Sequence[Transition]) -> float:
        last = transitions[-1]
        if not last.terminal:
            return 0.0
        if last.hidden_verdict is None:
            return VERDICT_REWARDS["CE"]
        return VERDICT_REWARDS[last.hidden_verdict]


binary: Preset = _Binary()
pass_rate: Preset = _PassRate()
improvement: Preset = _Improvement()
verdict_typed: Preset = _VerdictTyped()


def turn_cost(cost: float = 0.05) -> Preset:
    return _TurnCost(_nonnegative("turn_cost", cost))


def format_penalty(penalty: float = 0.1) -> Preset:
    return _FormatPenalty(_nonnegative("format_penalty", penalty))


def _nonnegative(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(f"Expected the {name} parameter to be a number >= 0, got {value!r}")
    return float(value)


class Composite(Preset):
    """The sum of several reward functions."""

    def __init__(self, parts: Sequence[Union[Preset, RewardFn]]) -> None:
        self.parts: Tuple[Union[Preset, RewardFn], ...] = tuple(parts)

    @property
    def name(self) -> str:  # type: ignore[override]
        return "+".join(getattr(p, "name", getattr(p, "__name__", "fn")) for p in self.parts)

    @property
    def needs_probe(self) -> bool:  # type: ignore[override]
        return any(getattr(p, "needs_probe", False) for p in self.parts)

    @property
    def counts_passed(self) -> bool:  # type: ignore[override]
        # A function that does not say otherwise may count passes: judging it all is the safe side.
        return any(getattr(p, "counts_passed", True) for p in self.parts)

    def terms(self, transitions: Sequence[Transition]) -> Dict[str, float]:
        return {getattr(p, "name", getattr(p, "__name__", f"fn{i}")): float(p(transitions)) for i, p in enumerate(self.parts)}

    def __call__(self, transitions: Sequence[Transition]) -> float:
        return float(sum(p(transitions) for p in self.parts))


def _check_signature(fn: Callable[..., float]) -> None:
    """Raise now, not at the first step, if ``fn`` cannot be called as the env calls it: ``fn(transitions)``."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return  # builtins and some C callables have no signature to check
    try:
        signature.bind(())
    except TypeError as exc:
        name = getattr(fn, "__name__", None) or type(fn).__name__
        raise TypeError(f"Expected a reward function called as fn(transitions) -> float, got {name}{signature}: {exc}") from None


def compose(*parts: Union[Preset, RewardFn]) -> Composite:
    flat: List[Union[Preset, RewardFn]] = []
    for p in parts:
        if not callable(p):
            raise TypeError(f"Expected reward functions to compose, got {type(p).__name__}")
        if not isinstance(p, Preset):
            _check_signature(p)
        flat.extend(p.parts if isinstance(p, Composite) else [p])
    return Composite(flat)


PRESETS: Dict[str, Callable[..., Preset]] = {
    "binary": lambda: binary,
    "pass_rate": lambda: pass_rate,
    "improvement": lambda: improvement,
    "verdict_typed": lambda: verdict_typed,
    "turn_cost": turn_cost,
    "format_penalty": format_penalty,
}


def presets() -> Tuple[str, ...]:
    return tuple(PRESETS)


def _one(spec: str) -> Union[Preset, RewardFn]:
    spec = spec.strip()
    if ":" in spec and spec.split(":", 1)[0] in PRESETS:
        name, raw = spec.split(":", 1)
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"Expected a number after {name}:, got {raw!r} in reward spec {spec!r}") from None
        if name not in ("turn_cost", "format_penalty"):
            raise ValueError(f"Expected no parameter for reward preset {name!r}, got {spec!r}")
        return PRESETS[name](value)
    if spec in PRESETS:
        return PRESETS[spec]()
    if ":" in spec:
        # An import path "package.module:function" for a user reward function.
        module, _, attr = spec.partition(":")
        fn = getattr(importlib.import_module(module), attr)
        if not callable(fn):
            raise TypeError(f"Expected {spec!r} to name a callable reward function, got {type(fn).__name__}")
        return fn
    raise ValueError(f"Expected a reward preset among {presets()} (or 'module:function'), got {spec!r}.{did_you_mean(spec, PRESETS)}")


def make_reward(spec: Union[str, Preset, RewardFn, Sequence[Union[str, Preset, RewardFn]]]) -> Composite:
    """A reward function from a preset name, ``"a+b:0.1"``, an import path, a callable, or a list of those."""
    if isinstance(spec, str):
        if not spec.strip():
            raise ValueError("Expected a reward preset name, got an empty string")
        return compose(*[_one(part) for part in spec.split("+")])
    if callable(spec):
        return compose(spec)
    if isinstance(spec, (list, tuple)) and spec:
        return compose(*[make_reward(s) for s in spec])
    raise TypeError(f"Expected a reward preset name, a callable or a list of them, got {type(spec).__name__}")


def episode_return(fn: RewardFn, transitions: Sequence[Transition]) -> float:
    """The sum of ``fn``'s rewards over an episode, as the env would have paid them step by step.

    Lets one recorded episode be scored under several reward functions. Probe transitions are
    seen only at the end, as in the env (:func:`refine_env.episode.visible`).
    """
    from refine_env.episode import visible  # episode.py imports this module

    total = 0.0
    for k, t in enumerate(transitions):
        if not t.probe:
            total += float(fn(visible(transitions[: k + 1], ended=t.terminal)))
    return total
