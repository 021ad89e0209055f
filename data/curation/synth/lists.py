"""List templates: aggregation, filtering, transformation, search, sorting/searching, two pointers.

Most take a list of integers and draw a condition (`int_pred`), an operator or a target, so one
template covers many problems; edge cases (empty list, one element, ties, negatives) are always
among the tested inputs, and what the empty list gives is stated whenever it is not obvious.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, int_pred, ints, list_arg, name, say, template, words

# ------------------------------------------------------------------------------ list_aggregation


@template("list_aggregation", "easy")
def sum_where(rng: Random) -> Spec:
    p = int_pred(rng)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, f"sum_{p.slug}", f"{p.slug}_total", f"total_{p.slug}"), xs=xs, x=x, cond=p.on(x), adj=p.adj)
    text = say(rng, ["Return the sum of the elements of `$xs` that are $adj.",
                     "Add up the numbers in `$xs` that are $adj and return the total.",
                     "Given a list of integers `$xs`, return the sum of those that are $adj."],
               env, rng.choice(["Return 0 if there are none.", "An empty list gives 0."]))
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


@template("list_aggregation", "easy")
def count_where(rng: Random) -> Spec:
    p = int_pred(rng)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, f"count_{p.slug}", f"num_{p.slug}", f"how_many_{p.slug}"), xs=xs, x=x, cond=p.on(x),
               adj=p.adj)
    text = say(rng, ["Count how many elements of `$xs` are $adj.",
                     "Return the number of integers in `$xs` that are $adj.",
                     "How many values in the list `$xs` are $adj? Return that count."], env)
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


@template("list_aggregation", "easy")
def aggregate(rng: Random) -> Spec:
    phrase, slug, update, start, term, functional = rng.choice(AGGREGATES)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, slug, f"{slug}_of", f"compute_{slug}"), xs=xs, x=x, start=start, phrase=phrase,
               update=update.format(x=x), functional=functional.format(x=x, xs=xs),
               op="*" if slug == "product" else "+", term=(term or x).format(x=x))
    text = say(rng, ["Return $phrase the integers in `$xs`.",
                     "Compute $phrase all elements of `$xs`.",
                     "Given a list `$xs` of integers, return $phrase its elements."],
               env, "For an empty list return $start.")
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


@template("list_aggregation", "medium")
def mean_where(rng: Random) -> Spec:
    p = int_pred(rng)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, f"mean_{p.slug}", f"average_{p.slug}", f"{p.slug}_mean"), xs=xs, x=x, cond=p.on(x),
               adj=p.adj, d=rng.choice([1, 2, 3]))
    text = say(rng, ["Return the average of the elements of `$xs` that are $adj, rounded to $d decimal places.",
                     "Compute the mean of the $adj values in `$xs`, rounded with round(..., $d)."],
               env, "If no element is $adj, return None.")
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


@template("list_aggregation", "medium")
def signed_sum(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    plus = rng.random() < 0.5
    env = dict(f=name(rng, "alternating_sum", "signed_total", "zigzag_sum"), xs=xs, x=x,
               pattern=f"{xs}[0] - {xs}[1] + {xs}[2] - ..." if plus else f"-{xs}[0] + {xs}[1] - {xs}[2] + ...",
               first="1" if plus else "-1", a="" if plus else "-")
    text = say(rng, ["Return the alternating sum $pattern of `$xs`.",
                     "Compute $pattern for the list `$xs`, alternating signs.",
                     "Given `$xs`, return $pattern (0 for an empty list)."], env)
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


@template("list_aggregation", "medium")
def max_window_sum(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    k = rng.randint(2, 4)
    best = rng.choice(["largest", "smallest"])
    env = dict(f=name(rng, f"{best}_window_sum", f"{best}_sum_of_{k}", f"window_{best}"), xs=xs, k=k, best=best,
               fn="max" if best == "largest" else "min", cmp=">" if best == "largest" else "<")
    text = say(rng, ["Return the $best sum of $k consecutive elements of `$xs`.",
                     "Find the $best total of any window of $k adjacent values in `$xs` and return it."],
               env, "If `$xs` has fewer than $k elements, return None.")
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


@template("list_aggregation", "hard")
def max_subarray(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    empty_ok = rng.random() < 0.5
    env = dict(f=name(rng, "max_subarray_sum", "best_run_sum", "largest_contiguous_sum"), xs=xs,
               floor="0" if empty_ok else f"{xs}[0]", lo="0" if empty_ok else "1",
               step="max(0, current + x)" if empty_ok else "max(x, current + x)", default=", default=0" * empty_ok)
    note = ("The empty sublist counts, so the answer is never negative." if empty_ok
            else "The sublist must be non-empty; `$xs` is never empty.")
    text = say(rng, ["Return the largest sum of a contiguous sublist of `$xs`.",
                     "Find the maximum total of any run of consecutive elements of `$xs`."], env, note)
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


# -------------------------------------------------------------------------------- list_filtering


def compound_pred(rng: Random, x: str) -> tuple[str, str]:
    """(adjective phrase, condition): one predicate, or two joined by and / or / but not."""
    p = int_pred(rng)
    if rng.random() < 0.5:
        return p.adj, p.on(x)
    q = int_pred(rng)
    while q.slug == p.slug:
        q = int_pred(rng)
    joint = rng.choice(["and", "or", "but not"])
    cond = {"and": f"{p.on(x)} and {q.on(x)}", "or": f"{p.on(x)} or {q.on(x)}",
            "but not": f"{p.on(x)} and not ({q.on(x)})"}[joint]
    return f"{p.adj} {joint} {q.adj}", cond


@template("list_filtering", "easy")
def keep_where(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    adj, cond = compound_pred(rng, x)
    env = dict(f=name(rng, "keep_matching", "select_values", "filter_values", "pick"), xs=xs, x=x, cond=cond, adj=adj)
    text = say(rng, ["Return a new list with the elements of `$xs` that are $adj, in their original order.",
                     "Keep only the values of `$xs` that are $adj (same order) and return them as a list.",
                     "Filter `$xs`: return the elements that are $adj, preserving order."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            for $x in $xs:
                if $cond:
                    result.append($x)
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            return [$x for $x in $xs if $cond]
        """, """
        def $f($xs: list[int]) -> list[int]:
            return list(filter(lambda $x: $cond, $xs))
        """, """
        def $f($xs: list[int]) -> list[int]:
            if not $xs:
                return []
            $x = $xs[0]
            return ([$x] if $cond else []) + $f($xs[1:])
        """), tuple((v,) for v in int_lists(rng)))


