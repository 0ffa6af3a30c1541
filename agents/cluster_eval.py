"""Evaluation with the episodes themselves on a Ray cluster: an episode runner per node, each with its own sandbox and envs.

:func:`refine_agents.evaluate.evaluate` plays every episode in this process and can send only
the judging to a cluster (``RayJudge``). With a served model (``openai:URL``, a vLLM or SGLang
server the nodes can reach) nothing of an episode needs this process: :func:`evaluate_on_ray`
places one runner actor on each node, and each runner plays whole batches of episodes there:
its own policy client, one env per episode, the agent's loop, and judging by that node's
``Sandbox``. This process hands out batches, writes each finished episode to the run's
``trajectories.jsonl`` as it arrives, and summarises as ``evaluate`` does, from the same
episode lines (same seeds, same batches: a scripted policy gives the same lines either way).

Faults: a runner (or its node) lost mid-batch has that whole batch played again by another
runner; the lost runner's episodes of that batch are never recorded, so none is lost or
written twice. One ``RuntimeError`` when no runner is left.

    from refine_agents.cluster_eval import evaluate_on_ray
    summary = evaluate_on_ray(EvalConfig(policy="openai:http://10.0.0.5:8000/v1#Qwen/Qwen3-4B", out="runs/x"),
                              address="auto")
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from refine_env.problems import Problem

from .eval_report import EvalSummary
from .evaluate import (
    EvalConfig,
    _Checkpoint,
    _episode_line,
    _episode_seed,
    _Judge,
    _prepare_out,
    finish_run,
    load_problems,
)

__all__ = ["evaluate_on_ray", "CLUSTER_POLICIES"]

logger = logging.getLogger(__name__)

CLUSTER_POLICIES = ("openai", "scripted", "random")
"""Policy kinds a runner can make on any node: a client of a served model, or a policy without a model."""


class _EpisodeRunner:
    """A node's episodes: a sandbox with the node's cores, the policy, the agent, and one env per episode of a batch."""

    def __init__(self, config: EvalConfig, problems: Sequence[Problem], workers: int) -> None:
        from refine_env.sandbox import Sandbox

        from .evaluate import load_policy
        from .skeptical import SkepticalConfig, make_agent

        self.config = config
        self.problems = list(problems)
        self.by_id = {p.id: p for p in self.problems}
        self.sandbox = Sandbox(workers=workers)
        self.judge = _Judge(self.sandbox)
        self.policy = load_policy(config.policy, problems=self.problems, config=config)
        self.agent = make_agent(config.agent, self.policy, config=SkepticalConfig(
            skeptical_rounds=config.skeptical_rounds, prompt_version=config.prompt_version))

    def describe(self) -> Dict[str, Any]:
        import ray

        from refine_env.sandbox.ray_node import code_digest as _code_digest

        return {"node_id": ray.get_runtime_context().get_node_id(), "host": os.uname().nodename,
                "isolation": self.sandbox.isolation, "code": _code_digest(), "workers": self.sandbox.workers}

    def play(self, items: List[Tuple[str, int]]) -> List[Dict[str, Any]]:
        from refine_env.env import RefineCodeEnv

        config = self.config
        batch = [(self.by_id[pid], sample) for pid, sample in items]
        seeds = [_episode_seed(config.seed, p.id, s) for p, s in batch]
        envs = [RefineCodeEnv(dataset=self.problems, max_turns=config.budget, reward=config.reward, sandbox=self.sandbox)
                for _ in batch]
        lines: List[Optional[Dict[str, Any]]] = [None] * len(batch)

        def finished(index: int, traj: Any) -> None:
            problem, sample = batch[index]
            lines[index] = _episode_line(traj, problem, sample, config.budget, self.judge)

        try:
            self.agent.run(envs, seeds=seeds, options=[{"problem_id": p.id} for p, _ in batch],
                           policy_seed=seeds[0], on_episode_end=finished)
        finally:
            for env in envs:
                env.close()
        missing = [items[i] for i, line in enumerate(lines) if line is None]
        if missing:
            raise RuntimeError(f"Expected the agent to finish every episode of its batch, got {len(missing)} unfinished: {missing}")
        return lines  # type: ignore[return-value]

    def close(self) -> None:
        if callable(getattr(self.policy, "close", None)):
            self.policy.close()
        self.sandbox.close()


def _check_policy(spec: str) -> None:
    kind = spec.partition(":")[0]
    if kind not in CLUSTER_POLICIES:
        raise ValueError(f"Expected a policy every node can make for episodes on the cluster {CLUSTER_POLICIES} "
                         f"(openai:URL of a served model the nodes reach), got {spec!r}: a model loaded by hf: or vllm: "
                         "belongs to one machine; serve it (vllm serve) and pass openai:URL, or judge on the cluster "
                         "with --ray alone")


def evaluate_on_ray(config: EvalConfig, *, address: Optional[str] = "auto", node_resource: Optional[str] = None,
                    workers_per_node: Optional[int] = None, require_isolation: bool = True, progress: bool = False,
                    plot: bool = True, start_timeout_s: float = 120.0,
                    on_episode: Optional[Callable[[Dict[str, Any]], None]] = None,
                    _on_runners: Optional[Callable[[List[Any]], None]] = None) -> EvalSummary:
    """Play the evaluation's episodes on a Ray cluster, a batch of ``config.batch_size`` at a time per node.

    ``address`` as for :class:`~refine_env.sandbox.RayJudge`; ``node_resource``: only nodes with
    this custom resource run episodes; ``workers_per_node``: sandbox workers of each runner
    (default: the node's CPUs). The output folder, ``resume`` and the summary are those of
    :func:`~refine_agents.evaluate.evaluate`; lines are written in the order batches finish.
    """
    if not isinstance(config, EvalConfig):
        raise TypeError(f"Expected config to be an EvalConfig, got {type(config).__name__}")
    _check_policy(config.policy)
    import ray

    start = time.perf_counter()
    problems = load_problems(config)
    by_id = {p.id: p for p in problems}
    out, done_lines = _prepare_out(config)
    done = {(line["problem_id"], int(line["sample"])) for line in done_lines}
    todo = [(p.id, s) for p in problems for s in range(config.samples) if (p.id, s) not in done]
    size = max(1, min(config.batch_size, len(todo)))
    queue: List[List[Tuple[str, int]]] = [todo[i:i + size] for i in range(0, len(todo), size)]
    checkpoint = _Checkpoint(out, done_lines, on_episode)
    owns_ray = False
    runners: List[Any] = []
    bar = None
    try:
        if queue:
            if not ray.is_initialized():
                ray.init(address=address)
                owns_ray = True
            _place_runners(ray, runners, config, problems, node_resource=node_resource, workers_per_node=workers_per_node)
            _verify_runners(ray, runners, require_isolation, start_timeout_s)
            if _on_runners is not None:
                _on_runners(runners)
            checkpoint.open()
            from tqdm import tqdm

            bar = tqdm(total=len(todo), desc=f"{config.agent} agent on ray", unit="episode", disable=not progress)
            _play_batches(ray, runners, queue, checkpoint, bar)
    finally:
        if bar is not None:
            bar.close()
        checkpoint.close()
        _close_runners(ray, runners)
        if owns_ray:
            ray.shutdown()
    return finish_run(config, checkpoint.lines, by_id, out, wall_s=time.perf_counter() - start, plot=plot)


def _place_runners(ray: Any, runners: List[Any], config: EvalConfig, problems: Sequence[Problem], *,
                   node_resource: Optional[str], workers_per_node: Optional[int]) -> None:
    """One episode runner per alive node with CPUs (and ``node_resource``), pinned to it, appended to ``runners``."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    nodes = [n for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get("CPU", 0) > 0
             and (node_resource is None or n.get("Resources", {}).get(node_resource, 0) > 0)]
    if not nodes:
        what = f"with the resource {node_resource!r}" if node_resource is not None else "with CPUs"
        raise RuntimeError(f"Expected at least one alive Ray node {what} to run episodes, got none")
    remote = ray.remote(_EpisodeRunner)
    for node in nodes:
        workers = workers_per_node or max(1, int(node["Resources"]["CPU"]))
        runners.append(remote.options(
            num_cpus=0, max_restarts=0, max_concurrency=2,
            scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False),
        ).remote(config, problems, workers))


