"""Detector registry and the context a detector sees; instances come back as plain Hits."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

DETECTORS: dict[str, tuple[str, Callable[..., Iterable[Any]]]] = {}
"""name → (kind, function); kind is 'python' (gets an AST) or 'text' (gets source text)."""
NEEDLES: dict[str, re.Pattern[str] | None] = {}
"""name → a pattern a file must contain to be worth parsing (None: always parse)."""
LOCAL: set[str] = set()
"""Python detectors whose instances depend only on the top-level statement holding their needle."""

# import name → distribution name, where they differ (the common cases)
DIST_NAMES = {
    "yaml": "pyyaml",
    "PIL": "pillow",
    "cv2": "opencv-python",
    "sklearn": "scikit-learn",
    "bs4": "beautifulsoup4",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "jwt": "pyjwt",
    "git": "gitpython",
    "psycopg2": "psycopg2-binary",
    "attr": "attrs",
    "google": "protobuf",
    "magic": "python-magic",
    "serial": "pyserial",
    "Crypto": "pycryptodome",
    "markdown_it": "markdown-it-py",
    "OpenSSL": "pyopenssl",
    "docx": "python-docx",
    "multipart": "python-multipart",
}


@dataclass
class Context:
    """What a detector knows besides the code: its path, and what the repository declares."""

    path: str
    declared: set[str] | None = None  # normalized dependency names; None: not known
    local: set[str] = field(default_factory=set)  # the repository's own top-level modules

    def is_missing(self, top: str) -> bool:
        if self.declared is None or top in sys.stdlib_module_names or top in self.local or top.startswith("_"):
            return False
        names = {_norm(top), _norm(DIST_NAMES.get(top, top))}
        return not names & self.declared


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Hit:
    line: int
    end_line: int
    col: int = 1


def detector(kind: str) -> Callable[..., Callable]:
    r"""`@detector('python')('bare_except', needle=r'except\s*:')` registers a function under a name;
    the needle is a cheap regex test that lets files without it skip parsing."""

    def named(name: str, needle: str | None = None, *, local: bool = False) -> Callable:
        def register(fn: Callable) -> Callable:
            DETECTORS[name] = (kind, fn)
            NEEDLES[name] = re.compile(needle) if needle else None
            if local and needle:
                LOCAL.add(name)
            return fn

        return register

    return named


def norm_dependency(spec: str) -> str | None:
    """'requests>=2 ; python_version>"3"' → 'requests'; comments and options → None."""
    spec = spec.split("#", 1)[0].strip()
    if not spec or spec.startswith(("-", "git+", "http")):
        return None
    m = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec)
    return _norm(m.group()) if m else None


def pyproject_dependencies(text: str) -> set[str] | None:
    """Dependencies a pyproject.toml declares: PEP 621 ([project] and its extras) and Poetry
    ([tool.poetry.dependencies] and groups); None when it declares none of these tables or cannot be read."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    project, poetry = data.get("project"), data.get("tool", {}).get("poetry")
    if project is None and poetry is None:
        return None
    specs = list((project or {}).get("dependencies", []))
    specs += [s for group in (project or {}).get("optional-dependencies", {}).values() for s in group]
    names = list((poetry or {}).get("dependencies", {}))
    names += [n for g in (poetry or {}).get("group", {}).values() for n in g.get("dependencies", {})]
    names += list((poetry or {}).get("dev-dependencies", {}))
    return {d for s in specs + [n for n in names if n.lower() != "python"] if (d := norm_dependency(s))}


def declared_dependencies(names: Sequence[str], read: Callable[[str], str | None]) -> tuple[set[str] | None, set[str]]:
    """What a tree declares (requirements*.txt, pyproject.toml: PEP 621 and Poetry) — None when it
    declares nothing, so missing-requirement stays silent — and the tree's own top-level modules."""
    declared: set[str] = set()
    found = False
    for path in names:
        base = path.rsplit("/", 1)[-1]
        if base.startswith("requirements") and base.endswith(".txt"):
            found = True
            declared |= {d for line in (read(path) or "").splitlines() if (d := norm_dependency(line))}
        elif base == "pyproject.toml" and (deps := pyproject_dependencies(read(path) or "")) is not None:
            found = True
            declared |= deps
    local = {p.split("/")[0].removesuffix(".py") for p in names}
    local |= {p.split("/")[1].removesuffix(".py") for p in names if p.startswith("src/") and p.count("/") >= 1}
    local |= {p.rsplit("/", 1)[-1].removesuffix(".py") for p in names if p.endswith(".py")}  # scripts' siblings
    return (declared if found else None), local
