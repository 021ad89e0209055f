"""Loops: accumulating over a range or over digits, iterating until a condition holds, nested loops.

Bounds, divisors, patterns and recurrences are drawn per problem. Solutions contrast a for loop,
a while loop and a comprehension or itertools (and recursion where it reads naturally), so a
problem shows the same iteration written several ways. Inputs stay small enough for the brute-force
solutions (nested loops, counting up one at a time) to run in milliseconds.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template

SERIES_KINDS = (  # (slug, rule, which i in 1..n count, term; {p}, {a}, {b} are drawn per problem)
    ("powers", "the sum of i**{p} for i from 1 to `$n` inclusive", "True", "i ** {p}"),
    ("multiples", "the sum of all positive integers below `$n` that are divisible by {a} or {b}",
     "i < $n and (i % {a} == 0 or i % {b} == 0)", "i"),
    ("odds", "the sum of the odd numbers from 1 to `$n` inclusive", "i % 2 == 1", "i"),
    ("evens_squared", "the sum of the squares of the even numbers from 1 to `$n` inclusive", "i % 2 == 0", "i * i"),
)
SERIES_TEXT = ("Return $rule.",
               "Compute $rule (0 when there are no terms).")


@template("loops", "easy")
def series_sum(rng: Random) -> Spec:
    """Summing a filtered series over 1..n: a for loop with a guard, sum() over a generator, or a while loop."""
    p, a, b = rng.randint(1, 3), *rng.sample([2, 3, 4, 5, 7], 2)
    kind, rule, cond, term = (part.format(p=p, a=a, b=b) for part in rng.choice(SERIES_KINDS))
    env = dict(f=name(rng, f"sum_of_{kind}", f"{kind}_total", f"series_{kind}"), n=rng.choice(["n", "limit", "upto"]))
    env |= dict(rule=say(rng, [rule], env), cond=say(rng, [cond], env), term=term)
    text = say(rng, SERIES_TEXT, env)
    filt = "" if cond == "True" else " if $cond"
    env["filt"] = say(rng, [filt], env)
    env["guard"] = "" if cond == "True" else say(rng, ["if $cond:\n            "], env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            total = 0
            for i in range(1, $n + 1):
                ${guard}total += $term
            return total
        """, """
        def $f($n: int) -> int:
            return sum($term for i in range(1, $n + 1)$filt)
        """, """
        def $f($n: int) -> int:
            total, i = 0, 1
            while i <= $n:
                ${guard}total += $term
                i += 1
            return total
        """), tuple((v,) for v in (0, 1, rng.randint(2, 9), rng.randint(10, 30), rng.randint(31, 80))))


DIGIT_OPS = (  # (slug, phrase, loop init, loop update on digit d, final, string form)
    ("digit_sum", "the sum of the decimal digits of `$n`", "0", "acc += d", "acc", "sum(int(c) for c in str($n))"),
    ("digit_product", "the product of the decimal digits of `$n`", "1", "acc *= d", "acc",
     "math.prod(int(c) for c in str($n))"),
    ("even_digits", "how many decimal digits of `$n` are even", "0", "acc += d % 2 == 0", "acc",
     "sum(int(c) % 2 == 0 for c in str($n))"),
    ("max_digit", "the largest decimal digit of `$n`", "0", "acc = max(acc, d)", "acc", "int(max(str($n)))"),
    ("reversed_number", "the integer whose digits are those of `$n` in reverse order (leading zeros vanish)", "0",
     "acc = acc * 10 + d", "acc", "int(str($n)[::-1])"),
    ("digit_count", "the number of decimal digits of `$n` (0 has one digit)", "0", "acc += 1", "acc",
     "len(str($n))"),
)
DIGIT_OP_TEXT = ("Return $phrase. `$n` is a non-negative integer.",
                 "For the integer `$n` >= 0, compute $phrase.")


