"""What the TRL and verl adapters share: the env settings, episode starts as dataset rows, ending an episode a trainer cut short,
special-token text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from refine_env import actions
from refine_env.actions import PROTOCOL
from refine_env._validation import expect_int
from refine_env.problems import Problem
from refine_env.problems.selection import select_problems
from refine_env.rewards import make_reward

__all__ = [
    "EnvSettings",
    "Start",
    "starts_for",
    "TOOL_PROTOCOL",
    "tool_observation",
    "special_markers",
    "defuse",
    "EpisodeLedger",
]

# What a chat template may treat as a control token when it tokenizes text: ChatML's <|...|>, and
# the tags of reasoning and tool calls, which many tokenizers hold as added tokens.
_DEFAULT_MARKERS = re.compile(r"<\|[^<>|\s]{1,64}\|>|</?(?:think|tool_call|tool_response|tools)>", re.IGNORECASE)
_JOINER = "\u2060"  # WORD JOINER: invisible, and splits a marker so that no tokenizer reads it as one token


@dataclass(frozen=True)
class EnvSettings:
    """The ``RefineCodeEnv`` settings both adapters take: the problems, the turn budget, the reward, what is judged and shown."""

    dataset: Union[str, Tuple[Problem, ...]] = "builtin"
    """A dataset name or path for ``refine_env.problems.load``, or the problems themselves."""
    split: Optional[str] = None
    """The dataset's split (``train``/``test`` for the built-in set)."""
    problem_ids: Optional[Tuple[str, ...]] = None
    """Keep only these problems, in this order."""
    max_turns: int = 6
    """Turns per episode (under TRL: tool calls); the last one ends it, and judges the program with ``judge_on_truncation``."""
    reward: str = "binary"
    """A preset of ``refine_env.rewards`` (``binary``, ``pass_rate``, ``improvement``, ``verdict_typed``, sums like ``"binary+turn_cost:0.02"``)."""
    judge_on_truncation: bool = True
    """Judge the last program when the turn budget runs out."""
    hidden_stop_on_first_failure: bool = False
    """Stop judging at the first failing hidden test where the reward does not count passed tests."""
    max_test_inputs: int = 5
    """Inputs per ``test`` action (under TRL: per ``test`` call)."""
    show_resources: bool = False
    """Show measured time and memory in the feedback (off: observations are reproducible run to run)."""
    workers: int = 2
    """Sandbox workers shared by every environment of the process (when no ``sandbox`` is given)."""

    def __post_init__(self) -> None:
        expect_int("max_turns", self.max_turns, low=1)
        if not isinstance(self.reward, str):
            raise TypeError(f"Expected reward to be a preset name such as 'binary' or 'binary+turn_cost:0.02', got {type(self.reward).__name__}")
        make_reward(self.reward)  # an unknown preset fails here, with a suggestion, not in the first rollout
        if self.problem_ids is not None:
            object.__setattr__(self, "problem_ids", tuple(self.problem_ids))
        if not isinstance(self.dataset, str):
            object.__setattr__(self, "dataset", tuple(self.dataset))

    def dataset_arg(self) -> Union[str, List[Problem]]:
        """The dataset as ``RefineCodeEnv`` and :func:`starts_for` take it: a name, or a list of problems."""
        return self.dataset if isinstance(self.dataset, str) else list(self.dataset)


@dataclass(frozen=True)
class Start:
    """Where one episode starts: a problem, from scratch or from one of its labelled wrong solutions."""

    problem_id: str
    """The problem (an id of the env's dataset)."""
    initial_mutant: Optional[str] = None
    """A mutant label: the episode starts from that wrong program and its public feedback (None: from scratch)."""

    def reset_options(self) -> Dict[str, Any]:
        """The env's reset options for this start."""
        options: Dict[str, Any] = {"problem_id": self.problem_id}
        if self.initial_mutant is not None:
            options["initial_mutant"] = self.initial_mutant
        return options


def starts_for(dataset: Union[str, Sequence[Problem]] = "builtin", *, split: Optional[str] = None,
               problem_ids: Optional[Sequence[str]] = None, mutant_labels: Sequence[str] = (),
               scratch: bool = True) -> List[Start]:
    """One start per selected problem from scratch (``scratch``), and one per label of ``mutant_labels`` the problem has.

    The problems are the env's own selection (``RefineCodeEnv(dataset=..., split=...,
    problem_ids=...)``), in its order, so a trainer's dataset and its environment agree.
    """
    if isinstance(mutant_labels, str):
        raise TypeError(f"Expected mutant_labels to be a sequence of labels, got the str {mutant_labels!r}; wrap it in a list")
    problems = select_problems(dataset, split=split, problem_ids=problem_ids)
    if not problems:
        raise ValueError(f"Expected at least one problem, got none from dataset={dataset!r} split={split!r}")
    starts: List[Start] = []
    for p in problems:
        if scratch:
            starts.append(Start(p.id))
        labels = {m.label for m in p.mutants}
        starts += [Start(p.id, label) for label in mutant_labels if label in labels]
    if not starts:
        raise ValueError(f"Expected at least one start, got none: no selected problem has a mutant among {tuple(mutant_labels)} "
                         "and scratch=False")
    return starts


