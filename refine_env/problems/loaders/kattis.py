"""Kattis / problemtools problem packages (the Code Jam and Kick Start archive among them)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import yaml

from refine_env.problems.loaders._common import Context, Converted, build_problem, fail, license_file_near, license_near
from refine_env.problems.model import ProblemFormatError
from refine_env.sandbox.types import Program, SpecialJudge, TestCase

__all__ = ["convert", "records", "convert_package", "Package", "packages", "html_to_text", "tex_to_text", "read_problem_yaml", "is_package", "problem_id", "archive_root"]

_DEFAULT_TIME_S = 2.0
_DEFAULT_MEMORY_MB = 1024


def is_package(folder: Path) -> bool:
    return (folder / "problem.yaml").is_file() and ((folder / "data").is_dir() or (folder / "problem_statement").is_dir())


def packages(root: Path) -> Iterator[Path]:
    """The problem packages at or under ``root``, in path order."""
    if is_package(root):
        yield root
        return
    for yaml_path in sorted(root.rglob("problem.yaml")):
        if is_package(yaml_path.parent):
            yield yaml_path.parent


def read_problem_yaml(text: str, where: str) -> Dict[str, Any]:
    """problem.yaml as a mapping (PyYAML's safe loader: flow collections, lists and nesting as YAML means them)."""
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        raise ProblemFormatError(f"{where}{at}: not valid YAML ({problem})") from None
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise ProblemFormatError(f"{where}: expected a mapping of keys to values, got a YAML {type(config).__name__}")
    return config


def problem_id(folder: Path, root: Path) -> str:
    """``kattis/`` and the package's path under ``root``: unique across the archive (Code Jam reuses names)."""
    try:
        relative = folder.relative_to(root)
    except ValueError:
        relative = Path(folder.name)
    return "kattis/" + (relative.as_posix() if relative.parts else folder.name)


def archive_root(folder: Path, fallback: Path, *, levels: int) -> Path:
    """The folder that holds the archive's LICENSE (up to ``levels`` above the package), else ``fallback``.

    Ids are paths under this root, so a problem has the same id whether the whole archive, one
    contest's folder or the package alone is loaded.
    """
    found = license_file_near(folder.parent, levels=levels - 1)
    return found.parent if found is not None else fallback


LICENSE_LEVELS = 5
"""How far above a package its archive's LICENSE may sit (codejam/2008/round/problem)."""


@dataclass(frozen=True)
class Package:
    """A package folder found under the path loaded, with its problem id and its archive's license."""

    folder: Path
    pid: str
    license: str


def records(path: Path) -> Iterator[Tuple[str, Package]]:
    """``(where, package)`` for each package at or under ``path``, in path order."""
    # Ids are paths under the archive root (the folder of its LICENSE, which sits above
    # codejam/2008/round/problem), else under the folder loaded.
    fallback = path.parent if is_package(path) else path
    for folder in packages(path):
        root = archive_root(folder, fallback, levels=LICENSE_LEVELS)
        yield str(folder), Package(folder, problem_id(folder, root), license_near(folder, levels=LICENSE_LEVELS))


def convert_package(package: Package, where: str, ctx: Context) -> Converted:
    """:func:`convert` for a package that :func:`records` found: its id and license come with it."""
    return convert(package.folder, where, Context(license=package.license), pid=package.pid)


_TEX_SYMBOLS = {
    r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥", r"\lt": "<", r"\gt": ">", r"\ne": "≠", r"\neq": "≠",
    r"\times": "×", r"\cdot": "·", r"\ldots": "...", r"\dots": "...", r"\cdots": "...", r"\vdots": "...",
    r"\infty": "∞", r"\longrightarrow": "→", r"\Rightarrow": "⇒", r"\Leftarrow": "⇐", r"\Leftrightarrow": "⇔",
    r"\mapsto": "↦", r"\neg": "¬", r"\wedge": "∧", r"\land": "∧", r"\vee": "∨", r"\lor": "∨", r"\oplus": "⊕",
    r"\mid": "|", r"\vert": "|", r"\lvert": "|", r"\rvert": "|", r"\langle": "⟨", r"\rangle": "⟩", r"\lbrace": "\x02",
    r"\rbrace": "\x03", r"\dagger": "†", r"\circ": "∘", r"\prime": "'", r"\forall": "∀", r"\exists": "∃", r"\pm": "±", r"\to": "→", r"\rightarrow": "→", r"\leftarrow": "←", r"\sum": "∑", r"\prod": "∏",
    r"\in": "∈", r"\notin": "∉", r"\subseteq": "⊆", r"\cup": "∪", r"\cap": "∩", r"\lfloor": "⌊", r"\rfloor": "⌋",
    r"\lceil": "⌈", r"\rceil": "⌉", r"\approx": "≈", r"\equiv": "≡", r"\pmod": "mod", r"\bmod": "mod", r"\mod": "mod",
    r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\epsilon": "ε", r"\lambda": "λ", r"\mu": "μ",
    r"\pi": "π", r"\sigma": "σ", r"\theta": "θ", r"\phi": "φ", r"\omega": "ω", r"\Delta": "Δ", r"\sqrt": "√",
    r"\{": "\x02", r"\}": "\x03", r"\%": "%", r"\$": "$", r"\_": "_", r"\&": "&", r"\#": "#", r"\,": " ", r"\;": " ",
    r"\!": "", r"\ ": " ", r"\quad": " ", r"\qquad": " ", r"\left": "", r"\right": "", r"\displaystyle": "",
}
_TEX_WRAPPERS = re.compile(r"\\(?:mathbf|mathit|mathrm|mathtt|textbf|textit|text|texttt|mbox|boldsymbol|operatorname|underline|overline|hat|bar|tilde|vec)\s*\{([^{}]*)\}")


def tex_to_text(tex: str) -> str:
    """MathJax TeX as plain readable text: ``\\mathbf{N} \\le 10^{9}`` becomes ``N ≤ 10^9``."""
    text = tex
    for _ in range(4):  # nested wrappers, innermost first
        text = _TEX_WRAPPERS.sub(r"\1", text)
    text = re.sub(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"(\1)/(\2)", text)
    text = re.sub(r"\\[a-zA-Z]+|\\[{}%$_&#,;! ]", lambda m: _TEX_SYMBOLS.get(m.group(0), m.group(0)[1:]), text)
    text = re.sub(r"([\^_])\{([^{}]*)\}", lambda m: m.group(1) + (m.group(2) if len(m.group(2)) == 1 or re.fullmatch(r"[\w-]+", m.group(2)) else f"({m.group(2)})"), text)
    # Literal braces (\{ \}) were parked as control characters while TeX's grouping braces go.
    text = text.replace("{", "").replace("}", "").replace("\x02", "{").replace("\x03", "}")
    return re.sub(r"[ \t]+", " ", text).strip()


def _math(text: str) -> str:
    text = re.sub(r"\$\$\$\$(.+?)\$\$\$\$", lambda m: tex_to_text(m.group(1)), text, flags=re.S)
    return re.sub(r"\$\$\$(.+?)\$\$\$", lambda m: tex_to_text(m.group(1)), text, flags=re.S)


_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "pre", "blockquote", "section"}
_SKIP = {"head", "script", "style", "noscript", "title"}