@template("loops", "easy")
def digit_op(rng: Random) -> Spec:
    """Folding over the decimal digits of n (sum, product, max, reverse, ...): a divmod loop against str(n)."""
    slug, phrase, init, update, fin, string = rng.choice(DIGIT_OPS)
    env = dict(f=name(rng, slug, f"{slug}_of", f"compute_{slug}"), n=rng.choice(["n", "num", "value"]), init=init,
               update=update, fin=fin, imp="import math" if "math." in string else "")
    env |= dict(phrase=say(rng, [phrase], env), string=say(rng, [string], env))
    text = say(rng, DIGIT_OP_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            acc = $init
            if $n == 0:
                d = 0
                $update
            while $n:
                $n, d = divmod($n, 10)
                $update
            return $fin
        """, """
        $imp


        def $f($n: int) -> int:
            return $string
        """), tuple((v,) for v in (0, 7, 10, rng.randint(11, 999), rng.randint(1000, 99999), 2024)))


PATTERNS = ("left", "right", "pyramid", "inverted")
PATTERN_RULES = {"left": "row i (1-based) is i copies of '$ch'",
                 "right": "row i (1-based) is i copies of '$ch' right-aligned to width `$n` with spaces",
                 "pyramid": "row i (1-based) is 2*i - 1 copies of '$ch' centred with `$n` - i leading spaces and no "
                            "trailing spaces",
                 "inverted": "row i (1-based) is `$n` - i + 1 copies of '$ch'"}
PATTERN_TEXT = ("Return a list of `$n` strings drawing a triangle: $rule.",
                "Build the rows of a text triangle of height `$n` as a list of strings, where $rule.")


@template("loops", "medium")
def text_pattern(rng: Random) -> Spec:
    """The rows of a text triangle (left, right-aligned, pyramid, inverted) built by a comprehension or a loop."""
    kind = rng.choice(PATTERNS)
    ch = rng.choice("*#+o@")
    rule = PATTERN_RULES[kind]
    row = {"left": "'$ch' * i", "right": "' ' * ($n - i) + '$ch' * i",
           "pyramid": "' ' * ($n - i) + '$ch' * (2 * i - 1)", "inverted": "'$ch' * ($n - i + 1)"}[kind]
    env = dict(f=name(rng, f"{kind}_triangle", "draw_rows", f"{kind}_pattern"), n=rng.choice(["n", "rows", "height"]),
               ch=ch)
    env |= dict(rule=say(rng, [rule], env), row=say(rng, [row], env))
    text = say(rng, PATTERN_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> list[str]:
            return [$row for i in range(1, $n + 1)]
        """, """
        def $f($n: int) -> list[str]:
            lines = []
            for i in range(1, $n + 1):
                lines.append($row)
            return lines
        """, """
        def $f($n: int) -> list[str]:
            lines, i = [], 1
            while i <= $n:
                lines.append($row)
                i += 1
            return lines
        """), ((0,), (1,), (2,), (rng.randint(3, 5),)))


RECURRENCE_TEXT = ("A sequence starts with a(0) = $a0 and a(1) = $a1, and then $rule. Return the list of its first "
                   "`$n` terms.",
                   "Return [a(0), ..., a(`$n` - 1)] for the sequence with a(0) = $a0, a(1) = $a1 and $rule for i >= "
                   "2.")


@template("loops", "medium")
def recurrence_terms(rng: Random) -> Spec:
    """The first n terms of a two-term linear recurrence: a growing list, two rolling variables, or memoized calls."""
    p, q = rng.choice([1, 2, 3]), rng.choice([1, -1, 2])
    a0, a1 = rng.randint(0, 3), rng.randint(1, 4)
    env = dict(f=name(rng, "sequence_terms", "first_terms", "recurrence", "generate_sequence"),
               n=rng.choice(["n", "count", "k"]), p=p, q=q, a0=a0, a1=a1,
               rule="a(i) = " + ("a(i-1)" if p == 1 else f"{p} * a(i-1)")
               + {1: " + a(i-2)", -1: " - a(i-2)"}.get(q, f" + {q} * a(i-2)"))
    text = say(rng, RECURRENCE_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> list[int]:
            terms = [$a0, $a1][:$n]
            while len(terms) < $n:
                terms.append($p * terms[-1] + $q * terms[-2])
            return terms
        """, """
        def $f($n: int) -> list[int]:
            terms = []
            a, b = $a0, $a1
            for _ in range($n):
                terms.append(a)
                a, b = b, $p * b + $q * a
            return terms
        """, """
        from functools import lru_cache


        def $f($n: int) -> list[int]:
            start = ($a0, $a1)

            @lru_cache(maxsize=None)
            def a(i: int) -> int:
                if i < 2:
                    return start[i]
                return $p * a(i - 1) + $q * a(i - 2)
            return [a(i) for i in range($n)]
        """), ((0,), (1,), (2,), (rng.randint(3, 6),), (rng.randint(7, 12),)))


DIVISIONS_TEXT = ("How many times must the non-negative integer `$n` be integer-divided by $d (n = n // $d) until it "
                  "is less than $k? Return that count (0 if it already is).",
                  "Repeatedly replace `$n` with `$n` // $d while it is at least $k; return how many replacements were "
                  "made.")


@template("loops", "medium")
def count_divisions(rng: Random) -> Spec:
    """Counting how many integer divisions bring n below k: a while loop, recursion, or itertools.count."""
    d, k = rng.randint(2, 5), rng.randint(1, 10)
    env = dict(f=name(rng, "count_divisions", "steps_to_shrink", "halvings"), n=rng.choice(["n", "value", "x"]), d=d,
               k=k)
    text = say(rng, DIVISIONS_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            count = 0
            while $n >= $k:
                $n //= $d
                count += 1
            return count
        """, """
        def $f($n: int) -> int:
            return 0 if $n < $k else 1 + $f($n // $d)
        """, """
        import itertools


        def $f($n: int) -> int:
            for count in itertools.count():
                if $n < $k:
                    return count
                $n //= $d
        """), tuple((v,) for v in (0, k - 1, k, k * d, rng.randint(k + 1, 5000), rng.randint(5000, 10 ** 6))))


