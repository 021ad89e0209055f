"""`python -m data.curation.mbpp --out FILE`: MBPP's train and validation splits as instruction records.

    python -m data.curation.mbpp --out runs/data/mbpp.jsonl                      # train 601-974 + validation 511-600
    python -m data.curation.mbpp --out runs/data/mbpp_train.jsonl --splits train

- Only the train (task ids 601-974) and validation (511-600) splits are imported. The test split
  (11-510) is what `python -m eval.evaluate --suite mbpp` scores and the prompt split (1-10) holds
  its few-shot examples: asking for either is an error, so neither can leak into training data.
- Problems are parsed by eval.suites (`read_jsonl`, `mbpp_problem`), so the records see exactly the
  evaluator's entry point (the function the first assert calls), CRLF → LF and FILE:LINE errors.
- tests = the setup code, when a task has one, then each assert as its own string: the record's
  program (code, setup, asserts) is the program the MBPP harness runs.
- difficulty comes from the code's shape (`difficulty_of`): lines of code (not blank, not comments),
  control-flow nesting (loops, ifs, try/with, comprehension clauses) and how many functions or
  classes it defines. Easy: ≤ 4 lines, ≤ 1 level of nesting, one function. Hard: ≥ 12 lines, ≥ 3
  levels of nesting, or ≥ 3 functions/classes. Everything else is medium.
- category comes from an ordered keyword classifier over the task text (`category_of`) onto the
  synthetic generator's category names; the first matching rule wins, rules run from the most
  specific topic (classes, bits, dates, regex, geometry) to the most general (arithmetic), and a
  task no rule matches is "other". The list_* rules also need a collection word (list, tuple, array ...).
- instruction = the task's text and its first test assert, as the paper's prompt (and `--suite mbpp-instruct`,
  which scores the test split 0-shot in the instruction template) gives them: training sees the format it is
  scored in.
- output = the reference code tidied (eval.suites.tidy: 4-space indents, one statement a line), as the 0-shot
  prompt shows it; the original's layout varies (2 spaces, tabs, 1 space).
- extra = {"split": "train" | "validation"}; ids are mbpp-<task_id>-s0 (one solution per problem).
"""
from __future__ import annotations

import argparse
import ast
import re
import warnings
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import make_dir
from data.instruct.records import Record, write_records
from eval.suites import (
    DEFAULT_DATA_DIR,
    MBPP_SPLITS,
    MbppProblem,
    check_unique,
    mbpp_instruction,
    mbpp_problem,
    read_jsonl,
    tidy,
)

TRAINING_SPLITS = ("train", "validation")
EASY_MAX_LINES, HARD_MIN_LINES = 4, 12
EASY_MAX_DEPTH, HARD_MIN_DEPTH = 1, 3
HARD_MIN_DEFINITIONS = 3
NESTING = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.Try, ast.With, ast.AsyncWith, ast.comprehension)

