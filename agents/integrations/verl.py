"""RefineCode-v0 as a verl agent loop: whole episodes in the text action protocol, token-in/token-out, with the response mask and the hidden-test reward.

verl (0.9.1) runs multi-turn rollouts through agent loops (``verl.experimental.agent_loop``):
an ``AgentLoopWorker`` makes one loop per trajectory and awaits its ``run``, which talks to the
inference servers token-in/token-out (``server_manager.generate``) and returns an
``AgentLoopOutput``: prompt ids, response ids (model and environment tokens), the response mask
(1 on model tokens) and, when the loop knows it, the reward. :class:`RefineCodeAgentLoop` (this
module's ``RefineCodeAgentLoop`` attribute, built on first access so that importing the module
needs no verl) plays one RefineCode-v0 episode there:

- the prompt is the env's task prompt under the tokenizer's chat template, after the project's
  policy system prompt, as :class:`refine_agents.policy.LLMPolicy` builds it; each turn the
  model's sampled ids are appended as sampled and the env's feedback is appended as the
  template's next user turn, tokenized once (:class:`refine_agents.chat.ChatFormat`): nothing is
  decoded and re-tokenized, and program output cannot forge control tokens;
- the model writes actions in the env's own text grammar (``Action: run|test|submit`` and a
  program, docs/actions.md), so a policy trained here is evaluated by ``refine-env eval`` as is;
- the reward is the env's return under the reward preset, set as ``reward_score`` (verl writes it
  on the last response token, ``rm_scores``, and no reward function runs).

Register it with an agent-loop config file (``actor_rollout_ref.rollout.agent.agent_loop_config_path``)::

    - name: refine_code
      _target_: refine_agents.integrations.verl.RefineCodeAgentLoop
      max_turns: 4
      reward: binary

and rows from :func:`make_rows` (``agent_name: refine_code``, the start in ``extra_info``).
examples/verl_grpo/ has the launcher; docs/integrations.md the mapping.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from refine_env._validation import expect_int
from refine_env.env import RefineCodeEnv
from refine_env.problems import Problem
from refine_env.problems.selection import select_problems
from refine_env.sandbox import Judge

from ..chat import ChatFormat
from .common import EnvSettings, EpisodeLedger, Start, starts_for

__all__ = [
    "AGENT_NAME",
    "DATA_SOURCE",
    "LoopConfig",
    "EpisodeResult",
    "Generate",
    "play_episode",
    "make_rows",
    "write_parquet",
]
# RefineCodeAgentLoop is left out of __all__: it exists only where verl imports (module __getattr__).

logger = logging.getLogger(__name__)

AGENT_NAME = "refine_code"
"""The agent name rows carry (``agent_name``) and the agent-loop config registers."""
DATA_SOURCE = "refine_code"
"""The rows' ``data_source`` (verl groups validation metrics by it)."""

Generate = Callable[[List[int], int], Awaitable[Tuple[Sequence[int], Optional[Sequence[float]]]]]
"""``await generate(prompt_ids, max_tokens) -> (token_ids, logprobs or None)``: one model turn, token-in/token-out."""


@dataclass(frozen=True)
class LoopConfig(EnvSettings):
    """The agent loop's settings: the env's, the turn budget and the system prompt (the agent-loop config's keys)."""

    max_new_tokens: int = 1024
    """Most tokens the model writes in one turn (verl's ``response_length`` bounds the whole episode)."""
    system_prompt: Optional[str] = None
    """The system message; None uses the policy's (``prompts/policy_system_v1.md``, as ``LLMPolicy``), ``""`` none."""

    def __post_init__(self) -> None:
        for name in ("max_turns", "max_new_tokens", "workers"):
            expect_int(name, getattr(self, name), low=1)
        super().__post_init__()
        if self.problem_ids is not None:
            object.__setattr__(self, "problem_ids", tuple(str(i) for i in self.problem_ids))

    def system(self) -> Optional[str]:
        """The system message the episodes start with (None: no system message)."""
        if self.system_prompt is None:
            from ..policy import load_system_prompt

            return load_system_prompt()
        return self.system_prompt or None

    def problems(self) -> List[Problem]:
        """The selected problems, in order."""
        found = select_problems(self.dataset_arg(), split=self.split, problem_ids=self.problem_ids)
        if not found:
            raise ValueError(f"Expected at least one problem, got none from dataset={self.dataset!r} split={self.split!r}")
        return found

    def make_env(self, problems: Sequence[Problem], *, sandbox: Optional[Judge] = None) -> RefineCodeEnv:
        """A ``RefineCodeEnv`` with these settings over ``problems`` (judged by ``sandbox``, else the process's shared one)."""
        return RefineCodeEnv(dataset=list(problems), max_turns=self.max_turns, reward=self.reward,
                             judge_on_truncation=self.judge_on_truncation,
                             hidden_stop_on_first_failure=self.hidden_stop_on_first_failure,
                             max_test_inputs=self.max_test_inputs, show_resources=self.show_resources, workers=self.workers,
                             sandbox=sandbox)


