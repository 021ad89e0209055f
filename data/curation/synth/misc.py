"""Templates for small classes, error handling, dates and intervals, and dynamic programming.

Class problems are tested by scripts (construct, call methods in a drawn order, assert on what
they return), including the awkward calls (pop from an empty stack, overdrawing an account).
Error-handling problems state which exception to raise, and their tests check that it is raised.
Dates are fixed calendar arithmetic (no "today", no time zones, no locale-dependent names).
"""
from __future__ import annotations

import datetime
from random import Random

from data.curation.synth.core import Script, Spec, codes, int_lists, ints, list_arg, name, say, template, words

# --------------------------------------------------------------------------------- small_classes

COUNTER_NAMES = (("increment", "decrement", "reset", "value"), ("up", "down", "reset", "current"),
                 ("inc", "dec", "clear", "get"), ("tick", "untick", "restart", "count"))


@template("small_classes", "easy")
def counter_class(rng: Random) -> Spec:
    inc, dec, reset, get = rng.choice(COUNTER_NAMES)
    step, floor = rng.randint(1, 5), rng.choice([0, 0, -10])
    env = dict(f=name(rng, "Tally", "ClickCounter", "StepCounter", "Odometer", "Score"), inc=inc, dec=dec,
               reset=reset, get=get, step=step, floor=floor)
    text = say(rng, ["Write a class `$f` constructed with a start value (an int, at least $floor). `$inc()` adds "
                     "$step, `$dec()` subtracts $step but never goes below $floor (it stops at $floor), `$reset()` "
                     "returns to the start value, and `$get()` returns the current value.",
                     "Implement `$f(start)`: a counter with methods `$inc()` (+$step), `$dec()` (-$step, clamped at "
                     "$floor), `$reset()` (back to `start`) and `$get()` (the current value)."], env)
    ops = [inc, inc, dec, get, reset]

    def script() -> Script:
        calls = [(rng.choice(ops), ()) for _ in range(rng.randint(2, 7))] + [(get, ())]
        return Script((rng.randint(floor, floor + 12),), tuple(calls))
    cases = [Script((floor,), ((dec, ()), (get, ()))), Script((floor + 3,), ((inc, ()), (reset, ()), (get, ()))),
             *(script() for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        class $f:
            def __init__(self, start: int) -> None:
                self._start = start
                self._value = start

            def $inc(self) -> None:
                self._value += $step

            def $dec(self) -> None:
                self._value = max($floor, self._value - $step)

            def $reset(self) -> None:
                self._value = self._start

            def $get(self) -> int:
                return self._value
        """, """
        class $f:
            def __init__(self, start: int) -> None:
                self._history = [start]

            def $inc(self) -> None:
                self._history.append(self._history[-1] + $step)

            def $dec(self) -> None:
                lowered = self._history[-1] - $step
                self._history.append(lowered if lowered >= $floor else $floor)

            def $reset(self) -> None:
                self._history.append(self._history[0])

            def $get(self) -> int:
                return self._history[-1]
        """), tuple(cases))


@template("small_classes", "medium")
def container_class(rng: Random) -> Spec:
    queue = rng.random() < 0.5
    raises = rng.random() < 0.4
    put, take, peek = (("enqueue", "dequeue", "front") if queue else ("push", "pop", "peek")) if rng.random() < 0.7 \
        else (("add", "remove", "first") if queue else ("put", "take", "top"))
    env = dict(f=name(rng, *(("Queue", "FifoQueue", "Line") if queue else ("Stack", "LifoStack", "Pile"))), put=put,
               take=take, peek=peek, order="first-in first-out" if queue else "last-in first-out",
               which="oldest" if queue else "newest",
               empty="raise IndexError" if raises else "return None")
    text = say(rng, ["Implement a $order container class `$f` with `$put(x)`, `$take()` (remove and return the $which "
                     "item), `$peek()` (return it without removing), `size()` and `is_empty()`. When it is empty, "
                     "`$take()` and `$peek()` must $empty.",
                     "Write the class `$f`: a $order collection of ints. Methods: `$put(x)`; `$take()` removes and "
                     "returns the $which element; `$peek()` returns it; `size()`; `is_empty()`. On an empty `$f`, "
                     "`$take` and `$peek` $empty."], env)
    env["fail"] = "raise IndexError('empty')" if raises else "return None"
    env |= dict(pick="0" if queue else "-1", popper="popleft" if queue else "pop")
    sources = ["""
        class $f:
            def __init__(self) -> None:
                self.items = []

            def $put(self, x: int) -> None:
                self.items.append(x)

            def $take(self) -> int | None:
                if not self.items:
                    $fail
                return self.items.pop($pick)

            def $peek(self) -> int | None:
                if not self.items:
                    $fail
                return self.items[$pick]

            def size(self) -> int:
                return len(self.items)

            def is_empty(self) -> bool:
                return not self.items
        """, """
        from collections import deque


        class $f:
            def __init__(self) -> None:
                self.items = deque()

            def $put(self, x: int) -> None:
                self.items.append(x)

            def $take(self) -> int | None:
                if len(self.items) == 0:
                    $fail
                return self.items.$popper()

            def $peek(self) -> int | None:
                if len(self.items) == 0:
                    $fail
                return self.items[$pick]

            def size(self) -> int:
                return len(self.items)

            def is_empty(self) -> bool:
                return len(self.items) == 0
        """]
    if not queue:
        sources.append("""
        class $f:
            def __init__(self) -> None:
                self.head = None
                self.count = 0

            def $put(self, x: int) -> None:
                self.head = (x, self.head)
                self.count += 1

            def $take(self) -> int | None:
                if self.head is None:
                    $fail
                value, self.head = self.head
                self.count -= 1
                return value

            def $peek(self) -> int | None:
                if self.head is None:
                    $fail
                return self.head[0]

            def size(self) -> int:
                return self.count

            def is_empty(self) -> bool:
                return self.head is None
        """)

    def script() -> Script:
        calls = []
        for _ in range(rng.randint(3, 8)):
            calls.append((put, (rng.randint(0, 9),)) if rng.random() < 0.5 else (rng.choice([take, peek, "size"]), ()))
        return Script((), tuple(calls) + (("is_empty", ()),))
    cases = [Script((), (("is_empty", ()), (take, ()))), Script((), ((put, (1,)), (put, (2,)), (take, ()), (peek, ()),
                                                                     ("size", ()))), *(script() for _ in range(3))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases), raises=("IndexError",) if raises else ())


@template("small_classes", "medium")
def bank_account(rng: Random) -> Spec:
    fee, overdraft = rng.choice([0, 0, 1, 2]), rng.choice([0, 0, 50, 100])
    env = dict(f=name(rng, "BankAccount", "Account", "Wallet", "Purse"), fee=fee, limit=overdraft,
               dep=rng.choice(["deposit", "put_in", "add"]), wd=rng.choice(["withdraw", "take_out", "spend"]),
               bal=rng.choice(["balance", "get_balance", "funds"]))
    rules = []
    if fee:
        rules.append("every successful withdrawal also costs a fee of $fee")
    rules.append("the balance may go down to -$limit but not below" if overdraft else "the balance may never go "
                 "negative")
    env["rules"] = say(rng, ["; ".join(rules)], env)
    text = say(rng, ["Write a class `$f` that starts with a balance given to the constructor (default 0). "
                     "`$dep(amount)` adds a positive amount; `$wd(amount)` removes it and returns True, or changes "
                     "nothing and returns False if that is not allowed ($rules); `$bal()` returns the current balance.",
                     "Implement `$f(initial=0)` with `$dep(amount)`, `$wd(amount) -> bool` and `$bal()`. A withdrawal "
                     "is refused (returns False, no change) when it would break this rule: $rules."], env)

    def script() -> Script:
        calls = [(rng.choice([env["dep"], env["wd"], env["wd"], env["bal"]]), (rng.randint(1, 80),))
                 for _ in range(rng.randint(2, 6))]
        calls = [(m, () if m == env["bal"] else a) for m, a in calls]
        return Script((rng.randint(0, 100),), tuple(calls) + ((env["bal"], ()),))
    cases = [Script((), ((env["wd"], (1 + overdraft,)), (env["bal"], ()))),
             Script((10,), ((env["dep"], (5,)), (env["wd"], (15 - fee,)), (env["bal"], ()))),
             *(script() for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        class $f:
            def __init__(self, initial: int = 0) -> None:
                self.amount = initial

            def $dep(self, amount: int) -> None:
                self.amount += amount

            def $wd(self, amount: int) -> bool:
                if self.amount - amount - $fee < -$limit:
                    return False
                self.amount -= amount + $fee
                return True

            def $bal(self) -> int:
                return self.amount
        """, """
        class $f:
            def __init__(self, initial: int = 0) -> None:
                self.transactions = [initial]

            def $dep(self, amount: int) -> None:
                self.transactions.append(amount)

            def $wd(self, amount: int) -> bool:
                cost = amount + $fee
                if self.$bal() - cost + $limit < 0:
                    return False
                self.transactions.append(-cost)
                return True

            def $bal(self) -> int:
                return sum(self.transactions)
        """), tuple(cases))


