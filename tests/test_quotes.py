"""Quoted code taken from a finding's body: what counts as a quote, whitespace-insensitive matching, diffs."""

from reviewctl.quotes import Squashed, diff_excerpt, evidence, quoted_code

BODY = """- **Location**: `src/main.rs:3`
- **Issue**: `let v = cfg.get("x").unwrap();` panics, `x` is short, `ClickHouseAsyncWriter` and `a.b_c::d` are names.

```rust
let v = cfg.get("x").unwrap();
// the reviewer's note
let w = other_call_here(v);
```

**Suggested fix**:
```rust
let v = cfg.get("x")?;
```
Also `after_fix_span()` under the fix label.

#### Current code
`still_quoted(1)`
"""


def test_quotes_skip_proposals_and_short_spans() -> None:
    assert quoted_code(BODY) == [
        'let v = cfg.get("x").unwrap();',
        'let v = cfg.get("x").unwrap();\n// the reviewer\'s note\nlet w = other_call_here(v);',
        "still_quoted(1)",
    ]


def test_evidence_is_what_occurs_in_the_file_ignoring_whitespace() -> None:
    source = 'fn main() {\n    let v = cfg\n        .get("x")\n        .unwrap();\n    let w = other_call_here(v);\n}\n'
    assert evidence(BODY, source) == ['let v = cfg.get("x").unwrap();', "let w = other_call_here(v);"]
    assert Squashed(source).find('cfg.get("x").unwrap()') == [2]
    assert Squashed(source).find("let", first=3) == [5]


def test_diff_excerpt_names_the_changed_lines() -> None:
    before = "a\nb\nold = 1\nc\n"
    after = "a\nb\nnew = 2\nc\n"
    assert diff_excerpt(before, after, 3) == "- old = 1\n+ new = 2"


def test_a_reviewers_comment_in_a_quoted_block_is_not_part_of_the_evidence() -> None:
    body = "```go\nfunc apply(bu *Unit) {\n    bu.Priority = DefaultPriority // ⚠️ overwrites user input\n}\n```\n"
    source = "package m\n\nfunc apply(bu *Unit) {\n\tbu.Priority = DefaultPriority\n}\n"
    assert evidence(body, source, "unit.go") == ["func apply(bu *Unit) {", "bu.Priority = DefaultPriority"]


def test_names_and_locations_are_not_quotes_but_calls_are() -> None:
    spans = ["app.py:100, 118", "stat.go:153/:160", "app.py (line 48)", "src/jobs/", "main()", "CacheManager"]
    spans += ["x.lock().unwrap()", "exit(1)", "this.aggregator.flush()"]
    body = "Found: " + ", ".join(f"`{s}`" for s in spans)
    assert quoted_code(body) == ["x.lock().unwrap()", "exit(1)", "this.aggregator.flush()"]
