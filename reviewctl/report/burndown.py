"""Burn-down from the event history: replay every status change, snapshot at each bucket's end.

Computed from events rather than current state, so a report for any past period reads the same
whenever it is run. Effort uses each finding's current estimate (or the priority default).
`wontfix` is neither open nor closed: it has its own count and flow, and leaves the open work.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from reviewctl import clock
from reviewctl.config import ProjectConfig
from reviewctl.errors import InputError
from reviewctl.reads import Reads, status_flows
from reviewctl.report.periods import Span, spans, start_of
from reviewctl.vocab import ACTIVE, Priority, Status

RECENT_DAYS = 28
"""The forecast projects the net rate open work fell at over this many days before --as-of."""
_ACTIVE = {s.value for s in ACTIVE}
_CLOSED = {Status.fixed.value, Status.verified.value}
_WONTFIX = Status.wontfix.value
PRIORITIES = [p.value for p in Priority]


@dataclass
class BurnRow:
    label: str
    start: str
    end: str  # last day of the bucket
    scope: int  # findings in play at the bucket's end (open + closed + wontfix; dropped ones left)
    open: int
    closed: int  # fixed or verified
    wontfix: int
    open_hours: float
    added: int  # entered the scope in this bucket (imports)
    done: int  # moved from open to fixed or verified in this bucket
    declined: int  # moved from open to wontfix in this bucket
    reopened: int
    removed: int  # dropped from the scope
    open_by_priority: dict[str, int]
    ideal: float | None = None


@dataclass
class Burndown:
    by: str
    since: str
    until: str
    as_of: str
    target: str | None
    rows: list[BurnRow]
    open_now: int
    closed_now: int
    wontfix_now: int
    open_hours_now: float
    estimated_open: int  # open findings whose effort is a per-priority default
    rate_per_week: float  # net findings leaving the open work per week over the last RECENT_DAYS
    hours_per_week: float  # the same in hours of effort
    forecast: str | None
    forecast_note: str
    on_track: bool | None
    by_priority: list[dict[str, Any]] = field(default_factory=list)


class _Replay:
    """Running counts of findings by status while events are applied in order."""

    def __init__(self, facts: dict[str, tuple[str, int]]) -> None:
        self.facts = facts
        self.state: dict[str, str] = {}
        self.open = self.closed = self.wontfix = self.minutes = 0
        self.open_by: Counter[str] = Counter()

    def apply(self, fid: str, to: str) -> str | None:
        """Move `fid` to `to`; the flow this is (added, done, reopened, removed) or None."""
        old = self.state.get(fid)
        self._count(fid, old, -1)
        self._count(fid, to, +1)
        self.state[fid] = to
        return _flow(old, to)

    def _count(self, fid: str, status: str | None, sign: int) -> None:
        prio, minutes = self.facts.get(fid, ("unknown", 0))
        if status in _ACTIVE:
            self.open += sign
            self.minutes += sign * minutes
            self.open_by[prio] += sign
        elif status in _CLOSED:
            self.closed += sign
        elif status == _WONTFIX:
            self.wontfix += sign


def _flow(old: str | None, new: str) -> str | None:
    out_before, out_after = old in (None, "dropped"), new == "dropped"
    if out_before and not out_after:
        return "added"
    if out_after and not out_before:
        return "removed"
    if old in _ACTIVE and new in _CLOSED:
        return "done"
    if old in _ACTIVE and new == _WONTFIX:
        return "declined"
    if old not in _ACTIVE and new in _ACTIVE:
        return "reopened"
    return None


def effort_facts(rows: list[tuple[str, str, int | None]], config: ProjectConfig) -> dict[str, tuple[str, int]]:
    """finding id → (priority, minutes), unknown efforts taking the priority's default."""
    default = config.default_effort
    return {fid: (prio, minutes or default.get(prio, 60)) for fid, prio, minutes in rows}


def build_burndown(store: Reads, config: ProjectConfig, **options: Any) -> Burndown:
    """Scope, open, closed and open hours per day or ISO week, as the history stood at --as-of
    (options: by, since, until, as_of, target — see `replay`)."""
    return replay(store, config, **options)[0]


def replay(
    store: Reads,
    config: ProjectConfig,
    *,
    by: str = "week",
    since: date | None = None,
    until: date | None = None,
    as_of: date | None = None,
    target: date | None = None,
) -> tuple[Burndown, dict[str, str]]:
    """The burn-down, and each finding's status at the end of --as-of (the weekly report needs both)."""
    as_of = as_of or clock.now().date()
    horizon = start_of(as_of + timedelta(days=1))
    events = store.status_history(until=horizon)
    rows = store.effort_rows()
    facts = effort_facts(rows, config)
    since = since or (events[0].at.date() if events else as_of)
    buckets = spans(since, min(until or as_of, as_of), by)
    if target is not None and target < buckets[0].start:
        raise InputError(f"--target {target} is before the period starts ({buckets[0].start})")
    machine, walk = _Replay(facts), _Walk(buckets)
    _walk_events(events, machine, walk)
    rate, hours_rate = recent_rates(store, config, horizon)
    _ideal(walk.rows, buckets, target)
    forecast, note = _forecast(machine.open, rate, as_of)
    burn = Burndown(
        by=by,
        since=buckets[0].start.isoformat(),
        until=buckets[-1].last_day.isoformat(),
        as_of=as_of.isoformat(),
        target=target.isoformat() if target else None,
        rows=walk.rows,
        open_now=machine.open,
        closed_now=machine.closed,
        wontfix_now=machine.wontfix,
        open_hours_now=round(machine.minutes / 60, 1),
        estimated_open=sum(1 for fid, _, m in rows if m is None and machine.state.get(fid) in _ACTIVE),
        rate_per_week=round(rate, 2),
        hours_per_week=round(hours_rate, 2),
        forecast=forecast.isoformat() if forecast else None,
        forecast_note=note,
        on_track=(forecast <= target) if forecast and target else None,
        by_priority=_priorities(machine, walk.flows_by_priority),
    )
    return burn, machine.state


