"""sets: set algebra and membership (union/intersection/difference, duplicates, gaps, consecutive runs, pair sums).

Results that are sets are returned as sorted lists: the statement then fixes the order and nothing depends on
set iteration order (a set of strings would even print in hash order, which core.check_literal refuses).
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template, words

SET_OPS = {  # name: (phrase, set expression, membership test for x drawn from the first/second list)
    "intersection": ("the values that occur in both `$a` and `$b`", "set($a) & set($b)",
                     "[x for x in $a if x in $b]"),
    "union": ("the values that occur in `$a` or `$b` (or both)", "set($a) | set($b)", "$a + $b"),
    "difference": ("the values of `$a` that do not occur in `$b`", "set($a) - set($b)",
                   "[x for x in $a if x not in $b]"),
    "symmetric": ("the values that occur in exactly one of `$a` and `$b`", "set($a) ^ set($b)",
                  "[x for x in $a + $b if (x in $a) != (x in $b)]"),
}
SET_OP_TEXT = ("Return $phrase, without duplicates, as a list sorted in $order order.",
               "Given two lists of integers, `$a` and `$b`, return the sorted ($order) list of distinct values: "
               "$phrase.")


@template("sets", "easy")
def set_op(rng: Random) -> Spec:
    """Intersection, union, difference or symmetric difference of two lists, deduplicated and sorted."""
    op = rng.choice(sorted(SET_OPS))
    desc = rng.random() < 0.3
    a, b = rng.choice([("a", "b"), ("xs", "ys"), ("first", "second"), ("left", "right")])
    env = dict(f=name(rng, f"{op}_sorted", f"{op}_of", f"set_{op}"), a=a, b=b, rev=str(desc),
               order="descending" if desc else "ascending")
    phrase, expr, comp = SET_OPS[op]
    env |= dict(phrase=say(rng, [phrase], env), expr=say(rng, [expr], env), comp=say(rng, [comp], env))
    text = say(rng, SET_OP_TEXT, env)
    cases = [([], []), ([1, 1, 2], [])] + [(ints(rng, rng.randint(1, 7), 0, 9), ints(rng, rng.randint(1, 7), 0, 9))
                                           for _ in range(4)]
    return Spec(text, env["f"], codes(env, """
        def $f($a: list[int], $b: list[int]) -> list[int]:
            return sorted($expr, reverse=$rev)
        """, """
        def $f($a: list[int], $b: list[int]) -> list[int]:
            return sorted(set($comp), reverse=$rev)
        """, """
        def $f($a: list[int], $b: list[int]) -> list[int]:
            result = []
            for x in sorted($comp, reverse=$rev):
                if x not in result:
                    result.append(x)
            return result
        """), tuple(cases))


ALL_DISTINCT_TEXT = ("Return True if $rule.",
                     "Check whether $rule; return a bool.")


@template("sets", "easy")
def all_distinct(rng: Random) -> Spec:
    """Whether a list has duplicates (or has none): comparing set sizes, a seen-set, or sorting neighbours."""
    xs, x = list_arg(rng)
    dup = rng.random() < 0.5
    env = dict(f=name(rng, "has_duplicates" if dup else "all_unique", "contains_repeat" if dup else "all_distinct"),
               xs=xs, x=x, neg="" if dup else "not ", eq="!=" if dup else "==",
               rule="some value occurs more than once in `$xs`" if dup else "no value occurs twice in `$xs`")
    env["rule"] = say(rng, [env["rule"]], env)
    text = say(rng, ALL_DISTINCT_TEXT, env)
    env["ret_dup"], env["ret_end"] = ("True", "False") if dup else ("False", "True")
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> bool:
            return len(set($xs)) $eq len($xs)
        """, """
        def $f($xs: list[int]) -> bool:
            seen = set()
            for $x in $xs:
                if $x in seen:
                    return $ret_dup
                seen.add($x)
            return $ret_end
        """, """
        def $f($xs: list[int]) -> bool:
            ordered = sorted($xs)
            return ${neg}any(a == b for a, b in zip(ordered, ordered[1:]))
        """), tuple((v,) for v in int_lists(rng, 0, 12)))


MISSING_IN_RANGE_TEXT = ("Return the sorted list of integers in the range `lo`..`hi` (inclusive) that do not occur in "
                         "`$xs`.",
                         "Which integers between `lo` and `hi` inclusive are missing from `$xs`? Return them in "
                         "increasing order.")


