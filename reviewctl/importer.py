"""`reviewctl import`: review documents → findings in the store, one transaction per document.

Re-import is safe: an unchanged document (same content hash) is skipped without parsing; an
edited one updates changed findings, adds new ones and marks vanished ones `dropped`. Statuses a
person or a commit set are never overwritten by the document: a vanished finding with such a
status keeps it, and only an event says the document no longer lists it. A document under a new
name that is a stored review's content, or most of its findings, is recognised as that review.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewctl import clock
from reviewctl.collector import fewer_collections
from reviewctl.errors import InputError, ReviewctlError
from reviewctl.identity import fingerprint, normalize_title, review_key, short_id, similar_bodies, similar_titles
from reviewctl.models import Event, Finding, Location, Review
from reviewctl.parse import ParsedFinding, ParsedReview, parse_review
from reviewctl.parse.decode import decode_bytes
from reviewctl.store import Store
from reviewctl.vocab import Status

SUFFIXES = (".md", ".markdown", ".txt")
MAX_BYTES = 20 * 1024 * 1024
IMPORT_ACTOR = "import"
TITLE_CARRY = 0.85  # title similarity that carries a finding's identity across an edit
BODY_CARRY = 0.8  # body likeness that carries it across a new title, at the same places
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
    unlisted: int = 0  # no longer in the document, status kept (a person or a commit set it)
    same_as: str | None = None  # the stored review this document was recognised as (renamed)
    skipped: str | None = None  # why nothing was written: unchanged content, or no findings
    by_priority: dict[str, int] = field(default_factory=dict)
    with_location: int = 0
    without_location: int = 0
    effort_minutes: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)  # dry run: each finding and its change


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
    use_project_vocabulary()
    catalog = _catalog()  # once per run: it is read for every document
    results = []
    with fewer_collections():
        for raw in collect_paths(paths):
            try:
                results.append(
                    import_document(
                        store,
                        raw=raw,
                        data=read_document(raw),  # held by import_document alone, which lets it go once decoded
                        dry_run=dry_run,
                        revision=revision,
                        name=name,
                        catalog=catalog,
                    )
                )
            except ReviewctlError as exc:
                results.append(DocumentResult(path=raw, error=str(exc)))
    return ImportResult(results, dry_run)


def import_document(
    store: Store,
    *,
    raw: str,
    data: bytes,
    dry_run: bool = False,
    revision: str | None = None,
    name: str | None = None,
    catalog: Any = None,
) -> DocumentResult:
    """Parse one document and write it in one transaction (nothing is written on a dry run)."""
    from reviewctl.sarif_in import import_sarif, is_sarif

    if is_sarif(raw, data):  # a scanner's results, not a review document
        return import_sarif(store, raw=raw, data=data, dry_run=dry_run, revision=revision, name=name)
    digest = hashlib.sha256(data).hexdigest()
    key = review_key(None if raw == "-" else Path(raw), name, digest)
    path = str(Path(raw).resolve()) if raw != "-" else "-"
    known = store.reviews_like(key, path, digest)
    existing = _first(known, "id", key) or (None if name or raw == "-" else _first(known, "path", path))
    if existing is not None and existing.content_hash == digest:
        return _skipped(store, raw, existing)
    twin = None if existing is not None or name else _first(known, "content_hash", digest)
    if twin is not None:
        return _skipped(store, raw, twin, same=True)
    if not data.strip():
        raise InputError(f"{raw}: empty file")
    key = existing.id if existing else key
    text = decode_bytes(data, raw)
    del data  # the document held once, as text, while it is parsed, and not after
    parsed = parse_review(text, key)
    del text
    note = None
    if existing is None and (found := _twin(store, key, parsed.findings)):
        existing, note = _recognise(*found, count=len(parsed.findings), named=name is not None)
        key = existing.id if existing else key
    result = apply_parsed(
        store,
        key=key,
        parsed=parsed,
        raw=raw,
        path=path,
        digest=digest,
        revision=revision,
        dry_run=dry_run,
        existing=existing,
        catalog=catalog,
    )
    if note:  # said on this import only, not stored with the document's own warnings
        result.warnings.append(note)
        result.same_as = existing.id if existing else None
    return result


def _first(reviews: list[Review], column: str, value: str) -> Review | None:
    return next((r for r in reviews if getattr(r, column) == value), None)


def _twin(store: Store, key: str, findings: list[ParsedFinding]) -> tuple[Review, int] | None:
    """A stored review sharing most titles both ways with these findings, and how many it shares:
    this document under another name (a copy shares some titles, a rename most of them)."""
    titles = sorted({f.title for f in findings})
    shared = store.reviews_sharing_titles(titles)
    for rid, n in sorted(shared.items(), key=lambda kv: -kv[1]):
        if (
            rid != key
            and 2 * n > len(titles)
            and 2 * n > store.count_findings(rid, exclude_status=Status.dropped.value)
        ):
            return store.get_review(rid), n
    return None


def _recognise(twin: Review, shared: int, *, count: int, named: bool) -> tuple[Review | None, str]:
    """Import as an update of the twin when its document is gone (renamed) and no `--name` was given;
    otherwise as a new review, with a warning that it repeats the twin's findings."""
    if not named and not (twin.path != "-" and Path(twin.path).is_file()):
        return twin, f"{_same_as(twin.id)}; imported as update of {twin.id!r}"
    repeats = f"{shared} of its {count} findings are also in review {twin.id!r}"
    if named:
        return None, f"{repeats}; imported as a new review (--name)"
    return None, f"{repeats}, whose document is still there; imported as a new review"


