"""The PPO trainer on a tiny model on CPU: rollouts, scoring, updates that change every weight, LoRA, exact resume, logs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pytest
import torch
from refine_agents.backends import Backend, SamplingParams
from refine_agents.hf_backend import TransformersBackend
from refine_agents.policy import LLMPolicy
from refine_agents.ppo import PPOConfig, PPOTrainer
from refine_agents.ppo.buffer import pack_by_length
from refine_agents.ppo.curriculum import StartPlanner
from refine_agents.ppo.losses import LossOutput
from refine_agents.ppo.rollout import Episode, EpisodeStart, run_episodes

from refine_env.env import RefineCodeEnv
from refine_env.sandbox import Sandbox

PROBLEMS = ("run-length-unpack", "bus-timetable-lcm")
pytestmark = pytest.mark.usefixtures("one_thread")  # conftest: one torch thread for the module


def varied_rewards(episode: Episode) -> List[float]:
    """Distinct per-turn rewards from the (random) text, so that advantages are not all zero."""
    return [((len(a) * 7 + 3 * i) % 5) / 5.0 for i, a in enumerate(episode.actions)]


def make_trainer(path: Path, out: Path, sandbox: Sandbox, problems: List[Any], **overrides: Any) -> PPOTrainer:
    settings: Dict[str, Any] = dict(
        model=str(path), problem_ids=PROBLEMS, max_turns=2, problems_per_step=2, group_size=2, max_new_tokens=12,
        system_prompt="", output_dir=str(out), progress=False, tensorboard=False, total_steps=4, learning_rate=1e-3,
        advantage_estimator="gae", kl_coef=0.05, entropy_coef=0.01, seed=0, micro_batch_tokens=4096,
    )
    settings.update(overrides)
    turn_reward_fn = settings.pop("turn_reward_fn", varied_rewards)
    return PPOTrainer(PPOConfig(**settings), sandbox=sandbox, problems=problems, turn_reward_fn=turn_reward_fn)


def trainable(trainer: PPOTrainer) -> Dict[str, torch.Tensor]:
    return {n: p.detach().clone() for n, p in trainer.learner.model.named_parameters() if p.requires_grad}


def one_update(trainer: PPOTrainer) -> Dict[str, float]:
    episodes, _ = trainer.collect_rollouts()
    batch, micro = trainer.score(episodes)
    batch = trainer.compute_advantages(batch)
    return trainer.update(batch, micro)


# -- rollouts -------------------------------------------------------------------------------------

def test_rollout_records_whole_multi_turn_episodes(micro_model: Path, sandbox: Sandbox, problems: List[Any]) -> None:
    backend = TransformersBackend(micro_model)
    policy = LLMPolicy(backend, system_prompt="", sampling=SamplingParams(max_new_tokens=8))
    envs = [RefineCodeEnv(dataset=problems, max_turns=3, sandbox=sandbox) for _ in range(2)]
    starts = [EpisodeStart(PROBLEMS[0]), EpisodeStart(PROBLEMS[1], "mutant", mutant_label="wrong_cap")]
    episodes, stats = run_episodes(policy, envs, starts, groups=[0, 1], env_seeds=[1, 2], policy_seed=3)
    assert stats.generated_tokens == sum(e.model_tokens for e in episodes)
    for i, ep in enumerate(episodes):
        record = policy.episode(i)
        assert ep.token_ids == record.token_ids and ep.mask == record.mask
        # Random text is a format error each turn: every episode runs to the turn budget, 3 model turns.
        assert ep.num_turns == 3 and len(ep.turn_rewards) == 3 and ep.format_errors == 3
        for turn in record.turns:
            begin = turn.start + len(turn.prompt_ids)
            assert set(ep.mask[turn.start:begin]) == {0}            # environment and template tokens
            assert set(ep.mask[begin:begin + len(turn.completion_ids)]) == {1}
            assert set(ep.turn_of_token[begin:begin + len(turn.completion_ids)]) == {turn.index}
        assert all(lp == 0.0 for lp, m in zip(ep.sampled_logprobs, ep.mask) if m == 0)
        assert all(t == -1 for t, m in zip(ep.turn_of_token, ep.mask) if m == 0)
    # The mutant start opens on the wrong program and its feedback; the env judged it at the end.
    first_prompt = backend.tokenizer.decode(policy.episode(1).turns[0].prompt_ids)
    assert "Your previous attempt" in first_prompt and episodes[1].start.kind == "mutant"
    assert episodes[1].initial_public_rate is not None and episodes[1].verdict == "WA"
    assert episodes[0].verdict is None and episodes[0].hidden_total is None  # no program was ever written
    for env in envs:
        env.close()


def test_planner_mixes_scratch_mutant_and_draft_starts(problems: List[Any]) -> None:
    planner = StartPlanner(problems, mutant_share=0.4, draft_share=0.4, mutant_labels=("wrong_cap", "wrong_extra_copy"))
    starts = planner.plan([PROBLEMS[0], PROBLEMS[1]] * 50, np.random.default_rng(0))
    kinds = {s.kind for s in starts}
    # No drafts yet: draft starts fall back to mutants.
    assert kinds == {"scratch", "mutant"}
    assert {s.mutant_label for s in starts if s.kind == "mutant"} == {"wrong_cap", "wrong_extra_copy"}
    failed = Episode(start=EpisodeStart(PROBLEMS[0]), group=0, token_ids=(1,), mask=(0,), sampled_logprobs=(0.0,),
                     turn_of_token=(-1,), actions=("x",), turn_rewards=[0.0], env_rewards=(0.0,), public_rates=(None,),
                     initial_public_rate=None, transitions=(), hidden_passed=1, hidden_total=5, verdict="WA",
                     first_code="print(1)", finish_reasons=("stop",))
    assert planner.add_drafts([failed]) == 1
    starts = planner.plan([PROBLEMS[0]] * 50, np.random.default_rng(1))
    drafts = [s for s in starts if s.kind == "draft"]
    assert drafts and all(s.initial_code == "print(1)" and s.reset_options()["initial_code"] == "print(1)" for s in drafts)
    assert StartPlanner(problems, mutant_share=0, draft_share=0).plan([PROBLEMS[0]], np.random.default_rng(0))[0].kind == "scratch"


# -- scoring and updates ----------------------------------------------------------------------------

def test_score_recomputes_the_engines_logprobs(micro_model: Path, sandbox: Sandbox, problems: List[Any], tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, mutant_start_share=0.5)
    episodes, _ = trainer.collect_rollouts()
    batch, micro = trainer.score(episodes)
    mask = batch.action_mask.bool()
    # Same definition (log_softmax of the logits at temperature 1): the trainer's forward pass agrees
    # with what the engine reported while sampling.
    assert torch.allclose(batch.old_logprobs[mask], batch.sampled_logprobs[mask], atol=1e-4)
    assert bool((batch.old_logprobs[~mask] == 0).all()) and bool((batch.values[~mask] == 0).all())
    assert bool((batch.ref_logprobs[mask] == batch.old_logprobs[mask]).all())  # reference = initial policy
    assert sorted(i for m in micro for i in m) == list(range(batch.num_episodes))
    batch = trainer.compute_advantages(batch)
    assert bool((batch.advantages[~mask] == 0).all()) and bool((batch.advantages[mask] != 0).any())
    stats = trainer.update(batch, micro)
    # One epoch, one mini-batch: the first (and only) ratio is exactly 1.
    assert stats["policy/ratio"] == 1.0 and stats["policy/clipfrac"] == 0.0 and stats["policy/approx_kl"] == 0.0
    trainer.close()


@pytest.mark.parametrize("estimator", ["gae", "grpo", "turn_gae"])
def test_one_update_changes_every_trainable_parameter(estimator: str, micro_model: Path, sandbox: Sandbox,
                                                      problems: List[Any], tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, advantage_estimator=estimator)
    before = trainer_params = trainable(trainer)
    assert ("v_head.weight" in before) == (estimator != "grpo")
    one_update(trainer)
    after = trainable(trainer)
    unchanged = [n for n in trainer_params if torch.equal(before[n], after[n])]
    assert not unchanged, f"parameters not updated: {unchanged}"
    trainer.close()


def test_learning_rate_zero_changes_nothing(micro_model: Path, sandbox: Sandbox, problems: List[Any], tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, learning_rate=0.0)
    before = trainable(trainer)
    stats = one_update(trainer)
    assert stats["optim/grad_norm"] > 0  # there was a gradient; it was not applied
    after = trainable(trainer)
    assert all(torch.equal(before[n], after[n]) for n in before)
    trainer.close()


def test_lora_trains_adapters_and_value_head_only(micro_model: Path, sandbox: Sandbox, problems: List[Any], tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, lora_rank=4, lora_alpha=8.0, bf16=True,
                           gradient_checkpointing=True)
    frozen = {n: p.detach().clone() for n, p in trainer.learner.model.named_parameters() if not p.requires_grad}
    before = trainable(trainer)
    assert before and all("lora_" in n or n.startswith("v_head") for n in before)
    one_update(trainer)
    after_one = trainable(trainer)
    # LoRA's B starts at 0, so A's first gradient is exactly 0: B and the value head move at once, A at the second update.
    assert all(not torch.equal(before[n], after_one[n]) for n in before if "lora_A" not in n)
    one_update(trainer)
    after_two = trainable(trainer)
    assert all(not torch.equal(before[n], after_two[n]) for n in before)
    assert all(torch.equal(p.detach(), frozen[n]) for n, p in trainer.learner.model.named_parameters() if n in frozen)
    trainer.close()


def test_micro_batches_accumulate_to_the_same_update(micro_model: Path, sandbox: Sandbox, problems: List[Any], tmp_path: Path) -> None:
    grads = []
    for budget in (100_000, 1):  # one micro-batch of everything, then one episode per micro-batch
        trainer = make_trainer(micro_model, tmp_path / str(budget), sandbox, problems, micro_batch_tokens=budget,
                               advantage_estimator="grpo", loss_aggregation="seq-mean-token-mean")
        episodes, _ = trainer.collect_rollouts()
        batch, _ = trainer.score(episodes)
        batch = trainer.compute_advantages(batch)
        micro = pack_by_length(batch.lengths.tolist(), budget)
        assert len(micro) == (1 if budget > 1 else batch.num_episodes)
        seen: Dict[str, torch.Tensor] = {}

        def record(model: torch.nn.Module, seen: Dict[str, torch.Tensor] = seen) -> None:
            seen.update({n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None})

        trainer.learner.update(batch, micro, rng=np.random.default_rng(0), on_gradients=record)
        grads.append(seen)
        trainer.close()
    assert grads[0].keys() == grads[1].keys() and grads[0]
    # Accumulated gradients equal the one-batch gradient (up to float summation order).
    for name in grads[0]:
        assert torch.allclose(grads[0][name], grads[1][name], rtol=1e-4, atol=1e-7), name


def test_advantage_and_loss_are_swapped_by_passing_functions(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                             tmp_path: Path) -> None:
    calls: Dict[str, int] = {"adv": 0, "loss": 0}

    def constant_advantage(batch, config):
        calls["adv"] += 1
        return batch.action_mask * 2.0, torch.zeros_like(batch.rewards)

    def reinforce_loss(output, batch, config, *, normalizer):
        calls["loss"] += 1
        loss = -(output.logprobs * batch.advantages * batch.action_mask).sum() / normalizer
        return LossOutput(loss, {"loss/total": loss.detach()})

    config = PPOConfig(model=str(micro_model), problem_ids=PROBLEMS, max_turns=1, problems_per_step=2, group_size=2,
                       max_new_tokens=8, system_prompt="", output_dir=str(tmp_path), progress=False, tensorboard=False,
                       advantage_estimator="rloo")
    trainer = PPOTrainer(config, sandbox=sandbox, problems=problems, advantage_fn=constant_advantage, loss_fn=reinforce_loss)
    before = trainable(trainer)
    stats = one_update(trainer)
    assert calls == {"adv": 1, "loss": 1} and "loss/total" in stats
    after = trainable(trainer)
    assert any(not torch.equal(before[n], after[n]) for n in before)
    trainer.close()


# -- the loop, logs, checkpoints ----------------------------------------------------------------------

_NUMERIC = ("loss/", "policy/", "value/", "reward/", "env/", "advantages/", "kl/", "optim/grad_norm", "rollout/")


@pytest.mark.parametrize("lora_rank", [0, 4])
def test_resume_gives_bit_identical_next_steps(lora_rank: int, micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                               tmp_path: Path) -> None:
    # Scratch starts only: feedback on a program that ran shows its measured run time, so such
    # observations (mutant and draft starts) differ between any two runs, resumed or not.
    settings = dict(total_steps=3, save_every=2, keep_checkpoints=5, lora_rank=lora_rank)
    first = make_trainer(micro_model, tmp_path / "a", sandbox, problems, **settings)
    history = first.train()
    final = trainable(first)
    first.close()
    checkpoint = tmp_path / "a" / "checkpoints" / "step_000002"
    assert (checkpoint / "trainer_state.json").is_file() and (tmp_path / "a" / "checkpoints" / "step_000003").is_dir()
    second = make_trainer(micro_model, tmp_path / "b", sandbox, problems, resume=str(checkpoint), **settings)
    assert second.step == 2
    resumed = second.train()
    assert len(resumed) == 1
    expected = {k: v for k, v in history[2].items() if k.startswith(_NUMERIC)}
    got = {k: v for k, v in resumed[0].items() if k.startswith(_NUMERIC)}
    assert got == expected
    after = trainable(second)
    assert all(torch.equal(final[n], after[n]) for n in final)
    second.close()
    exported = {p.name for p in (tmp_path / "b" / "final").iterdir()}
    assert ("adapter_config.json" in exported) == bool(lora_rank) and "value_head.pt" in exported
    if lora_rank:  # the adapter reloads onto the base model and computes the trained policy
        from peft import PeftModel
        from transformers import AutoModelForCausalLM

        reloaded = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(micro_model), tmp_path / "b" / "final")
        ids = torch.arange(5, 25).unsqueeze(0)
        with torch.no_grad():
            assert torch.allclose(reloaded(ids).logits, second.learner.inner.lm(ids).logits, atol=1e-5)


def test_train_writes_metrics_tensorboard_checkpoint_and_model(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                               tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, total_steps=1, tensorboard=True, log_samples=2)
    trainer.train()
    trainer.close()
    records = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert len(records) == 1 and records[0]["step"] == 1
    for key in ("reward/mean", "env/solved_rate", "env/hidden_pass_rate", "loss/kl", "policy/entropy", "policy/clipfrac",
                "loss/value", "value/explained_variance", "tokens/generated_per_s", "tokens/update_per_s",
                "memory/update_peak_mb", "memory/rollout_peak_mb", "time/step_s", "rollout_is/mean", "rollout_is/max",
                "rollout_is/clipfrac", "time/rollout_is_s", "memory/rollout_is_peak_mb", "policy/dual_clipfrac", "kl/coef"):
        assert key in records[0], key
    assert len((tmp_path / "samples.jsonl").read_text().splitlines()) == 2
    assert list((tmp_path / "tensorboard").glob("events.out.tfevents.*"))
    assert (tmp_path / "checkpoints" / "step_000001" / "optimizer.pt").is_file()
    from transformers import AutoModelForCausalLM

    exported = AutoModelForCausalLM.from_pretrained(tmp_path / "final")
    assert exported.config.num_hidden_layers == 2 and (tmp_path / "final" / "value_head.pt").is_file()


def test_train_command_is_registered_and_import_stays_light() -> None:
    code = ("import sys, refine_env.cli as c; p = c.build_parser(); "
            "assert 'train' in p._subparsers._group_actions[0].choices; "
            "assert 'torch' not in sys.modules, 'refine-env --help imported torch'")
    subprocess.run([sys.executable, "-c", code], check=True)
    out = subprocess.run([sys.executable, "-m", "refine_env.cli", "train", "--help"], check=True, capture_output=True, text=True)
    assert "--config" in out.stdout and "--set" in out.stdout


# -- weights for the rollout engine ---------------------------------------------------------------

@pytest.mark.parametrize("lora", [False, True])
def test_pushed_weights_make_a_plain_copy_compute_the_policy(lora: bool, micro_model: Path) -> None:
    from refine_agents.ppo.model import load_policy_model
    from refine_agents.ppo.weight_sync import CopyWeights, iter_engine_weights
    from transformers import AutoModelForCausalLM

    model, _ = load_policy_model(str(micro_model), value_head=True, lora_rank=4 if lora else 0, seed=0)
    with torch.no_grad():
        g = torch.Generator().manual_seed(1)
        for name, p in model.named_parameters():
            if p.requires_grad and not name.startswith("v_head"):
                p.add_(0.05 * torch.randn(p.shape, generator=g))
    copy = AutoModelForCausalLM.from_pretrained(micro_model)
    sync = CopyWeights(copy)
    ids = torch.randint(5, 4000, (2, 30), generator=torch.Generator().manual_seed(2))
    assert not torch.allclose(copy(ids).logits, model.lm(ids).logits, atol=1e-3)
    sync.before_rollout(model)  # nothing happens before an update
    assert not torch.allclose(copy(ids).logits, model.lm(ids).logits, atol=1e-3)
    sync.mark_updated()
    sync.before_rollout(model)
    with torch.no_grad():
        assert torch.allclose(copy(ids).logits, model.lm(ids).logits, atol=1e-4)
    names = [n for n, _ in iter_engine_weights(model)]
    assert not any("lora_" in n or "base_layer" in n or n.startswith(("v_head", "base_model")) for n in names)
    if lora:  # only decoder layers with adapters travel, whole: the frozen embeddings are already in the engine
        assert all(".layers." in n for n in names) and any(n.endswith("input_layernorm.weight") for n in names)


def test_train_command_runs_a_config_file(micro_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from refine_env.cli import main

    config = {"model": str(micro_model), "problem_ids": list(PROBLEMS), "max_turns": 1, "problems_per_step": 2,
              "group_size": 2, "max_new_tokens": 8, "system_prompt": "", "progress": False, "tensorboard": False,
              "sandbox_workers": 1}
    (tmp_path / "c.json").write_text(json.dumps(config))
    out = tmp_path / "run"
    assert main(["train", "--config", str(tmp_path / "c.json"), "--steps", "1", "--output-dir", str(out),
                 "--set", "advantage_estimator=rloo", "--set", "learning_rate=1e-4"]) == 0
    assert "trained 1 steps" in capsys.readouterr().out
    saved = json.loads((out / "config.json").read_text())
    assert saved["advantage_estimator"] == "rloo" and saved["learning_rate"] == 1e-4 and saved["total_steps"] == 1
    assert main(["train", "--config", str(tmp_path / "c.json"), "--set", "learning_rat=1"]) == 2
    assert "did you mean 'learning_rate'" in capsys.readouterr().err


class PromptKeyedBackend(Backend):
    """A token backend whose reply depends only on its prompt: how many turns it holds and which problem it is.

    Turn 0 runs a wrong program on the public tests, turn 1 submits the reference for episodes of
    the first problem and the wrong program again for the second: batches of any composition get
    the same replies, so rollouts with and without overlap must agree token for token.
    """

    name = "prompt-keyed"
    supports_tokens = True
    logprobs_mode = "raw"

    def __init__(self, tokenizer: Any, problems: List[Any]) -> None:
        self.tokenizer = tokenizer
        self.problems = problems
        self.batch_sizes: List[int] = []

    def generate(self, prompts: Any, *, sampling: SamplingParams, stop_token_ids: Any) -> List[Any]:
        from refine_agents.backends import Generation
        from refine_env import actions

        self.batch_sizes.append(len(prompts))
        out = []
        for ids in prompts:
            text = self.tokenizer.decode(list(ids), skip_special_tokens=False)
            turn = text.count("<|im_start|>assistant") - 1
            first = self.problems[0].statement[:60] in text
            wrong = self.problems[0 if first else 1].mutants[0].source
            reply = actions.run(wrong) if turn == 0 else actions.submit(self.problems[0].reference.source if first else wrong)
            tokens = list(self.tokenizer.encode(reply, add_special_tokens=False)) + [int(self.tokenizer.eos_token_id)]
            out.append(Generation(tuple(tokens), (-0.5,) * len(tokens), "stop"))
        return out



def test_overlapped_rollouts_equal_lockstep_ones(micro_model: Path, sandbox: Sandbox, problems: List[Any]) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    starts = [EpisodeStart(PROBLEMS[i % 2]) for i in range(5)]
    runs = {}
    for overlap in (1, 2, 3):
        backend = PromptKeyedBackend(tokenizer, problems)
        policy = LLMPolicy(backend, system_prompt="", sampling=SamplingParams(max_new_tokens=400))  # type: ignore[arg-type]
        # Feedback without times and memory: those differ from run to run, and so would the tokens.
        envs = [RefineCodeEnv(dataset=problems, max_turns=3, sandbox=sandbox, show_resources=False) for _ in starts]
        episodes, stats = run_episodes(policy, envs, starts, groups=list(range(5)), env_seeds=list(range(5)),
                                       policy_seed=0, overlap=overlap)
        runs[overlap] = [(e.token_ids, e.mask, e.env_rewards, e.verdict, e.hidden_passed, e.actions) for e in episodes]
        # Two rounds of generation, each cut into `overlap` groups of the 5 episodes.
        assert backend.batch_sizes == {1: [5, 5], 2: [3, 2, 3, 2], 3: [2, 2, 1, 2, 2, 1]}[overlap]
        assert 0.0 <= stats.judging_hidden <= 1.0 and stats.judge_wait_s <= stats.env_s
        for env in envs:
            env.close()
    assert runs[1] == runs[2] == runs[3]
    assert [v for *_, v, _p, _a in runs[1]] == ["AC", "WA", "AC", "WA", "AC"]
    with pytest.raises(ValueError, match=r"Expected overlap to be an int >= 1 \(groups of episodes taking turns\), got 0"):
        run_episodes(policy, envs, starts, groups=list(range(5)), env_seeds=list(range(5)), policy_seed=0, overlap=0)

# -- corrections for large-scale LLM RL (issue 16) ------------------------------------------------------

def test_engine_logprobs_are_taken_at_the_sampling_temperature(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                               tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    # The trainer's own engine reports logprobs at the sampling temperature: they equal the trainer's
    # recomputed ones, so the importance weights are 1 and the weight-push check reads 0.
    trainer = make_trainer(micro_model, tmp_path / "a", sandbox, problems, temperature=0.5, advantage_estimator="grpo")
    assert trainer.backend.logprobs_mode == "processed"
    episodes, _ = trainer.collect_rollouts()
    batch, micro = trainer.score(episodes)
    mask = batch.action_mask.bool()
    assert torch.allclose(batch.old_logprobs[mask], batch.sampled_logprobs[mask], atol=1e-4)
    assert torch.allclose(batch.rollout_is_weights[mask], torch.ones(int(mask.sum())), atol=1e-3)
    assert bool((batch.rollout_is_weights[~mask] == 0).all())
    stats = trainer.update(trainer.compute_advantages(batch), micro)
    assert stats["policy/ratio"] == 1.0
    trainer.close()

    # An engine reporting temperature-1 ("raw") logprobs at temperature 0.5 would make the weights and the
    # check meaningless: refused while the correction is on; with it off, the check shows the gap.
    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    lm = AutoModelForCausalLM.from_pretrained(micro_model)
    raw = TransformersBackend(lm, tokenizer=tokenizer, logprobs_mode="raw")
    config = PPOConfig(model=str(micro_model), problem_ids=PROBLEMS, max_turns=1, problems_per_step=2, group_size=2,
                       max_new_tokens=12, system_prompt="", output_dir=str(tmp_path / "b"), progress=False,
                       tensorboard=False, temperature=0.5)
    with pytest.raises(ValueError, match=r"Expected a rollout engine with logprobs_mode='processed' \(logprobs at the "
                                         r"sampling temperature\) for rollout_is='token' at temperature 0.5, got "
                                         r"logprobs_mode='raw'"):
        PPOTrainer(config, model=lm, tokenizer=tokenizer, backend=raw, sandbox=sandbox, problems=problems)
    trainer = PPOTrainer(config.replace(rollout_is="none"), model=lm, tokenizer=tokenizer, backend=raw, sandbox=sandbox,
                         problems=problems, turn_reward_fn=varied_rewards)
    episodes, _ = trainer.collect_rollouts()
    batch, _ = trainer.score(episodes)
    mask = batch.action_mask.bool()
    gap = float((batch.sampled_logprobs - batch.old_logprobs).abs()[mask].mean())
    assert gap > 0.05, f"same weights, temperature 1 vs 0.5 logprobs: expected a large gap, got {gap}"
    trainer.close()


@pytest.mark.parametrize("backbone", ["detached", "shared", "separate"])
def test_value_loss_reaches_the_policy_only_with_a_shared_backbone(backbone: str, micro_model: Path) -> None:
    from refine_agents.ppo.learner import build_optimizer
    from refine_agents.ppo.model import load_policy_model
    from refine_agents.ppo.weight_sync import iter_engine_weights

    model, _ = load_policy_model(str(micro_model), value_head=True, critic_backbone=backbone, seed=0)
    with torch.no_grad():  # a nonzero head, so that the value's gradient reaches its input
        model.v_head.weight.normal_(generator=torch.Generator().manual_seed(0))
    ids = torch.randint(5, 4000, (2, 24), generator=torch.Generator().manual_seed(1))
    mask = torch.zeros(2, 24)
    mask[:, 10:] = 1
    out = model(ids, torch.ones_like(ids), mask, with_values=True)
    (out.values ** 2).sum().backward()
    policy_grads = [p.grad for n, p in model.named_parameters() if n.startswith("lm.")]
    moved = any(g is not None and bool(g.abs().sum() > 0) for g in policy_grads)
    assert moved == (backbone == "shared")
    assert model.v_head.weight.grad is not None and bool(model.v_head.weight.grad.abs().sum() > 0)
    assert (model.critic_body is not None) == (backbone == "separate")
    if backbone == "separate":
        assert all(p.grad is not None for p in model.critic_body.parameters())
        assert not any("critic_body" in n for n, _ in iter_engine_weights(model, changed_only=False))
        config = PPOConfig(model=str(micro_model), advantage_estimator="gae", critic_backbone="separate",
                           value_learning_rate=1e-3)
        groups = {g["name"]: g for g in build_optimizer(model, config).param_groups}
        critic = {id(p) for p in model.critic_body.parameters()}
        assert critic <= {id(p) for p in groups["value_head"]["params"]} and groups["value_head"]["lr"] == 1e-3
        assert not critic & {id(p) for p in groups["policy"]["params"]}


def test_separate_critic_trains_beside_the_policy(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                  tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, critic_backbone="separate")
    before = trainable(trainer)
    assert any(n.startswith("critic_body.") for n in before)
    one_update(trainer)
    after_one = trainable(trainer)
    # The value head starts at 0, so the critic body's first gradient is 0 (as LoRA's A): it moves from the second update.
    assert not [n for n in before if torch.equal(before[n], after_one[n]) and not n.startswith("critic_body.")]
    one_update(trainer)
    after_two = trainable(trainer)
    assert not [n for n in before if torch.equal(before[n], after_two[n])]
    trainer.close()


def test_critic_warmup_steps_only_the_critic(micro_model: Path, sandbox: Sandbox, problems: List[Any], tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, critic_warmup_steps=1, critic_backbone="shared")
    before = trainable(trainer)
    stats = one_update(trainer)
    assert stats["optim/critic_only"] == 1.0
    after = trainable(trainer)
    changed = {n for n in before if not torch.equal(before[n], after[n])}
    assert changed == {"v_head.weight", "v_head.bias"}
    stats = one_update(trainer)  # warmup over: the policy moves too
    assert stats["optim/critic_only"] == 0.0
    assert all(not torch.equal(after[n], t) for n, t in trainable(trainer).items() if n.startswith("lm."))
    trainer.close()


def test_entropy_is_computed_only_when_used_or_logged(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                      tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, entropy_coef=0.0, entropy_log_every=2,
                           advantage_estimator="grpo")
    logged = ["policy/entropy" in one_update(trainer) for _ in range(3)]
    assert logged == [True, False, True]
    trainer.close()
    trainer = make_trainer(micro_model, tmp_path / "never", sandbox, problems, entropy_coef=0.0, entropy_log_every=0,
                           advantage_estimator="grpo")
    assert "policy/entropy" not in one_update(trainer)
    trainer.close()


def test_full_fine_tuning_reference_is_kept_in_bf16(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                    tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, bf16=True, advantage_estimator="grpo")
    ref = trainer.learner.ref_model
    assert ref is not None and {p.dtype for p in ref.parameters()} == {torch.bfloat16}
    assert {p.dtype for p in trainer.learner.model.parameters()} == {torch.float32}  # the master weights
    assert all(b.dtype == torch.float32 for n, b in ref.named_buffers() if "inv_freq" in n)
    episodes, _ = trainer.collect_rollouts()
    batch, _ = trainer.score(episodes)
    mask = batch.action_mask.bool()
    # Both forward passes run under bf16 autocast: the bf16 copy gives nearly the same logprobs.
    assert float((batch.ref_logprobs - batch.old_logprobs).abs()[mask].max()) < 0.05
    trainer.close()
    no_kl = make_trainer(micro_model, tmp_path / "no_kl", sandbox, problems, kl_coef=0.0)
    assert no_kl.learner.ref_model is None  # kl_coef 0: no reference at all
    no_kl.close()


def test_adaptive_kl_moves_the_coefficient_and_resumes(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                       tmp_path: Path) -> None:
    settings = dict(kl_coef=0.05, kl_target=0.01, kl_horizon=4, total_steps=1, advantage_estimator="grpo")
    trainer = make_trainer(micro_model, tmp_path / "a", sandbox, problems, **settings)
    history = trainer.train()
    trainer.close()
    # Step 0: the policy is the reference (KL 0), so the error is clipped to -0.2: 0.05 x (1 - 0.2 x 4 / 4).
    assert history[0]["kl/coef"] == 0.05 and history[0]["kl/controller_kl"] == 0.0
    assert trainer.learner.kl_coef == pytest.approx(0.04)
    checkpoint = tmp_path / "a" / "checkpoints" / "step_000001"
    state = json.loads((checkpoint / "trainer_state.json").read_text())
    assert state["learner"]["kl_controller"]["value"] == pytest.approx(0.04)
    resumed = make_trainer(micro_model, tmp_path / "b", sandbox, problems, resume=str(checkpoint),
                           **{**settings, "total_steps": 2})
    assert resumed.learner.kl_coef == pytest.approx(0.04)
    resumed.close()
