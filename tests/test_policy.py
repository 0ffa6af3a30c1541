"""LLMPolicy over the transformers backend with the tiny model: histories, token-in/token-out, masks, logprobs, seeds."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterator, List, Sequence, Tuple

import pytest
from refine_agents.backends import Backend, Generation, SamplingParams
from refine_agents.chat import ChatFormat, check_append_only, render
from refine_agents.hf_backend import TransformersBackend
from refine_agents.policy import LLMPolicy, load_system_prompt, make_policy
from refine_agents.testing import ScriptedBackend, ScriptedTurn

SYSTEM = "Solve the task."
FAST = SamplingParams(max_new_tokens=6)

# Qwen3's history rewriting in miniature: reasoning is dropped from assistant turns before the
# last user turn, and the last assistant turn always gets a (possibly empty) think block.
QWEN3_LIKE = (
    "{%- set ns = namespace(last_user=-1) %}"
    "{%- for m in messages %}{%- if m.role == 'user' %}{%- set ns.last_user = loop.index0 %}{%- endif %}{%- endfor %}"
    "{%- for m in messages %}"
    "{%- if m.role == 'assistant' %}"
    "{%- set content = m.content %}{%- set reasoning = '' %}"
    "{%- if '</think>' in content %}"
    "{%- set reasoning = content.split('</think>')[0].split('<think>')[-1].strip('\\n') %}"
    "{%- set content = content.split('</think>')[-1].lstrip('\\n') %}"
    "{%- endif %}"
    "{%- if loop.index0 > ns.last_user and (loop.last or reasoning) %}"
    "{{- '<|im_start|>assistant\\n<think>\\n' + reasoning + '\\n</think>\\n\\n' + content + '<|im_end|>\\n' }}"
    "{%- else %}{{- '<|im_start|>assistant\\n' + content + '<|im_end|>\\n' }}{%- endif %}"
    "{%- else %}{{- '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}"
    "{%- endif %}"
)


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> Iterator[None]:
    """The tiny model's matrices gain nothing from threads, and on a busy 2-core machine two
    threads spin-wait: one thread is 10x faster there."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def backend(tiny_model_path: Path, one_thread: None) -> TransformersBackend:
    return TransformersBackend(tiny_model_path)


class Spy(Backend):
    """Passes calls to a token backend and keeps what went in and came out."""

    supports_tokens = True

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.tokenizer = inner.tokenizer
        self.calls: List[Tuple[List[List[int]], List[Generation]]] = []

    def generate(self, prompts: Sequence[Sequence[int]], *, sampling: SamplingParams,
                 stop_token_ids: Sequence[int]) -> List[Generation]:
        gens = self.inner.generate(prompts, sampling=sampling, stop_token_ids=stop_token_ids)
        self.calls.append(([list(p) for p in prompts], gens))
        return gens


def _policy(backend: Backend, **kwargs: Any) -> LLMPolicy:
    return LLMPolicy(backend, sampling=kwargs.pop("sampling", FAST), system_prompt=kwargs.pop("system_prompt", SYSTEM), **kwargs)


def test_batch_act_keeps_each_episodes_history(backend: TransformersBackend) -> None:
    policy = _policy(backend)
    policy.reset(3, seed=0)
    first = policy.act(["task zero", "task one", "task two"])
    second = policy.act(["feedback zero", "feedback one", "feedback two"])
    assert all(isinstance(a, str) for a in first + second)
    for i in range(3):
        ep = policy.episode(i)
        assert [m["role"] for m in ep.messages] == ["system", "user", "assistant", "user", "assistant"]
        assert [m["content"] for m in ep.messages] == [SYSTEM, f"task {['zero', 'one', 'two'][i]}", first[i],
                                                       f"feedback {['zero', 'one', 'two'][i]}", second[i]]
        assert [t.index for t in ep.turns] == [0, 1]
        # The last prompt the model saw is exactly the template's rendering of the history.
        last = ep.turns[-1]
        shown = backend.tokenizer.decode(list(ep.token_ids[: last.start + len(last.prompt_ids)]))
        assert shown == render(backend.tokenizer, ep.messages[:-1], add_generation_prompt=True)


