"""`reviewctl gate`: the CI quality gate, rendered for a terminal, as JSON, or for GitHub Actions."""

import os
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli import app
from reviewctl.cli.common import echo_rows, message, print_json, store
from reviewctl.cli.safe import plain


@app.command()
def gate(
    ctx: typer.Context,
    max_open: Annotated[
        str | None, typer.Option("--max-open", help="Most open findings allowed per priority, e.g. critical=0,high=3.")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Fail while any finding's latest verdict is one of these, or an open finding of that priority is "
            "stale: rejected,regressed,changed,still_open,not_seen,unverifiable,stale-critical,stale-high…",
        ),
    ] = None,
    stale_days: Annotated[
        int | None, typer.Option("--stale-days", min=0, help="Age in days that makes an open finding stale (14).")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text, json, or github (::error annotations; summary to $GITHUB_STEP_SUMMARY)."
        ),
    ] = "text",
) -> None:
    """A quality gate for CI: exit 1 while the store breaks the policy.

    The policy comes from flags or [tool.reviewctl.gate] in pyproject.toml (flags win). The gate
    reads state and changes nothing: a re-run gives the same exit code.

    Examples:

      reviewctl gate --max-open critical=0,high=3 --fail-on rejected,regressed

      reviewctl gate --fail-on stale-critical --stale-days 7

      reviewctl gate --format github        # in a GitHub Actions step
    """
    from reviewctl import clock
    from reviewctl.errors import InputError
    from reviewctl.gate import evaluate, load_policy
    from reviewctl.location import project_root

    if fmt not in ("text", "json", "github"):
        raise InputError(f"unknown format {fmt!r}; use text, json or github")
    policy = load_policy(project_root(), max_open=max_open, fail_on=fail_on, stale_days=stale_days)
    result = evaluate(store(ctx, create=False), policy, now=clock.now())
    if fmt == "json":
        print_json({"passed": result.passed} | asdict(result))
    elif fmt == "github":
        _github(result)
    else:
        _text(result)
    if not result.passed:
        raise typer.Exit(1)


def _text(result) -> None:
    if not result.conditions:
        message("gate: no conditions (give --max-open / --fail-on or [tool.reviewctl.gate])")
    for c in result.conditions:  # under a failing condition, a row per finding that breaks it (first cell empty)
        echo_rows([("FAIL" if c.failed else "ok", c.name, f"{c.found} found; {c.limit}")], (4, 20))
        echo_rows((("", h.id, h.priority, _where(h), h.title) for h in (c.hits if c.failed else ())), (6, 9, 8))
    message(f"gate {'passed' if result.passed else 'failed'}")


def _where(hit) -> str:
    return "-" if hit.path is None else hit.path + (f":{hit.line}" if hit.line else "")


# -- GitHub Actions ------------------------------------------------------------------------
def _github(result) -> None:
    """`::error` annotations on stdout; the Markdown summary appended to $GITHUB_STEP_SUMMARY (else stdout)."""
    for c in result.conditions:
        for h in c.hits if c.failed else ():
            typer.echo(annotation(c.name, h))
    summary = summary_markdown(result)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(summary)
    else:
        typer.echo(summary, nl=False)


def annotation(condition: str, hit) -> str:
    """One workflow command; properties and message escaped as the runner expects."""
    props = [f"file={_prop(hit.path)}"] if hit.path else []
    props += [f"line={hit.line}"] if hit.path and hit.line else []
    props.append(f"title={_prop(f'reviewctl gate: {condition}')}")
    return f"::error {','.join(props)}::{_data(f'{hit.id} ({hit.priority}): {hit.title}')}"


def _data(value: str) -> str:
    return plain(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def summary_markdown(result) -> str:
    """A table of the conditions and the findings that fail them, for the job's summary page."""
    lines = [f"## reviewctl gate: {'passed ✅' if result.passed else 'failed ❌'}", ""]
    lines += ["| | Condition | Found | Allowed |", "| --- | --- | ---: | --- |"]
    lines += [f"| {'❌' if c.failed else '✅'} | `{c.name}` | {c.found} | {c.limit} |" for c in result.conditions]
    failing = [(c, h) for c in result.conditions if c.failed for h in c.hits]
    if failing:
        lines += ["", "| Finding | Priority | Condition | Where | Title |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {h.id} | {h.priority} | `{c.name}` | {_cell(_where(h))} | {_cell(h.title)} |" for c, h in failing]
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    from reviewctl.report.render import md

    return md(plain(value))
