"""`import --explain`: the document's outline with each candidate's verdict and the reason for it.

Every heading, pseudo-heading, top-level list item and table row outside a finding is a
candidate; it is a finding, part of one, a restatement, or skipped — and the line says why, in the
terms of the rules that decided it (section vocabulary, numbering, fields, evidence), so a wrong
call can be traced to a general rule rather than patched for one document.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewctl.parse.decode import repair_mojibake
from reviewctl.parse.extract import (
    PHASE_HEAD,
    excluded,
    heading_label,
    in_issue_section,
    is_candidate,
    is_document_title,
    is_numbered,
    item_run,
    reports_done,
    restating,
)
from reviewctl.parse.model import ParsedFinding, ParsedReview
from reviewctl.parse.review import parse_review
from reviewctl.parse.structure import Block, Section, parse_sections, strip_inline
from reviewctl.parse.words import restates_findings

MAX_TEXT = 100


@dataclass
class Candidate:
    line: int  # 1-based line in the document
    depth: int  # outline depth, for indentation
    kind: str  # heading | item | row
    text: str
    verdict: str  # finding | part | restates | skipped
    reason: str
    finding: ParsedFinding | None = None


def explain(text: str, name: str = "review") -> tuple[ParsedReview, list[Candidate]]:
    """Parse the document as import would, and give every candidate its verdict."""
    review = parse_review(text, name)
    root = parse_sections(repair_mojibake(text)[0])
    by_line: dict[int, list[ParsedFinding]] = {}
    for f in review.findings:
        by_line.setdefault(f.line, []).append(f)
    heads = {sec.line + 1 for sec in root.walk() if sec.level and sec.line + 1 in by_line}
    out: list[Candidate] = []
    _walk(root, 0, by_line, heads, None, out)
    return review, out


def _walk(
    sec: Section,
    depth: int,
    by_line: dict[int, list[ParsedFinding]],
    heads: set[int],
    owner: int | None,
    out: list[Candidate],
) -> None:
    if sec.level:
        out.append(_heading(sec, depth, by_line, heads, owner))
        if sec.line + 1 in heads:
            owner = sec.line + 1
    if owner is None:
        for block in sec.blocks:
            out += _blocks(sec, block, depth + 1, by_line)
    for child in sec.children:
        _walk(child, depth + 1 if sec.level else depth, by_line, heads, owner, out)


def _heading(
    sec: Section, depth: int, by_line: dict[int, list[ParsedFinding]], heads: set[int], owner: int | None
) -> Candidate:
    line, title = sec.line + 1, strip_inline(sec.title)
    kind = "heading" if not sec.pseudo else "bold heading"
    if line in heads:
        found = by_line[line][0]
        return Candidate(line, depth, kind, title, "finding", _signals(sec), found)
    if owner is not None:
        return Candidate(line, depth, kind, title, "part", f"a part of the finding at line {owner}")
    return Candidate(line, depth, kind, title, "skipped", _why_not(sec, heads))


def _signals(sec: Section) -> str:
    """The evidence a heading finding carried."""
    if not is_candidate(sec):
        return "numbered like the headings beside it, which are findings"
    title = strip_inline(sec.title)
    said = ["numbered" if is_numbered(title) else ""]
    said.append("in an issues or severity section" if in_issue_section(sec) else "")
    return ", ".join(s for s in said if s) or "labelled fields"


def _why_not(sec: Section, heads: set[int]) -> str:
    title = strip_inline(sec.title)
    if any(d.line + 1 in heads for d in sec.walk()[1:]):
        return "holds findings below it"
    if is_document_title(sec):
        return "the document's title"
    if excluded(sec):
        return "in a section that holds no findings (praise, description, methodology, ideas, refuted)"
    if restating(sec) or restates_findings(title):
        return "restates findings (summary, roadmap, recommendations)"
    if PHASE_HEAD.match(title):
        return "a roadmap phase: lends phase and effort to the findings it names"
    if reports_done(sec, own=False):
        return "under a heading that reports work already done"
    if heading_label(sec.title):
        return "a field of the finding above"
    if item_run(sec):
        return "heads a list: its items are the candidates"
    return "no evidence of a finding (not numbered in an issues section; no priority, location or fields)"


def _blocks(sec: Section, block: Block, depth: int, by_line: dict[int, list[ParsedFinding]]) -> list[Candidate]:
    if block.kind == "item":
        return [_item(sec, block, depth, by_line)]
    if block.kind == "table" and len(block.rows) > 1:
        found = {f.title: f for f in by_line.get(block.line + 1, [])}
        return [_row(row, block.line + 3 + i, depth, found) for i, row in enumerate(block.rows[1:])]
    if block.kind == "paragraph" and block.line + 1 in by_line:  # a compressed list: 'N items: a; b; c'
        return [
            Candidate(block.line + 1, depth, "listed", f.title, "finding", "one item of a compressed list", f)
            for f in by_line[block.line + 1]
        ]
    return []


def _item(sec: Section, block: Block, depth: int, by_line: dict[int, list[ParsedFinding]]) -> Candidate:
    text = strip_inline(block.text.split("\n", 1)[0])
    found = by_line.get(block.line + 1)
    if found:
        return Candidate(block.line + 1, depth, "item", text, "finding", "an item of a list of findings", found[0])
    return Candidate(block.line + 1, depth, "item", text, "skipped", _item_why_not(sec))


def _item_why_not(sec: Section) -> str:
    if excluded(sec):
        return "in a section that holds no findings"
    heads = [strip_inline(a.title) for a in (sec, *sec.ancestors()) if a.level]
    if any(PHASE_HEAD.match(t) or restates_findings(t) for t in heads):
        return "restates findings (summary, roadmap, fix list): lends them phase, effort, status"
    if reports_done(sec, own=True):
        return "reports work already done"
    return "the list is not one of problems, or the item restates a finding, names only a file or is a test step"


def _row(row: list[str], line: int, depth: int, found: dict[str, ParsedFinding]) -> Candidate:
    text = " | ".join(strip_inline(c) for c in row)
    hit = next((f for title, f in found.items() if title and title in text), None)
    if hit is not None:
        return Candidate(line, depth, "row", text, "finding", "a row of a findings table", hit)
    return Candidate(line, depth, "row", text, "skipped", "restates a finding, or the table is not a findings table")
