"""`show`'s team facts, notes and checks as cleaned plain lines, for the plain and the terminal renderers."""

from typing import Any

from reviewctl.cli.safe import plain


def team_facts(f: Any) -> list[tuple[str, str]]:
    """Owner, labels and due date of a finding row (team.finding_detail puts them in it)."""
    return [
        ("owner", f.get("owner") or "-"),
        ("labels", ", ".join(f.get("labels") or []) or "-"),
        ("due", f.get("due") or "-"),
    ]


def notes_lines(events: list[Any]) -> list[str]:
    """The finding's notes, oldest first, each under its author and time, its lines kept."""
    notes = [e for e in events if e.kind == "note"]
    out = ["\nNotes"] if notes else []
    for e in notes:
        out.append(plain(f"  {e.at:%Y-%m-%d %H:%M}  {e.actor}"))
        out += [plain(f"    {line}") for line in (e.note or "").splitlines()]
    return out


def checks_lines(checks: list[Any]) -> list[str]:
    """The verdict history: each check's time, verdict, commit, rule and evidence (a diff for `changed`)."""
    if not checks:
        return ["\nChecks: none yet (reviewctl verify)"]
    out = ["\nChecks"]
    for c in checks:
        where = f"  {c.path}:{c.line}" if c.path and c.line else f"  {c.path}" if c.path else ""
        rev = (c.revision or "-")[:10]
        out.append(plain(f"  {c.at:%Y-%m-%d %H:%M}  {c.verdict:<12} {rev}  {c.rule or 'quoted code'}{where}"))
        if c.reason:
            out.append(plain(f"    {c.reason}"))
        out += [plain(f"    | {line}") for line in (c.snippet or "").splitlines()]
    return out
