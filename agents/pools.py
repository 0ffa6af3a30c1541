"""Candidate pools from models: sample K programs per problem with any policy and cache them as JSONL."""

from __future__ import annotations

import argparse
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple

import numpy as np

from refine_env import actions, feedback
from refine_env._validation import expect_int
from refine_env.problems import Problem, load
from refine_env.select import iter_pool_records, pool_record

from ._cli_flags import SPLIT, ConfigFlags

__all__ = ["PoolBuildConfig", "PoolBuildReport", "build_pool", "scripted_samples", "register_command", "SCRIPTED"]

logger = logging.getLogger(__name__)

SCRIPTED = "scripted"
"""The policy spec that samples the built-in set's labelled solutions instead of a model."""


@dataclass(frozen=True)
class PoolBuildConfig:
    """What ``refine-env pool build`` samples, from which policy, and where it writes."""

    policy: str
    """``scripted`` (labelled solutions, no model) or a ``make_policy`` spec: ``hf:PATH``, ``vllm:PATH``, ``openai:URL[#model]``."""
    out: str
    """The pool JSONL file; problems already there for the same policy and sampling are skipped (resume)."""
    samples: int = 8
    """Candidates sampled per problem (K)."""
    dataset: str = "builtin"
    """A dataset name or path that ``refine_env.problems.load`` understands."""
    split: Optional[str] = None
    """Only problems of this split (``train`` / ``test``); None (``all`` on the command line): all."""
    limit: int = 0
    """At most this many problems (0: all), the first ones by id."""
    seed: int = 0
    """Seed of the sampling (scripted draws and model sampling)."""
    temperature: float = 1.0
    """Model sampling temperature (a pool wants diverse candidates: keep it near 1)."""
    top_p: float = 1.0
    """Model nucleus sampling mass."""
    max_new_tokens: int = 1024
    """Most tokens a model may write per candidate."""
    batch_size: int = 8
    """Problems whose K samples are generated in one batch."""
    device: Optional[str] = None
    """Torch device for the ``hf`` backend; None: its default."""
    enable_thinking: Optional[bool] = None
    """Passed to the chat template as ``enable_thinking`` as in training (Qwen3: False keeps think blocks out); None: not passed."""

    def __post_init__(self) -> None:
        for name in ("samples", "batch_size", "max_new_tokens"):
            expect_int(name, getattr(self, name), low=1)
        expect_int("limit", self.limit, low=0, expected="an int >= 0 (0: all problems)")
        if not isinstance(self.policy, str) or not self.policy:
            raise ValueError(f"Expected policy to be 'scripted' or a policy spec such as 'hf:PATH', got {self.policy!r}")

    @property
    def sampling(self) -> Dict[str, Any]:
        """The sampling settings recorded with every candidate (what makes two pools comparable)."""
        if self.policy == SCRIPTED:
            return {"kind": "labelled-solutions", "seed": self.seed}
        sampling: Dict[str, Any] = {"temperature": self.temperature, "top_p": self.top_p, "max_new_tokens": self.max_new_tokens,
                                    "seed": self.seed}
        if self.enable_thinking is not None:  # only when set: pools built before the option still match
            sampling["enable_thinking"] = self.enable_thinking
        return sampling


@dataclass
class PoolBuildReport:
    """What a pool build did."""

    path: str
    problems: int = 0
    """Problems sampled by this run."""
    skipped: int = 0
    """Problems already in the file for the same policy and sampling."""
    candidates: int = 0
    """Candidates written by this run."""
    unparsable: int = 0
    """Model samples without a program (no code block, or a format error): not written."""
    seconds: float = 0.0
    per_problem: Dict[str, int] = field(default_factory=dict)


def _cached_problems(path: Path, policy: str, sampling: Mapping[str, Any]) -> Set[str]:
    done: Set[str] = set()
    if not path.is_file():
        return done
    for _, rec in iter_pool_records(path):
        if rec.get("policy") == policy and rec.get("sampling") == dict(sampling):
            done.add(rec.get("problem_id"))
    return done


def scripted_samples(problem: Problem, *, samples: int, rng: np.random.Generator) -> List[Tuple[str, str]]:
    """``samples`` draws, with replacement, from the problem's reference and labelled wrong solutions.

    Returns ``(source, language)`` pairs. A stand-in for a model until one is plugged in: the
    pool then holds duplicates, and may hold no correct program, as a sampled pool can.
    """
    options = ([problem.reference] if problem.reference is not None else []) + list(problem.mutants)
    if not options:
        raise ValueError(f"Expected problem {problem.id!r} to have a reference or labelled solutions for the scripted policy, got none")
    picks = rng.integers(len(options), size=samples)
    return [(options[int(i)].source, options[int(i)].language) for i in picks]


