"""The rule catalog: every built-in rule passes its fixture; loading validates; repos add rules."""

from pathlib import Path

import pytest

from reviewctl.rules import RuleError, check_fixture, load_catalog

CATALOG = load_catalog()
REQUIRED_IDS = {
    "bare-except",
    "except-pass",
    "print-logging",
    "missing-requirement",
    "sqlite-no-lock",
    "sqlite-no-wal",
    "asyncio-run-nested",
    "redis-keys",
    "commit-in-loop",
    "query-in-loop",
    "unlocked-singleton",
    "executor-not-shutdown",
    "sleep-in-async",
    "pickle-loads",
    "md5-hash",
    "unbounded-cache",
    "usequery-no-staletime",
}


def test_catalog_has_the_promised_rules() -> None:
    assert set(CATALOG.rules) == REQUIRED_IDS


@pytest.mark.parametrize("rule_id", sorted(REQUIRED_IDS))
def test_rule_passes_its_fixture(rule_id: str) -> None:
    result = check_fixture(CATALOG.get(rule_id))
    assert result.expected, "a fixture must mark at least one line it must flag"
    assert result.flagged == result.expected


def test_suppressions_are_honoured_and_reported() -> None:
    assert check_fixture(CATALOG.get("bare-except")).suppressed == (15, 40)
    assert check_fixture(CATALOG.get("except-pass")).suppressed == (31,)


@pytest.mark.parametrize(
    ("title", "body", "rule"),
    [
        ("Bare except clauses", "", "bare-except"),
        ("Bare Exception Handling", "", "bare-except"),
        ("Redis Keys Pattern Matching Performance", "", "redis-keys"),
        ("Missing psutil dependency", "psutil is imported but not in requirements.txt", "missing-requirement"),
        ("Inconsistent Error Logging", "Using `print()` instead of structured logging", "print-logging"),
        ("Missing staleTime Configuration", "", "usequery-no-staletime"),
        ("Missing Prefetch for Navigation", "Clicking links triggers loading spinners", None),
    ],
)
def test_findings_map_to_rules_by_phrase(title: str, body: str, rule: str | None) -> None:
    assert CATALOG.match(title, body) == rule


def _write(folder: Path, name: str, text: str) -> None:
    (folder / ".reviewctl" / "rules").mkdir(parents=True, exist_ok=True)
    (folder / ".reviewctl" / "rules" / name).write_text(text)


def test_repository_rules_add_and_override(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "todo.yaml",
        "id: todo-left\ntitle: TODO left\ndescription: d\ndetector: {regex: 'TODO'}\nglobs: ['*.py']\n",
    )
    _write(tmp_path, "bare.yaml", "id: bare-except\ntitle: Our bare except\ndescription: d\ndetector: bare_except\n")
    catalog = load_catalog(tmp_path)
    assert catalog.get("todo-left").detector == "regex"
    assert catalog.get("bare-except").title == "Our bare except"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\ntitle: t\ndescription: d\ndetector: nope\n", "bad.yaml: rule 'x': unknown detector 'nope'"),
        ("id: x\ntitle: t\ndescription: d\ndetector: {regex: '('}\n", "bad.yaml: rule 'x': bad pattern"),
        ("id: x\ntitle: t\n", "bad.yaml: rule 'x': missing description, detector"),
        (
            "- {id: x, title: t, description: d, detector: bare_except}\n"
            "- {id: x, title: t, description: d, detector: bare_except}\n",
            "bad.yaml: rule 'x': duplicate id",
        ),
        ("id: [unclosed\n", "bad.yaml: cannot read rule file"),
    ],
)
def test_invalid_rules_name_file_and_rule(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path, "bad.yaml", text)
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace("'", "'")):
        load_catalog(tmp_path)
