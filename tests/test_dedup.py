"""Exact, same-solution and near-duplicate removal, and the duplicate rate: data/curation/dedup.py."""
from __future__ import annotations

from data.curation.dedup import dedup, duplicate_rate, normalize_code, normalize_text
from tests.test_verify import SUM_BUILTIN, SUM_LOOP, rec

SUM_LOOP_RENAMED = ("def total(items):\n    # running sum\n    acc = 0\n    for it in items:\n        acc += it\n"
                    "    return acc\n")


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
