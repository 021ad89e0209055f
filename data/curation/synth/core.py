"""The machinery every template shares: the registry, specs, solution checks and test writing.

- A template is a function `make(rng) -> Spec` registered under one category and one difficulty.
  It draws its parameters from `rng` and returns a concrete problem: the instruction, the entry
  point, two or more solution sources (the first is the reference) and the inputs to test on.
- `build` turns a spec into a `Problem`: it runs every solution here, in this process (our own
  trusted code), on every input. Expected values come from the reference; a solution that
  disagrees anywhere is a template bug and raises, so no test value is ever written by hand.
- Constraints on the code's shape ("use recursion", "do not use sum()", ...) are chosen here,
  from what the solutions provably do (read off their AST), and only solutions honoring the
  chosen constraint are kept; "leave the input unchanged" is checked by running them and by a test.
- Expected values must round-trip through repr() and be stable across processes: a set of
  strings would print in hash order and break byte-identical output, so it is refused.
- Every emitted solution is rendered with the training template (data/instruct/template.py) and the
  prompt + response must parse: the instruction becomes the docstring in exactly that place.
"""
from __future__ import annotations

import ast
import copy
import random
import re
import string
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from data.instruct.template import render

MAX_TESTS = 6
MIN_TESTS = 3
P_CONSTRAINT = 0.35  # chance that a problem states a constraint on the code's shape
P_UNCHANGED = 0.15   # chance that a problem taking a list or dict asks to leave it unchanged
P_NEGATIVE = 0.2     # chance that a problem whose tested lists hold negative numbers says so
P_EXAMPLE = 0.5      # chance that the instruction ends with doctest-style examples


@dataclass(frozen=True)
class Script:
    """One test of a class: construct it with `args`, then make `calls` ((method, args), ...) in order."""
    args: tuple
    calls: tuple[tuple[str, tuple], ...]


@dataclass(frozen=True)
class Spec:
    instruction: str
    name: str                           # the entry point: a function, or a class when inputs are Scripts
    solutions: tuple[str, ...]          # full definitions without docstrings; the first is the reference
    inputs: tuple                       # argument tuples, or Scripts
    claims: tuple[tuple[tuple, object], ...] = ()  # (args, value) the instruction promises; checked, then tested
    raises: tuple[str, ...] = ()        # exception names the instruction asks for; any other one is a bug


@dataclass(frozen=True)
class Template:
    category: str
    difficulty: str
    make: Callable[[random.Random], Spec]


@dataclass(frozen=True)
class Problem:
    key: str                            # the normalized statement (without examples): what dedup compares
    instruction: str
    name: str
    solutions: tuple[str, ...]
    tests: tuple[str, ...]


REGISTRY: dict[str, list[Template]] = {}


def template(category: str, difficulty: str) -> Callable:
    """Register `make` as a template of `category` at `difficulty`."""
    def register(make: Callable[[random.Random], Spec]) -> Callable[[random.Random], Spec]:
        REGISTRY.setdefault(category, []).append(Template(category, difficulty, make))
        return make
    return register


# ---------------------------------------------------------------------------------------------
# Helpers for writing templates

def code(src: str, env: dict) -> str:
    """A solution: `$name` placeholders filled from env (`$$` is a literal dollar).

    dedent() empties whitespace-only lines, so a line left with only spaces was a placeholder that
    filled in nothing (an optional statement): it is dropped.
    """
    text = string.Template(textwrap.dedent(src)).substitute(env)
    return "\n".join(line for line in text.splitlines() if line == "" or line.strip()).strip() + "\n"


def codes(env: dict, *sources: str) -> tuple[str, ...]:
    return tuple(code(src, env) for src in sources)


def say(rng: random.Random, phrasings: list[str] | tuple[str, ...], env: dict, *notes: str) -> str:
    """One phrasing picked at random, then the notes that apply, all filled from env."""
    text = " ".join([rng.choice(phrasings), *notes])
    return string.Template(text).substitute(env)


