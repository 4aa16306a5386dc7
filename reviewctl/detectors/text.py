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


@text_detector("regex")
def regex(source: str, ctx: Context, *, pattern: str, **_: object) -> Iterator[Hit]:
    """A rule's own pattern, matched line by line on code with comments and strings blanked."""
    code = blank_c_like(source) if not ctx.path.endswith(".py") else source
    compiled = re.compile(pattern)
    for number, line in enumerate(code.splitlines(), 1):
        if m := compiled.search(line):
            yield Hit(number, number, m.start() + 1)
