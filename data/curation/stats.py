"""`python -m data.curation.stats FILE`: what a records file holds, as aligned tables, plus its duplicate rate.

- `summarize` is the one summary computation: `python -m data.curation.mix` writes the same rows to
  summary.csv. Rows are (section, key, value) so one flat table holds every breakdown:
  records/problems totals, solutions per problem (mean, max), counts by difficulty (all three,
  zeros included, so mixes compare line by line), by category and by source (most common first),
  and mean instruction/output lengths in characters and lines.
- Means are rounded to 2 decimals; lines are `str.splitlines` lines (a trailing newline adds none).
- The duplicate rate is data.curation.dedup's, the same measure the dedup stage acts on.
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from configs.errors import run_main
from data.curation.dedup import duplicate_rate
from data.instruct.records import DIFFICULTIES, Record, read_records

Row = tuple[str, str, str | float | int]


def mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0


def counts(section: str, counter: Counter) -> list[Row]:
    return [(section, key, n) for key, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]


def summarize(records: list[Record]) -> list[Row]:
    """(section, key, value) rows describing `records`; see the module docstring for the sections."""
    per_problem = Counter(r.problem_id for r in records)
    difficulty = Counter(r.difficulty for r in records)
    rows: list[Row] = [
        ("records", "total", len(records)),
        ("problems", "unique", len(per_problem)),
        ("problems", "solutions_mean", mean(list(per_problem.values()))),
        ("problems", "solutions_max", max(per_problem.values(), default=0)),
    ]
    rows += [("difficulty", d, difficulty[d]) for d in DIFFICULTIES]
    rows += counts("category", Counter(r.category for r in records))
    rows += counts("source", Counter(r.source for r in records))
    for name in ("instruction", "output"):
        texts = [getattr(r, name) for r in records]
        rows += [("length", f"{name}_chars_mean", mean([len(t) for t in texts])),
                 ("length", f"{name}_lines_mean", mean([len(t.splitlines()) for t in texts]))]
    return rows


def format_tables(rows: list[Row]) -> str:
    """Rows as one small table per section: the section name, then its keys and right-aligned values."""
    key_width = max(len(key) for _, key, _ in rows)
    value_width = max(len(str(value)) for _, _, value in rows)
    lines, section = [], None
    for name, key, value in rows:
        if name != section:
            lines.append(("\n" if section else "") + name)
            section = name
        lines.append(f"  {key:<{key_width}}  {str(value):>{value_width}}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(prog="python -m data.curation.stats", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="records JSONL")
    args = parser.parse_args(argv)
    records = read_records(args.file)
    rows = summarize(records) + [("duplicates", "rate", round(duplicate_rate(records), 4))]
    print(f"{args.file}\n\n{format_tables(rows)}")
    return rows


if __name__ == "__main__":
    run_main(main)
