"""Command-line flags generated from a config dataclass: name, type, default and help from each field."""

from __future__ import annotations

import argparse
import ast
import dataclasses
import functools
import inspect
import re
import textwrap
import typing
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

__all__ = ["Flag", "ConfigFlags", "field_docs", "SPLIT"]

_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")  # :func:`x` and :data:`x` read as x on a terminal


@dataclass(frozen=True)
class Flag:
    """Where one field's flag departs from the rule (the rule: everything from the field itself)."""

    help: Optional[str] = None
    """Replaces the field's docstring as the flag's help, for a flag that means more than the field."""
    choices: Optional[Tuple[str, ...]] = None
    """The values the flag accepts."""
    none: Optional[str] = None
    """The word that stands for None on the command line (``--split all``); it is then the shown default."""
    aliases: Tuple[str, ...] = ()
    """More option strings for the same flag (``--steps`` for ``--total-steps``)."""


SPLIT = Flag(choices=("train", "test", "all"), none="all")
"""A dataset split flag: ``all`` on the command line is None (every problem) in the config."""


@dataclass(frozen=True)
class _Spec:
    name: str
    flag: str
    kind: type  # the scalar type: str, int, float or bool
    is_list: bool
    default: Any  # dataclasses.MISSING when the field has none
    tweak: Flag


@functools.cache
def field_docs(cls: type) -> Dict[str, str]:
    """The attribute docstrings of a dataclass's fields: the string literal right after each field, base classes first."""
    docs: Dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not dataclasses.is_dataclass(klass):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError):  # no source (built in a REPL, frozen): the flags get the fallback help
            continue
        body = tree.body[0].body  # type: ignore[attr-defined]
        for node, after in zip(body, body[1:]):
            if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)):
                docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def _terminal_text(doc: str) -> str:
    """A docstring as one line of help: reST markup dropped, and argparse's ``%`` escaped."""
    text = " ".join(_ROLE.sub(r"\1", doc).replace("``", "").split())
    return text.replace("%", "%%")


