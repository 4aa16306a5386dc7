"""Run a rule's detector on one file's text: parse, detect, drop suppressed instances.

Detectors read code as text or AST; nothing here imports or executes the code it reads.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

from reviewctl.detectors import grep, python, text  # noqa: F401  (register the detectors)
from reviewctl.detectors.registry import DETECTORS, LOCAL, NEEDLES, Context, Hit
from reviewctl.detectors.segments import local_tree

_SUPPRESS = re.compile(
    r"(?:#|//)\s*(?:noqa(?::\s*(?P<codes>[\w, -]+))?|reviewctl:\s*ignore(?:\[(?P<rules>[\w, -]+)\])?)", re.I
)


@dataclass(frozen=True)
class Instance:
    rule: str
    path: str
    line: int
    end_line: int
    snippet: str
    suppressed: bool = False
    symbol: str | None = None  # the enclosing function or class, where known
    col: int = 1


class ParseFailure(Exception):
    """The file is not valid source for its detector (reported as unverifiable, never raised out)."""


def run(rule: object, source: str, ctx: Context) -> list[Instance]:
    """Instances of `rule` in `source`, suppressed ones marked (not dropped) so they can be reported."""
    return run_many([rule], source, ctx)


def worth_parsing(rule: object, source: str) -> bool:
    """Cheap text test: a file without the detector's needle cannot contain an instance."""
    needle, own = NEEDLES.get(rule.detector), rule.options.get("needle")
    return (needle is None or needle.search(source) is not None) and (own is None or re.search(own, source) is not None)


def run_many(rules: list, source: str, ctx: Context, *, symbols: bool = False) -> list[Instance]:
    """Instances of several rules in one file, parsing it at most once (`symbols`: name the
    enclosing function or class of each Python instance)."""
    todo = [r for r in rules if worth_parsing(r, source)]
    tree = None
    out: list[Instance] = []
    for rule in todo:
        kind, fn = DETECTORS[rule.detector]
        if kind == "python":
            tree = tree or _tree(todo, source, ctx)
            hits = [Hit(n.lineno, getattr(n, "end_lineno", None) or n.lineno, n.col_offset + 1) for n in fn(tree, ctx)]
        else:
            hits = list(fn(source, ctx, **rule.options))
        out += _instances(rule, hits, source, ctx)
    if symbols and out:
        from reviewctl.scope import definitions, innermost

        defs = definitions(tree if tree is not None else source, ctx.path)
        out = [replace(i, symbol=innermost(defs, i.line)) for i in out]
    return out


def _tree(rules: list, source: str, ctx: Context) -> ast.AST:
    """The syntax tree the Python rules need: only the statements holding their needles when every one
    of them is local (see segments.py), else the whole module."""
    names = [r.detector for r in rules if DETECTORS[r.detector][0] == "python"]
    if names and all(d in LOCAL for d in names):
        tree = local_tree(source, [NEEDLES[d] for d in names])
        if tree is not None:
            return tree
    return _parse(source, ctx)


def _parse(source: str, ctx: Context) -> ast.AST:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError) as exc:
        raise ParseFailure(f"{ctx.path}: cannot parse as Python ({exc.__class__.__name__})") from None


def _instances(rule: object, hits: list[Hit], source: str, ctx: Context) -> list[Instance]:
    lines = source.splitlines()
    out = []
    for h in sorted(set(hits), key=lambda h: (h.line, h.col, h.end_line)):
        snippet = lines[h.line - 1].strip() if 0 < h.line <= len(lines) else ""
        out.append(Instance(rule.id, ctx.path, h.line, h.end_line, snippet, _suppressed(lines, h, rule), col=h.col))
    return out


def _suppressed(lines: list[str], hit: Hit, rule: object) -> bool:
    line = lines[hit.line - 1] if 0 < hit.line <= len(lines) else ""
    m = _SUPPRESS.search(line)
    if not m:
        return False
    if "reviewctl" in m.group().lower():
        named = m.group("rules")
        return named is None or rule.id in {r.strip() for r in named.split(",")}
    codes = m.group("codes")  # flake8-style codes (letters then digits); prose after them is a comment
    named = {c.upper() for c in re.findall(r"\b[A-Za-z]+\d+\b", codes or "")}
    return not named or bool(named & {c.upper() for c in rule.noqa})
