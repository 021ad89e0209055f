"""Data quality tools: data.curation.verify (solutions pass their tests), data.curation.dedup (exact and near duplicates),
data.curation.decontaminate (nothing from the evaluation suites), as libraries and as command lines."""
from __future__ import annotations

import json
import textwrap

import pytest

from data.curation.decontaminate import EvalItem, check_clean, decontaminate, eval_items, suite_items
from data.curation.dedup import dedup, duplicate_rate, normalize_code, normalize_text
from data.instruct.records import Record, read_records, write_records
from eval.sandbox import SandboxConfig
from eval.suites import DEFAULT_DATA_DIR, MINI_SUITE, load_suite, read_mbpp
from tests.test_cli_errors import assert_one_line_error, run

HUMANEVAL = DEFAULT_DATA_DIR / "HumanEval.jsonl.gz"
MBPP = DEFAULT_DATA_DIR / "mbpp.jsonl"
needs_humaneval = pytest.mark.skipif(not HUMANEVAL.is_file(), reason=f"{HUMANEVAL} not present")
needs_mbpp = pytest.mark.skipif(not MBPP.is_file(), reason=f"{MBPP} not present")

SUM_LOOP = "def total(xs):\n    t = 0\n    for x in xs:\n        t += x\n    return t\n"
SUM_LOOP_RENAMED = ("def total(items):\n    # running sum\n    acc = 0\n    for it in items:\n        acc += it\n"
                    "    return acc\n")
SUM_BUILTIN = "def total(xs):\n    return sum(x for x in xs)\n"
SUM_TESTS = ("assert total([1, 2, 3]) == 6", "assert total([]) == 0")


def rec(id: str, output: str, tests: tuple[str, ...] = SUM_TESTS, entry_point: str = "total",
        instruction: str = "Return the sum of a list of numbers.", problem_id: str | None = None,
        source: str = "synthetic") -> Record:
    return Record(id, problem_id or id.split("-")[0], instruction, "", output, entry_point, tuple(tests), "easy",
                  "list_aggregation", source)


# ---------------------------------------------------------------------------------------------
# verify

def test_verify_keeps_passing_records_and_drops_each_bad_kind_with_its_reason():
    from data.curation.verify import verify
    records = [
        rec("good-a", SUM_LOOP),
        rec("parse-a", "def total(xs):\n    return sum(xs"),
        rec("entry-a", SUM_LOOP.replace("def total", "def summed")),
        rec("notests-a", SUM_LOOP, tests=()),
        rec("noassert-a", SUM_LOOP, tests=("result = total([1])",)),
        rec("fails-a", SUM_LOOP.replace("t += x", "t -= x")),
        rec("error-a", "def total(xs):\n    return {}[len(xs)]\n"),
        rec("loop-a", "def total(xs):\n    while True:\n        pass\n"),
        rec("oom-a", "def total(xs):\n    return len([0] * 10 ** 10)\n"),
        rec("syntax-a", SUM_LOOP, tests=("assert total([1]) ==",)),
        rec("good-b", SUM_BUILTIN, source="mined"),
    ]
    kept, dropped = verify(records, SandboxConfig(timeout_s=1), workers=2)
    assert [r.id for r in kept] == ["good-a", "good-b"]
    reasons = {d["id"]: d["reason"] for d in dropped}
    assert reasons == {"parse-a": "doesn't parse", "entry-a": "no entry point", "notests-a": "no tests",
                       "noassert-a": "no tests", "fails-a": "fails", "error-a": "error", "loop-a": "timeout",
                       "oom-a": "out of memory", "syntax-a": "syntax error"}
    by_id = {d["id"]: d for d in dropped}
    assert by_id["error-a"]["detail"] == "KeyError"
    assert set(by_id["fails-a"]) == {"id", "problem_id", "source", "reason", "detail"}
    assert [d["id"] for d in dropped] == [r.id for r in records if r.id in reasons]  # input order


def test_verify_accepts_an_entry_point_bound_by_assignment():
    from data.curation.verify import verify
    kept, dropped = verify([rec("alias-a", "def _impl(xs):\n    return sum(xs)\n\ntotal = _impl\n")],
                           SandboxConfig(timeout_s=2), workers=1)
    assert [r.id for r in kept] == ["alias-a"] and dropped == []


# ---------------------------------------------------------------------------------------------
# dedup

