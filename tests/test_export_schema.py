"""The reviewctl/2 export contract (and reviewctl/1 before it) as JSON schemas (schemas/, shipped in the
wheel), held to real exports."""

import copy
import json

import jsonschema
import pytest

from reviewctl.resources import data_dir
from tests.conftest import commit, reviewed_project

WORKER = "import logging\n\n\ndef retry(job):\n    try:\n        job()\n    except:\n        logging.warning('x')\n"
REVIEW = "# Review\n### 1. Bare except in retry (Critical)\n- **Location**: `app/worker.py:7`\n- **Effort**: 1 hour\n"


def _validator(version: int = 2) -> jsonschema.Draft202012Validator:
    schema = json.loads((data_dir("schemas") / f"reviewctl-{version}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_an_export_with_history_links_and_checks_follows_the_schema(tmp_path, monkeypatch) -> None:
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"app/worker.py": WORKER}], REVIEW)
    fid = ids["Bare except in retry"]
    commit(repo, f"fix {fid}: catch ValueError", {"app/worker.py": WORKER.replace("except:", "except ValueError:")})
    cli("link")
    cli("verify", fid)
    data = cli.export()
    assert [len(data[k]) for k in ("reviews", "findings", "events", "commit_links", "checks")] == [1, 1, 3, 1, 1]
    _validator().validate(data)

    broken = copy.deepcopy(data)
    broken["findings"][0]["priority"] = "urgent"
    with pytest.raises(jsonschema.ValidationError, match="'urgent' is not one of"):
        _validator().validate(broken)
    del broken["checks"]
    assert {e.validator for e in _validator().iter_errors(broken)} == {"enum", "required"}


def test_owner_labels_and_due_follow_the_schema_and_version_1_stays_valid(tmp_path, monkeypatch) -> None:
    _repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"app/worker.py": WORKER}], REVIEW)
    fid = ids["Bare except in retry"]
    cli("assign", fid, "Ann <ann@example.com>")
    cli("label", fid, "+security", "+team/payments")
    cli("due", fid, "2026-12-24")
    cli("note", fid, "note")
    data = cli.export()
    assert {k: data["findings"][0][k] for k in ("owner", "labels", "due")} == {
        "owner": "Ann <ann@example.com>",
        "labels": ["security", "team/payments"],
        "due": "2026-12-24",
    }
    _validator().validate(data)
    for bad in ({"labels": ["Not Lower"]}, {"due": "next week"}, {"owner": ""}):
        broken = copy.deepcopy(data)
        broken["findings"][0] |= bad
        assert len(list(_validator().iter_errors(broken))) == 1, bad
    old = copy.deepcopy(data) | {"schema": "reviewctl/1"}
    for f in old["findings"]:
        del f["owner"], f["labels"], f["due"]
    _validator(1).validate(old)
    assert {e.validator for e in _validator().iter_errors(old)} == {"const", "required"}
