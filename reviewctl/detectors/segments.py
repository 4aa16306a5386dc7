"""Parse only what a local rule can fire in: the top-level statements holding its needle.

A rule whose instances depend on nothing outside their own top-level statement (an except clause
and its body) does not need the whole module's syntax tree. Cutting a file at top-level
statements and parsing the few that contain the needle is much cheaper on large files; when a
cut is not safe — a statement start that may lie inside a triple-quoted string, or a piece that
does not parse on its own — the caller parses the whole file instead.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right

_CONTINUES = re.compile(r"(?:except|else|elif|finally)\b|[)\]}]")


def local_tree(source: str, needles: list[re.Pattern[str]]) -> ast.Module | None:
    """A module of the top-level statements that contain a needle match, with their real line
    numbers; None when the file cannot be cut safely."""
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    starts = _starts(lines)
    hit_lines = {bisect_right(offsets, m.end() - 1) - 1 for n in needles for m in n.finditer(source)}
    pieces = sorted({bisect_right(starts, i) - 1 for i in hit_lines if i >= starts[0]} if starts else set())
    body: list[ast.stmt] = []
    for p in pieces:
        first, last = starts[p], starts[p + 1] if p + 1 < len(starts) else len(lines)
        if _in_string(source[: offsets[first]]):
            return None
        try:
            tree = ast.parse("".join(lines[first:last]))
        except (SyntaxError, ValueError):
            return None
        body += ast.increment_lineno(tree, first).body
    return ast.Module(body=body, type_ignores=[])


def _starts(lines: list[str]) -> list[int]:
    """Indexes of lines that begin a top-level statement."""
    out = []
    for i, line in enumerate(lines):
        if not line[:1].strip() or line[0] == "#" or _CONTINUES.match(line):
            continue
        if i and lines[i - 1].rstrip("\r\n").endswith("\\"):
            continue
        out.append(i)
    return out


def _in_string(before: str) -> bool:
    """Whether text ending here may be inside a triple-quoted string (an odd count of either kind)."""
    return before.count('"""') % 2 == 1 or before.count("'''") % 2 == 1
