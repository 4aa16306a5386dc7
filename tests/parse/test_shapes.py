"""The shapes real reviews write findings in, each on a small document written for the test."""

import time

import pytest

from reviewctl.parse import parse_review
from reviewctl.parse.fields import find_locations, section_priority, use_vocabulary
from tests.conftest import ASSETS


def _rows(text: str) -> list[tuple]:
    return [
        (f.title, f.priority, f.status, [(loc.path, loc.line_start, loc.line_end) for loc in f.locations])
        for f in parse_review(text).findings
    ]


def _titles(text: str) -> list[str]:
    return [f.title for f in parse_review(text).findings]


def test_numbered_headings_under_severity_sections_without_fields() -> None:
    doc = """# Review of the sink
## High priority
### 4. Retry loop blocks the planner thread
`conn/Config.java:88` (same in the old module)

The loop sleeps a second per attempt.

**Fix direction:** use a fixed count.
### 5. Unsigned mapping has no range check
`schema/Mapper.java:283`
## Low priority
### 6. Helper duplicated across modules
Both modules carry the same unwrap logic.
"""
    assert _rows(doc) == [
        ("Retry loop blocks the planner thread", "high", "open", [("conn/Config.java", 88, 88)]),
        ("Unsigned mapping has no range check", "high", "open", [("schema/Mapper.java", 283, 283)]),
        ("Helper duplicated across modules", "low", "open", []),
    ]


def test_a_severity_word_on_the_location_line_is_the_findings_own() -> None:
    doc = """# Code Review
## 1. [bug] Close check runs on hidden field
`app/forms/schema.ts:314` — warning

Toggling the option leaves the stale value.
## 2. [copy] Plural form missing
`locales/en.json:80` — info

Use count-aware keys.
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("[bug] Close check runs on hidden field", "medium"),
        ("[copy] Plural form missing", "low"),
    ]


def test_bold_pseudo_headings_with_numbered_bold_items_and_a_sibling_category() -> None:
    doc = """# Audit
**High Severity Findings**
1. **Edits are lost on quit.**
   The save hook only runs on move.
2. **Name collisions overwrite data.**
   Two notes with one slug share a file.

**Unused Code**
1. **Unused store plugin.**
   Registered and never called.
2. **Unused settings commands.**
   Exposed but unreachable.

**Recommendations (Prioritized)**
1. Fix the save hook and the slug collisions.
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("Edits are lost on quit.", "high"),
        ("Name collisions overwrite data.", "high"),
        ("Unused store plugin.", "unknown"),
        ("Unused settings commands.", "unknown"),
    ]


def test_checkbox_checklist_under_priority_sections_with_category_subheadings() -> None:
    doc = """# Fixes Checklist
## 🔴 Critical Issues
### Security
- [ ] Add auth to the orders endpoints
- [x] Replace `new Random()` for one-time codes
### Data
- [ ] Wrap seat creation in a transaction
## 🟢 Medium Priority Issues
### Config
- [ ] Add `.gitignore`
## Quick Reference: Files to Fix
- `Controllers/OrdersController.cs`
"""
    assert _rows(doc) == [
        ("Add auth to the orders endpoints", "critical", "open", []),
        ("Replace new Random() for one-time codes", "critical", "fixed", []),
        ("Wrap seat creation in a transaction", "critical", "open", []),
        ("Add .gitignore", "medium", "open", [(".gitignore", None, None)]),
    ]


def test_a_done_section_gives_fixed_checkboxes_and_no_plain_items() -> None:
    doc = """# 检查清单
## 已完成 ✓
- [x] parser.rs: 移除不必要的 clone()
## Improvements Implemented ✅
- Added a changelog entry for the release
## 需要完成
- [ ] where_planner.rs: 恢复完整实现
- [ ] `cargo check` 无编译错误
"""
    assert [(t, s) for t, _, s, _ in _rows(doc)] == [
        ("parser.rs: 移除不必要的 clone()", "fixed"),
        ("where_planner.rs: 恢复完整实现", "open"),
        ("cargo check 无编译错误", "open"),
    ]


