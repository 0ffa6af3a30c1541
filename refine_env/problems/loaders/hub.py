"""Datasets on the Hugging Face Hub (``hf:<dataset id>``): the ones this loader knows, and their rows."""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Iterator, Tuple

from refine_env.problems.loaders._common import Context
from refine_env.problems.loaders.formats import BY_NAME, FORMATS, Format, format_of_record
from refine_env.problems.loaders.options import Options
from refine_env.problems.loaders.report import LoadReport
from refine_env.problems.model import ProblemFormatError

__all__ = ["KNOWN", "hub_rows"]

logger = logging.getLogger(__name__)

KNOWN: Dict[str, Tuple[str, str, str]] = {
    "livecodebench/code_generation_lite": ("lcb", "test", ""),
    "livecodebench/code_generation": ("lcb", "test", ""),
    "deepmind/code_contests": ("codecontests", "test", "CC-BY-4.0"),
    "codeparrot/apps": ("apps", "test", "MIT"),
    "baai/taco": ("taco", "test", "Apache-2.0"),
    "openai_humaneval": ("humaneval", "test", "MIT"),
    "openai/openai_humaneval": ("humaneval", "test", "MIT"),
    "mbpp": ("mbpp", "test", "CC-BY-4.0"),
    "google-research-datasets/mbpp": ("mbpp", "test", "CC-BY-4.0"),
    "newfacade/leetcodedataset": ("leetcode", "test", ""),
}
"""Hugging Face datasets this loader knows (lower-case id): (format, default split, license)."""

_LOCAL_FILES_HINT = "or load local files instead: a path or FORMAT:PATH such as humaneval:HumanEval.jsonl.gz (docs/datasets.md)"


def _hub_offline() -> bool:
    return any(os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")
               for name in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE"))


def _check_hub_reachable(dataset_id: str) -> None:
    """Fail in a second, not after datasets' retries (half a minute), when the Hub cannot be reached."""
    import socket
    import urllib.parse

    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    parts = urllib.parse.urlsplit(endpoint)
    port = parts.port or (80 if parts.scheme == "http" else 443)
    try:
        socket.create_connection((parts.hostname or "", port), timeout=3.0).close()
    except OSError as exc:
        raise ConnectionError(
            f"Expected the Hugging Face Hub ({endpoint}) to be reachable for 'hf:{dataset_id}', got "
            f"{exc.strerror or type(exc).__name__}: set HF_DATASETS_OFFLINE=1 to read the local Hugging Face cache, "
            f"{_LOCAL_FILES_HINT}"
        ) from None


def _hub(dataset_id: str) -> Tuple[Any, bool]:
    """The datasets package and whether it reads only its local cache; the Hub checked reachable otherwise."""
    try:
        import datasets  # optional dependency, imported only for hf: sources
    except ImportError:
        raise ImportError(f"Loading 'hf:{dataset_id}' needs the Hugging Face datasets package: pip install refine-env[hf]") from None
    offline = _hub_offline()
    if not offline:
        _check_hub_reachable(dataset_id)
    return datasets, offline


def _load_dataset(dataset_id: str, split: str, kwargs: Dict[str, Any], datasets: Any, offline: bool) -> Any:
    logger.info("loading hf:%s split=%s %s", dataset_id, split, kwargs)
    try:
        return datasets.load_dataset(dataset_id, split=split, **kwargs)
    except ConnectionError:
        if not offline:
            raise
        raise ConnectionError(f"Expected 'hf:{dataset_id}' in the local Hugging Face cache (HF_DATASETS_OFFLINE or HF_HUB_OFFLINE "
                              f"is set), got no copy there: download it where the Hub is reachable, {_LOCAL_FILES_HINT}") from None


def hub_rows(dataset_id: str, opts: Options, report: LoadReport) -> Tuple[Format, Iterator[Tuple[str, Any]], Context]:
    """The dataset's format (known, else detected from its first row), its rows with where they are, and their context."""
    datasets, offline = _hub(dataset_id)
    fmt, default_split, license_name = KNOWN.get(dataset_id.lower(), ("", "test", ""))
    split = opts.split or default_split
    hub = BY_NAME[fmt].hub if fmt else None
    hf_split, kwargs = hub(dataset_id, split, opts) if hub is not None else (split, {})
    rows = iter(_load_dataset(dataset_id, hf_split, kwargs, datasets, offline))
    first = next(rows, None)
    if not fmt:
        fmt = format_of_record(first) or ""
        if not fmt:
            keys = sorted(first)[:12] if isinstance(first, dict) else type(first).__name__
            raise ProblemFormatError(f"hf:{dataset_id}: expected rows of a known format {FORMATS}, got a first row with keys {keys}")
    report.format = fmt

    def numbered() -> Iterator[Tuple[str, Any]]:
        if first is None:
            return
        yield f"hf:{dataset_id}[{split}][0]", dict(first)
        for i, row in enumerate(rows, start=1):
            yield f"hf:{dataset_id}[{split}][{i}]", dict(row)

    return BY_NAME[fmt], numbered(), Context(license=license_name, split=split)
