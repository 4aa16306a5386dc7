"""Every finding command through the real CLI against a real SQLite file."""

from tests.conftest import ASSETS


def _ids(cli) -> dict[str, str]:
    return {r["title"]: r["id"] for r in cli.json("list", "--limit", "0")}


def test_init_creates_the_store(cli) -> None:
    result = cli("init")
    assert cli.db.exists()
    assert f"store ready: sqlite:///{cli.db}" in result.stderr


def test_list_filters_sorts_and_json(cli) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    rows = cli.json("list")
    assert [(r["title"], r["priority"], r["effort_minutes"], r["phase"]) for r in rows] == [
        ("SQL built by string formatting", "critical", 120, 1),
        ("Bare except in the retry loop", "critical", 30, 1),
        ("Missing timeout on HTTP calls", "medium", 90, 2),
        ("Add structured logging", "unknown", 180, 2),
    ]
    assert [r["title"] for r in cli.json("list", "--priority", "medium")] == ["Missing timeout on HTTP calls"]
    assert [r["location"] for r in cli.json("list", "--path", "app/worker.py")] == ["app/worker.py:40"]
    assert [r["title"] for r in cli.json("list", "--path", "*/http.py")] == ["Missing timeout on HTTP calls"]
    assert [r["effort_minutes"] for r in cli.json("list", "--sort", "effort")] == [180, 120, 90, 30]
    assert len(cli.json("list", "--phase", "2")) == 2
    plain = cli("list", "--status", "open", "--limit", "1")
    assert plain.stdout.splitlines()[0].split("\t") == [
        "ID",
        "PRIORITY",
        "STATUS",
        "EFFORT",
        "PHASE",
        "LOCATION",
        "TITLE",
    ]
    assert "1 of 4 findings shown" in plain.stderr


def test_list_rejects_unknown_values(cli) -> None:
    cli("init")
    assert "unknown priority 'urgent'" in cli("list", "--priority", "urgent", code=2).stderr
    assert "unknown status 'done'" in cli("list", "--status", "done", code=2).stderr
    assert "unknown sort 'size'" in cli("list", "--sort", "size", code=2).stderr


def test_show_json_has_everything(cli) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    fid = _ids(cli)["Bare except in the retry loop"]
    data = cli.json("show", fid.lower())
    assert data["id"] == fid
    assert data["locations"] == [
        {"path": "app/worker.py", "line_start": 40, "line_end": 40, "symbol": None, "revision": None},
        {"path": "app/worker.py", "line_start": 57, "line_end": 57, "symbol": None, "revision": None},
    ]
    assert [(h["kind"], h["to_status"]) for h in data["history"]] == [("imported", "open")]
    text = cli("show", fid).stdout
    assert "Bare except in the retry loop" in text and "app/worker.py:57" in text


def test_status_verbs_record_history(cli) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    ids = _ids(cli)
    sql, bare = ids["SQL built by string formatting"], ids["Bare except in the retry loop"]
    assert cli("start", sql).stdout == f"{sql}: open → in_progress\n"
    cli("fix", sql, "--note", "parameterised in 4f2a")
    cli("set", sql, bare, "wontfix", "--note", "accepted")
    assert "already wontfix" in cli("wontfix", bare).stderr
    assert [(c["finding_id"], c["from_status"], c["to_status"], c["changed"]) for c in cli.json("reopen", bare)] == [
        (bare, "wontfix", "open", True)
    ]  # every verb takes --json, like set
    history = cli.json("log", sql)
    assert [(e["from_status"], e["to_status"], e["actor"], e["note"]) for e in reversed(history)] == [
        (None, "open", "import", None),
        ("open", "in_progress", "tester", None),
        ("in_progress", "fixed", "tester", "parameterised in 4f2a"),
        ("fixed", "wontfix", "tester", "accepted"),
    ]
    assert cli.json("show", bare)["status"] == "open"
    assert len(cli.json("log", "--limit", "0")) == 4 + 3 + 2  # imported, 3 for sql, 2 for bare


def test_errors_are_one_line_with_documented_codes(cli) -> None:
    cli("init")
    result = cli("show", "RC-NOPE", code=2)
    assert result.stderr == "reviewctl: error: no finding 'RC-NOPE'\n"
    assert "give one or more finding IDs and then a status" in cli("set", "RC-1", code=2).stderr
    assert "unknown status 'later'" in cli("set", "RC-1", "later", code=2).stderr
    assert cli("frobnicate", code=2).exit_code == 2


def test_help_everywhere(cli) -> None:
    for cmd in (
        "init",
        "list",
        "show",
        "set",
        "start",
        "fix",
        "wontfix",
        "reopen",
        "log",
        "status",
        "import",
        "export",
    ):
        result = cli(cmd, "-h")
        assert "Example" in result.stdout, cmd


def test_status_dashboard(cli) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    ids = _ids(cli)
    cli("fix", ids["SQL built by string formatting"])
    board = cli.json("status")
    assert board["matrix"]["critical"]["fixed"] == 1 and board["matrix"]["critical"]["open"] == 1
    assert board["overall"] == {"label": "all", "total": 4, "done": 1, "effort": 420, "done_effort": 120}
    assert [(p["label"], p["total"], p["effort"]) for p in board["by_phase"]] == [
        ("phase 1", 2, 150),
        ("phase 2", 2, 270),
    ]
    assert board["awaiting_verification"] == 1
    assert [f["title"] for f in board["oldest_critical"]] == ["Bare except in the retry loop"]
    text = cli("status").stdout
    assert "Claims awaiting verification: 1" in text and "phase 2" in text


def test_empty_status(cli) -> None:
    cli("init")
    assert "No findings yet" in cli("status").stdout