def test_bullets_that_open_with_a_path_under_a_japanese_severity_section() -> None:
    doc = """# 簡易レビュー
## 重大（優先修正）
- `src/app/alloc.c`: 引数の順序が誤っています。修正してください。
## 小規模改善（推奨）
- `src/util/time.c`: 型を統一すると読みやすくなります。
## 次のステップ
1. `alloc.c` の修正
"""
    assert _rows(doc) == [
        ("引数の順序が誤っています。", "critical", "open", [("src/app/alloc.c", None, None)]),
        ("型を統一すると読みやすくなります。", "low", "open", [("src/util/time.c", None, None)]),
    ]


def test_bold_path_openers_under_counted_severity_headings() -> None:
    doc = """# Deep Review
## CRITICAL (2 issues)
### 1. Stash not restored on failure
**`src/wt/manager.rs:82-99`** — the `?` returns before the stash pop.
### 2. Injection via setup script
**`src/wt/setup.rs:39-40`** — passed to `sh -c` unescaped.
## Summary
| # | Severity | Title |
|---|---|---|
| 1 | Critical | Stash not restored |
"""
    assert _rows(doc) == [
        ("Stash not restored on failure", "critical", "open", [("src/wt/manager.rs", 82, 99)]),
        ("Injection via setup script", "critical", "open", [("src/wt/setup.rs", 39, 40)]),
    ]


def test_table_rows_with_an_id_range_and_a_compressed_list_split_per_item_and_take_cited_phases() -> None:
    doc = """# Monorepo review
## Core
### High
| ID | Sev | Where | Problem | Fix |
|---|---|---|---|---|
| CORE-H1 | High | `src/http/Client.cs:30` | Timeouts surface as cancellation. Callers retry writes. | Rethrow. |
| CORE-L1..L3 | Low | various | dead wrapper (→X1); stale comment in `Cache.cs:12`; unused `Flag` | Delete. |
### Medium
CORE-M1..M2, abbreviated: swallowed parse errors; culture-sensitive casing
# Fix plan
## Phase 1 — Defects
| # | Item | Findings | Effort |
|---|---|---|---|
| 1.1 | Fix timeouts | CORE-H1 | S |
## Phase 2 — Polish
- **Core:** L2, L3 and CORE-M1, M2
"""
    found = parse_review(doc).findings
    assert [(f.number, f.title, f.priority, f.phase) for f in found] == [
        ("CORE-H1", "Timeouts surface as cancellation.", "high", 1),
        ("CORE-L2", "stale comment in Cache.cs:12", "low", 2),
        ("CORE-L3", "unused Flag", "low", 2),
        ("CORE-M1", "swallowed parse errors", "medium", 2),
        ("CORE-M2", "culture-sensitive casing", "medium", 2),
    ]


def test_tool_generated_location_lists_under_group_headings() -> None:
    doc = """# Potential Bugs
## 🔴 HIGH Priority Issues
### Broad Except (2 occurrences)
- `unknown:138` - Catching broad Exception type
- `unknown:275` - Catching broad Exception type
- ... and 40 more
## Circular Import Detection
✅ No obvious circular imports detected
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("Catching broad Exception type", "high"),
        ("Catching broad Exception type", "high"),
    ]


def test_a_bullet_with_nested_location_and_effort_sub_bullets() -> None:
    doc = """# Review
## Issues
- **Cache keys built with md5**
  - Location: `shop/cache.py:13`
  - Effort: 20 minutes
- **Pickle on untrusted data**
  - Location: `shop/cache.py:18-19`
  - Effort: 1 hour
"""
    found = parse_review(doc).findings
    assert [(f.title, f.effort_minutes, [(loc.path, loc.line_start) for loc in f.locations]) for f in found] == [
        ("Cache keys built with md5", 20, [("shop/cache.py", 13)]),
        ("Pickle on untrusted data", 60, [("shop/cache.py", 18)]),
    ]


def test_praise_refuted_future_and_verification_sections_add_no_findings() -> None:
    doc = """# Review
## Strengths
- Clear separation of concerns in the loader
## Verified non-issues (refuted)
- **Race in the test writer**: tests run sequentially.
## Suggestions for Future Features
### High Priority
#### 1. Command-line interface
A CLI would help.
## Testing Gaps
### 1. Edge cases
- [ ] Test with the connection lost mid-operation
## Bugs
- **Off-by-one in the pager** skips the last page
"""
    assert _titles(doc) == ["Off-by-one in the pager"]


def test_a_fix_order_list_citing_ids_sets_priority_over_the_section() -> None:
    doc = """# 审查
