"""Geometry of the report charts, computed here so the SVG templates only draw them.

A chart is a row of slots (weeks or days): bars for what was observed or planned in each slot,
and lines through slot positions — scope, the ideal pace to a target and the forecast at the
observed rate. The x axis runs on past the last slot to where the ideal and forecast lines reach
zero (at most FUTURE_SLOTS further), so a single week still draws a bar and two slanted lines
rather than a lone dot. The SVG has a viewBox and is drawn at the page's full width.

Coordinates are rounded to one decimal and formatted the same way every time, so the same
report always gives byte-identical SVG (golden tests depend on it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from reviewctl.report.burndown import Burndown
from reviewctl.report.periods import monday, week_label
from reviewctl.report.roadmap import Roadmap

WIDTH, HEIGHT = 960, 320
LEFT, RIGHT, TOP, BOTTOM = 52, 24, 28, 44
MAX_X_LABELS = 12
FUTURE_SLOTS = 12
"""How far past the last observed slot the axis may run to show where ideal and forecast reach zero."""


@dataclass(frozen=True)
class Line:
    name: str  # scope | ideal | forecast | plan — the template styles by it
    label: str  # legend text
    points: str  # SVG polyline points


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    value: str  # printed above the bar, at (label_x, label_y)
    label_x: str
    label_y: str
    title: str  # tooltip


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int  # x of the plot's right edge
    bottom: int  # y of the plot's base line
    y_title: str
    y_ticks: list[tuple[str, str]]  # (y, label)
    x_labels: list[tuple[str, str]]  # (x, label)
    bars: list[Bar]
    bar_label: str  # legend text of the bars
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what is not drawn, and why


@dataclass
class _Spec:
    """What to draw, in slot units: slot i is centred at position i; lines are (position, value)."""

    labels: list[str]
    bars: list[float]
    bar_label: str
    bar_titles: list[str]
    y_title: str
    lines: list[tuple[str, str, list[tuple[float, float]]]]
    notes: list[str]


def _nice_max(value: float) -> int:
    """The smallest 1, 2 or 5 × 10^k at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    base = 10 ** math.floor(math.log10(value))
    return next(int(m * base) for m in (1, 2, 5, 10) if m * base >= value)


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def _num(v: float) -> str:
    return f"{round(v, 1):g}"


def _clip(points: list[tuple[float, float]], last: float) -> list[tuple[float, float]]:
    """A line cut at position `last` (the right edge), interpolating the value there."""
    out: list[tuple[float, float]] = []
    for p in points:
        if p[0] <= last:
            out.append(p)
            continue
        if out and out[-1][0] < last:
            (x0, y0), (x1, y1) = out[-1], p
            out.append((last, y0 + (y1 - y0) * (last - x0) / (x1 - x0)))
        break
    return out


