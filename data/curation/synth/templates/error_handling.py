"""error_handling: catch the exception an operation raises, or raise the one the statement names.

Problems state which exception to raise (ValueError, TypeError or LookupError), and their tests
check that it is raised; problems that catch one instead are tested on the inputs that would raise it.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, int_lists, ints, list_arg, name, say, template, words

DIVISIONS = (("//", "the floor quotient `$a` // `$b`"), ("%", "the remainder `$a` % `$b`"),
             ("/", "the quotient `$a` / `$b` rounded to 2 decimals"))  # (operator, what it computes)
SAFE_DIVIDE_TEXT = ("Return $word, or $default if `$b` is 0 (catch the error rather than letting it escape).",
                    "Compute $word; when `$b` is zero return $default instead of raising.")


@template("error_handling", "easy")
def safe_divide(rng: Random) -> Spec:
    """Catching ZeroDivisionError (or checking first): a division that returns a default for a zero divisor."""
    op, word = rng.choice(DIVISIONS)
    default = rng.choice([0, -1, "None"])
    a, b = rng.choice([("a", "b"), ("x", "y"), ("num", "den")])
    env = dict(f=name(rng, "safe_divide", "divide_or_default", "checked_division"), a=a, b=b, default=default, op=op)
    env["word"] = say(rng, [word], env)
    env["expr"] = say(rng, ["round($a / $b, 2)" if op == "/" else "$a $op $b"], env)
    env["ret"] = ("float" if op == "/" else "int") + (" | None" if default == "None" else "")
    text = say(rng, SAFE_DIVIDE_TEXT, env)
    cases = [(7, 0), (0, 0), (7, 2), (-7, 2), (rng.randint(-50, 50), rng.randint(1, 9)), (rng.randint(-50, 50), -3)]
    return Spec(text, env["f"], codes(env, """
        def $f($a: int, $b: int) -> $ret:
            try:
                return $expr
            except ZeroDivisionError:
                return $default
        """, """
        def $f($a: int, $b: int) -> $ret:
            if $b == 0:
                return $default
            return $expr
        """), tuple(cases))


PARSE_ONE_TEXT = ("Convert the string `$s` with $t(); if that raises ValueError, return `$d` instead.",
                  "Return $t(`$s`), or `$d` when `$s` is not a valid $t literal.")
PARSE_EACH_TEXT = ("Convert every string in `$xs` with $t(), $what (those where $t() raises ValueError), and "
                   "return the list of results in order.",
                   "Return [$t(x) for x in `$xs`], but $what: $t() raising ValueError must not escape.")
NUMBER_STRINGS = ("42", "-7", "abc", "", " 8 ", "1.5", "1e3", "x9")  # valid and invalid int/float literals


@template("error_handling", "easy")
def parse_or_default(rng: Random) -> Spec:
    """Catching ValueError from int()/float(): one string with a default, or a list that skips or replaces failures."""
    target = rng.choice(["int", "float"])
    mode = rng.choice(["single", "skip", "replace"])
    env = dict(f=name(rng, f"to_{target}_or_default", f"parse_{target}s", f"safe_{target}"),
               s=rng.choice(["s", "text", "raw"]), xs=rng.choice(["items", "raw_values", "strings"]),
               d=rng.choice(["default", "fallback"]), t=target)
    if mode == "single":
        text = say(rng, PARSE_ONE_TEXT, env)
        sources = ["""
        def $f($s: str, $d: $t) -> $t:
            try:
                return $t($s)
            except ValueError:
                return $d
        """, """
        import contextlib


        def $f($s: str, $d: $t) -> $t:
            with contextlib.suppress(ValueError):
                return $t($s)
            return $d
        """]
        cases = [(text_, rng.choice([0, -1, 5])) for text_ in rng.sample(NUMBER_STRINGS, 6)]
    else:
        skip = mode == "skip"
        env |= dict(what="leaving out the strings it rejects" if skip else "using `$d` for the strings it rejects",
                    sig=f"{env['xs']}: list[str]" + ("" if skip else f", {env['d']}: {target}"),
                    handle="continue" if skip else "values.append($d)")
        env |= {k: say(rng, [env[k]], env) for k in ("what", "handle")}
        text = say(rng, PARSE_EACH_TEXT, env)
        helper_use = "[v for v in map(convert, $xs) if v is not None]" if skip else "[convert(x) for x in $xs]"
        env["helper_use"] = say(rng, [helper_use], env)
        env["fail"] = "None" if skip else env["d"]
        sources = ["""
        def $f($sig) -> list[$t]:
            values = []
            for x in $xs:
                try:
                    values.append($t(x))
                except ValueError:
                    $handle
            return values
        """, """
        def $f($sig) -> list[$t]:
            def convert(x: str) -> $t | None:
                try:
                    return $t(x)
                except ValueError:
                    return $fail
            return $helper_use
        """]
        lists = [[]] + [rng.sample(NUMBER_STRINGS, rng.randint(1, 5)) for _ in range(4)]
        cases = [(v,) if skip else (v, rng.choice([0, -1])) for v in lists]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


SAFE_INDEX_TEXT = ("Return `$xs`[`$i`], or `$d` if `$i` is out of range. $rule",
                   "Look up position `$i` of `$xs` and return the element; return `$d` for an invalid position. "
                   "$rule")


@template("error_handling", "easy")
def safe_index(rng: Random) -> Spec:
    """Bounds checking: an index lookup with a default, negative indices either allowed or out of range."""
    xs, _ = list_arg(rng)
    negative = rng.random() < 0.5
    env = dict(f=name(rng, "safe_get", "item_or_default", "get_at"), xs=xs, i=rng.choice(["i", "index", "pos"]),
               d=rng.choice(["default", "fallback"]),
               rule="Negative indices count from the end, as usual in Python." if negative else
               "Negative indices are out of range too.")
    env["cond"] = say(rng, ["-len($xs) <= $i < len($xs)" if negative else "0 <= $i < len($xs)"], env)
    text = say(rng, SAFE_INDEX_TEXT, env)
    sources = ["""
        def $f($xs: list[int], $i: int, $d: int) -> int:
            if $cond:
                return $xs[$i]
            return $d
        """]
    if negative:
        sources.append("""
        def $f($xs: list[int], $i: int, $d: int) -> int:
            try:
                return $xs[$i]
            except IndexError:
                return $d
        """)
    else:
        sources.append("""
        def $f($xs: list[int], $i: int, $d: int) -> int:
            try:
                if $i < 0:
                    raise IndexError($i)
                return $xs[$i]
            except IndexError:
                return $d
        """)
    cases = [([], 0, -1), ([5], 0, -1), ([5], -1, 0), ([1, 2, 3], 3, 0), ([1, 2, 3], -4, 9), (ints(rng, 4), -2, 0)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


STATS = (("mean", "the floor of the mean", "sum($xs) // len($xs)"),  # (name, what it is, expression)
         ("range", "the difference between the largest and smallest values", "max($xs) - min($xs)"),
         ("middle", "the middle element (the one at index len // 2)", "$xs[len($xs) // 2]"))
STRICT_STAT_TEXT = ("Return $rule of `$xs`. If `$xs` is empty, raise $error.",
                    "Compute $rule of the list `$xs`; an empty list must raise $error (with any message).")


@template("error_handling", "medium")
def strict_stat(rng: Random) -> Spec:
    """Raising on bad input: a statistic of a list that must raise the named exception when it is empty."""
    xs, _ = list_arg(rng)
    kind, rule, expr = rng.choice(STATS)
    error = rng.choice(["ValueError", "ValueError", "LookupError"])
    env = dict(f=name(rng, f"{kind}_of", f"strict_{kind}", f"checked_{kind}"), xs=xs, error=error)
    env |= dict(rule=say(rng, [rule], env), expr=say(rng, [expr], env))
    text = say(rng, STRICT_STAT_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            if not $xs:
                raise $error("empty list")
            return $expr
        """, """
        def $f($xs: list[int]) -> int:
            try:
                return $expr
            except (ZeroDivisionError, ValueError, IndexError):
                raise $error("empty list") from None
        """), tuple((v,) for v in int_lists(rng)), raises=(error,))


