"""Status changes made by people: set, start, fix, wontfix, reopen — each one an Event."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewctl.errors import InputError
from reviewctl.vocab import Status

if TYPE_CHECKING:  # `list` parses statuses here: it must not import SQLAlchemy
    from reviewctl.store import Store


@dataclass(frozen=True)
class StatusChange:
    finding_id: str
    from_status: str | None
    to_status: str
    changed: bool


OPEN_WORK = (Status.open, Status.in_progress, Status.fixed)
"""What `list` shows by default: work not done yet, and fixes awaiting verification."""


def actor() -> str:
    """Who is acting, recorded on every change a person makes: REVIEWCTL_ACTOR when set (CI, a
    shared account), else the git identity of the repository around the current directory
    (`user.name <user.email>`), else the login name."""
    if chosen := os.environ.get("REVIEWCTL_ACTOR", "").strip():
        return chosen
    from reviewctl.gitlog import identity

    if who := identity():
        return who
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def parse_status(value: str) -> Status:
    try:
        return Status(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise InputError(f"unknown status {value!r}; use one of {', '.join(s.value for s in Status)}") from None


def change_status(
    store: Store, *, refs: Sequence[str], to: Status, note: str | None = None, who: str | None = None
) -> list[StatusChange]:
    """Move each finding to `to` in one transaction; unchanged ones are reported, not rewritten."""
    ids = [store.resolve_id(r) for r in refs]
    out, who = [], who or actor()
    with store.transaction():
        for fid in ids:
            before = store.detail(fid).finding.status
            changed = store.set_status(fid, to.value, kind="status", actor=who, note=note)
            out.append(StatusChange(fid, before, to.value, changed))
    return out
