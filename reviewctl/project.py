"""`reviewctl init`: create the store, and keep its database out of git when the user wants it local."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InitResult:
    url: str
    database: Path | None  # the SQLite file; None for a server database (PostgreSQL)
    root: Path  # the project root, where .gitignore lives
    in_git: bool
    inside: bool  # the database file is inside the project
    ignored: bool  # git ignores the database (now)
    added: str | None  # the .gitignore line written by this call


def init_project(url: str, *, root: Path, gitignore: bool | None, ask: Callable[[], bool] | None = None) -> InitResult:
    """Create (or open) the store at `url`; with `gitignore` (else `ask()` when given and there is
    something to ask), add its SQLite file to the project's .gitignore unless git already ignores it."""
    from reviewctl.store import open_store

    open_store(url)
    database = _sqlite_file(url)
    in_git = (root / ".git").exists()
    inside = database is not None and database.is_relative_to(root)
    ignored = inside and in_git and _git_ignores(root, database)
    added = None
    if inside and not ignored and (gitignore or (gitignore is None and in_git and ask is not None and ask())):
        added = f"/{database.relative_to(root).as_posix()}*"  # the -wal and -shm files too
        _append_line(root / ".gitignore", added)
        ignored = True
    return InitResult(url, database, root, in_git, inside, ignored, added)


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    return Path(url.removeprefix("sqlite:///").split("?")[0].removeprefix("file:"))


def _git_ignores(root: Path, path: Path) -> bool:
    try:
        done = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", str(path)], capture_output=True)
    except OSError:  # no git on PATH
        return False
    return done.returncode == 0


def _append_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text + ("\n" if text and not text.endswith("\n") else "") + line + "\n", encoding="utf-8")
