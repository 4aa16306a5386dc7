"""Counts kept by the database's own triggers, so everyday reads cost the same at any store size:

- `finding_tally`: findings and effort per (priority, review, phase, status) — `status` and
  `list`'s totals read a few hundred rows instead of grouping every finding;
- `location_path`: locations per path — `list --path` matches its glob against the distinct paths
  (as many as the project has files), then looks the findings up by the path index.

The triggers run inside every write to `finding` and `location`, whoever makes it (reviewctl, a
restore, plain SQL), in the writer's transaction: the counts are exactly what `GROUP BY` would give.
A phase-less finding is counted under phase -1 (phases are numbers from documents, never negative),
so no key holds NULL and one upsert finds its row on SQLite and PostgreSQL alike. Rows that empty
stay with n = 0; reads skip them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewctl.errors import StoreError


@dataclass(frozen=True)
class Tally:
    """A count table kept by triggers on `source`: `key` columns (as the source row gives them,
    NEW/OLD.col) and the values each source row adds."""

    name: str
    source: str
    key: dict[str, str]  # tally column → its SQL type
    value: dict[str, str]  # tally column → what one source row adds (besides n = 1)
    watched: str  # the source columns whose update moves a row between groups

    def _of(self, row: str, column: str) -> str:
        return f"coalesce({row}.{column}, -1)" if column == "phase" else f"{row}.{column}"

    def create(self) -> list[str]:
        cols = [f"{c} {t} NOT NULL" for c, t in self.key.items()] + ["n INTEGER NOT NULL"]
        cols += [f"{c} BIGINT NOT NULL" for c in self.value]
        fill_values = "".join(f", coalesce(sum({v}), 0)" for v in self.value.values())
        grouped = ", ".join(self._of(self.source, c) for c in self.key)
        return [
            f"CREATE TABLE {self.name} ({', '.join(cols)}, PRIMARY KEY ({', '.join(self.key)}))",
            f"INSERT INTO {self.name} ({', '.join([*self.key, 'n', *self.value])})"
            f" SELECT {grouped}, count(*){fill_values} FROM {self.source} GROUP BY {grouped}",
        ]

    def add(self) -> str:
        names = ", ".join([*self.key, "n", *self.value])
        values = ", ".join([*(self._of("NEW", c) for c in self.key), "1"])
        values += "".join(f", coalesce(NEW.{v}, 0)" for v in self.value.values())
        sets = ", ".join([f"n = {self.name}.n + 1", *(f"{c} = {self.name}.{c} + excluded.{c}" for c in self.value)])
        upsert = f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {sets}"
        return f"INSERT INTO {self.name} ({names}) VALUES ({values}) {upsert};"

    def take(self) -> str:
        sets = ", ".join(["n = n - 1", *(f"{c} = {c} - coalesce(OLD.{v}, 0)" for c, v in self.value.items())])
        match = " AND ".join(f"{c} = {self._of('OLD', c)}" for c in self.key)
        return f"UPDATE {self.name} SET {sets} WHERE {match};"

    def triggers(self, dialect: str) -> list[str]:
        """The triggers' DDL, each replacing what an interrupted or hand-made set-up may have left."""
        on = {"insert": ("INSERT", self.add()), "delete": ("DELETE", self.take())}
        on["update"] = (f"UPDATE OF {self.watched}", f"{self.take()} {self.add()}")
        if dialect == "sqlite":
            return [
                sql
                for kind, (event, body) in on.items()
                for sql in (
                    f"DROP TRIGGER IF EXISTS {self.name}_{kind}",
                    f"CREATE TRIGGER {self.name}_{kind} AFTER {event} ON {self.source} BEGIN {body} END",
                )
            ]
        return [
            f"CREATE OR REPLACE FUNCTION {self.name}_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            f" IF TG_OP <> 'INSERT' THEN {self.take()} END IF; IF TG_OP <> 'DELETE' THEN {self.add()} END IF;"
            " RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {self.name} ON {self.source}",
            f"CREATE TRIGGER {self.name} AFTER INSERT OR DELETE OR {on['update'][0]} ON {self.source}"
            f" FOR EACH ROW EXECUTE FUNCTION {self.name}_count()",
        ]


TALLIES = (
    Tally(
        "finding_tally",
        "finding",
        {"priority": "VARCHAR", "review_id": "VARCHAR", "phase": "INTEGER", "status": "VARCHAR"},
        {"effort": "effort_minutes"},
        "priority, review_id, phase, status, effort_minutes",
    ),
    Tally("location_path", "location", {"path": "VARCHAR"}, {}, "path"),
)


def ensure(conn: Any, dialect: str, tables: set[str]) -> None:
    """Create each tally missing from `tables` (the store's tables before this step), filled from
    the rows already stored, with its triggers. Run under the store's write lock."""
    if dialect not in ("sqlite", "postgresql"):
        raise StoreError(f"reviewctl stores live in SQLite or PostgreSQL, not {dialect}")
    for tally in TALLIES:
        if tally.name not in tables:
            for ddl in [*tally.create(), *tally.triggers(dialect)]:
                conn.exec_driver_sql(ddl)