@template("list_filtering", "easy")
def remove_value(rng: Random) -> Spec:
    text_items = rng.random() < 0.5
    xs, x = ("words", "w") if text_items else list_arg(rng)
    kind = "str" if text_items else "int"
    env = dict(f=name(rng, "remove_all", "without", "drop_value", "discard_all"), xs=xs, x=x, t=kind,
               target=rng.choice(["target", "unwanted", "value"]))
    text = say(rng, ["Return a copy of `$xs` with every occurrence of `$target` removed.",
                     "Remove all elements equal to `$target` from the list `$xs` and return the result as a new list.",
                     "Given a list `$xs` and a value `$target`, return the elements of `$xs` that differ from "
                     "`$target`, in order."], env)

    def sample(n: int) -> list:
        return words(rng, n, ("a", "b", "cat", "dog", "x")) if text_items else ints(rng, n, 0, 5)
    inputs = [([], sample(1)[0])] + [(v, rng.choice(v)) for v in (sample(1), sample(5), sample(7))]
    inputs.append((sample(4), "zebra" if text_items else 9))
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[$t], $target: $t) -> list[$t]:
            return [$x for $x in $xs if $x != $target]
        """, """
        def $f($xs: list[$t], $target: $t) -> list[$t]:
            result = []
            for $x in $xs:
                if $x != $target:
                    result.append($x)
            return result
        """, """
        def $f($xs: list[$t], $target: $t) -> list[$t]:
            return list(filter(lambda $x: $x != $target, $xs))
        """, """
        def $f($xs: list[$t], $target: $t) -> list[$t]:
            result = list($xs)
            while $target in result:
                result.remove($target)
            return result
        """), tuple(inputs))


@template("list_filtering", "medium")
def dedupe(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    last = rng.random() < 0.4
    env = dict(f=name(rng, "dedupe", "unique_in_order", "remove_duplicates", "distinct_values"), xs=xs, x=x,
               which="last" if last else "first")
    text = say(rng, ["Return the elements of `$xs` without duplicates, keeping the $which occurrence of each value.",
                     "Remove repeated values from `$xs`; each value stays where its $which occurrence was.",
                     "Deduplicate `$xs`, keeping for every value only its $which occurrence, in list order."], env)
    if last:
        sources = ["""
        def $f($xs: list[int]) -> list[int]:
            seen = set()
            result = []
            for $x in reversed($xs):
                if $x not in seen:
                    seen.add($x)
                    result.append($x)
            return result[::-1]
        """, """
        def $f($xs: list[int]) -> list[int]:
            return list(dict.fromkeys(reversed($xs)))[::-1]
        """, """
        def $f($xs: list[int]) -> list[int]:
            return [$x for i, $x in enumerate($xs) if $x not in $xs[i + 1:]]
        """]
    else:
        sources = ["""
        def $f($xs: list[int]) -> list[int]:
            seen = set()
            result = []
            for $x in $xs:
                if $x not in seen:
                    seen.add($x)
                    result.append($x)
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            return list(dict.fromkeys($xs))
        """, """
        def $f($xs: list[int]) -> list[int]:
            return [$x for i, $x in enumerate($xs) if $x not in $xs[:i]]
        """]
    return Spec(text, env["f"], codes(env, *sources), tuple((v,) for v in int_lists(rng, 0, 6)))


@template("list_filtering", "medium")
def every_kth(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    k, start = rng.randint(2, 4), rng.randint(0, 3)
    env = dict(f=name(rng, f"every_{k}th", "stride_select", "take_every", "sample_values"), xs=xs, x=x, k=k, s=start)
    text = say(rng, ["Return every $k-th element of `$xs`, starting with the element at index $s.",
                     "Select the elements of `$xs` at indices $s, $s + $k, $s + 2*$k, ... and return them as a list."],
               env)
    inputs = [[], ints(rng, start + 1), ints(rng, start), *(ints(rng, rng.randint(5, 11)) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            return $xs[$s::$k]
        """, """
        def $f($xs: list[int]) -> list[int]:
            return [$xs[i] for i in range($s, len($xs), $k)]
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            for i, $x in enumerate($xs):
                if i >= $s and (i - $s) % $k == 0:
                    result.append($x)
            return result
        """), tuple((v,) for v in inputs))


