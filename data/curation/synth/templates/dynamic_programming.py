"""dynamic_programming: counting and optimization problems over overlapping subproblems.

Grid paths, stair climbing, coin change, non-adjacent sums, longest increasing subsequence, string
distances, subset sums and 0/1 knapsack. The solutions are a bottom-up table, top-down memoization
(lru_cache) and, for some, brute force over small inputs, a closed form or a breadth-first search.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template

GRID_PATHS_TEXT = ("Return the number of paths from the top-left to the bottom-right cell of a `$r` x `$c` grid "
                   "(both >= 1) moving only right or down.",
                   "Count the monotone (right/down) routes across a grid with `$r` rows and `$c` columns, corner to "
                   "corner.")


@template("dynamic_programming", "easy")
def grid_paths(rng: Random) -> Spec:
    """Counting DP on a grid: monotone right/down lattice paths between opposite corners."""
    r, c = rng.choice([("rows", "cols"), ("r", "c"), ("height", "width")])
    env = dict(f=name(rng, "grid_paths", "count_routes", "lattice_paths"), r=r, c=c)
    text = say(rng, GRID_PATHS_TEXT, env)
    cases = [(1, 1), (2, 2), (3, 3), (1, 5), (rng.randint(2, 7), rng.randint(2, 7))]
    return Spec(text, env["f"], codes(env, """
        def $f($r: int, $c: int) -> int:
            row = [1] * $c
            for _ in range(1, $r):
                for j in range(1, $c):
                    row[j] += row[j - 1]
            return row[-1]
        """, """
        import math


        def $f($r: int, $c: int) -> int:
            return math.comb($r + $c - 2, $r - 1)
        """, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($r: int, $c: int) -> int:
            if $r == 1 or $c == 1:
                return 1
            return $f($r - 1, $c) + $f($r, $c - 1)
        """), tuple(cases))


STAIRS_TEXT = ("You climb a staircase of `$n` steps, each move going up by one of $words steps. Return the "
               "number of distinct move sequences that end exactly at the top (1 for `$n` = 0).",
               "Count the ordered ways to write `$n` as a sum of parts from {$words} (the empty sum counts for "
               "0).")


@template("dynamic_programming", "medium")
def climb_stairs(rng: Random) -> Spec:
    """Counting DP over a 1-D table: ordered ways to climb n stairs with a drawn set of step sizes."""
    steps = sorted(rng.sample([1, 2, 3, 4, 5], rng.randint(2, 3)))
    env = dict(f=name(rng, "count_climbs", "stair_ways", "ways_to_climb"), n=rng.choice(["n", "stairs", "height"]),
               steps=steps, words=", ".join(map(str, steps)))
    text = say(rng, STAIRS_TEXT, env)
    cases = [(0,), (1,), (steps[-1],), (rng.randint(4, 8),), (rng.randint(9, 15),)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            ways = [1] + [0] * $n
            for i in range(1, $n + 1):
                ways[i] = sum(ways[i - s] for s in $steps if s <= i)
            return ways[$n]
        """, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($n: int) -> int:
            if $n == 0:
                return 1
            return sum($f($n - s) for s in $steps if s <= $n)
        """), tuple(cases))


MIN_COINS_TEXT = ("Return the fewest coins with values $coins (unlimited supply) that add up to `$a`, or -1 if no "
                  "combination does (0 coins for `$a` = 0).",
                  "Using coins $coins as often as you like, what is the minimum number needed to make exactly `$a`? "
                  "Return -1 when impossible.")


