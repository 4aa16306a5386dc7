"""SARIF in: the results of ruff, semgrep, CodeQL… become findings of a review keyed by tool and file.

A result's rule id maps to the catalog rule that lists it among its codes (`noqa:` in
findings/*.yaml: E722 → bare-except, S301 → pickle-loads, S324 → md5-hash), or that has the same
id (a reviewctl export), when the rule reads the result's file. Re-importing the next scan marks
results that vanished `fixed`, with an event saying the scanner no longer reports them — a claim
that `verify` judges where a rule applies; a result that comes back reopens its finding.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from reviewctl.errors import InputError
from reviewctl.identity import review_key
from reviewctl.location import project_root
from reviewctl.parse.model import ParsedFinding, ParsedLocation, ParsedReview
from reviewctl.rules import Catalog, load_catalog
from reviewctl.store import Store

_SARIF_HEAD = re.compile(rb'\{\s*("\$schema"\s*:\s*"[^"]*sarif[^"]*"|"runs"\s*:)', re.I)
PRIORITY = {"error": "high", "warning": "medium", "note": "low", "none": "low"}
OPEN = ("open", "in_progress")


def is_sarif(raw: str, data: bytes) -> bool:
    """A .sarif file, or a JSON object that opens with a SARIF $schema or its runs (ruff writes
    `$schema` then `runs`; sorted keys put `version` last)."""
    if raw.lower().endswith(".sarif"):
        return True
    return bool(_SARIF_HEAD.match(data[:500].lstrip()))


def import_sarif(
    store: Store, *, raw: str, data: bytes, dry_run: bool = False, revision: str | None = None, name: str | None = None
) -> Any:
    """Import one SARIF log as a review; vanished results of the previous scan become `fixed`."""
    from reviewctl.importer import DocumentResult, apply_parsed

    log = _load(raw, data)
    tools = sorted({str(_obj(_obj(run.get("tool")).get("driver")).get("name") or "sarif") for run in log["runs"]})
    key = review_key(None, name or f"{'-'.join(tools)}-{Path(raw).stem}")
    digest = hashlib.sha256(data).hexdigest()
    existing = store.get_review(key)
    if existing is not None and existing.content_hash == digest:
        return DocumentResult(path=raw, review_id=key, title=existing.title, skipped="unchanged since the last import")
    root, catalog = project_root(), load_catalog(project_root())
    _repo_path.cache_clear()  # paths resolve against the file system as it is now
    results = [(run, r) for run in log["runs"] for r in _list(run.get("results")) if isinstance(r, dict)]
    findings = [_finding(run, r, root, catalog) for run, r in results]
    vanished = _vanished(store, key, findings)
    parsed = ParsedReview(title=f"{', '.join(tools)} scan ({Path(raw).name})", findings=[*findings, *vanished.values()])
    path = str(Path(raw).resolve()) if raw != "-" else "-"
    kwargs = {"key": key, "parsed": parsed, "raw": raw, "path": path, "digest": digest, "revision": revision}
    result = apply_parsed(store, **kwargs, dry_run=dry_run, existing=existing)
    fixed = 0 if dry_run else _mark_fixed(store, list(vanished), ", ".join(tools))
    if fixed:
        result.warnings.append(f"{fixed} results no longer reported: marked fixed (verify judges them)")
    return result


def _load(raw: str, data: bytes) -> dict[str, Any]:
    try:
        log = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{raw}: not SARIF JSON ({exc})") from exc
    if not isinstance(log, dict) or not isinstance(log.get("runs"), list):
        raise InputError(f"{raw}: not a SARIF log (no runs)")
    return log | {"runs": [run for run in log["runs"] if isinstance(run, dict)]}


def _obj(value: Any) -> dict[str, Any]:
    """A SARIF object, or {} where a producer wrote something else: a bad field is skipped, not fatal."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _line(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _finding(run: dict[str, Any], result: dict[str, Any], root: Path, catalog: Catalog) -> ParsedFinding:
    """One result; its title (rule, message, first file — never a line) is its identity across scans."""
    code = _text(result.get("ruleId")) or _text(_obj(result.get("rule")).get("id")) or "result"
    text = (_text(_obj(result.get("message")).get("text")).strip() or code).splitlines()[0]
    locations = [loc for raw in _list(result.get("locations")) if (loc := _location(_obj(raw), run, root))]
    where = f" in {locations[0].path}" if locations else ""
    rule = _rule(catalog, code, locations)
    lines = [text, "", *(f"- `{loc.path}" + (f":{loc.line_start}`" if loc.line_start else "`") for loc in locations)]
    return ParsedFinding(
        title=f"{code}: {text}{where}",
        body="\n".join(lines),
        priority=catalog.rules[rule].severity if rule else PRIORITY.get(_text(result.get("level")), "medium"),
        priority_source="field",
        locations=locations,
        rule=rule,
    )


