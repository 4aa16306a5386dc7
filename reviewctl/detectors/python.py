"""Python detectors: small AST checks, registered by name. They parse code; they never import or run it.

Each takes the parsed module and its context and yields the nodes that are instances of the
problem; comments and strings are never instances because only the AST is read.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewctl.detectors.registry import Context, detector

ast_detector = detector("python")


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (n for n in ast.walk(tree) if isinstance(n, ast.Call))


def _dotted(node: ast.AST) -> str:
    """'hashlib.md5' for hashlib.md5, 'md5' for md5, '' for anything more complex."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def _imported_as(tree: ast.AST, module: str, name: str) -> set[str]:
    """Names under which `module.name` is reachable: 'module.name', and aliases of from-imports."""
    out = {f"{module}.{name}"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == module:
            out |= {a.asname or a.name for a in node.names if a.name == name}
        elif isinstance(node, ast.Import):
            out |= {f"{a.asname}.{name}" for a in node.names if a.name == module and a.asname}
    return out


def _calls_to(tree: ast.AST, module: str, name: str) -> Iterator[ast.Call]:
    names = _imported_as(tree, module, name)
    return (c for c in _calls(tree) if _dotted(c.func) in names)


def _inside(tree: ast.AST, kinds: tuple[type, ...]) -> Iterator[tuple[ast.AST, ast.AST]]:
    """(node, enclosing node of one of `kinds`) for every node below such an enclosing node."""
    for outer in ast.walk(tree):
        if isinstance(outer, kinds):
            body = (
                outer.body if not isinstance(outer, ast.While | ast.For | ast.AsyncFor) else outer.body + outer.orelse
            )
            for stmt in body:
                for node in ast.walk(stmt):
                    yield node, outer


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def _handlers(tree: ast.AST) -> Iterator[ast.ExceptHandler]:
    """Every except handler, visiting statements only (expressions are most of a tree's nodes)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ExceptHandler):
            yield node
        for name in _BLOCKS:
            stack.extend(reversed(getattr(node, name, None) or ()))


def _broad(handler: ast.ExceptHandler) -> bool:
    return handler.type is None or _dotted(handler.type) in ("Exception", "BaseException")


@ast_detector("bare_except", needle=r"\n[ \t]*except[ \t]*:", local=True)  # an except clause starts a line
def bare_except(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """`except:` that does not re-raise (cleanup followed by a bare `raise` hides nothing)."""
    for h in _handlers(tree):
        if h.type is None and not _reraises(h):
            yield h


def _reraises(handler: ast.ExceptHandler) -> bool:
    """The handler always ends by re-raising (a bare `raise` at its top level, not inside an `if`)."""
    return any(isinstance(s, ast.Raise) and s.exc is None for s in handler.body)


@ast_detector("except_pass", needle=r"\bexcept\b", local=True)
def except_pass(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """A broad except whose body only passes or continues: the error vanishes."""
    for h in _handlers(tree):
        if _broad(h) and all(isinstance(s, ast.Pass | ast.Continue) or _is_ellipsis(s) for s in h.body):
            yield h


def _is_ellipsis(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis


@ast_detector("print_call", needle=r"\bprint\b")
def print_call(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """print() in library code — not in tests, scripts, __main__ modules or `if __name__ == "__main__"`."""
    name = ctx.path.rsplit("/", 1)[-1]
    if name.startswith("test_") or name.endswith("_test.py") or name in ("conftest.py", "__main__.py", "setup.py"):
        return
    if "/scripts/" in f"/{ctx.path}" or "/tests/" in f"/{ctx.path}":
        return
    main_guard = {id(n) for node, _ in _inside(tree, (ast.If,)) for n in [node] if _is_main_guard(_)}
    for c in _calls(tree):
        if _dotted(c.func) in ("print", "traceback.print_exc") and id(c) not in main_guard:
            yield c


def _is_main_guard(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and _dotted(node.test.left) == "__name__"


@ast_detector("sqlite_no_lock", needle="check_same_thread")
def sqlite_no_lock(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """sqlite3.connect(check_same_thread=False) in a module that never takes a lock."""
    uses_lock = any(_dotted(c.func).endswith(("Lock", "RLock")) for c in _calls(tree))
    if uses_lock:
        return
    for c in _calls_to(tree, "sqlite3", "connect"):
        if any(
            k.arg == "check_same_thread" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in c.keywords
        ):
            yield c


@ast_detector("sqlite_no_wal", needle="sqlite3")
def sqlite_no_wal(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """sqlite3.connect() in a module that never switches to WAL: no executed PRAGMA journal_mode=WAL, whether
    written out ('wal', "wal") or formatted from a value the module spells 'wal' (a parameter default)."""
    if _sets_wal(tree):
        return
    yield from _calls_to(tree, "sqlite3", "connect")


def _sets_wal(tree: ast.AST) -> bool:
    executed = [a for c in _calls(tree) for a in c.args]  # what is executed, not docstrings
    for arg in executed:
        text = " ".join(n.value for n in ast.walk(arg) if isinstance(n, ast.Constant) and isinstance(n.value, str))
        flat = text.lower().replace(" ", "").replace("'", "").replace('"', "")
        if "journal_mode=wal" in flat:
            return True
        if "journal_mode=" in flat and not isinstance(arg, ast.Constant) and _spells_wal(tree):
            return True
    return False


def _spells_wal(tree: ast.AST) -> bool:
    constants = (n.value for n in ast.walk(tree) if isinstance(n, ast.Constant))
    return any(isinstance(v, str) and v.lower() == "wal" for v in constants)


@ast_detector("asyncio_run_nested", needle="asyncio")
def asyncio_run_nested(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """asyncio.run() inside a function other than a `main` entry point: a loop may already run there."""
    runs = {id(c) for c in _calls_to(tree, "asyncio", "run")}
    for node, fn in _inside(tree, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if id(node) in runs and (isinstance(fn, ast.AsyncFunctionDef) or fn.name != "main"):
            runs.discard(id(node))
            yield node


@ast_detector("redis_keys", needle=r"\.keys\(")
def redis_keys(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """KEYS blocks Redis: x.keys("user:*") with a pattern (dict.keys() takes none), or a bare .keys() — KEYS * —
    on a Redis client (a name with 'redis' in it, or one assigned from redis.Redis(...)/from_url(...))."""
    clients = _redis_clients(tree)
    for c in _calls(tree):
        if isinstance(c.func, ast.Attribute) and c.func.attr == "keys":
            receiver = _dotted(c.func.value)
            if c.args or c.keywords or receiver in clients or "redis" in receiver.lower():
                yield c


def _redis_clients(tree: ast.AST) -> set[str]:
    """Names and attributes assigned a Redis client in this module."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
            made = _dotted(node.value.func).split(".")[-1]
            if made in ("Redis", "StrictRedis", "from_url", "RedisCluster"):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                out |= {_dotted(t) for t in targets} - {""}
    return out


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _per_iteration(tree: ast.AST) -> Iterator[ast.AST]:
    """Nodes that run once per iteration: loop bodies, and the element and conditions of comprehensions."""
    yield from (node for node, _loop in _inside(tree, (ast.For, ast.AsyncFor, ast.While)))
    for comp in ast.walk(tree):
        if isinstance(comp, _COMPREHENSIONS):
            parts = [comp.key, comp.value] if isinstance(comp, ast.DictComp) else [comp.elt]
            parts += [cond for gen in comp.generators for cond in gen.ifs]
            yield from (node for part in parts for node in ast.walk(part))


def _loop_calls(tree: ast.AST, attrs: tuple[str, ...]) -> Iterator[ast.Call]:
    seen: set[int] = set()
    for node in _per_iteration(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in attrs
            and id(node) not in seen
        ):
            seen.add(id(node))
            yield node


@ast_detector("commit_in_loop", needle=r"\.commit\(")
def commit_in_loop(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    return _loop_calls(tree, ("commit",))


_SESSION_CALLS = ("execute", "scalars", "scalar", "query", "fetchone", "fetchall")
_SESSIONS = ("session", "db", "conn", "connection", "cursor", "cur", "s")
_MANAGER_CALLS = ("get", "filter", "exclude", "all", "first", "last", "count", "exists", "create", "get_or_create")


@ast_detector("query_in_loop", needle="execute|scalar|query|fetch|objects")
def query_in_loop(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """A database query per iteration (N+1), in a loop or a comprehension: session.execute/scalars/query,
    cursor.execute/fetch…, or a Django/mongoengine manager call (X.objects.get/filter/…)."""
    for c in _loop_calls(tree, _SESSION_CALLS + _MANAGER_CALLS):
        receiver = _dotted(c.func.value)
        manager = receiver.endswith(".objects") or receiver == "objects"
        if (c.func.attr in _MANAGER_CALLS and manager) or (
            c.func.attr in _SESSION_CALLS and receiver.split(".")[-1] in _SESSIONS
        ):
            yield c


@ast_detector("unlocked_singleton", needle=r"\bglobal\b|\bcls\.|_instance")
def unlocked_singleton(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """A lazily created shared instance with no lock around it: `global _x; if _x is None: _x = ...`, or the
    class-attribute form `if cls._instance is None: cls._instance = ...` (also `not x`, `== None`)."""
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        names = {n for g in ast.walk(fn) if isinstance(g, ast.Global) for n in g.names}
        locked = {id(n) for w in ast.walk(fn) if isinstance(w, ast.With) for s in w.body for n in ast.walk(s)}
        for node in ast.walk(fn):
            if isinstance(node, ast.If) and id(node) not in locked and _lazy_init(node, names):
                yield node


def _lazy_init(node: ast.If, names: set[str]) -> bool:
    """`if X is None / == None / not X:` whose body assigns X, X a global or a class attribute."""
    test = node.test
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        subject = test.operand
    elif isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.Is | ast.Eq) and _is_none(test.comparators[0]):
        subject = test.left
    else:
        return False
    target = _dotted(subject)
    owner = target.split(".")[0] if target.count(".") == 1 else ""  # cls._instance, Config._instance
    shared = target in names or owner == "cls" or owner[:1].isupper()
    assigned = {_dotted(t) for s in node.body if isinstance(s, ast.Assign) for t in s.targets}
    return bool(target) and shared and target in assigned


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


@ast_detector("executor_not_shutdown", needle="PoolExecutor")
def executor_not_shutdown(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """A ThreadPoolExecutor/ProcessPoolExecutor kept outside `with` in a module that never shuts one down."""
    if any(isinstance(c.func, ast.Attribute) and c.func.attr == "shutdown" for c in _calls(tree)):
        return
    managed = {id(i.context_expr) for w in ast.walk(tree) if isinstance(w, ast.With | ast.AsyncWith) for i in w.items}
    for c in _calls(tree):
        if _dotted(c.func).split(".")[-1] in ("ThreadPoolExecutor", "ProcessPoolExecutor") and id(c) not in managed:
            yield c


@ast_detector("sleep_in_async", needle="sleep")
def sleep_in_async(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    sleeps = {id(c) for c in _calls_to(tree, "time", "sleep")}
    seen: set[int] = set()
    for node, _fn in _inside(tree, (ast.AsyncFunctionDef,)):
        if id(node) in sleeps and id(node) not in seen:
            seen.add(id(node))
            yield node


@ast_detector("pickle_loads", needle="pickle")
def pickle_loads(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    yield from _calls_to(tree, "pickle", "loads")
    yield from _calls_to(tree, "pickle", "load")


@ast_detector("md5_hash", needle="md5")
def md5_hash(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    yield from _calls_to(tree, "hashlib", "md5")
    for c in _calls_to(tree, "hashlib", "new"):
        if c.args and isinstance(c.args[0], ast.Constant) and str(c.args[0].value).lower() == "md5":
            yield c


@ast_detector("unbounded_cache", needle="(?i)cache")
def unbounded_cache(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """A module-level dict named like a cache that is written to and never evicted from."""
    caches = {}
    for stmt in getattr(tree, "body", []):
        target = (
            stmt.targets[0]
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            else (stmt.target if isinstance(stmt, ast.AnnAssign) else None)
        )
        value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
        if isinstance(target, ast.Name) and "cache" in target.id.lower() and _empty_dict(value):
            caches[target.id] = stmt
    evicted = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("pop", "popitem", "clear")
        ):
            evicted.add(_dotted(node.func.value))
        elif isinstance(node, ast.Delete):
            evicted |= {_dotted(t.value) for t in node.targets if isinstance(t, ast.Subscript)}
        elif isinstance(node, ast.Assign) and node not in caches.values():  # `_cache = {}` again: a reset
            evicted |= {t.id for t in node.targets if isinstance(t, ast.Name) and _empty_dict(node.value)}
    written = {
        _dotted(t.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Subscript)
    }
    written |= {
        _dotted(c.func.value)
        for c in _calls(tree)
        if isinstance(c.func, ast.Attribute) and c.func.attr in ("setdefault", "update")
    }
    return (stmt for name, stmt in caches.items() if name in written and name not in evicted)


def _empty_dict(value: ast.AST | None) -> bool:
    return (isinstance(value, ast.Dict) and not value.keys) or (
        isinstance(value, ast.Call) and _dotted(value.func) in ("dict", "defaultdict", "collections.defaultdict")
    )


@ast_detector("missing_requirement", needle=r"\bimport\b")
def missing_requirement(tree: ast.AST, ctx: Context) -> Iterator[ast.AST]:
    """A third-party import that no requirements*.txt or pyproject dependency declares."""
    if ctx.declared is None:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            tops = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops = [node.module.split(".")[0]]
        else:
            continue
        if any(ctx.is_missing(top) for top in tops):
            yield node
