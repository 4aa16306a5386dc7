"""SARIF 2.1.0 out: findings as code-scanning results that GitHub, DefectDojo or SonarQube read.

One run, tool `reviewctl`, the rule catalog as its rules; one result per finding that has a
location. `partialFingerprints` carries the finding ID, so an alert keeps its identity across
uploads however the lines move.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from reviewctl import __version__
from reviewctl.models import Finding
from reviewctl.rules import Catalog, Rule
from reviewctl.store import Store

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "reviewctlFindingId/v1"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "unknown": "warning"}
DEFAULT_STATUSES = ("open", "in_progress")
"""What an upload shows as alerts: an alert missing from the next upload is closed by the scanner."""


def to_sarif(store: Store, catalog: Catalog, *, statuses: Sequence[str] = DEFAULT_STATUSES) -> dict[str, Any]:
    """The store's findings with these statuses as one SARIF log."""
    findings = [f for f in store.dump(Finding, Finding.review_id, Finding.ordinal) if f.status in statuses]
    locations = store.locations_of([f.id for f in findings]) if findings else {}
    findings = [f for f in findings if locations.get(f.id)]
    titles = {r["id"]: r["title"] for r in store.review_rows()}
    rules = [_catalog_rule(r) for r in catalog.rules.values()]
    rules += [_review_rule(rid, titles.get(rid, rid)) for rid in sorted({f.review_id for f in findings if not f.rule})]
    index = {r["id"]: n for n, r in enumerate(rules)}
    results = [_result(f, locations[f.id], index, titles) for f in findings]
    driver = {"name": "reviewctl", "version": __version__, "informationUri": "https://pypi.org/project/reviewctl/"}
    run = {"tool": {"driver": driver | {"rules": rules}}, "results": results, "columnKind": "unicodeCodePoints"}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def rule_id(finding: Finding) -> str:
    """The catalog rule, else one per review: findings of a review without a rule group under it."""
    return finding.rule or f"review/{finding.review_id}"


def _catalog_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.description},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"languages": list(rule.languages), "severity": rule.severity},
    }


def _review_rule(review_id: str, title: str) -> dict[str, Any]:
    text = f"Finding of the review {title}"
    return {"id": f"review/{review_id}", "name": review_id, "shortDescription": {"text": text}}


def _result(f: Finding, locs: list[Any], index: dict[str, int], titles: dict[str, str]) -> dict[str, Any]:
    rid = rule_id(f)
    return {
        "ruleId": rid,
        "ruleIndex": index[rid],
        "level": LEVELS.get(f.priority, "warning"),
        "message": {"text": f"{f.id}: {f.title}"},
        "locations": [_location(loc) for loc in locs],
        "partialFingerprints": {FINGERPRINT_KEY: f.id},
        "properties": {
            "finding": f.id,
            "priority": f.priority,
            "status": f.status,
            "effort_minutes": f.effort_minutes,
            "phase": f.phase,
            "review": f.review_id,
            "review_title": titles.get(f.review_id, f.review_id),
        },
    }


def _location(loc: Any) -> dict[str, Any]:
    artifact = {"uri": "file://" + quote(loc.path)} if loc.path.startswith("/") else {"uri": quote(loc.path)}
    physical: dict[str, Any] = {
        "artifactLocation": artifact | ({} if "://" in artifact["uri"] else {"uriBaseId": "%SRCROOT%"})
    }
    if loc.line_start and loc.line_start > 0:
        end = max(loc.line_end or loc.line_start, loc.line_start)
        physical["region"] = {"startLine": loc.line_start, "endLine": end}
    return {"physicalLocation": physical}
