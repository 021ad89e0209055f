"""Do the floors in setup.py tell the truth? Installs every library dependency at its floor into a fresh
virtual environment (on top of this interpreter's packages, so torch stays the one installed here) and runs
the tests that exercise those libraries there.

    python -m bench.dependency_floors --out bench/results/DATE-dependency-floors.json

torch and triton keep the installed versions: their floors are set by the APIs the trainers call (fused
AdamW on the CPU, torch.compiler) and a torch wheel is a multi-GB download. Needs network access to the
package index (the only command of the project that does); tests/test_dependencies.py is the cheap check
that runs everywhere. Exits 1 if a test fails at the floors.
"""
from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

from configs.errors import run_main
from configs.files import write_json

ROOT = Path(__file__).resolve().parents[1]
KEPT = ("torch", "triton")  # installed here, not at their floor
TESTS = ["tests/test_data_tokenizer.py", "tests/test_data_shards.py", "tests/test_data_loader.py",
         "tests/test_model.py", "tests/test_pretrain.py", "tests/test_data_records.py"]


def floors(setup_py: Path = ROOT / "setup.py") -> dict[str, str]:
    """{name: floor} of setup.py's install_requires (`name>=floor`, markers dropped)."""
    tree = ast.parse(setup_py.read_text())
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setup")
    requires = next(k.value for k in call.keywords if k.arg == "install_requires")
    found = {}
    for item in ast.literal_eval(requires):
        spec = item.split(";")[0].strip()
        name, _, floor = spec.partition(">=")
        found[name.strip()] = floor.strip()
    return found


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.dependency_floors", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="JSON result file")
    args = parser.parse_args(argv)
    pinned = {name: floor for name, floor in floors().items() if name not in KEPT}
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, system_site_packages=True, with_pip=True)
        python = str(Path(tmp) / "bin" / "python")
        subprocess.run([python, "-m", "pip", "install", "-q", *(f"{n}=={v}" for n, v in pinned.items())], check=True)
        probe = "import importlib.metadata as m, json, sys; print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))"
        names = [*pinned, *KEPT[:1]]
        versions = subprocess.run([python, "-c", probe, *names], capture_output=True, text=True, check=True).stdout
        proc = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS], cwd=ROOT,
                              capture_output=True, text=True)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-500:]
    result = {"floors": pinned, "installed": json.loads(versions), "tests": TESTS,
              "passed": proc.returncode == 0, "summary": summary, "python": sys.version.split()[0]}
    print(f"{'passed' if result['passed'] else 'FAILED'} at the floors {pinned}: {summary}")
    if args.out:
        write_json(args.out, result)
    if not result["passed"]:
        print(proc.stdout[-3000:])
        sys.exit(1)
    return result


if __name__ == "__main__":
    run_main(main)
