"""The code a review quotes, as evidence any language can give: extracted from a finding's Markdown body.

A finding's body is read at verify time (not at import) so this does not depend on the import
parser. Fenced blocks and inline code spans are quotes, except those under a label that proposes
the change (Fix, Suggested, Solution, After, Recommended …): that code is what the review wants,
not what it found. A quote is evidence only if it occurs in the finding's file at the baseline;
matching ignores whitespace, so reindenting or joining lines does not hide it.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(?:[-*>]\s*)?(`{3,}|~{3,})")
_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_LABEL = re.compile(r"^\s*(?:#+\s*|[-*]\s+)?(?:\*\*|__)?([^:*_`\n]{2,40}?)(?:\*\*|__)?\s*[:：]")
_HEADING = re.compile(r"^\s*#+\s+(.*)")
_PROPOSAL = re.compile(
    r"\b(?:fix\w*|suggest\w*|solution|after|recommend\w*|propos\w*|should|better|instead|correct(?:ed|ion)?|"
    r"replace\w*|improve\w*|change to)\b|修复|修正|建议|建議|解决|解決|改善|推奨|対策",
    re.I,
)
_LOCATION = re.compile(r"^[\w./\\-]+\.\w{1,5}(?:\s*[:#(,]?\s*(?:lines?\s*)?L?\d[\d\s,:/()L–-]*)?$", re.I)  # where
_NAME = re.compile(r"^(?:[\w$@:./#-]+|[\w$]+\(\))$")  # Foo, foo.bar, Foo::bar, src/jobs/, main(): names
_COMMENTS = {
    "hash": re.compile(r"#[^\n]*"),
    "c": re.compile(r"//[^\n]*|/\*.*?\*/", re.S),
}
MIN_SPAN = 6  # non-space characters: shorter inline spans (`x`, `None`) are everywhere
MIN_LINE = 12  # a line of a block that does not occur whole is kept only if at least this long


def quoted_code(body: str) -> list[str]:
    """Code blocks and inline spans of `body` outside proposal labels, in order, without duplicates."""
    out: list[str] = []
    proposal = False
    fence: str | None = None
    block: list[str] = []
    for line in body.splitlines():
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                if not proposal:
                    out.append("\n".join(block))
                fence, block = None, []
            else:
                block.append(line)
            continue
        if m:
            fence = m.group(1)
            continue
        proposal = _is_proposal(line, proposal)
        if not proposal:
            out += [s for s in _SPAN.findall(line) if _code_like(s)]
    return list(dict.fromkeys(q for q in out if q.strip()))


def _code_like(span: str) -> bool:
    """An inline span that is code, not a name: a bare identifier, dotted name or file location
    (`ClickHouseAsyncWriter`, `src/app.py:12`) stays when the problem is fixed, so it proves nothing."""
    span = span.strip()
    return len(_squash(span)) >= MIN_SPAN and not _LOCATION.match(span) and not _NAME.match(span)


def _is_proposal(line: str, current: bool) -> bool:
    """Whether text from this line on proposes a change: a label or heading decides, other lines keep it."""
    head = _HEADING.match(line)
    label = _LABEL.match(line)
    if head:
        return bool(_PROPOSAL.search(head.group(1)))
    if label:
        return bool(_PROPOSAL.search(label.group(1)))
    return current


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Squashed:
    """A source text without whitespace, able to say on which line a match of a squashed quote starts."""

    def __init__(self, source: str) -> None:
        chars, lines, line = [], [], 1
        for ch in source:
            if ch == "\n":
                line += 1
            elif not ch.isspace():
                chars.append(ch)
                lines.append(line)
        self.text = "".join(chars)
        self.lines = lines

    def find(self, quote: str, first: int = 1, last: int | None = None) -> list[int]:
        """Lines where non-overlapping occurrences of `quote` start, within lines first..last."""
        needle = _squash(quote)
        lo = bisect_right(self.lines, first - 1)
        hi = len(self.text) if last is None else bisect_right(self.lines, last)
        found, at = [], self.text.find(needle, lo, hi) if needle else -1
        while at >= 0:
            found.append(self.lines[at])
            at = self.text.find(needle, at + len(needle), hi)
        return found


def evidence(body: str, source: str, path: str = "") -> list[str]:
    """The quotes of `body` that occur in `source` (the file at `path`): whole blocks, else their long
    lines that do — without the comments a reviewer adds to them (`x = 1  // ⚠️ overwrites input`)."""
    text = Squashed(source)
    out: list[str] = []
    for quote in quoted_code(body):
        if text.find(quote):
            out.append(quote)
        elif "\n" in quote:
            lines = [_COMMENTS[_family(path)].sub("", x).strip() for x in quote.splitlines()]
            out += [x for x in lines if len(_squash(x)) >= MIN_LINE and text.find(x)]
    return list(dict.fromkeys(out))


def _family(path: str) -> str:
    """Which comments the file's language has: `#` (Python, Ruby, shell) or `//` and `/* */`."""
    from reviewctl.languages import language

    return "hash" if language(path) in ("python", "ruby", "shell") else "c"


@dataclass(frozen=True)
class QuoteCount:
    quote: str
    before: list[int]  # lines where it starts at the baseline
    after: list[int]  # lines where it starts at the revision checked

    @property
    def gone(self) -> bool:
        """Fewer occurrences than at the baseline: at least one was removed or rewritten."""
        return len(self.after) < len(self.before)


def diff_excerpt(before: str, after: str, line: int, limit: int = 6) -> str:
    """The changed lines of the hunk nearest baseline `line`, as `- old` / `+ new` lines (at most `limit`)."""
    a, b = before.splitlines(), after.splitlines()
    groups = difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(0)
    hunks = [[op for op in g if op[0] != "equal"] for g in groups]
    if not hunks:
        return ""
    near = min(hunks, key=lambda h: min(abs(h[0][1] + 1 - line), abs(h[-1][2] - line)))
    out = []
    for _tag, i1, i2, j1, j2 in near:
        out += [f"- {x.strip()}" for x in a[i1:i2] if x.strip()] + [f"+ {x.strip()}" for x in b[j1:j2] if x.strip()]
    return "\n".join(out[:limit] + (["…"] if len(out) > limit else []))


def code_only(source: str, window: tuple[int, int], path: str) -> str:
    """The lines of `window` without comments and whitespace: what a comment or a blank line cannot change."""
    text = "\n".join(source.splitlines()[window[0] - 1 : window[1]])
    return _squash(_COMMENTS[_family(path)].sub("", text))
