"""Detector kinds, one module each. Importing this package registers every kind.

Modules are discovered, not listed, so adding a kind is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil

for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if not _mod.startswith("_"):
        importlib.import_module(f"{__name__}.{_mod}")
