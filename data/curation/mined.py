"""`python -m data.curation.mined --corpus DIR --out FILE`: docstring → body examples mined from the corpus.

Top-level functions of the corpus's train split become records of data/instruct/records.py (the
docstring's first paragraph is the instruction, the whole function the output, source "mined")
when they are:
- documented, and short (2–20 body lines after the docstring);
- self-contained: every name they read is a parameter, a local, or a builtin;
- free of I/O: no open/print/input/exec/eval and no module-level names at all.
Their tests are their doctests: `>>> expr` with one line of expected output becomes
`assert repr(expr) == 'output'` (what doctest compares), a `>>> statement` stays a statement. A
function without doctests gets no tests, so `data.curation.verify` keeps it out of verified mixes.
Difficulty follows body length (≤ 4 lines easy, ≤ 10 medium, else hard); the category is "mined".
Only the train split is mined, so nothing from the pretraining val split reaches instruction data.
"""
from __future__ import annotations

import argparse
import ast
import builtins
import doctest
import hashlib
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

from configs.errors import run_main
from data.instruct.records import Record, write_records
from data.pretrain.corpus import read_texts

BUILTINS = set(dir(builtins)) - {"open", "print", "input", "exec", "eval", "compile", "__import__", "breakpoint",
                                 "exit", "quit"}
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


def is_expression(source: str) -> bool:
    try:
        ast.parse(source, mode="eval")
        return True
    except SyntaxError:
        return False


def doctest_asserts(doc: str) -> list[str]:
    """The docstring's examples as test lines; [] when one of them can't be written as an assert."""
    try:
        examples = doctest.DocTestParser().get_examples(doc)
    except ValueError:  # malformed doctest
        return []
    tests = []
    for ex in examples:
        source, want = ex.source.strip(), ex.want.strip()
        if want and ("\n" in want or not is_expression(source)):
            return []  # multi-line or printed output: not a plain repr comparison
        tests.append(f"assert repr({source}) == {want!r}" if want else source)
    return tests if any(t.startswith("assert") for t in tests) else []


def difficulty(body_lines: int) -> str:
    return "easy" if body_lines <= 4 else "medium" if body_lines <= 10 else "hard"


def mine_function(fn: ast.FunctionDef, source_lines: list[str]) -> Record | None:
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
    problem_id = "mined-" + hashlib.sha1(code.encode()).hexdigest()[:12]
    return Record(id=problem_id + "-s0", problem_id=problem_id, instruction=doc.split("\n\n")[0].strip(), input="",
                  output=code, entry_point=fn.name, tests=tuple(doctest_asserts(doc)),
                  difficulty=difficulty(body_lines), category="mined", source="mined")


def mine(texts: Iterator[str]) -> Iterator[Record]:
    seen = set()
    for text in texts:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        lines = text.splitlines(keepends=True)
        for node in tree.body:
            if (isinstance(node, ast.FunctionDef) and (record := mine_function(node, lines))
                    and record.problem_id not in seen):
                seen.add(record.problem_id)
                yield record


def write_mined(corpus_dir: Path, out: Path) -> int:
    records = list(mine(tqdm(read_texts(corpus_dir, "train"), desc="mining", unit="file")))
    out.parent.mkdir(parents=True, exist_ok=True)
    write_records(out, records)
    return len(records)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m data.curation.mined", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("runs/data/corpus"), help="corpus directory")
    parser.add_argument("--out", type=Path, default=Path("runs/data/instruct_mined.jsonl"), help="JSONL to write")
    args = parser.parse_args()
    print(f"mined {write_mined(args.corpus, args.out)} examples -> {args.out}")


if __name__ == "__main__":
    run_main(main)
