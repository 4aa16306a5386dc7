"""The `reviewctl` command line: parses arguments, calls one core function, renders the result.

Heavy libraries (SQLAlchemy, GitPython, Jinja2, markdown-it) are imported inside the commands
that need them, so `--help` and start-up stay fast.

The edge (`_Group`) turns what goes wrong into one line on stderr and an exit code: a
ReviewctlError its documented code, a usage error (unknown option, bad value) 2, and a reader
that stopped reading (`reviewctl log | head -1`) a quiet 0.
"""

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from reviewctl.cli.help import SECTIONS, readable, write_commands, write_params
from reviewctl.cli.safe import plain
from reviewctl.errors import ReviewctlError

try:  # typer >= 0.20 vendors click
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException, NoArgsIsHelpError  # type: ignore[no-redef]


class _Group(TyperGroup):
    """The root command: one-line errors with their exit codes, a closed pipe ends quietly, help
    grouped in workflow order."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        readable(self.commands)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except ClickException as exc:
            _usage_error(exc)
        except BrokenPipeError:  # `reviewctl --help | head -1`
            raise typer.Exit(closed_pipe()) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReviewctlError as exc:
            from reviewctl.cli.common import message

            message(f"reviewctl: error: {plain(exc)}")
            raise typer.Exit(exc.exit_code) from None
        except ClickException as exc:
            _usage_error(exc)
        except BrokenPipeError:
            raise typer.Exit(closed_pipe()) from None

    def format_options(self, ctx: Any, formatter: Any) -> None:
        write_params(self, ctx, formatter)
        write_commands(self, ctx, formatter, SECTIONS)


_PLAIN_WORDS = (
    ("Input should be a valid integer, unable to parse string as an integer", "give a whole number"),
    ("Input should be a valid number, unable to parse string as a number", "give a number"),
)
"""Conversion messages of the argument parser as a user would say them."""


def _usage_error(exc: Any) -> None:
    """click's usage box as the README's one line: `reviewctl: error: …; see 'reviewctl list --help'`."""
    if isinstance(exc, NoArgsIsHelpError):
        raise exc
    text = exc.format_message().rstrip(".")
    for raw, said in _PLAIN_WORDS:
        text = text.replace(raw, said)
    if getattr(exc, "ctx", None):
        see = f"see '{exc.ctx.command_path} --help'"
        text += f" {see.capitalize()}" if text.endswith("?") else f"; {see}"
    typer.echo(f"reviewctl: error: {plain(text[:1].lower() + text[1:])}", err=True)
    raise typer.Exit(exc.exit_code) from None


def closed_pipe() -> int:
    """The reader of stdout went away (`| head -1`): send what is left to /dev/null, as the Python
    docs advise, so nothing complains at exit; that is success."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"reviewctl {version('reviewctl')}")
        raise typer.Exit()


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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
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
    """Console-script entry point; a pipe closed before the last buffered line is flushed is success too."""
    try:
        app()
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            closed_pipe()
