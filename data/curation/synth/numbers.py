"""Integer templates: arithmetic, number theory, bit manipulation, conditionals, loops, recursion.

Formulas, thresholds, labels, bases and widths are drawn per problem; inputs stay small so the
recursive solutions never approach the recursion limit and every test runs in milliseconds.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, ints, name, say, template

# ------------------------------------------------------------------------------------ arithmetic

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


@template("arithmetic", "easy")
def formula(rng: Random) -> Spec:
    args = rng.choice([("x", "y"), ("a", "b"), ("m", "n"), ("p", "q"), ("x", "y", "z"), ("a", "b", "c")])
    tree = expr_tree(rng, args, 3)
    while isinstance(tree, str) or not set(args) <= leaves(tree):  # every argument must matter
        tree = expr_tree(rng, args, 3)
    lines: list[str] = []
    result = steps(tree, lines)
    env = dict(f=name(rng, "compute", "evaluate", "formula", "calc", "expression_value"), expr=infix(tree),
               sig=", ".join(f"{a}: int" for a in args), names=", ".join(f"`{a}`" for a in args),
               body="\n    ".join(lines), result=result)
    text = say(rng, ["Return the value of $expr for the integers $names.",
                     "Evaluate the expression $expr and return the result.",
                     "Given integers $names, compute $expr."], env)
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


@template("arithmetic", "easy")
def round_multiple(rng: Random) -> Spec:
    m = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 50, 100])
    mode = rng.choice(sorted(ROUNDING))
    env = dict(f=name(rng, f"round_{mode}_to_{m}", f"to_multiple_of_{m}", f"snap_{mode}"), m=m,
               n=rng.choice(["n", "value", "amount"]))
    rule, expr, loop, rem = (say(rng, [part], env) for part in ROUNDING[mode])
    env |= dict(rule=rule, expr=expr, loop=loop, rem=rem)
    text = say(rng, ["Return $rule. `$n` is a non-negative integer.",
                     "Round the non-negative integer `$n` to a multiple of $m: return $rule."], env)
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


@template("arithmetic", "easy")
def split_duration(rng: Random) -> Spec:
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
    text = say(rng, ["Convert a duration of `$s` seconds into $shape.",
                     "Split the non-negative duration `$s` (in seconds) into $units and return it as $shape."], env)
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


@template("arithmetic", "medium")
def tiered_price(rng: Random) -> Spec:
    scenario = rng.choice(SCENARIOS)
    if scenario == "bulk":
        p, q = rng.randint(20, 99), rng.randint(3, 12)
        d = rng.randint(2, p // 3)
        env = dict(f=name(rng, "bulk_price", "order_total", "total_cost"), a="count", p=p, q=q, d=d)
        text = say(rng, ["Items cost $p cents each, but when at least $q items are bought every item costs $d cents "
                         "less. Return the total price in cents of `$a` items.",
                         "Return the cost in cents of buying `$a` items at $p cents each, with a discount of $d cents "
                         "per item for orders of $q or more items."], env)
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
        text = say(rng, ["A taxi ride costs a flat $b cents, which covers the first $k km; every further whole km "
                         "costs $r cents. Return the fare in cents for a ride of `$a` km (a non-negative integer).",
                         "Return the fare in cents: $b cents base (including $k km) plus $r cents for each km of `$a` "
                         "beyond the first $k."], env)
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
        text = say(rng, ["Parking is free for the first $h hours, then costs $r cents per hour, but never more than "
                         "$cap cents in total. Return the fee in cents for `$a` whole hours.",
                         "Return the parking fee (cents) for `$a` hours: $h free hours, $r cents per extra hour, "
                         "capped at $cap."], env)
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


@template("arithmetic", "medium")
def make_change(rng: Random) -> Spec:
    coins = rng.choice(COIN_SETS)
    as_list = rng.random() < 0.5
    env = dict(f=name(rng, "make_change", "coin_change", "count_coins", "change_for"),
               a=rng.choice(["amount", "cents", "total"]), coins=list(coins))
    if as_list:
        text = say(rng, ["Give change for `$a` cents greedily with the coins $coins (largest first, as many of each as "
                         "fit) and return the list of coins used, largest first.",
                         "Return the coins (from $coins) a greedy cashier hands out for `$a` cents, in non-increasing "
                         "order."], env)
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
        text = say(rng, ["Return how many coins a greedy cashier uses to pay `$a` cents with the denominations $coins "
                         "(always the largest coin that fits).",
                         "Using coins $coins greedily (largest first), return the number of coins needed for `$a` "
                         "cents."], env)
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


@template("arithmetic", "medium")
def int_root(rng: Random) -> Spec:
    kind = rng.choice(["square", "cube", "log"])
    b = rng.randint(2, 5)
    rule = {"square": "the largest integer r with r * r <= `$n` (`$n` >= 0)",
            "cube": "the largest integer r with r ** 3 <= `$n` (`$n` >= 0)",
            "log": "the largest integer k with $b ** k <= `$n` (`$n` >= 1)"}[kind]
    env = dict(f=name(rng, {"square": "isqrt", "cube": "icbrt", "log": f"ilog{b}"}[kind], f"floor_{kind}_root"
                      if kind != "log" else f"floor_log{b}", "integer_root" if kind != "log" else "int_log"),
               n=rng.choice(["n", "value", "x"]), b=b)
    env["rule"] = say(rng, [rule], env)
    text = say(rng, ["Return $rule, using only integer arithmetic.",
                     "Compute $rule."],
               env)
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


@template("arithmetic", "medium")
def polynomial(rng: Random) -> Spec:
    high_first = rng.random() < 0.5
    env = dict(f=name(rng, "evaluate_polynomial", "poly_value", "horner", "poly_at"),
               c=rng.choice(["coeffs", "coefficients", "cs"]), x=rng.choice(["x", "t", "point"]),
               order="highest degree first" if high_first else "constant term first")
    text = say(rng, ["`$c` lists the coefficients of a polynomial, $order. Return its value at `$x`.",
                     "Evaluate the polynomial with coefficients `$c` ($order) at the integer `$x`; an empty list is "
                     "the zero polynomial."], env)
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


@template("arithmetic", "hard")
def fraction_op(rng: Random) -> Spec:
    op, word = rng.choice([("+", "sum"), ("-", "difference"), ("*", "product"), ("/", "quotient")])
    num = {"+": "a * d + c * b", "-": "a * d - c * b", "*": "a * c", "/": "a * d"}[op]
    den = {"+": "b * d", "-": "b * d", "*": "b * d", "/": "b * c"}[op]
    env = dict(f=name(rng, f"fraction_{word}", f"{word}_of_fractions", f"rational_{word}"), op=op, word=word, num=num,
               den=den)
    text = say(rng, ["Return the $word a/b $op c/d as a tuple (numerator, denominator) in lowest terms with a positive "
                     "denominator. b and d are non-zero" + (", and so is c." if op == "/" else "."),
                     "Compute a/b $op c/d exactly and return it reduced, as (numerator, denominator) with denominator "
                     "> 0 (zero is (0, 1)). The denominators are never 0" + (" and c is not 0." if op == "/" else ".")],
               env)
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


@template("arithmetic", "hard")
def digit_list_add(rng: Random) -> Spec:
    a, b = rng.choice([("a", "b"), ("left", "right"), ("xs", "ys")])
    env = dict(f=name(rng, "add_digit_lists", "add_big", "sum_digits_lists"), a=a, b=b)
    text = say(rng, ["`$a` and `$b` are non-negative integers written as lists of decimal digits, most significant "
                     "first (no leading zeros, [0] for zero). Return their sum in the same form.",
                     "Add two numbers given as digit lists `$a` and `$b` (most significant digit first) and return the "
                     "digit list of the sum."], env)
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


# -------------------------------------------------------------------------------- number_theory

PRIME_HELPERS = ("""
        def $f($n: int) -> bool:
            def prime(k: int) -> bool:
                if k < 2:
                    return False
                d = 2
                while d * d <= k:
                    if k % d == 0:
                        return False
                    d += 1
                return True
            return $expr
        """, """
        def $f($n: int) -> bool:
            def prime(k: int) -> bool:
                return k > 1 and all(k % d for d in range(2, int(k ** 0.5) + 1))
            return $expr
        """, """
        import math


        def $f($n: int) -> bool:
            def prime(k: int) -> bool:
                return k >= 2 and not any(k % d == 0 for d in range(2, math.isqrt(k) + 1))
            return $expr
        """)


@template("number_theory", "easy")
def prime_check(rng: Random) -> Spec:
    kind, rule, expr = rng.choice([
        ("prime", "`$n` is a prime number", "prime($n)"),
        ("composite", "`$n` is composite (greater than 1 and not prime)", "$n > 1 and not prime($n)"),
        ("twin_prime", "both `$n` and `$n` + 2 are prime", "prime($n) and prime($n + 2)"),
        ("between_primes", "`$n` - 1 and `$n` + 1 are both prime", "prime($n - 1) and prime($n + 1)"),
        ("prime_digit_sum", "`$n` is prime and so is the sum of its digits",
         "prime($n) and prime(sum(int(c) for c in str($n)))"),
    ])
    env = dict(f=name(rng, f"is_{kind}", f"check_{kind}", f"{kind}_test"), n=rng.choice(["n", "num", "k_value"]))
    env |= dict(rule=say(rng, [rule], env), expr=say(rng, [expr], env))
    text = say(rng, ["Return True if $rule, else False.",
                     "Decide whether $rule. `$n` is a non-negative integer."], env)
    cases = [(0,), (1,), (2,), (rng.choice([5, 11, 17, 29, 41]),), (rng.choice([4, 6, 12, 30, 60]),),
             (rng.randint(10, 200),)]
    return Spec(text, env["f"], codes(env, *PRIME_HELPERS), tuple(cases))


GCD_KINDS = {  # kind: (rule, return type, what the Euclid loop returns, library expression, brute-force return)
    "gcd": ("the greatest common divisor of the positive integers `$a` and `$b`", "int", "$a", "math.gcd($a, $b)",
            "common"),
    "lcm": ("the least common multiple of the positive integers `$a` and `$b`", "int", "product // $a",
            "$a * $b // math.gcd($a, $b)", "$a * $b // common"),
    "coprime": ("True if the positive integers `$a` and `$b` have no common divisor other than 1", "bool", "$a == 1",
                "math.gcd($a, $b) == 1", "common == 1"),
}


@template("number_theory", "easy")
def gcd_lcm(rng: Random) -> Spec:
    kind = rng.choice(sorted(GCD_KINDS))
    a, b = rng.choice([("a", "b"), ("x", "y"), ("m", "n")])
    env = dict(f=name(rng, {"gcd": "gcd", "lcm": "lcm", "coprime": "are_coprime"}[kind],
                      {"gcd": "greatest_common_divisor", "lcm": "least_common_multiple", "coprime": "coprime"}[kind]),
               a=a, b=b, keep="product = $a * $b" if kind == "lcm" else "")
    rule, ret, loop_ret, lib, brute = (say(rng, [part], env) for part in GCD_KINDS[kind])
    env |= dict(rule=rule, ret=ret, loop_ret=loop_ret, lib=lib, brute=brute, keep=say(rng, [env["keep"]], env))
    text = say(rng, ["Return $rule.",
                     "Compute $rule."], env)
    cases = [(1, 1), (12, 18), (7, 13), *((rng.randint(1, 60), rng.randint(1, 60)) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($a: int, $b: int) -> $ret:
            $keep
            while $b:
                $a, $b = $b, $a % $b
            return $loop_ret
        """, """
        import math


        def $f($a: int, $b: int) -> $ret:
            return $lib
        """, """
        def $f($a: int, $b: int) -> $ret:
            common = max(d for d in range(1, min($a, $b) + 1) if $a % d == 0 and $b % d == 0)
            return $brute
        """), tuple(cases))


