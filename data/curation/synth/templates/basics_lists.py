"""basics_lists: one-step list problems — one aggregate, one element, one map, or a membership test.

Part of the rung below the other categories (see basics_numbers): one pass over a list of integers,
stated plainly, solved with the built-in or expression and with the loop that builds `result`. When an
operation has no answer for an empty list, the statement says the list is non-empty and the empty list
is left out of the tests.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template

# name options, phrase (what an empty list gives, when it matters), one expression, a loop computing `result`
LIST_OPS = [
    (("total", "sum_all", "add_up"), "the sum of all numbers in `$xs` (0 for an empty list)", "int", "sum($xs)",
     "result = 0\n    for $x in $xs:\n        result += $x"),
    (("product", "multiply_all"), "the product of all numbers in `$xs` (1 for an empty list)", "int",
     "math.prod($xs)", "result = 1\n    for $x in $xs:\n        result *= $x"),
    (("count", "size", "how_many"), "how many numbers `$xs` holds", "int", "len($xs)",
     "result = 0\n    for _ in $xs:\n        result += 1"),
    (("largest", "biggest", "max_value"), "the largest number of the non-empty list `$xs`", "int", "max($xs)",
     "result = $xs[0]\n    for $x in $xs:\n        if $x > result:\n            result = $x"),
    (("smallest", "min_value", "lowest"), "the smallest number of the non-empty list `$xs`", "int", "min($xs)",
     "result = $xs[0]\n    for $x in $xs:\n        if $x < result:\n            result = $x"),
    (("first", "head"), "the first number of the non-empty list `$xs`", "int", "$xs[0]",
     "for $x in $xs:\n        result = $x\n        break"),
    (("last", "final_item"), "the last number of the non-empty list `$xs`", "int", "$xs[-1]",
     "for $x in $xs:\n        result = $x"),
    (("doubled", "double_each"), "a new list with every number of `$xs` doubled", "list[int]",
     "[$x * 2 for $x in $xs]", "result = []\n    for $x in $xs:\n        result.append($x * 2)"),
    (("squares", "square_each"), "a new list with the square of every number of `$xs`", "list[int]",
     "[$x * $x for $x in $xs]", "result = []\n    for $x in $xs:\n        result.append($x * $x)"),
    (("mean", "average"), "the average of the non-empty list `$xs` as a float", "float", "sum($xs) / len($xs)",
     "result = 0\n    for $x in $xs:\n        result += $x\n    result = result / len($xs)"),
]
LIST_OPERATION_TEXT = ("Return $phrase.", "Given a list of integers `$xs`, return $phrase.")


@template("basics_lists", "easy")
def list_operation(rng: Random) -> Spec:
    """One pass over a list (sum, product, count, max, first, doubled, mean, ...): a built-in or a plain loop."""
    names, phrase, ret, expr, loop = rng.choice(LIST_OPS)
    xs, x = list_arg(rng)
    env = dict(xs=xs, x=x, ret=ret, f=name(rng, *names))
    env |= dict(phrase=say(rng, [phrase], env), expr=say(rng, [expr], env), loop=say(rng, [loop], env),
                imports="import math\n\n\n" if "math." in expr else "")
    text = say(rng, LIST_OPERATION_TEXT, env)
    lists = int_lists(rng, empty="non-empty" not in phrase)
    return Spec(text, env["f"], codes(env, """
        ${imports}def $f($xs: list[int]) -> $ret:
            return $expr
        """, """
        def $f($xs: list[int]) -> $ret:
            $loop
            return result
        """), tuple((v,) for v in lists))


LIST_MEMBERSHIP_TEXT = ("Return True if `$t` appears in `$xs`, and False otherwise.",
                        "Check whether the list `$xs` contains `$t`.")


@template("basics_lists", "easy")
def list_membership(rng: Random) -> Spec:
    """Whether a value occurs in a list: `in`, an early-return loop, or `any()`; tested present and absent."""
    xs, x = list_arg(rng)
    target = rng.choice(["target", "value", "wanted", "key"])
    env = dict(xs=xs, x=x, t=target, f=name(rng, "contains", "has_value", "includes", "is_member"))
    text = say(rng, LIST_MEMBERSHIP_TEXT, env)
    lists = int_lists(rng)
    cases = [(v, v[len(v) // 2]) for v in lists if v] + [([], 3), (ints(rng, 4, 0, 9), 42)]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $t: int) -> bool:
            return $t in $xs
        """, """
        def $f($xs: list[int], $t: int) -> bool:
            for $x in $xs:
                if $x == $t:
                    return True
            return False
        """, """
        def $f($xs: list[int], $t: int) -> bool:
            return any($x == $t for $x in $xs)
        """), tuple(cases))
