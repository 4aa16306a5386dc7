"""Findings listed inside one cell or paragraph: 'L1..L11 | a; b; c', '18 items, abbreviated: a; b; c'.

Long reviews compress their minor findings into one semicolon-separated run; each item is a
finding of its own. Items that only point at another finding ('(→X4)') restate it.
"""

import re

from reviewctl.parse.structure import strip_inline

ID_RANGE = re.compile(r"^[A-Za-z]*+[-_]?+[A-Za-z]*+\d++\s*+(?:\.\.|…|–|—|-|to)\s*+[A-Za-z]*+\d++$")
"""An ID cell that names a span of findings: 'MGT-L1..L11', 'INF-6..20', 'M5-M16'."""
LISTED_HEAD = re.compile(
    r"^\s*+(?:\d++\s++(?:items?|findings?|issues?|more)|[A-Za-z]++[-_]?+[A-Za-z]*+\d++\s*+(?:\.\.|…)\s*+[A-Za-z]*+\d++)"
    r"[^:：\n]{0,40}[:：]\s*",
    re.I,
)
"""A paragraph that opens a compressed list: '18 items, abbreviated:', 'GEN-M5..M16, abbreviated:'."""
ID_ONLY = re.compile(r"^(?:issue\s*|finding\s*)?#?\s*[A-Za-z]{0,5}-?\d+(?:\.\d+)?$", re.I)
"""A cell that only names another finding by its number: '#3', 'Issue #3', 'F2'."""
_SPAN = re.compile(r"^\s*+([A-Za-z]++[-_]?+[A-Za-z]*+\d++\s*+(?:\.\.|…)\s*+[A-Za-z]*+\d++)")
SEE_ALSO = re.compile(r"^\s*(see|same as|duplicate of|cf\.?)\b", re.I)
_POINTER = re.compile(r"\((?:→|->|see)\s*[A-Za-z]*[-_]?\w*\d+\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*(])|(?<=[。！？])")
MAX_TITLE = 160
"""A cell longer than this gives its first sentence as the title."""


_RANGE_PARTS = re.compile(r"^([^\d]{0,40}?)(\d++)\s*+(?:\.\.|…|–|—|-|to)\s*+[A-Za-z]*+(\d++)$")


def range_ids(span: str, count: int) -> list[str]:
    """The IDs of a range's items ('MGT-L1..L11' with 11 items → MGT-L1 … MGT-L11), or 'span#k'
    when the count does not fit the range."""
    m = _RANGE_PARTS.match(span)
    if m and int(m.group(3)) - int(m.group(2)) + 1 == count:
        return [f"{m.group(1)}{n}" for n in range(int(m.group(2)), int(m.group(3)) + 1)]
    return [f"{span}#{k}" for k in range(1, count + 1)]


def split_listed(text: str, span: str = "") -> list[tuple[str, str | None]]:
    """(item, ID) for the items of a semicolon-separated run, numbered through `span` ('L1..L11')
    when it has one ID per item; items that only point at another finding ('(→X4)') are left out."""
    parts = [p.strip(" .") for p in _split_semicolons(text)]
    parts = [p for p in parts if p]
    ids: list[str | None] = list(range_ids(span, len(parts))) if span else [None] * len(parts)
    return [(p, i) for p, i in zip(parts, ids, strict=True) if not _POINTER.search(p)]


def _split_semicolons(text: str) -> list[str]:
    """Split on ';' outside parentheses and code spans."""
    parts, depth, tick, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == "`":
            tick = not tick
        elif not tick and ch in "([":
            depth += 1
        elif not tick and ch in ")]" and depth:
            depth -= 1
        elif ch == ";" and not tick and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def listed_items(paragraph: str) -> list[tuple[str, str | None]]:
    """(item, ID) of a compressed-list paragraph ('GEN-M5..M16, abbreviated: a; b'), or []."""
    m = LISTED_HEAD.match(paragraph)
    if not m:
        return []
    span = _SPAN.match(paragraph)
    items = split_listed(paragraph[m.end() :], span.group(1) if span else "")
    return items if len(items) >= 2 else []


def cell_title(text: str, *, sentence: bool = False) -> str:
    """A title from a cell or item: its bold lead, else its first sentence (when it is long, or
    always for a prose cell)."""
    lead = re.match(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)", text)
    if lead and len(strip_inline(lead.group(1))) > 3:
        return strip_inline(lead.group(1)).strip(" :")
    plain = re.sub(r"\s*\((?:[^()]*/[^()]*|[^()]*\.\w{1,5}(?::[\d,\s-]+)?)\)\s*$", "", strip_inline(text)).strip()
    if len(plain) <= MAX_TITLE and not sentence:
        return plain
    return _SENTENCE.split(plain, maxsplit=1)[0].strip()
