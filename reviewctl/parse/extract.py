"""Section tree → findings: which headings are findings, and their labelled fields.

A heading is a finding when its shape says so — numbering ("3.", "1.2", "Issue #4:") with a
priority or labelled fields, or several labelled fields — and no heading below it is one
(otherwise it is a container such as "## 2. HIGH PRIORITY - Database").
"""

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache

from reviewctl.parse.fields import (
    FieldLine,
    field_line,
    find_locations,
    heading_label,
    leading_location,
    names_a_span,
    parse_effort,
    path_matches,
    priority_in_heading,
    priority_of_value,
    says_fixed,
    section_priority,
)
from reviewctl.parse.model import ParsedFinding, ParsedLocation
from reviewctl.parse.structure import Block, Lines, Section, strip_inline
from reviewctl.parse.words import (
    CJK_CHAR,
    DONE_HEAD,
    FUTURE_HEAD,
    ISSUE_HEAD,
    NO_ISSUES,
    NOT_FINDING,
    NOT_FINDING_TAIL,
    PRAISE_HEAD,
    PRAISED,
    STRONG_ISSUE,
    names_fixed,
    restates_findings,
)

NUMBERED = re.compile(
    r"^[^\w\[(#]*?(?:\b(?:issue|bottleneck|finding|problem|bug|defect|risk|vulnerability|concern|item|"
    r"问题|問題|指摘)\s*#?\s*|#\s*)?(\d+(?:\.\d+)*|\d{1,2}-\d{1,2}(?=[.:)]))"
    r"(?:[：、．]\s*|[.:)]\s+|\s[-–—]\s+|[-–—]\s+|\s+)(\S.*)$",
    re.I,
)
_NUMBER_RANGE = re.compile(r"^\W*\d{1,3}\s*[-–]\s*\d{1,3}[.:)]")
"""A heading numbered with a range of findings ('11-14. More high issues')."""
PHASE_WORDS = (
    r"phase|week|sprint|stage|milestone|iteration|fase|semana|etapa|semaine|[ée]tape|woche|meilenstein|"
    r"неделя|этап|фаза|спринт|阶段|フェーズ|단계"
)
PHASE_HEAD = re.compile(
    rf"^\W*(?:(?:{PHASE_WORDS})\s*(\d+)|第\s*(\d+)\s*(?:周|週|阶段|段階|期)|(\d+)\s*주차)(?:\s*[-–]\s*\d+)?\s*(?:[:：\-–—(（]|$)",
    re.I,
)
"""A roadmap phase: 'Phase 2: …', 'Week 1', 'Semana 3 (…)', 'Неделя 1', '第2周', '1주차'."""
DEFECT_LABELS = frozenset({"issue", "location", "impact", "fix", "priority", "effort", "evidence"})
_BOLD_LEAD = re.compile(r"^\s*(\*\*|__)[^*_\n]{4,}(?<![:：])\1(?!\s*[:：])")
"""An item's bold title ('**Pinned edits are lost.**'), not a bold label ('**Impact**:')."""
_HEAD_NOISE = re.compile(r"^[^\w\[(]*(?:\d+(?:\.\d+)*[.:)]?\s*)?")
_CHECKBOX = re.compile(r"^\s*\[[ xXvV✓✔]\]\s*")
_ID_PREFIX = re.compile(r"^(?!P[0-4]\b)([A-Z]{1,5}-?[A-Z]?\d+(?:\.\d+)?)\s*(?:[—–:.]|\s-)\s*(\S.*)$")
"""A finding ID before the title: 'C1 — ...', 'DEL-H1: ...', 'F3. ...'."""
_LEAD_PRIORITY = re.compile(
    r"^(critical|blocker|high|medium|low|major|minor|warning|p[0-4])\s*(?::|\s[-–—|])\s*(?=\S)", re.I
)
"""'CRITICAL: Title', 'HIGH - Title': the marker is the priority, not the title."""
MAX_TITLE = 300
"""Characters of a heading that make a title; the rest stays in the body (bounds every title regex)."""
_TRAIL_PAREN = re.compile(r"[(（][^()（）]*[)）]$")
_TRAIL_PRIORITY = re.compile(r"[-–—|:]\s*(critical|high|medium|low|blocker|major|minor|p[0-4])\b[^-–—|:]*$", re.I)
_TRAIL_CAPS = re.compile(r"\b(CRITICAL|HIGH|MEDIUM|LOW)$")
_KEEP = frozenset("().`'\"+#&/_）]】")
_TRAILERS = (_TRAIL_PAREN, _TRAIL_PRIORITY, _TRAIL_CAPS)


