"""Text detectors for other languages: comments and strings are blanked first, so they never match."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewctl.detectors.registry import Context, Hit, detector

text_detector = detector("text")
_C_LIKE = re.compile(r"//[^\n]*|/\*.*?\*/|`(?:\\.|[^`\\])*`|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"", re.S)


def blank_c_like(source: str) -> str:
    """Comments and string literals replaced by spaces (newlines kept, so line numbers hold)."""
    return _C_LIKE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _call_args(text: str, open_paren: int) -> str:
    """The text between a call's parentheses (balanced), from the index of '('."""
    depth = 0
    for i in range(open_paren, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[open_paren + 1 : i]
    return text[open_paren + 1 :]


@text_detector("usequery_no_staletime", needle="Query")
def usequery_no_staletime(source: str, ctx: Context, **_: object) -> Iterator[Hit]:
    """React Query useQuery({...}) with no staleTime: it refetches on every mount and focus."""
    code = blank_c_like(source)
    for m in re.finditer(r"\buse(?:Suspense)?Query\s*(?:<[^>()]*>)?\s*\(", code):
        args = _call_args(code, m.end() - 1)
        if "queryKey" in args and "staleTime" not in args:
            line = _line(code, m.start())
            yield Hit(line, line + args.count("\n"))


@text_detector("regex")
def regex(source: str, ctx: Context, *, pattern: str, **_: object) -> Iterator[Hit]:
    """A rule's own pattern, matched line by line on code with comments and strings blanked."""
    code = blank_c_like(source) if not ctx.path.endswith(".py") else source
    compiled = re.compile(pattern)
    for number, line in enumerate(code.splitlines(), 1):
        if compiled.search(line):
            yield Hit(number, number)
