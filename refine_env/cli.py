"""The ``refine-env`` command: list, show, play, check-dataset, and commands that packages plug in.

Commands that need agents (``demo``, ``eval``, ``pool``, ``bench-rewards``) come from the entry
point group ``refine_env.commands``: each entry names a function ``register(subparsers)``.
``refine_agents`` registers its own there, so this module never imports it.

Every error of a command is one line on stderr and exit code 2; ``--debug`` (before or after the
command) shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from refine_env.problems import load

__all__ = ["main", "build_parser", "COMMAND_GROUP", "MissingExtraError", "require_extra"]

COMMAND_GROUP = "refine_env.commands"

# The extra that installs an optional module, for the message when a command finds it missing.
_EXTRA_OF_MODULE = {
    "torch": "agents", "transformers": "agents", "tokenizers": "agents", "peft": "train", "accelerate": "train",
    "tensorboard": "train", "matplotlib": "plot", "stable_baselines3": "sb3", "datasets": "hf", "ray": "ray",
    "vllm": "vllm", "safetensors": "vllm", "httpx": "agents",
}
# Commands whose heavy dependencies all come with one extra of their own.
_EXTRA_OF_COMMAND = {"train": "train", "bench-rewards": "sb3"}


class MissingExtraError(ImportError):
    """A command needs an optional dependency that is not installed; the message names the extra."""


def require_extra(extra: str, *modules: str, what: str = "") -> None:
    """Raise :class:`MissingExtraError` unless every module is installed (looked up, not imported)."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        subject = f"{what} needs" if what else "needs"
        raise MissingExtraError(f'{subject} the [{extra}] extra ({", ".join(missing)} not installed): '
                                f'pip install "refine-env[{extra}]"')


def cmd_list(args: argparse.Namespace) -> int:
    problems = load(args.dataset, split=args.split, difficulty=args.difficulty)
    width = max((len(p.id) for p in problems), default=2)
    print(f"{'id':<{width}}  {'kind':<5}  {'difficulty':<10}  {'split':<5}  {'tests':>9}  tags")
    for p in problems:
        tests = f"{len(p.public_tests)}+{len(p.hidden_tests)}"
        print(f"{p.id:<{width}}  {p.kind:<5}  {p.difficulty:<10}  {p.split or '-':<5}  {tests:>9}  {', '.join(p.tags)}")
    print(f"{len(problems)} problems")
    return 0


def _find(problems: list, pid: str):
    from refine_env.problems.selection import unknown_id_message

    by_id = {p.id: p for p in problems}
    if pid not in by_id:
        raise ValueError(unknown_id_message(pid, by_id))
    return by_id[pid]


def cmd_show(args: argparse.Namespace) -> int:
    from refine_env import feedback

    problem = _find(load(args.dataset), args.id)
    print(feedback.render_prompt(problem, max_turns=args.max_turns))
    print(f"\n[{problem.id}: {problem.kind}, {problem.difficulty}, tags: {', '.join(problem.tags) or '-'}, "
          f"{len(problem.public_tests)} public and {len(problem.hidden_tests)} hidden tests, checker {problem.checker}, "
          f"split {problem.split or '-'}, source {problem.source or '-'}]")
    if args.solutions:
        for sol in ([problem.reference] if problem.reference else []) + list(problem.mutants):
            label = "reference" if sol is problem.reference else f"{sol.label} (expected {sol.expected_verdict}; {sol.note})"
            print(f"\n--- {label}\n{sol.source.rstrip()}")
    return 0


def _read_block(stream, prompt: str) -> Optional[str]:
    print(prompt)
    lines: List[str] = []
    for line in stream:
        if line.rstrip("\n") == "EOF":
            return "".join(lines)
        lines.append(line)
    return "".join(lines) if lines else None


