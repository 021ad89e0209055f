"""sorting_searching: order a list by a key, sort by hand, search or insert into a sorted list, select the
k-th element, merge two sorted lists.

Keys, directions and tie rules are drawn, so one template covers many problems; ties are always broken
explicitly in the statement, since a sort with an unstated tie rule has more than one right answer. Edge
cases (empty list, one element, duplicates) are always among the tested inputs.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template, words

SORT_KEYS = (  # (phrase, key expression on {x}, slug)
    ("absolute value", "abs({x})", "abs"), ("last digit", "abs({x}) % 10", "last_digit"),
    ("digit sum", "sum(int(c) for c in str(abs({x})))", "digit_sum"), ("remainder modulo {m}", "{x} % {m}", "mod"),
    ("distance from {t}", "abs({x} - {t})", "distance"), ("parity (even numbers first)", "{x} % 2", "parity"),
)
SORT_BY_KEY_TEXT = ("Return the integers of `$xs` sorted by $phrase in $order order; break ties by the value itself "
                    "(in the same order).",
                    "Sort `$xs` by $phrase ($order), using the number itself as a tie-breaker, and return a new "
                    "list.")


@template("sorting_searching", "easy")
def sort_by_key(rng: Random) -> Spec:
    """Sort integers by a derived key with the value as tie-breaker: sorted(key=...), list.sort, decorate-sort."""
    xs, x = list_arg(rng)
    phrase, key, slug = rng.choice(SORT_KEYS)
    fill = dict(m=rng.randint(3, 7), t=rng.randint(-3, 9))
    desc = rng.random() < 0.3
    env = dict(f=name(rng, f"sort_by_{slug}", f"order_by_{slug}", f"{slug}_sorted"), xs=xs, x=x,
               phrase=phrase.format(**fill), key=key.format(x=x, **fill), order="descending" if desc else "ascending",
               rev=str(desc))
    text = say(rng, SORT_BY_KEY_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            return sorted($xs, key=lambda $x: ($key, $x), reverse=$rev)
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = list($xs)
            result.sort(key=lambda $x: ($key, $x), reverse=$rev)
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            decorated = sorted((($key, $x) for $x in $xs), reverse=$rev)
            return [$x for _, $x in decorated]
        """), tuple((v,) for v in int_lists(rng, -12, 25)))


WORD_SORT_KEYS = (  # (phrase, key expression on the word `w`)
    ("length, then alphabetically", "(len(w), w)"), ("last letter, then alphabetically", "(w[-1], w)"),
    ("number of vowels, then alphabetically", "(sum(c in 'aeiou' for c in w), w)"),
    ("length (longest first), then alphabetically", "(-len(w), w)"), ("reversed spelling", "w[::-1]"),
    ("second letter, then alphabetically", "(w[1:2], w)"),
)
WORDS_SHORT = ("ox", "bee", "cat", "a")  # one-word inputs; "a" has no second letter (so keys use w[1:2], not w[1])
SORT_WORDS_TEXT = ("Return the strings of `$ws` sorted by $phrase.",
                   "Sort the list of words `$ws` by $phrase and return the new list.")