TOOL_PROTOCOL = """\
Act by calling the tools; each call is one turn.
- `run(code)` executes your program on the public examples and shows the verdicts, expected and actual output.
  The program becomes your solution.
- `test(inputs, code)` executes a program on inputs you choose (one string per run; for function problems, one
  argument per line, JSON or a Python literal) and shows what it printed, with no verdict: you decide what is
  right. Leave `code` empty to test your solution; a program of its own (a brute force, say) leaves your solution
  as it was.
- `submit(code)` judges the program on the hidden tests and ends the episode; leave `code` empty to submit your
  solution.
Write complete Python programs. A reply without a tool call ends the episode and submits your solution."""


def tool_observation(text: str) -> str:
    """An observation of the text env with its action protocol (``refine_env.actions.PROTOCOL``) replaced by :data:`TOOL_PROTOCOL`."""
    return text.replace(PROTOCOL.rstrip(), TOOL_PROTOCOL)


def special_markers(tokenizer: Any = None) -> Tuple[str, ...]:
    """The strings a tokenizer reads as one control token: its special and added tokens (none without a tokenizer)."""
    if tokenizer is None:
        return ()
    found = set(getattr(tokenizer, "all_special_tokens", None) or [])
    get_added = getattr(tokenizer, "get_added_vocab", None)
    if callable(get_added):
        found.update(get_added())
    # Single characters cannot be split; ordinary words that some vocabularies add are left alone.
    return tuple(sorted((t for t in found if isinstance(t, str) and len(t) > 1 and not t.isalnum()), key=len, reverse=True))


def defuse(text: str, markers: Iterable[str] = ()) -> str:
    """``text`` with every control-token string broken by an invisible WORD JOINER after its first character.

    Program output reaches the model inside a tool or user message. A trainer that tokenizes
    that message with special tokens recognised (TRL's tool loop, verl's chat-template
    tokenization) would turn a printed ``<|im_end|>`` into the real end-of-turn token: program
    output could close the message and forge a role. Broken this way it reads the same and
    tokenizes as plain text. ``markers`` adds exact strings (:func:`special_markers`) to the
    built-in patterns (ChatML ``<|...|>``, ``<think>``, ``<tool_call>``, ``<tool_response>``).
    """
    if not isinstance(text, str):
        raise TypeError(f"Expected text to be a str, got {type(text).__name__}")
    exact = [m for m in markers if m]
    pattern = _DEFAULT_MARKERS if not exact else re.compile(
        "|".join([*(re.escape(m) for m in sorted(exact, key=len, reverse=True)), _DEFAULT_MARKERS.pattern]), re.IGNORECASE)
    return pattern.sub(lambda m: m.group(0)[0] + _JOINER + m.group(0)[1:], text)


class EpisodeLedger:
    """The bookkeeping of one episode stepped by a trainer's loop: step rewards, the current program, whether it ended.

    A trainer can stop an episode before the env ends it (TRL when the model replies without
    a tool call or its completion budget is spent, verl when the response budget is spent). The
    rule, the same everywhere: the current program, if there is one, is submitted, and the
    env judges it on the hidden tests exactly as a submission (that step is a turn like any
    other, so ``turn_cost`` charges it); an episode without a program ends unjudged and keeps
    the return it had.
    """

    def __init__(self) -> None:
        self.rewards: List[float] = []
        """The env's reward of each step, in order."""
        self.code: Optional[str] = None
        """The episode's program: what ``submit`` without code would judge (None before the first)."""
        self.done = False
        """Whether the env ended the episode (submit or turn budget)."""
        self.info: Dict[str, Any] = {}
        """The last ``info`` the env returned."""

    def reset(self, info: Mapping[str, Any]) -> None:
        self.rewards, self.done, self.info = [], False, dict(info)
        self.code = info.get("code")

    def record(self, reward: float, terminated: bool, truncated: bool, info: Mapping[str, Any]) -> None:
        self.rewards.append(float(reward))
        self.done = bool(terminated or truncated)
        self.info = dict(info)
        self.code = info.get("code", self.code)

    @property
    def needs_finish(self) -> bool:
        """The episode is still open and has a program to submit."""
        return not self.done and self.code is not None

    @staticmethod
    def finish_action() -> str:
        """The action that ends an open episode: submit the current program."""
        return actions.submit()

    @property
    def episode_return(self) -> float:
        """The sum of the env's step rewards: what the reward preset paid for the whole episode."""
        return float(sum(self.rewards))

    @property
    def hidden(self) -> Optional[Dict[str, Any]]:
        """The hidden-test outcome (passed, total, verdict) once a program was judged; None otherwise."""
        return self.info.get("hidden")
