"""`python -m eval.signature_use --suite SUITE SAMPLES [SAMPLES ...]`: do the greedy completions use the
signature's parameters?

    python -m eval.signature_use --suite humaneval runs/eval/he-greedy/samples.jsonl

A failure the pass rate hides: a model that names its variables from memory of its training tasks rather
than from the prompt writes `def strlen(string): return len(s)`. For each samples file (eval.evaluate's
samples.jsonl, with its verdicts), counts the greedy completions that name none, some or all of the entry
point's parameters (a whole-word match in the completion), and those that failed with a NameError. Prints
one JSON line per file.
"""
from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from configs.errors import UserError, run_main
from eval.samples import count_per_file, read_greedy
from eval.suites import Task


def parameters(task: Task) -> list[str]:
    """The entry point's parameter names as its prompt spells them (MBPP's prompts keep odd layouts that do
    not parse alone, so this parses the signature's text on its own)."""
    match = re.search(rf"def\s+{re.escape(task.entry_point)}\s*\((.*?)\)\s*(->[^:]*)?:", task.prompt, re.S)
    if match is None:
        raise UserError(f"{task.task_id}: no signature of {task.entry_point} in its prompt")
    try:
        args = ast.parse(f"def f({match.group(1)}): pass").body[0].args
    except SyntaxError:
        raise UserError(f"{task.task_id}: the signature of {task.entry_point} does not parse") from None
    every = args.posonlyargs + args.args + [args.vararg] + args.kwonlyargs + [args.kwarg]
    names = [a.arg for a in every if a is not None]
    return [n for n in names if n != "self"]


def use(completion: str, names: list[str]) -> str:
    used = [n for n in names if re.search(rf"\b{re.escape(n)}\b", completion)]
    return "all" if len(used) == len(names) else "some" if used else "none"


def count(tasks: dict[str, Task], path: Path) -> dict:
    greedy = read_greedy(path, set(tasks))
    counts = Counter(use(s.completion, parameters(tasks[s.task_id])) for s, _ in greedy)
    return {"file": str(path), "greedy": len(greedy), **{k: counts[k] for k in ("none", "some", "all")},
            "NameError": sum(row.get("error_type") == "NameError" for _, row in greedy)}


def main(argv: list[str] | None = None) -> list[dict]:
    return count_per_file("python -m eval.signature_use", __doc__, count, argv)


if __name__ == "__main__":
    run_main(main)
