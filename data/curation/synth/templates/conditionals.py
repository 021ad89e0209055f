"""Conditionals: branching on stated rules, where the order of the checks and the boundaries matter.

Thresholds, labels, divisors and rule lists are drawn per problem, and the tests sit on the
boundaries (each threshold itself, one below it) so an off-by-one comparison fails. Solutions
contrast an if/elif chain with a table walked in a loop, a lookup (bisect, a dict) or one expression.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template

LABEL_SETS = (("cold", "mild", "warm", "hot", "scorching"), ("low", "medium", "high", "critical", "extreme"),
              ("F", "D", "C", "B", "A"), ("tiny", "small", "medium", "large", "huge"),
              ("slow", "steady", "fast", "rapid", "blazing"), ("bronze", "silver", "gold", "platinum", "diamond"))
PIECEWISE_TEXT = ("Return a label for the integer `$n`: $rules.",
                  "Classify `$n` and return the matching string: $rules.")


def piecewise(rng: Random, cuts: int) -> Spec:
    """A label for each of the cuts + 1 ranges that `cuts` drawn thresholds make."""
    labels = rng.choice(LABEL_SETS)[:cuts + 1]
    bounds = sorted(rng.sample(range(-10, 100), cuts))
    n = rng.choice(["n", "value", "score", "reading", "level"])
    pieces = [f"'{labels[0]}' if `{n}` < {bounds[0]}"]
    pieces += [f"'{labels[i]}' if {bounds[i - 1]} <= `{n}` < {bounds[i]}" for i in range(1, cuts)]
    pieces.append(f"'{labels[-1]}' if `{n}` >= {bounds[-1]}")
    env = dict(f=name(rng, "classify", "label_for", "bucket", f"{n}_category", "rate"), n=n,
               rules="; ".join(pieces), bounds=bounds, labels=list(labels),
               chain="\n    ".join(f"if {n} < {b}:\n        return '{lab}'" for b, lab in zip(bounds, labels)),
               last=labels[-1])
    text = say(rng, PIECEWISE_TEXT, env)
    cases = [(bounds[0] - 1,), (bounds[-1],), *((b,) for b in bounds[:-1]), (rng.randint(-15, 110),),
             (bounds[0] + 1,)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> str:
            $chain
            return '$last'
        """, """
        def $f($n: int) -> str:
            for bound, label in zip($bounds, $labels):
                if $n < bound:
                    return label
            return '$last'
        """, """
        import bisect


        def $f($n: int) -> str:
            return $labels[bisect.bisect_right($bounds, $n)]
        """), tuple(cases))


@template("conditionals", "easy")
def classify(rng: Random) -> Spec:
    """Three labelled ranges of an integer: an if chain, a loop over (bound, label) pairs, or bisect."""
    return piecewise(rng, 2)


@template("conditionals", "medium")
def grade(rng: Random) -> Spec:
    """Four or five labelled ranges of an integer (a grading scale): an if chain, a loop over bounds, or bisect."""
    return piecewise(rng, rng.choice([3, 4]))


WORD_PAIRS = (("Fizz", "Buzz"), ("Foo", "Bar"), ("Ping", "Pong"), ("Zip", "Zap"), ("Tick", "Tock"), ("Hip", "Hop"))
FIZZBUZZ_TEXT = ("Return '$w1$w2' if `$n` is divisible by both $a and $b, '$w1' if only by $a, '$w2' if only by $b, "
                 "and otherwise `$n` as a string.",
                 "For the positive integer `$n` return '$w1' when $a divides it, '$w2' when $b divides it, '$w1$w2' "
                 "when both do, else str(`$n`).")