@dataclass
class EpisodeResult:
    """One played episode in verl's terms, before padding."""

    prompt_ids: List[int]
    """The first prompt: system message, task, generation prompt."""
    response_ids: List[int] = field(default_factory=list)
    """Everything after it: the model's turns and the environment's pieces between them."""
    response_mask: List[int] = field(default_factory=list)
    """1 on the model's tokens, 0 on the environment's (feedback, the template's turn markers)."""
    response_logprobs: Optional[List[float]] = field(default_factory=list)
    """The engine's logprob of each model token (0.0 on environment tokens); None if the engine gave none."""
    actions: List[str] = field(default_factory=list)
    """The model's action text per turn."""
    turn_rewards: List[float] = field(default_factory=list)
    """The env's reward of each step (the finishing submission included, when there was one)."""
    reward: float = 0.0
    """The episode's return under the preset: what verl trains on."""
    hidden: Optional[Dict[str, Any]] = None
    """The hidden-test outcome of the judged program (passed, total, verdict), None if nothing was judged."""
    finished_by_budget: bool = False
    """The response budget ended the episode before the env did (the current program was then submitted)."""
    generate_s: float = 0.0
    """Seconds waiting for the model."""
    env_s: float = 0.0
    """Seconds inside the env (sandbox runs, feedback)."""


async def play_episode(env: RefineCodeEnv, chat: ChatFormat, generate: Generate, *, start: Start, seed: Optional[int],
                       response_length: int, max_new_tokens: int) -> EpisodeResult:
    """Play one episode of ``env`` from ``start``, the model's turns coming from ``generate``.

    Token-in/token-out as :class:`refine_agents.policy.LLMPolicy`: ``generate`` gets the whole
    sequence so far and returns the sampled ids, which are appended unchanged; the env's
    feedback is appended as :meth:`ChatFormat.next_prompt_ids` renders it. A turn may write
    ``max_new_tokens``, the episode's response at most ``response_length`` tokens (model and
    environment). When that budget cannot hold the next feedback and at least one model token,
    the episode ends: the current program is submitted and judged, by the rule of
    :class:`~refine_agents.integrations.common.EpisodeLedger`. Env steps run in a thread, so
    the event loop keeps serving the other episodes.
    """
    expect_int("response_length", response_length, low=1)
    expect_int("max_new_tokens", max_new_tokens, low=1)
    ledger = EpisodeLedger()
    t0 = time.perf_counter()
    obs, info = await asyncio.to_thread(env.reset, seed=seed, options=start.reset_options())
    env_s = time.perf_counter() - t0
    ledger.reset(info)
    result = EpisodeResult(prompt_ids=chat.first_prompt_ids(obs))
    stops = set(chat.stop_token_ids)
    logprobs: Optional[List[float]] = []
    while True:
        room = response_length - len(result.response_ids)
        t0 = time.perf_counter()
        ids, lps = await generate(result.prompt_ids + result.response_ids, min(max_new_tokens, room))
        result.generate_s += time.perf_counter() - t0
        ids = [int(t) for t in ids][:min(max_new_tokens, room)]
        if not ids:
            raise RuntimeError("Expected the engine to sample at least one token, got none")
        if lps is None or logprobs is None:
            logprobs = None
        else:
            if len(lps) < len(ids):
                raise RuntimeError(f"Expected one logprob per sampled token, got {len(lps)} for {len(ids)} tokens")
            logprobs += [float(x) for x in list(lps)[:len(ids)]]
        result.response_ids += ids
        result.response_mask += [1] * len(ids)
        shown = ids[:-1] if ids[-1] in stops else ids
        action = chat.tokenizer.decode(shown, skip_special_tokens=False)
        result.actions.append(action)
        t0 = time.perf_counter()
        obs, reward, terminated, truncated, info = await asyncio.to_thread(env.step, action)
        env_s += time.perf_counter() - t0
        ledger.record(reward, terminated, truncated, info)
        if ledger.done:
            break
        piece = chat.next_prompt_ids(obs, last_ids=ids)
        if len(result.response_ids) + len(piece) >= response_length:
            result.finished_by_budget = True
            break
        result.response_ids += piece
        result.response_mask += [0] * len(piece)
        if logprobs is not None:
            logprobs += [0.0] * len(piece)
    if ledger.needs_finish:
        t0 = time.perf_counter()
        _obs, reward, terminated, truncated, info = await asyncio.to_thread(env.step, EpisodeLedger.finish_action())
        env_s += time.perf_counter() - t0
        ledger.record(reward, terminated, truncated, info)
    result.response_logprobs = logprobs
    result.turn_rewards = list(ledger.rewards)
    result.reward = ledger.episode_return
    result.hidden = ledger.hidden
    result.env_s = env_s
    return result


