"""The detector rule catalog: findings/*.yaml (built in) plus .reviewctl/rules/*.yaml (a repository's own).

A rule is data — id, title, description, default severity, the phrases that map a review finding
to it, languages, file globs (and globs it excludes) and a detector: a registered name, a regex,
or ast-grep configs per language — validated on load; an error names the file and the rule.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from reviewctl.errors import InputError
from reviewctl.languages import globs as language_globs
from reviewctl.languages import language
from reviewctl.resources import data_dir

REQUIRED = ("id", "title", "description", "detector")
SEVERITIES = ("critical", "high", "medium", "low")
_PATH = re.compile(r"[\w./-]+\.[A-Za-z]{1,5}\b")


class RuleError(InputError):
    """A rule file is invalid."""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str
    detector: str
    severity: str = "medium"
    phrases: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("python",)
    globs: tuple[str, ...] = ("*.py",)
    exclude: tuple[str, ...] = ()  # e.g. tests, where the problem is no problem
    noqa: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    fixtures: tuple[Path, ...] = ()
    source: Path | None = None

    def applies_to(self, path: str) -> bool:
        """The rule reads this file (its globs) and is meant for it (not excluded)."""
        return _globbed(path, self._reads) and not _globbed(path, self._skips)

    @cached_property
    def _reads(self) -> re.Pattern[str]:
        return _glob_pattern(self.globs)

    @cached_property
    def _skips(self) -> re.Pattern[str]:
        return _glob_pattern(self.exclude)


def _glob_pattern(globs: tuple[str, ...]) -> re.Pattern[str]:
    """All of a rule's globs as one pattern (fnmatch's own translation), compiled once per rule."""
    return re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs) or "(?!)")


def _globbed(path: str, pattern: re.Pattern[str]) -> bool:
    """The file name or the whole path matches, as `fnmatch` would on either."""
    return bool(pattern.match(path.rsplit("/", 1)[-1]) or pattern.match(path))


@dataclass
class Catalog:
    rules: dict[str, Rule]

    @cached_property
    def _any_phrase(self) -> re.Pattern[str]:
        return literal_trie({p for r in self.rules.values() for p in r.phrases})

    def get(self, rule_id: str) -> Rule:
        if rule_id not in self.rules:
            raise InputError(f"unknown rule {rule_id!r}; see `reviewctl rules list`")
        return self.rules[rule_id]

    def match(self, title: str, body: str = "", paths: tuple[str, ...] = ()) -> str | None:
        """The rule a review finding is about: one that reads its source files (`paths`, else those
        its text names) and whose phrase comes first in its title, else in its prose. No source file,
        no rule: there would be nothing to run it on."""
        texts = (title.lower(), _FENCE.sub(" ", body).lower())
        if not any(self._any_phrase.search(text) for text in texts):
            return None  # one scan for every rule's phrases: most findings name none
        paths = tuple(p for p in paths or _PATH.findall(f"{title} {body}") if language(p))
        rules = [r for r in self.rules.values() if any(r.applies_to(p) for p in paths)]
        for text in texts:
            found = [(i, r.id) for r in rules for p in r.phrases if (i := text.find(p)) >= 0]
            if found:
                return min(found)[1]
        return None


_FENCE = re.compile(r"```.*?```", re.S)


def literal_trie(words: set[str]) -> re.Pattern[str]:
    """One pattern finding any of these literal words, shaped as a trie: at each character one
    branch can match, so a scan is linear, unlike a plain alternation that tries every word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_trie_pattern(trie) if trie else "(?!)")


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{pattern})?" if "" in node else pattern


def load_catalog(repo_root: Path | None = None) -> Catalog:
    """Built-in rules, then the repository's .reviewctl/rules/*.yaml (same id overrides).
    Loaded once per process for the same rule files (an import of many documents asks per document)."""
    folders = [data_dir("findings")]
    if repo_root is not None and (repo_root / ".reviewctl" / "rules").is_dir():
        folders.append(repo_root / ".reviewctl" / "rules")
    stamp = tuple((str(p), p.stat().st_mtime_ns) for folder in folders for p in sorted(folder.glob("*.yaml")))
    if stamp not in _LOADED:
        _LOADED.clear()
        _LOADED[stamp] = _load(repo_root)
    return _LOADED[stamp]


_LOADED: dict[tuple, Catalog] = {}


def _load(repo_root: Path | None) -> Catalog:
    rules: dict[str, Rule] = {}
    _load_dir(data_dir("findings"), rules, override=False)
    if repo_root is not None and (repo_root / ".reviewctl" / "rules").is_dir():
        _load_dir(repo_root / ".reviewctl" / "rules", rules, override=True)
    return Catalog(rules)


