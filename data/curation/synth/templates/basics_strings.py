"""basics_strings: one-step string problems — one string method or one pass over the characters, joining two.

Part of the rung below the other categories (see basics_numbers): one operation, stated plainly, solved
the ways people write it (the method call, or a loop over the characters building `result`). The
tested strings always include the empty string, one letter, spaces and digits.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template, words

# name options, phrase, return type, one expression, a loop over the characters building `result`
STRING_OPS = [
    (("shout", "to_upper", "uppercase"), "`$s` with every letter in upper case", "str", "$s.upper()",
     "result = ''\n    for ch in $s:\n        result += ch.upper()"),
    (("whisper", "to_lower", "lowercase"), "`$s` with every letter in lower case", "str", "$s.lower()",
     "result = ''\n    for ch in $s:\n        result += ch.lower()"),
    (("length", "char_count", "size_of"), "the number of characters in `$s`", "int", "len($s)",
     "result = 0\n    for _ in $s:\n        result += 1"),
    (("backwards", "reverse_text", "mirror"), "the characters of `$s` in reverse order", "str", "$s[::-1]",
     "result = ''\n    for ch in $s:\n        result = ch + result"),
    (("count_spaces", "spaces"), "how many space characters `$s` contains", "int", "$s.count(' ')",
     "result = 0\n    for ch in $s:\n        if ch == ' ':\n            result += 1"),
    (("count_digits", "digit_count"), "how many characters of `$s` are decimal digits", "int",
     "sum(1 for ch in $s if ch.isdigit())", "result = 0\n    for ch in $s:\n        if ch.isdigit():\n"
     "            result += 1"),
    (("no_spaces", "squeeze"), "`$s` with every space removed", "str", "$s.replace(' ', '')",
     "result = ''\n    for ch in $s:\n        if ch != ' ':\n            result += ch"),
    (("has_digit", "contains_digit"), "True if `$s` contains at least one decimal digit, else False", "bool",
     "any(ch.isdigit() for ch in $s)", "result = False\n    for ch in $s:\n        if ch.isdigit():\n"
     "            result = True"),
]
STRING_OPERATION_TEXT = ("Return $phrase.", "Given a string `$s`, return $phrase.")


@template("basics_strings", "easy")
def string_operation(rng: Random) -> Spec:
    """One string operation (case, length, reverse, count, strip spaces), as a method call or a character loop."""
    names, phrase, ret, expr, loop = rng.choice(STRING_OPS)
    env = dict(s=rng.choice(["s", "text", "word", "line", "name"]), ret=ret)
    env |= dict(f=name(rng, *names), phrase=say(rng, [phrase], env), expr=say(rng, [expr], env),
                loop=say(rng, [loop], env))
    text = say(rng, STRING_OPERATION_TEXT, env)
    samples = ["", "a", "Hello World", "abc 123", " x y ", *(" ".join(words(rng, rng.randint(1, 3))) for _ in range(2))]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> $ret:
            return $expr
        """, """
        def $f($s: str) -> $ret:
            $loop
            return result
        """), tuple((v,) for v in samples))


JOIN_STRINGS_TEXT = ("Return `$a` and `$b` joined with $between between them.",
                     "Concatenate the strings `$a` and `$b`, putting $between in between, and return the result.")


@template("basics_strings", "easy")
def join_strings(rng: Random) -> Spec:
    """Two strings joined with a separator: `+`, `str.join` or `str.format`."""
    sep = rng.choice(["", " ", "-", ", ", "_"])
    a, b = rng.choice([("first", "second"), ("a", "b"), ("left", "right"), ("head", "tail")])
    env = dict(a=a, b=b, sep=repr(sep), f=name(rng, "join_two", "combine", "glue", "concat"),
               between=repr(sep) if sep else "nothing")
    text = say(rng, JOIN_STRINGS_TEXT, env)
    cases = [(x, y) for x, y in zip(words(rng, 3), words(rng, 3))] + [("", "x"), ("ab", "")]
    return Spec(text, env["f"], codes(env, """
        def $f($a: str, $b: str) -> str:
            return $a + $sep + $b
        """, """
        def $f($a: str, $b: str) -> str:
            return $sep.join([$a, $b])
        """, """
        def $f($a: str, $b: str) -> str:
            return '{}{}{}'.format($a, $sep, $b)
        """), tuple(cases))
