"""Data-structure templates: stacks and queues, dicts and counting, sets, matrices, grids and geometry.

Dict results are built in first-appearance order by every solution (so their repr is the same
whichever solution produced it), set results are returned as sorted lists, and grids are lists
of equal-length strings so that the tests stay readable.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template, words

# --------------------------------------------------------------------------------- stacks_queues

BRACKETS = ("()", "[]", "{}", "<>")


@template("stacks_queues", "medium")
def balanced(rng: Random) -> Spec:
    kinds = rng.sample(BRACKETS, rng.randint(1, 3))
    chars = "".join(kinds)
    env = dict(f=name(rng, "is_balanced", "brackets_match", "valid_brackets"), s=rng.choice(["s", "text", "code"]),
               chars=chars, pairs={close: open_ for open_, close in kinds}, pair_list=" ".join(kinds),
               empties=repr(tuple(kinds)))
    text = say(rng, ["`$s` consists only of the characters '$chars'. Return True if every bracket is closed by the "
                     "matching bracket in the right order.",
                     "Check whether the bracket string `$s` (made of $pair_list) is balanced and properly "
                     "nested."], env)

    def random_brackets() -> str:
        return "".join(rng.choice(chars) for _ in range(rng.randint(2, 8)))

    def nested(depth: int) -> str:
        return "".join(k[0] + (nested(depth - 1) if depth else "") + k[1] for k in rng.sample(kinds, len(kinds)))
    cases = [("",), (kinds[0],), (kinds[0][::-1],), (nested(2),), (random_brackets(),), (nested(1) + kinds[-1][0],)]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> bool:
            pairs = $pairs
            stack = []
            for ch in $s:
                if ch in pairs:
                    if not stack or stack.pop() != pairs[ch]:
                        return False
                else:
                    stack.append(ch)
            return not stack
        """, """
        def $f($s: str) -> bool:
            previous = None
            while previous != $s:
                previous = $s
                for pair in $empties:
                    $s = $s.replace(pair, "")
            return $s == ""
        """, """
        def $f($s: str) -> bool:
            closing = {pair[0]: pair[1] for pair in $empties}
            stack = []
            for ch in $s:
                if ch in closing:
                    stack.append(closing[ch])
                elif not stack or stack.pop() != ch:
                    return False
            return len(stack) == 0
        """), tuple(cases))


@template("stacks_queues", "easy")
def backspaces(rng: Random) -> Spec:
    bs = rng.choice("#<*")
    env = dict(f=name(rng, "apply_backspaces", "typed_text", "final_text"), s=rng.choice(["keys", "s", "typed"]), bs=bs)
    text = say(rng, ["In `$s`, the character '$bs' is a backspace that deletes the previous remaining character (if "
                     "any). Return the text that is left.",
                     "Simulate typing `$s` where '$bs' erases the last typed character; return the final text."], env)
    pool = "abcx" + bs * 2
    typed = ["".join(rng.choice(pool) for _ in range(rng.randint(3, 10))) for _ in range(2)]
    cases = [("",), (bs,), (f"ab{bs}c",), (f"a{bs}{bs}b",), *((keys,) for keys in typed)]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> str:
            stack = []
            for ch in $s:
                if ch == "$bs":
                    if stack:
                        stack.pop()
                else:
                    stack.append(ch)
            return "".join(stack)
        """, """
        def $f($s: str) -> str:
            out, skip = [], 0
            for ch in reversed($s):
                if ch == "$bs":
                    skip += 1
                elif skip:
                    skip -= 1
                else:
                    out.append(ch)
            return "".join(reversed(out))
        """, """
        from functools import reduce


        def $f($s: str) -> str:
            return reduce(lambda text, ch: text[:-1] if ch == "$bs" else text + ch, $s, "")
        """), tuple(cases))


@template("stacks_queues", "medium")
def stack_machine(rng: Random) -> Spec:
    extra = rng.sample(["dup", "add", "swap"], rng.randint(0, 2))
    rules = {"dup": "'dup' pushes a copy of the top", "add": "'add' pops two values and pushes their sum",
             "swap": "'swap' exchanges the two top values"}
    env = dict(f=name(rng, "run_stack", "stack_machine", "execute"), ops=rng.choice(["commands", "ops", "program"]),
               rules="".join("; " + rules[e] for e in extra))
    text = say(rng, ["Run the commands in `$ops` on an empty stack and return the final stack as a list (bottom "
                     "first). 'push X' pushes the integer X; 'pop' removes the top$rules. A command that needs more "
                     "values than the stack holds is ignored.",
                     "Simulate a stack machine over `$ops` ('push X', 'pop'$rules) and return the stack, bottom to "
                     "top; commands that would underflow do nothing."], env)
    branches = {"dup": ("elif op == 'dup' and stack:", "stack.append(stack[-1])"),
                "add": ("elif op == 'add' and len(stack) >= 2:", "stack.append(stack.pop() + stack.pop())"),
                "swap": ("elif op == 'swap' and len(stack) >= 2:", "stack[-1], stack[-2] = stack[-2], stack[-1]")}
    env["chain"] = "".join(f"\n        {branches[e][0]}\n            {branches[e][1]}" for e in extra)
    handlers = {"pop": "1, lambda s: s.pop()", "dup": "1, lambda s: s.append(s[-1])",
                "add": "2, lambda s: s.append(s.pop() + s.pop())", "swap": "2, lambda s: s.extend([s.pop(), s.pop()])"}
    env["table"] = "".join(f"\n        '{e}': ({handlers[e]})," for e in ["pop", *extra])
    vocab = ["pop"] + extra

    def program() -> list[str]:
        return [f"push {rng.randint(-5, 20)}" if rng.random() < 0.5 else rng.choice(vocab)
                for _ in range(rng.randint(2, 8))]
    cases = [([],), (["pop"],), (["push 3", "push 4", *extra, "pop"],), (program(),), (program(),)]
    return Spec(text, env["f"], codes(env, """
        def $f($ops: list[str]) -> list[int]:
            stack = []
            for command in $ops:
                op, *arg = command.split()
                if op == 'push':
                    stack.append(int(arg[0]))
                elif op == 'pop' and stack:
                    stack.pop()$chain
            return stack
        """, """
        def $f($ops: list[str]) -> list[int]:
            handlers = {$table
            }
            stack = []
            for command in $ops:
                if command.startswith('push '):
                    stack.append(int(command[5:]))
                    continue
                needed, handler = handlers[command]
                if len(stack) >= needed:
                    handler(stack)
            return stack
        """), tuple(cases))


@template("stacks_queues", "medium")
def collapse_runs(rng: Random) -> Spec:
    kind = rng.choice(["pairs", "triples", "polymer"])
    env = dict(f=name(rng, "collapse", "reduce_pairs" if kind != "triples" else "remove_triples", "crush",
                      "remove_adjacent"), s=rng.choice(["s", "text", "chain", "word"]))
    if kind == "triples":
        env["rule"] = "three adjacent equal characters"
        sources = ["""
        def $f($s: str) -> str:
            stack = []
            for ch in $s:
                if stack and stack[-1][0] == ch:
                    stack[-1][1] += 1
                    if stack[-1][1] == 3:
                        stack.pop()
                else:
                    stack.append([ch, 1])
            return "".join(ch * count for ch, count in stack)
        """, """
        import re


        def $f($s: str) -> str:
            while True:
                shorter = re.sub(r"(.)\\1\\1", "", $s, count=1)
                if shorter == $s:
                    return $s
                $s = shorter
        """]
        pool = "aab"
    else:
        test = "{a} != {b} and {a}.lower() == {b}.lower()" if kind == "polymer" else "{a} == {b}"
        env |= dict(rule="two adjacent characters that are the same letter in opposite case (like 'aA' or 'Bb')"
                    if kind == "polymer" else "two adjacent equal characters",
                    test=test.format(a="stack[-1]", b="ch"), test2=test.format(a=f"{env['s']}[i]",
                                                                               b=f"{env['s']}[i + 1]"))
        sources = ["""
        def $f($s: str) -> str:
            stack = []
            for ch in $s:
                if stack and $test:
                    stack.pop()
                else:
                    stack.append(ch)
            return "".join(stack)
        """, """
        def $f($s: str) -> str:
            changed = True
            while changed:
                changed = False
                for i in range(len($s) - 1):
                    if $test2:
                        $s = $s[:i] + $s[i + 2:]
                        changed = True
                        break
            return $s
        """]
        pool = "aAbBc" if kind == "polymer" else "abbc"
    text = say(rng, ["Repeatedly delete $rule from `$s` until no such group remains, and return the result.",
                     "Return what is left of `$s` after removing $rule over and over.",
                     "Keep removing $rule from the string `$s`; return the final string."], env)
    cases = [("",), ("abba" if kind == "pairs" else "abBA" if kind == "polymer" else "abbbaa",), ("abc",),
             *(("".join(rng.choice(pool) for _ in range(rng.randint(4, 12))),) for _ in range(3))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


RPN_OPS = {"+": "a + b", "-": "a - b", "*": "a * b", "max": "max(a, b)", "min": "min(a, b)"}


@template("stacks_queues", "hard")
def rpn(rng: Random) -> Spec:
    ops = ["+", "-", "*"] + rng.sample(["max", "min"], rng.randint(0, 1))
    env = dict(f=name(rng, "eval_rpn", "evaluate_postfix", "rpn_value"), tokens=rng.choice(["tokens", "expr", "items"]),
               ops=", ".join(f"'{o}'" for o in ops),
               chain="\n        ".join(f"{'if' if i == 0 else 'elif'} token == '{o}':\n            "
                                      f"stack.append({RPN_OPS[o]})" for i, o in enumerate(ops)),
               table="{" + ", ".join(f"'{o}': lambda a, b: {RPN_OPS[o]}" for o in ops) + "}")
    text = say(rng, ["Evaluate the expression in Reverse Polish notation given as the list of strings `$tokens`: "
                     "integers and the binary operators $ops (each pops b, then a, and pushes a op b). The expression "
                     "is valid; return its value.",
                     "Compute the value of the postfix expression `$tokens` (operators $ops; the second popped value "
                     "is the left operand)."], env)

    def expression(depth: int) -> list[str]:
        if depth == 0 or rng.random() < 0.3:
            return [str(rng.randint(-3, 9))]
        return expression(depth - 1) + expression(depth - 1) + [rng.choice(ops)]
    cases = [(["5"],), (["2", "3", ops[-1]],), (["4", "1", "-"],), *((expression(3),) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($tokens: list[str]) -> int:
            stack = []
            for token in $tokens:
                if token not in ($ops,):
                    stack.append(int(token))
                    continue
                b, a = stack.pop(), stack.pop()
                $chain
            return stack[0]
        """, """
        def $f($tokens: list[str]) -> int:
            apply = $table
            stack = []
            for token in $tokens:
                if token in apply:
                    b = stack.pop()
                    stack.append(apply[token](stack.pop(), b))
                else:
                    stack.append(int(token))
            return stack.pop()
        """, """
        def $f($tokens: list[str]) -> int:
            apply = $table
            def parse(end: int) -> tuple[int, int]:
                token = $tokens[end]
                if token not in apply:
                    return int(token), end - 1
                b, end = parse(end - 1)
                a, end = parse(end)
                return apply[token](a, b), end
            return parse(len($tokens) - 1)[0]
        """), tuple(cases))