@template("small_classes", "hard")
def lru_cache_class(rng: Random) -> Spec:
    miss = rng.choice(["-1", "None"])
    env = dict(f=name(rng, "LRUCache", "RecentCache", "BoundedCache"), miss=miss,
               get=rng.choice(["get", "lookup"]), put=rng.choice(["put", "store", "set"]))
    text = say(rng, ["Implement `$f(capacity)`, a least-recently-used cache. `$get(key)` returns the stored value (and "
                     "marks the key as recently used) or $miss if absent; `$put(key, value)` inserts or updates the "
                     "key (marking it recently used) and, when this makes the cache exceed `capacity`, evicts the "
                     "least recently used key.",
                     "Write the class `$f`: a fixed-capacity map that forgets its least recently used entry when full. "
                     "Methods: `$get(key)` -> value or $miss, `$put(key, value)`. Both count as a use of the "
                     "key."], env)

    def script(capacity: int) -> Script:
        calls = []
        for _ in range(rng.randint(4, 9)):
            key = rng.randint(1, 4)
            calls.append((env["put"], (key, rng.randint(0, 99))) if rng.random() < 0.5 else (env["get"], (key,)))
        return Script((capacity,), tuple(calls))
    cases = [Script((1,), ((env["put"], (1, 10)), (env["put"], (2, 20)), (env["get"], (1,)), (env["get"], (2,)))),
             Script((2,), ((env["put"], (1, 1)), (env["put"], (2, 2)), (env["get"], (1,)), (env["put"], (3, 3)),
                           (env["get"], (2,)), (env["get"], (3,)))), *(script(rng.randint(1, 3)) for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        from collections import OrderedDict


        class $f:
            def __init__(self, capacity: int) -> None:
                self.capacity = capacity
                self.data = OrderedDict()

            def $get(self, key: int) -> int | None:
                if key not in self.data:
                    return $miss
                self.data.move_to_end(key)
                return self.data[key]

            def $put(self, key: int, value: int) -> None:
                self.data[key] = value
                self.data.move_to_end(key)
                if len(self.data) > self.capacity:
                    self.data.popitem(last=False)
        """, """
        class $f:
            def __init__(self, capacity: int) -> None:
                self.capacity = capacity
                self.data = {}

            def $get(self, key: int) -> int | None:
                if key not in self.data:
                    return $miss
                value = self.data.pop(key)
                self.data[key] = value
                return value

            def $put(self, key: int, value: int) -> None:
                self.data.pop(key, None)
                self.data[key] = value
                if len(self.data) > self.capacity:
                    del self.data[next(iter(self.data))]
        """, """
        class $f:
            def __init__(self, capacity: int) -> None:
                self.capacity = capacity
                self.values = {}
                self.order = []

            def _touch(self, key: int) -> None:
                if key in self.order:
                    self.order.remove(key)
                self.order.append(key)

            def $get(self, key: int) -> int | None:
                if key not in self.values:
                    return $miss
                self._touch(key)
                return self.values[key]

            def $put(self, key: int, value: int) -> None:
                self.values[key] = value
                self._touch(key)
                if len(self.order) > self.capacity:
                    del self.values[self.order.pop(0)]
        """), tuple(cases))


@template("small_classes", "hard")
def extreme_stack(rng: Random) -> Spec:
    big = rng.random() < 0.5
    env = dict(f=name(rng, "MaxStack" if big else "MinStack", "TrackingStack", "ExtremeStack"),
               ext="get_max" if big else "get_min", fn="max" if big else "min", word="largest" if big else "smallest")
    text = say(rng, ["Implement a stack class `$f` with `push(x)`, `pop()` (remove and return the top, or None when "
                     "empty), `top()` (the top or None) and `$ext()` (the $word value currently in the stack, or "
                     "None), each in O(1) time.",
                     "Write `$f`: a stack of ints supporting push(x), pop(), top() and $ext() (returns the $word "
                     "element) in constant time; the last three return None on an empty stack."],
               env)

    def script() -> Script:
        calls = [("push", (rng.randint(-5, 9),)) if rng.random() < 0.55
                 else (rng.choice(["pop", "top", env["ext"]]), ()) for _ in range(rng.randint(4, 9))]
        return Script((), tuple(calls) + ((env["ext"], ()),))
    cases = [Script((), (("pop", ()), (env["ext"], ()))), Script((), (("push", (3,)), ("push", (1,)), ("push", (5,)),
                                                                      (env["ext"], ()), ("pop", ()), (env["ext"], ()))),
             *(script() for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        class $f:
            def __init__(self) -> None:
                self.items = []

            def push(self, x: int) -> None:
                best = x if not self.items else $fn(x, self.items[-1][1])
                self.items.append((x, best))

            def pop(self) -> int | None:
                return self.items.pop()[0] if self.items else None

            def top(self) -> int | None:
                return self.items[-1][0] if self.items else None

            def $ext(self) -> int | None:
                return self.items[-1][1] if self.items else None
        """, """
        class $f:
            def __init__(self) -> None:
                self.values = []
                self.extremes = []

            def push(self, x: int) -> None:
                self.values.append(x)
                if not self.extremes or $fn(x, self.extremes[-1]) == x:
                    self.extremes.append(x)

            def pop(self) -> int | None:
                if not self.values:
                    return None
                x = self.values.pop()
                if x == self.extremes[-1]:
                    self.extremes.pop()
                return x

            def top(self) -> int | None:
                return self.values[-1] if self.values else None

            def $ext(self) -> int | None:
                return self.extremes[-1] if self.extremes else None
        """), tuple(cases))


