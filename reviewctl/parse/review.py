"""parse_review: a whole document → ParsedReview (findings, document facts, warnings)."""

import posixpath
import re
from collections import Counter, defaultdict

from reviewctl.parse.citations import apply_cited_phases, apply_priority_lists
from reviewctl.parse.decode import repair_mojibake
from reviewctl.parse.extract import PHASE_HEAD, build_finding, dedupe, finding_sections
from reviewctl.parse.fields import field_line, find_locations, priority_in_heading
from reviewctl.parse.items import item_findings
from reviewctl.parse.model import ParsedFinding, ParsedLocation, ParsedReview
from reviewctl.parse.plan import apply_phases, apply_status_lists
from reviewctl.parse.structure import Lines, Section, newlines, parse_sections, strip_inline
from reviewctl.parse.tables import apply_table_restatements, table_findings

_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_DATE_LABEL = re.compile(r"^\W*(?:review\s+)?(date|generated|created|written|reviewed|last updated|日期|日付)\b", re.I)
_AUTHOR_LABEL = re.compile(
    r"^\W*(reviewer|author|reviewed by|owner|by|作者|审查人|レビュアー)\s*\W*[:：]\s*(.+)$", re.I
)
_COUNT_TEXT = re.compile(r"\b(\d+)\s+(critical|high|medium|low)(?:\s+priority)?\s+(?:issues|findings|problems)\b", re.I)


def parse_review(text: str, name: str = "review") -> ParsedReview:
    """Extract findings and facts from review text (already decoded; mojibake repaired here)."""
    text, codec = repair_mojibake(text)
    text = newlines(text)
    root = parse_sections(text)
    lines = Lines(text)
    secs = finding_sections(root)
    ids = {id(s) for s in secs}
    facts = _facts(root)
    findings = []
    for sec in secs:
        findings.append(build_finding(sec, lines, ids))
        _forget_prose(sec)
    del ids, lines  # not read again: a big document holds less at once
    for part in (d for s in secs for d in s.walk()):
        part.inside = True
    findings += item_findings(root, findings)
    findings += table_findings(root, findings)
    apply_table_restatements(root, findings)
    findings += apply_phases(root, findings)
    apply_cited_phases(root, findings)
    apply_priority_lists(root, findings)
    apply_status_lists(root, findings)
    resolve_bare_paths(findings, text)
    title = _title(root, name)
    _reviewed_file(findings, title)
    findings.sort(key=lambda f: f.line)
    review = ParsedReview(title=title, findings=findings, encoding_repair=codec)
    review.date, review.author = facts
    review.warnings = crosscheck(root, findings, text) + bound_numbers(findings)
    if codec:
        review.warnings.insert(0, f"repaired text that had been decoded as {codec} (mojibake)")
    return review


def _forget_prose(sec: Section) -> None:
    """Once a finding is built from its sections, their paragraphs and code are not read again (the
    later stages read items and tables, and the paragraphs of phase headings only), nor their memos:
    a document of 100,000 findings need not hold its prose twice."""
    for part in sec.walk():
        part.memo = None
        if not PHASE_HEAD.match(strip_inline(part.title)):
            part.blocks = [b for b in part.blocks if b.kind in ("item", "table")]


def _title(root: Section, name: str) -> str:
    for sec in root.walk():
        if sec.level:
            return strip_inline(sec.title)
    return name


def _facts(root: Section) -> tuple[str | None, str | None]:
    date = author = None
    heads = [s for s in root.walk() if s.level <= 2]
    lines = [strip_inline(s.title) for s in heads]
    lines += [ln for s in heads for b in s.blocks if b.kind in ("paragraph", "item") for ln in b.text.split("\n")]
    for line in lines:
        plain = strip_inline(line)
        if date is None and _DATE_LABEL.match(plain) and _DATE.search(plain):
            date = _DATE.search(plain).group(1)
        m = _AUTHOR_LABEL.match(plain)
        if author is None and m:
            author = m.group(2).strip()
    return date, author


MAX_LINE = 10_000_000
MAX_MINUTES = 2_400 * 52 * 10  # ten years of weeks
MAX_PHASE = 10_000


