"""Parameter renaming (data/curation/synth/rename.py): exact, consistent across solutions, refused when unsafe."""
from __future__ import annotations

import ast
import random

import pytest

from configs.errors import UserError
from data.curation.synth import CATEGORIES, generate
from data.curation.synth.core import Problem, build
from data.curation.synth.rename import RESERVED, rename_parameters, rename_source
from tests.test_synth_templates import passes

FUNCTION_TEMPLATES = [t for category, ts in CATEGORIES.items() if category != "small_classes" for t in ts]


def params(src: str, name: str) -> list[str]:
    fn = next(n for n in ast.parse(src).body if isinstance(n, ast.FunctionDef) and n.name == name)
    return [a.arg for a in fn.args.args]


def problem(instruction: str, *solutions: str, name: str = "f") -> Problem:
    return Problem(key=instruction, instruction=instruction, name=name, solutions=solutions,
                   tests=("assert f([3, 1, 2], 2) == 5",))


def test_a_renamed_problem_keeps_its_layout_and_renames_signature_body_and_instruction():
    src = ("def f(xs: list[int], k: int) -> int:\n"
           "    # the k largest, summed\n"
           "    top = sorted(xs, reverse=True)[:k]\n"
           "    return sum(top) if xs else 0\n")
    other = "def f(xs: list[int], k: int) -> int:\n    return sum(sorted(xs)[len(xs) - k:]) if k else 0\n"
    p = problem("Sum the `k` largest values of `xs`.", src, other)
    q = rename_parameters(p, random.Random(0))
    new_xs, new_k = params(q.solutions[0], "f")
    assert {new_xs, new_k}.isdisjoint({"xs", "k", "top", "sorted", "sum", "f"}) and new_xs != new_k
    for seed in range(30):  # a name the instruction already uses for something else is never drawn
        other = rename_parameters(problem("Return `k` times `n`.", "def f(k: int) -> int:\n    return k * 2\n"),
                                  random.Random(seed))
        assert params(other.solutions[0], "f")[0] not in ("k", "n") and other.instruction.count("`n`") == 1
    assert q.instruction == f"Sum the `{new_k}` largest values of `{new_xs}`."
    assert q.solutions[0] == (f"def f({new_xs}: list[int], {new_k}: int) -> int:\n"
                              "    # the k largest, summed\n"  # comments and layout are kept: only identifiers change
                              f"    top = sorted({new_xs}, reverse=True)[:{new_k}]\n"
                              f"    return sum(top) if {new_xs} else 0\n")
    assert params(q.solutions[1], "f") == [new_xs, new_k]
    for solution in q.solutions:
        passes(solution, p.tests)
    assert q.tests == p.tests and q.key == p.key  # tests call positionally; dedup still sees the same statement


def test_names_follow_the_annotation_and_are_never_builtins():
    seen = {name: set() for name in ("s", "n", "xs")}
    for seed in range(40):
        q = rename_parameters(problem("Use `s`, `n` and `xs`.", "def f(s: str, n: int, xs: list) -> str:\n"
                                                                "    return s * n + str(len(xs))\n"),
                              random.Random(seed))
        for old, new in zip(("s", "n", "xs"), params(q.solutions[0], "f")):
            seen[old].add(new)
    assert "string" in seen["s"] or "text" in seen["s"]
    assert not (seen["s"] | seen["n"] | seen["xs"]) & RESERVED
    assert len(seen["xs"]) >= 5  # drawn afresh, not one fixed replacement


@pytest.mark.parametrize("src", [
    "def f(n: int) -> int:\n    return f(n=n - 1) if n else 0\n",                      # passed by keyword to itself
    "def f(n: int) -> int:\n    def g(n):\n        return n\n    return g(n=n)\n",      # ... or a function inside
    "def f(n: int) -> int:\n    global n2\n    n2 = n\n    def h():\n        nonlocal n\n        return n\n"
    "    return h()\n",                                                                # behind nonlocal
])
def test_a_parameter_that_a_rename_could_break_is_left_alone(src):
    p = problem("Return `n`.", src)
    assert rename_parameters(p, random.Random(0)) == p