@template("number_theory", "medium")
def divisor_stats(rng: Random) -> Spec:
    kind, rule, ret, loop_ret, expr = rng.choice([
        ("divisors", "the list of all positive divisors of `$n` in increasing order", "list[int]", "found", "divs"),
        ("count", "the number of positive divisors of `$n`", "int", "len(found)", "len(divs)"),
        ("proper_sum", "the sum of the proper divisors of `$n` (all divisors except `$n` itself)", "int",
         "sum(found) - $n", "sum(divs) - $n"),
        ("perfect", "True if `$n` equals the sum of its proper divisors", "bool", "sum(found) - $n == $n",
         "sum(divs) - $n == $n"),
        ("abundant", "True if the sum of the proper divisors of `$n` exceeds `$n`", "bool", "sum(found) - $n > $n",
         "sum(divs) - $n > $n"),
        ("largest_proper", "the largest divisor of `$n` smaller than `$n` (0 when `$n` is 1)", "int",
         "max([d for d in found if d < $n], default=0)", "max([d for d in divs if d < $n], default=0)"),
    ])
    env = dict(f=name(rng, f"{kind}_of", f"divisor_{kind}", kind if kind != "count" else "count_divisors"),
               n=rng.choice(["n", "num", "value"]), ret=ret)
    env |= dict(rule=say(rng, [rule], env), loop_ret=say(rng, [loop_ret], env), expr=say(rng, [expr], env))
    text = say(rng, ["Return $rule. `$n` is a positive integer.",
                     "For a positive integer `$n`, compute $rule."], env)
    cases = [(1,), (6,), (28,), (rng.choice([12, 18, 20, 24]),), (rng.choice([7, 13, 49]),), (rng.randint(2, 150),)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> $ret:
            divs = [d for d in range(1, $n + 1) if $n % d == 0]
            return $expr
        """, """
        def $f($n: int) -> $ret:
            small, large = [], []
            d = 1
            while d * d <= $n:
                if $n % d == 0:
                    small.append(d)
                    if d != $n // d:
                        large.append($n // d)
                d += 1
            found = small + large[::-1]
            return $loop_ret
        """, """
        def $f($n: int) -> $ret:
            divs = list(filter(lambda d: $n % d == 0, range(1, $n + 1)))
            return $expr
        """), tuple(cases))


@template("number_theory", "medium")
def primes_between(rng: Random) -> Spec:
    lo, hi = rng.choice([("lo", "hi"), ("start", "stop"), ("a", "b"), ("low", "high")])
    kind, ret, rule, fin = rng.choice([("list", "list[int]", "the list of primes p with `$lo` <= p <= `$hi`", "primes"),
                                       ("count", "int", "how many primes p satisfy `$lo` <= p <= `$hi`", "len(primes)"),
                                       ("sum", "int", "the sum of the primes between `$lo` and `$hi` inclusive",
                                        "sum(primes)"),
                                       ("largest", "int", "the largest prime p with `$lo` <= p <= `$hi`, or -1 if "
                                        "there is none", "max(primes, default=-1)")])
    env = dict(f=name(rng, f"primes_in_range_{kind}", f"prime_{kind}", f"{kind}_primes_between"), ret=ret, fin=fin,
               lo=lo, hi=hi)
    env["rule"] = say(rng, [rule], env)
    text = say(rng, ["Return $rule.",
                     "Given integers `$lo` and `$hi`, return $rule (an empty range has no primes).",
                     "For the range `$lo`..`$hi` (both ends included), compute $rule."], env)
    cases = [(0, 1), (10, 10), (2, 2), (5, 3), *(tuple(sorted((rng.randint(0, 60), rng.randint(0, 80))))
                                                 for _ in range(2))]
    return Spec(text, env["f"], codes(env, """
        def $f($lo: int, $hi: int) -> $ret:
            if $hi < 2:
                primes = []
            else:
                sieve = [True] * ($hi + 1)
                sieve[0] = sieve[1] = False
                for i in range(2, int($hi ** 0.5) + 1):
                    if sieve[i]:
                        for j in range(i * i, $hi + 1, i):
                            sieve[j] = False
                primes = [p for p in range(max($lo, 2), $hi + 1) if sieve[p]]
            return $fin
        """, """
        def $f($lo: int, $hi: int) -> $ret:
            primes = [p for p in range(max($lo, 2), $hi + 1) if all(p % d for d in range(2, int(p ** 0.5) + 1))]
            return $fin
        """, """
        def $f($lo: int, $hi: int) -> $ret:
            primes = []
            for p in range(max($lo, 2), $hi + 1):
                d = 2
                while d * d <= p and p % d:
                    d += 1
                if d * d > p:
                    primes.append(p)
            return $fin
        """), tuple(cases))


@template("number_theory", "hard")
def factorize(rng: Random) -> Spec:
    kind, ret, rule, fin = rng.choice([
        ("factors", "list[int]", "the prime factors of `$n` in non-decreasing order, with multiplicity", "factors"),
        ("distinct", "list[int]", "the distinct prime factors of `$n` in increasing order",
         "sorted(set(factors))"),
        ("exponents", "dict[int, int]", "a dict mapping each prime factor of `$n` to its exponent, in increasing order "
         "of the primes", "{p: factors.count(p) for p in factors}"),
        ("largest", "int", "the largest prime factor of `$n` (`$n` >= 2)", "max(factors)"),
        ("omega", "int", "the number of prime factors of `$n` counted with multiplicity", "len(factors)"),
    ])
    env = dict(f=name(rng, f"prime_{kind}", f"{kind}_of", "factorize" if kind == "factors" else f"factor_{kind}"),
               n=rng.choice(["n", "num", "value"]), ret=ret)
    env |= dict(rule=say(rng, [rule], env), fin=fin)
    text = say(rng, ["Return $rule. `$n` is an integer greater than 1.",
                     "For an integer `$n` >= 2, compute $rule."],
               env)
    cases = [(2,), (rng.choice([12, 60, 72, 90]),), (97,), (rng.choice([49, 121, 64]),), (rng.randint(2, 500),),
             (rng.randint(500, 3000),)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> $ret:
            factors, d = [], 2
            while d * d <= $n:
                while $n % d == 0:
                    factors.append(d)
                    $n //= d
                d += 1
            if $n > 1:
                factors.append($n)
            return $fin
        """, """
        def $f($n: int) -> $ret:
            def split(m: int) -> list[int]:
                if m == 1:
                    return []
                p = next(d for d in range(2, m + 1) if m % d == 0)
                return [p] + split(m // p)
            factors = split($n)
            return $fin
        """), tuple(cases))


