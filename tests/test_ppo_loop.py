"""The PPO loop around the losses: context limits, Qwen3 histories, dynamic sampling, overlong turns, vLLM LoRA adapters,
merged export and periodic validation, on the tiny models on CPU (vLLM itself: a fake with vLLM's signatures)."""

from __future__ import annotations

import copy
import json
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List, Optional, Sequence

import pytest
import torch
from refine_agents.backends import Backend, Generation, SamplingParams
from refine_agents.chat import check_append_only, render
from refine_agents.hf_backend import TransformersBackend
from refine_agents.policy import LLMPolicy
from refine_agents.ppo import PPOConfig, PPOTrainer
from refine_agents.ppo.rollout import Episode, EpisodeStart, run_episodes
from refine_agents.ppo.scoring import group_keep_mask, score_episodes, soft_overlong_penalty
from vllm_fakes import install_fake_vllm

from refine_env.env import RefineCodeEnv
from refine_env.problems import load_builtin
from refine_env.sandbox import Sandbox

PROBLEMS = ("run-length-unpack", "bus-timetable-lcm")
HELD_OUT = ("camel-to-snake", "org-chart-depth")  # the built-in test split
pytestmark = pytest.mark.usefixtures("one_thread")  # conftest: one torch thread for the module


@pytest.fixture(scope="module")
def held_out() -> List[Any]:
    by_id = {p.id: p for p in load_builtin()}
    return [by_id[i] for i in HELD_OUT]


def distinct_rewards(episode: Episode) -> List[float]:
    """A reward on the last turn that differs between any two episodes with different text (no ties in a group)."""
    value = (zlib.crc32("\x00".join(episode.actions).encode()) % 997) / 997.0
    return [0.0] * (episode.num_turns - 1) + [value]


def make_trainer(path: Path, out: Path, sandbox: Sandbox, problems: List[Any], **overrides: Any) -> PPOTrainer:
    settings: Dict[str, Any] = dict(
        model=str(path), problem_ids=PROBLEMS, max_turns=2, problems_per_step=2, group_size=2, max_new_tokens=12,
        system_prompt="", output_dir=str(out), progress=False, tensorboard=False, total_steps=2, learning_rate=1e-3,
        advantage_estimator="grpo", seed=0, micro_batch_tokens=4096,
    )
    settings.update(overrides)
    turn_reward_fn = settings.pop("turn_reward_fn", distinct_rewards)
    validation = settings.pop("validation_problems", None)
    return PPOTrainer(PPOConfig(**settings), sandbox=sandbox, problems=problems, turn_reward_fn=turn_reward_fn,
                      validation_problems=validation)


# -- a fake vLLM with vLLM's signatures, computing with transformers --------------------------------

_VLLM_MAX_LORA_RANKS = (8, 16, 32, 64, 128, 256, 320, 512)


@dataclass
class FakeLoRARequest:
    """``vllm.lora.request.LoRARequest(lora_name, lora_int_id, lora_path)``."""

    lora_name: str
    lora_int_id: int
    lora_path: str = ""

    def __post_init__(self) -> None:
        if self.lora_int_id < 1:
            raise ValueError(f"id must be > 0, got {self.lora_int_id}")


