"""list_search: find something in an unsorted list — the first match, any/all/none, the index of the extreme
or of a value's last occurrence, the k-th distinct value, the longest run.

Conditions come from `int_pred`, so one template covers many problems; edge cases (empty list, one
element, ties, negatives) are always among the tested inputs, and what "not found" and the empty list
give (-1, None, 0, True/False) is stated and promised as a claim, so it is checked and tested.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, int_pred, ints, list_arg, name, say, template

FIRST_INDEX_TEXT = ("Return the index of the first element of `$xs` that is $adj, or -1 if there is none.",
                    "Find the position of the first $adj value in `$xs`; return -1 when no value qualifies.")


@template("list_search", "easy")
def first_index(rng: Random) -> Spec:
    """Index of the first element meeting a condition, or -1: enumerate loop, next() with a default, while loop."""
    p = int_pred(rng)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, f"first_{p.slug}_index", f"index_of_first_{p.slug}", f"find_{p.slug}"), xs=xs, x=x,
               cond=p.on(x), adj=p.adj)
    text = say(rng, FIRST_INDEX_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            for i, $x in enumerate($xs):
                if $cond:
                    return i
            return -1
        """, """
        def $f($xs: list[int]) -> int:
            return next((i for i, $x in enumerate($xs) if $cond), -1)
        """, """
        def $f($xs: list[int]) -> int:
            i = 0
            while i < len($xs):
                $x = $xs[i]
                if $cond:
                    return i
                i += 1
            return -1
        """), tuple((v,) for v in int_lists(rng)), claims=((([],), -1),))


QUANTIFIER_WORDS = {"any": "at least one element", "all": "every element", "none": "no element"}
QUANTIFIER_TEXT = ("Return True if $words of `$xs` is $adj, otherwise False.",
                   "Check whether $words in `$xs` is $adj.")


@template("list_search", "easy")
def quantifier(rng: Random) -> Spec:
    """Whether any, all or no element meets a condition (and what the empty list gives): any/all, loops, filter()."""
    p = int_pred(rng)
    xs, x = list_arg(rng)
    q = rng.choice(["any", "all", "none"])
    env = dict(f=name(rng, f"{q}_{p.slug}", f"check_{q}_{p.slug}"), xs=xs, x=x, cond=p.on(x), adj=p.adj,
               words=QUANTIFIER_WORDS[q], empty=str(q != "any"))
    text = say(rng, QUANTIFIER_TEXT, env, "An empty list gives $empty.")
    if q == "any":
        srcs = ["return any($cond for $x in $xs)", "for $x in $xs:\n    if $cond:\n        return True\nreturn False",
                "return len(list(filter(lambda $x: $cond, $xs))) > 0"]
    elif q == "all":
        srcs = ["return all($cond for $x in $xs)",
                "for $x in $xs:\n    if not ($cond):\n        return False\nreturn True",
                "return len(list(filter(lambda $x: $cond, $xs))) == len($xs)"]
    else:
        srcs = ["return not any($cond for $x in $xs)",
                "for $x in $xs:\n    if $cond:\n        return False\nreturn True",
                "return all(not ($cond) for $x in $xs)"]
    sources = ["def $f($xs: list[int]) -> bool:\n" + "\n".join("    " + line for line in s.split("\n")) for s in srcs]
    return Spec(text, env["f"], codes(env, *sources), tuple((v,) for v in int_lists(rng)),
                claims=((([],), q != "any"),))


EXTREME_INDEX_TEXT = ("Return the index of the $word value in `$xs`; if it occurs several times, return the $which "
                      "such index. Return -1 for an empty list.",
                      "Find where the $word element of `$xs` is (the $which occurrence on ties), or -1 if `$xs` is "
                      "empty.")


