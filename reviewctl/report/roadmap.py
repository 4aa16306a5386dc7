"""The phased roadmap: findings grouped by phase, and open work planned week by week.

Phases come from the documents (phase/week/sprint sections linked at import), else from
priority (vocab.phase_of — the rule `status` and `list` apply too). With a weekly capacity the
open work is laid into weeks first-fit in order (phase, priority, age): each item goes whole into
the earliest week with room left for it, so a smaller item fills a gap a larger one before it
left; an item that fits no week starts a new one, and one larger than a whole week is split
across weeks. Whatever finds no week by --deadline is overflow. `wontfix` is neither open nor
done: phases count it on its own.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from reviewctl import clock
from reviewctl.config import ProjectConfig
from reviewctl.reads import Reads
from reviewctl.report.burndown import recent_rates
from reviewctl.report.periods import start_of
from reviewctl.vocab import ACTIVE, Priority, Status, phase_of

RANK = {p.value: p.rank for p in Priority}
PHASE_NAMES = {1: "critical", 2: "high", 3: "medium", 4: "low"}
MAX_WEEKS = 520
"""Planning stops after ten years of weeks; the rest is overflow."""
_ACTIVE = {s.value for s in ACTIVE}
_DONE = {Status.fixed.value, Status.verified.value}
_WONTFIX = Status.wontfix.value
_ATTENTION = {"rejected": "claimed fix rejected", "regressed": "regressed after verification"}


@dataclass
class Item:
    id: str
    title: str
    priority: str
    status: str
    review: str
    location: str | None
    minutes: int
    estimated: bool  # effort is the priority's default, not the document's
    phase: int
    attention: str | None = None  # why a lead should look: a rejected claim or a regression
    evidence: str | None = None
    part: str | None = None  # "1/2" when an item is split across weeks
    planned_minutes: int = 0


@dataclass
class Phase:
    number: int
    label: str
    source: str  # document | priority
    items: list[Item]
    open: int
    done: int  # fixed or verified
    wontfix: int
    open_minutes: int
    done_minutes: int


@dataclass
class Week:
    number: int
    start: str
    end: str
    capacity_minutes: int
    planned_minutes: int = 0
    items: list[Item] = field(default_factory=list)


@dataclass
class Roadmap:
    as_of: str
    start: str
    deadline: str | None
    capacity_minutes: int | None
    config_source: str | None
    phases: list[Phase]
    weeks: list[Week]
    overflow: list[Item]
    attention: list[Item]
    open: int
    done: int
    wontfix: int
    open_minutes: int
    estimated: int
    hours_per_week: float  # open work fell by this much a week net over the last 28 days (the forecast)


def build_roadmap(
    store: Reads,
    config: ProjectConfig,
    *,
    capacity_minutes: int | None = None,
    start: date | None = None,
    deadline: date | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> Roadmap:
    """Phases with their findings, and (given a capacity) the open work planned week by week.
    `rows` are the store's plan_rows() when the caller already has them."""
    today = clock.now().date()
    start = start or today
    capacity = capacity_minutes or config.capacity_minutes
    checks = store.latest_checks()
    rows = [r for r in (store.plan_rows() if rows is None else rows) if r["status"] != "dropped"]
    items = [_item(r, config, checks.get(r["id"])) for r in rows]
    phases = _phases(rows, items)
    pending = [(i, r) for i, r in zip(items, rows, strict=True) if r["status"] in _ACTIVE]
    pending.sort(key=lambda p: (p[0].phase, RANK.get(p[0].priority, 9), p[1]["created_at"], _doc_order(p[1])))
    todo = [i for i, _ in pending]
    weeks, overflow = _schedule(todo, capacity, start, deadline) if capacity else ([], [])
    return Roadmap(
        as_of=today.isoformat(),
        start=start.isoformat(),
        deadline=deadline.isoformat() if deadline else None,
        capacity_minutes=capacity,
        config_source=config.source,
        phases=phases,
        weeks=weeks,
        overflow=overflow,
        attention=[i for i in todo if i.attention],
        open=len(todo),
        done=sum(p.done for p in phases),
        wontfix=sum(p.wontfix for p in phases),
        open_minutes=sum(i.minutes for i in todo),
        estimated=sum(1 for i in todo if i.estimated),
        hours_per_week=round(recent_rates(store, config, start_of(today + timedelta(days=1)))[1], 2),
    )


def _doc_order(row: dict[str, Any]) -> tuple[str, int]:
    return row["review_id"], row["ordinal"]


def _item(row: dict[str, Any], config: ProjectConfig, check: dict[str, Any] | None) -> Item:
    verdict = check["verdict"] if check else None
    flagged = verdict in _ATTENTION and row["status"] in _ACTIVE
    return Item(
        id=row["id"],
        title=row["title"],
        priority=row["priority"],
        status=row["status"],
        review=row["review_id"],
        location=row["location"],
        minutes=row["effort_minutes"] or config.default_effort.get(row["priority"], 60),
        estimated=row["effort_minutes"] is None,
        phase=phase_of(row["phase"], row["priority"]),
        attention=_ATTENTION[verdict] if flagged else None,
        evidence=check["reason"] if flagged else None,
    )


