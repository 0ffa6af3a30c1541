"""The trajectory viewer: ``refine-env view`` turns a run's episodes into one offline HTML page, a live page or text.

Formats (detected from the file): ``refine-env eval``'s trajectories.jsonl, RecordEpisodes JSONL,
a PPO run's samples.jsonl and RefineCodeSelect candidate pools. Every string in them is untrusted
(written by a policy, or printed by its programs) and is only ever shown as text.
"""

from refine_env.viewer.formats import FORMATS, EpisodeSource, detect_format, load_episodes, normalize
from refine_env.viewer.html import default_output, render_page, write_page
from refine_env.viewer.serve import ViewerServer
from refine_env.viewer.text import render_episode

__all__ = ["FORMATS", "EpisodeSource", "detect_format", "load_episodes", "normalize", "render_page", "write_page",
           "default_output", "render_episode", "ViewerServer"]
