"""`reviewctl status`: where things stand, from one aggregate scan so it stays fast at any size."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from reviewctl import clock
from reviewctl.reads import DONE_STATUSES, Row, grouped_by_owner, overdue
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
    by_owner: list[Progress] = field(default_factory=list)  # "unassigned": findings nobody owns
    overdue: int = 0  # open or in-progress findings past their due day
    most_overdue: list[dict[str, Any]] = field(default_factory=list)  # id, due, owner, title


def _progress(groups: list[Any], label: Any, key: Any = None) -> list[Progress]:
    """Roll (key, status, n, effort) rows, dropped ones excluded, up by key (or `key(row)`)."""
    sums: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for g in groups:
        if g.status == Status.dropped.value:
            continue
        acc = sums[key(g) if key else g.key]
        done = g.status in DONE_STATUSES
        acc[0] += g.n
        acc[1] += g.n if done else 0
        acc[2] += g.effort
        acc[3] += g.effort if done else 0
    order = sorted(sums, key=lambda k: (k is None, k if k is not None else 0))
    return [Progress(label(k), *(int(v) for v in sums[k])) for k in order]


def build_dashboard(store: Any, *, oldest: int = 5, recent: int = 8) -> Dashboard:
    """Counts by priority × status, progress overall / per review / per phase, and what needs eyes,
    from a Store or SqliteReads (the same queries)."""
    by_priority = store.grouped("priority")
    matrix: dict[str, dict[str, int]] = {p.value: {s.value: 0 for s in Status} for p in Priority}
    for g in by_priority:
        matrix.setdefault(g.key, {s.value: 0 for s in Status})[g.status] += g.n
    overall = _progress(by_priority, str, key=lambda g: "all") or [Progress("all", 0, 0, 0, 0)]
    by_review = _progress(store.grouped("review_id"), str)
    by_phase = _progress(store.grouped("phase"), lambda k: "no phase" if k is None else f"phase {k}")
    return Dashboard(
        matrix=matrix,
        overall=overall[0],
        by_review=by_review,
        by_phase=by_phase,
        oldest_critical=store.oldest(priority="critical", statuses=[s.value for s in ACTIVE], limit=oldest),
        recent=store.recent_events(recent),
        awaiting_verification=sum(row[Status.fixed.value] for row in matrix.values()),
        dropped=sum(row[Status.dropped.value] for row in matrix.values()),
        reviews=len(by_review),
        by_owner=_by_owner(by_priority, grouped_by_owner(store.run)),
        **_overdue(store),
    )


def _overdue(store: Any) -> dict[str, Any]:
    count, rows = overdue(store.run, clock.now().date())
    return {"overdue": count, "most_overdue": [dict(r) for r in rows]}


def _by_owner(everything: list[Any], owned: list[Any]) -> list[Progress]:
    """Progress per owner, then `unassigned`: every finding's (status, n, effort) less the owned ones'."""
    rest: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g, sign in [*((g, 1) for g in everything), *((g, -1) for g in owned)]:
        rest[g.status][0] += sign * g.n
        rest[g.status][1] += sign * g.effort
    unowned = [Row(key=None, status=s, n=n, effort=e) for s, (n, e) in rest.items() if n]
    return _progress(owned + unowned, lambda k: k or "unassigned")