def _same_as(review_id: str) -> str:
    return f"same document as review {review_id!r} (renamed?)"


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
    catalog: Any = None,
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
        new = store.get_review(key) is None  # read under the write lock: another import may have stored it
        store.save_review(review, new=new)
        _apply(store, key, parsed.findings, revision, result, catalog or _catalog(), new=new)
    return result


def _skipped(store: Store, raw: str, review: Review, *, same: bool = False) -> DocumentResult:
    """Nothing to write: this review's content again (under another name when `same`)."""
    res = DocumentResult(
        path=raw, review_id=review.id, title=review.title, warnings=json.loads(review.warnings or "[]")
    )
    res.unchanged = store.count_findings(review.id, exclude_status=Status.dropped.value)
    res.skipped = f"unchanged since the last import ({res.unchanged} findings)"
    if same:
        res.same_as = review.id
        res.skipped = f"{_same_as(review.id)}; {res.skipped}"
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


def _pair(
    store: Store, key: str, parsed: list[ParsedFinding], old: list[Finding]
) -> list[tuple[ParsedFinding, str, Finding | None]]:
    """Each parsed finding with its fingerprint and the stored finding it continues (if any): the
    same title, else a much the same title, else the same places and much the same body (retitled)."""
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
    if spare and any(m is None and pf.locations for pf, _, m in out):
        _pair_by_place(store, out, spare)
    return out


def _pair_by_place(store: Store, out: list, spare: list[Finding]) -> None:
    """A finding given a new title keeps its identity when it names the same places and its body
    reads much the same (an empty body proves nothing)."""
    locs: dict[str, list] = {}
    for i in range(0, len(spare), 500):
        locs |= store.locations_of([f.id for f in spare[i : i + 500]])
    by_place: dict[frozenset, list[Finding]] = defaultdict(list)
    for f in spare:
        if place := frozenset(_loc_key(locs.get(f.id, []))):
            by_place[place].append(f)
    for i, (pf, fp, match) in enumerate(out):
        same_place = by_place.get(frozenset(_loc_key(pf.locations)), []) if match is None else []
        best = max(same_place, key=lambda f: similar_bodies(f.body, pf.body), default=None)
        if best is not None and similar_bodies(best.body, pf.body) >= BODY_CARRY:
            out[i] = (pf, fp, best)
            same_place.remove(best)


def _plan(store: Store, key: str, parsed: list[ParsedFinding], result: DocumentResult) -> None:
    """Dry run: count what an import would do, and list each finding it would write or leave."""
    old = store.review_findings(key)
    pairs = _pair(store, key, parsed, old)
    matched = {id(m) for _, _, m in pairs if m is not None}
    locs = store.locations_of([m.id for _, _, m in pairs if m is not None] + [f.id for f in old])
    for pf, _, match in pairs:
        if match is None:
            change, fid, status = "new", None, _doc_status(pf)
        else:
            change = "changed" if _changes(match, pf, locs.get(match.id, [])) else "unchanged"
            fid, status = match.id, _status_after(match, pf, store.events(match.id))
        setattr(result, change, getattr(result, change) + 1)
        result.findings.append(_listed(fid, pf, status, pf.locations, change))
    for f in old:
        fate = None if id(f) in matched or f.status == Status.dropped.value else _fate(store.events(f.id))
        if fate:
            setattr(result, fate, getattr(result, fate) + 1)
            status = Status.dropped.value if fate == "dropped" else f.status
            result.findings.append(_listed(f.id, f, status, locs[f.id], fate))


def _listed(fid: str | None, src: Any, status: str, locations: list, change: str) -> dict[str, Any]:
    """One finding of a dry run's listing: from the document (new, changed, unchanged) or the store."""
    return {
        "id": fid,
        "title": src.title,
        "priority": src.priority,
        "effort_minutes": src.effort_minutes,
        "phase": src.phase,
        "status": status,
        "locations": [{"path": x.path, "line_start": x.line_start, "line_end": x.line_end} for x in locations],
        "change": change,
    }