def _walk_events(events: Any, machine: _Replay, walk: _Walk) -> None:
    """Apply every event in order, snapshotting buckets."""
    for fid, at, to in events:
        walk.reach(at, machine)
        kind = machine.apply(fid, to)
        if kind:
            walk.count(kind, machine.facts.get(fid, ("unknown", 0))[0])
    walk.reach(None, machine)


def recent_rates(store: Reads, config: ProjectConfig, until: datetime) -> tuple[float, float]:
    """The net rate per week at which open work fell in the RECENT_DAYS before `until` — fixed, verified
    or wontfix, less reopened — in findings and in hours (the burn-down's and the roadmap's forecasts)."""
    count = minutes = 0
    for r in status_flows(store.run, until - timedelta(days=RECENT_DAYS), until):
        sign = {"done": 1, "declined": 1, "reopened": -1}.get(_flow(r.from_status, r.to_status) or "", 0)
        default = config.default_effort.get(r.priority, 60)
        count += sign * r.n
        minutes += sign * ((r.minutes or 0) + r.unestimated * default)
    return count * 7 / RECENT_DAYS, minutes / 60 * 7 / RECENT_DAYS


class _Walk:
    """Takes a snapshot of the replay each time the event stream passes a bucket's end."""

    def __init__(self, buckets: list[Span]) -> None:
        self.buckets = buckets
        self.i = 0
        self.rows: list[BurnRow] = []
        self.flows: Counter[str] = Counter()
        self.flows_by_priority: Counter[tuple[str, str]] = Counter()
        self.started = False  # flows before the period's first day are not counted
        self.first = start_of(buckets[0].start)
        self.ends = [start_of(b.end) for b in buckets]

    def reach(self, at: Any, replay: _Replay) -> None:
        """Close every bucket that ends at or before `at` (all remaining ones when None)."""
        self.started = self.started or at is None or at >= self.first
        while self.i < len(self.buckets) and (at is None or at >= self.ends[self.i]):
            self.rows.append(self._snapshot(self.buckets[self.i], replay))
            self.flows = Counter()
            self.i += 1

    def count(self, kind: str, priority: str) -> None:
        if self.started and self.i < len(self.buckets):
            self.flows[kind] += 1
            self.flows_by_priority[(kind, priority)] += 1

    def _snapshot(self, span: Span, r: _Replay) -> BurnRow:
        return BurnRow(
            label=span.label,
            start=span.start.isoformat(),
            end=span.last_day.isoformat(),
            scope=r.open + r.closed + r.wontfix,
            open=r.open,
            closed=r.closed,
            wontfix=r.wontfix,
            open_hours=round(r.minutes / 60, 1),
            added=self.flows["added"],
            done=self.flows["done"],
            declined=self.flows["declined"],
            reopened=self.flows["reopened"],
            removed=self.flows["removed"],
            open_by_priority={p: r.open_by[p] for p in PRIORITIES if r.open_by[p]},
        )


def _ideal(rows: list[BurnRow], buckets: list[Span], target: date | None) -> None:
    """A straight line from the open count at the end of the first bucket with any scope to zero
    at the end of --target (buckets before anything was imported have no ideal)."""
    if target is None:
        return
    first = next((n for n, row in enumerate(rows) if row.scope), None)
    if first is None:
        return
    open0, start, end = rows[first].open, buckets[first].end, target + timedelta(days=1)
    total = max(1, (end - start).days)
    for row, span in zip(rows[first:], buckets[first:], strict=True):
        row.ideal = round(open0 * max(0, (end - span.end).days) / total, 1)


def _forecast(open_now: int, rate_per_week: float, as_of: date) -> tuple[date | None, str]:
    if open_now == 0:
        return None, "nothing is open"
    if rate_per_week <= 0:
        return None, f"no forecast: open work did not fall (net) in the {RECENT_DAYS} days before {as_of}"
    days = math.ceil(open_now / (rate_per_week / 7))
    when = as_of + timedelta(days=days)
    return when, f"{open_now} open, falling by {round(rate_per_week, 2):g} a week net over the last {RECENT_DAYS} days"


def _priorities(replay: _Replay, flows: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
    out = []
    for p in PRIORITIES:
        row = {"priority": p, "open": replay.open_by[p], "added": flows[("added", p)], "done": flows[("done", p)],
               "wontfix": flows[("declined", p)]}  # fmt: skip
        if any(v for k, v in row.items() if k != "priority"):
            out.append(row)
    return out
