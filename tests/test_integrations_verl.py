"""The verl integration: episodes played token-in/token-out with a scripted engine (no verl needed), then the agent loop inside verl's own types.

The first part tests the adapter's logic without verl: :func:`play_episode` driven by a scripted
engine that answers by exact token sequence and raises on anything unexpected. The second part
needs verl (0.9.1 pins transformers<5.11, so it lives in a venv of its own: scripts/verl_check.sh)
and skips without it: the agent loop instantiated the way verl's ``AgentLoopWorker`` does, run
against the real tiny model, and its output passed through the worker's own post-processing.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

from refine_agents.chat import ChatFormat
from refine_agents.integrations import verl as rv
from refine_agents.integrations.common import Start
from refine_env import actions
from refine_env.problems import load_builtin
from refine_env.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[1]
PID = "market-stalls-median"
HAS_VERL = importlib.util.find_spec("verl") is not None
NEEDS_VERL = "verl is not installed here (it pins transformers<5.11, so it has a venv of its own): bash scripts/verl_check.sh"


@pytest.fixture(scope="module")
def problem() -> Any:
    return {p.id: p for p in load_builtin()}[PID]


@pytest.fixture(scope="module")
def trap(problem: Any) -> str:
    return next(m.source for m in problem.mutants if m.label == "wrong_trap")


@pytest.fixture(scope="module")
def tokenizer(tiny_model_path: Path) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_model_path)


@pytest.fixture(scope="module")
def chat(tokenizer: Any) -> ChatFormat:
    return ChatFormat(tokenizer, system="You refine code.")


class ScriptedEngine:
    """Answers turn k with ``replies[k]`` (as token ids, end-of-turn added), checking the sequence it is given.

    Each call must extend the previous call's sequence by exactly what the engine returned and
    then some environment tokens: the episode is built token-in/token-out. Anything else raises.
    """

    def __init__(self, tokenizer: Any, replies: Sequence[str], *, logprobs: bool = True) -> None:
        self.tokenizer = tokenizer
        self.replies = list(replies)
        self.logprobs = logprobs
        self.calls: List[Tuple[List[int], int]] = []
        self.sampled: List[List[int]] = []

    async def __call__(self, prompt_ids: List[int], max_tokens: int) -> Tuple[List[int], Optional[List[float]]]:
        if len(self.calls) >= len(self.replies):
            raise AssertionError(f"unexpected turn {len(self.calls) + 1}: the script has {len(self.replies)}")
        if self.calls:
            previous = self.calls[-1][0] + self.sampled[-1]
            if prompt_ids[:len(previous)] != previous:
                raise AssertionError("the sequence was not extended token-in/token-out")
        end = self.tokenizer.convert_tokens_to_ids("<|im_end|>")
        ids = list(self.tokenizer.encode(self.replies[len(self.calls)], add_special_tokens=False)) + [end]
        ids = ids[:max_tokens]
        self.calls.append((list(prompt_ids), max_tokens))
        self.sampled.append(ids)
        return ids, ([-0.5] * len(ids) if self.logprobs else None)


def play(config: rv.LoopConfig, chat: ChatFormat, engine: ScriptedEngine, sandbox: Sandbox, *, start: Optional[Start] = None,
         response_length: int = 4096, max_new_tokens: int = 512) -> rv.EpisodeResult:
    env = config.make_env(config.problems(), sandbox=sandbox)
    try:
        return asyncio.run(rv.play_episode(env, chat, engine, start=start or Start(PID), seed=0, response_length=response_length,
                                           max_new_tokens=max_new_tokens))
    finally:
        env.close()


# -- the adapter's logic, without verl ------------------------------------------------------------------

def test_a_known_correct_program_earns_1_and_the_trap_0(chat: ChatFormat, tokenizer: Any, sandbox: Sandbox,
                                                         problem: Any, trap: str) -> None:
    config = rv.LoopConfig(problem_ids=(PID,), max_turns=3)
    wrong = play(config, chat, ScriptedEngine(tokenizer, [actions.run(trap), actions.submit()]), sandbox)
    assert wrong.reward == 0.0 and wrong.hidden["verdict"] == "WA" and wrong.turn_rewards == [0.0, 0.0]
    right = play(config, chat, ScriptedEngine(tokenizer, [actions.submit(problem.reference.source)]), sandbox)
    assert right.reward == 1.0 and right.hidden == {"passed": 16, "total": 16, "verdict": "AC", "verdicts": ["AC"] * 16}
    assert right.response_mask == [1] * len(right.response_ids)  # one turn: nothing but the model's tokens


def test_the_mask_is_1_exactly_on_sampled_tokens_and_the_pieces_are_the_chat_formats(
        chat: ChatFormat, tokenizer: Any, sandbox: Sandbox, problem: Any, trap: str) -> None:
    config = rv.LoopConfig(problem_ids=(PID,), max_turns=4)
    engine = ScriptedEngine(tokenizer, [actions.run(trap), actions.test(None, ["2\n1 4\n"]), actions.submit(problem.reference.source)])
    result = play(config, chat, engine, sandbox)
    assert result.reward == 1.0 and len(result.actions) == 3
    # Rebuild the sequence from its parts: sampled ids (mask 1), then the chat format's piece for the env's feedback (mask 0).
    env = config.make_env(config.problems(), sandbox=sandbox)
    obs, _ = env.reset(seed=0, options={"problem_id": PID})
    assert result.prompt_ids == chat.first_prompt_ids(obs)
    ids: List[int] = []
    mask: List[int] = []
    for k, sampled in enumerate(engine.sampled):
        ids += sampled
        mask += [1] * len(sampled)
        obs, _r, terminated, _t, _i = env.step(result.actions[k])
        if not terminated:
            piece = chat.next_prompt_ids(obs, last_ids=sampled)
            ids += piece
            mask += [0] * len(piece)
    env.close()
    assert result.response_ids == ids and result.response_mask == mask
    assert result.response_logprobs == [-0.5 if m else 0.0 for m in mask]
    assert [c[0] for c in engine.calls] == [result.prompt_ids + result.response_ids[:len(c[0]) - len(result.prompt_ids)]
                                            for c in engine.calls]
    assert tokenizer.decode([t for t, m in zip(ids, mask) if m == 0]).count("Turn ") == 2  # the two feedbacks


def test_the_response_budget_ends_the_episode_and_submits_the_current_program(
        chat: ChatFormat, tokenizer: Any, sandbox: Sandbox, problem: Any) -> None:
    config = rv.LoopConfig(problem_ids=(PID,), max_turns=6)
    first = actions.run(problem.reference.source)
    budget = len(tokenizer.encode(first, add_special_tokens=False)) + 20  # the first turn fits; its feedback does not
    engine = ScriptedEngine(tokenizer, [first])
    result = play(config, chat, engine, sandbox, response_length=budget)
    assert result.finished_by_budget and result.response_mask == [1] * len(result.response_ids)
    assert result.reward == 1.0 and result.turn_rewards == [0.0, 1.0]  # run, then the finishing submission
    assert engine.calls[0][1] == min(512, budget)


def test_an_episode_without_a_program_ends_unjudged(chat: ChatFormat, tokenizer: Any, sandbox: Sandbox) -> None:
    config = rv.LoopConfig(problem_ids=(PID,), max_turns=2, reward="binary+format_penalty:0.1")
    result = play(config, chat, ScriptedEngine(tokenizer, ["no idea", "still none"], logprobs=False), sandbox)
    assert result.hidden is None and result.reward == pytest.approx(-0.2) and result.response_logprobs is None


def test_reward_presets_are_selectable(chat: ChatFormat, tokenizer: Any, sandbox: Sandbox, trap: str) -> None:
    config = rv.LoopConfig(problem_ids=(PID,), max_turns=3, reward="pass_rate")
    assert play(config, chat, ScriptedEngine(tokenizer, [actions.submit(trap)]), sandbox).reward == 4 / 16
    with pytest.raises(ValueError, match=r"got 'pass-rate'\. Did you mean 'pass_rate'\?"):
        rv.LoopConfig(reward="pass-rate")
    with pytest.raises(ValueError, match=r"^Expected max_new_tokens to be an int >= 1, got 0$"):
        rv.LoopConfig(max_new_tokens=0)


def test_rows_carry_the_start_and_route_to_the_agent_loop(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    config = rv.LoopConfig(problem_ids=(PID, "run-length-unpack"), system_prompt="")
    rows = rv.make_rows(config, mutant_labels=("wrong_trap",))
    assert [(r["extra_info"]["problem_id"], r["extra_info"]["initial_mutant"]) for r in rows] == [
        (PID, ""), (PID, "wrong_trap"), ("run-length-unpack", ""), ("run-length-unpack", "wrong_trap")]
    assert {r["agent_name"] for r in rows} == {rv.AGENT_NAME} and [r["extra_info"]["index"] for r in rows] == [0, 1, 2, 3]
    assert rows[0]["prompt"][0]["role"] == "user" and "Action: submit" in rows[0]["prompt"][0]["content"]
    assert "## Your previous attempt" in rows[1]["prompt"][-1]["content"]
    with_system = rv.make_rows(rv.LoopConfig(problem_ids=(PID,)))
    assert with_system[0]["prompt"][0]["role"] == "system"
    rv.write_parquet(rows, str(tmp_path / "train.parquet"))
    assert pq.read_table(tmp_path / "train.parquet").to_pylist() == rows


@pytest.mark.skipif(HAS_VERL, reason="verl is installed: the class exists")
def test_the_agent_loop_class_says_what_to_install_without_verl() -> None:
    with pytest.raises(ImportError, match=r"^Expected verl to be installed for RefineCodeAgentLoop \(pip install 'refine-env\[verl\]'\)"):
        rv.RefineCodeAgentLoop  # noqa: B018


# -- inside verl's own types ------------------------------------------------------------------------------

def verl_config(tiny_model_path: Path, tmp_path: Path, **rollout: Any) -> Any:
    """verl's own default trainer config with the example's overrides (examples/verl_grpo/), as main_ppo composes it."""
    import verl.trainer.config as trainer_config
    from hydra import compose, initialize_config_dir

    overrides = [line.strip().rstrip("\\").strip() for line in (ROOT / "examples" / "verl_grpo" / "overrides.txt").read_text().splitlines()
                 if line.strip() and not line.lstrip().startswith("#")]
    values = {"$MODEL": str(tiny_model_path), "$DATA": str(tmp_path), "$STEPS": "1",
              "$AGENT_LOOP": str(ROOT / "examples" / "verl_grpo" / "agent_loop.yaml")}
    for name, value in values.items():
        overrides = [o.replace(name, value) for o in overrides]
    overrides += [f"actor_rollout_ref.rollout.{k}={v}" for k, v in rollout.items()]
    with initialize_config_dir(config_dir=str(Path(trainer_config.__file__).parent), version_base=None):
        return compose(config_name="ppo_trainer", overrides=overrides)


class ModelServer:
    """verl's server-manager interface (``await generate(request_id, prompt_ids=, sampling_params=)`` -> ``TokenOutput``) over the real tiny model."""

    def __init__(self, path: Path) -> None:
        from refine_agents.hf_backend import TransformersBackend

        self.backend = TransformersBackend(path)
        self.requests: List[Dict[str, Any]] = []

    async def generate(self, request_id: str, *, prompt_ids: List[int], sampling_params: Dict[str, Any], **kwargs: Any) -> Any:
        from verl.workers.rollout.replica import TokenOutput

        from refine_agents.backends import SamplingParams

        self.requests.append({"request_id": request_id, "prompt_ids": list(prompt_ids), **sampling_params})
        params = SamplingParams(temperature=1.0, max_new_tokens=int(sampling_params["max_tokens"]), seed=len(self.requests))
        gen = self.backend.generate([prompt_ids], sampling=params, stop_token_ids=sampling_params["stop_token_ids"])[0]
        return TokenOutput(token_ids=list(gen.token_ids), log_probs=list(gen.logprobs))


