"""The trainer's environments: the problems it trains and validates on, the judge they share, one env per episode."""

from __future__ import annotations

import logging
from typing import List, Optional, Sequence

from refine_env.env import RefineCodeEnv
from refine_env.problems import Problem, load
from refine_env.sandbox import Judge, Sandbox

from .config import PPOConfig

__all__ = ["training_problems", "validation_problems", "make_judge", "make_env"]

logger = logging.getLogger(__name__)


def _pick(problems: List[Problem], ids: Optional[Sequence[str]], *, ids_name: str, dataset: str,
          split: Optional[str]) -> List[Problem]:
    """``problems`` narrowed to ``ids`` in their order (an unknown id raises), or all of them."""
    if ids is None:
        return problems
    by_id = {p.id: p for p in problems}
    missing = [pid for pid in ids if pid not in by_id]
    if missing:
        raise ValueError(f"Expected {ids_name} from dataset {dataset!r} split {split!r}, got unknown {missing[0]!r}")
    return [by_id[pid] for pid in ids]


def training_problems(config: PPOConfig) -> List[Problem]:
    """The problems of ``dataset``/``split``, narrowed to ``problem_ids``; mutant starts need labelled wrong solutions."""
    problems = list(load(config.dataset, split=config.split)) if config.split else list(load(config.dataset))
    problems = _pick(problems, config.problem_ids, ids_name="problem_ids", dataset=config.dataset, split=config.split)
    if not problems:
        raise ValueError(f"Expected at least one problem in dataset {config.dataset!r} split {config.split!r}, got none")
    if config.mutant_start_share > 0 and not any(p.mutants for p in problems):
        raise ValueError("Expected problems with labelled wrong solutions for mutant_start_share > 0, got none")
    return problems


def validation_problems(config: PPOConfig, training: Sequence[Problem]) -> List[Problem]:
    """The held-out problems of ``validation_split``, narrowed to ``validation_problem_ids``; warns on overlap with ``training``."""
    split = config.validation_split
    problems = _pick(list(load(config.dataset, split=split)), config.validation_problem_ids,
                     ids_name="validation_problem_ids", dataset=config.dataset, split=split)
    if not problems:
        raise ValueError(f"Expected at least one problem in dataset {config.dataset!r} split {split!r} to validate on, got none")
    overlap = sorted({p.id for p in problems} & {p.id for p in training})
    if overlap:
        logger.warning("%d validation problem(s) are also training problems (e.g. %s): validation is not held out",
                       len(overlap), overlap[0])
    return problems


def make_judge(config: PPOConfig) -> Judge:
    """A Ray judge at ``judge_address`` when set, else a local sandbox of ``sandbox_workers`` workers."""
    if config.judge_address is not None:
        from refine_env.sandbox.ray_judge import RayJudge

        return RayJudge(address=config.judge_address)
    return Sandbox(workers=config.sandbox_workers)


def make_env(config: PPOConfig, problems: Sequence[Problem], sandbox: Judge) -> RefineCodeEnv:
    """One environment over ``problems`` with the config's turn budget, reward and feedback, judged by ``sandbox``."""
    return RefineCodeEnv(dataset=problems, max_turns=config.max_turns, reward=config.reward, sandbox=sandbox,
                         show_resources=config.show_resources)