@template("stacks_queues", "hard")
def next_greater(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    greater = rng.random() < 0.6
    env = dict(f=name(rng, "next_greater" if greater else "next_smaller", "next_bigger" if greater else "next_lower",
                      "upcoming_" + ("greater" if greater else "smaller")), xs=xs,
               word="greater" if greater else "smaller", cmp=">" if greater else "<")
    text = say(rng, ["For every element of `$xs`, find the first element to its right that is strictly $word, and "
                     "return these values as a list (-1 where none exists).",
                     "Return a list whose i-th item is the nearest later element of `$xs` that is $word than `$xs`[i], "
                     "or -1 if there is no such element."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> list[int]:
            result = [-1] * len($xs)
            stack = []
            for i, x in enumerate($xs):
                while stack and x $cmp $xs[stack[-1]]:
                    result[stack.pop()] = x
                stack.append(i)
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            result = []
            for i, x in enumerate($xs):
                result.append(next((y for y in $xs[i + 1:] if y $cmp x), -1))
            return result
        """, """
        def $f($xs: list[int]) -> list[int]:
            result, stack = [], []
            for x in reversed($xs):
                while stack and not stack[-1] $cmp x:
                    stack.pop()
                result.append(stack[-1] if stack else -1)
                stack.append(x)
            return result[::-1]
        """), tuple((v,) for v in int_lists(rng, 0, 20)))


@template("stacks_queues", "medium")
def josephus(rng: Random) -> Spec:
    survivor = rng.random() < 0.5
    env = dict(f=name(rng, "josephus_survivor" if survivor else "elimination_order", "circle_game", "counting_out"),
               n=rng.choice(["n", "count", "size"]), k=rng.choice(["k", "step", "skip"]))
    what = "the number of the last person left" if survivor else "the list of people in the order they are removed"
    env["what"] = what
    text = say(rng, ["`$n` people numbered 1 to `$n` stand in a circle. Counting starts at person 1, and every `$k`-th "
                     "person is removed, counting on from the next one. Return $what.",
                     "In the Josephus game with `$n` players (1..`$n`) and step `$k` (the `$k`-th person counted is "
                     "out; counting begins at player 1), return $what."], env)
    env |= dict(ret="int" if survivor else "list[int]", fin="order[-1]" if survivor else "order")
    sources = ["""
        from collections import deque


        def $f($n: int, $k: int) -> $ret:
            circle = deque(range(1, $n + 1))
            order = []
            while circle:
                circle.rotate(-($k - 1))
                order.append(circle.popleft())
            return $fin
        """, """
        def $f($n: int, $k: int) -> $ret:
            people = list(range(1, $n + 1))
            order, i = [], 0
            while people:
                i = (i + $k - 1) % len(people)
                order.append(people.pop(i))
            return $fin
        """]
    if survivor:
        sources.append("""
        def $f($n: int, $k: int) -> $ret:
            position = 0
            for size in range(2, $n + 1):
                position = (position + $k) % size
            return position + 1
        """)
    cases = [(1, rng.randint(1, 4)), (2, 1), (5, 2), (7, 3), (rng.randint(3, 12), rng.randint(1, 5))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


# -------------------------------------------------------------------------------- dicts_counting


@template("dicts_counting", "easy")
def frequencies(rng: Random) -> Spec:
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
    text = say(rng, ["Return a dict mapping each $what of `$xs` to the number of times it occurs$rule, with keys in "
                     "order of first appearance.",
                     "Count the occurrences of every $what in `$xs`$rule and return them as a dict (keys ordered by "
                     "first occurrence)."], env)
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


@template("dicts_counting", "medium")
def group_by(rng: Random) -> Spec:
    phrase, key, kt = rng.choice(GROUP_KEYS)
    env = dict(f=name(rng, "group_words", "group_by_" + phrase.replace(" ", "_"), "bucket_words"),
               ws=rng.choice(["words", "names", "items"]), phrase=phrase, key=key, kt=kt)
    text = say(rng, ["Group the non-empty words of `$ws` by their $phrase: return a dict from each $phrase to the list "
                     "of words having it, keeping the original order both for keys (first appearance) and within each "
                     "list.",
                     "Return a dict that maps every $phrase occurring in `$ws` to the words with that $phrase, in "
                     "input order (keys ordered by first appearance)."], env)
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


@template("dicts_counting", "medium")
def invert(rng: Random) -> Spec:
    many = rng.random() < 0.5
    env = dict(f=name(rng, "invert", "invert_mapping", "reverse_lookup"), d=rng.choice(["mapping", "d", "table"]))
    if many:
        text = say(rng, ["Invert the dict `$d` (str -> int): return a dict mapping each value to the sorted list of "
                         "keys that have it, with values ordered by first appearance.",
                         "Return the reverse index of `$d`: value -> alphabetically sorted list of its keys (values in "
                         "order of first occurrence)."], env)
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
        text = say(rng, ["Swap keys and values of the dict `$d` (str -> int). When several keys share a value, the key "
                         "that comes last in `$d` wins.",
                         "Return a dict mapping each value of `$d` to its key; for a repeated value keep the last "
                         "key."], env)
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


@template("dicts_counting", "medium")
def top_k(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    k = rng.randint(1, 3)
    env = dict(f=name(rng, f"top_{k}_frequent", "most_frequent", "top_values"), xs=xs, k=k)
    text = say(rng, ["Return the $k most frequent values of `$xs`, most frequent first; among equally frequent values "
                     "the smaller comes first. Return fewer if `$xs` has fewer distinct values.",
                     "List the $k values occurring most often in `$xs` (ties broken by smaller value first)."], env)
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


@template("dicts_counting", "hard")
def anagram_groups(rng: Random) -> Spec:
    env = dict(f=name(rng, "group_anagrams", "anagram_classes", "cluster_anagrams"), ws=rng.choice(["words", "items"]))
    text = say(rng, ["Group the words of `$ws` into anagram classes. Return a list of groups (lists of words), groups "
                     "ordered by the first appearance of their first word, words within a group in input order.",
                     "Return the anagram groups of `$ws`: words made of the same letters share a group; keep groups "
                     "and their words in order of first appearance."], env)
    pool = ("eat", "tea", "tan", "ate", "nat", "bat", "tab", "listen", "silent", "enlist", "god", "dog", "act", "cat")
    cases = [([],), (["x"],), *((words(rng, rng.randint(3, 8), pool),) for _ in range(4))]
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


@template("dicts_counting", "easy")
def merge_counts(rng: Random) -> Spec:
    op, word = rng.choice([("+", "the sum"), ("max", "the larger"), ("min", "the smaller")])
    combine = {"+": "$a.get(k, 0) + $b.get(k, 0)",
               "max": "max($a[k], $b[k]) if k in $a and k in $b else $a.get(k, $b.get(k))",
               "min": "min($a[k], $b[k]) if k in $a and k in $b else $a.get(k, $b.get(k))"}[op]
    a, b = rng.choice([("a", "b"), ("first", "second"), ("left", "right")])
    env = dict(f=name(rng, "merge_counts", "combine_dicts", "merge_tallies"), a=a, b=b, word=word,
               update={"+": "result[k] = result.get(k, 0) + v", "max": "result[k] = max(result[k], v) if k in result "
                       "else v", "min": "result[k] = min(result[k], v) if k in result else v"}[op])
    env["combine"] = say(rng, [combine], env)
    text = say(rng, ["Merge the dicts `$a` and `$b` (str -> int) into a new dict; a key present in both gets $word of "
                     "its two values. Keys keep their order: those of `$a` first, then the new ones of `$b`.",
                     "Return a new dict with every key of `$a` and `$b`; for a shared key store $word of the two "
                     "values. Order: keys of `$a`, then keys only in `$b`."], env)
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


@template("dicts_counting", "hard")
def first_unique(rng: Random) -> Spec:
    text_input = rng.random() < 0.5
    env = dict(f=name(rng, "first_unique", "first_non_repeating", "lonely_first"),
               xs=rng.choice(["s", "text"]) if text_input else list_arg(rng)[0], t="str" if text_input else "list[int]",
               e="str" if text_input else "int", what="character" if text_input else "element")
    text = say(rng, ["Return the first $what of `$xs` that occurs exactly once in it, or None if there is none.",
                     "Find the earliest non-repeating $what in `$xs` (None if every $what repeats)."], env)
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


# ------------------------------------------------------------------------------------------ sets

SET_OPS = {  # name: (phrase, set expression, membership test for x drawn from the first/second list)
    "intersection": ("the values that occur in both `$a` and `$b`", "set($a) & set($b)",
                     "[x for x in $a if x in $b]"),
    "union": ("the values that occur in `$a` or `$b` (or both)", "set($a) | set($b)", "$a + $b"),
    "difference": ("the values of `$a` that do not occur in `$b`", "set($a) - set($b)",
                   "[x for x in $a if x not in $b]"),
    "symmetric": ("the values that occur in exactly one of `$a` and `$b`", "set($a) ^ set($b)",
                  "[x for x in $a + $b if (x in $a) != (x in $b)]"),
}


@template("sets", "easy")
def set_op(rng: Random) -> Spec:
    op = rng.choice(sorted(SET_OPS))
    desc = rng.random() < 0.3
    a, b = rng.choice([("a", "b"), ("xs", "ys"), ("first", "second"), ("left", "right")])
    env = dict(f=name(rng, f"{op}_sorted", f"{op}_of", f"set_{op}"), a=a, b=b, rev=str(desc),
               order="descending" if desc else "ascending")
    phrase, expr, comp = SET_OPS[op]
    env |= dict(phrase=say(rng, [phrase], env), expr=say(rng, [expr], env), comp=say(rng, [comp], env))
    text = say(rng, ["Return $phrase, without duplicates, as a list sorted in $order order.",
                     "Given two lists of integers, `$a` and `$b`, return the sorted ($order) list of distinct values: "
                     "$phrase."], env)
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


@template("sets", "easy")
def all_distinct(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    dup = rng.random() < 0.5
    env = dict(f=name(rng, "has_duplicates" if dup else "all_unique", "contains_repeat" if dup else "all_distinct"),
               xs=xs, x=x, neg="" if dup else "not ", eq="!=" if dup else "==",
               rule="some value occurs more than once in `$xs`" if dup else "no value occurs twice in `$xs`")
    env["rule"] = say(rng, [env["rule"]], env)
    text = say(rng, ["Return True if $rule.",
                     "Check whether $rule; return a bool."], env)
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


@template("sets", "medium")
def missing_in_range(rng: Random) -> Spec:
    xs, x = list_arg(rng)
    env = dict(f=name(rng, "missing_numbers", "absent_values", "gaps_in_range"), xs=xs, x=x)
    text = say(rng, ["Return the sorted list of integers in the range `lo`..`hi` (inclusive) that do not occur in "
                     "`$xs`.",
                     "Which integers between `lo` and `hi` inclusive are missing from `$xs`? Return them in increasing "
                     "order."], env)
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


@template("sets", "medium")
def missing_letters(rng: Random) -> Spec:
    alphabet, what = rng.choice([("abcdefghijklmnopqrstuvwxyz", "letters of the English alphabet"),
                                 ("aeiou", "vowels a, e, i, o, u"), ("abcdefghij", "letters a to j")])
    as_text = rng.random() < 0.5
    env = dict(f=name(rng, "missing_letters", "unused_letters", "absent_letters"), s=rng.choice(["text", "s"]),
               alpha=alphabet, what=what, shape="a string" if as_text else "a list",
               wrap='"".join' if as_text else "list", ret="str" if as_text else "list[str]")
    text = say(rng, ["Return, as $shape in alphabetical order, the $what that do not appear in `$s` (ignoring case).",
                     "Which of the $what are absent from `$s`, case-insensitively? Return them sorted, as $shape."],
               env)
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


@template("sets", "hard")
def longest_consecutive(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "longest_consecutive", "longest_streak_of_values", "max_consecutive_run"), xs=xs)
    text = say(rng, ["Return the length of the longest run of consecutive integers (like 4, 5, 6, 7) whose values all "
                     "occur in `$xs`, in any order. An empty list gives 0.",
                     "Find the size of the largest set of consecutive integers contained in `$xs` (duplicates count "
                     "once); 0 for an empty list."], env)
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


@template("sets", "medium")
def pairs_with_sum(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "pairs_with_sum", "sum_pairs", "matching_pairs"), xs=xs,
               t=rng.choice(["target", "total", "goal"]))
    text = say(rng, ["Return the distinct pairs of values (a, b) with a <= b, a + b == `$t`, where a and b come from "
                     "two different positions of `$xs`. Return them as a sorted list of tuples.",
                     "Find all value pairs (a, b), a <= b, taken from different indices of `$xs`, that add up to `$t`; "
                     "no duplicate pairs, sorted ascending."], env)
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


# -------------------------------------------------------------------------------------- matrices


def matrix(rng: Random, rows: int, cols: int, lo: int = -5, hi: int = 9) -> list[list[int]]:
    return [ints(rng, cols, lo, hi) for _ in range(rows)]


def matrices(rng: Random, square: bool = False) -> list[list[list[int]]]:
    size = rng.randint(2, 4)
    shapes = [(1, 1), (2, 2), (3, 3), (size, size)] if square else [(1, 1), (1, 3), (3, 1), (2, 3),
                                                                    (size, rng.randint(2, 4))]
    return [matrix(rng, r, c) for r, c in shapes]


@template("matrices", "easy")
def transpose(rng: Random) -> Spec:
    env = dict(f=name(rng, "transpose", "transposed", "flip_diagonal"), m=rng.choice(["matrix", "grid", "m"]))
    text = say(rng, ["Return the transpose of the rectangular matrix `$m` (a list of rows): row i of the result is "
                     "column i of `$m`. An empty matrix gives [].",
                     "Transpose `$m`, given as a non-ragged list of lists, and return the new list of rows."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($m: list[list[int]]) -> list[list[int]]:
            return [list(column) for column in zip(*$m)]
        """, """
        def $f($m: list[list[int]]) -> list[list[int]]:
            if not $m:
                return []
            return [[$m[r][c] for r in range(len($m))] for c in range(len($m[0]))]
        """, """
        def $f($m: list[list[int]]) -> list[list[int]]:
            result = []
            for r, row in enumerate($m):
                for c, value in enumerate(row):
                    if r == 0:
                        result.append([])
                    result[c].append(value)
            return result
        """), tuple((v,) for v in [[], *matrices(rng)]))


@template("matrices", "easy")
def line_aggregate(rng: Random) -> Spec:
    axis = rng.choice(["row", "column"])
    agg = rng.choice(["sum", "max", "min"])
    env = dict(f=name(rng, f"{axis}_{agg}s", f"{agg}_per_{axis}", f"{axis}_{agg}"),
               m=rng.choice(["matrix", "grid", "table"]),
               axis=axis, agg=agg, word={"sum": "sum", "max": "largest value", "min": "smallest value"}[agg])
    text = say(rng, ["Return a list with the $word of each $axis of the non-empty rectangular matrix `$m`.",
                     "For every $axis of `$m` (a list of equal-length, non-empty rows), compute its $word; return the "
                     "results in order."], env)
    if axis == "row":
        sources = ["""
        def $f($m: list[list[int]]) -> list[int]:
            return [$agg(row) for row in $m]
        """, """
        def $f($m: list[list[int]]) -> list[int]:
            result = []
            for row in $m:
                result.append($agg(row))
            return result
        """, """
        def $f($m: list[list[int]]) -> list[int]:
            return list(map($agg, $m))
        """]
    else:
        sources = ["""
        def $f($m: list[list[int]]) -> list[int]:
            return [$agg(column) for column in zip(*$m)]
        """, """
        def $f($m: list[list[int]]) -> list[int]:
            return [$agg(row[c] for row in $m) for c in range(len($m[0]))]
        """, """
        def $f($m: list[list[int]]) -> list[int]:
            return list(map($agg, zip(*$m)))
        """]
    return Spec(text, env["f"], codes(env, *sources), tuple((v,) for v in matrices(rng)))


@template("matrices", "medium")
def diagonal(rng: Random) -> Spec:
    kind = rng.choice(["main", "anti", "both"])
    rule = {"main": "the sum of the main diagonal (top-left to bottom-right)",
            "anti": "the sum of the anti-diagonal (top-right to bottom-left)",
            "both": "the sum of both diagonals, counting the centre cell only once when the size is odd"}[kind]
    env = dict(f=name(rng, f"{kind}_diagonal_sum", "diagonal_sum", "trace" if kind == "main" else "cross_sum"),
               m=rng.choice(["matrix", "grid", "square"]), rule=rule)
    text = say(rng, ["Return $rule of the square matrix `$m`.",
                     "For the n x n matrix `$m` (n >= 0), compute $rule."],
               env)
    term = {"main": "$m[i][i]", "anti": "$m[i][size - 1 - i]",
            "both": "$m[i][i] + ($m[i][size - 1 - i] if i != size - 1 - i else 0)"}[kind]
    env["term"] = say(rng, [term], env)
    return Spec(text, env["f"], codes(env, """
        def $f($m: list[list[int]]) -> int:
            size = len($m)
            return sum($term for i in range(size))
        """, """
        def $f($m: list[list[int]]) -> int:
            size, total = len($m), 0
            for i in range(size):
                total += $term
            return total
        """), tuple((v,) for v in [[], *matrices(rng, square=True)]))


@template("matrices", "medium")
def rotate_matrix(rng: Random) -> Spec:
    kind = rng.choice(["cw", "ccw", "flip_h", "flip_v", "half"])
    rule = {"cw": "rotated 90 degrees clockwise", "ccw": "rotated 90 degrees counter-clockwise",
            "flip_h": "mirrored left-to-right (each row reversed)", "flip_v": "mirrored top-to-bottom (row order "
            "reversed)", "half": "rotated 180 degrees"}[kind]
    env = dict(f=name(rng, {"cw": "rotate_clockwise", "ccw": "rotate_counterclockwise", "flip_h": "mirror_rows",
                            "flip_v": "flip_rows", "half": "rotate_180"}[kind], "transform_matrix", "turned"),
               m=rng.choice(["matrix", "grid", "image"]), rule=rule)
    text = say(rng, ["Return a new matrix equal to the rectangular matrix `$m` $rule.",
                     "Given `$m` as a list of rows, return it $rule, without modifying it."], env)
    zipped = {"cw": "[list(row) for row in zip(*$m[::-1])]", "ccw": "[list(row) for row in zip(*$m)][::-1]",
              "flip_h": "[row[::-1] for row in $m]", "flip_v": "[row[:] for row in $m[::-1]]",
              "half": "[row[::-1] for row in $m[::-1]]"}[kind]
    index = {"cw": "[[$m[rows - 1 - r][c] for r in range(rows)] for c in range(cols)]",
             "ccw": "[[$m[r][cols - 1 - c] for r in range(rows)] for c in range(cols)]",
             "flip_h": "[[$m[r][cols - 1 - c] for c in range(cols)] for r in range(rows)]",
             "flip_v": "[[$m[rows - 1 - r][c] for c in range(cols)] for r in range(rows)]",
             "half": "[[$m[rows - 1 - r][cols - 1 - c] for c in range(cols)] for r in range(rows)]"}[kind]
    env |= dict(zipped=say(rng, [zipped], env), index=say(rng, [index], env))
    return Spec(text, env["f"], codes(env, """
        def $f($m: list[list[int]]) -> list[list[int]]:
            return $zipped
        """, """
        def $f($m: list[list[int]]) -> list[list[int]]:
            rows, cols = len($m), len($m[0])
            return $index
        """), tuple((v,) for v in matrices(rng)))


@template("matrices", "hard")
def mat_mul(rng: Random) -> Spec:
    kind = rng.choice(["product", "product", "gram", "power"])
    a, b = rng.choice([("a", "b"), ("left", "right"), ("m", "other")])
    env = dict(f=name(rng, {"product": "mat_mul", "gram": "gram_matrix", "power": "matrix_power"}[kind],
                      "matrix_product", "multiply_matrices"), a=a, b=b)
    if kind == "product":
        text = say(rng, ["Return the matrix product of `$a` (n x k) and `$b` (k x m) as a list of n rows of m "
                         "integers.",
                         "Multiply the matrices `$a` and `$b` (the column count of `$a` equals the row count of `$b`, "
                         "and both are non-empty)."], env)
        sources = ["""
        def $f($a: list[list[int]], $b: list[list[int]]) -> list[list[int]]:
            rows, inner, cols = len($a), len($b), len($b[0])
            result = [[0] * cols for _ in range(rows)]
            for i in range(rows):
                for j in range(cols):
                    for k in range(inner):
                        result[i][j] += $a[i][k] * $b[k][j]
            return result
        """, """
        def $f($a: list[list[int]], $b: list[list[int]]) -> list[list[int]]:
            return [[sum(x * y for x, y in zip(row, column)) for column in zip(*$b)] for row in $a]
        """]
        shapes = ((1, 1, 1), (2, 2, 2), (1, 3, 1), (3, 1, 2), (rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)))
        cases = [(matrix(rng, n, k), matrix(rng, k, m)) for n, k, m in shapes]
    elif kind == "gram":
        text = say(rng, ["Return the product of the non-empty matrix `$a` with its own transpose (`$a` times `$a`^T), "
                         "a square matrix with one row and column per row of `$a`.",
                         "Compute the Gram matrix of the rows of `$a`: entry (i, j) is the dot product of row i and "
                         "row j."], env)
        sources = ["""
        def $f($a: list[list[int]]) -> list[list[int]]:
            return [[sum(x * y for x, y in zip(r1, r2)) for r2 in $a] for r1 in $a]
        """, """
        def $f($a: list[list[int]]) -> list[list[int]]:
            size = len($a)
            result = [[0] * size for _ in range(size)]
            for i in range(size):
                for j in range(size):
                    for k in range(len($a[0])):
                        result[i][j] += $a[i][k] * $a[j][k]
            return result
        """]
        shapes = ((1, 1), (2, 2), (1, 3), (3, 1), (rng.randint(2, 3), rng.randint(2, 3)))
        cases = [(matrix(rng, n, k),) for n, k in shapes]
    else:
        text = say(rng, ["Return the square matrix `$a` raised to the power `k` (k >= 0; the 0th power is the identity "
                         "matrix).",
                         "Compute `$a`^k for a square integer matrix `$a` and an integer k >= 0 by repeated matrix "
                         "multiplication."], env)
        sources = ["""
        def $f($a: list[list[int]], k: int) -> list[list[int]]:
            size = len($a)
            result = [[int(i == j) for j in range(size)] for i in range(size)]
            for _ in range(k):
                result = [[sum(result[i][t] * $a[t][j] for t in range(size)) for j in range(size)] for i in range(size)]
            return result
        """, """
        def $f($a: list[list[int]], k: int) -> list[list[int]]:
            def mul(x: list[list[int]], y: list[list[int]]) -> list[list[int]]:
                return [[sum(p * q for p, q in zip(row, column)) for column in zip(*y)] for row in x]
            if k == 0:
                return [[int(i == j) for j in range(len($a))] for i in range(len($a))]
            half = $f($a, k // 2)
            square = mul(half, half)
            return mul(square, $a) if k % 2 else square
        """]
        cases = [(matrix(rng, 2, 2, -2, 3), 0), (matrix(rng, 1, 1, -2, 3), 3), (matrix(rng, 2, 2, -2, 3), 1),
                 (matrix(rng, 2, 2, -2, 3), rng.randint(2, 5)), (matrix(rng, 3, 3, -1, 2), rng.randint(2, 4))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("matrices", "hard")
def spiral(rng: Random) -> Spec:
    cw = rng.random() < 0.7
    env = dict(f=name(rng, "spiral_order", "spiral", "walk_spiral"), m=rng.choice(["matrix", "grid"]),
               way="clockwise" if cw else "counter-clockwise", first="rightwards along the top row" if cw else
               "downwards along the left column")
    text = say(rng, ["Return the elements of the rectangular matrix `$m` in $way spiral order, starting at the "
                     "top-left corner and moving $first.",
                     "Walk `$m` in a $way spiral from the top-left corner (first $first) and return the visited "
                     "values; an empty matrix gives []."], env)
    if cw:
        sources = ["""
        def $f($m: list[list[int]]) -> list[int]:
            result = []
            if not $m:
                return result
            top, bottom, left, right = 0, len($m) - 1, 0, len($m[0]) - 1
            while top <= bottom and left <= right:
                result += [$m[top][c] for c in range(left, right + 1)]
                result += [$m[r][right] for r in range(top + 1, bottom + 1)]
                if top < bottom:
                    result += [$m[bottom][c] for c in range(right - 1, left - 1, -1)]
                if left < right:
                    result += [$m[r][left] for r in range(bottom - 1, top, -1)]
                top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
            return result
        """, """
        def $f($m: list[list[int]]) -> list[int]:
            if not $m:
                return []
            rest = [list(row) for row in zip(*$m[1:])][::-1]
            return list($m[0]) + $f(rest)
        """]
    else:
        sources = ["""
        def $f($m: list[list[int]]) -> list[int]:
            if not $m or not $m[0]:
                return []
            rest = [row[1:] for row in $m]
            return [row[0] for row in $m] + $f([list(column) for column in zip(*rest[::-1])])
        """, """
        def $f($m: list[list[int]]) -> list[int]:
            result = []
            if not $m:
                return result
            top, bottom, left, right = 0, len($m) - 1, 0, len($m[0]) - 1
            while top <= bottom and left <= right:
                result += [$m[r][left] for r in range(top, bottom + 1)]
                result += [$m[bottom][c] for c in range(left + 1, right + 1)]
                if left < right:
                    result += [$m[r][right] for r in range(bottom - 1, top - 1, -1)]
                if top < bottom:
                    result += [$m[top][c] for c in range(right - 1, left, -1)]
                top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
            return result
        """]
    return Spec(text, env["f"], codes(env, *sources), tuple((v,) for v in [[], *matrices(rng)]))


@template("matrices", "medium")
def search_matrix(rng: Random) -> Spec:
    env = dict(f=name(rng, "search_matrix", "matrix_contains", "find_in_sorted_grid"), m=rng.choice(["matrix", "grid"]),
               t=rng.choice(["target", "value"]))
    text = say(rng, ["Every row of `$m` is sorted ascending and each row starts above the previous row's last value. "
                     "Return True if `$t` occurs in `$m`.",
                     "`$m` read row by row is a strictly increasing sequence. Decide whether it contains `$t`, faster "
                     "than checking every cell."], env)
    cases = [([], 1)]
    for rows, cols in ((1, 1), (2, 3), (3, 3), (3, 2), (rng.randint(1, 4), rng.randint(1, 4))):
        flat = sorted(rng.sample(range(0, 60), rows * cols))
        grid = [flat[r * cols:(r + 1) * cols] for r in range(rows)]
        cases.append((grid, rng.choice(flat) if rng.random() < 0.6 else rng.randint(0, 60)))
    return Spec(text, env["f"], codes(env, """
        def $f($m: list[list[int]], $t: int) -> bool:
            if not $m:
                return False
            cols = len($m[0])
            lo, hi = 0, len($m) * cols - 1
            while lo <= hi:
                mid = (lo + hi) // 2
                cell = $m[mid // cols][mid % cols]
                if cell == $t:
                    return True
                if cell < $t:
                    lo = mid + 1
                else:
                    hi = mid - 1
            return False
        """, """
        def $f($m: list[list[int]], $t: int) -> bool:
            r, c = 0, len($m[0]) - 1 if $m else -1
            while r < len($m) and c >= 0:
                if $m[r][c] == $t:
                    return True
                if $m[r][c] > $t:
                    c -= 1
                else:
                    r += 1
            return False
        """, """
        import bisect


        def $f($m: list[list[int]], $t: int) -> bool:
            flat = [cell for row in $m for cell in row]
            i = bisect.bisect_left(flat, $t)
            return i < len(flat) and flat[i] == $t
        """), tuple(cases))


# --------------------------------------------------------------------------------- grid_geometry


@template("grid_geometry", "easy")
def distance(rng: Random) -> Spec:
    metric = rng.choice(["manhattan", "chebyshev", "squared_euclidean"])
    rule = {"manhattan": "the Manhattan distance (sum of absolute coordinate differences)",
            "chebyshev": "the Chebyshev distance (largest absolute coordinate difference)",
            "squared_euclidean": "the squared Euclidean distance (sum of squared coordinate differences)"}[metric]
    agg, term = {"manhattan": ("sum", "abs(x - y)"), "chebyshev": ("max", "abs(x - y)"),
                 "squared_euclidean": ("sum", "(x - y) ** 2")}[metric]
    dims = rng.choice([2, 3])
    p, q = rng.choice([("p", "q"), ("a", "b"), ("start", "end")])
    env = dict(f=name(rng, f"{metric}_distance", "distance", f"{metric}_between"), p=p, q=q, rule=rule, agg=agg,
               term=term, dims=dims, tp=", ".join(["int"] * dims),
               update="best = max(best, abs(x - y))" if agg == "max" else f"best += {term}")
    text = say(rng, ["Return $rule between the $dims-dimensional integer points `$p` and `$q` (tuples).",
                     "Given two points `$p` and `$q` with $dims integer coordinates each, compute $rule."], env)
    cases = [(tuple([0] * dims), tuple([0] * dims))] + [(tuple(ints(rng, dims, -9, 9)), tuple(ints(rng, dims, -9, 9)))
                                                       for _ in range(4)]
    return Spec(text, env["f"], codes(env, """
        def $f($p: tuple[$tp], $q: tuple[$tp]) -> int:
            return $agg($term for x, y in zip($p, $q))
        """, """
        def $f($p: tuple[$tp], $q: tuple[$tp]) -> int:
            best = 0
            for x, y in zip($p, $q):
                $update
            return best
        """, """
        def $f($p: tuple[$tp], $q: tuple[$tp]) -> int:
            return $agg(map(lambda x, y: $term, $p, $q))
        """), tuple(cases))


def grid(rng: Random, rows: int, cols: int, fill: str, p: float) -> list[str]:
    return ["".join(fill[0] if rng.random() < p else fill[1] for _ in range(cols)) for _ in range(rows)]


@template("grid_geometry", "medium")
def count_neighbours(rng: Random) -> Spec:
    eight = rng.random() < 0.5
    mark = rng.choice("#@*")
    env = dict(f=name(rng, "count_neighbours", "neighbour_count", "adjacent_marks"), g=rng.choice(["grid", "board"]),
               mark=mark, how="8 surrounding cells (including diagonals)" if eight else "4 orthogonally adjacent cells",
               deltas=[(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)] if eight
               else [(-1, 0), (1, 0), (0, -1), (0, 1)], cheb="max(abs(dr), abs(dc)) == 1" if eight
               else "abs(dr) + abs(dc) == 1")
    text = say(rng, ["`$g` is a list of equal-length strings. Return how many of the $how of cell (r, c) contain "
                     "'$mark' (cells outside the grid do not count).",
                     "Count the '$mark' characters among the $how of position (r, c) in the grid `$g`, ignoring "
                     "positions off the grid."], env)
    cases = []
    for rows, cols in ((1, 1), (3, 3), (3, 4), (4, 5), (5, 3)):
        g = grid(rng, rows, cols, mark + ".", 0.5)
        cases.append((g, rng.randrange(rows), rng.randrange(cols)))
    return Spec(text, env["f"], codes(env, """
        def $f($g: list[str], r: int, c: int) -> int:
            count = 0
            for dr, dc in $deltas:
                rr, cc = r + dr, c + dc
                if 0 <= rr < len($g) and 0 <= cc < len($g[0]) and $g[rr][cc] == "$mark":
                    count += 1
            return count
        """, """
        def $f($g: list[str], r: int, c: int) -> int:
            return sum(1 for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                       if $cheb and 0 <= r + dr < len($g) and 0 <= c + dc < len($g[0])
                       and $g[r + dr][c + dc] == "$mark")
        """), tuple(cases))


@template("grid_geometry", "medium")
def bounding_box(rng: Random) -> Spec:
    env = dict(f=name(rng, "bounding_box", "bbox", "enclosing_rectangle"), pts=rng.choice(["points", "pts", "coords"]))
    text = say(rng, ["Return the smallest axis-aligned box containing all the (x, y) points in `$pts`, as a tuple "
                     "(min_x, min_y, max_x, max_y); return None for an empty list.",
                     "Compute the bounding box (min_x, min_y, max_x, max_y) of the integer points `$pts`, or None if "
                     "there are no points."], env)
    cases = [([],), ([(2, 3)],)] + [([tuple(ints(rng, 2, -9, 9)) for _ in range(rng.randint(2, 6))],) for _ in range(4)]
    return Spec(text, env["f"], codes(env, """
        def $f($pts: list[tuple[int, int]]) -> tuple[int, int, int, int] | None:
            if not $pts:
                return None
            xs = [x for x, _ in $pts]
            ys = [y for _, y in $pts]
            return min(xs), min(ys), max(xs), max(ys)
        """, """
        def $f($pts: list[tuple[int, int]]) -> tuple[int, int, int, int] | None:
            if not $pts:
                return None
            xs, ys = zip(*$pts)
            return min(xs), min(ys), max(xs), max(ys)
        """, """
        def $f($pts: list[tuple[int, int]]) -> tuple[int, int, int, int] | None:
            box = None
            for x, y in $pts:
                if box is None:
                    box = (x, y, x, y)
                else:
                    box = (min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y))
            return box
        """), tuple(cases), claims=((([],), None),))


@template("grid_geometry", "medium")
def rect_overlap(rng: Random) -> Spec:
    area = rng.random() < 0.6
    a, b = rng.choice([("a", "b"), ("r1", "r2"), ("first", "second")])
    env = dict(f=name(rng, "overlap_area" if area else "rectangles_overlap", "intersection_area" if area else
                      "intersects", "common_area" if area else "overlaps"), a=a, b=b, ret="int" if area else "bool")
    rule = ("Return the area of the overlap of the axis-aligned rectangles `$a` and `$b`, each given as (x1, y1, x2, "
            "y2) with x1 < x2 and y1 < y2 (0 if they do not overlap)." if area else
            "Return True if the axis-aligned rectangles `$a` and `$b` (each (x1, y1, x2, y2) with x1 < x2, y1 < y2) "
            "overlap in a region of positive area; touching edges do not count.")
    text = say(rng, [rule], env)
    env["fin"] = "width * height" if area else "width > 0 and height > 0"
    env["fin2"] = "(right - left) * (top - bottom)" if area else "True"
    env["none"] = "0" if area else "False"

    def rect() -> tuple[int, int, int, int]:
        x, y = rng.randint(-5, 5), rng.randint(-5, 5)
        return (x, y, x + rng.randint(1, 6), y + rng.randint(1, 6))
    cases = [((0, 0, 2, 2), (1, 1, 3, 3)), ((0, 0, 1, 1), (1, 0, 2, 1)), ((0, 0, 4, 4), (1, 1, 2, 2)),
             *((rect(), rect()) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($a: tuple[int, int, int, int], $b: tuple[int, int, int, int]) -> $ret:
            width = max(0, min($a[2], $b[2]) - max($a[0], $b[0]))
            height = max(0, min($a[3], $b[3]) - max($a[1], $b[1]))
            return $fin
        """, """
        def $f($a: tuple[int, int, int, int], $b: tuple[int, int, int, int]) -> $ret:
            left, bottom = max($a[0], $b[0]), max($a[1], $b[1])
            right, top = min($a[2], $b[2]), min($a[3], $b[3])
            if left >= right or bottom >= top:
                return $none
            return $fin2
        """), tuple(cases))


@template("grid_geometry", "easy")
def points_inside(rng: Random) -> Spec:
    r = rng.randint(2, 8)
    shape, rule, cond = rng.choice([
        ("circle", f"on or inside the circle of radius {r} centred at the origin", f"x * x + y * y <= {r * r}"),
        ("square", f"inside or on the square with corners (-{r}, -{r}) and ({r}, {r})",
         f"abs(x) <= {r} and abs(y) <= {r}"),
        ("diamond", f"within Manhattan distance {r} of the origin", f"abs(x) + abs(y) <= {r}"),
        ("quadrant", "strictly inside the first quadrant (x > 0 and y > 0)", "x > 0 and y > 0"),
    ])
    env = dict(f=name(rng, f"count_in_{shape}", f"points_in_{shape}", "count_inside"),
               pts=rng.choice(["points", "pts", "coords"]), rule=rule, cond=cond)
    text = say(rng, ["Return how many of the (x, y) points in `$pts` lie $rule.",
                     "Count the integer points of `$pts` that are $rule."], env)
    cases = [([],), ([(0, 0)],)] + [([tuple(ints(rng, 2, -9, 9)) for _ in range(rng.randint(2, 7))],) for _ in range(4)]
    return Spec(text, env["f"], codes(env, """
        def $f($pts: list[tuple[int, int]]) -> int:
            return sum(1 for x, y in $pts if $cond)
        """, """
        def $f($pts: list[tuple[int, int]]) -> int:
            count = 0
            for x, y in $pts:
                if $cond:
                    count += 1
            return count
        """, """
        def $f($pts: list[tuple[int, int]]) -> int:
            return len(list(filter(lambda p: (lambda x, y: $cond)(*p), $pts)))
        """), tuple(cases))


@template("grid_geometry", "medium")
def shoelace(rng: Random) -> Spec:
    env = dict(f=name(rng, "twice_area", "polygon_area2", "double_area"),
               pts=rng.choice(["vertices", "points", "corners"]))
    text = say(rng, ["`$pts` lists the vertices of a simple polygon in order. Return twice its area (an integer), "
                     "using the shoelace formula; fewer than 3 vertices give 0.",
                     "Return 2 * area of the polygon whose corners are `$pts` (in order, integer coordinates); the "
                     "result is a non-negative integer."], env)
    cases = [([],), ([(0, 0), (4, 0), (4, 3)],), ([(0, 0), (0, 2), (2, 2), (2, 0)],),
             ([(1, 1), (5, 1), (5, 4), (3, 6), (1, 4)],), ([(0, 0), (rng.randint(1, 9), 0), (0, rng.randint(1, 9))],)]
    return Spec(text, env["f"], codes(env, """
        def $f($pts: list[tuple[int, int]]) -> int:
            total = 0
            for i in range(len($pts)):
                x1, y1 = $pts[i]
                x2, y2 = $pts[(i + 1) % len($pts)]
                total += x1 * y2 - x2 * y1
            return abs(total)
        """, """
        def $f($pts: list[tuple[int, int]]) -> int:
            pairs = zip($pts, $pts[1:] + $pts[:1])
            return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs))
        """), tuple(cases))


@template("grid_geometry", "hard")
def islands(rng: Random) -> Spec:
    land = rng.choice("#X1")
    env = dict(f=name(rng, "count_islands", "islands", "count_regions"), g=rng.choice(["grid", "world", "map_rows"]),
               land=land)
    text = say(rng, ["`$g` is a list of equal-length strings where '$land' is land and '.' is water. Return the number "
                     "of islands: groups of land cells connected horizontally or vertically.",
                     "Count the 4-connected regions of '$land' cells in the grid `$g` (other cells are '.')."], env)
    cases = [([],), (["."],), ([land],)] + [(grid(rng, rng.randint(2, 5), rng.randint(2, 6), land + ".", 0.45),)
                                           for _ in range(3)]
    return Spec(text, env["f"], codes(env, """
        def $f($g: list[str]) -> int:
            seen = set()
            def sink(r: int, c: int) -> None:
                if not (0 <= r < len($g) and 0 <= c < len($g[0])) or $g[r][c] != "$land" or (r, c) in seen:
                    return
                seen.add((r, c))
                for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                    sink(r + dr, c + dc)
            count = 0
            for r in range(len($g)):
                for c in range(len($g[0])):
                    if $g[r][c] == "$land" and (r, c) not in seen:
                        sink(r, c)
                        count += 1
            return count
        """, """
        from collections import deque


        def $f($g: list[str]) -> int:
            seen, count = set(), 0
            for r0, row in enumerate($g):
                for c0, cell in enumerate(row):
                    if cell != "$land" or (r0, c0) in seen:
                        continue
                    count += 1
                    seen.add((r0, c0))
                    queue = deque([(r0, c0)])
                    while queue:
                        r, c = queue.popleft()
                        for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                            if 0 <= rr < len($g) and 0 <= cc < len(row) and $g[rr][cc] == "$land" \\
                                    and (rr, cc) not in seen:
                                seen.add((rr, cc))
                                queue.append((rr, cc))
            return count
        """, """
        def $f($g: list[str]) -> int:
            cells = {(r, c) for r, row in enumerate($g) for c, ch in enumerate(row) if ch == "$land"}
            count = 0
            while cells:
                count += 1
                stack = [cells.pop()]
                while stack:
                    r, c = stack.pop()
                    for neighbour in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                        if neighbour in cells:
                            cells.remove(neighbour)
                            stack.append(neighbour)
            return count
        """), tuple(cases))


@template("grid_geometry", "hard")
def shortest_path(rng: Random) -> Spec:
    wall = rng.choice("#X")
    env = dict(f=name(rng, "shortest_path", "min_steps", "maze_distance"), g=rng.choice(["grid", "maze"]), wall=wall)
    text = say(rng, ["`$g` is a list of equal-length strings; '$wall' is a wall and '.' is open. Return the minimum "
                     "number of up/down/left/right steps from the top-left cell to the bottom-right cell, or -1 if it "
                     "cannot be reached (or either end is a wall).",
                     "Find the length of the shortest 4-directional path through the open '.' cells of `$g` from (0, "
                     "0) to the bottom-right corner; -1 if none."],
               env)
    cases = [(["."],), ([wall],), ([".."],)]
    for _ in range(3):
        g = grid(rng, rng.randint(2, 5), rng.randint(2, 5), wall + ".", 0.3)
        cases.append(([("." + row[1:]) if i == 0 else row for i, row in enumerate(g)],))
    return Spec(text, env["f"], codes(env, """
        from collections import deque


        def $f($g: list[str]) -> int:
            rows, cols = len($g), len($g[0])
            if $g[0][0] == "$wall" or $g[-1][-1] == "$wall":
                return -1
            dist = {(0, 0): 0}
            queue = deque([(0, 0)])
            while queue:
                r, c = queue.popleft()
                if (r, c) == (rows - 1, cols - 1):
                    return dist[(r, c)]
                for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if 0 <= rr < rows and 0 <= cc < cols and $g[rr][cc] != "$wall" and (rr, cc) not in dist:
                        dist[(rr, cc)] = dist[(r, c)] + 1
                        queue.append((rr, cc))
            return -1
        """, """
        def $f($g: list[str]) -> int:
            rows, cols = len($g), len($g[0])
            if $g[0][0] == "$wall" or $g[-1][-1] == "$wall":
                return -1
            frontier, seen, steps = {(0, 0)}, {(0, 0)}, 0
            while frontier:
                if (rows - 1, cols - 1) in frontier:
                    return steps
                nxt = set()
                for r, c in frontier:
                    for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                        if 0 <= rr < rows and 0 <= cc < cols and $g[rr][cc] != "$wall" and (rr, cc) not in seen:
                            seen.add((rr, cc))
                            nxt.add((rr, cc))
                frontier, steps = nxt, steps + 1
            return -1
        """), tuple(cases))
