"""Markdown → a tree of sections, each holding its own blocks (paragraphs, list items, tables).

Built from markdown-it-py's token stream, so code fences never leak into fields and list
nesting, checkboxes and table cells come from the parser, not from guessing at raw lines.
"""

import itertools
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

_CHECK = re.compile(r"^\[([ xX])\]\s+")
MAX_HEADING = 500
"""Characters of a heading kept as its title: bounds the work every title pattern does."""
_BOLD_ONLY = re.compile(r"^(\*\*|__)([^*_\n]{1,150})\1\s*$")


@dataclass(slots=True)
class Block:
    kind: str  # paragraph | item | table | code
    text: str  # inline Markdown source of the block (table: "" — see rows)
    line: int
    depth: int = 0  # list nesting depth for items
    ordinal: int | None = None  # number of an ordered-list item
    checked: bool | None = None  # task-list state of an item
    rows: "list[list[str]] | tuple[()]" = ()  # a list once the block has any (most have none)
    children: "list[Block] | tuple[()]" = ()  # nested list items of an item


@dataclass(slots=True)
class Section:
    level: int
    title: str
    line: int
    end: int = 0  # first line after the section and its subsections
    pseudo: bool = False  # a bold-only paragraph used as a heading ("**High Severity Findings**")
    inside: bool = False  # a finding's section or one below it (set once findings are chosen)
    holds: bool = False  # a finding's section or one above it (set while findings are chosen)
    blocks: list[Block] = field(default_factory=list)
    children: "list[Section] | tuple[()]" = ()  # a list once it has any (most sections have none)
    parent: "Section | None" = field(default=None, repr=False)
    memo: dict | None = field(default=None, repr=False, compare=False)  # per-parse memo, made on first use

    @property
    def cache(self) -> dict:
        """The section's memo (extract.py), created when first asked for."""
        if self.memo is None:
            self.memo = {}
        return self.memo

    def adopt(self, child: "Section") -> None:
        if not self.children:
            self.children = []
        self.children.append(child)

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


CHUNK = 1 << 16
"""Characters markdown-it parses at once: a long document is parsed in pieces cut at its headings,
so its token stream (about 40 bytes per character) is never held whole."""
_CUT = re.compile(r"^(?:#{1,6}(?=[ \t\n]|$)| {0,3}(`{3,}|~{3,})([^\n]*))", re.M)
"""A heading at the margin (one indented may belong to a list item) or a fence line."""


def newlines(text: str) -> str:
    """Line breaks as markdown-it counts them, so its line numbers index this text's lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Lines:
    """A text's lines by number, held as one offset per line rather than a list of strings."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = array("q", [0])
        at = text.find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)
        if text and not text.endswith("\n"):
            self.starts.append(len(text) + 1)  # where a line after the unterminated last one would start

    def between(self, first: int, end: int) -> str:
        """Lines first .. end-1 (0-based), joined by newlines."""
        count = len(self.starts) - 1
        first, end = min(first, count), min(end, count)
        return self.text[self.starts[first] : self.starts[end] - 1] if end > first else ""


def parse_sections(text: str) -> Section:
    """The document as a section tree; the root (level 0) holds what precedes the first heading."""
    text = newlines(text)
    tree = _Tree()
    for offset, tokens in _token_pieces(text):
        tree.feed(tokens, offset)
    _close(tree.root, text.count("\n") + (not text.endswith("\n")) if text else 0)
    return tree.root


def _token_pieces(text: str) -> Iterator[tuple[int, list]]:
    """(first line, markdown-it tokens) of each piece of the text; a piece that ends inside a block
    a heading does not end (an HTML block, a fence the cuts misjudged) is parsed again with the rest."""
    cuts = [*cut_points(text), len(text)]
    line = 0
    for a, b in itertools.pairwise(cuts):
        tokens = _parser().parse(text[a:b])
        if b < len(text) and _open_at_end(tokens, text[a:b]):
            yield line, _parser().parse(text[a:])
            return
        yield line, tokens
        line += text.count("\n", a, b)