def _play_batches(ray: Any, runners: List[Any], queue: List[List[Tuple[str, int]]], checkpoint: _Checkpoint, bar: Any) -> None:
    """Hand out the batches of ``queue`` to idle runners until every one is played; a lost runner's batch goes back."""
    in_flight: Dict[Any, Tuple[Any, List[Tuple[str, int]]]] = {}
    idle = list(runners)
    lost = (ray.exceptions.RayActorError, ray.exceptions.ObjectLostError, ray.exceptions.NodeDiedError)
    while queue or in_flight:
        while queue and idle:
            runner = idle.pop(0)
            batch = queue.pop(0)
            in_flight[runner.play.remote(batch)] = (runner, batch)
        if not in_flight:
            raise RuntimeError(f"Expected a live Ray episode runner, got none left with {sum(map(len, queue))} "
                               "episodes to play")
        ready, _ = ray.wait(list(in_flight), num_returns=1)
        runner, batch = in_flight.pop(ready[0])
        try:
            got = ray.get(ready[0])
        except lost as exc:
            logger.warning("a Ray episode runner was lost (%s); its batch of %d episodes is played again",
                           type(exc).__name__, len(batch))
            runners.remove(runner)
            ray.kill(runner)
            queue.insert(0, batch)
            continue
        except ray.exceptions.RayTaskError as exc:
            cause = getattr(exc, "cause", None)
            raise (cause if isinstance(cause, BaseException) else exc) from exc
        idle.append(runner)
        checkpoint.add(got)
        bar.update(len(got))


def _close_runners(ray: Any, runners: List[Any]) -> None:
    for runner in runners:
        try:
            ray.get(runner.close.remote(), timeout=30)
        except Exception:  # a runner already lost has nothing to close
            pass
        ray.kill(runner)


def _verify_runners(ray: Any, runners: List[Any], require_isolation: bool, timeout: float) -> None:
    from refine_env.sandbox.ray_node import code_digest as _code_digest

    refs = [r.describe.remote() for r in runners]
    ready, late = ray.wait(refs, num_returns=len(refs), timeout=timeout)
    if late:
        raise RuntimeError(f"Expected every Ray episode runner to start within {timeout}s, got {len(late)} late")
    digest = _code_digest()
    problems = []
    for info in ray.get(refs):
        if info["code"] != digest:
            problems.append(f"node {info['node_id']} ({info['host']}) runs other code (digest {info['code']}, here {digest}): "
                            "install the same refine-env on every node")
        elif require_isolation and not (str(info["isolation"].get("filesystem", "")).startswith("own root")
                                        and info["isolation"].get("network") == "namespace without interfaces"):
            problems.append(f"node {info['node_id']} ({info['host']}) has no root and network namespace of its own for "
                            "programs: run Ray there as root, or pass require_isolation=False on a trusted cluster")
    if problems:
        raise RuntimeError("; ".join(problems))
