"""The wheel holds every package of the source tree.

setuptools installs only the packages ``pyproject.toml`` lists: a subpackage missing from
the list works in a checkout and is absent from the installed tool, which then fails on
its first import.
"""

from __future__ import annotations

import tomllib

from conftest import REPO


def test_every_python_package_under_lint_is_listed_in_pyproject() -> None:
    cfg = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(cfg["packages"])
    root = REPO / "lint" / "seedlint"
    found = {
        ".".join(("seedlint", *p.parent.relative_to(root).parts))
        for p in root.rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found and found <= listed, sorted(found - listed)
