"""Evaluation harness: an agent's episodes over a problem set, judged turn by turn into resumable episode lines, then summarised."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from refine_env._validation import did_you_mean, expect_int
from refine_env.problems import Problem
from refine_env.sandbox import Judge, Sandbox

from .eval_report import EvalSummary, eval_summary, write_comparison
from .policy import Policy
from .skeptical import AGENTS, SkepticalConfig, make_agent
from .trajectory import Trajectory

__all__ = [
    "EvalConfig",
    "evaluate",
    "finish_run",
    "load_policy",
    "load_problems",
    "chat_template_kwargs",
    "read_trajectories",
    "earlier_run",
    "TRAJECTORIES",
]

logger = logging.getLogger(__name__)

TRAJECTORIES = "trajectories.jsonl"
RUN_FILE = "run.json"
SCRIPTED_PLANS = ("naive", "skeptical", "reference", "wrong")

# The settings that change an episode's outcome: a resumed run must keep them all.
_RUN_KEYS = ("policy", "agent", "dataset", "split", "limit", "samples", "max_turns", "skeptical_rounds",
             "temperature", "top_p", "max_new_tokens", "seed", "reward", "prompt_version", "enable_thinking")


@dataclass(frozen=True)
class EvalConfig:
    """One evaluation: a policy and an agent over a problem set, k samples per problem."""

    policy: str
    """The policy spec: hf:PATH, vllm:PATH, openai:URL[#model], scripted[:naive|skeptical|reference|wrong[:LABEL]] or random[:SEED]."""
    agent: str = "skeptical"
    """``skeptical`` (the Skeptical-Agent) or ``single`` (one attempt, submitted)."""
    dataset: str = "builtin"
    """A dataset name or path for :func:`refine_env.problems.load`."""
    split: Optional[str] = "test"
    """Split of the dataset: ``train`` or ``test``; None (``all`` on the command line) takes all of it."""
    limit: int = 0
    """Evaluate the first ``limit`` problems only (0: all)."""
    samples: int = 1
    """Episodes per problem (n of pass@k)."""
    max_turns: int = 6
    """Turn budget of a skeptical episode (a single episode always has one turn)."""
    skeptical_rounds: int = 2
    """Review rounds of the Skeptical-Agent."""
    prompt_version: int = 1
    """Version of the agents' prompt files."""
    batch_size: int = 8
    """Episodes played at once (one batched generation per round of model turns)."""
    temperature: float = 0.7
    """Sampling temperature of model policies (0: greedy)."""
    top_p: float = 1.0
    """Nucleus sampling mass of model policies."""
    max_new_tokens: int = 1024
    """Most tokens a model writes per turn."""
    seed: int = 0
    """Seed of env resets and of the policy's sampling."""
    reward: str = "binary"
    """Reward preset of the env (recorded; pass@k uses the hidden verdict, not the reward)."""
    workers: int = 2
    """Sandbox workers."""
    out: Optional[str] = None
    """Folder for the trajectories (JSONL, the checkpoint), run settings, summary and plot; None writes nothing."""
    resume: bool = False
    """Continue the run in ``out``: episodes already in its JSONL are not played again."""
    device: Optional[str] = None
    """Device of an hf: model; None: cpu."""
    enable_thinking: Optional[bool] = None
    """Passed to the chat template as ``enable_thinking`` as in training (Qwen3: False keeps think blocks out); None: not passed."""

    def __post_init__(self) -> None:
        if self.enable_thinking is not None and not isinstance(self.enable_thinking, bool):
            raise ValueError(f"Expected enable_thinking to be None, True or False, got {self.enable_thinking!r}")
        if self.agent not in AGENTS:
            raise ValueError(f"Expected agent to be one of {tuple(AGENTS)}, got {self.agent!r}")
        for name in ("samples", "max_turns", "batch_size", "max_new_tokens", "workers", "prompt_version"):
            expect_int(name, getattr(self, name), low=1)
        for name in ("limit", "skeptical_rounds", "seed"):
            expect_int(name, getattr(self, name), low=0)
        if self.resume and self.out is None:
            raise ValueError("Expected an out folder to resume from, got resume=True with out=None")

    @property
    def budget(self) -> int:
        """The turns an episode of this agent may use."""
        return 1 if self.agent == "single" else self.max_turns


# -- policies ---------------------------------------------------------------------------------


def load_policy(spec: str, *, problems: Sequence[Problem], config: Optional[EvalConfig] = None) -> Policy:
    """A policy from its spec: ``scripted[:plan[:label]]``, ``random[:seed]``, or a model: ``hf:``, ``vllm:``, ``openai:``."""
    if not isinstance(spec, str) or not spec:
        raise ValueError(f"Expected a policy spec such as 'hf:PATH' or 'scripted:reference', got {spec!r}")
    kind, _, rest = spec.partition(":")
    if kind == "scripted":
        from .scripted import CandidatePoolPolicy

        plan, _, label = rest.partition(":")
        plan = plan or "skeptical"
        if plan not in SCRIPTED_PLANS:
            raise ValueError(f"Expected a scripted plan among {SCRIPTED_PLANS}, got {plan!r}")
        if label and plan != "wrong":
            raise ValueError(f"Expected a solution label only with scripted:wrong, got {spec!r}")
        return CandidatePoolPolicy(problems, plan=plan, wrong_label=label or None)
    if kind == "random":
        from .scripted import RandomPolicy

        try:
            seed = int(rest) if rest else (config.seed if config is not None else 0)
        except ValueError:
            raise ValueError(f"Expected random or random:SEED with an int seed, got {spec!r}") from None
        return RandomPolicy(problems, seed=seed)
    from .backends import BACKEND_PREFIXES

    if kind not in BACKEND_PREFIXES:
        kinds = ("scripted", "random") + tuple(BACKEND_PREFIXES)
        raise ValueError(f"Expected the policy kind to be one of {kinds}, got {kind!r}.{did_you_mean(kind, kinds)}")
    from .policy import SamplingParams, make_policy

    cfg = config if config is not None else EvalConfig(policy=spec)
    sampling = SamplingParams(temperature=cfg.temperature, top_p=cfg.top_p, max_new_tokens=cfg.max_new_tokens)
    return make_policy(spec, sampling=sampling, device=cfg.device, chat_template_kwargs=chat_template_kwargs(cfg.enable_thinking))


def chat_template_kwargs(enable_thinking: Optional[bool]) -> Optional[Dict[str, Any]]:
    """The chat-template options of ``enable_thinking``, as the trainer builds them (None: the template's default)."""
    return None if enable_thinking is None else {"enable_thinking": enable_thinking}


# -- judging the programs of a trajectory -----------------------------------------------------


class _Judge:
    """Pass/fail of programs on a problem's public and hidden tests, cached by program text."""

    def __init__(self, sandbox: Judge) -> None:
        self.sandbox = sandbox
        self._cache: Dict[Tuple[str, str, str], bool] = {}

    def passes(self, problem: Problem, code: str, which: str) -> bool:
        key = (problem.id, which, hashlib.sha256(code.encode("utf-8")).hexdigest())
        if key not in self._cache:
            tests = problem.public_tests if which == "public" else problem.hidden_tests
            if not tests:
                self._cache[key] = False
            else:
                # Pass/fail is all this needs: stop at the first failure (a slow program costs one time limit, not one per test).
                results = self.sandbox.run(problem.program(code), tests, problem.limits, checker=problem.judge,
                                           stop_on_first_failure=True)
                self._cache[key] = len(results) == len(tests) and all(r.passed for r in results)
        return self._cache[key]


def _per_turn(traj: Trajectory, problem: Problem, budget: int, judge: _Judge) -> Dict[str, List[bool]]:
    """Per turn 1..budget: whether the program the agent would submit if stopped then passes the public and hidden tests.

    Before the episode's last step that is the agent's best candidate after the step (judged
    here); from the last step on it is the judged program, with the env's own hidden verdict.
    """
    public: List[bool] = []
    hidden: List[bool] = []
    final = traj.final_program
    final_public = judge.passes(problem, final, "public") if final is not None and traj.hidden is not None else False
    for t in range(1, budget + 1):
        if t < len(traj.steps):
            idx = traj.steps[t - 1].candidate
            code = traj.programs[idx] if idx is not None else None
            public.append(code is not None and judge.passes(problem, code, "public"))
            hidden.append(code is not None and judge.passes(problem, code, "hidden"))
        else:
            public.append(final_public)
            hidden.append(traj.solved)
    return {"public": public, "hidden": hidden}


def _episode_line(traj: Trajectory, problem: Problem, sample: int, budget: int, judge: _Judge) -> Dict[str, Any]:
    model_steps = [s for s in traj.steps if s.source == "model"]
    counted = [s.tokens for s in model_steps if s.tokens is not None]
    tokens = None
    if counted:
        tokens = {"prompt": sum(t["prompt"] for t in counted), "completion": sum(t["completion"] for t in counted)}
    return {
        "problem_id": traj.problem_id,
        "sample": sample,
        "agent": traj.agent,
        "solved": traj.solved,
        "verdict": traj.hidden["verdict"] if traj.hidden else "unjudged",
        "reward": traj.reward,
        "turns": len(traj.steps),
        "model_turns": len(model_steps),
        "tokens": tokens,
        "wall_s": round(traj.wall_s, 4),
        "per_turn": _per_turn(traj, problem, budget, judge),
        "trajectory": traj.to_dict(),
    }


# -- the checkpoint ---------------------------------------------------------------------------


def read_trajectories(path: Union[str, os.PathLike[str]], *, repair: bool = False) -> List[Dict[str, Any]]:
    """The episode lines of a trajectories JSONL file.

    A last line cut short by an interruption is dropped (and, with ``repair``, cut from the
    file so that appending goes on cleanly); a malformed line elsewhere raises.
    """
    path = Path(path)
    if not path.exists():
        return []
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        logger.warning("%s: dropping an unfinished last line (%d bytes) left by an interrupted run", path, len(data) - end)
        if repair:
            with open(path, "r+b") as f:
                f.truncate(end)
        data = data[:end]
    lines = []
    for number, raw in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            lines.append(json.loads(raw))
        except json.JSONDecodeError as exc:
            raise ValueError(f"Expected one JSON object per line in {path}, got invalid JSON on line {number}: {exc}") from None
    return lines


def earlier_run(out: Union[str, os.PathLike[str]]) -> Optional[Path]:
    """A file showing that ``out`` holds results of a run (its own, or an agent's folder of a comparison), or None.

    ``run.json`` alone (a run stopped before its first episode) holds no results.
    """
    out = Path(out)
    for folder in [out] + [out / agent for agent in AGENTS]:
        for name in ("summary.json", TRAJECTORIES):
            path = folder / name
            if path.is_file() and path.stat().st_size > 0:
                return path
    return None


def _run_settings(config: EvalConfig) -> Dict[str, Any]:
    return {k: getattr(config, k) for k in _RUN_KEYS}


def _prepare_out(config: EvalConfig) -> Tuple[Optional[Path], List[Dict[str, Any]]]:
    if config.out is None:
        return None, []
    out = Path(config.out)
    jsonl = out / TRAJECTORIES
    settings = _run_settings(config)
    if config.resume:
        run_file = out / RUN_FILE
        if not run_file.exists():
            raise ValueError(f"Expected a run to resume in {str(out)!r} ({RUN_FILE} and {TRAJECTORIES}), got no {RUN_FILE}")
        recorded = json.loads(run_file.read_text(encoding="utf-8"))
        changed = {k: (recorded.get(k), v) for k, v in settings.items() if recorded.get(k) != v}
        if changed:
            shown = ", ".join(f"{k}: {a!r} -> {b!r}" for k, (a, b) in sorted(changed.items()))
            raise ValueError(f"Expected --resume to continue a run with the same settings, got changes: {shown}")
        return out, read_trajectories(jsonl, repair=True)
    if jsonl.exists() and jsonl.stat().st_size > 0:
        raise ValueError(f"Expected --out to hold no earlier run (or --resume to continue it), got {str(jsonl)!r} with episodes")
    out.mkdir(parents=True, exist_ok=True)
    (out / RUN_FILE).write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    return out, []


class _Checkpoint:
    """A run's episode lines: those recorded before, then each new one, appended to ``trajectories.jsonl`` and synced."""

    def __init__(self, out: Optional[Path], lines: Sequence[Dict[str, Any]],
                 on_episode: Optional[Callable[[Dict[str, Any]], None]]) -> None:
        self.out = out
        self.lines: List[Dict[str, Any]] = list(lines)
        self.on_episode = on_episode
        self._handle: Optional[Any] = None

    def open(self) -> None:
        if self.out is not None:
            self._handle = open(self.out / TRAJECTORIES, "a", encoding="utf-8")

    def add(self, lines: Sequence[Dict[str, Any]]) -> None:
        """Write ``lines`` and sync them to disk before anyone hears of them (an interruption loses no reported episode)."""
        if self._handle is not None:
            for line in lines:
                self._handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())
        for line in lines:
            self.lines.append(line)
            if self.on_episode is not None:
                self.on_episode(line)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


