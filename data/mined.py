"""`python -m data.mined --corpus DIR --out FILE`: docstring → body examples mined from the corpus.

Top-level functions of the corpus's train split become instruction records (the docstring's first
paragraph is the instruction, the whole function the output) when they are:
- documented, and short (2–20 body lines after the docstring);
- self-contained: every name they read is a parameter, a local, or a builtin;
- free of I/O: no open/print/input/exec/eval and no module-level names at all.
Only the train split is mined, so nothing from the pretraining val split reaches instruction data.
This is the embedded default of `python -m train.instruct`; the data issue adds verified sources.
"""
from __future__ import annotations

import argparse
import ast
import builtins
import hashlib
import json
from pathlib import Path
from typing import Iterator

from tqdm import tqdm

from configs.cli import run_main
from data.corpus import read_texts
from data.files import atomic_open

BUILTINS = set(dir(builtins)) - {"open", "print", "input", "exec", "eval", "compile", "__import__", "breakpoint", "exit", "quit"}
MIN_BODY_LINES, MAX_BODY_LINES = 2, 20


def names_read(fn: ast.FunctionDef) -> set[str]:
    return {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def names_bound(fn: ast.FunctionDef) -> set[str]:
    args = fn.args
    bound = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    bound |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            return set()  # imports inside: not self-contained enough to judge; reject below
    return bound


def mine_function(fn: ast.FunctionDef, source_lines: list[str]) -> dict | None:
    doc = ast.get_docstring(fn)
    if not doc or fn.decorator_list or isinstance(fn, ast.AsyncFunctionDef) or fn.name.startswith("_"):
        return None
    body_lines = fn.end_lineno - fn.body[0].end_lineno
    if not MIN_BODY_LINES <= body_lines <= MAX_BODY_LINES:
        return None
    bound = names_bound(fn)
    if not bound or not names_read(fn) <= bound | BUILTINS:
        return None
    code = "".join(source_lines[fn.lineno - 1:fn.end_lineno])
    try:
        ast.parse(code)
    except SyntaxError:
        return None
    instruction = doc.split("\n\n")[0].strip()
    return {"instruction": instruction, "input": "", "output": code, "entry_point": fn.name,
            "problem_id": "mined-" + hashlib.sha1(code.encode()).hexdigest()[:12]}


def mine(texts: Iterator[str]) -> Iterator[dict]:
    seen = set()
    for text in texts:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        lines = text.splitlines(keepends=True)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and (record := mine_function(node, lines)) and record["problem_id"] not in seen:
                seen.add(record["problem_id"])
                yield record


def write_mined(corpus_dir: Path, out: Path) -> int:
    records = list(mine(tqdm(read_texts(corpus_dir, "train"), desc="mining", unit="file")))
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(out) as f:
        for record in records:
            f.write(json.dumps(record) + "\n")
    return len(records)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m data.mined", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("runs/data/corpus"), help="corpus directory")
    parser.add_argument("--out", type=Path, default=Path("runs/data/instruct_mined.jsonl"), help="JSONL to write")
    args = parser.parse_args()
    print(f"mined {write_mined(args.corpus, args.out)} examples -> {args.out}")


if __name__ == "__main__":
    run_main(main)
