"""Reading the files runs write into one episode model: eval trajectories, RecordEpisodes, PPO samples, candidate pools.

Every string read here is untrusted: the policy wrote it, or a program the policy wrote printed
it. This module only parses JSON and copies text (cut to ``MAX_TEXT`` characters); it never
runs, evaluates or unpickles anything, and the renderers treat every string as plain text.
"""

from __future__ import annotations

import difflib
import json
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from refine_env.actions import parse as parse_action
from refine_env.viewer.text import safe_text

__all__ = ["FORMATS", "EpisodeSource", "load_episodes", "detect_format", "normalize", "MAX_TEXT", "MAX_DIFF_LINES"]

logger = logging.getLogger(__name__)

FORMATS: Dict[str, str] = {
    "eval": "trajectories.jsonl of `refine-env eval`",
    "record": "a RecordEpisodes JSONL (refine_env.wrappers)",
    "ppo": "samples.jsonl of a PPO run (`refine-env train`)",
    "pool": "a RefineCodeSelect candidate pool JSONL (`refine-env pool build`)",
}
"""The formats the viewer reads, by the name it shows."""

MAX_TEXT = 100_000
"""Characters kept of any one text (a reply, a feedback, a program); the middle of a longer one is cut."""

MAX_DIFF_LINES = 4000
"""Programs with more lines than this are not diffed (difflib's cost grows with the product of the lengths)."""

# Files of a run folder that hold no episodes, named in the error when they are all a folder has.
_NOT_EPISODES = ("metrics.jsonl",)
_SCAN_NAMES = ("trajectories.jsonl", "samples.jsonl")

Episode = Dict[str, Any]


def _cut(text: Any) -> Optional[str]:
    if text is None:
        return None
    if not isinstance(text, str):
        text = json.dumps(text, ensure_ascii=False) if isinstance(text, (list, dict)) else str(text)
    if len(text) <= MAX_TEXT:
        return text
    head = MAX_TEXT * 2 // 3
    tail = MAX_TEXT - head
    return f"{text[:head]}\n[... {len(text) - MAX_TEXT} characters cut by the viewer ...]\n{text[-tail:]}"


def _int(value: Any) -> Optional[int]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not value.is_integer()):
        return None
    return int(value)


