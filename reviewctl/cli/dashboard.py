"""`reviewctl status`: the one-screen dashboard."""

from dataclasses import asdict
from typing import Annotated

import typer

from reviewctl.cli import app
from reviewctl.cli.common import console, echo, on_terminal, print_json, reader


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of the dashboard.")] = False,
) -> None:
    """Where things stand: counts, progress and what needs attention.

    Priority × status, progress by count and effort, oldest criticals, recent changes.

    Example: reviewctl status
    """
    from reviewctl.dashboard import build_dashboard

    board = build_dashboard(reader(ctx))
    if as_json:
        print_json(asdict(board))
    elif on_terminal():
        from reviewctl.cli.render_status import render_dashboard

        render_dashboard(console(), board)
    else:
        from reviewctl.cli.render_plain import dashboard_text
        from reviewctl.vocab import Status

        echo(dashboard_text(board, [s.value for s in Status]))
