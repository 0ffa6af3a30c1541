"""The Skeptical-Agent: draft, run, refine, and keep doubting a solution after the examples pass; and the one-attempt baseline."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import gymnasium as gym

from refine_env import actions as act
from refine_env._validation import did_you_mean, expect_int
from refine_env.feedback import trim_block
from refine_env.sandbox import codec, get_checker
from refine_env.vector import step_batch

from .policy import LLMPolicy, Policy
from .trajectory import Step, Trajectory

__all__ = [
    "PROMPT_NAMES",
    "PROMPT_VERSION",
    "PromptSet",
    "SkepticalConfig",
    "Comparison",
    "compare_outputs",
    "render_comparison",
    "SkepticalAgent",
    "SingleAgent",
    "AGENTS",
    "make_agent",
]

logger = logging.getLogger(__name__)

PROMPT_VERSION = 1
"""The version of the ``prompts/skeptical_*_v{N}.md`` files used by default; bumped when a prompt changes."""

PROMPT_NAMES = ("draft", "refine", "review", "outputs", "disagree", "agree", "format", "last", "single")
"""The instructions the agents inject, one prompt file each: ``prompts/skeptical_{name}_v{version}.md``."""

_PLACEHOLDERS = ("{turns_left}", "{turn}", "{max_turns}")

EpisodeCallback = Callable[[int, "Trajectory"], None]


class PromptSet:
    """The agents' instruction texts, read once from versioned prompt files.

    ``directory`` (default: the package's ``prompts/``) holds ``skeptical_{name}_v{version}.md``
    for every name of :data:`PROMPT_NAMES`. Placeholders ``{turns_left}``, ``{turn}`` and
    ``{max_turns}`` are filled by plain replacement, so prompts may contain braces.
    """

    def __init__(self, *, version: int = PROMPT_VERSION, directory: Optional[Union[str, Path]] = None) -> None:
        expect_int("version", version, low=1, expected="a positive int")
        self.version = version
        self.directory = None if directory is None else Path(directory)
        if self.directory is not None and not self.directory.is_dir():
            raise ValueError(f"Expected prompts directory to be a folder, got {str(directory)!r}")
        root = resources.files(__package__).joinpath("prompts") if self.directory is None else self.directory
        self.texts: Dict[str, str] = {}
        for name in PROMPT_NAMES:
            path = root.joinpath(f"skeptical_{name}_v{version}.md")
            if not path.is_file():
                raise ValueError(f"Expected a prompt file skeptical_{name}_v{version}.md in {root}, got none")
            self.texts[name] = path.read_text(encoding="utf-8").strip()

    def render(self, name: str, *, turn: int, max_turns: int) -> str:
        """Prompt ``name`` with the turn counters filled in; ``turn`` is the number of turns used so far."""
        if name not in self.texts:
            raise ValueError(f"Expected a prompt name among {PROMPT_NAMES}, got {name!r}")
        text = self.texts[name]
        for key, value in zip(_PLACEHOLDERS, (max_turns - turn, turn, max_turns)):
            text = text.replace(key, str(value))
        return text


@dataclass(frozen=True)
class SkepticalConfig:
    """How the Skeptical-Agent spends its turns (the turn budget itself is the env's ``max_turns``)."""

    skeptical_rounds: int = 2
    """Review turns the agent asks for after all public tests pass, before it submits on its own."""
    max_turns: Optional[int] = None
    """Use at most this many turns even if the env allows more; None: the env's budget."""
    compare_with_checker: bool = True
    """When the model tests a program other than its solution (a brute force), run the solution on the same inputs and show both outputs side by side."""
    run_before_submit: bool = True
    """Turn a submit of a program never run on the public tests into a run of it, while two turns remain."""
    submit_on_last_turn: bool = True
    """Spend the last turn submitting the best program so far instead of asking the model."""
    prompt_version: int = PROMPT_VERSION
    """Version of the prompt files."""
    prompts_dir: Optional[str] = None
    """Folder with prompt files overriding the package's (same file names); None: the package's."""

    def __post_init__(self) -> None:
        expect_int("skeptical_rounds", self.skeptical_rounds, low=0)
        expect_int("max_turns", self.max_turns, low=1, optional=True, expected="None or an int >= 1")


@dataclass(frozen=True)
class Comparison:
    """The solution's outputs against a checker program's on the same inputs."""

    agree: List[Optional[bool]]
    """Per input: True (same answer), False (different, or the solution failed), None (the checker failed: no verdict)."""
    lines: Tuple[str, ...]
    """The report shown to the model."""

    @property
    def disagreements(self) -> int:
        return sum(a is False for a in self.agree)


def compare_outputs(*, kind: str, checker: str, inputs: Sequence[str], reference: Mapping[str, Any],
                    candidate: Mapping[str, Any]) -> Comparison:
    """Compare ``candidate`` (the solution's ``info["test"]``) with ``reference`` (the checker program's) input by input.

    The problem's own output checker decides equality, with the checker program's output in
    the role of the expected answer; for call problems the returned values are compared.
    """
    if len(reference["outputs"]) != len(inputs) or len(candidate["outputs"]) != len(inputs):
        raise ValueError(f"Expected one output per input on both sides, got {len(reference['outputs'])} and "
                         f"{len(candidate['outputs'])} for {len(inputs)} inputs")
    judge = get_checker(checker)
    agree: List[Optional[bool]] = []
    lines: List[str] = []
    for n, (raw, ref_v, ref_out, got_v, got_out) in enumerate(zip(inputs, reference["verdicts"], reference["outputs"],
                                                                 candidate["verdicts"], candidate["outputs"]), start=1):
        if got_v != "OK":
            same: Optional[bool] = False
            status = f"your solution failed ({got_v})"
        elif ref_v != "OK":
            same = None
            status = f"the brute force failed ({ref_v}): no comparison"
        else:
            if kind == "call":
                try:
                    same = judge.check_value(codec.decode(ref_out), codec.decode(got_out), raw).ok
                except codec.CodecError:
                    same = ref_out == got_out
            else:
                same = judge.check(ref_out, got_out, raw).ok
            status = "agree" if same else "DISAGREE"
        agree.append(same)
        lines.append(f"Input {n}: {status}")
        lines += ["  input:", _indent(trim_block(raw))]
        lines += ["  brute force:", _indent(_shown(ref_v, ref_out)), "  your solution:", _indent(_shown(got_v, got_out))]
    return Comparison(agree, tuple(lines))


def _shown(verdict: str, output: str) -> str:
    if verdict != "OK":
        return f"({verdict})"
    return trim_block(output) if output.strip() else "(no output)"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


def render_comparison(comparison: Comparison, *, turn: int, max_turns: int) -> str:
    """The observation the model gets after the agent ran its solution on the brute force's inputs."""
    n = len(comparison.agree)
    bad = comparison.disagreements
    verdict = f"they disagree on {bad} of {n} input(s)." if bad else f"they agree on every input that both finished ({n} given)."
    head = f"Turn {turn} of {max_turns} - compare: your solution against your brute force: {verdict}"
    return "\n".join([head, "", *comparison.lines])


# -- episode state ----------------------------------------------------------------------------


@dataclass
class _Run:
    program: int
    passed: int
    total: int


@dataclass
class _Episode:
    env: Any
    traj: Trajectory
    obs: str = ""
    info: Dict[str, Any] = field(default_factory=dict)
    done: bool = False
    budget: int = 1
    prompt: Optional[str] = None
    phase: str = ""
    agent_action: Optional[str] = None
    agent_phase: str = ""
    solution: Optional[str] = None
    runs: List[_Run] = field(default_factory=list)
    pending_inputs: Optional[Tuple[str, ...]] = None
    checker_test: Optional[Dict[str, Any]] = None
    note: Optional[str] = None
    start: float = 0.0

    @property
    def turn(self) -> int:
        return int(self.info.get("turn", 0))

    def best(self) -> Optional[int]:
        """The program with the most public tests passed, the latest among equals."""
        best: Optional[_Run] = None
        for r in self.runs:
            if best is None or r.passed >= best.passed:
                best = r
        return None if best is None else best.program


def _envs_of(envs: Union[Sequence[gym.Env], gym.vector.VectorEnv]) -> List[gym.Env]:
    if isinstance(envs, gym.vector.SyncVectorEnv):
        # Stepped one by one, never through the vector: its autoreset would start new episodes.
        return list(envs.envs)
    if isinstance(envs, gym.vector.VectorEnv):
        raise TypeError(f"Expected a list of envs or a SyncVectorEnv, got {type(envs).__name__}: its sub-envs "
                        "live in other processes and only step together")
    if isinstance(envs, gym.Env) or not isinstance(envs, Sequence):
        raise TypeError(f"Expected a sequence of envs, got {type(envs).__name__}")
    if not envs:
        raise ValueError("Expected at least one env, got none")
    for i, env in enumerate(envs):
        if not isinstance(env, gym.Env):
            raise TypeError(f"Expected envs[{i}] to be a gymnasium Env, got {type(env).__name__}")
    return list(envs)


class _PolicyCaller:
    """Calls a :class:`~refine_agents.policy.Policy`, with the token counts of each turn where it is an LLMPolicy."""

    def __init__(self, policy: Policy) -> None:
        if not isinstance(policy, Policy):
            raise TypeError(f"Expected a policy with reset(n) and act(observations, ...), got {type(policy).__name__}")
        self.policy = policy

    def reset(self, n: int, seed: Optional[int]) -> None:
        self.policy.reset(n, seed=seed)

    def act(self, prompts: List[str], infos: List[Dict[str, Any]], active: List[bool]
            ) -> List[Tuple[Optional[str], Optional[Dict[str, int]]]]:
        if isinstance(self.policy, LLMPolicy):
            out: List[Tuple[Optional[str], Optional[Dict[str, int]]]] = []
            for t in self.policy.act_turns(prompts, active=active):
                if t is None:
                    out.append((None, None))
                else:
                    tokens = {"prompt": len(t.prompt_ids), "completion": len(t.completion_ids)} if t.completion_ids else None
                    out.append((t.action, tokens))
            return out
        replies = self.policy.act(prompts, infos=infos, active=active)
        if len(replies) != len(prompts):
            raise RuntimeError(f"Expected the policy to return {len(prompts)} actions, got {len(replies)}")
        return [(r, None) for r in replies]


class _Agent:
    name = "agent"

    def __init__(self, policy: Policy, *, config: Optional[SkepticalConfig] = None, prompts: Optional[PromptSet] = None) -> None:
        if config is not None and not isinstance(config, SkepticalConfig):
            raise TypeError(f"Expected config to be a SkepticalConfig, got {type(config).__name__}")
        self.config = config if config is not None else SkepticalConfig()
        self.prompts = prompts if prompts is not None else PromptSet(version=self.config.prompt_version, directory=self.config.prompts_dir)
        self.policy = policy
        self._caller = _PolicyCaller(policy)

    # Subclasses decide what follows a reset and a step.
    def _budget(self, env_max_turns: int) -> int:
        raise NotImplementedError

    def _after_reset(self, ep: _Episode) -> None:
        raise NotImplementedError

    def _model_action(self, ep: _Episode, reply: str) -> Tuple[str, Optional[str]]:
        raise NotImplementedError

    def _after_step(self, ep: _Episode, step: Step, parsed: act.ParsedAction) -> None:
        raise NotImplementedError

    def run(self, envs: Union[Sequence[gym.Env], gym.vector.VectorEnv], *, seeds: Optional[Sequence[Optional[int]]] = None,
            options: Optional[Sequence[Optional[Mapping[str, Any]]]] = None, policy_seed: Optional[int] = None,
            on_episode_end: Optional[EpisodeCallback] = None) -> List[Trajectory]:
        """Play one episode in each env, all at once, one batched policy call per round of model turns.

        ``seeds`` and ``options`` go to each env's ``reset``; ``policy_seed`` to the policy's
        ``reset``; ``on_episode_end(index, trajectory)`` is called as each
        episode ends (the evaluation writes its checkpoint there).
        """
        env_list = _envs_of(envs)
        n = len(env_list)
        seeds = list(seeds) if seeds is not None else [None] * n
        options = list(options) if options is not None else [None] * n
        if len(seeds) != n or len(options) != n:
            raise ValueError(f"Expected one seed and one options entry per env ({n}), got {len(seeds)} and {len(options)}")
        self._caller.reset(n, policy_seed)
        episodes: List[_Episode] = []
        for env, seed, opts in zip(env_list, seeds, options):
            start = time.perf_counter()
            obs, info = env.reset(seed=seed, options=dict(opts) if opts is not None else None)
            budget = self._budget(int(info["max_turns"]))
            ep = _Episode(env=env, traj=Trajectory(problem_id=str(info["problem_id"]), agent=self.name, max_turns=budget, seed=seed),
                          obs=obs, info=dict(info), budget=budget, start=start)
            if info.get("code"):
                # An episode that starts from a given first attempt (initial_code/initial_mutant).
                ep.solution = info["code"]
                index = ep.traj.program_index(info["code"])
                if info.get("public"):
                    ep.runs.append(_Run(index, info["public"]["passed"], info["public"]["total"]))
            self._after_reset(ep)
            episodes.append(ep)

        while not all(ep.done for ep in episodes):
            # The agent's own moves (compare, submit), every episode's in one batch per round.
            while True:
                moves = [(ep, Step(turn=0, source="agent", phase=ep.agent_phase, action=ep.agent_action), i)
                         for i, ep in enumerate(episodes) if not ep.done and ep.agent_action is not None]
                if not moves:
                    break
                for ep, _step, _i in moves:
                    ep.agent_action = None
                self._steps(moves, on_episode_end)
            active = [not ep.done for ep in episodes]
            if not any(active):
                break
            for i, (ep, a) in enumerate(zip(episodes, active)):
                if a and ep.prompt is None:
                    raise RuntimeError(f"Expected episode {i} to wait for a model turn with a prompt, got none at turn {ep.turn}")
            prompts = [ep.prompt if a and ep.prompt is not None else "" for ep, a in zip(episodes, active)]
            replies = self._caller.act(prompts, [ep.info for ep in episodes], active)
            todo = []
            for i, (ep, a, (reply, tokens)) in enumerate(zip(episodes, active, replies)):
                if not a:
                    continue
                if not isinstance(reply, str):
                    raise TypeError(f"Expected the policy to return a str action for active episode {i}, got {type(reply).__name__}")
                action, amended = self._model_action(ep, reply)
                step = Step(turn=0, source="model", phase=ep.phase, action=action, prompt=ep.prompt, reply=reply,
                            amended=amended, tokens=tokens)
                ep.prompt = None
                ep.note = amended
                todo.append((ep, step, i))
            self._steps(todo, on_episode_end)
        return [ep.traj for ep in episodes]

    def _steps(self, todo: Sequence[Tuple[_Episode, Step, int]], on_episode_end: Optional[EpisodeCallback]) -> None:
        """Step several episodes at once: their programs are judged in one batch (refine_env.vector)."""
        outcomes = step_batch([ep.env for ep, _step, _index in todo], [step.action for _ep, step, _index in todo])
        for (ep, step, index), outcome in zip(todo, outcomes):
            self._record(ep, step, index, on_episode_end, outcome)

    def _record(self, ep: _Episode, step: Step, index: int, on_episode_end: Optional[EpisodeCallback],
                outcome: Tuple[str, float, bool, bool, Dict[str, Any]]) -> None:
        parsed = act.parse(step.action)
        obs, reward, terminated, truncated, info = outcome
        ep.obs, ep.info = obs, dict(info)
        step.turn = int(info["turn"])
        step.observation = obs
        step.reward = float(reward)
        step.intent = info.get("intent")
        step.format_error = info.get("format_error")
        step.public = info.get("public")
        step.test = info.get("test")
        step.hidden = info.get("hidden")
        # A test may run a program of its own (a brute force); the env keeps the solution in info["code"].
        tested = parsed.code if step.intent == "test" and parsed.code is not None else info.get("code")
        if tested is not None:
            step.program = ep.traj.program_index(tested)
        traj = ep.traj
        traj.steps.append(step)
        traj.reward += step.reward
        if step.intent == "run" and step.public is not None and step.program is not None:
            ep.solution = info["code"]
            ep.runs.append(_Run(step.program, step.public["passed"], step.public["total"]))
        # Budget cut by the agent's own max_turns: the env would go on, so end it with a submission.
        if not (terminated or truncated) and step.turn >= ep.budget:
            logger.info("the agent's budget of %d turns ended before the env's; the episode was left unjudged", ep.budget)
            truncated = True
        step.candidate = ep.best()
        if terminated or truncated:
            ep.done = True
            traj.terminated, traj.truncated = bool(terminated), bool(truncated)
            traj.hidden = step.hidden
            traj.wall_s = time.perf_counter() - ep.start
            if on_episode_end is not None:
                on_episode_end(index, traj)
            return
        self._after_step(ep, step, parsed)


class SkepticalAgent(_Agent):
    """The Skeptical-Agent loop over RefineCode envs, around any policy that turns chat turns into text.

    Turn structure (every turn is one env step; the prompts are files, see :class:`PromptSet`):

    1. **draft**: the task prompt plus the draft instruction; the model writes a program and runs it.
    2. **refine**: while a run fails some public test, the feedback plus the refine instruction.
    3. **review**: when every public test passes, the agent does not stop: the feedback plus a
       skeptical review instruction (constraints and complexity, edge cases, overflow, format)
       asking for a brute force and small inputs of its own (``Action: test``), a test of the
       solution, or a submission if nothing is in doubt. At most ``skeptical_rounds`` times.
    4. **compare** (agent move): when the model tested a program other than its solution, the
       agent runs the solution on the same inputs and shows both outputs, input by input,
       compared with the problem's output checker; then **disagree** (fix it and run) or
       **agree** (submit, or test more). A test of the solution itself gets **outputs** (judge
       them by hand).
    5. **submit**: the model submits when its review finds nothing; the agent submits the
       solution itself when the review rounds are spent and the examples pass, and on the last
       turn of the budget it submits the best program so far (most public tests passed, the
       latest among equals) rather than let a brute force be judged.

    The agent amends a model's action only to keep the protocol honest: a submit of a program
    never run on the examples becomes a run of it while turns remain. ``Step.amended`` says
    when. (A bare submit after testing a brute force needs no amendment: the env's ``test``
    leaves the solution in place.)
    """

    name = "skeptical"

    def _budget(self, env_max_turns: int) -> int:
        return env_max_turns if self.config.max_turns is None else min(env_max_turns, self.config.max_turns)

    def _ask(self, ep: _Episode, name: str, observation: str) -> None:
        if ep.budget - ep.turn <= 1 and name not in ("last", "single"):
            if self.config.submit_on_last_turn and ep.best() is not None:
                ep.agent_action = act.submit(ep.traj.programs[ep.best()])  # type: ignore[index]
                ep.agent_phase = "submit"
                return
            name = "last"
        # The model's history holds what it wrote: say so when the agent sent something else.
        note = f"Note: {ep.note}.\n\n" if ep.note else ""
        ep.note = None
        ep.prompt = note + observation.rstrip() + "\n\n" + self.prompts.render(name, turn=ep.turn, max_turns=ep.budget)
        ep.phase = name

    def _after_reset(self, ep: _Episode) -> None:
        if ep.runs and ep.runs[-1].passed == ep.runs[-1].total:
            self._passed_public(ep, ep.obs)
        elif ep.runs:
            self._ask(ep, "refine", ep.obs)
        else:
            self._ask(ep, "draft", ep.obs)

    def _passed_public(self, ep: _Episode, observation: str) -> None:
        if ep.traj.skeptical_rounds < self.config.skeptical_rounds:
            before = ep.agent_action
            self._ask(ep, "review", observation)
            if ep.agent_action is None and before is None:
                ep.traj.skeptical_rounds += 1
        else:
            ep.agent_action = act.submit(ep.solution)
            ep.agent_phase = "submit"

    def _model_action(self, ep: _Episode, reply: str) -> Tuple[str, Optional[str]]:
        parsed = act.parse(reply)
        left = ep.budget - ep.turn
        if ep.phase == "last" and parsed.ok and parsed.intent != "submit":
            code = parsed.code if parsed.code is not None else ep.solution
            if code is not None:
                return act.submit(code), f"{parsed.intent} on the last turn: the program was submitted"
        if not parsed.ok or parsed.intent != "submit":
            if parsed.ok and parsed.intent == "test":
                ep.pending_inputs = parsed.inputs
            return reply, None
        if parsed.code is None:
            # The env submits the solution (a brute force tested last does not replace it).
            return reply, None
        ran = {ep.traj.programs[r.program] for r in ep.runs}
        if self.config.run_before_submit and parsed.code not in ran and left >= 2:
            return act.run(parsed.code), "submit of a program never run on the examples: it was run first"
        return reply, None

    def _after_step(self, ep: _Episode, step: Step, parsed: act.ParsedAction) -> None:
        info = ep.info
        if step.format_error is not None:
            self._ask(ep, "format", ep.obs)
            return
        if step.source == "agent" and step.phase == "compare":
            assert ep.checker_test is not None and step.test is not None
            comparison = compare_outputs(kind=info["kind"], checker=info["checker"], inputs=parsed.inputs,
                                         reference=ep.checker_test, candidate=step.test)
            report = render_comparison(comparison, turn=ep.turn, max_turns=ep.budget)
            ep.checker_test = None
            self._ask(ep, "disagree" if comparison.disagreements else "agree", report)
            return
        if step.intent == "run":
            public = step.public or {}
            if public.get("total") and public.get("passed") == public.get("total"):
                self._passed_public(ep, ep.obs)
            else:
                self._ask(ep, "refine", ep.obs)
            return
        if step.intent == "test":
            inputs = ep.pending_inputs
            ep.pending_inputs = None
            tested_code = parsed.code if parsed.code is not None else ep.solution
            tested_other = ep.solution is not None and tested_code != ep.solution
            if tested_other and self.config.compare_with_checker and inputs and ep.budget - ep.turn >= 2:
                ep.checker_test = step.test
                ep.agent_action = act.test(ep.solution, list(inputs))
                ep.agent_phase = "compare"
                return
            self._ask(ep, "outputs", ep.obs)
            return
        raise RuntimeError(f"Expected a run, test or format error before the episode's end, got intent {step.intent!r}")


class SingleAgent(_Agent):
    """The one-attempt baseline: the model writes one program, which is submitted; no feedback, no refinement.

    Plays a one-turn budget whatever the env's: the model's reply is submitted (a run or test
    intent becomes a submit of its program; ``Step.amended`` says so).
    """

    name = "single"

    def _budget(self, env_max_turns: int) -> int:
        return 1

    def _after_reset(self, ep: _Episode) -> None:
        ep.prompt = ep.obs.rstrip() + "\n\n" + self.prompts.render("single", turn=0, max_turns=1)
        ep.phase = "single"

    def _model_action(self, ep: _Episode, reply: str) -> Tuple[str, Optional[str]]:
        parsed = act.parse(reply)
        if parsed.ok and parsed.intent != "submit" and parsed.code is not None:
            return act.submit(parsed.code), f"{parsed.intent} in a one-attempt episode: the program was submitted"
        return reply, None

    def _after_step(self, ep: _Episode, step: Step, parsed: act.ParsedAction) -> None:
        raise RuntimeError(f"Expected the single attempt to end the episode, got turn {step.turn} of an env with "
                           f"max_turns={ep.info.get('max_turns')}; create the env with max_turns=1")


AGENTS: Dict[str, type] = {"skeptical": SkepticalAgent, "single": SingleAgent}


def make_agent(name: str, policy: Policy, *, config: Optional[SkepticalConfig] = None) -> _Agent:
    """An agent by name: ``"skeptical"`` or ``"single"``."""
    if name not in AGENTS:
        raise ValueError(f"Expected agent to be one of {tuple(AGENTS)}, got {name!r}.{did_you_mean(name, AGENTS)}")
    return AGENTS[name](policy, config=config)
