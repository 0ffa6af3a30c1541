"""YAML as configs mean it: PyYAML's safe loader, reading ``1e-5`` as a float (YAML 1.2) and errors as one line."""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["Loader", "load", "error_text"]


class Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that also reads ``1e-5``, ``1E5`` and ``2.5e3`` as floats.

    PyYAML implements YAML 1.1, whose floats need a dot and a signed exponent: ``1e-5``, the
    way everyone writes a learning rate, comes back as the string ``'1e-5'``. YAML 1.2 (and
    JSON) read it as a number; this resolver does the same. Integers stay integers.
    """


Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                  |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                  |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
                  |[-+]?\.(?:inf|Inf|INF)
                  |\.(?:nan|NaN|NAN))$""", re.X),
    list("-+0123456789."),
)


def error_text(exc: yaml.YAMLError) -> str:
    """A PyYAML error in one line: where (line and column, counted from 1) and what is wrong."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    text = f"a syntax error at line {mark.line + 1}, column {mark.column + 1}: {problem}" if mark is not None else f"a syntax error: {problem}"
    if context:
        text += f" ({context}" + (f" from line {context_mark.line + 1}, column {context_mark.column + 1})" if context_mark else ")")
    return text


def load(text: str, *, where: str = "<string>") -> Any:
    """Parse ``text`` with :class:`Loader`; a syntax error raises ``ValueError`` naming ``where``, the line and column."""
    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader
    except yaml.YAMLError as exc:
        raise ValueError(f"Expected {where} to be valid YAML, got {error_text(exc)}") from None
