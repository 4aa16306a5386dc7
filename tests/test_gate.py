"""`reviewctl gate` on a real repository and store: each condition, its exit code, and the same on a re-run."""

import json
from pathlib import Path

import pytest

from tests.conftest import commit, reviewed_project

WORKER = "import logging\n\n\ndef retry(job):\n    try:\n        job()\n    except:\n        logging.warning('x')\n"
FIXED = WORKER.replace("except:", "except ValueError:")
REVIEW = """# Review
### 1. Bare except in retry (Critical)
- **Location**: `app/worker.py:7`
### 2. Confusing names (High)
- **Location**: `app/worker.py:4`
### 3. Missing docs, with | a pipe (High)
- **Issue**: nobody knows
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("REVIEWCTL_NOW", "2030-01-01T00:00:00")  # the import happens now
    return reviewed_project(tmp_path, monkeypatch, [{"app/worker.py": WORKER}], REVIEW)


def test_max_open_counts_open_findings_per_priority_and_rerun_agrees(project) -> None:
    _repo, cli, ids = project
    before = cli.export()
    for _ in range(2):  # the gate writes nothing: the same answer every time
        out = cli("gate", "--max-open", "critical=0,high=2", code=1)
        assert out.stdout.splitlines() == [
            "FAIL\tmax-open:critical\t1 found; at most 0 open",
            f"\t{ids['Bare except in retry']}\tcritical\tapp/worker.py:7\tBare except in retry",
            "ok\tmax-open:high\t2 found; at most 2 open",
        ]
        assert out.stderr == "gate failed\n"
    assert cli.export() == before
    assert cli("gate", "--max-open", "critical=1,high=2").stderr == "gate passed\n"
    cli("start", ids["Bare except in retry"])  # in progress is still open
    cli("gate", "--max-open", "critical=0", code=1)
    cli("wontfix", ids["Bare except in retry"])
    cli("gate", "--max-open", "critical=0")


def test_rejected_claim_fails_until_the_code_is_fixed(project) -> None:
    repo, cli, ids = project
    bare = ids["Bare except in retry"]
    commit(repo, f"fix {bare}", {"README": "claims, changes nothing\n"})
    cli("link")
    cli("verify", bare)
    for _ in range(2):
        got = json.loads(cli("gate", "--fail-on", "rejected,regressed", "--format", "json", code=1).stdout)
        assert got["passed"] is False
        assert [(c["name"], c["found"], c["failed"]) for c in got["conditions"]] == [
            ("rejected", 1, True),
            ("regressed", 0, False),
        ]
        assert got["conditions"][0]["hits"] == [
            {"id": bare, "title": "Bare except in retry", "priority": "critical", "path": "app/worker.py", "line": 7}
        ]
    commit(repo, f"fix {bare}: catch ValueError", {"app/worker.py": FIXED})
    cli("link")
    cli("verify", bare)
    cli("gate", "--fail-on", "rejected,regressed")


def test_hits_point_where_verify_last_saw_the_problem_not_the_reviews_old_line(project) -> None:
    repo, cli, ids = project
    bare = ids["Bare except in retry"]
    commit(repo, f"fix {bare}", {"app/worker.py": "# moved down\n" * 5 + WORKER})  # still there, 5 lines lower
    cli("link")
    cli("verify", bare)
    hit = json.loads(cli("gate", "--fail-on", "rejected", "--format", "json", code=1).stdout)["conditions"][0]["hits"]
    assert [(h["path"], h["line"]) for h in hit] == [("app/worker.py", 12)]
    out = cli("gate", "--fail-on", "rejected", "--format", "github", code=1).stdout
    assert "::error file=app/worker.py,line=12," in out


def test_stale_findings_by_age(project, monkeypatch: pytest.MonkeyPatch) -> None:
    _repo, cli, _ids = project
    cli("gate", "--fail-on", "stale-critical")
    monkeypatch.setenv("REVIEWCTL_NOW", "2030-01-20T00:00:00")
    out = cli("gate", "--fail-on", "stale-critical,stale-high", code=1).stdout
    assert out.splitlines()[0] == "FAIL\tstale-critical\t1 found; no open critical older than 2030-01-06"
    assert out.splitlines()[2] == "FAIL\tstale-high\t2 found; no open high older than 2030-01-06"
    cli("gate", "--fail-on", "stale-critical", "--stale-days", "30")


def test_policy_from_pyproject_and_flags_override(project) -> None:
    _repo, cli, _ids = project
    Path("pyproject.toml").write_text(
        '[tool.reviewctl.gate]\nmax-open = { critical = 0, high = 5 }\nfail-on = ["rejected"]\nstale-days = 3\n'
    )
    out = cli("gate", code=1).stdout
    assert [line.split("\t")[:2] for line in out.splitlines() if not line.startswith("\t")] == [
        ["FAIL", "max-open:critical"],
        ["ok", "max-open:high"],
        ["ok", "rejected"],
    ]
    cli("gate", "--max-open", "high=5")  # a flag replaces the table's key whole
    Path("pyproject.toml").write_text("[tool.reviewctl.gate]\nmax-open = { urgent = 0 }\n")
    assert "--max-open: expected PRIORITY=N" in cli("gate", code=2).stderr


def test_github_format_annotates_and_writes_the_step_summary(project, tmp_path, monkeypatch) -> None:
    _repo, cli, ids = project
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = cli("gate", "--max-open", "critical=0,high=1", "--format", "github", code=1).stdout
    bare, names, docs = ids["Bare except in retry"], ids["Confusing names"], ids["Missing docs, with | a pipe"]
    assert out.splitlines() == [
        f"::error file=app/worker.py,line=7,title=reviewctl gate%3A max-open%3Acritical::{bare} (critical): "
        "Bare except in retry",
        f"::error file=app/worker.py,line=4,title=reviewctl gate%3A max-open%3Ahigh::{names} (high): Confusing names",
        f"::error title=reviewctl gate%3A max-open%3Ahigh::{docs} (high): Missing docs, with | a pipe",
    ]
    assert summary.read_text().splitlines() == [
        "earlier step",
        "## reviewctl gate: failed ❌",
        "",
        "| | Condition | Found | Allowed |",
        "| --- | --- | ---: | --- |",
        "| ❌ | `max-open:critical` | 1 | at most 0 open |",
        "| ❌ | `max-open:high` | 2 | at most 1 open |",
        "",
        "| Finding | Priority | Condition | Where | Title |",
        "| --- | --- | --- | --- | --- |",
        f"| {bare} | critical | `max-open:critical` | app/worker.py:7 | Bare except in retry |",
        f"| {names} | high | `max-open:high` | app/worker.py:4 | Confusing names |",
        f"| {docs} | high | `max-open:high` | - | Missing docs, with \\| a pipe |",
    ]


def test_bad_conditions_are_input_errors(project) -> None:
    _repo, cli, _ids = project
    assert "--fail-on: unknown rejectd" in cli("gate", "--fail-on", "rejectd", code=2).stderr
    assert "expected PRIORITY=N" in cli("gate", "--max-open", "critical=-1", code=2).stderr
    assert "unknown format 'sarif'" in cli("gate", "--format", "sarif", code=2).stderr


def test_gate_has_help_with_examples(project) -> None:
    _repo, cli, _ids = project
    assert "reviewctl gate --max-open critical=0,high=3 --fail-on rejected,regressed" in cli("gate", "-h").stdout
