"""How many findings, and how much effort, per (priority, review, phase, status): kept by the
database's own triggers, so `status` and `list`'s totals read a few hundred rows at any store size.

The triggers run inside every write to `finding`, whoever makes it (reviewctl, a restore, plain
SQL), in the writer's transaction: the counts are exactly what `GROUP BY` over `finding` would
give. A phase-less finding is counted under phase -1 (phases are numbers from documents, never
negative), so the key has no NULL and an upsert finds its row on both SQLite and PostgreSQL.
Groups that empty keep their row with n = 0; reads skip them.
"""

from __future__ import annotations

from typing import Any

from reviewctl.errors import StoreError

KEY = "priority, review_id, phase, status"
_MATCH = (
    "priority = {r}.priority AND review_id = {r}.review_id AND phase = coalesce({r}.phase, -1) AND status = {r}.status"
)
_ADD = (
    f"INSERT INTO finding_tally ({KEY}, n, effort)"
    " VALUES (NEW.priority, NEW.review_id, coalesce(NEW.phase, -1), NEW.status, 1, coalesce(NEW.effort_minutes, 0))"
    f" ON CONFLICT ({KEY}) DO UPDATE SET n = finding_tally.n + 1, effort = finding_tally.effort + excluded.effort;"
)
_TAKE = (
    "UPDATE finding_tally SET n = n - 1, effort = effort - coalesce(OLD.effort_minutes, 0)"
    f" WHERE {_MATCH.format(r='OLD')};"
)
_COUNTED = "priority, review_id, phase, status, effort_minutes"
_TABLE = (
    "CREATE TABLE finding_tally (priority VARCHAR NOT NULL, review_id VARCHAR NOT NULL, phase INTEGER NOT NULL,"
    f" status VARCHAR NOT NULL, n INTEGER NOT NULL, effort BIGINT NOT NULL, PRIMARY KEY ({KEY}))"
)
_FILL = (
    f"INSERT INTO finding_tally ({KEY}, n, effort) SELECT priority, review_id, coalesce(phase, -1), status,"
    " count(*), coalesce(sum(effort_minutes), 0) FROM finding GROUP BY priority, review_id, coalesce(phase, -1), status"
)
_ON = {"insert": ("INSERT", _ADD), "delete": ("DELETE", _TAKE), "update": (f"UPDATE OF {_COUNTED}", f"{_TAKE} {_ADD}")}
TRIGGERS = {  # each replaces what an interrupted or hand-made set-up may have left
    "sqlite": [
        sql
        for name, (event, body) in _ON.items()
        for sql in (
            f"DROP TRIGGER IF EXISTS finding_tally_{name}",
            f"CREATE TRIGGER finding_tally_{name} AFTER {event} ON finding BEGIN {body} END",
        )
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION finding_tally_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" IF TG_OP <> 'INSERT' THEN {_TAKE} END IF; IF TG_OP <> 'DELETE' THEN {_ADD} END IF; RETURN NULL; END $$",
        "DROP TRIGGER IF EXISTS finding_tally ON finding",
        f"CREATE TRIGGER finding_tally AFTER INSERT OR DELETE OR UPDATE OF {_COUNTED} ON finding"
        " FOR EACH ROW EXECUTE FUNCTION finding_tally_count()",
    ],
}


def ensure(conn: Any, dialect: str, tables: set[str]) -> None:
    """Create the tally, filled from the findings already stored, and its triggers, unless `tables`
    (the store's tables before this step) already holds it. Run under the store's write lock."""
    if "finding_tally" in tables:
        return
    if dialect not in TRIGGERS:
        raise StoreError(f"reviewctl stores live in SQLite or PostgreSQL, not {dialect}")
    conn.exec_driver_sql(_TABLE)
    conn.exec_driver_sql(_FILL)
    for ddl in TRIGGERS[dialect]:
        conn.exec_driver_sql(ddl)