class HFBackedLLM:
    """Stands in for ``vllm.LLM`` with its constructor arguments and ``generate`` signature, and answers greedily
    with a transformers model: the base weights, or a peft adapter loaded from a ``LoRARequest``'s folder (cached by
    ``lora_int_id``, as vLLM does). It enforces vLLM's rules that matter here: a prompt that fills
    ``max_model_len`` raises vLLM's ValueError, a generation stops when the context is full, a ``lora_request``
    needs ``enable_lora``, an adapter's rank must fit ``max_lora_rank``."""

    instances: List[HFBackedLLM] = []

    def __init__(self, model: str, *, tokenizer: Optional[str] = None, dtype: str = "auto", seed: int = 0,
                 enforce_eager: bool = False, logprobs_mode: str = "raw_logprobs", max_model_len: Optional[int] = None,
                 gpu_memory_utilization: float = 0.9, enable_lora: bool = False, max_lora_rank: int = 16,
                 max_loras: int = 1, enable_chunked_prefill: Optional[bool] = None) -> None:
        from transformers import AutoModelForCausalLM

        if enable_lora and max_lora_rank not in _VLLM_MAX_LORA_RANKS:
            raise ValueError(f"max_lora_rank ({max_lora_rank}) must be one of {_VLLM_MAX_LORA_RANKS}.")
        self.kwargs = dict(model=model, enable_lora=enable_lora, max_lora_rank=max_lora_rank, max_loras=max_loras,
                           max_model_len=max_model_len, logprobs_mode=logprobs_mode)
        self.base = AutoModelForCausalLM.from_pretrained(model).eval()
        self.enable_lora, self.max_lora_rank = enable_lora, max_lora_rank
        self.max_model_len = max_model_len or int(self.base.config.max_position_embeddings)
        self.adapters: Dict[int, Any] = {}
        self.requests: List[Any] = []
        self.prompt_lengths: List[int] = []
        HFBackedLLM.instances.append(self)

    def _model(self, request: Optional[FakeLoRARequest]) -> Any:
        if request is None:
            return self.base
        if not self.enable_lora:
            raise ValueError(f"Got lora_request {request} but LoRA is not enabled!")
        if request.lora_int_id not in self.adapters:
            from peft import PeftModel

            rank = json.loads((Path(request.lora_path) / "adapter_config.json").read_text())["r"]
            if rank > self.max_lora_rank:
                raise ValueError(f"LoRA rank {rank} is greater than max_lora_rank {self.max_lora_rank}.")
            self.adapters[request.lora_int_id] = PeftModel.from_pretrained(copy.deepcopy(self.base), request.lora_path).eval()
        return self.adapters[request.lora_int_id]

    @torch.no_grad()
    def generate(self, prompts: Sequence[Dict[str, Any]], sampling_params: Any = None, use_tqdm: bool = True,
                 lora_request: Optional[FakeLoRARequest] = None) -> List[Any]:
        model = self._model(lora_request)
        self.requests.append(lora_request)
        outputs = []
        for prompt, params in zip(prompts, sampling_params):
            ids = list(prompt["prompt_token_ids"])
            self.prompt_lengths.append(len(ids))
            if len(ids) >= self.max_model_len:
                raise ValueError(
                    f"The decoder prompt (length {len(ids)}) plus the number of requested output tokens (at least 1) is "
                    f"longer than the maximum model length of {self.max_model_len}."
                )
            assert params.temperature == 0, "the fake decodes greedily"
            out: List[int] = []
            logprobs: List[Dict[int, Any]] = []
            reason = "length"
            while len(out) < params.max_tokens and len(ids) + len(out) < self.max_model_len:
                logp = torch.log_softmax(model(torch.tensor([ids + out])).logits[0, -1].float(), dim=-1)
                token = int(logp.argmax())
                out.append(token)
                logprobs.append({token: SimpleNamespace(logprob=float(logp[token]))})
                if token in params.stop_token_ids:
                    reason = "stop"
                    break
            outputs.append(SimpleNamespace(outputs=[SimpleNamespace(token_ids=out, logprobs=logprobs, finish_reason=reason)]))
        return outputs


@pytest.fixture
def fake_vllm(monkeypatch: pytest.MonkeyPatch) -> type:
    install_fake_vllm(monkeypatch, llm=HFBackedLLM, lora_request=FakeLoRARequest)
    HFBackedLLM.instances.clear()
    return HFBackedLLM


# -- the context guard --------------------------------------------------------------------------------

GREEDY = SamplingParams(temperature=0, max_new_tokens=10)


def first_prompt_lengths(policy: LLMPolicy, envs: Sequence[RefineCodeEnv], starts: Sequence[EpisodeStart]) -> List[int]:
    policy.reset(len(starts))
    out = []
    for i, (env, start) in enumerate(zip(envs, starts)):
        obs, _ = env.reset(seed=i, options=start.reset_options())
        out.append(policy.prompt_length(i, obs))
    return out


