"""Import through the real CLI: summaries, re-import, identity, statuses, bad input."""

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewctl.errors import ReviewctlError
from reviewctl.importer import import_document
from tests.conftest import ASSETS, Cli

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
    out = cli("import", str(doc), "--json").stdout
    (summary,) = json.loads(out)["documents"]
    assert (summary["new"], summary["changed"], summary["unchanged"], summary["dropped"]) == (2, 0, 0, 0)
    assert summary["by_priority"] == {"critical": 1, "high": 1}
    assert (summary["with_location"], summary["without_location"], summary["effort_minutes"]) == (2, 0, 60)
    text = cli("import", str(write("r2.md", DOC))).stderr
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
    write("docs/a.md", DOC)
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
