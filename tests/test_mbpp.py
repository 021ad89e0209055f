"""MBPP import (train and validation splits only), difficulty/category heuristics, CLI: data/curation/mbpp.py."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from configs.errors import UserError
from data.curation.mbpp import category_of, difficulty_of, import_mbpp
from data.curation.selfgen import records_to_suite
from data.instruct.records import DIFFICULTIES, Record, read_records
from data.instruct.template import render
from eval.sandbox import run_programs
from eval.suites import DEFAULT_DATA_DIR, instruct_prompt, read_humaneval_jsonl, read_mbpp_problems
from tests.test_cli_errors import assert_one_line_error, run

MBPP = DEFAULT_DATA_DIR / "mbpp.jsonl"
needs_mbpp = pytest.mark.skipif(not MBPP.is_file(), reason=f"{MBPP} not present")
CATEGORIES = {"arithmetic", "number_theory", "list_aggregation", "list_filtering", "list_transformation", "list_search",
              "strings", "conditionals", "loops", "recursion", "sorting_searching", "two_pointers", "stacks_queues",
              "dicts_counting", "sets", "matrices", "small_classes", "error_handling", "parsing", "dates_intervals",
              "grid_geometry", "bit_manipulation", "other"}


@pytest.fixture(scope="module")
def mbpp_records() -> list[Record]:
    return import_mbpp(MBPP)


@needs_mbpp
def test_mbpp_imports_train_and_validation_only(mbpp_records):
    splits = Counter(r.extra["split"] for r in mbpp_records)
    assert splits == {"train": 374, "validation": 90}
    task_ids = [int(r.problem_id.removeprefix("mbpp-")) for r in mbpp_records]
    assert all(511 <= t <= 974 for t in task_ids)   # never the prompt (1-10) or test (11-510) split
    assert all(r.id == f"{r.problem_id}-s0" and r.source == "mbpp" and "\r" not in r.output for r in mbpp_records)
    assert {r.difficulty for r in mbpp_records} == set(DIFFICULTIES)
    assert {r.category for r in mbpp_records} <= CATEGORIES
    tree = next(r for r in mbpp_records if r.problem_id == "mbpp-927")  # the one task with setup code: it comes first
    assert tree.tests[0].startswith("root = Node(1)") and all(t.startswith("assert") for t in tree.tests[1:])


@needs_mbpp
def test_mbpp_records_render_as_the_zero_shot_prompt(mbpp_records):
    """A train record's prompt is the shape `--suite mbpp-instruct` asks the test split in: text, first assert."""
    problems = read_mbpp_problems(MBPP)
    for record in mbpp_records:
        problem = problems[int(record.problem_id.removeprefix("mbpp-"))]
        rendered = render(record.instruction, record.output, record.input, record.entry_point)
        assert rendered.prompt == instruct_prompt(problem)[0]
        assert problem.tests[0].strip() in rendered.prompt


@pytest.mark.parametrize("splits", [["test"], ["prompt"], ["train", "test"], ["nonsense"]])
def test_mbpp_refuses_evaluation_splits(splits):
    with pytest.raises(UserError, match="test split|prompt split|unknown MBPP split"):
        import_mbpp(MBPP, splits)  # refused before the file is read


def test_mbpp_difficulty_and_category_heuristics():
    assert difficulty_of("def f(x):\n    return x + 1\n") == "easy"
    two_levels = "def f(xs):\n    n = 0\n    for x in xs:\n        if x:\n            n += 1\n    return n\n"
    three_levels = "def f(m):\n    for r in m:\n        for x in r:\n            if x:\n                return x\n"
    assert difficulty_of(two_levels) == "medium" and difficulty_of(three_levels) == "hard"
    assert difficulty_of("def a():\n    pass\ndef b():\n    pass\nclass C:\n    pass\n") == "hard"
    assert category_of("Write a function to sort a list of tuples.") == "sorting_searching"
    assert category_of("Write a python function to count the set bits of a number.") == "bit_manipulation"
    assert category_of("Write a function to remove negative numbers from a list.") == "list_filtering"
    assert category_of("Write a function to solve tiling problem.") == "other"


@needs_mbpp
def test_mbpp_records_and_their_suite_pass_in_the_sandbox(mbpp_records, tmp_path):
    sample = random.Random(0).sample(mbpp_records, 20)
    records_to_suite(sample, tmp_path / "suite.jsonl")
    suite = read_humaneval_jsonl(tmp_path / "suite.jsonl")
    programs = [r.program() for r in sample] + [t.program(t.canonical_solution) for t in suite.tasks]
    verdicts = run_programs(programs, workers=2)
    assert [v.status for v in verdicts] == ["passed"] * len(programs), [v.message for v in verdicts if not v.passed]


@needs_mbpp
def test_mbpp_cli(tmp_path):
    proc = run("-m", "data.curation.mbpp", "--out", str(tmp_path / "mbpp.jsonl"), "--splits", "validation")
    assert proc.returncode == 0, proc.stderr
    assert len(read_records(tmp_path / "mbpp.jsonl")) == 90
    assert_one_line_error(run("-m", "data.curation.mbpp", "--out", str(tmp_path / "x.jsonl"), "--splits", "test"),
                          "11-510")


def test_mbpp_cli_malformed_line(tmp_path):
    (tmp_path / "mbpp.jsonl").write_text('{"task_id": 601, "text": "t", "code": "def f(): pass"\n')
    proc = run("-m", "data.curation.mbpp", "--path", str(tmp_path / "mbpp.jsonl"), "--out", str(tmp_path / "out.jsonl"))
    assert_one_line_error(proc, "mbpp.jsonl:1", "not valid JSON")