def bound_numbers(findings: list[ParsedFinding]) -> list[str]:
    """Numbers no review means (line 99999999999999999999, 10**20 hours) are dropped with a warning:
    both stores hold them, and nothing downstream can use them."""
    warnings = []
    for f in findings:
        if any(n is not None and not 0 < n <= MAX_LINE for loc in f.locations for n in (loc.line_start, loc.line_end)):
            warnings.append(f"line {f.line}: line numbers out of range ignored in {f.title[:60]!r}")
            for loc in f.locations:
                if not all(n is None or 0 < n <= MAX_LINE for n in (loc.line_start, loc.line_end)):
                    loc.line_start = loc.line_end = None
        if f.effort_minutes is not None and not 0 <= f.effort_minutes <= MAX_MINUTES:
            warnings.append(f"line {f.line}: effort out of range ignored in {f.title[:60]!r}")
            f.effort_minutes = None
        if f.phase is not None and not 0 <= f.phase <= MAX_PHASE:
            warnings.append(f"line {f.line}: phase out of range ignored in {f.title[:60]!r}")
            f.phase = f.phase_label = None
    return warnings


def _reviewed_file(findings: list[ParsedFinding], title: str) -> None:
    """A review of one file ('# Code Review: `pkg/taxonomy.py`'): its findings that name no file are about it."""
    files = {loc.path for loc in find_locations(title)}
    if len(files) == 1:
        for f in findings:
            if not f.locations:
                f.locations = [ParsedLocation(next(iter(files)))]


def resolve_bare_paths(findings: list[ParsedFinding], text: str) -> None:
    """'runner.py' → 'src/app/runner.py' when the document names exactly one such full path,
    else the directory its sibling locations share."""
    if all("/" in loc.path for f in findings for loc in f.locations):
        return
    full: dict[str, set[str]] = defaultdict(set)
    for loc in find_locations(text):
        if "/" in loc.path:
            full[posixpath.basename(loc.path)].add(loc.path)
    for f in findings:
        dirs = {posixpath.dirname(loc.path) for loc in f.locations if "/" in loc.path}
        for loc in f.locations:
            if "/" in loc.path:
                continue
            options = full.get(loc.path, set())
            if len(options) == 1:
                loc.path = next(iter(options))
            elif not options and len(dirs) == 1:
                loc.path = posixpath.join(next(iter(dirs)), loc.path)
        f.locations = dedupe(f.locations)


def crosscheck(root: Section, findings: list[ParsedFinding], text: str) -> list[str]:
    """Warn where the document's own counts disagree with what was extracted."""
    got = Counter(f.priority for f in findings if f.priority_source != "none" and f.number)
    warnings = []
    for table in (b for s in root.walk() for b in s.blocks if b.kind == "table" and len(b.rows) > 1):
        head = [strip_inline(h).lower() for h in table.rows[0]]
        if "count" not in head:
            continue
        col = head.index("count")
        stated: dict[str, int] = {}
        for row in table.rows[1:]:
            num = re.search(r"\d+", row[col]) if len(row) > col else None
            label = strip_inline(row[0]).lower()
            prio = priority_in_heading(f"({label})") or ("total" if "total" in label else None)
            if num and prio:
                stated[prio] = int(num.group())
        warnings += _compare("summary table", stated, got)
    for m in _COUNT_TEXT.finditer(text):
        prio = m.group(2).lower()
        if int(m.group(1)) != got.get(prio, 0) and not field_line(m.group(0)):
            warnings.append(f"document says {m.group(1)} {prio} issues; extracted {got.get(prio, 0)}")
    return warnings


def _compare(what: str, stated: dict[str, int], got: Counter) -> list[str]:
    out = []
    total = sum(got.values())
    if "total" in stated and stated["total"] != total:
        out.append(f"{what} says {stated['total']} findings in all; extracted {total}")
    for prio, n in stated.items():
        if prio != "total" and n != got.get(prio, 0):
            out.append(f"{what} says {n} {prio}; extracted {got.get(prio, 0)}")
    return out
