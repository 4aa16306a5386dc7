"""Findings as a team's work items, through the real CLI: owner, labels, due date, notes — each an
Event with its actor — the open-work default of `list`, status by owner, and `show`'s checks."""

import getpass
import json
import sqlite3
from datetime import datetime

import pytest

from reviewctl.reads import SCHEMA_VERSION
from tests.conftest import ASSETS, Cli, commit, git_repo, reviewed_project

ANN = "Ann <ann@example.com>"


def _ids(cli: Cli) -> dict[str, str]:
    return {r["title"]: r["id"] for r in cli.json("list", "--all", "--limit", "0")}


@pytest.fixture
def team(cli: Cli) -> tuple[Cli, str, str]:
    """A store with the small review imported: (cli, the SQL finding's ID, the bare-except finding's ID)."""
    cli("import", str(ASSETS / "small_review.md"))
    ids = _ids(cli)
    return cli, ids["SQL built by string formatting"], ids["Bare except in the retry loop"]


def _stamp(row: dict) -> str:
    """A JSON row's time as `show` prints it."""
    return f"{datetime.fromisoformat(row['at']):%Y-%m-%d %H:%M}"


def _section(text: str, title: str) -> list[str]:
    """The lines of one section of `show`'s plain output."""
    return text.split(f"\n{title}\n")[1].split("\n\n")[0].splitlines()


def _history(cli: Cli, fid: str) -> list[tuple]:
    """(kind, actor, note) of a finding's events, oldest first, without the import."""
    return [(e["kind"], e["actor"], e["note"]) for e in reversed(cli.json("log", fid)) if e["kind"] != "imported"]


def test_assign_and_unassign_are_events_and_filter_list(team) -> None:
    cli, sql, bare = team
    assert cli("assign", sql, bare.lower(), ANN).stdout == f"{sql}: owner - → {ANN}\n{bare}: owner - → {ANN}\n"
    assert cli("assign", sql, ANN).stderr == f"{sql}: owner already {ANN}\n"
    assert cli("assign", bare, "bob").stdout == f"{bare}: owner {ANN} → bob\n"
    assert [r["id"] for r in cli.json("list", "--owner", ANN)] == [sql]
    assert [r["id"] for r in cli.json("list", "--owner", "bob")] == [bare]
    assert len(cli.json("list", "--owner", "-")) == 2
    assert cli.json("list", "--owner", "nobody-here") == []
    for who in ("ann", "ANN@example.com", ANN.upper()):  # the name or the e-mail of 'Name <e-mail>', any case
        assert [r["id"] for r in cli.json("list", "--owner", who)] == [sql], who
    assert cli.json("list", "--owner", "an") == [] and cli.json("list", "--owner", "%") == []  # no prefix, no LIKE
    assert cli("assign", sql, "-").stdout == f"{sql}: owner {ANN} → -\n"
    assert cli.json("assign", bare, "--none") == [
        {"finding_id": bare, "kind": "assign", "before": "bob", "after": None, "changed": True}
    ]
    assert _history(cli, sql) == [("assign", "tester", f"owner: - → {ANN}"), ("assign", "tester", f"owner: {ANN} → -")]
    assert _history(cli, bare) == [
        ("assign", "tester", f"owner: - → {ANN}"),
        ("assign", "tester", f"owner: {ANN} → bob"),
        ("assign", "tester", "owner: bob → -"),
    ]
    assert cli.json("show", sql)["owner"] is None
    assert len(cli.json("list", "--owner", "-")) == 4


def test_labels_add_remove_and_filter(team) -> None:
    cli, sql, bare = team
    assert cli("label", sql, bare, "+Security", "+later").stdout == (
        f"{sql}: labels - → later, security\n{bare}: labels - → later, security\n"
    )
    assert cli("label", sql, "-later", "+perf").stdout == f"{sql}: labels later, security → perf, security\n"
    assert cli("label", sql, "+perf", "-nothing").stderr == f"{sql}: labels already perf, security\n"
    assert [r["id"] for r in cli.json("list", "--label", "security")] == [sql, bare]
    assert [r["id"] for r in cli.json("list", "--label", "security", "--label", "PERF")] == [sql]
    assert cli.json("list", "--label", "perf", "--label", "later") == []
    assert cli.json("show", sql)["labels"] == ["perf", "security"]
    assert _history(cli, sql) == [
        ("label", "tester", "labels: +security +later"),
        ("label", "tester", "labels: +perf -later"),
    ]


