"""The rule catalog: every built-in rule passes its fixture; loading validates; repos add rules."""

from pathlib import Path

import pytest

from reviewctl.rules import RuleError, check_fixtures, load_catalog

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
    "rust-unwrap",
    "ignored-error",
    "empty-catch",
    "shell-injection",
    "sql-format",
    "weak-hash",
    "insecure-random",
    "debug-output",
    "swift-force-unwrap",
    "panic-in-production",
    "db-call-in-loop",
}


def test_catalog_has_the_promised_rules() -> None:
    assert set(CATALOG.rules) == REQUIRED_IDS


@pytest.mark.parametrize("rule_id", sorted(REQUIRED_IDS))
def test_rule_passes_its_fixtures(rule_id: str) -> None:
    rule = CATALOG.get(rule_id)
    results = check_fixtures(rule)
    assert len(results) == len(rule.fixtures) >= 1
    assert any(r.expected for r in results), "a rule's fixtures must mark at least one line it must flag"
    for result in results:
        assert result.flagged == result.expected, result.fixture


def test_every_ast_grep_language_has_a_fixture() -> None:
    from reviewctl.languages import language

    for rule in CATALOG.rules.values():
        if rule.detector == "ast_grep":
            covered = {language(f.name) for f in rule.fixtures}
            assert set(rule.languages) - {"javascript"} <= covered, rule.id  # TypeScript fixtures stand for both


def test_rules_have_a_severity() -> None:
    assert CATALOG.get("shell-injection").severity == "high"
    assert CATALOG.get("debug-output").severity == "low"
    assert {r.severity for r in CATALOG.rules.values()} <= {"critical", "high", "medium", "low"}


def test_excluded_paths_are_not_read() -> None:
    rule = CATALOG.get("rust-unwrap")
    assert rule.applies_to("src/main.rs")
    assert not rule.applies_to("tests/cli.rs") and not rule.applies_to("crate/tests/cli.rs")
    assert not rule.applies_to("src/main.py")


def test_suppressions_are_honoured_and_reported() -> None:
    assert check_fixtures(CATALOG.get("bare-except"))[0].suppressed == (15, 40)
    assert check_fixtures(CATALOG.get("except-pass"))[0].suppressed == (31,)


@pytest.mark.parametrize(
    ("title", "body", "rule"),
    [
        ("Bare except clauses", "`app/cache.py` lines 445, 449", "bare-except"),
        ("Bare Exception Handling", "- **Location**: `app/cache.py:12`", "bare-except"),
        ("Redis Keys Pattern Matching Performance", "in `store/redis_store.py`", "redis-keys"),
        ("Missing psutil dependency", "`mon.py` imports psutil; not in requirements.txt", "missing-requirement"),
        ("Inconsistent Error Logging", "`app/x.py`: using `print()` instead of structured logging", "print-logging"),
        ("Missing staleTime Configuration", "`src/hooks/useJobs.ts:4`", "usequery-no-staletime"),
        ("Missing Prefetch for Navigation", "Clicking links in `src/App.tsx` triggers loading spinners", None),
        ("Silently ignored error + debug statement", "`services/notify.go:40`", "ignored-error"),  # first named
    ],
)
def test_findings_map_to_rules_by_phrase(title: str, body: str, rule: str | None) -> None:
    assert CATALOG.match(title, body) == rule


@pytest.mark.parametrize(
    ("title", "path", "rule"),
    [
        ("Unwrap panic in import dispatch", "src/orchestration/import.rs", "rust-unwrap"),
        ("Force unwraps could crash", "Sources/App/Downloader.swift", "swift-force-unwrap"),
        ("Force unwraps could crash", "Tests/AppTests/DownloaderTests.swift", None),  # tests are excluded
        ("uuid.MustParse - potential panic", "middlewares/auth_middleware.go", "panic-in-production"),
        ("`panic` on file creation failure in `main`", "cmd/server/main.go", "panic-in-production"),
        ("Missing Unwrap method", "errors/errors.go", None),
        ("MD5 used for cache keys", "app/cache.py", "md5-hash"),
        ("MD5 used for cache keys", "internal/cache.go", "weak-hash"),
        ("Ignored error from godotenv", "config/config.go", "ignored-error"),
        ("Exceptions are swallowed", "app/worker.py", "except-pass"),
        ("Exceptions are swallowed", "src/Loader.java", "empty-catch"),
        ("Command injection in remote SSH commands", "src/remote/ssh.rs", "shell-injection"),
        ("Remove debug fmt.Println statements", "services/auth_service.go", "debug-output"),
        ("Unbounded cache of cursors", "db/cursor.rs", None),
        ("N+1 insert loop", "services/winner_service.go", "db-call-in-loop"),
        ("N+1 insert loop", "services/winners.py", "query-in-loop"),
    ],
)
def test_findings_map_by_phrase_and_the_file_language(title: str, path: str, rule: str | None) -> None:
    assert CATALOG.match(title, "", paths=(path,)) == rule
    assert CATALOG.match(title, f"- **Location**: `{path}:12`") == rule  # the paths its text names


def test_without_a_source_file_no_rule_maps() -> None:
    assert CATALOG.match("MD5 used for cache keys") is None  # md5-hash (Python) or weak-hash (others)?
    assert CATALOG.match("Bare except clauses", "see requirements.txt") is None


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
        (
            "id: x\ntitle: t\ndescription: d\ndetector: {ast-grep: {rust: {rule: {kind: no_such_kind}}}}\n",
            "bad.yaml: rule 'x': rust: ast-grep refuses the rule",
        ),
        (
            "id: x\ntitle: t\ndescription: d\ndetector: {ast-grep: {cobol: {rule: {pattern: x}}}}\n",
            "bad.yaml: rule 'x': unknown language 'cobol'",
        ),
        ("id: x\ntitle: t\ndescription: d\nseverity: urgent\ndetector: bare_except\n", "severity must be one of"),
    ],
)
def test_invalid_rules_name_file_and_rule(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path, "bad.yaml", text)
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace("'", "'")):
        load_catalog(tmp_path)


def test_literal_trie_finds_exactly_the_words_given_including_prefixes_of_each_other() -> None:
    from reviewctl.rules import literal_trie

    pattern = literal_trie({"as!", "asyncio.run(", "bare except", "bare", "a+b"})
    found = {
        text: (m.group(0) if (m := pattern.search(text)) else None)
        for text in ("x as! y", "asyncio.run(", "the bareness", "a+b", "asyncio.ru", "as", "")
    }
    assert found == {
        "x as! y": "as!",
        "asyncio.run(": "asyncio.run(",
        "the bareness": "bare",
        "a+b": "a+b",
        "asyncio.ru": None,
        "as": None,
        "": None,
    }
    assert literal_trie(set()).search("anything") is None
