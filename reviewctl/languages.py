"""Which language a file is written in, by its name, and the ast-grep grammar that reads it."""

from __future__ import annotations

# language → {file suffix: ast-grep grammar}
LANGUAGES: dict[str, dict[str, str]] = {
    "python": {".py": "python", ".pyi": "python"},
    "rust": {".rs": "rust"},
    "go": {".go": "go"},
    "typescript": {".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"},
    "javascript": {".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript"},
    "java": {".java": "java"},
    "csharp": {".cs": "csharp"},
    "kotlin": {".kt": "kotlin", ".kts": "kotlin"},
    "swift": {".swift": "swift"},
    "c": {".c": "c", ".h": "c"},
    "cpp": {".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp", ".hxx": "cpp"},
    "ruby": {".rb": "ruby"},
    "php": {".php": "php"},
    "shell": {".sh": "bash", ".bash": "bash"},
}
_BY_SUFFIX = {suffix: (lang, grammar) for lang, suffixes in LANGUAGES.items() for suffix, grammar in suffixes.items()}


def _suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[name.rfind(".") :].lower() if "." in name else ""


def language(path: str) -> str | None:
    """'rust' for src/main.rs; None for a file no rule reads."""
    found = _BY_SUFFIX.get(_suffix(path))
    return found[0] if found else None


def grammar(path: str) -> str | None:
    """The ast-grep grammar for the file ('tsx' for .tsx, 'typescript' for .ts)."""
    found = _BY_SUFFIX.get(_suffix(path))
    return found[1] if found else None


def globs(languages: tuple[str, ...]) -> tuple[str, ...]:
    """File globs of these languages."""
    return tuple(f"*{suffix}" for lang in languages for suffix in LANGUAGES.get(lang, {}))
