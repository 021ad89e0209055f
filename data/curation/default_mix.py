"""`python -m data.curation.default_mix`: the instruction data `train.instruct` uses when given none.

Built on first use under runs/data/instruct_default/, and reused while what it was built from is the same
(inputs.json records the settings, the hash of the generating code and of the data files; a change
rebuilds it, saying why); this command always rebuilds it:

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
import hashlib
import json
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
from data.instruct.split import VAL_FRACTION
from eval.suites import CHECK_SUITE, DEFAULT_DATA_DIR, MINI_SUITE

DEFAULT_DIR = Path("runs/data/instruct_default")
INPUTS = "inputs.json"
CODE_DIR = Path(__file__).resolve().parent  # data/curation: the generator, verify, dedup, decontaminate, mix
RECORD_CODE = [CODE_DIR.parent / "instruct" / name for name in ("records.py", "split.py", "template.py")]
DATA_FILES = ("mbpp.jsonl", "HumanEval.jsonl.gz")  # MBPP train/val go in; HumanEval and MBPP test are filtered out
# synthetic problems; a balanced mix keeps ~1000 of them for training: past the 500-1000 found to be the minimum
PROBLEMS = 1500
SOLUTIONS = 3  # distinct solutions drawn per synthetic problem, as many as it has up to this


def sources(data_dir: Path, problems: int, seed: int, exclude: tuple[str, ...] = (),
            solutions: int = SOLUTIONS, rename: float = 0.0, restyle: float = 0.0) -> list[Record]:
    """The synthetic problems, each with its first `solutions` solutions (drawn as SOLUTIONS whatever the
    number kept, so that fewer solutions keep the very same problems), plus MBPP train/validation."""
    check_solutions(solutions)
    records = first_solutions(generate(problems, seed=seed, solutions=SOLUTIONS, exclude=exclude, rename=rename,
                                       restyle=restyle),
                              solutions)
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
          seed: int = 0, exclude: tuple[str, ...] = (), solutions: int = SOLUTIONS, rename: float = 0.0,
          restyle: float = 0.0) -> list[Path]:
    """Build the default mix into `out` (synthetic categories in `exclude` left out, up to `solutions`
    solutions per synthetic problem, a share `rename` of them with renamed parameters, a share `restyle` with
    restyled prompts); returns its train and val files."""
    make_dir(out, "default mix folder")
    (out / INPUTS).unlink(missing_ok=True)  # a build cut short is not mistaken for a complete one
    records = sources(data_dir, problems, seed, exclude, solutions, rename, restyle)
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
    write_json(out / INPUTS, inputs(data_dir, problems, seed, exclude, solutions, rename, restyle))
    return [out / "train.jsonl", out / "val.jsonl"]


def inputs(data_dir: Path, problems: int, seed: int, exclude: tuple[str, ...], solutions: int,
           rename: float = 0.0, restyle: float = 0.0) -> dict:
    """What a mix is built from: its settings, the code that generates, verifies and filters it, the data files."""
    code = sorted(CODE_DIR.rglob("*.py")) + RECORD_CODE + [MINI_SUITE, CHECK_SUITE]  # the suites decontaminate
    files = [data_dir / name for name in DATA_FILES]
    return {"problems": problems, "seed": seed, "exclude": sorted(exclude), "solutions": solutions, "rename": rename,
            "restyle": restyle,
            "val_fraction": VAL_FRACTION, "code_sha256": sha256_of(code),
            "data_sha256": {path.name: sha256_of([path]) if path.is_file() else None for path in files}}


def sha256_of(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def default_mix(out: Path = DEFAULT_DIR, data_dir: Path = DEFAULT_DATA_DIR, problems: int = PROBLEMS) -> list[Path]:
    """The default mix's files, built on first use and rebuilt when what they were built from changed."""
    files = [out / "train.jsonl", out / "val.jsonl"]
    wanted = inputs(data_dir, problems, 0, (), SOLUTIONS)
    recorded = out / INPUTS
    if all(f.is_file() for f in files) and recorded.is_file():
        try:
            built = json.loads(recorded.read_text())
        except json.JSONDecodeError:
            built = {}
        if built == wanted:
            return files
        changed = sorted(key for key in wanted if built.get(key) != wanted[key])
        print(f"default mix in {out}: rebuilding, its inputs changed ({', '.join(changed)})")
    return build(out, data_dir, problems)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.curation.default_mix", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR, help="folder of the mix")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help="where mbpp.jsonl, HumanEval.jsonl.gz are")
    parser.add_argument("--problems", type=int, default=PROBLEMS, help="synthetic problems to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rename", type=float, default=0.0,
                        help="share of synthetic problems whose parameters get fresh names (synth/rename.py)")
    parser.add_argument("--restyle", type=float, default=0.0,
                        help="share of synthetic problems with restyled docstrings and annotations (synth/restyle.py)")
    args = parser.parse_args(argv)
    for path in build(args.out, args.data_dir, args.problems, args.seed, rename=args.rename, restyle=args.restyle):
        print(f"wrote {path}")


if __name__ == "__main__":
    run_main(main)
