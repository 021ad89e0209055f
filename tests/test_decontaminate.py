"""Decontamination against the evaluation suites, and the verify/dedup/decontaminate command lines:
data/curation/decontaminate.py."""
from __future__ import annotations

import json
import textwrap

import pytest

from data.curation.decontaminate import EvalItem, check_clean, decontaminate, eval_items, suite_items
from data.instruct.records import Record, read_records, write_records
from eval.suites import DEFAULT_DATA_DIR, MINI_SUITE, load_suite, read_mbpp
from tests.test_cli_errors import assert_one_line_error, run
from tests.test_dedup import SUM_LOOP_RENAMED
from tests.test_verify import SUM_LOOP, rec

HUMANEVAL = DEFAULT_DATA_DIR / "HumanEval.jsonl.gz"
MBPP = DEFAULT_DATA_DIR / "mbpp.jsonl"
needs_humaneval = pytest.mark.skipif(not HUMANEVAL.is_file(), reason=f"{HUMANEVAL} not present")
needs_mbpp = pytest.mark.skipif(not MBPP.is_file(), reason=f"{MBPP} not present")


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
