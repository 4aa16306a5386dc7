"""Honest verdicts on real repositories: baseline first, quoted code in any language, a CI gate on state."""

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, commit, reviewed_project

SINGLETON = """import threading


class Single:
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance
"""
BLIND = SINGLETON.replace("if cls._instance is None:", 'if not hasattr(cls, "_made"):')


def _verdict(cli: Cli, ref: str, *args: str, code: int = 0) -> dict:
    (v,) = json.loads(cli("verify", ref, *args, "--json", code=code).stdout)
    return v


def _claim(repo, cli: Cli, ref: str, files: dict[str, str | None]) -> dict:
    """Commit `files` with a message claiming `ref` fixed, link, verify; the verdict."""
    commit(repo, f"fix {ref}", files)
    cli("link")
    return _verdict(cli, ref)


@pytest.mark.parametrize(
    ("code", "verdict", "status"),
    [(BLIND, "unverifiable", "fixed"), (SINGLETON, "rejected", "open")],
    ids=["blind", "seen"],
)
def test_a_comment_never_verifies_a_singleton(
    code: str, verdict: str, status: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's case: a class-level singleton, then a commit that only appends a comment."""
    review = "# Review\n### 1. Singleton without a lock (High)\n- **Location**: `single.py` lines 7-10\n"
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"single.py": code}], review)
    ref = ids["Singleton without a lock"]
    assert cli.export()["findings"][0]["rule"] == "unlocked-singleton"
    base = repo.head.commit.hexsha[:10]
    v = _claim(repo, cli, ref, {"single.py": code + "# thread-safe now\n"})
    assert (v["verdict"], v["status_after"]) == (verdict, status)
    if verdict == "unverifiable":  # the rule never saw this form: it cannot say the problem is gone
        assert v["reason"].startswith(f"rule unlocked-singleton does not see this at {base}")
    else:
        assert v["reason"] == "claimed fixed, but still at single.py:8 (rule unlocked-singleton)"


def test_noqa_at_the_baseline_does_not_hide_the_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = "def f(job):\n    try:\n        job()\n    except:  # noqa: E722\n        pass\n"
    review = "# Review\n### 1. Bare except in f (High)\n- **Location**: `w.py:4`\n"
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"w.py": code}], review)
    ref = ids["Bare except in f"]
    assert _verdict(cli, ref)["verdict"] == "still_open"
    v = _claim(repo, cli, ref, {"w.py": code.replace("except:", "except ValueError:")})
    assert (v["verdict"], v["status_after"]) == ("verified", "verified")
    base, now = repo.commit("HEAD~1").hexsha[:10], v["revision"][:10]
    assert v["reason"] == f"rule bare-except saw it at {base} and does not see it at {now}"


LANGUAGES = {
    "rust": (
        "src/config.rs",
        'use std::env;\n\npub fn port() -> u16 {\n    let raw = env::var("PORT").ok();\n\n'
        "    raw.map(|p| p.parse().unwrap_or(80)).unwrap_or(8080)\n}\n",
        'let raw = env::var("PORT").ok();',
        '    let raw = env::var("PORT").ok();\n',
        '    let raw = env::var("APP_PORT").ok();\n',
        ("// reads the port\n", "tests/config.rs", "#[test]\nfn t() {}\n"),
    ),
    "go": (
        "server/handler.go",
        'package server\n\nimport "os"\n\nfunc Port() string {\n\tport := os.Getenv("PORT")\n\n\treturn port\n}\n',
        'port := os.Getenv("PORT")',
        '\tport := os.Getenv("PORT")\n',
        '\tport := os.Getenv("APP_PORT")\n\tif port == "" {\n\t\tport = "8080"\n\t}\n',
        ("// Port reads the port\n", "server/handler_test.go", "package server\n"),
    ),
    "typescript": (
        "src/api.ts",
        "export async function load(id: string) {\n  const res = await fetch(`/api/${id}`)\n\n  return res.json()\n}\n",
        "const res = await fetch(`/api/${id}`)",
        "  const res = await fetch(`/api/${id}`)\n",
        "  const res = await fetch(`/api/items/${encodeURIComponent(id)}`, { signal })\n",
        ("// loads one item\n", "src/api.test.ts", "test('x', () => {})\n"),
    ),
}