## 🟡 Suggestion
### S1. 配置值被截断
- **位置**：`conf/parse.rs:107`
### S2. 启动竞态
- **位置**：`server/main.rs:188`
## 建议的修复优先级
1. **P0（安全）**：S2
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [("配置值被截断", "medium"), ("启动竞态", "critical")]


def test_a_numbered_table_longer_than_the_sections_is_the_list_and_lends_status() -> None:
    doc = """# Deep Review
| # | Severity | Finding | Effort | Status |
|---|---|---|---|---|
| 1 | 🔴 | **Middleware never registered** | 2 min | |
| 2 | 🟠 | **Reads are eventually consistent** | 5 min | ✅ Fixed |
| 3 | 🟡 | **CORS middleware missing** | 10 min | |
## 🔴 Critical Issues
### 1️⃣ Middleware never registered
**File:** `app/main.py:12`
"""
    found = parse_review(doc).findings
    assert [(f.title, f.priority, f.effort_minutes, f.status) for f in found] == [
        ("Reads are eventually consistent", "high", 5, "fixed"),
        ("CORS middleware missing", "medium", 10, "open"),
        ("Middleware never registered", "critical", 2, "open"),
    ]


def test_a_review_of_one_file_gives_it_to_findings_that_name_none() -> None:
    doc = """# Code Review: `pkg/agents/taxonomy.py`
## Issues
### 1. Merge order is not stable
Two runs give different trees.
"""
    assert _rows(doc) == [("Merge order is not stable", "unknown", "open", [("pkg/agents/taxonomy.py", None, None)])]


NO = (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://github.com/o/r/blob/0a1b2c3/src/main.rs#L10-L20", [("src/main.rs", 10, 20)]),
        ("`src/lib.rs` (L10-20)", [("src/lib.rs", 10, 20)]),
        ("src/a.go, line 10", [("src/a.go", 10, 10)]),
        ("C:\\proj\\src\\Main.cs:42", [("proj/src/Main.cs", 42, 42)]),
        ("`a/commands.go:917` (finish), `:934` (guard)", [("a/commands.go", 917, 917), ("a/commands.go", 934, 934)]),
        ("`x.ts:167` (also line 147)", [("x.ts", 167, 167), ("x.ts", 147, 147)]),
        ("`svc/u.go`\n- Line 61, 83", [("svc/u.go", None, None), ("svc/u.go", 61, 61), ("svc/u.go", 83, 83)]),
        ("`src/app/[tenant]/page.tsx:3`", [("src/app/[tenant]/page.tsx", 3, 3)]),
        ("see https://docs.example.com/guide/setup.html", []),
        ("`Gemfile`, `.gitignore`, `app/jobs/`", [("Gemfile", *NO), (".gitignore", *NO), ("app/jobs/", *NO)]),
        ("MyClass.method() and com.example.Foo", []),
    ],
)
def test_location_forms(text: str, expected: list) -> None:
    assert [(loc.path, loc.line_start, loc.line_end) for loc in find_locations(text)] == expected


def test_symbol_after_a_path() -> None:
    assert [(loc.path, loc.symbol) for loc in find_locations("`src/parse.rs::read_header`")] == [
        ("src/parse.rs", "read_header")
    ]


@pytest.mark.parametrize(
    ("title", "priority"),
    [
        ("Prioridad alta", "high"),
        ("Hallazgos críticos", "critical"),
        ("Kritisch", "critical"),
        ("Problèmes mineurs", "low"),
        ("Высокий приоритет", "high"),
        ("심각", "critical"),
        ("Nits", "low"),
        ("Blockers", "critical"),
        ("⚠️ Warnings", "medium"),
        ("中文问题", None),
        ("Out of scope for this PR", None),
    ],
)
def test_section_severity_in_many_languages(title: str, priority: str | None) -> None:
    assert section_priority(title) == priority


def test_a_teams_own_vocabulary_wins() -> None:
    doc = """# R
## SEV1 findings
### 1. Token leaks into logs
**Spot**: `svc/auth.go:40`
"""
    use_vocabulary({"sev1": "critical"}, {"spot": "location"})
    try:
        assert _rows(doc) == [("Token leaks into logs", "critical", "open", [("svc/auth.go", 40, 40)])]
    finally:
        use_vocabulary({}, {})
    assert _rows(doc) == [("Token leaks into logs", "unknown", "open", [("svc/auth.go", 40, 40)])]


