"""dicts_counting: count occurrences and build, invert, merge and rank dicts (Counter, setdefault, defaultdict).

Dict results are built in first-appearance order by every solution (so their repr is the same whichever
solution produced it), and the statements say so: keys in order of first appearance.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template, words

FREQUENCIES_TEXT = ("Return a dict mapping each $what of `$xs` to the number of times it occurs$rule, with keys in "
                    "order of first appearance.",
                    "Count the occurrences of every $what in `$xs`$rule and return them as a dict (keys ordered by "
                    "first occurrence).")


@template("dicts_counting", "easy")
def frequencies(rng: Random) -> Spec:
    """Count each character of a string (optionally case-folded) or each value of a list into an ordered dict."""
    text_input = rng.random() < 0.5
    if text_input:
        fold = rng.random() < 0.5
        env = dict(f=name(rng, "char_counts", "letter_frequencies", "count_characters"), xs=rng.choice(["s", "text"]),
                   t="str", k="str", it=("{xs}.lower()" if fold else "{xs}"),
                   rule=" (case-insensitive: count lowercase forms)" if fold else "")
        env["it"] = env["it"].format(xs=env["xs"])
        what = "character"
        cases = [("",), ("aAbB a",), *(("".join(rng.choice("abcAB ") for _ in range(rng.randint(3, 10))),)
                                       for _ in range(3))]
    else:
        xs, _ = list_arg(rng)
        env = dict(f=name(rng, "frequencies", "count_each", "tally", "histogram"), xs=xs, t="list[int]", k="int",
                   it=xs, rule="")
        what = "value"
        cases = [(v,) for v in int_lists(rng, 0, 5)][:5]
    env["what"] = what
    text = say(rng, FREQUENCIES_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: $t) -> dict[$k, int]:
            counts = {}
            for item in $it:
                counts[item] = counts.get(item, 0) + 1
            return counts
        """, """
        from collections import Counter


        def $f($xs: $t) -> dict[$k, int]:
            return dict(Counter($it))
        """, """
        def $f($xs: $t) -> dict[$k, int]:
            items = $it
            return {item: items.count(item) for item in dict.fromkeys(items)}
        """, """
        def $f($xs: $t) -> dict[$k, int]:
            counts = {}
            for item in $it:
                counts.setdefault(item, 0)
                counts[item] += 1
            return counts
        """), tuple(cases))


GROUP_KEYS = (("first letter", "w[0]", "str"), ("length", "len(w)", "int"), ("last letter", "w[-1]", "str"),
              ("number of vowels", "sum(ch in 'aeiou' for ch in w)", "int"))
GROUP_BY_TEXT = ("Group the non-empty words of `$ws` by their $phrase: return a dict from each $phrase to the list of "
                 "words having it, keeping the original order both for keys (first appearance) and within each list.",
                 "Return a dict that maps every $phrase occurring in `$ws` to the words with that $phrase, in input "
                 "order (keys ordered by first appearance).")


