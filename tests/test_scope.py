"""The scope a finding lives in, found in many languages, and found again by name after lines moved."""

import pytest

from reviewctl import scope

CASES = {
    "worker.py": ("class W:\n    def run(self):\n        x = 1\n        return x\n", 3, "W.run"),
    "src/pool.rs": ("struct P;\nimpl P {\n    fn get(&self) {\n        x.unwrap();\n    }\n}\n", 4, "get"),
    "svc/run.go": ("package svc\n\nfunc (s *S) Run() error {\n\t_ = f()\n\treturn nil\n}\n", 4, "Run"),
    "src/api.ts": ("class Api {\n  load() {\n    return fetch('/x')\n  }\n}\n", 3, "Api.load"),
    "Loader.java": ("class Loader {\n  void load() {\n    read();\n  }\n}\n", 3, "Loader.load"),
    "Loader.cs": ("class Loader {\n  void Load() {\n    Read();\n  }\n}\n", 3, "Loader.Load"),
    "isr.c": ("static int count;\n\nvoid on_tick(void) {\n    count++;\n}\n", 4, "on_tick"),
    "pump.cpp": ("void Pump::start() {\n    running = true;\n}\n", 2, "Pump::start"),
    "app.rb": ("class App\n  def call(env)\n    env\n  end\nend\n", 3, "App.call"),
}


@pytest.mark.parametrize("path", sorted(CASES))
def test_enclosing_scope_in_many_languages(path: str) -> None:
    source, line, name = CASES[path]
    assert scope.enclosing(source, line, path) == name
    moved = "\n\n\n" + source
    first, last = scope.span(moved, name, path)
    assert first <= line + 3 <= last


def test_no_scope_outside_functions_or_for_unknown_files() -> None:
    assert scope.enclosing("x = 1\n", 1, "m.py") is None
    assert scope.enclosing("anything", 1, "notes.txt") is None
