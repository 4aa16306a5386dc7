"""Import through the real CLI: summaries, re-import, identity, statuses, bad input."""

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewctl.errors import ReviewctlError
from reviewctl.importer import import_document
from tests.conftest import ASSETS, Cli, commit, git_repo

DOC = """# Review

## Critical Issues

### 1. Bare except in worker (Critical)
- **Location**: `app/worker.py:40`
- **Issue**: swallows everything

### 2. Unbounded cache
- **Location**: `app/cache.py:12-20`
- **Priority**: High
- **Effort**: 1 hour
"""


def _by_title(cli) -> dict[str, dict]:
    return {f["title"]: f for f in cli.export()["findings"]}


def test_summary_counts(cli, write) -> None:
    doc = write("r.md", DOC)
    out = cli("import", str(doc), "--dry-run", "--json").stdout
    (summary,) = json.loads(out)["documents"]
    assert (summary["new"], summary["changed"], summary["unchanged"], summary["dropped"]) == (2, 0, 0, 0)
    assert summary["by_priority"] == {"critical": 1, "high": 1}
    assert (summary["with_location"], summary["without_location"], summary["effort_minutes"]) == (2, 0, 60)
    text = cli("import", str(doc)).stderr
    assert "2 new, 0 changed, 0 unchanged, 0 dropped" in text
    assert "by priority: 1 critical, 1 high; 2 with a location, 0 without; effort 1h" in text


def test_reimport_unchanged_is_skipped_and_changes_nothing(cli, write) -> None:
    doc = write("r.md", DOC)
    cli("import", str(doc))
    before = cli.export()
    assert "unchanged since the last import (2 findings); skipped" in cli("import", str(doc)).stderr
    assert cli.export() == before


def test_same_document_gives_same_ids_in_two_stores(tmp_path, monkeypatch) -> None:
    ids = []
    for name in ("a.db", "b.db"):
        one = Cli(tmp_path / name, monkeypatch)
        one("import", str(ASSETS / "small_review.md"))
        ids.append([f["id"] for f in one.export()["findings"]])
    assert ids[0] == ids[1]
    assert all(i.startswith("RC-") and len(i) == 8 for i in ids[0])


def test_edited_document_updates_adds_and_drops(cli, write) -> None:
    doc = write("r.md", DOC)
    cli("import", str(doc))
    old = _by_title(cli)
    edited = DOC.replace("`app/cache.py:12-20`", "`app/cache.py:30-38`").replace(
        "Bare except in worker", "Bare except in the worker"
    )
    edited = (
        edited.split("### 2.")[0]
        + "### 2. Unbounded cache\n- **Location**: `app/cache.py:30-38`\n- **Priority**: High\n"
    )
    edited += "\n### 3. Print debugging (Low)\n- **Location**: `app/cli.py`\n"
    doc.write_text(edited)
    out = json.loads(cli("import", str(doc), "--json").stdout)["documents"][0]
    assert (out["new"], out["changed"], out["unchanged"], out["dropped"]) == (1, 2, 0, 0)
    new = _by_title(cli)
    assert new["Bare except in the worker"]["id"] == old["Bare except in worker"]["id"]  # identity kept across the edit
    assert new["Unbounded cache"]["id"] == old["Unbounded cache"]["id"]
    assert new["Unbounded cache"]["locations"][0]["line_start"] == 30
    assert new["Unbounded cache"]["effort_minutes"] is None
    doc.write_text(DOC.split("### 2.")[0])
    out = json.loads(cli("import", str(doc), "--json").stdout)["documents"][0]
    assert (out["new"], out["dropped"]) == (0, 2)
    assert {f["title"]: f["status"] for f in cli.export()["findings"]} == {
        "Bare except in worker": "open",
        "Unbounded cache": "dropped",
        "Print debugging": "dropped",
    }
    kinds = [e["kind"] for e in cli.export()["events"] if e["finding_id"] == new["Unbounded cache"]["id"]]
    assert kinds == ["imported", "changed", "dropped"]


