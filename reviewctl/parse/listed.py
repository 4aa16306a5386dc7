"""Findings listed inside one cell or paragraph: 'L1..L11 | a; b; c', '18 items, abbreviated: a; b; c'.

Long reviews compress their minor findings into one semicolon-separated run; each item is a
finding of its own. Items that only point at another finding ('(→X4)') restate it.
"""

import re

from reviewctl.parse.structure import strip_inline

ID_RANGE = re.compile(r"^[A-Za-z]*[-_]?[A-Za-z]*\d+\s*(?:\.\.|…|–|—|-|to)\s*[A-Za-z]*\d+$")
"""An ID cell that names a span of findings: 'MGT-L1..L11', 'INF-6..20', 'M5-M16'."""
LISTED_HEAD = re.compile(
    r"^\s*(?:\d+\s+(?:items?|findings?|issues?|more)|[A-Za-z]+[-_]?[A-Za-z]*\d+\s*(?:\.\.|…)\s*[A-Za-z]*\d+)"
    r"[^:：\n]{0,40}[:：]\s*",
    re.I,
)
"""A paragraph that opens a compressed list: '18 items, abbreviated:', 'GEN-M5..M16, abbreviated:'."""
ID_ONLY = re.compile(r"^(?:issue\s*|finding\s*)?#?\s*[A-Za-z]{0,5}-?\d+(?:\.\d+)?$", re.I)
"""A cell that only names another finding by its number: '#3', 'Issue #3', 'F2'."""
SEE_ALSO = re.compile(r"^\s*(see|same as|duplicate of|cf\.?)\b", re.I)
_POINTER = re.compile(r"\((?:→|->|see)\s*[A-Za-z]*[-_]?\w*\d+\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*(])|(?<=[。！？])")
MAX_TITLE = 160
"""A cell longer than this gives its first sentence as the title."""


def split_listed(text: str) -> list[str]:
    """The items of a semicolon-separated run, without those that only point at another finding."""
    parts = [p.strip(" .") for p in _split_semicolons(text)]
    return [p for p in parts if p and not _POINTER.search(p)]


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


def listed_items(paragraph: str) -> list[str]:
    """The items of a compressed-list paragraph, or [] when the paragraph is not one."""
    m = LISTED_HEAD.match(paragraph)
    if not m:
        return []
    items = split_listed(paragraph[m.end() :])
    return items if len(items) >= 2 else []


def cell_title(text: str) -> str:
    """A title from a cell or item: its bold lead, else its first sentence when it is long."""
    lead = re.match(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)", text)
    if lead and len(strip_inline(lead.group(1))) > 3:
        return strip_inline(lead.group(1)).strip(" :")
    plain = re.sub(r"\s*\((?:[^()]*/[^()]*|[^()]*\.\w{1,5}(?::[\d,\s-]+)?)\)\s*$", "", strip_inline(text)).strip()
    if len(plain) <= MAX_TITLE:
        return plain
    return _SENTENCE.split(plain, maxsplit=1)[0].strip()
