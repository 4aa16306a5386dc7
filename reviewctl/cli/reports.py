"""Report commands: roadmap, burndown, report weekly."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from reviewctl.cli import app
from reviewctl.cli.common import console, echo, message, reader
from reviewctl.cli.safe import json_text

report_app = typer.Typer(help="Reports to send: the weekly report.", no_args_is_help=True)
app.add_typer(report_app, name="report")

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="terminal, md, html or json.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (format from its suffix unless --format).")
]
TemplatesOpt = Annotated[
    Path | None, typer.Option("--templates", help="A folder of templates that override the built-in ones by name.")
]
CapacityOpt = Annotated[
    str | None, typer.Option("--capacity", help="Hours of work a week, e.g. 12h/week [default: from config].")
]
SUFFIX_FORMAT = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


def _day(value: str | None, what: str) -> date | None:
    from reviewctl.report.periods import parse_day

    return parse_day(value, what) if value else None


def _config() -> Any:
    from reviewctl.config import load_config
    from reviewctl.location import project_root

    return load_config(project_root())


def _emit(kind: str, data: Any, fmt: str | None, output: Path | None, templates: Path | None) -> None:
    """Print or write report data in the chosen format; the terminal gets rich tables."""
    from reviewctl.errors import InputError
    from reviewctl.report.render import to_text, write

    fmt = fmt or (SUFFIX_FORMAT.get(output.suffix.lower(), "md") if output else "terminal")
    if fmt not in ("terminal", "md", "html", "json"):
        raise InputError(f"--format: use terminal, md, html or json, not {fmt!r}")
    if fmt == "terminal":
        if output:
            raise InputError("--format terminal prints to the screen; use md, html or json with --output")
        from reviewctl.cli import render_reports

        getattr(render_reports, kind)(console(), data)
        return
    if output:
        message(f"wrote {write(kind, fmt, data, output, templates=templates)}")
    else:
        out = to_text(kind, fmt, data, templates=templates).removesuffix("\n")
        typer.echo(json_text(out)) if fmt == "json" else echo(out)


@app.command()
def roadmap(
    ctx: typer.Context,
    capacity: CapacityOpt = None,
    start: Annotated[str | None, typer.Option("--start", help="First day of the plan [default: today].")] = None,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="Work that does not fit by this day is listed as overflow.")
    ] = None,
    fmt: FormatOpt = None,  # type: ignore[assignment]
    output: OutputOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """The phased roadmap; with a capacity, the open work planned week by week.

    Phases come from the review documents, else from priority (critical → 1 … low → 4).
    Unknown efforts take the per-priority default from [tool.reviewctl] in pyproject.toml
    or .reviewctl/config.yaml, shown as estimates.

    Examples:

      reviewctl roadmap

      reviewctl roadmap --capacity 12h/week --start 2026-12-07 --deadline 2027-01-29

      reviewctl roadmap --format html -o roadmap.html
    """
    from reviewctl.config import capacity_minutes
    from reviewctl.report.roadmap import build_roadmap

    plan = build_roadmap(
        reader(ctx),
        _config(),
        capacity_minutes=capacity_minutes(capacity) if capacity else None,
        start=_day(start, "--start"),
        deadline=_day(deadline, "--deadline"),
    )
    _emit("roadmap", plan, fmt, output, templates)


@app.command()
def burndown(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", help="Bucket size: day or week.")] = "week",
    since: Annotated[str | None, typer.Option("--since", help="First day or ISO week [default: first import].")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day or ISO week [default: --as-of].")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="History as it stood at the end of this day [default: today].")
    ] = None,
    target: Annotated[str | None, typer.Option("--target", help="Ideal line to zero open by this day.")] = None,
    fmt: FormatOpt = None,  # type: ignore[assignment]
    output: OutputOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Scope, open, closed and open effort per day or week, computed from the event history.

    Examples:

      reviewctl burndown

      reviewctl burndown --by day --since 2026-11-01 --target 2026-12-31

      reviewctl burndown --as-of 2026-11-22 --format md -o burndown.md
    """
    from reviewctl.report.burndown import build_burndown
    from reviewctl.report.periods import parse_last_day

    burn = build_burndown(
        reader(ctx),
        _config(),
        by=by,
        since=_day(since, "--since"),
        until=parse_last_day(until, "--until") if until else None,
        as_of=_day(as_of, "--as-of"),
        target=_day(target, "--target"),
    )
    _emit("burndown", burn, fmt, output, templates)


@report_app.command("weekly")
def weekly(
    ctx: typer.Context,
    week: Annotated[str | None, typer.Option("--week", help="ISO week, e.g. 2026-W47 [default: this week].")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or html.")] = "md",
    out_dir: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder to write into [default: reports/ at the repo root].")
    ] = None,
    templates: TemplatesOpt = None,
    capacity: CapacityOpt = None,
) -> None:
    """Write the weekly report: headline figures, burn-down, done (with commits), next,
    stale criticals and document warnings, to reports/<ISO week>.<format>.

    Examples:

      reviewctl report weekly

      reviewctl report weekly --week 2026-W47 --format html -o site/reports
    """
    from reviewctl.config import capacity_minutes
    from reviewctl.errors import InputError
    from reviewctl.location import project_root
    from reviewctl.report.periods import parse_week
    from reviewctl.report.render import write
    from reviewctl.report.weekly import build_weekly

    if fmt not in ("md", "html"):
        raise InputError(f"--format: use md or html, not {fmt!r}")
    report = build_weekly(
        reader(ctx),
        _config(),
        week=parse_week(week) if week else None,
        capacity_minutes=capacity_minutes(capacity) if capacity else None,
        root=project_root(),
    )
    folder = out_dir or project_root() / "reports"
    path = write("weekly", fmt, report, folder / f"{report.week}.{fmt}", templates=templates)
    h = report.headline
    message(
        f"{report.week}: {h['open']} open, {h['closed']} closed, {h['verified']} verified, "
        f"{h['wontfix']} won't fix, {h['rejected']} claims rejected, {h['regressions']} regressions"
    )
    echo(str(path))
