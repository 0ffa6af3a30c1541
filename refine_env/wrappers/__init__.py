"""One-purpose wrappers: the whole transcript as observation, and JSONL episode recording."""

from refine_env.wrappers.history import HistoryObservation
from refine_env.wrappers.record import RecordEpisodes, recorded_observations

__all__ = ["HistoryObservation", "RecordEpisodes", "recorded_observations"]
