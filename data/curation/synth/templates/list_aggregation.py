"""list_aggregation: reduce a list of integers to one value — a conditional sum or count, a product, a mean,
an alternating sum, the best window or the best contiguous sublist.

Most templates draw a condition (`int_pred`) or an operator, so one template covers many problems; edge
cases (empty list, one element, ties, negatives) are always among the tested inputs, and what the empty
list gives is stated whenever it is not obvious (and promised as a claim, so it is checked and tested).
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, int_pred, ints, list_arg, name, say, template

SUM_WHERE_TEXT = ("Return the sum of the elements of `$xs` that are $adj.",
                  "Add up the numbers in `$xs` that are $adj and return the total.",
                  "Given a list of integers `$xs`, return the sum of those that are $adj.")
SUM_WHERE_EMPTY_NOTES = ("Return 0 if there are none.", "An empty list gives 0.")


@template("list_aggregation", "easy")
def sum_where(rng: Random) -> Spec:
    """Conditional sum: add up the elements meeting a drawn condition (loop, generator, reduce, recursion)."""
    p = int_pred(rng)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, f"sum_{p.slug}", f"{p.slug}_total", f"total_{p.slug}"), xs=xs, x=x, cond=p.on(x), adj=p.adj)
    text = say(rng, SUM_WHERE_TEXT, env, rng.choice(SUM_WHERE_EMPTY_NOTES))
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            total = 0
            for $x in $xs:
                if $cond:
                    total += $x
            return total
        """, """
        def $f($xs: list[int]) -> int:
            return sum($x for $x in $xs if $cond)
        """, """
        from functools import reduce


        def $f($xs: list[int]) -> int:
            return reduce(lambda acc, $x: acc + $x if $cond else acc, $xs, 0)
        """, """
        def $f($xs: list[int]) -> int:
            if not $xs:
                return 0
            $x = $xs[0]
            return ($x if $cond else 0) + $f($xs[1:])
        """), tuple((v,) for v in int_lists(rng)), claims=((([],), 0),))


COUNT_WHERE_TEXT = ("Count how many elements of `$xs` are $adj.",
                    "Return the number of integers in `$xs` that are $adj.",
                    "How many values in the list `$xs` are $adj? Return that count.")