# -- the evaluation ---------------------------------------------------------------------------


def load_problems(config: EvalConfig) -> List[Problem]:
    """The problems of ``config``: its dataset and split, the first ``limit`` of them."""
    from refine_env.problems import load

    problems = list(load(config.dataset, split=config.split)) if config.split else list(load(config.dataset))
    if config.limit:
        problems = problems[: config.limit]
    if not problems:
        raise ValueError(f"Expected problems in dataset {config.dataset!r} split {config.split!r}, got none")
    return problems


def _episode_seed(seed: int, problem_id: str, sample: int) -> int:
    # From the problem's id, not its position: a resumed or re-limited run seeds the same episode the same way.
    digest = int.from_bytes(hashlib.sha256(problem_id.encode("utf-8")).digest()[:4], "little")
    return int(np.random.SeedSequence([seed, digest, sample]).generate_state(1)[0]) & 0x7FFFFFFF


def evaluate(config: EvalConfig, *, policy: Optional[Policy] = None, problems: Optional[Sequence[Problem]] = None,
             sandbox: Optional[Judge] = None, progress: bool = False, plot: bool = True,
             on_episode: Optional[Callable[[Dict[str, Any]], None]] = None) -> EvalSummary:
    """Play ``config.samples`` episodes of ``config.agent`` per problem and summarise them.

    ``policy`` (default: loaded from ``config.policy``) and ``problems`` (default: loaded from
    ``config.dataset``/``split``/``limit``) may be given directly. With ``config.out`` every
    finished episode is appended to ``trajectories.jsonl`` and flushed at once; ``resume``
    skips the episodes already there, and the summary covers old and new episodes alike.
    ``on_episode`` receives each new episode line.
    """
    if not isinstance(config, EvalConfig):
        raise TypeError(f"Expected config to be an EvalConfig, got {type(config).__name__}")
    from refine_env.env import RefineCodeEnv

    start = time.perf_counter()
    problems = list(problems) if problems is not None else load_problems(config)
    by_id = {p.id: p for p in problems}
    out, done_lines = _prepare_out(config)
    done = {(line["problem_id"], int(line["sample"])) for line in done_lines}
    todo = [(p, s) for p in problems for s in range(config.samples) if (p.id, s) not in done]
    if config.samples > 1 and config.temperature == 0 and not config.policy.startswith(("scripted", "random")):
        logger.warning("%d samples per problem at temperature 0: every sample of a problem will be the same", config.samples)
    logger.info("%s agent: %d episodes to play (%d recorded already)", config.agent, len(todo), len(done))

    own_policy = policy is None
    if own_policy and todo:
        policy = load_policy(config.policy, problems=problems, config=config)
    own_sandbox = sandbox is None
    if own_sandbox and todo:
        sandbox = Sandbox(workers=config.workers)
    checkpoint = _Checkpoint(out, done_lines, on_episode)
    envs: List[Any] = []
    bar = None
    try:
        if todo:
            from tqdm import tqdm

            assert sandbox is not None
            judge = _Judge(sandbox)
            agent = make_agent(config.agent, policy, config=SkepticalConfig(
                skeptical_rounds=config.skeptical_rounds, prompt_version=config.prompt_version))
            size = min(config.batch_size, len(todo))
            envs = [RefineCodeEnv(dataset=problems, max_turns=config.budget, reward=config.reward, sandbox=sandbox)
                    for _ in range(size)]
            checkpoint.open()
            bar = tqdm(total=len(todo), desc=f"{config.agent} agent", unit="episode", disable=not progress)
            for first in range(0, len(todo), size):
                batch = todo[first:first + size]
                seeds = [_episode_seed(config.seed, p.id, s) for p, s in batch]

                def finished(index: int, traj: Trajectory, batch: Sequence[Tuple[Problem, int]] = batch) -> None:
                    problem, sample = batch[index]
                    checkpoint.add([_episode_line(traj, problem, sample, config.budget, judge)])
                    bar.update(1)

                agent.run(envs[: len(batch)], seeds=seeds, options=[{"problem_id": p.id} for p, _ in batch],
                          policy_seed=seeds[0], on_episode_end=finished)
    finally:
        if bar is not None:
            bar.close()
        checkpoint.close()
        for env in envs:
            env.close()
        if own_sandbox and sandbox is not None:
            sandbox.close()
        if own_policy and policy is not None and callable(getattr(policy, "close", None)):
            policy.close()
    return finish_run(config, checkpoint.lines, by_id, out, wall_s=time.perf_counter() - start, plot=plot)


def finish_run(config: EvalConfig, lines: Sequence[Mapping[str, Any]], by_id: Mapping[str, Problem], out: Optional[Path],
               *, wall_s: float, plot: bool) -> EvalSummary:
    """Check that the run's lines are of its problems, summarise them and write the summary into ``out``."""
    unknown = sorted({line["problem_id"] for line in lines} - set(by_id))
    if unknown:
        raise ValueError(f"Expected the recorded episodes to be of this run's problems, got {len(unknown)} others, e.g. {unknown[0]!r}")
    summary = eval_summary(lines, agent=config.agent, policy=config.policy, samples=config.samples, budget=config.budget,
                        wall_s=wall_s)
    if out is not None:
        write_comparison([summary], out, plot=plot)
    return summary