@template("dynamic_programming", "medium")
def min_coins(rng: Random) -> Spec:
    """Optimization DP: coin change with the fewest coins, -1 when the amount cannot be made."""
    coins = sorted(rng.sample([1, 2, 3, 4, 5, 6, 7, 9, 10, 12], rng.randint(2, 4)))
    env = dict(f=name(rng, "min_coins", "fewest_coins", "coin_count"), a=rng.choice(["amount", "target", "total"]),
               coins=coins)
    text = say(rng, MIN_COINS_TEXT, env)
    cases = [(0,), (coins[0],), (1 if coins[0] > 1 else 11,), (rng.randint(5, 20),), (rng.randint(21, 40),)]
    return Spec(text, env["f"], codes(env, """
        def $f($a: int) -> int:
            best = [0] + [None] * $a
            for value in range(1, $a + 1):
                options = [best[value - c] for c in $coins if c <= value and best[value - c] is not None]
                best[value] = min(options) + 1 if options else None
            return -1 if best[$a] is None else best[$a]
        """, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($a: int) -> int:
            if $a == 0:
                return 0
            options = [$f($a - c) for c in $coins if c <= $a]
            best = min((count for count in options if count >= 0), default=-1)
            return -1 if best < 0 else best + 1
        """, """
        def $f($a: int) -> int:
            frontier, seen, count = {0}, {0}, 0
            while frontier:
                if $a in frontier:
                    return count
                frontier = {v + c for v in frontier for c in $coins if v + c <= $a} - seen
                seen |= frontier
                count += 1
            return -1
        """), tuple(cases))


NON_ADJACENT_TEXT = ("`$xs` holds non-negative integers. Return the largest sum of elements you can pick such that no "
                     "two picked elements are adjacent (0 for an empty list).",
                     "Choose elements of `$xs` (all >= 0), never two neighbours, to maximise their total; return that "
                     "total.")


@template("dynamic_programming", "medium")
def non_adjacent_sum(rng: Random) -> Spec:
    """Take-or-skip DP: the largest sum of list elements with no two adjacent ("house robber")."""
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "max_non_adjacent_sum", "rob_houses", "best_spaced_total"), xs=xs)
    text = say(rng, NON_ADJACENT_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            take, skip = 0, 0
            for x in $xs:
                take, skip = skip + x, max(take, skip)
            return max(take, skip)
        """, """
        def $f($xs: list[int]) -> int:
            best = [0] * (len($xs) + 2)
            for i in range(len($xs) - 1, -1, -1):
                best[i] = max(best[i + 1], $xs[i] + best[i + 2])
            return best[0]
        """, """
        from functools import lru_cache


        def $f($xs: list[int]) -> int:
            size = len($xs)

            @lru_cache(maxsize=None)
            def from_index(i: int) -> int:
                if i >= size:
                    return 0
                return max(from_index(i + 1), $xs[i] + from_index(i + 2))
            return from_index(0)
        """), tuple((v,) for v in int_lists(rng, 0, 15)), claims=((([],), 0),))


LIS_TEXT = ("Return the length of the longest $word subsequence of `$xs` (not necessarily contiguous).",
            "Find the longest subsequence of `$xs` whose values are $word and return its length; 0 for an "
            "empty list.")