def test_numbers_no_store_can_hold_are_dropped_with_a_warning() -> None:
    doc = """# R
## High
### 1. Overflow
**Location**: `a.py:99999999999999999999`
**Effort**: 99999999999999999999 hours
"""
    review = parse_review(doc)
    assert _rows(doc) == [("Overflow", "high", "open", [("a.py", None, None)])]
    assert review.findings[0].effort_minutes is None
    assert review.warnings == [
        "line 3: line numbers out of range ignored in 'Overflow'",
        "line 3: effort out of range ignored in 'Overflow'",
    ]


@pytest.mark.parametrize("char", ["-", "=", "🔥", "❗", "(", "[a]", "`", "a/", "a."])
def test_a_long_run_in_a_heading_or_item_parses_in_linear_time(char: str) -> None:
    doc = f"# R\n## High\n### 1. Cache {char * 10_000} x (High)\n- `{char * 10_000}` - item\n"
    started = time.perf_counter()
    parse_review(doc)
    assert time.perf_counter() - started < 2.0, "a run of one character made the parser crawl"


def test_a_fixes_list_that_cites_table_ids_marks_those_findings_and_adds_none() -> None:
    doc = """# Service audit

| ID | Title | Severity | Location |
|----|-------|----------|----------|
| API-1 | Empty catch swallows fetch errors | High | `web/api.ts:22` |
| API-2 | Debug logging left in production | Medium | `web/api.ts:10` |
| SVC-1 | Parse error of the port ignored | High | `svc/main.go:10` |

## Fixes Applied

- [x] SVC-1: the port is checked and the error returned
- [ ] API-2: still to do
"""
    assert _rows(doc) == [
        ("Empty catch swallows fetch errors", "high", "open", [("web/api.ts", 22, 22)]),
        ("Debug logging left in production", "medium", "open", [("web/api.ts", 10, 10)]),
        ("Parse error of the port ignored", "high", "fixed", [("svc/main.go", 10, 10)]),
    ]


def test_a_checked_item_that_cites_a_heading_finding_is_its_status_not_a_new_finding() -> None:
    doc = """# Review
## Findings
### B1. Token compared in non-constant time
`auth/token.py:12`
### B2. Session never expires
`auth/session.py:40`
## Progress
- [x] B2 — sessions expire after a day now
- [ ] B1 — needs a constant-time compare
"""
    assert _rows(doc) == [
        ("Token compared in non-constant time", "unknown", "open", [("auth/token.py", 12, 12)]),
        ("Session never expires", "unknown", "fixed", [("auth/session.py", 40, 40)]),
    ]


def test_a_bracketed_place_before_the_title_is_a_location_not_words_of_the_title() -> None:
    doc = """# Backend review
## Critical
### 1. [api/orders.go:40-44] Same Problem
The error is dropped here too.
### 2. [perf] Query per row in the export
`api/export.go:12`
### 3. [Several handlers] Panics on a bad cast
"""
    assert _rows(doc) == [
        ("Same Problem", "critical", "open", [("api/orders.go", 40, 44)]),
        ("[perf] Query per row in the export", "critical", "open", [("api/export.go", 12, 12)]),
        ("[Several handlers] Panics on a bad cast", "critical", "open", []),
    ]


def test_counts_in_a_metrics_list_are_not_findings() -> None:
    doc = """# Review
## Issues
### Quality numbers
- **Critical Issues**: 2
- **Warnings**: 7 (4 fixed) ✅
- Retries: 0 although the client drops every third request
"""
    assert _titles(doc) == ["Retries: 0 although the client drops every third request"]


def test_a_heading_ending_in_metrics_holds_no_findings_unless_numbered() -> None:
    doc = """# Review
## Issues
### 7. Missing request metrics
The handler exports no latency histogram.
### Code Quality Metrics
- Cyclomatic complexity rose in three modules of the API
- Duplicated lines fell from nine to four percent overall
"""
    assert _titles(doc) == ["Missing request metrics"]