def _draw(spec: _Spec) -> Chart:
    n = len(spec.labels)
    reach = max([n - 1.0] + [x for _, _, pts in spec.lines for x, _ in pts])
    slots = max(n, min(n + FUTURE_SLOTS, math.ceil(reach - 1e-9) + 1))
    last = slots - 0.5
    lines = [(name, label, _clip(pts, last)) for name, label, pts in spec.lines]
    values = spec.bars + [v for _, _, pts in lines for _, v in pts]
    top_value = _nice_max(max([*values, 1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot_w = plot_w / slots

    def x(pos: float) -> float:
        return LEFT + (pos + 0.5) * slot_w

    def y(v: float) -> float:
        return TOP + plot_h - v * plot_h / top_value

    bar_w = min(slot_w * 0.6, 80)
    bars = [
        Bar(
            _fmt(x(i) - bar_w / 2),
            _fmt(y(v)),
            _fmt(bar_w),
            _fmt(y(0) - y(v)),
            _num(v),
            _fmt(x(i)),
            _fmt(y(v) - 5),
            spec.bar_titles[i],
        )
        for i, v in enumerate(spec.bars)
    ]
    labels = spec.labels + _future_labels(spec.labels, slots - n)
    every = max(1, math.ceil(slots / MAX_X_LABELS))
    tick_step = _nice_max(top_value / 5)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=WIDTH - RIGHT,
        bottom=TOP + plot_h,
        y_title=spec.y_title,
        y_ticks=[(_fmt(y(v)), str(v)) for v in range(0, top_value + 1, tick_step)],
        x_labels=[(_fmt(x(i)), label) for i, label in enumerate(labels) if i % every == 0],
        bars=bars,
        bar_label=spec.bar_label,
        lines=[
            Line(name, label, " ".join(f"{_fmt(x(p))},{_fmt(y(v))}" for p, v in pts))
            for name, label, pts in lines
            if len(pts) > 1
        ],
        notes=spec.notes,
    )


def _future_labels(labels: list[str], count: int) -> list[str]:
    """Labels of the slots after the last one: the next ISO weeks, or the next days."""
    if not labels or not count:
        return []
    last = labels[-1]
    if "-W" in last:
        day = date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
        return [week_label(day + timedelta(weeks=k)) for k in range(1, count + 1)]
    day = date.fromisoformat(last)
    return [(day + timedelta(days=k)).isoformat() for k in range(1, count + 1)]


def burndown_chart(burn: Burndown) -> Chart:
    """Open findings per bucket as bars, the scope as a line, the ideal line to --target and the forecast."""
    rows = burn.rows
    days = 7 if burn.by == "week" else 1
    first_end = date.fromisoformat(rows[0].end) + timedelta(days=1)

    def pos(day: date) -> float:
        return (day - first_end).days / days

    lines: list[tuple[str, str, list[tuple[float, float]]]] = []
    if len(rows) > 1:
        lines.append(("scope", "scope (open + closed + won't fix)", [(i, r.scope) for i, r in enumerate(rows)]))
    else:
        lines.append(("scope", "scope (open + closed + won't fix)", [(-0.4, rows[0].scope), (0.4, rows[0].scope)]))
    notes = []
    start = next((i for i, r in enumerate(rows) if r.scope), None)
    if burn.target and start is not None and rows[start].ideal is not None:
        end = pos(date.fromisoformat(burn.target) + timedelta(days=1))
        ideal = [(float(start), float(rows[start].ideal))] + ([(end, 0.0)] if end > start else [])
        lines.append(("ideal", f"ideal: zero open by {burn.target}", ideal))
    else:
        notes.append("no ideal line: give a target (--target, or a weekly capacity for the weekly report)")
    if burn.forecast:
        end = pos(date.fromisoformat(burn.forecast))
        rate = f"{round(burn.rate_per_week, 2):g}"
        label = f"forecast: {rate} a week (the last 28 days' rate), zero by {burn.forecast}"
        lines.append(("forecast", label, [(len(rows) - 1.0, float(burn.open_now)), (end, 0.0)]))
    else:
        notes.append(f"no forecast line: {burn.forecast_note}")
    titles = [f"{r.label}: {r.open} open of {r.scope}" for r in rows]
    spec = _Spec([r.label for r in rows], [r.open for r in rows], "open findings", titles, "findings", lines, notes)
    return _draw(spec)


def roadmap_chart(plan: Roadmap) -> Chart | None:
    """Planned hours per week as bars; the open hours left after each week as planned (the ideal
    line) and as forecast at the observed rate. None without a plan by week."""
    weeks, hours_per_week = plan.weeks, plan.hours_per_week
    if not weeks:
        return None
    total = plan.open_minutes / 60
    left, plan_line = total, [(-0.5, total)]
    for i, w in enumerate(weeks):
        left -= w.planned_minutes / 60
        plan_line.append((i + 0.5, max(0.0, left)))
    lines = [("ideal", "ideal: open hours left as planned by capacity", plan_line)]
    notes = []
    if hours_per_week > 0 and total > 0:
        rate = f"{round(hours_per_week, 1):g}"
        label = f"forecast: {rate} h a week (the last 28 days' rate)"
        lines.append(("forecast", label, [(-0.5, total), (-0.5 + total / hours_per_week, 0.0)]))
    else:
        notes.append("no forecast line: open work did not fall in the last 28 days")
    labels = [week_label(monday(date.fromisoformat(w.start))) for w in weeks]
    titles = [f"week {w.number}: {_num(w.planned_minutes / 60)} h planned" for w in weeks]
    bars = [w.planned_minutes / 60 for w in weeks]
    return _draw(_Spec(labels, bars, "hours planned", titles, "hours", lines, notes))