@template("dynamic_programming", "hard")
def lis(rng: Random) -> Spec:
    """Longest strictly increasing or non-decreasing subsequence: O(n^2) DP or patience sorting with bisect."""
    xs, _ = list_arg(rng)
    strict = rng.random() < 0.6
    env = dict(f=name(rng, "longest_increasing_subsequence", "lis_length", "longest_rising"), xs=xs,
               word="strictly increasing" if strict else "non-decreasing", cmp="<" if strict else "<=",
               bis="bisect_left" if strict else "bisect_right")
    text = say(rng, LIS_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            best = [1] * len($xs)
            for i in range(len($xs)):
                for j in range(i):
                    if $xs[j] $cmp $xs[i]:
                        best[i] = max(best[i], best[j] + 1)
            return max(best, default=0)
        """, """
        import bisect


        def $f($xs: list[int]) -> int:
            tails = []
            for x in $xs:
                i = bisect.$bis(tails, x)
                if i == len(tails):
                    tails.append(x)
                else:
                    tails[i] = x
            return len(tails)
        """), tuple((v,) for v in int_lists(rng, 0, 9)))


DISTANCES = {  # kind: what the function returns
    "edit": "the Levenshtein edit distance between `$a` and `$b` (insertions, deletions and substitutions each cost 1)",
    "lcs": "the length of the longest common subsequence of `$a` and `$b`",
    "indel": "the minimum number of single-character insertions and deletions that turn `$a` into `$b`",
}
DISTANCE_TEXT = ("Return $rule.",
                 "Compute $rule using dynamic programming.")


@template("dynamic_programming", "hard")
def string_distance(rng: Random) -> Spec:
    """Two-string table DP: edit distance, longest common subsequence or insert/delete distance."""
    kind = rng.choice(["edit", "lcs", "indel"])
    rule = DISTANCES[kind]
    a, b = rng.choice([("a", "b"), ("s", "t"), ("first", "second"), ("source", "target")])
    env = dict(f=name(rng, {"edit": "edit_distance", "lcs": "lcs_length", "indel": "indel_distance"}[kind],
                      "string_distance" if kind != "lcs" else "common_subsequence", "compare_strings"), a=a, b=b)
    env["rule"] = say(rng, [rule], env)
    text = say(rng, DISTANCE_TEXT, env)
    cases = [("", ""), ("abc", ""), ("kitten", "sitting"), ("abc", "abc")]
    for _ in range(2):
        cases.append(("".join(rng.choice("abcd") for _ in range(rng.randint(2, 7))),
                      "".join(rng.choice("abcd") for _ in range(rng.randint(2, 7)))))
    table_cell = {"edit": "min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x != y))",
                  "lcs": "prev[j - 1] + 1 if x == y else max(prev[j], row[j - 1])",
                  "indel": "prev[j - 1] if x == y else min(prev[j], row[j - 1]) + 1"}[kind]
    first_row = {"edit": "list(range(len($b) + 1))", "lcs": "[0] * (len($b) + 1)",
                 "indel": "list(range(len($b) + 1))"}[kind]
    row_start = {"edit": "i", "lcs": "0", "indel": "i"}[kind]
    rec = {"edit": ("len($b)", "len($a)", "$f($a[1:], $b[1:])",
                    "1 + min($f($a[1:], $b), $f($a, $b[1:]), $f($a[1:], $b[1:]))"),
           "lcs": ("0", "0", "1 + $f($a[1:], $b[1:])", "max($f($a[1:], $b), $f($a, $b[1:]))"),
           "indel": ("len($b)", "len($a)", "$f($a[1:], $b[1:])", "1 + min($f($a[1:], $b), $f($a, $b[1:]))")}[kind]
    env |= dict(cell=table_cell, first=say(rng, [first_row], env), start=row_start,
                end_a=say(rng, [rec[0]], env), end_b=say(rng, [rec[1]], env), same=say(rng, [rec[2]], env),
                diff=say(rng, [rec[3]], env))
    return Spec(text, env["f"], codes(env, """
        def $f($a: str, $b: str) -> int:
            prev = $first
            for i, x in enumerate($a, start=1):
                row = [$start] + [0] * len($b)
                for j, y in enumerate($b, start=1):
                    row[j] = $cell
                prev = row
            return prev[-1]
        """, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($a: str, $b: str) -> int:
            if not $a:
                return $end_a
            if not $b:
                return $end_b
            if $a[0] == $b[0]:
                return $same
            return $diff
        """), tuple(cases))


SUBSET_COUNT_TEXT = ("`$xs` holds positive integers. Return how many subsets of positions have elements summing to "
                     "`$t` (the empty subset sums to 0).",
                     "Count the selections of elements of `$xs` (all > 0; equal values at different positions are "
                     "different elements) that add up to `$t`.")
SUBSET_EXISTS_TEXT = ("`$xs` holds positive integers. Return True if some subset of its elements sums exactly to "
                      "`$t` (the empty subset sums to 0).",
                      "Can you choose elements of `$xs` (positive ints, each used at most once) adding up to "
                      "exactly `$t`? Return a bool.")


