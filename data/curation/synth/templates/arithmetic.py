"""Arithmetic: turning a stated formula or a business rule into integer arithmetic.

Formulas, moduli, prices, coin sets and roundings are drawn per problem. The solutions contrast one
expression with a step-by-step or looping version (and a library call where Python has one), so a
problem teaches that the same number can be reached several ways. Everything stays in integers:
prices are in cents and roots and fractions are exact, so no test depends on float rounding.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, ints, name, say, template

Expr = str | tuple


def expr_tree(rng: Random, args: tuple[str, ...], depth: int) -> Expr:
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(args) if rng.random() < 0.7 else str(rng.randint(2, 9))
    op = rng.choice(["+", "-", "*", "*", "sq"])
    if op == "sq":
        return ("sq", expr_tree(rng, args, depth - 1))
    return (op, expr_tree(rng, args, depth - 1), expr_tree(rng, args, depth - 1))


def leaves(e: Expr) -> set[str]:
    return {e} if isinstance(e, str) else set().union(*map(leaves, e[1:]))


def infix(e: Expr, parts: tuple[str, ...] | None = None) -> str:
    """Python text of `e`; `parts` replaces the children (by the names of their steps)."""
    if isinstance(e, str):
        return e
    kids = parts or tuple(c if isinstance(c, str) else f"({infix(c)})" for c in e[1:])
    return f"{kids[0]} ** 2" if e[0] == "sq" else f"{kids[0]} {e[0]} {kids[1]}"


def steps(e: Expr, out: list[str]) -> str:
    """Append one assignment per operator (children first); the name holding `e`'s value."""
    if isinstance(e, str):
        return e
    parts = tuple(steps(c, out) for c in e[1:])
    out.append(f"t{len(out) + 1} = {infix(e, parts)}")
    return f"t{len(out)}"


FORMULA_TEXT = ("Return the value of $expr for the integers $names.",
                "Evaluate the expression $expr and return the result.",
                "Given integers $names, compute $expr.")


@template("arithmetic", "easy")
def formula(rng: Random) -> Spec:
    """A random expression tree over the arguments, written as one expression or as named intermediate steps."""
    args = rng.choice([("x", "y"), ("a", "b"), ("m", "n"), ("p", "q"), ("x", "y", "z"), ("a", "b", "c")])
    tree = expr_tree(rng, args, 3)
    while isinstance(tree, str) or not set(args) <= leaves(tree):  # every argument must matter
        tree = expr_tree(rng, args, 3)
    lines: list[str] = []
    result = steps(tree, lines)
    env = dict(f=name(rng, "compute", "evaluate", "formula", "calc", "expression_value"), expr=infix(tree),
               sig=", ".join(f"{a}: int" for a in args), names=", ".join(f"`{a}`" for a in args),
               body="\n    ".join(lines), result=result)
    text = say(rng, FORMULA_TEXT, env)
    cases = [tuple(ints(rng, len(args), -5, 9)) for _ in range(4)] + [(0,) * len(args), (1,) * len(args)]
    return Spec(text, env["f"], codes(env, """
        def $f($sig) -> int:
            return $expr
        """, """
        def $f($sig) -> int:
            $body
            return $result
        """), tuple(cases))


ROUNDING = {  # mode: (rule, one expression, a loop, remainder arithmetic)
    "up": ("the smallest multiple of $m that is >= `$n`", "-(-$n // $m) * $m",
           "result = $n\n    while result % $m:\n        result += 1\n    return result",
           "return $n if $n % $m == 0 else $n - $n % $m + $m"),
    "down": ("the largest multiple of $m that is <= `$n`", "$n // $m * $m",
             "result = $n\n    while result % $m:\n        result -= 1\n    return result", "return $n - $n % $m"),
    "nearest": ("the multiple of $m nearest to `$n` (a tie rounds up)", "($n + $m // 2) // $m * $m",
                "down = $n\n    while down % $m:\n        down -= 1\n"
                "    return down + $m if 2 * ($n - down) >= $m else down",
                "return $n - $n % $m + ($m if 2 * ($n % $m) >= $m else 0)"),
}
ROUND_TEXT = ("Return $rule. `$n` is a non-negative integer.",
              "Round the non-negative integer `$n` to a multiple of $m: return $rule.")


