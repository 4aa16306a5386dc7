"""Project settings for planning: `[tool.reviewctl]` in pyproject.toml or `.reviewctl/config.yaml`.

Both hold the same keys, so a team picks the file it already has:

    [tool.reviewctl]
    capacity = "12h/week"
    default-effort = { critical = "4h", high = "2h", medium = "1h", low = "30m" }

    [tool.reviewctl.import]                       # a team's own review template
    severity = { sev1 = "critical", sev2 = "high", "must fix" = "critical" }
    labels = { "where" = "location", "time box" = "effort" }
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewctl.errors import InputError
from reviewctl.vocab import Priority

DEFAULT_EFFORT = {"critical": 240, "high": 120, "medium": 60, "low": 30, "unknown": 60}
"""Minutes assumed for a finding whose document gives no estimate, per priority."""
_CAPACITY = re.compile(r"^\s*(.+?)\s*(?:/|per\s+)\s*(week|wk|w)\s*$", re.I)


@dataclass(frozen=True)
class ProjectConfig:
    default_effort: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_EFFORT))
    capacity_minutes: int | None = None  # per week
    severity_words: dict[str, str] = field(default_factory=dict)  # a team's own word → priority
    field_labels: dict[str, str] = field(default_factory=dict)  # a team's own label → field
    source: str | None = None  # the file the settings came from


def minutes(text: Any, what: str) -> int:
    """Minutes in '4h', '30m', '1.5 hours', '2d' (8-hour days), or a bare number of hours."""
    from reviewctl.parse.fields import parse_effort

    value = str(text).strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return round(float(value) * 60)
    found = parse_effort(value)
    if found is None:
        raise InputError(f"{what}: cannot read {value!r} as a duration (try '4h' or '30m')")
    if found <= 0:
        raise InputError(f"{what}: {value!r} is no time at all; give a positive duration (try '4h' or '30m')")
    return found


def capacity_minutes(text: str, what: str = "--capacity") -> int:
    """Minutes per week in '12h/week', '12h per week', or plain '12h' (per week)."""
    m = _CAPACITY.match(text)
    return minutes(m.group(1) if m else text, what)


def load_config(root: Path) -> ProjectConfig:
    """Settings of the project at `root`: .reviewctl/config.yaml first, then pyproject.toml."""
    yaml_path, toml_path = root / ".reviewctl" / "config.yaml", root / "pyproject.toml"
    if yaml_path.is_file():
        return _from_mapping(_read_yaml(yaml_path), str(yaml_path))
    if toml_path.is_file():
        table = _read_toml(toml_path).get("tool", {}).get("reviewctl")
        if table is not None:
            return _from_mapping(table, f"{toml_path} [tool.reviewctl]")
    return ProjectConfig()


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read {path}: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of settings")
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _from_mapping(data: dict[str, Any], source: str) -> ProjectConfig:
    efforts = dict(DEFAULT_EFFORT)
    given = data.get("default-effort", data.get("default_effort", {})) or {}
    if not isinstance(given, dict):
        raise InputError(f"{source}: default-effort must map priorities to durations")
    for prio, value in given.items():
        if prio not in Priority.__members__:
            raise InputError(f"{source}: unknown priority {prio!r} in default-effort")
        efforts[prio] = minutes(value, f"{source}: default-effort.{prio}")
    capacity = data.get("capacity")
    words, labels = _import_vocabulary(data.get("import") or {}, source)
    return ProjectConfig(
        default_effort=efforts,
        capacity_minutes=capacity_minutes(str(capacity), f"{source}: capacity") if capacity else None,
        severity_words=words,
        field_labels=labels,
        source=source,
    )


def _import_vocabulary(table: Any, source: str) -> tuple[dict[str, str], dict[str, str]]:
    """`import.severity` (word → critical|high|medium|low) and `import.labels` (label → field)."""
    from reviewctl.parse.fields import LABELS

    if not isinstance(table, dict):
        raise InputError(f"{source}: import must be a table of severity and labels")
    words = _mapping(table.get("severity") or {}, f"{source}: import.severity")
    labels = _mapping(table.get("labels") or {}, f"{source}: import.labels")
    for word, prio in words.items():
        if prio not in ("critical", "high", "medium", "low"):
            raise InputError(f"{source}: import.severity.{word}: {prio!r} is not critical, high, medium or low")
    for label, target in labels.items():
        if target not in LABELS:
            raise InputError(f"{source}: import.labels.{label}: {target!r} is not one of {', '.join(LABELS)}")
    return words, labels


def _mapping(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InputError(f"{what} must map words to names")
    return {str(k).strip().lower(): str(v).strip().lower() for k, v in value.items()}
