"""Finds the bundled findings/ catalog and templates/ in a checkout or an installed wheel."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Directory `name` (findings or templates): the checkout's top level, else the wheel's copy
    (pyproject maps both folders into the package as reviewctl/data/)."""
    checkout = PACKAGE.parent / name
    if checkout.is_dir() and (PACKAGE.parent / "pyproject.toml").is_file():
        return checkout
    return PACKAGE / "data" / name
