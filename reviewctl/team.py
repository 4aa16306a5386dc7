"""Findings as a team's work items: an owner, labels, a due date and notes.

Every change is an Event in the finding's history, with the actor (lifecycle.actor) and what
changed in its note; none of them sets a status, so burn-down and reports are untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from reviewctl import reads
from reviewctl.errors import InputError
from reviewctl.lifecycle import actor

if TYPE_CHECKING:
    from reviewctl.store import Store

NOBODY = "-"
"""What a user types for "no owner" or "no due date"."""
MAX_NOTE = 10_000
MAX_LABEL = 64
MAX_PERSON = 200
LABEL = re.compile(r"[a-z0-9][a-z0-9._:/-]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")  # C0, C1, bidi
_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # a note keeps its tabs and line breaks
_FINDING_ID = re.compile(r"RC-[0-9A-Z]{5,}", re.IGNORECASE)
_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class TeamChange:
    """One finding's owner, labels, due date or notes before and after a command."""

    finding_id: str
    kind: str  # assign, label, due, note
    before: Any
    after: Any
    changed: bool


# -- parsing what people type -------------------------------------------------------------
def parse_person(value: str) -> str | None:
    """A person's name as given (trimmed); None for `-` (nobody)."""
    name = value.strip()
    if name == NOBODY:
        return None
    if not name:
        raise InputError(f"a person's name is empty; give a name, or {NOBODY} for nobody")
    if len(name) > MAX_PERSON:
        raise InputError(f"a person's name is at most {MAX_PERSON} characters (this one has {len(name)})")
    if _CONTROL.search(name):
        raise InputError("a person's name cannot hold control, bidirectional or line-break characters")
    if _FINDING_ID.fullmatch(name):
        raise InputError(f"{name!r} looks like a finding ID, not a person: give the IDs first, then the person")
    return name


def parse_label(value: str) -> str:
    """A label in lower case: letters, digits and . _ : / - , at most 64 characters."""
    name = value.strip().lower()
    if len(name) > MAX_LABEL:
        raise InputError(f"a label is at most {MAX_LABEL} characters (this one has {len(name)})")
    if not LABEL.fullmatch(name):
        shown = name.encode("unicode_escape").decode("ascii")
        raise InputError(f"bad label {shown!r}: use letters, digits and . _ : / - (starting with a letter or digit)")
    return name


def parse_label_changes(changes: Sequence[str]) -> tuple[list[str], list[str]]:
    """`+name` adds, `-name` removes: (to add, to remove), each without repeats."""
    add: dict[str, None] = {}
    remove: dict[str, None] = {}
    for change in changes:
        if change[:1] not in ("+", "-"):
            raise InputError(f"{change!r}: write +LABEL to add a label or -LABEL to remove one")
        name = parse_label(change[1:])
        (add if change[0] == "+" else remove)[name] = None
        (remove if change[0] == "+" else add).pop(name, None)  # the last word on a label wins
    if not add and not remove:
        raise InputError("give label changes: +LABEL to add, -LABEL to remove")
    return list(add), list(remove)


def parse_due(value: str) -> str | None:
    """An ISO week (`2026-W51`) or a date (`2026-12-24`) in its canonical form; None for `-`."""
    text = value.strip()
    if text == NOBODY:
        return None
    if week := _WEEK.fullmatch(text):
        year, number = int(week[1]), int(week[2])
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise InputError(f"{year} has no ISO week {number}") from None
        return f"{year}-W{number:02d}"
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            hint = "give YYYY-MM-DD (2026-12-24) or an ISO week (2026-W51)"
            raise InputError(f"{text!r} is not a date; {hint}") from None
    shown = text[:40].encode("unicode_escape").decode("ascii")
    raise InputError(f"due {shown!r}: give an ISO week (2026-W51) or a date (2026-12-24), or {NOBODY} to clear it")