@template("arithmetic", "easy")
def round_multiple(rng: Random) -> Spec:
    """Rounding up, down or to the nearest multiple of m: floor division, a counting loop, or the remainder."""
    m = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 50, 100])
    mode = rng.choice(sorted(ROUNDING))
    env = dict(f=name(rng, f"round_{mode}_to_{m}", f"to_multiple_of_{m}", f"snap_{mode}"), m=m,
               n=rng.choice(["n", "value", "amount"]))
    rule, expr, loop, rem = (say(rng, [part], env) for part in ROUNDING[mode])
    env |= dict(rule=rule, expr=expr, loop=loop, rem=rem)
    text = say(rng, ROUND_TEXT, env)
    cases = [(0,), (m,), (m // 2,), (m + m // 2,), *((rng.randint(1, 10 * m),) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            return $expr
        """, """
        def $f($n: int) -> int:
            $loop
        """, """
        def $f($n: int) -> int:
            $rem
        """), tuple(cases))


DURATION_TEXT = ("Convert a duration of `$s` seconds into $shape.",
                 "Split the non-negative duration `$s` (in seconds) into $units and return it as $shape.")


@template("arithmetic", "easy")
def split_duration(rng: Random) -> Spec:
    """Seconds split into (days,) hours, minutes and seconds with divmod or // and %, as a tuple or clock text."""
    days = rng.random() < 0.4
    as_text = rng.random() < 0.5
    units = "(days, hours, minutes, seconds)" if days else "(hours, minutes, seconds)"
    env = dict(f=name(rng, "split_duration", "to_clock", "breakdown_seconds", "format_duration"),
               s=rng.choice(["seconds", "total", "secs"]), units=units)
    if as_text:
        env["shape"] = "a string 'D:HH:MM:SS'" if days else "a string 'H:MM:SS'"
        fmt = "f'{d}:{h:02d}:{m:02d}:{s:02d}'" if days else "f'{h}:{m:02d}:{s:02d}'"
        ret = "str"
    else:
        env["shape"] = f"a tuple {units}"
        fmt = "(d, h, m, s)" if days else "(h, m, s)"
        ret = "tuple[int, int, int, int]" if days else "tuple[int, int, int]"
    env |= dict(fmt=fmt, ret=ret, hours_mod=" % 24" if days else "",
                days_line="d, h = divmod(h, 24)" if days else "",
                days_div="d = $s // 86400" if days else "")
    env["days_div"] = say(rng, [env["days_div"]], env)
    text = say(rng, DURATION_TEXT, env)
    cases = [(0,), (59,), (3600,), (86399,), *((rng.randint(60, 400000),) for _ in range(2))]
    return Spec(text, env["f"], codes(env, """
        def $f($s: int) -> $ret:
            m, s = divmod($s, 60)
            h, m = divmod(m, 60)
            $days_line
            return $fmt
        """, """
        def $f($s: int) -> $ret:
            $days_div
            h = $s // 3600$hours_mod
            m = $s // 60 % 60
            s = $s % 60
            return $fmt
        """), tuple(cases))


SCENARIOS = ("bulk", "taxi", "parking")
BULK_TEXT = ("Items cost $p cents each, but when at least $q items are bought every item costs $d cents less. Return "
             "the total price in cents of `$a` items.",
             "Return the cost in cents of buying `$a` items at $p cents each, with a discount of $d cents per item "
             "for orders of $q or more items.")
TAXI_TEXT = ("A taxi ride costs a flat $b cents, which covers the first $k km; every further whole km costs $r cents. "
             "Return the fare in cents for a ride of `$a` km (a non-negative integer).",
             "Return the fare in cents: $b cents base (including $k km) plus $r cents for each km of `$a` beyond the "
             "first $k.")
PARKING_TEXT = ("Parking is free for the first $h hours, then costs $r cents per hour, but never more than $cap cents "
                "in total. Return the fee in cents for `$a` whole hours.",
                "Return the parking fee (cents) for `$a` hours: $h free hours, $r cents per extra hour, capped at "
                "$cap.")


@template("arithmetic", "medium")
def tiered_price(rng: Random) -> Spec:
    """A price with a threshold (bulk discount, taxi base fare, capped parking fee), tested on both sides of it."""
    scenario = rng.choice(SCENARIOS)
    if scenario == "bulk":
        p, q = rng.randint(20, 99), rng.randint(3, 12)
        d = rng.randint(2, p // 3)
        env = dict(f=name(rng, "bulk_price", "order_total", "total_cost"), a="count", p=p, q=q, d=d)
        text = say(rng, BULK_TEXT, env)
        sources = ["""
        def $f($a: int) -> int:
            if $a >= $q:
                return $a * ($p - $d)
            return $a * $p
        """, """
        def $f($a: int) -> int:
            unit = $p - $d if $a >= $q else $p
            return unit * $a
        """, """
        def $f($a: int) -> int:
            return $a * ($p - $d * ($a >= $q))
        """]
        cases = [(0,), (1,), (q - 1,), (q,), (q + rng.randint(1, 9),)]
    elif scenario == "taxi":
        b, r, k = rng.randint(100, 400), rng.randint(50, 250), rng.randint(1, 5)
        env = dict(f=name(rng, "taxi_fare", "ride_cost", "fare"), a=rng.choice(["km", "distance"]), b=b, r=r, k=k)
        text = say(rng, TAXI_TEXT, env)
        sources = ["""
        def $f($a: int) -> int:
            return $b + max(0, $a - $k) * $r
        """, """
        def $f($a: int) -> int:
            if $a <= $k:
                return $b
            return $b + ($a - $k) * $r
        """]
        cases = [(0,), (k,), (k + 1,), (rng.randint(k + 2, 40),), (rng.randint(k + 2, 40),)]
    else:
        h, r = rng.randint(1, 3), rng.randint(100, 300)
        cap = r * rng.randint(3, 8)
        env = dict(f=name(rng, "parking_fee", "parking_cost", "fee_for_stay"), a=rng.choice(["hours", "stay"]), h=h,
                   r=r, cap=cap)
        text = say(rng, PARKING_TEXT, env)
        sources = ["""
        def $f($a: int) -> int:
            return min($cap, max(0, $a - $h) * $r)
        """, """
        def $f($a: int) -> int:
            if $a <= $h:
                return 0
            fee = ($a - $h) * $r
            if fee > $cap:
                return $cap
            return fee
        """]
        cases = [(0,), (h,), (h + 1,), (h + cap // r + 2,), (rng.randint(h + 2, 30),)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


COIN_SETS = ((25, 10, 5, 1), (50, 20, 10, 5, 2, 1), (100, 25, 10, 5, 1), (10, 5, 2, 1), (200, 100, 50, 20, 10, 5, 2, 1))
CHANGE_LIST_TEXT = ("Give change for `$a` cents greedily with the coins $coins (largest first, as many of each as fit) "
                    "and return the list of coins used, largest first.",
                    "Return the coins (from $coins) a greedy cashier hands out for `$a` cents, in non-increasing "
                    "order.")
CHANGE_COUNT_TEXT = ("Return how many coins a greedy cashier uses to pay `$a` cents with the denominations $coins "
                     "(always the largest coin that fits).",
                     "Using coins $coins greedily (largest first), return the number of coins needed for `$a` cents.")


@template("arithmetic", "medium")
def make_change(rng: Random) -> Spec:
    """Greedy change (the coins, or how many) by repeated subtraction, divmod per coin, or recursion."""
    coins = rng.choice(COIN_SETS)
    as_list = rng.random() < 0.5
    env = dict(f=name(rng, "make_change", "coin_change", "count_coins", "change_for"),
               a=rng.choice(["amount", "cents", "total"]), coins=list(coins))
    if as_list:
        text = say(rng, CHANGE_LIST_TEXT, env)
        sources = ["""
        def $f($a: int) -> list[int]:
            used = []
            for coin in $coins:
                while $a >= coin:
                    used.append(coin)
                    $a -= coin
            return used
        """, """
        def $f($a: int) -> list[int]:
            used = []
            for coin in $coins:
                count, $a = divmod($a, coin)
                used += [coin] * count
            return used
        """, """
        def $f($a: int) -> list[int]:
            if $a == 0:
                return []
            coin = next(c for c in $coins if c <= $a)
            return [coin] + $f($a - coin)
        """]
    else:
        text = say(rng, CHANGE_COUNT_TEXT, env)
        sources = ["""
        def $f($a: int) -> int:
            count = 0
            for coin in $coins:
                count += $a // coin
                $a %= coin
            return count
        """, """
        def $f($a: int) -> int:
            count = 0
            for coin in $coins:
                used, $a = divmod($a, coin)
                count += used
            return count
        """, """
        def $f($a: int) -> int:
            if $a == 0:
                return 0
            coin = max(c for c in $coins if c <= $a)
            return 1 + $f($a - coin)
        """]
    cases = [(0,), (1,), (coins[0],), *((rng.randint(2, 3 * coins[0] - 1),) for _ in range(3))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


ROOT_RULES = {"square": "the largest integer r with r * r <= `$n` (`$n` >= 0)",
              "cube": "the largest integer r with r ** 3 <= `$n` (`$n` >= 0)",
              "log": "the largest integer k with $b ** k <= `$n` (`$n` >= 1)"}
ROOT_TEXT = ("Return $rule, using only integer arithmetic.",
             "Compute $rule.")


@template("arithmetic", "medium")
def int_root(rng: Random) -> Spec:
    """Integer square or cube root, or integer logarithm, by binary search, counting up, or repeated division."""
    kind = rng.choice(["square", "cube", "log"])
    b = rng.randint(2, 5)
    rule = ROOT_RULES[kind]
    env = dict(f=name(rng, {"square": "isqrt", "cube": "icbrt", "log": f"ilog{b}"}[kind], f"floor_{kind}_root"
                      if kind != "log" else f"floor_log{b}", "integer_root" if kind != "log" else "int_log"),
               n=rng.choice(["n", "value", "x"]), b=b)
    env["rule"] = say(rng, [rule], env)
    text = say(rng, ROOT_TEXT, env)
    if kind == "log":
        sources = ["""
        def $f($n: int) -> int:
            k = 0
            while $b ** (k + 1) <= $n:
                k += 1
            return k
        """, """
        def $f($n: int) -> int:
            return 0 if $n < $b else 1 + $f($n // $b)
        """, """
        def $f($n: int) -> int:
            k, power = 0, $b
            while power <= $n:
                k, power = k + 1, power * $b
            return k
        """]
        cases = [(1,), (b,), (b - 1,), (b ** 3,), (b ** 3 - 1,), (rng.randint(2, 5000),)]
    else:
        p = 2 if kind == "square" else 3
        env["p"] = p
        sources = ["""
        def $f($n: int) -> int:
            lo, hi = 0, $n
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if mid ** $p <= $n:
                    lo = mid
                else:
                    hi = mid - 1
            return lo
        """, """
        def $f($n: int) -> int:
            r = 0
            while (r + 1) ** $p <= $n:
                r += 1
            return r
        """]
        if kind == "square":
            sources.append("""
        import math


        def $f($n: int) -> int:
            return math.isqrt($n)
        """)
        cases = [(0,), (1,), (rng.randint(2, 9) ** p,), (rng.randint(2, 9) ** p - 1,), (rng.randint(10, 3000),)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


POLYNOMIAL_TEXT = ("`$c` lists the coefficients of a polynomial, $order. Return its value at `$x`.",
                   "Evaluate the polynomial with coefficients `$c` ($order) at the integer `$x`; an empty list is the "
                   "zero polynomial.")


@template("arithmetic", "medium")
def polynomial(rng: Random) -> Spec:
    """Evaluating a polynomial from its coefficient list (either order): Horner's loop, a power sum, or reduce."""
    high_first = rng.random() < 0.5
    env = dict(f=name(rng, "evaluate_polynomial", "poly_value", "horner", "poly_at"),
               c=rng.choice(["coeffs", "coefficients", "cs"]), x=rng.choice(["x", "t", "point"]),
               order="highest degree first" if high_first else "constant term first")
    text = say(rng, POLYNOMIAL_TEXT, env)
    env["it"] = env["c"] if high_first else f"reversed({env['c']})"
    env["pw"] = f"len({env['c']}) - 1 - i" if high_first else "i"
    sources = ["""
        def $f($c: list[int], $x: int) -> int:
            result = 0
            for coef in $it:
                result = result * $x + coef
            return result
        """, """
        def $f($c: list[int], $x: int) -> int:
            return sum(coef * $x ** ($pw) for i, coef in enumerate($c))
        """, """
        from functools import reduce


        def $f($c: list[int], $x: int) -> int:
            return reduce(lambda acc, coef: acc * $x + coef, $it, 0)
        """]
    cases = [([], 3), ([5], 2)] + [(ints(rng, rng.randint(2, 5), -4, 6), rng.randint(-3, 4)) for _ in range(4)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


FRACTION_OPS = (("+", "sum"), ("-", "difference"), ("*", "product"), ("/", "quotient"))
# each phrasing ends with the note for division (c must not be 0 either) or with a plain full stop
FRACTION_TEXT = (("Return the $word a/b $op c/d as a tuple (numerator, denominator) in lowest terms with a positive "
                  "denominator. b and d are non-zero", ", and so is c."),
                 ("Compute a/b $op c/d exactly and return it reduced, as (numerator, denominator) with denominator > 0 "
                  "(zero is (0, 1)). The denominators are never 0", " and c is not 0."))


@template("arithmetic", "hard")
def fraction_op(rng: Random) -> Spec:
    """Exact fraction arithmetic reduced to lowest terms with a positive denominator: gcd, Fraction, or Euclid."""
    op, word = rng.choice(FRACTION_OPS)
    num = {"+": "a * d + c * b", "-": "a * d - c * b", "*": "a * c", "/": "a * d"}[op]
    den = {"+": "b * d", "-": "b * d", "*": "b * d", "/": "b * c"}[op]
    env = dict(f=name(rng, f"fraction_{word}", f"{word}_of_fractions", f"rational_{word}"), op=op, word=word, num=num,
               den=den)
    text = say(rng, [text + (division if op == "/" else ".") for text, division in FRACTION_TEXT], env)
    cases = [(1, 2, 1, 3), (0, 5, 0, 7) if op != "/" else (0, 5, 2, 7), (2, -4, 3, 6)]
    for _ in range(3):
        a, b, c, d = rng.randint(-9, 9), rng.choice([-6, -3, -2, 2, 3, 4, 6, 8]), rng.randint(1, 9), rng.randint(1, 9)
        cases.append((a, b, c, d))
    return Spec(text, env["f"], codes(env, """
        import math


        def $f(a: int, b: int, c: int, d: int) -> tuple[int, int]:
            num, den = $num, $den
            if den < 0:
                num, den = -num, -den
            g = math.gcd(num, den)
            return num // g, den // g
        """, """
        from fractions import Fraction


        def $f(a: int, b: int, c: int, d: int) -> tuple[int, int]:
            result = Fraction(a, b) $op Fraction(c, d)
            return result.numerator, result.denominator
        """, """
        def $f(a: int, b: int, c: int, d: int) -> tuple[int, int]:
            num, den = $num, $den
            x, y = abs(num), abs(den)
            while y:
                x, y = y, x % y
            sign = -1 if (num < 0) != (den < 0) else 1
            return sign * abs(num) // x, abs(den) // x
        """), tuple(cases))


DIGIT_LIST_ADD_TEXT = ("`$a` and `$b` are non-negative integers written as lists of decimal digits, most significant "
                       "first (no leading zeros, [0] for zero). Return their sum in the same form.",
                       "Add two numbers given as digit lists `$a` and `$b` (most significant digit first) and return "
                       "the digit list of the sum.")


@template("arithmetic", "hard")
def digit_list_add(rng: Random) -> Spec:
    """Schoolbook addition of digit lists with a carry, against converting to int and back."""
    a, b = rng.choice([("a", "b"), ("left", "right"), ("xs", "ys")])
    env = dict(f=name(rng, "add_digit_lists", "add_big", "sum_digits_lists"), a=a, b=b)
    text = say(rng, DIGIT_LIST_ADD_TEXT, env)
    cases = [([0], [0]), ([9, 9], [1]), ([5], [5])]
    for _ in range(3):
        cases.append(tuple([rng.randint(1, 9)] + ints(rng, rng.randint(0, 6), 0, 9) for _ in range(2)))
    return Spec(text, env["f"], codes(env, """
        def $f($a: list[int], $b: list[int]) -> list[int]:
            result, carry = [], 0
            i, j = len($a) - 1, len($b) - 1
            while i >= 0 or j >= 0 or carry:
                total = carry + ($a[i] if i >= 0 else 0) + ($b[j] if j >= 0 else 0)
                carry, digit = divmod(total, 10)
                result.append(digit)
                i, j = i - 1, j - 1
            return result[::-1]
        """, """
        def $f($a: list[int], $b: list[int]) -> list[int]:
            total = int("".join(map(str, $a))) + int("".join(map(str, $b)))
            return [int(ch) for ch in str(total)]
        """, """
        from functools import reduce


        def $f($a: list[int], $b: list[int]) -> list[int]:
            def value(digits: list[int]) -> int:
                return reduce(lambda acc, d: acc * 10 + d, digits, 0)
            total = value($a) + value($b)
            return list(map(int, str(total)))
        """), tuple(cases))