def test_context_limit_ends_episodes_before_the_engine_would_fail(fake_vllm: type, micro_model: Path, sandbox: Sandbox,
                                                                 problems: List[Any]) -> None:
    from refine_agents.vllm_backend import VLLMBackend

    starts = [EpisodeStart(PROBLEMS[0]), EpisodeStart(PROBLEMS[1])]
    envs = [RefineCodeEnv(dataset=problems, max_turns=4, sandbox=sandbox) for _ in starts]
    probe = LLMPolicy(TransformersBackend(micro_model), system_prompt="", sampling=GREEDY)
    # Room for the first turn of both episodes, not for a second: its prompt adds the turn and the feedback.
    limit = max(first_prompt_lengths(probe, envs, starts)) + GREEDY.max_new_tokens + 4
    policy = LLMPolicy(VLLMBackend(micro_model, max_model_len=limit), system_prompt="", sampling=GREEDY)
    run = dict(groups=[0, 1], env_seeds=[0, 1], policy_seed=0)
    # Without the guard the second round's prompts reach the engine, which refuses them and ends the whole batch.
    with pytest.raises(ValueError, match=f"is longer than the maximum model length of {limit}"):
        run_episodes(policy, envs, starts, **run)
    llm = HFBackedLLM.instances[0]
    seen = len(llm.prompt_lengths)
    episodes, stats = run_episodes(policy, envs, starts, max_model_len=limit, **run)
    assert stats.context_cuts == 2
    # Every prompt the engine got left room for a whole turn.
    assert llm.prompt_lengths[seen:] and max(llm.prompt_lengths[seen:]) + GREEDY.max_new_tokens <= limit
    for ep in episodes:
        assert ep.num_turns == 1 and ep.truncated_reason == "context" and ep.final_info["truncated_reason"] == "context"
        assert ep.verdict is None and ep.hidden_total is None and ep.overlong
    # A limit the first prompt already exceeds gives episodes without turns (the trainer drops their groups).
    shortest = min(first_prompt_lengths(probe, envs, starts))
    episodes, _ = run_episodes(policy, envs, starts, max_model_len=shortest + GREEDY.max_new_tokens - 1, **run)
    assert [(ep.num_turns, ep.truncated_reason, ep.token_ids) for ep in episodes] == [(0, "context", ())] * 2
    for env in envs:
        env.close()


def test_trainer_trains_on_context_cut_episodes_and_logs_why(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                             tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, max_turns=3, log_samples=4)
    starts, _ = trainer.plan_starts()
    trainer.sampler.load_state_dict({**trainer.sampler.state_dict(), "epoch": 0, "cursor": 0})
    lengths = first_prompt_lengths(trainer.policy, trainer.envs, starts)
    trainer.max_model_len = max(lengths) + trainer.config.max_new_tokens + 4
    metrics = trainer.train_step()
    assert metrics["env/context_cut_rate"] == 1.0 and metrics["env/turns"] == 1.0
    samples = [json.loads(line) for line in (tmp_path / "samples.jsonl").read_text().splitlines()]
    assert [s["truncated_reason"] for s in samples] == ["context"] * 4
    # Nothing fits: a clear error instead of an empty batch.
    trainer.max_model_len = min(lengths) - 1
    with pytest.raises(ValueError, match=r"Expected at least one group whose first prompt plus max_new_tokens \(12\) fits "
                                         r"the context limit"):
        trainer.train_step()
    trainer.close()


def test_context_limit_config_is_checked() -> None:
    with pytest.raises(ValueError, match=r"Expected max_model_len to be None or an int > max_new_tokens \(512: a turn's "
                                         r"prompt and its new tokens must fit\), got 512"):
        PPOConfig(model="m", max_model_len=512)
    with pytest.raises(ValueError, match=r"Expected max_model_len <= vllm_max_model_len \(2048"):
        PPOConfig(model="m", max_model_len=4096, vllm_max_model_len=2048)


