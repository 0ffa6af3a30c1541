"""Reward shaping: pure functions of an episode's transitions, named presets, and composition.

A reward function takes the transitions of the episode so far and returns the reward of the
latest one: ``fn(transitions: Sequence[Transition]) -> float``. Presets (``ε`` marks a
parameter, set with ``name:value``; ``h`` is the hidden-test pass rate of the judged code)::

    binary            1 if the final code passes every hidden test, else 0        (at the end)
    pass_rate         h_final                                                      (at the end)
    improvement       h_final - h_first: the gain over the first code the agent ran (at the end;
                      the env judges that first code on the hidden tests, silently)
    turn_cost:ε       -ε on every turn (default ε = 0.05)
    format_penalty:ε  -ε on every turn whose action could not be parsed (default ε = 0.1)
    verdict_typed     CodeRL's typed reward of the final code: +1 accepted, -0.3 wrong answer,
                      -0.6 runtime error, time or memory limit, -1 compile error    (at the end)

Compose presets with ``+`` (``"binary+turn_cost:0.02"``) or :func:`compose`. Any callable of
the transitions is a reward function too. Intermediate steps reward 0 unless a preset says so.
An episode that ends without judged code (truncated with ``judge_on_truncation=False``)
scores as if nothing passed.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

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
    """The hidden figures come from the silent judging of the first code (for ``improvement``)."""
    tests_executed: int = 0
    """Program runs this step cost (public, agent inputs, hidden), including a silent probe it set
    off. A probe transition repeats the probe's own runs here, so an episode's cost is the sum
    over the transitions that are not probes (``info["tests_executed"]`` at its end)."""

    @property
    def hidden_rate(self) -> Optional[float]:
        if self.hidden_total:
            return (self.hidden_passed or 0) / self.hidden_total
        return None


RewardFn = Callable[[Sequence[Transition]], float]


class Preset:
    """A named reward function with parameters; ``needs_probe`` asks the env to judge the first code."""

    name: str = "preset"
    needs_probe: bool = False

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

    def __call__(self, transitions: Sequence[Transition]) -> float:
        last = transitions[-1]
        return _final_rate(last) if last.terminal else 0.0


class _Improvement(Preset):
    name = "improvement"
    needs_probe = True

    def __call__(self, transitions: Sequence[Transition]) -> float:
        last = transitions[-1]
        if not last.terminal:
            return 0.0
        first = next((t for t in transitions if t.probe), None)
        if first is None:
            # The first code the agent wrote is the final one (or no code at all): no gain.
            return 0.0
        return _final_rate(last) - _final_rate(first)


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

    def terms(self, transitions: Sequence[Transition]) -> Dict[str, float]:
        return {getattr(p, "name", getattr(p, "__name__", f"fn{i}")): float(p(transitions)) for i, p in enumerate(self.parts)}

    def __call__(self, transitions: Sequence[Transition]) -> float:
        return float(sum(p(transitions) for p in self.parts))


def compose(*parts: Union[Preset, RewardFn]) -> Composite:
    flat: List[Union[Preset, RewardFn]] = []
    for p in parts:
        if not callable(p):
            raise TypeError(f"Expected reward functions to compose, got {type(p).__name__}")
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
    close = difflib.get_close_matches(spec, list(PRESETS), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"Expected a reward preset among {presets()} (or 'module:function'), got {spec!r}.{hint}")


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
    seen only at the end, as in the env.
    """
    total = 0.0
    for k, t in enumerate(transitions):
        if t.probe:
            continue
        prefix = transitions[: k + 1]
        if not t.terminal:
            prefix = [p for p in prefix if not p.probe]
        total += float(fn(prefix))
    return total