@template("list_filtering", "easy")
def keep_words(rng: Random) -> Spec:
    k, c = rng.randint(2, 5), rng.choice("aeiorst")
    adj, slug, cond = rng.choice([
        (f"longer than {k} characters", f"longer_than_{k}", f"len(w) > {k}"),
        (f"at most {k} characters long", f"at_most_{k}_chars", f"len(w) <= {k}"),
        (f"starting with '{c}'", f"starting_with_{c}", f"w.startswith('{c}')"),
        (f"ending with '{c}'", f"ending_with_{c}", f"w.endswith('{c}')"),
        (f"containing the letter '{c}'", f"containing_{c}", f"'{c}' in w"),
        (f"not containing the letter '{c}'", f"without_{c}", f"'{c}' not in w"),
        ("that are palindromes", "palindromes", "w == w[::-1]"),
    ])
    ws = rng.choice(["words", "names", "tokens", "strings"])
    env = dict(f=name(rng, f"words_{slug}", f"keep_{slug}", f"filter_{slug}"), ws=ws, adj=adj, cond=cond)
    text = say(rng, ["Return the strings in `$ws` $adj, in their original order.",
                     "Given a list of lowercase words `$ws`, keep only those $adj.",
                     "Filter the list `$ws` down to the words $adj."], env)
    inputs = [[], [rng.choice(("sos", "a", "anna"))], *(words(rng, rng.randint(3, 7)) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        def $f($ws: list[str]) -> list[str]:
            return [w for w in $ws if $cond]
        """, """
        def $f($ws: list[str]) -> list[str]:
            result = []
            for w in $ws:
                if $cond:
                    result.append(w)
            return result
        """, """
        def $f($ws: list[str]) -> list[str]:
            return list(filter(lambda w: $cond, $ws))
        """), tuple((v,) for v in inputs))


@template("list_filtering", "hard")
def leaders(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    cmp, word = rng.choice([(">", "strictly greater than"), ("<", "strictly less than"),
                            (">=", "greater than or equal to"), ("<=", "less than or equal to")])
    after = rng.random() < 0.5
    env = dict(f=name(rng, "leaders", "dominant_values", "record_values", "standouts"), xs=xs, x=x, cmp=cmp,
               word=word, side="after" if after else "before", best="max" if cmp[0] == ">" else "min",
               rest=f"{xs}[i + 1:]" if after else f"{xs}[:i]", order="reversed(" + xs + ")" if after else xs,
               fix="[::-1]" if after else "")
    text = say(rng, ["Return the elements of `$xs` that are $word every element $side them, in list order.",
                     "An element of `$xs` is kept when it is $word all elements $side it (vacuously true when there "
                     "are none). Return the kept elements in order."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            return [$x for i, $x in enumerate($xs) if all($x $cmp y for y in $rest)]
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            best = None
            for $x in $order:
                if best is None or $x $cmp best:
                    result.append($x)
                best = $x if best is None else $best(best, $x)
            return result$fix
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            for i, $x in enumerate($xs):
                if all($x $cmp y for y in $rest):
                    result.append($x)
            return result
        """), tuple((v,) for v in int_lists(rng, 0, 9)))