def test_agent_loop_runs_in_verls_types_and_its_reward_reaches_rm_scores(tiny_model_path: Path, tmp_path: Path) -> None:
    if not HAS_VERL:
        pytest.skip(NEEDS_VERL)
    import hydra
    import torch
    from omegaconf import OmegaConf
    from verl.experimental.agent_loop.agent_loop import AgentLoopOutput, AgentLoopWorker, DictConfigWrap, ToolListWrap
    from verl.utils.dataset.rl_dataset import RLHFDataset

    config = verl_config(tiny_model_path, tmp_path, prompt_length=2048, response_length=160)
    entries = OmegaConf.load(config.actor_rollout_ref.rollout.agent.agent_loop_config_path)
    entry = next(e for e in entries if e.name == rv.AGENT_NAME)
    server = ModelServer(tiny_model_path)
    loop = hydra.utils.instantiate(config=entry, trainer_config=DictConfigWrap(config=config), server_manager=server,
                                   tokenizer=server.backend.tokenizer, processor=None, hf_model_type="qwen3", dataset_cls=RLHFDataset,
                                   data_config=DictConfigWrap(config.data), tools=ToolListWrap([]))
    assert type(loop).__name__ == "RefineCodeAgentLoop" and loop.refine_config.max_turns == entry.max_turns
    row = rv.make_rows(loop.refine_config, starts=[Start(PID, "wrong_trap")])[0]
    sampling = {"temperature": 1.0, "top_p": 1.0, "top_k": -1, "repetition_penalty": 1.0, "logprobs": True}
    output = asyncio.run(loop.run(sampling, raw_prompt=row["prompt"], extra_info=row["extra_info"], index=0))
    assert isinstance(output, AgentLoopOutput)
    assert len(output.response_ids) == len(output.response_mask) == len(output.response_logprobs) <= 160
    # A random model's turns are format errors: the budget ends the episode, and the mutant start
    # gave it a program, which is then judged: the trap fails the hidden tests.
    assert output.reward_score == 0.0 and output.extra_fields["refine"]["hidden"]["verdict"] == "WA"
    assert {r["request_id"] for r in server.requests} == {server.requests[0]["request_id"]}  # sticky: one trajectory, one id
    for req in server.requests:  # token-in/token-out: each request extends the sequence so far
        assert req["prompt_ids"] == (output.prompt_ids + output.response_ids)[:len(req["prompt_ids"])]

    # verl's own post-processing: padding, masks, and the reward on the last response token.
    worker = AgentLoopWorker.__new__(AgentLoopWorker)
    worker.tokenizer, worker.processor = server.backend.tokenizer, None
    worker.rollout_config = loop.rollout_config
    worker.reward_loop_worker_handles, worker.distillation_enabled, worker.mm_processor_kwargs = None, False, {}
    padded = asyncio.run(worker._agent_loop_postprocess(output, False, raw_prompt=row["prompt"]))
    batch = worker._postprocess([padded])
    n = len(output.response_ids)
    assert batch.batch["responses"][0, :n].tolist() == output.response_ids
    assert batch.batch["response_mask"][0].tolist() == output.response_mask + [0] * (160 - n)
    scores = batch.batch["rm_scores"][0]
    assert float(scores[n - 1]) == output.reward_score and float(scores.abs().sum()) == abs(output.reward_score)
    assert torch.equal(batch.batch["rollout_log_probs"][0, :n], torch.tensor(output.response_logprobs))


