"""Section tree → findings: which headings are findings, and their labelled fields.

A heading is a finding when its shape says so — numbering ("3.", "1.2", "Issue #4:") with a
priority or labelled fields, or several labelled fields — and no heading below it is one
(otherwise it is a container such as "## 2. HIGH PRIORITY - Database").
"""

import re
from dataclasses import dataclass, field

from reviewctl.parse.fields import (
    FieldLine,
    field_line,
    find_locations,
    heading_label,
    parse_effort,
    priority_in_heading,
    priority_of_value,
    says_fixed,
)
from reviewctl.parse.model import ParsedFinding, ParsedLocation
from reviewctl.parse.structure import Block, Section, strip_inline

NUMBERED = re.compile(
    r"^[^\w\[(#]*?(?:\b(?:issue|bottleneck|finding|problem|bug|defect|risk|vulnerability|concern|item|"
    r"问题|問題|指摘)\s*#?\s*|#\s*)?(\d+(?:\.\d+)*)(?:[.:)、．]|\s*[-–—])?\s+(\S.*)$",
    re.I,
)
PHASE_HEAD = re.compile(
    r"^\W*(phase|week|sprint|stage|milestone|iteration|阶段|フェーズ)\s*(\d+)(?:\s*[-–]\s*\d+)?\s*(?:[:\-–—(]|$)", re.I
)
NOT_FINDING = re.compile(r"\bgrades?\b|\bstrengths?\b|table of contents|executive summary|\bconclusion", re.I)
DEFECT_LABELS = frozenset({"issue", "location", "impact", "fix", "priority", "effort", "evidence"})
_TRAILING = re.compile(
    r"(\s*([(（][^()（）]*[)）]|[-–—|:]\s*(critical|high|medium|low|blocker|major|minor|p[0-4])\b.*|"
    r"\b(CRITICAL|HIGH|MEDIUM|LOW)\b|[^\w\s().`'\"+#&/]+))+\s*$",
    re.I,
)


@dataclass
class _Fields:
    values: list[FieldLine] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)

    def get(self, label: str) -> list[str]:
        return [f.value for f in self.values if f.label == label]

    def labels(self) -> set[str]:
        return {f.label for f in self.values}

    def copy(self) -> "_Fields":
        return _Fields(list(self.values), list(self.prose), list(self.code))

    def extend(self, other: "_Fields") -> None:
        self.values += other.values
        self.prose += other.prose
        self.code += other.code


def clean_title(title: str) -> tuple[str, str | None]:
    """(title without numbering, priority markers and decoration, the numbering if any)."""
    text = strip_inline(title)
    number = None
    m = NUMBERED.match(text)
    if m:
        number, text = m.group(1), m.group(2)
    text = re.sub(r"^[^\w(\[`'\"<]+", "", text)  # leading emoji and marks (a tag such as <Suspense> stays)
    stripped = _TRAILING.sub("", text).strip(" -–—:")
    return (stripped or text).strip(), number


def collect_fields(sec: Section, is_finding: "set[int]") -> _Fields:
    """Labelled fields, prose and code of a finding, including its non-finding subsections."""
    out = _own(sec, None).copy()
    for child in _descendants(sec, is_finding):
        label = heading_label(child.title)
        if label is None:
            out.prose.append(child.title)
        elif label.value:
            out.values.append(label)
        out.extend(_own(child, label.label if label else None))
    return out


def _own(sec: Section, pending: str | None) -> _Fields:
    """Fields of the section's own blocks (memoized: each section is read once per parse)."""
    key = ("fields", pending)
    if key not in sec.cache:
        out = _Fields()
        for block in sec.blocks:
            pending = _block(out, block, pending)
        sec.cache[key] = out
    return sec.cache[key]


def _descendants(sec: Section, is_finding: "set[int]") -> list[Section]:
    out = []
    for c in sec.children:
        if id(c) not in is_finding:
            out += [c, *_descendants(c, is_finding)]
    return out


def _block(out: _Fields, block: Block, pending: str | None) -> str | None:
    if block.kind == "code":
        out.code.append(block.text)
        return None
    if block.kind == "table":
        out.prose += [" | ".join(r) for r in block.rows]
        return None
    if block.kind == "item":
        label = _line(out, block.text.split("\n", 1)[0], pending)
        for rest in block.text.split("\n")[1:]:
            _line(out, rest, label)
        for child in block.children:
            _block(out, child, label or pending)
        return pending
    label = None
    for line in block.text.split("\n"):
        label = _line(out, line, label)
    return label