# --------------------------------------------------------------------------- list_transformation

ELEMENT_OPS = (  # (phrase, expression on {x}) with a, b, m filled in
    ("multiplied by {a} and then increased by {b}", "{x} * {a} + {b}"),
    ("squared", "{x} * {x}"), ("cubed", "{x} ** 3"), ("replaced by its absolute value", "abs({x})"),
    ("negated", "-{x}"), ("reduced modulo {m}", "{x} % {m}"), ("integer-divided by {m}", "{x} // {m}"),
    ("clamped to the range {lo}..{hi}", "min(max({x}, {lo}), {hi})"),
    ("increased by {a} if it is even and decreased by {b} otherwise", "{x} + {a} if {x} % 2 == 0 else {x} - {b}"),
    ("doubled if it is negative and left as is otherwise", "2 * {x} if {x} < 0 else {x}"),
)


@template("list_transformation", "easy")
def map_op(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    a, b, m = rng.randint(2, 5), rng.randint(1, 9), rng.randint(2, 7)
    lo = rng.randint(-5, 3)
    phrase, expr = rng.choice(ELEMENT_OPS)
    fill = dict(a=a, b=b, m=m, lo=lo, hi=lo + rng.randint(3, 9))
    env = dict(f=name(rng, "transform", "map_values", "apply_rule", "convert_all", "adjust"), xs=xs, x=x,
               phrase=phrase.format(**fill), expr=expr.format(x=x, **fill))
    text = say(rng, ["Return a new list in which every element of `$xs` is $phrase.",
                     "Transform each integer in `$xs`: it is $phrase. Return the resulting list.",
                     "Given `$xs`, build the list of its elements, each $phrase."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            return [$expr for $x in $xs]
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            for $x in $xs:
                result.append($expr)
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            return list(map(lambda $x: $expr, $xs))
        """, """
        def $f($xs: list[int]) -> list[int]:
            if not $xs:
                return []
            $x = $xs[0]
            return [$expr] + $f($xs[1:])
        """), tuple((v,) for v in int_lists(rng)))


@template("list_transformation", "medium")
def running(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    word, op, fn, start = rng.choice([("sum", "acc + {x}", "sum", None), ("maximum", "max(acc, {x})", "max", None),
                                      ("minimum", "min(acc, {x})", "min", None),
                                      ("product", "acc * {x}", "math.prod", "import math")])
    func = {"sum": "operator.add", "product": "operator.mul"}.get(word, fn)
    env = dict(f=name(rng, f"running_{word}", f"prefix_{word}s", f"cumulative_{word}"), xs=xs, x=x, word=word,
               op=op.format(x=x), fn=fn, imp=start or "", func=func,
               imports="import itertools\nimport operator" if "." in func else "import itertools")
    text = say(rng, ["Return the running $word of `$xs`: element i of the result is the $word of `$xs`[0..i].",
                     "Compute the prefix ${word}s of the list `$xs` and return them as a list of the same length."],
               env)
    sources = ["""
        def $f($xs: list[int]) -> list[int]:
            result = []
            acc = None
            for $x in $xs:
                acc = $x if acc is None else $op
                result.append(acc)
            return result
        """, """
        $imp


        def $f($xs: list[int]) -> list[int]:
            return [$fn($xs[:i + 1]) for i in range(len($xs))]
        """, """
        $imports


        def $f($xs: list[int]) -> list[int]:
            return list(itertools.accumulate($xs, $func))
        """]
    return Spec(text, env["f"], codes(env, *sources), tuple((v,) for v in int_lists(rng, -5, 9)))


@template("list_transformation", "medium")
def rotate(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    left = rng.random() < 0.5
    k = rng.choice(["k", "steps", "shift"])
    env = dict(f=name(rng, "rotate", f"rotate_{'left' if left else 'right'}", "shift_cyclic"), xs=xs, k=k,
               side="left" if left else "right", cut=f"{k} % len({xs})" if left else f"-({k} % len({xs}))",
               sign="+" if left else "-", dq="-" if left else "")
    text = say(rng, ["Rotate the list `$xs` $side by `$k` positions and return the result as a new list.",
                     "Return `$xs` cyclically shifted `$k` steps to the $side (`$k` may exceed the length)."],
               env, "An empty list stays empty.")
    inputs = [([], 3), ([rng.randint(0, 9)], 2)] + [(ints(rng, rng.randint(3, 7)), rng.randint(0, 9)) for _ in range(4)]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $k: int) -> list[int]:
            if not $xs:
                return []
            cut = $cut
            return $xs[cut:] + $xs[:cut]
        """, """
        from collections import deque


        def $f($xs: list[int], $k: int) -> list[int]:
            items = deque($xs)
            items.rotate($dq$k)
            return list(items)
        """, """
        def $f($xs: list[int], $k: int) -> list[int]:
            size = len($xs)
            return [$xs[(i $sign $k) % size] for i in range(size)]
        """), tuple(inputs), claims=((([], 3), []),))


@template("list_transformation", "medium")
def pairwise(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    phrase, expr = rng.choice([("the difference (next minus current)", "b - a"), ("the sum", "a + b"),
                               ("the product", "a * b"), ("the larger", "max(a, b)"), ("the smaller", "min(a, b)"),
                               ("the absolute difference", "abs(a - b)"),
                               ("the average (integer division)", "(a + b) // 2")])
    env = dict(f=name(rng, "pairwise", "adjacent_combine", "neighbour_values", "consecutive_pairs"), xs=xs,
               phrase=phrase, expr=expr)
    text = say(rng, ["For each pair of adjacent elements of `$xs`, compute $phrase of the two; return these values as "
                     "a list (one shorter than `$xs`, empty if it has fewer than 2 elements).",
                     "Return the list of $phrase of every two consecutive elements of `$xs`."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            return [$expr for a, b in zip($xs, $xs[1:])]
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            for i in range(len($xs) - 1):
                a, b = $xs[i], $xs[i + 1]
                result.append($expr)
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            return list(map(lambda a, b: $expr, $xs, $xs[1:]))
        """), tuple((v,) for v in int_lists(rng)))


@template("list_transformation", "hard")
def chunk(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    drop = rng.random() < 0.4
    size = rng.choice(["size", "width", "n"])
    env = dict(f=name(rng, "chunk", "split_into_groups", "batches", "partition_blocks"), xs=xs, size=size,
               end=f"len({xs}) - {size} + 1" if drop else f"len({xs})",
               rule="drop a final group that is shorter" if drop else "the last group may be shorter",
               finish="" if drop else "if group:\n        groups.append(group)",
               tail="[]" if drop else f"[{xs}] if {xs} else []")
    text = say(rng, ["Split `$xs` into consecutive groups of `$size` elements and return them as a list of lists; "
                     "$rule.",
                     "Return `$xs` cut into chunks of length `$size` ($rule)."], env)
    inputs = [([], 2), (ints(rng, 1), 3)] + [(ints(rng, rng.randint(4, 9)), rng.randint(1, 4)) for _ in range(4)]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int], $size: int) -> list[list[int]]:
            return [$xs[i:i + $size] for i in range(0, $end, $size)]
        """, """
        def $f($xs: list[int], $size: int) -> list[list[int]]:
            groups, group = [], []
            for x in $xs:
                group.append(x)
                if len(group) == $size:
                    groups.append(group)
                    group = []
            $finish
            return groups
        """, """
        def $f($xs: list[int], $size: int) -> list[list[int]]:
            if len($xs) < $size:
                return $tail
            return [$xs[:$size]] + $f($xs[$size:], $size)
        """), tuple(inputs))


@template("list_transformation", "hard")
def flatten(rng: Random) -> Spec:
    env = dict(f=name(rng, "flatten", "flatten_deep", "unnest", "flat_values"),
               xs=rng.choice(["nested", "items", "tree", "data"]))
    text = say(rng, ["Flatten the arbitrarily nested list `$xs` of integers into a flat list, left to right.",
                     "`$xs` contains integers and lists (which may nest further). Return all the integers in order as "
                     "one flat list."], env)

    def nested(depth: int) -> list:
        return [nested(depth - 1) if depth and rng.random() < 0.35 else rng.randint(0, 9)
                for _ in range(rng.randint(0, 3))]
    inputs = [[], [[], [[]]], [1, [2, [3, [4]]]], nested(3), nested(3), nested(4)]
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list) -> list[int]:
            result = []
            for item in $xs:
                if isinstance(item, list):
                    result.extend($f(item))
                else:
                    result.append(item)
            return result
        """, """
        def $f($xs: list) -> list[int]:
            result, stack = [], [iter($xs)]
            while stack:
                for item in stack[-1]:
                    if isinstance(item, list):
                        stack.append(iter(item))
                        break
                    result.append(item)
                else:
                    stack.pop()
            return result
        """, """
        def $f($xs: list) -> list[int]:
            def walk(items):
                for item in items:
                    if isinstance(item, list):
                        yield from walk(item)
                    else:
                        yield item
            return list(walk($xs))
        """), tuple((v,) for v in inputs))


# ------------------------------------------------------------------------------------ list_search


@template("list_search", "easy")
def first_index(rng: Random) -> Spec:
    p = int_pred(rng)
    xs, x = list_arg(rng)
    env = dict(f=name(rng, f"first_{p.slug}_index", f"index_of_first_{p.slug}", f"find_{p.slug}"), xs=xs, x=x,
               cond=p.on(x), adj=p.adj)
    text = say(rng, ["Return the index of the first element of `$xs` that is $adj, or -1 if there is none.",
                     "Find the position of the first $adj value in `$xs`; return -1 when no value qualifies."], env)
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


@template("list_search", "easy")
def quantifier(rng: Random) -> Spec:
    p = int_pred(rng)
    xs, x = list_arg(rng)
    q = rng.choice(["any", "all", "none"])
    env = dict(f=name(rng, f"{q}_{p.slug}", f"check_{q}_{p.slug}"), xs=xs, x=x, cond=p.on(x), adj=p.adj,
               words={"any": "at least one element", "all": "every element", "none": "no element"}[q],
               empty=str(q != "any"))
    text = say(rng, ["Return True if $words of `$xs` is $adj, otherwise False.",
                     "Check whether $words in `$xs` is $adj."], env, "An empty list gives $empty.")
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


@template("list_search", "easy")
def extreme_index(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    big, last = rng.random() < 0.5, rng.random() < 0.5
    fn = "max" if big else "min"
    env = dict(f=name(rng, f"index_of_{fn}", f"arg{fn}", f"position_of_{'largest' if big else 'smallest'}"), xs=xs,
               x=x, word="largest" if big else "smallest", which="last" if last else "first",
               cmp=(">=" if last else ">") if big else ("<=" if last else "<"))
    text = say(rng, ["Return the index of the $word value in `$xs`; if it occurs several times, return the $which such "
                     "index. Return -1 for an empty list.",
                     "Find where the $word element of `$xs` is (the $which occurrence on ties), or -1 if `$xs` is "
                     "empty."], env)
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


@template("list_search", "medium")
def last_index(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    env = dict(f=name(rng, "last_index", "rfind", "last_position", "find_last"), xs=xs, x=x,
               t=rng.choice(["target", "value", "key"]))
    text = say(rng, ["Return the index of the last occurrence of `$t` in `$xs`, or -1 if it is absent.",
                     "Find the last position at which `$t` appears in the list `$xs` (-1 if nowhere)."], env)
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


@template("list_search", "medium")
def kth_distinct(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    k = rng.choice([2, 3])
    big = rng.random() < 0.5
    word = ("second" if k == 2 else "third") + (" largest" if big else " smallest")
    env = dict(f=name(rng, f"{word.replace(' ', '_')}", f"{word.replace(' ', '_')}_distinct"), xs=xs, k=k,
               word=word, rev="True" if big else "False", fn="nlargest" if big else "nsmallest",
               drop="max" if big else "min")
    text = say(rng, ["Return the $word distinct value in `$xs`, or None if there are fewer than $k distinct values.",
                     "Among the distinct values of `$xs`, find the $word one; return None when it does not exist."],
               env)
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


@template("list_search", "hard")
def longest_run(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "longest_run", "longest_streak", "max_repeat_run"), xs=xs)
    text = say(rng, ["Return a tuple (value, length) describing the longest run of equal adjacent elements in `$xs`; "
                     "on a tie the earliest run wins. Return None for an empty list.",
                     "Find the longest block of consecutive identical values in `$xs` and return (value, length), "
                     "preferring the first such block; None if `$xs` is empty."], env)
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


@template("list_search", "hard")
def longest_monotone_run(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    word, cmp = rng.choice([("strictly increasing", "<"), ("strictly decreasing", ">"), ("non-decreasing", "<="),
                            ("non-increasing", ">=")])
    env = dict(f=name(rng, "longest_" + word.replace(" ", "_").replace("-", "_") + "_run", "longest_trend"), xs=xs,
               word=word, cmp=cmp)
    text = say(rng, ["Return the length of the longest $word run of consecutive elements in `$xs` (0 if empty).",
                     "How long is the longest contiguous $word stretch of `$xs`? Return 0 for an empty list."], env)
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


# ------------------------------------------------------------------------------ sorting_searching

WORDS_SHORT = ("ox", "bee", "cat", "a")
SORT_KEYS = (  # (phrase, key expression on {x}, slug)
    ("absolute value", "abs({x})", "abs"), ("last digit", "abs({x}) % 10", "last_digit"),
    ("digit sum", "sum(int(c) for c in str(abs({x})))", "digit_sum"), ("remainder modulo {m}", "{x} % {m}", "mod"),
    ("distance from {t}", "abs({x} - {t})", "distance"), ("parity (even numbers first)", "{x} % 2", "parity"),
)


@template("sorting_searching", "easy")
def sort_by_key(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    phrase, key, slug = rng.choice(SORT_KEYS)
    fill = dict(m=rng.randint(3, 7), t=rng.randint(-3, 9))
    desc = rng.random() < 0.3
    env = dict(f=name(rng, f"sort_by_{slug}", f"order_by_{slug}", f"{slug}_sorted"), xs=xs, x=x,
               phrase=phrase.format(**fill), key=key.format(x=x, **fill), order="descending" if desc else "ascending",
               rev=str(desc))
    text = say(rng, ["Return the integers of `$xs` sorted by $phrase in $order order; break ties by the value itself "
                     "(in the same order).",
                     "Sort `$xs` by $phrase ($order), using the number itself as a tie-breaker, and return a new "
                     "list."],
               env)
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


@template("sorting_searching", "easy")
def sort_words(rng: Random) -> Spec:
    phrase, key = rng.choice([("length, then alphabetically", "(len(w), w)"),
                              ("last letter, then alphabetically", "(w[-1], w)"),
                              ("number of vowels, then alphabetically", "(sum(c in 'aeiou' for c in w), w)"),
                              ("length (longest first), then alphabetically", "(-len(w), w)"),
                              ("reversed spelling", "w[::-1]"), ("second letter, then alphabetically", "(w[1:2], w)")])
    ws = rng.choice(["words", "names", "labels"])
    env = dict(f=name(rng, "sort_words", "order_words", "arrange", "sorted_" + ws), ws=ws, phrase=phrase, key=key)
    text = say(rng, ["Return the strings of `$ws` sorted by $phrase.",
                     "Sort the list of words `$ws` by $phrase and return the new list."], env)
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


@template("sorting_searching", "medium")
def binary_search(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "binary_search", "search_sorted", "find_index", "locate"), xs=xs,
               t=rng.choice(["target", "key", "value"]))
    text = say(rng, ["`$xs` is sorted in ascending order and has no duplicates. Return the index of `$t` in it, or -1 "
                     "if it is absent.",
                     "Search the sorted list of distinct integers `$xs` for `$t` and return its index (-1 when "
                     "missing), in O(log n) time."], env)
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


@template("sorting_searching", "medium")
def insert_position(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    right = rng.random() < 0.5
    env = dict(f=name(rng, "insert_position", "insertion_index", "where_to_insert"), xs=xs, x=x,
               t=rng.choice(["value", "target", "new"]), side="after" if right else "before",
               cmp="<=" if right else "<", fn="bisect_right" if right else "bisect_left")
    text = say(rng, ["`$xs` is sorted ascending. Return the index at which `$t` should be inserted to keep it sorted, "
                     "placing it $side any equal elements.",
                     "Find the insertion point for `$t` in the sorted list `$xs` (equal elements stay $side it)."], env)
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


@template("sorting_searching", "hard")
def manual_sort(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    desc = rng.random() < 0.4
    env = dict(f=name(rng, "sort_list", "my_sort", "sort_numbers", "ordered_copy"), xs=xs,
               order="descending" if desc else "ascending", cmp=">" if desc else "<", ncmp="<" if desc else ">")
    text = say(rng, ["Return a new list with the elements of `$xs` in $order order, without using `sorted()` or "
                     "`list.sort()`.",
                     "Implement a sorting algorithm: return `$xs` sorted in $order order. Built-in sorting (`sorted`, "
                     "`.sort`) is not allowed."], env)
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


@template("sorting_searching", "hard")
def kth_smallest(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    big = rng.random() < 0.5
    env = dict(f=name(rng, "kth_largest" if big else "kth_smallest", "select_kth", "order_statistic"), xs=xs,
               word="largest" if big else "smallest", rev=str(big), fn="nlargest" if big else "nsmallest",
               cmp=">" if big else "<")
    text = say(rng, ["Return the k-th $word element of `$xs` (k starts at 1; duplicates count separately). `$xs` has "
                     "at least k elements.",
                     "Find the element that would be at position k (1-based) if `$xs` were sorted so that the $word "
                     "comes first."], env)
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


@template("sorting_searching", "medium")
def merge_sorted(rng: Random) -> Spec:
    a, b = rng.choice([("a", "b"), ("left", "right"), ("first", "second")])
    env = dict(f=name(rng, "merge_sorted", "merge", "combine_sorted"), a=a, b=b)
    text = say(rng, ["`$a` and `$b` are sorted ascending. Return one ascending list containing all their elements "
                     "(keep duplicates).",
                     "Merge the two sorted lists `$a` and `$b` into a single sorted list."], env)
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


# ----------------------------------------------------------------------------------- two_pointers


@template("two_pointers", "easy")
def reverse_copy(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "reverse", "reversed_copy", "backwards", "flip"), xs=xs)
    text = say(rng, ["Return a new list with the elements of `$xs` in reverse order.",
                     "Reverse `$xs` into a new list, leaving the original as it is."], env)
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


@template("two_pointers", "easy")
def is_palindrome_list(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "is_palindrome", "reads_same_backwards", "is_symmetric", "mirror_list"), xs=xs)
    text = say(rng, ["Return True if the list `$xs` reads the same forwards and backwards.",
                     "Check whether `$xs` is a palindrome (an empty list is one)."], env)
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


@template("two_pointers", "medium")
def pair_sum(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "has_pair_with_sum", "pair_sums_to", "two_sum_exists"), xs=xs,
               t=rng.choice(["target", "total", "goal"]))
    text = say(rng, ["`$xs` is sorted ascending. Return True if two elements at different positions add up to `$t`.",
                     "Given the sorted list `$xs`, decide whether some pair of distinct indices i < j has `$xs`[i] + "
                     "`$xs`[j] == `$t`."], env)
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


@template("two_pointers", "medium")
def dedupe_sorted(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    env = dict(f=name(rng, "unique_sorted", "compress_sorted", "distinct_sorted"), xs=xs, x=x)
    text = say(rng, ["`$xs` is sorted in ascending order. Return a list of its distinct values, in order.",
                     "Remove the repeats from the sorted list `$xs` and return the result."], env)
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


@template("two_pointers", "medium")
def is_subsequence(rng: Random) -> Spec:
    s, t = rng.choice([("small", "text"), ("part", "big"), ("s", "t")])
    env = dict(f=name(rng, "is_subsequence", "appears_in_order", "embedded_in"), s=s, t=t)
    text = say(rng, ["Return True if the string `$s` is a subsequence of `$t`: its characters appear in `$t` in the "
                     "same order, not necessarily adjacent.",
                     "Check whether `$s` can be obtained by deleting zero or more characters from `$t`."], env)
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


@template("two_pointers", "hard")
def window_limit(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    longest = rng.random() < 0.5
    env = dict(f=name(rng, "longest_within_budget" if longest else "shortest_reaching", "window_length",
                      "best_window"), xs=xs, s=rng.choice(["limit", "budget", "cap"] if longest else
                                                        ["goal", "target", "need"]))
    if longest:
        text = say(rng, ["`$xs` holds positive integers. Return the length of the longest contiguous sublist whose sum "
                         "is at most `$s` (0 if none).",
                         "Find the longest run of consecutive elements of `$xs` (all positive) with total <= `$s` and "
                         "return its length."], env)
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
        text = say(rng, ["`$xs` holds positive integers. Return the length of the shortest contiguous sublist whose "
                         "sum is at least `$s`, or 0 if there is none.",
                         "Find the minimal length of a run of consecutive elements of `$xs` (all positive) adding up "
                         "to `$s` or more; 0 when impossible."], env)
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


@template("two_pointers", "hard")
def three_sum(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "has_triple_with_sum", "three_sum_exists", "triplet_sum"), xs=xs,
               t=rng.choice(["target", "total"]))
    text = say(rng, ["Return True if three elements of `$xs` at three different positions add up to `$t`.",
                     "Decide whether some i < j < k satisfy `$xs`[i] + `$xs`[j] + `$xs`[k] == `$t`."], env)
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
