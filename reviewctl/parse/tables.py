"""Findings written as table rows: '| # | Severity | Finding | Location | Effort |'.

A table qualifies when its header names a finding column and at least one of priority,
location or effort. Rows that restate a finding the document already has as a section
(a summary table) are left to plan.py; a table whose rows mostly match nothing is the
document's list of findings, and each unmatched row becomes one.
"""

from __future__ import annotations

import re

from reviewctl.parse.extract import dedupe
from reviewctl.parse.fields import (
    find_locations,
    heading_label,
    parse_effort,
    priority_in_heading,
    priority_of_value,
    says_fixed,
    section_priority,
)
from reviewctl.parse.listed import ID_ONLY, ID_RANGE, SEE_ALSO, cell_title, split_listed
from reviewctl.parse.model import ParsedFinding
from reviewctl.parse.plan import matcher_for
from reviewctl.parse.similar import Matcher
from reviewctl.parse.structure import Block, Section, strip_inline

COLUMNS = {
    "title": {
        "finding",
        "issue",
        "problem",
        "title",
        "description",
        "summary",
        "name",
        "fund",
        "befund",
        "hallazgo",
        "constat",
        "constatação",
        "находка",
        "발견",
        "问题",
        "发现",
        "問題",
        "指摘",
    },
    "priority": {
        "priority",
        "severity",
        "sev",
        "impact",
        "risk",
        "level",
        "优先级",
        "严重性",
        "严重程度",
        "重要度",
        "深刻度",
    },
    "location": {"location", "file", "files", "file(s)", "path", "where", "位置", "文件", "ファイル", "場所"},
    "effort": {
        "effort",
        "estimate",
        "estimated time",
        "est.",
        "time",
        "fix time",
        "cost",
        "fix cost",
        "工作量",
        "预计时间",
        "修复成本",
        "成本",
        "工时",
        "工数",
    },
    "status": {"status", "state", "状态", "状態", "ステータス"},
    "number": {"#", "id", "no", "no.", "ref", "编号", "番号"},
}
PROSE_COLUMNS = {
    "problem",
    "issue",
    "finding",
    "details",
    "description",
    "summary",
    "problema",
    "problème",
    "descripción",
    "descrição",
    "проблема",
    "описание",
    "문제",
    "설명",
    "问题",
    "描述",
    "問題",
    "説明",
}
SAME_FINDING = 0.35
"""Matcher score at which a row restates an existing finding (as plan.STATUS_MATCH)."""


STRONG = {"priority", "severity", "sev", "优先级", "严重性", "严重程度", "重要度", "深刻度"}
"""Column names that say priority outright: they win over 'impact' or 'risk' in the same header."""


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = strip_inline(cell).strip().strip(":").lower()
        for role, words in COLUMNS.items():
            if name in words and (role not in found or (role == "priority" and name in STRONG)):
                found[role] = i
        label = heading_label(name) if i not in found.values() else None  # a field label in any language
        if label and (role := _ROLE_OF_LABEL.get(label.label)) and role not in found:
            found[role] = i
    return found


_ROLE_OF_LABEL = {
    "issue": "title",
    "location": "location",
    "priority": "priority",
    "effort": "effort",
    "status": "status",
}


def _prose_column(rows: list[list[str]], cols: dict[str, int]) -> int | None:
    """With no column named for the problem, the one the rows write most words in (three or more
    on average), as a reader would take it ('| # | File | Severity | Category | Status |')."""
    free = [i for i in range(len(rows[0])) if i not in cols.values()]
    words = {i: sum(len(strip_inline(r[i]).split()) for r in rows[1:] if len(r) > i) / (len(rows) - 1) for i in free}
    best = max(words, key=words.__getitem__, default=None)
    return best if best is not None and words[best] >= 3 else None


def cell_priority(text: str) -> str | None:
    """A priority cell: a marked level ('🔴 High', '(P1)'), or a short value in any language ('Alta')."""
    if not text:
        return None
    marked = priority_in_heading(f"({text})") or priority_in_heading(text)
    return marked or (priority_of_value(text) if len(text.split()) <= 3 else None)


def _tables(root: Section, *, outside: bool, guess: bool = False) -> list[tuple[Section, Block, dict[str, int]]]:
    """Tables with a title column and a priority, location or effort one (`outside`: only those
    outside findings' sections; `guess`: with no column named for the problem, the wordiest is
    taken for it — good enough to recognise rows that restate findings, not to make new ones)."""
    out = []
    for sec in root.walk():
        if outside and sec.inside:
            continue
        for block in sec.blocks:
            if block.kind != "table" or len(block.rows) < 2:
                continue
            cols = _columns(block.rows[0])
            if guess and "title" not in cols and (prose := _prose_column(block.rows, cols)) is not None:
                cols["title"] = prose
            if "title" in cols and cols.keys() & {"priority", "location", "effort"}:
                out.append((sec, block, cols))
    return out


