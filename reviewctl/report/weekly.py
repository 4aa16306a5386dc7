"""The weekly report a lead sends: headline figures, burn-down, done, next, stale criticals, warnings.

Headline figures, burn-down, done work and stale criticals are read from the event history as it
stood at the end of the ISO week (or now, for the current week), so they read the same when last
week's report is generated again; "next" is planned from today's roadmap, and the document
warnings are those of each review's latest import.

Closed means fixed or verified; a finding marked wontfix this week has its own list and count.
A regression names the commit that brought the problem back (recorded by verify). Paths are
shown relative to the repository root — a report is sent, and local paths mean nothing to its
readers (a file outside the repository shows by name only).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reviewctl import clock
from reviewctl.config import ProjectConfig
from reviewctl.reads import Reads, first_locations, regression_commit, stale_criticals, statuses_at, verdicts_at
from reviewctl.report.burndown import PRIORITIES, Burndown, build_burndown
from reviewctl.report.periods import monday, start_of, week_label
from reviewctl.report.roadmap import Item, Roadmap, Week, build_roadmap
from reviewctl.vocab import ACTIVE, Status

HISTORY_WEEKS = 8
"""The report's burn-down covers this many weeks, ending with the report's week."""
STALE_DAYS = 14
"""A critical finding open longer than this is called out as stale."""
STALE_SHOWN = 50
"""The report lists this many stale criticals at most, then says how many more there are."""
NEXT_WEEKS = 2
NEXT_ITEMS = 10
_ACTIVE = {s.value for s in ACTIVE}
_CLOSED = {Status.fixed.value, Status.verified.value}
_WONTFIX = Status.wontfix.value


@dataclass
class Weekly:
    week: str
    start: str
    end: str
    as_of: str
    headline: dict[str, Any]
    burndown: Burndown
    done: list[dict[str, Any]]
    wontfix: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    regressions: list[dict[str, Any]]
    next_weeks: list[Week]
    next_items: list[Item]
    capacity_minutes: int | None
    stale_criticals: list[dict[str, Any]]
    stale_more: int
    stale_days: int
    warnings: list[dict[str, Any]] = field(default_factory=list)


def build_weekly(
    store: Reads,
    config: ProjectConfig,
    *,
    week: date | None = None,
    capacity_minutes: int | None = None,
    root: Path | None = None,
) -> Weekly:
    """The report for the ISO week holding `week` (default: this week); paths relative to `root`.
    With a capacity, the burn-down's ideal line reaches zero by the week the capacity covers all open work."""
    today = clock.now().date()
    first = monday(week or today)
    last = min(first + timedelta(days=6), max(today, first))
    begin, end = start_of(first), start_of(last + timedelta(days=1))
    since = first - timedelta(weeks=HISTORY_WEEKS - 1)
    plan = build_roadmap(
        store, config, capacity_minutes=capacity_minutes, start=first + timedelta(days=7), weeks_only=NEXT_WEEKS
    )
    target = _capacity_end(plan)
    burn = build_burndown(store, config, by="week", since=since, until=last, as_of=last, target=target)
    _trim_quiet_start(burn)
    events = store.events_between(begin, end)
    state = statuses_at(store.run, [e["finding_id"] for e in events], end)
    done = _done(events, state, store)
    declined = [_event(e) for e in events if e["to_status"] == _WONTFIX and state.get(e["finding_id"]) == _WONTFIX]
    rejected = [_event(e) for e in events if e["kind"] == "rejected"]
    regressions = [_regression(store, e) for e in events if e["kind"] == "regressed"]
    stale, stale_more = _stale(store, end)
    return Weekly(
        week=week_label(first),
        start=first.isoformat(),
        end=(first + timedelta(days=6)).isoformat(),
        as_of=last.isoformat(),
        headline={
            "open": burn.open_now,
            "open_minutes": burn.open_minutes_now,
            "open_by_priority": {p: burn.rows[-1].open_by_priority.get(p, 0) for p in PRIORITIES},
            "added": burn.rows[-1].added,
            "closed": len(done),
            "verified": sum(1 for d in done if d["status"] == "verified"),
            "wontfix": len(declined),
            "rejected": len(rejected),
            "regressions": len(regressions),
        },
        burndown=burn,
        done=done,
        wontfix=declined,
        rejected=rejected,
        regressions=regressions,
        next_weeks=plan.weeks[:NEXT_WEEKS],
        next_items=[i for p in plan.phases for i in p.items if i.status in _ACTIVE][:NEXT_ITEMS],
        capacity_minutes=plan.capacity_minutes,
        stale_criticals=stale,
        stale_more=stale_more,
        stale_days=STALE_DAYS,
        warnings=_warnings(store, root),
    )