def test_reimport_never_overwrites_a_person_status(cli, write) -> None:
    doc = write("r.md", DOC)
    cli("import", str(doc))
    fid = _by_title(cli)["Unbounded cache"]["id"]
    cli("wontfix", fid, "--note", "accepted")
    doc.write_text(DOC + "\n## Fixes Applied\n\n- [x] Unbounded cache now evicts\n")
    cli("import", str(doc))
    assert _by_title(cli)["Unbounded cache"]["status"] == "wontfix"
    bare = _by_title(cli)["Bare except in worker"]
    assert bare["status"] == "open"


def test_document_status_follows_document_until_a_person_acts(cli, write) -> None:
    doc = write("r.md", DOC)
    cli("import", str(doc))
    doc.write_text(DOC + "\n## Fixes Applied\n\n- [x] Bare except in worker replaced by except Exception\n")
    cli("import", str(doc))
    assert _by_title(cli)["Bare except in worker"]["status"] == "fixed"


def test_dry_run_writes_nothing(cli, write) -> None:
    doc = write("r.md", DOC)
    cli("init")
    before = cli.export()
    out = cli("import", str(doc), "--dry-run")
    assert "2 new" in out.stderr and "dry run: nothing was written" in out.stderr
    assert cli.export() == before


def test_stdin_and_directories(cli, write, tmp_path) -> None:
    cli("import", "-", "--name", "piped", stdin=DOC)
    assert {f["review_id"] for f in cli.export()["findings"]} == {"piped"}
    write("docs/a.md", DOC.replace("worker", "queue"))
    write("docs/nested/b.markdown", DOC.replace("Unbounded", "Bounded"))
    write("docs/image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    out = json.loads(cli("import", str(tmp_path / "docs"), "--json").stdout)
    assert [d["review_id"] for d in out["documents"]] == ["a", "b"]


def test_bad_input_is_one_clear_line(cli, write, tmp_path) -> None:
    cli("init")
    assert cli("import", str(tmp_path / "missing.md"), code=2).stderr == (
        f"reviewctl: error: {tmp_path / 'missing.md'}: no such file or directory\n"
    )
    assert "empty file" in cli("import", str(write("empty.md", "")), code=2).stderr
    assert "binary file" in cli("import", str(write("blob.md", b"\x00\x01\x02" * 100)), code=2).stderr
    (tmp_path / "unrelated").mkdir()
    write("unrelated/data.csv", "a,b\n")
    assert "no review documents" in cli("import", str(tmp_path / "unrelated"), code=2).stderr
    nothing = cli("import", str(write("prose.md", "# Notes\n\nAll good here.\n")))
    assert nothing.stderr.endswith("prose.md: no findings found in this document; skipped\n")
    assert cli.export()["reviews"] == []
    big = write("big.md", b"# x\n" + b"a" * (21 * 1024 * 1024))
    assert "larger than the 20 MB a review may be" in cli("import", str(big), code=2).stderr
    assert cli.export()["findings"] == []


def test_partial_failure_keeps_good_documents(cli, write, tmp_path) -> None:
    write("docs/good.md", DOC)
    write("docs/bad.md", b"\x00\x00binary")
    out = cli("import", str(tmp_path / "docs"), code=1)
    assert "binary file" in out.stderr
    assert len(cli.export()["findings"]) == 2


def test_encodings(cli, write) -> None:
    cli("import", str(write("utf16.md", DOC.replace("Bare", "Bäre").encode("utf-16"))))
    cli(
        "import",
        str(write("latin1.md", DOC.replace("Bare", "Bâre").replace("# Review", "# Révision").encode("latin-1"))),
    )
    titles = {f["title"] for f in cli.export()["findings"]}
    assert {"Bäre except in worker", "Bâre except in worker"} <= titles


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400) | st.binary(max_size=300))
def test_any_input_imports_or_fails_with_our_error(store, text) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with contextlib.suppress(ReviewctlError):
        import_document(store, raw="fuzz.md", data=data, dry_run=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "# T",
                "## 🔴 Critical",
                "### 1. X (High)",
                "- **Location**: `a.py:1-2`",
                "**Effort**: 2h",
                "| a | b |",
                "|---|---|",
                "1. **Phase 1**: x",
                "```",
                "- [x] done",
                "",
                "### Week 2: y",
            ]
        ),
        max_size=30,
    )
)
def test_markdown_shapes_never_crash(store, lines) -> None:
    try:
        import_document(store, raw="shapes.md", data="\n".join(lines).encode(), dry_run=True)
    except ReviewctlError as exc:
        assert "empty file" in str(exc)