@template("conditionals", "easy")
def fizzbuzz(rng: Random) -> Spec:
    """FizzBuzz with drawn divisors and words: the both-divide case checked first, or the words concatenated."""
    a, b = rng.sample([2, 3, 4, 5, 6, 7], 2)
    w1, w2 = rng.choice(WORD_PAIRS)
    env = dict(f=name(rng, "fizzbuzz", f"{w1.lower()}{w2.lower()}", "say_number"), n=rng.choice(["n", "i", "number"]),
               a=a, b=b, w1=w1, w2=w2)
    text = say(rng, FIZZBUZZ_TEXT, env)
    cases = [(a * b,), (a,), (b,), (1,), (a * b + 1,), (rng.randint(2, 60),)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> str:
            if $n % $a == 0 and $n % $b == 0:
                return '$w1$w2'
            if $n % $a == 0:
                return '$w1'
            if $n % $b == 0:
                return '$w2'
            return str($n)
        """, """
        def $f($n: int) -> str:
            word = ('$w1' if $n % $a == 0 else '') + ('$w2' if $n % $b == 0 else '')
            return word or str($n)
        """), tuple(cases))


TRIANGLE_ANGLE_TEXT = ("Given three positive side lengths `$a`, `$b`, `$c`, return 'invalid' if they violate the "
                       "triangle inequality (the longest side must be shorter than the sum of the other two), "
                       "otherwise 'right', 'acute' or 'obtuse' according to the largest angle.",
                       "Classify the triangle with integer sides `$a`, `$b`, `$c` by its largest angle ('right', "
                       "'acute', 'obtuse'), or return 'invalid' when no triangle has these sides.")
TRIANGLE_SIDES_TEXT = ("Given three positive side lengths `$a`, `$b`, `$c`, return 'invalid' if they cannot form a "
                       "triangle (some side >= the sum of the other two), else 'equilateral', 'isosceles' or "
                       "'scalene'.",
                       "Return the kind of triangle with sides `$a`, `$b`, `$c`: 'equilateral', 'isosceles', "
                       "'scalene', or 'invalid' when the triangle inequality fails.")


@template("conditionals", "medium")
def triangle_kind(rng: Random) -> Spec:
    """Classifying a triangle by its sides or its largest angle, the invalid case checked first."""
    by_angle = rng.random() < 0.4
    a, b, c = rng.choice([("a", "b", "c"), ("x", "y", "z"), ("s1", "s2", "s3"), ("p", "q", "r"),
                          ("side_a", "side_b", "side_c")])
    env = dict(f=name(rng, "triangle_type", "classify_triangle", "triangle_kind"), a=a, b=b, c=c)
    if by_angle:
        text = say(rng, TRIANGLE_ANGLE_TEXT, env)
        sources = ["""
        def $f($a: int, $b: int, $c: int) -> str:
            x, y, z = sorted(($a, $b, $c))
            if x + y <= z:
                return 'invalid'
            if x * x + y * y == z * z:
                return 'right'
            if x * x + y * y > z * z:
                return 'acute'
            return 'obtuse'
        """, """
        def $f($a: int, $b: int, $c: int) -> str:
            longest = max($a, $b, $c)
            rest = $a + $b + $c - longest
            if rest <= longest:
                return 'invalid'
            squares = $a * $a + $b * $b + $c * $c - 2 * longest * longest
            return 'right' if squares == 0 else 'acute' if squares > 0 else 'obtuse'
        """]
        cases = [(3, 4, 5), (5, 5, 5), (2, 3, 4), (1, 2, 3), (rng.randint(1, 9), rng.randint(1, 9), rng.randint(1, 9))]
    else:
        text = say(rng, TRIANGLE_SIDES_TEXT, env)
        sources = ["""
        def $f($a: int, $b: int, $c: int) -> str:
            if $a + $b <= $c or $a + $c <= $b or $b + $c <= $a:
                return 'invalid'
            if $a == $b == $c:
                return 'equilateral'
            if $a == $b or $b == $c or $a == $c:
                return 'isosceles'
            return 'scalene'
        """, """
        def $f($a: int, $b: int, $c: int) -> str:
            x, y, z = sorted(($a, $b, $c))
            if x + y <= z:
                return 'invalid'
            return {1: 'equilateral', 2: 'isosceles', 3: 'scalene'}[len({x, y, z})]
        """]
        cases = [(2, 2, 2), (2, 2, 3), (3, 4, 5), (1, 2, 3), (1, 1, 5), (rng.randint(1, 9), rng.randint(1, 9),
                                                                         rng.randint(1, 9))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


PICK_WORDS = {"median": "the middle value (the median)", "largest": "the largest", "smallest": "the smallest"}
PICK_TEXT = ("Return $word of the three integers `$a`, `$b` and `$c`.",
             "Given `$a`, `$b`, `$c`, return $word of them.")


@template("conditionals", "easy")
def pick_of_three(rng: Random) -> Spec:
    """The median, largest or smallest of three values by comparisons, against max/min, sorting or arithmetic."""
    kind = rng.choice(["median", "largest", "smallest"])
    a, b, c = rng.choice([("a", "b", "c"), ("x", "y", "z"), ("p", "q", "r")])
    env = dict(f=name(rng, f"{kind}_of_three", f"{kind}3", kind), a=a, b=b, c=c, word=PICK_WORDS[kind])
    text = say(rng, PICK_TEXT, env)
    if kind == "median":
        sources = ["""
        def $f($a: int, $b: int, $c: int) -> int:
            if ($a <= $b <= $c) or ($c <= $b <= $a):
                return $b
            if ($b <= $a <= $c) or ($c <= $a <= $b):
                return $a
            return $c
        """, """
        def $f($a: int, $b: int, $c: int) -> int:
            return sorted([$a, $b, $c])[1]
        """, """
        def $f($a: int, $b: int, $c: int) -> int:
            return $a + $b + $c - max($a, $b, $c) - min($a, $b, $c)
        """]
    else:
        env |= dict(fn="max" if kind == "largest" else "min", cmp=">=" if kind == "largest" else "<=",
                    idx="-1" if kind == "largest" else "0")
        sources = ["""
        def $f($a: int, $b: int, $c: int) -> int:
            if $a $cmp $b and $a $cmp $c:
                return $a
            if $b $cmp $c:
                return $b
            return $c
        """, """
        def $f($a: int, $b: int, $c: int) -> int:
            return $fn($a, $b, $c)
        """, """
        def $f($a: int, $b: int, $c: int) -> int:
            return sorted([$a, $b, $c])[$idx]
        """]
    cases = [(1, 2, 3), (3, 1, 2), (2, 2, 1), (5, 5, 5), (rng.randint(-9, 9), rng.randint(-9, 9), rng.randint(-9, 9))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


SHIPPING_TEXT = ("Return the shipping cost in cents for an order worth `total` cents weighing `$w` kg (integer): "
                 "orders of $free cents or more ship free; otherwise the cost is $base cents for up to $light kg plus "
                 "$per cents per kg above that; `express` adds $express cents in every case.",
                 "Compute the delivery fee (cents). Rules, in order: express delivery always costs $express cents "
                 "extra; an order total of at least $free cents ships free; otherwise pay $base cents, plus $per cents "
                 "for each kg of `$w` beyond $light.")


@template("conditionals", "medium")
def shipping_cost(rng: Random) -> Spec:
    """A fee from several interacting rules (free above a total, a weight allowance, an express surcharge)."""
    light, base, per = rng.randint(1, 5), rng.randint(200, 600), rng.randint(50, 200)
    free, express = rng.randint(30, 150) * 100, rng.randint(300, 900)
    env = dict(f=name(rng, "shipping_cost", "delivery_fee", "postage"), w=rng.choice(["weight", "kg"]),
               light=light, base=base, per=per, free=free, express=express)
    text = say(rng, SHIPPING_TEXT, env)
    cases = [(free, 1, False), (free, 1, True), (free - 1, light, False), (100, light + 3, True),
             (rng.randint(0, free), rng.randint(0, 12), rng.random() < 0.5), (rng.randint(0, free), 0, False)]
    return Spec(text, env["f"], codes(env, """
        def $f(total: int, $w: int, express: bool) -> int:
            extra = $express if express else 0
            if total >= $free:
                return extra
            if $w <= $light:
                return $base + extra
            return $base + ($w - $light) * $per + extra
        """, """
        def $f(total: int, $w: int, express: bool) -> int:
            cost = 0 if total >= $free else $base + max(0, $w - $light) * $per
            return cost + $express * express
        """), tuple(cases))


PASSWORD_RULES = (  # (message, failing test on s, as regex-free Python; {k}, {m}, {sp} are drawn per problem)
    ("too short", "len(s) < {k}"), ("too long", "len(s) > {m}"), ("no digit", "not any(c.isdigit() for c in s)"),
    ("no uppercase letter", "not any(c.isupper() for c in s)"),
    ("no lowercase letter", "not any(c.islower() for c in s)"),
    ("contains a space", "' ' in s"), ("no special character", "not any(c in '{sp}' for c in s)"),
    ("starts with a digit", "s[:1].isdigit()"),
)
PASSWORD_TEXT = ("Check the password `s` against these rules in order and return the message of the first one that "
                 "fails, or 'ok' if none fails: $rules.",
                 "Validate `s`. Return the first applicable message of this ordered list: $rules. Return 'ok' when the "
                 "password passes every check.")


@template("conditionals", "hard")
def password_check(rng: Random) -> Spec:
    """The first failing rule of an ordered list: an if chain, a table of (message, check) lambdas, or a filter."""
    k, sp = rng.randint(6, 10), rng.choice(["!@#", "!?*", "%&", "#_-"])
    rules = rng.sample(PASSWORD_RULES, rng.randint(3, 5))
    rules = [(msg, test.format(k=k, m=k + rng.randint(4, 10), sp=sp)) for msg, test in rules]
    env = dict(f=name(rng, "password_problem", "check_password", "first_violation"),
               rules="; ".join(f"'{msg}' if {test}" for msg, test in rules),
               chain="\n    ".join(f"if {test}:\n        return '{msg}'" for msg, test in rules),
               table="\n        ".join(f"('{msg}', lambda: {test})," for msg, test in rules),
               comp="[" + ", ".join(f"('{msg}', {test})" for msg, test in rules) + "]")
    text = say(rng, PASSWORD_TEXT, env)
    pool = "abcXYZ19 " + sp
    cases = [("",), ("Abcdefgh1" + sp[0] + "x" * k,)] + [
        ("".join(rng.choice(pool) for _ in range(rng.randint(3, k + 6))),) for _ in range(4)]
    return Spec(text, env["f"], codes(env, """
        def $f(s: str) -> str:
            $chain
            return 'ok'
        """, """
        def $f(s: str) -> str:
            checks = [
                $table
            ]
            for message, failed in checks:
                if failed():
                    return message
            return 'ok'
        """, """
        def $f(s: str) -> str:
            failures = [message for message, failed in $comp if failed]
            return failures[0] if failures else 'ok'
        """), tuple(cases))
