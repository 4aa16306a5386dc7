"""Roadmap and burn-down on the terminal: rich tables and a bar chart; no queries, no decisions."""

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reviewctl.cli.render import PRIORITY_STYLE, STATUS_STYLE
from reviewctl.cli.safe import text
from reviewctl.report.render import hours

BAR_WIDTH = 40
DONE = ("fixed", "verified", "wontfix")  # shown dimmed


def roadmap(console: Console, plan: Any) -> None:
    estimated = f", {plan.estimated} estimated by priority" if plan.estimated else ""
    console.print(
        f"[bold]Roadmap[/] as of {plan.as_of}: [bold]{plan.open} open[/] "
        f"({hours(plan.open_minutes)}{estimated}), {plan.done} done"
    )
    for item in plan.attention:
        console.print(text(f"  ! {item.id} {item.title} — {item.attention}: {item.evidence}", "bold red"))
    for phase in plan.phases:
        table = Table(title=text(f"{phase.label} — {phase.open} open, {phase.done} done"), title_justify="left")
        for name, justify in (("ID", "left"), ("PRIORITY", "left"), ("FINDING", "left"), ("EFFORT", "right")):
            table.add_column(name, justify=justify, no_wrap=name != "FINDING")
        table.add_column("STATUS")
        for i in phase.items:
            style = "dim" if i.status in DONE else ""
            table.add_row(
                Text(i.id, style=style),
                Text(i.priority, style=PRIORITY_STYLE.get(i.priority, "")),
                text(i.title + (f"  ({i.attention})" if i.attention else ""), "red" if i.attention else style),
                hours(i.minutes) + (" est." if i.estimated else ""),
                Text(i.status, style=STATUS_STYLE.get(i.status, "")),
            )
        if phase.more:
            table.add_row("", "", Text(f"… and {phase.more} more in this phase", style="dim"), "", "")
        console.print(table)
    if plan.weeks:
        _weeks(console, plan)


def _weeks(console: Console, plan: Any) -> None:
    until = f" to {plan.deadline}" if plan.deadline else ""
    table = Table(title=f"Plan: {hours(plan.capacity_minutes)} a week from {plan.start}{until}", title_justify="left")
    for name in ("WEEK", "DATES", "PLANNED", "FINDINGS"):
        table.add_column(name, no_wrap=name != "FINDINGS")
    for w in plan.weeks:
        names = ", ".join(i.id + (f" ({i.part})" if i.part else "") for i in w.items)
        names += f" … and {w.more} more" if w.more else ""
        load = f"{hours(w.planned_minutes)} / {hours(w.capacity_minutes)}"
        table.add_row(str(w.number), f"{w.start} – {w.end}", load, names)
    console.print(table)
    if plan.overflow:
        names = ", ".join(i.id for i in plan.overflow)
        names += f" … and {plan.overflow_more} more" if plan.overflow_more else ""
        count = len(plan.overflow) + plan.overflow_more
        text = f"Overflow after {plan.deadline}: {count} ({hours(plan.overflow_minutes)}): {names}"
        console.print(Text(text, "bold red"))


def burndown(console: Console, burn: Any) -> None:
    console.print(
        f"[bold]Burn-down[/] {burn.since} – {burn.until}, as of {burn.as_of}: [bold]{burn.open_now} open[/] "
        f"({hours(burn.open_minutes_now)}), {burn.closed_now} closed, {burn.wontfix_now} won't fix"
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    by = "WEEK" if burn.by == "week" else "DAY"
    heads = [by, "SCOPE", "OPEN", "CLOSED", "WONTFIX", "EFFORT", "ADDED", "DONE", "SET WONTFIX", "REOPEN", "DROP"]
    for name in heads + (["IDEAL"] if burn.target else []):
        table.add_column(name, justify="left" if name == heads[0] else "right", no_wrap=True)
    for r in burn.rows:
        cells = [r.label, r.scope, r.open, r.closed, r.wontfix, hours(r.open_minutes), r.added, r.done, r.declined]
        cells += [r.reopened, r.removed]
        table.add_row(*(str(c) for c in cells + ([_dash(r.ideal)] if burn.target else [])))
    console.print(table)
    _bars(console, burn)
    console.print(burn_forecast(burn))


def _bars(console: Console, burn: Any) -> None:
    """One bar per bucket: open findings (█) within the scope (░); | marks the ideal line; a legend under it."""
    top = max([r.scope for r in burn.rows] + [1])
    for r in burn.rows:
        open_w, scope_w = round(r.open * BAR_WIDTH / top), round(r.scope * BAR_WIDTH / top)
        bar = Text("█" * open_w, style="red") + Text("░" * (scope_w - open_w), style="dim")
        bar.pad_right(BAR_WIDTH - scope_w)
        if r.ideal is not None:
            at = min(BAR_WIDTH - 1, round(r.ideal * BAR_WIDTH / top))
            bar = bar[:at] + Text("|", style="bold blue") + bar[at + 1 :]
        console.print(Text(f"{r.label:>10} ") + bar + Text(f" {r.open}"))
    legend = Text(" " * 11) + Text("█", style="red") + Text(" open   ") + Text("░", style="dim")
    legend += Text(" rest of the scope (closed, won't fix)")
    console.print(legend)
    if burn.target:
        console.print(Text(" " * 11) + Text("|", style="bold blue") + Text(f" ideal (zero open by {burn.target})"))


def _dash(value: Any) -> Any:
    return "-" if value is None else value


def burn_forecast(burn: Any) -> str:
    if not burn.forecast:
        return burn.forecast_note[:1].upper() + burn.forecast_note[1:] + "."
    track = ""
    if burn.on_track is not None:
        track = f"; {'on track for' if burn.on_track else 'behind'} the target {burn.target}"
    return f"Forecast: no open work left by {burn.forecast} ({burn.forecast_note}){track}."
