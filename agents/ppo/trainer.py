"""PPOTrainer: the training loop in named phases (collect rollouts, score, compute advantages, update, log, checkpoint)."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch

from refine_env.problems import Problem
from refine_env.sandbox import Judge

from ..backends import Backend, SamplingParams
from ..policy import LLMPolicy
from .buffer import RolloutBatch, build_batch, pack_by_length
from .checkpoint import export_model, latest_checkpoint, load_checkpoint, save_checkpoint
from .config import PPOConfig
from .curriculum import ProblemSampler, StartPlanner
from .distributed import DistInfo, all_reduce_max, all_reduce_mean_dict, init_distributed, is_distributed, wrap_model
from .environments import make_env, make_judge, training_problems
from .estimators import AdvantageFn, get_estimator
from .learner import Learner, check_rollout_logprobs, rollout_is_metrics
from .losses import explained_variance, kl_penalty
from .metrics import PhaseMeter, RunLogger
from .model import PolicyValueModel, build_reference, load_policy_model
from .objective import LossFn
from .rollout import Episode, EpisodeStart, RolloutStats, derive_seed, run_episodes
from .scoring import EpisodeSummary, TurnRewardFn, group_keep_mask, outcome_metrics, score_episodes, summarize
from .validation import Validation, validation_metrics
from .weight_sync import CopyWeights, SharedWeights, VLLMAdapter, VLLMWeights, WeightSync

__all__ = ["PPOTrainer"]

logger = logging.getLogger(__name__)


def _resolve_device(config: PPOConfig, info: Optional[DistInfo]) -> torch.device:
    if info is not None:
        return info.device
    if config.device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(config.device)


def _load_tokenizer(config: PPOConfig, tokenizer: Any) -> Tuple[Any, int]:
    """The tokenizer (given, or that of ``tokenizer``/``model``) and the id that pads batches (pad, else eos)."""
    if tokenizer is None:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(config.tokenizer or config.model)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    if pad is None:
        raise ValueError("Expected the tokenizer to define a pad or eos token id for padding, got neither")
    return tokenizer, int(pad)


class PPOTrainer:
    """PPO (and GRPO/RLOO) for an LLM policy on RefineCode, multi-turn, with masked environment tokens.

    One :meth:`train_step` is::

        episodes = self.collect_rollouts()            # 1. whole multi-turn episodes, batched generation
        batch, micro = self.score(episodes)           # 2. turn rewards; old/ref logprobs, values by forward passes
        batch = self.compute_advantages(batch)        # 3. advantage_fn(batch, config) -> advantages, returns
        stats = self.update(batch, micro)             # 4. PPO epochs over mini-batches of micro-batches
        metrics = self.log(episodes, batch, stats)    # 5. JSONL, TensorBoard
        self.checkpoint()                             # 6. every save_every steps

    Swap the objective with ``loss_fn`` (see :data:`~refine_agents.ppo.objective.LossFn`), the
    estimator with ``advantage_fn`` (:data:`~refine_agents.ppo.estimators.AdvantageFn`) and the
    per-turn rewards with ``turn_reward_fn``; ``model``, ``tokenizer``, ``problems``,
    ``validation_problems`` and ``sandbox`` replace what the config would load.
    """

    def __init__(
        self,
        config: PPOConfig,
        *,
        advantage_fn: Optional[Union[str, AdvantageFn]] = None,
        loss_fn: Optional[LossFn] = None,
        turn_reward_fn: Optional[TurnRewardFn] = None,
        model: Optional[torch.nn.Module] = None,
        tokenizer: Any = None,
        problems: Optional[Sequence[Problem]] = None,
        sandbox: Optional[Judge] = None,
        backend: Optional[Backend] = None,
        validation_problems: Optional[Sequence[Problem]] = None,
    ) -> None:
        if not isinstance(config, PPOConfig):
            raise TypeError(f"Expected config to be a PPOConfig, got {type(config).__name__}")
        self.config = config
        self.dist = init_distributed(strategy=config.distributed, device=config.device)
        self.device = _resolve_device(config, self.dist)
        self.is_main = self.dist.is_main
        if config.problems_per_step % self.dist.world_size:
            raise ValueError(
                f"Expected problems_per_step ({config.problems_per_step}) to be a multiple of the number of processes "
                f"({self.dist.world_size}): each process plays whole groups"
            )
        self.advantage_fn = get_estimator(advantage_fn or config.advantage_estimator)
        self.turn_reward_fn = turn_reward_fn
        self.output_dir = Path(config.output_dir)
        self.step = 0
        self._step_metrics: Dict[str, float] = self._initial_step_metrics()
        self.tokenizer, self.pad_token_id = _load_tokenizer(config, tokenizer)
        self.problems = list(problems) if problems is not None else training_problems(config)

        policy_model = self._build_learner(model, loss_fn)
        # Rollout engine and the way new weights reach it.
        self.max_model_len = self._context_limit(policy_model)
        self.backend, self.weight_sync = self._make_engine(policy_model, backend)
        check_rollout_logprobs(self.backend, config)
        chat_kwargs = None if config.enable_thinking is None else {"enable_thinking": config.enable_thinking}
        self.policy = LLMPolicy(
            self.backend, sampling=SamplingParams(temperature=config.temperature, max_new_tokens=config.max_new_tokens),
            system_prompt=config.system_prompt, chat_template_kwargs=chat_kwargs,
        )

        # Environments: one per episode of this process, sharing one sandbox.
        self._owns_sandbox = sandbox is None
        self.sandbox: Judge = sandbox if sandbox is not None else make_judge(config)
        self.groups_per_rank = config.problems_per_step // self.dist.world_size
        self.envs = [make_env(config, self.problems, self.sandbox) for _ in range(self.groups_per_rank * config.group_size)]
        self.validation = Validation(config, sandbox=self.sandbox, training=self.problems, problems=validation_problems)
        self.sampler = ProblemSampler([p.id for p in self.problems], seed=config.seed)
        self.planner = StartPlanner(self.problems, mutant_share=config.mutant_start_share,
                                    draft_share=config.draft_start_share, mutant_labels=config.mutant_labels,
                                    pool_size=config.draft_pool_size)
        self.run_logger = RunLogger(self.output_dir, tensorboard=config.tensorboard, enabled=self.is_main)
        self.history: List[Dict[str, float]] = []
        if self.is_main:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            (self.output_dir / "config.json").write_text(json.dumps(config.to_dict(), indent=1) + "\n", encoding="utf-8")
        if config.resume:
            self._resume(config.resume)

    # -- construction helpers -------------------------------------------------------------------
    def _build_learner(self, model: Optional[torch.nn.Module], loss_fn: Optional[LossFn]) -> PolicyValueModel:
        """The policy (and value) model, the frozen reference where one is needed, and the learner that trains them."""
        config = self.config
        policy_model, _ = load_policy_model(
            model if model is not None else config.model, dtype=config.dtype, value_head=config.uses_critic,
            lora_rank=config.lora_rank, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
            lora_target_modules=config.lora_target_modules, gradient_checkpointing=config.gradient_checkpointing,
            attn_implementation=config.attn_implementation, seed=config.seed, critic_backbone=config.critic_backbone,
        )
        ref_model: Optional[torch.nn.Module] = None
        if config.uses_reference and config.lora_rank == 0:
            # Full fine-tuning needs a frozen copy; under LoRA the reference is the base with adapters disabled.
            ref_model = build_reference(policy_model, dtype=config.reference_dtype, device=self.device)
            if config.distributed == "fsdp":
                ref_model = wrap_model(ref_model, strategy="fsdp", device=self.device, bf16=config.bf16)
        policy_model.to(self.device)
        wrapped = wrap_model(policy_model, strategy=config.distributed, device=self.device, bf16=config.bf16)
        self.meter = PhaseMeter(self.device)
        self.learner = Learner(wrapped, config=config, device=self.device, loss_fn=loss_fn, ref_model=ref_model,
                               meter=self.meter)
        return policy_model

    def _context_limit(self, policy_model: PolicyValueModel) -> Optional[int]:
        """The context an episode must fit: ``max_model_len``, vLLM's ``vllm_max_model_len``, else the model's positions."""
        config = self.config
        if config.max_model_len is not None:
            return config.max_model_len
        if config.rollout_engine == "vllm" and config.vllm_max_model_len is not None:
            return config.vllm_max_model_len
        positions = getattr(policy_model.lm.config, "max_position_embeddings", None)
        return int(positions) if isinstance(positions, int) and positions > config.max_new_tokens else None

    def _make_engine(self, policy_model: PolicyValueModel, backend: Optional[Backend]) -> Tuple[Backend, WeightSync]:
        config = self.config
        if backend is not None:
            return backend, SharedWeights()
        if config.rollout_engine == "vllm":
            from ..vllm_backend import VLLMBackend

            options: Dict[str, Any] = {}
            if config.vllm_sleep_mode:
                options["enable_sleep_mode"] = True
            if self.dist.world_size > 1:
                # One engine per training process on its own GPU, inside torchrun's world (as TRL's colocate mode).
                options["distributed_executor_backend"] = "external_launcher"
            adapter = config.lora_rank > 0 and config.vllm_lora_sync == "adapter"
            vllm_engine = VLLMBackend(
                config.model, tokenizer=config.tokenizer, dtype="auto", seed=derive_seed(config.seed, self.dist.rank),
                max_model_len=config.vllm_max_model_len or config.max_model_len,
                gpu_memory_utilization=config.vllm_gpu_memory_utilization, enforce_eager=config.vllm_enforce_eager,
                weight_updates=not adapter, enable_lora=adapter, max_lora_rank=config.lora_rank if adapter else None,
                engine_options=options, logprobs_mode="processed",
            )
            if adapter:
                # vLLM's own LoRA: only the adapter travels, the engine's base weights stay as loaded.
                folder = self.output_dir / "lora_sync" / f"rank{self.dist.rank}"
                return vllm_engine, VLLMAdapter(vllm_engine, folder, sleep=config.vllm_sleep_mode)
            return vllm_engine, VLLMWeights(vllm_engine, sleep=config.vllm_sleep_mode)
        from ..hf_backend import TransformersBackend

        if config.distributed == "none":
            # The engine generates with the training model itself (LoRA adapters active): nothing to push.
            engine = TransformersBackend(policy_model.lm, tokenizer=self.tokenizer, device=str(self.device),
                                         max_batch_size=config.rollout_batch_size, logprobs_mode="processed")
            return engine, SharedWeights()
        # Under DDP/FSDP the trained weights are replicated or sharded: each process generates with a
        # plain copy of the model that receives the merged weights after every update.
        engine = TransformersBackend(config.model, tokenizer=self.tokenizer, device=str(self.device),
                                     max_batch_size=config.rollout_batch_size, logprobs_mode="processed")
        return engine, CopyWeights(engine.model)

    # -- the loop ---------------------------------------------------------------------------------
    def train(self) -> List[Dict[str, float]]:
        """Run until ``total_steps``, checkpoint at the end, export the final model; returns each step's metrics."""
        from tqdm import tqdm

        config = self.config
        bar = tqdm(total=config.total_steps, initial=self.step, desc="ppo", unit="step",
                   disable=not (config.progress and self.is_main), dynamic_ncols=True)
        try:
            if config.validate_every and config.validate_before_train and self.step == 0:
                self.meter.reset()
                initial = self.validate()
                initial.update({k: v for k, v in self.meter.metrics().items() if "validation" in k})
                self.run_logger.log(0, initial)
            while self.step < config.total_steps:
                metrics = self.train_step()
                bar.update(1)
                bar.set_postfix(reward=f"{metrics.get('reward/mean', float('nan')):.3f}",
                                solved=f"{metrics.get('env/solved_rate', float('nan')):.2f}")
            if not config.save_every or self.step % config.save_every:
                self.checkpoint()
            export_model(self.output_dir / "final", model=self.learner.model, tokenizer=self.tokenizer)
        finally:
            bar.close()
        return self.history

    def train_step(self) -> Dict[str, float]:
        """One PPO step: collect, score, advantages, update, log (and checkpoint when due)."""
        self.meter.reset()
        self._step_metrics = self._initial_step_metrics()
        start = time.perf_counter()
        with self.meter.phase("rollout"):
            episodes, rollout_stats = self.collect_rollouts()
        with self.meter.phase("score"):
            batch, micro_batches = self.score(episodes)
        with self.meter.phase("advantages"):
            batch = self.compute_advantages(batch)
        with self.meter.phase("update"):
            update_stats = self.update(batch, micro_batches)
        self.step += 1
        validation: Dict[str, float] = {}
        if self.config.validate_every and self.step % self.config.validate_every == 0:
            validation = self.validate()
        metrics = self.log(episodes, batch, update_stats, rollout_stats, step_s=time.perf_counter() - start,
                           extra=validation)
        if self.config.save_every and self.step % self.config.save_every == 0:
            self.checkpoint()
        return metrics

    # -- 1. collect rollouts ------------------------------------------------------------------------
    def plan_starts(self, attempt: int = 0) -> Tuple[List[EpisodeStart], List[int]]:
        """This step's starts for this process (one per episode) and their global group ids.

        ``attempt`` counts dynamic sampling's extra rounds: each draws ``problems_per_step`` more
        problems (on every process, so the sampler stays in step) and numbers its groups after
        the earlier rounds'.
        """
        config, info = self.config, self.dist
        problem_ids = self.sampler.next(config.problems_per_step)
        mine = list(range(info.rank, config.problems_per_step, info.world_size))
        rng = np.random.default_rng([config.seed, self.step, 1, info.rank] + ([attempt] if attempt else []))
        group_starts = self.planner.plan([problem_ids[g] for g in mine], rng)
        starts = [s for s in group_starts for _ in range(config.group_size)]
        offset = attempt * config.problems_per_step
        groups = [offset + g for g in mine for _ in range(config.group_size)]
        return starts, groups

    def collect_rollouts(self) -> Tuple[List[Episode], RolloutStats]:
        """Whole multi-turn episodes of this process's groups, generated in batches by the policy.

        With ``dynamic_sampling``, groups whose episodes all scored the same are dropped and more
        are played (DAPO). Groups with an episode whose first prompt does not fit the context
        limit are dropped as well (they have no turn to train on).
        """
        self.weight_sync.before_rollout(self.learner.model)
        self.learner.model.eval()
        try:
            if self.config.dynamic_sampling:
                return self._collect_dynamic()
            episodes, stats = self._play(0)
            episodes = self._drop_unplayed(episodes)
            if not episodes:
                raise ValueError(self._unplayable_message())
            return episodes, stats
        finally:
            self.weight_sync.after_rollout()

    def _play(self, attempt: int, *, play: bool = True) -> Tuple[List[Episode], RolloutStats]:
        config = self.config
        starts, groups = self.plan_starts(attempt)
        if not play:
            return [], RolloutStats(generate_s=0.0, env_s=0.0, generated_tokens=0)
        local = self.dist.rank * len(starts)
        extra = [attempt] if attempt else []
        env_seeds = [derive_seed(config.seed, self.step, 2, local + i, *extra) for i in range(len(starts))]
        return run_episodes(self.policy, self.envs, starts, groups=groups, env_seeds=env_seeds,
                            policy_seed=derive_seed(config.seed, self.step, 3, self.dist.rank, *extra),
                            max_model_len=self.max_model_len, overlap=config.rollout_overlap)

    def _drop_unplayed(self, episodes: List[Episode]) -> List[Episode]:
        unplayed = {ep.group for ep in episodes if ep.num_turns == 0}
        if unplayed:
            logger.warning("%d group(s) dropped: their first prompt plus max_new_tokens exceeds the context limit %s",
                           len(unplayed), self.max_model_len)
            self._step_metrics["rollout/unplayable_groups"] += len(unplayed)
        return [ep for ep in episodes if ep.group not in unplayed]

    def _unplayable_message(self) -> str:
        return (f"Expected at least one group whose first prompt plus max_new_tokens ({self.config.max_new_tokens}) fits "
                f"the context limit ({self.max_model_len}), got none this step; raise max_model_len, lower max_new_tokens "
                "or leave out problems with long statements")

    def _collect_dynamic(self) -> Tuple[List[Episode], RolloutStats]:
        """DAPO's dynamic sampling: keep groups whose scores vary, play more rounds until the step is full.

        Each round plays ``problems_per_step`` new groups; processes agree on whether another
        round is needed (a full process draws the round's problems without playing them). When
        ``dynamic_sampling_max_rounds`` run out, groups without variance fill the rest, so a step
        never has fewer episodes than without dynamic sampling.
        """
        config = self.config
        target = self.groups_per_rank
        kept: Dict[int, List[Episode]] = {}
        flat: Dict[int, List[Episode]] = {}
        generate_s = env_s = 0.0
        generated = cuts = 0
        attempt = 0
        while True:
            episodes, stats = self._play(attempt, play=len(kept) < target)
            attempt += 1
            generate_s += stats.generate_s
            env_s += stats.env_s
            generated += stats.generated_tokens
            cuts += stats.context_cuts
            episodes = self._drop_unplayed(episodes)
            self._score_turns(episodes)
            for ep, varied in zip(episodes, group_keep_mask(episodes, metric=config.dynamic_sampling_metric)):
                (kept if varied else flat).setdefault(ep.group, []).append(ep)
            more = len(kept) < target and attempt < config.dynamic_sampling_max_rounds
            if not all_reduce_max(int(more)):
                break
        chosen = list(kept.values())[:target]
        filled = 0
        for group in flat.values():
            if len(chosen) >= target:
                break
            chosen.append(group)
            filled += 1
        played = len(kept) + len(flat)
        self._step_metrics["dynamic_sampling/rounds"] = float(attempt)
        self._step_metrics["dynamic_sampling/filtered_frac"] = len(flat) / played if played else 0.0
        self._step_metrics["dynamic_sampling/filled_groups"] = float(filled)
        if not chosen:
            raise ValueError(self._unplayable_message())
        episodes = [ep for group in chosen for ep in group]
        return episodes, RolloutStats(generate_s=generate_s, env_s=env_s, generated_tokens=generated, context_cuts=cuts)

    def _initial_step_metrics(self) -> Dict[str, float]:
        # The same keys on every process: metrics are all-reduced by key.
        from collections import defaultdict

        metrics: Dict[str, float] = defaultdict(float)
        metrics["rollout/unplayable_groups"] = 0.0
        if self.config.dynamic_sampling:
            for key in ("rounds", "filtered_frac", "filled_groups"):
                metrics[f"dynamic_sampling/{key}"] = 0.0
        if self.config.overlong_filter:
            metrics["overlong/masked_frac"] = 0.0
        return metrics

    # -- 2. score ---------------------------------------------------------------------------------
    def score(self, episodes: Sequence[Episode]) -> Tuple[RolloutBatch, List[List[int]]]:
        """Per-turn rewards, then old logprobs, reference logprobs and values by forward passes of the training model."""
        self._score_turns(episodes)
        self.planner.add_drafts(episodes)
        batch = build_batch(episodes, pad_token_id=self.pad_token_id)
        if self.config.overlong_filter:
            # DAPO's overlong filtering: truncated episodes keep their place in their group's
            # baseline (the advantage computation reads their returns) but none of their tokens
            # enter the loss, so a cut never reads as a bad action.
            keep = torch.tensor([0.0 if ep.overlong else 1.0 for ep in episodes], dtype=batch.action_mask.dtype)
            batch = batch._replace(action_mask=batch.action_mask * keep.unsqueeze(1))
            self._step_metrics["overlong/masked_frac"] = float(1.0 - keep.mean()) if len(keep) else 0.0
        micro_batches = pack_by_length(batch.lengths.tolist(), self.config.micro_batch_tokens)
        return self.learner.score(batch, micro_batches), micro_batches

    def _score_turns(self, episodes: Sequence[Episode]) -> None:
        config = self.config
        score_episodes(episodes, progress_bonus=config.progress_bonus, turn_reward_fn=self.turn_reward_fn,
                       max_new_tokens=config.max_new_tokens, overlong_buffer=config.overlong_buffer,
                       overlong_penalty=config.overlong_penalty)

    # -- 3. compute advantages ------------------------------------------------------------------------
    def compute_advantages(self, batch: RolloutBatch) -> RolloutBatch:
        """Fold the KL into the rewards when asked, then ``advantage_fn(batch, config)``."""
        config = self.config
        if config.kl_in_reward:
            kl = kl_penalty(batch.old_logprobs, batch.ref_logprobs, estimator=config.kl_estimator) * batch.action_mask
            batch = batch._replace(rewards=batch.rewards - self.learner.kl_coef * kl)
        advantages, returns = self.advantage_fn(batch, config)
        if advantages.shape != batch.action_mask.shape or returns.shape != batch.action_mask.shape:
            raise ValueError(
                f"Expected advantage_fn to return two [episodes, tokens] tensors of shape {tuple(batch.action_mask.shape)}, "
                f"got {tuple(advantages.shape)} and {tuple(returns.shape)}"
            )
        return batch._replace(advantages=advantages * batch.action_mask, returns=returns * batch.action_mask)

    # -- 4. update --------------------------------------------------------------------------------
    def update(self, batch: RolloutBatch, micro_batches: Sequence[Sequence[int]]) -> Dict[str, float]:
        """PPO epochs on this rollout; afterwards the rollout engine is told its weights are stale."""
        rng = np.random.default_rng([self.config.seed, self.step, 4, self.dist.rank])
        stats = self.learner.update(batch, micro_batches, rng=rng)
        self.weight_sync.mark_updated()
        return stats

    # -- 5. log -----------------------------------------------------------------------------------
    def log(self, episodes: Sequence[Episode], batch: RolloutBatch, update_stats: Dict[str, float],
            rollout_stats: RolloutStats, *, step_s: float, extra: Optional[Dict[str, float]] = None) -> Dict[str, float]:
        """Reduce the step's metrics over processes and write them (main process); ``extra`` is already global."""
        summaries = self._gather([summarize(e) for e in episodes])
        mask = batch.action_mask.bool()
        local: Dict[str, float] = dict(update_stats)
        n = max(int(mask.sum()), 1)
        local["rollout/logprob_diff"] = float((batch.sampled_logprobs - batch.old_logprobs).abs()[mask].sum()) / n
        local.update(rollout_is_metrics(batch, self.config))
        local["advantages/mean"] = float(batch.advantages[mask].mean()) if mask.any() else 0.0
        local["advantages/std"] = float(batch.advantages[mask].std()) if int(mask.sum()) > 1 else 0.0
        if self.config.uses_reference:
            local["kl/ref"] = float(kl_penalty(batch.old_logprobs, batch.ref_logprobs, estimator="k3")[mask].sum()) / n
        if self.config.uses_critic:
            ev = explained_variance(batch.values, batch.returns, batch.action_mask)
            local["value/explained_variance"] = ev if ev == ev else 0.0
        local["tokens/generated_per_s"] = rollout_stats.generated_tokens / max(rollout_stats.generate_s, 1e-9)
        local["time/generate_s"] = rollout_stats.generate_s
        local["time/env_s"] = rollout_stats.env_s
        local["time/env_wait_s"] = rollout_stats.judge_wait_s
        local["time/judging_hidden"] = rollout_stats.judging_hidden
        local.update(self._step_metrics)
        local.update(self.meter.metrics())
        local["time/step_s"] = step_s
        metrics = all_reduce_mean_dict(local)
        metrics.update(outcome_metrics(summaries))
        metrics.update(extra or {})
        self.history.append(metrics)
        self.run_logger.log(self.step, metrics)
        if self.config.log_samples:
            self.run_logger.log_samples(self.step, [self._sample(e) for e in episodes[: self.config.log_samples]])
        return metrics

    def _gather(self, summaries: List[EpisodeSummary]) -> List[EpisodeSummary]:
        if not is_distributed():
            return summaries
        import torch.distributed as dist

        gathered: List[Any] = [None] * self.dist.world_size
        dist.all_gather_object(gathered, summaries)
        return [s for part in gathered for s in part]

    # -- validation -------------------------------------------------------------------------------
    def validation_problems(self) -> List[Problem]:
        """The held-out problems of ``validation_split`` (or those given to the constructor)."""
        return self.validation.problems()

    def validation_starts(self) -> List[EpisodeStart]:
        """Every validation episode in a fixed order (:meth:`Validation.starts <refine_agents.ppo.validation.Validation.starts>`)."""
        return self.validation.starts()

    def validate(self) -> Dict[str, float]:
        """Play the validation episodes with the current policy; returns ``val/`` metrics over all processes.

        Greedy decoding unless ``validation_temperature > 0``; the same env seeds every time,
        so validations at different steps play the same episodes. Rewards are the env's own
        (no progress bonus or overlong shaping). Training state (RNG streams, sampler, drafts)
        is untouched, so validating does not change the training run.
        """
        starts = self.validation.starts()
        rank, world = self.dist.rank, self.dist.world_size
        mine = list(range(rank, len(starts), world))
        with self.meter.phase("validation"):
            envs = self.validation.envs(max(1, min(len(mine), len(self.envs))))
            self.weight_sync.before_rollout(self.learner.model)
            self.learner.model.eval()
            try:
                summaries = self.validation.play(self.policy, envs, starts, mine, rank=rank,
                                                 max_model_len=self.max_model_len)
            finally:
                self.weight_sync.after_rollout()
        return validation_metrics(self._gather(summaries))

    @staticmethod
    def _sample(episode: Episode) -> Dict[str, Any]:
        return {
            "problem_id": episode.start.problem_id, "start": episode.start.kind, "mutant": episode.start.mutant_label,
            "actions": list(episode.actions), "turn_rewards": list(episode.turn_rewards), "verdict": episode.verdict,
            "hidden_passed": episode.hidden_passed, "hidden_total": episode.hidden_total,
            "truncated_reason": episode.truncated_reason,
        }

    # -- 6. checkpoint ------------------------------------------------------------------------------
    def checkpoint(self) -> Path:
        """Save everything an exact resume needs under ``output_dir/checkpoints/step_NNNNNN``."""
        with self.meter.phase("checkpoint"):
            return save_checkpoint(
                self.output_dir / "checkpoints", step=self.step, model=self.learner.model,
                optimizer=self.learner.optimizer, scheduler=self.learner.scheduler, keep=self.config.keep_checkpoints,
                trainer_state={"step": self.step, "sampler": self.sampler.state_dict(),
                               "optimizer_steps": self.learner.optimizer_steps, "config": self.config.to_dict(),
                               "learner": self.learner.extra_state()},
                local_state={"planner": self.planner.state_dict()},
            )

    def _resume(self, where: str) -> None:
        path = latest_checkpoint(self.output_dir / "checkpoints") if where == "auto" else Path(where)
        if path is None:
            logger.info("resume='auto': no checkpoint under %s, starting fresh", self.output_dir / "checkpoints")
            return
        state, local = load_checkpoint(path, model=self.learner.model, optimizer=self.learner.optimizer,
                                       scheduler=self.learner.scheduler)
        self.step = int(state["step"])
        self.sampler.load_state_dict(state["sampler"])
        self.learner.optimizer_steps = int(state.get("optimizer_steps", 0))
        self.learner.load_extra_state(state.get("learner", {}))
        self.planner.load_state_dict(local["planner"])
        # The engine holds the initial weights: push the resumed ones before the next rollout.
        self.weight_sync.mark_updated()
        self.run_logger.truncate_after(self.step)
        logger.info("resumed from %s at step %d", path, self.step)

    def close(self) -> None:
        """Close environments, the sandbox (if the trainer made it) and the rollout engine."""
        for env in self.envs:
            env.close()
        self.validation.close()
        if self._owns_sandbox:
            self.sandbox.close()
        self.run_logger.close()
        if self.config.rollout_engine == "vllm":
            self.backend.close()

    def __enter__(self) -> PPOTrainer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
