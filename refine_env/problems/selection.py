"""Turn an environment's ``dataset`` / ``split`` / ``problem_ids`` arguments into a list of problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from refine_env._validation import did_you_mean
from refine_env.problems.loaders import load
from refine_env.problems.model import Problem, UnknownProblemError

if TYPE_CHECKING:
    import numpy as np


def unknown_id_message(pid: Any, by_id: Mapping[str, Problem]) -> str:
    """The error text for a problem id that ``by_id`` lacks, with the closest id as a hint."""
    return f"Expected a problem id of this dataset ({len(by_id)} problems), got {pid!r}.{did_you_mean(pid, by_id)}"


def select_problems(
    dataset: Union[str, Iterable[Problem]],
    *,
    split: Optional[str] = None,
    problem_ids: Optional[Sequence[str]] = None,
) -> List[Problem]:
    """The problems an environment serves, in order.

    ``dataset`` is a name or path for :func:`refine_env.problems.load` (then ``split`` may pick a
    split), or the problems themselves. ``problem_ids`` keeps those problems, in that order; an
    id the dataset lacks is a ``ValueError`` naming the closest one. The result may be empty: a
    caller that needs problems says so in its own words.
    """
    if isinstance(dataset, str):
        problems = list(load(dataset, split=split)) if split is not None else list(load(dataset))
    else:
        if split is not None:
            raise ValueError("Expected split only with a dataset name or path, got a list of problems and a split")
        problems = list(dataset)
        for i, p in enumerate(problems):
            if not isinstance(p, Problem):
                raise TypeError(f"Expected dataset to hold Problem objects, got {type(p).__name__} at index {i}")
    if problem_ids is not None:
        by_id = {p.id: p for p in problems}
        missing = [pid for pid in problem_ids if pid not in by_id]
        if missing:
            raise UnknownProblemError(unknown_id_message(missing[0], by_id))
        problems = [by_id[pid] for pid in problem_ids]
    return problems


def reset_problem(
    options: Optional[Mapping[str, Any]],
    *,
    allowed: Sequence[str],
    problems: Sequence[Problem],
    by_id: Mapping[str, Problem],
    rng: np.random.Generator,
) -> Tuple[Dict[str, Any], Problem]:
    """An env's ``reset(options=...)``: the options checked against ``allowed``, and the episode's problem.

    ``options["problem_id"]`` picks the problem (an unknown id names the closest one); without it
    the problem is drawn with ``rng`` (the env's ``np_random``) only.
    """
    options = dict(options or {})
    unknown = [k for k in options if k not in allowed]
    if unknown:
        raise ValueError(f"Expected reset options among {tuple(allowed)}, got {unknown[0]!r}.{did_you_mean(unknown[0], allowed)}")
    pid = options.get("problem_id")
    if pid is None:
        return options, problems[int(rng.integers(len(problems)))]
    if pid not in by_id:
        raise UnknownProblemError(unknown_id_message(pid, by_id))
    return options, by_id[pid]