CHECKED_RANGE_TEXT = ("Return `$v` unchanged if it is an int between $lo and $hi inclusive. Raise TypeError if it is "
                      "not an int (bools do not occur), and ValueError if it is an int outside that range.",
                      "Validate `$v`: a non-int raises TypeError, an int outside [$lo, $hi] raises ValueError, "
                      "anything else is returned as is.")


@template("error_handling", "medium")
def checked_range(rng: Random) -> Spec:
    """Input validation: TypeError for a non-int, ValueError for an int out of range, else the value."""
    lo = rng.randint(-10, 10)
    hi = lo + rng.randint(5, 100)
    env = dict(f=name(rng, "check_range", "validate", "require_in_range"), v=rng.choice(["value", "n", "x"]), lo=lo,
               hi=hi)
    text = say(rng, CHECKED_RANGE_TEXT, env)
    cases = [(lo,), (hi,), (lo - 1,), (hi + 1,), ("5",), (2.5,), (rng.randint(lo, hi),)]
    rng.shuffle(cases)
    return Spec(text, env["f"], codes(env, """
        def $f($v: object) -> int:
            if not isinstance($v, int):
                raise TypeError(f"expected an int, got {type($v).__name__}")
            if not $lo <= $v <= $hi:
                raise ValueError(f"{$v} is outside [$lo, $hi]")
            return $v
        """, """
        def $f($v: object) -> int:
            if type($v) is not int:
                raise TypeError("not an int")
            if $v < $lo or $v > $hi:
                raise ValueError("out of range")
            return $v
        """), tuple(cases[:6]), raises=("TypeError", "ValueError"))


