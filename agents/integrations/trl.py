"""RefineCode-v0 as a TRL environment: ``GRPOTrainer(environment_factory=...)`` with run / test / submit as tools and the hidden-test reward.

    from trl import GRPOConfig, GRPOTrainer
    from refine_agents.integrations.trl import RefineCodeEnvironments, ToolEnvConfig, make_dataset

    config = ToolEnvConfig(split="train", max_turns=4, reward="binary")
    environments = RefineCodeEnvironments(config, tokenizer=tokenizer)
    trainer = GRPOTrainer(model=model, processing_class=tokenizer, train_dataset=make_dataset(config),
                          environment_factory=environments,
                          args=GRPOConfig(max_tool_calling_iterations=config.max_turns, ...))
    trainer.train()

TRL (1.16) drives the episode: it renders the task prompt (what :meth:`RefineCodeToolEnv.reset`
returns) with the tool schemas, generates, parses tool calls, calls the tool methods and
appends their results as tool messages, token-in/token-out (the sequence is the concatenation
of sampled ids and tool-message ids; the model's tokens are never re-tokenized), with the tool
messages masked out of the loss (its ``tool_mask``). When generation ends it calls
:meth:`RefineCodeToolEnv.get_reward` once per rollout: the env's return under the chosen reward
preset, paid from the hidden-test verdict. Each tool call is one step of a ``RefineCodeEnv``
whose action is rendered by :mod:`refine_env.actions`, so the env parses, runs and judges it
exactly as it would the text protocol. docs/integrations.md has the full mapping.

Nothing here imports ``trl``: the environment is a plain class, as TRL's contract asks; only
:func:`make_dataset` imports ``datasets`` (a dependency of ``trl``).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from refine_env import actions
from refine_env._validation import expect_int
from refine_env.env import RefineCodeEnv
from refine_env.sandbox import Judge
from refine_env.vector import step_batch

from .common import EnvSettings, EpisodeLedger, Start, defuse, special_markers, starts_for, tool_observation

__all__ = ["ToolEnvConfig", "RefineCodeToolEnv", "RefineCodeEnvironments", "make_dataset", "tool_demonstrations", "ENDED"]

logger = logging.getLogger(__name__)

ENDED = "The episode is over: nothing was run. Reply without a tool call to finish."
"""What a tool returns once the episode has ended (TRL may keep generating after a submit)."""


@dataclass(frozen=True)
class ToolEnvConfig(EnvSettings):
    """The environments' settings (the ``RefineCodeEnv`` arguments that make sense under TRL)."""

    mutant_labels: Tuple[str, ...] = ()
    """:func:`make_dataset` adds a start from each of these labelled wrong solutions a problem has (self-refinement)."""
    max_observation_chars: int = 24_000
    """Longest observation the env returns."""
    seed: int = 0
    """Seed of the environments' random draws (problems for rows without ``problem_id``, random mutants)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        expect_int("seed", self.seed, low=0)
        if isinstance(self.mutant_labels, str):
            raise TypeError(f"Expected mutant_labels to be a tuple of labels, got the str {self.mutant_labels!r}")
        object.__setattr__(self, "mutant_labels", tuple(self.mutant_labels))

    def env_kwargs(self) -> Dict[str, Any]:
        """The keyword arguments of ``RefineCodeEnv`` these settings stand for."""
        names = ("split", "problem_ids", "max_turns", "reward", "judge_on_truncation", "hidden_stop_on_first_failure",
                 "max_test_inputs", "show_resources", "max_observation_chars", "workers")
        kwargs: Dict[str, Any] = {name: getattr(self, name) for name in names}
        kwargs["dataset"] = self.dataset_arg()
        return kwargs

    def starts(self) -> List[Start]:
        """The episode starts :func:`make_dataset` makes rows of."""
        return starts_for(self.dataset_arg(), split=self.split, problem_ids=self.problem_ids, mutant_labels=self.mutant_labels)


class RefineCodeToolEnv:
    """One rollout's RefineCode-v0 episode, in the shape TRL's ``environment_factory`` takes.

    TRL exposes every public method but ``reset`` and ``get_reward`` as a tool, with the
    method's signature and docstring as its schema: :meth:`run`, :meth:`test` and
    :meth:`submit`. Everything else here is private or a plain attribute. Make instances with
    :class:`RefineCodeEnvironments`, which shares one sandbox between them and judges the
    rollouts that ended without a submission together.
    """

    def __init__(self, owner: RefineCodeEnvironments, index: int) -> None:
        self._owner = owner
        self._index = index
        self._ledger = EpisodeLedger()
        self._reset_once = False
        self.env = RefineCodeEnv(**owner.config.env_kwargs(), sandbox=owner.sandbox)
        """The ``RefineCodeEnv`` this rollout steps."""
        self.observations: List[str] = []
        """What the model was shown this episode, in order: the task prompt, then each tool result."""
        self.tool_calls: List[Tuple[str, Dict[str, Any]]] = []
        """The tool calls of this episode, in order: name and arguments."""

    # -- TRL's contract ------------------------------------------------------------------------

    def reset(self, prompt: Any = None, problem_id: Optional[str] = None, initial_mutant: Optional[str] = None,
              initial_code: Optional[str] = None) -> str:
        """Start an episode on a dataset row (TRL passes the row's columns); returns the task prompt."""
        options: Dict[str, Any] = {}
        if problem_id:
            options["problem_id"] = problem_id
        if initial_mutant and initial_code:
            raise ValueError("Expected at most one of initial_mutant and initial_code in a dataset row, got both")
        if initial_mutant:
            options["initial_mutant"] = initial_mutant
        if initial_code:
            options["initial_code"] = initial_code
        seed = None if self._reset_once else self._owner.config.seed + self._index
        self._reset_once = True
        obs, info = self.env.reset(seed=seed, options=options or None)
        self._ledger.reset(info)
        self.tool_calls = []
        self.observations = []
        text = tool_observation(obs)
        if text == obs:
            raise RuntimeError("Expected the task prompt to hold the env's action protocol (refine_env.actions.PROTOCOL), got a "
                               "prompt without it: the tool protocol could not replace it")
        return self._show(text)

    def get_reward(self) -> float:
        """The episode's return under the reward preset; an episode still open is ended first (its program submitted)."""
        self._owner._finish_open()
        return self._ledger.episode_return

    # -- tools (public methods: their docstrings are the schemas the model reads) ---------------

    def run(self, code: str) -> str:
        """Run a Python program on the problem's public examples: each example's verdict, and the expected and actual output where it failed. The program becomes your solution.

        Args:
            code: The complete Python program.
        """
        self.tool_calls.append(("run", {"code": code}))
        return self._step(lambda: actions.run(_text("code", code)))

    def test(self, inputs: List[str], code: str = "") -> str:
        """Run a program on inputs you choose and see what it printed, with no verdict: you decide what is right.

        Args:
            inputs: The inputs, one string per run (for function problems, one argument per line, as JSON or a Python literal).
            code: A program to run instead of your solution (a brute force, say); leave it empty to run your solution.
        """
        self.tool_calls.append(("test", {"inputs": inputs, "code": code}))

        def action() -> str:
            if isinstance(inputs, str) or not isinstance(inputs, (list, tuple)) or not all(isinstance(i, str) for i in inputs):
                raise TypeError(f"Expected inputs to be a list of strings, got {inputs!r:.80}")
            return actions.test(_text("code", code) or None, list(inputs))

        return self._step(action)

    def submit(self, code: str = "") -> str:
        """Judge a program on the hidden tests; this ends the episode.

        Args:
            code: The complete Python program; leave it empty to submit your solution (the last program you ran).
        """
        self.tool_calls.append(("submit", {"code": code}))
        return self._step(lambda: actions.submit(_text("code", code) or None))

    # -- internals -----------------------------------------------------------------------------

    def _show(self, text: str) -> str:
        shown = defuse(text, self._owner.markers)
        self.observations.append(shown)
        return shown

    def _step(self, render: Any) -> str:
        if self._ledger.done:
            return self._show(ENDED)
        # A malformed call (wrong types) raises before the env steps: TRL reports the error to the
        # model as the tool's result and the turn is not counted, as with a call to an unknown tool.
        action = render()
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._ledger.record(reward, terminated, truncated, info)
        return self._show(tool_observation(obs))

    @property
    def _needs_finish(self) -> bool:
        return self._ledger.needs_finish

    def _record_finish(self, result: Tuple[str, float, bool, bool, Dict[str, Any]]) -> None:
        _obs, reward, terminated, truncated, info = result
        self._ledger.record(reward, terminated, truncated, info)


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"Expected {name} to be a str, got {type(value).__name__}")
    return value