@template("number_theory", "medium")
def base_convert(rng: Random) -> Spec:
    b = rng.choice([2, 3, 4, 5, 6, 7, 8, 9])
    to_base = rng.random() < 0.6
    n = rng.choice(["n", "num", "value"])
    if to_base:
        env = dict(f=name(rng, f"to_base{b}", f"base{b}_string", f"in_base_{b}"), n=n, b=b)
        text = say(rng, ["Return the base-$b representation of the non-negative integer `$n` as a string (\"0\" for "
                         "zero).",
                         "Write `$n` (>= 0) in base $b and return the digits as a string."], env)
        sources = ["""
        def $f($n: int) -> str:
            if $n == 0:
                return "0"
            digits = []
            while $n:
                $n, d = divmod($n, $b)
                digits.append(str(d))
            return "".join(reversed(digits))
        """, """
        def $f($n: int) -> str:
            if $n < $b:
                return str($n)
            return $f($n // $b) + str($n % $b)
        """]
        if b in (2, 8):
            env["code"] = "b" if b == 2 else "o"
            sources.append("""
        def $f($n: int) -> str:
            return format($n, "$code")
        """)
        cases = [(0,), (b - 1,), (b,), *((rng.randint(2, 2000),) for _ in range(3))]
    else:
        env = dict(f=name(rng, f"from_base{b}", f"parse_base{b}", f"base{b}_value"), s=rng.choice(["digits", "s"]), b=b)
        text = say(rng, ["`$s` is a non-empty string of base-$b digits. Return the integer it represents.",
                         "Convert the base-$b numeral `$s` to an int."], env)
        sources = ["""
        def $f($s: str) -> int:
            return int($s, $b)
        """, """
        def $f($s: str) -> int:
            value = 0
            for ch in $s:
                value = value * $b + int(ch)
            return value
        """, """
        def $f($s: str) -> int:
            return sum(int(ch) * $b ** i for i, ch in enumerate(reversed($s)))
        """]
        numerals = ["".join(str(rng.randint(0, b - 1)) for _ in range(rng.randint(2, 7))) for _ in range(3)]
        cases = [("0",), (str(b - 1),), ("10",), *((numeral,) for numeral in numerals)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("number_theory", "medium")
def collatz(rng: Random) -> Spec:
    kind, ret, rule = rng.choice([("steps", "int", "the number of steps needed to reach 1"),
                                  ("peak", "int", "the largest value reached (including `$n` itself)"),
                                  ("sequence", "list[int]", "the whole sequence from `$n` down to 1, both included"),
                                  ("odd_steps", "int", "how many of the steps apply the odd rule")])
    env = dict(f=name(rng, f"collatz_{kind}", f"hailstone_{kind}"), n=rng.choice(["n", "start", "value"]), ret=ret)
    env["rule"] = say(rng, [rule], env)
    text = say(rng, ["Starting from the positive integer `$n`, repeatedly halve it when it is even and replace it with "
                     "3 * n + 1 when it is odd, until it becomes 1. Return $rule.",
                     "For the Collatz process started at `$n` >= 1 (n -> n / 2 if n is even, else 3n + 1; stop at 1), "
                     "return $rule."], env)
    init, update, fin = {"steps": ("0", "acc += 1", "acc"), "peak": ("$n", "acc = max(acc, $n)", "acc"),
                         "sequence": ("[$n]", "acc.append($n)", "acc"),
                         "odd_steps": ("0", "acc += was_odd", "acc")}[kind]
    rec = {"steps": "0 if $n == 1 else 1 + $f(nxt)", "peak": "$n if $n == 1 else max($n, $f(nxt))",
           "sequence": "[$n] if $n == 1 else [$n] + $f(nxt)",
           "odd_steps": "0 if $n == 1 else $n % 2 + $f(nxt)"}[kind]
    env |= {k: say(rng, [v], env) for k, v in dict(init=init, update=update, fin=fin, rec=rec).items()}
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> $ret:
            acc = $init
            while $n != 1:
                was_odd = $n % 2
                $n = $n // 2 if $n % 2 == 0 else 3 * $n + 1
                $update
            return $fin
        """, """
        def $f($n: int) -> $ret:
            nxt = $n // 2 if $n % 2 == 0 else 3 * $n + 1
            return $rec
        """), tuple((v,) for v in (1, 2, 6, 7, rng.randint(8, 40), rng.randint(41, 99))))


@template("number_theory", "hard")
def digit_power_cycle(rng: Random) -> Spec:
    p, steps = rng.choice([2, 2, 3]), rng.random() < 0.4
    env = dict(f=name(rng, "happy_steps" if steps else "is_happy", "steps_to_one" if steps else "reaches_one",
                      "digit_cycle_length" if steps else "happy_number"), n=rng.choice(["n", "start", "num", "value"]),
               p=p, word={2: "squares", 3: "cubes"}[p])
    if steps:
        text = say(rng, ["Repeatedly replace the positive integer `$n` by the sum of the $word of its decimal digits. "
                         "Return the number of replacements needed to reach 1, or -1 if the process cycles without "
                         "ever reaching 1.",
                         "Starting at `$n`, map n to the sum of the $word of its digits until it becomes 1; return how "
                         "many steps that took, or -1 when a value repeats first."], env)
        sources = ["""
        def $f($n: int) -> int:
            seen, count = set(), 0
            while $n != 1:
                if $n in seen:
                    return -1
                seen.add($n)
                $n = sum(int(d) ** $p for d in str($n))
                count += 1
            return count
        """, """
        def $f($n: int) -> int:
            path = [$n]
            while path[-1] != 1:
                following = sum(int(d) ** $p for d in str(path[-1]))
                if following in path:
                    return -1
                path.append(following)
            return len(path) - 1
        """]
    else:
        text = say(rng, ["Repeatedly replace the positive integer `$n` by the sum of the $word of its decimal digits. "
                         "Return True if this process reaches 1, and False if it loops forever without reaching 1.",
                         "Starting at `$n`, map n to the sum of the $word of its digits. Does the sequence ever hit 1? "
                         "(It always ends in a cycle; detect it.)",
                         "Return whether iterating n -> (sum of the $word of the digits of n) from `$n` ever produces "
                         "1."], env)
        sources = ["""
        def $f($n: int) -> bool:
            seen = set()
            while $n != 1 and $n not in seen:
                seen.add($n)
                $n = sum(int(d) ** $p for d in str($n))
            return $n == 1
        """, """
        def $f($n: int) -> bool:
            def step(m: int) -> int:
                total = 0
                while m:
                    m, d = divmod(m, 10)
                    total += d ** $p
                return total
            slow, fast = $n, step($n)
            while fast != 1 and slow != fast:
                slow, fast = step(slow), step(step(fast))
            return fast == 1
        """]
    return Spec(text, env["f"], codes(env, *sources), tuple((v,) for v in (1, 7, 4, 19, rng.randint(2, 200),
                                                                          rng.randint(200, 999))))


# ------------------------------------------------------------------------------ bit_manipulation


@template("bit_manipulation", "easy")
def bit_count(rng: Random) -> Spec:
    kind, rule, ret, loop_update, fin, builtin = rng.choice([
        ("ones", "the number of 1 bits in the binary representation of `$n`", "int", "count += $n & 1", "count",
         "bin($n).count('1')"),
        ("parity", "True if `$n` has an odd number of 1 bits", "bool", "count += $n & 1", "count % 2 == 1",
         "bin($n).count('1') % 2 == 1"),
        ("zeros", "the number of 0 bits in the binary representation of `$n` (no leading zeros; 0 is written '0')",
         "int", "count += 1 - ($n & 1)", "count", "bin($n)[2:].count('0')"),
        ("length", "the number of bits needed to write `$n` in binary (0 needs 0 bits)", "int", "count += 1", "count",
         "$n.bit_length()"),
    ])
    env = dict(f=name(rng, f"count_{kind}" if kind != "parity" else "odd_parity", f"bit_{kind}", f"{kind}_bits"),
               n=rng.choice(["n", "x", "value", "mask"]), ret=ret)
    env |= dict(rule=say(rng, [rule], env), update=say(rng, [loop_update], env), fin=say(rng, [fin], env),
                builtin=say(rng, [builtin], env),
                zero=say(rng, ["if $n == 0:\n        return 1"], env) if kind == "zeros" else "")
    env["rec"] = {"ones": "0 if $n == 0 else ($n & 1) + $f($n >> 1)",
                  "parity": "False if $n == 0 else ($n & 1 == 1) != $f($n >> 1)",
                  "zeros": "1 if $n == 0 else (0 if $n == 1 else (1 - ($n & 1)) + $f($n >> 1))",
                  "length": "0 if $n == 0 else 1 + $f($n >> 1)"}[kind]
    env["rec"] = say(rng, [env["rec"]], env)
    text = say(rng, ["Return $rule. `$n` is a non-negative integer.",
                     "For the integer `$n` >= 0, compute $rule."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> $ret:
            $zero
            count = 0
            while $n:
                $update
                $n >>= 1
            return $fin
        """, """
        def $f($n: int) -> $ret:
            return $builtin
        """, """
        def $f($n: int) -> $ret:
            return $rec
        """), tuple((v,) for v in (0, 1, 2, rng.randint(3, 64), rng.randint(65, 1024), 255)))