def ints(rng: random.Random, n: int, lo: int = -9, hi: int = 20) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def int_lists(rng: random.Random, lo: int = -9, hi: int = 20, empty: bool = True, n: int = 3) -> list[list[int]]:
    """Edge cases (empty, one element, ties) then `n` random lists."""
    single = [rng.randint(lo, hi)]
    tie = rng.randint(lo, hi)
    ties = [tie, rng.randint(lo, hi), tie, tie]
    return ([[]] if empty else []) + [single, ties] + [ints(rng, rng.randint(4, 8), lo, hi) for _ in range(n)]


def words(rng: random.Random, n: int, pool: tuple[str, ...] | None = None) -> list[str]:
    return [rng.choice(pool or WORDS) for _ in range(n)]


WORDS = ("apple", "banana", "cherry", "kiwi", "fig", "grape", "lemon", "mango", "pear", "plum", "peach", "melon",
         "tea", "code", "data", "level", "noon", "radar", "stats", "python", "java", "rust", "go", "ruby", "node",
         "sun", "moon", "star", "sky", "tree", "leaf", "rock", "river", "sea", "bird", "cat", "dog", "ant", "bee")
LIST_ARGS = (("nums", "n"), ("numbers", "n"), ("values", "v"), ("xs", "x"), ("items", "item"), ("data", "d"),
             ("arr", "a"), ("seq", "s"), ("scores", "score"), ("readings", "r"), ("vals", "v"), ("lst", "x"))


def list_arg(rng: random.Random) -> tuple[str, str]:
    """(list parameter name, element variable name)."""
    return rng.choice(LIST_ARGS)


@dataclass(frozen=True)
class Pred:
    """A condition on an integer: `adj` completes "elements that are ...", `cond` is Python with {v}."""
    adj: str
    slug: str
    cond: str

    def on(self, var: str) -> str:
        return self.cond.format(v=var)


def int_pred(rng: random.Random) -> Pred:
    k, m = rng.randint(2, 9), rng.randint(3, 7)
    lo = rng.randint(-5, 6)
    hi = lo + rng.randint(3, 12)
    return rng.choice([
        Pred("even", "even", "{v} % 2 == 0"),
        Pred("odd", "odd", "{v} % 2 == 1"),
        Pred("positive", "positive", "{v} > 0"),
        Pred("negative", "negative", "{v} < 0"),
        Pred("non-negative", "non_negative", "{v} >= 0"),
        Pred(f"greater than {k}", f"above_{k}", f"{{v}} > {k}"),
        Pred(f"less than {k}", f"below_{k}", f"{{v}} < {k}"),
        Pred(f"at least {k}", f"at_least_{k}", f"{{v}} >= {k}"),
        Pred(f"at most {k}", f"at_most_{k}", f"{{v}} <= {k}"),
        Pred(f"divisible by {k}", f"multiples_of_{k}", f"{{v}} % {k} == 0"),
        Pred(f"not divisible by {k}", f"non_multiples_of_{k}", f"{{v}} % {k} != 0"),
        Pred(f"between {lo} and {hi} inclusive", "in_range", f"{lo} <= {{v}} <= {hi}"),
        Pred(f"outside the range {lo} to {hi}", "out_of_range", f"not {lo} <= {{v}} <= {hi}"),
        Pred(f"congruent to {k % m} modulo {m}", f"mod_{m}_is_{k % m}", f"{{v}} % {m} == {k % m}"),
    ])


