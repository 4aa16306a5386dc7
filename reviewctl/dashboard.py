"""`reviewctl status`: where things stand, aggregated in SQL so it stays fast at any size."""

from dataclasses import dataclass, field
from typing import Any

from reviewctl.store import Store
from reviewctl.vocab import ACTIVE, Priority, Status


@dataclass(frozen=True)
class Progress:
    """Done vs total, by count and by effort (minutes), for one slice of the findings."""

    label: str
    total: int
    done: int
    effort: int
    done_effort: int


@dataclass
class Dashboard:
    matrix: dict[str, dict[str, int]]
    overall: Progress
    by_review: list[Progress]
    by_phase: list[Progress]
    oldest_critical: list[dict[str, Any]]
    recent: list[dict[str, Any]]
    awaiting_verification: int
    dropped: int = 0
    reviews: int = 0
    notes: list[str] = field(default_factory=list)


def _progress(label: str, row: tuple[Any, ...]) -> Progress:
    count, effort, done, done_effort = (int(v or 0) for v in row[-4:])
    return Progress(label, count, done, effort, done_effort)


def build_dashboard(store: Store, *, oldest: int = 5, recent: int = 8) -> Dashboard:
    """Counts by priority × status, progress overall / per review / per phase, and what needs eyes."""
    matrix: dict[str, dict[str, int]] = {p.value: {s.value: 0 for s in Status} for p in Priority}
    for prio, status, n in store.status_matrix():
        matrix.setdefault(prio, {s.value: 0 for s in Status})[status] = n
    overall_rows = store.counts()
    overall = _progress("all", overall_rows[0]) if overall_rows else Progress("all", 0, 0, 0, 0)
    by_review = [_progress(str(r[0]), r) for r in sorted(store.counts("review_id"), key=lambda r: str(r[0]))]
    phases = sorted(store.counts("phase"), key=lambda r: (r[0] is None, r[0] or 0))
    by_phase = [_progress(f"phase {r[0]}" if r[0] is not None else "no phase", r) for r in phases]
    return Dashboard(
        matrix=matrix,
        overall=overall,
        by_review=by_review,
        by_phase=by_phase,
        oldest_critical=store.oldest(priority="critical", statuses=[s.value for s in ACTIVE], limit=oldest),
        recent=store.recent_events(recent),
        awaiting_verification=sum(row[Status.fixed.value] for row in matrix.values()),
        dropped=sum(row[Status.dropped.value] for row in matrix.values()),
        reviews=len(by_review),
    )
