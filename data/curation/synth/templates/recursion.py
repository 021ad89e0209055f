"""Recursion: self-similar definitions (factorials, recurrences, nested lists, power sets, Hanoi, backtracking).

Each problem pairs a recursive solution with an iterative one (a loop, an explicit stack, a library
call), so the "use recursion" and "use an explicit loop" constraints can both be offered. Inputs stay
small (n at most 20, nesting a few levels, at most 3 disks or pairs) so the recursive solutions never
approach the recursion limit and the exponential outputs stay short.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template

FACTORIAL_KINDS = (  # (slug, rule, base value, recursive step, the terms as an iterable)
    ("factorial", "`$n`! (the product 1 * 2 * ... * `$n`; 0! is 1)", "1", "$n * $f($n - 1)", "range(1, $n + 1)"),
    ("double_factorial", "the double factorial `$n`!! = `$n` * (`$n` - 2) * ... down to 1 or 2 (0!! is 1)", "1",
     "$n * $f($n - 2)", "range($n, 0, -2)"),
    ("triangular", "1 + 2 + ... + `$n` (0 for `$n` = 0)", "0", "$n + $f($n - 1)", "range(1, $n + 1)"),
    ("sum_of_squares", "1**2 + 2**2 + ... + `$n`**2", "0", "$n * $n + $f($n - 1)",
     "(i * i for i in range(1, $n + 1))"),
)
FACTORIAL_TEXT = ("Return $rule for the non-negative integer `$n`.",
                  "Compute $rule.")


@template("recursion", "easy")
def factorial_like(rng: Random) -> Spec:
    """A product or sum over 1..n defined recursively (factorial, triangular, ...), against math.prod/sum or reduce."""
    kind, rule, base, step, rng_expr = rng.choice(FACTORIAL_KINDS)
    env = dict(f=name(rng, kind, f"{kind}_of", f"compute_{kind}"), n=rng.choice(["n", "k", "num"]), base=base)
    env |= dict(rule=say(rng, [rule], env), step=say(rng, [step], env), it=say(rng, [rng_expr], env),
                agg="math.prod" if base == "1" else "sum", op="*" if base == "1" else "+",
                small="1" if base == "1" else env["n"], imp="import math" if base == "1" else "")
    text = say(rng, FACTORIAL_TEXT, env)
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


NESTED_KINDS = (  # (slug, rule, what one integer contributes to a sum, or "" where the solutions do not sum)
    ("sum", "the sum of all integers in it", "item"),
    ("count", "how many integers it contains at any depth", "1"),
    ("depth", "its nesting depth: a flat list (even empty) has depth 1, and each level of inner list adds 1", ""),
    ("max", "the largest integer in it, or None if it contains no integers", ""),
)
NESTED_TEXT = ("`$xs` is a list whose elements are integers or further such lists. Return $rule.",
               "Given an arbitrarily nested list of integers `$xs`, compute $rule.")


@template("recursion", "medium")
def nested_stat(rng: Random) -> Spec:
    """Sum, count, depth or max of an arbitrarily nested list: recursion on the inner lists or an explicit stack."""
    kind, rule, leaf = rng.choice(NESTED_KINDS)
    env = dict(f=name(rng, f"nested_{kind}", f"deep_{kind}", f"{kind}_nested"),
               xs=rng.choice(["nested", "tree", "data"]), rule=rule, leaf=leaf)
    text = say(rng, NESTED_TEXT, env)

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


FIB_TEXT = ("A sequence is defined by $defn and $rule. Return a(`$n`) for `$n` >= 0.",
            "Return the `$n`-th term (0-based) of the sequence with $defn and $rule.")


@template("recursion", "medium")
def fib_like(rng: Random) -> Spec:
    """The n-th term of a Fibonacci or tribonacci variant: memoized recursion, a rolling window, or a growing list."""
    order = rng.choice([2, 2, 3])
    starts = [rng.randint(0, 2) for _ in range(order - 1)] + [rng.randint(1, 3)]
    env = dict(f=name(rng, "tribonacci" if order == 3 else "fibonacci_variant", "nth_term", "sequence_value"),
               n=rng.choice(["n", "k", "index"]), order=order, starts=tuple(starts),
               defn=", ".join(f"a({i}) = {v}" for i, v in enumerate(starts)),
               rule="a(n) = a(n-1) + a(n-2)" + (" + a(n-3)" if order == 3 else ""),
               sum_prev=" + ".join(f"$f($n - {i})" for i in range(1, order + 1)),
               window=", ".join(f"w{i}" for i in range(order)))
    env["sum_prev"] = say(rng, [env["sum_prev"]], env)
    env["roll"] = (f"{env['window']} = " + ", ".join([f"w{i}" for i in range(1, order)] + [
        " + ".join(f"w{i}" for i in range(order))]))
    text = say(rng, FIB_TEXT, env)
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


POWER_TEXT = ("Return $rule for an integer base and a non-negative integer exponent, using exponentiation by squaring "
              "or repeated multiplication.",
              "Compute $rule (the exponent is >= 0).")


@template("recursion", "medium")
def power(rng: Random) -> Spec:
    """Integer power, optionally modulo m: recursive halving of the exponent, the binary loop, or pow()."""
    mod = rng.random() < 0.4
    m = rng.choice([7, 10, 13, 97, 1000])
    env = dict(f=name(rng, "power_mod" if mod else "power", "fast_power", "int_pow"),
               b=rng.choice(["base", "b", "x"]), e=rng.choice(["exp", "e", "k"]),
               wrap=f" % {m}" if mod else "", comma_m=f", {m}" if mod else "")
    env["rule"] = say(rng, [f"(`$b` ** `$e`) % {m}" if mod else "`$b` ** `$e`"], env)
    text = say(rng, POWER_TEXT, env)
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
        """), ((2, 0), (3, 1), (2, 10), (-3, 3), (rng.randint(2, 9), rng.randint(2, 15))))


