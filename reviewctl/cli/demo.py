"""`reviewctl demo`: the whole workflow on a project built from the bundled examples."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli import app
from reviewctl.cli.common import console
from reviewctl.cli.safe import markup


def _ago(at: datetime, now: datetime) -> str:
    seconds = (now - at).total_seconds()
    if seconds >= 86400:
        return f"{round(seconds / 86400)} days ago"
    hours = round(seconds / 3600)
    return "just now" if hours == 0 else f"{hours} hour{'s' if hours > 1 else ''} ago"


@app.command()
def demo(
    target: Annotated[Path, typer.Argument(help="Folder to build the demo project in.")] = Path("reviewctl-demo"),
) -> None:
    """Build a demo project with a history and run the whole workflow.

    A small shop service with two reviews and three weeks of history: import → link → verify →
    status, and this week's report. No network, no server;
    the demo keeps its own store in DIR/.reviewctl/ (--db is not used).

    Examples:

      reviewctl demo

      reviewctl demo /tmp/shop && cd /tmp/shop && reviewctl roadmap
    """
    from reviewctl import clock
    from reviewctl.cli.render_status import render_dashboard
    from reviewctl.demo import run_demo

    now = clock.now()
    out = console()
    out.print(f"[bold]reviewctl demo[/]: building a shop service with a review history in {markup(target)}")

    def show(step: object) -> None:
        out.print(f"  {_ago(step.at, now):>13}  [bold]{step.action:<7}[/] {markup(step.detail)}", soft_wrap=True)

    result = run_demo(target, on_step=show)
    out.print()
    render_dashboard(out, result.dashboard)
    out.print()
    out.print(f"Weekly report: {markup(result.reports[0])}  (HTML: {markup(result.reports[1])})")
    out.print(f"Try: cd {markup(result.root)}, then reviewctl list, reviewctl roadmap, reviewctl burndown")