def cut_points(text: str) -> list[int]:
    """Offsets about CHUNK characters apart where a piece can start: an ATX heading outside a code
    fence, which markdown-it reads the same at the start of a piece as inside the whole text."""
    cuts, fence = [0], None
    for m in _CUT.finditer(text):
        marks, rest = m.group(1), m.group(2)
        if marks and fence is None and (marks[0] == "~" or "`" not in rest):
            fence = marks
        elif marks and fence and marks[0] == fence[0] and len(marks) >= len(fence) and not rest.strip():
            fence = None
        elif not marks and fence is None and m.start() - cuts[-1] >= CHUNK:
            cuts.append(m.start())
    return cuts


def _open_at_end(tokens: list, piece: str) -> bool:
    last = next((t for t in reversed(tokens) if t.level == 0), None)
    if last is None or last.type not in ("html_block", "fence") or not last.map:
        return False
    if last.map[1] < piece.count("\n"):
        return False
    closing = piece.rstrip("\n").rsplit("\n", 1)[-1].strip()
    return last.type == "html_block" or not (closing.startswith(last.markup) and closing == closing[0] * len(closing))


class _Tree:
    """Builds the section tree from markdown-it tokens, fed one piece of the document at a time."""

    def __init__(self) -> None:
        self.root = Section(level=0, title="", line=0)
        self.stack = [self.root]

    def feed(self, tokens: list, offset: int) -> None:
        stack = self.stack
        items: list[Block] = []  # open list items, innermost last (a piece closes its lists)
        ordered: list[tuple[bool, int]] = []  # (is ordered, next number) per open list
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            line = tok.map[0] + offset if tok.map else 0
            if tok.type == "heading_open":
                level = int(tok.tag[1])
                while stack[-1].level >= level:
                    stack.pop()
                title = tokens[i + 1].content.strip()[:MAX_HEADING]
                sec = Section(level=level, title=title, line=line, parent=stack[-1])
                stack[-1].adopt(sec)
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
                block = Block(kind="item", text="", line=line, depth=len(ordered) - 1, ordinal=num if is_ord else None)
                if is_ord:
                    ordered[-1] = (True, num + 1)
                if items and not items[-1].children:
                    items[-1].children = []
                (items[-1].children if items else cur.blocks).append(block)
                items.append(block)
            elif tok.type == "list_item_close":
                items.pop()
            elif tok.type == "inline" and items and not items[-1].text:
                _fill_item(items[-1], tok.content)
            elif tok.type == "inline" and items:
                items[-1].text += "\n" + tok.content
            elif tok.type == "inline" and _is_pseudo_heading(tok.content):
                _open_pseudo(stack, tok.content, line)
            elif tok.type == "inline":
                cur.blocks.append(Block(kind="paragraph", text=tok.content, line=line))
            elif tok.type == "table_open":
                i = _table(tokens, i, cur, line)
                continue
            elif tok.type in ("fence", "code_block"):
                if cite := _CITATION.match(tok.info or ""):  # '```12:20:src/a.cpp': the code it quotes is there
                    cur.blocks.append(Block(kind="paragraph", text=f"`{cite[3]}:{cite[1]}-{cite[2]}`", line=line))
                cur.blocks.append(Block(kind="code", text=tok.content, line=line))
            i += 1


_CITATION = re.compile(r"^(\d{1,9}):(\d{1,9}):([^\s:`]{1,300})$")
"""A code block that names the lines it quotes, as coding assistants write it: ```12:20:src/a.cpp."""


def _is_pseudo_heading(content: str) -> bool:
    """A paragraph that is only bold text, not a field label ('**Issue:**'), stands for a heading."""
    if not content.lstrip().startswith(("**", "__")):
        return False
    m = _BOLD_ONLY.match(content.strip())
    return bool(m) and not m.group(2).rstrip().endswith((":", "：")) and not content.rstrip().endswith((":", "："))


def _open_pseudo(stack: list[Section], content: str, line: int) -> None:
    """Open a pseudo-heading one level below the nearest real heading; the next one replaces it."""
    while stack[-1].pseudo:
        stack.pop()
    title = _BOLD_ONLY.match(content.strip()).group(2).strip()
    sec = Section(level=stack[-1].level + 1, title=title, line=line, parent=stack[-1], pseudo=True)
    stack[-1].adopt(sec)
    stack.append(sec)


def _fill_item(block: Block, content: str) -> None:
    m = _CHECK.match(content)
    if m:
        block.checked = m.group(1).lower() == "x"
        content = content[m.end() :]
    block.text = content


def _table(tokens: list, i: int, cur: Section, line: int) -> int:
    block = Block(kind="table", text="", line=line, rows=[])
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