def test_a_keyword_to_another_function_names_its_parameter_and_stays():
    src = "import datetime\n\n\ndef f(minutes: int) -> float:\n    return datetime.timedelta(minutes=minutes).seconds\n"
    q = rename_parameters(problem("Return `minutes` in seconds.", src), random.Random(0))
    (new,) = params(q.solutions[0], "f")
    assert new != "minutes" and f"timedelta(minutes={new})" in q.solutions[0]


def test_only_the_parameters_every_signature_shares_are_renamed_and_class_entry_points_are_left_alone():
    p = problem("Return `xs`.", "def f(xs):\n    return xs\n", "def f(ys):\n    return ys\n")
    assert rename_parameters(p, random.Random(0)) == p
    p = problem("Count down from `n`.", "def f(n, acc=()):\n    return f(n - 1, acc + (n,)) if n else acc\n",
                "def f(n):\n    return tuple(range(n, 0, -1))\n")
    q = rename_parameters(p, random.Random(0))
    (new, acc), (new2,) = params(q.solutions[0], "f"), params(q.solutions[1], "f")
    assert new == new2 != "n" and acc == "acc" and q.instruction == f"Count down from `{new}`."
    c = problem("A counter.", "class f:\n    def __init__(self, n):\n        self.n = n\n")
    assert rename_parameters(c, random.Random(0)) == c


def test_rename_source_renames_nested_scopes_and_f_strings_exactly():
    src = 'def f(xs):\n    key = lambda xs: -xs\n    return [f"{x}:{len(xs)}" for x in sorted(xs, key=key)]\n'
    out = rename_source(src, "f", {"xs": "items"})
    assert out == 'def f(items):\n    key = lambda items: -items\n    return [f"{x}:{len(items)}" for x in ' \
                  'sorted(items, key=key)]\n'
    ns: dict = {}
    exec(out, ns)
    assert ns["f"]([2, 1]) == ["2:2", "1:2"]


@pytest.mark.parametrize("template", FUNCTION_TEMPLATES, ids=lambda t: f"{t.category}.{t.make.__name__}")
def test_every_function_template_renames_and_still_passes_its_tests(template):
    renamed = 0
    for seed in range(3):
        rng = random.Random(seed)
        spec = template.make(rng)
        p = build(spec, rng, len(spec.solutions))
        q = rename_parameters(p, random.Random(seed))
        renamed += q != p
        old = params(p.solutions[0], p.name)
        for before, after in zip(p.solutions, q.solutions):
            assert len(params(after, q.name)) == len(params(before, p.name))
            passes(after, q.tests)
        if q != p:
            new = params(q.solutions[0], q.name)
            gone = [o for o, n in zip(old, new) if o != n]
            assert not [o for o in gone if f"`{o}`" in q.instruction], q.instruction
    assert renamed == 3, f"renamed {renamed} of 3 draws"


def test_generate_renames_the_asked_share_and_leaves_the_problems_drawn_unchanged():
    plain = generate(60, seed=3, solutions=2)
    assert generate(60, seed=3, solutions=2, rename=0.0) == plain
    renamed = generate(60, seed=3, solutions=2, rename=1.0)
    assert generate(60, seed=3, solutions=2, rename=1.0) == renamed  # deterministic for a seed
    assert [(r.id, r.tests, r.category) for r in renamed] == [(r.id, r.tests, r.category) for r in plain]
    functions = [(a, b) for a, b in zip(plain, renamed) if a.category != "small_classes"]
    changed = sum(params(a.output, a.entry_point) != params(b.output, b.entry_point) for a, b in functions)
    assert changed >= 0.95 * len(functions)
    with pytest.raises(UserError, match="0 to 1"):
        generate(5, rename=1.5)
