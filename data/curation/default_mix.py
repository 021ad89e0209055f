"""`python -m data.curation.default_mix`: the instruction data `train.instruct` uses when given none.

Built once, on first use, under runs/data/instruct_default/ (reused afterwards; this command rebuilds it):

    synthetic problems (data.curation.synth; several solutions each)
    + MBPP train and validation splits, when mbpp.jsonl is in the data folder
    → verify: every solution runs against its tests in the sandbox; failures are dropped
    → dedup: identical, renamed-variable and near-duplicate problems
    → decontaminate: against mini-HumanEval, and HumanEval and the MBPP test split when present
    → a balanced mix (easy/medium/hard 1:1:1, every solution), train/val split by problem (5 % held
      out: train.instruct's validation side, used as it is)

Each stage's report (what was dropped and why) is written beside the data, and the stats table of
the result is printed.
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import make_dir, write_json
from data.curation.decontaminate import decontaminate, eval_items
from data.curation.dedup import dedup
from data.curation.mbpp import import_mbpp
from data.curation.mix import MixConfig, make_mix, write_mix
from data.curation.stats import format_tables, summarize
from data.curation.synth import generate
from data.curation.verify import verify
from data.instruct.records import Record
from eval.suites import DEFAULT_DATA_DIR

DEFAULT_DIR = Path("runs/data/instruct_default")
PROBLEMS = 1500  # synthetic problems; a balanced mix keeps ~1000 of them for training: past the 500-1000 found to be the minimum
SOLUTIONS = 3  # distinct solutions drawn per synthetic problem, as many as it has up to this
VAL_FRACTION = 0.05  # of problems: held out for train.instruct's validation loss, which uses this split as is


def sources(data_dir: Path, problems: int, seed: int, exclude: tuple[str, ...] = (),
            solutions: int = SOLUTIONS) -> list[Record]:
    """The synthetic problems, each with its first `solutions` solutions (drawn as SOLUTIONS whatever the
    number kept, so that fewer solutions keep the very same problems), plus MBPP train/validation."""
    check_solutions(solutions)
    records = first_solutions(generate(problems, seed=seed, solutions=SOLUTIONS, exclude=exclude), solutions)
    mbpp = data_dir / "mbpp.jsonl"
    if mbpp.is_file():
        records += import_mbpp(mbpp, ("train", "validation"))
    else:
        print(f"note: {mbpp} not found: the default mix is synthetic only")
    return records


def check_solutions(n: int, name: str = "solutions per problem") -> None:
    if not 1 <= n <= SOLUTIONS:
        raise UserError(f"{name} must be 1 to {SOLUTIONS}, got {n}")


def first_solutions(records: list[Record], n: int) -> list[Record]:
    seen: Counter[str] = Counter()
    kept = []
    for record in records:
        seen[record.problem_id] += 1
        if seen[record.problem_id] <= n:
            kept.append(record)
    return kept


def build(out: Path = DEFAULT_DIR, data_dir: Path = DEFAULT_DATA_DIR, problems: int = PROBLEMS,
          seed: int = 0, exclude: tuple[str, ...] = (), solutions: int = SOLUTIONS) -> list[Path]:
    """Build the default mix into `out` (synthetic categories in `exclude` left out, up to `solutions`
    solutions per synthetic problem); returns its train and val files."""
    make_dir(out, "default mix folder")
    records = sources(data_dir, problems, seed, exclude, solutions)
    kept, failed = verify(records, progress=True)
    kept, duplicates = dedup(kept, progress=True)
    kept, contaminated = decontaminate(kept, eval_items(data_dir), progress=True)
    for name, report in (("verify", failed), ("dedup", duplicates), ("decontaminate", contaminated)):
        write_json(out / f"{name}_report.json", {"dropped": len(report), "records": report})
    print(f"default mix: {len(records)} records → {len(records) - len(failed)} verified → "
          f"{len(records) - len(failed) - len(duplicates)} after dedup → {len(kept)} after decontamination")
    cfg = MixConfig(difficulty="balanced", shape="all", val_fraction=VAL_FRACTION, seed=seed)
    mix = make_mix(kept, cfg)
    write_mix(out, mix, cfg)
    print(format_tables(summarize(mix.train)))
    return [out / "train.jsonl", out / "val.jsonl"]


def default_mix(out: Path = DEFAULT_DIR) -> list[Path]:
    """The default mix's files, building them on first use."""
    files = [out / "train.jsonl", out / "val.jsonl"]
    return files if all(f.is_file() for f in files) else build(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.curation.default_mix", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR, help="folder of the mix")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="where mbpp.jsonl, HumanEval.jsonl.gz are")
    parser.add_argument("--problems", type=int, default=PROBLEMS, help="synthetic problems to generate")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for path in build(args.out, args.data_dir, args.problems, args.seed):
        print(f"wrote {path}")


if __name__ == "__main__":
    run_main(main)
