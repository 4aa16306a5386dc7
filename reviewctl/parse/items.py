"""List items as findings: checklists, bullets under an issues or severity section, `path`: text bullets.

A section's top-level items are its findings when the section is not itself a finding and the
evidence says the list is one of problems: an enclosing heading names issues or a severity, the
items are checkboxes, or most of them open with a file location. Nested items are the finding's
own fields and notes. Items that restate a finding the document already has add nothing.
"""

from __future__ import annotations

import re

from reviewctl.parse.extract import (
    PHASE_HEAD,
    Fields,
    dedupe,
    excluded,
    in_issue_section,
    is_document_title,
    item_run,
    read_block,
    reports_done,
    under_fixed_heading,
)
from reviewctl.parse.fields import (
    field_line,
    find_locations,
    names_a_span,
    parse_effort,
    priority_in_heading,
    priority_of_value,
    says_fixed,
    section_priority,
)
from reviewctl.parse.listed import cell_title, listed_items
from reviewctl.parse.model import ParsedFinding
from reviewctl.parse.plan import ids_of, lead_id, matcher_for, opens_with_id
from reviewctl.parse.similar import Matcher
from reviewctl.parse.structure import Block, Section, strip_inline
from reviewctl.parse.tables import table_ids
from reviewctl.parse.words import CJK_CHAR, ISSUE_HEAD, NO_ISSUES, PRAISE_ITEM, VERIFY_ITEM, restates_findings

SAME_FINDING = 0.35
"""Matcher score at which an item restates a finding the document already has."""
MIN_WORDS = 3
_BOLD_LEAD = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*[:：.\-–—]?\s*")
_LEAD_LOCATION = re.compile(r"^\s*(?:\*\*)?`([^`\n]{1,300})`(?:\*\*)?\s*(?:\([^)\n]{0,80}\)\s*)?[:：\-–—]\s*")
_DONE = re.compile(r"^\s*(✅|✔|☑)|~~.+~~|\((?:done|fixed|complete[d]?|resolved)\b", re.I)
ELISION = re.compile(r"^\s*(?:\.\.\.|…)")
_PROBLEM_MARK = re.compile(r"^\s*+(?:\*\*)?+\s*+(?:⚠|❌|🔴|🟠|🐛|❗)")
"""A mark that says an item is a problem (a ✅ one reports something good or done)."""
_OPTION = re.compile(r"^(?:option|alternative|approach|choice|opci[oó]n|op[cç][aã]o|variante?)\s*[\w]{1,2}\b", re.I)
"""'Option A': one way to fix a finding, not a finding of its own."""
_LEAD_MARKS = re.compile(r"^[^\w(\[`'\"<]+")
_TAG = re.compile(r"^\s*\[([^\]\n]{1,20})\]\s*")
_PLACE = re.compile(
    r"^[\w./\\@+-]{1,300}+(?:(?::|\s*+,?\s*+(?:lines?|L)\s*+)\d++(?:\s*+[-–]\s*+\d++)?+(?:\s*+,\s*+\d++(?:\s*+[-–]\s*+\d++)?+){0,20}+)?+\W?$",
    re.I,
)
_COUNT_LINE = re.compile(r"^[^:：\d\n]{1,60}[:：]\s*\d+(?:\s*\([^)\n]{0,60}\))?[^\w\n]{0,10}$")
"""'Critical Issues: 1', 'Warnings: 6 (5 fixed)': a count in a metrics list, not a problem."""
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")


def item_findings(root: Section, findings: list[ParsedFinding]) -> list[ParsedFinding]:
    """Findings written as list items, in sections that hold no heading finding."""
    lists = {id(sec): (sec, items) for sec in root.walk() if (items := _candidate_items(sec))}
    holding = {id(sec) for sec, items in lists.values() if _holds_findings(sec, items)}
    holding |= {key for key, (sec, _) in lists.items() if _like_its_siblings(sec, holding)}
    matcher = matcher_for(root, findings) if findings and holding else None
    by_id, row_ids = ids_of(findings), table_ids(root) if holding else set()
    out: list[ParsedFinding] = []
    for sec in root.walk():
        if id(sec) in holding:
            items = [b for b in lists[id(sec)][1] if _substantive(b) and not opens_with_id(b, by_id)]
            items = [b for b in items if not (_reports_status(sec, b) and lead_id(b.text) in row_ids)]
            out += [_finding(sec, b) for b in items if not _restates(matcher, b)]
        if not sec.inside and sec.level and not _not_a_findings_list(sec):
            out += _listed_findings(sec)
    return out