def _line(out: _Fields, line: str, pending: str | None) -> str | None:
    """Record one line; returns the label that following list items continue."""
    fl = field_line(line)
    if fl:
        if fl.value:
            out.values.append(fl)
        return fl.label
    if pending:
        out.values.append(FieldLine(pending, line.strip()))
    else:
        out.prose.append(line)
    return pending


def is_candidate(sec: Section) -> bool:
    """Does this heading, on its own, look like a finding?"""
    if sec.level == 0 or NOT_FINDING.search(sec.title) or PHASE_HEAD.match(strip_inline(sec.title)):
        return False
    if heading_label(sec.title):
        return False
    numbered = bool(NUMBERED.match(strip_inline(sec.title)))
    prio = priority_in_heading(sec.title) is not None
    own = {id(c) for c in sec.children if not heading_label(c.title)}
    labels = collect_fields(sec, own).labels() & DEFECT_LABELS
    return (numbered and (prio or bool(labels))) or len(labels) >= 2 or (prio and bool(labels))


def finding_sections(root: Section) -> list[Section]:
    """Candidate sections with no candidate below them, in document order."""
    chosen: list[Section] = []

    def visit(sec: Section) -> bool:
        below = [visit(c) for c in sec.children]
        if any(below):
            return True
        if is_candidate(sec):
            chosen.append(sec)
            return True
        return False

    visit(root)
    return sorted(chosen, key=lambda s: s.line)


def build_finding(sec: Section, lines: list[str], is_finding: "set[int]") -> ParsedFinding:
    title, number = clean_title(sec.title)
    fields = collect_fields(sec, is_finding)
    body = "\n".join(lines[sec.line + 1 : sec.end]).strip("\n")
    finding = ParsedFinding(
        title=title,
        body=body,
        number=number,
        line=sec.line + 1,
        section=" / ".join(strip_inline(a.title) for a in reversed(sec.ancestors()) if a.level),
    )
    _priority(finding, sec, fields)
    _effort(finding, fields)
    _status(finding, sec, fields)
    finding.locations = _locations(sec, fields)
    return finding


def _priority(f: ParsedFinding, sec: Section, fields: _Fields) -> None:
    for value in fields.get("priority"):
        prio = priority_of_value(value)
        if prio:
            f.priority, f.priority_source = prio, "field"
            return
    prio = priority_in_heading(sec.title)
    if prio:
        f.priority, f.priority_source = prio, "heading"
        return
    for anc in sec.ancestors():
        prio = priority_in_heading(anc.title) if anc.level else None
        if prio:
            f.priority, f.priority_source = prio, "section"
            return


def _effort(f: ParsedFinding, fields: _Fields) -> None:
    for value in fields.get("effort"):
        f.effort_text = strip_inline(value)
        f.effort_minutes = parse_effort(value)
        if f.effort_minutes is not None:
            return


def _status(f: ParsedFinding, sec: Section, fields: _Fields) -> None:
    marks = fields.get("status")
    if re.search(r"✅|~~|\[(fixed|resolved|done)\]", sec.title, re.I):
        marks.append("fixed")
    if any(says_fixed(v) for v in marks):
        f.status = "fixed"


def _locations(sec: Section, fields: _Fields) -> list[ParsedLocation]:
    found = find_locations(sec.title)
    for value in (*fields.get("location"), *fields.get("status"), *fields.get("evidence")):
        found += find_locations(value)
    if not found and "location" not in fields.labels():
        for text in (*fields.prose, *(v.value for v in fields.values), *fields.code):
            found += find_locations(text)
    return dedupe(found)


def dedupe(locs: list[ParsedLocation]) -> list[ParsedLocation]:
    """Drop repeated locations, and a bare path when the same path also has lines."""
    with_lines = {loc.path for loc in locs if loc.line_start is not None}
    seen, out = set(), []
    for loc in locs:
        key = (loc.path, loc.line_start, loc.line_end)
        if key in seen or (loc.line_start is None and loc.path in with_lines):
            continue
        seen.add(key)
        out.append(loc)
    return out