@template("list_search", "easy")
def extreme_index(rng: Random) -> Spec:
    """Index of the largest or smallest value, first or last on ties: list.index of max/min, or one scan."""
    xs, x = list_arg(rng)
    big, last = rng.random() < 0.5, rng.random() < 0.5
    fn = "max" if big else "min"
    env = dict(f=name(rng, f"index_of_{fn}", f"arg{fn}", f"position_of_{'largest' if big else 'smallest'}"), xs=xs,
               x=x, word="largest" if big else "smallest", which="last" if last else "first",
               cmp=(">=" if last else ">") if big else ("<=" if last else "<"))
    text = say(rng, EXTREME_INDEX_TEXT, env)
    pick = (f"len({xs}) - 1 - {xs}[::-1].index({fn}({xs}))" if last else f"{xs}.index({fn}({xs}))")
    env["pick"] = pick
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            if not $xs:
                return -1
            return $pick
        """, """
        def $f($xs: list[int]) -> int:
            best = -1
            for i, $x in enumerate($xs):
                if best == -1 or $x $cmp $xs[best]:
                    best = i
            return best
        """), tuple((v,) for v in int_lists(rng, 0, 5)), claims=((([],), -1),))


LAST_INDEX_TEXT = ("Return the index of the last occurrence of `$t` in `$xs`, or -1 if it is absent.",
                   "Find the last position at which `$t` appears in the list `$xs` (-1 if nowhere).")


@template("list_search", "medium")
def last_index(rng: Random) -> Spec:
    """Index of a value's last occurrence, or -1: a backwards loop, the last match of a scan, max(), a reversed copy."""
    xs, x = list_arg(rng)
    env = dict(f=name(rng, "last_index", "rfind", "last_position", "find_last"), xs=xs, x=x,
               t=rng.choice(["target", "value", "key"]))
    text = say(rng, LAST_INDEX_TEXT, env)
    inputs = [([], 1), ([3], 3)] + [(v, rng.choice(v + [99])) for v in (ints(rng, 6, 0, 4), ints(rng, 8, 0, 3))]
    inputs.append((ints(rng, 5, 0, 4), 7))
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $t: int) -> int:
            for i in range(len($xs) - 1, -1, -1):
                if $xs[i] == $t:
                    return i
            return -1
        """, """
        def $f($xs: list[int], $t: int) -> int:
            found = -1
            for i, $x in enumerate($xs):
                if $x == $t:
                    found = i
            return found
        """, """
        def $f($xs: list[int], $t: int) -> int:
            return max((i for i, $x in enumerate($xs) if $x == $t), default=-1)
        """, """
        def $f($xs: list[int], $t: int) -> int:
            if $t not in $xs:
                return -1
            return len($xs) - 1 - $xs[::-1].index($t)
        """), tuple(inputs))


KTH_DISTINCT_TEXT = ("Return the $word distinct value in `$xs`, or None if there are fewer than $k distinct values.",
                     "Among the distinct values of `$xs`, find the $word one; return None when it does not exist.")


@template("list_search", "medium")
def kth_distinct(rng: Random) -> Spec:
    """Second or third largest/smallest distinct value, or None: sort the set, heapq.nlargest, remove the extremes."""
    xs, _ = list_arg(rng)
    k = rng.choice([2, 3])
    big = rng.random() < 0.5
    word = ("second" if k == 2 else "third") + (" largest" if big else " smallest")
    env = dict(f=name(rng, f"{word.replace(' ', '_')}", f"{word.replace(' ', '_')}_distinct"), xs=xs, k=k,
               word=word, rev="True" if big else "False", fn="nlargest" if big else "nsmallest",
               drop="max" if big else "min")
    text = say(rng, KTH_DISTINCT_TEXT, env)
    inputs = [[], [5, 5, 5], [1, 2], *(ints(rng, rng.randint(3, 8), 0, 9) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int | None:
            distinct = sorted(set($xs), reverse=$rev)
            return distinct[$k - 1] if len(distinct) >= $k else None
        """, """
        import heapq


        def $f($xs: list[int]) -> int | None:
            top = heapq.$fn($k, set($xs))
            return top[-1] if len(top) == $k else None
        """, """
        def $f($xs: list[int]) -> int | None:
            distinct = set($xs)
            for _ in range($k - 1):
                if not distinct:
                    return None
                distinct.remove($drop(distinct))
            return $drop(distinct) if distinct else None
        """), tuple((v,) for v in inputs), claims=((([],), None),))


LONGEST_RUN_TEXT = ("Return a tuple (value, length) describing the longest run of equal adjacent elements in `$xs`; "
                    "on a tie the earliest run wins. Return None for an empty list.",
                    "Find the longest block of consecutive identical values in `$xs` and return (value, length), "
                    "preferring the first such block; None if `$xs` is empty.")


@template("list_search", "hard")
def longest_run(rng: Random) -> Spec:
    """Longest run of equal adjacent values as (value, length), earliest on ties: a counter, groupby, two indices."""
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "longest_run", "longest_streak", "max_repeat_run"), xs=xs)
    text = say(rng, LONGEST_RUN_TEXT, env)
    inputs = [[], [4], [1, 1, 2, 2], *(ints(rng, rng.randint(5, 10), 0, 2) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> tuple[int, int] | None:
            if not $xs:
                return None
            best = (${xs}[0], 1)
            length = 1
            for i in range(1, len($xs)):
                length = length + 1 if $xs[i] == $xs[i - 1] else 1
                if length > best[1]:
                    best = ($xs[i], length)
            return best
        """, """
        import itertools


        def $f($xs: list[int]) -> tuple[int, int] | None:
            best = None
            for value, group in itertools.groupby($xs):
                length = len(list(group))
                if best is None or length > best[1]:
                    best = (value, length)
            return best
        """, """
        def $f($xs: list[int]) -> tuple[int, int] | None:
            best, i = None, 0
            while i < len($xs):
                j = i
                while j < len($xs) and $xs[j] == $xs[i]:
                    j += 1
                if best is None or j - i > best[1]:
                    best = ($xs[i], j - i)
                i = j
            return best
        """), tuple((v,) for v in inputs), claims=((([],), None),))


MONOTONE_TRENDS = (  # (word, comparison that holds between neighbours within a run)
    ("strictly increasing", "<"), ("strictly decreasing", ">"), ("non-decreasing", "<="), ("non-increasing", ">="),
)
LONGEST_MONOTONE_RUN_TEXT = ("Return the length of the longest $word run of consecutive elements in `$xs` (0 if "
                             "empty).",
                             "How long is the longest contiguous $word stretch of `$xs`? Return 0 for an empty list.")


@template("list_search", "hard")
def longest_monotone_run(rng: Random) -> Spec:
    """Length of the longest increasing/decreasing (strict or not) stretch: one running count, or extend from each i."""
    xs, _ = list_arg(rng)
    word, cmp = rng.choice(MONOTONE_TRENDS)
    env = dict(f=name(rng, "longest_" + word.replace(" ", "_").replace("-", "_") + "_run", "longest_trend"), xs=xs,
               word=word, cmp=cmp)
    text = say(rng, LONGEST_MONOTONE_RUN_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            best = length = 0
            for i in range(len($xs)):
                length = length + 1 if i and $xs[i - 1] $cmp $xs[i] else 1
                best = max(best, length)
            return best
        """, """
        def $f($xs: list[int]) -> int:
            best = 0
            for i in range(len($xs)):
                j = i + 1
                while j < len($xs) and $xs[j - 1] $cmp $xs[j]:
                    j += 1
                best = max(best, j - i)
            return best
        """), tuple((v,) for v in int_lists(rng, 0, 6)), claims=((([],), 0),))
