"""list_transformation: build a new list from a list — map each element, prefix sums/extremes, rotate, combine
neighbours, cut into chunks, flatten a nested list.

Operators and parameters are drawn, so one template covers many problems; edge cases (empty list, one
element, ties, negatives) are always among the tested inputs, and what the empty list gives is stated
whenever it is not obvious.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template

ELEMENT_OPS = (  # (phrase, expression on {x}) with a, b, m filled in
    ("multiplied by {a} and then increased by {b}", "{x} * {a} + {b}"),
    ("squared", "{x} * {x}"), ("cubed", "{x} ** 3"), ("replaced by its absolute value", "abs({x})"),
    ("negated", "-{x}"), ("reduced modulo {m}", "{x} % {m}"), ("integer-divided by {m}", "{x} // {m}"),
    ("clamped to the range {lo}..{hi}", "min(max({x}, {lo}), {hi})"),
    ("increased by {a} if it is even and decreased by {b} otherwise", "{x} + {a} if {x} % 2 == 0 else {x} - {b}"),
    ("doubled if it is negative and left as is otherwise", "2 * {x} if {x} < 0 else {x}"),
)
MAP_OP_TEXT = ("Return a new list in which every element of `$xs` is $phrase.",
               "Transform each integer in `$xs`: it is $phrase. Return the resulting list.",
               "Given `$xs`, build the list of its elements, each $phrase.")


@template("list_transformation", "easy")
def map_op(rng: Random) -> Spec:
    """Apply one drawn rule to every element: comprehension, loop with append, map(), recursion."""
    xs, x = list_arg(rng)
    a, b, m = rng.randint(2, 5), rng.randint(1, 9), rng.randint(2, 7)
    lo = rng.randint(-5, 3)
    phrase, expr = rng.choice(ELEMENT_OPS)
    fill = dict(a=a, b=b, m=m, lo=lo, hi=lo + rng.randint(3, 9))
    env = dict(f=name(rng, "transform", "map_values", "apply_rule", "convert_all", "adjust"), xs=xs, x=x,
               phrase=phrase.format(**fill), expr=expr.format(x=x, **fill))
    text = say(rng, MAP_OP_TEXT, env)
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


RUNNING_OPS = (  # (word, update of `acc` with element {x}, function of a prefix, the import that function needs)
    ("sum", "acc + {x}", "sum", None), ("maximum", "max(acc, {x})", "max", None),
    ("minimum", "min(acc, {x})", "min", None), ("product", "acc * {x}", "math.prod", "import math"),
)
RUNNING_TEXT = ("Return the running $word of `$xs`: element i of the result is the $word of `$xs`[0..i].",
                "Compute the prefix ${word}s of the list `$xs` and return them as a list of the same length.")


@template("list_transformation", "medium")
def running(rng: Random) -> Spec:
    """Running sum, max, min or product: an accumulator loop, a function of each prefix, itertools.accumulate."""
    xs, x = list_arg(rng)
    word, op, fn, start = rng.choice(RUNNING_OPS)
    func = {"sum": "operator.add", "product": "operator.mul"}.get(word, fn)
    env = dict(f=name(rng, f"running_{word}", f"prefix_{word}s", f"cumulative_{word}"), xs=xs, x=x, word=word,
               op=op.format(x=x), fn=fn, imp=start or "", func=func,
               imports="import itertools\nimport operator" if "." in func else "import itertools")
    text = say(rng, RUNNING_TEXT, env)
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


ROTATE_TEXT = ("Rotate the list `$xs` $side by `$k` positions and return the result as a new list.",
               "Return `$xs` cyclically shifted `$k` steps to the $side (`$k` may exceed the length).")


@template("list_transformation", "medium")
def rotate(rng: Random) -> Spec:
    """Rotate left or right by k (k may exceed the length): slicing at k mod n, deque.rotate, index arithmetic."""
    xs, _ = list_arg(rng)
    left = rng.random() < 0.5
    k = rng.choice(["k", "steps", "shift"])
    env = dict(f=name(rng, "rotate", f"rotate_{'left' if left else 'right'}", "shift_cyclic"), xs=xs, k=k,
               side="left" if left else "right", cut=f"{k} % len({xs})" if left else f"-({k} % len({xs}))",
               sign="+" if left else "-", dq="-" if left else "")
    text = say(rng, ROTATE_TEXT, env, "An empty list stays empty.")
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


PAIRWISE_OPS = (  # (phrase, expression on the neighbours a and b)
    ("the difference (next minus current)", "b - a"), ("the sum", "a + b"), ("the product", "a * b"),
    ("the larger", "max(a, b)"), ("the smaller", "min(a, b)"), ("the absolute difference", "abs(a - b)"),
    ("the average (integer division)", "(a + b) // 2"),
)
PAIRWISE_TEXT = ("For each pair of adjacent elements of `$xs`, compute $phrase of the two; return these values as "
                 "a list (one shorter than `$xs`, empty if it has fewer than 2 elements).",
                 "Return the list of $phrase of every two consecutive elements of `$xs`.")


@template("list_transformation", "medium")
def pairwise(rng: Random) -> Spec:
    """Combine every two adjacent elements (difference, sum, max, ...): zip with the shifted list, indices, map()."""
    xs, _ = list_arg(rng)
    phrase, expr = rng.choice(PAIRWISE_OPS)
    env = dict(f=name(rng, "pairwise", "adjacent_combine", "neighbour_values", "consecutive_pairs"), xs=xs,
               phrase=phrase, expr=expr)
    text = say(rng, PAIRWISE_TEXT, env)
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


CHUNK_TEXT = ("Split `$xs` into consecutive groups of `$size` elements and return them as a list of lists; $rule.",
              "Return `$xs` cut into chunks of length `$size` ($rule).")


@template("list_transformation", "hard")
def chunk(rng: Random) -> Spec:
    """Cut a list into groups of n, keeping or dropping a short last group: slices, a growing group, recursion."""
    xs, _ = list_arg(rng)
    drop = rng.random() < 0.4
    size = rng.choice(["size", "width", "n"])
    env = dict(f=name(rng, "chunk", "split_into_groups", "batches", "partition_blocks"), xs=xs, size=size,
               end=f"len({xs}) - {size} + 1" if drop else f"len({xs})",
               rule="drop a final group that is shorter" if drop else "the last group may be shorter",
               finish="" if drop else "if group:\n        groups.append(group)",
               tail="[]" if drop else f"[{xs}] if {xs} else []")
    text = say(rng, CHUNK_TEXT, env)
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


FLATTEN_TEXT = ("Flatten the arbitrarily nested list `$xs` of integers into a flat list, left to right.",
                "`$xs` contains integers and lists (which may nest further). Return all the integers in order as "
                "one flat list.")


@template("list_transformation", "hard")
def flatten(rng: Random) -> Spec:
    """Flatten an arbitrarily nested list: recursion, an explicit stack of iterators, or a recursive generator."""
    env = dict(f=name(rng, "flatten", "flatten_deep", "unnest", "flat_values"),
               xs=rng.choice(["nested", "items", "tree", "data"]))
    text = say(rng, FLATTEN_TEXT, env)

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