def make_rows(config: Optional[LoopConfig] = None, *, starts: Optional[Sequence[Start]] = None,
              mutant_labels: Sequence[str] = (), tokenizer: Any = None, agent_name: str = AGENT_NAME) -> List[Dict[str, Any]]:
    """verl dataset rows (``RLHFDataset``'s columns), one per start.

    ``prompt`` holds the system message and the task prompt the episode will open with (verl's
    dataset filters overlong prompts on it; the loop itself renders the env's own reset, which
    for mutant starts includes the feedback on the wrong program); ``extra_info`` carries the
    start (``problem_id``, ``initial_mutant``) and ``index``; ``agent_name`` routes the row to the
    RefineCode agent loop; ``reward_model`` is the placeholder verl's dataset expects (the loop
    pays the reward itself). ``tokenizer`` is unused and accepted for symmetry with TRL's helpers.
    """
    config = config if config is not None else LoopConfig()
    chosen = list(starts) if starts is not None else starts_for(
        config.dataset_arg(), split=config.split, problem_ids=config.problem_ids, mutant_labels=mutant_labels)
    problems = config.problems()
    env = config.make_env(problems)
    system = config.system()
    rows: List[Dict[str, Any]] = []
    try:
        for index, start in enumerate(chosen):
            obs, _info = env.reset(seed=index, options=start.reset_options())
            prompt = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": obs}]
            rows.append({
                "data_source": DATA_SOURCE,
                "agent_name": agent_name,
                "prompt": prompt,
                "ability": "code",
                "reward_model": {"style": "rule", "ground_truth": ""},
                "extra_info": {"index": index, "problem_id": start.problem_id, "initial_mutant": start.initial_mutant or ""},
            })
    finally:
        env.close()
    return rows


