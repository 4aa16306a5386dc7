"""Plain text for pipes and scripts (and JSON-ready data): no rich, no colour, nothing truncated.

Reading commands print this when stdout is not a terminal, so they never import rich (~45 ms).
Every text that came from a document or a commit goes through `safe.plain`.
"""

from typing import Any

from reviewctl.cli.render_team import checks_lines, notes_lines, team_facts
from reviewctl.cli.safe import plain
from reviewctl.effort import format_effort as effort

LIST_COLUMNS = ("ID", "PRIORITY", "STATUS", "EFFORT", "PHASE", "LOCATION", "TITLE")
EVENT_COLUMNS = ("WHEN", "FINDING", "KIND", "CHANGE", "BY", "NOTE")


def cells(r: dict[str, Any]) -> tuple[str, ...]:
    """A finding's `list` columns."""
    phase = "-" if r["phase"] is None else str(r["phase"])
    where = r.get("location") or "-"
    return (r["id"], r["priority"], r["status"], effort(r["effort_minutes"]), phase, where, r["title"])


def findings_lines(rows: list[dict[str, Any]]) -> str:
    """Tab-separated rows, one finding per line."""
    out = ["\t".join(LIST_COLUMNS)]
    out += ["\t".join(plain(cell) for cell in cells(r)) for r in rows]
    return "\n".join(out)


def event_cells(e: Any) -> tuple[Any, ...]:
    change = f"{e.from_status or '-'} → {e.to_status}" if e.to_status else ""
    return (e.at, e.finding_id, e.kind, change, e.actor, e.note or "")


def events_lines(events: list[Any]) -> str:
    """Tab-separated events, one per line."""
    return "\n".join(["\t".join(EVENT_COLUMNS), *("\t".join(plain(c) for c in event_cells(e)) for e in events)])


def detail_data(detail: Any) -> dict[str, Any]:
    """`show --json`: the finding's columns with its child rows."""
    data = dict(detail.finding._mapping)
    data["locations"] = [child(loc) for loc in detail.locations]
    data["history"] = [child(e) for e in detail.events]
    data["commits"] = [child(c) for c in detail.links]
    data["checks"] = [child(c) for c in detail.checks]
    return data


def child(row: Any) -> dict[str, Any]:
    """A child row as a dict, without its own id and its finding's id."""
    return {k: v for k, v in row._mapping.items() if k not in ("id", "finding_id")}


def detail_facts(f: Any) -> list[tuple[str, str]]:
    """The key/value lines under a finding's title."""
    phase = f"{f.phase} {f.phase_label or ''}".strip() if f.phase is not None else "-"
    return [
        ("priority", f.priority),
        ("status", f.status),
        *team_facts(f),
        ("effort", effort_text(f)),
        ("phase", phase),
        ("review", f.review_id),
        ("section", f.section or "-"),
        ("rule", f.rule or "-"),
        ("created", str(f.created_at)),
        ("updated", str(f.updated_at)),
    ]


def effort_text(f: Any) -> str:
    if f.effort_minutes is None:
        return f.effort_text or "-"
    return effort(f.effort_minutes) + (f"  ({f.effort_text})" if f.effort_text else "")


def location_text(loc: Any) -> str:
    lines = ""
    if loc.line_start is not None:
        end = f"-{loc.line_end}" if loc.line_end and loc.line_end != loc.line_start else ""
        lines = f":{loc.line_start}{end}"
    return f"{loc.path}{lines}" + (f"  ({loc.symbol})" if loc.symbol else "")


def link_text(c: Any) -> str:
    state = "" if c.active else f"  [withdrawn: {c.note}]"
    return f"{c.sha[:10]} {c.kind:9} {c.subject}{state}"


def detail_text(detail: Any) -> str:
    """`show` as plain lines."""
    f = detail.finding
    out = [plain(f"{f.id}  {f.title}"), *(plain(f"  {k:9} {v}") for k, v in detail_facts(f))]
    out.append("\nLocations" if detail.locations else "\nLocations: none stated")
    out += [plain(f"  {location_text(loc)}") for loc in detail.locations]
    if detail.links:
        out += ["\nCommits", *(plain(f"  {link_text(c)}") for c in detail.links)]
    if f.body:
        out += ["\nBody", plain(f.body, multiline=True)]
    out += [*notes_lines(detail.events), *checks_lines(detail.checks)]
    out += ["\nHistory", events_lines(detail.events)]
    return "\n".join(out)


def _tsv(rows: Any) -> list[str]:
    return ["\t".join(plain(c) for c in r) for r in rows]


def _progress_lines(title: str, items: list[Any]) -> list[str]:
    """A title, then one row per item: label, done/total, share, effort done/total."""
    rows = [
        (p.label, f"{p.done}/{p.total}", f"{100 * p.done // p.total}%" if p.total else "-", _effort_share(p))
        for p in items
    ]
    return [title, *_tsv(rows)]


def _effort_share(p: Any) -> str:
    return f"{effort(p.done_effort)}/{effort(p.effort)}"


def _matrix_lines(board: Any, statuses: list[str]) -> list[str]:
    rows = [
        [p, *(str(counts.get(s, 0)) for s in statuses), str(sum(counts.values()))]
        for p, counts in board.matrix.items()
        if any(counts.values())
    ]
    header = ["PRIORITY", *(s.upper() for s in statuses), "TOTAL"]
    return ["Findings by priority and status", *_tsv([header, *rows])]


def dashboard_text(board: Any, statuses: list[str]) -> str:
    """`status` as plain lines: the same sections as the terminal dashboard, each table tab-separated."""
    if board.overall.total == 0 and not board.dropped:
        return "No findings yet. Import a review: reviewctl import REVIEW.md"
    out = [*_matrix_lines(board, statuses), "", *_progress_lines("Progress", [board.overall])]
    if len(board.by_review) > 1:
        out += _progress_lines("By review", board.by_review)
    if any(p.label != "no phase" for p in board.by_phase):
        out += _progress_lines("By phase", board.by_phase)
    if any(p.label != "unassigned" for p in board.by_owner):
        out += _progress_lines("By owner", board.by_owner)
    out.append(f"\nClaims awaiting verification: {board.awaiting_verification}")
    if board.overdue:
        out.append(f"\nOverdue: {board.overdue}")
        out += _tsv((f["id"], f["due"], f["owner"] or "-", f["title"]) for f in board.most_overdue)
    if board.oldest_critical:
        out.append("\nOldest open criticals")
        out += _tsv((f["id"], f"{f['created_at']:%Y-%m-%d}", f["title"]) for f in board.oldest_critical)
    if board.recent:
        out.append("\nRecent changes")
        out += _tsv(recent_cells(e) for e in board.recent)
    return "\n".join(out)


def recent_cells(e: dict[str, Any]) -> tuple[str, ...]:
    """A recent change: when, finding, from → to (or the kind of event), title."""
    change = f"{e['from_status'] or '-'} → {e['to_status']}" if e["to_status"] else e["kind"]
    return (f"{e['at']:%Y-%m-%d %H:%M}", e["finding_id"], change, e["title"])