@template("list_aggregation", "easy")
def count_where(rng: Random) -> Spec:
    """Conditional count: how many elements meet a drawn condition (loop, sum of ones, len of a filter, recursion)."""
    p = int_pred(rng)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, f"count_{p.slug}", f"num_{p.slug}", f"how_many_{p.slug}"), xs=xs, x=x, cond=p.on(x),
               adj=p.adj)
    text = say(rng, COUNT_WHERE_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            count = 0
            for $x in $xs:
                if $cond:
                    count += 1
            return count
        """, """
        def $f($xs: list[int]) -> int:
            return sum(1 for $x in $xs if $cond)
        """, """
        def $f($xs: list[int]) -> int:
            return len([$x for $x in $xs if $cond])
        """, """
        def $f($xs: list[int]) -> int:
            return len(list(filter(lambda $x: $cond, $xs)))
        """, """
        def $f($xs: list[int]) -> int:
            if not $xs:
                return 0
            $x = $xs[0]
            return int($cond) + $f($xs[1:])
        """), tuple((v,) for v in int_lists(rng)))


AGGREGATES = (  # (phrase, slug, loop update of `acc` with element {x}, start, comprehension term, functional)
    ("the product of", "product", "acc *= {x}", "1", None, "reduce(lambda acc, {x}: acc * {x}, {xs}, 1)"),
    ("the sum of the squares of", "sum_of_squares", "acc += {x} * {x}", "0", "{x} * {x}",
     "sum(map(lambda {x}: {x} * {x}, {xs}))"),
    ("the sum of the cubes of", "sum_of_cubes", "acc += {x} ** 3", "0", "{x} ** 3",
     "sum(map(lambda {x}: {x} ** 3, {xs}))"),
    ("the sum of the absolute values of", "abs_sum", "acc += abs({x})", "0", "abs({x})", "sum(map(abs, {xs}))"),
    ("the sum of the doubled values of", "double_sum", "acc += 2 * {x}", "0", "2 * {x}",
     "sum(map(lambda {x}: 2 * {x}, {xs}))"),
)
AGGREGATE_TEXT = ("Return $phrase the integers in `$xs`.",
                  "Compute $phrase all elements of `$xs`.",
                  "Given a list `$xs` of integers, return $phrase its elements.")


@template("list_aggregation", "easy")
def aggregate(rng: Random) -> Spec:
    """Fold a list with one operation (product, sum of squares/cubes/absolute values): loop, reduce/map, recursion."""
    phrase, slug, update, start, term, functional = rng.choice(AGGREGATES)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, slug, f"{slug}_of", f"compute_{slug}"), xs=xs, x=x, start=start, phrase=phrase,
               update=update.format(x=x), functional=functional.format(x=x, xs=xs),
               op="*" if slug == "product" else "+", term=(term or x).format(x=x))
    text = say(rng, AGGREGATE_TEXT, env, "For an empty list return $start.")
    sources = ["""
        def $f($xs: list[int]) -> int:
            acc = $start
            for $x in $xs:
                $update
            return acc
        """, """
        from functools import reduce


        def $f($xs: list[int]) -> int:
            return $functional
        """, """
        def $f($xs: list[int]) -> int:
            if not $xs:
                return $start
            $x = $xs[0]
            return $term $op $f($xs[1:])
        """]
    if term:
        sources.append("""
        def $f($xs: list[int]) -> int:
            return sum($term for $x in $xs)
        """)
    else:
        sources.append("""
        import math


        def $f($xs: list[int]) -> int:
            return math.prod($xs)
        """)
    small = [ints(rng, rng.randint(2, 5), -6, 9) for _ in range(3)]
    return Spec(text, env["f"], codes(env, *sources), tuple((v,) for v in [[], [rng.randint(-9, 9)], *small]),
                claims=((([],), int(start)),))


MEAN_WHERE_TEXT = ("Return the average of the elements of `$xs` that are $adj, rounded to $d decimal places.",
                   "Compute the mean of the $adj values in `$xs`, rounded with round(..., $d).")


@template("list_aggregation", "medium")
def mean_where(rng: Random) -> Spec:
    """Conditional mean, rounded, with None when nothing qualifies: a total and a count, or a filtered list."""
    p = int_pred(rng)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, f"mean_{p.slug}", f"average_{p.slug}", f"{p.slug}_mean"), xs=xs, x=x, cond=p.on(x),
               adj=p.adj, d=rng.choice([1, 2, 3]))
    text = say(rng, MEAN_WHERE_TEXT, env, "If no element is $adj, return None.")
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> float | None:
            total = count = 0
            for $x in $xs:
                if $cond:
                    total += $x
                    count += 1
            if count == 0:
                return None
            return round(total / count, $d)
        """, """
        def $f($xs: list[int]) -> float | None:
            chosen = [$x for $x in $xs if $cond]
            return round(sum(chosen) / len(chosen), $d) if chosen else None
        """, """
        def $f($xs: list[int]) -> float | None:
            chosen = list(filter(lambda $x: $cond, $xs))
            if not chosen:
                return None
            return round(sum(chosen) / len(chosen), $d)
        """), tuple((v,) for v in int_lists(rng, n=4)), claims=((([],), None),))


SIGNED_SUM_TEXT = ("Return the alternating sum $pattern of `$xs`.",
                   "Compute $pattern for the list `$xs`, alternating signs.",
                   "Given `$xs`, return $pattern (0 for an empty list).")


