"""`python -m eval.syntax_errors --suite SUITE SAMPLES [SAMPLES ...]`: why do the greedy completions not parse?

    python -m eval.syntax_errors --suite humaneval runs/eval/he-greedy/samples.jsonl

The syntax-valid share says how many completions fail to parse, not how. For each samples file (eval.evaluate's
samples.jsonl), parses every greedy completion after its prompt (the whole program for 3-shot MBPP, as the
harness does) and counts the failures by kind: `bracket` (a bracket unmatched, never closed or closed by the
wrong kind: the symptom of a model that loses track of a call), `indentation` (IndentationError and TabError)
and `other` (every other SyntaxError). Prints one JSON line per file.
"""
from __future__ import annotations

import argparse
import ast
import json
from collections import Counter
from pathlib import Path

from configs.errors import UserError, run_main
from eval.samples import read_samples
from eval.suites import DEFAULT_DATA_DIR, SUITE_NAMES, Task, load_suite

KINDS = ("parses", "bracket", "indentation", "other")
BRACKET_MESSAGES = ("unmatched", "was never closed", "does not match opening parenthesis")


def kind(task: Task, completion: str) -> str:
    code = completion if task.style == "mbpp" else task.prompt + completion
    try:
        ast.parse(code)
    except IndentationError:  # TabError is one
        return "indentation"
    except SyntaxError as err:
        return "bracket" if any(m in (err.msg or "") for m in BRACKET_MESSAGES) else "other"
    except ValueError:  # a NUL byte in the completion
        return "other"
    return "parses"


def count(tasks: dict[str, Task], path: Path) -> dict:
    greedy = [s for s in read_samples(path, set(tasks)) if s.greedy]
    if not greedy:
        raise UserError(f"{path}: no greedy completions")
    counts = Counter(kind(tasks[s.task_id], s.completion) for s in greedy)
    return {"file": str(path), "greedy": len(greedy), **{k: counts[k] for k in KINDS}}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="python -m eval.syntax_errors", description=__doc__.split("\n\n")[0])
    parser.add_argument("samples", type=Path, nargs="+", help="samples.jsonl files written by eval.evaluate")
    parser.add_argument("--suite", required=True, help=f"{' | '.join(SUITE_NAMES)} | FILE: the samples' suite")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="where HumanEval and MBPP are")
    args = parser.parse_args(argv)
    tasks = load_suite(args.suite, args.data_dir).by_id()
    rows = [count(tasks, path) for path in args.samples]
    for row in rows:
        print(json.dumps(row))
    return rows


if __name__ == "__main__":
    run_main(main)