# -- Qwen3's template: the history is what the model saw ----------------------------------------------

# Qwen3's chat template (Qwen/Qwen3-8B tokenizer_config.json) without its tool branches, restated: reasoning is cut
# from assistant turns before the last user query, the last assistant turn gets a think block (empty if none), and
# enable_thinking=false ends the generation prompt with an empty think block.
QWEN3_TEMPLATE = """\
{%- if messages[0].role == 'system' %}{{- '<|im_start|>system\\n' + messages[0].content + '<|im_end|>\\n' }}{%- endif %}
{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}
{%- for message in messages[::-1] %}
    {%- set index = (messages|length - 1) - loop.index0 %}
    {%- if ns.multi_step_tool and message.role == 'user' and not (message.content.startswith('<tool_response>') and message.content.endswith('</tool_response>')) %}
        {%- set ns.multi_step_tool = false %}{%- set ns.last_query_index = index %}
    {%- endif %}
{%- endfor %}
{%- for message in messages %}
    {%- set content = message.content if message.content is string else '' %}
    {%- if message.role == 'user' or (message.role == 'system' and not loop.first) %}
        {{- '<|im_start|>' + message.role + '\\n' + content + '<|im_end|>\\n' }}
    {%- elif message.role == 'assistant' %}
        {%- set reasoning_content = '' %}
        {%- if '</think>' in content %}
            {%- set reasoning_content = content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') %}
            {%- set content = content.split('</think>')[-1].lstrip('\\n') %}
        {%- endif %}
        {%- if loop.index0 > ns.last_query_index and (loop.last or reasoning_content) %}
            {{- '<|im_start|>assistant\\n<think>\\n' + reasoning_content.strip('\\n') + '\\n</think>\\n\\n' + content.lstrip('\\n') }}
        {%- else %}
            {{- '<|im_start|>assistant\\n' + content }}
        {%- endif %}
        {{- '<|im_end|>\\n' }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\\n' }}
    {%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}
{%- endif %}"""


class FixedReplies(Backend):
    """A token backend that answers with fixed texts in order and keeps every prompt it was given."""

    name = "fixed"
    supports_tokens = True

    def __init__(self, tokenizer: Any, replies: Sequence[str]) -> None:
        self.tokenizer = tokenizer
        self.replies = list(replies)
        self.prompts: List[List[int]] = []

    def generate(self, prompts: Sequence[Sequence[int]], *, sampling: SamplingParams,
                 stop_token_ids: Sequence[int]) -> List[Generation]:
        out = []
        for prompt in prompts:
            self.prompts.append(list(prompt))
            ids = list(self.tokenizer.encode(self.replies.pop(0), add_special_tokens=False)) + [stop_token_ids[0]]
            out.append(Generation(tuple(ids), (-0.5,) * len(ids), "stop"))
        return out


def test_qwen3_no_thinking_history_is_what_the_model_saw(tiny_model_path: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_path)
    tokenizer.chat_template = QWEN3_TEMPLATE
    no_think = {"enable_thinking": False}
    # Not append-only even without thinking: the last assistant turn's empty think block disappears once a
    # user turn follows.
    check = check_append_only(tokenizer, system="S", chat_template_kwargs=no_think)
    assert not check.append_only and check.reason.startswith("adding a user turn after a plain assistant turn rewrote")
    run = "Action: run\n```python\nprint(1)\n```"
    backend = FixedReplies(tokenizer, [run, "Action: submit"])
    policy = LLMPolicy(backend, system_prompt="S", chat_template_kwargs=no_think)
    policy.reset(1)
    policy.act(["task"])
    policy.act(["feedback"])
    ep = policy.episode(0)
    # Every prompt the engine saw is a prefix of the episode's sequence, which is what the trainer trains on.
    assert all(ep.token_ids[:len(p)] == tuple(p) for p in backend.prompts)
    assert ep.token_ids == tuple(backend.prompts[1]) + ep.turns[1].completion_ids
    # The empty think block is template text (mask 0) that opens every turn; the model writes the action only.
    for turn in ep.turns:
        assert tokenizer.decode(turn.prompt_ids).endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
        assert "<think>" not in tokenizer.decode(turn.completion_ids)
    # The template would show the same conversation without the first turn's empty think block: that, and only
    # that, is where a chat server's context differs from the one trained on.
    seen = tokenizer.decode(backend.prompts[1])
    rendered = render(tokenizer, ep.messages[:-1], add_generation_prompt=True, chat_template_kwargs=no_think)
    assert seen != rendered
    assert seen == rendered.replace("<|im_start|>assistant\n" + run, "<|im_start|>assistant\n<think>\n\n</think>\n\n" + run)


