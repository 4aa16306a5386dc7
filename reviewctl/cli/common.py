"""Helpers shared by the command modules: opening the store, printing data and messages."""

import json
import sys
from typing import Any

import typer

from reviewctl.cli.safe import json_text, plain


def store(ctx: typer.Context, *, create: bool = True) -> Any:
    """Open the store the user named (--db, REVIEWCTL_DB, or the default)."""
    from reviewctl.location import store_url
    from reviewctl.store import open_store

    return open_store(store_url((ctx.obj or {}).get("db")), create=create)


def reader(ctx: typer.Context) -> Any:
    """The store for a reading command: sqlite3 or psycopg directly (no SQLAlchemy to import),
    else the full Store (other databases, and a store to migrate or refuse)."""
    from reviewctl.location import store_url
    from reviewctl.reads import open_reads

    url = store_url((ctx.obj or {}).get("db"))
    return open_reads(url) or store(ctx, create=False)


def print_json(data: Any) -> None:
    """Stable JSON on stdout, exact, with nothing in it a terminal would act on."""
    sys.stdout.write(json_text(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n")


def echo(text: str) -> None:
    """A line of data on stdout, its control characters neutralised (tabs and newlines kept)."""
    typer.echo(plain(text, multiline=True))


def message(text: str) -> None:
    """A note for the person at the terminal, on stderr, its control characters neutralised."""
    typer.echo(plain(text, multiline=True), err=True)


def on_terminal() -> bool:
    """Is stdout a terminal? Else output is plain text, and rich is not even imported."""
    return sys.stdout.isatty()


def console() -> Any:
    """A rich console on stdout; colours follow the TTY and NO_COLOR."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)
