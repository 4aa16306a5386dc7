"""Helpers shared by the command modules: opening the store, printing data and messages."""

import json
import sys
from typing import Any

import typer


def store(ctx: typer.Context, *, create: bool = True) -> Any:
    """Open the store the user named (--db, REVIEWCTL_DB, or the default)."""
    from reviewctl.location import store_url
    from reviewctl.store import open_store

    return open_store(store_url((ctx.obj or {}).get("db")), create=create)


def print_json(data: Any) -> None:
    """Stable JSON on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def message(text: str) -> None:
    """A note for the person at the terminal, on stderr."""
    typer.echo(text, err=True)


def console() -> Any:
    """A rich console on stdout; colours follow the TTY and NO_COLOR."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)
