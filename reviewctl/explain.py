"""`reviewctl import --explain`: why each part of a document is or is not a finding; writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reviewctl.identity import review_key
from reviewctl.importer import collect_paths, read_document, use_project_vocabulary
from reviewctl.parse.decode import decode_bytes
from reviewctl.parse.explain import Candidate, explain
from reviewctl.store import Store


@dataclass
class Explained:
    path: str
    review_id: str
    candidates: list[Candidate] = field(default_factory=list)
    ids: dict[int, str] = field(default_factory=dict)  # id(candidate) → stored finding ID
    warnings: list[str] = field(default_factory=list)
    findings: int = 0  # how many findings import would store (an ID-range row can hold several)

    def stored_id(self, candidate: Candidate) -> str | None:
        return self.ids.get(id(candidate))


def explain_paths(store: Store | None, *, paths: list[str], name: str | None = None) -> list[Explained]:
    """Each document's candidates with their verdicts, and the stored ID of each finding already imported."""
    use_project_vocabulary()
    out = []
    for raw in collect_paths(paths):
        key = review_key(None if raw == "-" else Path(raw), name)
        review, candidates = explain(decode_bytes(read_document(raw), raw), key)
        doc = Explained(raw, key, candidates, warnings=list(review.warnings), findings=len(review.findings))
        stored = {f.title: f.id for f in store.review_findings(key)} if store is not None else {}
        doc.ids = {id(c): stored[c.finding.title] for c in candidates if c.finding and c.finding.title in stored}
        out.append(doc)
    return out
