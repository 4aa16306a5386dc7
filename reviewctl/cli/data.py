"""Data in and out: import (review documents or a JSON export) and export."""

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli import app
from reviewctl.cli.common import message, print_json, scratch_or_store, store
from reviewctl.cli.safe import json_text, plain


@app.command()
def init(
    ctx: typer.Context,
    gitignore: Annotated[
        bool | None,
        typer.Option(
            "--gitignore/--no-gitignore",
            help="Add the database to the project's .gitignore (asked on a terminal when neither is given).",
        ),
    ] = None,
) -> None:
    """Create the findings store and say what to commit (import creates the store too).

    The database (.reviewctl/findings.db) is local by default: your statuses and history, not for
    git. Commit .reviewctl/config.yaml and .reviewctl/rules/ when you add them.

    Examples:

      reviewctl init --gitignore      # and keep the database out of git

      reviewctl --db postgresql://host/reviews init      # a store the team shares
    """
    import sys

    from reviewctl.location import project_root, store_url
    from reviewctl.project import init_project

    def ask() -> bool:  # only a person at a terminal is asked
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
        return interactive and typer.confirm("Keep the database out of git (add it to .gitignore)?", default=True)

    result = init_project(store_url((ctx.obj or {}).get("db")), root=project_root(), gitignore=gitignore, ask=ask)
    for line in init_text(result):
        message(line)


def init_text(r) -> list[str]:
    """What `init` did, and what belongs in git."""
    lines = [f"store ready: {r.url}"]
    shared = "commit .reviewctl/config.yaml and .reviewctl/rules/ when you add them"
    if r.database is None:
        return [*lines, f"The store is a database server: nothing of it goes into git; {shared}."]
    where = r.database.relative_to(r.root).as_posix() if r.inside else str(r.database)
    lines.append(f"The database {where} is local: your statuses and history, not for git; {shared}.")
    if r.added:
        lines.append(f"Added {r.added} to {r.root / '.gitignore'}.")
    elif r.ignored:
        lines.append("git already ignores it.")
    elif r.inside and r.in_git:
        lines.append("git does not ignore it yet: `reviewctl init --gitignore` adds it to .gitignore.")
    return lines


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Review documents, directories (.md, .markdown, .txt) or - for stdin; "
            "a reviewctl JSON export restores a backup."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change (with --json: each finding); write nothing.")
    ] = False,
    rev: Annotated[
        str | None, typer.Option("--rev", help="Git revision the review was written against (default: HEAD).")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Review key (default: the file name; stdin-<hash> for -).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show why each heading, item and row is or is not a finding; write nothing."),
    ] = False,
) -> None:
    """Import review documents into the store.

    Findings come with priority, effort, locations, phase and status.
    Re-importing an unchanged document changes nothing; an edited one updates, adds and drops
    findings without touching statuses people or commits set.

    Examples:

      reviewctl import docs/reviews/

      reviewctl import review.md --dry-run

      reviewctl import review.md --explain   # the outline, each candidate's verdict and reason

      reviewctl import backup.json        # restore an export into an empty store
    """
    if explain:
        return _explain(ctx, paths, name, as_json)
    if len(paths) == 1 and paths[0].endswith(".json") and _restore(ctx, Path(paths[0]), as_json):
        return
    from reviewctl.gitlog import checked, head_of
    from reviewctl.importer import import_paths

    _refuse_special(paths)
    rev = head_of() if rev is None else checked(rev)  # the revision the review was written against
    s = scratch_or_store(ctx) if dry_run else store(ctx)
    result = import_paths(s, paths=paths, dry_run=dry_run, revision=rev, name=name)
    if as_json:
        print_json(asdict(result))
    else:
        from reviewctl.cli.render_import import render_import

        render_import(result)
    if result.failed:
        raise typer.Exit(_exit_code([d.error for d in result.documents], s.url))


def _explain(ctx: typer.Context, paths: list[str], name: str | None, as_json: bool) -> None:
    from reviewctl.cli.render_explain import explained_json, render_explained
    from reviewctl.errors import NotFoundError
    from reviewctl.explain import explain_paths

    _refuse_special(paths)
    try:
        s = store(ctx, create=False)
    except NotFoundError:
        s = None  # nothing imported yet: no IDs to show
    docs = explain_paths(s, paths=paths, name=name)
    if as_json:
        print_json(explained_json(docs))
    else:
        render_explained(docs)


def _exit_code(errors: list[str | None], url: str) -> int:
    """2 when every document was wrong input; 1 when some imported, or the store refused (locked,
    read-only: store errors name the store's URL) — the README's rule for every command."""
    if any(e and url in e for e in errors) or not all(errors):
        return 1
    return 2


def _refuse_special(paths: list[str]) -> None:
    """A device, pipe or socket (`/dev/urandom`) is no review and may never end: say so before reading."""
    from reviewctl.errors import InputError

    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.exists() and not (p.is_file() or p.is_dir()):
            raise InputError(f"{raw}: not a regular file (a device, pipe or socket)")


def _restore(ctx: typer.Context, path: Path, as_json: bool) -> bool:
    import json

    from reviewctl.transfer import is_export, restore

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if not is_export(text):
        return False
    counts = restore(store(ctx), json.loads(text))
    if as_json:
        print_json(counts)
    else:
        message("restored " + ", ".join(f"{n} {table}" for table, n in counts.items()))
    return True


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json (lossless, restorable), csv, sarif or md.")] = "json",
    status: Annotated[
        str, typer.Option("--status", help="sarif, md: findings with these statuses (comma-separated).")
    ] = "open,in_progress",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Export the store: JSON (restorable), CSV, SARIF 2.1.0 or Markdown.

    JSON follows schema reviewctl/2 and restores with import (reviewctl/1 exports still restore);
    SARIF holds the open findings with a location, for code scanning.

    Examples:

      reviewctl export > backup.json

      reviewctl export --format csv -o findings.csv

      reviewctl export --format sarif -o reviewctl.sarif

      reviewctl export --format md --status open,in_progress,fixed   # a table for a pull request
    """
    from reviewctl.errors import InputError
    from reviewctl.transfer import export_csv, export_json

    writers = {
        "json": export_json,
        "csv": export_csv,
        "sarif": lambda s: _sarif(s, status),
        "md": lambda s: _md(s, status),
    }
    if fmt not in writers:
        raise InputError(f"unknown format {fmt!r}; use json, csv, sarif or md")
    text = writers[fmt](store(ctx, create=False))
    if output is None:  # JSON with C1 characters escaped (the same data); CSV exact; Markdown made inert
        shown = {"csv": text, "md": plain(text, multiline=True)}.get(fmt) or json_text(text)
        typer.echo(shown, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        message(f"wrote {output}")


def _statuses(status: str) -> list[str]:
    from reviewctl.errors import InputError
    from reviewctl.vocab import Status

    statuses = [v.strip() for v in status.split(",") if v.strip()]
    if unknown := set(statuses) - set(Status):
        raise InputError(f"--status: unknown {', '.join(sorted(unknown))}; use {', '.join(Status)}")
    return statuses


def _sarif(s, status: str) -> str:
    import json

    from reviewctl.location import project_root
    from reviewctl.rules import load_catalog
    from reviewctl.sarif import to_sarif

    log = to_sarif(s, load_catalog(project_root()), statuses=_statuses(status))
    return json.dumps(log, indent=2, ensure_ascii=False)


def _md(s, status: str) -> str:
    from reviewctl.findings_md import findings_markdown

    return findings_markdown(s, statuses=_statuses(status))
