"""Basics: the one-step problems everything else is built from — arithmetic on two numbers, a test
on one number, a string method, one pass over a list.

The other categories start at "easy" problems that already combine a condition with an
aggregation; a small model trained on them alone reaches for a comprehension or a lambda when asked
for a sum of two numbers. These templates are the rung below: one operation, stated plainly, with
the two or three ways people write it (a single expression, a temporary, an if/else or a loop).
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template, words

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


@template("basics_numbers", "easy")
def binary_operation(rng: Random) -> Spec:
    op = rng.choice(sorted(BINARY))
    names, phrase, expr, statements = BINARY[op]
    a, b = rng.choice(NUMBER_ARGS)
    env = dict(a=a, b=b, ret="float" if op == "mean" else "int")
    env |= dict(f=name(rng, *names), phrase=say(rng, [phrase], env), expr=say(rng, [expr], env),
                statements=say(rng, [statements], env))
    text = say(rng, ["Return $phrase.", "Given two integers `$a` and `$b`, return $phrase.",
                     "Compute $phrase and return it."], env)
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


@template("basics_numbers", "easy")
def number_test(rng: Random) -> Spec:
    names, adjective, cond = rng.choice(number_tests(rng))
    env = dict(n=rng.choice(["n", "x", "value", "number", "k"]))
    env |= dict(f=name(rng, *names), adjective=adjective, cond=say(rng, [cond], env))
    text = say(rng, ["Return True if `$n` is $adjective, and False otherwise.",
                     "Check whether the integer `$n` is $adjective.",
                     "Decide if `$n` is $adjective; return a bool."], env)
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


@template("basics_numbers", "easy")
def number_transform(rng: Random) -> Spec:
    names, phrase, expr, statements = rng.choice(transforms(rng))
    env = dict(n=rng.choice(["n", "x", "value", "number"]))
    env |= dict(f=name(rng, *names), phrase=say(rng, [phrase], env), expr=say(rng, [expr], env),
                statements=say(rng, [statements], env))
    text = say(rng, ["Return $phrase.", "Given an integer `$n`, return $phrase."], env)
    low = 0 if "non-negative" in phrase else -30
    cases = [(v,) for v in ints(rng, 4, low, 60)] + [(0,), (7,), (max(low, -4),)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            return $expr
        """, """
        def $f($n: int) -> int:
            $statements
            return result
        """), tuple(cases))


# name options, phrase, return type, one expression, a loop over the characters building `result`
STRING_OPS = [
    (("shout", "to_upper", "uppercase"), "`$s` with every letter in upper case", "str", "$s.upper()",
     "result = ''\n    for ch in $s:\n        result += ch.upper()"),
    (("whisper", "to_lower", "lowercase"), "`$s` with every letter in lower case", "str", "$s.lower()",
     "result = ''\n    for ch in $s:\n        result += ch.lower()"),
    (("length", "char_count", "size_of"), "the number of characters in `$s`", "int", "len($s)",
     "result = 0\n    for _ in $s:\n        result += 1"),
    (("backwards", "reverse_text", "mirror"), "the characters of `$s` in reverse order", "str", "$s[::-1]",
     "result = ''\n    for ch in $s:\n        result = ch + result"),
    (("count_spaces", "spaces"), "how many space characters `$s` contains", "int", "$s.count(' ')",
     "result = 0\n    for ch in $s:\n        if ch == ' ':\n            result += 1"),
    (("count_digits", "digit_count"), "how many characters of `$s` are decimal digits", "int",
     "sum(1 for ch in $s if ch.isdigit())", "result = 0\n    for ch in $s:\n        if ch.isdigit():\n"
     "            result += 1"),
    (("no_spaces", "squeeze"), "`$s` with every space removed", "str", "$s.replace(' ', '')",
     "result = ''\n    for ch in $s:\n        if ch != ' ':\n            result += ch"),
    (("has_digit", "contains_digit"), "True if `$s` contains at least one decimal digit, else False", "bool",
     "any(ch.isdigit() for ch in $s)", "result = False\n    for ch in $s:\n        if ch.isdigit():\n"
     "            result = True"),
]


@template("basics_strings", "easy")
def string_operation(rng: Random) -> Spec:
    names, phrase, ret, expr, loop = rng.choice(STRING_OPS)
    env = dict(s=rng.choice(["s", "text", "word", "line", "name"]), ret=ret)
    env |= dict(f=name(rng, *names), phrase=say(rng, [phrase], env), expr=say(rng, [expr], env),
                loop=say(rng, [loop], env))
    text = say(rng, ["Return $phrase.", "Given a string `$s`, return $phrase."], env)
    samples = ["", "a", "Hello World", "abc 123", " x y ", *(" ".join(words(rng, rng.randint(1, 3))) for _ in range(2))]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> $ret:
            return $expr
        """, """
        def $f($s: str) -> $ret:
            $loop
            return result
        """), tuple((v,) for v in samples))


@template("basics_strings", "easy")
def join_strings(rng: Random) -> Spec:
    sep = rng.choice(["", " ", "-", ", ", "_"])
    a, b = rng.choice([("first", "second"), ("a", "b"), ("left", "right"), ("head", "tail")])
    env = dict(a=a, b=b, sep=repr(sep), f=name(rng, "join_two", "combine", "glue", "concat"))
    between = "nothing" if not sep else f"{sep!r}"
    text = say(rng, [f"Return `$a` and `$b` joined with {between} between them.",
                     f"Concatenate the strings `$a` and `$b`, putting {between} in between, and return the result."],
               env)
    cases = [(x, y) for x, y in zip(words(rng, 3), words(rng, 3))] + [("", "x"), ("ab", "")]
    return Spec(text, env["f"], codes(env, """
        def $f($a: str, $b: str) -> str:
            return $a + $sep + $b
        """, """
        def $f($a: str, $b: str) -> str:
            return $sep.join([$a, $b])
        """, """
        def $f($a: str, $b: str) -> str:
            return '{}{}{}'.format($a, $sep, $b)
        """), tuple(cases))


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


@template("basics_lists", "easy")
def list_operation(rng: Random) -> Spec:
    names, phrase, ret, expr, loop = rng.choice(LIST_OPS)
    xs, x = list_arg(rng)
    env = dict(xs=xs, x=x, ret=ret, f=name(rng, *names))
    env |= dict(phrase=say(rng, [phrase], env), expr=say(rng, [expr], env), loop=say(rng, [loop], env),
                imports="import math\n\n\n" if "math." in expr else "")
    text = say(rng, ["Return $phrase.", "Given a list of integers `$xs`, return $phrase."], env)
    lists = int_lists(rng, empty="non-empty" not in phrase)
    return Spec(text, env["f"], codes(env, """
        ${imports}def $f($xs: list[int]) -> $ret:
            return $expr
        """, """
        def $f($xs: list[int]) -> $ret:
            $loop
            return result
        """), tuple((v,) for v in lists))


@template("basics_lists", "easy")
def list_membership(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    target = rng.choice(["target", "value", "wanted", "key"])
    env = dict(xs=xs, x=x, t=target, f=name(rng, "contains", "has_value", "includes", "is_member"))
    text = say(rng, ["Return True if `$t` appears in `$xs`, and False otherwise.",
                     "Check whether the list `$xs` contains `$t`."], env)
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
