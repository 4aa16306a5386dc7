"""`reviewctl verify` on real repositories: verdicts, evidence, scope by function, repository rules."""

from pathlib import Path

import git
import pytest

from tests.conftest import Cli, commit, reviewed_project

WORKER = """import logging


def retry(job):
    try:
        job()
    except:
        logging.warning("retrying")


def other(job):
    return job()
"""
FIXED = WORKER.replace("    except:\n", "    except ValueError:\n")
REVIEW = """# Review
### 1. Bare except in retry (Critical)
- **Location**: `app/worker.py:7`
### 2. Confusing names (Low)
- **Location**: `app/worker.py`
### 3. Bare except in the legacy module (High)
- **Location**: `app/legacy.py:2`
### 4. Escaping path (Low)
- **Location**: `../outside.py:1`
- **Issue**: bare except
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    legacy = "try:\n    x()\nexcept:\n    pass\n"
    return reviewed_project(tmp_path, monkeypatch, [{"app/worker.py": WORKER, "app/legacy.py": legacy}], REVIEW)


def _verdicts(cli: Cli, *args: str, code: int = 0) -> dict[str, tuple[str, str]]:
    out = cli("verify", *args, "--json", code=code).stdout
    import json

    return {v["finding"]: (v["verdict"], v["status_after"]) for v in json.loads(out)}


def test_rules_are_mapped_at_import(project) -> None:
    _repo, cli, _ids = project
    rules = {f["title"]: f["rule"] for f in cli.export()["findings"]}
    assert rules == {
        "Bare except in retry": "bare-except",
        "Confusing names": None,
        "Bare except in the legacy module": "bare-except",
        "Escaping path": "bare-except",
    }


def test_real_fix_is_verified_and_false_claim_rejected(project) -> None:
    repo, cli, ids = project
    retry, legacy = ids["Bare except in retry"], ids["Bare except in the legacy module"]
    commit(repo, f"fix {retry}: catch ValueError", {"app/worker.py": FIXED})
    commit(repo, f"fix {legacy}", {"README": "claims, but changes nothing\n"})
    cli("link")
    got = _verdicts(cli, retry, legacy)
    assert got == {retry: ("verified", "verified"), legacy: ("rejected", "open")}
    checks = cli.json("show", legacy)["checks"]
    assert [(c["verdict"], c["path"], c["line"], c["snippet"]) for c in checks] == [
        ("rejected", "app/legacy.py", 3, "except:")
    ]
    assert cli.json("show", legacy)["history"][-1]["kind"] == "rejected"


def test_regression_after_verification(project) -> None:
    repo, cli, ids = project
    retry = ids["Bare except in retry"]
    commit(repo, f"fix {retry}", {"app/worker.py": FIXED})
    cli("link")
    assert _verdicts(cli, retry) == {retry: ("verified", "verified")}
    commit(repo, "refactor", {"app/worker.py": WORKER})
    assert _verdicts(cli, retry, "--rev", "HEAD") == {retry: ("regressed", "open")}


def test_verified_by_hand_while_the_rule_sees_the_problem_is_rejected_not_a_regression(project) -> None:
    _repo, cli, ids = project
    legacy = ids["Bare except in the legacy module"]
    cli("set", legacy, "verified")  # no check ever saw it gone
    assert _verdicts(cli, legacy, "--rev", "HEAD") == {legacy: ("rejected", "open")}
    reason = cli.json("show", legacy)["checks"][-1]["reason"]
    assert reason == "marked verified, but still at app/legacy.py:3 (rule bare-except); no check saw it fixed"


def test_reverting_a_verified_fix_reopens_its_finding(project) -> None:
    repo, cli, ids = project
    retry = ids["Bare except in retry"]
    fix = commit(repo, f"fix {retry}", {"app/worker.py": FIXED})
    cli("link")
    assert _verdicts(cli, retry) == {retry: ("verified", "verified")}
    commit(repo, f'Revert "fix {retry}"\n\nThis reverts commit {fix}.', {"app/worker.py": WORKER})
    cli("link")
    shown = cli.json("show", retry)
    assert shown["status"] == "open"
    assert shown["history"][-1]["kind"] == "revert" and shown["history"][-1]["from_status"] == "verified"


def test_scope_follows_the_function_when_lines_move(project) -> None:
    repo, cli, ids = project
    retry = ids["Bare except in retry"]
    moved = "# header\n" * 20 + FIXED + "\n\ndef newer(job):\n    try:\n        job()\n    except:\n        pass\n"
    commit(repo, f"fix {retry}, add newer()", {"app/worker.py": moved})
    cli("link")
    assert _verdicts(cli, retry) == {retry: ("verified", "verified")}  # newer()'s bare except is out of scope


def test_still_open_unverifiable_and_outside_paths(project) -> None:
    repo, cli, ids = project
    commit(repo, "drop legacy", {"app/legacy.py": None})
    got = _verdicts(cli)
    assert got[ids["Bare except in retry"]] == ("still_open", "open")
    assert got[ids["Bare except in the legacy module"]] == ("unverifiable", "open")
    assert got[ids["Escaping path"]] == ("unverifiable", "open")
    assert ids["Confusing names"] not in got  # no rule: not verified unless asked
    reasons = {v["finding"]: v["reason"] for v in cli.json("verify", ids["Confusing names"], ids["Escaping path"])}
    base = repo.commit("HEAD~1").hexsha[:10]
    assert reasons[ids["Confusing names"]] == (
        "no rule mapped to this finding (reviewctl set-rule ID RULE); "
        f"no code the review quotes occurs in its file at {base}"
    )
    assert reasons[ids["Escaping path"]] == (
        f"../outside.py: outside the repository; refused; no code the review quotes occurs in its file at {base}"
    )


def test_fail_on_for_ci(project) -> None:
    repo, cli, ids = project
    legacy = ids["Bare except in the legacy module"]
    commit(repo, f"fix {legacy}", {"README": "x\n"})
    cli("link")
    assert "rejected" in cli("verify", "--fail-on", "rejected,regressed", code=1).stdout
    assert "--fail-on takes" in cli("verify", "--fail-on", "bogus", code=2).stderr


def test_repository_rule_and_set_rule(project) -> None:
    repo, cli, ids = project
    names = ids["Confusing names"]
    rules = Path(repo.working_tree_dir) / ".reviewctl" / "rules"
    rules.mkdir(parents=True)
    (rules / "names.yaml").write_text(
        "id: short-names\ntitle: Short names\ndescription: d\ndetector: {regex: 'def [a-z]\\('}\nglobs: ['*.py']\n"
    )
    assert "rule short-names" in cli("set-rule", names, "short-names").stdout
    assert _verdicts(cli, names) == {names: ("unverifiable", "open")}  # the rule never saw it: it cannot judge
    base = repo.head.commit.hexsha[:10]
    assert cli.json("show", names)["checks"][-1]["reason"] == (
        f"rule short-names does not see this at {base}; no code the review quotes occurs in its file at {base}"
    )
    commit(repo, "add f()", {"app/worker.py": WORKER + "\n\ndef f():\n    pass\n"})
    assert _verdicts(cli, names) == {names: ("unverifiable", "open")}  # a later instance is another problem
    assert "unknown rule 'nope'" in cli("set-rule", names, "nope", code=2).stderr


def test_works_in_a_bare_repository(project, tmp_path: Path) -> None:
    repo, cli, ids = project
    retry = ids["Bare except in retry"]
    commit(repo, f"fix {retry}", {"app/worker.py": FIXED})
    bare = git.Repo.clone_from(repo.working_tree_dir, tmp_path / "bare.git", bare=True)
    cli("link", "--repo", bare.git_dir)
    assert _verdicts(cli, retry, "--repo", bare.git_dir) == {retry: ("verified", "verified")}


def test_detect_lists_instances(project) -> None:
    _repo, cli, _ids = project
    rows = cli.json("detect", "app", "--rule", "bare-except")
    assert [(r["path"], r["line"], r["col"], r["symbol"]) for r in rows] == [  # repository-relative, sorted
        ("app/legacy.py", 3, 1, None),
        ("app/worker.py", 7, 5, "retry"),
    ]
    out = cli("detect", "app", "--rule", "bare-except").stdout.splitlines()
    assert out == [
        "app/legacy.py:3:1: bare-except Bare except clause",
        "app/worker.py:7:5: bare-except Bare except clause",
    ]
    at_rev = cli.json("detect", "--rule", "bare-except", "--rev", "HEAD")
    assert [(r["path"], r["line"]) for r in at_rev] == [("app/legacy.py", 3), ("app/worker.py", 7)]


def test_detect_import_dedupes_against_findings(project) -> None:
    repo, cli, _ids = project
    out = cli("detect", "--import")  # the review covers both bare excepts (legacy.py:2 is one line off)
    assert "imported: 1 new findings, 0 dropped, 2 instances already covered by findings" in out.stderr  # + except-pass
    commit(repo, "more", {"app/extra.py": "try:\n    x()\nexcept:\n    pass\n"})
    out = cli("detect", "--import", "--rule", "bare-except")
    assert "imported: 1 new findings, 0 dropped, 2 instances already covered by findings" in out.stderr
    found = [f for f in cli.export()["findings"] if f["review_id"] == "detect-bare-except"]
    assert [(f["title"], f["rule"], f["locations"][0]["path"], f["locations"][0]["line_start"]) for f in found] == [
        ("Bare except clause in app/extra.py", "bare-except", "app/extra.py", 3)
    ]
    assert "0 new findings" in cli("detect", "--import", "--rule", "bare-except").stderr  # idempotent


def test_detect_import_groups_by_file_and_function_with_the_rule_severity(project) -> None:
    repo, cli, _ids = project
    three = "def load(a, b, c):\n" + "".join(f"    {x}.keys('user:*')\n" for x in "abc")
    three += "\n\ndef other(r):\n    r.keys('*')\n"
    commit(repo, "add store", {"app/store.py": three, "tests/test_store.py": "def t(r):\n    r.keys('*')\n"})
    dry = cli("detect", "--import", "--rule", "redis-keys", "--exclude", "tests", "--dry-run")
    assert "would import: 2 new findings, 0 dropped" in dry.stderr
    assert cli.export()["findings"] == [f for f in cli.export()["findings"] if f["review_id"] != "detect-redis-keys"]
    cli("detect", "--import", "--rule", "redis-keys", "--exclude", "tests")
    found = [f for f in cli.export()["findings"] if f["review_id"] == "detect-redis-keys"]
    assert [(f["title"], f["priority"], [loc["line_start"] for loc in f["locations"]]) for f in found] == [
        ("Redis KEYS instead of SCAN in app/store.py (load)", "high", [2, 3, 4]),
        ("Redis KEYS instead of SCAN in app/store.py (other)", "high", [8]),
    ]


def test_detect_honours_gitignore_and_exclude(project) -> None:
    repo, cli, _ids = project
    bad = "try:\n    x()\nexcept:\n    y()\n"
    commit(repo, "ignore generated", {".gitignore": "gen/\n"})
    root = Path(repo.working_tree_dir)
    (root / "gen").mkdir()
    (root / "gen" / "made.py").write_text(bad)  # ignored by git: not read
    (root / "new.py").write_text(bad)  # untracked, not ignored: read
    rows = cli.json("detect", "--rule", "bare-except")
    assert [r["path"] for r in rows] == ["app/legacy.py", "app/worker.py", "new.py"]
    rows = cli.json("detect", "--rule", "bare-except", "--exclude", "app/legacy.py", "--exclude", "new.*")
    assert [r["path"] for r in rows] == ["app/worker.py"]


def test_detect_reads_an_ignored_folder_it_is_pointed_at(project) -> None:
    repo, cli, _ids = project
    commit(repo, "ignore generated", {".gitignore": "gen/\n"})
    (Path(repo.working_tree_dir) / "gen").mkdir()
    (Path(repo.working_tree_dir) / "gen" / "made.py").write_text("try:\n    x()\nexcept:\n    y()\n")
    assert [r["path"] for r in cli.json("detect", "gen", "--rule", "bare-except")] == ["gen/made.py"]
