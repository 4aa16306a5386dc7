"""`reviewctl detect --import`: what the detectors see becomes findings of a 'detect' review.

Instances of one rule in one function or class of one file are one finding with a location per
instance — fixing one line of three does not verify it, fixing all of them does. A finding takes
its rule's severity as priority. Instances a finding with the same rule and location already
covers are skipped; re-running drops findings whose instances are gone.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from reviewctl.detect import DetectResult
from reviewctl.detectors import Instance
from reviewctl.rules import Catalog, Rule, load_catalog

NEAR = 3  # lines: a review's line numbers are often off by a line or two


def import_instances(
    store: Any, result: DetectResult, *, rule: str | None = None, catalog: Catalog | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Add the instances as findings (one per rule, file and symbol); counts of new, dropped and covered."""
    from reviewctl.importer import apply_parsed
    from reviewctl.parse.model import ParsedReview

    catalog = catalog or load_catalog(Path(result.root))
    key = f"detect-{rule}" if rule else "detect"  # a run for one rule must not drop the others' findings
    groups, covered = _groups(result.instances, store.rule_locations(exclude_review=key))
    findings = [_finding(catalog.get(r), path, symbol, found) for (r, path, symbol), found in groups.items()]
    parsed = ParsedReview(title="reviewctl detect", findings=findings)
    digest = hashlib.sha256(json.dumps(result.rows(), sort_keys=True).encode()).hexdigest()
    existing = store.get_review(key)
    if existing is not None and existing.content_hash == digest:
        return {"new": 0, "dropped": 0, "covered": covered, "findings": len(parsed.findings)}
    doc = apply_parsed(
        store,
        key=key,
        parsed=parsed,
        raw=result.root,
        path=result.root,
        digest=digest,
        revision=result.revision or _head(result.root),
        existing=existing,
        dry_run=dry_run,
    )
    return {"new": doc.new, "dropped": doc.dropped, "covered": covered, "findings": len(parsed.findings)}


def _groups(instances: list[Instance], known: dict) -> tuple[dict[tuple, list[Instance]], int]:
    """Instances not covered by a finding, grouped by (rule, path, symbol); and how many were covered."""
    groups: dict[tuple, list[Instance]] = {}
    covered = 0
    for i in instances:
        if any(start is None or start - NEAR <= i.line <= end + NEAR for start, end in known.get((i.rule, i.path), [])):
            covered += 1
        else:
            groups.setdefault((i.rule, i.path, i.symbol), []).append(i)
    return groups, covered


def _finding(rule: Rule, path: str, symbol: str | None, found: list[Instance]) -> Any:
    from reviewctl.parse.model import ParsedFinding, ParsedLocation

    where = f"{path} ({symbol})" if symbol else path
    return ParsedFinding(
        title=f"{rule.title} in {where}",
        rule=rule.id,
        priority=rule.severity,
        priority_source="field",
        body="\n".join(f"- `{path}:{i.line}`: `{i.snippet}`" for i in found),
        locations=[ParsedLocation(path, i.line, i.end_line, i.symbol) for i in found],
    )


def _head(root: str) -> str | None:
    from reviewctl.gitlog import head_of

    return head_of(Path(root))
