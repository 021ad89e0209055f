"""Verification that solutions parse, define their entry point and pass their tests: data/curation/verify.py."""
from __future__ import annotations

import pytest

from data.instruct.records import Record
from eval.sandbox import SandboxConfig

SUM_LOOP = "def total(xs):\n    t = 0\n    for x in xs:\n        t += x\n    return t\n"
SUM_BUILTIN = "def total(xs):\n    return sum(x for x in xs)\n"
SUM_TESTS = ("assert total([1, 2, 3]) == 6", "assert total([]) == 0")


def rec(id: str, output: str, tests: tuple[str, ...] = SUM_TESTS, entry_point: str = "total",
        instruction: str = "Return the sum of a list of numbers.", problem_id: str | None = None,
        source: str = "synthetic") -> Record:
    return Record(id, problem_id or id.split("-")[0], instruction, "", output, entry_point, tuple(tests), "easy",
                  "list_aggregation", source)


@pytest.mark.slow
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
