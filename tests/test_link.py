"""`reviewctl link` on real repositories made with GitPython in tmp dirs."""

from pathlib import Path

import git
import pytest

from tests.conftest import Cli, reviewed_project

REVIEW = """# Review
### 1. Bare except in worker (Critical)
- **Location**: `app/worker.py:3`
### 2. Unbounded cache (High)
- **Location**: `app/cache.py:1-2`
### 3. Print debugging (Low)
- **Location**: `app/cli.py`
### 4. Missing timeout (Medium)
- **Location**: `app/http.py`
"""


def _commit(repo: git.Repo, message: str, path: str = "notes.txt", text: str | None = None) -> str:
    file = Path(repo.working_tree_dir) / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text if text is not None else file.read_text() + "x\n" if file.exists() else "x\n")
    repo.index.add([path])
    return repo.index.commit(message).hexsha


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A repository with code and a review imported at its HEAD; the CLI runs inside it."""
    code = [{f"app/{name}.py": "a = 1\nb = 2\nc = 3\n"} for name in ("worker", "cache", "cli", "http")]
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, code, REVIEW)
    return (
        repo,
        cli,
        [ids[t] for t in ("Bare except in worker", "Unbounded cache", "Print debugging", "Missing timeout")],
    )


def _status(cli: Cli) -> dict[str, str]:
    return {f["id"]: f["status"] for f in cli.export()["findings"]}


def test_import_records_head_as_baseline(project) -> None:
    repo, cli, _ = project
    assert cli.export()["reviews"][0]["revision"] == repo.head.commit.hexsha


def test_every_reference_form(project) -> None:
    repo, cli, (a, b, c, d) = project
    s1 = _commit(repo, f"fix {a.lower()} in the worker")
    s2 = _commit(repo, f"cache: note\n\nRefs: {b}")
    s3 = _commit(repo, f"feat(cli): quieter output\n\nFinding: {c}\nCloses: {b}")
    s4 = _commit(repo, "mention RC-ZZZZZ and nothing else")
    out = cli.json("link")
    assert out["scanned"] == 8
    assert [(x["finding"], x["sha"]) for x in out["claims"]] == [(a, s1), *sorted([(b, s3), (c, s3)])]  # ID order
    assert [(x["finding"], x["sha"]) for x in out["references"]] == [(b, s2)]
    assert out["unknown"] == {"RC-ZZZZZ": [s4]}
    assert _status(cli) == {a: "fixed", b: "fixed", c: "fixed", d: "open"}
    shown = cli.json("show", b)
    assert [(x["kind"], x["sha"]) for x in shown["commits"]] == [("reference", s2), ("claim", s3)]
    assert [(h["kind"], h["from_status"], h["to_status"], h["actor"]) for h in shown["history"]] == [
        ("imported", None, "open", "import"),
        ("claim", "open", "fixed", "Dev <dev@example.com>"),
    ]
    assert cli.json("status")["awaiting_verification"] == 3


def test_rescan_is_incremental_and_idempotent(project) -> None:
    repo, cli, (a, *_rest) = project
    _commit(repo, f"Fixes: {a}")
    assert len(cli.json("link")["claims"]) == 1
    again = cli.json("link")
    assert (again["scanned"], again["claims"]) == (0, [])
    before = cli.export()
    assert cli.json("link", "--since", "HEAD~3")["claims"] == []  # rescanning adds nothing
    assert cli.export() == before


def test_revert_withdraws_the_claim_and_reopens(project) -> None:
    repo, cli, (a, *_rest) = project
    claim = _commit(repo, f"fix {a}")
    cli("link")
    revert = _commit(repo, f'Revert "fix {a}"\n\nThis reverts commit {claim}.')
    out = cli.json("link")
    assert out["claims"] == [] and out["withdrawn"] == [{"finding": a, "sha": claim, "reverted_by": revert}]
    assert _status(cli)[a] == "open"
    shown = cli.json("show", a)
    assert [(x["kind"], x["active"], x["note"]) for x in shown["commits"]] == [
        ("claim", False, f"withdrawn: reverted by {revert[:10]}"),
        ("reference", True, None),
    ]
    assert shown["history"][-1]["kind"] == "revert" and shown["history"][-1]["to_status"] == "open"


def test_claims_never_override_verified_or_wontfix(project) -> None:
    repo, cli, (a, b, *_rest) = project
    cli("wontfix", a)
    cli("set", b, "verified")
    _commit(repo, f"fix {a}, {b}")
    out = cli.json("link")
    assert sorted(x["finding"] for x in out["claims"]) == sorted([a, b])
    assert (_status(cli)[a], _status(cli)[b]) == ("wontfix", "verified")


def test_merge_commits_are_scanned(project) -> None:
    repo, cli, (_a, _b, _c, d) = project
    repo.git.checkout("-b", "feature")
    side = _commit(repo, "work on timeouts", "app/http.py", "timeout = 5\n")
    repo.git.checkout("main")
    _commit(repo, "unrelated")
    repo.git.merge("--no-ff", "feature", "-m", f"Merge branch 'feature'\n\nFixes {d}")
    out = cli.json("link")
    assert [(x["finding"], x["sha"]) for x in out["claims"]] == [(d, repo.head.commit.hexsha)]
    assert out["scanned"] == 7 and side in {c.hexsha for c in repo.iter_commits()}


def test_rewritten_history_keeps_links_with_a_note(project) -> None:
    repo, cli, (a, *_rest) = project
    old = _commit(repo, f"fix {a}")
    cli("link")
    repo.git.reset("--hard", "HEAD~1")
    new = _commit(repo, f"fix {a} (amended)")
    out = cli.json("link")
    assert out["unreachable"] == [old]
    links = cli.json("show", a)["commits"]
    assert [(x["sha"], x["note"]) for x in links] == [
        (old, "commit no longer reachable from HEAD (rebased or force-pushed?)"),
        (new, None),
    ]


def test_suggest_and_confirm(project) -> None:
    repo, cli, (a, b, *_rest) = project
    far = _commit(repo, "append to the worker", "app/worker.py", "a = 1\nb = 2\nc = 3\nd = 4\n")
    touch = _commit(repo, "tidy the worker", "app/worker.py", "a = 1\nb = 2\nC = 3\nd = 4\n")  # line 3
    _commit(repo, f"cache work, Refs: {b}", "app/cache.py", "a = 2\n")
    cli("link")
    found = cli.json("link", "--suggest")
    assert [(x["finding"], x["sha"], x["files"], x["score"]) for x in found] == [
        (a, touch, ["app/worker.py"], 3),  # touched the finding's line first
        (a, far, ["app/worker.py"], 1),
    ]
    cli("link", "--claim", a, touch[:8])
    assert _status(cli)[a] == "fixed"
    assert cli.json("link", "--suggest") == []  # fixed findings are not open any more
    assert "already claimed" in cli("link", "--claim", a, touch, code=2).stderr


def test_bad_repositories(project, tmp_path: Path) -> None:
    _repo, cli, _ = project
    plain = tmp_path / "plain"
    plain.mkdir()
    assert cli("link", "--repo", str(plain), code=2).stderr == f"reviewctl: error: {plain}: not a git repository\n"
    git.Repo.init(tmp_path / "empty")
    assert "has no commits yet" in cli("link", "--repo", str(tmp_path / "empty"), code=2).stderr
    assert "no such revision" in cli("link", "--since", "nope", code=2).stderr
    beyond = cli("link", "HEAD~100..HEAD", code=2).stderr
    assert beyond.endswith(": bad revision 'HEAD~100..HEAD'\n") and "stderr" not in beyond and "fatal" not in beyond
    assert "no such directory" in cli("link", "--repo", str(tmp_path / "missing"), code=2).stderr


def test_shallow_and_bare_clones(project, tmp_path: Path) -> None:
    repo, cli, (a, *_rest) = project
    _commit(repo, f"fix {a}")
    shallow = git.Repo.clone_from(f"file://{repo.working_tree_dir}", tmp_path / "shallow", depth=1)
    out = cli.json("link", "--repo", shallow.working_tree_dir)
    assert out["warnings"] == ["shallow clone: history is truncated, older commits were not scanned"]
    assert out["scanned"] == 1 and [x["finding"] for x in out["claims"]] == [a]
    bare = git.Repo.clone_from(repo.working_tree_dir, tmp_path / "bare.git", bare=True)
    assert cli.json("link", "--repo", bare.git_dir)["scanned"] == 5  # 4 adds + the fix


def test_detached_head_is_scanned(project) -> None:
    repo, cli, (a, *_rest) = project
    sha = _commit(repo, f"fix {a}")
    repo.git.checkout(sha)  # detached
    assert [x["finding"] for x in cli.json("link")["claims"]] == [a]


def test_unreadable_object_fails_cleanly_and_writes_nothing(project) -> None:
    repo, cli, (a, *_rest) = project
    broken = _commit(repo, f"fix {a}")
    _commit(repo, "later")
    obj = Path(repo.git_dir) / "objects" / broken[:2] / broken[2:]
    obj.chmod(0o644)
    obj.unlink()  # the claiming commit's object is gone
    before = cli.export()
    err = cli("link", code=2).stderr
    assert err.startswith("reviewctl: error: git log HEAD failed in ") and err[-1] == "\n" and err.count("\n") == 1
    assert cli.export() == before


def test_link_outside_a_repository_creates_no_store(cli: Cli, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert cli("link", "--repo", str(plain), code=2).stderr == f"reviewctl: error: {plain}: not a git repository\n"
    assert not cli.db.exists() and not any(cli.db.parent.iterdir())
