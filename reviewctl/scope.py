"""Where a finding lives in Python code: the function or class enclosing its lines, found again by name.

Lines move between the review's baseline and the revision being verified; names mostly do not.
"""

from __future__ import annotations

import ast

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _defs(tree: ast.AST, prefix: str = "") -> list[tuple[str, int, int]]:
    """(qualified name, first line, last line) of every function and class, outermost first."""
    out = []
    for node in getattr(tree, "body", []):
        if isinstance(node, _DEFS):
            name = f"{prefix}{node.name}"
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            out.append((name, first, node.end_lineno or node.lineno))
            out += _defs(node, name + ".")
    return out


def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def enclosing(source: str | ast.AST, line: int) -> str | None:
    """Qualified name of the innermost function or class containing `line` (source or parsed tree)."""
    tree = _parse(source) if isinstance(source, str) else source
    spans = [d for d in _defs(tree) if d[1] <= line <= d[2]] if tree else []
    return max(spans, key=lambda d: d[1])[0] if spans else None


def span(source: str, name: str) -> tuple[int, int] | None:
    """Lines of the function or class called `name` (qualified), if it still exists."""
    tree = _parse(source)
    for qualified, first, last in _defs(tree) if tree else []:
        if qualified == name:
            return first, last
    return None