class _StatementParser(HTMLParser):
    """problem.html as text; the sample boxes are left out of the text and kept as samples."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: List[str] = []
        self.title = ""
        self.samples: List[str] = []
        self._skip = 0
        self._pre = 0
        self._sample_depth = 0
        self._div_depth = 0
        self._in_h1 = False
        self._sample_pre: Optional[List[str]] = None

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        attr = dict(attrs)
        if tag in _SKIP:
            self._skip += 1
            return
        if tag == "div":
            self._div_depth += 1
            if not self._sample_depth and (attr.get("class") or "").startswith("problem-io-wrapper"):
                self._sample_depth = self._div_depth
        if self._sample_depth:
            if tag == "pre":
                self._sample_pre = []
            return
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK:
            self.parts.append("\n\n")
        if tag == "pre":
            self._pre += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n  * ")
        elif tag == "sup":
            self.parts.append("^")
        elif tag == "sub":
            self.parts.append("_")
        elif tag == "img":
            self.parts.append(" [image] ")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "div":
            if self._sample_depth == self._div_depth:
                self._sample_depth = 0
            self._div_depth -= 1
            if self._sample_depth:
                return
        if self._sample_depth:
            if tag == "pre" and self._sample_pre is not None:
                self.samples.append("".join(self._sample_pre))
                self._sample_pre = None
            return
        if tag == "h1":
            self._in_h1 = False
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._sample_depth:
            if self._sample_pre is not None:
                self._sample_pre.append(data)
            return
        if self._in_h1:
            self.title += data
        if self._pre:
            self.parts.append("\x00" + data.replace("\n", "\x01") + "\x00")
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(source: str) -> Tuple[str, str, List[str]]:
    """``(title, text, sample_pre_blocks)`` of a Code Jam ``problem.html``."""
    parser = _StatementParser()
    parser.feed(source)
    parser.close()
    text = _math("".join(parser.parts))
    # Preformatted text was shielded from whitespace folding; restore its newlines now.
    lines = [line.strip() if "\x00" not in line else line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).replace("\x00", "").replace("\x01", "\n")
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # The sample boxes left their heading behind when nothing (no explanation) follows them.
    text = re.sub(r"\n+\s*Samples?\s*$", "", text)
    return " ".join(parser.title.split()), text, parser.samples


def _drop_heading(text: str, title: str) -> str:
    """The statement without the contest line and the title heading it opens with."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:6]):
        if title and line.strip() == title:
            return "\n".join(lines[i + 1 :]).strip()
    return text


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _natural(path: Path) -> List[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def _pairs_in(package: Path, sub: str, where: str) -> List[Tuple[Path, TestCase]]:
    """``(path, test)`` of each ``.in``/``.ans`` pair under ``package/sub``, in natural order."""
    folder = package / sub
    found: List[Tuple[Path, TestCase]] = []
    if not folder.is_dir():
        return found
    for inp in sorted(folder.rglob("*.in"), key=_natural):
        ans = inp.with_suffix(".ans")
        if not ans.is_file():
            raise ProblemFormatError(f"{where}: file {str(ans.relative_to(package))!r}: missing (expected the answer to {inp.name})")
        found.append((inp, TestCase(_read(inp), _read(ans))))
    return found


def _statement_samples(statement_dir: Path) -> List[TestCase]:
    samples = []
    for inp in sorted(statement_dir.glob("*_sample_ts*_input.txt"), key=_natural):
        out = inp.with_name(inp.name.replace("_input.txt", "_output.txt"))
        if out.is_file():
            samples.append(TestCase(_read(inp), _read(out)))
    return samples


def _pre_samples(blocks: List[str]) -> List[TestCase]:
    texts = [html.unescape(b).strip("\n").rstrip() + "\n" for b in blocks]
    return [TestCase(texts[i], texts[i + 1]) for i in range(0, len(texts) - 1, 2)]


class _FlagError(ValueError):
    pass


def float_checker(flags: str) -> Optional[str]:
    """The checker spec for problemtools' default validator flags; None if no float tolerance is set."""
    tokens = flags.split()
    values: Dict[str, float] = {}
    for name in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
        if name in tokens:
            i = tokens.index(name)
            try:
                values[name] = float(tokens[i + 1])
            except (IndexError, ValueError):
                raise _FlagError(f"a number after {name}") from None
    if not values:
        return None
    both = values.get("float_tolerance")
    abs_tol = values.get("float_absolute_tolerance", both if both is not None else 0.0)
    rel_tol = values.get("float_relative_tolerance", both if both is not None else 0.0)
    if abs_tol == rel_tol:
        return f"float:{abs_tol:g}"
    return f"float:abs={abs_tol:g},rel={rel_tol:g}"


_VALIDATOR_LANGUAGES = {".py": "python", ".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp"}


def output_validator(folder: Path, flags: str) -> Tuple[Optional[SpecialJudge], str]:
    """The package's custom output validator as a special judge, or None and why it cannot be one.

    problemtools runs ``validator input answer feedback_dir [flags] < output`` and reads exit 42
    (accepted) or 43 (wrong answer): the ``kattis`` protocol of :class:`SpecialJudge`. A
    validator of one source file (Python or C++) is supported; one that spans several files
    (problemtools' ``validate.h`` helpers, a build script) is not.
    """
    root = folder / "output_validators"
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    sources = [p for p in files if p.suffix in _VALIDATOR_LANGUAGES]
    if not sources:
        return None, "custom output validator (no Python or C++ source in output_validators/)"
    if len(files) != 1:
        return None, f"custom output validator ({len(files)} files; only single-file validators are supported)"
    path = sources[0]
    program = Program(_VALIDATOR_LANGUAGES[path.suffix], path.read_text(encoding="utf-8", errors="replace"))
    return SpecialJudge(program, protocol="kattis", args=tuple(flags.split())), f"output validator {path.relative_to(folder)}"


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _yaml_limits(raw: Any, where: str) -> Tuple[Optional[float], Optional[int]]:
    """``(seconds, MB)`` from problem.yaml's ``limits`` (``time_limit``, ``memory`` in MB); None where unset."""
    if raw is None:
        return None, None
    if not isinstance(raw, dict):
        raise fail(where, "limits", "a mapping such as {time_limit: 5, memory: 2048}", raw)
    time_s, memory_mb = raw.get("time_limit"), raw.get("memory")
    if time_s is not None and not _positive(time_s):
        raise fail(where, "limits.time_limit", "a positive number of seconds", time_s)
    if memory_mb is not None and not _positive(memory_mb):
        raise fail(where, "limits.memory", "a positive number of MB", memory_mb)
    return (None if time_s is None else float(time_s)), (None if memory_mb is None else int(memory_mb))


_LIMIT_TIME = re.compile(r"Time limit:\s*([\d.]+)\s*seconds?", re.I)
_LIMIT_MEMORY = re.compile(r"Memory limit:\s*([\d.]+)\s*(GB|MB)", re.I)


def _statement(folder: Path, where: str) -> Tuple[str, str, List[str]]:
    """``(title, text, <pre> blocks)`` of problem_statement/problem.html, else of its Markdown statement."""
    statement_dir = folder / "problem_statement"
    html_path = statement_dir / "problem.html"
    if html_path.is_file():
        return html_to_text(_read(html_path))
    md = next((p for p in (statement_dir / "problem.md", statement_dir / "problem.en.md") if p.is_file()), None)
    if md is None:
        raise ProblemFormatError(f"{where}: file 'problem_statement/problem.html': missing (expected the statement)")
    return "", _math(_read(md)), []


def _tests(folder: Path, where: str, pre_blocks: List[str]) -> Tuple[List[TestCase], List[TestCase], Dict[str, Any]]:
    """``(public, hidden, metadata)``: samples from data/sample, the statement's files or its <pre> boxes; data/secret."""
    package_samples = [t for _, t in _pairs_in(folder, "data/sample", where)]
    samples = package_samples + [t for t in _statement_samples(folder / "problem_statement") if t not in package_samples]
    sources = (["data/sample"] if package_samples else []) + (["the statement's sample files"] if len(samples) > len(package_samples) else [])
    if not samples:
        samples = _pre_samples(pre_blocks)
        sources = ["the statement's <pre> sample boxes"] if samples else []
    sample_method = " and ".join(sources)
    secret = _pairs_in(folder, "data/secret", where)
    if not secret and not samples:
        raise ProblemFormatError(f"{where}: folder 'data/secret': missing (expected .in/.ans test files)")
    hidden = [t for _, t in secret]
    metadata: Dict[str, Any] = {"package": folder.name, "hidden_files": [str(p.relative_to(folder)) for p, _ in secret]}
    if not samples:
        samples = hidden[:1]
        metadata["split_method"] = "no samples: the first data/secret test shown as public; hidden: data/secret (one test per .in file)"
    elif not hidden:
        hidden = samples
        metadata["split_method"] = f"public: samples from {sample_method}; no data/secret: hidden repeats them"
    else:
        metadata["split_method"] = f"public: samples from {sample_method}; hidden: data/secret (one test per .in file)"
    return samples, hidden, metadata


def _judging(folder: Path, config: Dict[str, Any], yaml_path: Path, metadata: Dict[str, Any]) -> Tuple[str, Optional[SpecialJudge]]:
    """The checker spec and the special judge, if any; an interactive or unsupported validator marks the problem unjudgeable."""
    flags = str(config.get("output_validator_flags") or "")
    try:
        checker = float_checker(flags)
    except _FlagError as exc:
        raise fail(str(yaml_path), "output_validator_flags", str(exc), flags) from None
    if checker is None:
        # problemtools' default validator ignores case unless told case_sensitive.
        checker = "tokens" if "case_sensitive" in flags.split() else "case_insensitive"
    validation = str(config.get("validation") or "default")
    problem_type = str(config.get("type") or "")
    if "interactive" in validation or "interactive" in problem_type:
        metadata.update(judgeable=False, unjudgeable_reason="interactive problem (needs the package's interactor)")
    special_judge: Optional[SpecialJudge] = None
    if validation.startswith("custom") or (folder / "output_validators").is_dir():
        special_judge, reason = output_validator(folder, flags)
        if special_judge is None:
            metadata.update(judgeable=False, unjudgeable_reason=reason)
        else:
            metadata["special_judge"] = reason
    return checker, special_judge


def _limits(config: Dict[str, Any], text: str, yaml_path: Path) -> Tuple[Optional[float], Optional[int]]:
    """problem.yaml's limits, else the ones the statement states; None where neither says."""
    time_s, memory_mb = _yaml_limits(config.get("limits"), str(yaml_path))
    m = _LIMIT_TIME.search(text)
    if time_s is None and m:
        time_s = float(m.group(1))
    m2 = _LIMIT_MEMORY.search(text)
    if memory_mb is None and m2:
        memory_mb = int(float(m2.group(1)) * (1024 if m2.group(2).upper() == "GB" else 1))
    return time_s, memory_mb


def _tags(keywords: Any) -> Tuple[str, ...]:
    # The legacy format writes keywords as one space-separated string, the current one as a list.
    if isinstance(keywords, str):
        return tuple(k for k in re.split(r"[,\s]+", keywords) if k)
    if isinstance(keywords, list):
        return tuple(str(k) for k in keywords if k is not None and str(k))
    return ()


def convert(folder: Path, where: str, ctx: Context, *, pid: Optional[str] = None) -> Converted:
    """One package folder: problem.yaml, problem_statement/problem.html, data/sample and data/secret.

    ``pid`` is the problem's id (:func:`problem_id`); without it, ``kattis/<folder name>``.
    """
    yaml_path = folder / "problem.yaml"
    config = read_problem_yaml(_read(yaml_path), str(yaml_path))
    html_title, text, pre_blocks = _statement(folder, where)
    name = config.get("name")
    if isinstance(name, dict):  # problem.yaml may give names per language
        name = name.get("en") or next(iter(name.values()), "")
    title = str(name or html_title or folder.name)
    samples, hidden, metadata = _tests(folder, where, pre_blocks)
    for key in ("source", "author", "type"):
        if config.get(key) is not None:
            metadata[key] = config[key]
    checker, special_judge = _judging(folder, config, yaml_path, metadata)
    time_s, memory_mb = _limits(config, text, yaml_path)
    license_name = config.get("license") if isinstance(config.get("license"), str) else None
    return build_problem(
        where,
        id=pid or f"kattis/{folder.name}",
        title=title,
        statement=_drop_heading(text, html_title or title),
        kind="stdin",
        public_tests=tuple(samples),
        hidden_tests=tuple(hidden),
        time_limit_s=min(time_s or _DEFAULT_TIME_S, 3600.0),
        memory_limit_mb=memory_mb or _DEFAULT_MEMORY_MB,
        checker=checker,
        source=f"Kattis package ({config['source']})" if config.get("source") else "Kattis package",
        license=license_name or ctx.license,
        tags=_tags(config.get("keywords")),
        metadata=metadata,
        special_judge=special_judge,
    )
