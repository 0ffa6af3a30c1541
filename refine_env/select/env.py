"""RefineCodeSelectEnv: run, cross-test and submit candidates from a pool, with numeric spaces for SB3."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from refine_env._validation import expect_int
from refine_env.episode import Episode
from refine_env.problems import Problem, load
from refine_env.problems.selection import reset_problem, select_problems, unknown_id_message
from refine_env.rewards import Composite, RewardFn, Transition, make_reward
from refine_env.sandbox import Judge, Sandbox
from refine_env.select.inputs import env_inputs
from refine_env.select.pool import Candidate, builtin_candidates, read_pool
from refine_env.select.records import CandidateRecord, default_cache_dir, evaluate_candidates

__all__ = ["RefineCodeSelectEnv", "OPS", "FEATURES", "GLOBALS", "VERDICT_GROUPS", "observation_image"]

OPS = ("run", "test", "submit")
"""The operations an action applies to one candidate: ``action = op_index * K + candidate``."""

VERDICT_GROUPS = ("AC", "WA", "LIMIT", "RE", "CE")
"""Public-test verdict one-hot: the first verdict other than AC (TLE, MLE and OLE count as LIMIT)."""

FEATURES = (
    "present",        # 1 if this slot holds a candidate (pools smaller than K leave empty slots)
    "run",            # 1 once the candidate was run on the public tests
    "public_pass",    # fraction of public tests passed (0 until run)
    "public_AC", "public_WA", "public_LIMIT", "public_RE", "public_CE",  # first non-AC public verdict (0s until run)
    "tested",         # 1 once the candidate was run on the generated inputs
    "gen_failed",     # fraction of generated inputs where it did not finish cleanly (RE, TLE, MLE, OLE, CE)
    "gen_plurality",  # fraction of generated inputs where its output is the most common one in the pool
    "gen_disagree",   # mean fraction of the other candidates whose output differs from its own
    "gen_time",       # slowest CPU time on one generated input, log scale: 1 ms -> 0, 10 ms -> 1/3, 1 s -> 1
    "gen_slowdown",   # that time over the pool's fastest candidate's, log scale: same -> 0, 100x -> 1
    "size",           # source length relative to the longest candidate (0 when observe_size is off)
)
"""Per-candidate features, in order: the observation holds ``K`` rows of these, then :data:`GLOBALS`."""

GLOBALS = (
    "turn",           # turns used / max_turns
    "turns_left",     # turns left / max_turns
    "frac_run",       # fraction of present candidates run on the public tests
    "frac_tested",    # fraction of present candidates run on the generated inputs
    "pool_size",      # present candidates / K
)
"""Episode-level features after the per-candidate rows."""

_RESET_OPTIONS = ("problem_id",)

_CELL_PX = 12


def observation_image(obs: np.ndarray, max_candidates: int, *, cell: int = _CELL_PX) -> np.ndarray:
    """An observation as an RGB image (``uint8``, ``(H, W, 3)``): one row of cells per slot, then the episode row.

    Each cell is a feature, white at 0 to dark blue at 1; empty slots are gray. What
    ``render_mode="rgb_array"`` returns, so that video recorders (Gymnasium's ``RecordVideo``)
    and libraries that make envs with that mode (SB3's ``make_vec_env``) work.
    """
    k, f, g = max_candidates, len(FEATURES), len(GLOBALS)
    obs = np.asarray(obs, dtype=np.float32)
    if obs.shape != (k * f + g,):
        raise ValueError(f"Expected an observation of shape ({k * f + g},) for {k} candidates, got {obs.shape}")
    values = np.full((k + 1, f), np.nan, dtype=np.float32)
    values[:k] = obs[: k * f].reshape(k, f)
    values[k, :g] = obs[k * f:]
    empty = np.zeros((k + 1, f), dtype=bool)
    empty[:k] = values[:k, :1] == 0  # "present" is the first feature
    empty[k, g:] = True
    v = np.clip(np.nan_to_num(values), 0.0, 1.0)[..., None]
    white, blue = np.array([255.0, 255.0, 255.0]), np.array([20.0, 60.0, 160.0])
    colors = white * (1 - v) + blue * v
    colors[empty] = (200.0, 200.0, 200.0)
    # Cells of cell x cell pixels, a dark line of one pixel around each, a gap of 3 rows above the episode row.
    img = np.kron(colors, np.ones((cell, cell, 1)))
    img[::cell, :] = img[:, ::cell] = 60.0
    img = np.concatenate([img[: k * cell], np.full((3, f * cell, 3), 255.0), img[k * cell:]], axis=0)
    return img.astype(np.uint8)


def _public_group(verdict: str) -> str:
    return "LIMIT" if verdict in ("TLE", "MLE", "OLE") else verdict


def _problems_with_pools(dataset: Union[str, Sequence[Problem]], *, split: Optional[str], problem_ids: Optional[Sequence[str]],
                         pool: str) -> Tuple[List[Problem], Dict[str, List[Candidate]]]:
    """The env's problems that have candidates, in order, and their candidates: built-in, or read from a pool file."""
    available = select_problems(dataset, split=split)
    by_id = {p.id: p for p in available}
    problems = select_problems(available, problem_ids=problem_ids)
    pools: Dict[str, List[Candidate]]
    if pool == "builtin":
        pools = {p.id: builtin_candidates(p) for p in problems if p.reference is not None}
    else:
        sampled = read_pool(pool)
        unknown = [pid for pid in sampled if pid not in by_id]
        if unknown and isinstance(dataset, str) and (split is not None or problem_ids is not None):
            # The pool may cover other splits of the same dataset: only ids unknown to all of it are errors.
            everything = {p.id: p for p in load(dataset)}
            unknown = [pid for pid in unknown if pid not in everything]
            by_id = everything if unknown else by_id
        if unknown:
            raise ValueError(f"Expected the pool's problems to be in dataset {dataset if isinstance(dataset, str) else '<list>'!r}: "
                             + unknown_id_message(unknown[0], by_id))
        chosen = {p.id for p in problems}
        pools = {pid: cands for pid, cands in sampled.items() if pid in chosen}
    problems = [p for p in problems if pools.get(p.id)]
    if not problems:
        raise ValueError(f"Expected at least one problem with candidates, got none from dataset={dataset!r} split={split!r} pool={pool!r}")
    return problems, pools


def _cache_path(cache_dir: Union[str, os.PathLike[str], None, bool]) -> Optional[Path]:
    """``cache_dir`` as a folder: True is :func:`default_cache_dir`, False or None no disk cache."""
    if cache_dir is True:
        return default_cache_dir()
    if cache_dir is False or cache_dir is None:
        return None
    return Path(cache_dir)


class RefineCodeSelectEnv(gym.Env[np.ndarray, int]):
    """The refinement strategy as a numeric decision problem: which candidate to run, cross-test, submit.

    ## Description
    Each episode is one problem with a pool of up to ``K = max_candidates`` candidate programs:
    the built-in set's reference and labelled wrong solutions (``pool="builtin"``; the reference
    is always in the pool, drawn wrong solutions fill the rest), or programs sampled from a
    model and cached by ``refine-env pool build`` (``pool="path.jsonl"``; a pool may then hold
    no correct program, or several). The order of the candidates is shuffled with
    ``self.np_random`` every episode, so a slot number means nothing by itself. The agent
    gathers evidence and submits one candidate. A numeric twin of ``RefineCode-v0`` for
    algorithms that take numeric spaces (Stable-Baselines3, CleanRL).

    Every candidate is judged once per problem (public tests, generated inputs, hidden tests)
    before the first episode, and the records are cached in memory and on disk
    (``cache_dir``), so a step is a table lookup: PPO runs thousands of steps a second instead
    of waiting for the sandbox. The first construction on a new problem set pays for the
    judging once (slow wrong solutions time out on the large tests). For the built-in pools
    the records judged by this project ship with the package and are used where they match
    (``packaged_records=True``, the default): no judging, and the same observations on every
    machine, so results reproduce; ``packaged_records=False`` judges on this machine instead.
    While judging (minutes for a model pool) ``progress=True`` (the default) shows a tqdm bar on
    stderr when stderr is a terminal; ``progress=False`` shows none; a function
    ``progress(done, total)`` is called instead.
    ``info["tests_executed"]`` still counts the program runs an agent acting for real would
    have paid.

    Generated inputs (:func:`generated_inputs`) are mutations and scaled copies of the public
    inputs, made per problem with its own seed; never hidden tests. Candidates disagree on
    them when one is wrong, crashes or times out; the majority can still be wrong.

    ## Observation
    ``Box(0, 1, (K * F + G,), float32)``: ``K`` rows of the ``F = len(FEATURES)`` per-candidate
    features, flattened row by row, then the ``G = len(GLOBALS)`` episode features::

        present, run, public_pass, public_AC, public_WA, public_LIMIT, public_RE, public_CE,
        tested, gen_failed, gen_plurality, gen_disagree, gen_time, gen_slowdown, size
        ... (K rows) ..., turn, turns_left, frac_run, frac_tested, pool_size

    What is unknown is 0: ``public_*`` until the candidate is run, ``gen_*`` until it is
    tested. ``gen_plurality`` and ``gen_disagree`` compare its outputs with every other
    candidate's on the same inputs. ``size`` (an agent reads its candidates) is shown for
    model pools and hidden (0) for built-in pools, where it leaks the label: the reference is
    the longest candidate in about 70% of the built-in problems, because wrong solutions are
    the reference with a case left out (``observe_size`` overrides). Use :meth:`features` to
    view an observation as a ``(K, F)`` table.

    ## Action
    ``Discrete(3 * K)``: ``action = op * K + i`` applies operation ``OPS[op]`` to candidate
    slot ``i``: ``run`` (public tests; their verdicts are shown), ``test`` (the generated
    inputs; its outputs are compared with the other candidates', so the episode's first
    ``test`` runs every candidate on them and later ones reuse those outputs), ``submit``
    (judged on the hidden tests; ends the episode). An action on an empty slot is a format error: the turn
    counts and the episode goes on. :meth:`action_masks` gives the valid actions (for
    sb3-contrib's MaskablePPO, which finds it through SB3's vector envs; behind ``gym.make``'s
    wrappers call ``env.unwrapped.action_masks()`` or ``env.get_wrapper_attr("action_masks")()``).

    ## Reward
    ``reward`` is a preset of :mod:`refine_env.rewards` (``binary``, ``pass_rate``,
    ``improvement``, ``turn_cost:ε``, ``format_penalty:ε``, ``verdict_typed``, sums with ``+``),
    a ``module:function`` import path, or a function of the episode's
    :class:`~refine_env.rewards.Transition` list, exactly as in ``RefineCode-v0``: a ``run``
    step records its public pass counts, ``test`` steps no verdict, the final step the hidden
    result. ``improvement`` compares with the first candidate the agent ran or tested.

    ## Termination
    ``submit`` terminates. Running out of turns (``max_turns``) terminates too, with
    ``info["out_of_turns"] = True``: with ``judge_on_truncation`` (default) the last candidate
    acted on is judged as if submitted, else the episode scores as if nothing passed. This is
    ``terminated``, not ``truncated``, because the budget is part of the state (``turns_left``
    is observed) and nothing follows it: SB3 bootstraps a truncated episode from the value of
    its last observation, a state it never learns the value of, and PPO trained that way
    learned to run out the budget on purpose. Reward functions still see
    ``Transition.truncated`` on that last step.

    ## Registered configurations
    ``RefineCodeSelect-v0`` (every built-in problem), ``RefineCodeSelect-Train-v0`` and
    ``RefineCodeSelect-Test-v0`` (the fixed splits of the built-in set); all with ``K = 6``,
    ``max_turns = 8`` and the binary reward. Pass ``pool=``, ``reward=``, ``max_turns=`` etc.
    to ``gym.make`` to change them.
    """

    metadata = {"render_modes": ["ansi", "rgb_array"], "render_fps": 4}

    def __init__(
        self,
        *,
        dataset: Union[str, Sequence[Problem]] = "builtin",
        split: Optional[str] = None,
        problem_ids: Optional[Sequence[str]] = None,
        pool: str = "builtin",
        max_candidates: int = 6,
        max_turns: int = 8,
        reward: Union[str, RewardFn, Sequence[Union[str, RewardFn]]] = "binary",
        judge_on_truncation: bool = True,
        generated: int = 16,
        workers: int = 2,
        sandbox: Optional[Sandbox] = None,
        cache_dir: Union[str, os.PathLike[str], None, bool] = True,
        packaged_records: bool = True,
        observe_size: Optional[bool] = None,
        progress: Union[bool, Callable[[int, int], None]] = True,
        render_mode: Optional[str] = None,
    ) -> None:
        for name, value, low in (("max_candidates", max_candidates, 2), ("max_turns", max_turns, 1), ("generated", generated, 1)):
            expect_int(name, value, low=low)
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"Expected render_mode in {self.metadata['render_modes']} or None, got {render_mode!r}")
        if not isinstance(pool, str) or not pool:
            raise ValueError(f"Expected pool to be 'builtin' or a path to a pool JSONL file, got {pool!r}")
        if sandbox is not None and not isinstance(sandbox, Judge):
            raise TypeError(f"Expected sandbox to be a judge with run() and run_batch() (a refine_env.sandbox.Sandbox or RayJudge), "
                            f"got {type(sandbox).__name__}")

        problems, pools = _problems_with_pools(dataset, split=split, problem_ids=problem_ids, pool=pool)
        self.problems: Tuple[Problem, ...] = tuple(problems)
        self._by_id = {p.id: p for p in self.problems}
        self.pools: Dict[str, Tuple[Candidate, ...]] = {p.id: tuple(pools[p.id]) for p in self.problems}
        self.max_candidates = max_candidates
        self.max_turns = max_turns
        self.reward_fn: Composite = make_reward(reward)
        self.judge_on_truncation = judge_on_truncation
        self.render_mode = render_mode
        self.pool_name = pool
        # In the built-in set the reference is the longest candidate in about 70% of the problems
        # (wrong solutions are the reference with a case left out): size would leak the label.
        self.observe_size = (pool != "builtin") if observe_size is None else bool(observe_size)
        self.inputs: Dict[str, Tuple[str, ...]] = {p.id: env_inputs(p, generated) for p in self.problems}
        self.records: Dict[Tuple[str, str], CandidateRecord] = evaluate_candidates(
            self.pools, self._by_id, inputs=self.inputs, sandbox=sandbox, workers=workers, cache_dir=_cache_path(cache_dir),
            packaged=bool(packaged_records), progress=progress)

        k, f, g = max_candidates, len(FEATURES), len(GLOBALS)
        self.observation_space = spaces.Box(low=0.0, high=1.0, shape=(k * f + g,), dtype=np.float32)
        self.action_space = spaces.Discrete(len(OPS) * k)

        self._problem: Optional[Problem] = None
        self._episode = Episode(max_turns=max_turns, reward_fn=self.reward_fn)
        self._cands: List[Candidate] = []
        self._recs: List[CandidateRecord] = []
        self._run = np.zeros(k, dtype=bool)
        self._tested = np.zeros(k, dtype=bool)
        self._last: Optional[int] = None
        self._plurality: List[float] = []
        self._disagree: List[float] = []
        self._gen_ran = np.zeros(k, dtype=bool)
        self._obs = np.zeros(self.observation_space.shape, dtype=np.float32)

    # -- helpers ------------------------------------------------------------------------------
    @property
    def problem(self) -> Optional[Problem]:
        """The current episode's problem (None before the first reset)."""
        return self._problem

    @property
    def candidates(self) -> Tuple[Candidate, ...]:
        """The current episode's candidates in slot order (the agent's view is only the observation)."""
        return tuple(self._cands)

    @property
    def transitions(self) -> Tuple[Transition, ...]:
        """The episode's transitions for reward functions; the silent probe only once it has ended."""
        return self._episode.transitions

    def features(self, obs: np.ndarray) -> np.ndarray:
        """The per-candidate part of an observation as a ``(K, len(FEATURES))`` array."""
        k, f = self.max_candidates, len(FEATURES)
        return np.asarray(obs)[: k * f].reshape(k, f)

    def action_masks(self) -> np.ndarray:
        """Valid actions: every operation on an occupied slot (for sb3-contrib's MaskablePPO)."""
        present = np.arange(self.max_candidates) < len(self._cands)
        return np.tile(present, len(OPS))

    def _observe(self) -> np.ndarray:
        k, f = self.max_candidates, len(FEATURES)
        rows = np.zeros((k, f), dtype=np.float32)
        n = len(self._cands)
        fastest = min(max(rec.gen_time_s, 1e-3) for rec in self._recs)
        longest = max(len(c.source) for c in self._cands)
        col = {name: j for j, name in enumerate(FEATURES)}
        for i, rec in enumerate(self._recs):
            row = rows[i]
            row[col["present"]] = 1.0
            if self.observe_size:
                row[col["size"]] = len(self._cands[i].source) / longest
            if self._run[i]:
                row[col["run"]] = 1.0
                row[col["public_pass"]] = rec.public_passed / rec.public_total if rec.public_total else 0.0
                row[col["public_" + _public_group(rec.public_verdict)]] = 1.0
            if self._tested[i]:
                gen = len(rec.gen_signatures)
                row[col["tested"]] = 1.0
                row[col["gen_failed"]] = rec.gen_failed / gen if gen else 0.0
                row[col["gen_plurality"]] = self._plurality[i]
                row[col["gen_disagree"]] = self._disagree[i]
                row[col["gen_time"]] = min(1.0, max(0.0, math.log10(max(rec.gen_time_s, 1e-3) / 1e-3) / 3.0))
                row[col["gen_slowdown"]] = min(1.0, max(0.0, math.log10(max(rec.gen_time_s, 1e-3) / fastest) / 2.0))
        turn = self._episode.turn
        extra = np.array([
            turn / self.max_turns,
            (self.max_turns - turn) / self.max_turns,
            self._run[:n].sum() / n,
            self._tested[:n].sum() / n,
            n / k,
        ], dtype=np.float32)
        self._obs = np.concatenate([rows.reshape(-1), extra]).astype(np.float32)
        return self._obs.copy()

    @staticmethod
    def _agreement(recs: Sequence[CandidateRecord]) -> Tuple[List[float], List[float]]:
        """Per candidate: how often its output is the pool's most common one, and the mean share of others disagreeing."""
        n = len(recs)
        gen = min((len(r.gen_signatures) for r in recs), default=0)
        plurality, disagree = [0.0] * n, [0.0] * n
        for g in range(gen):
            counts: Dict[str, int] = {}
            for r in recs:
                counts[r.gen_signatures[g]] = counts.get(r.gen_signatures[g], 0) + 1
            top = max(counts.values())
            for i, r in enumerate(recs):
                s = r.gen_signatures[g]
                # A tie for the most common output counts for every tied output: no evidence either way.
                plurality[i] += (counts[s] == top) / gen
                if n > 1:
                    disagree[i] += (n - counts[s]) / (n - 1) / gen
        return plurality, disagree

    def _info(self) -> Dict[str, Any]:
        assert self._problem is not None
        return {
            "problem_id": self._problem.id,
            "turn": self._episode.turn,
            "max_turns": self.max_turns,
            "pool_size": len(self._cands),
            "tests_executed": self._episode.tests_executed,
        }

    # -- gymnasium API ------------------------------------------------------------------------
    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        super().reset(seed=seed)
        _, problem = reset_problem(options, allowed=_RESET_OPTIONS, problems=self.problems, by_id=self._by_id,
                                   rng=self.np_random)
        self._problem = problem
        pool = list(self.pools[problem.id])
        k = self.max_candidates
        if len(pool) > k:
            if self.pool_name == "builtin":
                # Keep the reference: a built-in episode always has a correct candidate to find.
                others = pool[1:]
                picked = self.np_random.choice(len(others), size=k - 1, replace=False)
                pool = [pool[0]] + [others[int(j)] for j in picked]
            else:
                picked = self.np_random.choice(len(pool), size=k, replace=False)
                pool = [pool[int(j)] for j in picked]
        order = self.np_random.permutation(len(pool))
        self._cands = [pool[int(j)] for j in order]
        self._recs = [self.records[(problem.id, c.key)] for c in self._cands]
        self._plurality, self._disagree = self._agreement(self._recs)
        self._gen_ran = np.zeros(k, dtype=bool)
        self._run = np.zeros(k, dtype=bool)
        self._tested = np.zeros(k, dtype=bool)
        self._episode.reset()
        self._last = None
        return self._observe(), self._info()

    def _act(self, op: str, i: int, info: Dict[str, Any]) -> Dict[str, Any]:
        """Apply ``run`` or ``test`` to the candidate in slot ``i``: what the transition records of it."""
        rec = self._recs[i]
        if op == "run":
            self._run[i] = True
            self._episode.count_tests(rec.public_total)
            info["public"] = {"passed": rec.public_passed, "total": rec.public_total, "verdict": rec.public_verdict}
            return {"public_passed": rec.public_passed, "public_total": rec.public_total}
        self._tested[i] = True
        # Comparing needs every candidate's outputs on the inputs: each runs once per episode.
        fresh = [j for j in range(len(self._cands)) if not self._gen_ran[j]]
        self._gen_ran[fresh] = True
        self._episode.count_tests(sum(len(self._recs[j].gen_signatures) for j in fresh))
        info["test"] = {"inputs": len(rec.gen_signatures), "failed": rec.gen_failed}
        return {}

    def _end(self, judged: Optional[int], info: Dict[str, Any]) -> Dict[str, Any]:
        """The episode ends with candidate ``judged`` (None: nothing is judged): the final transition's hidden fields."""
        info_hidden: Dict[str, Any] = {}
        if judged is not None:
            rec = self._recs[judged]
            self._episode.count_tests(rec.hidden_total)
            info["hidden"] = {"passed": rec.hidden_passed, "total": rec.hidden_total, "verdict": rec.hidden_verdict}
            info["submitted"] = judged
            info["submitted_label"] = self._cands[judged].label
            info_hidden = {"hidden_passed": rec.hidden_passed, "hidden_total": rec.hidden_total, "hidden_verdict": rec.hidden_verdict}
        info["labels"] = [c.label for c in self._cands]
        return info_hidden

    def step(self, action: Any) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        self._episode.expect_running()
        a = np.asarray(action)
        if a.shape != () or not np.issubdtype(a.dtype, np.integer) or not self.action_space.contains(int(a)):
            raise ValueError(f"Expected an action that is an int in [0, {self.action_space.n}), got {action!r}")
        op_index, i = divmod(int(a), self.max_candidates)
        op = OPS[op_index]
        self._episode.start_turn()
        info: Dict[str, Any] = {"op": op, "candidate": i, "format_error": None}
        fields: Dict[str, Any] = {}
        intent: Optional[str] = None
        if i >= len(self._cands):
            info["format_error"] = f"slot {i} is empty; this pool has {len(self._cands)} candidates"
        else:
            intent = op
            self._last = i
            if op != "submit":
                fields = self._act(op, i, info)
        submitted = intent == "submit"
        out_of_turns = self._episode.out_of_turns(submitted=submitted)
        if out_of_turns:
            info["out_of_turns"] = True
        terminated = submitted or out_of_turns
        if terminated:
            judged = i if submitted else (self._last if self.judge_on_truncation else None)
            fields.update(self._end(judged, info))
        self._episode.record(intent=intent, format_error=intent is None, terminal=terminated, truncated=out_of_turns, **fields)
        reward, terms = self._episode.reward()
        info.update(self._info())
        info["reward_terms"] = terms
        return self._observe(), reward, terminated, False, info

    def render(self) -> Union[str, np.ndarray, None]:
        if self._problem is None:
            return None
        if self.render_mode == "rgb_array":
            return observation_image(self._obs, self.max_candidates)
        if self.render_mode != "ansi":
            return None
        table = self.features(self._obs)
        lines = [f"{self._problem.id}: turn {self._episode.turn}/{self.max_turns}",
                 "slot " + " ".join(f"{name[:12]:>12}" for name in FEATURES)]
        for i in range(len(self._cands)):
            lines.append(f"{i:>4} " + " ".join(f"{v:>12.2f}" for v in table[i]))
        return "\n".join(lines)
