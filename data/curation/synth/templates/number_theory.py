"""Number theory: primes, divisors, gcd and lcm, factorization, number bases and iterated digit maps.

Which property is asked for (prime, twin prime, perfect, abundant, ...) and the base are drawn per
problem. The solutions contrast trial division with sieves, library calls and recursion; inputs stay
small (a few thousand at most) so brute force is a fair, fast solution too.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template

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
PRIME_KINDS = (  # (slug, rule, expression using the helper prime())
    ("prime", "`$n` is a prime number", "prime($n)"),
    ("composite", "`$n` is composite (greater than 1 and not prime)", "$n > 1 and not prime($n)"),
    ("twin_prime", "both `$n` and `$n` + 2 are prime", "prime($n) and prime($n + 2)"),
    ("between_primes", "`$n` - 1 and `$n` + 1 are both prime", "prime($n - 1) and prime($n + 1)"),
    ("prime_digit_sum", "`$n` is prime and so is the sum of its digits",
     "prime($n) and prime(sum(int(c) for c in str($n)))"),
)
PRIME_TEXT = ("Return True if $rule, else False.",
              "Decide whether $rule. `$n` is a non-negative integer.")


@template("number_theory", "easy")
def prime_check(rng: Random) -> Spec:
    """A primality property (prime, composite, twin prime, ...) through a prime() helper written three ways."""
    kind, rule, expr = rng.choice(PRIME_KINDS)
    env = dict(f=name(rng, f"is_{kind}", f"check_{kind}", f"{kind}_test"), n=rng.choice(["n", "num", "k_value"]))
    env |= dict(rule=say(rng, [rule], env), expr=say(rng, [expr], env))
    text = say(rng, PRIME_TEXT, env)
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
GCD_TEXT = ("Return $rule.",
            "Compute $rule.")


@template("number_theory", "easy")
def gcd_lcm(rng: Random) -> Spec:
    """Gcd, lcm or coprimality by Euclid's loop, math.gcd, or the largest common divisor found by search."""
    kind = rng.choice(sorted(GCD_KINDS))
    a, b = rng.choice([("a", "b"), ("x", "y"), ("m", "n")])
    env = dict(f=name(rng, {"gcd": "gcd", "lcm": "lcm", "coprime": "are_coprime"}[kind],
                      {"gcd": "greatest_common_divisor", "lcm": "least_common_multiple", "coprime": "coprime"}[kind]),
               a=a, b=b, keep="product = $a * $b" if kind == "lcm" else "")
    rule, ret, loop_ret, lib, brute = (say(rng, [part], env) for part in GCD_KINDS[kind])
    env |= dict(rule=rule, ret=ret, loop_ret=loop_ret, lib=lib, brute=brute, keep=say(rng, [env["keep"]], env))
    text = say(rng, GCD_TEXT, env)
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


DIVISOR_KINDS = (  # (slug, rule, return type, result from the found divisors, result from the list divs)
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
)
DIVISOR_TEXT = ("Return $rule. `$n` is a positive integer.",
                "For a positive integer `$n`, compute $rule.")


@template("number_theory", "medium")
def divisor_stats(rng: Random) -> Spec:
    """Divisors and what they tell (count, proper sum, perfect, abundant): a scan to n or paired divisors to sqrt(n)."""
    kind, rule, ret, loop_ret, expr = rng.choice(DIVISOR_KINDS)
    env = dict(f=name(rng, f"{kind}_of", f"divisor_{kind}", kind if kind != "count" else "count_divisors"),
               n=rng.choice(["n", "num", "value"]), ret=ret)
    env |= dict(rule=say(rng, [rule], env), loop_ret=say(rng, [loop_ret], env), expr=say(rng, [expr], env))
    text = say(rng, DIVISOR_TEXT, env)
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


PRIME_RANGE_KINDS = (  # (slug, return type, rule, result from the list primes)
    ("list", "list[int]", "the list of primes p with `$lo` <= p <= `$hi`", "primes"),
    ("count", "int", "how many primes p satisfy `$lo` <= p <= `$hi`", "len(primes)"),
    ("sum", "int", "the sum of the primes between `$lo` and `$hi` inclusive", "sum(primes)"),
    ("largest", "int", "the largest prime p with `$lo` <= p <= `$hi`, or -1 if there is none",
     "max(primes, default=-1)"),
)
PRIMES_BETWEEN_TEXT = ("Return $rule.",
                       "Given integers `$lo` and `$hi`, return $rule (an empty range has no primes).",
                       "For the range `$lo`..`$hi` (both ends included), compute $rule.")


@template("number_theory", "medium")
def primes_between(rng: Random) -> Spec:
    """The primes of a range (listed, counted, summed, largest): sieve of Eratosthenes against trial division."""
    lo, hi = rng.choice([("lo", "hi"), ("start", "stop"), ("a", "b"), ("low", "high")])
    kind, ret, rule, fin = rng.choice(PRIME_RANGE_KINDS)
    env = dict(f=name(rng, f"primes_in_range_{kind}", f"prime_{kind}", f"{kind}_primes_between"), ret=ret, fin=fin,
               lo=lo, hi=hi)
    env["rule"] = say(rng, [rule], env)
    text = say(rng, PRIMES_BETWEEN_TEXT, env)
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


