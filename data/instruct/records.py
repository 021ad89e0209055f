"""The curated instruction record: one JSON object per line, the schema every data tool shares.

    {"id": "synth-0412-b", "problem_id": "synth-0412", "instruction": "...", "input": "",
     "output": "def f(xs):\\n    ...", "entry_point": "f", "tests": ["assert f([1]) == 1", ...],
     "difficulty": "easy", "category": "list_aggregation", "source": "synthetic"}

- `problem_id` groups the solutions of one problem: splits and mixes never separate them.
- `tests` are assert statements run after `output` (a test may span lines and define helpers);
  only records whose output passes them belong in training (`data.curation.verify`).
- `difficulty` is easy | medium | hard; `source` is synthetic | mbpp | mined | self.
- `read_records` validates every line and names FILE:LINE: field on the first error; the training
  loader (`data.instruct.examples.read_examples`) reads the same files and uses the fields it needs.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from configs.errors import UserError
from configs.files import atomic_open, read_jsonl

DIFFICULTIES = ("easy", "medium", "hard")
SOURCES = ("synthetic", "mbpp", "mined", "self")
STRING_FIELDS = ("id", "problem_id", "instruction", "input", "output", "entry_point", "difficulty", "category",
                 "source")


@dataclass(frozen=True)
class Record:
    id: str
    problem_id: str
    instruction: str
    input: str
    output: str
    entry_point: str
    tests: tuple[str, ...]
    difficulty: str
    category: str
    source: str
    extra: dict = field(default_factory=dict, compare=False)  # fields a tool adds (e.g. a pass rate), kept as is

    def program(self) -> str:
        """The code that must run cleanly for the record to pass: its output, then its tests."""
        return self.output.rstrip() + "\n\n" + "\n".join(self.tests) + "\n"

    def to_json(self) -> dict:
        row = asdict(self)
        row["tests"] = list(self.tests)
        return row | row.pop("extra")


def check_record(row: object, where: str) -> Record:
    """A validated Record from a parsed JSON value; UserError names `where` and the field."""
    if not isinstance(row, dict):
        raise UserError(f"{where}: expected a JSON object")
    for name in STRING_FIELDS:
        if name not in row:
            raise UserError(f"{where}: {name}: missing")
        if not isinstance(row[name], str):
            raise UserError(f"{where}: {name}: must be a string, got {type(row[name]).__name__}")
    for name in ("id", "problem_id", "instruction", "output", "entry_point"):
        if not row[name].strip():
            raise UserError(f"{where}: {name}: is empty")
    tests = row.get("tests")
    if not isinstance(tests, list) or not all(isinstance(t, str) for t in tests):
        raise UserError(f"{where}: tests: {'missing' if tests is None else 'must be a list of strings'}")
    if row["difficulty"] not in DIFFICULTIES:
        raise UserError(f"{where}: difficulty: {row['difficulty']!r} is not one of {', '.join(DIFFICULTIES)}")
    if row["source"] not in SOURCES:
        raise UserError(f"{where}: source: {row['source']!r} is not one of {', '.join(SOURCES)}")
    extra = {k: v for k, v in row.items() if k not in STRING_FIELDS and k != "tests"}
    return Record(**{name: row[name] for name in STRING_FIELDS}, tests=tuple(tests), extra=extra)


def read_records(path: Path) -> list[Record]:
    records, seen = [], {}
    for number, row in read_jsonl(path, "records file"):
        record = check_record(row, f"{path}:{number}")
        if record.id in seen:
            raise UserError(f"{path}:{number}: id: duplicate {record.id!r} (first on line {seen[record.id]})")
        seen[record.id] = number
        records.append(record)
    return records


def write_records(path: Path, records: list[Record]) -> None:
    with atomic_open(Path(path)) as f:
        for record in records:
            f.write(json.dumps(record.to_json()) + "\n")
