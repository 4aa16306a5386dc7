"""A long document is parsed in pieces cut at headings; the tree must be the one the whole gives."""

import pytest

from reviewctl.parse import structure
from reviewctl.parse.structure import Lines, cut_points, parse_sections

TRICKY = """# Review

Intro paragraph.

## High priority

### 1. Cache race
`src/cache.py:10`

```python
# not a heading inside a fence
## nor this
```

### 2. Fence with a longer closing fence
````
```
## still code
```
````

<div>
## part of an HTML block, not a heading
</div>

### 3. Lists and tables
1. first
2. second
   - nested [x] done
- [x] checked

| ID | Title | Effort |
|----|-------|--------|
| 1 | Cache race | 2h |

## Low priority
~~~
## tilde fence content
~~~
### 4. Last one
Line one\r\nline two\rline three
"""


def _dump(sec, out=None):
    out = [] if out is None else out
    blocks = [
        (b.kind, b.text, b.line, b.depth, b.ordinal, b.checked, list(b.rows), len(b.children)) for b in sec.blocks
    ]
    out.append((sec.level, sec.title, sec.line, sec.end, sec.pseudo, blocks))
    for child in sec.children:
        _dump(child, out)
    return out


@pytest.mark.parametrize("chunk", [1, 40, 200])
def test_pieces_give_the_tree_of_the_whole(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    whole = _dump(parse_sections(TRICKY))
    monkeypatch.setattr(structure, "CHUNK", chunk)
    assert len(cut_points(structure.newlines(TRICKY))) >= 3
    assert _dump(parse_sections(TRICKY)) == whole


def test_headings_inside_fences_and_html_are_never_cut_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(structure, "CHUNK", 1)
    text = structure.newlines(TRICKY)
    cut_lines = [text[c:].split("\n", 1)[0] for c in cut_points(text)]
    assert cut_lines == [
        "# Review",
        "## High priority",
        "### 1. Cache race",
        "### 2. Fence with a longer closing fence",
        "## part of an HTML block, not a heading",
        "### 3. Lists and tables",
        "## Low priority",
        "### 4. Last one",
    ]


def test_a_piece_ending_inside_an_html_block_is_parsed_with_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(structure, "CHUNK", 1)
    titles = [s.title for s in parse_sections(TRICKY).walk()]
    assert "part of an HTML block, not a heading" not in titles
    assert titles[-1] == "4. Last one"


def test_lines_are_counted_as_markdown_it_counts_them() -> None:
    lines = Lines("a\nb\n\nc")
    assert [lines.between(0, 2), lines.between(1, 3), lines.between(3, 4), lines.between(2, 9)] == [
        "a\nb",
        "b\n",
        "c",
        "\nc",
    ]
    assert lines.between(3, 3) == ""
