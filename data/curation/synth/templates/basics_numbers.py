"""basics_numbers: one-step integer problems — arithmetic on two numbers, a test on one, a transform of one.

The other categories start at "easy" problems that already combine a condition with an aggregation; a
small model trained on them alone reaches for a comprehension or a lambda when asked for a sum of two
numbers. The basics_* categories are the rung below: one operation, stated plainly, with the two or three
ways people write it (a single expression, or statements building `result` with a temporary, an if/else
or a loop).
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, ints, name, say, template

NUMBER_ARGS = (("a", "b"), ("x", "y"), ("m", "n"), ("first", "second"), ("left", "right"), ("p", "q"))

# name options, phrase, one expression, statements computing `result` (same order of arguments)
BINARY = {
    "sum": (("add", "plus", "add_numbers", "total_of"), "the sum of `$a` and `$b`", "$a + $b",
            "result = $a\n    result += $b"),
    "difference": (("subtract", "minus", "difference"), "`$a` minus `$b`", "$a - $b", "result = $a\n    result -= $b"),
    "product": (("multiply", "times", "product_of"), "the product of `$a` and `$b`", "$a * $b",
                "result = 0\n    for _ in range(abs($b)):\n        result += $a\n"
                "    if $b < 0:\n        result = -result"),
    "larger": (("larger", "bigger", "max_of_pair"), "the larger of `$a` and `$b`", "max($a, $b)",
               "result = $a\n    if $b > $a:\n        result = $b"),
    "smaller": (("smaller", "lesser", "min_of_pair"), "the smaller of `$a` and `$b`", "min($a, $b)",
                "result = $a\n    if $b < $a:\n        result = $b"),
    "distance": (("distance", "gap", "abs_difference"), "the absolute difference between `$a` and `$b`",
                 "abs($a - $b)", "result = $a - $b\n    if result < 0:\n        result = -result"),
    "floor quotient": (("floor_divide", "whole_quotient", "int_divide"),
                       "`$a` divided by `$b`, rounded down to an integer; `$b` is never 0", "$a // $b",
                       "result = ($a - $a % $b) // $b"),
    "remainder": (("remainder", "modulo", "mod"), "the remainder of `$a` divided by `$b` (Python's %); `$b` is "
                  "never 0", "$a % $b", "result = $a - $b * ($a // $b)"),
    "mean": (("mean_of_two", "midpoint", "average_of"), "the average of `$a` and `$b` as a float", "($a + $b) / 2",
             "result = $a + $b\n    result = result / 2"),
}
BINARY_OPERATION_TEXT = ("Return $phrase.", "Given two integers `$a` and `$b`, return $phrase.",
                         "Compute $phrase and return it.")


@template("basics_numbers", "easy")
def binary_operation(rng: Random) -> Spec:
    """One arithmetic operation on two integers, as an expression or as statements building `result`."""
    op = rng.choice(sorted(BINARY))
    names, phrase, expr, statements = BINARY[op]
    a, b = rng.choice(NUMBER_ARGS)
    env = dict(a=a, b=b, ret="float" if op == "mean" else "int")
    env |= dict(f=name(rng, *names), phrase=say(rng, [phrase], env), expr=say(rng, [expr], env),
                statements=say(rng, [statements], env))
    text = say(rng, BINARY_OPERATION_TEXT, env)
    nonzero = op in ("floor quotient", "remainder")
    cases = [(x, y if y or not nonzero else 3) for x, y in (tuple(ints(rng, 2, -12, 30)) for _ in range(4))]
    cases += [(7, 2), (-7, 2), (0, 5)] if nonzero else [(0, 0), (-3, 5), (9, -4)]
    return Spec(text, env["f"], codes(env, """
        def $f($a: int, $b: int) -> $ret:
            return $expr
        """, """
        def $f($a: int, $b: int) -> $ret:
            $statements
            return result
        """), tuple(cases))


# name options, adjective for "Return True if `n` is ...", condition
def number_tests(rng: Random) -> list[tuple[tuple[str, ...], str, str]]:
    k = rng.randint(2, 12)
    lo = rng.randint(-10, 10)
    hi = lo + rng.randint(2, 20)
    return [(("is_even", "even"), "even", "$n % 2 == 0"), (("is_odd", "odd"), "odd", "$n % 2 == 1"),
            (("is_positive", "positive"), "greater than zero", "$n > 0"),
            (("is_negative", "negative"), "less than zero", "$n < 0"), (("is_zero",), "zero", "$n == 0"),
            ((f"divisible_by_{k}", f"is_multiple_of_{k}"), f"divisible by {k}", f"$n % {k} == 0"),
            ((f"above_{k}", f"greater_than_{k}"), f"greater than {k}", f"$n > {k}"),
            (("in_range", "within_bounds"), f"between {lo} and {hi} (both included)", f"{lo} <= $n <= {hi}"),
            (("is_single_digit", "one_digit"), "a single decimal digit (0 to 9)", "0 <= $n <= 9")]


NUMBER_TEST_TEXT = ("Return True if `$n` is $adjective, and False otherwise.",
                    "Check whether the integer `$n` is $adjective.",
                    "Decide if `$n` is $adjective; return a bool.")


@template("basics_numbers", "easy")
def number_test(rng: Random) -> Spec:
    """A yes/no test on one integer (parity, sign, divisibility, a range), as a bool expression or an if."""
    names, adjective, cond = rng.choice(number_tests(rng))
    env = dict(n=rng.choice(["n", "x", "value", "number", "k"]))
    env |= dict(f=name(rng, *names), adjective=adjective, cond=say(rng, [cond], env))
    text = say(rng, NUMBER_TEST_TEXT, env)
    cases = [(v,) for v in ints(rng, 4, -20, 40)] + [(0,), (1,), (-1,), (10,)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> bool:
            return $cond
        """, """
        def $f($n: int) -> bool:
            if $cond:
                return True
            return False
        """), tuple(cases))


