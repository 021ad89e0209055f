"""The template bank: one module per category, each registering its templates on import (core.template).

Every module in this package is imported here, in name order, so a new category is a new file and a new
template is a decorated function in its category's file; nothing else needs to know about it. A category
lives in exactly one module: the order of its templates (the order they are defined in) is part of what a
seed means.
"""
from __future__ import annotations

import importlib
import pkgutil

for module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{module.name}")
