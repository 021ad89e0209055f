"""two_pointers: problems whose natural solution walks two indices — from both ends (reverse, palindrome, pair
sum in a sorted list), a read and a write index, one index per sequence (subsequence), a sliding window.

Each template also offers the brute-force or built-in solution (slices, sets, itertools.combinations, all
windows), so the pointer version is one of several right answers, not the only one. Edge cases (empty
list, one element, no answer) are always among the tested inputs.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template

REVERSE_COPY_TEXT = ("Return a new list with the elements of `$xs` in reverse order.",
                     "Reverse `$xs` into a new list, leaving the original as it is.")


@template("two_pointers", "easy")
def reverse_copy(rng: Random) -> Spec:
    """Reversed copy of a list: swap from both ends, a slice, reversed(), a backwards range, recursion."""
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "reverse", "reversed_copy", "backwards", "flip"), xs=xs)
    text = say(rng, REVERSE_COPY_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            result = list($xs)
            i, j = 0, len(result) - 1
            while i < j:
                result[i], result[j] = result[j], result[i]
                i += 1
                j -= 1
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            return $xs[::-1]
        """, """
        def $f($xs: list[int]) -> list[int]:
            return list(reversed($xs))
        """, """
        def $f($xs: list[int]) -> list[int]:
            return [$xs[i] for i in range(len($xs) - 1, -1, -1)]
        """, """
        def $f($xs: list[int]) -> list[int]:
            if not $xs:
                return []
            return $f($xs[1:]) + [$xs[0]]
        """), tuple((v,) for v in int_lists(rng)))


IS_PALINDROME_LIST_TEXT = ("Return True if the list `$xs` reads the same forwards and backwards.",
                           "Check whether `$xs` is a palindrome (an empty list is one).")


@template("two_pointers", "easy")
def is_palindrome_list(rng: Random) -> Spec:
    """Whether a list is a palindrome: compare from both ends, against its reverse, recursively, or zip()."""
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "is_palindrome", "reads_same_backwards", "is_symmetric", "mirror_list"), xs=xs)
    text = say(rng, IS_PALINDROME_LIST_TEXT, env)
    half = ints(rng, rng.randint(1, 4), 0, 5)
    inputs = [[], [3], half + half[::-1], half + [9] + half[::-1], half + [7, 8] + half[::-1], ints(rng, 5, 0, 3)]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> bool:
            i, j = 0, len($xs) - 1
            while i < j:
                if $xs[i] != $xs[j]:
                    return False
                i, j = i + 1, j - 1
            return True
        """, """
        def $f($xs: list[int]) -> bool:
            return $xs == $xs[::-1]
        """, """
        def $f($xs: list[int]) -> bool:
            if len($xs) < 2:
                return True
            return $xs[0] == $xs[-1] and $f($xs[1:-1])
        """, """
        def $f($xs: list[int]) -> bool:
            return all(a == b for a, b in zip($xs, reversed($xs)))
        """), tuple((v,) for v in inputs), claims=((([],), True),))


PAIR_SUM_TEXT = ("`$xs` is sorted ascending. Return True if two elements at different positions add up to `$t`.",
                 "Given the sorted list `$xs`, decide whether some pair of distinct indices i < j has `$xs`[i] + "
                 "`$xs`[j] == `$t`.")


@template("two_pointers", "medium")
def pair_sum(rng: Random) -> Spec:
    """Two elements of a sorted list summing to a target: pointers from both ends, a seen-set, all pairs."""
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "has_pair_with_sum", "pair_sums_to", "two_sum_exists"), xs=xs,
               t=rng.choice(["target", "total", "goal"]))
    text = say(rng, PAIR_SUM_TEXT, env)
    cases = [([], 0), ([5], 10)]
    for _ in range(4):
        v = sorted(ints(rng, rng.randint(2, 8), -5, 12))
        cases.append((v, rng.choice([v[0] + v[-1], rng.randint(-10, 24)])))
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $t: int) -> bool:
            i, j = 0, len($xs) - 1
            while i < j:
                pair = $xs[i] + $xs[j]
                if pair == $t:
                    return True
                if pair < $t:
                    i += 1
                else:
                    j -= 1
            return False
        """, """
        def $f($xs: list[int], $t: int) -> bool:
            seen = set()
            for x in $xs:
                if $t - x in seen:
                    return True
                seen.add(x)
            return False
        """, """
        import itertools


        def $f($xs: list[int], $t: int) -> bool:
            return any(a + b == $t for a, b in itertools.combinations($xs, 2))
        """), tuple(cases))