@template("bit_manipulation", "easy")
def power_check(rng: Random) -> Spec:
    b, shift = rng.choice([(2, 1), (4, 2), (8, 3)])  # 8 ** k == 1 << (3 * k): the one bit sits at a multiple of 3
    env = dict(f=name(rng, f"is_power_of_{b}", f"power_of_{b}", f"check_power_{b}"), n=rng.choice(["n", "x", "value"]),
               b=b, mask=f" and ($n.bit_length() - 1) % {shift} == 0" if shift > 1 else "")
    env["mask"] = say(rng, [env["mask"]], env)
    text = say(rng, ["Return True if `$n` is a power of $b ($b ** k for some k >= 0), else False.",
                     "Check whether the integer `$n` equals $b raised to a non-negative integer power."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> bool:
            return $n > 0 and $n & ($n - 1) == 0$mask
        """, """
        def $f($n: int) -> bool:
            if $n < 1:
                return False
            while $n % $b == 0:
                $n //= $b
            return $n == 1
        """, """
        def $f($n: int) -> bool:
            power = 1
            while power < $n:
                power *= $b
            return power == $n
        """), tuple((v,) for v in (0, 1, b, b ** 3, 2 * b ** 2 if b != 2 else 6, rng.choice([-b, 3 * b, b ** 4]))))


@template("bit_manipulation", "easy")
def hamming(rng: Random) -> Spec:
    a, b = rng.choice([("a", "b"), ("x", "y"), ("left", "right")])
    env = dict(f=name(rng, "hamming_distance", "bit_difference", "count_differing_bits"),
               a=a, b=b)
    text = say(rng, ["Return the number of bit positions in which the non-negative integers `$a` and `$b` differ.",
                     "Compute the Hamming distance between the binary representations of `$a` and `$b`."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($a: int, $b: int) -> int:
            return bin($a ^ $b).count("1")
        """, """
        def $f($a: int, $b: int) -> int:
            diff, count = $a ^ $b, 0
            while diff:
                diff &= diff - 1
                count += 1
            return count
        """, """
        def $f($a: int, $b: int) -> int:
            width = max($a.bit_length(), $b.bit_length())
            return sum(((($a >> i) ^ ($b >> i)) & 1) for i in range(width))
        """), ((0, 0), (1, 4), (7, 7), *((rng.randint(0, 255), rng.randint(0, 255)) for _ in range(3))))


