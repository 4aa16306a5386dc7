"""`import --explain`: each candidate of the outline with its verdict and the reason (real CLI)."""

import json

from tests.conftest import ASSETS, Cli


def test_explain_gives_each_heading_its_verdict_and_reason(cli: Cli) -> None:
    [doc] = json.loads(cli("import", "--explain", "--json", str(ASSETS / "cousin_sections.md")).stdout)
    said = {(c["line"], c["text"]): (c["verdict"], c["reason"]) for c in doc["candidates"]}
    assert doc["findings"] == 8
    assert said[(5, "1. Store name differs between modules")] == (
        "finding",
        "numbered, in an issues or severity section",
    )
    assert said[(21, "1. Services built again in every command")] == (
        "finding",
        "numbered like the headings beside it, which are findings",
    )
    assert said[(24, "2. No injection of the config store")] == ("finding", "numbered")
    assert said[(37, "1. Edge cases")] == ("skipped", "heads a list: its items are the candidates")
    assert said[(38, "Test with connection loss mid-write")][0] == "skipped"


def test_explain_writes_nothing(cli: Cli, tmp_path) -> None:
    before = sorted(tmp_path.iterdir())
    cli("import", "--explain", str(ASSETS / "cousin_sections.md"))
    assert sorted(tmp_path.iterdir()) == before
