"""Findings written as table rows: '| # | Severity | Finding | Location | Effort |'.

A table qualifies when its header names a finding column and at least one of priority,
location or effort. Rows that restate a finding the document already has as a section
(a summary table) are left to plan.py; a table whose rows mostly match nothing is the
document's list of findings, and each unmatched row becomes one.
"""

from __future__ import annotations

from reviewctl.parse.extract import dedupe
from reviewctl.parse.fields import find_locations, parse_effort, priority_in_heading, says_fixed
from reviewctl.parse.model import ParsedFinding
from reviewctl.parse.similar import Matcher
from reviewctl.parse.structure import Block, Section, strip_inline

COLUMNS = {
    "title": {"finding", "issue", "problem", "title", "description", "summary", "name", "问题", "发现", "問題", "指摘"},
    "priority": {"priority", "severity", "impact", "risk", "level", "优先级", "严重性", "严重程度", "重要度", "深刻度"},
    "location": {"location", "file", "files", "file(s)", "path", "where", "位置", "文件", "ファイル", "場所"},
    "effort": {"effort", "estimate", "estimated time", "est.", "time", "fix time", "工作量", "预计时间", "工数"},
    "status": {"status", "state", "状态", "状態", "ステータス"},
    "number": {"#", "id", "no", "no.", "ref", "编号", "番号"},
}
SAME_FINDING = 0.35
"""Matcher score at which a row restates an existing finding (as plan.STATUS_MATCH)."""


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = strip_inline(cell).strip().strip(":").lower()
        for role, words in COLUMNS.items():
            if name in words and role not in found:
                found[role] = i
    return found


def _tables(root: Section, inside_findings: set[int]) -> list[tuple[Section, Block, dict[str, int]]]:
    out = []
    for sec in root.walk():
        if id(sec) in inside_findings:
            continue
        for block in sec.blocks:
            if block.kind != "table" or len(block.rows) < 2:
                continue
            cols = _columns(block.rows[0])
            if "title" in cols and cols.keys() & {"priority", "location", "effort"}:
                out.append((sec, block, cols))
    return out


def table_findings(root: Section, findings: list[ParsedFinding], inside: set[int]) -> list[ParsedFinding]:
    """New findings from the rows of findings tables outside finding sections."""
    matcher = Matcher([(f.title, f.body) for f in findings]) if findings else None
    new: list[ParsedFinding] = []
    for sec, block, cols in _tables(root, inside):
        rows = [r for r in block.rows[1:] if len(r) > cols["title"] and strip_inline(r[cols["title"]]).strip()]
        fresh = [r for r in rows if not _restates(matcher, strip_inline(r[cols["title"]]))]
        if len(fresh) * 2 <= len(rows):
            continue  # a summary of findings the document already has
        new += [_finding(sec, block, cols, r) for r in fresh]
    return new


def _restates(matcher: Matcher | None, title: str) -> bool:
    return matcher is not None and max(matcher.scores(title)) >= SAME_FINDING


def _cell(row: list[str], cols: dict[str, int], role: str) -> str:
    i = cols.get(role)
    return row[i] if i is not None and i < len(row) else ""


def _finding(sec: Section, block: Block, cols: dict[str, int], row: list[str]) -> ParsedFinding:
    title = strip_inline(_cell(row, cols, "title")).strip()
    prio_text = strip_inline(_cell(row, cols, "priority"))
    prio = priority_in_heading(f"({prio_text})") or priority_in_heading(prio_text)
    effort = strip_inline(_cell(row, cols, "effort")).strip()
    where = _cell(row, cols, "location")
    locations = find_locations(where) if where else [loc for cell in row for loc in find_locations(cell)]
    return ParsedFinding(
        title=title,
        body=" | ".join(row),
        section=" / ".join(strip_inline(a.title) for a in reversed([sec, *sec.ancestors()]) if a.level),
        number=strip_inline(_cell(row, cols, "number")).strip() or None,
        priority=prio or "unknown",
        priority_source="table" if prio else "none",
        effort_minutes=parse_effort(effort) if effort else None,
        effort_text=effort or None,
        status="fixed" if says_fixed(_cell(row, cols, "status")) else "open",
        locations=dedupe(locations),
        line=block.line + 1,
    )
