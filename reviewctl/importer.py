"""`reviewctl import`: review documents → findings in the store, one transaction per document.

Re-import is safe: an unchanged document (same content hash) is skipped without parsing; an
edited one updates changed findings, adds new ones and marks vanished ones `dropped`. Statuses a
person or a commit set are never overwritten by the document.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewctl import clock
from reviewctl.errors import InputError, ReviewctlError
from reviewctl.identity import fingerprint, normalize_title, review_key, short_id, similar_titles
from reviewctl.models import Event, Finding, Location, Review
from reviewctl.parse import ParsedFinding, ParsedReview, parse_review
from reviewctl.parse.decode import decode_bytes
from reviewctl.store import Store
from reviewctl.vocab import Status

SUFFIXES = (".md", ".markdown", ".txt")
MAX_BYTES = 20 * 1024 * 1024
IMPORT_ACTOR = "import"
TITLE_CARRY = 0.85  # title similarity that carries a finding's identity across an edit
TRACKED = ("title", "body", "section", "priority", "effort_minutes", "effort_text", "phase", "phase_label")


@dataclass
class DocumentResult:
    path: str
    review_id: str = ""
    title: str = ""
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    dropped: int = 0
    skipped: str | None = None  # why nothing was written: unchanged content, or no findings
    by_priority: dict[str, int] = field(default_factory=dict)
    with_location: int = 0
    without_location: int = 0
    effort_minutes: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class ImportResult:
    documents: list[DocumentResult]
    dry_run: bool = False

    @property
    def failed(self) -> bool:
        return any(d.error for d in self.documents)


def collect_paths(paths: list[str]) -> list[str]:
    """Files named, and review-like files (.md, .markdown, .txt) below directories, sorted."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw == "-" or p.is_file():
            out.append(raw)
        elif p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError(f"{raw}: no review documents (.md, .markdown, .txt) in this directory")
            out += found
        else:
            raise InputError(f"{raw}: no such file or directory")
    return out


def read_document(raw: str) -> bytes:
    """A document's bytes; more than MAX_BYTES is refused, on stdin too (read in chunks, never past the limit)."""
    too_big = f"larger than the {MAX_BYTES // 2**20} MB a review may be"
    if raw == "-":
        data = bytearray()
        while len(data) <= MAX_BYTES and (chunk := sys.stdin.buffer.read(1 << 20)):
            data += chunk
        if len(data) > MAX_BYTES:
            raise InputError(f"-: stdin is {too_big}")
        return bytes(data)
    path = Path(raw)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{raw}: {size / 2**20:.1f} MB is {too_big}")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{raw}: cannot read ({exc.strerror})") from exc


def import_paths(
    store: Store, *, paths: list[str], dry_run: bool = False, revision: str | None = None, name: str | None = None
) -> ImportResult:
    """Import every document; a failing document is reported and leaves the store as it was."""
    results = []
    for raw in collect_paths(paths):
        try:
            results.append(
                import_document(store, raw=raw, data=read_document(raw), dry_run=dry_run, revision=revision, name=name)
            )
        except ReviewctlError as exc:
            results.append(DocumentResult(path=raw, error=str(exc)))
    return ImportResult(results, dry_run)


def import_document(
    store: Store, *, raw: str, data: bytes, dry_run: bool = False, revision: str | None = None, name: str | None = None
) -> DocumentResult:
    """Parse one document and write it in one transaction (nothing is written on a dry run)."""
    from reviewctl.sarif_in import import_sarif, is_sarif

    if is_sarif(raw, data):  # a scanner's results, not a review document
        return import_sarif(store, raw=raw, data=data, dry_run=dry_run, revision=revision, name=name)
    key = review_key(None if raw == "-" else Path(raw), name)
    digest = hashlib.sha256(data).hexdigest()
    existing = store.get_review(key)
    if existing is not None and existing.content_hash == digest:
        return _skipped(store, raw, existing)
    if not data.strip():
        raise InputError(f"{raw}: empty file")
    parsed = parse_review(decode_bytes(data, raw), key)
    path = str(Path(raw).resolve()) if raw != "-" else "-"
    return apply_parsed(
        store,
        key=key,
        parsed=parsed,
        raw=raw,
        path=path,
        digest=digest,
        revision=revision,
        dry_run=dry_run,
        existing=existing,
    )