def _location(raw: dict[str, Any], run: dict[str, Any], root: Path) -> ParsedLocation | None:
    phys = _obj(raw.get("physicalLocation"))
    artifact = _obj(phys.get("artifactLocation"))
    path = _relative(_text(artifact.get("uri")), _text(artifact.get("uriBaseId")), run, root)
    if path is None:
        return None
    region = _obj(phys.get("region"))
    start = _line(region.get("startLine"))
    return ParsedLocation(path, start, max(_line(region.get("endLine")) or 0, start) if start else None)


def _relative(uri: str, base_id: str, run: dict[str, Any], root: Path) -> str | None:
    """A repository-relative path for a result's URI (ruff writes absolute file:// URIs)."""
    if not uri:
        return None
    base = _text(_obj(_obj(run.get("originalUriBaseIds")).get(base_id)).get("uri"))
    return _repo_path(base + uri if base and "://" not in uri else uri, root)


@lru_cache(maxsize=4096)
def _repo_path(uri: str, root: Path) -> str | None:
    """_relative of a whole URI: worked out once per file, whose results a scan lists by the thousand."""
    parsed = urlparse(uri)
    if parsed.scheme not in ("", "file"):
        return None
    path = Path(unquote(parsed.path))
    if path.is_absolute():
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def _rule(catalog: Catalog, code: str, locations: list[ParsedLocation]) -> str | None:
    """The catalog rule that means the same as the scanner's rule, for the files it reports."""
    for rule in catalog.rules.values():
        if (code == rule.id or code in rule.noqa) and any(rule.applies_to(loc.path) for loc in locations):
            return rule.id
    return None


def _vanished(store: Store, key: str, findings: list[ParsedFinding]) -> dict[str, ParsedFinding]:
    """Stored findings of earlier scans that this one no longer reports, by ID, kept as they were
    (not dropped). Titles are counted: of two alike, one may vanish."""
    present = Counter(f.title for f in findings)
    old = []
    for f in store.review_findings(key):
        if f.status != "dropped" and present[f.title] > 0:
            present[f.title] -= 1
        elif f.status != "dropped":
            old.append(f)
    locs = store.locations_of([f.id for f in old]) if old else {}
    return {f.id: _kept(f, locs[f.id]) for f in old}


def _kept(f: Any, locs: list[Any]) -> ParsedFinding:
    return ParsedFinding(
        title=f.title,
        body=f.body,
        priority=f.priority,
        priority_source="field",
        status="open" if f.status in OPEN else "fixed",
        locations=[ParsedLocation(x.path, x.line_start, x.line_end, x.symbol) for x in locs],
        rule=f.rule,
    )


def _mark_fixed(store: Store, ids: list[str], tools: str) -> int:
    """The scanner's silence is a claim, made in a transaction of its own after the scan's."""
    if not ids:
        return 0
    with store.transaction():
        states = store.statuses(ids)
        return sum(
            store.set_status(fid, "fixed", kind="status", actor="import", note=f"{tools} no longer reports it")
            for fid in ids
            if states.get(fid) in OPEN
        )
