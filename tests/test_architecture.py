"""The floor plan of ARCHITECTURE.md holds: every import of the project looks down its layers, none
is tucked inside a function to dodge a cycle, and the wheel installs the library's packages only."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# bottom to top; a unit may import its own modules and any unit of a lower layer, nothing else
LAYERS = [
    ["configs"],
    ["kernels", "data.pretrain"],
    ["model", "data.instruct"],
    ["lora"],
    ["eval"],
    ["data.curation"],
    ["train"],
    ["bench"],
]
LEVEL = {unit: level for level, units in enumerate(LAYERS) for unit in units}
TOP_PACKAGES = {unit.split(".")[0] for unit in LEVEL}


def unit_of(module: str) -> str | None:
    """The layer unit a dotted module name belongs to (the longest matching prefix)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LEVEL:
            return ".".join(parts[:n])
    return None


def project_modules() -> list[tuple[str, Path]]:
    found = []
    for top in sorted(TOP_PACKAGES):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def imports(tree: ast.Module) -> list[tuple[str, ast.stmt]]:
    """(imported module, the statement) for every absolute import of a project package."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.module, node)]
    return [(name, node) for name, node in found if name.split(".")[0] in TOP_PACKAGES]


MODULES = project_modules()


def test_every_library_module_belongs_to_a_layer():
    orphans = [name for name, _ in MODULES if unit_of(name) is None and name != "data"]
    assert not orphans, f"modules outside every layer of ARCHITECTURE.md: {orphans}"


@pytest.mark.parametrize("name, path", MODULES, ids=[name for name, _ in MODULES])
def test_imports_look_down_and_sit_at_the_top(name, path):
    tree = ast.parse(path.read_text(), filename=str(path))
    unit = unit_of(name)
    top_level = set(map(id, tree.body))
    for imported, node in imports(tree):
        where = f"{path.relative_to(ROOT)}:{node.lineno}: import of {imported}"
        assert id(node) in top_level, f"{where} inside a function or block: imports belong at the top"
        target = unit_of(imported)
        if target is None or target == unit or unit is None:
            continue
        assert LEVEL[target] < LEVEL[unit], (f"{where}: {unit} (layer {LEVEL[unit]}) may not import {target} "
                                             f"(layer {LEVEL[target]})")


def test_the_layers_hold_a_real_check():
    """The check above fails on an upward import: a model module importing lora."""
    tree = ast.parse("from lora import load_for_inference\n")
    (imported, _), = imports(tree)
    assert LEVEL[unit_of(imported)] > LEVEL[unit_of("model.checkpoint")]


@pytest.mark.slow
def test_the_wheel_holds_the_library_packages_and_their_data(tmp_path):
    source = tmp_path / "src"  # a copy, so the build leaves nothing in the checkout
    for top in TOP_PACKAGES | {"tests"}:
        shutil.copytree(ROOT / top, source / top, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "setup.py", source / "setup.py")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(source),
                    "-w", str(tmp_path / "dist")], check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.startswith("codetrainer-")} == TOP_PACKAGES - {"bench"}
    packages = {str(Path(n).parent).replace("/", ".") for n in names if n.endswith("/__init__.py")}
    assert {unit for unit in LEVEL if unit != "bench"} <= packages
    assert "configs/pretrain/tiny.toml" in names and "eval/mini_humaneval.jsonl" in names


@pytest.mark.slow
def test_training_evaluation_and_export_never_import_transformers_or_peft():
    """They are the `hf` extra, for the interop tests: the library writes and reads their files itself."""
    modules = ["train.pretrain", "train.instruct", "train.speedrun", "eval.evaluate", "eval.sample", "lora.export",
               "model.hf", "lora.peft_format"]
    code = (f"import sys\nfor m in {modules!r}: __import__(m)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('transformers', 'peft')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]"