def _phases(rows: list[dict[str, Any]], items: list[Item]) -> list[Phase]:
    """Group by phase number; a phase is 'document' when any of its findings got it from a document."""
    labels: dict[int, Counter[str]] = {}
    for r, i in zip(rows, items, strict=True):
        labels.setdefault(i.phase, Counter())
        if r["phase"] is not None:
            labels[i.phase][_phase_label(i.phase, r["phase_label"])] += 1
    out = []
    for number in sorted(labels):
        members = [i for i in items if i.phase == number]
        members.sort(key=lambda i: (i.status not in _ACTIVE, RANK.get(i.priority, 9)))
        named = labels[number].most_common(1)
        label = named[0][0] if named else f"Phase {number}: {PHASE_NAMES.get(number, 'later')} (by priority)"
        done = [i for i in members if i.status in _DONE]
        todo = [i for i in members if i.status in _ACTIVE]
        out.append(
            Phase(
                number=number,
                label=label,
                source="document" if named else "priority",
                items=members,
                open=len(todo),
                done=len(done),
                wontfix=sum(1 for i in members if i.status == _WONTFIX),
                open_minutes=sum(i.minutes for i in todo),
                done_minutes=sum(i.minutes for i in done),
            )
        )
    return out


def _phase_label(number: int, label: str | None) -> str:
    """'Phase 2: Resilience (Week 2)' from a document's 'Resilience (Week 2)'."""
    if not label:
        return f"Phase {number}"
    return label if label.lower().startswith(("phase", "sprint", "week")) else f"Phase {number}: {label}"


def _schedule(todo: list[Item], capacity: int, start: date, deadline: date | None) -> tuple[list[Week], list[Item]]:
    """Lay items into consecutive weeks of `capacity` minutes, first-fit in order (see the module)."""
    weeks = [_week(1, start, capacity, deadline)]
    fits = _FirstFit(weeks)
    overflow = []
    for item in todo:
        week = fits.week_for(item.minutes)
        if week is not None:
            week.items.append(_planned(item, None, item.minutes))
            week.planned_minutes += item.minutes
            continue
        week = weeks[-1] if not weeks[-1].items else _next(weeks, capacity, deadline)
        left, parts = item.minutes, []
        while left > 0 and week is not None:
            take = min(left, week.capacity_minutes - week.planned_minutes)
            if take > 0:
                parts.append((week, take))
                left -= take
            if left > 0:
                week = _next(weeks, capacity, deadline)
        for k, (wk, take) in enumerate(parts, 1):
            part = "partial" if left > 0 else (f"{k}/{len(parts)}" if len(parts) > 1 else None)
            wk.items.append(_planned(item, part, take))
            wk.planned_minutes += take
        if left > 0:  # no week left before the deadline
            overflow.append(_planned(item, None, left))
    return [w for w in weeks if w.items or w.number == 1], overflow


class _FirstFit:
    """The earliest week with room for an item of a given size. Room only shrinks, so for each size
    the answer only moves forward: one pointer per size keeps the search linear overall."""

    def __init__(self, weeks: list[Week]) -> None:
        self.weeks = weeks
        self.from_week: dict[int, int] = {}

    def week_for(self, minutes: int) -> Week | None:
        i = self.from_week.get(minutes, 0)
        while i < len(self.weeks) and self.weeks[i].capacity_minutes - self.weeks[i].planned_minutes < minutes:
            i += 1
        self.from_week[minutes] = i
        return self.weeks[i] if i < len(self.weeks) else None


def _planned(item: Item, part: str | None, minutes: int) -> Item:
    """A copy of `item` carrying the minutes planned (or left over) and which part it is."""
    out = copy.copy(item)
    out.part, out.planned_minutes = part, minutes
    return out


def _week(number: int, start: date, capacity: int, deadline: date | None) -> Week:
    """Week `number` from `start`; the week the deadline falls in has a prorated capacity."""
    first = start + timedelta(days=7 * (number - 1))
    last = first + timedelta(days=6)
    days = 7 if deadline is None or deadline >= last else max(0, (deadline - first).days + 1)
    return Week(number, first.isoformat(), last.isoformat(), capacity * days // 7)


def _next(weeks: list[Week], capacity: int, deadline: date | None) -> Week | None:
    """Open the next week, or None when it would start after the deadline (or past MAX_WEEKS)."""
    week = _week(len(weeks) + 1, date.fromisoformat(weeks[0].start), capacity, deadline)
    if week.capacity_minutes == 0 or week.number > MAX_WEEKS:
        return None
    weeks.append(week)
    return week
