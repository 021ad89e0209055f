"""list_filtering: keep the elements of a list that qualify, in order — by a (compound) condition, by
value, first or last occurrence, position, a test on words, or a comparison with every element before or after.

Conditions come from `int_pred`, sometimes two joined by and / or / but not, so one template covers many
problems; edge cases (empty list, one element, ties, negatives) are always among the tested inputs.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, int_pred, ints, list_arg, name, say, template, words


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


KEEP_WHERE_TEXT = ("Return a new list with the elements of `$xs` that are $adj, in their original order.",
                   "Keep only the values of `$xs` that are $adj (same order) and return them as a list.",
                   "Filter `$xs`: return the elements that are $adj, preserving order.")


@template("list_filtering", "easy")
def keep_where(rng: Random) -> Spec:
    """Filter by a condition, maybe compound: loop with append, comprehension, filter(), recursion."""
    xs, x = list_arg(rng)
    adj, cond = compound_pred(rng, x)
    env = dict(f=name(rng, "keep_matching", "select_values", "filter_values", "pick"), xs=xs, x=x, cond=cond, adj=adj)
    text = say(rng, KEEP_WHERE_TEXT, env)
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


REMOVE_VALUE_TEXT = ("Return a copy of `$xs` with every occurrence of `$target` removed.",
                     "Remove all elements equal to `$target` from the list `$xs` and return the result as a new list.",
                     "Given a list `$xs` and a value `$target`, return the elements of `$xs` that differ from "
                     "`$target`, in order.")


@template("list_filtering", "easy")
def remove_value(rng: Random) -> Spec:
    """Drop every occurrence of a value from a list of integers or of words, the value present or absent."""
    text_items = rng.random() < 0.5
    xs, x = ("words", "w") if text_items else list_arg(rng)
    kind = "str" if text_items else "int"
    env = dict(f=name(rng, "remove_all", "without", "drop_value", "discard_all"), xs=xs, x=x, t=kind,
               target=rng.choice(["target", "unwanted", "value"]))
    text = say(rng, REMOVE_VALUE_TEXT, env)

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


DEDUPE_TEXT = ("Return the elements of `$xs` without duplicates, keeping the $which occurrence of each value.",
               "Remove repeated values from `$xs`; each value stays where its $which occurrence was.",
               "Deduplicate `$xs`, keeping for every value only its $which occurrence, in list order.")


@template("list_filtering", "medium")
def dedupe(rng: Random) -> Spec:
    """Remove duplicates keeping the first or the last occurrence: a seen-set, dict.fromkeys, or slices."""
    xs, x = list_arg(rng)
    last = rng.random() < 0.4
    env = dict(f=name(rng, "dedupe", "unique_in_order", "remove_duplicates", "distinct_values"), xs=xs, x=x,
               which="last" if last else "first")
    text = say(rng, DEDUPE_TEXT, env)
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


EVERY_KTH_TEXT = ("Return every $k-th element of `$xs`, starting with the element at index $s.",
                  "Select the elements of `$xs` at indices $s, $s + $k, $s + 2*$k, ... and return them as a list.")


@template("list_filtering", "medium")
def every_kth(rng: Random) -> Spec:
    """Every k-th element from a start index: an extended slice, a range of indices, or enumerate with a modulus."""
    xs, x = list_arg(rng)
    k, start = rng.randint(2, 4), rng.randint(0, 3)
    env = dict(f=name(rng, f"every_{k}th", "stride_select", "take_every", "sample_values"), xs=xs, x=x, k=k, s=start)
    text = say(rng, EVERY_KTH_TEXT, env)
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


def word_conditions(k: int, c: str) -> list[tuple[str, str, str]]:
    """(phrase completing "the words ...", slug, condition on `w`) for a length `k` and a letter `c`."""
    return [
        (f"longer than {k} characters", f"longer_than_{k}", f"len(w) > {k}"),
        (f"at most {k} characters long", f"at_most_{k}_chars", f"len(w) <= {k}"),
        (f"starting with '{c}'", f"starting_with_{c}", f"w.startswith('{c}')"),
        (f"ending with '{c}'", f"ending_with_{c}", f"w.endswith('{c}')"),
        (f"containing the letter '{c}'", f"containing_{c}", f"'{c}' in w"),
        (f"not containing the letter '{c}'", f"without_{c}", f"'{c}' not in w"),
        ("that are palindromes", "palindromes", "w == w[::-1]"),
    ]


KEEP_WORDS_TEXT = ("Return the strings in `$ws` $adj, in their original order.",
                   "Given a list of lowercase words `$ws`, keep only those $adj.",
                   "Filter the list `$ws` down to the words $adj.")


@template("list_filtering", "easy")
def keep_words(rng: Random) -> Spec:
    """Filter a list of words by length, first or last letter, a contained letter, or being a palindrome."""
    k, c = rng.randint(2, 5), rng.choice("aeiorst")
    adj, slug, cond = rng.choice(word_conditions(k, c))
    ws = rng.choice(["words", "names", "tokens", "strings"])
    env = dict(f=name(rng, f"words_{slug}", f"keep_{slug}", f"filter_{slug}"), ws=ws, adj=adj, cond=cond)
    text = say(rng, KEEP_WORDS_TEXT, env)
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


LEADER_COMPARISONS = ((">", "strictly greater than"), ("<", "strictly less than"),
                      (">=", "greater than or equal to"), ("<=", "less than or equal to"))
LEADERS_TEXT = ("Return the elements of `$xs` that are $word every element $side them, in list order.",
                "An element of `$xs` is kept when it is $word all elements $side it (vacuously true when there "
                "are none). Return the kept elements in order.")


@template("list_filtering", "hard")
def leaders(rng: Random) -> Spec:
    """Elements that beat every element after (or before) them: all() per element, or one pass keeping the best."""
    xs, x = list_arg(rng)
    cmp, word = rng.choice(LEADER_COMPARISONS)
    after = rng.random() < 0.5
    env = dict(f=name(rng, "leaders", "dominant_values", "record_values", "standouts"), xs=xs, x=x, cmp=cmp,
               word=word, side="after" if after else "before", best="max" if cmp[0] == ">" else "min",
               rest=f"{xs}[i + 1:]" if after else f"{xs}[:i]", order="reversed(" + xs + ")" if after else xs,
               fix="[::-1]" if after else "")
    text = say(rng, LEADERS_TEXT, env)
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