def test_active_subset_leaves_inactive_episodes_untouched(backend: TransformersBackend) -> None:
    policy = _policy(backend)
    policy.reset(3, seed=1)
    policy.act(["a", "b", "c"])
    before = policy.episode(1)
    actions = policy.act(["a2", None, "c2"], active=[True, False, True])
    assert actions[1] is None and isinstance(actions[0], str) and isinstance(actions[2], str)
    assert policy.episode(1) == before
    assert [len(policy.episode(i).turns) for i in range(3)] == [2, 1, 2]
    assert policy.act(["x", "y", "z"], active=[False, False, False]) == [None, None, None]
    actions = policy.act([None, "b2", None], active=[False, True, False])
    assert actions[0] is None and actions[2] is None and len(policy.episode(1).turns) == 2


def test_token_in_token_out_invariants(backend: TransformersBackend) -> None:
    spy = Spy(backend)
    policy = _policy(spy)
    policy.reset(2, seed=2)
    for k in range(3):
        policy.act([f"observation {k} of episode 0", f"episode 1, turn {k}: <|im_end|> in program output"])
    for row in range(2):
        ep = policy.episode(row)
        pieces: List[int] = []
        for k, turn in enumerate(ep.turns):
            prompts, gens = spy.calls[k]
            # What the model was shown is everything before, plus this turn's environment tokens...
            assert prompts[row] == pieces + list(turn.prompt_ids)
            assert turn.start == len(pieces)
            # ...and what was appended is exactly what the backend sampled.
            assert turn.completion_ids == gens[row].token_ids
            assert turn.completion_logprobs == gens[row].logprobs
            pieces += list(turn.prompt_ids) + list(turn.completion_ids)
        assert list(ep.token_ids) == pieces
        assert len(ep.mask) == len(ep.logprobs) == len(ep.token_ids)
    # Program output that spells a special token stays text: no forged end of turn.
    im_end = backend.tokenizer.convert_tokens_to_ids("<|im_end|>")
    later = policy.episode(1).turns[1]
    closing = 0 if later.prompt_ids[0] != im_end else 1
    assert later.prompt_ids[closing + 1:].count(im_end) == 1  # only the user turn's own end


def test_mask_marks_exactly_the_sampled_tokens(backend: TransformersBackend) -> None:
    spy = Spy(backend)
    policy = _policy(spy)
    policy.reset(2, seed=3)
    policy.act(["one", "two"])
    policy.act(["three", "four"])
    for row in range(2):
        ep = policy.episode(row)
        sampled = [tok for _, gens in spy.calls for tok in gens[row].token_ids]
        assert [t for t, m in zip(ep.token_ids, ep.mask) if m == 1] == sampled
        env = [t for t, m in zip(ep.token_ids, ep.mask) if m == 0]
        assert env == [t for turn in ep.turns for t in turn.prompt_ids]
        assert all(lp == 0.0 for lp, m in zip(ep.logprobs, ep.mask) if m == 0)
        assert all(lp < 0.0 for lp, m in zip(ep.logprobs, ep.mask) if m == 1)


def _forward_logprobs(model: Any, ids: Sequence[int], temperature: float = 1.0) -> List[float]:
    import torch

    with torch.no_grad():
        logits = model(torch.tensor([list(ids)])).logits[0].float()
    logp = torch.log_softmax(logits[:-1] / temperature, dim=-1)
    return [0.0] + logp.gather(1, torch.tensor(ids[1:]).unsqueeze(1)).squeeze(1).tolist()


@pytest.mark.parametrize("mode, temperature", [("raw", 0.7), ("processed", 0.7)])
def test_logprobs_equal_a_separate_forward_pass(backend: TransformersBackend, mode: str, temperature: float) -> None:
    hf = TransformersBackend(backend.model, tokenizer=backend.tokenizer, logprobs_mode=mode)
    policy = _policy(hf, sampling=SamplingParams(temperature=temperature, max_new_tokens=6))
    policy.reset(2, seed=4)
    # Different prompt lengths: the shorter row is left-padded in the batch.
    policy.act(["short", "a much longer task statement with several more words in it"])
    policy.act(["feedback", "more feedback"])
    for row in range(2):
        ep = policy.episode(row)
        expected = _forward_logprobs(backend.model, ep.token_ids, temperature if mode == "processed" else 1.0)
        got = [(lp, e) for lp, e, m in zip(ep.logprobs, expected, ep.mask) if m == 1]
        assert got and max(abs(a - b) for a, b in got) < 1e-4