@template("small_classes", "medium")
def shape_class(rng: Random) -> Spec:
    env = dict(f=name(rng, "Rectangle", "Box", "Frame", "Plot"), area=rng.choice(["area", "get_area"]),
               per=rng.choice(["perimeter", "get_perimeter"]), scale=rng.choice(["scale", "grow", "resize"]),
               sq=rng.choice(["is_square", "square"]))
    text = say(rng, ["Write a class `$f(width, height)` for an axis-aligned rectangle with integer sides. `$area()` "
                     "and `$per()` return its area and perimeter, `$scale(k)` multiplies both sides by the integer k "
                     "in place, and `$sq()` returns True when width equals height.",
                     "Implement `$f` storing a width and a height (ints) with methods `$area()`, `$per()`, `$scale(k)` "
                     "(multiply both sides by k, returning nothing) and `$sq()` (is it a square?)."], env)

    def script() -> Script:
        calls = [(rng.choice([env["area"], env["per"], env["sq"], env["scale"]]), ()) for _ in range(rng.randint(2, 5))]
        calls = [(m, (rng.randint(2, 3),) if m == env["scale"] else ()) for m, _ in calls]
        return Script((rng.randint(1, 9), rng.randint(1, 9)), tuple(calls) + ((env["area"], ()),))
    cases = [Script((2, 2), ((env["sq"], ()), (env["area"], ()))),
             Script((3, 5), ((env["per"], ()), (env["scale"], (2,)), (env["area"], ()))),
             *(script() for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        class $f:
            def __init__(self, width: int, height: int) -> None:
                self.width = width
                self.height = height

            def $area(self) -> int:
                return self.width * self.height

            def $per(self) -> int:
                return 2 * (self.width + self.height)

            def $scale(self, k: int) -> None:
                self.width *= k
                self.height *= k

            def $sq(self) -> bool:
                return self.width == self.height
        """, """
        class $f:
            def __init__(self, width: int, height: int) -> None:
                self.sides = (width, height)

            def $area(self) -> int:
                w, h = self.sides
                return w * h

            def $per(self) -> int:
                return 2 * sum(self.sides)

            def $scale(self, k: int) -> None:
                self.sides = tuple(side * k for side in self.sides)

            def $sq(self) -> bool:
                return len(set(self.sides)) == 1
        """), tuple(cases))


@template("small_classes", "medium")
def inventory_class(rng: Random) -> Spec:
    env = dict(f=name(rng, "Inventory", "Stockroom", "Pantry", "Warehouse"), add=rng.choice(["add", "stock"]),
               rem=rng.choice(["remove", "take"]), cnt=rng.choice(["count", "quantity"]),
               lst=rng.choice(["items", "listing", "contents"]))
    text = say(rng, ["Write a class `$f` tracking quantities of named items. `$add(item, qty)` adds qty (> 0); "
                     "`$rem(item, qty)` removes qty and returns True, or returns False and changes nothing if fewer "
                     "than qty are in stock; `$cnt(item)` returns the quantity (0 if unknown); `$lst()` returns a "
                     "sorted list of (item, qty) tuples for items with a positive quantity.",
                     "Implement `$f` with `$add(name, qty)`, `$rem(name, qty) -> bool` (refuse, returning False, when "
                     "the stock is too small), `$cnt(name)` and `$lst()` (alphabetical (name, qty) pairs with qty > "
                     "0)."], env)
    goods = ("apple", "nail", "rope", "tea", "wax")

    def script() -> Script:
        calls = []
        for _ in range(rng.randint(3, 8)):
            method = rng.choice([env["add"], env["add"], env["rem"], env["cnt"], env["lst"]])
            args = () if method == env["lst"] else (rng.choice(goods),) if method == env["cnt"] else \
                (rng.choice(goods), rng.randint(1, 5))
            calls.append((method, args))
        return Script((), tuple(calls) + ((env["lst"], ()),))
    cases = [Script((), ((env["rem"], ("tea", 1)), (env["cnt"], ("tea",)), (env["lst"], ()))),
             Script((), ((env["add"], ("rope", 2)), (env["rem"], ("rope", 2)), (env["lst"], ()))),
             *(script() for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        class $f:
            def __init__(self) -> None:
                self._stock = {}

            def $add(self, item: str, qty: int) -> None:
                self._stock[item] = self._stock.get(item, 0) + qty

            def $rem(self, item: str, qty: int) -> bool:
                if self._stock.get(item, 0) < qty:
                    return False
                self._stock[item] -= qty
                return True

            def $cnt(self, item: str) -> int:
                return self._stock.get(item, 0)

            def $lst(self) -> list[tuple[str, int]]:
                return sorted((item, qty) for item, qty in self._stock.items() if qty > 0)
        """, """
        from collections import Counter


        class $f:
            def __init__(self) -> None:
                self._stock = Counter()

            def $add(self, item: str, qty: int) -> None:
                self._stock[item] += qty

            def $rem(self, item: str, qty: int) -> bool:
                if self._stock[item] < qty:
                    return False
                self._stock[item] -= qty
                return True

            def $cnt(self, item: str) -> int:
                return self._stock[item]

            def $lst(self) -> list[tuple[str, int]]:
                return sorted((+self._stock).items())
        """), tuple(cases))


# -------------------------------------------------------------------------------- error_handling


@template("error_handling", "easy")
def safe_divide(rng: Random) -> Spec:
    op, word = rng.choice([("//", "the floor quotient `$a` // `$b`"), ("%", "the remainder `$a` % `$b`"),
                           ("/", "the quotient `$a` / `$b` rounded to 2 decimals")])
    default = rng.choice([0, -1, "None"])
    a, b = rng.choice([("a", "b"), ("x", "y"), ("num", "den")])
    env = dict(f=name(rng, "safe_divide", "divide_or_default", "checked_division"), a=a, b=b, default=default, op=op)
    env["word"] = say(rng, [word], env)
    env["expr"] = say(rng, ["round($a / $b, 2)" if op == "/" else "$a $op $b"], env)
    env["ret"] = ("float" if op == "/" else "int") + (" | None" if default == "None" else "")
    text = say(rng, ["Return $word, or $default if `$b` is 0 (catch the error rather than letting it escape).",
                     "Compute $word; when `$b` is zero return $default instead of raising."], env)
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


@template("error_handling", "easy")
def parse_or_default(rng: Random) -> Spec:
    target = rng.choice(["int", "float"])
    mode = rng.choice(["single", "skip", "replace"])
    env = dict(f=name(rng, f"to_{target}_or_default", f"parse_{target}s", f"safe_{target}"),
               s=rng.choice(["s", "text", "raw"]), xs=rng.choice(["items", "raw_values", "strings"]),
               d=rng.choice(["default", "fallback"]), t=target)
    samples = ["42", "-7", "abc", "", " 8 ", "1.5", "1e3", "x9"]
    if mode == "single":
        text = say(rng, ["Convert the string `$s` with $t(); if that raises ValueError, return `$d` instead.",
                         "Return $t(`$s`), or `$d` when `$s` is not a valid $t literal."], env)
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
        cases = [(text_, rng.choice([0, -1, 5])) for text_ in rng.sample(samples, 6)]
    else:
        skip = mode == "skip"
        env |= dict(what="leaving out the strings it rejects" if skip else "using `$d` for the strings it rejects",
                    sig=f"{env['xs']}: list[str]" + ("" if skip else f", {env['d']}: {target}"),
                    handle="continue" if skip else "values.append($d)")
        env |= {k: say(rng, [env[k]], env) for k in ("what", "handle")}
        text = say(rng, ["Convert every string in `$xs` with $t(), $what (those where $t() raises ValueError), and "
                         "return the list of results in order.",
                         "Return [$t(x) for x in `$xs`], but $what: $t() raising ValueError must not escape."], env)
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
        lists = [[]] + [rng.sample(samples, rng.randint(1, 5)) for _ in range(4)]
        cases = [(v,) if skip else (v, rng.choice([0, -1])) for v in lists]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("error_handling", "easy")
