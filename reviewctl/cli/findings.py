"""Finding commands: list, show, set (and its verbs), log."""

import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

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
    owner: Annotated[
        str | None, typer.Option("--owner", "-o", help="Only findings this person owns (-: nobody owns).")
    ] = None,
    label: Annotated[
        list[str] | None, typer.Option("--label", "-l", help="Only findings with this label (repeatable: all of them).")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Every status, closed and dropped too (default: open work).")
    ] = False,
    sort: Annotated[str, typer.Option("--sort", help="priority, id, updated, effort, phase or review.")] = "priority",
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows (0: all).")] = 100,
    as_json: JsonOpt = False,
) -> None:
    """List open work (open, in_progress, fixed awaiting verification), most urgent first;
    --all lists every finding, --status exactly the statuses named.

    Examples:

      reviewctl list --status open --priority critical

      reviewctl list --owner 'Ann <ann@example.com>' --label security

      reviewctl list --all --path 'src/utils/*' --sort effort --json
    """
    from reviewctl.lifecycle import OPEN_WORK, parse_status
    from reviewctl.reads import FindingFilter
    from reviewctl.team import parse_label, parse_person
    from reviewctl.vocab import Priority

    statuses = [parse_status(s).value for s in status or []] or ([] if all_ else [s.value for s in OPEN_WORK])
    prios = [
        Priority(p.lower()).value if p.lower() in Priority.__members__ else _bad_priority(p) for p in priority or []
    ]
    who = None if owner is None else parse_person(owner) or ""
    labels = [parse_label(name) for name in label or []]
    flt = FindingFilter(statuses, prios, review, path, phase, sort, limit or None, who, labels)
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
    """Everything about one finding: fields, owner, labels, due, locations, notes, history, commits, checks.

    Example: reviewctl show RC-3K9QZ
    """
    from reviewctl.team import finding_detail

    detail = finding_detail(reader(ctx), finding)
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
    _report(
        changes,
        as_json,
        lambda c: f"{c.finding_id}: {c.from_status} → {c.to_status}",
        lambda c: f"{c.finding_id}: already {c.to_status}",
    )


def _report(changes: list, as_json: bool, done: Callable[[Any], str], same: Callable[[Any], str]) -> None:
    """Each change as JSON, or a line on stdout (`done`); unchanged findings as a note on stderr (`same`)."""
    if as_json:
        print_json([asdict(c) for c in changes])
        return
    for c in changes:
        if c.changed:
            echo(done(c))
        else:
            message(same(c))


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
    _change(ctx, *_split(args, "a status"), note, as_json)


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


# -- team: owner, labels, due date, notes -------------------------------------------------
def _team_changes(changes: list, as_json: bool, noun: str) -> None:
    """Print what changed (`ID: owner - → ann`); unchanged findings as a note on stderr."""
    _report(
        changes,
        as_json,
        lambda c: f"{c.finding_id}: {noun} {_team_value(c.before)} → {_team_value(c.after)}",
        lambda c: f"{c.finding_id}: {noun} already {_team_value(c.after)}",
    )


def _team_value(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "-"
    return "-" if value is None else str(value)


def _split(args: list[str], what: str) -> tuple[list[str], str]:
    if len(args) < 2:
        from reviewctl.errors import InputError

        raise InputError(f"give one or more finding IDs and then {what}")
    return args[:-1], args[-1]


@app.command()
def assign(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(metavar="ID... PERSON", help="One or more finding IDs, then the person (- for nobody)."),
    ],
    nobody: Annotated[bool, typer.Option("--none", help="Unassign: the arguments are all finding IDs.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Make a person own findings, or nobody (- or --none); kept in each finding's history.

    Examples:

      reviewctl assign RC-3K9QZ RC-7M2PA 'Ann <ann@example.com>'

      reviewctl assign RC-3K9QZ -
    """
    from reviewctl.team import NOBODY, assign, parse_person

    ids, person = (args, NOBODY) if nobody else _split(args, "a person (- for nobody)")
    owner = parse_person(person)
    changes = assign(store(ctx, create=False), refs=ids, owner=owner)
    _team_changes(changes, as_json, "owner")


@app.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
def label(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(metavar="ID... ±LABEL...", help="Finding IDs and label changes: +LABEL adds, -LABEL removes."),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Add (+LABEL) and remove (-LABEL) labels of findings; list --label filters by them.

    Labels are lower case: letters, digits and . _ : / - (at most 64 characters).

    Example: reviewctl label RC-3K9QZ RC-7M2PA +security -later
    """
    from reviewctl.errors import InputError
    from reviewctl.team import parse_label_changes, relabel

    if args == ["-h"]:  # -h is not an option here, or `-high` would be read as it: -LABEL removes a label
        typer.echo(ctx.get_help())
        raise typer.Exit
    ids = [a for a in args if a[:1] not in ("+", "-")]
    if not ids:
        raise InputError("give one or more finding IDs and then +LABEL or -LABEL")
    add, remove = parse_label_changes([a for a in args if a[:1] in ("+", "-")])
    changes = relabel(store(ctx, create=False), refs=ids, add=add, remove=remove)
    _team_changes(changes, as_json, "labels")


@app.command()
def due(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="ID... WEEK|DATE",
            help="One or more finding IDs, then an ISO week (2026-W51), a date or - to clear.",
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Set when findings are due: an ISO week (2026-W51) or a date (2026-12-24); - clears it.

    Examples:

      reviewctl due RC-3K9QZ RC-7M2PA 2026-W51

      reviewctl due RC-3K9QZ -
    """
    from reviewctl.team import parse_due, set_due

    ids, when = _split(args, "a week (2026-W51), a date (2026-12-24) or -")
    changes = set_due(store(ctx, create=False), refs=ids, due=parse_due(when))
    _team_changes(changes, as_json, "due")


@app.command()
def note(
    ctx: typer.Context,
    finding: Annotated[str, typer.Argument(help="Finding ID.")],
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="The note (at most 10,000 characters; - reads it from stdin).")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Add a free-text note to a finding's history (shown by show and log).

    Examples:

      reviewctl note RC-3K9QZ "blocked on the auth refactor"

      git log -1 --format=%B | reviewctl note RC-3K9QZ -
    """
    from reviewctl.team import add_note, check_note

    body = check_note(sys.stdin.read() if text == "-" else text)
    change = add_note(store(ctx, create=False), ref=finding, text=body)
    if as_json:
        print_json(asdict(change))
    else:
        message(f"{change.finding_id}: note added")
