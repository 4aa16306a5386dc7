"""Which review a document is: stdin keyed by content, renamed documents recognised, copies warned."""

import hashlib
import json

from tests.test_importer import DOC

OTHER = "# Other review\n\n### 1. SQL built by string formatting (High)\n- **Location**: `db/query.py:9`\n"
EXTRA = "\n### 3. Print debugging (Low)\n- **Location**: `app/cli.py:7`\n"


def _stdin_key(text: str) -> str:
    return "stdin-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def _statuses(cli) -> dict[tuple[str, str], str]:
    return {(f["review_id"], f["title"]): f["status"] for f in cli.export()["findings"]}


def test_two_documents_on_stdin_are_two_reviews(cli) -> None:
    first = json.loads(cli("import", "-", "--json", stdin=DOC).stdout)["documents"][0]
    second = json.loads(cli("import", "-", "--json", stdin=OTHER).stdout)["documents"][0]
    assert (first["review_id"], second["review_id"]) == (_stdin_key(DOC), _stdin_key(OTHER))
    assert second["dropped"] == 0
    assert set(_statuses(cli).values()) == {"open"}
    assert [r["id"] for r in cli.export()["reviews"]] == sorted([_stdin_key(DOC), _stdin_key(OTHER)])
    assert "unchanged since the last import (2 findings); skipped" in cli("import", "-", stdin=DOC).stderr


def test_an_edited_document_on_stdin_updates_its_review(cli) -> None:
    cli("import", "-", stdin=DOC)
    out = cli("import", "-", stdin=DOC + EXTRA)
    key = _stdin_key(DOC)
    assert f"warning: same document as review '{key}' (renamed?); imported as update of '{key}'" in out.stderr
    assert f"- → review '{key}': 1 new, 0 changed, 2 unchanged, 0 dropped" in out.stderr
    assert {r for r, _ in _statuses(cli)} == {key}


def test_a_renamed_document_is_not_imported_twice(cli, write) -> None:
    old = write("review.md", DOC)
    cli("import", str(old))
    before = cli.export()
    new = write("review-2026.md", DOC)
    old.unlink()
    out = cli("import", str(new))
    assert out.stderr == (
        f"{new}: same document as review 'review' (renamed?); unchanged since the last import (2 findings); skipped\n"
    )
    assert cli.export() == before


def test_a_renamed_and_edited_document_updates_its_review(cli, write) -> None:
    old = write("review.md", DOC)
    cli("import", str(old))
    old.unlink()
    new = write("review-2026.md", DOC + EXTRA)
    (out,) = json.loads(cli("import", str(new), "--json").stdout)["documents"]
    counts = (out["new"], out["changed"], out["unchanged"], out["dropped"])
    assert (out["review_id"], out["same_as"], counts) == ("review", "review", (1, 0, 2, 0))
    assert out["warnings"] == ["same document as review 'review' (renamed?); imported as update of 'review'"]
    assert [(r["id"], r["path"], r["warnings"]) for r in cli.export()["reviews"]] == [("review", str(new), [])]
    assert len(cli.export()["findings"]) == 3


def test_a_copy_whose_original_is_still_there_is_a_new_review_with_a_warning(cli, write) -> None:
    cli("import", str(write("review.md", DOC)))
    (out,) = json.loads(cli("import", str(write("copy.md", DOC + EXTRA)), "--json").stdout)["documents"]
    assert (out["review_id"], out["same_as"], out["new"]) == ("copy", None, 3)
    assert out["warnings"] == [
        "2 of its 3 findings are also in review 'review', whose document is still there; imported as a new review"
    ]


def test_an_explicit_name_keeps_a_new_review_with_a_warning(cli, write) -> None:
    old = write("review.md", DOC)
    cli("import", str(old))
    old.unlink()
    out = cli("import", str(write("again.md", DOC)), "--name", "week2")
    assert "review 'week2': 2 new" in out.stderr
    assert "warning: 2 of its 2 findings are also in review 'review'; imported as a new review (--name)" in out.stderr


def test_a_different_review_sharing_a_title_is_its_own_review(cli, write) -> None:
    cli("import", str(write("review.md", DOC)))
    other = write("other.md", OTHER + "\n### 2. Unbounded cache\n- **Location**: `db/pool.py:3`\n")
    (out,) = json.loads(cli("import", str(other), "--json").stdout)["documents"]
    assert (out["review_id"], out["same_as"], out["new"], out["warnings"]) == ("other", None, 2, [])


def test_the_renamed_file_keeps_updating_its_review(cli, write) -> None:
    old = write("review.md", DOC)
    cli("import", str(old))
    old.unlink()
    new = write("review-2026.md", DOC + EXTRA)
    cli("import", str(new))
    new.write_text(OTHER)
    (out,) = json.loads(cli("import", str(new), "--json").stdout)["documents"]
    assert (out["review_id"], out["same_as"], out["new"], out["dropped"], out["warnings"]) == ("review", None, 1, 3, [])
    assert {r for r, _ in _statuses(cli)} == {"review"}