def _reports_status(sec: Section, item: Block) -> bool:
    """A checkbox, or an item of a done list ('## Fixes Applied'): it says how work on a finding stands.
    One that opens with the ID of a findings table's row speaks of that row (read after the items)."""
    return item.checked is not None or reports_done(sec, own=True)


def _listed_findings(sec: Section) -> list[ParsedFinding]:
    """'18 items, abbreviated: a; b; c' under a severity or issues heading: one finding per item."""
    if not (section_priority(sec.title) or ISSUE_HEAD.search(sec.title) or in_issue_section(sec)):
        return []
    out = []
    for block in sec.blocks:
        for text, ident in listed_items(block.text) if block.kind == "paragraph" else []:
            out.append(_finding(sec, Block(kind="item", text=text, line=block.line)))
            out[-1].title, out[-1].number = cell_title(text), ident
    return out


def _not_a_findings_list(sec: Section) -> bool:
    heads = [strip_inline(a.title) for a in (sec, *sec.ancestors()) if a.level and not is_document_title(a)]
    return excluded(sec) or any(PHASE_HEAD.match(t) or restates_findings(t) for t in heads)


def _candidate_items(sec: Section) -> list[Block]:
    """The top-level items of a section that may hold findings (a done list: only its checkboxes)."""
    if sec.inside or not sec.level or _not_a_findings_list(sec):
        return []
    items = [b for b in sec.blocks if b.kind == "item"]
    return [b for b in items if b.checked is not None] if reports_done(sec, own=True) else items


def _like_its_siblings(sec: Section, holding: set[int]) -> bool:
    """A list shaped like its sibling sections' lists of findings ('**Unused Code**' beside '**Low Severity**')."""
    siblings = sec.parent.children if sec.parent is not None else []
    return item_run(sec) and any(id(s) in holding and item_run(s) for s in siblings if s is not sec)


def _holds_findings(sec: Section, items: list[Block]) -> bool:
    """Evidence that a list is one of problems: its heading, checkboxes, or items that mostly open
    with a location or a warning mark ('⚠️ `tar` (<=7.5): high severity …').
    The document title's own list, above its sections, is an introduction."""
    if is_document_title(sec) and sec.children:
        return False
    if ISSUE_HEAD.search(sec.title) or section_priority(sec.title) or in_issue_section(sec):
        return True
    if any(b.checked is not None for b in items):
        return True
    marked = sum(1 for b in items if _LEAD_LOCATION.match(b.text) or _PROBLEM_MARK.match(b.text))
    return marked * 2 > len(items)


def _substantive(block: Block) -> bool:
    """An item that says something: not a bare path, a field line, praise, a phase or a test step."""
    first = block.text.split("\n", 1)[0]
    if (PRAISE_ITEM.match(first) and block.checked is None) or field_line(first) or PHASE_HEAD.match(title_of(block)):
        return False
    if VERIFY_ITEM.match(strip_inline(first)) or ELISION.match(first) or _COUNT_LINE.match(strip_inline(first)):
        return False  # a verification step, '... and 40 more' or 'Warnings: 6 (5 fixed)': not a problem
    if _OPTION.match(title_of(block)) or NO_ISSUES.match(title_of(block)):
        return False  # 'Option A: …' offers a way to fix
    rest = strip_inline(re.sub(r"`[^`]*`", " x ", first))
    words = rest.split()
    cjk = len(CJK_CHAR.findall(rest))
    enough = len(words) >= (MIN_WORDS - 1 if block.checked is not None else MIN_WORDS) or cjk >= 4
    return enough or bool(block.children and _BOLD_LEAD.match(first))  # '**Logging**' over its notes


def _restates(matcher: Matcher | None, block: Block) -> bool:
    return matcher is not None and max(matcher.scores(title_of(block))) >= SAME_FINDING


