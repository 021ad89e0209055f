"""`python -m data.curation.decontaminate IN.jsonl --out OUT.jsonl`: drop records that overlap evaluation tasks.

Design choices:
- The evaluation tasks are mini-HumanEval and its companion `check` (both ship with the repo),
  HumanEval and the MBPP test split (when their files are in the data folder; skipped with a note otherwise),
  plus any HumanEval-format
  or records JSONL given with --against. Each is an `EvalItem`: its natural-language text (the
  entry point's docstring up to the first `>>>` example; MBPP: the task sentence) and its code
  (HumanEval: the entry-point function, signature plus canonical body; MBPP: the solution).
- A record is contaminated when any rule fires, checked strongest first:
  "same code"     normalize_code(output) equals the item's (see data.curation.dedup: docstrings, comments,
                  annotations and local names do not count; the function name does);
  "code overlap"  >= 80 % of the item's code 10-grams occur in the output, over data.curation.dedup.code_tokens
                  (locals renamed, function names one placeholder), for items with >= 12 such 10-grams
                  (about 21 tokens: three short statements);
  "text overlap"  >= 50 % of the item's word 13-grams occur in the instruction, for items with >= 4
                  13-grams (16 words); a text of 10-15 words must occur whole in the instruction.
  Overlap is containment of the *item's* n-grams: a record that wraps a copied task in more text or
  code is as contaminated as a bare copy.
- The minimum sizes keep generic code and text from matching: a body like `return a + b` or a sum
  loop is contained in thousands of programs, and "Return the sum of a and b." in many instructions,
  so an item below them is caught only by "same code" (its exact code under its own function name).
- Measured on the bundled data before `check` joined it (684 items: mini 20, HumanEval 164, MBPP test 500):
  * MBPP's train split (601-974; text as instruction, code as output) is flagged for 27 of 374 tasks
    (20 code overlap, 4 text overlap, 3 same code). By reading them: 17 restate a test task (602 is
    217 word for word; 608 and 67 are both the Bell-number table), 8 are template siblings with
    near-identical code (sum vs division of the first even and odd number, first vs last occurrence),
    2 share only a formula (731's cone area contains 293's hypotenuse; 960's tiling is HumanEval/55's
    Fibonacci). Looser settings mostly add siblings and generic code: code 10-grams at 70 % flag 35,
    at 50 % with no minimum size 88 (Mini/3's sum loop inside every averaging function); text 8-grams
    at 60 % flag 42, the extra ones nearly all one-word siblings ("upper" vs "lower case").
  * 149 docstring-to-body records mined from the standard library: none flagged.
  * Planted copies of every item (docstring as instruction, prompt + solution as output): 684 of 684.
    Lightly edited copies (locals renamed, first sentence's opening words replaced): 684 of 684.
    Also renaming the function: 604 of 684; the rest have code under ~21 tokens and a short text.
"""
from __future__ import annotations

import argparse
import ast
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from configs.errors import UserError, run_main
from configs.files import write_json
from data.curation.dedup import code_tokens, ngrams, normalize_code, normalize_text, parse
from data.instruct.records import Record, read_records, write_records
from eval.suites import DEFAULT_DATA_DIR, Suite, Task, load_suite, read_humaneval_jsonl

TEXT_N = 13
CODE_N = 10
TEXT_THRESHOLD = 0.5
CODE_THRESHOLD = 0.8
MIN_TEXT_NGRAMS = 4
MIN_CODE_NGRAMS = 12
MIN_COPY_WORDS = 10
MBPP_TASK = re.compile(r"here is your task: (.*?) Your code should pass these tests:", re.DOTALL)


@dataclass(frozen=True)
class EvalItem:
    suite: str      # "mini", "humaneval", "mbpp", or the --against file's name
    task_id: str
    text: str
    code: str


# ---------------------------------------------------------------------------------------------
# evaluation items

def entry_function(code: str, entry_point: str) -> ast.FunctionDef | None:
    try:
        tree = parse(code)
    except (SyntaxError, ValueError):
        return None
    return next((node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and node.name == entry_point), None)


