"""The reviewctl/1 export contract as a JSON schema (schemas/, shipped in the wheel), held to real exports."""

import copy
import json

import jsonschema
import pytest

from reviewctl.resources import data_dir
from tests.conftest import commit, reviewed_project

WORKER = "import logging\n\n\ndef retry(job):\n    try:\n        job()\n    except:\n        logging.warning('x')\n"
REVIEW = "# Review\n### 1. Bare except in retry (Critical)\n- **Location**: `app/worker.py:7`\n- **Effort**: 1 hour\n"


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((data_dir("schemas") / "reviewctl-1.schema.json").read_text())
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