def _apply(
    store: Store,
    key: str,
    parsed: list[ParsedFinding],
    revision: str | None,
    result: DocumentResult,
    catalog: Any,
    *,
    new: bool,
) -> None:
    """Write the findings; a `new` review (its key was free) has no stored findings to read first."""
    old = [] if new else store.review_findings(key)
    pairs = _pair(store, key, parsed, old)
    taken = _Taken(store, [fp for _, fp, match in pairs if match is None])
    locs = store.locations_of([m.id for _, _, m in pairs if m is not None]) if old else {}
    now = clock.now()
    new = _NewRows()
    for ordinal, (pf, fp, match) in enumerate(pairs):
        if match is None:
            fid = short_id(fp, taken)
            taken.assigned.add(fid)
            rule = pf.rule or catalog.match(pf.title, pf.body, tuple(loc.path for loc in pf.locations))
            new.add(key, fid, fp, ordinal, pf, revision, now, rule)
            result.new += 1
            if len(new.findings) >= _BATCH:
                new.write(store)
        else:
            changed = _update(store, match, pf, ordinal, revision, locs.get(match.id, []), now)
            result.changed += changed
            result.unchanged += not changed
    new.write(store)
    matched = {m.id for _, _, m in pairs if m is not None}
    for f in old:
        if f.id not in matched and f.status != Status.dropped.value:
            _vanish(store, f, result)


def _vanish(store: Store, finding: Finding, result: DocumentResult) -> None:
    """The document no longer lists this finding: `dropped` if only the importer set its status;
    else the status a person or a commit set stays, and an event (once) says it is no longer listed."""
    fate = _fate(store.events(finding.id))
    if fate == "dropped":
        store.set_status(
            finding.id, Status.dropped.value, kind="dropped", actor=IMPORT_ACTOR, note="no longer in the document"
        )
    elif fate == "unlisted":
        note = f"no longer in the document; status {finding.status} kept"
        store.add_event(Event(finding_id=finding.id, at=clock.now(), kind="unlisted", actor=IMPORT_ACTOR, note=note))
    if fate:
        setattr(result, fate, getattr(result, fate) + 1)


def _fate(history: list[Any]) -> str | None:
    """What a vanished finding becomes: dropped, unlisted (status kept), or nothing (already said)."""
    if _document_owns_status(history):
        return "dropped"
    return None if _unlisted(history) else "unlisted"


def _unlisted(history: list[Any]) -> bool:
    """True when the last word on this finding's presence (newest first) was that the document dropped it."""
    return next((e.kind == "unlisted" for e in history if e.kind in ("unlisted", "listed")), False)


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


def use_project_vocabulary() -> None:
    """The project's own severity words and field labels ([tool.reviewctl.import]) for this run's parses."""
    from reviewctl.config import load_config
    from reviewctl.location import project_root
    from reviewctl.parse.fields import use_vocabulary

    config = load_config(project_root())
    use_vocabulary(config.severity_words, config.field_labels)


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


_BATCH = 2_000
"""New findings written per bulk insert: a huge document's rows are never all held at once."""


@dataclass
class _NewRows:
    """New findings of one document as plain rows, written with one bulk insert per table."""

    findings: list[dict] = field(default_factory=list)
    locations: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def write(self, store: Store) -> None:
        """Insert the rows gathered so far (findings first: the others point at them) and forget them."""
        for table, rows in (("finding", self.findings), ("location", self.locations), ("event", self.events)):
            store.insert_rows(table, rows)
            rows.clear()

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
        status = _doc_status(pf)
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
    history = store.events(old.id)
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
    return _relist(store, old, pf, history) or bool(names)


def _relist(store: Store, old: Finding, pf: ParsedFinding, history: list[Any]) -> bool:
    """A listed finding's status follows the document while only the importer set it; one the
    document had stopped listing gets an event saying it is back. True when anything was written."""
    to = _status_after(old, pf, history)
    if to != old.status:
        back = old.status == Status.dropped.value
        note = "back in the document" if back else "status changed in the document"
        store.set_status(old.id, to, kind="status", actor=IMPORT_ACTOR, note=note)
        return True
    if _unlisted(history):
        note = "back in the document"
        store.add_event(Event(finding_id=old.id, at=clock.now(), kind="listed", actor=IMPORT_ACTOR, note=note))
        return True
    return False


def _status_after(old: Finding, pf: ParsedFinding, history: list[Any]) -> str:
    """The document's status while nobody but the importer has set one, else the stored status."""
    return _doc_status(pf) if _document_owns_status(history) else old.status


def _doc_status(pf: ParsedFinding) -> str:
    return Status.fixed.value if pf.status == "fixed" else Status.open.value


def _document_owns_status(history: list[Any]) -> bool:
    """True while nobody but the importer has set this finding's status."""
    return all(e.actor == IMPORT_ACTOR for e in history if e.to_status is not None)
