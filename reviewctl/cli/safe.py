"""Text written by others (review documents, commit messages, file names), made harmless for a terminal.

An escape sequence in a finding's title could retitle the window, clear the screen or plant a
hyperlink, and `[bold]` in it would be read as rich markup. Every human-facing line passes through
here at the render edge; JSON keeps the exact text with control characters escaped.
"""

from __future__ import annotations

import re
from typing import Any

_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, erase, colours (ESC [ or the C1 form)
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC: window title, OSC 8 hyperlinks
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and newline, DEL, C1
_BREAKS = re.compile(r"[\t\n]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")  # json.dumps escapes C0 itself
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def plain(value: Any, *, multiline: bool = False) -> str:
    """`value` as text with escape sequences removed and other control characters shown as �;
    tabs and newlines become spaces unless `multiline`."""
    text = _CONTROL.sub(REPLACEMENT, _SEQUENCE.sub("", str(value)))
    return text if multiline else _BREAKS.sub(" ", text)


def text(value: Any, style: str = "", *, multiline: bool = False) -> Any:
    """A rich Text for a table cell or a line: cleaned, and never read as markup."""
    from rich.text import Text

    return Text(plain(value, multiline=multiline), style=style)


def markup(value: Any) -> str:
    """Cleaned text to put inside a rich markup string, its brackets escaped."""
    from rich.markup import escape

    return escape(plain(value))


def json_text(dumped: str) -> str:
    """JSON from json.dumps(ensure_ascii=False) with DEL, C1 and line separators as \\u escapes:
    the same data, but nothing a terminal acts on (they can only occur inside strings)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