def title_of(block: Block) -> str:
    """The item's bold lead, else its text after a leading location (first sentence), else its line;
    a leading priority tag ('[P2]'), mark ('⚠️') or a bold lead that is only a place is not part of it."""
    title = _title_of(block)
    title = _LEAD_MARKS.sub("", title) or title
    if (tag := _TAG.match(title)) and priority_in_heading(f"[{tag.group(1)}]"):  # '**[HIGH] Token …**'
        title = title[tag.end() :] or title
    return title


def _title_of(block: Block) -> str:
    first = block.text.split("\n", 1)[0]
    if first.count(" | ") >= 2 and (cell := _problem_cell(first)):  # 'M-1 | Lines 31,34 | problem | fix'
        return cell
    if (tag := _TAG.match(first)) and priority_in_heading(f"[{tag.group(1)}]"):
        first = first[tag.end() :]
    bold = _BOLD_LEAD.match(first)
    if bold and _only_place(bold.group(1)):
        return _first_sentence(strip_inline(first[bold.end() :])) or strip_inline(first)
    if bold and len(strip_inline(bold.group(1))) > 3:
        return strip_inline(bold.group(1)).strip(" :：")
    lead = _LEAD_LOCATION.match(first)
    if lead and (find_locations(lead.group(1)) or re.search(r":\d+", lead.group(1))):  # `file:12` or `unknown:12`
        return _first_sentence(strip_inline(first[lead.end() :])) or strip_inline(first)
    return _first_sentence(strip_inline(first)) if len(first) > 160 else strip_inline(first)


def _problem_cell(line: str) -> str | None:
    """The first cell of a row written as a list item that says something: not its ID, lines or file."""
    for cell in (strip_inline(c).strip() for c in line.split(" | ")):
        if len(cell.split()) >= MIN_WORDS and not _LINES_CELL.match(cell) and not _only_place(cell):
            return cell
    return None


_LINES_CELL = re.compile(r"^(?:lines?|l\.|ll\.)\s*[\d,\s–-]+$", re.I)


def _only_place(text: str) -> bool:
    """'`store.rs:40-52`': a bold lead that names a file and its lines and nothing else."""
    plain = strip_inline(text).strip()
    return bool(_PLACE.match(plain)) and bool(find_locations(plain))


def _first_sentence(text: str) -> str:
    return _SENTENCE.split(text.strip(), maxsplit=1)[0].strip()


def _finding(sec: Section, block: Block) -> ParsedFinding:
    fields = Fields()
    for child in block.children:
        read_block(fields, child, None)
    first = block.text.split("\n", 1)[0]
    f = ParsedFinding(
        title=title_of(block),
        body=block.text + "".join("\n- " + c.text for c in block.children),
        section=" / ".join(strip_inline(a.title) for a in reversed([sec, *sec.ancestors()]) if a.level),
        number=str(block.ordinal) if block.ordinal is not None else None,
        line=block.line + 1,
    )
    _priority(f, sec, first, fields)
    for value in fields.get("effort"):
        f.effort_text, f.effort_minutes = strip_inline(value), parse_effort(value)
    said = any(says_fixed(v) for v in fields.get("status"))  # '   - **Status:** ✅ Done'
    if block.checked or _DONE.search(first) or under_fixed_heading(sec, own=True) or said:
        f.status = "fixed"
    lines = [f"lines {v}" for v in fields.get("lines")]  # a bare '36-41' belongs to the file named before it
    where = fields.get("location")
    texts = (
        ["\n".join([*where, *lines])] if where else ["\n".join([block.text, *lines]), *(c.text for c in block.children)]
    )
    f.locations = dedupe([loc for t in texts for loc in find_locations(t)])
    return f


def _priority(f: ParsedFinding, sec: Section, first: str, fields: Fields) -> None:
    for value in fields.get("priority"):
        if prio := priority_of_value(value):
            f.priority, f.priority_source = prio, "field"
            return
    if any(names_a_span(v) for v in fields.get("priority")):
        return  # the item's own field names two levels: unknown, not the section's guess
    if prio := priority_in_heading(first):
        f.priority, f.priority_source = prio, "heading"
        return
    for s in (sec, *sec.ancestors()):
        if s.level and (prio := section_priority(s.title)):
            f.priority, f.priority_source = prio, "section"
            return
