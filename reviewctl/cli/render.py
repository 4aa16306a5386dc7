"""Rich tables and plain data for the terminal; no queries, no decisions.

Every text that came from a document or a commit goes through `safe`: no escapes, no markup.
"""

from typing import Any

from rich.console import Console
from rich.table import Table

from reviewctl.cli import safe
from reviewctl.cli.safe import text

PRIORITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green", "unknown": "dim"}
STATUS_STYLE = {
    "open": "",
    "in_progress": "cyan",
    "fixed": "blue",
    "verified": "green",
    "wontfix": "dim",
    "dropped": "dim strike",
}


def effort(minutes: int | None) -> str:
    if minutes is None:
        return "-"
    return f"{minutes}m" if minutes < 60 else f"{minutes / 60:.4g}h"


LIST_COLUMNS = ("ID", "PRIORITY", "STATUS", "EFFORT", "PHASE", "LOCATION", "TITLE")


def findings_lines(rows: list[dict[str, Any]]) -> str:
    """Tab-separated rows for pipes and scripts: nothing truncated, no colour."""
    out = ["\t".join(LIST_COLUMNS)]
    out += ["\t".join(safe.plain(cell) for cell in _cells(r)) for r in rows]
    return "\n".join(out)


def _cells(r: dict[str, Any]) -> tuple[str, ...]:
    phase = "-" if r["phase"] is None else str(r["phase"])
    where = r.get("location") or "-"
    return (r["id"], r["priority"], r["status"], effort(r["effort_minutes"]), phase, where, r["title"])


def findings_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for col in LIST_COLUMNS:
        table.add_column(
            col,
            no_wrap=col not in ("TITLE", "LOCATION"),
            overflow="fold",
            max_width=40 if col == "LOCATION" else None,
            min_width=5,
        )
    for r in rows:
        cells = [text(c) for c in _cells(r)]
        cells[1].stylize(PRIORITY_STYLE.get(r["priority"], ""))
        cells[2].stylize(STATUS_STYLE.get(r["status"], ""))
        table.add_row(*cells)
    return table


def detail_data(detail: Any) -> dict[str, Any]:
    data = dict(detail.finding._mapping)
    data["locations"] = [plain(loc) for loc in detail.locations]
    data["history"] = [plain(e) for e in detail.events]
    data["commits"] = [plain(c) for c in detail.links]
    data["checks"] = [plain(c) for c in detail.checks]
    return data


def plain(row: Any) -> dict[str, Any]:
    """A child row as a dict, without its own id and its finding's id."""
    return {k: v for k, v in row._mapping.items() if k not in ("id", "finding_id")}


def render_detail(console: Console, detail: Any) -> None:
    f = detail.finding
    console.print(text(f"{f.id}  {f.title}", "bold"))
    facts = [
        ("priority", f.priority),
        ("status", f.status),
        ("effort", _effort_text(f)),
        ("phase", f"{f.phase} {f.phase_label or ''}".strip() if f.phase is not None else "-"),
        ("review", f.review_id),
        ("section", f.section or "-"),
        ("rule", f.rule or "-"),
        ("created", str(f.created_at)),
        ("updated", str(f.updated_at)),
    ]
    for key, value in facts:
        console.print(text(f"  {key:9} {value}"))
    console.print("\n[bold]Locations[/bold]" if detail.locations else "\nLocations: none stated")
    for loc in detail.locations:
        lines = (
            ""
            if loc.line_start is None
            else f":{loc.line_start}" + (f"-{loc.line_end}" if loc.line_end and loc.line_end != loc.line_start else "")
        )
        console.print(text(f"  {loc.path}{lines}" + (f"  ({loc.symbol})" if loc.symbol else "")))
    if detail.links:
        console.print("\n[bold]Commits[/bold]")
        for c in detail.links:
            state = "" if c.active else f"  [withdrawn: {c.note}]"
            console.print(text(f"  {c.sha[:10]} {c.kind:9} {c.subject}{state}"))
    if f.body:
        console.print("\n[bold]Body[/bold]")
        console.print(text(f.body, multiline=True))
    console.print("\n[bold]History[/bold]")
    console.print(events_table(detail.events))


def _effort_text(f: Any) -> str:
    if f.effort_minutes is None:
        return f.effort_text or "-"
    return effort(f.effort_minutes) + (f"  ({f.effort_text})" if f.effort_text else "")


def events_table(events: list[Any]) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for col in ("WHEN", "FINDING", "KIND", "CHANGE", "BY", "NOTE"):
        table.add_column(col, overflow="fold")
    for e in events:
        change = f"{e.from_status or '-'} → {e.to_status}" if e.to_status else ""
        table.add_row(*(text(c) for c in (e.at, e.finding_id, e.kind, change, e.actor, e.note or "")))
    return table
