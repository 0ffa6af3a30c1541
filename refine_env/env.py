"""RefineCodeEnv: one problem per episode; write, run, test, refine and submit code."""

from __future__ import annotations

import ast
import contextlib
import time
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import gymnasium as gym

from refine_env import actions as act
from refine_env import feedback
from refine_env._validation import expect_int
from refine_env.episode import Episode
from refine_env.problems import Problem
from refine_env.problems.selection import reset_problem, select_problems
from refine_env.rewards import Composite, RewardFn, Transition, make_reward
from refine_env.sandbox import Judge, TestCase, TestResult, Verdict, codec, first_failure
from refine_env.sandbox.registry import shared_sandbox
from refine_env.spaces import UnicodeText

__all__ = ["RefineCodeEnv"]

_RESET_OPTIONS = ("problem_id", "initial_code", "initial_mutant")


class RefineCodeEnv(gym.Env[str, str]):
    """Iterative code refinement with verifiable rewards.

    ## Description
    Each episode is one programming problem. The agent writes a program, runs it on the public
    examples, runs it on inputs of its own, revises it from the feedback, and submits it. The
    submission is judged on hidden tests in a sandbox; the reward comes from that verdict under
    a reward-shaping preset. After RefineRL (arXiv 2604.00790).

    ## Observation
    A ``str`` (:class:`~refine_env.spaces.UnicodeText` of at most ``max_observation_chars``): at
    reset, the task prompt (statement with examples, limits, the action protocol); after each
    step, the feedback (per public test: verdict, time, memory, expected vs got and stderr tail
    where it failed; for ``test`` actions, the program's outputs; at the end, hidden-test counts).
    ``info`` carries the same as data. Hidden tests never appear in an observation or ``info``
    before the episode ends, and after it only as counts and verdicts.

    ## Action
    A ``str`` (at most ``max_action_chars``) in the grammar of :mod:`refine_env.actions`
    (docs/actions.md): reasoning in ``<think>`` is ignored, the last ``Action: run|test|submit``
    line is the intent, the ``python`` (or ``cpp``) fenced block is the program; ``test`` adds
    ``input`` blocks. ``test`` and ``submit`` without a program use the episode's program: the
    last one run or submitted (or the initial attempt). An action that cannot be parsed is a
    format error: the feedback says what to write, the turn counts and the episode goes on.

    ## Reward
    ``reward`` names a preset of :mod:`refine_env.rewards` (``binary``, ``pass_rate``,
    ``improvement``, ``turn_cost``, ``format_penalty``, ``verdict_typed``, sums such as
    ``"binary+turn_cost:0.02"``) or is any function of the episode's transitions.
    ``improvement`` is measured against the episode's initial attempt (the reset options
    below), judged on the hidden tests only when the episode ends; from scratch it equals
    ``pass_rate``. ``hidden_stop_on_first_failure`` stops judging at the first failing hidden
    test only when no part of the reward counts passed tests (``binary``, ``verdict_typed``):
    a stopped count would change ``pass_rate`` and ``improvement``.
    ``show_resources=False`` leaves measured time and memory out of the feedback, so that
    observations are reproducible run to run (they stay in ``info``).

    ## Termination
    ``submit`` terminates. Using the last of the ``max_turns`` turns also terminates
    (``terminated=True``, ``truncated=False``, ``info["out_of_turns"]=True``); with
    ``judge_on_truncation`` (default) the last program is then judged and rewarded as a
    submission. The turn budget is part of the state the agent observes (every observation
    says "Turn k of n" and the agent can plan for it) and its end triggers judging, so the last
    turn is a terminal state of this MDP, not a time limit imposed from outside it: a value
    estimate must not bootstrap past it. This is Gymnasium's rule for ``truncated`` (a time
    limit outside the MDP) and ``terminated`` (a terminal state within it); an outside limit
    belongs in a ``TimeLimit`` wrapper, which does truncate. Transitions still record
    ``truncated=True`` for reward functions that treat a spent budget differently.

    ## Reset options
    ``problem_id``: which problem (else drawn with ``self.np_random``). ``initial_code``: start
    from this first attempt (run on the public tests, shown with its feedback) so the episode
    is about refining it; ``initial_mutant``: the same with a labelled wrong solution of the
    problem (its label, or ``True`` for one drawn at random).

    ## Registered configurations
    ``RefineCode-v0`` (every built-in problem), ``RefineCode-Train-v0`` and
    ``RefineCode-Test-v0`` (the fixed splits of the built-in set).
    """

    metadata = {"render_modes": ["ansi", "human"], "render_fps": 4}

    def __init__(
        self,
        *,
        dataset: Union[str, Sequence[Problem]] = "builtin",
        split: Optional[str] = None,
        problem_ids: Optional[Sequence[str]] = None,
        max_turns: int = 6,
        reward: Union[str, RewardFn, Sequence[Union[str, RewardFn]]] = "binary",
        judge_on_truncation: bool = True,
        hidden_stop_on_first_failure: bool = False,
        max_test_inputs: int = 5,
        max_observation_chars: int = 24_000,
        max_action_chars: int = act.MAX_ACTION_CHARS,
        languages: Sequence[str] = ("python",),
        show_resources: bool = True,
        workers: int = 2,
        sandbox: Optional[Judge] = None,
        render_mode: Optional[str] = None,
    ) -> None:
        expect_int("max_turns", max_turns, low=1)
        expect_int("max_test_inputs", max_test_inputs, low=1)
        expect_int("max_observation_chars", max_observation_chars, low=2000)
        expect_int("max_action_chars", max_action_chars, low=1)
        bad_languages = [lang for lang in languages if lang not in ("python", "cpp")]
        if bad_languages or not languages:
            raise ValueError(f"Expected languages among ('python', 'cpp'), got {tuple(languages)!r}")
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"Expected render_mode in {self.metadata['render_modes']} or None, got {render_mode!r}")
        if sandbox is not None and not isinstance(sandbox, Judge):
            raise TypeError(f"Expected sandbox to be a judge with run() and run_batch() (a refine_env.sandbox.Sandbox or RayJudge), "
                            f"got {type(sandbox).__name__}")

        problems = select_problems(dataset, split=split, problem_ids=problem_ids)
        if not problems:
            raise ValueError(f"Expected at least one problem, got none from dataset={dataset!r} split={split!r}")
        self.problems: Tuple[Problem, ...] = tuple(problems)
        self._by_id = {p.id: p for p in self.problems}
        self.max_turns = max_turns
        self.reward_fn: Composite = make_reward(reward)
        self.judge_on_truncation = judge_on_truncation
        self.hidden_stop_on_first_failure = hidden_stop_on_first_failure
        self.max_test_inputs = max_test_inputs
        self.max_observation_chars = max_observation_chars
        self.languages = tuple(languages)
        self.show_resources = bool(show_resources)
        self.render_mode = render_mode
        self._workers = workers
        self._sandbox = sandbox
        self._owns_sandbox = False
        self._judge_override: Optional[Judge] = None

        self.observation_space = UnicodeText(max_observation_chars)
        self.action_space = UnicodeText(max_action_chars)

        self._problem: Optional[Problem] = None
        self._episode = Episode(max_turns=max_turns, reward_fn=self.reward_fn)
        self._code: Optional[str] = None
        self._language = "python"
        self._initial: Optional[Tuple[str, str]] = None
        self._last_obs = ""
        self._sandbox_s = 0.0

    # -- helpers --------------------------------------------------------------------------------
    @property
    def sandbox(self) -> Judge:
        if self._judge_override is not None:
            return self._judge_override
        if self._sandbox is None:
            self._sandbox = shared_sandbox.acquire(self._workers)
            self._owns_sandbox = True
        return self._sandbox

    @contextlib.contextmanager
    def judge_through(self, judge: Judge) -> Iterator[None]:
        """Judge this env's programs with ``judge`` inside the block (:func:`refine_env.vector.step_batch`)."""
        previous, self._judge_override = self._judge_override, judge
        try:
            yield
        finally:
            self._judge_override = previous

    @property
    def transitions(self) -> Tuple[Transition, ...]:
        """The episode's transitions for reward functions (the probe of the initial attempt exists only once it has ended)."""
        return self._episode.transitions

    @property
    def problem(self) -> Optional[Problem]:
        """The current episode's problem (None before the first reset)."""
        return self._problem

    def _judge(self, code: str, tests: Sequence[TestCase], *, stop: bool = False, language: Optional[str] = None) -> List[TestResult]:
        assert self._problem is not None
        program = self._problem.program(code, language or self._language)
        start = time.perf_counter()
        results = self.sandbox.run(program, tests, self._problem.limits, checker=self._problem.judge, stop_on_first_failure=stop)
        self._sandbox_s += time.perf_counter() - start
        self._episode.count_tests(len(results) if results and results[0].verdict is not Verdict.CE else 0)
        return results

    def _judge_hidden(self) -> Tuple[List[TestResult], bool]:
        """The final program's hidden results, and whether every hidden test was run."""
        assert self._problem is not None and self._code is not None
        # A count of passed tests that stopped at the first failure is not the pass rate.
        stop = self.hidden_stop_on_first_failure and not self.reward_fn.counts_passed
        return self._judge(self._code, self._problem.hidden_tests, stop=stop), not stop

    def _public_info(self, results: Sequence[TestResult]) -> Dict[str, Any]:
        return {
            "passed": sum(r.passed for r in results),
            "total": len(self._problem.public_tests) if self._problem else 0,
            "verdicts": [r.verdict.value for r in results],
            "time_s": [round(r.time_s, 4) for r in results],
        }

    @staticmethod
    def _parse_call_inputs(raw_inputs: Sequence[str]) -> Tuple[Optional[List[str]], Optional[str]]:
        """Agent inputs for a call problem, encoded for the worker: one argument per line, JSON or a Python literal."""
        encoded = []
        for n, raw in enumerate(raw_inputs, start=1):
            args = []
            for line in raw.split("\n"):
                if not line.strip():
                    continue
                try:
                    args.append(codec.decode(line))
                except codec.CodecError:
                    try:
                        args.append(ast.literal_eval(line.strip()))
                    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                        return None, f"input {n}: line {line.strip()[:60]!r} is neither JSON nor a Python literal"
            try:
                encoded.append(codec.encode_args(args))
            except codec.CodecError as exc:
                return None, f"input {n}: {exc}"
        return encoded, None

    def _finish_obs(self, text: str) -> str:
        self._last_obs = feedback.fit(text, self.max_observation_chars)
        if self.render_mode == "human":
            print(self._last_obs)
        return self._last_obs

    def _base_info(self) -> Dict[str, Any]:
        assert self._problem is not None
        return {
            "problem_id": self._problem.id,
            "turn": self._episode.turn,
            "max_turns": self.max_turns,
            "kind": self._problem.kind,
            "checker": self._problem.checker,
            "code": self._code,
            "tests_executed": self._episode.tests_executed,
            "sandbox_time_s": self._sandbox_s,
        }

    # -- gymnasium API -------------------------------------------------------------------------------
    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[str, Dict[str, Any]]:
        super().reset(seed=seed)
        options, self._problem = reset_problem(options, allowed=_RESET_OPTIONS, problems=self.problems, by_id=self._by_id,
                                               rng=self.np_random)
        self._episode.reset()
        self._code = None
        self._language = "python"
        self._initial = None
        self._sandbox_s = 0.0
        problem = self._problem
        prompt = feedback.render_prompt(problem, max_turns=self.max_turns)
        info = self._base_info()
        initial = self._initial_code(options, info)
        if initial is not None:
            self._code = initial
            self._initial = (initial, "python")
            results = self._judge(initial, problem.public_tests)
            attempt = feedback.render_run(problem, problem.public_tests, results, turn=0, max_turns=self.max_turns,
                                          show_resources=self.show_resources)
            prompt += f"\n\n## Your previous attempt\n```python\n{initial.rstrip()}\n```\n\n{attempt}"
            info["public"] = self._public_info(results)
            info["code"] = initial
        return self._finish_obs(prompt), info

    def _initial_code(self, options: Dict[str, Any], info: Dict[str, Any]) -> Optional[str]:
        """The episode's initial attempt from the reset options (``info["initial_mutant"]`` names a drawn mutant), or None."""
        problem = self._problem
        assert problem is not None
        initial = options.get("initial_code")
        mutant = options.get("initial_mutant")
        if initial is not None and mutant is not None:
            raise ValueError("Expected at most one of initial_code and initial_mutant, got both")
        if mutant is not None:
            if not problem.mutants:
                raise ValueError(f"Expected a problem with labelled wrong solutions for initial_mutant, got {problem.id!r} which has none")
            labels = [m.label for m in problem.mutants]
            if mutant is True:
                chosen = problem.mutants[int(self.np_random.integers(len(labels)))]
            elif mutant in labels:
                chosen = problem.mutants[labels.index(mutant)]
            else:
                raise ValueError(f"Expected initial_mutant to be True or one of {labels}, got {mutant!r}")
            initial = chosen.source
            info["initial_mutant"] = chosen.label
        if initial is not None and (not isinstance(initial, str) or not initial.strip()):
            raise ValueError(f"Expected initial_code to be a non-empty str, got {initial!r:.40}")
        return initial

    def _probe_initial(self, final: Optional[Tuple[str, str, List[TestResult]]]) -> None:
        """At the end: judge the initial attempt on every hidden test, silently, if the reward compares with it.

        Only at the end, so that nothing the agent sees before then (``tests_executed``,
        ``sandbox_time_s``) depends on the hidden tests. ``final`` is the final program, its
        language and its results when every hidden test ran: the same program is not judged twice.
        """
        if self._initial is None or not self.reward_fn.needs_probe:
            return
        assert self._problem is not None
        tests = self._problem.hidden_tests
        if final is not None and final[:2] == self._initial:
            results, runs = final[2], 0
        else:
            before = self._episode.tests_executed
            results = self._judge(self._initial[0], tests, language=self._initial[1])
            runs = self._episode.tests_executed - before
        self._episode.add_probe(hidden_passed=sum(r.passed for r in results), hidden_total=len(tests),
                                hidden_verdict=first_failure(results).value, tests_executed=runs)

    def _check_action(self, parsed: act.ParsedAction) -> Tuple[Optional[str], Optional[List[str]]]:
        """Why the parsed action cannot be carried out (None if it can), and a ``test`` action's inputs as the program reads them."""
        assert self._problem is not None
        error = parsed.error
        code = parsed.code if parsed.code is not None else self._code
        if error is None and parsed.language not in self.languages:
            error = f"{parsed.language} is not enabled in this environment: write the program in a ```{self.languages[0]} block"
        if error is None and code is None:
            error = (f"`Action: {parsed.intent}` without a program, and no earlier program to reuse: "
                     "write the program in a ```python block after the action line")
        if error is not None or parsed.intent != "test":
            return error, None
        if len(parsed.inputs) > self.max_test_inputs:
            return (f"{len(parsed.inputs)} inputs given; at most {self.max_test_inputs} per test action: "
                    f"write at most {self.max_test_inputs} ```input blocks"), None
        if self._problem.kind == "call":
            inputs, error = self._parse_call_inputs(parsed.inputs)
            return error, inputs
        return None, [i if i.endswith("\n") else i + "\n" for i in parsed.inputs]

    def _act(self, parsed: act.ParsedAction, inputs: Optional[List[str]], info: Dict[str, Any]) -> Tuple[str, Optional[int]]:
        """Carry out a valid ``run`` or ``test``: the feedback text, and the public tests passed (for ``run``)."""
        problem = self._problem
        assert problem is not None
        turn = self._episode.turn
        if parsed.intent == "run":
            assert self._code is not None
            results = self._judge(self._code, problem.public_tests)
            info["public"] = self._public_info(results)
            return feedback.render_run(problem, problem.public_tests, results, turn=turn, max_turns=self.max_turns,
                                       notes=parsed.notes, show_resources=self.show_resources), info["public"]["passed"]
        assert inputs is not None
        # A test with a program of its own (a brute force, say) runs it without replacing the solution.
        own = parsed.code is not None
        results = self._judge(parsed.code if own else self._code, [TestCase(i) for i in inputs],  # type: ignore[arg-type]
                              language=parsed.language if own else None)
        info["test"] = {"inputs": list(inputs), "verdicts": [r.verdict.value for r in results], "outputs": [r.output for r in results]}
        return feedback.render_test(problem, inputs, results, turn=turn, max_turns=self.max_turns,
                                    notes=parsed.notes, show_resources=self.show_resources), None

    def _end(self, text: str, *, submitted: bool, formatted: bool, info: Dict[str, Any]) -> Tuple[str, Dict[str, Any]]:
        """The episode ends this step: judge the final program (when there is one to judge), probe, and say so.

        Returns the feedback text and the final transition's hidden fields.
        """
        problem = self._problem
        assert problem is not None
        turn, hidden_fields = self._episode.turn, {}
        final: Optional[Tuple[str, str, List[TestResult]]] = None
        if self._code is not None and (submitted or self.judge_on_truncation):
            results, complete = self._judge_hidden()
            final = (self._code, self._language, results) if complete else None
            total = len(problem.hidden_tests)
            hidden_fields = {"hidden_passed": sum(r.passed for r in results), "hidden_total": total,
                             "hidden_verdict": first_failure(results).value}
            text = feedback.render_judged(results, total=total, turn=turn, max_turns=self.max_turns, truncated=not submitted)
            info["hidden"] = {"passed": hidden_fields["hidden_passed"], "total": total, "verdict": hidden_fields["hidden_verdict"],
                              "verdicts": [r.verdict.value for r in results]}
        else:
            unjudged = feedback.render_unjudged(turn=turn, max_turns=self.max_turns)
            text = unjudged if formatted else text + "\n\n" + unjudged
        self._probe_initial(final)
        return text, hidden_fields

    def step(self, action: str) -> Tuple[str, float, bool, bool, Dict[str, Any]]:
        if not isinstance(action, str):
            raise TypeError(f"Expected an action of type str, got {type(action).__name__}")
        self._episode.start_turn()
        problem = self._problem
        assert problem is not None
        parsed = act.parse(action)
        error, inputs = self._check_action(parsed)
        info: Dict[str, Any] = {}
        intent: Optional[str] = None
        text, public_passed = "", None
        if error is not None:
            text = feedback.render_format_error(error, turn=self._episode.turn, max_turns=self.max_turns)
            info["format_error"] = error
        else:
            intent = parsed.intent
            # run and submit make their program the solution; a test leaves it as it is.
            if parsed.code is not None and intent != "test":
                self._code, self._language = parsed.code, parsed.language
            info["format_error"] = None
            if intent != "submit":
                text, public_passed = self._act(parsed, inputs, info)
        info["intent"] = intent
        info["notes"] = list(parsed.notes)

        submitted = intent == "submit"
        # The budget is in every observation: its end is a terminal state, not a truncation (class docstring).
        out_of_turns = self._episode.out_of_turns(submitted=submitted)
        if out_of_turns:
            info["out_of_turns"] = True
        terminated = submitted or out_of_turns
        hidden_fields: Dict[str, Any] = {}
        if terminated:
            text, hidden_fields = self._end(text, submitted=submitted, formatted=error is None, info=info)
        self._episode.record(intent=intent, format_error=error is not None, public_passed=public_passed,
                             public_total=len(problem.public_tests) if public_passed is not None else None,
                             terminal=terminated, truncated=out_of_turns, **hidden_fields)
        reward, terms = self._episode.reward()
        info.update(self._base_info())
        info["reward_terms"] = terms
        return self._finish_obs(text), reward, terminated, False, info

    def render(self) -> Optional[str]:
        if self.render_mode == "ansi":
            return self._last_obs
        return None

    def close(self) -> None:
        if self._owns_sandbox and self._sandbox is not None:
            shared_sandbox.release(self._sandbox)
            self._sandbox = None
            self._owns_sandbox = False
        super().close()