# name options, phrase, one expression, statements computing `result`
def transforms(rng: Random) -> list[tuple[tuple[str, ...], str, str, str]]:
    k = rng.randint(2, 9)
    return [(("double", "twice"), "`$n` times 2", "$n * 2", "result = $n + $n"),
            (("square", "squared"), "`$n` multiplied by itself", "$n * $n", "result = $n ** 2"),
            (("cube", "cubed"), "the cube of `$n`", "$n ** 3", "result = $n * $n * $n"),
            (("negate", "opposite"), "`$n` with its sign flipped", "-$n", "result = 0 - $n"),
            ((f"add_{k}", f"plus_{k}"), f"`$n` plus {k}", f"$n + {k}", f"result = $n\n    result += {k}"),
            ((f"times_{k}", f"scale_by_{k}"), f"`$n` multiplied by {k}", f"$n * {k}", f"result = {k} * $n"),
            (("absolute", "magnitude"), "the absolute value of `$n`, without calling abs()", "$n if $n >= 0 else -$n",
             "result = $n\n    if result < 0:\n        result = -result"),
            (("last_digit", "ones_digit"), "the last decimal digit of the non-negative integer `$n`", "$n % 10",
             "result = $n - $n // 10 * 10")]


NUMBER_TRANSFORM_TEXT = ("Return $phrase.", "Given an integer `$n`, return $phrase.")


@template("basics_numbers", "easy")
def number_transform(rng: Random) -> Spec:
    """One integer mapped to another (double, square, negate, last digit, ...), as an expression or statements."""
    names, phrase, expr, statements = rng.choice(transforms(rng))
    env = dict(n=rng.choice(["n", "x", "value", "number"]))
    env |= dict(f=name(rng, *names), phrase=say(rng, [phrase], env), expr=say(rng, [expr], env),
                statements=say(rng, [statements], env))
    text = say(rng, NUMBER_TRANSFORM_TEXT, env)
    low = 0 if "non-negative" in phrase else -30  # the last-digit transform is stated for n >= 0 only
    cases = [(v,) for v in ints(rng, 4, low, 60)] + [(0,), (7,), (max(low, -4),)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            return $expr
        """, """
        def $f($n: int) -> int:
            $statements
            return result
        """), tuple(cases))
