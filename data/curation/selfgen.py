"""`python -m data.curation.selfgen`: the model's own passing completions as training records (rejection sampling).

    python -m data.curation.selfgen --to-suite runs/data/mbpp.jsonl --out runs/data/mbpp_suite.jsonl
    python -m eval.evaluate --ckpt runs/29m --suite runs/data/mbpp_suite.jsonl --n-samples 10 \\
        --temperature 0.8 --out runs/eval/self
    python -m data.curation.selfgen --samples runs/eval/self/samples.jsonl --suite runs/data/mbpp_suite.jsonl \\
        --out runs/data/self.jsonl

Design choices:
- Evaluation sets are refused: mini-HumanEval, HumanEval and MBPP's test split are what we report,
  and training on the model's own solutions to them would leak the benchmark into the model. The
  suite is checked by name (mini, humaneval, mbpp, mini_humaneval.jsonl, HumanEval*.jsonl*) and by
  its task ids (Mini/*, HumanEval/*, MBPP/11-MBPP/510), so a renamed copy is refused too.
- A sample counts when its `passed` is true: eval.evaluate writes it after running the program in
  the sandbox. A file without verdicts is an error, not an empty result.
- A record: instruction = the docstring of the prompt's function (ast; the prompt text if it has
  none), output = prompt + completion (dropped if that does not parse), tests = [the task's test +
  `check(entry_point)`], the program the harness ran. Identical outputs of one task are kept once;
  ids are self-<task_id>-<n> in samples-file order. difficulty and category come from the suite line
  when it carries them (records_to_suite writes them), else medium / other; so does problem_id (else
  self-<task_id>), so a self-generated solution stays on its problem's side of a train/val split.
- `records_to_suite` makes a records pool evaluable: prompt and canonical_solution are the
  data.instruct.template split that training uses, and the test's `check(candidate)` binds the entry point's
  name to candidate and runs the record's tests as module code (as the record's own program does,
  so helpers and setup code the tests define stay global). The solution is saved before `check` is
  defined, because an entry point may itself be named `check` (MBPP has one). `Task.program(canonical_solution)` is
  then the record's program, with the docstring the template may add.
"""
from __future__ import annotations

import argparse
import ast
import json
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

from configs.errors import UserError, run_main
from configs.files import atomic_open, make_dir, read_jsonl
from data.instruct.records import DIFFICULTIES, Record, read_records, write_records
from data.instruct.template import find_function, render
from eval.samples import Sample, parse_sample
from eval.suites import AS_CHECK, CHECK_SUITE, MBPP_SPLITS, MINI_SUITE, SUITE_NAMES, Suite, Task, read_humaneval_jsonl

REFUSAL = "self-generated data must come from a training or validation pool, not an evaluation set"
EVALUATION_NAMES = (*SUITE_NAMES, MINI_SUITE.name, CHECK_SUITE.name)


def is_evaluation_task(task_id: str) -> bool:
    prefix, _, number = task_id.partition("/")
    low, high = MBPP_SPLITS["test"]
    return prefix in ("Mini", "Check", "HumanEval") or (prefix == "MBPP" and number.isdigit() and
                                                        low <= int(number) <= high)


def labels(path: Path, number: int, row: dict) -> tuple[str, str, str]:
    """(difficulty, category, problem_id) of a suite line: medium / other / self-<task_id> where it has none.
    Keeping the pool's problem_id puts a self-generated solution on the same side of every train/val
    split as the problem it solves."""
    difficulty, category, problem_id = row.get("difficulty", "medium"), row.get("category"), row.get("problem_id")
    if difficulty not in DIFFICULTIES:
        raise UserError(f"{path}:{number}: difficulty: {difficulty!r} is not one of {', '.join(DIFFICULTIES)}")
    return (difficulty, category if isinstance(category, str) and category.strip() else "other",
            problem_id if isinstance(problem_id, str) and problem_id.strip() else f"self-{row['task_id']}")


def read_pool_suite(path: Path) -> tuple[Suite, dict[str, tuple[str, str, str]]]:
    """The suite and each task's labels; UserError if it is (or holds) an evaluation set."""
    if path.name.lower() in EVALUATION_NAMES or fnmatch(path.name.lower(), "humaneval*.jsonl*"):
        raise UserError(f"{path}: {REFUSAL}")
    suite = read_humaneval_jsonl(path)
    for task in suite.tasks:
        if is_evaluation_task(task.task_id):
            raise UserError(f"{path}: task {task.task_id}: {REFUSAL}")
    return suite, {row["task_id"]: labels(path, number, row) for number, row in read_jsonl(path, "suite file")}


