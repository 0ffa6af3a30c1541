"""The Policy protocol, and LLMPolicy: a batched multi-turn LLM policy over backends, recording token ids, masks and logprobs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Dict, List, Mapping, Optional, Protocol, Sequence, Tuple, TypeVar, runtime_checkable

from refine_env._validation import expect_int, is_int

from .backends import Backend, SamplingParams, TokensNotSupportedError, make_backend, parse_spec
from .chat import ChatFormat, Message, TemplateCheck

__all__ = [
    "Policy",
    "LLMPolicy",
    "Turn",
    "EpisodeRecord",
    "SamplingParams",
    "load_system_prompt",
    "make_policy",
    "PROMPT_VERSION",
]

logger = logging.getLogger(__name__)

ObsT = TypeVar("ObsT", contravariant=True)
ActT = TypeVar("ActT", covariant=True)


@runtime_checkable
class Policy(Protocol[ObsT, ActT]):
    """What the agents, the evaluation, the rollouts and the benchmarks call: one action per episode of a batch.

    :class:`LLMPolicy`, the scripted policies of :mod:`refine_agents.scripted` and the
    RefineCodeSelect policies (:mod:`refine_agents.bench`, :mod:`refine_agents.sb3`) implement it;
    so does any object with these two methods.
    """

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        """Start ``n`` new episodes; ``seed`` seeds the policy's randomness where it has any (None: leave it as it is)."""

    def act(self, observations: Sequence[Optional[ObsT]], *, infos: Optional[Sequence[Mapping[str, Any]]] = None,
            active: Optional[Sequence[bool]] = None) -> Sequence[Optional[ActT]]:
        """One action per episode for the latest ``observations`` (and the env's ``infos`` of them, for policies
        that read them); the entries of episodes that ``active`` marks False are ignored, and so is what is
        returned for them."""


PROMPT_VERSION = 1
"""The version of ``prompts/policy_system_v{N}.md`` used by default; bumped when the prompt changes."""


def load_system_prompt(version: int = PROMPT_VERSION) -> str:
    """The policy's system prompt, version ``version``, with the action protocol of ``refine_env.actions`` filled in."""
    from refine_env.actions import PROTOCOL

    expect_int("version", version, low=1, expected="a positive int")
    path = resources.files(__package__) / "prompts" / f"policy_system_v{version}.md"
    if not path.is_file():
        raise ValueError(f"Expected a prompt file prompts/policy_system_v{version}.md, got none for version {version}")
    # replace, not str.format: prompts may contain braces (code).
    return path.read_text(encoding="utf-8").replace("{protocol}", PROTOCOL.strip()).strip()


@dataclass(frozen=True)
class Turn:
    """One turn of one episode: what the environment appended, then what the model wrote."""

    index: int
    """The turn's number in its episode, from 0."""
    start: int
    """Offset of the turn's first token in the episode's token sequence (0 in text mode)."""
    observation: str
    """The observation this turn answered (task prompt or feedback)."""
    action: str
    """The model's reply as text (its end-of-turn token left out): the action given to the environment."""
    prompt_ids: Tuple[int, ...]
    """Template and environment tokens appended this turn, before the model wrote (mask 0)."""
    completion_ids: Tuple[int, ...]
    """The ids the backend sampled, exactly as returned, end-of-turn token included (mask 1)."""
    completion_logprobs: Tuple[float, ...]
    """The backend's logprob of each sampled id (see its ``logprobs_mode``)."""
    finish_reason: str
    """``"stop"`` or ``"length"``."""

    @property
    def token_ids(self) -> Tuple[int, ...]:
        """The tokens this turn appended: environment tokens then model tokens."""
        return self.prompt_ids + self.completion_ids

    @property
    def mask(self) -> Tuple[int, ...]:
        """1 for each model-written token of :attr:`token_ids`, 0 for template/environment tokens."""
        return (0,) * len(self.prompt_ids) + (1,) * len(self.completion_ids)

    @property
    def logprobs(self) -> Tuple[float, ...]:
        """Per token of :attr:`token_ids`: the sampled logprob where mask is 1, 0.0 elsewhere."""
        return (0.0,) * len(self.prompt_ids) + self.completion_logprobs


