"""Document parts that talk *about* findings: roadmaps, "fixes applied" lists, checklists, tables.

Their items name findings in other words, so they are linked by meaning (similar.Matcher) and
carry phase, effort and status onto the findings; concrete roadmap work that matches no finding
becomes a finding of its own.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from reviewctl.parse.extract import PHASE_HEAD, PHASE_WORDS
from reviewctl.parse.fields import PRIORITY_WORDS, parse_effort, priority_in_heading
from reviewctl.parse.model import ParsedFinding
from reviewctl.parse.similar import Matcher
from reviewctl.parse.structure import Block, Section, strip_inline

HASH_REF = re.compile(r"(?<![\w&])#\s?(\d{1,3})(?!\w)")
"""'(#1, #2)': a plan item citing findings by their document number (citations.py links them)."""
ITEM_MATCH = 0.30  # cosine a roadmap item needs to claim a finding
SUB_MATCH = 0.33  # a sub-bullet of a bundle item
STATUS_MATCH = 0.35
FIXES_HEAD = re.compile(
    r"\b(fix(es)?|changes?|actions?)\s+(applied|made|implemented|taken|done)\b|"
    r"\bresolved\b|\baddressed\b|\bcompleted\b|"
    r"\b(correcciones|cambios|corre[cç][oõ]es|altera[cç][oõ]es|corrections|modifications)\s+"
    r"(aplicadas|realizad[oa]s|implementad[oa]s|appliqu[ée]es|apport[ée]es|effectu[ée]es)\b|"
    r"\b([aä]nderungen|korrekturen)\s+(umgesetzt|angewendet)\b|\bbehoben\b|внесённые исправления|"
    r"выполненные исправления|已修复|已解决|対応済|修正済|수정 완료|조치 완료",
    re.I,
)
ACTION = re.compile(
    r"^(add|fix|move|create|implement|enable|replace|remove|refactor|break|set up|setup|load test|"
    r"audit|standardi[sz]e|optimi[sz]e|introduce|migrate|update|upgrade|write|document|configure|"
    r"use|switch|split|extract|rename|delete|drop|wrap|clear|cache|batch|test|validate|deploy|"
    r"monitor|schedule|profile|review|benchmark|convert|increase|reduce|limit)\b",
    re.I,
)


@dataclass
class Phase:
    number: int
    label: str
    items: list[Block]
    effort_text: str | None = None


def match_text(f: ParsedFinding) -> tuple[str, str]:
    body = re.sub(r"```.*?```", " ", f.body, flags=re.S)
    return f.title, body


def matcher_for(root: Section, findings: list[ParsedFinding]) -> Matcher:
    """One Matcher per parse, extended as the stages append findings (they never remove one)."""
    matcher = root.cache.get("matcher")
    if matcher is None:
        matcher = root.cache["matcher"] = Matcher([])
    matcher.extend([match_text(f) for f in findings[matcher.size :]])
    return matcher


def item_title(block: Block) -> str:
    """The name of a list item: its bold lead, else its text before a parenthesis or colon."""
    first = block.text.split("\n", 1)[0]
    m = re.match(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)", first)
    text = m.group(1) if m else first
    text = re.sub(r"\s*\([^)]*\)\s*$", "", strip_inline(text))
    return text.split(":")[0].strip() if not m else text.strip(" :")


def phases(root: Section) -> Iterator[Phase]:
    """Phase/week/sprint sections and '**Phase 1 (...)**: ...' list items, in document order."""
    for sec in root.walk():
        head = PHASE_HEAD.match(strip_inline(sec.title))
        if head:
            items = [b for b in sec.blocks if b.kind == "item"]
            yield Phase(phase_number(strip_inline(sec.title)), phase_label(sec.title), items, _section_effort(sec))
            continue
        for block in sec.blocks:
            if block.kind == "item" and PHASE_HEAD.match(item_title(block)):
                yield Phase(phase_number(item_title(block)), strip_inline(block.text), block.children)


def phase_number(text: str) -> int:
    m = re.search(rf"(?:{PHASE_WORDS})\s*(\d+)", text, re.I)
    return int(m.group(1) if m else re.search(r"\d+", text).group())


def phase_label(title: str) -> str:
    """'Hardening (Week 1)' from '### Phase 1: Hardening (Week 1)'."""
    return re.sub(r"^\W*\w+\s*\d+(?:\s*[-–]\s*\d+)?\s*[:\-–—]?\s*", "", strip_inline(title)).strip() or strip_inline(
        title
    )


def _section_effort(sec: Section) -> str | None:
    for b in sec.blocks:
        if b.kind == "paragraph" and re.search(r"\beffort\b", b.text, re.I):
            return strip_inline(b.text)
    return None


def apply_phases(root: Section, findings: list[ParsedFinding]) -> list[ParsedFinding]:
    """Carry phase and effort from the roadmap; returns new findings for unmatched concrete work."""
    plan = list(phases(root))
    if not plan:
        return []
    matcher = matcher_for(root, findings) if findings else None
    pairs = []
    for p in plan:
        for item in p.items:
            scores = _item_scores(matcher, item) if matcher else []
            pairs += [(s, id(item), i, p, item) for i, s in enumerate(scores) if s >= ITEM_MATCH]
    taken_items, taken_findings = set(), set()
    for _score, key, idx, p, item in sorted(pairs, key=lambda t: -t[0]):
        if key in taken_items or idx in taken_findings:
            continue
        taken_items.add(key)
        taken_findings.add(idx)
        _carry(findings[idx], p, parse_effort(item.text.split("\n", 1)[0]))
    new: list[ParsedFinding] = []
    for p in plan:
        if not p.items:
            _by_priority(p, findings)
        for item in p.items:
            cites = HASH_REF.search(item.text.split("\n", 1)[0])
            if id(item) not in taken_items and not cites and not _by_sub_bullets(item, p, findings, matcher):
                new += _new_finding(item, p)
    return new


def _item_scores(matcher: Matcher, item: Block) -> list[float]:
    """How well an item names each finding: by its title alone, or with its sub-bullets."""
    title = item_title(item)
    full = title + " " + " ".join(strip_inline(c.text) for c in item.children)
    return [max(a, b) for a, b in zip(matcher.scores(title), matcher.scores(full), strict=True)]


def _carry(f: ParsedFinding, p: Phase, minutes: int | None) -> None:
    if f.phase is None:
        f.phase, f.phase_label = p.number, p.label
    if f.effort_minutes is None and minutes is not None:
        f.effort_minutes = minutes
        f.effort_text = f"{minutes} min (roadmap)"


def _by_priority(p: Phase, findings: list[ParsedFinding]) -> None:
    """A phase with no items that names a priority ('Phase 1 (Critical - 2.75h)') takes those findings."""
    m = re.match(r"^\W*\w+\s*\d+\s*[(:\-–—]\s*(\w[\w ]*?)\b(?:\s+priority)?\s*[-–—),:]", p.label + ")")
    prio = priority_in_heading(p.label.split(":")[0]) or (PRIORITY_WORDS.get(m.group(1).lower()) if m else None)
    if prio is None:
        return
    for f in findings:
        if f.priority == prio and f.phase is None and f.priority_source != "none":
            f.phase, f.phase_label = p.number, p.label


def _by_sub_bullets(item: Block, p: Phase, findings: list[ParsedFinding], matcher: Matcher | None) -> bool:
    """An item that bundles several findings ('Runner Core Fixes') links each through its sub-bullets;
    it takes two or more sub-bullets naming different findings to count as a bundle."""
    hits = set()
    for child in item.children if matcher else []:
        scores = matcher.scores(strip_inline(child.text))
        best = max(range(len(scores)), key=scores.__getitem__)
        if scores[best] >= SUB_MATCH:
            hits.add(best)
    if len(hits) < 2:
        return False
    for idx in hits:
        _carry(findings[idx], p, None)
    return True


def _new_finding(item: Block, p: Phase) -> list[ParsedFinding]:
    """Concrete roadmap work (an action verb, or its own estimate) that no finding covers."""
    title = item_title(item)
    minutes = parse_effort(item.text.split("\n", 1)[0])
    if not title or not (ACTION.match(title) or minutes is not None):
        return []
    f = ParsedFinding(
        title=title,
        body=item.text,
        section=f"phase {p.number}: {p.label}",
        line=item.line + 1,
        effort_minutes=minutes,
        phase=p.number,
        phase_label=p.label,
    )
    if item.checked:
        f.status = "fixed"
    return [f]


def apply_status_lists(root: Section, findings: list[ParsedFinding]) -> None:
    """'Fixes Applied' lists and checked boxes mark the findings they name as fixed."""
    lists = [(sec, items) for sec in root.walk() if (items := _status_items(sec))]
    if not findings or not lists:
        return
    matcher = matcher_for(root, findings)
    by_number = {f.number: f for f in findings if f.number}
    by_id = ids_of(findings)
    for sec, items in lists:
        fixes = _is_fixes_section(sec)
        numbered = fixes and _pairs_by_number(items, by_number)
        for item in items:
            if not (fixes or item.checked) or item.checked is False:
                continue
            target = by_number.get(str(item.ordinal)) if numbered else None
            target = target or opens_with_id(item, by_id) or named_finding(matcher, strip_inline(item.text), findings)
            if target is not None:
                target.status = "fixed"


def ids_of(findings: list[ParsedFinding]) -> dict[str, ParsedFinding]:
    """Findings by the document's own IDs ('GO-2', 'B3'; not bare ordinals, which lists reuse)."""
    return {f.number.upper(): f for f in findings if f.number and not f.number.isdigit()}