@template("sets", "medium")
def missing_in_range(rng: Random) -> Spec:
    """The integers of lo..hi missing from a list: a set difference or a membership scan."""
    xs, x = list_arg(rng)
    env = dict(f=name(rng, "missing_numbers", "absent_values", "gaps_in_range"), xs=xs, x=x)
    text = say(rng, MISSING_IN_RANGE_TEXT, env)
    cases = [([], 1, 3), ([5], 5, 5), ([1, 2, 3], 3, 1)] + [(ints(rng, rng.randint(2, 8), 0, 12), rng.randint(0, 4),
                                                            rng.randint(5, 12)) for _ in range(3)]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], lo: int, hi: int) -> list[int]:
            return sorted(set(range(lo, hi + 1)) - set($xs))
        """, """
        def $f($xs: list[int], lo: int, hi: int) -> list[int]:
            present = set($xs)
            return [$x for $x in range(lo, hi + 1) if $x not in present]
        """, """
        def $f($xs: list[int], lo: int, hi: int) -> list[int]:
            missing = []
            for $x in range(lo, hi + 1):
                if $x not in $xs:
                    missing.append($x)
            return missing
        """), tuple(cases))


ALPHABETS = (("abcdefghijklmnopqrstuvwxyz", "letters of the English alphabet"), ("aeiou", "vowels a, e, i, o, u"),
             ("abcdefghij", "letters a to j"))
MISSING_LETTERS_TEXT = ("Return, as $shape in alphabetical order, the $what that do not appear in `$s` (ignoring "
                        "case).",
                        "Which of the $what are absent from `$s`, case-insensitively? Return them sorted, as $shape.")


@template("sets", "medium")
def missing_letters(rng: Random) -> Spec:
    """The letters of an alphabet (full, vowels, a-j) absent from a text, case-insensitively, as a string or list."""
    alphabet, what = rng.choice(ALPHABETS)
    as_text = rng.random() < 0.5
    env = dict(f=name(rng, "missing_letters", "unused_letters", "absent_letters"), s=rng.choice(["text", "s"]),
               alpha=alphabet, what=what, shape="a string" if as_text else "a list",
               wrap='"".join' if as_text else "list", ret="str" if as_text else "list[str]")
    text = say(rng, MISSING_LETTERS_TEXT, env)
    cases = [("",), ("The quick brown fox jumps over the lazy dog",), *((" ".join(words(rng, rng.randint(1, 5))),)
                                                                       for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> $ret:
            return $wrap(sorted(set("$alpha") - set($s.lower())))
        """, """
        def $f($s: str) -> $ret:
            lowered = $s.lower()
            return $wrap(ch for ch in "$alpha" if ch not in lowered)
        """, """
        def $f($s: str) -> $ret:
            missing = []
            for ch in "$alpha":
                if ch not in $s.lower():
                    missing.append(ch)
            return $wrap(missing)
        """), tuple(cases))


LONGEST_CONSECUTIVE_TEXT = ("Return the length of the longest run of consecutive integers (like 4, 5, 6, 7) whose "
                            "values all occur in `$xs`, in any order. An empty list gives 0.",
                            "Find the size of the largest set of consecutive integers contained in `$xs` (duplicates "
                            "count once); 0 for an empty list.")


@template("sets", "hard")
def longest_consecutive(rng: Random) -> Spec:
    """Longest run of consecutive integers present in a list: start only at run heads of a set, or sort."""
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "longest_consecutive", "longest_streak_of_values", "max_consecutive_run"), xs=xs)
    text = say(rng, LONGEST_CONSECUTIVE_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            values = set($xs)
            best = 0
            for v in values:
                if v - 1 not in values:
                    end = v
                    while end + 1 in values:
                        end += 1
                    best = max(best, end - v + 1)
            return best
        """, """
        def $f($xs: list[int]) -> int:
            ordered = sorted(set($xs))
            best = run = 0
            for i, v in enumerate(ordered):
                run = run + 1 if i and v == ordered[i - 1] + 1 else 1
                best = max(best, run)
            return best
        """, """
        def $f($xs: list[int]) -> int:
            values = set($xs)
            return max((next(k for k in range(len(values) + 1) if v + k not in values) for v in values), default=0)
        """), tuple((v,) for v in int_lists(rng, 0, 15)))


PAIRS_WITH_SUM_TEXT = ("Return the distinct pairs of values (a, b) with a <= b, a + b == `$t`, where a and b come "
                       "from two different positions of `$xs`. Return them as a sorted list of tuples.",
                       "Find all value pairs (a, b), a <= b, taken from different indices of `$xs`, that add up to "
                       "`$t`; no duplicate pairs, sorted ascending.")


@template("sets", "medium")
def pairs_with_sum(rng: Random) -> Spec:
    """Distinct value pairs from different positions adding up to a target: a seen-set against all index pairs."""

    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "pairs_with_sum", "sum_pairs", "matching_pairs"), xs=xs,
               t=rng.choice(["target", "total", "goal"]))
    text = say(rng, PAIRS_WITH_SUM_TEXT, env)
    cases = [([], 4), ([2, 2], 4), ([2], 4)] + [(ints(rng, rng.randint(3, 9), 0, 10), rng.randint(4, 14))
                                              for _ in range(3)]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $t: int) -> list[tuple[int, int]]:
            seen, pairs = set(), set()
            for x in $xs:
                if $t - x in seen:
                    pairs.add((min(x, $t - x), max(x, $t - x)))
                seen.add(x)
            return sorted(pairs)
        """, """
        import itertools


        def $f($xs: list[int], $t: int) -> list[tuple[int, int]]:
            return sorted({tuple(sorted(p)) for p in itertools.combinations($xs, 2) if sum(p) == $t})
        """, """
        def $f($xs: list[int], $t: int) -> list[tuple[int, int]]:
            result = []
            for i in range(len($xs)):
                for j in range(i + 1, len($xs)):
                    pair = (min($xs[i], $xs[j]), max($xs[i], $xs[j]))
                    if sum(pair) == $t and pair not in result:
                        result.append(pair)
            return sorted(result)
        """), tuple(cases))