COLLECTION = r"(?=.*\b(lists?|tuples?|arrays?|sublists?|sequences?|elements?|items?|records?)\b)"
CATEGORY_RULES = tuple((name, re.compile(pattern, re.S)) for name, pattern in (
    ("small_classes", r"\bclass\b|\bbinary tree\b|\blinked list\b"),
    ("error_handling", r"\bexceptions?\b|\berrors?\b|\braises?\b"),
    ("bit_manipulation", r"\bbits?\b|bitwise|\bxor\b|\bparity\b|hamming|binary (representation|number)"),
    ("dates_intervals", r"\bdates?\b|\bmonths?\b|\byears?\b|\bdays?\b|\bleap\b|\bintervals?\b|\bzodiac\b|\bclock\b"),
    ("parsing", r"\bregex\b|regular expression|\bpars(e|ing)\b|\bmatch(es)?\b|ip address|roman numeral|"
                r"camel case|snake case|\burl\b|quotation"),
    ("recursion", r"recursi(on|ve|vely)|tower of hanoi"),
    ("stacks_queues", r"\bstacks?\b|(?<!heap )\bqueues?\b|\bdeque\b|parenthes[ie]s|brackets?\b|\bbalanced\b"),
    ("sorting_searching", r"\bsort(s|ed|ing)?\b|\bheap|binary search|\bmedian\b|\bkth\b|k-th|insertion point"),
    ("matrices", r"\bmatri(x|ces)\b|\bcolumns?\b|\bspiral\b"),
    ("grid_geometry", r"triangle|rectangle|circle|cylinder|sphere|\bcone\b|pyramid|polygon|pentagon|hexagon|"
                      r"rhombus|rombus|trapezium|parallelogram|tetrahedron|\barea\b|perimeter|\bvolume\b|"
                      r"surface|coordinates?|\bslope\b|\blines?\b|radius|radians|angles?\b|\bplane\b|\bgrid\b"),
    ("two_pointers", r"two pointers?|\bpairs?\b.*\bsum\b|\btriplets?\b|sub-?arrays?|sliding window|contiguous|"
                     r"\binterleave|merge two sorted"),
    ("dicts_counting", r"dictionar(y|ies)|\bdict\b|\bkeys?\b|frequen|most common|\bcounter\b|\bgroup\b|"
                       r"repeated|count\w* (the )?occurr?en|occurr?ences? of each|maximum occurr?ences"),
    ("strings", r"\bstrings?\b|\bcharacters?\b|\bwords?\b|vowels?|upper ?case|lower ?case|\bcapital|\bletters?\b|"
                r"sentence|substring|palindrom|anagram|\btext\b|whitespaces?|\bspaces?\b|alphanumeric"),
    ("number_theory", r"\bprimes?\b|\bgcd\b|\blcm\b|common divisor|\b(a|smallest|least) multiple\b|\bmultiples? of\b|"
                      r"divisors?\b|divisible|\bfactors?\b|fibonacci|factorial|catalan|\bbell\b|binomial|\bncr\b|"
                      r"lucas|jacobsthal|armstrong|\bperfect\b|abundant|amicable|\bugly\b|\blucky\b|\blucid\b|"
                      r"polite|\w+gonal number|\bdigits?\b|\bmodulo\b|\bmod\b"),
    ("sets", r"\bsets?\b|\bunique\b|\bdistinct\b|duplicat|\bunion\b|intersection|\bcommon elements\b|"
             r"\b(dis)?similar elements\b|\bsubsets?\b"),
    ("list_filtering", COLLECTION + r".*(\bremove|\bfilter|\bdelete|\bexclude|\bextract\b|"
                                    r"\b(even|odd|positive|negative) (numbers|elements)\b)"),
    ("list_search", COLLECTION + r".*(\bindex|\bpositions?\b|\bsearch|\bfind the (first|last)\b|\bpresent\b|"
                                 r"\bcontains?\b|\bmissing\b|\bfixed point\b|\boccurs\b|\bnth\b|n-th|\baccess\b|"
                                 r"\bget (an |the )?items?\b)"),
    ("list_aggregation", COLLECTION + r".*(\bsum|\bproduct\b|\baverage\b|\bmean\b|maxim|minim|\bmax\b|\bmin\b|"
                                      r"largest|smallest|highest|lowest|\bcount|\blength\b|\bsize\b|cumulative)"),
    ("conditionals", r"\bcheck\b|\bwhether\b|\bvalid|\btrue\b|\bfalse\b|\bor not\b|maximum of (two|three)|"
                     r"minimum of (two|three)"),
    ("list_transformation", COLLECTION + r"."),
    ("loops", r"first n\b|natural numbers|\bseries\b|\btill\b|\bupto\b|\b1 to n\b|\biterate"),
    ("arithmetic", r"\bnumbers?\b|\bintegers?\b|\bsum\b|\badd\b|multiply|divide|\bproduct\b|\bpower\b|\bsquares?\b|"
                   r"\bcubes?\b|\broot\b|\baverage\b|\bconvert\b|equation|quadratic|discriminant|\bcalculate\b|"
                   r"\bcompute\b|\bvalue\b"),
))


