"""Two CPU processes on gloo: FSDP2 (and DDP) updates equal a one-process update, and a full trainer step runs sharded.

torch 2.13's ``fully_shard`` runs on CPU with the gloo backend, so the test exercises the same
FSDP2 code path as the GPUs do (minus the bf16 mixed-precision policy, CUDA only). This file
is also the worker: ``torchrun --nproc_per_node 2 tests/test_ppo_distributed.py MODEL OUT``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest
import torch
from refine_agents.ppo import PPOConfig, build_batch
from refine_agents.ppo.learner import Learner
from refine_agents.ppo.model import load_policy_model
from refine_agents.ppo.rollout import Episode, EpisodeStart

PROBLEMS = ("run-length-unpack", "bus-timetable-lcm")


def synthetic_episodes(vocab: int) -> List[Episode]:
    """Four fixed episodes (two groups) with two model turns each, identical in every process."""
    g = torch.Generator().manual_seed(0)
    episodes = []
    for i, length in enumerate((40, 33, 47, 29)):
        mask = [0] * length
        for t in list(range(8, 16)) + list(range(24, length - 2)):
            mask[t] = 1
        turn_of_token = [(0 if t < 20 else 1) if mask[t] else -1 for t in range(length)]
        episodes.append(Episode(
            start=EpisodeStart(PROBLEMS[i // 2]), group=i // 2,
            token_ids=tuple(torch.randint(5, vocab, (length,), generator=g).tolist()), mask=tuple(mask),
            sampled_logprobs=tuple(0.0 for _ in mask), turn_of_token=tuple(turn_of_token), actions=("a", "b"),
            turn_rewards=[0.1 * i, float(i % 2)], env_rewards=(0.0, 0.0), public_rates=(None, None),
            initial_public_rate=None, transitions=(), hidden_passed=None, hidden_total=None, verdict=None,
            first_code=None, finish_reasons=("stop", "stop"),
        ))
    return episodes


def gradients(model_path: str, *, strategy: str, rows: List[int]) -> Dict[str, torch.Tensor]:
    """Full gradients of one PPO update (GAE with a value head) on the synthetic episodes ``rows``."""
    from refine_agents.ppo.distributed import full_tensor, wrap_model
    from refine_agents.ppo.estimators import get_estimator

    config = PPOConfig(model=model_path, advantage_estimator="gae", kl_coef=0.0, entropy_coef=0.01,
                       distributed=strategy, loss_aggregation="token-mean", learning_rate=1e-3)
    model, lm_config = load_policy_model(model_path, value_head=True, seed=0)
    wrapped = wrap_model(model, strategy=strategy, device=torch.device("cpu"))
    learner = Learner(wrapped, config=config, device=torch.device("cpu"))
    batch = build_batch([synthetic_episodes(lm_config.vocab_size)[r] for r in rows], pad_token_id=0)
    micro = [[i] for i in range(batch.num_episodes)]  # one episode per micro-batch: accumulation too
    batch = learner.score(batch, micro)
    adv, ret = get_estimator("gae")(batch._replace(values=batch.values + 0.3), config)
    batch = batch._replace(advantages=adv, returns=ret)
    seen: Dict[str, torch.Tensor] = {}

    def record(model: torch.nn.Module) -> None:
        for name, p in model.named_parameters():
            if p.grad is not None:
                seen[name.replace("module.", "")] = full_tensor(p.grad).detach().clone()

    learner.update(batch, micro, rng=__import__("numpy").random.default_rng(0), on_gradients=record)
    return seen


def _worker(model_path: str, out: str, mode: str) -> None:
    import torch.distributed as dist
    from refine_agents.ppo import PPOTrainer
    from refine_agents.ppo.distributed import init_distributed, named_full_parameters
    from refine_agents.ppo.model import unwrap

    torch.set_num_threads(1)
    info = init_distributed(strategy="fsdp", device="cpu")
    rows = [info.rank, info.rank + 2]  # each process a different half (one episode of each group)
    results = {name: gradients(model_path, strategy=name, rows=rows) for name in ("fsdp", "ddp")}
    if info.rank == 0:
        torch.save(results, Path(out) / "grads.pt")
    if mode == "grads":
        dist.barrier()
        dist.destroy_process_group()
        return
    # A whole trainer step, sharded: rollouts on a plain copy per process, weights pushed after the update.
    config = PPOConfig(model=model_path, problem_ids=PROBLEMS, max_turns=2, problems_per_step=2, group_size=2,
                       max_new_tokens=8, system_prompt="", output_dir=str(Path(out) / "run"), progress=False,
                       tensorboard=False, total_steps=1, distributed="fsdp", advantage_estimator="rloo",
                       mutant_start_share=1.0, learning_rate=1e-3, sandbox_workers=1)
    trainer = PPOTrainer(config, turn_reward_fn=lambda ep: [float(len(a) % 3) for a in ep.actions])
    assert trainer.groups_per_rank == 1 and len(trainer.envs) == 2
    trainer.train()
    trainer.weight_sync.before_rollout(trainer.learner.model)  # push the trained weights to the rollout copy
    engine = dict(trainer.backend.model.named_parameters())
    trained = {n[len("lm."):]: t for n, t in named_full_parameters(unwrap(trainer.learner.model)) if n.startswith("lm.")}
    assert all(torch.equal(engine[n], t) for n, t in trained.items()), "rollout copy differs from the trained weights"
    trainer.close()
    if info.rank == 0:
        (Path(out) / "ok.json").write_text(json.dumps({"world": info.world_size, "steps": trainer.step}))
    dist.barrier()
    dist.destroy_process_group()


def _launch(model_path: Path, out: Path, mode: str) -> None:
    env = dict(os.environ, OMP_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", str(_free_port()),
           __file__, str(model_path), str(out), mode]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]


def test_two_process_fsdp_and_ddp_updates_match_one_process(micro_model: Path, tmp_path: Path) -> None:
    model_path = micro_model
    _launch(model_path, tmp_path, "grads")
    torch.set_num_threads(1)
    reference = gradients(str(model_path), strategy="none", rows=[0, 1, 2, 3])
    sharded = torch.load(tmp_path / "grads.pt", weights_only=False)
    assert set(sharded) == {"fsdp", "ddp"}
    for strategy, grads in sharded.items():
        assert grads.keys() == reference.keys(), strategy
        for name, grad in reference.items():
            assert torch.allclose(grads[name], grad, rtol=1e-4, atol=1e-7), (strategy, name)


@pytest.mark.slow
def test_two_process_fsdp_trainer_step(micro_model: Path, tmp_path: Path) -> None:
    model_path = micro_model
    _launch(model_path, tmp_path, "trainer")
    assert json.loads((tmp_path / "ok.json").read_text()) == {"world": 2, "steps": 1}
    run = tmp_path / "run"
    saved = {p.name for p in (run / "checkpoints" / "step_000001").iterdir()}
    assert saved >= {"model.pt", "optimizer.pt", "rng_rank0.pt", "rng_rank1.pt", "trainer_state.json"}
    records = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert len(records) == 1 and records[0]["env/share_mutant"] == 1.0
    assert (run / "final" / "config.json").is_file()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], sys.argv[3])
