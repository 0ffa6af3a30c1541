"""refine-env: a Gymnasium environment for LLMs that refine their own code."""

from gymnasium.envs.registration import register

from refine_env import actions, rewards
from refine_env.problems import Problem, Solution, TestCase, load, load_builtin

__version__ = "0.1.0"

__all__ = ["actions", "rewards", "Problem", "Solution", "TestCase", "load", "load_builtin", "__version__"]

# Variants are registered kwargs, not subclasses; no max_episode_steps: the turn budget is the env's own.
register(id="RefineCode-v0", entry_point="refine_env.env:RefineCodeEnv", kwargs={"dataset": "builtin"})
register(id="RefineCode-Train-v0", entry_point="refine_env.env:RefineCodeEnv", kwargs={"dataset": "builtin", "split": "train"})
register(id="RefineCode-Test-v0", entry_point="refine_env.env:RefineCodeEnv", kwargs={"dataset": "builtin", "split": "test"})
register(id="RefineCodeSelect-v0", entry_point="refine_env.select:RefineCodeSelectEnv", kwargs={"dataset": "builtin"})
register(id="RefineCodeSelect-Train-v0", entry_point="refine_env.select:RefineCodeSelectEnv", kwargs={"dataset": "builtin", "split": "train"})
register(id="RefineCodeSelect-Test-v0", entry_point="refine_env.select:RefineCodeSelectEnv", kwargs={"dataset": "builtin", "split": "test"})
