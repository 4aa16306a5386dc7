"""Where a finding lives in code: the function or class enclosing its lines, found again by name.

Lines move between the review's baseline and the revision being verified; names mostly do not.
Python is read with its own AST; other languages with ast-grep (tree-sitter), when it knows them.
"""

from __future__ import annotations

import ast
from functools import cache
from typing import Any

from reviewctl.languages import grammar

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_KINDS = [  # tree-sitter node kinds that open a named scope, across grammars
    f"{what}_{form}"
    for what in ("function", "method", "class", "struct", "mod", "trait", "interface", "enum", "constructor", "object")
    for form in ("item", "declaration", "definition")
] + ["method", "singleton_method", "class", "module"]  # Ruby
Def = tuple[str, int, int]  # (qualified name, first line, last line)


def _defs(tree: ast.AST, prefix: str = "") -> list[Def]:
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


@cache
def _kinds(lang: str) -> tuple[str, ...]:
    """The scope kinds this grammar has (ast-grep refuses a rule that names a kind it does not know)."""
    from ast_grep_py import SgRoot

    root = SgRoot("", lang).root()
    out = []
    for kind in _KINDS:
        try:
            root.find({"rule": {"kind": kind}})
        except Exception:  # ast-grep refuses a kind its grammar lacks (RuntimeError or Exception)
            continue
        out.append(kind)
    return tuple(out)


def _grep_defs(source: str, lang: str) -> list[Def]:
    """Named scopes of a non-Python file, qualified by the named scopes around them."""
    from ast_grep_py import SgRoot

    out = []
    kinds = _kinds(lang)
    for node in SgRoot(source, lang).root().find_all({"rule": {"any": [{"kind": k} for k in kinds]}}) if kinds else []:
        names = [_name(n) for n in [*reversed(node.ancestors()), node] if n.kind() in _KINDS]
        if _name(node) is not None:
            where = node.range()
            out.append((".".join(n.text() for n in names if n is not None), where.start.line + 1, where.end.line + 1))
    return out


def _name(node: Any) -> Any:
    """The node naming a scope: its `name`, or in C/C++ the innermost declarator (`Foo::bar` of a definition)."""
    name = node.field("name")
    if name is None and (declarator := node.field("declarator")) is not None:
        while declarator.field("declarator") is not None:
            declarator = declarator.field("declarator")
        name = declarator
    return name


def definitions(source: str | ast.AST, path: str = "x.py") -> list[Def]:
    """Every named scope of a file (Python source or tree; other languages by `path`)."""
    lang = grammar(path)
    if isinstance(source, ast.AST) or lang == "python":
        tree = _parse(source) if isinstance(source, str) else source
        return _defs(tree) if tree else []
    return _grep_defs(source, lang) if lang else []


def enclosing(source: str | ast.AST, line: int, path: str = "x.py") -> str | None:
    """Qualified name of the innermost function or class containing `line`."""
    return innermost(definitions(source, path), line)


def innermost(defs: list[Def], line: int) -> str | None:
    """The innermost of `defs` containing `line`."""
    spans = [d for d in defs if d[1] <= line <= d[2]]
    return max(spans, key=lambda d: d[1])[0] if spans else None


def span(source: str, name: str, path: str = "x.py") -> tuple[int, int] | None:
    """Lines of the function or class called `name` (qualified), if it still exists."""
    for qualified, first, last in definitions(source, path):
        if qualified == name:
            return first, last
    return None
