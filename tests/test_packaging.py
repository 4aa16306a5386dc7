"""An installed wheel (not only an editable checkout) finds findings/ and templates/."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("reviewctl-*.whl"))


def test_wheel_carries_catalog_and_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("findings", "templates", "examples/demo"):
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()}
        shipped = {p for p in shipped if "__pycache__" not in p}
        inside = {n.removeprefix("reviewctl/data/") for n in names if n.startswith(f"reviewctl/data/{folder}/")}
        assert shipped <= inside, sorted(shipped - inside)


def test_installed_wheel_resolves_data_dirs(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    names = ("findings", "templates", "examples")
    code = f"from reviewctl.resources import data_dir\nfor n in {names}: print(data_dir(n))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
    )
    site = tmp_path / "site" / "reviewctl" / "data"
    assert out.stdout.split() == [str(site / "findings"), str(site / "templates"), str(site / "examples")]
    assert (site / "examples" / "demo" / "story.yaml").is_file()
    assert (site / "findings" / "README.md").is_file()


def test_wheel_carries_every_subpackage(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "reviewctl"
    for init in package.rglob("__init__.py"):
        rel = init.relative_to(ROOT).as_posix()
        assert rel in names, f"{rel} is missing from the wheel: list its package in pyproject.toml"