def _events(cli, fid: str) -> list[tuple]:
    return [
        (e["kind"], e["from_status"], e["to_status"], e["actor"], e["note"])
        for e in cli.export()["events"]
        if e["finding_id"] == fid
    ]


def test_a_person_status_survives_removal_from_the_document(cli, write) -> None:
    doc = write("r.md", DOC)
    cli("import", str(doc))
    ids = {t: f["id"] for t, f in _by_title(cli).items()}
    cli("wontfix", ids["Unbounded cache"], "--note", "accepted")
    cli("start", ids["Bare except in worker"])
    doc.write_text("# Review\n\n### 1. Print debugging (Low)\n- **Location**: `app/cli.py`\n")
    out = cli("import", str(doc))
    assert "1 new, 0 changed, 0 unchanged, 0 dropped, 2 no longer listed (status kept)" in out.stderr
    assert {t: f["status"] for t, f in _by_title(cli).items()} == {
        "Bare except in worker": "in_progress",
        "Unbounded cache": "wontfix",
        "Print debugging": "open",
    }
    assert _events(cli, ids["Unbounded cache"])[-1] == (
        "unlisted",
        None,
        None,
        "import",
        "no longer in the document; status wontfix kept",
    )
    doc.write_text(doc.read_text() + "\n### 2. Print debugging again (Low)\n")
    assert json.loads(cli("import", str(doc), "--json").stdout)["documents"][0]["unlisted"] == 0  # said once
    assert [e[0] for e in _events(cli, ids["Unbounded cache"])] == ["imported", "status", "unlisted"]
    doc.write_text(DOC)
    cli("import", str(doc))
    assert _events(cli, ids["Unbounded cache"])[-1] == ("listed", None, None, "import", "back in the document")
    assert _by_title(cli)["Unbounded cache"]["status"] == "wontfix"


def test_a_status_a_commit_set_survives_removal_from_the_document(tmp_path, monkeypatch) -> None:
    repo = git_repo(tmp_path / "project")
    commit(repo, "start", {"app/worker.py": "x = 1\n"})
    cli = Cli(tmp_path / "store.db", monkeypatch)
    monkeypatch.chdir(tmp_path / "project")
    (tmp_path / "project" / "r.md").write_text(DOC)
    cli("import", "r.md")
    ids = {t: f["id"] for t, f in _by_title(cli).items()}
    commit(repo, f"fix {ids['Bare except in worker']}", {"app/worker.py": "x = 2\n"})
    cli("link")
    cli("set", ids["Unbounded cache"], "verified")
    (tmp_path / "project" / "r.md").write_text("# Review\n\n### 1. Print debugging (Low)\n- **Location**: `a.py`\n")
    cli("import", "r.md")
    assert {t: f["status"] for t, f in _by_title(cli).items()} == {
        "Bare except in worker": "fixed",
        "Unbounded cache": "verified",
        "Print debugging": "open",
    }