FACTOR_KINDS = (  # (slug, return type, rule, result from the list factors)
    ("factors", "list[int]", "the prime factors of `$n` in non-decreasing order, with multiplicity", "factors"),
    ("distinct", "list[int]", "the distinct prime factors of `$n` in increasing order", "sorted(set(factors))"),
    ("exponents", "dict[int, int]", "a dict mapping each prime factor of `$n` to its exponent, in increasing order of "
     "the primes", "{p: factors.count(p) for p in factors}"),
    ("largest", "int", "the largest prime factor of `$n` (`$n` >= 2)", "max(factors)"),
    ("omega", "int", "the number of prime factors of `$n` counted with multiplicity", "len(factors)"),
)
FACTORIZE_TEXT = ("Return $rule. `$n` is an integer greater than 1.",
                  "For an integer `$n` >= 2, compute $rule.")


@template("number_theory", "hard")
def factorize(rng: Random) -> Spec:
    """Prime factorization (factors, distinct, exponents, largest, count) by trial division, looped or recursive."""
    kind, ret, rule, fin = rng.choice(FACTOR_KINDS)
    env = dict(f=name(rng, f"prime_{kind}", f"{kind}_of", "factorize" if kind == "factors" else f"factor_{kind}"),
               n=rng.choice(["n", "num", "value"]), ret=ret)
    env |= dict(rule=say(rng, [rule], env), fin=fin)
    text = say(rng, FACTORIZE_TEXT, env)
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


TO_BASE_TEXT = ("Return the base-$b representation of the non-negative integer `$n` as a string (\"0\" for zero).",
                "Write `$n` (>= 0) in base $b and return the digits as a string.")
FROM_BASE_TEXT = ("`$s` is a non-empty string of base-$b digits. Return the integer it represents.",
                  "Convert the base-$b numeral `$s` to an int.")


@template("number_theory", "medium")
def base_convert(rng: Random) -> Spec:
    """Writing an integer in base 2..9 (divmod loop, recursion, format) or reading a numeral back (int, Horner)."""
    b = rng.choice([2, 3, 4, 5, 6, 7, 8, 9])
    to_base = rng.random() < 0.6
    n = rng.choice(["n", "num", "value"])
    if to_base:
        env = dict(f=name(rng, f"to_base{b}", f"base{b}_string", f"in_base_{b}"), n=n, b=b)
        text = say(rng, TO_BASE_TEXT, env)
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
        text = say(rng, FROM_BASE_TEXT, env)
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


COLLATZ_KINDS = (("steps", "int", "the number of steps needed to reach 1"),
                 ("peak", "int", "the largest value reached (including `$n` itself)"),
                 ("sequence", "list[int]", "the whole sequence from `$n` down to 1, both included"),
                 ("odd_steps", "int", "how many of the steps apply the odd rule"))
COLLATZ_TEXT = ("Starting from the positive integer `$n`, repeatedly halve it when it is even and replace it with 3 "
                "* n + 1 when it is odd, until it becomes 1. Return $rule.",
                "For the Collatz process started at `$n` >= 1 (n -> n / 2 if n is even, else 3n + 1; stop at 1), "
                "return $rule.")


@template("number_theory", "medium")
def collatz(rng: Random) -> Spec:
    """A statistic of the Collatz sequence (steps, peak, the sequence, odd steps): a while loop or recursion."""
    kind, ret, rule = rng.choice(COLLATZ_KINDS)
    env = dict(f=name(rng, f"collatz_{kind}", f"hailstone_{kind}"), n=rng.choice(["n", "start", "value"]), ret=ret)
    env["rule"] = say(rng, [rule], env)
    text = say(rng, COLLATZ_TEXT, env)
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


HAPPY_STEPS_TEXT = ("Repeatedly replace the positive integer `$n` by the sum of the $word of its decimal digits. "
                    "Return the number of replacements needed to reach 1, or -1 if the process cycles without ever "
                    "reaching 1.",
                    "Starting at `$n`, map n to the sum of the $word of its digits until it becomes 1; return how many "
                    "steps that took, or -1 when a value repeats first.")
HAPPY_TEXT = ("Repeatedly replace the positive integer `$n` by the sum of the $word of its decimal digits. Return True "
              "if this process reaches 1, and False if it loops forever without reaching 1.",
              "Starting at `$n`, map n to the sum of the $word of its digits. Does the sequence ever hit 1? (It always "
              "ends in a cycle; detect it.)",
              "Return whether iterating n -> (sum of the $word of the digits of n) from `$n` ever produces 1.")


@template("number_theory", "hard")
def digit_power_cycle(rng: Random) -> Spec:
    """Happy numbers: iterate the sum of digit powers until 1 or a cycle (a seen set, a path, or Floyd's two speeds)."""
    p, steps = rng.choice([2, 2, 3]), rng.random() < 0.4
    env = dict(f=name(rng, "happy_steps" if steps else "is_happy", "steps_to_one" if steps else "reaches_one",
                      "digit_cycle_length" if steps else "happy_number"), n=rng.choice(["n", "start", "num", "value"]),
               p=p, word={2: "squares", 3: "cubes"}[p])
    if steps:
        text = say(rng, HAPPY_STEPS_TEXT, env)
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
        text = say(rng, HAPPY_TEXT, env)
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