def test_numbered_headings_like_their_cousins_are_findings_but_not_a_checklist_of_test_ideas() -> None:
    text = (ASSETS / "cousin_sections.md").read_text()
    assert _titles(text) == [
        "Store name differs between modules",
        "Dates come back as strings",
        "Fetch calls have no timeout",
        "Retries ignore the server's hint",
        "Services built again in every command",
        "No injection of the config store",
        "Test salt is predictable",
        "Keys stay in memory",
    ]
    sparse = text.split("## Code Structure")[0].replace("### 3.", "### three").replace("### 4.", "### four")
    security = "## Security\n\n### 1. Salt\nA constant.\n\n### 2. Keys\nStay.\n\n### 3. Logs\nLeak.\n"
    assert _titles(sparse + security) == [
        "Store name differs between modules",
        "Dates come back as strings",
        "three Fetch calls have no timeout",
        "four Retries ignore the server's hint",
    ]  # two findings of five numbered cousins: no majority, the others stand on their own evidence


def test_an_item_whose_bold_lead_is_only_a_place_takes_its_title_from_the_text_after() -> None:
    doc = """# Review
## Findings
1. **`store.rs:40-52`** — cache key ignores the tenant id. Include it.
2. **`repo.rs:157`**: version compare is lexical, so 1.10 sorts before 1.9.
3. **Unbounded queue** in `worker.rs:12` grows without limit.
"""
    assert _rows(doc) == [
        ("cache key ignores the tenant id.", "unknown", "open", [("store.rs", 40, 52)]),
        ("version compare is lexical, so 1.10 sorts before 1.9.", "unknown", "open", [("repo.rs", 157, 157)]),
        ("Unbounded queue", "unknown", "open", [("worker.rs", 12, 12)]),
    ]


def test_a_priority_tag_then_a_place_before_an_items_message() -> None:
    doc = """# Lint review
## Problems
- [P2] `src/net/pool.ts:10-14, 30-33` - socket leak on reconnect
- [P1] `src/a.ts:3` - 同上问题
- [docs] README never mentions the retry flag at all
"""
    assert _rows(doc) == [
        ("socket leak on reconnect", "medium", "open", [("src/net/pool.ts", 10, 14), ("src/net/pool.ts", 30, 33)]),
        ("同上问题", "high", "open", [("src/a.ts", 3, 3)]),
        ("[docs] README never mentions the retry flag at all", "unknown", "open", []),
    ]


def test_a_heading_that_opens_with_its_file_takes_the_words_after_as_its_title() -> None:
    doc = """# Review
## Bugs
### 1. `stats.py` - line 282: IndexError on an empty list
The loop reads past the end.
### 2. `api/app.ts`: handler swallows the error
Nothing is logged.
### 3. `env.rs:67` 路径变量用错
死代码。
### 4. README.md is outdated
The install steps name a removed flag.
"""
    assert [(t, [(loc.path, loc.line_start) for loc in f.locations]) for f in parse_review(doc).findings
            for t in [f.title]] == [
        ("IndexError on an empty list", [("stats.py", 282)]),
        ("handler swallows the error", [("api/app.ts", None)]),
        ("env.rs:67 路径变量用错", [("env.rs", 67)]),
        ("README.md is outdated", [("README.md", None)]),
    ]  # fmt: skip


def test_a_heading_naming_issues_and_recommendations_holds_findings() -> None:
    doc = """# Review
## Issues Found & Recommendations
### 1. Timer never cancelled
**Severity:** Medium

The interval keeps the process alive in `jobs/runner.ts`.
## Recommendations
### 1. Cancel the timer on shutdown
Call clearInterval in the stop hook.
"""
    assert _rows(doc) == [("Timer never cancelled", "medium", "open", [("jobs/runner.ts", None, None)])]


def test_short_bold_items_over_their_notes_and_bold_places_with_line_words() -> None:
    doc = """# Review
## 🔴 Critical
1. **Debug hooks left enabled**
   - `src/debug.ts` is always imported
2. **Logging**
   - log calls bypass the logger
## Nits
1. **`loader.py` line 40:** `retries = 3` -- magic number.
2. **`report.py`:** Output order is random.
"""
    assert _rows(doc) == [
        ("Debug hooks left enabled", "critical", "open", [("src/debug.ts", None, None)]),
        ("Logging", "critical", "open", []),
        ("retries = 3 -- magic number.", "low", "open", [("loader.py", 40, 40)]),
        ("Output order is random.", "low", "open", [("report.py", None, None)]),
    ]


