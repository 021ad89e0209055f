"""parsing: read structured text (key=value pairs, numbers, times, versions, Roman numerals, arithmetic).

Separators and formats are drawn per problem; inputs are well-formed, short ASCII strings
(synth.text.rand_text where free text is wanted), and arithmetic is evaluated without eval().
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template
from data.curation.synth.text import rand_text

PARSE_PAIRS_TEXT = ("Parse `$s`, a list of key${b}value items separated by '$a' (like $ex), into a dict mapping each "
                    "key to its integer value. An empty string gives {}. Later duplicates overwrite earlier ones.",
                    "Turn the string `$s` of '$a'-separated `key${b}value` pairs (values are integers) into a dict; "
                    "'' gives an empty dict and a repeated key keeps its last value.")


@template("parsing", "easy")
def parse_pairs(rng: Random) -> Spec:
    """Parse 'key=value' items with drawn separators into a dict of ints: split twice, or a regex."""
    item_sep, kv_sep = rng.choice([(";", "="), (",", "="), ("&", "="), (";", ":"), (",", ":"), ("|", "=")])
    env = dict(f=name(rng, "parse_pairs", "parse_settings", "to_dict", "parse_config"),
               s=rng.choice(["text", "s", "spec"]), a=item_sep, b=kv_sep, ex=f"'x{kv_sep}1{item_sep}y{kv_sep}-2'")
    text = say(rng, PARSE_PAIRS_TEXT, env)
    keys = ("a", "b", "x", "y", "id", "n", "max")
    cases = [("",)]
    for _ in range(4):
        cases.append((item_sep.join(f"{rng.choice(keys)}{kv_sep}{rng.randint(-20, 99)}"
                                    for _ in range(rng.randint(1, 5))),))
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> dict[str, int]:
            result = {}
            if not $s:
                return result
            for item in $s.split("$a"):
                key, value = item.split("$b")
                result[key] = int(value)
            return result
        """, """
        def $f($s: str) -> dict[str, int]:
            pairs = (item.split("$b") for item in $s.split("$a") if item)
            return {key: int(value) for key, value in pairs}
        """, """
        import re


        def $f($s: str) -> dict[str, int]:
            return {key: int(value) for key, value in re.findall(r"([^$a$b]+)$b(-?\\d+)", $s)}
        """), tuple(cases),
        claims=((("",), {}),))


MAX_OF_NUMBERS_TEXT = ("`$s` holds one or more integers separated by '$sep' (possibly with spaces around them). "
                       "Return the largest.",
                       "Return the maximum of the '$sep'-separated integers in the non-empty string `$s`.")
AGGREGATE_NUMBERS_TEXT = ("`$s` holds integers separated by '$sep' (possibly with spaces around them). Return their "
                          "$word (an empty string has no numbers).",
                          "Return the $word of the '$sep'-separated integers in `$s`; '' contains none.")


