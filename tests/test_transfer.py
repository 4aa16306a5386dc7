"""Export (JSON contract, CSV) and an export → import round trip that loses nothing."""

import csv
import io
import json

from tests.conftest import ASSETS, Cli


def test_export_contract(cli) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    data = cli.export()
    assert data["schema"] == "reviewctl/2"
    assert [r["id"] for r in data["reviews"]] == ["small_review"]
    f = data["findings"][0]
    for key in (
        "id",
        "review_id",
        "title",
        "body",
        "priority",
        "status",
        "effort_minutes",
        "effort_text",
        "phase",
        "phase_label",
        "rule",
        "locations",
        "fingerprint",
        "created_at",
        "updated_at",
        "owner",
        "labels",
        "due",
    ):
        assert key in f, key
    assert (f["owner"], f["labels"], f["due"]) == (None, [], None)
    assert f["locations"] == [
        {"path": "app/db/queries.py", "line_start": 88, "line_end": 92, "symbol": None, "revision": None}
    ]


def test_round_trip_loses_nothing(cli, tmp_path, monkeypatch) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    ids = {r["title"]: r["id"] for r in cli.json("list")}
    cli("fix", ids["SQL built by string formatting"], "--note", "done")
    first = cli.export()
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(first))
    other = Cli(tmp_path / "other.db", monkeypatch)
    assert "restored 1 review, 4 finding, 5 location, 5 event" in other("import", str(backup)).stderr
    assert other.export() == first
    assert "restore needs an empty store" in other("import", str(backup), code=2).stderr


def test_csv_export(cli) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    assert len(rows) == 4
    assert rows[1]["locations"] == "app/worker.py:40; app/worker.py:57"
    assert rows[2]["locations"] == "app/clients/http.py:12; app/clients/client.py:30"


def test_export_to_file_and_bad_format(cli, tmp_path) -> None:
    cli("init")
    out = tmp_path / "e.json"
    cli("export", "-o", str(out))
    assert json.loads(out.read_text())["findings"] == []
    assert "unknown format 'xml'" in cli("export", "--format", "xml", code=2).stderr


def test_round_trip_carries_owner_labels_due_and_notes(cli, tmp_path, monkeypatch) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    ids = {r["title"]: r["id"] for r in cli.json("list")}
    sql, bare = ids["SQL built by string formatting"], ids["Bare except in the retry loop"]
    cli("assign", sql, bare, "Ann <ann@example.com>")
    cli("label", sql, "+security", "+later")
    cli("due", bare, "2026-W51")
    cli("note", sql, "two\nlines")
    first = cli.export()
    team = {f["id"]: (f["owner"], f["labels"], f["due"]) for f in first["findings"]}
    assert (team[sql], team[bare]) == (
        ("Ann <ann@example.com>", ["later", "security"], None),
        ("Ann <ann@example.com>", [], "2026-W51"),
    )
    assert [(e["kind"], e["actor"], e["note"]) for e in first["events"] if e["kind"] == "note"] == [
        ("note", "tester", "two\nlines")
    ]
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(first))
    other = Cli(tmp_path / "other.db", monkeypatch)
    restored = "restored 1 review, 4 finding, 5 location, 9 event, 0 commitlink, 0 check, 2 workitem, 2 label\n"
    assert other("import", str(backup)).stderr == restored
    assert other.export() == first
    assert [r["id"] for r in other.json("list", "--label", "later")] == [sql]
    rows = list(csv.DictReader(io.StringIO(other("export", "--format", "csv").stdout)))
    assert [(r["owner"], r["labels"], r["due"]) for r in rows[:2]] == [
        ("Ann <ann@example.com>", "later security", ""),
        ("Ann <ann@example.com>", "", "2026-W51"),
    ]


def test_a_version_1_export_still_restores(cli, tmp_path, monkeypatch) -> None:
    """An export written before owners, labels and due dates: restored with none of them."""
    cli("import", str(ASSETS / "small_review.md"))
    cli("note", cli.json("list")[0]["id"], "kept as an event")
    new = cli.export()
    old = json.loads(json.dumps(new))
    old["schema"] = "reviewctl/1"
    for f in old["findings"]:
        for key in ("owner", "labels", "due"):
            del f[key]
    backup = tmp_path / "v1.json"
    backup.write_text(json.dumps(old))
    other = Cli(tmp_path / "other.db", monkeypatch)
    assert "restored 1 review, 4 finding, 5 location, 5 event" in other("import", str(backup)).stderr
    assert other.export() == new
    unknown = tmp_path / "v9.json"
    unknown.write_text(json.dumps(old | {"schema": "reviewctl/9"}))
    assert other("import", str(unknown), code=2).stderr == (
        "reviewctl: error: not a reviewctl/1 or reviewctl/2 export (schema: 'reviewctl/9')\n"
    )