@dataclass(frozen=True)
class EpisodeRecord:
    """A snapshot of one episode so far: the chat history and, with a token backend, its token sequence."""

    messages: Tuple[Mapping[str, str], ...]
    """The chat history as text (system, user, assistant, ...), for people and text backends."""
    turns: Tuple[Turn, ...]
    """The turns in order."""
    has_tokens: bool
    """Whether the backend produced token ids (hf:, vllm:) or only text (openai:)."""
    backend: str = ""
    """The backend's name, for error messages."""
    _tokens: Tuple[Tuple[int, ...], Tuple[int, ...], Tuple[float, ...]] = field(default=((), (), ()), repr=False)

    def _need_tokens(self) -> None:
        if not self.has_tokens:
            raise TokensNotSupportedError(
                f"Expected a token backend (hf:PATH or vllm:PATH) for token ids, masks and logprobs, got the "
                f"text-only {self.backend!r} backend"
            )

    @property
    def token_ids(self) -> Tuple[int, ...]:
        """The full token sequence: first prompt, then each turn's model tokens and the next environment tokens."""
        self._need_tokens()
        return self._tokens[0]

    @property
    def mask(self) -> Tuple[int, ...]:
        """1 where :attr:`token_ids` holds a model-sampled token, 0 for template/environment tokens."""
        self._need_tokens()
        return self._tokens[1]

    @property
    def logprobs(self) -> Tuple[float, ...]:
        """The sampled tokens' logprobs where mask is 1, 0.0 elsewhere."""
        self._need_tokens()
        return self._tokens[2]


def _check_index(index: Any, n: int) -> None:
    if not is_int(index) or not 0 <= index < n:
        raise IndexError(f"Expected an episode index in [0, {n}), got {index!r}")


@dataclass
class _Episode:
    messages: List[Message] = field(default_factory=list)
    turns: List[Turn] = field(default_factory=list)
    token_ids: List[int] = field(default_factory=list)
    mask: List[int] = field(default_factory=list)
    logprobs: List[float] = field(default_factory=list)


