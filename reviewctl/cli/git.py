"""Git commands: link commits to findings, suggest candidate fixes, confirm a claim."""

from dataclasses import asdict
from typing import Annotated

import typer

from reviewctl.cli import app
from reviewctl.cli.common import echo_rows, message, print_json, store
from reviewctl.cli.safe import plain


@app.command()
def link(
    ctx: typer.Context,
    rev_range: Annotated[str | None, typer.Argument(help="Scan only this range (e.g. main..feature).")] = None,
    repo: Annotated[
        str, typer.Option("--repo", help="The repository (default: the one enclosing the current directory).")
    ] = ".",
    since: Annotated[str | None, typer.Option("--since", help="Scan SINCE..HEAD instead of what is new.")] = None,
    suggest: Annotated[
        bool, typer.Option("--suggest", help="List commits that touched open findings' files without naming them.")
    ] = False,
    claim: Annotated[
        tuple[str, str] | None,
        typer.Option("--claim", metavar="ID SHA", help="Record that commit SHA fixes finding ID."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Link commits to findings by the IDs their messages name.

    `fix RC-3K9QZ`, `Closes: RC-3K9QZ`, `Finding: RC-…` claim a fix;
    `Refs: RC-…` or a plain mention is a reference; a revert withdraws the claim.

    Examples:

      reviewctl link                       # scan commits new since the last scan

      reviewctl link --since v1.2          # rescan a stretch of history

      reviewctl link --suggest             # candidate fixes to confirm

      reviewctl link --claim RC-3K9QZ 4f2a9c1
    """
    from reviewctl import linker
    from reviewctl.gitlog import open_repo

    if not suggest:  # suggestions only read; a link writes: not a repository is said before a store is made
        open_repo(repo)
    s = store(ctx, create=not suggest)
    if suggest:
        found = linker.suggest(s, repo_path=repo)
        if as_json:
            print_json([asdict(x) for x in found])
        else:
            echo_rows([(x.finding, x.sha[:10], ", ".join(x.files), x.subject) for x in found], (9, 10))
            message(f"{len(found)} candidate fixes; confirm one with: reviewctl link --claim ID SHA")
        return
    if claim:
        result = linker.claim(s, repo_path=repo, finding=claim[0], rev=claim[1])
    else:
        result = linker.link(s, repo_path=repo, since=since, rev_range=rev_range)
    if as_json:
        print_json(asdict(result))
        return
    _render(result)


def _render(result) -> None:
    rows = [("claim", c["finding"], c["sha"][:10], c["subject"]) for c in result.claims]
    rows += [("reference", r["finding"], r["sha"][:10], r["subject"]) for r in result.references]
    rows += [
        ("withdrawn", w["finding"], w["sha"][:10], f"(reverted by {w['reverted_by'][:10]})") for w in result.withdrawn
    ]
    echo_rows(rows, (9, 9, 10))
    message(
        f"scanned {result.scanned} commits in {result.repo}: {len(result.claims)} claims, "
        f"{len(result.references)} references, {len(result.withdrawn)} withdrawn"
    )
    for fid, shas in sorted(result.unknown.items()):
        message(f"  unknown ID {plain(fid)} in {', '.join(s[:10] for s in shas)}")
    if result.unreachable:
        message(f"  {len(result.unreachable)} linked commits are no longer reachable from HEAD; links kept")
    for w in result.warnings:
        message(f"  warning: {plain(w)}")
