"""`reviewctl status`: the one-screen dashboard."""

from dataclasses import asdict
from typing import Annotated

import typer

from reviewctl.cli import app
from reviewctl.cli.common import console, print_json, store


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of the dashboard.")] = False,
) -> None:
    """Where things stand: priority × status, progress by count and effort, what needs attention.

    Example: reviewctl status
    """
    from reviewctl.dashboard import build_dashboard

    board = build_dashboard(store(ctx, create=False))
    if as_json:
        print_json(asdict(board))
        return
    from reviewctl.cli.render_status import render_dashboard

    render_dashboard(console(), board)
