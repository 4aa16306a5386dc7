"""Days, ISO weeks and buckets of time, all in UTC, for the reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from reviewctl.errors import InputError

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.I)


def parse_day(text: str, what: str) -> date:
    """A calendar day from '2026-11-22', or the Monday of an ISO week from '2026-W47'."""
    value = text.strip()
    m = _WEEK.match(value)
    try:
        if m:
            return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what}: {text!r} is not a date (YYYY-MM-DD) or an ISO week (YYYY-Www)") from None


def parse_last_day(text: str, what: str) -> date:
    """Like parse_day, but an ISO week means its Sunday (the end of a period)."""
    day = parse_day(text, what)
    return day + timedelta(days=6) if _WEEK.match(text.strip()) else day


def parse_week(text: str) -> date:
    """The Monday of an ISO week given as '2026-W47' (or any day in it)."""
    return monday(parse_day(text, "--week"))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def start_of(day: date) -> datetime:
    """Midnight UTC at the start of `day`."""
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class Span:
    """[start, end) in whole days; `label` names it in tables (a date or an ISO week)."""

    label: str
    start: date
    end: date  # exclusive

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def spans(since: date, until: date, by: str) -> list[Span]:
    """Consecutive days or ISO weeks covering since..until (both inclusive)."""
    if by not in ("day", "week"):
        raise InputError(f"--by: use day or week, not {by!r}")
    if until < since:
        raise InputError(f"the period ends ({until}) before it starts ({since})")
    step = timedelta(days=1 if by == "day" else 7)
    day = since if by == "day" else monday(since)
    out: list[Span] = []
    while day <= until:
        label = day.isoformat() if by == "day" else week_label(day)
        out.append(Span(label, day, day + step))
        day += step
    return out