class LLMPolicy:
    """Turns observations into actions for a batch of episodes, keeping each episode's history.

    With a token backend (transformers, vLLM) each episode is one token sequence built
    token-in/token-out: the environment's text (as a user turn of the chat template, plus the
    generation prompt) is tokenized once and appended; the model's sampled ids are appended as
    sampled, end-of-turn token included. Nothing is decoded and re-tokenized. The record of each
    turn (:class:`Turn`) and episode (:class:`EpisodeRecord`) gives token ids, the mask of
    model-written tokens and their logprobs, for PPO.

    Chat templates that are not append-only (Qwen3 removes earlier ``<think>`` blocks and adds an
    empty one to the last assistant turn) are detected at construction (:attr:`template_check`).
    The policy still appends: the model is shown, and trained on, its full history with earlier
    reasoning kept, which differs from what the template (and so a chat server) would render for
    the same conversation. ``strict_template=True`` refuses such templates instead.

    With a text backend (an OpenAI-compatible server) the history is kept as messages and the
    server applies its template; token records are unavailable.

    ``system_prompt=None`` uses ``prompts/policy_system_v{prompt_version}.md``; ``""`` sends no
    system message.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        sampling: Optional[SamplingParams] = None,
        system_prompt: Optional[str] = None,
        prompt_version: int = PROMPT_VERSION,
        chat_template_kwargs: Optional[Mapping[str, Any]] = None,
        strict_template: bool = False,
    ) -> None:
        if not isinstance(backend, Backend):
            raise TypeError(f"Expected backend to be a refine_agents Backend, got {type(backend).__name__}")
        if sampling is not None and not isinstance(sampling, SamplingParams):
            raise TypeError(f"Expected sampling to be a SamplingParams, got {type(sampling).__name__}")
        if system_prompt is not None and not isinstance(system_prompt, str):
            raise TypeError(f"Expected system_prompt to be a str or None, got {type(system_prompt).__name__}")
        self.backend = backend
        self.sampling = sampling if sampling is not None else SamplingParams()
        self.system_prompt: Optional[str] = load_system_prompt(prompt_version) if system_prompt is None else (system_prompt or None)
        self.prompt_version = prompt_version if system_prompt is None else None
        self.chat: Optional[ChatFormat] = None
        self.template_check: Optional[TemplateCheck] = None
        if backend.supports_tokens:
            self.chat = ChatFormat(backend.tokenizer, chat_template_kwargs=chat_template_kwargs, system=self.system_prompt)
            self.template_check = self.chat.check
            if not self.template_check.append_only:
                if strict_template:
                    raise ValueError(
                        f"Expected an append-only chat template (strict_template=True), got one that is not: "
                        f"{self.template_check.reason}"
                    )
                logger.warning(
                    "the chat template is not append-only (%s); episodes keep the full history as sampled, "
                    "so the model sees and is trained on its earlier turns verbatim", self.template_check.reason,
                )
        elif chat_template_kwargs:
            raise ValueError("Expected no chat_template_kwargs with a text backend (the server applies its template), got some")
        self._episodes: Optional[List[_Episode]] = None
        self._seed: Optional[int] = None
        self._calls = 0
        # Environment pieces measured by prompt_length, reused by the next act (tokenized once).
        self._pieces: Dict[int, Tuple[int, str, List[int]]] = {}

    # -- episodes -----------------------------------------------------------------------------

    @property
    def num_episodes(self) -> int:
        """The batch size set by :meth:`reset` (0 before)."""
        return 0 if self._episodes is None else len(self._episodes)

    def reset(self, n: int, *, seed: Optional[int] = None) -> None:
        """Start ``n`` new episodes with empty histories; ``seed`` (else ``sampling.seed``) seeds their sampling."""
        expect_int("n", n, low=1, expected="a positive int (the number of episodes)")
        expect_int("seed", seed, low=0, optional=True, expected="None or an int >= 0")
        self._episodes = [_Episode() for _ in range(n)]
        self._seed = seed if seed is not None else self.sampling.seed
        self._calls = 0
        self._pieces = {}

    def episode(self, index: int) -> EpisodeRecord:
        """A snapshot of episode ``index``."""
        episodes = self._require_reset()
        _check_index(index, len(episodes))
        ep = episodes[index]
        return EpisodeRecord(
            messages=tuple(dict(m) for m in ep.messages),
            turns=tuple(ep.turns),
            has_tokens=self.chat is not None,
            backend=self.backend.name,
            _tokens=(tuple(ep.token_ids), tuple(ep.mask), tuple(ep.logprobs)),
        )

    @property
    def episodes(self) -> Tuple[EpisodeRecord, ...]:
        """Snapshots of every episode of the batch."""
        return tuple(self.episode(i) for i in range(self.num_episodes))

    def prompt_length(self, index: int, observation: str) -> int:
        """Tokens in the prompt of episode ``index``'s next turn if it answers ``observation``: its history plus
        the environment's piece (token backends). A rollout checks this against the engine's context limit
        before the turn; the piece is kept and reused by the next :meth:`act`, so nothing is tokenized twice.
        """
        episodes = self._require_reset()
        if self.chat is None:
            raise TokensNotSupportedError(
                f"Expected a token backend (hf:PATH or vllm:PATH) to count prompt tokens, got the text-only "
                f"{self.backend.name!r} backend"
            )
        _check_index(index, len(episodes))
        if not isinstance(observation, str):
            raise TypeError(f"Expected observation to be a str, got {type(observation).__name__}")
        return len(episodes[index].token_ids) + len(self._piece(episodes, index, observation))

    def _piece(self, episodes: List[_Episode], index: int, observation: str) -> List[int]:
        """The environment's tokens that open episode ``index``'s next turn (first prompt, or closing + feedback)."""
        chat = self.chat
        assert chat is not None
        ep = episodes[index]
        cached = self._pieces.get(index)
        if cached is not None and cached[0] == len(ep.turns) and cached[1] == observation:
            return cached[2]
        if not ep.turns:
            piece = chat.first_prompt_ids(observation)
        else:
            piece = chat.next_prompt_ids(observation, last_ids=ep.turns[-1].completion_ids)
        self._pieces[index] = (len(ep.turns), observation, piece)
        return piece

    def _require_reset(self) -> List[_Episode]:
        if self._episodes is None:
            raise RuntimeError("Expected reset(n) to be called before the policy acts, got no episodes")
        return self._episodes

    # -- acting -------------------------------------------------------------------------------

    def act(self, observations: Sequence[Optional[str]], *, infos: Optional[Sequence[Mapping[str, Any]]] = None,
            active: Optional[Sequence[bool]] = None, sampling: Optional[SamplingParams] = None) -> List[Optional[str]]:
        """One action per episode: a string for each active episode, None for the others.

        ``observations[i]`` is episode i's latest observation (the task prompt on its first turn,
        then feedback); entries of inactive episodes are ignored and may be None. ``infos`` are
        ignored: the model reads the text alone.
        """
        return [None if t is None else t.action for t in self.act_turns(observations, active=active, sampling=sampling)]

    def act_turns(self, observations: Sequence[Optional[str]], *, active: Optional[Sequence[bool]] = None,
                  sampling: Optional[SamplingParams] = None) -> List[Optional[Turn]]:
        """Like :meth:`act`, returning each active episode's full :class:`Turn` record (None for inactive ones)."""
        episodes = self._require_reset()
        rows = self._active_rows(observations, active, len(episodes))
        params = self._call_sampling(sampling)
        results: List[Optional[Turn]] = [None] * len(episodes)
        if not rows:
            return results
        if self.chat is not None:
            turns = self._act_tokens(episodes, observations, rows, params)
        else:
            turns = self._act_text(episodes, observations, rows, params)
        for row, turn in zip(rows, turns):
            results[row] = turn
        return results

    def _active_rows(self, observations: Sequence[Optional[str]], active: Optional[Sequence[bool]], n: int) -> List[int]:
        if isinstance(observations, str) or not isinstance(observations, Sequence):
            raise TypeError(f"Expected observations to be a sequence of str (one per episode), got {type(observations).__name__}")
        if len(observations) != n:
            raise ValueError(f"Expected {n} observations (one per episode), got {len(observations)}")
        if active is None:
            mask = [True] * n
        else:
            if isinstance(active, str) or not isinstance(active, Sequence) and not hasattr(active, "__len__"):
                raise TypeError(f"Expected active to be a sequence of bool (one per episode), got {type(active).__name__}")
            if len(active) != n:
                raise ValueError(f"Expected active to hold {n} flags (one per episode), got {len(active)}")
            mask = [bool(a) for a in active]
        rows = [i for i in range(n) if mask[i]]
        for i in rows:
            if not isinstance(observations[i], str):
                raise TypeError(f"Expected observations[{i}] to be a str (episode {i} is active), got {type(observations[i]).__name__}")
        return rows

    def _call_sampling(self, sampling: Optional[SamplingParams]) -> SamplingParams:
        if sampling is not None and not isinstance(sampling, SamplingParams):
            raise TypeError(f"Expected sampling to be a SamplingParams, got {type(sampling).__name__}")
        params = sampling if sampling is not None else self.sampling
        base = params.seed if sampling is not None and sampling.seed is not None else self._seed
        call = self._calls
        self._calls += 1
        if base is None:
            return params
        import numpy as np

        # A fresh seed per call, derived from (seed, call number): turns never reuse a random stream,
        # and a rerun with the same seed and observations samples the same tokens.
        derived = int(np.random.SeedSequence([base, call]).generate_state(1)[0]) & 0x3FFFFFFF
        return replace(params, seed=derived)

    def _act_tokens(self, episodes: List[_Episode], observations: Sequence[Optional[str]], rows: List[int],
                    params: SamplingParams) -> List[Turn]:
        chat = self.chat
        assert chat is not None
        # Nothing is recorded until the backend answered: a failed call leaves the episodes as they were.
        pieces: List[List[int]] = []
        for i in rows:
            obs = observations[i]
            assert isinstance(obs, str)
            pieces.append(self._piece(episodes, i, obs))
        prompts = [episodes[i].token_ids + piece for i, piece in zip(rows, pieces)]
        generations = self.backend.generate(prompts, sampling=params, stop_token_ids=chat.stop_token_ids)
        if len(generations) != len(rows):
            raise RuntimeError(f"Expected the backend to return {len(rows)} generations, got {len(generations)}")
        stops = set(chat.stop_token_ids)
        turns: List[Turn] = []
        for i, piece, gen in zip(rows, pieces, generations):
            ep, obs = episodes[i], observations[i]
            assert isinstance(obs, str)
            ids = list(gen.token_ids)
            shown = ids[:-1] if ids and ids[-1] in stops else ids
            action = self.backend.tokenizer.decode(shown, skip_special_tokens=False)
            turn = Turn(
                index=len(ep.turns), start=len(ep.token_ids), observation=obs, action=action,
                prompt_ids=tuple(piece), completion_ids=tuple(ids), completion_logprobs=tuple(gen.logprobs),
                finish_reason=gen.finish_reason,
            )
            if not ep.turns and self.system_prompt is not None:
                ep.messages.append({"role": "system", "content": self.system_prompt})
            ep.messages.append({"role": "user", "content": obs})
            ep.token_ids.extend(turn.token_ids)
            ep.mask.extend(turn.mask)
            ep.logprobs.extend(turn.logprobs)
            ep.turns.append(turn)
            ep.messages.append({"role": "assistant", "content": action})
            turns.append(turn)
        return turns

    def _act_text(self, episodes: List[_Episode], observations: Sequence[Optional[str]], rows: List[int],
                  params: SamplingParams) -> List[Turn]:
        conversations: List[List[Message]] = []
        for i in rows:
            ep = episodes[i]
            head = [{"role": "system", "content": self.system_prompt}] if not ep.turns and self.system_prompt is not None else []
            obs = observations[i]
            assert isinstance(obs, str)
            conversations.append(ep.messages + head + [{"role": "user", "content": obs}])
        replies = self.backend.chat(conversations, sampling=params)
        if len(replies) != len(rows):
            raise RuntimeError(f"Expected the backend to return {len(rows)} replies, got {len(replies)}")
        turns: List[Turn] = []
        for i, conversation, reply in zip(rows, conversations, replies):
            ep, obs = episodes[i], observations[i]
            assert isinstance(obs, str)
            turn = Turn(index=len(ep.turns), start=0, observation=obs, action=reply.text, prompt_ids=(),
                        completion_ids=(), completion_logprobs=(), finish_reason=reply.finish_reason)
            ep.messages = conversation + [{"role": "assistant", "content": reply.text}]
            ep.turns.append(turn)
            turns.append(turn)
        return turns

    def close(self) -> None:
        """Close the backend."""
        self.backend.close()


