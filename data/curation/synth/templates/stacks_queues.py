"""stacks_queues: problems whose natural solution keeps a stack or a queue.

Brackets, backspaces, a small stack machine, collapsing adjacent runs, Reverse Polish notation, the next
greater/smaller element and the Josephus circle. Most templates pair the stack solution with one that does
without it (repeated replacement, a quadratic scan, recursion, a closed formula).
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, list_arg, name, say, template

BRACKETS = ("()", "[]", "{}", "<>")
BALANCED_TEXT = ("`$s` consists only of the characters '$chars'. Return True if every bracket is closed by the "
                 "matching bracket in the right order.",
                 "Check whether the bracket string `$s` (made of $pair_list) is balanced and properly nested.")


@template("stacks_queues", "medium")
def balanced(rng: Random) -> Spec:
    """Bracket matching with a stack over 1-3 bracket kinds, against repeated removal of empty pairs."""
    kinds = rng.sample(BRACKETS, rng.randint(1, 3))
    chars = "".join(kinds)
    env = dict(f=name(rng, "is_balanced", "brackets_match", "valid_brackets"), s=rng.choice(["s", "text", "code"]),
               chars=chars, pairs={close: open_ for open_, close in kinds}, pair_list=" ".join(kinds),
               empties=repr(tuple(kinds)))
    text = say(rng, BALANCED_TEXT, env)

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


BACKSPACES_TEXT = ("In `$s`, the character '$bs' is a backspace that deletes the previous remaining character (if "
                   "any). Return the text that is left.",
                   "Simulate typing `$s` where '$bs' erases the last typed character; return the final text.")


@template("stacks_queues", "easy")
def backspaces(rng: Random) -> Spec:
    """Simulate typing with a backspace character: a stack of typed characters, or a backwards skip count."""
    bs = rng.choice("#<*")
    env = dict(f=name(rng, "apply_backspaces", "typed_text", "final_text"), s=rng.choice(["keys", "s", "typed"]), bs=bs)
    text = say(rng, BACKSPACES_TEXT, env)
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


STACK_RULES = {"dup": "'dup' pushes a copy of the top", "add": "'add' pops two values and pushes their sum",
               "swap": "'swap' exchanges the two top values"}
STACK_MACHINE_TEXT = ("Run the commands in `$ops` on an empty stack and return the final stack as a list (bottom "
                      "first). 'push X' pushes the integer X; 'pop' removes the top$rules. A command that needs more "
                      "values than the stack holds is ignored.",
                      "Simulate a stack machine over `$ops` ('push X', 'pop'$rules) and return the stack, bottom to "
                      "top; commands that would underflow do nothing.")


@template("stacks_queues", "medium")
def stack_machine(rng: Random) -> Spec:
    """Interpret push/pop commands plus 0-2 extra ones (dup, add, swap), ignoring commands that would underflow."""
    extra = rng.sample(["dup", "add", "swap"], rng.randint(0, 2))
    env = dict(f=name(rng, "run_stack", "stack_machine", "execute"), ops=rng.choice(["commands", "ops", "program"]),
               rules="".join("; " + STACK_RULES[e] for e in extra))
    text = say(rng, STACK_MACHINE_TEXT, env)
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


COLLAPSE_RULES = {
    "pairs": "two adjacent equal characters",
    "triples": "three adjacent equal characters",
    "polymer": "two adjacent characters that are the same letter in opposite case (like 'aA' or 'Bb')",
}
COLLAPSE_TEXT = ("Repeatedly delete $rule from `$s` until no such group remains, and return the result.",
                 "Return what is left of `$s` after removing $rule over and over.",
                 "Keep removing $rule from the string `$s`; return the final string.")


@template("stacks_queues", "medium")
def collapse_runs(rng: Random) -> Spec:
    """Repeatedly delete adjacent pairs, triples or opposite-case pairs: a stack against rescanning the string."""
    kind = rng.choice(["pairs", "triples", "polymer"])
    env = dict(f=name(rng, "collapse", "reduce_pairs" if kind != "triples" else "remove_triples", "crush",
                      "remove_adjacent"), s=rng.choice(["s", "text", "chain", "word"]), rule=COLLAPSE_RULES[kind])
    if kind == "triples":
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
        env |= dict(test=test.format(a="stack[-1]", b="ch"),
                    test2=test.format(a=f"{env['s']}[i]", b=f"{env['s']}[i + 1]"))
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
    text = say(rng, COLLAPSE_TEXT, env)
    cases = [("",), ("abba" if kind == "pairs" else "abBA" if kind == "polymer" else "abbbaa",), ("abc",),
             *(("".join(rng.choice(pool) for _ in range(rng.randint(4, 12))),) for _ in range(3))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


RPN_OPS = {"+": "a + b", "-": "a - b", "*": "a * b", "max": "max(a, b)", "min": "min(a, b)"}
RPN_TEXT = ("Evaluate the expression in Reverse Polish notation given as the list of strings `$tokens`: integers and "
            "the binary operators $ops (each pops b, then a, and pushes a op b). The expression is valid; return its "
            "value.",
            "Compute the value of the postfix expression `$tokens` (operators $ops; the second popped value is the "
            "left operand).")


@template("stacks_queues", "hard")
def rpn(rng: Random) -> Spec:
    """Evaluate Reverse Polish notation with + - * (and maybe max or min): an operand stack, or recursive parsing."""
    ops = ["+", "-", "*"] + rng.sample(["max", "min"], rng.randint(0, 1))
    env = dict(f=name(rng, "eval_rpn", "evaluate_postfix", "rpn_value"), tokens=rng.choice(["tokens", "expr", "items"]),
               ops=", ".join(f"'{o}'" for o in ops),
               chain="\n        ".join(f"{'if' if i == 0 else 'elif'} token == '{o}':\n            "
                                      f"stack.append({RPN_OPS[o]})" for i, o in enumerate(ops)),
               table="{" + ", ".join(f"'{o}': lambda a, b: {RPN_OPS[o]}" for o in ops) + "}")
    text = say(rng, RPN_TEXT, env)

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


NEXT_GREATER_TEXT = ("For every element of `$xs`, find the first element to its right that is strictly $word, and "
                     "return these values as a list (-1 where none exists).",
                     "Return a list whose i-th item is the nearest later element of `$xs` that is $word than "
                     "`$xs`[i], or -1 if there is no such element.")


@template("stacks_queues", "hard")
def next_greater(rng: Random) -> Spec:
    """Next greater (or smaller) element for every position: a monotonic stack against a quadratic scan."""
    xs, _ = list_arg(rng)
    greater = rng.random() < 0.6
    env = dict(f=name(rng, "next_greater" if greater else "next_smaller", "next_bigger" if greater else "next_lower",
                      "upcoming_" + ("greater" if greater else "smaller")), xs=xs,
               word="greater" if greater else "smaller", cmp=">" if greater else "<")
    text = say(rng, NEXT_GREATER_TEXT, env)
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


JOSEPHUS_TEXT = ("`$n` people numbered 1 to `$n` stand in a circle. Counting starts at person 1, and every `$k`-th "
                 "person is removed, counting on from the next one. Return $what.",
                 "In the Josephus game with `$n` players (1..`$n`) and step `$k` (the `$k`-th person counted is out; "
                 "counting begins at player 1), return $what.")


@template("stacks_queues", "medium")
def josephus(rng: Random) -> Spec:
    """Josephus circle: the elimination order or the survivor, with a rotating deque, list pops or the recurrence."""

    survivor = rng.random() < 0.5
    env = dict(f=name(rng, "josephus_survivor" if survivor else "elimination_order", "circle_game", "counting_out"),
               n=rng.choice(["n", "count", "size"]), k=rng.choice(["k", "step", "skip"]))
    what = "the number of the last person left" if survivor else "the list of people in the order they are removed"
    env["what"] = what
    text = say(rng, JOSEPHUS_TEXT, env)
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