def nesting_depth(node: ast.AST, depth: int = 0) -> int:
    """The deepest chain of loops, branches, try/with blocks and comprehension clauses."""
    depth += isinstance(node, NESTING)
    return max([depth] + [nesting_depth(child, depth) for child in ast.iter_child_nodes(node)])


def difficulty_of(code: str) -> str:
    """easy | medium | hard from the code's lines, control-flow nesting and number of definitions."""
    lines = [line for line in code.splitlines() if line.strip() and not line.strip().startswith("#")]
    with warnings.catch_warnings():  # MBPP code has invalid escapes ("\d" in a plain string): valid, but noisy
        warnings.simplefilter("ignore")
        tree = ast.parse(code)
    depth = nesting_depth(tree)
    definitions = sum(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for n in ast.walk(tree))
    if len(lines) >= HARD_MIN_LINES or depth >= HARD_MIN_DEPTH or definitions >= HARD_MIN_DEFINITIONS:
        return "hard"
    if len(lines) <= EASY_MAX_LINES and depth <= EASY_MAX_DEPTH and definitions == 1:
        return "easy"
    return "medium"


def category_of(text: str) -> str:
    """The first category whose keyword rule matches the lower-cased task text, else "other"."""
    text = text.lower()
    return next((name for name, rule in CATEGORY_RULES if rule.search(text)), "other")


def to_record(problem: MbppProblem, split: str) -> Record:
    tests = ([problem.setup.strip()] if problem.setup.strip() else []) + problem.tests
    pid = f"mbpp-{problem.task_id}"
    return Record(id=f"{pid}-s0", problem_id=pid, instruction=mbpp_instruction(problem),
                  input="", output=tidy(problem.code), entry_point=problem.entry_point, tests=tuple(tests),
                  difficulty=difficulty_of(problem.code), category=category_of(problem.text), source="mbpp",
                  extra={"split": split})


def check_splits(splits: list[str]) -> None:
    for split in splits:
        if split in MBPP_SPLITS and split not in TRAINING_SPLITS:
            low, high = MBPP_SPLITS[split]
            raise UserError(f"MBPP's {split} split (task ids {low}-{high}) is for evaluation and is never imported "
                            f"as training data (choose from {', '.join(TRAINING_SPLITS)})")
        if split not in TRAINING_SPLITS:
            raise UserError(f"unknown MBPP split {split!r} (choose from {', '.join(TRAINING_SPLITS)})")


def import_mbpp(path: Path, splits: list[str] | tuple[str, ...] = TRAINING_SPLITS) -> list[Record]:
    """Records of the chosen MBPP splits (train and/or validation only), in task-id order."""
    check_splits(list(splits))
    path = Path(path)
    problems, seen = [], {}
    for number, row in read_jsonl(path):
        problem = mbpp_problem(path, number, row)
        check_unique(path, number, problem.task_id, seen)
        problems.append(problem)
    records = []
    for problem in sorted(problems, key=lambda p: p.task_id):
        split = next((s for s in splits if MBPP_SPLITS[s][0] <= problem.task_id <= MBPP_SPLITS[s][1]), None)
        if split is not None:
            try:
                records.append(to_record(problem, split))
            except SyntaxError as err:
                raise UserError(f"{path}: MBPP task {problem.task_id}: code does not parse ({err.msg})") from None
    if not records:
        raise UserError(f"{path}: no MBPP tasks in the {' and '.join(splits)} split(s)")
    return records


def main(argv: list[str] | None = None) -> list[Record]:
    parser = argparse.ArgumentParser(prog="python -m data.curation.mbpp", description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_DATA_DIR / "mbpp.jsonl", help="MBPP's mbpp.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="records JSONL to write")
    parser.add_argument("--splits", nargs="+", default=list(TRAINING_SPLITS), help="train and/or validation")
    args = parser.parse_args(argv)
    records = import_mbpp(args.path, args.splits)
    make_dir(args.out.parent, "output directory")
    write_records(args.out, records)
    counts = ", ".join(f"{sum(r.extra['split'] == s for r in records)} {s}" for s in args.splits)
    print(f"wrote {len(records)} MBPP records ({counts}) -> {args.out}")
    return records


if __name__ == "__main__":
    run_main(main)