def safe_index(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    negative = rng.random() < 0.5
    env = dict(f=name(rng, "safe_get", "item_or_default", "get_at"), xs=xs, i=rng.choice(["i", "index", "pos"]),
               d=rng.choice(["default", "fallback"]),
               rule="Negative indices count from the end, as usual in Python." if negative else
               "Negative indices are out of range too.")
    env["cond"] = say(rng, ["-len($xs) <= $i < len($xs)" if negative else "0 <= $i < len($xs)"], env)
    text = say(rng, ["Return `$xs`[`$i`], or `$d` if `$i` is out of range. $rule",
                     "Look up position `$i` of `$xs` and return the element; return `$d` for an invalid position. "
                     "$rule"], env)
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


@template("error_handling", "medium")
def strict_stat(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    kind, rule, expr = rng.choice([("mean", "the floor of the mean", "sum($xs) // len($xs)"),
                                   ("range", "the difference between the largest and smallest values",
                                    "max($xs) - min($xs)"),
                                   ("middle", "the middle element (the one at index len // 2)", "$xs[len($xs) // 2]")])
    error = rng.choice(["ValueError", "ValueError", "LookupError"])
    env = dict(f=name(rng, f"{kind}_of", f"strict_{kind}", f"checked_{kind}"), xs=xs, error=error)
    env |= dict(rule=say(rng, [rule], env), expr=say(rng, [expr], env))
    text = say(rng, ["Return $rule of `$xs`. If `$xs` is empty, raise $error.",
                     "Compute $rule of the list `$xs`; an empty list must raise $error (with any message)."], env)
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


@template("error_handling", "medium")
def checked_range(rng: Random) -> Spec:
    lo = rng.randint(-10, 10)
    hi = lo + rng.randint(5, 100)
    env = dict(f=name(rng, "check_range", "validate", "require_in_range"), v=rng.choice(["value", "n", "x"]), lo=lo,
               hi=hi)
    text = say(rng, ["Return `$v` unchanged if it is an int between $lo and $hi inclusive. Raise TypeError if it is "
                     "not an int (bools do not occur), and ValueError if it is an int outside that range.",
                     "Validate `$v`: a non-int raises TypeError, an int outside [$lo, $hi] raises ValueError, anything "
                     "else is returned as is."], env)
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


@template("error_handling", "medium")
def nested_get(rng: Random) -> Spec:
    env = dict(f=name(rng, "get_path", "dig", "nested_lookup", "deep_get"), data=rng.choice(["data", "doc", "tree"]),
               path=rng.choice(["path", "keys"]), d=rng.choice(["default", "fallback"]))
    text = say(rng, ["Follow `$path` into the nested dicts and lists `$data`: each step is a str key (for a dict) or a "
                     "non-negative int index (for a list). Return the value reached, or `$d` if any step fails "
                     "(missing key, index out of range, wrong kind of container, or a non-container).",
                     "Return the value at `$path` inside `$data` (dict keys are strings, list indices are non-negative "
                     "ints), or `$d` when the path does not exist."], env)
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


@template("error_handling", "hard")
def parse_records(rng: Random) -> Spec:
    top = rng.choice([99, 120, 150])
    sep = rng.choice([",", ";", ":"])
    env = dict(f=name(rng, "parse_people", "load_ages", "read_records"), lines=rng.choice(["lines", "rows"]), top=top,
               sep=sep)
    text = say(rng, ["Each string in `$lines` should look like 'name${sep}age': a non-empty name and an age made only "
                     "of the digits 0-9 with value at most $top. Return a tuple (ages, bad): a dict name -> int age "
                     "for the valid lines (a later line overwrites an earlier one) and the list of 1-based line "
                     "numbers that were invalid.",
                     "Parse `$lines` of the form 'name${sep}age'. Valid lines (non-empty name, age of ASCII digits "
                     "only, age <= $top) go into a dict; collect the 1-based numbers of all other lines. Return (dict, "
                     "list of bad line numbers)."], env)
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


# ------------------------------------------------------------------------------- dates_intervals


def rand_date(rng: Random) -> datetime.date:
    return datetime.date(rng.randint(1950, 2050), rng.randint(1, 12), rng.randint(1, 28))


@template("dates_intervals", "easy")
def minutes_between(rng: Random) -> Spec:
    wrap = rng.random() < 0.5
    env = dict(f=name(rng, "minutes_between", "duration_minutes", "elapsed_minutes"), a=rng.choice(["start", "begin"]),
               b=rng.choice(["end", "finish"]),
               rule=" If `$b` is earlier than `$a`, the interval runs past midnight into the next day." if wrap else
               " `$b` is never earlier than `$a`.", fix=" % 1440" if wrap else "")
    env["rule"] = say(rng, [env["rule"]], env)
    text = say(rng, ["`$a` and `$b` are times 'HH:MM' on a 24-hour clock. Return the number of minutes from `$a` to "
                     "`$b`.$rule",
                     "Return how many minutes pass between the clock times `$a` and `$b` ('HH:MM').$rule"], env)

    def clock() -> str:
        return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    cases = [("00:00", "00:00"), ("09:15", "10:00"), ("00:00", "23:59")]
    for _ in range(3):
        a, b = clock(), clock()
        cases.append((a, b) if wrap or a <= b else (b, a))
    if wrap:
        cases.append(("23:30", "00:15"))
    return Spec(text, env["f"], codes(env, """
        def $f($a: str, $b: str) -> int:
            h1, m1 = map(int, $a.split(":"))
            h2, m2 = map(int, $b.split(":"))
            return ((h2 * 60 + m2) - (h1 * 60 + m1))$fix
        """, """
        def $f($a: str, $b: str) -> int:
            def minutes(t: str) -> int:
                return int(t[:2]) * 60 + int(t[3:])
            return (minutes($b) - minutes($a))$fix
        """, """
        from datetime import datetime


        def $f($a: str, $b: str) -> int:
            delta = datetime.strptime($b, "%H:%M") - datetime.strptime($a, "%H:%M")
            return (delta.days * 1440 + delta.seconds // 60)$fix
        """), tuple(cases))


@template("dates_intervals", "easy")
def calendar_facts(rng: Random) -> Spec:
    kind = rng.choice(["leap", "month", "month", "yday"])
    if kind == "yday":
        env = dict(f=name(rng, "day_of_year", "ordinal_day", "yday"), y=rng.choice(["year", "y"]),
                   m=rng.choice(["month", "m"]), d=rng.choice(["day", "d"]))
        text = say(rng, ["Return the day of the year (1 for January 1st, up to 366) of the Gregorian date (`$y`, `$m`, "
                         "`$d`).",
                         "Which day of its year is `$y`-`$m`-`$d`? Count January 1st as day 1."], env)
        sources = ["""
        import datetime


        def $f($y: int, $m: int, $d: int) -> int:
            return datetime.date($y, $m, $d).timetuple().tm_yday
        """, """
        import calendar


        def $f($y: int, $m: int, $d: int) -> int:
            return sum(calendar.monthrange($y, month)[1] for month in range(1, $m)) + $d
        """, """
        from datetime import date


        def $f($y: int, $m: int, $d: int) -> int:
            return (date($y, $m, $d) - date($y, 1, 1)).days + 1
        """]
        cases = [(2023, 1, 1), (2024, 12, 31), (2023, 3, 1), (2024, 3, 1), tuple(rand_date(rng).timetuple()[:3])]
    elif kind == "leap":
        env = dict(f=name(rng, "is_leap_year", "leap_year", "has_feb_29"), y=rng.choice(["year", "y"]))
        text = say(rng, ["Return True if `$y` is a leap year in the Gregorian calendar (divisible by 4, except "
                         "centuries, which must be divisible by 400).",
                         "Is `$y` a Gregorian leap year?"], env)
        sources = ["""
        def $f($y: int) -> bool:
            if $y % 400 == 0:
                return True
            if $y % 100 == 0:
                return False
            return $y % 4 == 0
        """, """
        import calendar


        def $f($y: int) -> bool:
            return calendar.isleap($y)
        """, """
        def $f($y: int) -> bool:
            return $y % 4 == 0 and ($y % 100 != 0 or $y % 400 == 0)
        """]
        cases = [(2000,), (1900,), (2024,), (2023,), (rng.randint(1600, 2400),)]
    else:
        env = dict(f=name(rng, "days_in_month", "month_length", "month_days"), y=rng.choice(["year", "y"]),
                   m=rng.choice(["month", "m"]))
        text = say(rng, ["Return the number of days in month `$m` (1-12) of year `$y` in the Gregorian calendar.",
                         "How many days does month `$m` of `$y` have? (Gregorian leap years apply to February.)"], env)
        sources = ["""
        def $f($y: int, $m: int) -> int:
            if $m == 2:
                return 29 if $y % 4 == 0 and ($y % 100 != 0 or $y % 400 == 0) else 28
            if $m in (4, 6, 9, 11):
                return 30
            return 31
        """, """
        import calendar


        def $f($y: int, $m: int) -> int:
            return calendar.monthrange($y, $m)[1]
        """, """
        import datetime


        def $f($y: int, $m: int) -> int:
            first = datetime.date($y, $m, 1)
            following = datetime.date($y + $m // 12, $m % 12 + 1, 1)
            return (following - first).days
        """]
        cases = [(2024, 2), (1900, 2), (2000, 2), (2023, 12), (rng.randint(1900, 2100), rng.randint(1, 12))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


WEEKDAY_FORMS = {  # kind: (what is returned, return type, expression of `weekday`, where 0 is Monday)
    "name": ("its English name ('Monday' ... 'Sunday')", "str",
             "['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][weekday]"),
    "abbrev": ("its three-letter English abbreviation ('Mon' ... 'Sun')", "str",
               "['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][weekday]"),
    "monday0": ("a number from 0 (Monday) to 6 (Sunday)", "int", "weekday"),
    "sunday0": ("a number from 0 (Sunday) to 6 (Saturday)", "int", "(weekday + 1) % 7"),
    "iso": ("its ISO number, from 1 (Monday) to 7 (Sunday)", "int", "weekday + 1"),
    "weekend": ("True if it is a Saturday or a Sunday, else False", "bool", "weekday >= 5"),
}


@template("dates_intervals", "medium")
def weekday_of(rng: Random) -> Spec:
    kind = rng.choice(sorted(WEEKDAY_FORMS))
    what, ret, expr = WEEKDAY_FORMS[kind]
    y, m, d = rng.choice([("year", "month", "day"), ("y", "m", "d")])
    env = dict(f=name(rng, f"weekday_{kind}", "day_of_week", "which_day", "is_weekend" if kind == "weekend" else
                      "weekday"), what=what, ret=ret, expr=expr, y=y, m=m, d=d)
    text = say(rng, ["Return the day of the week of the Gregorian date (`$y`, `$m`, `$d`) as $what.",
                     "For the date `$y`-`$m`-`$d`, return $what.",
                     "Which day of the week is `$d`/`$m`/`$y`? Return $what."], env)
    cases = [(2000, 1, 1), (2024, 2, 29), (1970, 1, 1), *(tuple(day.timetuple()[:3]) for day in (rand_date(rng),
                                                                                                rand_date(rng)))]
    return Spec(text, env["f"], codes(env, """
        import datetime


        def $f($y: int, $m: int, $d: int) -> $ret:
            weekday = datetime.date($y, $m, $d).weekday()
            return $expr
        """, """
        import calendar


        def $f($y: int, $m: int, $d: int) -> $ret:
            weekday = calendar.weekday($y, $m, $d)
            return $expr
        """, """
        def $f($y: int, $m: int, $d: int) -> $ret:
            if $m < 3:
                $m += 12
                $y -= 1
            zeller = ($d + 13 * ($m + 1) // 5 + $y + $y // 4 - $y // 100 + $y // 400) % 7
            weekday = (zeller + 5) % 7
            return $expr
        """), tuple(cases))


@template("dates_intervals", "medium")
def date_arithmetic(rng: Random) -> Spec:
    add = rng.random() < 0.5
    if add:
        d, n = rng.choice([("date", "n"), ("day", "days"), ("start", "offset")])
        env = dict(f=name(rng, "add_days", "shift_date", "date_after"), d=d, n=n)
        text = say(rng, ["`$d` is a date 'YYYY-MM-DD'. Return the date `$n` days later (earlier if `$n` is negative) "
                         "in the same format.",
                         "Shift the ISO date string `$d` by `$n` days and return the new ISO date."], env)
        sources = ["""
        import datetime


        def $f($d: str, $n: int) -> str:
            return (datetime.date.fromisoformat($d) + datetime.timedelta(days=$n)).isoformat()
        """, """
        import calendar


        def $f($d: str, $n: int) -> str:
            year, month, day = map(int, $d.split("-"))
            for _ in range(abs($n)):
                if $n > 0:
                    day += 1
                    if day > calendar.monthrange(year, month)[1]:
                        day, month = 1, month + 1
                        if month == 13:
                            year, month = year + 1, 1
                else:
                    day -= 1
                    if day == 0:
                        month -= 1
                        if month == 0:
                            year, month = year - 1, 12
                        day = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-{day:02d}"
        """]
        cases = [("2024-02-28", 1), ("2023-12-31", 1), ("2024-03-01", -1), ("2000-01-01", 0),
                 (rand_date(rng).isoformat(), rng.randint(-400, 400)), (rand_date(rng).isoformat(), rng.randint(1, 90))]
    else:
        a, b = rng.choice([("a", "b"), ("first", "second"), ("start", "end")])
        env = dict(f=name(rng, "days_between", "date_distance", "day_gap"), a=a, b=b)
        text = say(rng, ["`$a` and `$b` are dates 'YYYY-MM-DD'. Return the number of days between them (never "
                         "negative).",
                         "Return the absolute difference in days between the ISO dates `$a` and `$b`."],
                   env)
        sources = ["""
        from datetime import date


        def $f($a: str, $b: str) -> int:
            return abs((date.fromisoformat($b) - date.fromisoformat($a)).days)
        """, """
        def $f($a: str, $b: str) -> int:
            def day_number(text: str) -> int:
                y, m, d = map(int, text.split("-"))
                if m < 3:
                    y, m = y - 1, m + 12
                return 365 * y + y // 4 - y // 100 + y // 400 + (153 * (m - 3) + 2) // 5 + d
            return abs(day_number($b) - day_number($a))
        """]
        cases = [("2024-01-01", "2024-01-01"), ("2024-02-28", "2024-03-01"), ("2023-02-28", "2023-03-01"),
                 ("2000-01-01", "1999-12-31"), (rand_date(rng).isoformat(), rand_date(rng).isoformat())]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


def intervals(rng: Random, n: int, hi: int = 20) -> list[list[int]]:
    out = []
    for _ in range(n):
        a = rng.randint(0, hi)
        out.append([a, a + rng.randint(0, 6)])
    return out


@template("dates_intervals", "medium")
def merge_intervals(rng: Random) -> Spec:
    touch, tuples = rng.random() < 0.5, rng.random() < 0.4
    env = dict(f=name(rng, "merge_intervals", "merge_ranges", "coalesce", "union_of_spans"),
               iv=rng.choice(["intervals", "ranges", "spans", "periods"]), cmp="<=" if touch else "<",
               rule="intervals that merely touch (one ends where the next starts) are merged too" if touch else
               "intervals that only touch at an end point stay separate",
               pair="(start, end) tuples" if tuples else "[start, end] lists", t="tuple[int, int]" if tuples else
               "list[int]", o="(" if tuples else "[", c=")" if tuples else "]")
    text = say(rng, ["`$iv` is a list of $pair with start <= end, in any order. Merge the overlapping ones and return "
                     "the result sorted by start, as $pair; $rule.",
                     "Return the union of the intervals `$iv` ($pair) as a sorted list of disjoint $pair ($rule).",
                     "Merge overlapping intervals: given `$iv` ($pair), return the merged $pair in increasing order; "
                     "$rule."], env)
    shape = tuple if tuples else list
    cases = [([],), ([[1, 3]],), ([[1, 2], [2, 4]],), ([[5, 6], [1, 9]],),
             *((intervals(rng, rng.randint(3, 6)),) for _ in range(2))]
    cases = [([shape(span) for span in spans],) for (spans,) in cases]
    return Spec(text, env["f"], codes(env, """
        def $f($iv: list[$t]) -> list[$t]:
            merged = []
            for start, end in sorted($iv):
                if merged and start $cmp merged[-1][1]:
                    merged[-1] = ${o}merged[-1][0], max(merged[-1][1], end)$c
                else:
                    merged.append(${o}start, end$c)
            return merged
        """, """
        from functools import reduce


        def $f($iv: list[$t]) -> list[$t]:
            def step(merged: list[$t], span: $t) -> list[$t]:
                if merged and span[0] $cmp merged[-1][1]:
                    return merged[:-1] + [${o}merged[-1][0], max(merged[-1][1], span[1])$c]
                return merged + [${o}span[0], span[1]$c]
            return reduce(step, sorted($iv), [])
        """), tuple(cases))


@template("dates_intervals", "easy")
def intervals_overlap(rng: Random) -> Spec:
    closed, length = rng.random() < 0.5, rng.random() < 0.4
    a, b = rng.choice([("a", "b"), ("first", "second"), ("x", "y"), ("slot1", "slot2")])
    env = dict(f=name(rng, "overlap_length" if length else "overlaps", "shared_length" if length else
                      "intervals_intersect", "common_span" if length else "do_overlap"), a=a, b=b,
               kind="closed [start, end]" if closed else "half-open [start, end)",
               cmp="<=" if closed else "<", ncmp="<" if closed else "<=",
               # an empty half-open interval [s, s) shares no point with anything
               empty="" if closed else f"{a}[0] == {a}[1] or {b}[0] == {b}[1] or ")
    if length:
        text = say(rng, ["`$a` and `$b` are intervals given as (start, end) tuples with start <= end. Return the "
                         "length of their intersection (0 if they are disjoint or meet in a single point).",
                         "Return how long the overlap of the intervals `$a` and `$b` ((start, end) pairs) is; no "
                         "overlap gives 0."], env)
        sources = ["""
        def $f($a: tuple[int, int], $b: tuple[int, int]) -> int:
            return max(0, min($a[1], $b[1]) - max($a[0], $b[0]))
        """, """
        def $f($a: tuple[int, int], $b: tuple[int, int]) -> int:
            start, end = max($a[0], $b[0]), min($a[1], $b[1])
            if end <= start:
                return 0
            return end - start
        """]
    else:
        text = say(rng, ["`$a` and `$b` are $kind intervals given as (start, end) tuples with start <= end. Return "
                         "True if they share at least one point.",
                         "Do the $kind intervals `$a` and `$b` intersect? Return a bool.",
                         "Given two $kind intervals `$a` and `$b` as (start, end), decide whether they overlap."], env)
        sources = ["""
        def $f($a: tuple[int, int], $b: tuple[int, int]) -> bool:
            return max($a[0], $b[0]) $cmp min($a[1], $b[1])
        """, """
        def $f($a: tuple[int, int], $b: tuple[int, int]) -> bool:
            if ${empty}$a[1] $ncmp $b[0] or $b[1] $ncmp $a[0]:
                return False
            return True
        """]
    cases = [((1, 3), (3, 5)), ((1, 2), (4, 6)), ((0, 10), (2, 3)), ((5, 5), (5, 5)), ((2, 4), (1, 2))]
    cases += [tuple(tuple(iv) for iv in intervals(rng, 2))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("dates_intervals", "medium")
def add_minutes(rng: Random) -> Spec:
    env = dict(f=name(rng, "add_minutes", "clock_after", "shift_time"), t=rng.choice(["time", "clock", "t"]),
               n=rng.choice(["minutes", "n", "delta"]))
    text = say(rng, ["`$t` is a time 'HH:MM' on a 24-hour clock. Return the time `$n` minutes later (earlier when `$n` "
                     "is negative) in the same format, wrapping around midnight.",
                     "Add `$n` minutes (possibly negative or more than a day) to the clock time `$t` and return "
                     "'HH:MM'."], env)
    cases = [("00:00", 0), ("23:59", 1), ("00:10", -20), ("12:30", 1440 * 2 + 5),
             (f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", rng.randint(-3000, 3000))]
    return Spec(text, env["f"], codes(env, """
        def $f($t: str, $n: int) -> str:
            hours, mins = map(int, $t.split(":"))
            total = (hours * 60 + mins + $n) % 1440
            return f"{total // 60:02d}:{total % 60:02d}"
        """, """
        import datetime


        def $f($t: str, $n: int) -> str:
            moment = datetime.datetime.strptime($t, "%H:%M") + datetime.timedelta(minutes=$n)
            return moment.strftime("%H:%M")
        """, """
        def $f($t: str, $n: int) -> str:
            hours, mins = divmod((int($t[:2]) * 60 + int($t[3:]) + $n) % (24 * 60), 60)
            return "%02d:%02d" % (hours, mins)
        """), tuple(cases))


@template("dates_intervals", "hard")
def covered_length(rng: Random) -> Spec:
    env = dict(f=name(rng, "covered_length", "union_length", "total_coverage"), iv=rng.choice(["intervals", "spans"]))
    text = say(rng, ["`$iv` is a list of half-open integer intervals [start, end) with start <= end. Return the total "
                     "length of their union (points covered several times count once).",
                     "Return how many unit cells [k, k + 1) are covered by at least one of the half-open intervals "
                     "`$iv` (pairs [start, end), start <= end)."], env)
    cases = [([],), ([[2, 2]],), ([[0, 5], [3, 8]],), ([[0, 2], [2, 4]],), *((intervals(rng, rng.randint(2, 6)),)
                                                                             for _ in range(2))]
    return Spec(text, env["f"], codes(env, """
        def $f($iv: list[list[int]]) -> int:
            total, reach = 0, None
            for start, end in sorted($iv):
                if reach is None or start > reach:
                    total += end - start
                    reach = end
                elif end > reach:
                    total += end - reach
                    reach = end
            return total
        """, """
        def $f($iv: list[list[int]]) -> int:
            return len({k for start, end in $iv for k in range(start, end)})
        """, """
        def $f($iv: list[list[int]]) -> int:
            events = sorted([(s, 1) for s, _ in $iv] + [(e, -1) for _, e in $iv])
            total, depth, previous = 0, 0, None
            for point, change in events:
                if depth > 0:
                    total += point - previous
                depth += change
                previous = point
            return total
        """), tuple(cases))


@template("dates_intervals", "hard")
def meeting_rooms(rng: Random) -> Spec:
    env = dict(f=name(rng, "min_rooms", "rooms_needed", "max_overlap"),
               iv=rng.choice(["meetings", "bookings", "intervals"]))
    text = say(rng, ["`$iv` lists meetings as [start, end) pairs (a meeting ending at t frees its room for one "
                     "starting at t). Return the minimum number of rooms needed to hold them all.",
                     "What is the largest number of the half-open intervals `$iv` that are in progress at the same "
                     "moment? (0 for no intervals.)"], env)
    cases = [([],), ([[1, 2]],), ([[1, 3], [3, 5]],), ([[1, 5], [2, 6], [4, 8]],),
             *(([[a, a + rng.randint(1, 6)] for a, _ in intervals(rng, rng.randint(3, 6))],) for _ in range(2))]
    return Spec(text, env["f"], codes(env, """
        def $f($iv: list[list[int]]) -> int:
            starts = sorted(s for s, _ in $iv)
            ends = sorted(e for _, e in $iv)
            rooms = best = j = 0
            for s in starts:
                while ends[j] <= s:
                    j += 1
                    rooms -= 1
                rooms += 1
                best = max(best, rooms)
            return best
        """, """
        import heapq


        def $f($iv: list[list[int]]) -> int:
            busy = []
            for start, end in sorted($iv):
                if busy and busy[0] <= start:
                    heapq.heapreplace(busy, end)
                else:
                    heapq.heappush(busy, end)
            return len(busy)
        """, """
        def $f($iv: list[list[int]]) -> int:
            events = sorted([(s, 1) for s, _ in $iv] + [(e, -1) for _, e in $iv])
            best = depth = 0
            for _, change in events:
                depth += change
                best = max(best, depth)
            return best
        """), tuple(cases))


# ---------------------------------------------------------------------------- dynamic_programming


@template("dynamic_programming", "easy")
def grid_paths(rng: Random) -> Spec:
    r, c = rng.choice([("rows", "cols"), ("r", "c"), ("height", "width")])
    env = dict(f=name(rng, "grid_paths", "count_routes", "lattice_paths"), r=r, c=c)
    text = say(rng, ["Return the number of paths from the top-left to the bottom-right cell of a `$r` x `$c` grid "
                     "(both >= 1) moving only right or down.",
                     "Count the monotone (right/down) routes across a grid with `$r` rows and `$c` columns, corner to "
                     "corner."], env)
    cases = [(1, 1), (2, 2), (3, 3), (1, 5), (rng.randint(2, 7), rng.randint(2, 7))]
    return Spec(text, env["f"], codes(env, """
        def $f($r: int, $c: int) -> int:
            row = [1] * $c
            for _ in range(1, $r):
                for j in range(1, $c):
                    row[j] += row[j - 1]
            return row[-1]
        """, """
        import math


        def $f($r: int, $c: int) -> int:
            return math.comb($r + $c - 2, $r - 1)
        """, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($r: int, $c: int) -> int:
            if $r == 1 or $c == 1:
                return 1
            return $f($r - 1, $c) + $f($r, $c - 1)
        """), tuple(cases))


@template("dynamic_programming", "medium")
def climb_stairs(rng: Random) -> Spec:
    steps = sorted(rng.sample([1, 2, 3, 4, 5], rng.randint(2, 3)))
    env = dict(f=name(rng, "count_climbs", "stair_ways", "ways_to_climb"), n=rng.choice(["n", "stairs", "height"]),
               steps=steps, words=", ".join(map(str, steps)))
    text = say(rng, ["You climb a staircase of `$n` steps, each move going up by one of $words steps. Return the "
                     "number of distinct move sequences that end exactly at the top (1 for `$n` = 0).",
                     "Count the ordered ways to write `$n` as a sum of parts from {$words} (the empty sum counts for "
                     "0)."], env)
    cases = [(0,), (1,), (steps[-1],), (rng.randint(4, 8),), (rng.randint(9, 15),)]
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> int:
            ways = [1] + [0] * $n
            for i in range(1, $n + 1):
                ways[i] = sum(ways[i - s] for s in $steps if s <= i)
            return ways[$n]
        """, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($n: int) -> int:
            if $n == 0:
                return 1
            return sum($f($n - s) for s in $steps if s <= $n)
        """), tuple(cases))


@template("dynamic_programming", "medium")
def min_coins(rng: Random) -> Spec:
    coins = sorted(rng.sample([1, 2, 3, 4, 5, 6, 7, 9, 10, 12], rng.randint(2, 4)))
    env = dict(f=name(rng, "min_coins", "fewest_coins", "coin_count"), a=rng.choice(["amount", "target", "total"]),
               coins=coins)
    text = say(rng, ["Return the fewest coins with values $coins (unlimited supply) that add up to `$a`, or -1 if no "
                     "combination does (0 coins for `$a` = 0).",
                     "Using coins $coins as often as you like, what is the minimum number needed to make exactly `$a`? "
                     "Return -1 when impossible."], env)
    cases = [(0,), (coins[0],), (1 if coins[0] > 1 else 11,), (rng.randint(5, 20),), (rng.randint(21, 40),)]
    return Spec(text, env["f"], codes(env, """
        def $f($a: int) -> int:
            best = [0] + [None] * $a
            for value in range(1, $a + 1):
                options = [best[value - c] for c in $coins if c <= value and best[value - c] is not None]
                best[value] = min(options) + 1 if options else None
            return -1 if best[$a] is None else best[$a]
        """, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($a: int) -> int:
            if $a == 0:
                return 0
            options = [$f($a - c) for c in $coins if c <= $a]
            best = min((count for count in options if count >= 0), default=-1)
            return -1 if best < 0 else best + 1
        """, """
        def $f($a: int) -> int:
            frontier, seen, count = {0}, {0}, 0
            while frontier:
                if $a in frontier:
                    return count
                frontier = {v + c for v in frontier for c in $coins if v + c <= $a} - seen
                seen |= frontier
                count += 1
            return -1
        """), tuple(cases))


@template("dynamic_programming", "medium")
def non_adjacent_sum(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    env = dict(f=name(rng, "max_non_adjacent_sum", "rob_houses", "best_spaced_total"), xs=xs)
    text = say(rng, ["`$xs` holds non-negative integers. Return the largest sum of elements you can pick such that no "
                     "two picked elements are adjacent (0 for an empty list).",
                     "Choose elements of `$xs` (all >= 0), never two neighbours, to maximise their total; return that "
                     "total."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            take, skip = 0, 0
            for x in $xs:
                take, skip = skip + x, max(take, skip)
            return max(take, skip)
        """, """
        def $f($xs: list[int]) -> int:
            best = [0] * (len($xs) + 2)
            for i in range(len($xs) - 1, -1, -1):
                best[i] = max(best[i + 1], $xs[i] + best[i + 2])
            return best[0]
        """, """
        from functools import lru_cache


        def $f($xs: list[int]) -> int:
            size = len($xs)

            @lru_cache(maxsize=None)
            def from_index(i: int) -> int:
                if i >= size:
                    return 0
                return max(from_index(i + 1), $xs[i] + from_index(i + 2))
            return from_index(0)
        """), tuple((v,) for v in int_lists(rng, 0, 15)), claims=((([],), 0),))


@template("dynamic_programming", "hard")
def lis(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    strict = rng.random() < 0.6
    env = dict(f=name(rng, "longest_increasing_subsequence", "lis_length", "longest_rising"), xs=xs,
               word="strictly increasing" if strict else "non-decreasing", cmp="<" if strict else "<=",
               bis="bisect_left" if strict else "bisect_right")
    text = say(rng, ["Return the length of the longest $word subsequence of `$xs` (not necessarily contiguous).",
                     "Find the longest subsequence of `$xs` whose values are $word and return its length; 0 for an "
                     "empty list."], env)
    return Spec(text, env["f"], codes(env, """
        def $f($xs: list[int]) -> int:
            best = [1] * len($xs)
            for i in range(len($xs)):
                for j in range(i):
                    if $xs[j] $cmp $xs[i]:
                        best[i] = max(best[i], best[j] + 1)
            return max(best, default=0)
        """, """
        import bisect


        def $f($xs: list[int]) -> int:
            tails = []
            for x in $xs:
                i = bisect.$bis(tails, x)
                if i == len(tails):
                    tails.append(x)
                else:
                    tails[i] = x
            return len(tails)
        """), tuple((v,) for v in int_lists(rng, 0, 9)))


@template("dynamic_programming", "hard")
def string_distance(rng: Random) -> Spec:
    kind = rng.choice(["edit", "lcs", "indel"])
    rule = {"edit": "the Levenshtein edit distance between `$a` and `$b` (insertions, deletions and substitutions each "
                    "cost 1)",
            "lcs": "the length of the longest common subsequence of `$a` and `$b`",
            "indel": "the minimum number of single-character insertions and deletions that turn `$a` into `$b`"}[kind]
    a, b = rng.choice([("a", "b"), ("s", "t"), ("first", "second"), ("source", "target")])
    env = dict(f=name(rng, {"edit": "edit_distance", "lcs": "lcs_length", "indel": "indel_distance"}[kind],
                      "string_distance" if kind != "lcs" else "common_subsequence", "compare_strings"), a=a, b=b)
    env["rule"] = say(rng, [rule], env)
    text = say(rng, ["Return $rule.",
                     "Compute $rule using dynamic programming."], env)
    cases = [("", ""), ("abc", ""), ("kitten", "sitting"), ("abc", "abc")]
    for _ in range(2):
        cases.append(("".join(rng.choice("abcd") for _ in range(rng.randint(2, 7))),
                      "".join(rng.choice("abcd") for _ in range(rng.randint(2, 7)))))
    table_cell = {"edit": "min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x != y))",
                  "lcs": "prev[j - 1] + 1 if x == y else max(prev[j], row[j - 1])",
                  "indel": "prev[j - 1] if x == y else min(prev[j], row[j - 1]) + 1"}[kind]
    first_row = {"edit": "list(range(len($b) + 1))", "lcs": "[0] * (len($b) + 1)",
                 "indel": "list(range(len($b) + 1))"}[kind]
    row_start = {"edit": "i", "lcs": "0", "indel": "i"}[kind]
    rec = {"edit": ("len($b)", "len($a)", "$f($a[1:], $b[1:])",
                    "1 + min($f($a[1:], $b), $f($a, $b[1:]), $f($a[1:], $b[1:]))"),
           "lcs": ("0", "0", "1 + $f($a[1:], $b[1:])", "max($f($a[1:], $b), $f($a, $b[1:]))"),
           "indel": ("len($b)", "len($a)", "$f($a[1:], $b[1:])", "1 + min($f($a[1:], $b), $f($a, $b[1:]))")}[kind]
    env |= dict(cell=table_cell, first=say(rng, [first_row], env), start=row_start,
                end_a=say(rng, [rec[0]], env), end_b=say(rng, [rec[1]], env), same=say(rng, [rec[2]], env),
                diff=say(rng, [rec[3]], env))
    return Spec(text, env["f"], codes(env, """
        def $f($a: str, $b: str) -> int:
            prev = $first
            for i, x in enumerate($a, start=1):
                row = [$start] + [0] * len($b)
                for j, y in enumerate($b, start=1):
                    row[j] = $cell
                prev = row
            return prev[-1]
        """, """
        from functools import lru_cache


        @lru_cache(maxsize=None)
        def $f($a: str, $b: str) -> int:
            if not $a:
                return $end_a
            if not $b:
                return $end_b
            if $a[0] == $b[0]:
                return $same
            return $diff
        """), tuple(cases))


@template("dynamic_programming", "hard")
def subset_sum(rng: Random) -> Spec:
    xs, _ = list_arg(rng)
    count = rng.random() < 0.5
    env = dict(f=name(rng, "count_subsets_with_sum" if count else "has_subset_sum", "subset_total", "pick_sum"), xs=xs,
               t=rng.choice(["target", "goal", "total"]))
    if count:
        text = say(rng, ["`$xs` holds positive integers. Return how many subsets of positions have elements summing to "
                         "`$t` (the empty subset sums to 0).",
                         "Count the selections of elements of `$xs` (all > 0; equal values at different positions are "
                         "different elements) that add up to `$t`."], env)
        sources = ["""
        def $f($xs: list[int], $t: int) -> int:
            ways = [1] + [0] * $t
            for x in $xs:
                for amount in range($t, x - 1, -1):
                    ways[amount] += ways[amount - x]
            return ways[$t]
        """, """
        from functools import lru_cache


        def $f($xs: list[int], $t: int) -> int:
            size = len($xs)

            @lru_cache(maxsize=None)
            def count(i: int, left: int) -> int:
                if i == size:
                    return int(left == 0)
                return count(i + 1, left) + (count(i + 1, left - $xs[i]) if $xs[i] <= left else 0)
            return count(0, $t)
        """, """
        import itertools


        def $f($xs: list[int], $t: int) -> int:
            return sum(1 for r in range(len($xs) + 1) for combo in itertools.combinations($xs, r) if sum(combo) == $t)
        """]
    else:
        text = say(rng, ["`$xs` holds positive integers. Return True if some subset of its elements sums exactly to "
                         "`$t` (the empty subset sums to 0).",
                         "Can you choose elements of `$xs` (positive ints, each used at most once) adding up to "
                         "exactly `$t`? Return a bool."], env)
        sources = ["""
        def $f($xs: list[int], $t: int) -> bool:
            reachable = {0}
            for x in $xs:
                reachable |= {s + x for s in reachable if s + x <= $t}
            return $t in reachable
        """, """
        from functools import lru_cache


        def $f($xs: list[int], $t: int) -> bool:
            size = len($xs)

            @lru_cache(maxsize=None)
            def can(i: int, left: int) -> bool:
                if left == 0:
                    return True
                if i == size or left < 0:
                    return False
                return can(i + 1, left - $xs[i]) or can(i + 1, left)
            return can(0, $t)
        """, """
        import itertools


        def $f($xs: list[int], $t: int) -> bool:
            return any(sum(combo) == $t for r in range(len($xs) + 1) for combo in itertools.combinations($xs, r))
        """]
    cases = [([], 0), ([], 3), ([5], 5)] + [(ints(rng, rng.randint(3, 7), 1, 9), rng.randint(1, 20)) for _ in range(3)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("dynamic_programming", "hard")
def knapsack(rng: Random) -> Spec:
    env = dict(f=name(rng, "knapsack", "best_value", "max_loot"), w=rng.choice(["weights", "sizes"]),
               v=rng.choice(["values", "gains"]), cap=rng.choice(["capacity", "limit"]))
    text = say(rng, ["Item i has weight `$w`[i] and value `$v`[i] (positive ints). Choosing each item at most once, "
                     "return the largest total value whose total weight is at most `$cap`.",
                     "0/1 knapsack: return the maximum value achievable with items (`$w`[i], `$v`[i]) and weight limit "
                     "`$cap`."], env)
    cases = [([], [], 5), ([3], [10], 2), ([1, 3, 4], [15, 20, 30], 4)]
    for _ in range(3):
        n = rng.randint(2, 6)
        cases.append((ints(rng, n, 1, 8), ints(rng, n, 1, 30), rng.randint(3, 15)))
    return Spec(text, env["f"], codes(env, """
        def $f($w: list[int], $v: list[int], $cap: int) -> int:
            best = [0] * ($cap + 1)
            for weight, value in zip($w, $v):
                for room in range($cap, weight - 1, -1):
                    best[room] = max(best[room], best[room - weight] + value)
            return best[$cap]
        """, """
        from functools import lru_cache


        def $f($w: list[int], $v: list[int], $cap: int) -> int:
            items = list(zip($w, $v))

            @lru_cache(maxsize=None)
            def go(i: int, room: int) -> int:
                if i == len(items):
                    return 0
                weight, value = items[i]
                skip = go(i + 1, room)
                return max(skip, value + go(i + 1, room - weight)) if weight <= room else skip
            return go(0, $cap)
        """, """
        import itertools


        def $f($w: list[int], $v: list[int], $cap: int) -> int:
            items = list(zip($w, $v))
            return max(sum(v for _, v in combo) for r in range(len(items) + 1)
                       for combo in itertools.combinations(items, r) if sum(w for w, _ in combo) <= $cap)
        """), tuple(cases))