# -- dynamic sampling ------------------------------------------------------------------------------

def flat_on_first_problem(episode: Episode) -> List[float]:
    """Every episode of PROBLEMS[0] scores 0 (a group without variance); PROBLEMS[1]'s episodes all differ."""
    return [0.0] * episode.num_turns if episode.start.problem_id == PROBLEMS[0] else distinct_rewards(episode)


def _episode(group: int, reward: float, solved: bool = False) -> Episode:
    return Episode(start=EpisodeStart(PROBLEMS[0]), group=group, token_ids=(1, 2), mask=(0, 1), sampled_logprobs=(0.0, -1.0),
                   turn_of_token=(-1, 0), actions=("a",), turn_rewards=[reward], env_rewards=(reward,), public_rates=(None,),
                   initial_public_rate=None, transitions=(), hidden_passed=int(solved), hidden_total=1,
                   verdict="AC" if solved else "WA", first_code=None, finish_reasons=("stop",))


def test_group_keep_mask_drops_groups_without_variance() -> None:
    episodes = [_episode(0, 1.0, True), _episode(0, 1.0, True), _episode(1, 0.0), _episode(1, 0.5), _episode(2, 0.2),
                _episode(2, 0.7)]
    assert group_keep_mask(episodes) == [False, False, True, True, True, True]
    # By DAPO's accuracy: groups 1 and 2 are all unsolved, whatever their shaped rewards.
    assert group_keep_mask(episodes, metric="solved") == [False] * 6
    with pytest.raises(ValueError, match="Expected metric to be 'reward' or 'solved', got 'acc'"):
        group_keep_mask(episodes, metric="acc")


def test_dynamic_sampling_refills_the_batch_with_informative_groups(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                                    tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, dynamic_sampling=True, dynamic_sampling_max_rounds=3,
                           turn_reward_fn=flat_on_first_problem)
    episodes, stats = trainer.collect_rollouts()
    # Each round plays both problems; only PROBLEMS[1]'s group varies, so two rounds fill the two groups.
    assert len(episodes) == 4 and {ep.start.problem_id for ep in episodes} == {PROBLEMS[1]}
    groups = sorted({ep.group for ep in episodes})
    assert len(groups) == 2 and groups[0] < 2 <= groups[1]  # one group from each round
    assert trainer._step_metrics["dynamic_sampling/rounds"] == 2.0
    assert trainer._step_metrics["dynamic_sampling/filtered_frac"] == 0.5
    assert trainer._step_metrics["dynamic_sampling/filled_groups"] == 0.0
    assert stats.generated_tokens > sum(ep.model_tokens for ep in episodes)  # the dropped round-one group was played
    assert trainer.sampler.state_dict()["epoch"] == 1  # the second round drew two more problems
    trainer.close()


def test_dynamic_sampling_fills_up_when_rounds_run_out(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                       tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, dynamic_sampling=True, dynamic_sampling_max_rounds=2,
                           turn_reward_fn=lambda ep: [0.0] * ep.num_turns, total_steps=1)
    history = trainer.train()
    metrics = history[0]
    assert metrics["dynamic_sampling/rounds"] == 2.0 and metrics["dynamic_sampling/filtered_frac"] == 1.0
    assert metrics["dynamic_sampling/filled_groups"] == 2.0 and metrics["tokens/per_episode"] > 0
    trainer.close()


