"""Export (JSON contract, CSV) and an export → import round trip that loses nothing."""

import csv
import io
import json

from tests.conftest import ASSETS, Cli


def test_export_contract(cli) -> None:
    cli("import", str(ASSETS / "small_review.md"))
    data = cli.export()
    assert data["schema"] == "reviewctl/1"
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
    ):
        assert key in f, key
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