def name(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


# ---------------------------------------------------------------------------------------------
# Running solutions here, reading their shape, writing tests

def load(src: str, entry_point: str) -> Callable:
    namespace: dict = {}
    exec(compile(src, f"<synth {entry_point}>", "exec"), namespace)
    return namespace[entry_point]


def outcome(fn: Callable, args: tuple, raises: tuple[str, ...]) -> tuple[str, object]:
    """("ok", value) or ("raises", exception name); an exception the spec did not ask for is a bug."""
    try:
        return "ok", fn(*copy.deepcopy(args))
    except Exception as err:
        if type(err).__name__ not in raises:
            raise
        return "raises", type(err).__name__


def outcomes(entry: Callable, case: tuple | Script, raises: tuple[str, ...]) -> list[tuple[str, object]]:
    if isinstance(case, Script):
        obj = entry(*copy.deepcopy(case.args))
        return [outcome(getattr(obj, method), args, raises) for method, args in case.calls]
    return [outcome(entry, case, raises)]


def check_literal(value: object) -> None:
    """Refuse expected values whose repr is not a literal equal to them, or differs between processes."""
    if isinstance(value, (set, frozenset)) and not all(isinstance(v, int) for v in value):
        raise AssertionError(f"a set of non-integers prints in hash order: {value!r}")
    for inner in value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ():
        check_literal(inner)
    if ast.literal_eval(repr(value)) != value:
        raise AssertionError(f"repr does not round-trip: {value!r}")


def call_text(fn: str, args: tuple) -> str:
    return f"{fn}({', '.join(map(repr, args))})"


def check_text(call: str, result: tuple[str, object]) -> list[str]:
    kind, value = result
    if kind == "raises":
        return ["try:", f"    {call}", f"except {value}:", "    pass", "else:",
                f"    raise AssertionError('expected {value}')"]
    return [f"assert {call} is None" if value is None else f"assert {call} == {value!r}"]


def test_text(spec: Spec, case: tuple | Script, results: list[tuple[str, object]]) -> str:
    if not isinstance(case, Script):
        return "\n".join(check_text(call_text(spec.name, case), results[0]))
    lines = [f"obj = {call_text(spec.name, case.args)}"]
    for (method, args), result in zip(case.calls, results):
        call = call_text(f"obj.{method}", args)
        lines += [call] if result == ("ok", None) else check_text(call, result)
    return "\n".join(lines)


@dataclass(frozen=True)
class Shape:
    """What a solution's source provably does, read off its AST."""
    recursive: bool
    loops: bool
    imports: bool
    one_return: bool
    calls: frozenset[str]


def shape(src: str, entry_point: str) -> Shape:
    tree = ast.parse(src)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    recursive = any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == f.name
                    for f in functions for c in ast.walk(f))
    entry = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == entry_point]
    calls = {c.func.id if isinstance(c.func, ast.Name) else c.func.attr for c in ast.walk(tree)
             if isinstance(c, ast.Call) and isinstance(c.func, (ast.Name, ast.Attribute))}
    return Shape(recursive=recursive,
                 loops=any(isinstance(n, (ast.For, ast.While)) for n in ast.walk(tree)),
                 imports=any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree)),
                 one_return=bool(entry) and len(entry[0].body) == 1 and isinstance(entry[0].body[0], ast.Return),
                 calls=frozenset(calls))


@dataclass(frozen=True)
class Constraint:
    phrasings: tuple[str, ...]
    holds: Callable[[Shape], bool]


BANNED = (("the built-in `sum()`", {"sum"}), ("`max()` or `min()`", {"max", "min"}),
          ("`sorted()` or `list.sort()`", {"sorted", "sort"}), ("`len()`", {"len"}),
          ("`any()` or `all()`", {"any", "all"}), ("`map()` or `filter()`", {"map", "filter"}),
          ("`reversed()`", {"reversed"}), ("`str.join()`", {"join"}),
          ("the `count()` method", {"count"}), ("`str.split()`", {"split"}), ("`zip()`", {"zip"}),
          ("`enumerate()`", {"enumerate"}), ("`bin()`", {"bin"}), ("`set()`", {"set"}), ("`divmod()`", {"divmod"}),
          ("`str.replace()`", {"replace"}), ("`int()` conversions", {"int"}), ("`str()` conversions", {"str"}))
