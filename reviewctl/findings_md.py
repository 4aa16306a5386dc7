"""`export --format md`: the findings as one Markdown table, for a pull request or a wiki page."""

from __future__ import annotations

from collections.abc import Sequence

from reviewctl.models import Finding
from reviewctl.report.render import hours, md
from reviewctl.store import Store
from reviewctl.vocab import Priority

HEADER = ("ID", "Priority", "Status", "Title", "Location", "Effort")


def findings_markdown(store: Store, *, statuses: Sequence[str]) -> str:
    """Most urgent first; locations as `path:line`, effort as people write it, text escaped."""
    findings = [f for f in store.dump(Finding) if f.status in statuses]
    findings.sort(key=lambda f: (Priority(f.priority).rank, f.id))
    locs = store.locations_of([f.id for f in findings]) if findings else {}
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    lines += [_row(f, locs.get(f.id, [])) for f in findings]
    return "\n".join(lines) + "\n"


def _row(f: Finding, locs: list) -> str:
    where = ", ".join(loc.path + (f":{loc.line_start}" if loc.line_start else "") for loc in locs[:3])
    more = f" (+{len(locs) - 3})" if len(locs) > 3 else ""
    effort = hours(f.effort_minutes) if f.effort_minutes else "-"
    cells = (f.id, f.priority, f.status, md(f.title), md(where) + more if where else "-", effort)
    return "| " + " | ".join(cells) + " |"