def check_note(text: str) -> str:
    """A note's text, trimmed: not empty, at most MAX_NOTE characters, no control characters."""
    note = text.strip()
    if not note:
        raise InputError("the note is empty")
    if len(note) > MAX_NOTE:
        raise InputError(f"a note is at most {MAX_NOTE:,} characters (this one has {len(note):,})")
    if _NOTE_CONTROL.search(note):
        raise InputError("a note cannot hold control characters (tabs and line breaks are fine)")
    return note


# -- changes, each an Event ---------------------------------------------------------------
def _each(
    store: Store, refs: Sequence[str], who: str | None, change: Callable[[str, dict[str, Any], str], TeamChange]
) -> list[TeamChange]:
    """Run `change(finding_id, its current team facts, actor)` for each finding in one transaction."""
    ids = list(dict.fromkeys(store.resolve_id(r) for r in refs))
    who = who or actor()
    with store.transaction():
        current = reads.team_of(store.run, ids)
        return [change(fid, current[fid], who) for fid in ids]


def _shown(value: str | None) -> str:
    return NOBODY if value is None else value


def _set_work(store: Store, refs: Sequence[str], field: str, value: str | None, who: str | None) -> list[TeamChange]:
    """Set the owner or the due date of these findings; the Event's kind: assign or due."""
    kind = "assign" if field == "owner" else field

    def one(fid: str, now: dict[str, Any], who: str) -> TeamChange:
        if now[field] == value:
            return TeamChange(fid, kind, value, value, False)
        store.put_work(fid, **{field: value})
        store.record(fid, kind=kind, actor=who, note=f"{field}: {_shown(now[field])} → {_shown(value)}")
        return TeamChange(fid, kind, now[field], value, True)

    return _each(store, refs, who, one)


def assign(store: Store, *, refs: Sequence[str], owner: str | None, who: str | None = None) -> list[TeamChange]:
    """Make `owner` (None: nobody) own these findings."""
    return _set_work(store, refs, "owner", None if owner is None else parse_person(owner), who)


def set_due(store: Store, *, refs: Sequence[str], due: str | None, who: str | None = None) -> list[TeamChange]:
    """Give these findings a due week or date (None: none)."""
    return _set_work(store, refs, "due", None if due is None else parse_due(due), who)


def relabel(
    store: Store, *, refs: Sequence[str], add: Sequence[str], remove: Sequence[str], who: str | None = None
) -> list[TeamChange]:
    """Add and remove labels of these findings; a label already there (or not there) is left alone."""
    add, remove = [parse_label(n) for n in add], [parse_label(n) for n in remove]

    def one(fid: str, now: dict[str, Any], who: str) -> TeamChange:
        before = now["labels"]
        added = [name for name in add if name not in before]
        removed = [name for name in remove if name in before]
        after = sorted(set(before) - set(removed) | set(added))
        if not added and not removed:
            return TeamChange(fid, "label", before, before, False)
        store.put_labels(fid, add=added, remove=removed)
        what = " ".join([*(f"+{n}" for n in added), *(f"-{n}" for n in removed)])
        store.record(fid, kind="label", actor=who, note=f"labels: {what}")
        return TeamChange(fid, "label", before, after, True)

    return _each(store, refs, who, one)


def add_note(store: Store, *, ref: str, text: str, who: str | None = None) -> TeamChange:
    """Keep a free-text note in the finding's history."""
    text = check_note(text)

    def one(fid: str, _now: dict[str, Any], who: str) -> TeamChange:
        store.record(fid, kind="note", actor=who, note=text)
        return TeamChange(fid, "note", None, text, True)

    return _each(store, [ref], who, one)[0]


# -- reads ----------------------------------------------------------------------------------
def finding_detail(reader: Any, ref: str) -> reads.FindingDetail:
    """`show`: a finding with its owner, labels and due date, locations, history, commits and checks."""
    return reads.team_detail(reader.run, reader.resolve_id(ref))