def test_processed_logprobs_follow_the_nucleus(backend: TransformersBackend) -> None:
    hf = TransformersBackend(backend.model, tokenizer=backend.tokenizer, logprobs_mode="processed")
    policy = _policy(hf, sampling=SamplingParams(temperature=0.5, top_p=0.5, max_new_tokens=6))
    policy.reset(1, seed=5)
    policy.act(["task"])
    ep = policy.episode(0)
    tempered = _forward_logprobs(backend.model, ep.token_ids, 0.5)
    # Renormalising over the nucleus can only raise a kept token's probability.
    assert all(lp >= t - 1e-5 for lp, t, m in zip(ep.logprobs, tempered, ep.mask) if m == 1)
    assert any(lp > t + 1e-3 for lp, t, m in zip(ep.logprobs, tempered, ep.mask) if m == 1)


def test_sampling_is_deterministic_for_a_seed_and_leaves_global_rng_alone(backend: TransformersBackend) -> None:
    import torch

    def run(seed: int) -> List[Tuple[int, ...]]:
        policy = _policy(backend)
        policy.reset(2, seed=seed)
        policy.act(["task a", "task b"])
        policy.act(["fb a", "fb b"])
        return [policy.episode(i).token_ids for i in range(2)]

    state = torch.random.get_rng_state()
    assert run(7) == run(7)
    assert run(7) != run(8)
    assert torch.equal(torch.random.get_rng_state(), state)


def test_greedy_stop_string_ends_the_turn(backend: TransformersBackend) -> None:
    policy = _policy(backend, sampling=SamplingParams(temperature=0, max_new_tokens=8))
    policy.reset(1)
    full = policy.act_turns(["task"])[0]
    assert full is not None and full.finish_reason == "length" and len(full.completion_ids) == 8
    stop = backend.tokenizer.decode(list(full.completion_ids[4:6]))
    policy.reset(1)
    cut = policy.act_turns(["task"], sampling=SamplingParams(temperature=0, max_new_tokens=8, stop=(stop,)))[0]
    assert cut is not None and cut.finish_reason == "stop"
    assert full.completion_ids[: len(cut.completion_ids)] == cut.completion_ids
    assert stop in cut.action
    assert stop not in backend.tokenizer.decode(list(cut.completion_ids[:-1]))


def test_append_only_detection(backend: TransformersBackend, tiny_model_path: Path) -> None:
    from transformers import AutoTokenizer

    assert check_append_only(backend.tokenizer).append_only
    qwen3 = AutoTokenizer.from_pretrained(tiny_model_path)
    qwen3.chat_template = QWEN3_LIKE
    check = check_append_only(qwen3)
    assert not check.append_only
    assert check.reason.startswith("adding a user turn after a plain assistant turn rewrote earlier text")
    # The plain probe passes once the empty think block is not inserted: then the <think> probe fails.
    qwen3_no_empty = AutoTokenizer.from_pretrained(tiny_model_path)
    qwen3_no_empty.chat_template = QWEN3_LIKE.replace("(loop.last or reasoning)", "reasoning")
    check = check_append_only(qwen3_no_empty)
    assert not check.append_only and "<think> block" in check.reason