def humaneval_item(suite: str, task: Task) -> EvalItem:
    program = task.prompt + task.canonical_solution
    fn = entry_function(program, task.entry_point)
    if fn is None:  # a prompt that doesn't parse with its solution: use the raw texts
        return EvalItem(suite, task.task_id, task.prompt, program)
    doc = ast.get_docstring(fn) or ""
    text = "" if doc.startswith(">>>") else doc.split("\n>>>")[0]
    return EvalItem(suite, task.task_id, text, ast.get_source_segment(program, fn))


def mbpp_item(suite: str, task: Task) -> EvalItem:
    texts = MBPP_TASK.findall(task.prompt)  # the last header is the task's own; the others are the shots
    return EvalItem(suite, task.task_id, texts[-1] if texts else "", task.canonical_solution)


def suite_items(suite: Suite) -> list[EvalItem]:
    return [(mbpp_item if task.style == "mbpp" else humaneval_item)(suite.name, task) for task in suite.tasks]


def file_items(path: Path) -> list[EvalItem]:
    """Items from a HumanEval-format JSONL (has `canonical_solution`) or a records JSONL."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"--against file not found: {path}")
    with open(path, encoding="utf-8") as f:
        first = next((line for line in f if line.strip()), "")
    try:
        humaneval = isinstance(row := json.loads(first), dict) and "canonical_solution" in row
    except json.JSONDecodeError:
        humaneval = False  # read_records names the line
    if humaneval:
        return suite_items(read_humaneval_jsonl(path))
    return [EvalItem(path.name, r.id, r.instruction, r.output) for r in read_records(path)]


def eval_items(data_dir: Path | None = None, extra_files: Sequence[Path] = ()) -> list[EvalItem]:
    """Every evaluation task: mini, check, HumanEval and the MBPP test split when present, then `extra_files`."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    items = suite_items(load_suite("mini")) + suite_items(load_suite("check"))
    for name, file in (("humaneval", "HumanEval.jsonl.gz"), ("mbpp", "mbpp.jsonl")):
        if (data_dir / file).is_file():
            items += suite_items(load_suite(name, data_dir))
        else:
            print(f"note: {data_dir / file} not found, not checking against {name}")
    for path in extra_files:
        items += file_items(path)
    return items


# ---------------------------------------------------------------------------------------------
# matching

class ItemIndex:
    """The items' normalized code, short texts and n-gram sets, with n-gram -> items postings."""

    def __init__(self, items: list[EvalItem], text_n: int = TEXT_N, code_n: int = CODE_N) -> None:
        self.text_n, self.code_n = text_n, code_n
        self.same_code: dict[str, int] = {}
        self.whole_text: dict[str, int] = {}  # texts too short for n-grams, matched only as a whole
        for k, item in enumerate(items):
            self.same_code.setdefault(normalize_code(item.code), k)
            words = normalize_text(item.text).split()
            if MIN_COPY_WORDS <= len(words) < text_n + MIN_TEXT_NGRAMS - 1:
                self.whole_text.setdefault(" ".join(words), k)
        self.whole_lengths = sorted({len(text.split()) for text in self.whole_text})
        self.text_sizes, self.text_postings = self.postings([self.text_grams(item.text) for item in items],
                                                             MIN_TEXT_NGRAMS)
        self.code_sizes, self.code_postings = self.postings([self.code_grams(item.code) for item in items],
                                                             MIN_CODE_NGRAMS)

    def text_grams(self, text: str) -> set[str]:
        words = normalize_text(text).split()
        return ngrams(words, self.text_n) if len(words) >= self.text_n else set()

    def code_grams(self, code: str) -> set[str]:
        tokens = code_tokens(code)
        return ngrams(tokens, self.code_n) if len(tokens) >= self.code_n else set()

    @staticmethod
    def postings(grams: list[set[str]], minimum: int) -> tuple[list[int], dict[str, list[int]]]:
        index = defaultdict(list)
        for k, item_grams in enumerate(grams):
            if len(item_grams) >= minimum:  # smaller items can't be told from ordinary code or text
                for gram in item_grams:
                    index[gram].append(k)
        return [len(g) for g in grams], index

    @staticmethod
    def best(grams: set[str], sizes: list[int], postings: dict[str, list[int]]) -> tuple[int, float]:
        """(item, share of its n-grams found in `grams`) for the item with the largest share; (-1, 0) if none."""
        shared = Counter(k for gram in grams for k in postings.get(gram, ()))
        return max(((k, count / sizes[k]) for k, count in shared.items()), key=lambda kv: kv[1], default=(-1, 0.0))

    def copied_text(self, instruction: str) -> int | None:
        """The short item whose whole text occurs in the instruction, if any."""
        words = normalize_text(instruction).split()
        for length in self.whole_lengths:
            for i in range(len(words) - length + 1):
                if (k := self.whole_text.get(" ".join(words[i:i + length]))) is not None:
                    return k
        return None

    def match(self, record: Record, text_threshold: float = TEXT_THRESHOLD,
              code_threshold: float = CODE_THRESHOLD) -> tuple[str, int, float] | None:
        """(rule, item index, overlap) of the first rule that fires, or None for a clean record."""
        if (k := self.same_code.get(normalize_code(record.output))) is not None:
            return "same code", k, 1.0
        k, share = self.best(self.code_grams(record.output), self.code_sizes, self.code_postings)
        if share >= code_threshold:
            return "code overlap", k, share
        k, share = self.best(self.text_grams(record.instruction), self.text_sizes, self.text_postings)
        if share >= text_threshold:
            return "text overlap", k, share
        if (k := self.copied_text(record.instruction)) is not None:
            return "text overlap", k, 1.0
        return None