GUARDS = {"rust": '    log::debug!("port");\n', "go": '\tlog.Println("port")\n', "typescript": "  console.debug(id)\n"}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_quoted_code_judges_claims_in_any_language(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, code, quote, line, rewritten, (comment, test_path, test_code) = LANGUAGES[lang]
    at = code[: code.index(line)].count("\n") + 1  # the quote's line at the baseline
    review = (
        f"# Review\n### 1. Config read is wrong (High)\n- **Location**: `{path}:{at}`\n\n"
        f"The code reads:\n\n```\n{quote}\n```\n\n**Fix**:\n```\n{rewritten.strip()}\n```\n"
    )
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{path: code}], review)
    ref = ids["Config read is wrong"]
    for files in (
        {path: comment + code},  # only adds a comment
        {path: code.replace(line, line + "  // checked: fine\n")},  # a comment inside the function
        {test_path: test_code},  # only touches tests
        {path: code.replace("\n\n", "\n", 1)},  # deletes a blank line
    ):
        v = _claim(repo, cli, ref, files)
        assert (v["verdict"], v["status_after"]) == ("rejected", "open"), files
        assert v["evidence"][0]["snippet"] == quote
    v = _claim(repo, cli, ref, {path: code.replace(line, line + GUARDS[lang])})  # the function changed around it
    assert (v["verdict"], v["status_after"]) == ("changed", "fixed")
    scope = {"rust": "port", "go": "Port", "typescript": "load"}[lang]
    sha = repo.head.commit.hexsha[:10]
    assert v["reason"] == (
        f"the quoted code is still at {path}:{at}, but {scope} changed around it at {sha}; a person confirms"
    )
    v = _claim(repo, cli, ref, {path: code.replace(line, rewritten)})
    assert (v["verdict"], v["status_after"]) == ("changed", "fixed")
    sha = repo.head.commit.hexsha[:10]
    assert v["reason"] == f"the quoted code is gone at {sha} ({path}:{at}: `{quote}`); a person confirms"
    check = cli.json("show", ref)["checks"][-1]
    assert check["snippet"].splitlines()[0] == f"- {line.strip()}"
    assert check["snippet"].splitlines()[1] == f"+ {rewritten.strip().splitlines()[0]}"
    shown = cli("verify", ref, "--rev", repo.head.commit.hexsha).stdout.splitlines()
    assert shown[0].startswith(f"changed\t{ref}\t") and shown[1] == f"\t\t\t- {line.strip()}"
    cli("set", ref, "verified")
    assert cli.json("show", ref)["status"] == "verified"
    commit(repo, "back to the old code", {path: code})  # the quoted code returns: a regression
    v = _verdict(cli, ref)
    assert (v["verdict"], v["status_after"]) == ("regressed", "open")
    assert v["reason"] == f"was verified, back at {path}:{at} (the quoted code)"


def test_fail_on_holds_while_the_problem_is_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = "def f(job):\n    try:\n        job()\n    except:\n        pass\n"
    review = "# Review\n### 1. Bare except in f (High)\n- **Location**: `w.py:4`\n"
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"w.py": code}], review)
    ref = ids["Bare except in f"]
    commit(repo, f"fix {ref}", {"README": "nothing\n"})
    cli("link")
    for _ in range(2):  # re-running the job must not turn it green
        assert f"rejected\t{ref}\t" in cli("verify", "--fail-on", "rejected,regressed", code=1).stdout
    assert cli.json("show", ref)["status"] == "open"
    commit(repo, f"fix {ref}", {"w.py": code.replace("except:", "except ValueError:")})
    cli("link")
    assert f"verified\t{ref}\t" in cli("verify", "--fail-on", "rejected,regressed").stdout
    commit(repo, "back", {"w.py": code})
    for _ in range(2):
        assert f"regressed\t{ref}\t" in cli("verify", "--fail-on", "regressed", code=1).stdout


