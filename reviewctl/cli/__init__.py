"""The `reviewctl` command line: parses arguments, calls one core function, renders the result.

Heavy libraries (SQLAlchemy, GitPython, Jinja2, markdown-it) are imported inside the commands
that need them, so `--help` and start-up stay fast.
"""

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from reviewctl.cli.safe import plain
from reviewctl.errors import ReviewctlError


class _Group(TyperGroup):
    """Turns every ReviewctlError into a one-line message on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReviewctlError as exc:
            from reviewctl.cli.common import message

            message(f"reviewctl: error: {plain(exc)}")
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
    name="reviewctl",
    help="Turn code-review documents into a tracked, verified plan of work.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store: a file path or SQLAlchemy URL "
            "[env: REVIEWCTL_DB; default: .reviewctl/findings.db at the repo root]",
        ),
    ] = None,
) -> None:
    """Turn code-review documents into a tracked, verified plan of work.

    Examples:

      reviewctl import reviews/          # read review documents into the store

      reviewctl status                   # where things stand

      reviewctl list --status open --priority critical
    """
    ctx.obj = {"db": db}


from reviewctl.cli import checks, dashboard, data, demo, findings, gate, git, reports  # noqa: E402  (commands register on `app`)

__all__ = ["app", "checks", "dashboard", "data", "demo", "findings", "gate", "git", "main", "reports"]


def main() -> None:
    """Console-script entry point."""
    app()