def cmd_play(args: argparse.Namespace) -> int:
    from refine_env import actions, feedback
    from refine_env.env import RefineCodeEnv

    env = RefineCodeEnv(dataset=args.dataset, max_turns=args.max_turns, reward=args.reward)
    options = {"problem_id": args.problem} if args.problem else None
    if args.problem:
        _find(list(env.problems), args.problem)
    obs, _info = env.reset(seed=args.seed, options=options)
    print(obs)
    print(textwrap.dedent("""
        Commands: run [FILE] | test [FILE] | submit [FILE] | show | quit
        Without FILE, paste your code and end it with a line containing only EOF
        (EOF right away reuses your last program).
        `test` then asks for inputs, separated by lines containing only ---, ended by EOF.
    """))
    stream = sys.stdin
    code: Optional[str] = None
    try:
        while True:
            print("> ", end="", flush=True)
            line = stream.readline()
            if not line:
                return 0
            parts = line.split()
            if not parts:
                continue
            cmd, rest = parts[0], parts[1:]
            if cmd == "quit":
                return 0
            if cmd == "show":
                print(feedback.render_prompt(env.problem, max_turns=env.max_turns))
                continue
            if cmd not in ("run", "test", "submit"):
                print(f"unknown command {cmd!r}; expected run, test, submit, show or quit")
                continue
            if rest:
                try:
                    code = Path(rest[0]).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    # A typo must not end the session and lose the turns played so far.
                    print(f"cannot read {rest[0]!r}: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}; "
                          "try again (the turn was not used)")
                    continue
            else:
                pasted = _read_block(stream, "Paste your program, then a line EOF (EOF alone reuses the last program):")
                if pasted is None:
                    return 0
                if pasted.strip():
                    code = pasted
                elif code is None:
                    print("no program yet: paste one")
                    continue
            if cmd == "run":
                action = actions.run(code)
            elif cmd == "submit":
                action = actions.submit(code)
            else:
                raw = _read_block(stream, "Inputs (separate several by a line ---), then a line EOF:")
                if raw is None:
                    return 0
                inputs = [chunk.lstrip("\n") for chunk in raw.split("---\n")]
                action = actions.test(code, inputs)
            obs, reward, terminated, truncated, _info = env.step(action)
            print(obs)
            if terminated or truncated:
                print(f"Reward: {reward:g}")
                return 0
    finally:
        env.close()