def table_findings(root: Section, findings: list[ParsedFinding]) -> list[ParsedFinding]:
    """New findings from the rows of findings tables outside finding sections."""
    tables = _tables(root, outside=True)
    matcher = matcher_for(root, findings) if findings and tables else None
    new: list[ParsedFinding] = []
    for sec, block, cols in tables:
        rows = [r for r in block.rows[1:] if len(r) > cols["title"] and strip_inline(r[cols["title"]]).strip()]
        fresh = [r for r in rows if not _restates(matcher, strip_inline(r[cols["title"]]))]
        listing = len(fresh) * 2 > len(rows) or ("number" in cols and len(rows) > len(findings))
        if not listing:
            continue  # a summary of findings the document already has
        new += [f for r in fresh if not _cross_reference(r, cols) for f in _row_findings(sec, block, cols, r)]
    return new


def table_ids(root: Section) -> set[str]:
    """The IDs in the number column of the tables that may list findings ('API-1', 'B3')."""
    return {
        strip_inline(row[cols["number"]]).strip().upper()
        for _sec, block, cols in _tables(root, outside=True)
        if "number" in cols
        for row in block.rows[1:]
        if len(row) > cols["number"] and not row[cols["number"]].strip().isdigit()
    }


def apply_table_restatements(root: Section, findings: list[ParsedFinding]) -> None:
    """Rows that restate a finding lend it what it does not state: priority, effort, a fixed status."""
    tables = _tables(root, outside=False, guess=True)
    if not findings or not tables:
        return
    matcher = matcher_for(root, findings)
    by_number = {f.number: f for f in findings if f.number}
    for _sec, block, cols in tables:
        for row in block.rows[1:]:
            title = strip_inline(_cell(row, cols, "title")).strip()
            if ID_ONLY.match(title):
                if (f := by_number.get(re.sub(r"^\D*?#?\s*", "", title))) is not None:
                    _lend(f, row, cols)
                continue
            scores = matcher.scores(title) if title else [0.0]
            best = max(range(len(scores)), key=scores.__getitem__)
            if scores[best] >= SAME_FINDING:
                _lend(findings[best], row, cols)


def _lend(f: ParsedFinding, row: list[str], cols: dict[str, int]) -> None:
    prio_text = strip_inline(_cell(row, cols, "priority"))
    prio = cell_priority(prio_text)
    if prio and f.priority_source == "none":
        f.priority, f.priority_source = prio, "table"
    effort = strip_inline(_cell(row, cols, "effort")).strip()
    if f.effort_minutes is None and effort and (minutes := parse_effort(effort)) is not None:
        f.effort_minutes, f.effort_text = minutes, effort
    if says_fixed(_cell(row, cols, "status")):
        f.status = "fixed"


def _restates(matcher: Matcher | None, title: str) -> bool:
    return matcher is not None and max(matcher.scores(title)) >= SAME_FINDING


def _cell(row: list[str], cols: dict[str, int], role: str) -> str:
    i = cols.get(role)
    return row[i] if i is not None and i < len(row) else ""


def _is_prose_column(block: Block, cols: dict[str, int]) -> bool:
    """A 'Problem' or 'Description' column is prose: its first sentence is the title."""
    return strip_inline(block.rows[0][cols["title"]]).strip().lower() in PROSE_COLUMNS


def _cross_reference(row: list[str], cols: dict[str, int]) -> bool:
    """A row that points at another finding ('See cross-cutting.', '= **X1**', '#3') restates it."""
    title = strip_inline(_cell(row, cols, "title")).strip()
    if ID_ONLY.match(title):
        return True
    return bool(SEE_ALSO.match(title) and len(title.split()) <= 6) or strip_inline(
        _cell(row, cols, "location")
    ).startswith("=")


def _row_findings(sec: Section, block: Block, cols: dict[str, int], row: list[str]) -> list[ParsedFinding]:
    """One finding per row; a row numbered with an ID range ('L1..L11') lists one per item."""
    number = strip_inline(_cell(row, cols, "number")).strip()
    parts = split_listed(_cell(row, cols, "title"), number) if ID_RANGE.match(number) else []
    if len(parts) < 2:
        return [_finding(sec, block, cols, row, _cell(row, cols, "title"), number or None)]
    return [_finding(sec, block, cols, row, part, ident) for part, ident in parts]


def _finding(
    sec: Section, block: Block, cols: dict[str, int], row: list[str], text: str, number: str | None
) -> ParsedFinding:
    prio_text = strip_inline(_cell(row, cols, "priority"))
    prio = cell_priority(prio_text)
    source = "table" if prio else "none"
    if prio is None:
        prio = next((p for a in (sec, *sec.ancestors()) if a.level and (p := section_priority(a.title))), None)
        source = "section" if prio else "none"
    effort = strip_inline(_cell(row, cols, "effort")).strip()
    where = _cell(row, cols, "location")
    locations = (
        find_locations(where) + find_locations(text) if where else [loc for c in row for loc in find_locations(c)]
    )
    return ParsedFinding(
        title=cell_title(text, sentence=_is_prose_column(block, cols)),
        body=" | ".join(row),
        section=" / ".join(strip_inline(a.title) for a in reversed([sec, *sec.ancestors()]) if a.level),
        number=number,
        priority=prio or "unknown",
        priority_source=source,
        effort_minutes=parse_effort(effort) if effort else None,
        effort_text=effort or None,
        status="fixed" if says_fixed(_cell(row, cols, "status")) else "open",
        locations=dedupe(locations),
        line=block.line + 1,
    )