@template("sorting_searching", "easy")
def sort_words(rng: Random) -> Spec:
    """Sort words by a key (length, last letter, vowels, reversed spelling) then alphabetically: lambda or def key."""
    phrase, key = rng.choice(WORD_SORT_KEYS)
    ws = rng.choice(["words", "names", "labels"])
    env = dict(f=name(rng, "sort_words", "order_words", "arrange", "sorted_" + ws), ws=ws, phrase=phrase, key=key)
    text = say(rng, SORT_WORDS_TEXT, env)
    inputs = [[], [rng.choice(WORDS_SHORT)], *(words(rng, rng.randint(3, 7)) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        def $f($ws: list[str]) -> list[str]:
            return sorted($ws, key=lambda w: $key)
        """, """
        def $f($ws: list[str]) -> list[str]:
            result = $ws[:]
            result.sort(key=lambda w: $key)
            return result
        """, """
        def $f($ws: list[str]) -> list[str]:
            def key(w: str):
                return $key
            return sorted($ws, key=key)
        """), tuple((v,) for v in inputs))


BINARY_SEARCH_TEXT = ("`$xs` is sorted in ascending order and has no duplicates. Return the index of `$t` in it, or "
                      "-1 if it is absent.",
                      "Search the sorted list of distinct integers `$xs` for `$t` and return its index (-1 when "
                      "missing), in O(log n) time.")


@template("sorting_searching", "medium")
def binary_search(rng: Random) -> Spec:
    """Binary search for a value in a sorted list of distinct integers: a while loop, bisect, or recursion."""
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "binary_search", "search_sorted", "find_index", "locate"), xs=xs,
               t=rng.choice(["target", "key", "value"]))
    text = say(rng, BINARY_SEARCH_TEXT, env)
    cases = []
    for _ in range(4):
        v = sorted(rng.sample(range(-20, 40), rng.randint(1, 9)))
        cases.append((v, rng.choice(v) if rng.random() < 0.7 else 41))
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $t: int) -> int:
            lo, hi = 0, len($xs) - 1
            while lo <= hi:
                mid = (lo + hi) // 2
                if $xs[mid] == $t:
                    return mid
                if $xs[mid] < $t:
                    lo = mid + 1
                else:
                    hi = mid - 1
            return -1
        """, """
        import bisect


        def $f($xs: list[int], $t: int) -> int:
            i = bisect.bisect_left($xs, $t)
            return i if i < len($xs) and $xs[i] == $t else -1
        """, """
        def $f($xs: list[int], $t: int) -> int:
            def search(lo: int, hi: int) -> int:
                if lo > hi:
                    return -1
                mid = (lo + hi) // 2
                if $xs[mid] == $t:
                    return mid
                return search(mid + 1, hi) if $xs[mid] < $t else search(lo, mid - 1)
            return search(0, len($xs) - 1)
        """), (([], 3), ([5], 5), *cases))


INSERT_POSITION_TEXT = ("`$xs` is sorted ascending. Return the index at which `$t` should be inserted to keep it "
                        "sorted, placing it $side any equal elements.",
                        "Find the insertion point for `$t` in the sorted list `$xs` (equal elements stay $side it).")


@template("sorting_searching", "medium")
def insert_position(rng: Random) -> Spec:
    """Insertion point in a sorted list, before or after equal elements: hand-written bisection, bisect, a count."""
    xs, x = list_arg(rng)
    right = rng.random() < 0.5
    env = dict(f=name(rng, "insert_position", "insertion_index", "where_to_insert"), xs=xs, x=x,
               t=rng.choice(["value", "target", "new"]), side="after" if right else "before",
               cmp="<=" if right else "<", fn="bisect_right" if right else "bisect_left")
    text = say(rng, INSERT_POSITION_TEXT, env)
    cases = [([], 4)]
    for _ in range(5):
        v = sorted(ints(rng, rng.randint(1, 8), 0, 9))
        cases.append((v, rng.choice(v + [rng.randint(-1, 10)])))
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $t: int) -> int:
            lo, hi = 0, len($xs)
            while lo < hi:
                mid = (lo + hi) // 2
                if $xs[mid] $cmp $t:
                    lo = mid + 1
                else:
                    hi = mid
            return lo
        """, """
        import bisect


        def $f($xs: list[int], $t: int) -> int:
            return bisect.$fn($xs, $t)
        """, """
        def $f($xs: list[int], $t: int) -> int:
            return sum(1 for $x in $xs if $x $cmp $t)
        """), tuple(cases))


MANUAL_SORT_TEXT = ("Return a new list with the elements of `$xs` in $order order, without using `sorted()` or "
                    "`list.sort()`.",
                    "Implement a sorting algorithm: return `$xs` sorted in $order order. Built-in sorting "
                    "(`sorted`, `.sort`) is not allowed.")


@template("sorting_searching", "hard")
def manual_sort(rng: Random) -> Spec:
    """Sort without built-in sorting, ascending or descending: insertion, merge, selection or bubble sort."""
    xs, _ = list_arg(rng)
    desc = rng.random() < 0.4
    env = dict(f=name(rng, "sort_list", "my_sort", "sort_numbers", "ordered_copy"), xs=xs,
               order="descending" if desc else "ascending", cmp=">" if desc else "<", ncmp="<" if desc else ">")
    text = say(rng, MANUAL_SORT_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            for x in $xs:
                i = len(result)
                while i > 0 and x $cmp result[i - 1]:
                    i -= 1
                result.insert(i, x)
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            if len($xs) <= 1:
                return list($xs)
            mid = len($xs) // 2
            left, right = $f($xs[:mid]), $f($xs[mid:])
            merged = []
            while left and right:
                merged.append(right.pop(0) if right[0] $cmp left[0] else left.pop(0))
            return merged + left + right
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = list($xs)
            for i in range(len(result)):
                best = i
                for j in range(i + 1, len(result)):
                    if result[j] $cmp result[best]:
                        best = j
                result[i], result[best] = result[best], result[i]
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = list($xs)
            for end in range(len(result) - 1, 0, -1):
                for i in range(end):
                    if result[i] $ncmp result[i + 1]:
                        result[i], result[i + 1] = result[i + 1], result[i]
            return result
        """), tuple((v,) for v in int_lists(rng)))