def read_scored(path: Path, task_ids: set[str]) -> list[tuple[Sample, bool]]:
    """(sample, passed) for every line of a samples file that eval.evaluate has scored."""
    scored = []
    for number, row in read_jsonl(path, "samples file"):
        sample = parse_sample(row, f"{path}:{number}", task_ids)
        passed = row.get("passed")
        if not isinstance(passed, bool):
            problem = "missing" if passed is None else "must be a boolean"
            raise UserError(f"{path}:{number}: passed: {problem} (score the file first: "
                            f"python -m eval.evaluate --suite SUITE --samples {path})")
        scored.append((sample, passed))
    if not scored:
        raise UserError(f"{path}: no samples")
    return scored


def prompt_docstring(prompt: str, entry_point: str) -> str:
    """The docstring of the prompt's function, else the prompt itself."""
    try:
        fn = find_function(ast.parse(prompt), entry_point)
    except (SyntaxError, ValueError):
        fn = None
    doc = ast.get_docstring(fn) if fn is not None else None
    return (doc or prompt).strip()


def parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):  # ValueError: a null byte
        return False
    return True


def self_records(samples_path: Path, suite_path: Path) -> tuple[list[Record], dict[str, int]]:
    """Records from the passing samples, and how many samples were dropped for each reason."""
    suite, task_labels = read_pool_suite(Path(suite_path))
    tasks = suite.by_id()
    records, seen, per_task = [], set(), Counter()
    dropped = {"failed": 0, "unparseable": 0, "duplicate": 0}
    for sample, passed in read_scored(Path(samples_path), set(tasks)):
        task = tasks[sample.task_id]
        output = (task.prompt + sample.completion).rstrip() + "\n"
        if not passed:
            dropped["failed"] += 1
        elif not parses(output):
            dropped["unparseable"] += 1
        elif (task.task_id, output) in seen:
            dropped["duplicate"] += 1
        else:
            seen.add((task.task_id, output))
            difficulty, category, problem_id = task_labels[task.task_id]
            records.append(Record(
                id=f"self-{task.task_id}-{per_task[task.task_id]}", problem_id=problem_id,
                instruction=prompt_docstring(task.prompt, task.entry_point), input="", output=output,
                entry_point=task.entry_point, tests=(task.test + f"\ncheck({task.entry_point})",),
                difficulty=difficulty, category=category, source="self", extra={"task_id": task.task_id}))
            per_task[task.task_id] += 1
    return records, dropped


def record_task(record: Record, task_id: str | None = None) -> Task:
    """The record as a HumanEval-style task: the training template's prompt, its tests as `check`."""
    rendered = render(record.instruction, record.output, record.input, record.entry_point)
    test = AS_CHECK.format(entry_point=record.entry_point, tests="\n".join(record.tests) + "\n")
    return Task(task_id or record.id, rendered.prompt, record.entry_point, rendered.response, test, "humaneval")


def records_to_suite(records: list[Record], path: Path) -> None:
    """Write `records` as a HumanEval-format suite (task_id = record id) that eval.evaluate can score."""
    with atomic_open(Path(path)) as f:
        for r in records:
            task = record_task(r)
            row = {"task_id": task.task_id, "prompt": task.prompt, "entry_point": task.entry_point,
                   "canonical_solution": task.canonical_solution, "test": task.test, "problem_id": r.problem_id,
                   "difficulty": r.difficulty, "category": r.category, "source": r.source}
            f.write(json.dumps(row) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.curation.selfgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, help="samples JSONL scored by python -m eval.evaluate")
    parser.add_argument("--suite", type=Path, help="the HumanEval-format suite the samples answer")
    parser.add_argument("--to-suite", type=Path, metavar="RECORDS", help="instead: write RECORDS as a suite to --out")
    parser.add_argument("--out", type=Path, required=True, help="records JSONL (or suite JSONL with --to-suite)")
    args = parser.parse_args(argv)
    if args.to_suite and (args.samples or args.suite):
        raise UserError("--to-suite takes no --samples or --suite")
    if not args.to_suite and not (args.samples and args.suite):
        raise UserError("give --samples and --suite (or --to-suite RECORDS)")
    if args.to_suite:
        records = read_records(args.to_suite)
        make_dir(args.out.parent, "output directory")
        records_to_suite(records, args.out)
        print(f"wrote a suite of {len(records)} tasks -> {args.out}")
        return
    records, dropped = self_records(args.samples, args.suite)
    make_dir(args.out.parent, "output directory")
    write_records(args.out, records)
    print(f"wrote {len(records)} self-generated records -> {args.out} (dropped: "
          + ", ".join(f"{n} {reason}" for reason, n in dropped.items()) + ")")


if __name__ == "__main__":
    run_main(main)
