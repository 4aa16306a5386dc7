"""SQLModel tables of the findings store — nothing else lives here."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class Meta(SQLModel, table=True):
    """Key/value facts about the store itself, such as its schema version."""

    key: str = Field(primary_key=True)
    value: str


class Review(SQLModel, table=True):
    """One imported review document."""

    id: str = Field(primary_key=True)  # stable key derived from the document's name
    title: str
    path: str
    content_hash: str
    date: str | None = None
    author: str | None = None
    imported_at: datetime
    revision: str | None = None  # git revision the review was written against
    warnings: str = "[]"  # JSON list of document-level warnings from the last import


class Finding(SQLModel, table=True):
    """One finding of a review; its status only changes through Events."""

    __table_args__ = (  # cover the dashboard's GROUP BYs and list's filters: index-only scans
        Index("ix_finding_priority_status", "priority", "status", "created_at", "effort_minutes"),
        Index("ix_finding_review_status", "review_id", "status", "effort_minutes"),
        Index("ix_finding_phase_status", "phase", "status", "effort_minutes"),
        Index("ix_finding_priority_order", "priority", "review_id", "ordinal"),  # list's default order, paged
    )

    id: str = Field(primary_key=True)  # short, deterministic, typed in commit messages
    review_id: str = Field(foreign_key="review.id")
    ordinal: int = 0  # position in its document
    title: str = Field(index=True)  # an import looks up a document's titles (a renamed review)
    body: str = ""
    section: str = ""
    priority: str = "unknown"
    effort_minutes: int | None = None
    effort_text: str | None = None
    phase: int | None = None
    phase_label: str | None = None
    status: str = "open"
    rule: str | None = None
    fingerprint: str = Field(unique=True)
    created_at: datetime
    updated_at: datetime = Field(index=True)


class Location(SQLModel, table=True):
    """A place in the code a finding points at."""

    # `list --path` finds a path's findings in this index alone (index-only), never in the table
    __table_args__ = (Index("ix_location_path_finding", "path", "finding_id"),)

    id: int | None = Field(default=None, primary_key=True)
    finding_id: str = Field(foreign_key="finding.id", index=True)
    path: str
    line_start: int | None = None
    line_end: int | None = None
    symbol: str | None = None
    revision: str | None = None


class Event(SQLModel, table=True):
    """Append-only history: every status change and notable action on a finding."""

    __table_args__ = (Index("ix_event_finding_at", "finding_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    finding_id: str = Field(foreign_key="finding.id")
    at: datetime = Field(index=True)
    kind: str  # imported, status, changed, dropped, claim, revert, check, note
    from_status: str | None = None
    to_status: str | None = None
    actor: str = "reviewctl"
    note: str | None = None


class CommitLink(SQLModel, table=True):
    """A commit that claims to fix, or references, a finding."""

    id: int | None = Field(default=None, primary_key=True)
    finding_id: str = Field(foreign_key="finding.id", index=True)
    sha: str = Field(index=True)
    kind: str  # claim | reference
    author: str | None = None
    committed_at: datetime | None = None
    subject: str = ""
    active: bool = True
    note: str | None = None


class Check(SQLModel, table=True):
    """One detector run for a finding at a revision, with its verdict and evidence."""

    id: int | None = Field(default=None, primary_key=True)
    finding_id: str = Field(foreign_key="finding.id", index=True)
    rule: str | None = None
    revision: str | None = None
    verdict: str
    reason: str | None = None
    path: str | None = None
    line: int | None = None
    snippet: str | None = None
    at: datetime


class WorkItem(SQLModel, table=True):
    """Who owns a finding and when it is due; every change to them is an Event."""

    finding_id: str = Field(primary_key=True, foreign_key="finding.id")
    owner: str | None = Field(default=None, index=True)
    due: str | None = None  # an ISO week (2026-W51) or a date (2026-12-24)


class Label(SQLModel, table=True):
    """One label on a finding (lower case); adding and removing them are Events."""

    __table_args__ = (Index("ix_label_name", "name", "finding_id"),)

    finding_id: str = Field(primary_key=True, foreign_key="finding.id")
    name: str = Field(primary_key=True)