def _model_samples(policy: Any, problems: Sequence[Problem], *, samples: int, seed: int) -> List[List[Optional[Tuple[str, str]]]]:
    """K single-turn samples per problem from an LLM policy: its first program for the task prompt."""
    prompts = [feedback.render_prompt(p, max_turns=1) for p in problems for _ in range(samples)]
    policy.reset(len(prompts), seed=seed)
    replies = policy.act(prompts)
    out: List[List[Optional[Tuple[str, str]]]] = []
    for n in range(len(problems)):
        row: List[Optional[Tuple[str, str]]] = []
        for reply in replies[n * samples:(n + 1) * samples]:
            parsed = actions.parse(reply or "")
            row.append((parsed.code, parsed.language) if parsed.code is not None and parsed.code.strip() else None)
        out.append(row)
    return out


def build_pool(config: PoolBuildConfig, *, policy: Any = None, progress: Optional[Callable[[int, int], None]] = None) -> PoolBuildReport:
    """Sample ``config.samples`` candidates per problem and append them to ``config.out``.

    ``policy`` overrides the one ``config.policy`` names (an object with ``reset(n, seed=)`` and
    ``act(observations) -> list[str]``, e.g. :class:`refine_agents.policy.LLMPolicy`).
    ``progress(done, total)`` is called after each batch of problems.
    """
    start = time.perf_counter()
    problems = sorted(load(config.dataset, split=config.split or None), key=lambda p: p.id)
    if config.limit:
        problems = problems[: config.limit]
    if not problems:
        raise ValueError(f"Expected problems in dataset {config.dataset!r} (split {config.split!r}), got none")
    path = Path(config.out)
    done = _cached_problems(path, config.policy, config.sampling)
    todo = [p for p in problems if p.id not in done]
    report = PoolBuildReport(path=str(path), skipped=len(problems) - len(todo))
    if not todo:
        report.seconds = time.perf_counter() - start
        return report
    if policy is None and config.policy != SCRIPTED:
        from .backends import SamplingParams
        from .policy import make_policy

        sampling = SamplingParams(temperature=config.temperature, top_p=config.top_p,
                                  max_new_tokens=config.max_new_tokens, seed=config.seed)
        from .evaluate import chat_template_kwargs

        policy = make_policy(config.policy, sampling=sampling, device=config.device,
                             chat_template_kwargs=chat_template_kwargs(config.enable_thinking))
    rng = np.random.default_rng(config.seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        for b in range(0, len(todo), config.batch_size):
            batch = todo[b: b + config.batch_size]
            if policy is None:
                drawn: List[List[Optional[Tuple[str, str]]]] = [
                    list(scripted_samples(p, samples=config.samples, rng=rng)) for p in batch]
            else:
                drawn = _model_samples(policy, batch, samples=config.samples, seed=config.seed + b)
            for problem, row in zip(batch, drawn):
                kept = 0
                for k, sample in enumerate(row):
                    if sample is None:
                        report.unparsable += 1
                        continue
                    source, language = sample
                    rec = pool_record(problem_id=problem.id, source=source, language=language, policy=config.policy,
                                      sampling=config.sampling, sample=k, dataset=config.dataset)
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    kept += 1
                report.candidates += kept
                report.per_problem[problem.id] = kept
                if kept == 0:
                    logger.warning("no usable candidate for %s: every sample lacked a program", problem.id)
            fh.flush()
            report.problems += len(batch)
            if progress is not None:
                progress(report.problems, len(todo))
    report.seconds = time.perf_counter() - start
    return report


_FLAGS = ConfigFlags(PoolBuildConfig, flags={"split": SPLIT})


def _pool_build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    config = PoolBuildConfig(**_FLAGS.kwargs(args))
    bar = tqdm(total=0, unit="problem", desc="pool build", disable=args.quiet)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        report = build_pool(config, progress=progress)
    finally:
        bar.close()
    print(f"{report.candidates} candidates for {report.problems} problems appended to {report.path} "
          f"({report.skipped} problems already there, {report.unparsable} samples without a program) in {report.seconds:.1f} s")
    print(f"Use it: gym.make('RefineCodeSelect-v0', pool={report.path!r}, dataset={config.dataset!r})")
    return 0


def register_command(sub: Any) -> None:
    """``refine-env pool build``: the entry point of group ``refine_env.commands``."""
    p = sub.add_parser("pool", help="candidate pools sampled from a policy, for RefineCodeSelect-v0")
    pool_sub = p.add_subparsers(dest="pool_command", metavar="POOL_COMMAND")
    pool_sub.required = True
    b = pool_sub.add_parser("build", help="sample K candidates per problem and cache them in a JSONL file")
    _FLAGS.add_to(b)
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=_pool_build)