# -- overlong turns ------------------------------------------------------------------------------------

def test_soft_overlong_penalty_ramps_over_the_buffer() -> None:
    values = [soft_overlong_penalty(n, max_new_tokens=12, buffer=4) for n in (3, 8, 9, 10, 12)]
    assert values == [0.0, 0.0, -0.25, -0.5, -1.0]
    assert soft_overlong_penalty(12, max_new_tokens=12, buffer=4, penalty=0.5) == -0.5
    assert soft_overlong_penalty(12, max_new_tokens=12, buffer=0) == 0.0
    ep = _episode(0, 1.0)
    score_episodes([ep], max_new_tokens=4, overlong_buffer=2, overlong_penalty=1.0)
    assert ep.turn_rewards == [1.0]  # one model token: far from the limit
    with pytest.raises(ValueError, match="Expected max_new_tokens with overlong_buffer > 0"):
        score_episodes([ep], overlong_buffer=2)
    with pytest.raises(ValueError, match=r"Expected overlong_buffer < max_new_tokens \(12\)"):
        PPOConfig(model="m", max_new_tokens=12, overlong_buffer=12)


def test_overlong_turns_are_punished_softly_or_filtered_out_of_the_loss(micro_model: Path, sandbox: Sandbox,
                                                                       problems: List[Any], tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path / "soft", sandbox, problems, overlong_buffer=4, overlong_penalty=0.5,
                           turn_reward_fn=lambda ep: [0.0] * ep.num_turns)
    episodes, _ = trainer.collect_rollouts()
    trainer.score(episodes)
    # The random model writes until max_new_tokens: every turn is cut and pays the full penalty.
    assert all(r == "length" for ep in episodes for r in ep.finish_reasons)
    assert all(ep.turn_rewards == [-0.5] * ep.num_turns for ep in episodes)
    trainer.close()

    trainer = make_trainer(micro_model, tmp_path / "filter", sandbox, problems, overlong_filter=True)
    episodes, _ = trainer.collect_rollouts()
    # Pretend group 0's turns ended on their own; the others stay cut.
    first = episodes[0].group
    episodes = [replace(ep, finish_reasons=("stop",) * ep.num_turns) if ep.group == first else ep for ep in episodes]
    batch, micro = trainer.score(episodes)
    for row, ep in enumerate(episodes):
        assert bool(batch.action_mask[row].any()) == (ep.group == first)
    assert trainer._step_metrics["overlong/masked_frac"] == 0.5
    batch = trainer.compute_advantages(batch)
    assert bool((batch.advantages[[i for i, ep in enumerate(episodes) if ep.group != first]] == 0).all())
    stats = trainer.update(batch, micro)
    assert stats["optim/grad_norm"] > 0 and all(v == v for v in stats.values())  # the kept group still trains
    trainer.close()


# -- vLLM's native LoRA adapters ---------------------------------------------------------------------