def _load_dir(folder: Path, rules: dict[str, Rule], *, override: bool) -> None:
    import yaml

    from reviewctl.detectors import DETECTORS

    seen_here: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (OSError, yaml.YAMLError) as exc:
            raise RuleError(f"{path}: cannot read rule file: {str(exc).splitlines()[0]}") from None
        for raw in data if isinstance(data, list) else [data]:
            rule = _rule(path, raw, DETECTORS)
            if rule.id in seen_here or (rule.id in rules and not override):
                raise RuleError(f"{path}: rule {rule.id!r}: duplicate id")
            seen_here.add(rule.id)
            rules[rule.id] = rule


def _rule(path: Path, raw: Any, detectors: dict) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{path}: a rule must be a mapping")
    rid = str(raw.get("id") or "?")
    missing = [k for k in REQUIRED if not raw.get(k)]
    if missing:
        raise RuleError(f"{path}: rule {rid!r}: missing {', '.join(missing)}")
    try:
        det, options = _detector(raw["detector"], detectors)
    except ValueError as exc:
        raise RuleError(f"{path}: rule {rid!r}: {exc}") from None
    languages = tuple(raw.get("languages", list(options.get("configs", {})) or ("python",)))
    severity = str(raw.get("severity", "medium")).lower()
    if severity not in SEVERITIES:
        raise RuleError(f"{path}: rule {rid!r}: severity must be one of {', '.join(SEVERITIES)}")
    fixtures = raw.get("fixture") or []
    try:
        re.compile(raw.get("needle") or "")
    except re.error as exc:
        raise RuleError(f"{path}: rule {rid!r}: bad needle: {exc}") from None
    return Rule(
        id=rid,
        title=raw["title"],
        description=raw["description"].strip(),
        detector=det,
        severity=severity,
        phrases=tuple(p.lower() for p in raw.get("phrases", ())),
        languages=languages,
        globs=tuple(raw.get("globs", language_globs(languages))),
        exclude=tuple(raw.get("exclude", ())),
        noqa=tuple(str(c) for c in raw.get("noqa", ())),
        options=options | ({"needle": raw["needle"]} if raw.get("needle") else {}),
        fixtures=tuple(path.parent / f for f in ([fixtures] if isinstance(fixtures, str) else fixtures)),
        source=path,
    )


def _detector(det: Any, detectors: dict) -> tuple[str, dict[str, Any]]:
    """(registered detector, its options) of a rule's `detector` entry."""
    if isinstance(det, dict) and "regex" in det:
        try:
            re.compile(det["regex"])
        except re.error as exc:
            raise ValueError(f"bad pattern: {exc}") from None
        return "regex", {"pattern": det["regex"]}
    if isinstance(det, dict) and "ast-grep" in det:
        return "ast_grep", {"configs": _grep_configs(det["ast-grep"])}
    if not isinstance(det, str) or det not in detectors:
        raise ValueError(f"unknown detector {det!r}")
    return det, {}


def _grep_configs(entry: Any) -> dict[str, Any]:
    """{language: ast-grep config}; a key may name several languages ('typescript javascript')."""
    from reviewctl.detectors.grep import check_config

    if not isinstance(entry, dict) or not entry:
        raise ValueError("ast-grep takes a mapping of language → rule config")
    configs = {lang: config for key, config in entry.items() for lang in re.split(r"[\s,]+", key.strip())}
    for lang, config in configs.items():
        if problem := check_config(lang, config):
            raise ValueError(problem)
    return configs


@dataclass(frozen=True)
class FixtureResult:
    rule: str
    fixture: str  # its file name
    expected: tuple[int, ...]  # lines marked `# expect` / `// expect`
    flagged: tuple[int, ...]  # lines the detector reported (suppressed ones excluded)
    suppressed: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return self.expected == self.flagged


_EXPECT = re.compile(r"(?:#|//)\s*expect\b")
_DIRECTIVE = re.compile(r"(?:#|//)\s*fixture-(declared|local):\s*(.*)")


def check_fixtures(rule: Rule) -> list[FixtureResult]:
    """Run a rule on each of its fixtures: the flagged lines must be exactly the lines marked `expect`."""
    if not rule.fixtures or not all(f.is_file() for f in rule.fixtures):
        raise RuleError(f"{rule.source}: rule {rule.id!r}: no fixture file")
    return [_check(rule, f) for f in rule.fixtures]


def _check(rule: Rule, fixture: Path) -> FixtureResult:
    from reviewctl.detectors import Context, run

    source = fixture.read_text(encoding="utf-8")
    ctx = Context(path=fixture.name)
    for kind, names in _DIRECTIVE.findall(source):
        if kind == "declared":
            ctx.declared = set(names.split())
        else:
            ctx.local = set(names.split())
    found = run(rule, source, ctx)
    expected = tuple(i for i, line in enumerate(source.splitlines(), 1) if _EXPECT.search(line))
    flagged = tuple(sorted({x.line for x in found if not x.suppressed}))
    suppressed = tuple(sorted({x.line for x in found if x.suppressed}))
    return FixtureResult(rule.id, fixture.name, expected, flagged, suppressed)