@template("parsing", "easy")
def sum_numbers_text(rng: Random) -> Spec:
    """Sum, maximum or count of separated integers in a string (spaces allowed around separators)."""
    sep = rng.choice([",", ";", " ", "+", "/"])
    agg, word, ret = rng.choice([("sum", "sum", "int"), ("max", "largest", "int"), ("len", "count", "int")])
    env = dict(f=name(rng, f"{word}_of_numbers", f"{word}_from_text", f"parse_{word}"),
               s=rng.choice(["text", "s", "csv"]), sep=sep, agg=agg, word=word, ret=ret,
               fin={"sum": "total", "max": "best", "len": "count"}[agg])
    if agg == "max":
        text = say(rng, MAX_OF_NUMBERS_TEXT, env)
        loop = ["best = None", "best = value if best is None or value > best else best"]
    else:
        text = say(rng, AGGREGATE_NUMBERS_TEXT, env)
        loop = ["total = 0", "total += value"] if agg == "sum" else ["count = 0", "count += 1"]
    env |= dict(init=loop[0], update=loop[1])
    nums = [[rng.randint(-30, 99) for _ in range(rng.randint(1, 6))] for _ in range(4)]
    glue = sep if sep == " " else rng.choice([sep, sep + " ", " " + sep + " "])
    cases = [] if agg == "max" else [("",)]
    cases += [(glue.join(map(str, n)),) for n in nums]
    cases.append((str(rng.randint(0, 9)),))
    split = "$s.split()" if sep == " " else "$s.split('$sep')"
    env["split"] = say(rng, [split], env)
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> $ret:
            return $agg([int(part) for part in $split if part.strip()])
        """, """
        def $f($s: str) -> $ret:
            $init
            for part in $split:
                if part.strip():
                    value = int(part)
                    $update
            return $fin
        """, """
        import re


        def $f($s: str) -> $ret:
            return $agg(list(map(int, re.findall(r"-?\\d+", $s))))
        """), tuple(cases))


EXTRACT_INTS_TEXT = ("Return the list of integers that appear in `$s`, in order; a number is a maximal run of "
                     "digits.$rule",
                     "Extract every integer written in the string `$s` (maximal digit runs) and return them as ints "
                     "in order of appearance.$rule")


@template("parsing", "medium")
def extract_ints(rng: Random) -> Spec:
    """Extract the integers (maximal digit runs, maybe with a minus sign) from text: re.findall or a scanner."""
    neg = rng.random() < 0.6
    env = dict(f=name(rng, "extract_numbers", "find_integers", "numbers_in_text"), s=rng.choice(["text", "s", "line"]),
               rule=" A '-' directly before a digit makes the number negative." if neg else
               " Every number is non-negative ('-' is just a character).", pat=r"-?\d+" if neg else r"\d+",
               neg_check="ch == '-' and i + 1 < len($s) and $s[i + 1].isdigit()" if neg else "False")
    env["neg_check"] = say(rng, [env["neg_check"]], env)
    text = say(rng, EXTRACT_INTS_TEXT, env)
    cases = [("",), ("no digits",), ("a1b22c333",), ("x-5 y--7 z 8-9",), (rand_text(rng, 6, 16, "ab -0123"),)]
    sources = ["""
        import re


        def $f($s: str) -> list[int]:
            return [int(m) for m in re.findall(r"$pat", $s)]
        """]
    if neg:
        sources.append("""
        def $f($s: str) -> list[int]:
            numbers, i = [], 0
            while i < len($s):
                ch = $s[i]
                if ch.isdigit() or ($neg_check):
                    j = i + 1
                    while j < len($s) and $s[j].isdigit():
                        j += 1
                    numbers.append(int($s[i:j]))
                    i = j
                else:
                    i += 1
            return numbers
        """)
    else:
        sources.append("""
        def $f($s: str) -> list[int]:
            numbers, current = [], ""
            for ch in $s + " ":
                if ch.isdigit():
                    current += ch
                elif current:
                    numbers.append(int(current))
                    current = ""
            return numbers
        """)
        sources.append("""
        def $f($s: str) -> list[int]:
            cleaned = "".join(ch if ch.isdigit() else " " for ch in $s)
            return [int(part) for part in cleaned.split()]
        """)
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


CLOCK_TEXT = {"hhmm": ("`$s` is a time 'HH:MM' (24-hour clock). Return the number of minutes since midnight.",
                       "Convert the 'HH:MM' time `$s` into minutes after 00:00."),
              "mmss": ("`$s` is a duration 'M:SS' or 'MM:SS'. Return it in seconds.",
                       "Return the total number of seconds in the 'MM:SS' duration `$s`."),
              "hms": ("`$s` is a duration 'H:MM:SS'. Return it in seconds.",
                      "Convert the 'H:MM:SS' string `$s` into a number of seconds."),
              "duration": ("`$s` is a duration like '2h15m', '45m' or '3h' (hours and/or minutes, in that order). "
                           "Return it in minutes.",
                           "Parse a duration such as '1h30m' from `$s` and return the total minutes.")}


@template("parsing", "medium")
def parse_clock(rng: Random) -> Spec:
    """Clock times and durations ('HH:MM', 'MM:SS', 'H:MM:SS', '2h15m') to minutes or seconds."""
    kind = rng.choice(["hhmm", "mmss", "hms", "duration"])
    env = dict(f=name(rng, "to_minutes" if kind in ("hhmm", "duration") else "to_seconds", f"parse_{kind}",
                      f"{kind}_value"), s=rng.choice(["s", "text", "stamp"]))
    text = say(rng, CLOCK_TEXT[kind], env)
    if kind == "duration":
        sources = ["""
        import re


        def $f($s: str) -> int:
            hours = re.search(r"(\\d+)h", $s)
            minutes = re.search(r"(\\d+)m", $s)
            return (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)
        """, """
        def $f($s: str) -> int:
            total, number = 0, ""
            for ch in $s:
                if ch.isdigit():
                    number += ch
                else:
                    total += int(number) * (60 if ch == "h" else 1)
                    number = ""
            return total
        """]
        cases = [("3h",), ("45m",), ("2h15m",), ("0h5m",), (f"{rng.randint(1, 30)}h{rng.randint(1, 59)}m",)]
    else:
        weights = {"hhmm": "(60, 1)", "mmss": "(60, 1)", "hms": "(3600, 60, 1)"}[kind]
        env["weights"] = weights
        sources = ["""
        def $f($s: str) -> int:
            total = 0
            for part in $s.split(":"):
                total = total * 60 + int(part)
            return total
        """, """
        def $f($s: str) -> int:
            return sum(w * int(part) for w, part in zip($weights, $s.split(":")))
        """, """
        from functools import reduce


        def $f($s: str) -> int:
            return reduce(lambda acc, part: acc * 60 + int(part), $s.split(":"), 0)
        """]
        fmt = {"hhmm": lambda: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
               "mmss": lambda: f"{rng.randint(0, 99)}:{rng.randint(0, 59):02d}",
               "hms": lambda: f"{rng.randint(0, 30)}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"}[kind]
        zero = {"hhmm": "00:00", "mmss": "0:00", "hms": "0:00:00"}[kind]
        cases = [(zero,)] + [(fmt(),) for _ in range(4)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


COMPARE_VERSIONS_TEXT = ("Compare two version strings such as '1.2.10' made of dot-separated non-negative integers. "
                         "Return -1 if `$a` is older than `$b`, 1 if newer, 0 if equal; missing trailing parts count "
                         "as 0 ('1.2' == '1.2.0').",
                         "Return -1, 0 or 1 as the version `$a` is lower than, equal to, or higher than `$b`, "
                         "comparing the dot-separated numbers left to right and padding the shorter with zeros.")


@template("parsing", "medium")
def compare_versions(rng: Random) -> Spec:
    """Compare dot-separated version strings, padding the shorter with zeros: lists of ints, or zip_longest."""
    a, b = rng.choice([("a", "b"), ("v1", "v2"), ("left", "right")])
    env = dict(f=name(rng, "compare_versions", "version_cmp", "cmp_versions"), a=a, b=b)
    text = say(rng, COMPARE_VERSIONS_TEXT, env)
    cases = [("1.0", "1"), ("1.2.10", "1.10"), ("2.0.1", "2.0.0"), ("0.9", "0.10")]
    for _ in range(2):
        cases.append((".".join(str(rng.randint(0, 12)) for _ in range(rng.randint(1, 3))),
                      ".".join(str(rng.randint(0, 12)) for _ in range(rng.randint(1, 3)))))
    return Spec(text, env["f"], codes(env, """
        def $f($a: str, $b: str) -> int:
            xs = [int(p) for p in $a.split(".")]
            ys = [int(p) for p in $b.split(".")]
            size = max(len(xs), len(ys))
            xs += [0] * (size - len(xs))
            ys += [0] * (size - len(ys))
            return (xs > ys) - (xs < ys)
        """, """
        import itertools


        def $f($a: str, $b: str) -> int:
            pairs = itertools.zip_longest($a.split("."), $b.split("."), fillvalue="0")
            for x, y in pairs:
                if int(x) != int(y):
                    return 1 if int(x) > int(y) else -1
            return 0
        """), tuple(cases))


ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
         (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
ROMAN_TO_INT_TEXT = ("Convert the Roman numeral `$s` (I, V, X, L, C, D, M with the usual subtractive pairs such as IV "
                     "and CM) to an integer.",
                     "Return the value of the valid Roman numeral `$s`.")
INT_TO_ROMAN_TEXT = ("Return the Roman numeral for `$n` (1 <= `$n` <= 3999), using subtractive pairs like IV, IX, XL, "
                     "XC, CD and CM.",
                     "Write the integer `$n` (1..3999) in standard Roman numerals.")


@template("parsing", "hard")
def roman(rng: Random) -> Spec:
    """Roman numerals either way (to int, or from int in 1..3999) with subtractive pairs."""
    to_int = rng.random() < 0.5
    samples = [rng.randint(1, 3999) for _ in range(3)]
    if to_int:
        env = dict(f=name(rng, "roman_to_int", "parse_roman", "from_roman"), s=rng.choice(["s", "numeral", "roman"]))
        text = say(rng, ROMAN_TO_INT_TEXT, env)
        sources = ["""
        def $f($s: str) -> int:
            values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
            total = 0
            for i, ch in enumerate($s):
                if i + 1 < len($s) and values[ch] < values[$s[i + 1]]:
                    total -= values[ch]
                else:
                    total += values[ch]
            return total
        """, """
        def $f($s: str) -> int:
            values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
            total, previous = 0, 0
            for ch in reversed($s):
                value = values[ch]
                total += -value if value < previous else value
                previous = max(previous, value)
            return total
        """, """
        def $f($s: str) -> int:
            for pair, simple in (("CM", "DCCCC"), ("CD", "CCCC"), ("XC", "LXXXX"), ("XL", "XXXX"), ("IX", "VIIII"),
                                 ("IV", "IIII")):
                $s = $s.replace(pair, simple)
            values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
            return sum(values[ch] for ch in $s)
        """]
        cases = [(to_roman(v),) for v in (1, 4, 1994, *samples)]
    else:
        env = dict(f=name(rng, "int_to_roman", "to_roman", "roman_numeral"), n=rng.choice(["n", "number", "value"]))
        text = say(rng, INT_TO_ROMAN_TEXT, env)
        sources = ["""
        def $f($n: int) -> str:
            table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                     (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
            out = []
            for amount, symbol in table:
                while $n >= amount:
                    out.append(symbol)
                    $n -= amount
            return "".join(out)
        """, """
        def $f($n: int) -> str:
            table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                     (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
            out = ""
            for amount, symbol in table:
                count, $n = divmod($n, amount)
                out += symbol * count
            return out
        """, """
        def $f($n: int) -> str:
            ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
            tens = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"]
            hundreds = ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"]
            return "M" * ($n // 1000) + hundreds[$n // 100 % 10] + tens[$n // 10 % 10] + ones[$n % 10]
        """]
        cases = [(v,) for v in (1, 4, 1994, *samples)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


def to_roman(n: int) -> str:
    """Test inputs for roman_to_int (the expected values still come from the reference solution)."""
    out = ""
    for value, symbol in ROMAN:
        count, n = divmod(n, value)
        out += symbol * count
    return out


EVALUATE_TEXT = ("Evaluate the arithmetic expression `$s`, made of non-negative integers and the operators $ops$prec, "
                 "possibly with spaces, and return its integer value. Do not use eval().",
                 "Return the value of the expression string `$s` (integers joined by $ops$prec; spaces may appear "
                 "anywhere between tokens), without calling eval().")


@template("parsing", "hard")
def evaluate_expression(rng: Random) -> Spec:
    """Evaluate + - (and maybe *, binding tighter) over non-negative integers without eval(): tokens or a stack."""

    ops = rng.choice(["+-", "+-*"])
    env = dict(f=name(rng, "evaluate", "calculate", "eval_expression"), s=rng.choice(["expr", "s", "formula"]),
               ops=" ".join(ops), prec=" ('*' binds tighter than '+' and '-')" if "*" in ops else " (left to right)")
    text = say(rng, EVALUATE_TEXT, env)

    def expression() -> str:
        terms = [str(rng.randint(0, 20)) for _ in range(rng.randint(1, 5))]
        return "".join(t + (rng.choice([" ", ""]) + rng.choice(ops) + rng.choice([" ", ""]) if i < len(terms) - 1
                            else "") for i, t in enumerate(terms))
    cases = [("7",), ("1 + 2 - 3",), (f"2{ops[-1]}3{ops[0]}4",), *((expression(),) for _ in range(3))]
    sources = ["""
        import re


        def $f($s: str) -> int:
            tokens = re.findall(r"\\d+|[-+*]", $s)
            total, sign, term = 0, 1, int(tokens[0])
            for op, number in zip(tokens[1::2], tokens[2::2]):
                if op == "*":
                    term *= int(number)
                else:
                    total += sign * term
                    sign, term = (1 if op == "+" else -1), int(number)
            return total + sign * term
        """, """
        def $f($s: str) -> int:
            stack, number, op = [], 0, "+"
            for ch in $s.replace(" ", "") + "+":
                if ch.isdigit():
                    number = number * 10 + int(ch)
                    continue
                if op == "+":
                    stack.append(number)
                elif op == "-":
                    stack.append(-number)
                else:
                    stack.append(stack.pop() * number)
                op, number = ch, 0
            return sum(stack)
        """]
    if "*" in ops:
        sources.append("""
        import math
        import re


        def $f($s: str) -> int:
            total = 0
            for sign, term in re.findall(r"([-+]?)([^-+]+)", $s.replace(" ", "")):
                value = math.prod(int(factor) for factor in term.split("*"))
                total += -value if sign == "-" else value
            return total
        """)
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))
