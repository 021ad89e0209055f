"""Self-generated data: records as a HumanEval-style suite, passing samples back as records, refusal of evaluation
sets: data/curation/selfgen.py."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from configs.errors import UserError
from data.curation.selfgen import REFUSAL, records_to_suite, self_records
from data.instruct.records import Record, read_records, write_records
from eval.sandbox import run_programs
from eval.suites import CHECK_SUITE, MINI_SUITE, read_humaneval_jsonl
from tests.test_cli_errors import assert_one_line_error, run
from tests.test_mix import record


def suite_pool() -> list[Record]:
    """Records that stress the suite wrapper: helpers and globals beside the function, a docstring already
    there, a test with a multi-line string literal, setup code the tests define, recursion, a one-line def."""
    return [
        record("helper", 0, "medium", entry_point="total", instruction="Sum a list.", category="list_aggregation",
               output="SCALE = 1\n\ndef helper(x):\n    return x * SCALE\n\ndef total(xs):\n"
                      "    return sum(helper(x) for x in xs)\n",
               tests=("assert total([1, 2]) == 3", "assert total([]) == 0")),
        record("shout", 0, "easy", entry_point="shout", instruction="Upper-case a string.",
               output='def shout(s):\n    """Upper-case s."""\n    return s.upper()\n',
               tests=('text = """a\nb"""\nassert shout(text) == "A\\nB"',)),
        record("area", 0, "hard", entry_point="area", instruction="Area of a box.",
               output="def area(shape):\n    return shape.w * shape.h\n",
               tests=("class Box:\n    def __init__(self, w, h):\n        self.w, self.h = w, h",
                      "assert area(Box(2, 3)) == 6")),
        record("fact", 0, "medium", entry_point="fact", instruction="Factorial of n.",
               output="def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n", tests=("assert fact(5) == 120",)),
        record("one", 0, "easy", output="def one(): return 1\n"),
    ]


def test_records_to_suite_round_trips_and_passes(tmp_path):
    records = suite_pool()
    records_to_suite(records, tmp_path / "suite.jsonl")
    suite = read_humaneval_jsonl(tmp_path / "suite.jsonl")
    assert [t.task_id for t in suite.tasks] == [r.id for r in records]
    assert [t.entry_point for t in suite.tasks] == [r.entry_point for r in records]
    assert '"""Sum a list."""' in suite.tasks[0].prompt  # the template's docstring
    verdicts = run_programs([t.program(t.canonical_solution) for t in suite.tasks], workers=2)
    assert [v.status for v in verdicts] == ["passed"] * len(records), [v.message for v in verdicts]
    wrong = suite.tasks[3].program("    return n\n")  # a wrong completion must fail, not pass vacuously
    assert run_programs([wrong], workers=1)[0].status == "failed"


def write_samples(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def test_selfgen_keeps_passing_unique_parseable_samples(tmp_path):
    records_to_suite(suite_pool(), tmp_path / "pool_suite.jsonl")
    tasks = read_humaneval_jsonl(tmp_path / "pool_suite.jsonl").by_id()
    fact = tasks["fact-s0"]
    other = "    if n < 2:\n        return 1\n    return n * fact(n - 1)\n"
    write_samples(tmp_path / "samples.jsonl", [
        {"task_id": "fact-s0", "completion": fact.canonical_solution, "greedy": True, "passed": True},
        {"task_id": "fact-s0", "completion": fact.canonical_solution + "\n\n", "passed": True},   # duplicate
        {"task_id": "fact-s0", "completion": other, "passed": True},
        {"task_id": "fact-s0", "completion": "    return n\n", "passed": False},                # failed
        {"task_id": "helper-s0", "completion": "    return sum(xs\n", "passed": True},          # unparseable
        {"task_id": "area-s0", "completion": tasks["area-s0"].canonical_solution, "passed": True},
    ])
    records, dropped = self_records(tmp_path / "samples.jsonl", tmp_path / "pool_suite.jsonl")
    assert dropped == {"failed": 1, "unparseable": 1, "duplicate": 1}
    assert [r.id for r in records] == ["self-fact-s0-0", "self-fact-s0-1", "self-area-s0-0"]
    first = records[0]
    assert first.problem_id == "fact"  # the pool problem's id: splits keep a problem's solutions together
    assert first.source == "self" and first.instruction == "Factorial of n."
    assert first.output == fact.prompt + fact.canonical_solution and first.tests == (fact.test + "\ncheck(fact)",)
    assert (first.difficulty, first.category, records[2].difficulty) == ("medium", "arithmetic", "hard")
    verdicts = run_programs([r.program() for r in records], workers=2)
    assert all(v.passed for v in verdicts), [v.message for v in verdicts]


def test_selfgen_defaults_labels_and_needs_verdicts(tmp_path):
    shutil.copy(MINI_SUITE, tmp_path / "mini.jsonl")
    suite = [json.loads(line) | {"task_id": f"Pool/{i}"}
             for i, line in enumerate((tmp_path / "mini.jsonl").read_text().splitlines())]
    write_samples(tmp_path / "pool.jsonl", suite)
    write_samples(tmp_path / "samples.jsonl", [{"task_id": "Pool/0", "completion": suite[0]["canonical_solution"],
                                                "passed": True}])
    records, _ = self_records(tmp_path / "samples.jsonl", tmp_path / "pool.jsonl")
    assert (records[0].difficulty, records[0].category) == ("medium", "other")
    assert records[0].instruction.startswith("Return the sum of a and b.")  # the docstring, examples included
    write_samples(tmp_path / "unscored.jsonl", [{"task_id": "Pool/0", "completion": "    return a + b\n"}])
    with pytest.raises(UserError, match="unscored.jsonl:1: passed: missing"):
        self_records(tmp_path / "unscored.jsonl", tmp_path / "pool.jsonl")


def test_selfgen_refuses_evaluation_sets(tmp_path):
    write_samples(tmp_path / "samples.jsonl", [{"task_id": "Mini/0", "completion": "", "passed": True}])
    shutil.copy(MINI_SUITE, tmp_path / "renamed_pool.jsonl")  # refused by its task ids
    shutil.copy(MINI_SUITE, tmp_path / "HumanEval_copy.jsonl")
    mbpp_test = json.loads((MINI_SUITE).read_text().splitlines()[0]) | {"task_id": "MBPP/11"}
    write_samples(tmp_path / "mbpp_test.jsonl", [mbpp_test])
    shutil.copy(CHECK_SUITE, tmp_path / "another_pool.jsonl")  # the check suite is never tuned on either
    for suite in (MINI_SUITE, tmp_path / "renamed_pool.jsonl", tmp_path / "another_pool.jsonl",
                  tmp_path / "HumanEval_copy.jsonl", tmp_path / "mbpp_test.jsonl", Path("humaneval"),
                  Path("mbpp-instruct")):
        with pytest.raises(UserError, match=REFUSAL):
            self_records(tmp_path / "samples.jsonl", suite)
    proc = run("-m", "data.curation.selfgen", "--samples", str(tmp_path / "samples.jsonl"),
               "--suite", str(MINI_SUITE), "--out", str(tmp_path / "self.jsonl"))
    assert_one_line_error(proc, "not an evaluation set")


def test_selfgen_cli(tmp_path):
    write_records(tmp_path / "pool.jsonl", suite_pool())
    proc = run("-m", "data.curation.selfgen", "--to-suite", str(tmp_path / "pool.jsonl"),
               "--out", str(tmp_path / "suite.jsonl"))
    assert proc.returncode == 0, proc.stderr
    task = read_humaneval_jsonl(tmp_path / "suite.jsonl").tasks[0]
    write_samples(tmp_path / "samples.jsonl", [{"task_id": task.task_id, "completion": task.canonical_solution,
                                                "passed": True}])
    proc = run("-m", "data.curation.selfgen", "--samples", str(tmp_path / "samples.jsonl"), "--suite",
               str(tmp_path / "suite.jsonl"), "--out", str(tmp_path / "self.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert [r.id for r in read_records(tmp_path / "self.jsonl")] == ["self-helper-s0-0"]
    with open(tmp_path / "samples.jsonl", "a") as f:
        f.write('{"task_id": "helper-s0"}\n')
    proc = run("-m", "data.curation.selfgen", "--samples", str(tmp_path / "samples.jsonl"), "--suite",
               str(tmp_path / "suite.jsonl"), "--out", str(tmp_path / "self.jsonl"))
    assert_one_line_error(proc, "samples.jsonl:2", "completion: missing")