CONSTRAINTS = (
    Constraint(("Use recursion.", "Solve it recursively.", "The solution must be recursive."), lambda s: s.recursive),
    Constraint(("Do not write `for` or `while` loop statements (comprehensions are fine).",
                "Avoid explicit `for`/`while` loops; comprehensions and recursion are allowed."),
               lambda s: not s.loops),
    Constraint(("Use an explicit loop.", "Write it with a plain loop, not recursion."),
               lambda s: s.loops and not s.recursive),
    Constraint(("Do not import anything.", "Use no imports."), lambda s: not s.imports),
    Constraint(("The body must be a single `return` statement.", "Write the body as one `return` expression."),
               lambda s: s.one_return),
    *(Constraint((f"Do not use {label}.", f"Solve it without {label}."), lambda s, banned=frozenset(banned):
                  not s.calls & banned) for label, banned in BANNED),
)


def choose_constraint(rng: random.Random, shapes: list[Shape]) -> tuple[str, list[bool]]:
    """A constraint that at least two solutions honor and at least one breaks, or none."""
    fitting = [c for c in CONSTRAINTS if 2 <= sum(map(c.holds, shapes)) < len(shapes)]
    if not fitting or rng.random() >= P_CONSTRAINT:
        return "", [True] * len(shapes)
    chosen = rng.choice(fitting)
    return rng.choice(chosen.phrasings), [chosen.holds(s) for s in shapes]


def leaves_unchanged(fn: Callable, case: tuple) -> bool:
    args = copy.deepcopy(case)
    fn(*args)
    return args[0] == case[0]


def normalize(text: str) -> str:
    return " ".join(re.sub(r"[`'\".,;:!?()]", " ", text.lower()).split())


def strip_ws(src: str) -> str:
    return "".join(src.split())


def examples_text(spec: Spec, cases: list, results: list, rng: random.Random) -> str:
    """HumanEval-style doctest lines for one or two of the tested calls, or ""."""
    shown = [(c, r[0][1]) for c, r in zip(cases, results)
             if not isinstance(c, Script) and r[0][0] == "ok" and len(call_text(spec.name, c) + repr(r[0][1])) < 70]
    if not shown or rng.random() >= P_EXAMPLE:
        return ""
    typical = shown[2:] or shown  # the first cases are edge cases (empty, one element): poor illustrations
    picked = rng.sample(typical, min(len(typical), rng.choice((1, 2))))
    return "\n\n" + "\n".join(f">>> {call_text(spec.name, c)}\n{v!r}" for c, v in picked)


def distinct(solutions: tuple[str, ...]) -> list[int]:
    """Indices of the solutions that differ from every earlier one once whitespace is ignored."""
    seen: set[str] = set()
    kept = []
    for i, src in enumerate(solutions):
        if strip_ws(src) not in seen:
            seen.add(strip_ws(src))
            kept.append(i)
    return kept


def check_solutions(spec: Spec, entries: list[Callable], cases: list) -> list[list[tuple[str, object]]]:
    """The reference's results on every case, after checking that every other solution agrees."""
    results = [outcomes(entries[0], case, spec.raises) for case in cases]
    for src, entry in zip(spec.solutions[1:], entries[1:]):
        for case, expected in zip(cases, results):
            got = outcomes(entry, case, spec.raises)
            if got != expected:
                raise AssertionError(f"{spec.name}: a solution disagrees with the reference on {case!r}: "
                                     f"{got!r} != {expected!r}\n{src}")
    for args, value in spec.claims:
        if results[cases.index(args)] != [("ok", value)]:
            raise AssertionError(f"{spec.name}: the instruction promises {value!r} for {args!r}")
    for result in results:
        for kind, value in result:
            if kind == "ok":
                check_literal(value)
    return results


