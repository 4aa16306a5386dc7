"""What the rich renderers draw, as plain text for a pipe: a table is its title, then a header and
one row a line, tab-separated; markup is dropped, nothing wraps and nothing is padded.

`common.console()` hands this out instead of rich's Console when stdout is not a terminal, so every
renderer written for the terminal (roadmap, burn-down, the demo) pipes cleanly without a second
renderer to keep in step.
"""

from typing import Any

from rich.table import Table
from rich.text import Text

from reviewctl.cli.safe import plain


def as_text(renderable: Any) -> str:
    """A cell or a line: rich markup in a str is read as rich would, then dropped; a progress bar
    or other drawing is left out."""
    if isinstance(renderable, Text):
        return renderable.plain
    if isinstance(renderable, str):
        return Text.from_markup(renderable).plain
    return ""


def table_lines(table: Table) -> list[str]:
    """The table's title, its header and one tab-separated row a line, every cell on one line."""
    lines = [plain(as_text(table.title))] if table.title else []
    columns = table.columns
    if table.show_header:
        lines.append("\t".join(plain(as_text(c.header)) for c in columns))
    lines += ["\t".join(plain(as_text(cell)) for cell in row) for row in zip(*(c.cells for c in columns), strict=True)]
    return lines


class PlainConsole:
    """Stands in for rich's Console on a pipe: `print` writes plain lines to stdout."""

    def print(self, *objects: Any, **_options: Any) -> None:
        from reviewctl.cli.common import echo

        lines: list[str] = []
        for obj in objects:
            lines += table_lines(obj) if isinstance(obj, Table) else as_text(obj).splitlines() or [""]
        echo("\n".join(lines))