def make_policy(
    spec: str,
    *,
    sampling: Optional[SamplingParams] = None,
    system_prompt: Optional[str] = None,
    device: Optional[str] = None,
    logprobs_mode: str = "raw",
    backend_options: Optional[Mapping[str, Any]] = None,
    chat_template_kwargs: Optional[Mapping[str, Any]] = None,
) -> LLMPolicy:
    """An :class:`LLMPolicy` from a CLI spec: ``hf:PATH``, ``vllm:PATH`` or ``openai:URL[#model]``.

    With ``openai:`` the server applies the chat template, so ``chat_template_kwargs`` are sent
    with each request (``chat_template_kwargs`` in the body, which vLLM's and SGLang's servers read).
    """
    if chat_template_kwargs and parse_spec(spec)[0] == "openai":
        options = dict(backend_options or {})
        extra = dict(options.get("extra_body") or {})
        extra["chat_template_kwargs"] = {**dict(extra.get("chat_template_kwargs") or {}), **dict(chat_template_kwargs)}
        options["extra_body"] = extra
        backend_options, chat_template_kwargs = options, None
    backend = make_backend(spec, device=device, logprobs_mode=logprobs_mode, options=backend_options)
    return LLMPolicy(backend, sampling=sampling, system_prompt=system_prompt, chat_template_kwargs=chat_template_kwargs)
