"""Detector commands: verify claims, detect instances, map findings to rules, inspect the catalog."""

from dataclasses import asdict
from typing import Annotated

import typer

from reviewctl.cli import app
from reviewctl.cli.common import echo, echo_rows, message, print_json, scratch_or_store, store
from reviewctl.cli.safe import plain

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
VERDICTS = ("verified", "changed", "rejected", "regressed", "still_open", "not_seen", "unverifiable")


@app.command()
def verify(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None, typer.Argument(help="Findings to verify (default: those with a rule, and claimed ones).")
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option("--rev", help="Check the code at this revision (default: the claiming commit, else HEAD)."),
    ] = None,
    repo: Annotated[str, typer.Option("--repo", help="The repository (default: the current one).")] = ".",
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on", help="Exit 1 if any verdict is one of these (comma-separated), e.g. rejected,regressed."
        ),
    ] = "",
    as_json: JsonOpt = False,
) -> None:
    """Judge fix claims by the code, and record each verdict with its evidence.

    Each finding is judged by its rule (seen at the review's baseline, gone now → verified) or by the
    code the review quoted (gone → changed, for a person to confirm); the verdict is one of
    verified, changed, rejected (claimed but still there → open), regressed (verified, back →
    open), still_open, not_seen, unverifiable. Rejected and regressed hold until fixed or claimed
    anew, so --fail-on gives the same answer on every run.

    Examples:

      reviewctl verify

      reviewctl verify RC-3K9QZ --rev HEAD

      reviewctl verify --fail-on rejected,regressed      # in CI
    """
    from reviewctl.errors import InputError
    from reviewctl.verifier import verify as run

    wanted = {v.strip() for v in fail_on.split(",") if v.strip()}
    if wanted - set(VERDICTS):
        raise InputError(f"--fail-on takes {', '.join(VERDICTS)}")
    result = run(store(ctx, create=False), repo_path=repo, rev=rev, refs=tuple(ids or ()))
    if as_json:
        print_json([asdict(v) for v in result.verdicts])
    else:
        for v in result.verdicts:
            echo_rows([(v.verdict, v.finding, v.rule or "-", v.reason)], (12, 9, 22))
            if v.verdict == "changed" and v.evidence:  # the diff excerpt a person confirms from, in the reason column
                echo_rows((("", "", "", line) for line in v.evidence[0]["snippet"].splitlines()), (11,))
        message(", ".join(f"{result.count(k)} {k}" for k in VERDICTS if result.count(k)) or "nothing to verify")
    if any(result.count(k) for k in wanted):
        raise typer.Exit(1)


