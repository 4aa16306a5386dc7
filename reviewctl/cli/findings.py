"""Finding commands: list, show, set (and its verbs), log."""

from dataclasses import asdict
from typing import Annotated

import typer

from reviewctl.cli import app
from reviewctl.cli.common import console, echo, message, on_terminal, print_json, reader, store

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help="Why: kept in the finding's history.")]
IdsArg = Annotated[list[str], typer.Argument(help="Finding IDs (RC-XXXXX; the RC- prefix and case are optional).")]


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None, typer.Option("--status", "-s", help="Only these statuses (repeatable).")
    ] = None,
    priority: Annotated[list[str] | None, typer.Option("--priority", "-p", help="Only these priorities.")] = None,
    review: Annotated[str | None, typer.Option("--review", "-r", help="Only findings of this review id.")] = None,
    path: Annotated[
        str | None, typer.Option("--path", help="Only findings with a location matching this glob.")
    ] = None,
    phase: Annotated[int | None, typer.Option("--phase", help="Only this phase number.")] = None,
    sort: Annotated[str, typer.Option("--sort", help="priority, id, updated, effort, phase or review.")] = "priority",
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows (0: all).")] = 100,
    as_json: JsonOpt = False,
) -> None:
    """List findings, most urgent first.

    Examples:

      reviewctl list --status open --priority critical

      reviewctl list --path 'src/utils/*' --sort effort --json
    """
    from reviewctl.lifecycle import parse_status
    from reviewctl.reads import FindingFilter
    from reviewctl.vocab import Priority

    statuses = [parse_status(s).value for s in status or []]
    prios = [
        Priority(p.lower()).value if p.lower() in Priority.__members__ else _bad_priority(p) for p in priority or []
    ]
    flt = FindingFilter(statuses, prios, review, path, phase, sort, limit or None)
    rows, total = reader(ctx).list_rows(flt)
    if as_json:
        print_json(rows)
    elif on_terminal():
        from reviewctl.cli.render import findings_table

        console().print(findings_table(rows))
    else:
        from reviewctl.cli.render_plain import findings_lines

        echo(findings_lines(rows))
    if total > len(rows):
        message(f"{len(rows)} of {total} findings shown; --limit 0 shows all")


def _bad_priority(value: str) -> str:
    from reviewctl.errors import InputError

    raise InputError(f"unknown priority {value!r}; use critical, high, medium, low or unknown")


@app.command()
def show(
    ctx: typer.Context, finding: Annotated[str, typer.Argument(help="Finding ID.")], as_json: JsonOpt = False
) -> None:
    """Everything about one finding: fields, locations, history, commits, checks.

    Example: reviewctl show RC-3K9QZ
    """
    s = reader(ctx)
    detail = s.detail(s.resolve_id(finding))
    if as_json:
        from reviewctl.cli.render_plain import detail_data

        print_json(detail_data(detail))
    elif on_terminal():
        from reviewctl.cli.render import render_detail

        render_detail(console(), detail)
    else:
        from reviewctl.cli.render_plain import detail_text

        echo(detail_text(detail))


def _change(ctx: typer.Context, ids: list[str], to: str, note: str | None, as_json: bool = False) -> None:
    from reviewctl.lifecycle import change_status, parse_status

    changes = change_status(store(ctx, create=False), refs=ids, to=parse_status(to), note=note)
    if as_json:
        print_json([asdict(c) for c in changes])
        return
    for c in changes:
        if c.changed:
            echo(f"{c.finding_id}: {c.from_status} → {c.to_status}")
        else:
            message(f"{c.finding_id}: already {c.to_status}")


@app.command("set")
def set_(
    ctx: typer.Context,
    args: Annotated[list[str], typer.Argument(help="One or more finding IDs, then the new status.")],
    note: NoteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Set the status of findings: open, in_progress, fixed, verified, wontfix, dropped.

    Example: reviewctl set RC-3K9QZ RC-7M2PA wontfix --note "accepted risk"
    """
    if len(args) < 2:
        from reviewctl.errors import InputError

        raise InputError("give one or more finding IDs and then a status")
    _change(ctx, args[:-1], args[-1], note, as_json)


def _verb(name: str, to: str, summary: str) -> None:
    def command(ctx: typer.Context, ids: IdsArg, note: NoteOpt = None) -> None:
        _change(ctx, ids, to, note)

    command.__doc__ = f"{summary}\n\nExample: reviewctl {name} RC-3K9QZ --note '...'"
    app.command(name)(command)


_verb("start", "in_progress", "Mark findings as in progress.")
_verb("fix", "fixed", "Claim findings are fixed (awaiting verification).")
_verb("wontfix", "wontfix", "Close findings that will not be fixed.")
_verb("reopen", "open", "Reopen findings.")


@app.command()
def log(
    ctx: typer.Context,
    finding: Annotated[str | None, typer.Argument(help="Only this finding's history.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many events (0: all).")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """History of status changes and actions, newest first.

    Examples: reviewctl log        reviewctl log RC-3K9QZ --json
    """
    s = reader(ctx)
    fid = s.resolve_id(finding) if finding else None
    events = s.events(fid, limit or None)
    if as_json:
        print_json([{k: v for k, v in e._mapping.items() if k != "id"} for e in events])
    elif on_terminal():
        from reviewctl.cli.render import events_table

        console().print(events_table(events))
    else:
        from reviewctl.cli.render_plain import events_lines

        echo(events_lines(events))