def test_lora_adapter_sync_makes_the_engine_compute_the_trained_policy(fake_vllm: type, micro_model: Path,
                                                                       tmp_path: Path) -> None:
    from refine_agents.ppo.model import load_policy_model
    from refine_agents.ppo.weight_sync import VLLMAdapter
    from refine_agents.vllm_backend import VLLMBackend, vllm_lora_rank

    assert [vllm_lora_rank(r) for r in (1, 8, 9, 64, 300, 512)] == [8, 8, 16, 64, 320, 512]
    model, _ = load_policy_model(str(micro_model), value_head=False, lora_rank=4, lora_alpha=8.0,
                                 lora_target_modules=("q_proj", "v_proj", "down_proj"), seed=0)
    backend = VLLMBackend(micro_model, enable_lora=True, max_lora_rank=4)
    llm = HFBackedLLM.instances[0]
    assert (llm.kwargs["enable_lora"], llm.kwargs["max_lora_rank"], llm.kwargs["max_loras"]) == (True, 8, 1)
    sync = VLLMAdapter(backend, tmp_path / "sync", keep=2)
    prompt = [[int(t) for t in torch.randint(5, 4000, (16,), generator=torch.Generator().manual_seed(0))]]
    stops = [backend.tokenizer.eos_token_id]

    def gap_to_trainer() -> float:
        gen = backend.generate(prompt, sampling=GREEDY, stop_token_ids=stops)[0]
        ids = torch.tensor([prompt[0] + list(gen.token_ids)])
        with torch.no_grad():
            logp = torch.log_softmax(model.lm(ids).logits[0, len(prompt[0]) - 1:-1].float(), dim=-1)
        trainer = logp.gather(-1, torch.tensor(gen.token_ids).unsqueeze(-1)).squeeze(-1)
        return float((trainer - torch.tensor(gen.logprobs)).abs().max())

    sync.before_rollout(model)  # no update yet: LoRA's B is 0, the base model is the policy
    assert backend.lora_request is None and gap_to_trainer() < 1e-5
    for version in (1, 2, 3):
        with torch.no_grad():
            g = torch.Generator().manual_seed(version)
            for name, p in model.named_parameters():
                if "lora_" in name:
                    p.add_(0.3 * torch.randn(p.shape, generator=g))
        sync.mark_updated()
        sync.before_rollout(model)
        request = backend.lora_request
        assert (request.lora_name, request.lora_int_id) == (f"policy-{version}", version)
        assert Path(request.lora_path) == tmp_path / "sync" / f"update_{version:06d}"
        assert gap_to_trainer() < 1e-5, version
    assert llm.requests[-1] is backend.lora_request and sorted(llm.adapters) == [1, 2, 3]
    assert sorted(p.name for p in (tmp_path / "sync").iterdir()) == ["update_000002", "update_000003"]
    config = json.loads((tmp_path / "sync" / "update_000003" / "adapter_config.json").read_text())
    assert config["r"] == 4 and set(config["target_modules"]) == {"q_proj", "v_proj", "down_proj"}
    sync.before_rollout(model)  # nothing new: no new adapter
    assert backend.lora_request.lora_int_id == 3
    # The fake holds vLLM's rules, and the backend its own.
    plain = VLLMBackend(micro_model)
    with pytest.raises(RuntimeError, match=r"Expected a backend built with VLLMBackend\(..., enable_lora=True\)"):
        plain.set_lora_adapter(request.lora_path, name="x", int_id=1)
    plain.lora_request = request
    with pytest.raises(ValueError, match="but LoRA is not enabled!"):
        plain.generate(prompt, sampling=GREEDY, stop_token_ids=stops)
    with pytest.raises(ValueError, match="Expected int_id to be an int >= 1"):
        backend.set_lora_adapter(request.lora_path, name="x", int_id=0)
    with pytest.raises(FileNotFoundError, match="Expected a peft adapter folder with adapter_config.json"):
        backend.set_lora_adapter(tmp_path, name="x", int_id=9)
    with pytest.raises(ValueError, match="Expected enable_lora=True with max_lora_rank=8"):
        VLLMBackend(micro_model, max_lora_rank=8)


def test_lora_sync_config_is_checked() -> None:
    with pytest.raises(ValueError, match=r"Expected vllm_lora_sync to be one of \('merge', 'adapter'\), got 'adaptor' "
                                         r"\(did you mean 'adapter'\?\)"):
        PPOConfig(model="m", vllm_lora_sync="adaptor")


# -- merged export -------------------------------------------------------------------------------------