def test_normalize_code_sees_through_renamed_variables_only():
    assert normalize_code(SUM_LOOP) == normalize_code(SUM_LOOP_RENAMED)
    assert normalize_code(SUM_LOOP) != normalize_code(SUM_BUILTIN)
    typed = ('def total(xs: list[int]) -> int:\n    """Sum."""\n    t = 0\n    for x in xs:\n        t += x\n'
             '    return t\n')
    assert normalize_code(typed) == normalize_code(SUM_LOOP)
    # builtins, attributes, keyword names and the function's own name are part of the meaning
    code = "def f(s):\n    return sorted(s.split(), key=len)\n"
    assert normalize_code(code) == "def f(v0):\n    return sorted(v0.split(), key=len)"
    assert normalize_code(code.replace("def f", "def g")) != normalize_code(code)
    # scoped: a closure reads its parent's name; sibling functions number from v0 each
    nested = "def f(a):\n    def g(b):\n        return a + b\n    return g\n\ndef h(c):\n    return c\n"
    assert normalize_code(nested) == ("def f(v0):\n\n    def g(v1):\n        return v0 + v1\n    return g\n\n"
                                      "def h(v0):\n    return v0")
    assert normalize_code("def f(:\n   pass") == "def f(: pass"


def test_normalize_text():
    assert normalize_text("  Write a FUNCTION:\n return\tthe sum, please! ") == "write a function return the sum please"


def test_dedup_drops_renamed_and_exact_duplicates_and_keeps_distinct_solutions():
    records = [
        rec("p1-loop", SUM_LOOP),
        rec("p1-renamed", SUM_LOOP_RENAMED),          # same problem, same solution up to names
        rec("p1-builtin", SUM_BUILTIN),               # same problem, a genuinely different solution
        rec("p2-copy", SUM_LOOP, instruction="Return the sum of a list of numbers!"),  # another problem, same task
        rec("p3-other", SUM_LOOP, instruction="Add up the prices in a shopping cart, returning the total."),
    ]
    kept, report = dedup(records)
    assert [r.id for r in kept] == ["p1-loop", "p1-builtin", "p3-other"]
    assert report == [
        {"id": "p1-renamed", "problem_id": "p1", "reason": "same solution", "of": "p1-loop"},
        {"id": "p2-copy", "problem_id": "p2", "reason": "exact duplicate", "of": "p1-loop"},
    ]


EVEN_SUM = "def even_sum(nums):\n    return sum(n for n in nums if n % 2 == 0)\n"
EVEN_SUM_LOOP = ("def even_sum(nums):\n    s = 0\n    for n in nums:\n        if n % 2 == 0:\n            s += n\n"
                 "    return s\n")


def test_near_duplicate_problem_is_dropped_whole_and_same_code_other_task_is_kept():
    instruction = "Write a function that returns the sum of all the even numbers in a list of integers."
    records = [
        rec("even-a", EVEN_SUM, instruction=instruction),
        rec("even-b", EVEN_SUM_LOOP, instruction=instruction),
        # reworded (one word added), variables renamed: a near duplicate; its second solution goes with it
        rec("evens2-a", "def even_sum(values):\n    return sum(v for v in values if v % 2 == 0)\n",
            instruction=instruction.replace("in a list", "in a given list")),
        rec("evens2-b", EVEN_SUM.replace("n % 2 == 0", "not n % 2"), instruction=instruction),
        # same code as the "add" problem below, a different task: kept
        rec("add-a", "def f(a, b):\n    return a + b\n", instruction="Return the sum of a and b."),
        rec("concat-a", "def f(a, b):\n    return a + b\n", instruction="Concatenate two strings a and b."),
    ]
    kept, report = dedup(records)
    assert [r.id for r in kept] == ["even-a", "even-b", "add-a", "concat-a"]
    assert report == [{"id": "evens2-a", "problem_id": "evens2", "reason": "near duplicate", "of": "even-a"},
                      {"id": "evens2-b", "problem_id": "evens2", "reason": "near duplicate", "of": "even-a"}]
    assert dedup(records, threshold=1.0)[0] == records  # nothing is identical at 1.0


def test_duplicate_rate():
    records = [rec("p1-a", SUM_LOOP), rec("p1-b", SUM_LOOP_RENAMED), rec("p1-c", SUM_BUILTIN),
               rec("p2-a", EVEN_SUM, instruction="Sum the even numbers.", entry_point="even_sum")]
    assert duplicate_rate(records) == 0.25
    assert duplicate_rate(records[2:]) == 0.0
    assert duplicate_rate([]) == 0.0