def test_due_weeks_and_dates(team) -> None:
    cli, sql, bare = team
    assert cli("due", sql, bare, "2026-w51").stdout == f"{sql}: due - → 2026-W51\n{bare}: due - → 2026-W51\n"
    assert cli("due", sql, "2026-12-24").stdout == f"{sql}: due 2026-W51 → 2026-12-24\n"
    assert cli("due", bare, "-").stdout == f"{bare}: due 2026-W51 → -\n"
    assert cli("due", bare, "-").stderr == f"{bare}: due already -\n"
    rows = {r["id"]: r["due"] for r in cli.json("list")}
    assert (rows[sql], rows[bare]) == ("2026-12-24", None)
    assert "  due       2026-12-24\n" in cli("show", sql).stdout
    assert _history(cli, bare) == [("due", "tester", "due: - → 2026-W51"), ("due", "tester", "due: 2026-W51 → -")]


def test_bad_team_input_is_one_line_and_changes_nothing(team) -> None:
    cli, sql, _ = team
    errors = [
        (("due", sql, "2025-W53"), "2025 has no ISO week 53"),
        (
            ("due", sql, "2026-02-30"),
            "'2026-02-30' is not a date; give YYYY-MM-DD (2026-12-24) or an ISO week (2026-W51)",
        ),
        (("due", sql, "tomorrow"), "due 'tomorrow': give an ISO week (2026-W51) or a date (2026-12-24), or -"),
        (("due", sql), "give one or more finding IDs and then a week (2026-W51), a date (2026-12-24) or -"),
        (("label", sql, "+a b"), "bad label 'a b': use letters, digits and . _ : / - (starting with a letter"),
        (("label", sql, "+x\x1b[2J"), "bad label 'x\\\\x1b[2j': use letters, digits and . _ : / - (starting with"),
        (("label", sql, "+" + "a" * 65), "a label is at most 64 characters (this one has 65)"),
        (("label", sql), "give label changes: +LABEL to add, -LABEL to remove"),
        (("label", "+x"), "give one or more finding IDs and then +LABEL or -LABEL"),
        (("assign", sql, "Eve\x1b]0;owned\x07"), "a person's name cannot hold control, bidirectional or line-"),
        (("assign", sql, "Eve\u202egnp.exe"), "a person's name cannot hold control, bidirectional or line-break"),
        (("assign", sql, "Eve\nMallory"), "a person's name cannot hold control, bidirectional or line-break"),
        (("assign", sql, " "), "a person's name is empty; give a name, or - for nobody"),
        (("assign", sql, "x" * 201), "a person's name is at most 200 characters (this one has 201)"),
        (("assign", "RC-NOPE", "bob"), "no finding 'RC-NOPE'"),
        (("assign", sql, "rc-abcde"), "'rc-abcde' looks like a finding ID, not a person: give the IDs first, then"),
        (("note", sql, "x" * 10_001), "a note is at most 10,000 characters (this one has 10,001)"),
        (("note", sql, "  "), "the note is empty"),
        (("note", sql, "hi \x1b[31mred"), "a note cannot hold control characters (tabs and line breaks are fine)"),
        (("list", "--label", "-x"), "bad label '-x'"),
    ]
    for args, error in errors:
        stderr = cli(*args, code=2).stderr
        assert stderr.startswith(f"reviewctl: error: {error}"), (args, stderr)
        assert stderr.count("\n") == 1 and "\x1b" not in stderr, args
    assert _history(cli, sql) == []


def test_notes_in_show_and_log(team) -> None:
    cli, sql, _ = team
    assert cli("note", sql, "blocked on the auth refactor").stderr == f"{sql}: note added\n"
    cli("note", sql, "-", stdin="line one\n\tindented [bold]two[/bold]\n")
    assert cli("note", sql, "x" * 10_000).stderr == f"{sql}: note added\n"
    log = cli.json("log", sql)
    assert [(e["kind"], e["actor"], e["note"]) for e in log[1:3]] == [
        ("note", "tester", "line one\n\tindented [bold]two[/bold]"),
        ("note", "tester", "blocked on the auth refactor"),
    ]
    history = cli.json("show", sql)["history"]
    assert [h["note"] for h in history if h["kind"] == "note"][:2] == [
        "blocked on the auth refactor",
        "line one\n\tindented [bold]two[/bold]",
    ]
    stamps = [_stamp(e) for e in log[:3]]
    notes = _section(cli("show", sql).stdout, "Notes")
    assert notes[:5] == [
        f"  {stamps[2]}  tester",
        "    blocked on the auth refactor",
        f"  {stamps[1]}  tester",
        "    line one",
        "     indented [bold]two[/bold]",
    ]
    assert notes[5:] == [f"  {stamps[0]}  tester", "    " + "x" * 10_000]
    piped = cli("log", sql).stdout.splitlines()
    assert piped[2].split("\t")[2:] == ["note", "", "tester", "line one  indented [bold]two[/bold]"]