def cmd_check_dataset(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from refine_env.checks import check_problems
    from refine_env.sandbox import Sandbox

    problems = list(load(args.dataset, split=args.split))
    if args.ids:
        from refine_env.problems.selection import unknown_id_message

        wanted = [pid.strip() for pid in args.ids.split(",") if pid.strip()]
        by_id = {p.id: p for p in problems}
        unknown = [pid for pid in wanted if pid not in by_id]
        if unknown:
            # A typo would otherwise check nothing and report success ("0/0 problems pass").
            raise ValueError(unknown_id_message(unknown[0], by_id))
        problems = [p for p in problems if p.id in set(wanted)]
    if args.limit:
        problems = problems[: args.limit]
    include_mutants = not args.references_only
    with_solutions = [p for p in problems if p.reference is not None or (include_mutants and p.mutants)]
    skipped = len(problems) - len(with_solutions)
    jobs = sum((1 if p.reference else 0) + (len(p.mutants) if include_mutants else 0) for p in with_solutions)
    with Sandbox(workers=args.workers) as sandbox, tqdm(total=jobs, desc="checking", unit="solution", disable=args.quiet) as bar:
        reports = check_problems(with_solutions, sandbox, include_mutants=include_mutants, progress=bar.update)
    bad = [r for r in reports if not r.ok]
    for r in reports:
        if r.ok and not args.verbose:
            continue
        status = "ok  " if r.ok else "FAIL"
        ref = f"ref {r.reference.max_time_s:.2f}s / TL {r.time_limit_s:g}s" if r.reference else "no reference"
        print(f"{status} {r.problem_id}: {ref}" + ("" if r.ok else " | " + "; ".join(r.issues)))
    print(f"{len(reports) - len(bad)}/{len(reports)} problems pass the check ({jobs} solutions run)"
          + (f"; {skipped} problems without solutions not checked" if skipped else ""))
    return 1 if bad else 0


def cmd_view(args: argparse.Namespace) -> int:
    from refine_env.viewer.command import run_view

    return run_view(args)


def _plugins() -> Dict[str, Callable[[argparse._SubParsersAction], None]]:
    found: Dict[str, Callable] = {}
    try:
        entries = metadata.entry_points(group=COMMAND_GROUP)
    except TypeError:  # Python < 3.10
        entries = metadata.entry_points().get(COMMAND_GROUP, [])  # type: ignore[attr-defined]
    for ep in entries:
        found[ep.name] = ep.load()
    return found


def _version() -> str:
    from refine_env import __version__

    return f"refine-env {__version__}"


def _add_debug(parser: argparse.ArgumentParser) -> None:
    """``--debug`` on a command and on its own subcommands (``pool build``); the top-level flag stays in force."""
    if "--debug" not in parser._option_string_actions:  # a command may define its own
        parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                            help="show the traceback of an error instead of a one-line message")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _add_debug(child)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="refine-env", description="RefineCode: an RL environment for LLMs that refine their own code.")
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error instead of a one-line message")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("list", help="list the problems of a dataset")
    p.add_argument("--dataset", default="builtin", help="built-in set, a JSONL path, or a dataset path (default: builtin)")
    p.add_argument("--split", choices=("train", "test"))
    p.add_argument("--difficulty", choices=("easy", "medium", "hard"))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show a problem as the agent sees it")
    p.add_argument("id")
    p.add_argument("--dataset", default="builtin")
    p.add_argument("--max-turns", type=int, default=6)
    p.add_argument("--solutions", action="store_true", help="also print the reference and labelled wrong solutions")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("play", help="solve a problem yourself in the terminal: run, test, submit")
    p.add_argument("--problem", help="problem id (default: drawn with --seed)")
    p.add_argument("--dataset", default="builtin")
    p.add_argument("--max-turns", type=int, default=6)
    p.add_argument("--reward", default="binary")
    p.add_argument("--seed", type=int, default=None)
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("check-dataset", help="run every reference and labelled wrong solution; report problems")
    p.add_argument("dataset", help="builtin, a JSONL path, or a dataset path")
    p.add_argument("--split", choices=("train", "test"))
    p.add_argument("--ids", help="comma-separated problem ids")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--references-only", action="store_true", help="skip the labelled wrong solutions (fast)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--verbose", action="store_true", help="also list problems that pass")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_check_dataset)

    p = sub.add_parser("view", help="browse a run's episodes: one offline HTML page, a live page (--serve), or one episode as text")
    p.add_argument("path", help="trajectories.jsonl (eval), a RecordEpisodes JSONL, samples.jsonl (PPO), a pool JSONL, or a run folder")
    p.add_argument("--out", help="the HTML file to write (default: PATH with .html, or PATH/trajectories.html for a folder)")
    p.add_argument("--serve", action="store_true", help="serve a live page on 127.0.0.1 that follows PATH as a job appends to it")
    p.add_argument("--port", type=int, default=8765, help="port of --serve (default 8765; 0: any free port)")
    p.add_argument("--episode", type=int, metavar="N", help="print episode N (the page's # column) as plain text instead")
    p.set_defaults(func=cmd_view)

    for _name, register in sorted(_plugins().items()):
        register(sub)
    for child in sub.choices.values():
        _add_debug(child)
    return parser


def error_message(exc: BaseException, *, command: str) -> str:
    """The one line ``refine-env`` prints for an error of ``command``."""
    if isinstance(exc, ModuleNotFoundError) and not isinstance(exc, MissingExtraError) and exc.name:
        root = exc.name.partition(".")[0]
        extra = _EXTRA_OF_COMMAND.get(command) or _EXTRA_OF_MODULE.get(root)
        if extra is not None:
            return f'needs the [{extra}] extra ({root} not installed): pip install "refine-env[{extra}]"'
    text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__
    if isinstance(exc, (ValueError, OSError, ImportError)):
        # Bad input, a missing file or package, an unreachable server: the message is the whole story.
        return text
    return f"{type(exc).__name__}: {text} (--debug shows the traceback)"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`refine-env list | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:
        if getattr(args, "debug", False):
            raise
        print(f"refine-env {args.command}: {error_message(exc, command=args.command)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