@template("dynamic_programming", "hard")
def subset_sum(rng: Random) -> Spec:
    """Subset-sum DP: whether some subset reaches a target, or how many subsets do."""
    xs, _ = list_arg(rng)
    count = rng.random() < 0.5
    env = dict(f=name(rng, "count_subsets_with_sum" if count else "has_subset_sum", "subset_total", "pick_sum"), xs=xs,
               t=rng.choice(["target", "goal", "total"]))
    if count:
        text = say(rng, SUBSET_COUNT_TEXT, env)
        sources = ["""
        def $f($xs: list[int], $t: int) -> int:
            ways = [1] + [0] * $t
            for x in $xs:
                for amount in range($t, x - 1, -1):
                    ways[amount] += ways[amount - x]
            return ways[$t]
        """, """
        from functools import lru_cache


        def $f($xs: list[int], $t: int) -> int:
            size = len($xs)

            @lru_cache(maxsize=None)
            def count(i: int, left: int) -> int:
                if i == size:
                    return int(left == 0)
                return count(i + 1, left) + (count(i + 1, left - $xs[i]) if $xs[i] <= left else 0)
            return count(0, $t)
        """, """
        import itertools


        def $f($xs: list[int], $t: int) -> int:
            return sum(1 for r in range(len($xs) + 1) for combo in itertools.combinations($xs, r) if sum(combo) == $t)
        """]
    else:
        text = say(rng, SUBSET_EXISTS_TEXT, env)
        sources = ["""
        def $f($xs: list[int], $t: int) -> bool:
            reachable = {0}
            for x in $xs:
                reachable |= {s + x for s in reachable if s + x <= $t}
            return $t in reachable
        """, """
        from functools import lru_cache


        def $f($xs: list[int], $t: int) -> bool:
            size = len($xs)

            @lru_cache(maxsize=None)
            def can(i: int, left: int) -> bool:
                if left == 0:
                    return True
                if i == size or left < 0:
                    return False
                return can(i + 1, left - $xs[i]) or can(i + 1, left)
            return can(0, $t)
        """, """
        import itertools


        def $f($xs: list[int], $t: int) -> bool:
            return any(sum(combo) == $t for r in range(len($xs) + 1) for combo in itertools.combinations($xs, r))
        """]
    cases = [([], 0), ([], 3), ([5], 5)] + [(ints(rng, rng.randint(3, 7), 1, 9), rng.randint(1, 20)) for _ in range(3)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


KNAPSACK_TEXT = ("Item i has weight `$w`[i] and value `$v`[i] (positive ints). Choosing each item at most once, "
                 "return the largest total value whose total weight is at most `$cap`.",
                 "0/1 knapsack: return the maximum value achievable with items (`$w`[i], `$v`[i]) and weight limit "
                 "`$cap`.")


@template("dynamic_programming", "hard")
def knapsack(rng: Random) -> Spec:
    """0/1 knapsack: the best total value within a weight limit, each item used at most once."""
    env = dict(f=name(rng, "knapsack", "best_value", "max_loot"), w=rng.choice(["weights", "sizes"]),
               v=rng.choice(["values", "gains"]), cap=rng.choice(["capacity", "limit"]))
    text = say(rng, KNAPSACK_TEXT, env)
    cases = [([], [], 5), ([3], [10], 2), ([1, 3, 4], [15, 20, 30], 4)]
    for _ in range(3):
        n = rng.randint(2, 6)
        cases.append((ints(rng, n, 1, 8), ints(rng, n, 1, 30), rng.randint(3, 15)))
    return Spec(text, env["f"], codes(env, """
        def $f($w: list[int], $v: list[int], $cap: int) -> int:
            best = [0] * ($cap + 1)
            for weight, value in zip($w, $v):
                for room in range($cap, weight - 1, -1):
                    best[room] = max(best[room], best[room - weight] + value)
            return best[$cap]
        """, """
        from functools import lru_cache


        def $f($w: list[int], $v: list[int], $cap: int) -> int:
            items = list(zip($w, $v))

            @lru_cache(maxsize=None)
            def go(i: int, room: int) -> int:
                if i == len(items):
                    return 0
                weight, value = items[i]
                skip = go(i + 1, room)
                return max(skip, value + go(i + 1, room - weight)) if weight <= room else skip
            return go(0, $cap)
        """, """
        import itertools


        def $f($w: list[int], $v: list[int], $cap: int) -> int:
            items = list(zip($w, $v))
            return max(sum(v for _, v in combo) for r in range(len(items) + 1)
                       for combo in itertools.combinations(items, r) if sum(w for w, _ in combo) <= $cap)
        """), tuple(cases))
