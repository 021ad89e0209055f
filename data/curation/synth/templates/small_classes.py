"""small_classes: write a small stateful class (counter, stack/queue, account, cache, shape, inventory).

Problems are tested by scripts (core.Script): construct the class, call its methods in a drawn order and
assert on what they return, including the awkward calls (pop from an empty stack, overdrawing an account).
Most method names are drawn too (`deposit`, `put_in` or `add`, ...): a solution must use the statement's names.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Script, Spec, codes, name, say, template

COUNTER_NAMES = (("increment", "decrement", "reset", "value"), ("up", "down", "reset", "current"),
                 ("inc", "dec", "clear", "get"), ("tick", "untick", "restart", "count"))
COUNTER_TEXT = ("Write a class `$f` constructed with a start value (an int, at least $floor). `$inc()` adds "
                "$step, `$dec()` subtracts $step but never goes below $floor (it stops at $floor), `$reset()` "
                "returns to the start value, and `$get()` returns the current value.",
                "Implement `$f(start)`: a counter with methods `$inc()` (+$step), `$dec()` (-$step, clamped at "
                "$floor), `$reset()` (back to `start`) and `$get()` (the current value).")


@template("small_classes", "easy")
def counter_class(rng: Random) -> Spec:
    """Stateful class: a counter with clamped decrement and reset, tested by scripted call sequences."""
    inc, dec, reset, get = rng.choice(COUNTER_NAMES)
    step, floor = rng.randint(1, 5), rng.choice([0, 0, -10])
    env = dict(f=name(rng, "Tally", "ClickCounter", "StepCounter", "Odometer", "Score"), inc=inc, dec=dec,
               reset=reset, get=get, step=step, floor=floor)
    text = say(rng, COUNTER_TEXT, env)
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


CONTAINER_TEXT = ("Implement a $order container class `$f` with `$put(x)`, `$take()` (remove and return the $which "
                  "item), `$peek()` (return it without removing), `size()` and `is_empty()`. When it is empty, "
                  "`$take()` and `$peek()` must $empty.",
                  "Write the class `$f`: a $order collection of ints. Methods: `$put(x)`; `$take()` removes and "
                  "returns the $which element; `$peek()` returns it; `size()`; `is_empty()`. On an empty `$f`, "
                  "`$take` and `$peek` $empty.")


@template("small_classes", "medium")
def container_class(rng: Random) -> Spec:
    """Stack or queue class with an empty-container policy (return None or raise IndexError), scripted tests."""
    queue = rng.random() < 0.5
    raises = rng.random() < 0.4
    put, take, peek = (("enqueue", "dequeue", "front") if queue else ("push", "pop", "peek")) if rng.random() < 0.7 \
        else (("add", "remove", "first") if queue else ("put", "take", "top"))
    env = dict(f=name(rng, *(("Queue", "FifoQueue", "Line") if queue else ("Stack", "LifoStack", "Pile"))), put=put,
               take=take, peek=peek, order="first-in first-out" if queue else "last-in first-out",
               which="oldest" if queue else "newest",
               empty="raise IndexError" if raises else "return None")
    text = say(rng, CONTAINER_TEXT, env)
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


ACCOUNT_TEXT = ("Write a class `$f` that starts with a balance given to the constructor (default 0). "
                "`$dep(amount)` adds a positive amount; `$wd(amount)` removes it and returns True, or changes "
                "nothing and returns False if that is not allowed ($rules); `$bal()` returns the current balance.",
                "Implement `$f(initial=0)` with `$dep(amount)`, `$wd(amount) -> bool` and `$bal()`. A withdrawal "
                "is refused (returns False, no change) when it would break this rule: $rules.")


@template("small_classes", "medium")
def bank_account(rng: Random) -> Spec:
    """Class with guarded state changes: withdrawals refused (returning False) past a fee-aware overdraft limit."""
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
    text = say(rng, ACCOUNT_TEXT, env)

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


LRU_CACHE_TEXT = ("Implement `$f(capacity)`, a least-recently-used cache. `$get(key)` returns the stored value (and "
                  "marks the key as recently used) or $miss if absent; `$put(key, value)` inserts or updates the "
                  "key (marking it recently used) and, when this makes the cache exceed `capacity`, evicts the "
                  "least recently used key.",
                  "Write the class `$f`: a fixed-capacity map that forgets its least recently used entry when full. "
                  "Methods: `$get(key)` -> value or $miss, `$put(key, value)`. Both count as a use of the "
                  "key.")


@template("small_classes", "hard")
def lru_cache_class(rng: Random) -> Spec:
    """Class with an eviction policy: a least-recently-used cache where both get and put count as a use."""
    miss = rng.choice(["-1", "None"])
    env = dict(f=name(rng, "LRUCache", "RecentCache", "BoundedCache"), miss=miss,
               get=rng.choice(["get", "lookup"]), put=rng.choice(["put", "store", "set"]))
    text = say(rng, LRU_CACHE_TEXT, env)

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


EXTREME_STACK_TEXT = ("Implement a stack class `$f` with `push(x)`, `pop()` (remove and return the top, or None when "
                      "empty), `top()` (the top or None) and `$ext()` (the $word value currently in the stack, or "
                      "None), each in O(1) time.",
                      "Write `$f`: a stack of ints supporting push(x), pop(), top() and $ext() (returns the $word "
                      "element) in constant time; the last three return None on an empty stack.")


@template("small_classes", "hard")
def extreme_stack(rng: Random) -> Spec:
    """Class keeping an auxiliary invariant: a stack that reports its min or max in O(1)."""
    big = rng.random() < 0.5
    env = dict(f=name(rng, "MaxStack" if big else "MinStack", "TrackingStack", "ExtremeStack"),
               ext="get_max" if big else "get_min", fn="max" if big else "min", word="largest" if big else "smallest")
    text = say(rng, EXTREME_STACK_TEXT, env)

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


RECTANGLE_TEXT = ("Write a class `$f(width, height)` for an axis-aligned rectangle with integer sides. `$area()` "
                  "and `$per()` return its area and perimeter, `$scale(k)` multiplies both sides by the integer k "
                  "in place, and `$sq()` returns True when width equals height.",
                  "Implement `$f` storing a width and a height (ints) with methods `$area()`, `$per()`, `$scale(k)` "
                  "(multiply both sides by k, returning nothing) and `$sq()` (is it a square?).")


@template("small_classes", "medium")
def shape_class(rng: Random) -> Spec:
    """Plain data class: a rectangle with derived values (area, perimeter), in-place scaling and a predicate."""
    env = dict(f=name(rng, "Rectangle", "Box", "Frame", "Plot"), area=rng.choice(["area", "get_area"]),
               per=rng.choice(["perimeter", "get_perimeter"]), scale=rng.choice(["scale", "grow", "resize"]),
               sq=rng.choice(["is_square", "square"]))
    text = say(rng, RECTANGLE_TEXT, env)

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


INVENTORY_TEXT = ("Write a class `$f` tracking quantities of named items. `$add(item, qty)` adds qty (> 0); "
                  "`$rem(item, qty)` removes qty and returns True, or returns False and changes nothing if fewer "
                  "than qty are in stock; `$cnt(item)` returns the quantity (0 if unknown); `$lst()` returns a "
                  "sorted list of (item, qty) tuples for items with a positive quantity.",
                  "Implement `$f` with `$add(name, qty)`, `$rem(name, qty) -> bool` (refuse, returning False, when "
                  "the stock is too small), `$cnt(name)` and `$lst()` (alphabetical (name, qty) pairs with qty > "
                  "0).")
STOCK_ITEMS = ("apple", "nail", "rope", "tea", "wax")  # the item names the test scripts use


@template("small_classes", "medium")
def inventory_class(rng: Random) -> Spec:
    """Class over a dict of counts: add and refuse-if-short remove, lookups and a sorted listing."""
    env = dict(f=name(rng, "Inventory", "Stockroom", "Pantry", "Warehouse"), add=rng.choice(["add", "stock"]),
               rem=rng.choice(["remove", "take"]), cnt=rng.choice(["count", "quantity"]),
               lst=rng.choice(["items", "listing", "contents"]))
    text = say(rng, INVENTORY_TEXT, env)

    def script() -> Script:
        calls = []
        for _ in range(rng.randint(3, 8)):
            method = rng.choice([env["add"], env["add"], env["rem"], env["cnt"], env["lst"]])
            args = () if method == env["lst"] else (rng.choice(STOCK_ITEMS),) if method == env["cnt"] else \
                (rng.choice(STOCK_ITEMS), rng.randint(1, 5))
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