@template("bit_manipulation", "medium")
def bit_at(rng: Random) -> Spec:
    op, rule, ret, expr, arith = rng.choice([
        ("set", "`$n` with bit `$i` set to 1", "int", "$n | (1 << $i)", "$n if $n // 2 ** $i % 2 else $n + 2 ** $i"),
        ("clear", "`$n` with bit `$i` cleared to 0", "int", "$n & ~(1 << $i)",
         "$n - 2 ** $i if $n // 2 ** $i % 2 else $n"),
        ("toggle", "`$n` with bit `$i` flipped", "int", "$n ^ (1 << $i)",
         "$n - 2 ** $i if $n // 2 ** $i % 2 else $n + 2 ** $i"),
        ("test", "True if bit `$i` of `$n` is 1", "bool", "($n >> $i) & 1 == 1", "$n // 2 ** $i % 2 == 1"),
    ])
    env = dict(f=name(rng, f"{op}_bit", f"bit_{op}", f"{op}_bit_at"), n=rng.choice(["n", "x", "flags", "mask"]),
               i=rng.choice(["i", "pos", "bit"]), ret=ret)
    env |= dict(rule=say(rng, [rule], env), expr=say(rng, [expr], env), arith=say(rng, [arith], env))
    text = say(rng, ["Return $rule (bit 0 is the least significant). `$n` >= 0.",
                     "Given a non-negative integer `$n` and a bit index `$i` (0 = lowest bit), return $rule."], env)
    env["bits_fix"] = {"set": "bits[$i] = '1'", "clear": "bits[$i] = '0'",
                       "toggle": "bits[$i] = '1' if bits[$i] == '0' else '0'", "test": ""}[op]
    env["bits_fix"] = say(rng, [env["bits_fix"]], env)
    sources = ["""
        def $f($n: int, $i: int) -> $ret:
            return $expr
        """, """
        def $f($n: int, $i: int) -> $ret:
            return $arith
        """]
    if op != "test":
        sources.append("""
        def $f($n: int, $i: int) -> $ret:
            bits = list(bin($n)[2:].zfill($i + 1)[::-1])
            $bits_fix
            return int("".join(reversed(bits)), 2)
        """)
    cases = [(0, 0), (1, 0), (5, 1), *((rng.randint(0, 255), rng.randint(0, 8)) for _ in range(3))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("bit_manipulation", "medium")
def reverse_bits(rng: Random) -> Spec:
    w = rng.choice([4, 8, 12, 16])
    rotate = rng.random() < 0.4
    env = dict(f=name(rng, f"rotate_left_{w}" if rotate else f"reverse_{w}_bits", "bit_rotate" if rotate else
                      "mirror_bits"), n=rng.choice(["n", "x", "word"]), w=w, mask=(1 << w) - 1)
    if rotate:
        text = say(rng, ["Treat `$n` (0 <= `$n` < 2**$w) as a $w-bit number and rotate its bits left by `k` positions: "
                         "bits shifted out at the top re-enter at the bottom. Return the result.",
                         "Return the $w-bit left rotation of `$n` by `k` places."], env)
        sources = ["""
        def $f($n: int, k: int) -> int:
            k %= $w
            return (($n << k) | ($n >> ($w - k))) & $mask
        """, """
        def $f($n: int, k: int) -> int:
            bits = format($n, "0${w}b")
            k %= $w
            return int(bits[k:] + bits[:k], 2)
        """, """
        def $f($n: int, k: int) -> int:
            for _ in range(k):
                $n = (($n << 1) & $mask) | ($n >> ($w - 1))
            return $n
        """]
        cases = [(0, 3), (1, 1), (1 << (w - 1), 1), *((rng.randint(0, (1 << w) - 1), rng.randint(0, 2 * w))
                                                      for _ in range(3))]
    else:
        text = say(rng, ["Treat `$n` (0 <= `$n` < 2**$w) as a $w-bit number and return the number whose $w bits are "
                         "those of `$n` in reverse order.",
                         "Reverse the order of the $w low bits of `$n` and return the resulting integer."], env)
        sources = ["""
        def $f($n: int) -> int:
            result = 0
            for _ in range($w):
                result = (result << 1) | ($n & 1)
                $n >>= 1
            return result
        """, """
        def $f($n: int) -> int:
            return int(format($n, "0${w}b")[::-1], 2)
        """, """
        def $f($n: int) -> int:
            return sum(1 << ($w - 1 - i) for i in range($w) if $n >> i & 1)
        """]
        cases = [(0,), (1,), ((1 << w) - 1,), *((rng.randint(0, (1 << w) - 1),) for _ in range(3))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("bit_manipulation", "hard")
def odd_one_out(rng: Random) -> Spec:
    missing = rng.random() < 0.5
    xs = rng.choice(["nums", "values", "xs"])
    if missing:
        env = dict(f=name(rng, "missing_number", "find_missing", "absent_value"), xs=xs)
        text = say(rng, ["`$xs` contains n distinct integers taken from 0..n (inclusive), so exactly one is missing. "
                         "Return the missing number.",
                         "Every number from 0 to len(`$xs`) appears in `$xs` once, except one. Find it."], env)
        sources = ["""
        from functools import reduce
        from operator import xor


        def $f($xs: list[int]) -> int:
            return reduce(xor, $xs, 0) ^ reduce(xor, range(len($xs) + 1), 0)
        """, """
        def $f($xs: list[int]) -> int:
            size = len($xs)
            return size * (size + 1) // 2 - sum($xs)
        """, """
        def $f($xs: list[int]) -> int:
            present = set($xs)
            return next(v for v in range(len($xs) + 1) if v not in present)
        """]
        cases = []
        for size in (0, 1, rng.randint(3, 6), rng.randint(5, 9), rng.randint(2, 9)):
            values = list(range(size + 1))
            values.remove(rng.choice(values))
            rng.shuffle(values)
            cases.append((values,))
    else:
        env = dict(f=name(rng, "single_number", "unpaired", "lonely_value"), xs=xs)
        text = say(rng, ["Every value in `$xs` appears exactly twice except one, which appears once. Return it.",
                         "Find the element of `$xs` without a partner: all others occur exactly two times."], env)
        sources = ["""
        from functools import reduce


        def $f($xs: list[int]) -> int:
            return reduce(lambda a, b: a ^ b, $xs)
        """, """
        def $f($xs: list[int]) -> int:
            result = 0
            for x in $xs:
                result ^= x
            return result
        """, """
        def $f($xs: list[int]) -> int:
            return 2 * sum(set($xs)) - sum($xs)
        """, """
        from collections import Counter


        def $f($xs: list[int]) -> int:
            return next(v for v, c in Counter($xs).items() if c == 1)
        """]
        cases = []
        for size in (0, 1, rng.randint(2, 4), rng.randint(3, 5), rng.randint(2, 5)):
            values = rng.sample(range(-9, 30), size + 1)
            items = values[:size] * 2 + [values[size]]
            rng.shuffle(items)
            cases.append((items,))
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("bit_manipulation", "hard")
def gray_code(rng: Random) -> Spec:
    decode = rng.random() < 0.4
    if decode:
        env = dict(f=name(rng, "gray_to_binary", "decode_gray", "from_gray"), g=rng.choice(["g", "code", "gray"]))
        text = say(rng, ["`$g` is a number in reflected binary Gray code. Return the ordinary integer it encodes (the "
                         "inverse of n ^ (n >> 1)).",
                         "Decode the Gray code `$g` back to the integer n with n ^ (n >> 1) == `$g`."], env)
        sources = ["""
        def $f($g: int) -> int:
            n = 0
            while $g:
                n ^= $g
                $g >>= 1
            return n
        """, """
        def $f($g: int) -> int:
            return next(n for n in range(2 * $g + 1) if n ^ (n >> 1) == $g)
        """, """
        def $f($g: int) -> int:
            return 0 if $g == 0 else $g ^ $f($g >> 1)
        """]
        cases = [(0,), (1,), (2,), *((rng.randint(3, 500),) for _ in range(3))]
    else:
        env = dict(f=name(rng, "gray_code", "gray_sequence", "reflected_gray"), n=rng.choice(["n", "bits", "width"]))
        text = say(rng, ["Return the list of all 2**`$n` integers of the `$n`-bit reflected binary Gray code in order, "
                         "starting at 0 (element i is i ^ (i >> 1)).",
                         "Generate the `$n`-bit Gray code sequence as integers, where consecutive values differ in one "
                         "bit and the sequence is built by reflection."], env)
        sources = ["""
        def $f($n: int) -> list[int]:
            return [i ^ (i >> 1) for i in range(1 << $n)]
        """, """
        def $f($n: int) -> list[int]:
            codes = [0]
            for bit in range($n):
                codes += [c | (1 << bit) for c in reversed(codes)]
            return codes
        """, """
        def $f($n: int) -> list[int]:
            if $n == 0:
                return [0]
            smaller = $f($n - 1)
            return smaller + [c | (1 << ($n - 1)) for c in reversed(smaller)]
        """]
        cases = [(0,), (1,), (2,), (3,), (4,)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


# ---------------------------------------------------------------------------------- conditionals

LABEL_SETS = (("cold", "mild", "warm", "hot", "scorching"), ("low", "medium", "high", "critical", "extreme"),
              ("F", "D", "C", "B", "A"), ("tiny", "small", "medium", "large", "huge"),
              ("slow", "steady", "fast", "rapid", "blazing"), ("bronze", "silver", "gold", "platinum", "diamond"))


def piecewise(rng: Random, cuts: int) -> Spec:
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
    text = say(rng, ["Return a label for the integer `$n`: $rules.",
                     "Classify `$n` and return the matching string: $rules."], env)
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
    return piecewise(rng, 2)


@template("conditionals", "medium")
def grade(rng: Random) -> Spec:
    return piecewise(rng, rng.choice([3, 4]))


WORD_PAIRS = (("Fizz", "Buzz"), ("Foo", "Bar"), ("Ping", "Pong"), ("Zip", "Zap"), ("Tick", "Tock"), ("Hip", "Hop"))


@template("conditionals", "easy")
def fizzbuzz(rng: Random) -> Spec:
    a, b = rng.sample([2, 3, 4, 5, 6, 7], 2)
    w1, w2 = rng.choice(WORD_PAIRS)
    env = dict(f=name(rng, "fizzbuzz", f"{w1.lower()}{w2.lower()}", "say_number"), n=rng.choice(["n", "i", "number"]),
               a=a, b=b, w1=w1, w2=w2)
    text = say(rng, ["Return '$w1$w2' if `$n` is divisible by both $a and $b, '$w1' if only by $a, '$w2' if only by "
                     "$b, and otherwise `$n` as a string.",
                     "For the positive integer `$n` return '$w1' when $a divides it, '$w2' when $b divides it, "
                     "'$w1$w2' when both do, else str(`$n`)."], env)
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


@template("conditionals", "medium")
def triangle_kind(rng: Random) -> Spec:
    by_angle = rng.random() < 0.4
    a, b, c = rng.choice([("a", "b", "c"), ("x", "y", "z"), ("s1", "s2", "s3"), ("p", "q", "r"),
                          ("side_a", "side_b", "side_c")])
    env = dict(f=name(rng, "triangle_type", "classify_triangle", "triangle_kind"), a=a, b=b, c=c)
    if by_angle:
        text = say(rng, ["Given three positive side lengths `$a`, `$b`, `$c`, return 'invalid' if they violate the "
                         "triangle inequality (the longest side must be shorter than the sum of the other two), "
                         "otherwise 'right', 'acute' or 'obtuse' according to the largest angle.",
                         "Classify the triangle with integer sides `$a`, `$b`, `$c` by its largest angle ('right', "
                         "'acute', 'obtuse'), or return 'invalid' when no triangle has these sides."], env)
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
        text = say(rng, ["Given three positive side lengths `$a`, `$b`, `$c`, return 'invalid' if they cannot form a "
                         "triangle (some side >= the sum of the other two), else 'equilateral', 'isosceles' or "
                         "'scalene'.",
                         "Return the kind of triangle with sides `$a`, `$b`, `$c`: 'equilateral', 'isosceles', "
                         "'scalene', or 'invalid' when the triangle inequality fails."], env)
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


@template("conditionals", "easy")
def pick_of_three(rng: Random) -> Spec:
    kind = rng.choice(["median", "largest", "smallest"])
    a, b, c = rng.choice([("a", "b", "c"), ("x", "y", "z"), ("p", "q", "r")])
    env = dict(f=name(rng, f"{kind}_of_three", f"{kind}3", kind), a=a, b=b, c=c,
               word={"median": "the middle value (the median)", "largest": "the largest",
                     "smallest": "the smallest"}[kind])
    text = say(rng, ["Return $word of the three integers `$a`, `$b` and `$c`.",
                     "Given `$a`, `$b`, `$c`, return $word of them."], env)
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


@template("conditionals", "medium")
def shipping_cost(rng: Random) -> Spec:
    light, base, per = rng.randint(1, 5), rng.randint(200, 600), rng.randint(50, 200)
    free, express = rng.randint(30, 150) * 100, rng.randint(300, 900)
    env = dict(f=name(rng, "shipping_cost", "delivery_fee", "postage"), w=rng.choice(["weight", "kg"]),
               light=light, base=base, per=per, free=free, express=express)
    text = say(rng, ["Return the shipping cost in cents for an order worth `total` cents weighing `$w` kg (integer): "
                     "orders of $free cents or more ship free; otherwise the cost is $base cents for up to $light kg "
                     "plus $per cents per kg above that; `express` adds $express cents in every case.",
                     "Compute the delivery fee (cents). Rules, in order: express delivery always costs $express cents "
                     "extra; an order total of at least $free cents ships free; otherwise pay $base cents, plus $per "
                     "cents for each kg of `$w` beyond $light."], env)
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


PASSWORD_RULES = (  # (message, failing test on s, as regex-free Python)
    ("too short", "len(s) < {k}"), ("too long", "len(s) > {m}"), ("no digit", "not any(c.isdigit() for c in s)"),
    ("no uppercase letter", "not any(c.isupper() for c in s)"), ("no lowercase letter",
                                                                 "not any(c.islower() for c in s)"),
    ("contains a space", "' ' in s"), ("no special character", "not any(c in '{sp}' for c in s)"),
    ("starts with a digit", "s[:1].isdigit()"),
)


@template("conditionals", "hard")
def password_check(rng: Random) -> Spec:
    k, sp = rng.randint(6, 10), rng.choice(["!@#", "!?*", "%&", "#_-"])
    rules = rng.sample(PASSWORD_RULES, rng.randint(3, 5))
    rules = [(msg, test.format(k=k, m=k + rng.randint(4, 10), sp=sp)) for msg, test in rules]
    env = dict(f=name(rng, "password_problem", "check_password", "first_violation"),
               rules="; ".join(f"'{msg}' if {test}" for msg, test in rules),
               chain="\n    ".join(f"if {test}:\n        return '{msg}'" for msg, test in rules),
               table="\n        ".join(f"('{msg}', lambda: {test})," for msg, test in rules),
               comp="[" + ", ".join(f"('{msg}', {test})" for msg, test in rules) + "]")
    text = say(rng, ["Check the password `s` against these rules in order and return the message of the first one that "
                     "fails, or 'ok' if none fails: $rules.",
                     "Validate `s`. Return the first applicable message of this ordered list: $rules. Return 'ok' when "
                     "the password passes every check."], env)
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


# ----------------------------------------------------------------------------------------- loops


@template("loops", "easy")
def series_sum(rng: Random) -> Spec:
    p, a, b = rng.randint(1, 3), *rng.sample([2, 3, 4, 5, 7], 2)
    kind, rule, cond, term = rng.choice([
        ("powers", f"the sum of i**{p} for i from 1 to `$n` inclusive", "True", f"i ** {p}"),
        ("multiples", f"the sum of all positive integers below `$n` that are divisible by {a} or {b}",
         f"i < $n and (i % {a} == 0 or i % {b} == 0)", "i"),
        ("odds", "the sum of the odd numbers from 1 to `$n` inclusive", "i % 2 == 1", "i"),
        ("evens_squared", "the sum of the squares of the even numbers from 1 to `$n` inclusive", "i % 2 == 0", "i * i"),
    ])
    env = dict(f=name(rng, f"sum_of_{kind}", f"{kind}_total", f"series_{kind}"), n=rng.choice(["n", "limit", "upto"]))
    env |= dict(rule=say(rng, [rule], env), cond=say(rng, [cond], env), term=term)
    text = say(rng, ["Return $rule.",
                     "Compute $rule (0 when there are no terms)."], env)
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


@template("loops", "easy")
def digit_op(rng: Random) -> Spec:
    slug, phrase, init, update, fin, string = rng.choice(DIGIT_OPS)
    env = dict(f=name(rng, slug, f"{slug}_of", f"compute_{slug}"), n=rng.choice(["n", "num", "value"]), init=init,
               update=update, fin=fin, imp="import math" if "math." in string else "")
    env |= dict(phrase=say(rng, [phrase], env), string=say(rng, [string], env))
    text = say(rng, ["Return $phrase. `$n` is a non-negative integer.",
                     "For the integer `$n` >= 0, compute $phrase."],
               env)
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


@template("loops", "medium")
def text_pattern(rng: Random) -> Spec:
    kind = rng.choice(PATTERNS)
    ch = rng.choice("*#+o@")
    rule = {"left": "row i (1-based) is i copies of '$ch'",
            "right": "row i (1-based) is i copies of '$ch' right-aligned to width `$n` with spaces",
            "pyramid": "row i (1-based) is 2*i - 1 copies of '$ch' centred with `$n` - i leading spaces and no "
                       "trailing spaces",
            "inverted": "row i (1-based) is `$n` - i + 1 copies of '$ch'"}[kind]
    row = {"left": "'$ch' * i", "right": "' ' * ($n - i) + '$ch' * i",
           "pyramid": "' ' * ($n - i) + '$ch' * (2 * i - 1)", "inverted": "'$ch' * ($n - i + 1)"}[kind]
    env = dict(f=name(rng, f"{kind}_triangle", "draw_rows", f"{kind}_pattern"), n=rng.choice(["n", "rows", "height"]),
               ch=ch)
    env |= dict(rule=say(rng, [rule], env), row=say(rng, [row], env))
    text = say(rng, ["Return a list of `$n` strings drawing a triangle: $rule.",
                     "Build the rows of a text triangle of height `$n` as a list of strings, where $rule."], env)
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


@template("loops", "medium")
def recurrence_terms(rng: Random) -> Spec:
    p, q = rng.choice([1, 2, 3]), rng.choice([1, -1, 2])
    a0, a1 = rng.randint(0, 3), rng.randint(1, 4)
    env = dict(f=name(rng, "sequence_terms", "first_terms", "recurrence", "generate_sequence"),
               n=rng.choice(["n", "count", "k"]), p=p, q=q, a0=a0, a1=a1,
               rule="a(i) = " + ("a(i-1)" if p == 1 else f"{p} * a(i-1)")
               + {1: " + a(i-2)", -1: " - a(i-2)"}.get(q, f" + {q} * a(i-2)"))
    text = say(rng, ["A sequence starts with a(0) = $a0 and a(1) = $a1, and then $rule. Return the list of its first "
                     "`$n` terms.",
                     "Return [a(0), ..., a(`$n` - 1)] for the sequence with a(0) = $a0, a(1) = $a1 and $rule for i >= "
                     "2."], env)
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


@template("loops", "medium")
def count_divisions(rng: Random) -> Spec:
    d, k = rng.randint(2, 5), rng.randint(1, 10)
    env = dict(f=name(rng, "count_divisions", "steps_to_shrink", "halvings"), n=rng.choice(["n", "value", "x"]), d=d,
               k=k)
    text = say(rng, ["How many times must the non-negative integer `$n` be integer-divided by $d (n = n // $d) until "
                     "it is less than $k? Return that count (0 if it already is).",
                     "Repeatedly replace `$n` with `$n` // $d while it is at least $k; return how many replacements "
                     "were made."], env)
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


@template("loops", "hard")
def count_pairs(rng: Random) -> Spec:
    k, m = rng.randint(2, 7), rng.randint(5, 40)
    rule, cond = rng.choice([(f"(i + j) is divisible by {k}", f"(i + j) % {k} == 0"),
                             (f"i * j <= {m}", f"i * j <= {m}"), (f"j - i >= {k}", f"j - i >= {k}"),
                             (f"i + j is a multiple of {k} and i * j is even",
                              f"(i + j) % {k} == 0 and i * j % 2 == 0"),
                             ("i divides j", "j % i == 0")])
    env = dict(f=name(rng, "count_pairs", "pair_count", "matching_pairs"), n=rng.choice(["n", "limit", "top"]),
               rule=rule, cond=cond)
    text = say(rng, ["Return the number of pairs of integers (i, j) with 1 <= i < j <= `$n` such that $rule.",
                     "Count the pairs 1 <= i < j <= `$n` for which $rule."], env)
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


@template("loops", "hard")
def next_matching(rng: Random) -> Spec:
    k = rng.randint(2, 9)
    rule, cond = rng.choice([(f"whose digit sum is divisible by {k}", f"sum(map(int, str(m))) % {k} == 0"),
                             (f"that is a palindrome and divisible by {k}", f"str(m) == str(m)[::-1] and m % {k} == 0"),
                             (f"that has no digit {k}", f"'{k}' not in str(m)"),
                             (f"that is a perfect square divisible by {k}",
                              f"round(m ** 0.5) ** 2 == m and m % {k} == 0")])
    env = dict(f=name(rng, "next_matching", "smallest_at_least", "find_next"), s=rng.choice(["start", "n", "lower"]),
               rule=rule, cond=cond)
    text = say(rng, ["Return the smallest integer m >= `$s` $rule. `$s` is a non-negative integer.",
                     "Starting at `$s` and counting up, find the first number $rule."], env)
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


# ------------------------------------------------------------------------------------- recursion


@template("recursion", "easy")
def factorial_like(rng: Random) -> Spec:
    kind, rule, base, step, rng_expr = rng.choice([
        ("factorial", "`$n`! (the product 1 * 2 * ... * `$n`; 0! is 1)", "1", "$n * $f($n - 1)", "range(1, $n + 1)"),
        ("double_factorial", "the double factorial `$n`!! = `$n` * (`$n` - 2) * ... down to 1 or 2 (0!! is 1)", "1",
         "$n * $f($n - 2)", "range($n, 0, -2)"),
        ("triangular", "1 + 2 + ... + `$n` (0 for `$n` = 0)", "0", "$n + $f($n - 1)", "range(1, $n + 1)"),
        ("sum_of_squares", "1**2 + 2**2 + ... + `$n`**2", "0", "$n * $n + $f($n - 1)",
         "(i * i for i in range(1, $n + 1))"),
    ])
    env = dict(f=name(rng, kind, f"{kind}_of", f"compute_{kind}"), n=rng.choice(["n", "k", "num"]), base=base)
    env |= dict(rule=say(rng, [rule], env), step=say(rng, [step], env), it=say(rng, [rng_expr], env),
                agg="math.prod" if base == "1" else "sum", op="*" if base == "1" else "+",
                small="1" if base == "1" else env["n"], imp="import math" if base == "1" else "")
    text = say(rng, ["Return $rule for the non-negative integer `$n`.",
                     "Compute $rule."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            if $n <= 1:
                return $small
            return $step
        """, """
        $imp


        def $f($n: int) -> int:
            return $agg($it)
        """, """
        from functools import reduce


        def $f($n: int) -> int:
            return reduce(lambda acc, i: acc $op i, $it, $base)
        """), tuple((v,) for v in (0, 1, 2, rng.randint(3, 6), rng.randint(7, 12))))


@template("recursion", "medium")
def nested_stat(rng: Random) -> Spec:
    kind, rule, leaf = rng.choice([
        ("sum", "the sum of all integers in it", "item"),
        ("count", "how many integers it contains at any depth", "1"),
        ("depth", "its nesting depth: a flat list (even empty) has depth 1, and each level of inner list adds 1", ""),
        ("max", "the largest integer in it, or None if it contains no integers", ""),
    ])
    env = dict(f=name(rng, f"nested_{kind}", f"deep_{kind}", f"{kind}_nested"),
               xs=rng.choice(["nested", "tree", "data"]), rule=rule, leaf=leaf)
    text = say(rng, ["`$xs` is a list whose elements are integers or further such lists. Return $rule.",
                     "Given an arbitrarily nested list of integers `$xs`, compute $rule."], env)

    def nested(depth: int) -> list:
        return [nested(depth - 1) if depth and rng.random() < 0.4 else rng.randint(-5, 9)
                for _ in range(rng.randint(0, 3))]
    cases = [([],), ([[]],), ([1, [2, [3]]],), (nested(3),), (nested(3),), (nested(4),)]
    if kind == "depth":
        sources = ["""
        def $f($xs: list) -> int:
            return 1 + max([$f(item) for item in $xs if isinstance(item, list)], default=0)
        """, """
        def $f($xs: list) -> int:
            best, stack = 0, [($xs, 1)]
            while stack:
                items, level = stack.pop()
                best = max(best, level)
                stack.extend((item, level + 1) for item in items if isinstance(item, list))
            return best
        """]
    elif kind == "max":
        sources = ["""
        def $f($xs: list) -> int | None:
            best = None
            for item in $xs:
                value = $f(item) if isinstance(item, list) else item
                if value is not None and (best is None or value > best):
                    best = value
            return best
        """, """
        def $f($xs: list) -> int | None:
            found, stack = [], [$xs]
            while stack:
                for item in stack.pop():
                    (stack if isinstance(item, list) else found).append(item)
            return max(found, default=None)
        """]
    else:
        sources = ["""
        def $f($xs: list) -> int:
            return sum($f(item) if isinstance(item, list) else $leaf for item in $xs)
        """, """
        def $f($xs: list) -> int:
            total, stack = 0, [$xs]
            while stack:
                for item in stack.pop():
                    if isinstance(item, list):
                        stack.append(item)
                    else:
                        total += $leaf
            return total
        """]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("recursion", "medium")
def fib_like(rng: Random) -> Spec:
    order = rng.choice([2, 2, 3])
    starts = [rng.randint(0, 2) for _ in range(order - 1)] + [rng.randint(1, 3)]
    env = dict(f=name(rng, "tribonacci" if order == 3 else "fibonacci_variant", "nth_term", "sequence_value"),
               n=rng.choice(["n", "k", "index"]), order=order, starts=tuple(starts),
               defn=", ".join(f"a({i}) = {v}" for i, v in enumerate(starts)),
               rule="a(n) = a(n-1) + a(n-2)" + (" + a(n-3)" if order == 3 else ""),
               sum_prev=" + ".join(f"{'$f'}($n - {i})" for i in range(1, order + 1)),
               window=", ".join(f"w{i}" for i in range(order)))
    env["sum_prev"] = say(rng, [env["sum_prev"]], env)
    env["roll"] = (f"{env['window']} = " + ", ".join([f"w{i}" for i in range(1, order)] + [
        " + ".join(f"w{i}" for i in range(order))]))
    text = say(rng, ["A sequence is defined by $defn and $rule. Return a(`$n`) for `$n` >= 0.",
                     "Return the `$n`-th term (0-based) of the sequence with $defn and $rule."], env)
    return Spec(text, env["f"], codes(env, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($n: int) -> int:
            if $n < $order:
                return $starts[$n]
            return $sum_prev
        """, """
        def $f($n: int) -> int:
            $window = $starts
            for _ in range($n):
                $roll
            return w0
        """, """
        def $f($n: int) -> int:
            terms = list($starts)
            while len(terms) <= $n:
                terms.append(sum(terms[-$order:]))
            return terms[$n]
        """), tuple((v,) for v in (0, order - 1, order, rng.randint(4, 9), rng.randint(10, 20))))


@template("recursion", "medium")
def power(rng: Random) -> Spec:
    mod = rng.random() < 0.4
    m = rng.choice([7, 10, 13, 97, 1000])
    env = dict(f=name(rng, "power_mod" if mod else "power", "fast_power", "int_pow"),
               b=rng.choice(["base", "b", "x"]), e=rng.choice(["exp", "e", "k"]),
               wrap=f" % {m}" if mod else "", comma_m=f", {m}" if mod else "")
    env["rule"] = say(rng, [f"(`$b` ** `$e`) % {m}" if mod else "`$b` ** `$e`"], env)
    text = say(rng, ["Return $rule for an integer base and a non-negative integer exponent, using exponentiation by "
                     "squaring or repeated multiplication.",
                     "Compute $rule (the exponent is >= 0)."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($b: int, $e: int) -> int:
            if $e == 0:
                return 1$wrap
            half = $f($b, $e // 2)
            result = half * half$wrap
            return result * $b$wrap if $e % 2 else result
        """, """
        def $f($b: int, $e: int) -> int:
            result = 1
            while $e:
                if $e & 1:
                    result = result * $b$wrap
                $b = $b * $b$wrap
                $e >>= 1
            return result$wrap
        """, """
        def $f($b: int, $e: int) -> int:
            return pow($b, $e$comma_m)
        """), ((2, 0), (3, 1), (2, 10), (-3, 3), (rng.randint(2, 9),
                                                                                          rng.randint(2, 15))))


@template("recursion", "hard")
def combinatorics(rng: Random) -> Spec:
    kind = rng.choice(["subsets", "permutations", "combinations"])
    env = dict(f=name(rng, f"all_{kind}", kind, f"list_{kind}"), xs=rng.choice(["items", "xs", "values"]))
    if kind == "subsets":
        text = say(rng, ["Return all subsets of the list of distinct integers `$xs`, each as a list keeping the "
                         "original order of `$xs`; sort the result (as lists compare).",
                         "Generate the power set of `$xs` (distinct values): every subset as a list in the order of "
                         "`$xs`, and the whole result sorted."], env)
        sources = ["""
        def $f($xs: list[int]) -> list[list[int]]:
            if not $xs:
                return [[]]
            rest = $f($xs[1:])
            return sorted(rest + [[$xs[0]] + s for s in rest])
        """, """
        def $f($xs: list[int]) -> list[list[int]]:
            size = len($xs)
            return sorted([[$xs[i] for i in range(size) if mask >> i & 1] for mask in range(1 << size)])
        """, """
        import itertools


        def $f($xs: list[int]) -> list[list[int]]:
            return sorted(list(c) for r in range(len($xs) + 1) for c in itertools.combinations($xs, r))
        """]
        cases = [([],), ([1],), (rng.sample(range(9), 2),), (rng.sample(range(9), 3),), (rng.sample(range(9), 4),)]
    elif kind == "permutations":
        text = say(rng, ["Return all permutations of the list of distinct integers `$xs` as lists, in lexicographic "
                         "order.",
                         "List every ordering of the distinct values in `$xs`, sorted lexicographically."],
                   env)
        sources = ["""
        def $f($xs: list[int]) -> list[list[int]]:
            if not $xs:
                return [[]]
            result = []
            for i, x in enumerate(sorted($xs)):
                rest = sorted($xs)[:i] + sorted($xs)[i + 1:]
                result += [[x] + p for p in $f(rest)]
            return result
        """, """
        import itertools


        def $f($xs: list[int]) -> list[list[int]]:
            return [list(p) for p in itertools.permutations(sorted($xs))]
        """, """
        def $f($xs: list[int]) -> list[list[int]]:
            perms = [[]]
            for x in $xs:
                perms = [p[:i] + [x] + p[i:] for p in perms for i in range(len(p) + 1)]
            return sorted(perms)
        """]
        cases = [([],), ([5],), (rng.sample(range(9), 2),), (rng.sample(range(9), 3),), (rng.sample(range(9), 3),)]
    else:
        text = say(rng, ["Return all combinations of `k` elements of the distinct integers `$xs`, each as a list in "
                         "the order of `$xs`, with the combinations in the order their positions appear "
                         "lexicographically.",
                         "List the `k`-element combinations of `$xs` like itertools.combinations does, as lists."], env)
        sources = ["""
        import itertools


        def $f($xs: list[int], k: int) -> list[list[int]]:
            return [list(c) for c in itertools.combinations($xs, k)]
        """, """
        def $f($xs: list[int], k: int) -> list[list[int]]:
            if k == 0:
                return [[]]
            if len($xs) < k:
                return []
            return [[$xs[0]] + c for c in $f($xs[1:], k - 1)] + $f($xs[1:], k)
        """]
        cases = [([], 0), ([1, 2], 3), (rng.sample(range(9), 3), 2), (rng.sample(range(9), 4), 2),
                 (rng.sample(range(9), 5), 3), (rng.sample(range(9), 3), 1)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("recursion", "hard")
def constrained_strings(rng: Random) -> Spec:
    kind = rng.choice(["parens", "no_adjacent_ones", "no_repeat"])
    env = dict(f=name(rng, {"parens": "balanced_parens", "no_adjacent_ones": "fibonacci_words",
                            "no_repeat": "no_repeat_strings"}[kind], "generate_strings", "all_valid"),
               n=rng.choice(["n", "size", "length"]), alpha=rng.choice(["ab", "abc", "xyz", "01"]))
    rule = {"parens": "all strings of `$n` pairs of balanced parentheses '()'",
            "no_adjacent_ones": "all binary strings of length `$n` with no two adjacent '1' characters",
            "no_repeat": "all strings of length `$n` over the letters '$alpha' in which no two neighbouring characters "
                         "are equal"}[kind]
    env["rule"] = say(rng, [rule], env)
    text = say(rng, ["Return $rule, sorted.",
                     "Generate $rule and return them as a sorted list."], env)
    if kind == "parens":
        sources = ["""
        def $f($n: int) -> list[str]:
            result = []
            def build(prefix: str, opened: int, closed: int) -> None:
                if len(prefix) == 2 * $n:
                    result.append(prefix)
                    return
                if opened < $n:
                    build(prefix + "(", opened + 1, closed)
                if closed < opened:
                    build(prefix + ")", opened, closed + 1)
            build("", 0, 0)
            return sorted(result)
        """, """
        import itertools


        def $f($n: int) -> list[str]:
            def balanced(s: str) -> bool:
                depth = 0
                for ch in s:
                    depth += 1 if ch == "(" else -1
                    if depth < 0:
                        return False
                return depth == 0
            return sorted("".join(p) for p in itertools.product("()", repeat=2 * $n) if balanced(p))
        """]
        cases = [(0,), (1,), (2,), (3,)]
    else:
        alpha = "01" if kind == "no_adjacent_ones" else env["alpha"]
        ok = "not ({a} == '1' and {b} == '1')" if kind == "no_adjacent_ones" else "{a} != {b}"
        env |= dict(alpha=alpha, ok=ok.format(a="a", b="b"), ok_last=ok.format(a="s[-1]", b="ch"))
        sources = ["""
        def $f($n: int) -> list[str]:
            if $n == 0:
                return [""]
            result = []
            for s in $f($n - 1):
                for ch in "$alpha":
                    if not s or $ok_last:
                        result.append(s + ch)
            return sorted(result)
        """, """
        import itertools


        def $f($n: int) -> list[str]:
            words = ("".join(p) for p in itertools.product("$alpha", repeat=$n))
            return sorted(w for w in words if all($ok for a, b in zip(w, w[1:])))
        """]
        cases = [(0,), (1,), (2,), (3,)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("recursion", "hard")
def hanoi(rng: Random) -> Spec:
    pegs = rng.choice([("A", "B", "C"), ("L", "M", "R"), ("1", "2", "3"), ("X", "Y", "Z")])
    env = dict(f=name(rng, "hanoi", "hanoi_moves", "tower_moves", "solve_towers"), n=rng.choice(["n", "disks"]),
               s=pegs[0], t=pegs[2], m=pegs[1])
    text = say(rng, ["Return the list of moves that transfers `$n` disks from peg '$s' to peg '$t' using peg '$m', in "
                     "the Tower of Hanoi puzzle; each move is a tuple (from_peg, to_peg). Use the standard optimal "
                     "solution (2**`$n` - 1 moves).",
                     "Solve the Towers of Hanoi for `$n` disks moving them from '$s' to '$t' with spare peg '$m': "
                     "return the optimal sequence of (from, to) moves."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int, source: str = "$s", target: str = "$t", spare: str = "$m") -> list[tuple[str, str]]:
            if $n == 0:
                return []
            return ($f($n - 1, source, spare, target) + [(source, target)]
                    + $f($n - 1, spare, target, source))
        """, """
        def $f($n: int) -> list[tuple[str, str]]:
            moves = []
            def move(k: int, source: str, target: str, spare: str) -> None:
                if k:
                    move(k - 1, source, spare, target)
                    moves.append((source, target))
                    move(k - 1, spare, target, source)
            move($n, "$s", "$t", "$m")
            return moves
        """, """
        def $f($n: int) -> list[tuple[str, str]]:
            moves, stack = [], [($n, "$s", "$t", "$m", False)]
            while stack:
                k, source, target, spare, ready = stack.pop()
                if k == 0:
                    continue
                if ready:
                    moves.append((source, target))
                    continue
                stack.append((k - 1, spare, target, source, False))
                stack.append((k, source, target, spare, True))
                stack.append((k - 1, source, spare, target, False))
            return moves
        """), ((0,), (1,), (2,), (3,)))
