"""`python -m eval.syntax_errors --suite SUITE SAMPLES [SAMPLES ...]`: why do the greedy completions not parse?

    python -m eval.syntax_errors --suite humaneval runs/eval/he-greedy/samples.jsonl

The syntax-valid share says how many completions fail to parse, not how. For each samples file (eval.evaluate's
samples.jsonl), parses every greedy completion after its prompt (the whole program for 3-shot MBPP, as the
harness does) and counts the failures by kind (eval.harness.parse_outcome): `bracket` (a bracket unmatched, never
closed or closed by the wrong kind: the symptom of a model that loses track of a call), `indentation`
(IndentationError and TabError) and `other` (every other SyntaxError). Prints one JSON line per file.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from configs.errors import run_main
from eval.harness import parse_outcome
from eval.samples import count_per_file, read_greedy
from eval.suites import Task

KINDS = ("parses", "bracket", "indentation", "other")


def count(tasks: dict[str, Task], path: Path) -> dict:
    greedy = read_greedy(path, set(tasks))
    counts = Counter(parse_outcome(tasks[s.task_id], s.completion) for s, _ in greedy)
    return {"file": str(path), "greedy": len(greedy), **{k: counts[k] for k in KINDS}}


def main(argv: list[str] | None = None) -> list[dict]:
    return count_per_file("python -m eval.syntax_errors", __doc__, count, argv)


if __name__ == "__main__":
    run_main(main)