def opens_with_id(item: Block, by_id: dict[str, ParsedFinding]) -> ParsedFinding | None:
    """'GO-2: switched to log.Printf': an item that opens with a finding's own ID is about it."""
    lead = lead_id(item.text)
    return by_id.get(lead) if lead else None


def lead_id(text: str) -> str | None:
    """The first word of a text as an ID would be written ('GO-2:' → 'GO-2')."""
    words = strip_inline(text.split("\n", 1)[0]).split(maxsplit=1)
    return words[0].strip(":：.,;—–()[]").upper() if words else None


def _is_fixes_section(sec: Section) -> bool:
    """A 'Fixes Applied' heading, or a part of one ('## Fixes Applied' › '### First round')."""
    if PHASE_HEAD.match(strip_inline(sec.title)):
        return False
    return any(_names_fixes(a.title) for a in (sec, *sec.ancestors()) if a.level)


@lru_cache(maxsize=1 << 12)
def _names_fixes(title: str) -> bool:
    return FIXES_HEAD.search(title) is not None


def _status_items(sec: Section) -> list[Block]:
    """The list items of a 'fixes applied' section, or of any list with a checked box."""
    items = [b for b in sec.blocks if b.kind == "item"]
    return items if items and (any(b.checked for b in items) or _is_fixes_section(sec)) else []


def _pairs_by_number(items: list[Block], by_number: dict[str, ParsedFinding]) -> bool:
    """An ordered list with one item per numbered finding, numbered alike, pairs one-to-one by number."""
    ordinals = {str(b.ordinal) for b in items if b.ordinal is not None}
    return len(ordinals) == len(items) == len(by_number) and ordinals == set(by_number)


def named_finding(matcher: Matcher, text: str, findings: list[ParsedFinding]) -> ParsedFinding | None:
    """The finding a text names by meaning (its best score, if at least STATUS_MATCH)."""
    scores = matcher.scores(text)
    best = max(range(len(scores)), key=scores.__getitem__)
    return findings[best] if scores[best] >= STATUS_MATCH else None
