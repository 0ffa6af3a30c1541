"""PPOConfig: every setting of a PPO run on RefineCode, validated in ``__post_init__``, loadable from YAML or JSON."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field, fields
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from refine_env._validation import did_you_mean, expect_int, expect_number

__all__ = [
    "PPOConfig",
    "ADVANTAGE_ESTIMATORS",
    "CRITIC_ESTIMATORS",
    "LOSS_AGGREGATIONS",
    "KL_ESTIMATORS",
    "ROLLOUT_ENGINES",
    "DISTRIBUTED_STRATEGIES",
    "LR_SCHEDULES",
    "VLLM_LORA_SYNCS",
    "DYNAMIC_SAMPLING_METRICS",
]

ADVANTAGE_ESTIMATORS = ("gae", "grpo", "rloo", "turn_gae", "turn_grpo")
CRITIC_ESTIMATORS = ("gae", "turn_gae")
LOSS_AGGREGATIONS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")
KL_ESTIMATORS = ("k1", "k2", "k3", "none")
ROLLOUT_ENGINES = ("hf", "vllm")
DISTRIBUTED_STRATEGIES = ("none", "ddp", "fsdp")
LR_SCHEDULES = ("constant", "linear", "cosine")
DTYPES = ("float32", "bfloat16", "float16")
ROLLOUT_IS_LEVELS = ("token", "sequence", "none")
CRITIC_BACKBONES = ("detached", "shared", "separate")
VLLM_LORA_SYNCS = ("merge", "adapter")
DYNAMIC_SAMPLING_METRICS = ("reward", "solved")
VALIDATION_STARTS = ("scratch", "mutant")


@dataclass
class PPOConfig:
    """Settings of one PPO run: model, environment, rollouts, objective, optimiser and bookkeeping.

    Field names follow the papers (``gamma``, ``gae_lambda``, ``clip_eps``, ``vf_coef``); each
    field's docstring says what it does. ``PPOConfig.from_file(path, **overrides)`` reads YAML
    or JSON with the same names.
    """

    # -- model ------------------------------------------------------------------------------
    model: str = ""
    """Local path or hub id of a causal LM with a chat template (nothing is downloaded unless the id needs it)."""
    tokenizer: Optional[str] = None
    """Tokenizer path or id; None uses ``model``'s."""
    dtype: str = "float32"
    """Dtype the weights are loaded in: float32 (full fine-tuning master weights), bfloat16 (frozen base under LoRA)."""
    device: str = "auto"
    """``cpu``, ``cuda``, ``cuda:N`` or ``auto`` (the local GPU when there is one; under torchrun, ``cuda:LOCAL_RANK``)."""
    attn_implementation: Optional[str] = None
    """transformers attention kernel (``sdpa``, ``flash_attention_2``, ``eager``); None: transformers' default."""
    lora_rank: int = 0
    """LoRA rank through ``peft``; 0 trains every weight (full fine-tuning)."""
    lora_alpha: float = 32.0
    """LoRA scaling numerator (the update is scaled by alpha / rank)."""
    lora_dropout: float = 0.0
    """Dropout on the LoRA branch during updates (rollouts run in eval mode, without it)."""
    lora_target_modules: Union[str, Tuple[str, ...]] = "all-linear"
    """Modules that get adapters: ``all-linear`` or names such as ``("q_proj", "v_proj")``."""
    gradient_checkpointing: bool = False
    """Recompute activations in the backward pass (less memory, about a third more compute)."""
    bf16: bool = False
    """Run forward and backward passes under bfloat16 autocast (CPU and GPU); master weights keep ``dtype``."""

    # -- environment ------------------------------------------------------------------------
    dataset: str = "builtin"
    """Problems: ``builtin``, a JSONL file or any dataset spec of ``refine_env.problems.load``."""
    split: Optional[str] = "train"
    """Split of the dataset to train on; None takes every problem."""
    problem_ids: Optional[Tuple[str, ...]] = None
    """Train on these problems only (a task family); None: the whole split."""
    max_turns: int = 4
    """Turn budget of an episode (the env judges the last program when it runs out)."""
    reward: str = "binary"
    """The env's reward preset (``binary``, ``pass_rate``, ``binary+turn_cost:0.02``, ...): per-turn rewards."""
    progress_bonus: float = 0.0
    """Extra per-turn reward: this times the gain in the best public-test pass rate at that turn (turn-level shaping)."""
    show_resources: bool = False
    """Show measured time and memory in the env's feedback; off by default so that rollouts are reproducible."""
    sandbox_workers: int = 2
    """Worker processes of the sandbox that judges programs."""
    judge_address: Optional[str] = None
    """A Ray cluster to judge on instead of local workers (``auto``, ``HOST:PORT``, ``ray://...``;
    needs ``refine-env[ray]``, docs/scaling.md). Each training process makes its own judge."""
    system_prompt: Optional[str] = None
    """System prompt of the policy; None: the versioned prompt file, ``""``: no system message."""
    enable_thinking: Optional[bool] = None
    """Passed to the chat template as ``enable_thinking`` (Qwen3: False keeps think blocks out); None passes nothing."""

    # -- rollouts ---------------------------------------------------------------------------
    rollout_engine: str = "hf"
    """``hf``: transformers generate in this process; ``vllm``: vLLM engine fed new weights after every update."""
    problems_per_step: int = 4
    """Problems (groups) per PPO step, over all processes."""
    group_size: int = 4
    """Episodes per problem per step, all from the same start (GRPO/RLOO normalise within it)."""
    temperature: float = 1.0
    """Sampling temperature; logprobs in the loss are log_softmax(logits / temperature) to match."""
    max_new_tokens: int = 512
    """Most tokens the model writes in one turn."""
    rollout_batch_size: Optional[int] = None
    """Most episodes the transformers engine generates at once; None: all of the step's episodes."""
    rollout_overlap: int = 1
    """Groups of episodes that take turns, one judged while the next generates (``run_episodes(overlap=)``); 1: lockstep."""
    mutant_start_share: float = 0.0
    """Share of groups that start from a labelled wrong solution of the problem (``initial_mutant``) and its feedback."""
    draft_start_share: float = 0.0
    """Share of groups that start from one of the policy's own earlier failed drafts (``initial_code``)."""
    mutant_labels: Optional[Tuple[str, ...]] = None
    """Only these mutant labels start episodes (e.g. leave out slow ones); None: any."""
    draft_pool_size: int = 8
    """Failed first drafts kept per problem for draft starts."""
    vllm_gpu_memory_utilization: float = 0.35
    """Share of the GPU's memory vLLM may take (weights, activations and KV cache); the trainer gets the rest."""
    vllm_sleep_mode: bool = False
    """Put the vLLM engine to sleep (KV cache freed, weights offloaded) during updates, wake it for rollouts."""
    vllm_max_model_len: Optional[int] = None
    """vLLM's context length; None: the model's."""
    vllm_enforce_eager: bool = False
    """Skip CUDA graph capture in vLLM (faster start, slower decoding)."""

    # -- objective --------------------------------------------------------------------------
    advantage_estimator: str = "grpo"
    """``gae`` (value head, token level), ``grpo``, ``rloo`` (critic-free), ``turn_gae``, ``turn_grpo`` (turn level)."""
    gamma: float = 1.0
    """Discount per action token (``gae``) or per turn (``turn_*``)."""
    gae_lambda: float = 1.0
    """GAE's lambda (1: the Monte Carlo return minus V, as verl's default; docs/ppo.md says why not 0.95)."""
    scale_advantages_by_std: bool = True
    """GRPO/turn_grpo: divide by the group's standard deviation (False is Dr. GRPO's unscaled form)."""
    normalize_advantages: bool = True
    """Whiten advantages of the critic estimators over the batch's action tokens."""
    clip_eps: float = 0.2
    """PPO's ratio clip: ratios outside [1 - clip_eps, 1 + clip_eps_high] stop pulling."""
    clip_eps_high: Optional[float] = None
    """Upper clip (DAPO's clip-higher); None: the same as clip_eps."""
    value_clip: Optional[float] = 0.2
    """Clip of the value update around the rollout's values; None: unclipped."""
    vf_coef: float = 0.5
    """Weight of the value loss (critic estimators)."""
    kl_coef: float = 0.0
    """Weight of the KL penalty to the frozen reference; 0 skips the reference forward passes."""
    kl_estimator: str = "k3"
    """KL estimator: ``k1`` (log ratio), ``k2`` (half squared log ratio), ``k3`` (Schulman's unbiased, >= 0), ``none``."""
    kl_in_reward: bool = False
    """Subtract kl_coef * KL from each token's reward (InstructGPT) instead of adding it to the loss (GRPO)."""
    entropy_coef: float = 0.0
    """Weight of the entropy bonus."""
    loss_aggregation: str = "token-mean"
    """How token losses are averaged: token-mean, seq-mean-token-mean, seq-mean-token-sum, seq-mean-token-sum-norm."""

    # -- corrections for large-scale LLM RL: losses, advantages, critic (docs/ppo.md) -----------
    rollout_is: str = "token"
    """Truncated importance sampling against the rollout engine (verl ``rollout_is``, TRL's vLLM correction):
    ``token`` weights each token's policy loss by ``min(pi_old / pi_rollout, rollout_is_cap)``,
    ``sequence`` each episode's tokens by one weight from the summed log ratio, ``none`` switches it off."""
    rollout_is_cap: float = 2.0
    """The truncation C of the importance weights (verl ``rollout_is_threshold`` and TRL's first cap: 2)."""
    log_ratio_clamp: float = 20.0
    """The PPO log ratio (and the importance weights' log) is clamped to [-c, c] before exp (verl: 20)."""
    dual_clip: Optional[float] = 3.0
    """Dual-clip PPO (Ye et al. 2020; verl ``clip_ratio_c``): for A < 0 a token's loss is at most ``-A * dual_clip``; None: off."""
    critic_backbone: str = "detached"
    """What the value head reads: ``detached`` (the policy's hidden states, no value gradient into the policy),
    ``shared`` (value gradients train the policy's body too), ``separate`` (a copy of the body trained as the critic)."""
    critic_warmup_steps: int = 0
    """PPO steps at the start during which only the critic learns (verl ``critic_warmup``); the policy is not updated."""
    kl_target: Optional[float] = None
    """Adaptive KL (Ziegler et al. 2019): steer kl_coef towards this per-token KL to the reference; None: fixed kl_coef."""
    kl_horizon: int = 10000
    """The adaptive controller's horizon: kl_coef *= 1 + clip(KL / kl_target - 1, -0.2, 0.2) * episodes / kl_horizon."""
    ref_dtype: Optional[str] = None
    """Dtype of the frozen reference copy (full fine-tuning); None: bfloat16 under ``bf16``, else ``dtype``."""
    entropy_log_every: int = 1
    """With entropy_coef 0, compute the entropy (without gradient) for the logs every N PPO steps; 0: never."""

    # -- optimisation -----------------------------------------------------------------------
    ppo_epochs: int = 1
    """Passes over each rollout."""
    mini_batch_size: int = 0
    """Episodes per optimiser step (whole micro-batches are grouped up to it); 0: the whole rollout."""
    micro_batch_tokens: int = 8192
    """Padded tokens per forward pass: sequences are packed by length into micro-batches under this budget."""
    max_grad_norm: Optional[float] = 1.0
    """Gradient clipping by global norm; None: none."""
    learning_rate: float = 1e-5
    """Learning rate of the policy's trainable weights."""
    value_learning_rate: Optional[float] = None
    """Learning rate of the value head; None: learning_rate."""
    weight_decay: float = 0.0
    """AdamW's decoupled weight decay."""
    adam_betas: Tuple[float, float] = (0.9, 0.999)
    """AdamW's betas."""
    adam_eps: float = 1e-8
    """AdamW's epsilon."""
    lr_schedule: str = "constant"
    """After warmup: ``constant``, ``linear`` decay to 0, or ``cosine`` decay to 0 at total_steps."""
    warmup_steps: int = 0
    """PPO steps of linear learning-rate warmup from 0 (the schedule advances once per PPO step)."""

    # -- run --------------------------------------------------------------------------------
    total_steps: int = 100
    """PPO steps (rollout + update) of the run."""
    seed: int = 0
    """Seed of problem order, starts, environments and sampling."""
    output_dir: str = "runs/ppo"
    """Folder for metrics.jsonl, TensorBoard events, checkpoints and the final model."""
    save_every: int = 0
    """Checkpoint every N steps; 0: only at the end."""
    keep_checkpoints: int = 2
    """Most recent checkpoints kept on disk."""
    tensorboard: bool = True
    """Write TensorBoard events beside metrics.jsonl."""
    progress: bool = True
    """Show a progress bar."""
    distributed: str = "none"
    """Several processes under torchrun: ``ddp`` (replicated weights) or ``fsdp`` (sharded, FSDP2); ``none``: one process."""
    resume: Optional[str] = None
    """Checkpoint folder to resume from, or ``auto`` for the newest under output_dir/checkpoints (none: fresh start)."""
    log_samples: int = 1
    """Episodes per step written in full (actions, rewards) to samples.jsonl; 0: none."""
    # -- loop: context guard, dynamic sampling, overlong turns, LoRA sync, validation ---------
    max_model_len: Optional[int] = None
    """Context limit of an episode: a turn starts only if its prompt plus ``max_new_tokens`` fits, else the
    episode ends truncated (``Episode.truncated_reason == "context"``). None: ``vllm_max_model_len``, else the
    model config's ``max_position_embeddings``."""
    dynamic_sampling: bool = False
    """DAPO's dynamic sampling: drop groups whose episodes all scored the same (no group-relative signal) and
    play more groups until the step has ``problems_per_step`` informative ones."""
    dynamic_sampling_max_rounds: int = 10
    """Most generation rounds per step with dynamic sampling (the first included); when they run out the step
    fills up with dropped groups (DAPO's verl recipe: ``max_num_gen_batches=10``)."""
    dynamic_sampling_metric: str = "reward"
    """What must vary within a group to keep it: ``reward`` (episode return, what the advantage sees) or
    ``solved`` (DAPO's accuracy)."""
    overlong_filter: bool = False
    """DAPO's overlong filtering: episodes with a turn cut at ``max_new_tokens``, or ended by the context
    limit, are masked out of the loss (they still count in their group's baseline)."""
    overlong_buffer: int = 0
    """DAPO's soft overlong punishment: a turn longer than ``max_new_tokens - overlong_buffer`` tokens loses up
    to ``overlong_penalty`` linearly, all of it at ``max_new_tokens``; 0 turns it off."""
    overlong_penalty: float = 1.0
    """The soft overlong punishment at ``max_new_tokens`` (DAPO and verl: 1.0)."""
    vllm_lora_sync: str = "adapter"
    """How LoRA weights reach vLLM: ``adapter`` (vLLM's own LoRA: the adapter saved per update and sent as a
    ``LoRARequest``; engine built with ``enable_lora``) or ``merge`` (merged layers through ``load_weights``).
    Full fine-tuning always pushes every weight."""
    validate_every: int = 0
    """Play the validation split every N steps (greedy unless ``validation_temperature`` says otherwise); 0: never."""
    validate_before_train: bool = True
    """With ``validate_every``, also validate the initial policy (logged at step 0)."""
    validation_split: str = "test"
    """Split of ``dataset`` to validate on (held out from ``split``)."""
    validation_problem_ids: Optional[Tuple[str, ...]] = None
    """Validate on these problems of the split only; None: all of them."""
    validation_episodes: int = 1
    """Episodes per validation problem (several only make sense with sampling)."""
    validation_temperature: float = 0.0
    """Sampling temperature of validation episodes; 0 is greedy decoding."""
    validation_starts: str = "scratch"
    """Validation starts: ``scratch`` only, or ``mutant`` (each problem also from each of its labelled wrong solutions)."""

    extra: Dict[str, Any] = field(default_factory=dict)
    """Free-form settings for user-supplied loss or advantage functions (recorded with the run)."""

    def __post_init__(self) -> None:
        self._normalise()
        self._check_choices()
        self._check_numbers()
        self._check_combinations()
        self._check_corrections()
        self._check_loop()

    # -- validation -------------------------------------------------------------------------
    def _normalise(self) -> None:
        # YAML and JSON give lists; the config stores tuples so that it hashes and compares.
        if isinstance(self.problem_ids, list):
            self.problem_ids = tuple(self.problem_ids)
        if isinstance(self.mutant_labels, list):
            self.mutant_labels = tuple(self.mutant_labels)
        if isinstance(self.lora_target_modules, list):
            self.lora_target_modules = tuple(self.lora_target_modules)
        if isinstance(self.adam_betas, list):
            self.adam_betas = tuple(self.adam_betas)  # type: ignore[assignment]
        if isinstance(self.validation_problem_ids, list):
            self.validation_problem_ids = tuple(self.validation_problem_ids)

    def _check_choices(self) -> None:
        choices = {
            "advantage_estimator": ADVANTAGE_ESTIMATORS,
            "loss_aggregation": LOSS_AGGREGATIONS,
            "kl_estimator": KL_ESTIMATORS,
            "rollout_engine": ROLLOUT_ENGINES,
            "distributed": DISTRIBUTED_STRATEGIES,
            "lr_schedule": LR_SCHEDULES,
            "dtype": DTYPES,
        }
        for name, options in choices.items():
            value = getattr(self, name)
            if value not in options:
                raise ValueError(f"Expected {name} to be one of {options}, got {value!r}{did_you_mean(value, options, aside=True)}")
        if not isinstance(self.model, str) or not self.model:
            raise ValueError("Expected model to be a local path or hub id of a causal LM, got an empty value; set model=...")
        if not isinstance(self.device, str) or not (self.device in ("auto", "cpu", "cuda") or self.device.startswith("cuda:")):
            raise ValueError(f"Expected device to be 'auto', 'cpu', 'cuda' or 'cuda:N', got {self.device!r}")
        if self.problem_ids is not None and (not self.problem_ids or not all(isinstance(p, str) for p in self.problem_ids)):
            raise ValueError(f"Expected problem_ids to be None or a non-empty list of problem ids, got {self.problem_ids!r}")
        if self.mutant_labels is not None and (not self.mutant_labels or not all(isinstance(m, str) for m in self.mutant_labels)):
            raise ValueError(f"Expected mutant_labels to be None or a non-empty list of labels, got {self.mutant_labels!r}")
        if not isinstance(self.lora_target_modules, (str, tuple)) or not self.lora_target_modules:
            raise ValueError(f"Expected lora_target_modules to be 'all-linear' or a list of module names, got {self.lora_target_modules!r}")
        if self.system_prompt is not None and not isinstance(self.system_prompt, str):
            raise ValueError(f"Expected system_prompt to be None or a str, got {type(self.system_prompt).__name__}")
        if not isinstance(self.reward, str) or not self.reward:
            raise ValueError(f"Expected reward to name an env reward preset such as 'binary', got {self.reward!r}")

    def _check_numbers(self) -> None:
        def positive_int(name: str, minimum: int = 1) -> None:
            expect_int(name, getattr(self, name), low=minimum)

        def number(name: str, low: float, high: float = math.inf, *, low_open: bool = False, optional: bool = False) -> None:
            expect_number(name, getattr(self, name), low=low, high=None if high == math.inf else high, low_open=low_open,
                          optional=optional, expected=f"a number in {'(' if low_open else '['}{low}, {high}]")

        for name in ("max_turns", "problems_per_step", "group_size", "max_new_tokens", "ppo_epochs",
                     "micro_batch_tokens", "total_steps", "sandbox_workers", "keep_checkpoints"):
            positive_int(name)
        for name in ("lora_rank", "mini_batch_size", "save_every", "warmup_steps", "seed", "draft_pool_size", "log_samples"):
            positive_int(name, 0)
        if self.rollout_batch_size is not None:
            positive_int("rollout_batch_size")
        positive_int("rollout_overlap")
        if self.judge_address is not None and (not isinstance(self.judge_address, str) or not self.judge_address.strip()):
            raise ValueError(f"Expected judge_address to be a Ray address (auto, HOST:PORT, ray://...) or None, got {self.judge_address!r}")
        number("temperature", 0.0, low_open=True)
        number("gamma", 0.0, 1.0)
        number("gae_lambda", 0.0, 1.0)
        number("clip_eps", 0.0, 1.0, low_open=True)
        number("clip_eps_high", 0.0, 10.0, low_open=True, optional=True)
        number("value_clip", 0.0, low_open=True, optional=True)
        for name in ("vf_coef", "kl_coef", "entropy_coef", "weight_decay", "progress_bonus"):
            number(name, 0.0)
        number("learning_rate", 0.0)
        number("value_learning_rate", 0.0, optional=True)
        number("max_grad_norm", 0.0, low_open=True, optional=True)
        number("adam_eps", 0.0, low_open=True)
        number("lora_alpha", 0.0, low_open=True)
        number("lora_dropout", 0.0, 1.0)
        number("mutant_start_share", 0.0, 1.0)
        number("draft_start_share", 0.0, 1.0)
        number("vllm_gpu_memory_utilization", 0.0, 1.0, low_open=True)
        if self.vllm_max_model_len is not None:
            positive_int("vllm_max_model_len")
        if not (isinstance(self.adam_betas, tuple) and len(self.adam_betas) == 2
                and all(isinstance(b, (int, float)) and 0 <= b < 1 for b in self.adam_betas)):
            raise ValueError(f"Expected adam_betas to be two numbers in [0, 1), got {self.adam_betas!r}")

    def _check_combinations(self) -> None:
        if self.mutant_start_share + self.draft_start_share > 1:
            raise ValueError(
                f"Expected mutant_start_share + draft_start_share <= 1 (the rest start from scratch), got "
                f"{self.mutant_start_share} + {self.draft_start_share}"
            )
        if self.advantage_estimator in ("grpo", "rloo", "turn_grpo") and self.group_size < 2:
            raise ValueError(
                f"Expected group_size >= 2 for the group-relative estimator {self.advantage_estimator!r} (a group of one "
                f"has no baseline), got {self.group_size}; raise group_size or use advantage_estimator='gae'"
            )
        if self.kl_in_reward and (self.kl_coef == 0 or self.kl_estimator == "none"):
            raise ValueError(
                f"Expected kl_coef > 0 and a kl_estimator with kl_in_reward=True, got kl_coef={self.kl_coef} and "
                f"kl_estimator={self.kl_estimator!r}; set kl_in_reward=False or give both"
            )
        if self.kl_coef > 0 and self.kl_estimator == "none":
            raise ValueError(f"Expected kl_estimator among ('k1', 'k2', 'k3') with kl_coef={self.kl_coef} > 0, got 'none'")
        if self.rollout_engine == "vllm" and self.device == "cpu":
            raise ValueError("Expected rollout_engine='hf' on CPU (the vLLM rollout path is the GPU one), got 'vllm' with device='cpu'")
        if self.vllm_sleep_mode and self.rollout_engine != "vllm":
            raise ValueError("Expected rollout_engine='vllm' with vllm_sleep_mode=True, got rollout_engine='hf'")
        if self.dtype != "float32" and self.lora_rank == 0:
            raise ValueError(
                f"Expected dtype='float32' for full fine-tuning (AdamW on {self.dtype} weights loses small updates), got "
                f"{self.dtype!r}; keep float32 master weights with bf16=True, or set lora_rank > 0"
            )

    def _check_corrections(self) -> None:
        for name, options in (("rollout_is", ROLLOUT_IS_LEVELS), ("critic_backbone", CRITIC_BACKBONES)):
            value = getattr(self, name)
            if value not in options:
                raise ValueError(f"Expected {name} to be one of {options}, got {value!r}{did_you_mean(value, options, aside=True)}")
        if self.ref_dtype is not None and self.ref_dtype not in DTYPES:
            raise ValueError(f"Expected ref_dtype to be None or one of {DTYPES}, got {self.ref_dtype!r}{did_you_mean(self.ref_dtype, DTYPES, aside=True)}")

        expect_number("rollout_is_cap", self.rollout_is_cap, low=1,
                      expected="a finite number >= 1 (a weight cap below 1 scales every token down)")
        expect_number("log_ratio_clamp", self.log_ratio_clamp, low=0, low_open=True)
        expect_number("dual_clip", self.dual_clip, low=1, low_open=True, optional=True,
                      expected="None or a number > 1 (the bound is -A * dual_clip)")
        for name, minimum in (("critic_warmup_steps", 0), ("kl_horizon", 1), ("entropy_log_every", 0)):
            expect_int(name, getattr(self, name), low=minimum)
        expect_number("kl_target", self.kl_target, low=0, low_open=True, optional=True, expected="None or a number > 0")
        if self.kl_target is not None and self.kl_horizon < self.episodes_per_step:
            raise ValueError(
                f"Expected kl_horizon >= the episodes per step ({self.episodes_per_step}) with kl_target set, got "
                f"{self.kl_horizon}: each step moves kl_coef by up to 20% x episodes / kl_horizon"
            )
        if self.kl_target is not None and not self.uses_reference:
            raise ValueError(
                f"Expected kl_coef > 0 (the adaptive controller's starting value) and a kl_estimator with kl_target="
                f"{self.kl_target}, got kl_coef={self.kl_coef} and kl_estimator={self.kl_estimator!r}"
            )
        if self.kl_coef > 0 and self.kl_estimator == "k1" and not self.kl_in_reward:
            raise ValueError(
                "Expected kl_estimator 'k3' (verl's low_var_kl) or 'k2' for a KL term in the loss, got 'k1': on tokens "
                "sampled from the policy, the gradient of k1 = log pi - log pi_ref has expected value 0, so the penalty "
                "does nothing (http://joschu.net/blog/kl-approx.html); use k1 only with kl_in_reward=True"
            )
        if not self.uses_critic and (self.critic_warmup_steps or self.critic_backbone == "separate"):
            what = f"critic_warmup_steps={self.critic_warmup_steps}" if self.critic_warmup_steps else "critic_backbone='separate'"
            raise ValueError(
                f"Expected a critic estimator {CRITIC_ESTIMATORS} with {what}, got advantage_estimator="
                f"{self.advantage_estimator!r}, which has no critic"
            )

    def _check_loop(self) -> None:
        for name, options in (("dynamic_sampling_metric", DYNAMIC_SAMPLING_METRICS), ("vllm_lora_sync", VLLM_LORA_SYNCS),
                              ("validation_starts", VALIDATION_STARTS)):
            value = getattr(self, name)
            if value not in options:
                raise ValueError(f"Expected {name} to be one of {options}, got {value!r}{did_you_mean(value, options, aside=True)}")
        for name, minimum in (("dynamic_sampling_max_rounds", 1), ("validation_episodes", 1), ("validate_every", 0),
                              ("overlong_buffer", 0)):
            expect_int(name, getattr(self, name), low=minimum)
        expect_int("max_model_len", self.max_model_len, low=self.max_new_tokens + 1, optional=True,
                   expected=f"None or an int > max_new_tokens ({self.max_new_tokens}: a turn's prompt and its new tokens must fit)")
        for name in ("overlong_penalty", "validation_temperature"):
            expect_number(name, getattr(self, name), low=0)
        if self.overlong_buffer >= self.max_new_tokens:
            raise ValueError(
                f"Expected overlong_buffer < max_new_tokens ({self.max_new_tokens}): the penalty ramps over the last "
                f"overlong_buffer tokens of a turn, got {self.overlong_buffer}"
            )
        if not isinstance(self.validation_split, str) or not self.validation_split:
            raise ValueError(f"Expected validation_split to name a split of the dataset, got {self.validation_split!r}")
        if self.validation_problem_ids is not None and (
                not self.validation_problem_ids or not all(isinstance(p, str) for p in self.validation_problem_ids)):
            raise ValueError(f"Expected validation_problem_ids to be None or a non-empty list of problem ids, got "
                             f"{self.validation_problem_ids!r}")
        if self.max_model_len is not None and self.vllm_max_model_len is not None and self.max_model_len > self.vllm_max_model_len:
            raise ValueError(
                f"Expected max_model_len <= vllm_max_model_len ({self.vllm_max_model_len}: the engine cannot hold longer "
                f"episodes), got {self.max_model_len}"
            )
        if self.dynamic_sampling and self.group_size < 2:
            raise ValueError(f"Expected group_size >= 2 with dynamic_sampling (a group of one never varies), got "
                             f"{self.group_size}")

    # -- derived ----------------------------------------------------------------------------
    @property
    def uses_critic(self) -> bool:
        """Whether the estimator needs the value head."""
        return self.advantage_estimator in CRITIC_ESTIMATORS

    @property
    def reference_dtype(self) -> str:
        """Dtype of the frozen reference copy under full fine-tuning (``ref_dtype`` or its default)."""
        if self.ref_dtype is not None:
            return self.ref_dtype
        return "bfloat16" if self.bf16 else self.dtype

    @property
    def uses_reference(self) -> bool:
        """Whether reference logprobs are needed (a KL term)."""
        return self.kl_coef > 0 and self.kl_estimator != "none"

    @property
    def episodes_per_step(self) -> int:
        """Episodes of one PPO step over all processes."""
        return self.problems_per_step * self.group_size

    # -- files ------------------------------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        """Plain data (lists for tuples), as written to the run folder and read by :meth:`from_dict`."""
        out = dataclasses.asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], **overrides: Any) -> PPOConfig:
        """A config from a mapping; unknown keys raise with the closest known name."""
        merged = {**dict(data), **overrides}
        names = tuple(f.name for f in fields(cls))
        unknown = [k for k in merged if k not in names]
        if unknown:
            raise ValueError(f"Expected PPOConfig fields, got unknown {unknown[0]!r}{did_you_mean(unknown[0], names, aside=True)}")
        return cls(**merged)

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike[str]], **overrides: Any) -> PPOConfig:
        """Read YAML (``.yaml``/``.yml``) or JSON; keyword overrides win over the file."""
        path = os.fspath(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if path.endswith((".yaml", ".yml")):
            from refine_env import yamlio

            # 1e-5 is a float here (PyYAML alone reads it as a string); a syntax error is one line.
            data = yamlio.load(text, where=repr(path)) or {}
        elif path.endswith(".json"):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"Expected {path!r} to be valid JSON, got {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        else:
            raise ValueError(f"Expected a config file ending in .yaml, .yml or .json, got {path!r}")
        if not isinstance(data, dict):
            raise ValueError(f"Expected {path!r} to hold a mapping of PPOConfig fields, got {type(data).__name__}")
        return cls.from_dict(data, **overrides)

    def replace(self, **changes: Any) -> PPOConfig:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)