@template("dicts_counting", "medium")
def group_by(rng: Random) -> Spec:
    """Group words by a key (first or last letter, length, vowel count): dict of lists in input order."""
    phrase, key, kt = rng.choice(GROUP_KEYS)
    env = dict(f=name(rng, "group_words", "group_by_" + phrase.replace(" ", "_"), "bucket_words"),
               ws=rng.choice(["words", "names", "items"]), phrase=phrase, key=key, kt=kt)
    text = say(rng, GROUP_BY_TEXT, env)
    cases = [([],), (["solo"],), *((words(rng, rng.randint(3, 8)),) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        def $f($ws: list[str]) -> dict[$kt, list[str]]:
            groups = {}
            for w in $ws:
                groups.setdefault($key, []).append(w)
            return groups
        """, """
        from collections import defaultdict


        def $f($ws: list[str]) -> dict[$kt, list[str]]:
            groups = defaultdict(list)
            for w in $ws:
                groups[$key].append(w)
            return dict(groups)
        """, """
        def $f($ws: list[str]) -> dict[$kt, list[str]]:
            keys = dict.fromkeys($key for w in $ws)
            return {k: [w for w in $ws if $key == k] for k in keys}
        """), tuple(cases))


INVERT_MANY_TEXT = ("Invert the dict `$d` (str -> int): return a dict mapping each value to the sorted list of keys "
                    "that have it, with values ordered by first appearance.",
                    "Return the reverse index of `$d`: value -> alphabetically sorted list of its keys (values in "
                    "order of first occurrence).")
INVERT_LAST_TEXT = ("Swap keys and values of the dict `$d` (str -> int). When several keys share a value, the key "
                    "that comes last in `$d` wins.",
                    "Return a dict mapping each value of `$d` to its key; for a repeated value keep the last key.")


@template("dicts_counting", "medium")
def invert(rng: Random) -> Spec:
    """Invert a dict: value -> sorted list of keys, or value -> key with the last key winning on repeats."""
    many = rng.random() < 0.5
    env = dict(f=name(rng, "invert", "invert_mapping", "reverse_lookup"), d=rng.choice(["mapping", "d", "table"]))
    if many:
        text = say(rng, INVERT_MANY_TEXT, env)
        sources = ["""
        def $f($d: dict[str, int]) -> dict[int, list[str]]:
            result = {}
            for key, value in $d.items():
                result.setdefault(value, []).append(key)
            return {value: sorted(keys) for value, keys in result.items()}
        """, """
        def $f($d: dict[str, int]) -> dict[int, list[str]]:
            return {value: sorted(k for k, v in $d.items() if v == value) for value in dict.fromkeys($d.values())}
        """]
    else:
        text = say(rng, INVERT_LAST_TEXT, env)
        sources = ["""
        def $f($d: dict[str, int]) -> dict[int, str]:
            result = {}
            for key, value in $d.items():
                result[value] = key
            return result
        """, """
        def $f($d: dict[str, int]) -> dict[int, str]:
            return {value: key for key, value in $d.items()}
        """, """
        def $f($d: dict[str, int]) -> dict[int, str]:
            return dict(zip($d.values(), $d.keys()))
        """]
    cases = [({},), ({"a": 1},)] + [({w: rng.randint(0, 3) for w in words(rng, rng.randint(2, 6))},) for _ in range(4)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


TOP_K_TEXT = ("Return the $k most frequent values of `$xs`, most frequent first; among equally frequent values the "
              "smaller comes first. Return fewer if `$xs` has fewer distinct values.",
              "List the $k values occurring most often in `$xs` (ties broken by smaller value first).")


@template("dicts_counting", "medium")
def top_k(rng: Random) -> Spec:
    """The k most frequent values, ties broken by the smaller value: sorting counts, or a heap."""
    xs, _ = list_arg(rng)
    k = rng.randint(1, 3)
    env = dict(f=name(rng, f"top_{k}_frequent", "most_frequent", "top_values"), xs=xs, k=k)
    text = say(rng, TOP_K_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        from collections import Counter


        def $f($xs: list[int]) -> list[int]:
            counts = Counter($xs)
            return sorted(counts, key=lambda v: (-counts[v], v))[:$k]
        """, """
        import heapq
        from collections import Counter


        def $f($xs: list[int]) -> list[int]:
            counts = Counter($xs)
            return [v for _, v in heapq.nsmallest($k, ((-c, v) for v, c in counts.items()))]
        """, """
        def $f($xs: list[int]) -> list[int]:
            counts = {}
            for x in $xs:
                counts[x] = counts.get(x, 0) + 1
            ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            return [value for value, _ in ranked[:$k]]
        """), tuple((v,) for v in int_lists(rng, 0, 4)))


ANAGRAM_WORDS = ("eat", "tea", "tan", "ate", "nat", "bat", "tab", "listen", "silent", "enlist", "god", "dog", "act",
                 "cat")
ANAGRAM_GROUPS_TEXT = ("Group the words of `$ws` into anagram classes. Return a list of groups (lists of words), "
                       "groups ordered by the first appearance of their first word, words within a group in input "
                       "order.",
                       "Return the anagram groups of `$ws`: words made of the same letters share a group; keep groups "
                       "and their words in order of first appearance.")