def test_findings_under_a_heading_of_issues_fixed_are_fixed() -> None:
    doc = """# Review
## Shell Script Issues Fixed
### 1. Missing error handling (Critical)
The script ran on after a failed copy; now it stops.
## Fixed Bugs
- Cache key ignored the tenant so tenants saw each other's rows
## Open Issues
### 1. Retry storm on restart (High)
Every worker retries at once.
"""
    assert [(t, p, s) for t, p, s, _ in _rows(doc)] == [
        ("Missing error handling", "critical", "fixed"),
        ("Cache key ignored the tenant so tenants saw each other's rows", "unknown", "fixed"),
        ("Retry storm on restart", "high", "open"),
    ]


def test_section_words_in_other_languages() -> None:
    doc = """# Revisión del código
## Resumen ejecutivo
- La aplicación funciona pero tiene varios problemas serios
## 🔴 Errores Críticos
### 1. Acceso a localStorage sin verificación
El render del servidor falla en `app/page.tsx`.
## ✅ Buenas Prácticas Encontradas
### 1. Componentes pequeños y bien nombrados
Se leen con facilidad.
## Исправленные ошибки
### 3. Утечка соединений
Пул не закрывался.
## Próximos pasos
1. Verificar localStorage antes de leerlo
"""
    assert [(t, p, s) for t, p, s, _ in _rows(doc)] == [
        ("Acceso a localStorage sin verificación", "critical", "open"),
        ("Утечка соединений", "unknown", "fixed"),
    ]


def test_a_list_of_the_files_reviewed_is_not_a_list_of_findings() -> None:
    doc = """# Review
## Review Scope
- `run.sh` - the nightly cron script
- `web.php` - the status page
## Issues
- `run.sh:12` - unquoted variable splits paths with spaces
"""
    assert _titles(doc) == ["unquoted variable splits paths with spaces"]


def test_a_week_plan_in_another_language_gives_phases_by_meaning() -> None:
    doc = """# Обзор
## Проблемы
### 1. Нет валидации данных
Форма принимает пустые значения в `src/form.js:12`.
### 2. Лишние ре-рендеры списка
Каждый ввод перерисовывает весь список.
## План
### Неделя 1
1. Добавить валидацию данных
### Неделя 2
1. Убрать лишние ре-рендеры списка
"""
    assert [(f.title, f.phase) for f in parse_review(doc).findings] == [
        ("Нет валидации данных", 1),
        ("Лишние ре-рендеры списка", 2),
    ]


@pytest.mark.parametrize("head", ["Phase 2: Hardening", "Semana 2 (julio)", "Étape 2 — tests", "第2周", "2주차: 정리"])
def test_phase_headings_in_many_languages(head: str) -> None:
    from reviewctl.parse.extract import PHASE_HEAD

    assert PHASE_HEAD.match(head)


def test_warning_marked_items_are_problems_and_fix_options_are_not_findings() -> None:
    doc = """# Dependency audit
## Needs a manual upgrade
- ⚠️ `yaml-lib` (<2.1): high severity, the parser can be made to loop forever
- ⚠️ `tarball` (<=7.5): medium severity, only in the build chain
- ✅ `lodash` upgraded cleanly
## Critical Fixes
### Escape the values
- **Option A**: escape with the serializer
- **Option B**: reject values with quotes
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("yaml-lib (<2.1): high severity, the parser can be made to loop forever", "high"),
        ("tarball (<=7.5): medium severity, only in the build chain", "medium"),
    ]


def test_a_lines_field_belongs_to_the_file_named_before_it() -> None:
    doc = """# Review
## Bugs
### 1. `app/a.tsx` - Stale closure in the effect
**Lines:** 36-41
The handler reads old state.
### 2. Retry loop never backs off
**File:** `app/b.ts`
**Lines:** 10, 20-22
## Notes
- `app/c.ts` - missing await before the write
  - **Lines:** 7
"""
    assert [(t, locs) for t, _, _, locs in _rows(doc)] == [
        ("Stale closure in the effect", [("app/a.tsx", 36, 41)]),
        ("Retry loop never backs off", [("app/b.ts", 10, 10), ("app/b.ts", 20, 22)]),
        ("missing await before the write", [("app/c.ts", 7, 7)]),
    ]


@pytest.mark.parametrize("mark", ["[v]", "[x]", "✓", "✔"])
def test_a_ticked_heading_is_fixed(mark: str) -> None:
    head = f"### {mark} High: API accepts requests without a token"
    doc = f"# Review\n## Issues\n{head}\n- **Location:** `api/Server.java:59`\n"
    assert _rows(doc) == [("API accepts requests without a token", "high", "fixed", [("api/Server.java", 59, 59)])]


def test_a_priority_field_naming_two_levels_leaves_the_priority_unknown() -> None:
    doc = """# Revue