# ---------------------------------------------------------------------------------------------
# decontaminate

def mini_items() -> list[EvalItem]:
    return suite_items(load_suite("mini"))


def planted(task_id: str, suite: str = "mini") -> tuple[Record, str]:
    """A record copying a task verbatim: its text as the instruction, its solution (HumanEval: prompt + solution)
    as the output; and the task's text."""
    tasks = load_suite(suite, DEFAULT_DATA_DIR)
    task = tasks.by_id()[task_id]
    item = next(i for i in suite_items(tasks) if i.task_id == task_id)
    output = task.canonical_solution if task.style == "mbpp" else task.prompt + task.canonical_solution
    return rec(f"copy{task_id.split('/')[1]}-a", output, tests=(), entry_point=task.entry_point,
               instruction=item.text), item.text


IS_PRIME_EDITED = textwrap.dedent("""\
    def {name}(num):
        # small numbers first
        if num < 2:
            return False
        d = 2
        while d * d <= num:
            if num % d == 0:
                return False
            d += 1
        return True
    """)


def test_decontaminate_removes_planted_and_edited_copies_of_a_mini_task():
    items = mini_items()
    copy, _ = planted("Mini/10")
    edited = rec("edited-a", IS_PRIME_EDITED.format(name="is_prime"), entry_point="is_prime",
                 instruction="Decide whether num is prime: True or False. Numbers below 2 are not prime.")
    renamed = rec("renamed-a", IS_PRIME_EDITED.format(name="check_prime"), entry_point="check_prime",
                  instruction="Tell whether a number is prime.")
    clean = [
        rec("sum-a", SUM_LOOP),
        # generic bodies found in every dataset: Mini/0's `return a + b`, Mini/3's sum loop
        rec("plus-a", "def plus(x, y):\n    return x + y\n", entry_point="plus", instruction="Add two numbers."),
        rec("mean-a", "def mean(numbers):\n    total = 0\n    for number in numbers:\n        total += number\n"
                      "    return total / len(numbers)\n", entry_point="mean", instruction="Average of a list."),
    ]
    kept, removed = decontaminate([copy, *clean, edited, renamed], items)
    assert [r.id for r in kept] == ["sum-a", "plus-a", "mean-a"]
    assert [(e["id"], e["task_id"], e["rule"]) for e in removed] == [
        ("copy10-a", "Mini/10", "same code"), ("edited-a", "Mini/10", "same code"),
        ("renamed-a", "Mini/10", "code overlap")]
    check_clean(clean, items)
    with pytest.raises(AssertionError, match="renamed-a.*Mini/10"):
        check_clean([renamed], items)


def test_text_overlap_alone_catches_a_copied_task_description():
    item = EvalItem("extra", "X/1", "Given a list of intervals, merge every pair that overlaps and return the "
                    "merged intervals sorted by their start, keeping touching intervals separate.", "pass")
    reworded = rec("text-a", SUM_LOOP, instruction="Write code for this. Given a list of intervals, merge every pair "
                   "that overlaps and return the merged intervals sorted by their start.")
    unrelated = rec("text-b", SUM_LOOP, instruction="Given a list of numbers, return the sum of every pair.")
    kept, removed = decontaminate([reworded, unrelated], [item])
    assert [r.id for r in kept] == ["text-b"]
    assert removed[0]["rule"] == "text overlap" and removed[0]["overlap"] >= 0.5


def test_eval_items_without_a_data_dir_are_the_shipped_suites_plus_extra_files(tmp_path, capsys):
    records_file = tmp_path / "held_out.jsonl"
    write_records(records_file, [rec("held-a", SUM_LOOP)])
    humaneval_file = tmp_path / "he.jsonl"
    humaneval_file.write_text((MINI_SUITE).read_text().splitlines()[0] + "\n")
    items = eval_items(tmp_path / "no_data", [records_file, humaneval_file])
    assert [i.suite for i in items] == ["mini"] * 20 + ["check"] * 20 + ["held_out.jsonl", "he"]
    assert items[-1].text == "Return the sum of a and b." and items[-1].code.startswith("def add(a: int, b: int)")
    out = capsys.readouterr().out
    assert "not checking against humaneval" in out and "not checking against mbpp" in out