PAIR_RULES = (  # (rule, the same as a Python condition on i and j; {k}, {m} are drawn per problem)
    ("(i + j) is divisible by {k}", "(i + j) % {k} == 0"),
    ("i * j <= {m}", "i * j <= {m}"),
    ("j - i >= {k}", "j - i >= {k}"),
    ("i + j is a multiple of {k} and i * j is even", "(i + j) % {k} == 0 and i * j % 2 == 0"),
    ("i divides j", "j % i == 0"),
)
COUNT_PAIRS_TEXT = ("Return the number of pairs of integers (i, j) with 1 <= i < j <= `$n` such that $rule.",
                    "Count the pairs 1 <= i < j <= `$n` for which $rule.")


@template("loops", "hard")
def count_pairs(rng: Random) -> Spec:
    """Counting pairs i < j that satisfy a condition: nested loops, a double generator, or itertools.combinations."""
    k, m = rng.randint(2, 7), rng.randint(5, 40)
    rule, cond = (part.format(k=k, m=m) for part in rng.choice(PAIR_RULES))
    env = dict(f=name(rng, "count_pairs", "pair_count", "matching_pairs"), n=rng.choice(["n", "limit", "top"]),
               rule=rule, cond=cond)
    text = say(rng, COUNT_PAIRS_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            count = 0
            for i in range(1, $n + 1):
                for j in range(i + 1, $n + 1):
                    if $cond:
                        count += 1
            return count
        """, """
        def $f($n: int) -> int:
            return sum(1 for i in range(1, $n + 1) for j in range(i + 1, $n + 1) if $cond)
        """, """
        import itertools


        def $f($n: int) -> int:
            return sum(1 for i, j in itertools.combinations(range(1, $n + 1), 2) if $cond)
        """), tuple((v,) for v in (0, 1, 2, rng.randint(3, 10), rng.randint(11, 30))))


MATCH_RULES = (  # (rule, the same as a Python condition on m; {k} is drawn per problem)
    ("whose digit sum is divisible by {k}", "sum(map(int, str(m))) % {k} == 0"),
    ("that is a palindrome and divisible by {k}", "str(m) == str(m)[::-1] and m % {k} == 0"),
    ("that has no digit {k}", "'{k}' not in str(m)"),
    ("that is a perfect square divisible by {k}", "round(m ** 0.5) ** 2 == m and m % {k} == 0"),
)
NEXT_MATCHING_TEXT = ("Return the smallest integer m >= `$s` $rule. `$s` is a non-negative integer.",
                      "Starting at `$s` and counting up, find the first number $rule.")


@template("loops", "hard")
def next_matching(rng: Random) -> Spec:
    """Searching upward from a start for the first number with a property: a while loop or next(itertools.count)."""
    k = rng.randint(2, 9)
    rule, cond = (part.format(k=k) for part in rng.choice(MATCH_RULES))
    env = dict(f=name(rng, "next_matching", "smallest_at_least", "find_next"), s=rng.choice(["start", "n", "lower"]),
               rule=rule, cond=cond)
    text = say(rng, NEXT_MATCHING_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($s: int) -> int:
            m = $s
            while not ($cond):
                m += 1
            return m
        """, """
        import itertools


        def $f($s: int) -> int:
            return next(m for m in itertools.count($s) if $cond)
        """), tuple((v,) for v in (0, 1, rng.randint(2, 50), rng.randint(51, 300), rng.randint(300, 900))))