## 1. Bugs critiques
### 1.2 Le cache n'expire jamais
**Sévérité :** MOYENNE-HAUTE

Les entrées restent pour toujours.
### 1.3 Fuite de descripteurs de fichiers
**Sévérité :** MOYENNE

Les fichiers restent ouverts.
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("Le cache n'expire jamais", "unknown"),
        ("Fuite de descripteurs de fichiers", "medium"),
    ]


def test_a_code_block_that_names_the_lines_it_quotes_is_a_location() -> None:
    doc = """# Review
## Critical
### 1. Voice age never increases
```889:902:cpp/src/synth.cpp
int age = 0;
```
So voice stealing always picks the same voice.
"""
    assert _rows(doc) == [("Voice age never increases", "critical", "open", [("cpp/src/synth.cpp", 889, 902)])]


def test_rounds_of_a_fixes_applied_section_in_another_language_mark_findings_fixed() -> None:
    doc = """# Revisión
## Errores
### 1. Acceso a localStorage sin verificación
Falla en el servidor.
### 2. Arrays reconstruidos en cada render
El componente crea los arrays otra vez.
## ✅ Correcciones Aplicadas
### Primera ronda
1. ✅ **Acceso a localStorage verificado** - `app/battle/page.tsx`
"""
    assert [(t, s) for t, _, s, _ in _rows(doc)] == [
        ("Acceso a localStorage sin verificación", "fixed"),
        ("Arrays reconstruidos en cada render", "open"),
    ]


def test_a_plan_citing_section_numbers_lends_priority_and_phase() -> None:
    doc = """# Revisão
## 1. Problemas de lógica
### 1.1 Cálculo de taxa errado
O total ignora a taxa.
### 1.2 Consulta de estoque incorreta
Compara com o campo errado.
### 1.3 Estoque pode ficar negativo
Sem trava.
## Priorização de Correções
### Alta Prioridade (Corrigir Imediatamente)
1. **1.1** - Cálculo de taxa (impacto financeiro)
### Baixa Prioridade (Backlog)
2. **1.3** - Estoque negativo (caso raro)
## Plano
### Fase 2: Robustez
- Travas de estoque e consultas (1.2, 1.3)
"""
    assert [(f.title, f.priority, f.phase) for f in parse_review(doc).findings] == [
        ("Cálculo de taxa errado", "high", None),
        ("Consulta de estoque incorreta", "unknown", 2),
        ("Estoque pode ficar negativo", "low", 2),
    ]


def test_sub_numbered_headings_under_a_japanese_defects_section() -> None:
    doc = """# レビュー
## ② 重大な不備・エラー
### 2-1. 環境変数の未検証
起動時に検証していない。
### 2-2. マイグレーション未適用リスク
本番で失敗する。
## 概要
### 2024-01-15 の状況
特になし。
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("環境変数の未検証", "critical"),
        ("マイグレーション未適用リスク", "critical"),
    ]


def test_a_list_under_a_plain_fixed_heading_is_of_fixed_findings() -> None:
    doc = """# Audit log
## Audit 3 findings
### Fixed
1. Reclassification reverted without a session; it now persists as a rule.
2. Visibility messages used a null tab id; the sender's tab is used now.
"""
    assert [s for _, _, s, _ in _rows(doc)] == ["fixed", "fixed"]


def test_a_heading_numbered_with_a_range_over_its_items_gives_one_finding_per_item() -> None:
    doc = """# Revisión
## 🟠 Problemas altos
### 10. Fuga de memoria con object URLs
Nunca se liberan.
### 11-13. Más altos
- Validación insuficiente de números de documento
- Dependencias incompletas en useEffect
- Permission check sin fallback
### 14-15. Refactorización sugerida
Separar la lógica de los componentes.
"""
    assert _titles(doc) == [
        "Fuga de memoria con object URLs",
        "Validación insuficiente de números de documento",
        "Dependencias incompletas en useEffect",
        "Permission check sin fallback",
        "Refactorización sugerida",
    ]


def test_praised_files_and_reports_of_no_issues_are_not_findings() -> None:
    doc = """# Pre-production review