@dataclass(slots=True)
class Fields:
    values: list[FieldLine] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)

    def get(self, label: str) -> list[str]:
        return [f.value for f in self.values if f.label == label]

    def labels(self) -> set[str]:
        return {f.label for f in self.values}

    def copy(self) -> "Fields":
        return Fields(list(self.values), list(self.prose), list(self.code))

    def extend(self, other: "Fields") -> None:
        self.values += other.values
        self.prose += other.prose
        self.code += other.code


_LEAD_TAG = re.compile(r"\[([^\]\n]{1,300})\]\s*(\S.*)", re.S)
_AFTER_PLACE = re.compile(
    r"(?::\d+(?:\s*[-–]\s*\d+)?)?+\s*[-–—:：,]\s*(?:[^\W\d]{1,12}\.?\s*\d+(?:\s*[-–]\s*\d+)?\s*[:：\-–—]\s*)?(\w.*)",
    re.S,
)
"""What follows a path that opens a title: its lines ('line 282', ':12'), a separator, then the title."""


def _after_place(text: str) -> str:
    """'stats.py - line 282: IndexError' → 'IndexError': a title that opens with its file names the place first."""
    first = next(iter(path_matches(text[:400])), None)
    if first is None or first.start() != 0:
        return text
    rest = _AFTER_PLACE.match(text, first.end())
    return rest.group(1) if rest else text


def clean_title(title: str) -> tuple[str, str | None]:
    """(title without numbering, priority markers and decoration, the numbering if any)."""
    text = _CHECKBOX.sub("", keycaps(strip_inline(title[:MAX_TITLE])))
    number = None
    m = NUMBERED.match(text) or _ID_PREFIX.match(text)
    if m:
        number, text = m.group(1), m.group(2)
    text = re.sub(r"^[^\w(\[`'\"<]+", "", text)  # leading emoji and marks (a tag such as <Suspense> stays)
    text = _LEAD_PRIORITY.sub("", text) or text
    if (tag := _LEAD_TAG.match(text)) and find_locations(tag.group(1)):  # '[src/a.go:12] Title': the place
        text = tag.group(2)
    text = _after_place(text)
    stripped = _strip_trailers(text).strip(" -–—:")
    return (stripped or text).strip(), number


def is_numbered(title: str) -> bool:
    """'3. Title', '1.2 Title', 'Issue #4: Title', 'B1. Title', '[x] C1 — Title', '4️⃣ Title'."""
    title = keycaps(title)
    return bool(NUMBERED.match(title) or _ID_PREFIX.match(_CHECKBOX.sub("", title)))


def keycaps(text: str) -> str:
    """Keycap digits ('4️⃣') read as numbering ('4.')."""
    return text.replace("\ufe0f\u20e3", ".").replace("\u20e3", ".")


def _strip_trailers(text: str) -> str:
    """Peel trailing '(High)', '- Critical', 'HIGH' and marks one at a time (titles are bounded)."""
    while True:
        text = _strip_marks(text)
        for pat in _TRAILERS:
            m = pat.search(text)
            if m and m.start() > 0:
                text = text[: m.start()]
                break
        else:
            return text


def _strip_marks(text: str) -> str:
    """Trailing white space, emoji and punctuation (a closing parenthesis or code tick stays)."""
    end = len(text)
    while end and (text[end - 1].isspace() or not (text[end - 1].isalnum() or text[end - 1] in _KEEP)):
        end -= 1
    return text[:end]


def collect_fields(sec: Section, is_finding: "set[int]") -> Fields:
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