def _capacity_end(plan: Roadmap) -> date | None:
    """The last day of the week by which the weekly capacity covers all open work, counted from the plan's
    start: where the burn-down's ideal line reaches zero. None without a capacity or open work."""
    if not plan.capacity_minutes or not plan.open_minutes:
        return None
    weeks = math.ceil(plan.open_minutes / plan.capacity_minutes)
    return date.fromisoformat(plan.start) + timedelta(weeks=weeks, days=-1)


def _trim_quiet_start(burn: Burndown) -> None:
    """Drop leading weeks before anything was imported (the history is shorter than the window)."""
    while len(burn.rows) > 1 and burn.rows[0].scope == 0 and burn.rows[0].added == 0:
        burn.rows.pop(0)
    burn.since = burn.rows[0].start


def _regression(store: Reads, e: dict[str, Any]) -> dict[str, Any]:
    """A regression event with the commit that brought the problem back (None when verify did not record one)."""
    sha = regression_commit(store.run, e["finding_id"], e["at"])
    return _event(e) | {"commit": sha[:10] if sha else None}


def _event(e: dict[str, Any]) -> dict[str, Any]:
    return {"id": e["finding_id"], "title": e["title"], "priority": e["priority"], "at": e["at"].date().isoformat(),
            "note": e["note"] or ""}  # fmt: skip


def _done(events: list[dict[str, Any]], state: dict[str, str], store: Reads) -> list[dict[str, Any]]:
    """Findings closed or verified this week and still done at its end, with their claiming commits
    and the verdict verify gave each (a rejected claim stays listed, marked as such)."""
    closed: dict[str, dict[str, Any]] = {}
    for e in events:
        closing = e["to_status"] in _CLOSED and (e["from_status"] in _ACTIVE or e["to_status"] == "verified")
        if closing and state.get(e["finding_id"]) in _CLOSED:
            closed[e["finding_id"]] = _event(e) | {"status": state[e["finding_id"]]}
    claims = store.claims_of(list(closed))
    verdicts = verdicts_at(store.run, list(closed))
    for fid, item in closed.items():
        item["commits"] = [
            {"sha": c["sha"][:10], "subject": c["subject"], "author": c["author"]}
            | {"verdict": verdicts.get((fid, c["sha"]))}
            for c in claims.get(fid, [])
        ]
    return sorted(closed.values(), key=lambda d: (d["at"], d["id"]))


def _stale(store: Reads, end: Any) -> tuple[list[dict[str, Any]], int]:
    """The first STALE_SHOWN criticals open at the week's end and reported more than STALE_DAYS before it,
    oldest first, and how many more there are."""
    out = [
        {"id": r.id, "title": r.title, "status": r.status, "age_days": (end - r.created_at).days}
        for r in stale_criticals(store.run, end - timedelta(days=STALE_DAYS), end)
        if (end - r.created_at).days > STALE_DAYS
    ]
    out.sort(key=lambda d: (-d["age_days"], d["id"]))
    where = first_locations(store.run, [d["id"] for d in out[:STALE_SHOWN]])
    return [d | {"location": where.get(d["id"])} for d in out[:STALE_SHOWN]], len(out) - min(len(out), STALE_SHOWN)


def _warnings(store: Reads, root: Path | None) -> list[dict[str, Any]]:
    out = []
    for r in store.review_rows():
        found = json.loads(r["warnings"] or "[]")
        if found:
            out.append({"review": r["id"], "title": r["title"], "path": shown_path(r["path"], root), "warnings": found})
    return out


def shown_path(path: str, root: Path | None) -> str:
    """`path` relative to the repository root; a path outside it (or with no root) by its name only."""
    if not Path(path).is_absolute():
        return Path(path).as_posix()
    if root is not None and Path(path).is_relative_to(root):
        return Path(path).relative_to(root).as_posix()
    return Path(path).name
