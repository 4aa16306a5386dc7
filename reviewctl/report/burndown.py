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
from reviewctl.reads import Reads, first_change, status_changes, status_flows
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
    open_minutes: int
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
    open_minutes_now: int
    estimated_open: int  # open findings whose effort is a per-priority default
    rate_per_week: float  # net findings leaving the open work per week over the last RECENT_DAYS
    hours_per_week: float  # the same in hours of effort
    forecast: str | None
    forecast_note: str
    on_track: bool | None
    by_priority: list[dict[str, Any]] = field(default_factory=list)


class _Tally:
    """Running counts by status class while the grouped status changes are applied in time order."""

    def __init__(self, config: ProjectConfig) -> None:
        self.default = config.default_effort
        self.open = self.closed = self.wontfix = self.minutes = self.unestimated = 0
        self.open_by: Counter[str] = Counter()

    def apply(self, r: Any) -> str | None:
        """Move r.n findings of r.priority from r.from_status to r.to_status; the flow this is, or None."""
        minutes = r.minutes + r.defaults * self.default.get(r.priority, 60)
        self._count(r.from_status, r, minutes, -1)
        self._count(r.to_status, r, minutes, +1)
        return _flow(r.from_status, r.to_status)

    def _count(self, status: str | None, r: Any, minutes: int, sign: int) -> None:
        if status in _ACTIVE:
            self.open += sign * r.n
            self.minutes += sign * minutes
            self.unestimated += sign * r.unestimated
            self.open_by[r.priority] += sign * r.n
        elif status in _CLOSED:
            self.closed += sign * r.n
        elif status == _WONTFIX:
            self.wontfix += sign * r.n


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


def build_burndown(
    store: Reads,
    config: ProjectConfig,
    *,
    by: str = "week",
    since: date | None = None,
    until: date | None = None,
    as_of: date | None = None,
    target: date | None = None,
) -> Burndown:
    """Scope, open, closed and open hours per day or ISO week, as the history stood at the end of --as-of.

    The status changes are counted in SQL by (slot, from, to, priority) — a slot is a bucket, or the
    time before the first or after the last — and the counts are applied slot by slot here."""
    as_of = as_of or clock.now().date()
    horizon = start_of(as_of + timedelta(days=1))
    first = first_change(store.run)
    since = since or (first.date() if first and first < horizon else as_of)
    buckets = spans(since, min(until or as_of, as_of), by)
    if target is not None and target < buckets[0].start:
        raise InputError(f"--target {target} is before the period starts ({buckets[0].start})")
    bounds = [start_of(buckets[0].start)] + [start_of(b.end) for b in buckets]
    tally, rows, flows = _tally(status_changes(store.run, bounds, horizon), buckets, config)
    rate, hours_rate = recent_rates(store, config, horizon)
    _ideal(rows, buckets, target)
    forecast, note = _forecast(tally.open, rate, as_of)
    return Burndown(
        by=by,
        since=buckets[0].start.isoformat(),
        until=buckets[-1].last_day.isoformat(),
        as_of=as_of.isoformat(),
        target=target.isoformat() if target else None,
        rows=rows,
        open_now=tally.open,
        closed_now=tally.closed,
        wontfix_now=tally.wontfix,
        open_minutes_now=round(tally.minutes),
        estimated_open=tally.unestimated,
        rate_per_week=round(rate, 2),
        hours_per_week=round(hours_rate, 2),
        forecast=forecast.isoformat() if forecast else None,
        forecast_note=note,
        on_track=(forecast <= target) if forecast and target else None,
        by_priority=_priorities(tally, flows),
    )


def _tally(changes: list[Any], buckets: list[Span], config: ProjectConfig) -> tuple[_Tally, list[BurnRow], Counter]:
    """Apply the grouped changes slot by slot (0: before the period, k: bucket k-1, then after it),
    snapshotting each bucket; flows are counted within the period only."""
    tally, rows = _Tally(config), []
    flows_by_priority: Counter[tuple[str, str]] = Counter()
    by_slot: dict[int, list[Any]] = {}
    for r in changes:
        by_slot.setdefault(r.slot, []).append(r)
    for slot in range(len(buckets) + 2):
        flows: Counter[str] = Counter()
        for r in by_slot.get(slot, []):
            kind = tally.apply(r)
            if kind and 1 <= slot <= len(buckets):
                flows[kind] += r.n
                flows_by_priority[(kind, r.priority)] += r.n
        if 1 <= slot <= len(buckets):
            rows.append(_snapshot(buckets[slot - 1], tally, flows))
    return tally, rows, flows_by_priority


def _snapshot(span: Span, t: _Tally, flows: Counter[str]) -> BurnRow:
    return BurnRow(
        label=span.label,
        start=span.start.isoformat(),
        end=span.last_day.isoformat(),
        scope=t.open + t.closed + t.wontfix,
        open=t.open,
        closed=t.closed,
        wontfix=t.wontfix,
        open_minutes=round(t.minutes),
        added=flows["added"],
        done=flows["done"],
        declined=flows["declined"],
        reopened=flows["reopened"],
        removed=flows["removed"],
        open_by_priority={p: t.open_by[p] for p in PRIORITIES if t.open_by[p]},
    )


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


def _priorities(tally: _Tally, flows: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
    out = []
    for p in PRIORITIES:
        row = {"priority": p, "open": tally.open_by[p], "added": flows[("added", p)], "done": flows[("done", p)],
               "wontfix": flows[("declined", p)]}  # fmt: skip
        if any(v for k, v in row.items() if k != "priority"):
            out.append(row)
    return out