def test_list_shows_open_work_by_default(team) -> None:
    cli, sql, bare = team
    ids = _ids(cli)
    timeout = ids["Missing timeout on HTTP calls"]
    cli("fix", sql)
    cli("wontfix", bare)
    cli("start", timeout)
    assert [(r["id"], r["status"]) for r in cli.json("list")] == [
        (sql, "fixed"),
        (timeout, "in_progress"),
        (ids["Add structured logging"], "open"),
    ]
    assert len(cli.json("list", "--all")) == 4
    assert [r["id"] for r in cli.json("list", "--status", "wontfix")] == [bare]
    assert [r["id"] for r in cli.json("list", "--all", "--status", "fixed")] == [sql]
    plain = cli("list").stdout.splitlines()
    assert len(plain) == 1 + 3 and bare not in cli("list").stdout


def test_status_counts_per_owner(team) -> None:
    cli, sql, bare = team
    cli("assign", sql, bare, ANN)
    cli("fix", sql)
    board = cli.json("status")
    assert board["by_owner"] == [
        {"label": ANN, "total": 2, "done": 1, "effort": 150, "done_effort": 120},
        {"label": "unassigned", "total": 2, "done": 0, "effort": 270, "done_effort": 0},
    ]
    assert board["overall"] == {"label": "all", "total": 4, "done": 1, "effort": 420, "done_effort": 120}
    text = cli("status").stdout
    assert f"By owner\n{ANN}\t1/2\t50%\t2h/2h 30m\nunassigned\t0/2\t0%\t0m/4h 30m\n" in text  # piped: tab-separated


def test_status_without_owners_has_no_owner_section(team) -> None:
    cli, _, _ = team
    assert cli.json("status")["by_owner"] == [
        {"label": "unassigned", "total": 4, "done": 0, "effort": 420, "done_effort": 0}
    ]
    assert "By owner" not in cli("status").stdout


def test_the_actor_is_the_env_var_then_the_git_identity_then_the_login(tmp_path, monkeypatch) -> None:
    repo = git_repo(tmp_path / "project")
    commit(repo, "start", {"a.txt": "a\n"})
    cli = Cli(tmp_path / "store.db", monkeypatch)
    cli("import", str(ASSETS / "small_review.md"))
    fid = _ids(cli)["SQL built by string formatting"]
    monkeypatch.delenv("REVIEWCTL_ACTOR")
    cli("note", fid, "outside any repository")
    monkeypatch.chdir(tmp_path / "project")
    cli("note", fid, "in the repository")
    cli("start", fid)
    monkeypatch.setenv("REVIEWCTL_ACTOR", "ci-bot")
    cli("label", fid, "+ci")
    assert _history(cli, fid) == [
        ("note", getpass.getuser(), "outside any repository"),
        ("note", "Dev <dev@example.com>", "in the repository"),
        ("status", "Dev <dev@example.com>", None),
        ("label", "ci-bot", "labels: +ci"),
    ]


def test_show_has_the_verdict_history_with_evidence(tmp_path, monkeypatch) -> None:
    code = "def load(path):\n    data = open(path).read()\n    return data\n\n\ndef other():\n    return 1\n"
    review = "# Review\n### 1. File handle is never closed (Medium)\n- **Location**: `io_utils.py`\n\n"
    review += "`data = open(path).read()` leaks.\n"
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"io_utils.py": code}], review)
    fid = ids["File handle is never closed"]
    first = commit(repo, f"fix {fid}", {"io_utils.py": code.replace("return 1", "return 2")})
    cli("link")
    cli("verify", fid)
    guarded = code.replace("    return data\n", "    assert data\n    return data\n")
    second = commit(repo, f"fix {fid}", {"io_utils.py": guarded})
    cli("link")
    cli("verify", fid)
    checks = cli.json("show", fid)["checks"]
    assert [(c["verdict"], c["revision"], c["rule"], c["path"], c["line"]) for c in checks] == [
        ("rejected", first, None, "io_utils.py", 2),
        ("changed", second, None, "io_utils.py", 2),
    ]
    assert (checks[0]["snippet"], checks[1]["snippet"]) == ("data = open(path).read()", "+ assert data")
    assert _section(cli("show", fid).stdout, "Checks") == [
        f"  {_stamp(checks[0])}  rejected     {first[:10]}  quoted code  io_utils.py:2",
        f"    {checks[0]['reason']}",
        "    | data = open(path).read()",
        f"  {_stamp(checks[1])}  changed      {second[:10]}  quoted code  io_utils.py:2",
        f"    {checks[1]['reason']}",
        "    | + assert data",
    ]