NESTED_GET_TEXT = ("Follow `$path` into the nested dicts and lists `$data`: each step is a str key (for a dict) or a "
                   "non-negative int index (for a list). Return the value reached, or `$d` if any step fails "
                   "(missing key, index out of range, wrong kind of container, or a non-container).",
                   "Return the value at `$path` inside `$data` (dict keys are strings, list indices are non-negative "
                   "ints), or `$d` when the path does not exist.")


@template("error_handling", "medium")
def nested_get(rng: Random) -> Spec:
    """Catching KeyError/IndexError/TypeError: walking a path of keys and indices into nested data."""
    env = dict(f=name(rng, "get_path", "dig", "nested_lookup", "deep_get"), data=rng.choice(["data", "doc", "tree"]),
               path=rng.choice(["path", "keys"]), d=rng.choice(["default", "fallback"]))
    text = say(rng, NESTED_GET_TEXT, env)
    doc = {"a": {"b": [1, 2, {"c": 3}]}, "x": [10, [20, 30]], "n": 5}
    paths = [[], ["a", "b", 2, "c"], ["x", 1, 0], ["a", "z"], ["x", 5], ["n", 0], ["a", 0], ["x", "y"]]
    cases = [(doc, p, -1) for p in rng.sample(paths, 6)]
    return Spec(text, env["f"], codes(env, """
        def $f($data: object, $path: list, $d: object = None) -> object:
            current = $data
            for step in $path:
                try:
                    current = current[step]
                except (KeyError, IndexError, TypeError):
                    return $d
            return current
        """, """
        def $f($data: object, $path: list, $d: object = None) -> object:
            current = $data
            for step in $path:
                if isinstance(current, dict) and isinstance(step, str) and step in current:
                    current = current[step]
                elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
                    current = current[step]
                else:
                    return $d
            return current
        """), tuple(cases))


RECORDS_TEXT = ("Each string in `$lines` should look like 'name${sep}age': a non-empty name and an age made only "
                "of the digits 0-9 with value at most $top. Return a tuple (ages, bad): a dict name -> int age "
                "for the valid lines (a later line overwrites an earlier one) and the list of 1-based line "
                "numbers that were invalid.",
                "Parse `$lines` of the form 'name${sep}age'. Valid lines (non-empty name, age of ASCII digits "
                "only, age <= $top) go into a dict; collect the 1-based numbers of all other lines. Return (dict, "
                "list of bad line numbers).")


@template("error_handling", "hard")
def parse_records(rng: Random) -> Spec:
    """Per-line error recovery: parse name/age records, keep the valid ones and report the bad line numbers."""
    top = rng.choice([99, 120, 150])
    sep = rng.choice([",", ";", ":"])
    env = dict(f=name(rng, "parse_people", "load_ages", "read_records"), lines=rng.choice(["lines", "rows"]), top=top,
               sep=sep)
    text = say(rng, RECORDS_TEXT, env)
    good = [f"{w}{sep}{rng.randint(0, top)}" for w in words(rng, 6)]
    bad = [f"{sep}30", "bob", f"amy{sep}x1", f"al{sep}{top + 1}", f"a{sep}1{sep}2", f"kim{sep} 4", f"joe{sep}-3",
           f"eve{sep}"]
    cases = [([],), ([good[0]],)]
    for _ in range(4):
        rows = rng.sample(good, 3) + rng.sample(bad, 2)
        rng.shuffle(rows)
        cases.append((rows,))
    return Spec(text, env["f"], codes(env, """
        def $f($lines: list[str]) -> tuple[dict[str, int], list[int]]:
            ages, bad = {}, []
            for number, line in enumerate($lines, start=1):
                try:
                    name, age = line.split("$sep")
                    if not name or not (age.isascii() and age.isdigit()) or int(age) > $top:
                        raise ValueError(line)
                    ages[name] = int(age)
                except ValueError:
                    bad.append(number)
            return ages, bad
        """, """
        def $f($lines: list[str]) -> tuple[dict[str, int], list[int]]:
            ages, bad = {}, []
            for number, line in enumerate($lines, start=1):
                parts = line.split("$sep")
                valid = (len(parts) == 2 and parts[0] != "" and parts[1] != ""
                         and all(ch in "0123456789" for ch in parts[1]) and int(parts[1]) <= $top)
                if valid:
                    ages[parts[0]] = int(parts[1])
                else:
                    bad.append(number)
            return ages, bad
        """), tuple(cases))