def test_qwen3_like_template_keeps_full_history(backend: TransformersBackend, tiny_model_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_path)
    tokenizer.chat_template = QWEN3_LIKE
    im_end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    think = "<think>\nlet me check n = 0\n</think>\n\nAction: run\n```python\nprint(1)\n```"
    script = ScriptedBackend([
        ScriptedTurn((("system", SYSTEM), ("user", "task")), think),
    ], tokenizer=tokenizer)
    with caplog.at_level(logging.WARNING, logger="refine_agents.policy"):
        policy = LLMPolicy(script, system_prompt=SYSTEM, sampling=FAST)
    assert policy.template_check is not None and not policy.template_check.append_only
    assert "not append-only" in caplog.text
    policy.reset(1)
    assert policy.act(["task"]) == [think]
    # The second turn cannot be scripted by conversation (the template would drop the think
    # block); the model still sees it, token for token.
    real = Spy(TransformersBackend(backend.model, tokenizer=tokenizer))
    policy.backend = real
    policy.act(["feedback"])
    ep = policy.episode(0)
    assert list(ep.token_ids[: len(ep.turns[0].token_ids)]) == list(ep.turns[0].token_ids)
    assert tokenizer.encode(think, add_special_tokens=False) + [im_end] == list(ep.turns[0].completion_ids)
    shown = tokenizer.decode(real.calls[0][0][0])
    assert "let me check n = 0" in shown
    assert "let me check n = 0" not in render(tokenizer, ep.messages[:-1], add_generation_prompt=True)
    with pytest.raises(ValueError, match="Expected an append-only chat template \\(strict_template=True\\), got one that is not"):
        LLMPolicy(script, system_prompt=SYSTEM, strict_template=True)


def test_chat_template_kwargs_reach_the_template(tiny_model_path: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_path)
    tokenizer.chat_template = QWEN3_LIKE
    chat = ChatFormat(tokenizer, chat_template_kwargs={"enable_thinking": False})
    assert tokenizer.decode(chat.first_prompt_ids("task")).endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
    nxt = tokenizer.decode(chat.next_prompt_ids("fb", last_ids=[tokenizer.convert_tokens_to_ids("<|im_end|>")]))
    assert nxt == "\n<|im_start|>user\nfb<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"
    assert tokenizer.decode(chat.next_prompt_ids("fb", last_ids=[5])).startswith("<|im_end|>\n<|im_start|>user\nfb")


def test_scripted_token_backend_ids_flow_through_unchanged(tiny_model_path: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_path)
    reply1, reply2 = "Action: run\n```python\nprint(2)\n```", "Action: submit\n"
    script = ScriptedBackend([
        ScriptedTurn((("system", SYSTEM), ("user", "task")), reply1),
        ScriptedTurn((("system", SYSTEM), ("user", "task"), ("assistant", reply1), ("user", "fb")), reply2),
    ], ordered=True, tokenizer=tokenizer, logprob=-0.25)
    policy = LLMPolicy(script, system_prompt=SYSTEM)
    policy.reset(1)
    assert policy.act(["task"]) == [reply1]
    assert policy.act(["fb"]) == [reply2]
    script.assert_done()
    ep = policy.episode(0)
    im_end = tokenizer.eos_token_id
    assert ep.turns[1].completion_ids == tuple(tokenizer.encode(reply2, add_special_tokens=False) + [im_end])
    assert ep.turns[1].prompt_ids[0] == tokenizer.encode("\n", add_special_tokens=False)[0]
    assert {lp for lp, m in zip(ep.logprobs, ep.mask) if m} == {-0.25}


def test_system_prompt_file_documents_the_protocol() -> None:
    from refine_env.actions import PROTOCOL

    prompt = load_system_prompt(1)
    assert PROTOCOL.strip() in prompt and "{protocol}" not in prompt
    with pytest.raises(ValueError, match="Expected a prompt file prompts/policy_system_v99.md, got none for version 99"):
        load_system_prompt(99)


def test_default_policy_uses_the_prompt_file(backend: TransformersBackend) -> None:
    policy = LLMPolicy(backend, sampling=SamplingParams(max_new_tokens=2))
    assert policy.system_prompt == load_system_prompt() and policy.prompt_version == 1
    assert LLMPolicy(backend, system_prompt="").system_prompt is None