## Detailed analysis by file
### ✅ 1. `QueueService.java` (NEW) - **EXCELLENT**
Clean and well tested.
### ⚠️ 2. `page.tsx` (MODIFIED) - **NEEDS REVIEW**
The effect never unsubscribes.
## Critical Issues Found
### 🔴 NONE - No blocking issues
## Checklist
- [x] No critical issues found
- [x] Retries are bounded by the client settings
"""
    assert [(t, s) for t, _, s, _ in _rows(doc)] == [
        ("page.tsx (MODIFIED) - NEEDS REVIEW", "open"),
        ("Retries are bounded by the client settings", "fixed"),
    ]


def test_warnings_and_recommendations_hold_findings_and_a_ticked_severity_is_not_done_work() -> None:
    doc = """# Review
## Warnings & Recommendations
### ⚠️ Medium Priority
1. **Missing tests for the queue service**
   - **Impact:** the new service has no coverage
2. **Compliance test expects the old status**
   - **Impact:** the integration test fails
### ✅ Low Priority
3. **Unused method in the dashboard controller**
   - **Recommendation:** remove it
4. **No cache in front of the queue service**
   - **Recommendation:** measure polling first
## Added Features
- CSV export of the daily tracking data
"""
    assert [(t, p, s) for t, p, s, _ in _rows(doc)] == [
        ("Missing tests for the queue service", "medium", "open"),
        ("Compliance test expects the old status", "medium", "open"),
        ("Unused method in the dashboard controller", "low", "open"),
        ("No cache in front of the queue service", "low", "open"),
    ]


def test_an_item_written_as_a_table_row_takes_its_problem_cell_as_title() -> None:
    doc = """# Audit
### MEDIUM (2)
1. **M-1** | Lines 31,34 | `scripting` permission unnecessary for this version | Remove it from the manifest.
2. **M-2** | Line 55 | Session storage plaintext not acknowledged | Add it to the notice.
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("scripting permission unnecessary for this version", "medium"),
        ("Session storage plaintext not acknowledged", "medium"),
    ]


def test_a_priority_list_lends_its_level_to_the_findings_its_items_name_by_meaning() -> None:
    doc = """# Review
## Problems
### 1. Unbounded query can exhaust memory
The handler loads every row.
### 2. Missing index on the lookup field
Each request scans the table.
## Recommendations
### P0
- Bound the unbounded query with a page size
### P2
- Add the missing index on the lookup field
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("Unbounded query can exhaust memory", "critical"),
        ("Missing index on the lookup field", "medium"),
    ]


def test_a_heading_that_says_something_about_a_file_is_a_finding_over_its_list() -> None:
    doc = """# Review
## 🟠 Structure
### GroupHost.js is one 900-line function
It would read better in three parts:
1. **Control factories** (makeKnob, makeSelect)
2. **Edit mode** (arranging, freezeGroup)
### `auth.py`
- **Token never expires** in the refresh path
- **Password compared with ==** instead of a constant-time check
"""
    assert [(t, p) for t, p, _, _ in _rows(doc)] == [
        ("GroupHost.js is one 900-line function", "high"),
        ("Token never expires", "high"),
        ("Password compared with ==", "high"),
    ]


def test_an_items_own_status_field_and_a_problem_that_mentions_the_future() -> None:
    doc = """# Review
## Issues
1. **[HIGH] Token never expires**
   - **Status:** ✅ Done
2. **[LOW] Logs are too chatty**
   - **Status:** open
### 3. Crypto library deprecated, no future security patches
The crate is unmaintained in `src/crypto.rs`.
### 4. `serde_yaml` 已标记弃用，未来无安全补丁
作者已停止维护。
## Future Enhancements
### 1. Dark mode
Users asked for it.
"""
    assert [(t, s) for t, _, s, _ in _rows(doc)] == [
        ("Token never expires", "fixed"),
        ("Logs are too chatty", "open"),
        ("Crypto library deprecated, no future security patches", "open"),
        ("serde_yaml 已标记弃用，未来无安全补丁", "open"),
    ]


def test_a_file_name_may_open_with_a_plus() -> None:
    found = find_locations("see `src/routes/+layout.ts:4` and `+page.svelte` but not a+b.py")
    assert [(x.path, x.line_start) for x in found] == [("src/routes/+layout.ts", 4), ("+page.svelte", None)]