@app.command()
def detect(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A directory or file (default: the current directory).")] = ".",
    rule: Annotated[str | None, typer.Option("--rule", help="Only this rule.")] = None,
    rev: Annotated[
        str | None, typer.Option("--rev", help="Scan this revision of the repository instead of the working tree.")
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="Leave out paths matching this glob (a path, a name or a folder); repeatable."),
    ] = None,
    add: Annotated[
        bool,
        typer.Option(
            "--import",
            help="Add the instances as findings (review 'detect'): one per rule, file and function, with the "
            "rule's severity, skipping those a finding with the same rule and location already covers.",
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="With --import: say what would change.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Run the rule catalog over a tree and list instances like a linter.

    Sorted, as `path:line:col: rule message` with repository-relative paths (suppressed ones are
    counted). In a git repository, files that .gitignore ignores are not read.

    Examples:

      reviewctl detect src/ --exclude 'tests/*'

      reviewctl detect --rule bare-except --json

      reviewctl detect --import --dry-run   # what would become findings
    """
    from reviewctl.detect import as_dicts
    from reviewctl.detect import detect as run

    result = run(path=path, rule=rule, rev=rev, exclude=tuple(exclude or ()))
    if add:
        _import_detected(ctx, result, rule, dry_run)
    if as_json:
        print_json(result.rows())
        return
    titles = {r.id: r.title for r in _catalog().rules.values()}
    for i in result.instances:
        echo(plain(f"{i.path}:{i.line}:{i.col}: {i.rule} {titles.get(i.rule, '')}"))  # one line per instance
    data = as_dicts(result)
    message(
        f"{len(data['instances'])} instances in {data['files']} files; {len(data['suppressed'])} suppressed"
        + (f"; {len(data['skipped'])} files could not be parsed" if data["skipped"] else "")
    )


def _import_detected(ctx: typer.Context, result, rule: str | None, dry_run: bool) -> None:
    from reviewctl.detected import import_instances

    counts = import_instances(scratch_or_store(ctx) if dry_run else store(ctx), result, rule=rule, dry_run=dry_run)
    verb = "would import" if dry_run else "imported"
    message(
        f"{verb}: {counts['new']} new findings, {counts['dropped']} dropped, "
        f"{counts['covered']} instances already covered by findings"
    )


@app.command("set-rule")
def set_rule(
    ctx: typer.Context,
    finding: Annotated[str, typer.Argument(help="Finding ID.")],
    rule: Annotated[str, typer.Argument(help="Rule id (see `reviewctl rules list`), or 'none'.")],
) -> None:
    """Map a finding to a detector rule, so verify can check it.

    Example: reviewctl set-rule RC-3K9QZ bare-except
    """
    from reviewctl.location import project_root
    from reviewctl.rules import load_catalog

    s = store(ctx, create=False)
    fid = s.resolve_id(finding)
    value = None if rule == "none" else load_catalog(project_root()).get(rule).id
    with s.transaction():
        s.set_rule(fid, value)
    echo(f"{fid}: rule {value or 'none'}")


rules_app = typer.Typer(help="The detector rule catalog: list, show and check the rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def rules_list(as_json: JsonOpt = False) -> None:
    """List the rules. Example: reviewctl rules list"""
    catalog = _catalog()
    rows = [
        {"id": r.id, "title": r.title, "severity": r.severity, "languages": list(r.languages), "source": str(r.source)}
        for r in catalog.rules.values()
    ]
    if as_json:
        print_json(rows)
        return
    table = [(r["id"], r["severity"], ",".join(r["languages"]), r["title"]) for r in rows]
    echo_rows([("ID", "SEVERITY", "LANGUAGES", "TITLE"), *table], (24, 8, 12))


@rules_app.command("show")
def rules_show(rule: Annotated[str, typer.Argument(help="Rule id.")], as_json: JsonOpt = False) -> None:
    """Everything about one rule. Example: reviewctl rules show bare-except"""
    r = _catalog().get(rule)
    data = {
        "id": r.id,
        "title": r.title,
        "description": r.description,
        "phrases": list(r.phrases),
        "languages": list(r.languages),
        "globs": list(r.globs),
        "detector": r.detector,
        "severity": r.severity,
        "exclude": list(r.exclude),
        "noqa": list(r.noqa),
        "fixtures": [str(f) for f in r.fixtures],
        "source": str(r.source),
    }
    if as_json:
        print_json(data)
        return
    echo(f"{r.id}: {r.title}\n\n{r.description}\n")
    for key in ("severity", "phrases", "languages", "globs", "exclude", "detector", "noqa", "fixtures", "source"):
        value = data[key]
        echo(plain(f"{key:10} {', '.join(value) if isinstance(value, list) else value}"))


@rules_app.command("check")
def rules_check(as_json: JsonOpt = False) -> None:
    """Run every rule on its fixture: flagged lines must be exactly the lines marked `expect`.

    Example: reviewctl rules check
    """
    from reviewctl.rules import check_fixtures

    results = [x for r in _catalog().rules.values() for x in check_fixtures(r)]
    if as_json:
        print_json([asdict(r) | {"ok": r.ok} for r in results])
    else:
        rows = [
            (
                "ok" if r.ok else "FAIL",
                r.rule,
                r.fixture,
                "" if r.ok else f"expected {list(r.expected)}, flagged {list(r.flagged)}",
            )
            for r in results
        ]
        echo_rows(rows, (5, 24))
    if not all(r.ok for r in results):
        raise typer.Exit(1)


def _catalog():
    from reviewctl.location import project_root
    from reviewctl.rules import load_catalog

    return load_catalog(project_root())