@needs_humaneval
def test_decontaminate_catches_an_edited_humaneval_copy():
    items = eval_items(DEFAULT_DATA_DIR)
    copy, text = planted("HumanEval/0", "humaneval")
    reworded = text.replace("Check if in given list of numbers, are any two numbers closer",
                            "Determine whether some pair of values lies closer")
    code = textwrap.dedent("""\
        def close_pair(values, limit):
            for i, a in enumerate(values):
                for j, b in enumerate(values):
                    if i != j:
                        gap = abs(a - b)
                        if gap < limit:
                            return True
            return False
        """)
    edited = rec("edited-a", code, entry_point="close_pair", instruction=reworded)
    kept, removed = decontaminate([copy, edited], items)
    assert kept == []
    assert {(e["id"], e["task_id"]) for e in removed} == {("copy0-a", "HumanEval/0"), ("edited-a", "HumanEval/0")}


@needs_mbpp
def test_mbpp_train_split_against_the_test_split_flags_only_real_repeats():
    """The measurement in data.curation.decontaminate's docstring: 27 of 374 train tasks, e.g. 602 restates 217."""
    items = eval_items(DEFAULT_DATA_DIR)
    train = read_mbpp(MBPP, "train").tasks
    from data.curation.decontaminate import mbpp_item
    records = [rec(f"train{t.task_id.split('/')[1]}-a", t.canonical_solution, tests=(), entry_point=t.entry_point,
                   instruction=mbpp_item("mbpp-train", t).text, source="mbpp") for t in train]
    _, removed = decontaminate(records, items)
    matched = {(e["id"], e["task_id"]) for e in removed}
    assert {("train602-a", "MBPP/217"), ("train608-a", "MBPP/67"), ("train960-a", "HumanEval/55")} <= matched
    assert 20 <= len(removed) <= 30
    copy, _ = planted("MBPP/11", "mbpp")
    assert decontaminate([copy], items)[1][0]["rule"] == "same code"


# ---------------------------------------------------------------------------------------------
# command lines

def test_cli_round_trips(tmp_path):
    records = [rec("good-a", SUM_LOOP), rec("good-b", SUM_LOOP_RENAMED), rec("bad-a", SUM_LOOP, tests=()),
               rec("copy-a", "def add(a, b):\n    return a + b\n", tests=("assert add(1, 2) == 3",), entry_point="add",
                   instruction="Return the sum of a and b.", source="mbpp")]
    write_records(tmp_path / "in.jsonl", records)
    steps = [("data.curation.verify", "in", "verified"), ("data.curation.dedup", "verified", "deduped"),
             ("data.curation.decontaminate", "deduped", "clean")]
    for module, src, dst in steps:
        extra = ["--data-dir", str(tmp_path / "no_data")] if module == "data.curation.decontaminate" else []
        proc = run("-m", module, str(tmp_path / f"{src}.jsonl"), "--out", str(tmp_path / f"{dst}.jsonl"),
                   "--report", str(tmp_path / f"{dst}.json"), *extra)
        assert proc.returncode == 0, proc.stderr
    assert [r.id for r in read_records(tmp_path / "verified.jsonl")] == ["good-a", "good-b", "copy-a"]
    assert [r.id for r in read_records(tmp_path / "deduped.jsonl")] == ["good-a", "copy-a"]
    assert [r.id for r in read_records(tmp_path / "clean.jsonl")] == ["good-a"]
    verified = json.loads((tmp_path / "verified.json").read_text())
    assert verified["by_reason"] == {"no tests": 1} and verified["by_source"]["synthetic"] == {
        "kept": 2, "dropped": 1, "no tests": 1}
    assert json.loads((tmp_path / "deduped.json").read_text())["dropped_records"][0]["reason"] == "same solution"
    assert json.loads((tmp_path / "clean.json").read_text())["removed_records"] == [
        {"id": "copy-a", "problem_id": "copy", "source": "mbpp", "rule": "same code", "overlap": 1.0,
         "suite": "mini", "task_id": "Mini/0"}]


@pytest.mark.parametrize("module", ["data.curation.verify", "data.curation.dedup", "data.curation.decontaminate"])
def test_cli_malformed_input_is_a_one_line_error(tmp_path, module):
    path = tmp_path / "in.jsonl"
    write_records(path, [rec("good-a", SUM_LOOP)])
    with open(path, "a") as f:
        f.write('{"id": "x"\n')
    extra = ["--data-dir", str(tmp_path)] if module == "data.curation.decontaminate" else []
    proc = run("-m", module, str(path), "--out", str(tmp_path / "out.jsonl"), *extra)
    assert_one_line_error(proc, f"{path}:2", "not valid JSON")
    assert not (tmp_path / "out.jsonl").exists()