SUBSETS_TEXT = ("Return all subsets of the list of distinct integers `$xs`, each as a list keeping the original order "
                "of `$xs`; sort the result (as lists compare).",
                "Generate the power set of `$xs` (distinct values): every subset as a list in the order of `$xs`, and "
                "the whole result sorted.")
PERMUTATIONS_TEXT = ("Return all permutations of the list of distinct integers `$xs` as lists, in lexicographic order.",
                     "List every ordering of the distinct values in `$xs`, sorted lexicographically.")
COMBINATIONS_TEXT = ("Return all combinations of `k` elements of the distinct integers `$xs`, each as a list in the "
                     "order of `$xs`, with the combinations in the order their positions appear lexicographically.",
                     "List the `k`-element combinations of `$xs` like itertools.combinations does, as lists.")


@template("recursion", "hard")
def combinatorics(rng: Random) -> Spec:
    """Subsets, permutations or k-combinations: recursion on the first element, bitmasks or insertion, itertools."""
    kind = rng.choice(["subsets", "permutations", "combinations"])
    env = dict(f=name(rng, f"all_{kind}", kind, f"list_{kind}"), xs=rng.choice(["items", "xs", "values"]))
    if kind == "subsets":
        text = say(rng, SUBSETS_TEXT, env)
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
        text = say(rng, PERMUTATIONS_TEXT, env)
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
        text = say(rng, COMBINATIONS_TEXT, env)
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


STRING_RULES = {"parens": "all strings of `$n` pairs of balanced parentheses '()'",
                "no_adjacent_ones": "all binary strings of length `$n` with no two adjacent '1' characters",
                "no_repeat": "all strings of length `$n` over the letters '$alpha' in which no two neighbouring "
                             "characters are equal"}
CONSTRAINED_TEXT = ("Return $rule, sorted.",
                    "Generate $rule and return them as a sorted list.")


@template("recursion", "hard")
def constrained_strings(rng: Random) -> Spec:
    """All strings obeying a local rule (balanced parentheses, no repeats): backtracking against filtering a product."""
    kind = rng.choice(["parens", "no_adjacent_ones", "no_repeat"])
    env = dict(f=name(rng, {"parens": "balanced_parens", "no_adjacent_ones": "fibonacci_words",
                            "no_repeat": "no_repeat_strings"}[kind], "generate_strings", "all_valid"),
               n=rng.choice(["n", "size", "length"]), alpha=rng.choice(["ab", "abc", "xyz", "01"]))
    rule = STRING_RULES[kind]
    env["rule"] = say(rng, [rule], env)
    text = say(rng, CONSTRAINED_TEXT, env)
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


HANOI_TEXT = ("Return the list of moves that transfers `$n` disks from peg '$s' to peg '$t' using peg '$m', in the "
              "Tower of Hanoi puzzle; each move is a tuple (from_peg, to_peg). Use the standard optimal solution "
              "(2**`$n` - 1 moves).",
              "Solve the Towers of Hanoi for `$n` disks moving them from '$s' to '$t' with spare peg '$m': return the "
              "optimal sequence of (from, to) moves.")


@template("recursion", "hard")
def hanoi(rng: Random) -> Spec:
    """The optimal Tower of Hanoi moves: the classic recursion (returned or appended) against an explicit stack."""
    pegs = rng.choice([("A", "B", "C"), ("L", "M", "R"), ("1", "2", "3"), ("X", "Y", "Z")])
    env = dict(f=name(rng, "hanoi", "hanoi_moves", "tower_moves", "solve_towers"), n=rng.choice(["n", "disks"]),
               s=pegs[0], t=pegs[2], m=pegs[1])
    text = say(rng, HANOI_TEXT, env)
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
