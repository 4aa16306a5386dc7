"""The CI quality gate: does the store, as it stands, break the team's policy?

The gate only reads: it records nothing and moves no status, so a re-run of the same job on the
same store gives the same answer. Verdict conditions read each finding's latest check, which
holds (a rejected claim stays rejected) until the code is fixed and verified again.

Policy from flags or `[tool.reviewctl.gate]` in pyproject.toml:

    [tool.reviewctl.gate]
    max-open = { critical = 0, high = 3 }
    fail-on = ["rejected", "regressed", "stale-critical"]
    stale-days = 14
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from reviewctl.errors import InputError
from reviewctl.models import Finding
from reviewctl.store import Store
from reviewctl.vocab import ACTIVE, Priority

VERDICTS = ("rejected", "regressed", "changed", "still_open", "not_seen", "unverifiable")
STALE = tuple(f"stale-{p}" for p in Priority if p != Priority.unknown)
CHECKED_STATUSES = ("open", "in_progress", "fixed", "verified")
"""Findings whose latest verdict still matters: not dropped, not a deliberate wontfix."""


@dataclass(frozen=True)
class Policy:
    max_open: dict[str, int] = field(default_factory=dict)
    fail_on: tuple[str, ...] = ()
    stale_days: int = 14
    source: str | None = None  # the file the policy came from, if any


@dataclass(frozen=True)
class Hit:
    """A finding that makes a condition fail, with where to annotate it."""

    id: str
    title: str
    priority: str
    path: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Condition:
    name: str  # max-open:critical, rejected, stale-critical …
    limit: str  # what the policy allows, in words
    found: int
    failed: bool
    hits: tuple[Hit, ...] = ()


@dataclass(frozen=True)
class GateResult:
    conditions: tuple[Condition, ...]
    policy: Policy

    @property
    def passed(self) -> bool:
        return not any(c.failed for c in self.conditions)


SEEN = ("rejected", "regressed", "still_open")
"""Verdicts of a check that found the problem where it now is."""


def evaluate(store: Store, policy: Policy, *, now: datetime) -> GateResult:
    """Every condition of the policy against the store's current state."""
    findings = [f for f in store.dump(Finding) if f.status in CHECKED_STATUSES]
    active = [f for f in findings if f.status in ACTIVE]
    checks = store.latest_checks()
    conditions = [_max_open(active, p, n) for p, n in policy.max_open.items()]
    for name in policy.fail_on:
        if name in VERDICTS:
            conditions.append(_verdict(findings, checks, name))
        else:
            conditions.append(_stale(active, name.removeprefix("stale-"), now - timedelta(days=policy.stale_days)))
    return GateResult(tuple(_located(store, c, checks) for c in conditions), policy)


def _max_open(active: list[Finding], priority: str, limit: int) -> Condition:
    hits = _hits(f for f in active if f.priority == priority)
    return Condition(f"max-open:{priority}", f"at most {limit} open", len(hits), len(hits) > limit, hits)


def _verdict(findings: list[Finding], checks: dict[str, dict[str, Any]], verdict: str) -> Condition:
    hits = _hits(f for f in findings if checks.get(f.id, {}).get("verdict") == verdict)
    return Condition(verdict, f"no {verdict} verdict", len(hits), bool(hits), hits)


def _stale(active: list[Finding], priority: str, cutoff: datetime) -> Condition:
    hits = _hits(f for f in active if f.priority == priority and f.created_at < cutoff)
    return Condition(
        f"stale-{priority}", f"no open {priority} older than {cutoff:%Y-%m-%d}", len(hits), bool(hits), hits
    )


def _hits(findings: Any) -> tuple[Hit, ...]:
    """In document order, as the reviews list them."""
    return tuple(Hit(f.id, f.title, f.priority) for f in sorted(findings, key=lambda f: (f.review_id, f.ordinal, f.id)))


def _located(store: Store, cond: Condition, checks: dict[str, dict[str, Any]]) -> Condition:
    """Where each hit is, so CI can annotate the line: where verify last saw the problem, else the
    first place the review names (its lines may have moved since)."""
    if not cond.hits:
        return cond
    locs = store.locations_of([h.id for h in cond.hits])
    hits = tuple(_at(h, _seen_at(checks.get(h.id)) or (locs.get(h.id) or [None])[0]) for h in cond.hits)
    return Condition(cond.name, cond.limit, cond.found, cond.failed, hits)


def _seen_at(check: dict[str, Any] | None) -> Any:
    """The place of the latest check that saw the problem (rejected, regressed, still open)."""
    if check and check.get("verdict") in SEEN and check.get("path") and check.get("line"):
        return SimpleNamespace(path=check["path"], line_start=check["line"])
    return None


def _at(hit: Hit, loc: Any) -> Hit:
    return hit if loc is None else Hit(hit.id, hit.title, hit.priority, loc.path, loc.line_start)


# -- policy --------------------------------------------------------------------------------
def load_policy(root: Path, *, max_open: str | None, fail_on: str | None, stale_days: int | None) -> Policy:
    """Flags over `[tool.reviewctl.gate]` in pyproject.toml; a flag replaces its key whole."""
    table, source = _gate_table(root)
    opens = parse_max_open(max_open) if max_open is not None else _table_max_open(table.get("max-open", {}), source)
    names = _split(fail_on) if fail_on is not None else _table_list(table.get("fail-on", []), source)
    days = stale_days if stale_days is not None else table.get("stale-days", 14)
    if not isinstance(days, int) or days < 0:
        raise InputError(f"{source or '--stale-days'}: stale-days must be a whole number of days")
    return Policy(opens, _checked(names), days, source)


def parse_max_open(text: str) -> dict[str, int]:
    """`critical=0,high=3` → {"critical": 0, "high": 3}."""
    out = {}
    for part in _split(text):
        prio, _, num = part.partition("=")
        if prio.strip() not in Priority.__members__ or not num.strip().isdigit():
            raise InputError(f"--max-open: expected PRIORITY=N (e.g. critical=0,high=3), got {part!r}")
        out[prio.strip()] = int(num)
    return out


def _checked(names: list[str]) -> tuple[str, ...]:
    unknown = [n for n in names if n not in VERDICTS + STALE]
    if unknown:
        raise InputError(f"--fail-on: unknown {', '.join(unknown)}; use {', '.join(VERDICTS + STALE)}")
    return tuple(dict.fromkeys(names))


def _split(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _gate_table(root: Path) -> tuple[dict[str, Any], str | None]:
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}, None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    table = data.get("tool", {}).get("reviewctl", {}).get("gate")
    return (table, f"{path} [tool.reviewctl.gate]") if isinstance(table, dict) else ({}, None)


def _table_max_open(value: Any, source: str | None) -> dict[str, int]:
    if not isinstance(value, dict) or not all(isinstance(n, int) for n in value.values()):
        raise InputError(f"{source}: max-open must map priorities to numbers")
    return parse_max_open(",".join(f"{k}={v}" for k, v in value.items()))


def _table_list(value: Any, source: str | None) -> list[str]:
    if isinstance(value, str):
        return _split(value)
    if not isinstance(value, list):
        raise InputError(f"{source}: fail-on must be a list of conditions")
    return [str(v) for v in value]
