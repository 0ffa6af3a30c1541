"""Problems: the model, the built-in set and loaders for the datasets researchers use."""

from refine_env.problems.builtin import load_builtin
from refine_env.problems.loaders import LoadReport, ProblemList, load
from refine_env.problems.model import Problem, ProblemFormatError, Solution, UnknownProblemError, load_jsonl, save_jsonl
from refine_env.sandbox.types import TestCase

__all__ = [
    "UnknownProblemError",
    "Problem",
    "Solution",
    "TestCase",
    "ProblemFormatError",
    "ProblemList",
    "LoadReport",
    "load",
    "load_builtin",
    "load_jsonl",
    "save_jsonl",
]
