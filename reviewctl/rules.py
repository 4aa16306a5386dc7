"""The detector rule catalog: findings/*.yaml (built in) plus .reviewctl/rules/*.yaml (a repository's own).

A rule is data — id, title, description, the phrases that map a review finding to it, languages,
file globs and a detector (a registered name, or a regex) — validated on load; an error names the
file and the rule.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewctl.errors import InputError
from reviewctl.resources import data_dir

REQUIRED = ("id", "title", "description", "detector")


class RuleError(InputError):
    """A rule file is invalid."""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str
    detector: str
    phrases: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("python",)
    globs: tuple[str, ...] = ("*.py",)
    noqa: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    fixture: Path | None = None
    source: Path | None = None

    def applies_to(self, path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(path, g) for g in self.globs)


@dataclass
class Catalog:
    rules: dict[str, Rule]

    def get(self, rule_id: str) -> Rule:
        if rule_id not in self.rules:
            raise InputError(f"unknown rule {rule_id!r}; see `reviewctl rules list`")
        return self.rules[rule_id]

    def match(self, title: str, body: str = "") -> str | None:
        """The rule a review finding is about: a phrase in its title, else in its prose."""
        prose = re.sub(r"```.*?```", " ", body, flags=re.S).lower()
        for text in (title.lower(), prose):
            for rule in self.rules.values():
                if any(p in text for p in rule.phrases):
                    return rule.id
        return None


def load_catalog(repo_root: Path | None = None) -> Catalog:
    """Built-in rules, then the repository's .reviewctl/rules/*.yaml (same id overrides)."""
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
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    det, options = raw["detector"], {}
    if isinstance(det, dict) and "regex" in det:
        options = {"pattern": det["regex"]}
        det = "regex"
        try:
            re.compile(options["pattern"])
        except re.error as exc:
            raise RuleError(f"{path}: rule {rid!r}: bad pattern: {exc}") from None
    if not isinstance(det, str) or det not in detectors:
        raise RuleError(f"{path}: rule {rid!r}: unknown detector {det!r}")
    fixture = raw.get("fixture")
    return Rule(
        id=rid,
        title=raw["title"],
        description=raw["description"].strip(),
        detector=det,
        phrases=tuple(p.lower() for p in raw.get("phrases", ())),
        languages=tuple(raw.get("languages", ("python",))),
        globs=tuple(raw.get("globs", ("*.py",))),
        noqa=tuple(str(c) for c in raw.get("noqa", ())),
        options=options,
        fixture=(path.parent / fixture) if fixture else None,
        source=path,
    )


@dataclass(frozen=True)
class FixtureResult:
    rule: str
    expected: tuple[int, ...]  # lines marked `# expect` / `// expect`
    flagged: tuple[int, ...]  # lines the detector reported (suppressed ones excluded)
    suppressed: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return self.expected == self.flagged


_EXPECT = re.compile(r"(?:#|//)\s*expect\b")
_DIRECTIVE = re.compile(r"#\s*fixture-(declared|local):\s*(.*)")


def check_fixture(rule: Rule) -> FixtureResult:
    """Run a rule on its fixture: the flagged lines must be exactly the lines marked `expect`."""
    from reviewctl.detectors import Context, run

    if rule.fixture is None or not rule.fixture.is_file():
        raise RuleError(f"{rule.source}: rule {rule.id!r}: no fixture file")
    source = rule.fixture.read_text(encoding="utf-8")
    ctx = Context(path=rule.fixture.name)
    for kind, names in _DIRECTIVE.findall(source):
        if kind == "declared":
            ctx.declared = set(names.split())
        else:
            ctx.local = set(names.split())
    found = run(rule, source, ctx)
    expected = tuple(i for i, line in enumerate(source.splitlines(), 1) if _EXPECT.search(line))
    flagged = tuple(sorted({x.line for x in found if not x.suppressed}))
    return FixtureResult(rule.id, expected, flagged, tuple(sorted({x.line for x in found if x.suppressed})))
