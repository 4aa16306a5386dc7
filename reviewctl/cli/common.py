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


def scratch_or_store(ctx: typer.Context) -> Any:
    """The store a dry run compares against: the user's, else an empty one in memory, so that a
    dry run, which writes nothing, creates no store either."""
    from reviewctl.errors import NotFoundError
    from reviewctl.store import open_store

    try:
        return store(ctx, create=False)
    except NotFoundError:
        return open_store("sqlite://")


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
    """A rich console on stdout (colours follow NO_COLOR); on a pipe, one that prints plain lines and
    tab-separated tables instead, never wrapped."""
    if not on_terminal():
        from reviewctl.cli.render_pipe import PlainConsole

        return PlainConsole()
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def echo_rows(rows: Any, widths: tuple[int, ...] = ()) -> None:
    """Table rows on stdout, one a line, every cell made inert: tab-separated on a pipe (for cut,
    sort, awk), on a terminal padded to `widths`."""
    tty = on_terminal()
    for cells in rows:
        texts = [plain(c) for c in cells]
        if tty:
            padded = [t.ljust(widths[i]) if i < len(widths) else t for i, t in enumerate(texts)]
            typer.echo(" ".join(padded).rstrip())
        else:
            typer.echo("\t".join(texts))


def counted(n: int, noun: str) -> str:
    """'1 claim', '3 claims'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