def apply_parsed(
    store: Store,
    *,
    key: str,
    parsed: ParsedReview,
    raw: str,
    path: str,
    digest: str,
    revision: str | None,
    dry_run: bool = False,
    existing: Review | None = None,
) -> DocumentResult:
    """Write a parsed review (from a document, or built by `detect --import`) in one transaction."""
    result = _summary(raw, key, parsed)
    if not parsed.findings:
        result.warnings.append("no findings found in this document")
        if existing is None:  # an unrelated file: report it, store nothing
            result.skipped = "no findings found in this document"
            return result
    review = Review(
        id=key,
        title=parsed.title,
        path=path,
        content_hash=digest,
        date=parsed.date,
        author=parsed.author,
        imported_at=clock.now(),
        revision=revision,
        warnings=json.dumps(result.warnings),
    )
    if dry_run:
        _plan(store, key, parsed.findings, result)
        return result
    with store.transaction():
        store.save_review(review)
        _apply(store, key, parsed.findings, revision, result)
    return result


def _skipped(store: Store, raw: str, review: Review) -> DocumentResult:
    res = DocumentResult(
        path=raw, review_id=review.id, title=review.title, warnings=json.loads(review.warnings or "[]")
    )
    res.unchanged = store.count_findings(review.id, exclude_status=Status.dropped.value)
    res.skipped = f"unchanged since the last import ({res.unchanged} findings)"
    return res


def _summary(raw: str, key: str, parsed: ParsedReview) -> DocumentResult:
    res = DocumentResult(path=raw, review_id=key, title=parsed.title, warnings=list(parsed.warnings))
    res.by_priority = dict(Counter(f.priority for f in parsed.findings))
    res.with_location = sum(1 for f in parsed.findings if f.locations)
    res.without_location = len(parsed.findings) - res.with_location
    res.effort_minutes = sum(f.effort_minutes or 0 for f in parsed.findings)
    return res