def test_a_finding_a_person_dropped_stays_dropped_while_listed(cli, write) -> None:
    doc = write("r.md", DOC)
    cli("import", str(doc))
    fid = _by_title(cli)["Unbounded cache"]["id"]
    cli("set", fid, "dropped", "--note", "not ours")
    for effort in ("2 hours", "3 hours"):
        doc.write_text(DOC.replace("1 hour", effort))
        cli("import", str(doc))
    assert _by_title(cli)["Unbounded cache"]["status"] == "dropped"
    assert [e[0] for e in _events(cli, fid)] == ["imported", "status", "changed", "changed"]


def test_dry_run_json_lists_the_findings(cli, write) -> None:
    doc = write("r.md", DOC)
    cli("import", str(doc))
    ids = {t: f["id"] for t, f in _by_title(cli).items()}
    cli("wontfix", ids["Bare except in worker"])
    doc.write_text(
        DOC.split("### 1.")[0]
        + "### 2. Unbounded cache\n- **Location**: `app/cache.py:12-20`\n- **Priority**: High\n- **Effort**: 2 hours\n"
        + "\n### 3. Print debugging (Low)\n- **Location**: `app/cli.py:7`\n"
    )
    before = cli.export()
    (out,) = json.loads(cli("import", str(doc), "--dry-run", "--json").stdout)["documents"]
    assert cli.export() == before
    assert (out["new"], out["changed"], out["unchanged"], out["dropped"], out["unlisted"]) == (1, 1, 0, 0, 1)
    assert out["findings"] == [
        {
            "id": ids["Unbounded cache"],
            "title": "Unbounded cache",
            "priority": "high",
            "effort_minutes": 120,
            "phase": None,
            "status": "open",
            "locations": [{"path": "app/cache.py", "line_start": 12, "line_end": 20}],
            "change": "changed",
        },
        {
            "id": None,
            "title": "Print debugging",
            "priority": "low",
            "effort_minutes": None,
            "phase": None,
            "status": "open",
            "locations": [{"path": "app/cli.py", "line_start": 7, "line_end": 7}],
            "change": "new",
        },
        {
            "id": ids["Bare except in worker"],
            "title": "Bare except in worker",
            "priority": "critical",
            "effort_minutes": None,
            "phase": None,
            "status": "wontfix",
            "locations": [{"path": "app/worker.py", "line_start": 40, "line_end": 40}],
            "change": "unlisted",
        },
    ]


RETITLE = """# Review

## High Issues

### 1. Port parse error ignored
- **Location**: `svc/main.go:10`

`port, _ := strconv.Atoi(os.Getenv("PORT"))` drops the error, so a typo in PORT starts the
server on port 0 and nobody notices until the health check fails in production.

### 2. Another problem at the same place
- **Location**: `svc/main.go:10`

An unrelated remark about logging that happens to point at the same line.
"""


def test_a_retitled_finding_at_the_same_place_with_the_same_body_keeps_its_identity(cli, write) -> None:
    doc = write("r.md", RETITLE)
    cli("import", str(doc))
    old = _by_title(cli)
    cli("wontfix", old["Port parse error ignored"]["id"])
    doc.write_text(RETITLE.replace("Port parse error ignored", "PORT parsing error is silently discarded"))
    out = json.loads(cli("import", str(doc), "--json").stdout)["documents"][0]
    assert (out["new"], out["changed"], out["unchanged"], out["dropped"], out["unlisted"]) == (0, 1, 1, 0, 0)
    new = _by_title(cli)
    assert new["PORT parsing error is silently discarded"]["id"] == old["Port parse error ignored"]["id"]
    assert new["PORT parsing error is silently discarded"]["status"] == "wontfix"
    # a new title and a new body at the same place is another finding
    doc.write_text(
        RETITLE.replace("### 2. Another problem at the same place", "### 2. Logging is noisy").replace(
            "An unrelated remark about logging", "Every request logs its headers twice, which floods the log"
        )
    )
    out = json.loads(cli("import", str(doc), "--json").stdout)["documents"][0]
    assert (out["new"], out["dropped"]) == (1, 1)
