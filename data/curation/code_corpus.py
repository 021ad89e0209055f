"""`python -m data.curation.code_corpus --out DIR [--problems N] [--seed S]`: synthetic problems as
documented Python functions, a source folder for the pretraining corpus.

    python -m data.curation.code_corpus --out runs/data/code_corpus --problems 12000 --seed 1
    python -m train.pretrain --data.src <stdlib> runs/data/code_corpus

Design choices:
- The standard library teaches a small model Python, but little of the shape evaluation asks for:
  a short function whose docstring says what it does. The synthetic generator's problems, every
  solution rendered through the one training template (signature, the instruction as docstring,
  body), are that shape; in the pretraining corpus they teach it from the first step.
- Nothing of an evaluation set gets in: the records are decontaminated against mini-HumanEval,
  HumanEval and the MBPP test split exactly as the instruction data is
  (data/curation/decontaminate.py), and `report.json` counts what was removed, by rule and suite.
- The functions are written as .py files of FUNCTIONS_PER_FILE each, so the corpus builder takes
  the folder as one more source (no second corpus format); the corpus splits train/val by file.
- A seed of its own (default 1; the default instruction mix uses 0), so pretraining sees other
  problems than instruction tuning's held-out ones from the same templates.
"""
from __future__ import annotations

import argparse
import shutil
import time
from collections import Counter
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import atomic_open, make_dir, write_json
from data.curation.decontaminate import decontaminate, eval_items
from data.curation.synth import generate
from data.instruct.records import Record
from data.instruct.template import render
from eval.suites import DEFAULT_DATA_DIR

FUNCTIONS_PER_FILE = 40
REPORT = "report.json"


def as_code(record: Record) -> str:
    """The record as the training template renders it: prompt and response, one function."""
    rendered = render(record.instruction, record.output, record.input, record.entry_point)
    return rendered.prompt + rendered.response


def build(out: Path, problems: int, seed: int = 1, data_dir: Path = DEFAULT_DATA_DIR,
          exclude: tuple[str, ...] = (), rename: float = 0.0, restyle: float = 0.0) -> dict:
    """Write the folder (replacing an older one) and return its report; `rename` is the share of problems whose
    parameters get fresh names (data/curation/synth/rename.py), `restyle` the share whose docstrings and
    annotations are restyled (synth/restyle.py)."""
    if problems < 1:
        raise UserError(f"--problems must be at least 1, got {problems}")
    start = time.perf_counter()
    records = generate(problems, seed=seed, progress=True, exclude=exclude, rename=rename, restyle=restyle)
    items = eval_items(data_dir)
    kept, removed = decontaminate(records, items, progress=True)
    if out.exists():
        shutil.rmtree(out)  # a stale file of an earlier, larger build would stay in the corpus
    make_dir(out, "code corpus folder")
    functions = [as_code(r) for r in kept]
    for first in range(0, len(functions), FUNCTIONS_PER_FILE):
        with atomic_open(out / f"functions_{first // FUNCTIONS_PER_FILE:05d}.py") as f:
            f.write("\n\n".join(functions[first:first + FUNCTIONS_PER_FILE]))
    report = {"problems": problems, "seed": seed, "excluded_categories": list(exclude), "rename": rename,
              "restyle": restyle, "records": len(records),
              "kept": len(kept),
              "removed": len(removed), "removed_by_rule": dict(Counter(e["rule"] for e in removed)),
              "removed_by_suite": dict(Counter(e["suite"] for e in removed)),
              "eval_items": dict(Counter(i.suite for i in items)), "files": -(-len(functions) // FUNCTIONS_PER_FILE),
              "chars": sum(map(len, functions)), "seconds": round(time.perf_counter() - start, 1)}
    write_json(out / REPORT, report)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.curation.code_corpus", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder of .py files to write (replaced)")
    parser.add_argument("--problems", type=int, default=12000, help="synthetic problems (up to 3 solutions each)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="where HumanEval and MBPP are")
    parser.add_argument("--rename", type=float, default=0.0, help="share of problems whose parameters get fresh names")
    parser.add_argument("--restyle", type=float, default=0.0, help="share of problems with restyled docstrings")
    args = parser.parse_args(argv)
    report = build(args.out, args.problems, args.seed, args.data_dir, rename=args.rename, restyle=args.restyle)
    print(f"{report['kept']} functions of {report['records']} ({report['removed']} removed by decontamination: "
          f"{report['removed_by_rule']}) in {report['files']} files, {report['chars']:,} characters -> {args.out}")


if __name__ == "__main__":
    run_main(main)
