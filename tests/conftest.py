"""Shared fixtures: one sandbox per test session, the shared data folder, GPU skipping, tiny models, one torch thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, List

import pytest

from refine_env.sandbox import Sandbox

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """Two warm workers for the whole session (starting workers per test would dominate the run)."""
    with Sandbox(workers=2) as sb:
        yield sb


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real dataset samples not found at {SHARED_DATA} (../shared/data from the project root)")
    return SHARED_DATA


def _cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    if any("gpu" in item.keywords for item in items) and not _cuda_available():
        skip = pytest.mark.skip(reason="needs a CUDA GPU")
        for item in items:
            if "gpu" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Qwen3-architecture model with a locally trained tokenizer, built offline once per session."""
    from refine_agents.tiny import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model", seed=0)


@pytest.fixture(scope="session")
def micro_model(tiny_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model's tokenizer with an even smaller Qwen3 (2 layers, width 64): fast enough for many updates."""
    import torch
    from transformers import AutoConfig, AutoTokenizer, GenerationConfig, Qwen3ForCausalLM

    config = AutoConfig.from_pretrained(tiny_model_path)
    config.hidden_size, config.intermediate_size, config.num_hidden_layers = 64, 128, 2
    config.num_attention_heads, config.num_key_value_heads, config.head_dim = 2, 1, 32
    config.layer_types = ["full_attention"] * config.num_hidden_layers
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = Qwen3ForCausalLM(config)
    model.generation_config = GenerationConfig.from_pretrained(tiny_model_path)
    path = tmp_path_factory.mktemp("micro") / "model"
    model.save_pretrained(path)
    AutoTokenizer.from_pretrained(tiny_model_path).save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def one_thread() -> Iterator[None]:
    """One torch thread for a test module (``pytestmark = pytest.mark.usefixtures("one_thread")``): tiny matrices
    gain nothing from threads, and bit-identical checks want one fixed reduction order."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def problems(request: pytest.FixtureRequest) -> List[Any]:
    """The built-in problems that the test module names in its ``PROBLEMS`` tuple, in that order."""
    from refine_env.problems import load_builtin

    by_id = {p.id: p for p in load_builtin()}
    return [by_id[i] for i in request.module.PROBLEMS]


def _local_cluster_class() -> Any:
    # The launcher of a Ray cluster on loopback lives with the benchmark, which starts the same cluster.
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "ray_judge.py"
    spec = importlib.util.spec_from_file_location("bench_ray_judge", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LocalCluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Ray head and a second node with one CPU each, on 127.0.0.1, each with its own temp dir (one per test module)."""
    pytest.importorskip("ray")
    with _local_cluster_class()(tmp_path_factory.mktemp("ray")) as c:
        yield c
        left = c.stop()
    assert left == [], f"processes of the Ray cluster outlived `ray start --block`: {left}"