def write_parquet(rows: Sequence[Mapping[str, Any]], path: str) -> None:
    """Write rows from :func:`make_rows` as the parquet file verl's ``data.train_files`` reads."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not rows:
        raise ValueError("Expected at least one row, got none")
    pq.write_table(pa.Table.from_pylist([dict(r) for r in rows]), path)


# -- the verl class, built on first access --------------------------------------------------------------

_CACHE: Dict[Tuple[Any, ...], Tuple[List[Problem], ChatFormat]] = {}


def _resources(config: LoopConfig, tokenizer: Any, chat_template_kwargs: Mapping[str, Any]) -> Tuple[List[Problem], ChatFormat]:
    """The problems and chat format of a worker process, made once (verl makes one loop per trajectory)."""
    try:
        hash(config)
        ident: Any = config
    except TypeError:  # problems given as objects with unhashable fields
        ident = id(config)
    key = (ident, id(tokenizer), tuple(sorted((k, repr(v)) for k, v in chat_template_kwargs.items())))
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = (config.problems(), ChatFormat(tokenizer, chat_template_kwargs=dict(chat_template_kwargs),
                                                             system=config.system()))
    return found


def _plain(value: Any) -> Any:
    """A hydra/OmegaConf value as plain Python (lists and dicts arrive as ListConfig and DictConfig)."""
    try:
        from omegaconf import OmegaConf

        if OmegaConf.is_config(value):
            return OmegaConf.to_container(value, resolve=True)
    except ImportError:
        pass
    return value


def _build_agent_loop_class() -> type:
    try:
        from verl.experimental.agent_loop.agent_loop import AgentLoopBase, AgentLoopOutput
    except ImportError as exc:
        raise ImportError(f"Expected verl to be installed for RefineCodeAgentLoop (pip install 'refine-env[verl]'), got: {exc}") from exc

    class RefineCodeAgentLoop(AgentLoopBase):  # type: ignore[misc, valid-type]
        """verl agent loop playing one RefineCode-v0 episode per trajectory (module docstring).

        The keyword arguments after verl's own are :class:`LoopConfig`'s, given as keys of the
        agent-loop config entry; the others (``trainer_config``, ``server_manager``,
        ``tokenizer``, ...) are what ``AgentLoopWorker`` passes every agent loop and go to
        ``AgentLoopBase``. The trajectory's start comes from the row's ``extra_info``
        (``problem_id``, ``initial_mutant``, ``index`` as the env's seed).
        """

        def __init__(self, *args: Any, name: str = AGENT_NAME, dataset: Any = "builtin", split: Optional[str] = None,
                     problem_ids: Any = None, max_turns: int = 6, max_new_tokens: int = 1024, reward: str = "binary",
                     judge_on_truncation: bool = True, hidden_stop_on_first_failure: bool = False, max_test_inputs: int = 5,
                     show_resources: bool = False, workers: int = 2, system_prompt: Optional[str] = None,
                     tools: Any = None, **kwargs: Any) -> None:
            # verl's base takes what AgentLoopWorker passes (trainer_config, server_manager, tokenizer, ...);
            # ``name`` is the config entry's own key and ``tools`` the worker's tool list, unused here.
            super().__init__(*args, **kwargs)
            ids = _plain(problem_ids)
            self.refine_config = LoopConfig(
                dataset=_plain(dataset), split=split, problem_ids=tuple(ids) if ids is not None else None,
                max_turns=int(max_turns), max_new_tokens=int(max_new_tokens), reward=str(reward),
                judge_on_truncation=bool(judge_on_truncation), hidden_stop_on_first_failure=bool(hidden_stop_on_first_failure),
                max_test_inputs=int(max_test_inputs), show_resources=bool(show_resources), workers=int(workers),
                system_prompt=system_prompt)
            self.problems, self.chat = _resources(self.refine_config, self.tokenizer, _plain(self.apply_chat_template_kwargs) or {})
            self.prompt_length = int(self.rollout_config.prompt_length)
            self.response_length = int(self.rollout_config.response_length)

        async def run(self, sampling_params: Dict[str, Any], **kwargs: Any) -> Any:
            extra = _plain(kwargs.get("extra_info")) or {}
            if not extra.get("problem_id"):
                raise ValueError(f"Expected the row's extra_info to hold a problem_id (rows from refine_agents.integrations.verl.make_rows), "
                                 f"got {sorted(extra)}")
            start = Start(str(extra["problem_id"]), str(extra["initial_mutant"]) if extra.get("initial_mutant") else None)
            seed = int(extra["index"]) if extra.get("index") is not None else None
            request_id = uuid.uuid4().hex  # one per trajectory: the server keeps its prefix cache across turns
            stops = list(self.chat.stop_token_ids)

            async def generate(prompt_ids: List[int], max_tokens: int) -> Tuple[Sequence[int], Optional[Sequence[float]]]:
                params = dict(sampling_params)
                params["max_tokens"] = max_tokens
                params["stop_token_ids"] = sorted(set(list(params.get("stop_token_ids") or []) + stops))
                out = await self.server_manager.generate(request_id=request_id, prompt_ids=prompt_ids, sampling_params=params)
                return out.token_ids, out.log_probs or None

            env = self.refine_config.make_env(self.problems)
            try:
                result = await play_episode(env, self.chat, generate, start=start, seed=seed,
                                            response_length=self.response_length, max_new_tokens=self.refine_config.max_new_tokens)
            finally:
                env.close()
            if len(result.prompt_ids) > self.prompt_length:
                raise ValueError(f"Expected the task prompt to fit in rollout.prompt_length ({self.prompt_length} tokens), got "
                                 f"{len(result.prompt_ids)} tokens for problem {start.problem_id!r}: raise data.max_prompt_length")
            return AgentLoopOutput(
                prompt_ids=result.prompt_ids,
                response_ids=result.response_ids,
                response_mask=result.response_mask,
                response_logprobs=result.response_logprobs,
                reward_score=result.reward,
                num_turns=2 * len(result.actions) + 1,
                metrics={"generate_sequences": result.generate_s, "tool_calls": result.env_s},
                extra_fields={"turn_scores": result.turn_rewards, "tool_rewards": [],
                              "refine": {"problem_id": start.problem_id, "hidden": result.hidden,
                                         "turns": len(result.actions), "finished_by_budget": result.finished_by_budget}},
            )

    RefineCodeAgentLoop.__module__ = __name__
    RefineCodeAgentLoop.__qualname__ = "RefineCodeAgentLoop"
    return RefineCodeAgentLoop


def __getattr__(name: str) -> Any:
    # PEP 562: RefineCodeAgentLoop subclasses verl's AgentLoopBase, so it exists only where verl
    # imports; hydra's ``_target_: refine_agents.integrations.verl.RefineCodeAgentLoop`` lands here.
    if name == "RefineCodeAgentLoop":
        cls = _build_agent_loop_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