def _fingerprints(key: str, findings: list[ParsedFinding]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        norm = normalize_title(f.title)
        seen[norm] += 1
        out.append(fingerprint(key, f.title, seen[norm]))
    return out


def _pair(key: str, parsed: list[ParsedFinding], old: list[Finding]) -> list[tuple[ParsedFinding, str, Finding | None]]:
    """Each parsed finding with its fingerprint and the stored finding it continues (if any)."""
    fps = _fingerprints(key, parsed)
    by_fp = {f.fingerprint: f for f in old}
    used = {fp for fp in fps if fp in by_fp}
    spare = [f for f in old if f.fingerprint not in used]
    out = []
    for pf, fp in zip(parsed, fps, strict=True):
        match = by_fp.get(fp)
        if match is None and spare:
            best = max(spare, key=lambda f: similar_titles(f.title, pf.title))
            if similar_titles(best.title, pf.title) >= TITLE_CARRY:
                match = best
                spare.remove(best)
        out.append((pf, fp, match))
    return out


def _plan(store: Store, key: str, parsed: list[ParsedFinding], result: DocumentResult) -> None:
    """Dry run: count what an import would do."""
    old = store.review_findings(key)
    pairs = _pair(key, parsed, old)
    matched = {id(m) for _, _, m in pairs if m is not None}
    locs = store.locations_of([m.id for _, _, m in pairs if m is not None])
    for pf, _, match in pairs:
        if match is None:
            result.new += 1
        elif _changes(match, pf, locs.get(match.id, [])):
            result.changed += 1
        else:
            result.unchanged += 1
    result.dropped = sum(1 for f in old if id(f) not in matched and f.status != Status.dropped.value)


def _apply(store: Store, key: str, parsed: list[ParsedFinding], revision: str | None, result: DocumentResult) -> None:
    old = store.review_findings(key)
    pairs = _pair(key, parsed, old)
    taken = _Taken(store, [fp for _, fp, match in pairs if match is None])
    catalog = _catalog()
    locs = store.locations_of([m.id for _, _, m in pairs if m is not None])
    now = clock.now()
    new = _NewRows()
    for ordinal, (pf, fp, match) in enumerate(pairs):
        if match is None:
            fid = short_id(fp, taken)
            taken.assigned.add(fid)
            rule = pf.rule or catalog.match(pf.title, pf.body, tuple(loc.path for loc in pf.locations))
            new.add(key, fid, fp, ordinal, pf, revision, now, rule)
            result.new += 1
        else:
            changed = _update(store, match, pf, ordinal, revision, locs.get(match.id, []), now)
            result.changed += changed
            result.unchanged += not changed
    store.insert_rows("finding", new.findings)
    store.insert_rows("location", new.locations)
    store.insert_rows("event", new.events)
    matched = {m.id for _, _, m in pairs if m is not None}
    for f in old:
        if f.id not in matched and f.status != Status.dropped.value:
            store.set_status(
                f.id, Status.dropped.value, kind="dropped", actor=IMPORT_ACTOR, note="no longer in the document"
            )
            result.dropped += 1


def _locations(fid: str, pf: ParsedFinding, revision: str | None) -> list[Location]:
    return [
        Location(
            finding_id=fid,
            path=loc.path,
            line_start=loc.line_start,
            line_end=loc.line_end,
            symbol=loc.symbol,
            revision=revision,
        )
        for loc in pf.locations
    ]


def _catalog() -> Any:
    """The rule catalog of the enclosing repository, for mapping findings to detector rules."""
    from reviewctl.location import project_root
    from reviewctl.rules import load_catalog

    return load_catalog(project_root())


class _Taken:
    """Is a finding ID in use? One query for all of a document's first-choice IDs, then per ID."""

    def __init__(self, store: Store, fingerprints: list[str]) -> None:
        self.store = store
        self.first = {short_id(fp, lambda _: False) for fp in fingerprints}
        self.existing = store.existing_ids(sorted(self.first))
        self.assigned: set[str] = set()

    def __call__(self, candidate: str) -> bool:
        if candidate in self.assigned:
            return True
        if candidate in self.first:
            return candidate in self.existing
        return bool(self.store.existing_ids([candidate]))


@dataclass
class _NewRows:
    """New findings of one document as plain rows, written with one bulk insert per table."""

    findings: list[dict] = field(default_factory=list)
    locations: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def add(
        self,
        key: str,
        fid: str,
        fp: str,
        ordinal: int,
        pf: ParsedFinding,
        revision: str | None,
        now: object,
        rule: str | None = None,
    ) -> None:
        status = Status.fixed.value if pf.status == "fixed" else Status.open.value
        self.findings.append(
            {
                "id": fid,
                "review_id": key,
                "ordinal": ordinal,
                "fingerprint": fp,
                "status": status,
                "rule": rule,
                "created_at": now,
                "updated_at": now,
                **{k: getattr(pf, k) for k in TRACKED},
            }
        )
        self.locations += [
            {
                "finding_id": fid,
                "path": loc.path,
                "line_start": loc.line_start,
                "line_end": loc.line_end,
                "symbol": loc.symbol,
                "revision": revision,
            }
            for loc in pf.locations
        ]
        note = "the document says it is fixed" if status == Status.fixed.value else None
        self.events.append(
            {
                "finding_id": fid,
                "at": now,
                "kind": "imported",
                "from_status": None,
                "to_status": status,
                "actor": IMPORT_ACTOR,
                "note": note,
            }
        )


def _loc_key(locs: list) -> list[tuple]:
    return [(loc.path, loc.line_start, loc.line_end) for loc in locs]


def _changes(old: Finding, pf: ParsedFinding, old_locs: list[Location]) -> list[str]:
    names = [k for k in TRACKED if getattr(old, k) != getattr(pf, k)]
    if _loc_key(old_locs) != _loc_key(pf.locations):
        names.append("locations")
    return names


def _update(
    store: Store,
    old: Finding,
    pf: ParsedFinding,
    ordinal: int,
    revision: str | None,
    old_locs: list[Location],
    now: object,
) -> bool:
    """Refresh a stored finding from the document; True when anything changed."""
    names = _changes(old, pf, old_locs)
    doc_status = Status.fixed.value if pf.status == "fixed" else Status.open.value
    status_by_doc = _document_owns_status(store, old)
    if names or old.ordinal != ordinal:
        for k in TRACKED:
            setattr(old, k, getattr(pf, k))
        old.ordinal = ordinal
        if names:
            old.updated_at = now
        store.update_finding(old, _locations(old.id, pf, revision) if "locations" in names else None)
        if names:
            store.add_event(
                Event(
                    finding_id=old.id,
                    at=now,
                    kind="changed",
                    actor=IMPORT_ACTOR,
                    note="changed in the document: " + ", ".join(names),
                )
            )
    if old.status == Status.dropped.value or (status_by_doc and old.status != doc_status):
        note = "back in the document" if old.status == Status.dropped.value else "status changed in the document"
        store.set_status(old.id, doc_status, kind="status", actor=IMPORT_ACTOR, note=note)
        return True
    return bool(names)


def _document_owns_status(store: Store, finding: Finding) -> bool:
    """True while nobody but the importer has set this finding's status."""
    return all(e.actor == IMPORT_ACTOR for e in store.events(finding.id) if e.to_status is not None)