def decontaminate(records: list[Record], items: list[EvalItem], n: int = TEXT_N, threshold: float = TEXT_THRESHOLD,
                  code_n: int = CODE_N, code_threshold: float = CODE_THRESHOLD,
                  progress: bool = False) -> tuple[list[Record], list[dict]]:
    """(clean records in input order, one report entry per removed record: its eval item and rule).

    `n`/`threshold` are the instruction word n-gram rule's, `code_n`/`code_threshold` the code rule's."""
    index = ItemIndex(items, n, code_n)
    kept, removed = [], []
    for record in tqdm(records, desc="decontaminate", disable=not progress, leave=False):
        hit = index.match(record, threshold, code_threshold)
        if hit is None:
            kept.append(record)
            continue
        rule, k, share = hit
        removed.append({"id": record.id, "problem_id": record.problem_id, "source": record.source, "rule": rule,
                        "overlap": round(share, 3), "suite": items[k].suite, "task_id": items[k].task_id})
    return kept, removed


def check_clean(records: list[Record], items: list[EvalItem]) -> None:
    """Raise AssertionError naming the first record that matches an evaluation item."""
    _, removed = decontaminate(records, items)
    if removed:
        first = removed[0]
        raise AssertionError(f"{len(removed)} contaminated record(s), first {first['id']}: {first['rule']} "
                             f"with {first['suite']} {first['task_id']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.curation.decontaminate", description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="records JSONL")
    parser.add_argument("--out", type=Path, required=True, help="records JSONL to write (the clean records)")
    parser.add_argument("--report", type=Path, help="JSON report: counts and every removed record with its match")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder with HumanEval and MBPP")
    parser.add_argument("--against", type=Path, nargs="+", default=[], metavar="FILE",
                        help="more evaluation tasks: HumanEval-format or records JSONL")
    args = parser.parse_args(argv)
    records = read_records(args.input)
    items = eval_items(args.data_dir, args.against)
    kept, removed = decontaminate(records, items, progress=True)
    write_records(args.out, kept)
    print(f"kept {len(kept)} of {len(records)} records -> {args.out} (checked against {len(items)} evaluation tasks)")
    for title, key in (("rule", "rule"), ("suite", "suite")):
        counts = Counter(entry[key] for entry in removed)
        print(f"removed by {title}:" + "".join(f"\n  {name:<16} {count:>7}" for name, count in counts.most_common()))
    if args.report:
        write_json(args.report, {"input": str(args.input), "records": len(records), "kept": len(kept),
                                 "removed": len(removed), "eval_items": dict(Counter(i.suite for i in items)),
                                 "by_rule": dict(Counter(e["rule"] for e in removed)), "removed_records": removed})
        print(f"report -> {args.report}")


if __name__ == "__main__":
    run_main(main)
