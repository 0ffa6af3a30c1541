"""Adapters that plug RefineCode-v0 into trainers researchers already use: TRL (:mod:`.trl`) and verl (:mod:`.verl`).

Each is an optional extra (``refine-env[trl]``, ``refine-env[verl]``) and imports its trainer
lazily; nothing in ``refine_env`` imports them. docs/integrations.md maps each trainer's
pieces (observation, action, reward, masks, turn budget) to the environment's.
"""
