"""setup.py's dependencies tell the truth: every third-party module the library imports is declared (or is an
optional extra imported where it is used), and each floor is at least the version that brought the newest API the
code calls. `python -m bench.dependency_floors` runs the tests at the floors themselves (it needs the index)."""
from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

from bench.dependency_floors import floors

REPO = Path(__file__).resolve().parents[1]
LIBRARY = ["configs", "data", "kernels", "model", "lora", "eval", "train"]
OPTIONAL = {"matplotlib": "plot"}  # imported inside a function that does without it (eval/plotting.py)
# the API that sets a floor, checked by bench.dependency_floors in a fresh environment (2026-12-06)
NEWEST_API = {"tokenizers": ("0.20", "Tokenizer", "encode_batch_fast")}  # 0.19.1 lacks it


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("+")[0].split(".")[:3] if part.isdigit())


def third_party_imports() -> dict[str, set[str]]:
    """{top-level module: files importing it} over the library packages."""
    own = set(LIBRARY) | {"bench", "tests"}
    found: dict[str, set[str]] = {}
    for package in LIBRARY:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
                for name in names:
                    top = name.split(".")[0]
                    sibling = (path.parent / f"{top}.py").is_file()  # a script's own neighbour (sandbox_child.py)
                    if top not in sys.stdlib_module_names and top not in own and not sibling:
                        found.setdefault(top, set()).add(str(path.relative_to(REPO)))
    return found


def test_every_third_party_import_of_the_library_is_declared():
    declared = floors()
    undeclared = {m: sorted(files) for m, files in third_party_imports().items()
                  if m not in declared and m not in OPTIONAL}
    assert not undeclared, f"imported but not in setup.py's install_requires: {undeclared}"
    assert not set(OPTIONAL) & set(declared), "an optional extra must not be a hard requirement"


def test_installed_versions_meet_the_floors_and_the_floors_cover_the_apis_called():
    declared = floors()
    for name, floor in declared.items():
        assert version_tuple(importlib.metadata.version(name)) >= version_tuple(floor), name
    for name, (since, owner, attribute) in NEWEST_API.items():
        assert version_tuple(declared[name]) >= version_tuple(since), f"{name}>={declared[name]} lacks {attribute}"
        module = __import__(name)
        assert hasattr(getattr(module, owner), attribute)