class RefineCodeEnvironments:
    """The ``environment_factory`` for ``GRPOTrainer``: each call makes one :class:`RefineCodeToolEnv`.

    The instances share one judge (``sandbox``, else the process's shared ``Sandbox`` with
    ``config.workers`` workers). TRL calls ``get_reward`` on each rollout of a batch once
    generation is over; the first call ends every episode of the batch that is still open
    in one :func:`refine_env.vector.step_batch`, so their final programs are judged together.
    ``tokenizer`` (the trainer's) lets tool results be defused of all of its control-token
    strings (:func:`~refine_agents.integrations.common.defuse`); without it the built-in
    patterns are defused.
    """

    def __init__(self, config: Optional[ToolEnvConfig] = None, *, tokenizer: Any = None, sandbox: Optional[Judge] = None) -> None:
        if config is not None and not isinstance(config, ToolEnvConfig):
            raise TypeError(f"Expected config to be a ToolEnvConfig, got {type(config).__name__}")
        if sandbox is not None and not isinstance(sandbox, Judge):
            raise TypeError(f"Expected sandbox to be a judge (a refine_env.sandbox.Sandbox or RayJudge), got {type(sandbox).__name__}")
        self.config = config if config is not None else ToolEnvConfig()
        self.sandbox = sandbox
        self.markers: Tuple[str, ...] = special_markers(tokenizer)
        self.instances: List[RefineCodeToolEnv] = []
        """Every environment made so far (TRL pools and reuses them across batches)."""
        self._lock = threading.Lock()

    def __call__(self) -> RefineCodeToolEnv:
        with self._lock:
            instance = RefineCodeToolEnv(self, len(self.instances))
            self.instances.append(instance)
            return instance

    def _finish_open(self) -> None:
        with self._lock:
            open_ = [e for e in self.instances if e._needs_finish]
            if not open_:
                return
            # One batch: every program goes to the judge in one run_batch.
            results = step_batch([e.env for e in open_], [EpisodeLedger.finish_action()] * len(open_))
            for instance, result in zip(open_, results):
                instance._record_finish(result)

    def close(self) -> None:
        """Close every environment (their shared sandbox is released with the last one)."""
        with self._lock:
            for instance in self.instances:
                instance.env.close()
            self.instances.clear()

    def __enter__(self) -> RefineCodeEnvironments:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_dataset(config: Optional[ToolEnvConfig] = None, *, starts: Optional[Sequence[Start]] = None,
                 system_prompt: Optional[str] = None, repeat: int = 1) -> Any:
    """A ``datasets.Dataset`` of episode starts for ``GRPOTrainer(train_dataset=...)``.

    One row per start (``config.starts()`` unless ``starts`` is given), ``repeat`` times over:
    ``prompt`` (an empty user message, which :meth:`RefineCodeToolEnv.reset` fills with the
    task; after ``system_prompt`` if given), ``problem_id`` and ``initial_mutant``. TRL
    passes those columns to ``reset``; the rollouts of one row (``num_generations``) play
    the same start, as GRPO's groups need.
    """
    from datasets import Dataset

    expect_int("repeat", repeat, low=1)
    chosen = list(starts) if starts is not None else (config if config is not None else ToolEnvConfig()).starts()
    if not chosen:
        raise ValueError("Expected at least one start, got none")
    head = [{"role": "system", "content": system_prompt}] if system_prompt else []
    rows = [s for _ in range(repeat) for s in chosen]
    return Dataset.from_dict({
        "prompt": [head + [{"role": "user", "content": ""}] for _ in rows],
        "problem_id": [s.problem_id for s in rows],
        "initial_mutant": [s.initial_mutant for s in rows],
    })



