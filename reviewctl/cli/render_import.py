"""Terminal summary of an import: per document, then totals."""

from collections import Counter

from reviewctl.cli.common import message
from reviewctl.cli.render_plain import effort
from reviewctl.cli.safe import plain
from reviewctl.importer import ImportResult
from reviewctl.vocab import Priority


def render_import(result: ImportResult) -> None:
    totals: Counter[str] = Counter()
    for doc in result.documents:
        if doc.error:
            message(f"reviewctl: error: {plain(doc.error)}")
            continue
        if doc.skipped:
            message(f"{plain(doc.path)}: {doc.skipped}; skipped")
            continue
        prios = ", ".join(f"{doc.by_priority[p.value]} {p.value}" for p in Priority if doc.by_priority.get(p.value))
        message(
            f"{plain(doc.path)} → review {plain(doc.review_id)!r}: {doc.new} new, {doc.changed} changed, "
            f"{doc.unchanged} unchanged, {doc.dropped} dropped"
        )
        message(
            f"  by priority: {prios or 'none'}; {doc.with_location} with a location, "
            f"{doc.without_location} without; effort {effort(doc.effort_minutes or None)}"
        )
        for w in doc.warnings:
            message(f"  warning: {plain(w)}")
        totals.update(new=doc.new, changed=doc.changed, unchanged=doc.unchanged, dropped=doc.dropped)
    if len(result.documents) > 1:
        message(
            f"total: {totals['new']} new, {totals['changed']} changed, {totals['unchanged']} unchanged, "
            f"{totals['dropped']} dropped"
        )
    if result.dry_run:
        message("dry run: nothing was written")
