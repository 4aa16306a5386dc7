"""Markdown → a tree of sections, each holding its own blocks (paragraphs, list items, tables).

Built from markdown-it-py's token stream, so code fences never leak into fields and list
nesting, checkboxes and table cells come from the parser, not from guessing at raw lines.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

_CHECK = re.compile(r"^\[([ xX])\]\s+")
MAX_HEADING = 500
"""Characters of a heading kept as its title: bounds the work every title pattern does."""
_BOLD_ONLY = re.compile(r"^(\*\*|__)([^*_\n]{1,150})\1\s*$")


@dataclass
class Block:
    kind: str  # paragraph | item | table | code
    text: str  # inline Markdown source of the block (table: "" — see rows)
    line: int
    depth: int = 0  # list nesting depth for items
    ordinal: int | None = None  # number of an ordered-list item
    checked: bool | None = None  # task-list state of an item
    rows: list[list[str]] = field(default_factory=list)
    children: list["Block"] = field(default_factory=list)  # nested list items of an item


@dataclass
class Section:
    level: int
    title: str
    line: int
    end: int = 0  # first line after the section and its subsections
    pseudo: bool = False  # a bold-only paragraph used as a heading ("**High Severity Findings**")
    blocks: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = field(default=None, repr=False)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # per-parse memo (extract.py)

    def walk(self) -> "list[Section]":
        out = [self]
        for c in self.children:
            out += c.walk()
        return out

    def ancestors(self) -> "list[Section]":
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


_MD = None


def _parser() -> MarkdownIt:
    global _MD
    if _MD is None:
        # Extraction reads each inline token's source text, never its children, so the inline
        # tokenizer (half of markdown-it's parse time) is switched off.
        _MD = MarkdownIt("commonmark").enable("table").disable("inline")
    return _MD


def parse_sections(text: str) -> Section:
    """The document as a section tree; the root (level 0) holds what precedes the first heading."""
    tokens = _parser().parse(text)
    root = Section(level=0, title="", line=0)
    stack = [root]
    items: list[Block] = []  # open list items, innermost last
    ordered: list[tuple[bool, int]] = []  # (is ordered, next number) per open list
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            while stack[-1].level >= level:
                stack.pop()
            sec = Section(
                level=level,
                title=tokens[i + 1].content.strip()[:MAX_HEADING],
                line=tok.map[0] if tok.map else 0,
                parent=stack[-1],
            )
            stack[-1].children.append(sec)
            stack.append(sec)
            i += 3
            continue
        cur = stack[-1]
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1) if tok.type == "ordered_list_open" else 0
            ordered.append((tok.type == "ordered_list_open", start))
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif tok.type == "list_item_open":
            is_ord, num = ordered[-1]
            block = Block(
                kind="item",
                text="",
                line=tok.map[0] if tok.map else 0,
                depth=len(ordered) - 1,
                ordinal=num if is_ord else None,
            )
            if is_ord:
                ordered[-1] = (True, num + 1)
            (items[-1].children if items else cur.blocks).append(block)
            items.append(block)
        elif tok.type == "list_item_close":
            items.pop()
        elif tok.type == "inline" and items and not items[-1].text:
            _fill_item(items[-1], tok.content)
        elif tok.type == "inline" and items:
            items[-1].text += "\n" + tok.content
        elif tok.type == "inline" and _is_pseudo_heading(tok.content):
            _open_pseudo(stack, tok)
        elif tok.type == "inline":
            cur.blocks.append(Block(kind="paragraph", text=tok.content, line=tok.map[0] if tok.map else 0))
        elif tok.type == "table_open":
            i = _table(tokens, i, cur)
            continue
        elif tok.type in ("fence", "code_block"):
            cur.blocks.append(Block(kind="code", text=tok.content, line=tok.map[0] if tok.map else 0))
        i += 1
    _close(root, len(text.splitlines()))
    return root


def _is_pseudo_heading(content: str) -> bool:
    """A paragraph that is only bold text, not a field label ('**Issue:**'), stands for a heading."""
    m = _BOLD_ONLY.match(content.strip())
    return bool(m) and not m.group(2).rstrip().endswith((":", "：")) and not content.rstrip().endswith((":", "："))


def _open_pseudo(stack: list[Section], tok) -> None:
    """Open a pseudo-heading one level below the nearest real heading; the next one replaces it."""
    while stack[-1].pseudo:
        stack.pop()
    title = _BOLD_ONLY.match(tok.content.strip()).group(2).strip()
    sec = Section(
        level=stack[-1].level + 1, title=title, line=tok.map[0] if tok.map else 0, parent=stack[-1], pseudo=True
    )
    stack[-1].children.append(sec)
    stack.append(sec)


def _fill_item(block: Block, content: str) -> None:
    m = _CHECK.match(content)
    if m:
        block.checked = m.group(1).lower() == "x"
        content = content[m.end() :]
    block.text = content


def _table(tokens: list, i: int, cur: Section) -> int:
    block = Block(kind="table", text="", line=tokens[i].map[0] if tokens[i].map else 0)
    row: list[str] = []
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "tr_open":
            row = []
        elif t.type == "inline":
            row.append(t.content.strip())
        elif t.type == "tr_close":
            block.rows.append(row)
        i += 1
    cur.blocks.append(block)
    return i + 1


def _close(sec: Section, end: int) -> None:
    """Give every section the line where it ends (the next heading at its level or above)."""
    sec.end = end
    for idx, child in enumerate(sec.children):
        nxt = sec.children[idx + 1].line if idx + 1 < len(sec.children) else end
        _close(child, nxt)


_LINK = re.compile(r"!?\[([^\]\[]*)\]\([^)(]*\)")
_MARKUP = re.compile(r"(\*\*|__|~~|`)")
_EMPHASIS = re.compile(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")


@lru_cache(maxsize=1 << 13)
def strip_inline(text: str) -> str:
    """Inline Markdown → plain words: emphasis, code ticks, links and images removed."""
    return _EMPHASIS.sub("", _MARKUP.sub("", _LINK.sub(r"\1", text))).strip()
