"""RefineCodeSelect-v0: candidate pools as a numeric decision problem (which candidate to run, cross-test, submit).

One job per module: :mod:`~refine_env.select.env` the environment, :mod:`~refine_env.select.inputs`
the generated inputs, :mod:`~refine_env.select.pool` candidates and the pool file format,
:mod:`~refine_env.select.records` judged records and their cache, :mod:`~refine_env.select.pack`
the command that rebuilds the packaged records (``python -m refine_env.select.pack``).
"""

from refine_env.select.env import FEATURES, GLOBALS, OPS, VERDICT_GROUPS, RefineCodeSelectEnv, observation_image
from refine_env.select.inputs import MUTATION_MODES, env_inputs, generated_inputs
from refine_env.select.pool import Candidate, builtin_candidates, iter_pool_records, pool_record, read_pool
from refine_env.select.records import (
    PACKAGED_RECORDS,
    CandidateRecord,
    default_cache_dir,
    evaluate_candidates,
    forget_records,
    packaged_records,
    problem_fingerprint,
)

__all__ = [
    "RefineCodeSelectEnv",
    "Candidate",
    "CandidateRecord",
    "OPS",
    "FEATURES",
    "GLOBALS",
    "VERDICT_GROUPS",
    "MUTATION_MODES",
    "PACKAGED_RECORDS",
    "generated_inputs",
    "env_inputs",
    "builtin_candidates",
    "iter_pool_records",
    "read_pool",
    "pool_record",
    "evaluate_candidates",
    "default_cache_dir",
    "problem_fingerprint",
    "packaged_records",
    "forget_records",
    "observation_image",
]