def test_the_example_config_composes_with_verls_defaults(tiny_model_path: Path, tmp_path: Path) -> None:
    if not HAS_VERL:
        pytest.skip(NEEDS_VERL)
    from omegaconf import OmegaConf

    config = verl_config(tiny_model_path, tmp_path)
    rollout = config.actor_rollout_ref.rollout
    assert config.algorithm.adv_estimator == "grpo" and rollout.agent.default_agent_loop == rv.AGENT_NAME
    assert rollout.mode == "async" and rollout.calculate_log_probs
    entries = OmegaConf.to_container(OmegaConf.load(rollout.agent.agent_loop_config_path))
    assert entries[0]["_target_"] == "refine_agents.integrations.verl.RefineCodeAgentLoop"
    OmegaConf.resolve(config)  # every interpolation resolves


@pytest.mark.gpu
@pytest.mark.slow
def test_verl_trains_one_grpo_step_with_the_agent_loop(tiny_model_path: Path, tmp_path: Path) -> None:
    if not HAS_VERL or importlib.util.find_spec("vllm") is None:
        pytest.skip(NEEDS_VERL + " (and vllm, for the rollout servers)")
    rows = rv.make_rows(rv.LoopConfig(problem_ids=(PID, "run-length-unpack")))
    rv.write_parquet(rows * 4, str(tmp_path / "train.parquet"))
    rv.write_parquet(rows, str(tmp_path / "val.parquet"))
    env = dict(os.environ, MODEL=str(tiny_model_path), DATA=str(tmp_path), STEPS="1", PYTHONPATH=str(ROOT))
    done = subprocess.run(["bash", str(ROOT / "examples" / "verl_grpo" / "run.sh"), "trainer.n_gpus_per_node=1",
                           "data.train_batch_size=2", "actor_rollout_ref.rollout.n=2", "actor_rollout_ref.actor.ppo_mini_batch_size=2"],
                          env=env, capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "training/global_step:1" in done.stdout
