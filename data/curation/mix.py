"""`python -m data.curation.mix IN.jsonl [IN2 ...] --out DIR`: a train/val mix of records with a chosen difficulty
balance and shape.

    python -m data.curation.mix runs/data/synthetic.jsonl runs/data/mbpp.jsonl --out runs/data/mix --size 2000
    python -m data.curation.mix runs/data/synthetic.jsonl --out runs/data/deep --size 2000 --shape deep
    python -m data.curation.mix runs/data/synthetic.jsonl --out runs/data/diverse --size 2000 --shape diverse --k 5

Design choices:
- The split comes first and is by problem, data/instruct/split.py's rule (the one the instruction
  trainer uses): a problem is held out when the hash of its problem_id falls below --val-fraction,
  so a problem's solutions never straddle the split and a problem's side does not depend on the
  rest of the mix. Each side is then drawn from its own
  problems by the rules below: train gets --size, val --size × f / (1 - f), i.e. f of the whole mix.
- Difficulty: target easy/medium/hard ratios (balanced 1/3 each, easy-heavy .6/.3/.1, medium-heavy
  .2/.6/.2, hard-heavy .1/.3/.6) taken by whole problems, rounded by largest remainder (ties to the
  easier level) so the quotas sum exactly. A level short of problems is filled from the nearest
  level with problems to spare (for medium: easy, then hard) and a one-line warning says so. A
  problem's difficulty is its first solution's (by id); generators give all of them the same one.
- Shape, at an equal example count N so the two compare: deep = N problems × 1 solution;
  diverse = N/k problems × k solutions, from problems with ≥ k solutions (N must be a multiple of k);
  all = N problems with every solution (for `all`, --size counts problems).
- Without --size each side takes the largest size its pool fills at the ratios, so nothing falls short;
  a side whose pool cannot fill the ratios even once (a level with no problem at all, as in a small
  held-out side) takes every problem it has, with a warning, rather than coming out empty.
- Order: --curriculum puts train easy → medium → hard (by each record's difficulty, shuffled within a
  level), else shuffled; val is shuffled. Every draw uses random.Random seeded with --seed and the
  side, so a seed gives byte-identical files.
- Outputs in DIR: train.jsonl and val.jsonl (records), train.csv and val.csv (one row per record, for
  a spreadsheet), summary.csv: `section,key,value` rows, the config then data.curation.stats.summarize of
  each side with its sections prefixed train/ and val/.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import atomic_open, make_dir
from data.curation.stats import summarize
from data.instruct.records import DIFFICULTIES, Record, read_records, write_records
from data.instruct.split import split_by_problem

# integer weights, so quotas are exact integer arithmetic
MIXES = {"balanced": (1, 1, 1), "easy-heavy": (6, 3, 1), "medium-heavy": (1, 3, 1), "hard-heavy": (1, 3, 6)}
SHAPES = ("all", "deep", "diverse")
CSV_COLUMNS = ("id", "problem_id", "category", "difficulty", "source", "instruction", "output", "n_tests")


@dataclass(frozen=True)
class MixConfig:
    size: int | None = None     # train examples (problems for shape "all"); None: as many as the pool fills
    difficulty: str = "balanced"
    shape: str = "all"
    k: int = 5                  # solutions per problem for shape "diverse"
    curriculum: bool = False
    val_fraction: float = 0.1
    seed: int = 0


@dataclass(frozen=True)
class Mix:
    train: list[Record]
    val: list[Record]


def check_config(cfg: MixConfig) -> None:
    if cfg.difficulty not in MIXES:
        raise UserError(f"unknown difficulty mix {cfg.difficulty!r} (choose from {', '.join(MIXES)})")
    if cfg.shape not in SHAPES:
        raise UserError(f"unknown shape {cfg.shape!r} (choose from {', '.join(SHAPES)})")
    if cfg.k < 1:
        raise UserError(f"k must be at least 1, got {cfg.k}")
    if cfg.size is not None and cfg.size < 1:
        raise UserError(f"size must be at least 1, got {cfg.size}")
    if cfg.shape == "diverse" and cfg.size is not None and cfg.size % cfg.k:
        raise UserError(f"size {cfg.size} is not a multiple of k={cfg.k} (diverse takes size/k problems × k solutions)")
    if not 0 <= cfg.val_fraction < 1:
        raise UserError(f"val fraction must be in [0, 1), got {cfg.val_fraction}")


def largest_remainder(total: int, weights: tuple[int, ...]) -> dict[str, int]:
    """Integer quotas proportional to `weights` that sum to `total`; leftover units go to the largest
    remainders, ties to the easier level."""
    whole = sum(weights)
    quotas = {d: total * w // whole for d, w in zip(DIFFICULTIES, weights)}
    by_remainder = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for i in by_remainder[:total - sum(quotas.values())]:
        quotas[DIFFICULTIES[i]] += 1
    return quotas


def fill(quotas: dict[str, int], available: dict[str, int]) -> tuple[dict[str, int], list[str]]:
    """Quotas capped by the problems available, each level's shortfall moved to the nearest level with
    spare problems (every problem when the pool is too small); also a note per shortfall."""
    wanted, have = sum(quotas.values()), sum(available.values())
    if have <= wanted:
        return dict(available), [f"only {have} problems for {wanted} wanted: took them all"] if have < wanted else []
    take = {d: min(quotas[d], available[d]) for d in DIFFICULTIES}
    notes = []
    for level, d in enumerate(DIFFICULTIES):
        short = quotas[d] - take[d]
        if short <= 0:
            continue
        moved = []
        for other in sorted(DIFFICULTIES, key=lambda o: abs(DIFFICULTIES.index(o) - level)):  # stable: easier first
            extra = min(short, available[other] - take[other])
            if extra > 0:
                take[other] += extra
                short -= extra
                moved.append(f"{extra} from {other}")
        notes.append(f"{available[d]} {d} problems for {quotas[d]} wanted, filled {' and '.join(moved) or 'none'}"
                     + (f" ({short} short)" if short else ""))
    return take, notes


def pool_size(available: dict[str, int], weights: tuple[int, ...]) -> int:
    """The most problems the pool gives at these ratios with no level short."""
    whole = sum(weights)
    return min(available[d] * whole // w for d, w in zip(DIFFICULTIES, weights))


def draw(problems: dict[str, list[Record]], ids: list[str], n_examples: int | None, cfg: MixConfig,
         side: str) -> list[Record]:
    """One side of the mix: problems by difficulty quotas, then solutions by shape, then ordered."""
    rng = random.Random(f"{cfg.seed}/{side}")
    per_problem = {"all": None, "deep": 1, "diverse": cfg.k}[cfg.shape]
    eligible = defaultdict(list)
    for pid in sorted(ids):
        if per_problem is None or len(problems[pid]) >= per_problem:
            eligible[problems[pid][0].difficulty].append(pid)
    available = {d: len(eligible[d]) for d in DIFFICULTIES}
    weights = MIXES[cfg.difficulty]
    n_problems = pool_size(available, weights) if n_examples is None else round(n_examples / (per_problem or 1))
    notes = []
    if n_examples is None and n_problems == 0 and any(available.values()):
        n_problems = sum(available.values())
        counts = ", ".join(f"{d} {available[d]}" for d in DIFFICULTIES)
        notes.append(f"too few problems for the {cfg.difficulty} ratios ({counts}): took all {n_problems}")
    take, shortfalls = fill(largest_remainder(n_problems, weights), available)
    notes += shortfalls
    if notes:
        print(f"warning: {side}: " + "; ".join(notes), file=sys.stderr)
    chosen = []
    for d in DIFFICULTIES:
        for pid in rng.sample(eligible[d], take[d]):
            chosen += rng.sample(problems[pid], per_problem or len(problems[pid]))
    if cfg.curriculum and side == "train":
        levels = [[r for r in chosen if r.difficulty == d] for d in DIFFICULTIES]
        for level in levels:
            rng.shuffle(level)
        return [r for level in levels for r in level]
    rng.shuffle(chosen)
    return chosen


def make_mix(records: list[Record], cfg: MixConfig) -> Mix:
    """The train and val records of a mix of `records` (see the module docstring for the rules)."""
    check_config(cfg)
    problems = defaultdict(list)
    for record in sorted(records, key=lambda r: r.id):
        problems[record.problem_id].append(record)
    train_ids, val_ids = split_by_problem(list(problems), str, cfg.val_fraction)
    val_size = None if cfg.size is None else round(cfg.size * cfg.val_fraction / (1 - cfg.val_fraction))
    train = draw(problems, train_ids, cfg.size, cfg, "train")
    if not train:
        need = f" with at least {cfg.k} solutions" if cfg.shape == "diverse" else ""
        raise UserError(f"the mix is empty: no problems{need} outside the val split")
    return Mix(train, draw(problems, val_ids, val_size, cfg, "val"))


def write_csv(path: Path, rows: list[tuple]) -> None:
    with atomic_open(path) as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def write_mix(out: Path, mix: Mix, cfg: MixConfig) -> None:
    make_dir(out, "output directory")
    summary = [("section", "key", "value")] + [("config", k, "" if v is None else v) for k, v in asdict(cfg).items()]
    for side, records in (("train", mix.train), ("val", mix.val)):
        write_records(out / f"{side}.jsonl", records)
        write_csv(out / f"{side}.csv", [CSV_COLUMNS] + [(r.id, r.problem_id, r.category, r.difficulty, r.source,
                                                         r.instruction, r.output, len(r.tests)) for r in records])
        summary += [(f"{side}/{section}", key, value) for section, key, value in summarize(records)]
    write_csv(out / "summary.csv", summary)


def read_pool(paths: list[Path]) -> list[Record]:
    """Every record of every file; an id may appear only once across the files."""
    records, seen = [], {}
    for path in paths:
        for record in read_records(path):
            if record.id in seen:
                raise UserError(f"{path}: id: duplicate {record.id!r} (also in {seen[record.id]})")
            seen[record.id] = path
            records.append(record)
    if not records:
        raise UserError(f"no records in {', '.join(map(str, paths))}")
    return records


def main(argv: list[str] | None = None) -> Mix:
    parser = argparse.ArgumentParser(prog="python -m data.curation.mix", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", type=Path, nargs="+", help="records JSONL files")
    parser.add_argument("--out", type=Path, required=True, help="directory for train/val .jsonl/.csv and summary.csv")
    parser.add_argument("--size", type=int, help="train examples (problems for --shape all); default: all that fit")
    parser.add_argument("--difficulty", default="balanced", choices=list(MIXES), help="target difficulty ratios")
    parser.add_argument("--shape", default="all", choices=SHAPES, help="solutions per problem: all | 1 | k")
    parser.add_argument("--k", type=int, default=5, help="solutions per problem for --shape diverse")
    parser.add_argument("--curriculum", action="store_true", help="order train easy → medium → hard")
    parser.add_argument("--val-fraction", type=float, default=0.1, help="share of problems held out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    cfg = MixConfig(args.size, args.difficulty, args.shape, args.k, args.curriculum, args.val_fraction, args.seed)
    mix = make_mix(read_pool(args.inputs), cfg)
    write_mix(args.out, mix, cfg)
    problems = len({r.problem_id for r in mix.train})
    print(f"mix: {len(mix.train)} train records ({problems} problems), {len(mix.val)} val records -> {args.out}")
    return mix


if __name__ == "__main__":
    run_main(main)