DEDUPE_SORTED_TEXT = ("`$xs` is sorted in ascending order. Return a list of its distinct values, in order.",
                      "Remove the repeats from the sorted list `$xs` and return the result.")


@template("two_pointers", "medium")
def dedupe_sorted(rng: Random) -> Spec:
    """Distinct values of a sorted list: compare with the last kept, sorted(set()), or a read and a write index."""
    xs, x = list_arg(rng)
    env = dict(f=name(rng, "unique_sorted", "compress_sorted", "distinct_sorted"), xs=xs, x=x)
    text = say(rng, DEDUPE_SORTED_TEXT, env)
    inputs = [[], [2], [1, 1, 1], *(sorted(ints(rng, rng.randint(3, 9), 0, 6)) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            for $x in $xs:
                if not result or result[-1] != $x:
                    result.append($x)
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            return sorted(set($xs))
        """, """
        def $f($xs: list[int]) -> list[int]:
            return [$x for i, $x in enumerate($xs) if i == 0 or $xs[i - 1] != $x]
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = list($xs)
            write = 0
            for read in range(len(result)):
                if read == 0 or result[read] != result[write - 1]:
                    result[write] = result[read]
                    write += 1
            return result[:write]
        """), tuple((v,) for v in inputs))


IS_SUBSEQUENCE_TEXT = ("Return True if the string `$s` is a subsequence of `$t`: its characters appear in `$t` in "
                       "the same order, not necessarily adjacent.",
                       "Check whether `$s` can be obtained by deleting zero or more characters from `$t`.")


@template("two_pointers", "medium")
def is_subsequence(rng: Random) -> Spec:
    """Whether one string is a subsequence of another: an index into each, a shared iterator, or recursion."""
    s, t = rng.choice([("small", "text"), ("part", "big"), ("s", "t")])
    env = dict(f=name(rng, "is_subsequence", "appears_in_order", "embedded_in"), s=s, t=t)
    text = say(rng, IS_SUBSEQUENCE_TEXT, env)
    cases = [("", "abc"), ("a", ""), ("ace", "abcde"), ("aec", "abcde")]
    for _ in range(2):
        t = "".join(rng.choice("abcd") for _ in range(rng.randint(4, 8)))
        cases.append(("".join(c for c in t if rng.random() < 0.5) or "dd", t))
    return Spec(text, env["f"], codes(env, """
        def $f($s: str, $t: str) -> bool:
            i = 0
            for ch in $t:
                if i < len($s) and $s[i] == ch:
                    i += 1
            return i == len($s)
        """, """
        def $f($s: str, $t: str) -> bool:
            chars = iter($t)
            return all(ch in chars for ch in $s)
        """, """
        def $f($s: str, $t: str) -> bool:
            if not $s:
                return True
            if not $t:
                return False
            return $f($s[1:], $t[1:]) if $s[0] == $t[0] else $f($s, $t[1:])
        """), tuple(cases))


LONGEST_WITHIN_TEXT = ("`$xs` holds positive integers. Return the length of the longest contiguous sublist whose "
                       "sum is at most `$s` (0 if none).",
                       "Find the longest run of consecutive elements of `$xs` (all positive) with total <= `$s` and "
                       "return its length.")
SHORTEST_REACHING_TEXT = ("`$xs` holds positive integers. Return the length of the shortest contiguous sublist whose "
                          "sum is at least `$s`, or 0 if there is none.",
                          "Find the minimal length of a run of consecutive elements of `$xs` (all positive) adding up "
                          "to `$s` or more; 0 when impossible.")


@template("two_pointers", "hard")
def window_limit(rng: Random) -> Spec:
    """Longest window with sum <= limit or shortest with sum >= goal over positive integers: sliding window or all."""
    xs, _ = list_arg(rng)
    longest = rng.random() < 0.5
    env = dict(f=name(rng, "longest_within_budget" if longest else "shortest_reaching", "window_length",
                      "best_window"), xs=xs, s=rng.choice(["limit", "budget", "cap"] if longest else
                                                        ["goal", "target", "need"]))
    if longest:
        text = say(rng, LONGEST_WITHIN_TEXT, env)
        sources = ["""
        def $f($xs: list[int], $s: int) -> int:
            best = total = left = 0
            for right, x in enumerate($xs):
                total += x
                while total > $s:
                    total -= $xs[left]
                    left += 1
                best = max(best, right - left + 1)
            return best
        """, """
        def $f($xs: list[int], $s: int) -> int:
            best = 0
            for i in range(len($xs)):
                for j in range(i, len($xs)):
                    if sum($xs[i:j + 1]) <= $s:
                        best = max(best, j - i + 1)
            return best
        """]
    else:
        text = say(rng, SHORTEST_REACHING_TEXT, env)
        sources = ["""
        def $f($xs: list[int], $s: int) -> int:
            best = 0
            total = left = 0
            for right, x in enumerate($xs):
                total += x
                while total >= $s and left <= right:
                    if best == 0 or right - left + 1 < best:
                        best = right - left + 1
                    total -= $xs[left]
                    left += 1
            return best
        """, """
        def $f($xs: list[int], $s: int) -> int:
            lengths = [j - i for i in range(len($xs)) for j in range(i + 1, len($xs) + 1) if sum($xs[i:j]) >= $s]
            return min(lengths, default=0)
        """]
    cases = [([], 5)] + [(ints(rng, rng.randint(3, 9), 1, 9), rng.randint(4, 20)) for _ in range(5)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


THREE_SUM_TEXT = ("Return True if three elements of `$xs` at three different positions add up to `$t`.",
                  "Decide whether some i < j < k satisfy `$xs`[i] + `$xs`[j] + `$xs`[k] == `$t`.")


@template("two_pointers", "hard")
def three_sum(rng: Random) -> Spec:
    """Three elements summing to a target: sort then two pointers per first element, combinations, triple loop."""
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "has_triple_with_sum", "three_sum_exists", "triplet_sum"), xs=xs,
               t=rng.choice(["target", "total"]))
    text = say(rng, THREE_SUM_TEXT, env)
    cases = [([], 0), ([1, 2], 3)]
    for _ in range(4):
        v = ints(rng, rng.randint(3, 8), -6, 9)
        cases.append((v, rng.choice([sum(rng.sample(v, 3)), rng.randint(-15, 25)])))
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $t: int) -> bool:
            ordered = sorted($xs)
            for i in range(len(ordered) - 2):
                lo, hi = i + 1, len(ordered) - 1
                while lo < hi:
                    triple = ordered[i] + ordered[lo] + ordered[hi]
                    if triple == $t:
                        return True
                    if triple < $t:
                        lo += 1
                    else:
                        hi -= 1
            return False
        """, """
        import itertools


        def $f($xs: list[int], $t: int) -> bool:
            return any(sum(c) == $t for c in itertools.combinations($xs, 3))
        """, """
        def $f($xs: list[int], $t: int) -> bool:
            size = len($xs)
            for i in range(size):
                for j in range(i + 1, size):
                    for k in range(j + 1, size):
                        if $xs[i] + $xs[j] + $xs[k] == $t:
                            return True
            return False
        """), tuple(cases))