KTH_SMALLEST_TEXT = ("Return the k-th $word element of `$xs` (k starts at 1; duplicates count separately). `$xs` "
                     "has at least k elements.",
                     "Find the element that would be at position k (1-based) if `$xs` were sorted so that the $word "
                     "comes first.")


@template("sorting_searching", "hard")
def kth_smallest(rng: Random) -> Spec:
    """k-th smallest or largest element, duplicates counted: sort and index, heapq.nsmallest, quickselect."""
    xs, _ = list_arg(rng)
    big = rng.random() < 0.5
    env = dict(f=name(rng, "kth_largest" if big else "kth_smallest", "select_kth", "order_statistic"), xs=xs,
               word="largest" if big else "smallest", rev=str(big), fn="nlargest" if big else "nsmallest",
               cmp=">" if big else "<")
    text = say(rng, KTH_SMALLEST_TEXT, env)
    cases = [([7], 1)]
    for _ in range(5):
        v = ints(rng, rng.randint(2, 8), 0, 9)
        cases.append((v, rng.randint(1, len(v))))
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], k: int) -> int:
            return sorted($xs, reverse=$rev)[k - 1]
        """, """
        import heapq


        def $f($xs: list[int], k: int) -> int:
            return heapq.$fn(k, $xs)[-1]
        """, """
        def $f($xs: list[int], k: int) -> int:
            pivot = $xs[len($xs) // 2]
            before = [x for x in $xs if x $cmp pivot]
            same = [x for x in $xs if x == pivot]
            if k <= len(before):
                return $f(before, k)
            if k <= len(before) + len(same):
                return pivot
            return $f([x for x in $xs if x != pivot and not x $cmp pivot], k - len(before) - len(same))
        """), tuple(cases))


MERGE_SORTED_TEXT = ("`$a` and `$b` are sorted ascending. Return one ascending list containing all their elements "
                     "(keep duplicates).",
                     "Merge the two sorted lists `$a` and `$b` into a single sorted list.")


@template("sorting_searching", "medium")
def merge_sorted(rng: Random) -> Spec:
    """Merge two sorted lists keeping duplicates: two indices, sorted(a + b), heapq.merge, recursion."""
    a, b = rng.choice([("a", "b"), ("left", "right"), ("first", "second")])
    env = dict(f=name(rng, "merge_sorted", "merge", "combine_sorted"), a=a, b=b)
    text = say(rng, MERGE_SORTED_TEXT, env)
    cases = [([], []), ([], [1, 2]), ([3], [])] + [(sorted(ints(rng, rng.randint(1, 5), 0, 9)),
                                                   sorted(ints(rng, rng.randint(1, 5), 0, 9))) for _ in range(3)]
    return Spec(text, env["f"], codes(env, """
        def $f($a: list[int], $b: list[int]) -> list[int]:
            i = j = 0
            result = []
            while i < len($a) and j < len($b):
                if $a[i] <= $b[j]:
                    result.append($a[i])
                    i += 1
                else:
                    result.append($b[j])
                    j += 1
            return result + $a[i:] + $b[j:]
        """, """
        def $f($a: list[int], $b: list[int]) -> list[int]:
            return sorted($a + $b)
        """, """
        import heapq


        def $f($a: list[int], $b: list[int]) -> list[int]:
            return list(heapq.merge($a, $b))
        """, """
        def $f($a: list[int], $b: list[int]) -> list[int]:
            if not $a or not $b:
                return $a + $b
            if $a[0] <= $b[0]:
                return [$a[0]] + $f($a[1:], $b)
            return [$b[0]] + $f($a, $b[1:])
        """), tuple(cases))
