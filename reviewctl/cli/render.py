"""Rich tables for the terminal (plain text is in render_plain); no queries, no decisions.

Every text that came from a document or a commit goes through `safe`: no escapes, no markup.
"""

from typing import Any

from rich.console import Console
from rich.table import Table

from reviewctl.cli.render_plain import EVENT_COLUMNS, LIST_COLUMNS, detail_facts, event_cells, link_text, location_text
from reviewctl.cli.render_plain import cells as plain_cells
from reviewctl.cli.render_team import checks_lines, notes_lines
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
        cells = [text(c) for c in plain_cells(r)]
        cells[1].stylize(PRIORITY_STYLE.get(r["priority"], ""))
        cells[2].stylize(STATUS_STYLE.get(r["status"], ""))
        table.add_row(*cells)
    return table


def render_detail(console: Console, detail: Any) -> None:
    f = detail.finding
    console.print(text(f"{f.id}  {f.title}", "bold"))
    for key, value in detail_facts(f):
        console.print(text(f"  {key:9} {value}"))
    console.print("\n[bold]Locations[/bold]" if detail.locations else "\nLocations: none stated")
    for loc in detail.locations:
        console.print(text(f"  {location_text(loc)}"))
    if detail.links:
        console.print("\n[bold]Commits[/bold]")
        for c in detail.links:
            console.print(text(f"  {link_text(c)}"))
    if f.body:
        console.print("\n[bold]Body[/bold]")
        console.print(text(f.body, multiline=True))
    for line in [*notes_lines(detail.events), *checks_lines(detail.checks)]:
        console.print(text(line, "bold" if not line.startswith(" ") else "", multiline=True))
    console.print("\n[bold]History[/bold]")
    console.print(events_table(detail.events))


def events_table(events: list[Any]) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for col in EVENT_COLUMNS:
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(*(text(c) for c in event_cells(e)))
    return table