def _own(sec: Section, pending: str | None) -> Fields:
    """Fields of the section's own blocks (memoized: each section is read once per parse)."""
    key = ("fields", pending)
    if key not in sec.cache:
        out = Fields()
        for block in sec.blocks:
            pending = read_block(out, block, pending)
        sec.cache[key] = out
    return sec.cache[key]


def _descendants(sec: Section, is_finding: "set[int]") -> list[Section]:
    out = []
    for c in sec.children:
        if id(c) not in is_finding:
            out += [c, *_descendants(c, is_finding)]
    return out


def read_block(out: Fields, block: Block, pending: str | None) -> str | None:
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
            read_block(out, child, label or pending)
        return pending
    label = None
    for line in block.text.split("\n"):
        label = _line(out, line, label)
    return label


def _line(out: Fields, line: str, pending: str | None) -> str | None:
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


def excluded(sec: Section) -> bool:
    """Inside praise, description, methodology or feature ideas: nothing there is a finding."""
    if "excluded" not in sec.cache:
        sec.cache["excluded"] = _excluded(sec)
    return sec.cache["excluded"]


def _excluded(sec: Section) -> bool:
    return any(_names_no_findings(a.title) for a in (sec, *sec.ancestors()) if a.level and not is_document_title(a))


_TOPIC_WORDS = 6
"""A heading longer than this names a problem, not a topic such as future ideas."""


def _is_topic(plain: str) -> bool:
    """Short: a few words (two characters of a language written without spaces count as one)."""
    cjk = len(CJK_CHAR.findall(plain))
    return len(CJK_CHAR.sub(" ", plain).split()) + cjk / 2 <= _TOPIC_WORDS


@lru_cache(maxsize=1 << 12)
def _names_no_findings(title: str) -> bool:
    """Praise always; description, methodology or feature ideas unless the heading names issues or a severity."""
    plain = _HEAD_NOISE.sub("", strip_inline(title)).strip()
    if PRAISE_HEAD.search(plain) or PRAISED.match(strip_inline(title)) or NO_ISSUES.match(plain):
        return True
    if STRONG_ISSUE.search(plain):
        return False
    if FUTURE_HEAD.search(plain) and _is_topic(plain):
        return True  # 'Future Enhancements'; not 'Crypto library deprecated, no future security patches'
    names = NOT_FINDING.match(plain) or (NOT_FINDING_TAIL.search(plain) and not is_numbered(strip_inline(title)))
    return bool(names) and not section_priority(plain)


def restating(sec: Section) -> bool:
    """Under a summary, roadmap or recommendations heading: what is there restates findings."""
    return any(
        restates_findings(strip_inline(a.title)) for a in sec.ancestors() if a.level and not is_document_title(a)
    )


def in_issue_section(sec: Section) -> bool:
    """Some enclosing heading names problems or a severity ('## High priority', '## Bugs', '## 重大')."""
    if "issues" not in sec.cache:
        sec.cache["issues"] = _in_issue_section(sec)
    return sec.cache["issues"]


def _in_issue_section(sec: Section) -> bool:
    heads = [a for a in sec.ancestors() if a.level and not is_document_title(a)]
    return any(ISSUE_HEAD.search(a.title) or section_priority(a.title) for a in heads)


def is_document_title(sec: Section) -> bool:
    """The document's own first-level title names the whole review, not a section of issues."""
    return sec.level == 1 and sec.parent is not None and sec.parent.level == 0 and sec.parent.children[0] is sec


def opens_with_location(sec: Section) -> bool:
    """The heading names a file, or its first block is a location line ('`src/a.rs:82` — warning')."""
    if find_locations(strip_inline(sec.title)):
        return True
    first = sec.blocks[0] if sec.blocks else None
    return first is not None and first.kind == "paragraph" and leading_location(first.text)


