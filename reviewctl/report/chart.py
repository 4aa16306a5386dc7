"""Geometry of the burn-down chart, computed here so the SVG template only draws it.

Coordinates are rounded to one decimal and formatted the same way every time, so the same
burn-down always gives byte-identical SVG (golden tests depend on it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reviewctl.report.burndown import Burndown

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 16, 40
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int  # x of the plot's right edge
    bottom: int  # y of the plot's base line
    y_ticks: list[tuple[str, str]]  # (y, label)
    x_labels: list[tuple[str, str]]  # (x, label)
    scope: str  # SVG polyline points
    open: str
    ideal: str | None
    dots: list[tuple[str, str, int]]  # (x, y, open) for each bucket


def _nice_max(value: float) -> int:
    """The smallest 1, 2 or 5 × 10^k at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    base = 10 ** math.floor(math.log10(value))
    return next(int(m * base) for m in (1, 2, 5, 10) if m * base >= value)


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def burndown_chart(burn: Burndown) -> Chart:
    rows = burn.rows
    top_value = _nice_max(max([r.scope for r in rows] + [r.ideal or 0 for r in rows] + [1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(rows) - 1) if len(rows) > 1 else 0.0

    def x(i: int) -> float:
        return LEFT + (i * step if len(rows) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - v * plot_h / top_value

    def line(values: list[float | None]) -> str:
        return " ".join(f"{_fmt(x(i))},{_fmt(y(v))}" for i, v in enumerate(values) if v is not None)

    every = max(1, math.ceil(len(rows) / MAX_X_LABELS))
    tick_step = max(1, top_value // 5)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=WIDTH - RIGHT,
        bottom=TOP + plot_h,
        y_ticks=[(_fmt(y(v)), str(v)) for v in range(0, top_value + 1, tick_step)],
        x_labels=[(_fmt(x(i)), r.label) for i, r in enumerate(rows) if i % every == 0],
        scope=line([r.scope for r in rows]),
        open=line([r.open for r in rows]),
        ideal=line([r.ideal for r in rows]) if burn.target else None,
        dots=[(_fmt(x(i)), _fmt(y(r.open)), r.open) for i, r in enumerate(rows)],
    )