@template("list_aggregation", "medium")
def signed_sum(rng: Random) -> Spec:
    """Alternating sum (+ - + ... or - + - ...): a flipping sign, slices with strides, enumerate, recursion."""
    xs, x = list_arg(rng)
    plus = rng.random() < 0.5
    env = dict(f=name(rng, "alternating_sum", "signed_total", "zigzag_sum"), xs=xs, x=x,
               pattern=f"{xs}[0] - {xs}[1] + {xs}[2] - ..." if plus else f"-{xs}[0] + {xs}[1] - {xs}[2] + ...",
               first="1" if plus else "-1", a="" if plus else "-")
    text = say(rng, SIGNED_SUM_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            total, sign = 0, $first
            for $x in $xs:
                total += sign * $x
                sign = -sign
            return total
        """, """
        def $f($xs: list[int]) -> int:
            return $a(sum($xs[::2]) - sum($xs[1::2]))
        """, """
        def $f($xs: list[int]) -> int:
            return sum($x if i % 2 == 0 else -$x for i, $x in enumerate($xs)) * $first
        """, """
        def $f($xs: list[int]) -> int:
            if not $xs:
                return 0
            return $a$xs[0] - $f($xs[1:])
        """), tuple((v,) for v in int_lists(rng)), claims=((([],), 0),))


MAX_WINDOW_SUM_TEXT = ("Return the $best sum of $k consecutive elements of `$xs`.",
                       "Find the $best total of any window of $k adjacent values in `$xs` and return it.")


@template("list_aggregation", "medium")
def max_window_sum(rng: Random) -> Spec:
    """Largest or smallest sum of k adjacent elements: every window summed, or one sliding window updated."""
    xs, x = list_arg(rng)
    k = rng.randint(2, 4)
    best = rng.choice(["largest", "smallest"])
    env = dict(f=name(rng, f"{best}_window_sum", f"{best}_sum_of_{k}", f"window_{best}"), xs=xs, k=k, best=best,
               fn="max" if best == "largest" else "min", cmp=">" if best == "largest" else "<")
    text = say(rng, MAX_WINDOW_SUM_TEXT, env, "If `$xs` has fewer than $k elements, return None.")
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int | None:
            if len($xs) < $k:
                return None
            return $fn(sum($xs[i:i + $k]) for i in range(len($xs) - $k + 1))
        """, """
        def $f($xs: list[int]) -> int | None:
            if len($xs) < $k:
                return None
            window = best = sum($xs[:$k])
            for i in range($k, len($xs)):
                window += $xs[i] - $xs[i - $k]
                if window $cmp best:
                    best = window
            return best
        """, """
        def $f($xs: list[int]) -> int | None:
            sums = [sum(w) for w in zip(*($xs[i:] for i in range($k)))]
            return $fn(sums) if sums else None
        """), tuple((v,) for v in [[], ints(rng, k - 1), *(ints(rng, rng.randint(k, 8)) for _ in range(4))]),
        claims=(((ints(rng, k - 1),), None),))


MAX_SUBARRAY_TEXT = ("Return the largest sum of a contiguous sublist of `$xs`.",
                     "Find the maximum total of any run of consecutive elements of `$xs`.")


@template("list_aggregation", "hard")
def max_subarray(rng: Random) -> Spec:
    """Maximum contiguous sublist sum, with or without the empty sublist: Kadane's scan or all sublists."""
    xs, _ = list_arg(rng)
    empty_ok = rng.random() < 0.5
    env = dict(f=name(rng, "max_subarray_sum", "best_run_sum", "largest_contiguous_sum"), xs=xs,
               floor="0" if empty_ok else f"{xs}[0]", lo="0" if empty_ok else "1",
               step="max(0, current + x)" if empty_ok else "max(x, current + x)", default=", default=0" * empty_ok)
    note = ("The empty sublist counts, so the answer is never negative." if empty_ok
            else "The sublist must be non-empty; `$xs` is never empty.")
    text = say(rng, MAX_SUBARRAY_TEXT, env, note)
    inputs = [[rng.randint(-9, -1)], ints(rng, 3, -9, -1), *(ints(rng, rng.randint(4, 9), -9, 9) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            best = current = $floor
            for x in $xs[$lo:]:
                current = $step
                best = max(best, current)
            return best
        """, """
        def $f($xs: list[int]) -> int:
            best = $floor
            for i in range(len($xs)):
                total = 0
                for j in range(i, len($xs)):
                    total += $xs[j]
                    best = max(best, total)
            return best
        """, """
        def $f($xs: list[int]) -> int:
            sums = [sum($xs[i:j]) for i in range(len($xs)) for j in range(i + $lo, len($xs) + 1)]
            return max(sums$default)
        """), tuple((v,) for v in inputs) + ((([],),) if empty_ok else ()), claims=((([],), 0),) if empty_ok else ())