def is_candidate(sec: Section) -> bool:
    """Does this heading look like a finding? Weighs numbering, a priority, labelled fields, a
    location right under it and an enclosing issues section."""
    title = strip_inline(sec.title)
    if sec.level == 0 or PHASE_HEAD.match(title) or heading_label(sec.title) or excluded(sec) or restating(sec):
        return False
    numbered = is_numbered(title)
    over_list = not numbered and item_run(sec) and not _labelled_paragraphs(sec) and not _names_a_file(title)
    if reports_done(sec, own=False) or over_list:
        return False  # a heading over a list of findings ("**High Severity Findings**", "### Broad Except")
    if _NUMBER_RANGE.match(title) and sum(1 for b in sec.blocks if b.kind == "item") >= 2:
        return False  # '### 11-14. More high' over its four items: they are the findings
    prio = priority_in_heading(sec.title) is not None
    if numbered and (prio or in_issue_section(sec) or opens_with_location(sec)):
        return True  # decided without reading the section's fields
    own = {id(c) for c in sec.children if not heading_label(c.title)}
    labels = collect_fields(sec, own).labels() & DEFECT_LABELS
    if (numbered and labels) or len(labels) >= 2 or (prio and labels):
        return True
    located = bool(labels & {"location", "issue"}) or opens_with_location(sec)
    return located and in_issue_section(sec) and bool(sec.blocks)


def _names_a_file(title: str) -> bool:
    """'GroupHost.js is one 925-line function': a sentence about a file, not a heading that only
    names the file its findings are grouped under ('### `auth.py`')."""
    places = path_matches(title)
    return bool(places) and len(title.split()) >= 3


def under_fixed_heading(sec: Section, *, own: bool) -> bool:
    """A heading above (`own`: or the section's own) lists issues found and fixed ('## PHP File Issues
    Fixed'); a finding's own title saying 'errors resolved too late' is not one."""
    heads = (sec, *sec.ancestors()) if own else sec.ancestors()
    return any(names_fixed(a.title) for a in heads if a.level and not is_document_title(a))


def reports_done(sec: Section, *, own: bool) -> bool:
    """Under a heading that reports work already done ('## Improvements Implemented', '## 已完成 ✓')."""
    heads = (sec, *sec.ancestors()) if own else sec.ancestors()
    return any(_says_done(a.title) for a in heads if a.level and not is_document_title(a))


@lru_cache(maxsize=1 << 12)
def _says_done(title: str) -> bool:
    """Done work, unless the heading names issues, or its only sign is a tick beside a severity
    ('### ✅ Low Priority' is a level of findings with a cheerful mark)."""
    m = DONE_HEAD.search(title)
    if m is None or STRONG_ISSUE.search(title):
        return False
    return not (m.group(0) in ("✅", "✓", "✔") and section_priority(title) and not DONE_HEAD.search(title, m.end()))


def _labelled_paragraphs(sec: Section) -> bool:
    """The heading's own paragraphs carry defect fields ('**File:** ...'): its items are its notes."""
    out = Fields()
    for block in sec.blocks:
        if block.kind == "paragraph":
            read_block(out, block, None)
    return bool(out.labels() & DEFECT_LABELS)


def item_run(sec: Section) -> bool:
    """Two or more top-level items that read as findings of their own (a bold lead or notes below),
    not as the heading's fields ('- **Location**: ...')."""
    items = [b for b in sec.blocks if b.kind == "item" and not field_line(b.text.split("\n", 1)[0])]
    return sum(1 for b in items if b.children or _BOLD_LEAD.match(b.text) or b.checked is not None) >= 2


def finding_sections(root: Section) -> list[Section]:
    """Candidate sections with no candidate below them, and the numbered headings shaped like
    their cousins that are findings, in document order."""
    chosen: list[Section] = []
    _visit(root, chosen)
    chosen += _like_their_cousins(root)
    return sorted(chosen, key=lambda s: s.line)


def _visit(sec: Section, chosen: list[Section]) -> bool:
    """Choose the candidates with no candidate below them; mark each section that holds one."""
    below = [_visit(c, chosen) for c in sec.children]
    if any(below) or is_candidate(sec):
        sec.holds = True
        if not any(below):
            chosen.append(sec)
        return True
    return False


def _chosen(sec: Section) -> bool:
    return sec.holds and not any(c.holds for c in sec.children)