def _float(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _counts(info: Any, *, with_verdict: bool = False) -> Optional[Dict[str, Any]]:
    """``passed``/``total``/``verdicts`` (and the summary ``verdict``) of an info dict, with checked types."""
    if not isinstance(info, Mapping):
        return None
    verdicts = info.get("verdicts")
    out: Dict[str, Any] = {
        "passed": _int(info.get("passed")),
        "total": _int(info.get("total")),
        "verdicts": [str(v)[:12] for v in verdicts][:10_000] if isinstance(verdicts, list) else [],
    }
    if with_verdict:
        out["verdict"] = str(info["verdict"])[:12] if info.get("verdict") is not None else None
    return out


def _terms(terms: Any) -> Optional[Dict[str, Optional[float]]]:
    if not isinstance(terms, Mapping):
        return None
    return {str(k)[:80]: _float(v) for k, v in list(terms.items())[:100]}


def _diff(before: str, after: str, *, old: str, new: str) -> Optional[str]:
    a, b = before.splitlines(), after.splitlines()
    if len(a) > MAX_DIFF_LINES or len(b) > MAX_DIFF_LINES:
        return None
    return _cut("\n".join(difflib.unified_diff(a, b, fromfile=old, tofile=new, lineterm="")))


class _Revisions:
    """Numbers an episode's solution programs (revision 1, 2, ...) and diffs each new one against the one before."""

    def __init__(self) -> None:
        self.numbers: Dict[str, int] = {}
        self.solution: Optional[str] = None

    def annotate(self, step: Episode, program: Optional[str], *, becomes_solution: bool) -> None:
        step["program"] = _cut(program)
        step["revision"] = step["diff"] = step["diff_base"] = None
        step["own_program"] = False
        if program is None:
            return
        if not becomes_solution and self.solution is not None and program != self.solution:
            # A test of a program of its own (a brute force): it does not replace the solution.
            step["own_program"] = True
            return
        if program not in self.numbers:
            self.numbers[program] = len(self.numbers) + 1
        step["revision"] = self.numbers[program]
        if self.solution is not None and program != self.solution:
            base = self.numbers[self.solution]
            step["diff_base"] = base
            step["diff"] = _diff(self.solution, program, old=f"revision {base}", new=f"revision {step['revision']}")
            if step["diff"] is None:
                step["diff_skipped"] = f"not diffed: more than {MAX_DIFF_LINES} lines"
        if becomes_solution:
            self.solution = program


def _step(turn: Any, **fields: Any) -> Episode:
    step: Episode = {
        "turn": _int(turn), "who": None, "phase": None, "intent": None, "text": None, "sent": None, "amended": None,
        "told": None, "feedback": None, "format_error": None, "public": None, "test": None, "hidden": None,
        "reward": None, "reward_terms": None, "candidate_public": None, "candidate_hidden": None, "language": "python",
    }
    step.update(fields)
    return step


def _episode(**fields: Any) -> Episode:
    episode: Episode = {
        "problem": "?", "agent": "?", "sample": None, "verdict": "unjudged", "hidden_passed": None, "hidden_total": None,
        "solved": None, "reward": None, "turns": 0, "meta": [], "prompt": None, "steps": [],
    }
    episode.update(fields)
    episode["turns"] = len(episode["steps"])
    return episode


def _action_program(action: str, solution: Optional[str]) -> Tuple[Optional[str], str]:
    """The program an action ran (its own, or the solution it reuses) and its language, by the env's own grammar."""
    parsed = parse_action(action)
    if parsed.code is not None:
        return parsed.code, parsed.language
    return (solution if parsed.error is None else None), parsed.language


# -- one function per format: a JSON line to the episode model ---------------------------------------


def _from_eval(rec: Mapping[str, Any]) -> Episode:
    traj = rec.get("trajectory")
    if not isinstance(traj, Mapping):
        raise ValueError(f"Expected 'trajectory' to be an object, got {type(traj).__name__}")
    programs = traj.get("programs") if isinstance(traj.get("programs"), list) else []
    per_turn = rec.get("per_turn") if isinstance(rec.get("per_turn"), Mapping) else {}
    revisions = _Revisions()
    steps: List[Episode] = []
    raw_steps = traj.get("steps") if isinstance(traj.get("steps"), list) else []
    for n, s in enumerate(raw_steps):
        if not isinstance(s, Mapping):
            raise ValueError(f"Expected step {n + 1} of the trajectory to be an object, got {type(s).__name__}")
        action = s.get("action") if isinstance(s.get("action"), str) else ""
        reply = s.get("reply") if isinstance(s.get("reply"), str) else None
        index = _int(s.get("program"))
        program = programs[index] if index is not None and 0 <= index < len(programs) and isinstance(programs[index], str) else None
        step = _step(s.get("turn"), who=s.get("source"), phase=s.get("phase"), intent=s.get("intent"),
                     text=_cut(reply if reply is not None else action),
                     sent=_cut(action) if reply is not None and action != reply else None,
                     amended=_cut(s.get("amended")), told=_cut(s.get("prompt")), feedback=_cut(s.get("observation")),
                     format_error=_cut(s.get("format_error")), public=_counts(s.get("public")),
                     test=_counts(s.get("test")), hidden=_counts(s.get("hidden"), with_verdict=True),
                     reward=_float(s.get("reward")), language=parse_action(action).language)
        for key, which in (("candidate_public", "public"), ("candidate_hidden", "hidden")):
            flags = per_turn.get(which)
            if isinstance(flags, list) and n < len(flags) and isinstance(flags[n], bool):
                step[key] = flags[n]
        revisions.annotate(step, program, becomes_solution=s.get("intent") != "test")
        steps.append(step)
    hidden = traj.get("hidden") if isinstance(traj.get("hidden"), Mapping) else {}
    meta = [("seed", traj.get("seed")), ("max turns", traj.get("max_turns")), ("model turns", rec.get("model_turns")),
            ("skeptical rounds", traj.get("skeptical_rounds")), ("wall s", rec.get("wall_s"))]
    tokens = rec.get("tokens")
    if isinstance(tokens, Mapping):
        meta.append(("tokens", f"{tokens.get('prompt')} prompt, {tokens.get('completion')} completion"))
    first = raw_steps[0] if raw_steps and isinstance(raw_steps[0], Mapping) else {}
    return _episode(problem=rec.get("problem_id"), agent=rec.get("agent"), sample=_int(rec.get("sample")),
                    verdict=rec.get("verdict") or "unjudged", hidden_passed=_int(hidden.get("passed")),
                    hidden_total=_int(hidden.get("total")), solved=bool(rec.get("solved")), reward=_float(rec.get("reward")),
                    meta=meta, prompt=_cut(first.get("prompt")), steps=steps)


def _from_record(rec: Mapping[str, Any]) -> Episode:
    from refine_env.wrappers.record import recorded_observations

    raw_steps = rec.get("steps") if isinstance(rec.get("steps"), list) else []
    if not all(isinstance(s, Mapping) for s in raw_steps):
        raise ValueError("Expected every step of a recorded episode to be an object")
    observations = recorded_observations(rec)
    revisions = _Revisions()
    steps: List[Episode] = []
    for s, full in zip(raw_steps, observations):
        action = s.get("action") if isinstance(s.get("action"), str) else ""
        intent = s.get("intent")
        program, language = _action_program(action, revisions.solution)
        feedback = full
        if s.get("feedback_prefix"):
            # Under HistoryObservation the new part of the transcript is this action and its feedback.
            feedback = s["feedback"]
            k = len(steps) + 1
            heading = f"\n\n### Action {k}\n{action}\n\n### Feedback {k}\n"
            if feedback.startswith(heading):
                feedback = feedback[len(heading):]
        step = _step(s.get("turn"), who="policy", intent=intent, text=_cut(action), feedback=_cut(feedback),
                     format_error=_cut(s.get("format_error")), public=_counts(s.get("public")), test=_counts(s.get("test")),
                     hidden=_counts(s.get("hidden"), with_verdict=True), reward=_float(s.get("reward")),
                     reward_terms=_terms(s.get("reward_terms")), language=language)
        revisions.annotate(step, program if intent is not None else None, becomes_solution=intent in ("run", "submit"))
        steps.append(step)
    hidden = next((s["hidden"] for s in reversed(steps) if s["hidden"]), None) or {}
    verdict = hidden.get("verdict") or "unjudged"
    options = rec.get("options") if isinstance(rec.get("options"), Mapping) else {}
    meta = [("seed", rec.get("seed")), ("terminated", rec.get("terminated")), ("truncated", rec.get("truncated"))]
    meta += [(f"option {k}", v) for k, v in options.items()]
    passed, total = hidden.get("passed"), hidden.get("total")
    return _episode(problem=rec.get("problem_id"), agent="recorded", verdict=verdict, hidden_passed=passed, hidden_total=total,
                    solved=bool(total) and passed == total if hidden else None, reward=_float(rec.get("return")),
                    meta=meta, prompt=_cut(rec.get("prompt")), steps=steps)


def _from_ppo(rec: Mapping[str, Any]) -> Episode:
    raw_actions = rec.get("actions") if isinstance(rec.get("actions"), list) else []
    rewards = rec.get("turn_rewards") if isinstance(rec.get("turn_rewards"), list) else []
    revisions = _Revisions()
    steps: List[Episode] = []
    for n, action in enumerate(raw_actions):
        action = action if isinstance(action, str) else ""
        parsed = parse_action(action)
        program, language = _action_program(action, revisions.solution)
        step = _step(n + 1, who="policy", intent=parsed.intent if parsed.error is None else None, text=_cut(action),
                     format_error=_cut(parsed.error), reward=_float(rewards[n]) if n < len(rewards) else None, language=language)
        if n == len(raw_actions) - 1 and rec.get("hidden_total") is not None:
            step["hidden"] = {"passed": _int(rec.get("hidden_passed")), "total": _int(rec.get("hidden_total")),
                              "verdicts": [], "verdict": rec.get("verdict")}
        revisions.annotate(step, program, becomes_solution=parsed.intent in ("run", "submit"))
        steps.append(step)
    passed, total = _int(rec.get("hidden_passed")), _int(rec.get("hidden_total"))
    start = rec.get("start") or "scratch"
    meta = [("training step", rec.get("step")), ("start", start), ("mutant", rec.get("mutant")),
            ("turn rewards", ", ".join(f"{r:g}" if isinstance(r, (int, float)) else "?" for r in rewards))]
    reward_values = [_float(r) for r in rewards]
    return _episode(problem=rec.get("problem_id"), agent=f"ppo:{start}",
                    sample=f"step {rec.get('step')}" if _int(rec.get("step")) is not None else None,
                    verdict=rec.get("verdict") or "unjudged", hidden_passed=passed, hidden_total=total,
                    solved=bool(total) and passed == total if total is not None else None,
                    reward=float(sum(r for r in reward_values if r is not None)) if rewards else None,
                    meta=meta, steps=steps)


def _from_pool(rec: Mapping[str, Any]) -> Episode:
    source = rec.get("source") if isinstance(rec.get("source"), str) else ""
    language = rec.get("language") if rec.get("language") in ("python", "cpp") else "python"
    step = _step(1, who="candidate", text=None, language=language)
    _Revisions().annotate(step, source, becomes_solution=True)
    sampling = rec.get("sampling") if isinstance(rec.get("sampling"), Mapping) else {}
    meta = [("dataset", rec.get("dataset")), ("language", language)] + [(f"sampling {k}", v) for k, v in sampling.items()]
    return _episode(problem=rec.get("problem_id"), agent=rec.get("policy") or "unknown", sample=_int(rec.get("sample")),
                    meta=meta, steps=[step])


_NORMALIZERS: Dict[str, Callable[[Mapping[str, Any]], Episode]] = {
    "eval": _from_eval, "record": _from_record, "ppo": _from_ppo, "pool": _from_pool,
}


def detect_format(record: Any) -> Optional[str]:
    """The format name of one JSON line (a key of :data:`FORMATS`), or None when it is none of them."""
    if not isinstance(record, Mapping):
        return None
    if isinstance(record.get("trajectory"), Mapping) and "per_turn" in record:
        return "eval"
    if isinstance(record.get("steps"), list) and "return" in record:
        return "record"
    if isinstance(record.get("actions"), list) and "turn_rewards" in record:
        return "ppo"
    if isinstance(record.get("source"), str) and "problem_id" in record:
        return "pool"
    return None


def _clean(episode: Episode) -> Episode:
    """Types the renderers can rely on: strings are strings, meta values are short strings."""
    if episode.get("sample") is not None:
        episode["sample"] = str(episode["sample"])[:40]
    for key in ("problem", "agent", "verdict"):
        value = episode.get(key)
        episode[key] = (value if isinstance(value, str) else "?" if value is None else str(value))[:200]
    meta = []
    for k, v in episode["meta"]:
        if v is None or v == "":
            continue
        meta.append([str(k)[:80], (f"{v:g}" if isinstance(v, float) else str(v))[:300]])
    episode["meta"] = meta
    for step in episode["steps"]:
        for key in ("who", "phase", "intent", "language"):
            if step.get(key) is not None:
                step[key] = str(step[key])[:40]
    return episode


def normalize(record: Mapping[str, Any], fmt: str) -> Episode:
    """One JSON line of format ``fmt`` as the viewer's episode model (a JSON-ready dict)."""
    if fmt not in _NORMALIZERS:
        raise ValueError(f"Expected a format among {tuple(FORMATS)}, got {fmt!r}")
    return _clean(_NORMALIZERS[fmt](record))


def _expected() -> str:
    return "; ".join(FORMATS.values())


def _describe(record: Any, path: Path) -> str:
    if path.name in _NOT_EPISODES or (isinstance(record, Mapping) and "step" in record
                                      and all(isinstance(v, (int, float)) or v is None for v in record.values())):
        return "PPO metrics (scalars only; that run's episodes are in samples.jsonl beside it)"
    if isinstance(record, Mapping):
        keys = safe_text(", ".join(k[:40] for k in sorted(map(str, record))[:8]))  # the error goes to a terminal
        return f"a JSON object with keys {keys or '(none)'}"
    return f"a JSON {type(record).__name__}"


# -- reading files, whole or as they grow -------------------------------------------------------------


@dataclass
class _File:
    path: Path
    name: str
    offset: int = 0
    line: int = 0
    fmt: Optional[str] = None
    head: bytes = b""
    extra: List[Tuple[str, Any]] = field(default_factory=list)
    optional: bool = False
    """Found by a folder's ``*.jsonl`` fallback: a file in no known format is passed over, not an error."""
    skipped: Optional[str] = None


class EpisodeSource:
    """The episodes of a file or a run folder, read incrementally: :meth:`poll` reads what was appended since the last call.

    A folder means every ``trajectories.jsonl`` and ``samples.jsonl`` under it (``refine-env
    eval`` with several agents writes one folder per agent), or else every ``*.jsonl`` in it
    in a known format. An unfinished last line (a job still writing) waits for its newline. A
    file that shrank or was rewritten is read again from its start and :attr:`generation` grows.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"], *, wait: bool = False) -> None:
        self.path = Path(path)
        self.wait = wait
        """Whether a missing or empty path is a run that has not written yet (``--serve``) rather than an error."""
        self.episodes: List[Episode] = []
        self.generation = 0
        self._files: Dict[Path, _File] = {}
        self._optional = False

    def _paths(self) -> List[Path]:
        if self.path.is_file():
            return [self.path]
        if not self.path.exists():
            if self.wait:
                return []
            raise FileNotFoundError(f"Expected PATH to be a trajectories file or a run folder, got {str(self.path)!r} (no such file or folder)")
        found = sorted(p for name in _SCAN_NAMES for p in self.path.rglob(name) if p.is_file())
        if found:
            return found
        self._optional = True
        return sorted(p for p in self.path.glob("*.jsonl") if p.is_file() and p.name not in _NOT_EPISODES)

    def formats(self) -> List[str]:
        return sorted({f.fmt for f in self._files.values() if f.fmt})

    def _restart(self) -> None:
        self.generation += 1
        self.episodes = []
        for f in self._files.values():
            f.offset = f.line = 0
            f.fmt = None
            f.head = b""
            f.skipped = None

    def poll(self) -> bool:
        """Read what the files gained since the last call; True when the episodes changed."""
        paths = self._paths()
        changed = False
        for p in paths:
            state = self._files.get(p)
            if state is None:
                name = p.name if p == self.path else str(p.relative_to(self.path))
                state = self._files[p] = _File(p, name, extra=_run_meta(p), optional=self._optional)
            if state.skipped:
                continue
            try:
                size = p.stat().st_size
            except FileNotFoundError:
                continue
            if size < state.offset or (state.head and _read_head(p, len(state.head)) != state.head):
                self._restart()
                return self.poll() or True
            if size > state.offset:
                changed |= self._read(state)
        if not self.wait and not self.episodes:
            self._raise_empty(paths)
        return changed

    def _raise_empty(self, paths: Sequence[Path]) -> None:
        skipped = [f"{f.name}: {f.skipped}" for f in self._files.values() if f.skipped]
        if not paths or len(skipped) == len(paths):
            got = f"a folder whose .jsonl files are none of them ({'; '.join(skipped[:3])})" if skipped else "a folder without one"
            raise ValueError(f"Expected {self.path} to hold a file in one of these formats: {_expected()}; got {got}")
        raise ValueError(f"Expected episodes in {self.path}, got none (an empty file, or a job that has not finished an episode yet)")

    def _read(self, state: _File) -> bool:
        base = state.offset
        with open(state.path, "rb") as fh:
            fh.seek(base)
            data = fh.read()
        size = len(data)
        end = data.rfind(b"\n") + 1
        if end < len(data) and not self.wait:
            # Reading once: a last line without its newline counts if it is whole JSON, and is
            # dropped (a job cut short while writing it) if not.
            try:
                json.loads(data[end:].decode("utf-8"))
                data, end = data + b"\n", len(data) + 1
            except (UnicodeDecodeError, json.JSONDecodeError):
                logger.warning("%s: an unfinished last line (%d bytes) is left out", state.path, len(data) - end)
        if end == 0:
            return False
        if state.offset == 0:
            state.head = data[: min(end, 4096)]
        changed = False
        pos = 0
        while pos < end:
            stop = data.index(b"\n", pos)
            raw, number = data[pos:stop], state.line + 1
            if raw.strip():
                episode = self._episode(state, raw, number)
                if episode is None:
                    return changed
                self.episodes.append(episode)
                changed = True
            # Advanced line by line: after a bad line, the lines before it stay read and the next poll starts at it.
            pos = stop + 1
            state.line = number
            state.offset = base + min(pos, size)
        return changed

    def _episode(self, state: _File, raw: bytes, number: int) -> Optional[Episode]:
        where = f"{state.path}:{number}"
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"Expected {where} to be one JSON object per line ({_expected()}), got invalid JSON: {exc}") from None
        fmt = detect_format(record)
        if state.fmt is None:
            if fmt is None and state.optional:
                state.skipped = _describe(record, state.path)
                logger.info("%s: passed over, %s", state.path, state.skipped)
                return None
            if fmt is None:
                raise ValueError(f"Expected {state.path} to be one of these formats: {_expected()}; got {_describe(record, state.path)}")
            state.fmt = fmt
        elif fmt != state.fmt:
            raise ValueError(f"Expected {where} to be a line of {FORMATS[state.fmt]} like the lines before it, got "
                             f"{FORMATS[fmt] if fmt else _describe(record, state.path)}")
        try:
            episode = normalize(record, state.fmt)
        except ValueError as exc:
            raise ValueError(f"Expected {where} to be a valid line of {FORMATS[state.fmt]}: {exc}") from None
        episode["index"] = len(self.episodes)
        episode["format"] = state.fmt
        episode["file"] = state.name
        episode["line"] = number
        episode["meta"] = [[k, str(v)] for k, v in state.extra] + episode["meta"]
        return episode


def _read_head(path: Path, n: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def _run_meta(path: Path) -> List[Tuple[str, Any]]:
    """Settings recorded beside a trajectories file (eval's run.json), shown with each of its episodes."""
    run = path.parent / "run.json"
    if path.name != "trajectories.jsonl" or not run.is_file():
        return []
    try:
        settings = json.loads(run.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    if not isinstance(settings, Mapping):
        return []
    return [(k, settings[k]) for k in ("policy", "dataset", "split", "reward") if isinstance(settings.get(k), (str, int, float))]


def load_episodes(path: Union[str, "os.PathLike[str]"]) -> EpisodeSource:
    """Read every finished episode under ``path`` now; a path in none of :data:`FORMATS` raises a one-line ``ValueError``."""
    source = EpisodeSource(path)
    source.poll()
    return source