def tool_demonstrations(environments: RefineCodeEnvironments, tokenizer: Any, demonstrations: Sequence[Any], *,
                        chat_template: Optional[str] = None) -> List[Tuple[List[int], List[int]]]:
    """``(token_ids, mask)`` per demonstration for a supervised warm start in the tool protocol.

    ``demonstrations`` are :class:`refine_agents.ppo.warm_start.Demonstration` (for instance
    from ``mixed_demonstrations``): each becomes the episode's task prompt rendered as TRL
    renders it (the chat template with the tools' schemas and the generation prompt; mask 0),
    followed by the template's own rendering of one ``submit`` call with the demonstration's
    program (mask 1). ``chat_template`` overrides the tokenizer's, as ``GRPOTrainer`` does when
    it swaps in a prefix-preserving training template (default: the same choice it makes).
    Feed the pairs to :func:`refine_agents.ppo.warm_start.warm_start`.
    """
    if chat_template is None:
        from trl.chat_template_utils import get_training_chat_template, is_chat_template_prefix_preserving

        if not is_chat_template_prefix_preserving(tokenizer):
            chat_template = get_training_chat_template(tokenizer)
    instance = environments()
    tools = [instance.run, instance.test, instance.submit]
    out: List[Tuple[List[int], List[int]]] = []
    for demo in demonstrations:
        parsed = actions.parse(demo.action)
        if parsed.code is None or parsed.intent != "submit":
            raise ValueError(f"Expected a demonstration that submits a program, got {demo.action[:60]!r}")
        options = demo.start.reset_options()
        task = instance.reset(problem_id=options["problem_id"], initial_mutant=options.get("initial_mutant"),
                              initial_code=options.get("initial_code"))
        messages: List[Dict[str, Any]] = [{"role": "user", "content": task}]
        call = {"role": "assistant", "content": "",
                "tool_calls": [{"type": "function", "function": {"name": "submit", "arguments": {"code": parsed.code}}}]}
        prompt = tokenizer.apply_chat_template(messages, tools=tools, add_generation_prompt=True, tokenize=False,
                                               chat_template=chat_template)
        full = tokenizer.apply_chat_template(messages + [call], tools=tools, tokenize=False, chat_template=chat_template)
        if not full.startswith(prompt):
            raise ValueError("Expected the chat template to render the tool call after the generation prompt, got a rewrite")
        reply = full[len(prompt):]
        end = tokenizer.eos_token
        if end and end in reply:
            reply = reply[: reply.rindex(end) + len(end)]  # what the model writes ends at its end-of-turn token
        prompt_ids = list(tokenizer.encode(prompt, add_special_tokens=False))
        reply_ids = list(tokenizer.encode(reply, add_special_tokens=False))
        out.append((prompt_ids + reply_ids, [0] * len(prompt_ids) + [1] * len(reply_ids)))
    instance.env.close()
    environments.instances.remove(instance)
    return out