def _like_their_cousins(root: Section) -> list[Section]:
    """Numbered headings most of whose numbered cousins (the same level under the same grandparent:
    '### 1.' under each of '## Bugs', '## Architecture', '## Security') are findings, though they
    carry no evidence of their own: the document writes its findings at that level."""
    out = []
    for grand in root.walk():
        groups: dict[int, list[Section]] = {}
        for parent in grand.children:
            for c in parent.children:
                if is_numbered(strip_inline(c.title)):
                    groups.setdefault(c.level, []).append(c)
        for cousins in groups.values():
            found = sum(1 for c in cousins if _chosen(c))
            if found >= 2 and 2 * found > len(cousins):
                out += [c for c in cousins if not c.holds and _may_be_finding(c)]
    return out


def _may_be_finding(sec: Section) -> bool:
    """Not a heading that never is one: a phase, a field, praise or other no-findings topic, a
    restatement, done work; and it says something in prose (a heading over a checklist of ideas
    is not a problem found)."""
    title = strip_inline(sec.title)
    if PHASE_HEAD.match(title) or heading_label(sec.title) or excluded(sec) or restating(sec):
        return False
    return not reports_done(sec, own=True) and any(b.kind == "paragraph" for b in sec.blocks)


def build_finding(sec: Section, lines: Lines, is_finding: "set[int]") -> ParsedFinding:
    title, number = clean_title(sec.title)
    fields = collect_fields(sec, is_finding)
    body = lines.between(sec.line + 1, sec.end).strip("\n")
    finding = ParsedFinding(
        title=title,
        body=body,
        number=number,
        line=sec.line + 1,
        section=sys.intern(" / ".join(strip_inline(a.title) for a in reversed(sec.ancestors()) if a.level)),
    )
    _priority(finding, sec, fields)
    _effort(finding, fields)
    _status(finding, sec, fields)
    finding.locations = _locations(sec, fields)
    return finding


def _priority(f: ParsedFinding, sec: Section, fields: Fields) -> None:
    for value in fields.get("priority"):
        prio = priority_of_value(value)
        if prio:
            f.priority, f.priority_source = prio, "field"
            return
    if any(names_a_span(v) for v in fields.get("priority")):
        return  # the finding's own field names two levels: unknown, not the section's guess
    prio = priority_in_heading(sec.title) or _location_line_priority(sec)
    if prio:
        f.priority, f.priority_source = prio, "heading"
        return
    for anc in sec.ancestors():
        prio = section_priority(anc.title) if anc.level else None
        if prio:
            f.priority, f.priority_source = prio, "section"
            return


def _location_line_priority(sec: Section) -> str | None:
    """'`src/a.ts:314` — warning' right under the heading: the marker belongs to the finding."""
    first = sec.blocks[0].text.split("\n", 1)[0] if sec.blocks and sec.blocks[0].kind == "paragraph" else ""
    return priority_in_heading(first) if first and leading_location(first) and len(first) < 200 else None


def _effort(f: ParsedFinding, fields: Fields) -> None:
    for value in fields.get("effort"):
        f.effort_text = strip_inline(value)
        f.effort_minutes = parse_effort(value)
        if f.effort_minutes is not None:
            return


_TICKED = re.compile(r"✅|✓|✔|☑|~~|\[(fixed|resolved|done|x|v|✓|✔)\]", re.I)
"""A heading marked done: a tick, a struck-through title, '[fixed]'."""


def _status(f: ParsedFinding, sec: Section, fields: Fields) -> None:
    marks = fields.get("status")
    if _TICKED.search(sec.title) or under_fixed_heading(sec, own=False):
        marks.append("fixed")
    if any(says_fixed(v) for v in marks):
        f.status = "fixed"


def _locations(sec: Section, fields: Fields) -> list[ParsedLocation]:
    lines = (f"lines {v}" for v in fields.get("lines"))  # a bare '36-41' belongs to the file named before it
    first = (sec.title, *fields.get("location"), *lines, *fields.get("status"), *fields.get("evidence"))
    parts = dict.fromkeys((*first, *(v.value for v in fields.values), *fields.prose))  # each text read once
    found = find_locations("\n".join(parts))  # every file named, the labelled places first
    if not found:
        for text in fields.code:
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