RULE_FIXES = {
    "rust-unwrap": (
        "src/config.rs",
        "Unwrap panic on a missing PORT",
        'pub fn port() -> u16 {\n    let raw = std::env::var("PORT").unwrap();\n    raw.parse().unwrap_or(8080)\n}\n',
        'std::env::var("PORT").unwrap()',
        'std::env::var("PORT").unwrap_or_default()',
    ),
    "ignored-error": (
        "store/files.go",
        "Ignored error when removing the lock file",
        'package store\n\nimport "os"\n\nfunc Unlock(path string) error {\n\t_ = os.Remove(path)\n\treturn nil\n}\n',
        "\t_ = os.Remove(path)\n\treturn nil\n",
        "\treturn os.Remove(path)\n",
    ),
    "usequery-no-staletime": (
        "src/hooks/useJobs.ts",
        "useQuery without staleTime refetches on every mount",
        "export function useJobs() {\n  return useQuery(['jobs'], fetchJobs)\n}\n",
        "useQuery(['jobs'], fetchJobs)",
        "useQuery(['jobs'], fetchJobs, { staleTime: 60_000 })",
    ),
}


@pytest.mark.parametrize("rule", sorted(RULE_FIXES))
def test_an_ast_grep_rule_verifies_a_real_fix(rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, title, code, bad, good = RULE_FIXES[rule]
    review = f"# Review\n### 1. {title} (High)\n- **Location**: `{path}:2`\n"
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{path: code}], review)
    ref = ids[title]
    assert cli.export()["findings"][0]["rule"] == rule
    v = _claim(repo, cli, ref, {path: "// reviewed\n" + code})
    assert (v["verdict"], v["status_after"]) == ("rejected", "open")
    v = _claim(repo, cli, ref, {path: code.replace(bad, good)})
    assert (v["verdict"], v["status_after"]) == ("verified", "verified")


def test_detect_reads_poetry_dependencies(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "^2"\n\n'
        '[tool.poetry.group.dev.dependencies]\npytest = "*"\n'
    )
    (root / "app" / "main.py").write_text("import requests\nimport pytest\nimport psutil\nfrom app import x\n")
    rows = cli.json("detect", str(root), "--rule", "missing-requirement")
    assert [(r["path"], r["line"]) for r in rows] == [("app/main.py", 3)]


def test_without_lines_the_quote_is_judged_in_the_function_that_held_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = "def load(path):\n    data = open(path).read()\n    return data\n\n\ndef other():\n    return 1\n"
    review = "# Review\n### 1. File handle is never closed (Medium)\n- **Location**: `io_utils.py`\n\n"
    review += "`data = open(path).read()` leaks.\n"
    repo, cli, ids = reviewed_project(tmp_path, monkeypatch, [{"io_utils.py": code}], review)
    ref = ids["File handle is never closed"]
    v = _claim(repo, cli, ref, {"io_utils.py": code.replace("return 1", "return 2")})  # another function
    assert (v["verdict"], v["status_after"]) == ("rejected", "open")
    guarded = code.replace("    return data\n", "    assert data\n    return data\n")
    v = _claim(repo, cli, ref, {"io_utils.py": guarded})  # the quote's own function changed around it
    assert (v["verdict"], v["status_after"]) == ("changed", "fixed")
    assert "but load changed around it" in v["reason"]


def test_missing_requirement_knows_sibling_modules_and_distribution_names(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "benchmarks").mkdir(parents=True)
    (root / "requirements.txt").write_text("markdown-it-py>=3\n")
    (root / "benchmarks" / "timing.py").write_text("def best(): ...\n")
    (root / "benchmarks" / "bench.py").write_text("from timing import best\nimport markdown_it\nimport rich\n")
    rows = cli.json("detect", str(root), "--rule", "missing-requirement")
    assert [(r["path"], r["line"]) for r in rows] == [("benchmarks/bench.py", 3)]