def build(spec: Spec, rng: random.Random, n_solutions: int) -> Problem:
    """Run the solutions, compute the tests from the reference, pick constraints and solutions."""
    entries = [load(src, spec.name) for src in spec.solutions]
    candidates = [*[args for args, _ in spec.claims], *spec.inputs]  # claims first: they must survive the cap
    cases = [c for i, c in enumerate(candidates) if c not in candidates[:i]][:MAX_TESTS]
    if len(cases) < MIN_TESTS:
        raise AssertionError(f"{spec.name}: only {len(cases)} distinct test inputs")
    results = check_solutions(spec, entries, cases)
    tests = [test_text(spec, case, result) for case, result in zip(cases, results)]

    unique = distinct(spec.solutions)
    constraint, honors = choose_constraint(rng, [shape(spec.solutions[i], spec.name) for i in unique])
    keep = [i for i, ok in zip(unique, honors) if ok]
    statement = spec.instruction + (" " + constraint if constraint else "")
    statement, tests, keep = unchanged_note(spec, statement, cases, results, tests, entries, keep, rng)
    statement = negatives_note(spec, statement, cases, rng)
    chosen = tuple(spec.solutions[i] for i in sorted(rng.sample(keep, min(n_solutions, len(keep)))))
    instruction = statement + examples_text(spec, cases, results, rng)
    check_renders(spec.name, instruction, chosen)
    return Problem(key=normalize(statement), instruction=instruction, name=spec.name, solutions=chosen,
                   tests=tuple(tests))


def check_renders(entry_point: str, instruction: str, solutions: tuple[str, ...]) -> None:
    """The training prompt (code up to the docstring) and response of every solution must parse as one program."""
    for src in solutions:
        rendered = render(instruction, src, "", entry_point)
        try:
            ast.parse(rendered.prompt + rendered.response)
        except SyntaxError as err:
            raise AssertionError(f"{entry_point}: the training template breaks this solution ({err})\n{src}") from None


def unchanged_note(spec: Spec, statement: str, cases: list, results: list, tests: list[str], entries: list,
                   keep: list[int], rng: random.Random) -> tuple[str, list[str], list[int]]:
    """Maybe ask that the list/dict argument stay unchanged: keep the solutions that comply, test it once."""
    mutable = [i for i, c in enumerate(cases) if not isinstance(c, Script) and c and isinstance(c[0], (list, dict))
               and c[0] and results[i][0][0] == "ok"]
    if not mutable or rng.random() >= P_UNCHANGED:
        return statement, tests, keep
    complying = [i for i in keep if all(leaves_unchanged(entries[i], cases[j]) for j in mutable)]
    if len(complying) < min(2, len(keep)):
        return statement, tests, keep
    arg, case = first_arg(spec), cases[mutable[-1]]
    call = f"{spec.name}({', '.join([arg, *map(repr, case[1:])])})"
    tests = list(tests)
    tests[mutable[-1]] = "\n".join([f"{arg} = {case[0]!r}", *check_text(call, results[mutable[-1]][0]),
                                    f"assert {arg} == {case[0]!r}"])
    note = rng.choice(("Do not modify `{a}`.", "Leave `{a}` unchanged.", "The input `{a}` must not be mutated."))
    return statement + " " + note.format(a=arg), tests, complying


def negatives_note(spec: Spec, statement: str, cases: list, rng: random.Random) -> str:
    """Maybe say that the list argument may hold negative numbers: only when the tests do feed it some."""
    lists = [c[0] for c in cases if not isinstance(c, Script) and c and isinstance(c[0], list)]
    negative = any(type(v) is int and v < 0 for values in lists for v in values)
    if not negative or rng.random() >= P_NEGATIVE:
        return statement
    note = rng.choice(("`{a}` may contain negative numbers.", "Negative values can occur in `{a}`."))
    return statement + " " + note.format(a=first_arg(spec))


def first_arg(spec: Spec) -> str:
    """The name of the entry point's first parameter, as the reference solution spells it."""
    tree = ast.parse(spec.solutions[0])
    entry = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == spec.name)
    return entry.args.args[0].arg
