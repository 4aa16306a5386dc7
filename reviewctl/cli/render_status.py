"""Terminal rendering of the status dashboard."""

from rich.console import Console
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from reviewctl.cli.render import PRIORITY_STYLE
from reviewctl.cli.render_plain import effort, recent_cells
from reviewctl.cli.safe import text
from reviewctl.dashboard import Dashboard, Progress
from reviewctl.vocab import Priority, Status


def _matrix(board: Dashboard) -> Table:
    table = Table(title="Findings by priority and status", box=None, header_style="bold", title_justify="left")
    table.add_column("PRIORITY")
    for s in Status:
        table.add_column(s.value.upper(), justify="right")
    table.add_column("TOTAL", justify="right")
    for p in Priority:
        row = board.matrix.get(p.value, {})
        if not any(row.values()):
            continue
        table.add_row(
            Text(p.value, PRIORITY_STYLE[p.value]),
            *(str(row.get(s.value, 0) or "·") for s in Status),
            str(sum(row.values())),
        )
    return table


def _progress(title: str, items: list[Progress]) -> Table:
    table = Table(title=title, box=None, header_style="bold", title_justify="left")
    for col in ("", "DONE", "", "EFFORT DONE", ""):
        table.add_column(col)
    for p in items:
        table.add_row(
            text(p.label),
            f"{p.done}/{p.total}",
            ProgressBar(total=max(p.total, 1), completed=p.done, width=20),
            f"{effort(p.done_effort)}/{effort(p.effort)}",
            ProgressBar(total=max(p.effort, 1), completed=p.done_effort, width=20),
        )
    return table


def render_dashboard(console: Console, board: Dashboard) -> None:
    if board.overall.total == 0 and not board.dropped:
        console.print("No findings yet. Import a review: reviewctl import REVIEW.md")
        return
    console.print(_matrix(board))
    console.print()
    console.print(_progress("Progress", [board.overall]))
    if len(board.by_review) > 1:
        console.print(_progress("By review", board.by_review))
    if any(p.label != "no phase" for p in board.by_phase):
        console.print(_progress("By phase", board.by_phase))
    if any(p.label != "unassigned" for p in board.by_owner):
        console.print(_progress("By owner", board.by_owner))
    console.print(f"\nClaims awaiting verification: {board.awaiting_verification}")
    if board.overdue:
        console.print(f"\n[bold]Overdue: {board.overdue}[/bold]")
        for f in board.most_overdue:
            console.print(text(f"  {f['id']}  due {f['due']}  {f['owner'] or '-'}  {f['title']}"))
    if board.oldest_critical:
        console.print("\n[bold]Oldest open criticals[/bold]")
        for f in board.oldest_critical:
            console.print(text(f"  {f['id']}  since {f['created_at']:%Y-%m-%d}  {f['title']}"))
    if board.recent:
        console.print("\n[bold]Recent changes[/bold]")
        for e in board.recent:
            console.print(text("  " + "  ".join(recent_cells(e))))
