"""Where the store lives: --db, REVIEWCTL_DB, or .reviewctl/findings.db at the repository root."""

import os
from pathlib import Path

DEFAULT_NAME = Path(".reviewctl") / "findings.db"


def project_root(start: Path | None = None) -> Path:
    """Root of the enclosing git work tree (a directory holding .git), else `start` itself."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return here


def store_url(db: str | None = None, start: Path | None = None) -> str:
    """SQLAlchemy URL for the store named by `db`, REVIEWCTL_DB or the default location."""
    value = db or os.environ.get("REVIEWCTL_DB")
    if value and "://" in value:
        return value
    path = Path(value) if value else project_root(start) / DEFAULT_NAME
    return f"sqlite:///{path.expanduser().resolve()}"
