"""Plans and priority lists that cite findings by ID: 'Findings: GEN-M5, M7, M8', 'P0: B1、B2', 'SYN-M1-M8'.

A citation is exact where meaning-matching is a guess, so it may lend a phase or a priority to
the findings it names. Shorthand IDs inherit the product part of the ID before them ('DEL-M6,
L18' → DEL-L18); ranges expand ('S1-S15'). Only IDs the document's findings carry count.
"""

from __future__ import annotations

import re
from collections import defaultdict

from reviewctl.parse.extract import PHASE_HEAD
from reviewctl.parse.fields import priority_in_heading, section_priority
from reviewctl.parse.model import ParsedFinding
from reviewctl.parse.plan import HASH_REF, item_title, matcher_for, named_finding, phase_label, phase_number
from reviewctl.parse.structure import Block, Section, strip_inline
from reviewctl.parse.words import RESTATE_HEAD

_ID = re.compile(
    r"(?<![\w-])(?:([A-Z]{2,5})-)?([A-Z]{1,2})?(\d{1,3})(?![\w.]\d)"
    r"(?:\s*(?:\.\.|–|-|~|to)\s*(?:[A-Z]{2,5}-)?([A-Z]{1,2})?(\d{1,3})(?!\w))?"
)
MAX_SPAN = 60
"""The widest ID range expanded ('L1..L60'); wider is prose, not a citation."""


def cited_ids(text: str, product: str = "") -> list[str]:
    """IDs cited in a text, shorthand and ranges expanded ('INF-8, 9, 13–16'); a bare number is an
    ID only right after another in a list. `product` is the ID part that shorthand inherits."""
    out: list[str] = []
    plain, last_end = strip_inline(text), -10
    for m in _ID.finditer(plain):
        prod, letter, start, end_letter, end = m.groups()
        listed = re.fullmatch(r"[\s,、/&]*(?:and\s*)?", plain[last_end : m.start()]) is not None
        if prod:
            product = prod + "-"
        if not letter and not prod and not (product and listed):
            continue
        last_end = m.end()
        first, last = int(start), int(end) if end and (end_letter or "") in ("", letter or "") else int(start)
        if last < first or last - first > MAX_SPAN:
            last = first
        for n in range(first, last + 1):
            out.append(f"{product}{letter or ''}{n}")
            if not prod and product and letter:
                out.append(f"{letter}{n}")  # 'X4' after 'MGT-H1' may be an ID of its own
    return out


_DOTTED = re.compile(r"(?<![\w.])(\d{1,3}\.\d{1,3})(?![\w.]|\.\d)")


def dotted_ids(text: str) -> list[str]:
    """Section numbers a plan cites ('**1.1** - …', '(7.6, 7.7)'): findings numbered so take them
    (only numbers some finding carries are looked up)."""
    return _DOTTED.findall(strip_inline(text))


def _by_number(findings: list[ParsedFinding]) -> dict[str, ParsedFinding]:
    return {f.number.upper(): f for f in findings if f.number and not f.number.isdigit()}


def _by_hash(findings: list[ParsedFinding]) -> dict[str, ParsedFinding]:
    """Findings numbered '1', '2' … as '#1', '#2' — how a plan item cites several: '(#1, #2)'."""
    return {f"#{f.number}": f for f in findings if f.number and f.number.isdigit()}


def apply_cited_phases(root: Section, findings: list[ParsedFinding]) -> None:
    """A phase section that cites finding IDs (in its tables or items) gives them its phase, over
    one matched by meaning; an ID cited by two phases keeps what it had (the plan contradicts itself)."""
    index = _by_number(findings) | _by_hash(findings)
    if not index:
        return
    phases: dict[str, set[int]] = defaultdict(set)
    labels: dict[int, str] = {}
    for sec in root.walk():
        if not PHASE_HEAD.match(strip_inline(sec.title)):
            continue
        number = phase_number(strip_inline(sec.title))
        labels.setdefault(number, phase_label(sec.title))
        for text, product in _texts(sec, findings):
            hashed = [f"#{n}" for n in HASH_REF.findall(strip_inline(text))]
            for ident in cited_ids(text, product) + hashed + dotted_ids(text):
                if ident in index:
                    phases[ident].add(number)
    for ident, numbers in phases.items():
        if len(numbers) == 1:  # a citation is exact: it wins over a phase matched by meaning
            f, number = index[ident], next(iter(numbers))
            if f.phase != number or not f.phase_label:
                f.phase_label = labels[number]
            f.phase = number


def _texts(sec: Section, findings: list[ParsedFinding]) -> list[tuple[str, str]]:
    """(text, the ID product its shorthand inherits) for each table row and item of a section."""
    out = []
    for block in sec.blocks:
        if block.kind == "table":
            out += [(" , ".join(row), "") for row in block.rows[1:]]
        elif block.kind == "item":
            out.append((_item_text(block), _product_named(item_title(block), findings)))
    return out


def _product_named(lead: str, findings: list[ParsedFinding]) -> str:
    """'**Management:** L1–L9' names the section whose findings are numbered MGT-…: 'MGT-'."""
    word = lead.strip(" :：*").split(" ")[0].lower() if lead else ""
    if len(word) < 3:
        return ""
    products = {
        f.number.split("-")[0] + "-"
        for f in findings
        if f.number and "-" in f.number and re.search(rf"\b{re.escape(word)}", f.section.lower())
    }
    return products.pop() if len(products) == 1 else ""


def _item_text(block: Block) -> str:
    return "\n".join([block.text, *(_item_text(c) for c in block.children)])


def apply_priority_lists(root: Section, findings: list[ParsedFinding]) -> None:
    """'1. **P0（安全）**：B1、B2' in a fix-order list, or '1. **1.1** - …' under its '### High priority':
    the cited findings take that priority over the one their section implies (a finding's own marker
    still wins)."""
    index = _by_number(findings)
    matcher = None
    for sec in root.walk():
        if not any(RESTATE_HEAD.search(strip_inline(a.title)) for a in (sec, *sec.ancestors()) if a.level):
            continue
        head = section_priority(sec.title) if sec.level else None  # '### Alta Prioridade' under the plan
        for block in (b for b in sec.blocks if b.kind == "item"):
            lead = item_title(block)
            prio = priority_in_heading(lead) or section_priority(lead) or head
            cited = [index[i] for i in cited_ids(block.text) + dotted_ids(block.text) if i in index] if prio else []
            for f in cited:
                if f.priority_source in ("none", "section"):
                    f.priority, f.priority_source = prio, "list"
            if prio and not cited and findings:  # no citation: the finding it names by meaning, if it has none
                matcher = matcher or matcher_for(root, findings)
                f = named_finding(matcher, lead, findings)
                if f is not None and f.priority_source == "none":
                    f.priority, f.priority_source = prio, "list"