def test_export_merged_computes_the_trained_adapter(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                    tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from refine_agents.ppo.checkpoint import export_merged
    from transformers import AutoModelForCausalLM

    from refine_env.cli import main

    trainer = make_trainer(micro_model, tmp_path / "run", sandbox, problems, lora_rank=4, lora_alpha=8.0, total_steps=2,
                           advantage_estimator="gae", learning_rate=5e-3)
    trainer.train()
    trained = trainer.learner.inner.lm
    ids = torch.randint(5, 4000, (2, 40), generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        expected = trained(ids).logits
        base = AutoModelForCausalLM.from_pretrained(micro_model)(ids).logits
    assert not torch.allclose(expected, base, atol=1e-3)  # the adapter changed the policy
    checkpoint = tmp_path / "run" / "checkpoints" / "step_000002"
    for source, out in ((checkpoint, tmp_path / "from_checkpoint"), (tmp_path / "run" / "final", tmp_path / "from_final")):
        export_merged(source, out)
        assert not (out / "adapter_config.json").exists() and (out / "value_head.pt").is_file()
        merged = AutoModelForCausalLM.from_pretrained(out)
        assert not any("lora" in n for n, _ in merged.named_parameters())
        with torch.no_grad():
            assert torch.allclose(merged(ids).logits, expected, atol=1e-5), source
    trainer.close()
    assert main(["train", "--export-merged", str(checkpoint), "--output-dir", str(tmp_path / "cli")]) == 0
    assert "merged model:" in capsys.readouterr().out and (tmp_path / "cli" / "config.json").is_file()
    assert main(["train", "--export-merged", str(checkpoint), "--output-dir", str(tmp_path / "cli")]) == 2
    assert "Expected out_dir to be absent or empty" in capsys.readouterr().err
    assert main(["train", "--export-merged", str(tmp_path), "--output-dir", str(tmp_path / "x")]) == 2
    assert "Expected a checkpoint folder (trainer_state.json, model.pt) or an exported model" in capsys.readouterr().err


# -- periodic validation -------------------------------------------------------------------------------

_TRAINING = ("loss/", "policy/", "reward/", "env/", "advantages/", "optim/grad_norm", "rollout/logprob_diff")


def test_validation_runs_on_held_out_problems_and_leaves_training_unchanged(micro_model: Path, sandbox: Sandbox,
                                                                           problems: List[Any], held_out: List[Any],
                                                                           tmp_path: Path) -> None:
    runs = {}
    for name, every in (("plain", 0), ("validated", 1)):
        trainer = make_trainer(micro_model, tmp_path / name, sandbox, problems, validate_every=every, tensorboard=True,
                               validation_problems=held_out, validation_starts="mutant", max_new_tokens=8)
        runs[name] = trainer.train()
        if every:
            assert [s.kind for s in trainer.validation_starts()] == ["scratch", "mutant"] * 2
        trainer.close()
    # Validating (greedy, its own seeds and environments) changes nothing about training.
    for plain, validated in zip(runs["plain"], runs["validated"]):
        assert {k: v for k, v in plain.items() if k.startswith(_TRAINING)} == \
               {k: v for k, v in validated.items() if k.startswith(_TRAINING)}
    records = [json.loads(line) for line in (tmp_path / "validated" / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in records] == [0, 1, 2]
    for record in records:
        assert record["val/episodes"] == 4.0 and record["val/share_mutant"] == 0.5
        assert {"val/solved_rate", "val/hidden_pass_rate", "val/reward/mean", "val/turns", "time/validation_s"} <= set(record)
    assert "val/solved_rate" not in json.loads((tmp_path / "plain" / "metrics.jsonl").read_text().splitlines()[0])
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(tmp_path / "validated" / "tensorboard"))
    events.Reload()
    assert [e.step for e in events.Scalars("val/solved_rate")] == [0, 1, 2]


def test_validation_problems_come_from_the_split(micro_model: Path, sandbox: Sandbox, problems: List[Any],
                                                 tmp_path: Path) -> None:
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, validation_problem_ids=list(HELD_OUT))
    assert [p.id for p in trainer.validation_problems()] == list(HELD_OUT)
    trainer.close()
    trainer = make_trainer(micro_model, tmp_path, sandbox, problems, validation_problem_ids=["camel-to-snak"])
    with pytest.raises(ValueError, match="Expected validation_problem_ids from dataset 'builtin' split 'test', got unknown "
                                         "'camel-to-snak'"):
        trainer.validation_problems()
    trainer.close()