def test_bad_arguments_raise_clear_errors(backend: TransformersBackend, tiny_model_path: Path) -> None:
    policy = _policy(backend)
    with pytest.raises(RuntimeError, match="Expected reset\\(n\\) to be called before the policy acts, got no episodes"):
        policy.act(["x"])
    with pytest.raises(ValueError, match="Expected n to be a positive int \\(the number of episodes\\), got 0"):
        policy.reset(0)
    policy.reset(2)
    with pytest.raises(ValueError, match="Expected 2 observations \\(one per episode\\), got 1"):
        policy.act(["x"])
    with pytest.raises(TypeError, match="Expected observations to be a sequence of str \\(one per episode\\), got str"):
        policy.act("xy")
    with pytest.raises(ValueError, match="Expected active to hold 2 flags \\(one per episode\\), got 3"):
        policy.act(["x", "y"], active=[True, True, False])
    with pytest.raises(TypeError, match="Expected observations\\[1\\] to be a str \\(episode 1 is active\\), got NoneType"):
        policy.act(["x", None])
    with pytest.raises(IndexError, match="Expected an episode index in \\[0, 2\\), got 2"):
        policy.episode(2)
    with pytest.raises(ValueError, match="Expected temperature to be a finite float >= 0, got -1"):
        SamplingParams(temperature=-1)
    with pytest.raises(ValueError, match="Expected top_p to be a float in \\(0, 1\\], got 0"):
        SamplingParams(top_p=0)
    with pytest.raises(ValueError, match="Expected max_new_tokens to be a positive int, got 0"):
        SamplingParams(max_new_tokens=0)
    with pytest.raises(TypeError, match="Expected stop to be a tuple of non-empty str, got 'END'"):
        SamplingParams(stop="END")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Expected logprobs_mode to be one of \\('raw', 'processed'\\), got 'exact'"):
        TransformersBackend(backend.model, tokenizer=backend.tokenizer, logprobs_mode="exact")
    with pytest.raises(ValueError, match="Expected the backend kind to be one of \\('hf', 'vllm', 'openai'\\), got 'hff' \\(did you mean 'hf'\\?\\)"):
        make_policy("hff:/x")
    with pytest.raises(ValueError, match="Expected a backend spec like 'hf:PATH', 'vllm:PATH' or 'openai:URL\\[#model\\]', got 'model'"):
        make_policy("model")
    with pytest.raises(TypeError, match="Expected backend to be a refine_agents Backend, got str"):
        LLMPolicy("hf:x")  # type: ignore[arg-type]


def test_make_policy_builds_a_transformers_policy(tiny_model_path: Path) -> None:
    policy = make_policy(f"hf:{tiny_model_path}", sampling=SamplingParams(max_new_tokens=3), system_prompt=SYSTEM)
    assert isinstance(policy.backend, TransformersBackend)
    policy.reset(1, seed=0)
    (turn,) = policy.act_turns(["task"])
    assert turn is not None and len(turn.completion_ids) == 3 and turn.finish_reason == "length"


def test_policy_runs_a_refinecode_episode(backend: TransformersBackend) -> None:
    import gymnasium as gym

    import refine_env  # noqa: F401  (registers RefineCode-v0)

    env = gym.make("RefineCode-v0")
    try:
        obs, _ = env.reset(seed=0)
        policy = _policy(backend, sampling=SamplingParams(max_new_tokens=4))
        policy.reset(1, seed=0)
        for _ in range(2):
            (action,) = policy.act([obs])
            assert isinstance(action, str)
            obs, reward, terminated, truncated, _ = env.step(action)
            assert not (terminated or truncated)
    finally:
        env.close()
    ep = policy.episode(0)
    assert [t.index for t in ep.turns] == [0, 1]
    assert "Action: run" in ep.turns[0].observation and "format error" in ep.turns[1].observation
    assert list(ep.token_ids) == [t for turn in ep.turns for t in turn.token_ids]


def test_generation_keeps_the_sampled_tokens_logprobs_not_the_vocabulary(backend: TransformersBackend,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # output_scores/output_logits would hold a vocabulary-sized float32 tensor per step and row until the end.
    hf = TransformersBackend(backend.model, tokenizer=backend.tokenizer, logprobs_mode="processed")
    seen: dict = {}
    real = hf.model.generate

    def spy(**kwargs):
        seen["config"] = kwargs["generation_config"]
        seen["result"] = real(**kwargs)
        return seen["result"]

    monkeypatch.setattr(hf.model, "generate", spy)
    gens = hf.generate([[5, 6, 7], [8, 9]], sampling=SamplingParams(temperature=0.7, max_new_tokens=5, seed=1),
                       stop_token_ids=[backend.tokenizer.eos_token_id])
    assert not seen["config"].output_scores and not seen["config"].output_logits
    assert seen["result"].scores is None and seen["result"].logits is None
    assert all(len(g.logprobs) == len(g.token_ids) > 0 and all(lp <= 0 for lp in g.logprobs) for g in gens)
