"""One episode as plain text for a terminal, turn by turn; control characters in untrusted text are made visible."""

from __future__ import annotations

import re
from typing import Any, List, Mapping, Optional

__all__ = ["render_episode", "safe_text"]

# C0 controls but tab and newline, DEL, C1 controls (ESC starts ANSI sequences; CSI, OSC...), and
# the bidirectional overrides that can make a terminal show text in an order other than its own.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """``text`` with every control character a terminal would act on shown as ``\\xNN`` / ``\\uNNNN`` instead."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def _counts(label: str, info: Optional[Mapping[str, Any]]) -> Optional[str]:
    if not info:
        return None
    parts = [label + ":"]
    if info.get("passed") is not None:
        parts.append(f"{info['passed']}/{info['total']} passed")
    if info.get("verdict"):
        parts.append(str(info["verdict"]))
    verdicts = info.get("verdicts") or []
    if verdicts:
        shown = " ".join(verdicts[:40]) + (f" ... ({len(verdicts)} tests)" if len(verdicts) > 40 else "")
        parts.append(f"[{shown}]")
    return " ".join(parts)


def _num(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:g}"


def _block(title: str, body: str) -> List[str]:
    return [f"-- {title}", body.rstrip("\n"), ""]


def render_episode(episode: Mapping[str, Any], *, width: int = 100) -> str:
    """The episode (a dict of :mod:`refine_env.viewer.formats`) as plain text: header, then each turn in order."""
    e = episode
    hidden = f"{e['hidden_passed']}/{e['hidden_total']}" if e.get("hidden_total") is not None else "-"
    lines = [
        f"episode {e['index']}: {e['problem']}  agent {e['agent']}  verdict {e['verdict']} (hidden {hidden})  "
        f"reward {_num(e.get('reward'))}  turns {e['turns']}",
        f"from {e['file']} line {e['line']} ({e['format']})" + (f"  sample {e['sample']}" if e.get("sample") is not None else ""),
    ]
    if e.get("meta"):
        lines.append("  ".join(f"{k}: {v}" for k, v in e["meta"]))
    lines.append("")
    if e.get("prompt"):
        lines += _block("task prompt", e["prompt"])
    for i, s in enumerate(e["steps"]):
        label = " · ".join(str(x) for x in (s.get("who"), s.get("phase")) if x)
        intent = s.get("intent") or ("format error" if s.get("format_error") else "no action")
        extra = f"  revision {s['revision']}" if s.get("revision") is not None else ""
        if s.get("own_program"):
            extra += "  (a program of its own; the solution is unchanged)"
        title = f"turn {s['turn'] if s.get('turn') is not None else i + 1}: {intent}" + (f"  [{label}]" if label else "") + extra
        lines += [f"== {title} " + "=" * max(3, width - len(title) - 4), ""]
        if s.get("text") is not None:
            lines += _block("model" if s.get("who") == "model" else "action", s["text"])
        elif s.get("program") is not None:
            lines += _block("program", s["program"])
        if s.get("amended"):
            lines += _block("amended by the agent", s["amended"])
        if s.get("sent"):
            lines += _block("action sent to the env", s["sent"])
        if s.get("diff"):
            lines += _block(f"diff to revision {s['diff_base']}", s["diff"])
        elif s.get("diff_skipped"):
            lines += [f"-- {s['diff_skipped']}", ""]
        if s.get("format_error"):
            lines += [f"-- format error: {s['format_error']}", ""]
        if s.get("feedback") is not None:
            lines += _block("feedback", s["feedback"])
        facts = [x for x in (_counts("public", s.get("public")), _counts("test", s.get("test")),
                             _counts("hidden", s.get("hidden"))) if x]
        if s.get("candidate_public") is not None or s.get("candidate_hidden") is not None:
            yn = {True: "yes", False: "no", None: "-"}
            facts.append(f"best so far passes public: {yn[s.get('candidate_public')]}, hidden: {yn[s.get('candidate_hidden')]}")
        reward = f"reward {_num(s.get('reward'))}"
        if s.get("reward_terms"):
            reward += " (" + ", ".join(f"{k} {_num(v)}" for k, v in s["reward_terms"].items()) + ")"
        facts.append(reward)
        lines += facts + [""]
    return safe_text("\n".join(lines).rstrip("\n") + "\n")
