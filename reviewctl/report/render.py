"""Renders report data through the Jinja2 templates in templates/ — the only module using Jinja2.

A team restyles its reports by copying a template into a folder and passing `--templates DIR`:
templates found there win over the built-in ones, name by name. HTML templates are autoescaped
(review text can hold `<script>`); Markdown output escapes what would break a table or turn
into raw HTML on a code host.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reviewctl.effort import format_effort
from reviewctl.errors import InputError
from reviewctl.resources import data_dir

FORMATS = ("md", "html")
_MD_SPECIAL = re.compile(r"([\\`*\[\]|<>])")


def hours(minutes: int | float | None) -> str:
    """'30m', '2h', '2h 45m': the one effort format of every human output (reviewctl.effort)."""
    return format_effort(minutes or 0)


def md(text: Any) -> str:
    """Text safe inside a Markdown table cell or list item: one line, no markup, no raw HTML."""
    flat = " ".join(str(text if text is not None else "").split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def plain(value: Any) -> Any:
    """Dataclasses as dicts, recursively, without asdict's deep copies (reports hold 100k items)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(v) for k, v in vars(value).items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _environment(override: Path | None) -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folders = [data_dir("templates")]
    if override is not None:
        if not override.is_dir():
            raise InputError(f"--templates: {override} is not a directory")
        folders.insert(0, override)
    env = Environment(
        loader=FileSystemLoader([str(f) for f in folders]),
        autoescape=lambda name: name is not None and ".html" in name,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(hours=hours, md=md)
    return env


def to_text(kind: str, fmt: str, data: Any, *, templates: Path | None = None) -> str:
    """Report data as Markdown, HTML (templates) or JSON (every field, for scripts)."""
    if fmt == "json":
        import json

        return json.dumps(plain(data), indent=2, ensure_ascii=False, default=str) + "\n"
    return render(kind, fmt, data, templates=templates)


def write(kind: str, fmt: str, data: Any, path: Path, *, templates: Path | None = None) -> Path:
    """Render and write to `path` (its folder is created); the text is complete before the file opens."""
    text = to_text(kind, fmt, data, templates=templates)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    return path


def render(kind: str, fmt: str, data: Any, *, templates: Path | None = None) -> str:
    """Render report `data` (roadmap, burndown or weekly) as Markdown or HTML."""
    from jinja2 import TemplateError, TemplateNotFound

    from reviewctl.report.chart import burndown_chart, roadmap_chart

    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    chart = None
    if fmt == "html" and kind == "roadmap":
        chart = roadmap_chart(data)
    elif fmt == "html":
        burn = getattr(data, "burndown", data if kind == "burndown" else None)
        chart = burndown_chart(burn) if burn is not None and burn.rows else None
    context = {"r": data, "chart": chart}
    env = _environment(templates)
    name = f"{kind}.{fmt}.j2"
    try:
        return env.get_template(name).render(context)
    except TemplateNotFound as exc:
        raise InputError(f"template {exc.name} not found in {templates or data_dir('templates')}") from exc
    except TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise InputError(f"template {name}{where}: {exc.message}") from exc