@template("dicts_counting", "hard")
def anagram_groups(rng: Random) -> Spec:
    """Group words into anagram classes keyed by their sorted letters, groups and words in first-appearance order."""
    env = dict(f=name(rng, "group_anagrams", "anagram_classes", "cluster_anagrams"), ws=rng.choice(["words", "items"]))
    text = say(rng, ANAGRAM_GROUPS_TEXT, env)
    cases = [([],), (["x"],), *((words(rng, rng.randint(3, 8), ANAGRAM_WORDS),) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        def $f($ws: list[str]) -> list[list[str]]:
            groups = {}
            for w in $ws:
                groups.setdefault("".join(sorted(w)), []).append(w)
            return list(groups.values())
        """, """
        from collections import defaultdict


        def $f($ws: list[str]) -> list[list[str]]:
            groups = defaultdict(list)
            for w in $ws:
                groups[tuple(sorted(w))].append(w)
            return list(groups.values())
        """, """
        def $f($ws: list[str]) -> list[list[str]]:
            keys = dict.fromkeys("".join(sorted(w)) for w in $ws)
            return [[w for w in $ws if "".join(sorted(w)) == key] for key in keys]
        """), tuple(cases))


MERGE_RULES = (("+", "the sum"), ("max", "the larger"), ("min", "the smaller"))
MERGE_COUNTS_TEXT = ("Merge the dicts `$a` and `$b` (str -> int) into a new dict; a key present in both gets $word of "
                     "its two values. Keys keep their order: those of `$a` first, then the new ones of `$b`.",
                     "Return a new dict with every key of `$a` and `$b`; for a shared key store $word of the two "
                     "values. Order: keys of `$a`, then keys only in `$b`.")


@template("dicts_counting", "easy")
def merge_counts(rng: Random) -> Spec:
    """Merge two count dicts, combining shared keys by sum, max or min, keys of the first dict first."""
    op, word = rng.choice(MERGE_RULES)
    combine = {"+": "$a.get(k, 0) + $b.get(k, 0)",
               "max": "max($a[k], $b[k]) if k in $a and k in $b else $a.get(k, $b.get(k))",
               "min": "min($a[k], $b[k]) if k in $a and k in $b else $a.get(k, $b.get(k))"}[op]
    a, b = rng.choice([("a", "b"), ("first", "second"), ("left", "right")])
    env = dict(f=name(rng, "merge_counts", "combine_dicts", "merge_tallies"), a=a, b=b, word=word,
               update={"+": "result[k] = result.get(k, 0) + v", "max": "result[k] = max(result[k], v) if k in result "
                       "else v", "min": "result[k] = min(result[k], v) if k in result else v"}[op])
    env["combine"] = say(rng, [combine], env)
    text = say(rng, MERGE_COUNTS_TEXT, env)
    cases = [({}, {}), ({"x": 1}, {})] + [({w: rng.randint(0, 9) for w in words(rng, 3)},
                                            {w: rng.randint(0, 9) for w in words(rng, 3)}) for _ in range(4)]
    return Spec(text, env["f"], codes(env, """
        def $f($a: dict[str, int], $b: dict[str, int]) -> dict[str, int]:
            result = dict($a)
            for k, v in $b.items():
                $update
            return result
        """, """
        def $f($a: dict[str, int], $b: dict[str, int]) -> dict[str, int]:
            return {k: $combine for k in {**$a, **$b}}
        """), tuple(cases))


FIRST_UNIQUE_TEXT = ("Return the first $what of `$xs` that occurs exactly once in it, or None if there is none.",
                     "Find the earliest non-repeating $what in `$xs` (None if every $what repeats).")


@template("dicts_counting", "hard")
def first_unique(rng: Random) -> Spec:
    """The first character or element occurring exactly once (or None): count first, then scan in order."""

    text_input = rng.random() < 0.5
    env = dict(f=name(rng, "first_unique", "first_non_repeating", "lonely_first"),
               xs=rng.choice(["s", "text"]) if text_input else list_arg(rng)[0], t="str" if text_input else "list[int]",
               e="str" if text_input else "int", what="character" if text_input else "element")
    text = say(rng, FIRST_UNIQUE_TEXT, env)
    if text_input:
        cases = [("",), ("aabb",), ("swiss",), *(("".join(rng.choice("abcd") for _ in range(rng.randint(3, 9))),)
                                                 for _ in range(3))]
    else:
        cases = [([],), ([1, 1],), *((ints(rng, rng.randint(3, 8), 0, 5),) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        from collections import Counter


        def $f($xs: $t) -> $e | None:
            counts = Counter($xs)
            for item in $xs:
                if counts[item] == 1:
                    return item
            return None
        """, """
        def $f($xs: $t) -> $e | None:
            return next((item for item in $xs if $xs.count(item) == 1), None)
        """, """
        def $f($xs: $t) -> $e | None:
            counts = {}
            for item in $xs:
                counts[item] = counts.get(item, 0) + 1
            unique = [item for item in $xs if counts[item] == 1]
            return unique[0] if unique else None
        """), tuple(cases))
