"""ast-grep rules: tree-sitter patterns for many languages, carried by a catalog entry as data.

A rule's `detector: {ast-grep: {LANGUAGE: CONFIG}}` holds one ast-grep rule config (rule,
constraints, utils) per language; a file is matched with the config of its own language. The
tree is parsed, never run; comments and strings are nodes of their own, so they never match code.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from reviewctl.detectors.registry import Context, Hit, detector
from reviewctl.languages import LANGUAGES, grammar, language


@detector("text")("ast_grep")
def ast_grep(source: str, ctx: Context, *, configs: dict[str, Any], **_: object) -> Iterator[Hit]:
    """Matches of the config for the file's language."""
    config, lang = configs.get(language(ctx.path) or ""), grammar(ctx.path)
    if config is None or lang is None:
        return
    for node in _root(source, lang).find_all(config):
        where = node.range()
        yield Hit(where.start.line + 1, where.end.line + 1, where.start.column + 1)


@lru_cache(maxsize=2)
def _root(source: str, lang: str) -> Any:
    """The parsed file, shared by the rules that run on it one after another."""
    from ast_grep_py import SgRoot

    return SgRoot(source, lang).root()


def check_config(lang: str, config: Any) -> str | None:
    """Why ast-grep refuses `config` for `lang` (every grammar of it), or None when it is usable."""
    from ast_grep_py import SgRoot

    if lang not in LANGUAGES:
        return f"unknown language {lang!r} (known: {', '.join(sorted(LANGUAGES))})"
    if not isinstance(config, dict) or "rule" not in config:
        return f"{lang}: an ast-grep config is a mapping with a 'rule'"
    for name in sorted(set(LANGUAGES[lang].values())):
        try:
            SgRoot("", name).root().find_all(config)
        except Exception as exc:  # ast-grep raises plain Exception and RuntimeError for bad configs
            return f"{lang}: ast-grep refuses the rule: {str(exc).splitlines()[0]}"
    return None