def test_show_says_when_nothing_was_checked(team) -> None:
    cli, sql, _ = team
    text = cli("show", sql).stdout
    assert "\nChecks: none yet (reviewctl verify)\n" in text
    assert "\nNotes" not in text


def test_an_older_store_gains_the_team_tables(tmp_path, monkeypatch) -> None:
    cli = Cli(tmp_path / "old.db", monkeypatch)
    cli("import", str(ASSETS / "small_review.md"))
    fid = _ids(cli)["SQL built by string formatting"]
    with sqlite3.connect(cli.db) as conn:  # a version-2 store: no workitem or label table
        conn.execute("drop table workitem")
        conn.execute("drop table label")
        conn.execute("update meta set value='2' where key='schema_version'")
    assert [r["owner"] for r in cli.json("list")] == [None] * 4  # a reading command migrates it
    tables = {r[0] for r in sqlite3.connect(cli.db).execute("select name from sqlite_master where type='table'")}
    assert {"workitem", "label"} <= tables
    assert sqlite3.connect(cli.db).execute("select value from meta").fetchone() == (str(SCHEMA_VERSION),)
    cli("assign", fid, ANN)
    assert [r["id"] for r in cli.json("list", "--owner", ANN)] == [fid]


def test_team_commands_have_help_with_examples(cli: Cli) -> None:
    for cmd in ("assign", "label", "due", "note"):
        assert "Example" in cli(cmd, "-h").stdout, cmd


def test_json_output_of_team_commands(team) -> None:
    cli, sql, _ = team
    assert json.loads(cli("label", sql, "+a", "--json").stdout) == [
        {"finding_id": sql, "kind": "label", "before": [], "after": ["a"], "changed": True}
    ]
    assert cli.json("due", sql, "2027-W01") == [
        {"finding_id": sql, "kind": "due", "before": None, "after": "2027-W01", "changed": True}
    ]
    assert cli.json("note", sql, "hello") == {
        "finding_id": sql,
        "kind": "note",
        "before": None,
        "after": "hello",
        "changed": True,
    }


def test_the_core_functions_check_their_input_too(team) -> None:
    """A script using reviewctl as a library gets the CLI's limits, and changes nothing on a refusal."""
    from reviewctl import team as core
    from reviewctl.errors import InputError
    from reviewctl.store import open_store

    cli, sql, _ = team
    store = open_store(f"sqlite:///{cli.db}", create=False)
    with pytest.raises(InputError, match="a note is at most 10,000 characters"):
        core.add_note(store, ref=sql, text="x" * 10_001, who="lib")
    with pytest.raises(InputError, match="bad label 'a b'"):
        core.relabel(store, refs=[sql], add=["a b"], remove=[], who="lib")
    with pytest.raises(InputError, match="2025 has no ISO week 53"):
        core.set_due(store, refs=[sql], due="2025-W53", who="lib")
    assert [c.after for c in core.assign(store, refs=[sql], owner=" ann ", who="lib")] == ["ann"]
    assert _history(cli, sql) == [("assign", "lib", "owner: - → ann")]
    store.engine.dispose()


def test_status_lists_open_work_past_its_due_day(team, monkeypatch) -> None:
    cli, sql, bare = team
    monkeypatch.setenv("REVIEWCTL_NOW", "2026-12-21T09:00:00")  # Monday of 2026-W52
    cli("due", sql, "2026-W51")  # ended Sunday 2026-12-20: overdue
    cli("due", bare, "2026-12-21")  # due today: not yet
    cli("assign", sql, "ann")
    board = cli.json("status")
    assert board["overdue"] == 1
    assert board["most_overdue"] == [
        {"id": sql, "due": "2026-W51", "owner": "ann", "title": "SQL built by string formatting"}
    ]
    assert f"\nOverdue: 1\n{sql}\t2026-W51\tann\tSQL built by string formatting\n" in cli("status").stdout
    cli("fix", sql)  # claimed fixed: no longer open work
    assert cli.json("status")["overdue"] == 0 and "Overdue" not in cli("status").stdout
