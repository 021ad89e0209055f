"""Failure-driven pools: agreement and selection rules on planted verdicts, evaluation sets
refused, and the whole command on a tiny untrained model (which fails everything)."""
from __future__ import annotations

import csv

import pytest

from configs.errors import UserError
from data.curation.failures import check_pool, main, outcome, problems, select
from data.instruct.records import Record, read_records, write_records
from eval.sandbox import Verdict

PASS = Verdict("passed")
FAIL_A = Verdict("failed", "AssertionError", "AssertionError (line 9: assert f(1) == 2)")
FAIL_B = Verdict("failed", "AssertionError", "AssertionError (line 10: assert f(0) == 0)")
ERROR = Verdict("error", "NameError", "NameError: name 'x' is not defined (line 3: return x)")


def record(problem: str, n: int, tests: tuple[str, ...] = ("assert add(1, 2) == 3",)) -> Record:
    return Record(id=f"{problem}-s{n}", problem_id=problem, instruction="Add a and b.", input="",
                  output="def add(a, b):\n    return a + b\n", entry_point="add", tests=tests, difficulty="easy",
                  category="arithmetic", source="synthetic")


def test_agreement_groups_samples_by_behaviour():
    assert outcome("p", [PASS, PASS, FAIL_A, FAIL_A, FAIL_A]).agreement == 0.6
    mixed = outcome("p", [PASS, FAIL_A, FAIL_B, ERROR])  # four different behaviours
    assert (mixed.agreement, mixed.pass_rate) == (0.25, 0.25)


def test_selection_takes_wrong_and_inconsistent_problems_with_all_their_solutions():
    grouped = problems([record("solid", 0), record("wrong", 0), record("wrong", 1), record("shaky", 0)])
    outcomes = [outcome("solid", [PASS, PASS, PASS, FAIL_A]),            # 0.75 pass: kept out
                outcome("wrong", [FAIL_A, FAIL_A, FAIL_A, PASS]),        # 0.25 pass: wrong
                outcome("shaky", [PASS, PASS, PASS, FAIL_A, FAIL_B, ERROR, Verdict("timeout", "Timeout"),
                                  Verdict("oom", "MemoryError"), Verdict("error", "TypeError"),
                                  Verdict("syntax_error", "SyntaxError")])]  # 0.3 pass, agreement 0.3
    chosen = select(grouped, outcomes, min_pass_rate=0.25, min_agreement=0.35)
    # "wrong" passes 0.25, not below 0.25, and agrees 0.75: consistent enough to leave out here
    assert [(r.id, r.extra["failure"]) for r in chosen] == [("shaky-s0", "inconsistent")]
    strict = select(grouped, outcomes, min_pass_rate=0.5, min_agreement=0.3)
    assert [(r.id, r.extra["failure"]) for r in strict] == [("wrong-s0", "wrong"), ("wrong-s1", "wrong"),
                                                            ("shaky-s0", "wrong")]
    assert strict[0].extra["pass_rate"] == 0.25 and strict[0].extra["agreement"] == 0.75


@pytest.mark.parametrize("problem_id", ["HumanEval/3", "Mini/0", "MBPP/11", "mbpp-510"])
def test_evaluation_sets_are_refused_as_pools(problem_id, tmp_path):
    with pytest.raises(UserError, match="evaluation set"):
        check_pool([record(problem_id, 0)], tmp_path / "pool.jsonl")
    check_pool([record("mbpp-511", 0), record("mbpp-974", 0), record("synth-0001", 0)], tmp_path / "pool.jsonl")


def test_failures_command_on_a_tiny_model(tmp_path, tiny_ckpt):
    pool = [record("add", 0), record("add", 1), record("neg", 0, ("assert add(-1, -2) == -3",))]
    write_records(tmp_path / "pool.jsonl", pool)
    outcomes = main(["--ckpt", str(tiny_ckpt), "--pool", str(tmp_path / "pool.jsonl"),
                     "--out", str(tmp_path / "f.jsonl"), "--k", "3", "--max-new-tokens", "8"])
    assert [(o.problem_id, o.samples, o.passed) for o in outcomes] == [("add", 3, 0), ("neg", 3, 0)]  # untrained
    written = read_records(tmp_path / "f.jsonl")
    assert [r.id for r in written] == ["add-s0", "add-s1", "neg-s0"]
    assert all(r.extra["failure"] == "wrong" and r.extra["pass_rate"] == 0.0 for r in written)
    with open(tmp_path / "f.csv") as f:
        rows = list(csv.DictReader(f))
    assert [(row["problem_id"], row["failure"]) for row in rows] == [("add", "wrong"), ("neg", "wrong")]
