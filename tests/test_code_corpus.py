"""The code corpus: synthetic problems as documented functions, decontaminated, in .py files the
corpus builder takes as one more source folder."""
from __future__ import annotations

import ast
import json
import subprocess
import sys

import data.curation.code_corpus as code_corpus
from data.curation.synth import generate
from data.instruct.records import Record
from data.pretrain.corpus import build_corpus
from eval.suites import load_suite


def test_functions_are_documented_parse_and_feed_the_corpus_builder(tmp_path):
    report = code_corpus.build(tmp_path / "code", problems=60, seed=3, data_dir=tmp_path / "no-data")
    files = sorted((tmp_path / "code").glob("*.py"))
    assert report["files"] == len(files) == -(-report["kept"] // code_corpus.FUNCTIONS_PER_FILE)
    defs = [node for f in files for node in ast.parse(f.read_text()).body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))]  # small_classes problems define a class
    assert len(defs) == report["kept"] > 60  # several solutions per problem
    # the instruction became the docstring (a class gets it as a comment above it, as the template does)
    assert all(ast.get_docstring(node) for node in defs if isinstance(node, ast.FunctionDef))
    assert json.loads((tmp_path / "code" / "report.json").read_text()) == report
    manifest = build_corpus([tmp_path / "code"], tmp_path / "corpus", val_fraction=0.2)
    kept = sum(split["files"] for split in manifest["splits"].values())
    assert kept == len(files)  # none dropped as generated, minified or duplicate


def test_evaluation_tasks_never_reach_the_corpus(tmp_path, monkeypatch):
    task = load_suite("mini").tasks[0]  # add(a, b), planted as a synthetic record
    planted = Record(id="planted-s0", problem_id="planted", instruction="Return the sum of a and b.", input="",
                     output=task.prompt + task.canonical_solution, entry_point=task.entry_point,
                     tests=("assert add(1, 2) == 3",), difficulty="easy", category="arithmetic", source="synthetic")
    monkeypatch.setattr(code_corpus, "generate", lambda n, seed, **_: generate(n, seed) + [planted])
    report = code_corpus.build(tmp_path / "code", problems=20, seed=0, data_dir=tmp_path / "no-data")
    assert report["removed"] >= 1 and report["removed_by_suite"].get("mini", 0) >= 1
    text = "".join(f.read_text() for f in (tmp_path / "code").glob("*.py"))
    assert "def add(a: int, b: int)" not in text


def test_cli_bad_count_is_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "data.curation.code_corpus", "--out", str(tmp_path / "c"),
                           "--problems", "0"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.strip() == "error: --problems must be at least 1, got 0"
