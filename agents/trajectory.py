"""The record of an agent's episode: every env step with who chose it and why, and the programs it ran (JSON-ready)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Mapping, Optional

__all__ = ["Step", "Trajectory"]


@dataclass
class Step:
    """One env step of an episode: who chose the action, what the model was told and wrote, what came back."""

    turn: int
    """The env's turn number after this step (1-based)."""
    source: str
    """``"model"`` (the policy wrote the action) or ``"agent"`` (the agent's own move: a comparison run, a submission)."""
    phase: str
    """Why this step happened: draft, refine, review, outputs, agree, disagree, format, last, single (model turns, named by the prompt shown), compare or submit (agent moves)."""
    action: str
    """The action text sent to the env."""
    prompt: Optional[str] = None
    """The user message the model answered (model turns only)."""
    reply: Optional[str] = None
    """The model's text as written (model turns only)."""
    amended: Optional[str] = None
    """Why the agent changed the model's action before sending it, if it did."""
    intent: Optional[str] = None
    """run, test or submit as the env understood it; None on a format error."""
    format_error: Optional[str] = None
    """The env's format error, if any."""
    program: Optional[int] = None
    """Index into :attr:`Trajectory.programs` of the program this step ran (a test's own program, if it had one)."""
    candidate: Optional[int] = None
    """Index of the program the agent would submit if the episode stopped after this step."""
    observation: str = ""
    """The env's observation after this step."""
    reward: float = 0.0
    """The env's reward for this step."""
    public: Optional[Dict[str, Any]] = None
    """``info["public"]`` of a run: passed, total, verdicts."""
    test: Optional[Dict[str, Any]] = None
    """``info["test"]`` of a test: inputs, verdicts, outputs."""
    hidden: Optional[Dict[str, Any]] = None
    """``info["hidden"]`` when the step ended the episode with a judged program."""
    tokens: Optional[Dict[str, int]] = None
    """Tokens of a model turn (prompt: appended this turn, completion: written) when the policy reports them."""


@dataclass
class Trajectory:
    """An episode as the agent played it."""

    problem_id: str
    """The problem of the episode."""
    agent: str
    """``"skeptical"`` or ``"single"``."""
    max_turns: int
    """The turn budget the agent played under."""
    steps: List[Step] = field(default_factory=list)
    """Every env step in order."""
    programs: List[str] = field(default_factory=list)
    """Distinct programs of the episode, referenced by index from the steps."""
    reward: float = 0.0
    """The episode's return (sum of step rewards)."""
    terminated: bool = False
    """Whether the episode ended by a submission."""
    truncated: bool = False
    """Whether the episode ran out of turns."""
    hidden: Optional[Dict[str, Any]] = None
    """The judged program's hidden-test result (passed, total, verdict); None if nothing was judged."""
    skeptical_rounds: int = 0
    """How many review turns the agent asked for."""
    wall_s: float = 0.0
    """Seconds from reset to the episode's end."""
    seed: Optional[int] = None
    """The env reset's seed."""

    @property
    def final_program(self) -> Optional[str]:
        """The program in force when the episode ended (the judged one)."""
        if not self.steps or self.steps[-1].program is None:
            return None
        return self.programs[self.steps[-1].program]

    @property
    def solved(self) -> bool:
        """Whether the judged program passed every hidden test."""
        return bool(self.hidden and self.hidden["total"] > 0 and self.hidden["passed"] == self.hidden["total"])

    def program_index(self, code: str) -> int:
        """The index of ``code`` in :attr:`programs`, adding it if new."""
        try:
            return self.programs.index(code)
        except ValueError:
            self.programs.append(code)
            return len(self.programs) - 1

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Trajectory:
        data = dict(record)
        data["steps"] = [Step(**s) for s in data.get("steps", [])]
        return cls(**data)
