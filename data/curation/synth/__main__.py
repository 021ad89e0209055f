"""`python -m data.curation.synth --out FILE [--problems N] [--seed S] [--solutions K]`: write synthetic records.

The file holds up to K records per problem (one per distinct solution, sharing its problem_id);
the run ends with a table of problems per category and difficulty, and records per category.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from configs.errors import run_main
from configs.files import make_dir
from data.curation.synth import CATEGORIES, generate
from data.instruct.records import DIFFICULTIES, Record, write_records


def summary(records: list[Record]) -> str:
    problems = list({r.problem_id: r for r in records}.values())
    cells = Counter((r.category, r.difficulty) for r in problems)
    per_category = Counter(r.category for r in records)
    header = f"{'category':<22}{'problems':>9}" + "".join(f"{d:>8}" for d in DIFFICULTIES) + f"{'records':>9}"
    rows = [header]
    for category in CATEGORIES:
        counts = [cells[(category, d)] for d in DIFFICULTIES]
        rows.append(f"{category:<22}{sum(counts):>9}" + "".join(f"{c:>8}" for c in counts)
                    + f"{per_category[category]:>9}")
    totals = [sum(cells[(c, d)] for c in CATEGORIES) for d in DIFFICULTIES]
    rows.append(f"{'total':<22}{len(problems):>9}" + "".join(f"{c:>8}" for c in totals) + f"{len(records):>9}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.curation.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSONL file of records to write")
    parser.add_argument("--problems", type=int, default=3000, help="unique problems to generate")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same file")
    parser.add_argument("--solutions", type=int, default=3, help="distinct solutions per problem, at most")
    parser.add_argument("--rename", type=float, default=0.0, help="share of problems whose parameters get fresh names")
    parser.add_argument("--restyle", type=float, default=0.0,
                        help="share of problems whose docstrings and annotations are restyled (synth/restyle.py)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    records = generate(args.problems, args.seed, args.solutions, progress=True, rename=args.rename,
                       restyle=args.restyle)
    make_dir(args.out.resolve().parent, "output folder")
    write_records(args.out, records)
    print(summary(records))
    print(f"wrote {len(records)} records for {args.problems} problems to {args.out} "
          f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    run_main(main)
