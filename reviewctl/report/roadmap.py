"""The phased roadmap: findings grouped by phase, and open work planned week by week.

Phases come from the documents (phase/week/sprint sections linked at import), else from
priority (vocab.phase_of — the rule `status` and `list` apply too). With a weekly capacity the
open work is laid into weeks first-fit in order (phase, priority, age): each item goes whole into
the earliest week with room left for it, so a smaller item fills a gap a larger one before it
left; an item that fits no week starts a new one, and one larger than a whole week is split
across weeks. Whatever finds no week by --deadline is overflow. `wontfix` is neither open nor
done: phases count it on its own.

Totals are counted in SQL; only the findings a roadmap lists are read in full. A phase lists its
first PHASE_ITEMS findings (open work first), a week and the overflow their first WEEK_ITEMS; the
rest is counted as "and K more" (`more`), so a roadmap of 90,000 findings stays one readable page.
The plan itself still places every open finding, from (id, priority, effort) alone.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from reviewctl import clock
from reviewctl.config import ProjectConfig
from reviewctl.errors import InputError
from reviewctl.reads import (
    Reads,
    first_locations,
    min_open_effort,
    phase_items,
    phase_labels,
    plan_findings,
    plan_order,
    plan_totals,
)
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
PHASE_ITEMS = 50
"""A phase lists at most this many findings, then says how many more it holds."""
WEEK_ITEMS = 10
"""A planned week, and the overflow, list at most this many findings, then say how many more."""


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
    items: list[Item]  # the first PHASE_ITEMS, open work first
    open: int
    done: int  # fixed or verified
    wontfix: int
    open_minutes: int
    done_minutes: int
    more: int = 0  # findings of the phase not listed


@dataclass
class Week:
    number: int
    start: str
    end: str
    capacity_minutes: int
    planned_minutes: int = 0
    items: list[Item] = field(default_factory=list)  # the first WEEK_ITEMS planned
    more: int = 0  # planned but not listed


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
    overflow_more: int = 0  # overflow findings not listed
    overflow_minutes: int = 0


def build_roadmap(
    store: Reads,
    config: ProjectConfig,
    *,
    capacity_minutes: int | None = None,
    start: date | None = None,
    deadline: date | None = None,
    weeks_only: int | None = None,
) -> Roadmap:
    """Phases with their findings, and (given a capacity) the open work planned week by week.
    `weeks_only`: plan only that many weeks (the weekly report's "next"), reading the plan order only
    as far as they can still take work; the overflow is then not computed."""
    today = clock.now().date()
    start = start or today
    if deadline is not None and deadline < start:
        raise InputError(f"--deadline {deadline} is before the plan starts ({start})")
    capacity = capacity_minutes or config.capacity_minutes
    checks = {k: c for k, c in store.latest_checks().items() if c["verdict"] in _ATTENTION}
    totals = _Totals(plan_totals(store.run), config)
    weeks, planned, overflow = [], {}, []
    if capacity:
        todo = _todo(store, config, totals, weeks_only)
        weeks, planned, overflow = _schedule(todo, capacity, start, deadline, weeks_only)
    shown = [fid for w in weeks for fid, _, _ in planned[w.number][:WEEK_ITEMS]] + [f for f, _ in overflow[:WEEK_ITEMS]]
    facts = plan_findings(store.run, shown + list(checks))
    locations = first_locations(store.run, list(facts))
    item = _Maker(facts, locations, checks, config)
    for w in weeks:
        w.items = [item(fid, part, minutes) for fid, part, minutes in planned[w.number][:WEEK_ITEMS]]
        w.more = len(planned[w.number]) - len(w.items)
    phases = _phases(store, totals, item)
    attention = sorted((item(fid) for fid in checks), key=lambda i: _plan_key(facts[i.id], i))
    return Roadmap(
        as_of=today.isoformat(),
        start=start.isoformat(),
        deadline=deadline.isoformat() if deadline else None,
        capacity_minutes=capacity,
        config_source=config.source,
        phases=phases,
        weeks=weeks,
        overflow=[item(fid, None, left) for fid, left in overflow[:WEEK_ITEMS]],
        attention=[i for i in attention if i.attention],
        open=sum(p.open for p in phases),
        done=sum(p.done for p in phases),
        wontfix=sum(p.wontfix for p in phases),
        open_minutes=sum(p.open_minutes for p in phases),
        estimated=totals.estimated,
        hours_per_week=round(recent_rates(store, config, start_of(today + timedelta(days=1)))[1], 2),
        overflow_more=max(0, len(overflow) - WEEK_ITEMS),
        overflow_minutes=sum(left for _, left in overflow),
    )


def _plan_key(row: Any, item: Item) -> tuple:
    """Where an item comes in the plan order (as reads.PLAN_ORDER)."""
    return item.phase, RANK.get(item.priority, 9), row["created_at"], row["review_id"], row["ordinal"]


def _todo(store: Reads, config: ProjectConfig, totals: _Totals, weeks_only: int | None) -> Iterator[tuple[str, int]]:
    """(id, minutes) of the open work in plan order; for a few weeks only, read in growing pages, with
    the smallest item's minutes first (so the schedule knows when no week can take anything more)."""
    if weeks_only is None:
        for fid, prio, minutes in plan_order(store.fetch):
            yield fid, _minutes(minutes, prio, config)
        return
    yield "", totals.smallest(min_open_effort(store.run))
    offset, page = 0, 2000
    while True:
        rows = plan_order(store.fetch, limit=page, offset=offset)
        for fid, prio, minutes in rows:
            yield fid, _minutes(minutes, prio, config)
        if len(rows) < page:
            return
        offset, page = offset + page, page * 10


def _minutes(effort: int | None, priority: str, config: ProjectConfig) -> int:
    return effort or config.default_effort.get(priority, 60)


class _Totals:
    """Counts and effort per phase from the store's GROUP BY (phase, status, priority)."""

    def __init__(self, rows: list[Any], config: ProjectConfig) -> None:
        self.by_phase: dict[int, Counter[str]] = {}
        self.estimated = 0
        self.defaults = {r.priority for r in rows if r.status in _ACTIVE and r.defaults}
        self.config = config
        for r in rows:
            c = self.by_phase.setdefault(r.phase, Counter())
            minutes = r.minutes + r.defaults * config.default_effort.get(r.priority, 60)
            kind = "open" if r.status in _ACTIVE else "done" if r.status in _DONE else r.status
            c[kind] += r.n
            c[kind + "_minutes"] += minutes
            if kind == "open":
                self.estimated += r.unestimated

    def smallest(self, known: int | None) -> int:
        """The smallest open item's minutes: the least known effort or default effort in use."""
        efforts = [self.config.default_effort.get(p, 60) for p in self.defaults] + ([known] if known else [])
        return min(efforts, default=1)


class _Maker:
    """Items from the facts read for the findings a roadmap lists."""

    def __init__(self, facts: dict[str, Any], locations: dict[str, str], checks: dict[str, Any], config: Any) -> None:
        self.facts, self.locations, self.checks, self.config = facts, locations, checks, config

    def __call__(self, fid: str, part: str | None = None, planned: int | None = None) -> Item:
        row = self.facts[fid]
        check = self.checks.get(fid)
        flagged = check is not None and row["status"] in _ACTIVE
        minutes = _minutes(row["effort_minutes"], row["priority"], self.config)
        return Item(
            id=fid,
            title=row["title"],
            priority=row["priority"],
            status=row["status"],
            review=row["review_id"],
            location=self.locations.get(fid),
            minutes=minutes,
            estimated=row["effort_minutes"] is None,
            phase=phase_of(row["phase"], row["priority"]),
            attention=_ATTENTION[check["verdict"]] if flagged else None,
            evidence=check["reason"] if flagged else None,
            part=part,
            planned_minutes=minutes if planned is None else planned,
        )


def _phases(store: Reads, totals: _Totals, item: _Maker) -> list[Phase]:
    """Each phase's totals and first findings; a phase is 'document' when a document named any of its findings'."""
    labels: dict[int, str] = {}
    for r in phase_labels(store.run):
        labels.setdefault(r.phase, _phase_label(r.phase, r.phase_label))
    out = []
    for number, c in sorted(totals.by_phase.items()):
        rows = phase_items(store.run, number, PHASE_ITEMS)
        item.facts.update((r.id, r) for r in rows if r.id not in item.facts)
        item.locations.update(first_locations(store.run, [r.id for r in rows if r.id not in item.locations]))
        named = labels.get(number)
        count = c["open"] + c["done"] + c["wontfix"]
        out.append(
            Phase(
                number=number,
                label=named or f"Phase {number}: {PHASE_NAMES.get(number, 'later')} (by priority)",
                source="document" if named else "priority",
                items=[item(r.id) for r in rows],
                open=c["open"],
                done=c["done"],
                wontfix=c["wontfix"],
                open_minutes=c["open_minutes"],
                done_minutes=c["done_minutes"],
                more=count - len(rows),
            )
        )
    return out


def _phase_label(number: int, label: str | None) -> str:
    """'Phase 2: Resilience (Week 2)' from a document's 'Resilience (Week 2)'."""
    if not label:
        return f"Phase {number}"
    return label if label.lower().startswith(("phase", "sprint", "week")) else f"Phase {number}: {label}"


Planned = dict[int, list[tuple[str, str | None, int]]]
"""Week number → (finding id, part, minutes) in the order planned."""


def _schedule(
    todo: Iterable[tuple[str, int]], capacity: int, start: date, deadline: date | None, weeks_only: int | None = None
) -> tuple[list[Week], Planned, list[tuple[str, int]]]:
    """Lay (id, minutes) into consecutive weeks of `capacity` minutes, first-fit in order (see the module);
    returns the weeks, what each holds, and the overflow as (id, minutes left). With `weeks_only`, the
    first pair is ("", the smallest item's minutes), and the plan stops when those weeks are full."""
    weeks = [_week(1, start, capacity, deadline)]
    planned: Planned = defaultdict(list)
    fits = _FirstFit(weeks)
    overflow = []
    todo = iter(todo)
    smallest = next(todo)[1] if weeks_only else 0
    limit = min(weeks_only or MAX_WEEKS, MAX_WEEKS)
    for fid, minutes in todo:
        if weeks_only and len(weeks) == limit and all(w.capacity_minutes - w.planned_minutes < smallest for w in weeks):
            break
        week = fits.week_for(minutes)
        if week is not None:
            planned[week.number].append((fid, None, minutes))
            week.planned_minutes += minutes
            continue
        week = weeks[-1] if not planned[weeks[-1].number] else _next(weeks, capacity, deadline, limit)
        left, parts = minutes, []
        while left > 0 and week is not None:
            take = min(left, week.capacity_minutes - week.planned_minutes)
            if take > 0:
                parts.append((week, take))
                left -= take
            if left > 0:
                week = _next(weeks, capacity, deadline, limit)
        later = weeks_only is not None and len(weeks) >= limit and left > 0  # goes on in weeks not planned here
        count = len(parts) + (math.ceil(left / capacity) if later else 0)
        for k, (wk, take) in enumerate(parts, 1):
            part = "partial" if left > 0 and not later else (f"{k}/{count}" if count > 1 else None)
            planned[wk.number].append((fid, part, take))
            wk.planned_minutes += take
        if left > 0 and not later:  # no week left before the deadline
            overflow.append((fid, left))
    return [w for w in weeks if planned[w.number] or w.number == 1], planned, overflow


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


def _week(number: int, start: date, capacity: int, deadline: date | None) -> Week:
    """Week `number` from `start`; the week the deadline falls in has a prorated capacity."""
    first = start + timedelta(days=7 * (number - 1))
    last = first + timedelta(days=6)
    days = 7 if deadline is None or deadline >= last else max(0, (deadline - first).days + 1)
    return Week(number, first.isoformat(), last.isoformat(), capacity * days // 7)


def _next(weeks: list[Week], capacity: int, deadline: date | None, limit: int = MAX_WEEKS) -> Week | None:
    """Open the next week, or None when it would start after the deadline (or past `limit` weeks)."""
    if len(weeks) >= limit or (deadline and date.fromisoformat(weeks[-1].end) >= deadline):
        return None
    week = _week(len(weeks) + 1, date.fromisoformat(weeks[0].start), capacity, deadline)
    if week.capacity_minutes == 0:
        return None
    weeks.append(week)
    return week