def _scalar_and_shape(hint: Any) -> Tuple[Optional[type], bool]:
    """``(scalar type, is a list)`` of an annotation, ``Optional`` looked through; the type is None where no flag can say it."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            return None, False
        hint = rest[0]
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    is_list = origin in (tuple, list)
    if is_list:
        items = {a for a in args if a is not Ellipsis}
        if len(items) != 1:
            return None, False
        hint = items.pop()
    return (hint if hint in (str, int, float, bool) and not (is_list and hint is bool) else None), is_list


def _show(value: Any) -> str:
    return ",".join(str(v) for v in value) if isinstance(value, (tuple, list)) else str(value)


class ConfigFlags:
    """The flags of a config dataclass's fields, and the inverse: the config's keyword arguments from parsed flags.

    Each field ``max_turns`` becomes ``--max-turns`` with the field's type (``bool``: ``--x/--no-x``;
    a tuple: one comma-separated value; ``Optional``: the inner type), its default (a field without
    one is a required flag) and its docstring as help. ``unset=True`` gives every flag no default
    (a flag not given stays out of :meth:`kwargs`): for flags layered over a config file.
    """

    def __init__(self, cls: type, *, skip: Sequence[str] = (), flags: Optional[Mapping[str, Flag]] = None,
                 unset: bool = False) -> None:
        names = [f.name for f in dataclasses.fields(cls)]
        tweaks = dict(flags or {})
        unknown = [n for n in list(skip) + list(tweaks) if n not in names]
        if unknown:
            raise ValueError(f"Expected fields of {cls.__name__}, got unknown {unknown[0]!r}")
        self.cls, self.unset = cls, unset
        hints = typing.get_type_hints(cls)
        self.specs: Tuple[_Spec, ...] = tuple(
            self._spec(f, hints[f.name], tweaks.get(f.name, Flag())) for f in dataclasses.fields(cls)
            if f.init and f.name not in skip)

    def _spec(self, field: dataclasses.Field, hint: Any, tweak: Flag) -> _Spec:
        kind, is_list = _scalar_and_shape(hint)
        if kind is None:
            raise TypeError(f"Expected {self.cls.__name__}.{field.name} to have a type a flag can take (str, int, float, "
                            f"bool, Optional or a tuple of them), got {hint!r}: skip it")
        default = field.default
        if default is dataclasses.MISSING and field.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
            default = field.default_factory()  # type: ignore[misc]
        return _Spec(field.name, "--" + field.name.replace("_", "-"), kind, is_list, default, tweak)

    def add_to(self, parser: Any) -> None:
        """Add one flag per field to ``parser`` (an ``ArgumentParser`` or an argument group)."""
        docs = field_docs(self.cls)
        for spec in self.specs:
            text = spec.tweak.help or _terminal_text(docs.get(spec.name) or f"{self.cls.__name__}.{spec.name}")
            options = self._options(spec)
            shown = self._shown_default(spec)
            if shown is not None and not _appends_default(options):
                text += f" (default: {shown.replace('%', '%%')})"
            parser.add_argument(spec.flag, *spec.tweak.aliases, help=text, **options)

    def _options(self, spec: _Spec) -> Dict[str, Any]:
        """``add_argument``'s keywords for one field, all but the help."""
        options: Dict[str, Any] = {"dest": spec.name}
        if spec.kind is bool:
            options["action"] = argparse.BooleanOptionalAction
        elif spec.is_list:  # one value, split by kwargs(): a bad item is then one "Expected ..." line
            options.update(type=str, metavar=f"{spec.kind.__name__.upper()}[,...]")
        else:
            options["type"] = spec.kind
        if spec.tweak.choices is not None:
            options["choices"] = spec.tweak.choices
            options.pop("metavar", None)
        if self.unset:
            options["default"] = argparse.SUPPRESS
        elif spec.default is dataclasses.MISSING:
            options["required"] = True
        elif spec.is_list or (spec.default is None and spec.tweak.none):
            options["default"] = self._shown_default(spec)  # the text the flag takes, turned back by kwargs()
        else:
            options["default"] = spec.default
        return options

    @staticmethod
    def _shown_default(spec: _Spec) -> Optional[str]:
        if spec.default is dataclasses.MISSING:
            return None
        if spec.default is None:
            return spec.tweak.none
        return _show(spec.default) or None  # an empty default ("no model yet") says nothing

    def kwargs(self, args: argparse.Namespace) -> Dict[str, Any]:
        """The config's keyword arguments from ``args``: comma lists split and typed, the None word as None."""
        out: Dict[str, Any] = {}
        for spec in self.specs:
            if not hasattr(args, spec.name):
                continue  # an unset flag (``unset=True``) that was not given
            value = getattr(args, spec.name)
            if spec.tweak.none is not None and value == spec.tweak.none:
                value = None
            elif spec.is_list and isinstance(value, str):
                value = _parse_list(value, spec)
            out[spec.name] = value
        return out


def _parse_list(text: str, spec: _Spec) -> Tuple[Any, ...]:
    parts = tuple(part.strip() for part in text.split(",") if part.strip())
    if spec.kind is str:
        return parts
    try:
        return tuple(spec.kind(part) for part in parts)
    except ValueError:
        what = "integers" if spec.kind is int else "numbers"
        raise ValueError(f"Expected {spec.flag} to be comma-separated {what}, got {text!r}") from None


def _appends_default(options: Mapping[str, Any]) -> bool:
    """Whether argparse itself adds " (default: ...)" to this flag's help (BooleanOptionalAction does before 3.14)."""
    action = options.get("action")
    if action is not argparse.BooleanOptionalAction or options.get("default") in (None, argparse.SUPPRESS):
        return False
    return _boolean_action_appends()


@functools.cache
def _boolean_action_appends() -> bool:
    return argparse.BooleanOptionalAction(["--x"], "x", default=False, help="h").help != "h"
