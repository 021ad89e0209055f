"""dates_intervals: clock times, calendar dates and integer intervals (overlap, merge, coverage, rooms).

Dates are fixed calendar arithmetic: no "today", no time zones, no locale-dependent names. Random dates
keep the day at most 28 so that every month has it. Where it varies (whether an interval is closed or
half-open, whether touching intervals merge), the choice is drawn and stated in the problem text.
"""
from __future__ import annotations

import datetime
from random import Random

from data.curation.synth.core import Spec, codes, name, say, template


def rand_date(rng: Random) -> datetime.date:
    return datetime.date(rng.randint(1950, 2050), rng.randint(1, 12), rng.randint(1, 28))


MINUTES_BETWEEN_TEXT = ("`$a` and `$b` are times 'HH:MM' on a 24-hour clock. Return the number of minutes from `$a` to "
                        "`$b`.$rule",
                        "Return how many minutes pass between the clock times `$a` and `$b` ('HH:MM').$rule")


@template("dates_intervals", "easy")
def minutes_between(rng: Random) -> Spec:
    """Clock arithmetic: minutes from one "HH:MM" time to another, with or without wrapping past midnight."""
    wrap = rng.random() < 0.5
    env = dict(f=name(rng, "minutes_between", "duration_minutes", "elapsed_minutes"), a=rng.choice(["start", "begin"]),
               b=rng.choice(["end", "finish"]),
               rule=" If `$b` is earlier than `$a`, the interval runs past midnight into the next day." if wrap else
               " `$b` is never earlier than `$a`.", fix=" % 1440" if wrap else "")
    env["rule"] = say(rng, [env["rule"]], env)
    text = say(rng, MINUTES_BETWEEN_TEXT, env)

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


DAY_OF_YEAR_TEXT = ("Return the day of the year (1 for January 1st, up to 366) of the Gregorian date (`$y`, `$m`, "
                    "`$d`).",
                    "Which day of its year is `$y`-`$m`-`$d`? Count January 1st as day 1.")
LEAP_YEAR_TEXT = ("Return True if `$y` is a leap year in the Gregorian calendar (divisible by 4, except "
                  "centuries, which must be divisible by 400).",
                  "Is `$y` a Gregorian leap year?")
MONTH_LENGTH_TEXT = ("Return the number of days in month `$m` (1-12) of year `$y` in the Gregorian calendar.",
                     "How many days does month `$m` of `$y` have? (Gregorian leap years apply to February.)")


@template("dates_intervals", "easy")
def calendar_facts(rng: Random) -> Spec:
    """Gregorian calendar rules: leap years, month lengths or the day of the year."""
    kind = rng.choice(["leap", "month", "month", "yday"])
    if kind == "yday":
        env = dict(f=name(rng, "day_of_year", "ordinal_day", "yday"), y=rng.choice(["year", "y"]),
                   m=rng.choice(["month", "m"]), d=rng.choice(["day", "d"]))
        text = say(rng, DAY_OF_YEAR_TEXT, env)
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
        text = say(rng, LEAP_YEAR_TEXT, env)
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
        text = say(rng, MONTH_LENGTH_TEXT, env)
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
WEEKDAY_TEXT = ("Return the day of the week of the Gregorian date (`$y`, `$m`, `$d`) as $what.",
                "For the date `$y`-`$m`-`$d`, return $what.",
                "Which day of the week is `$d`/`$m`/`$y`? Return $what.")


@template("dates_intervals", "medium")
def weekday_of(rng: Random) -> Spec:
    """Day of the week of a date, returned as a name, abbreviation, number (several conventions) or weekend flag."""
    kind = rng.choice(sorted(WEEKDAY_FORMS))
    what, ret, expr = WEEKDAY_FORMS[kind]
    y, m, d = rng.choice([("year", "month", "day"), ("y", "m", "d")])
    env = dict(f=name(rng, f"weekday_{kind}", "day_of_week", "which_day", "is_weekend" if kind == "weekend" else
                      "weekday"), what=what, ret=ret, expr=expr, y=y, m=m, d=d)
    text = say(rng, WEEKDAY_TEXT, env)
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


ADD_DAYS_TEXT = ("`$d` is a date 'YYYY-MM-DD'. Return the date `$n` days later (earlier if `$n` is negative) "
                 "in the same format.",
                 "Shift the ISO date string `$d` by `$n` days and return the new ISO date.")
DAYS_BETWEEN_TEXT = ("`$a` and `$b` are dates 'YYYY-MM-DD'. Return the number of days between them (never "
                     "negative).",
                     "Return the absolute difference in days between the ISO dates `$a` and `$b`.")


@template("dates_intervals", "medium")
def date_arithmetic(rng: Random) -> Spec:
    """Date arithmetic on ISO strings: shift a date by n days, or count the days between two dates."""
    add = rng.random() < 0.5
    if add:
        d, n = rng.choice([("date", "n"), ("day", "days"), ("start", "offset")])
        env = dict(f=name(rng, "add_days", "shift_date", "date_after"), d=d, n=n)
        text = say(rng, ADD_DAYS_TEXT, env)
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
        text = say(rng, DAYS_BETWEEN_TEXT, env)
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


MERGE_TEXT = ("`$iv` is a list of $pair with start <= end, in any order. Merge the overlapping ones and return "
              "the result sorted by start, as $pair; $rule.",
              "Return the union of the intervals `$iv` ($pair) as a sorted list of disjoint $pair ($rule).",
              "Merge overlapping intervals: given `$iv` ($pair), return the merged $pair in increasing order; "
              "$rule.")


@template("dates_intervals", "medium")
def merge_intervals(rng: Random) -> Spec:
    """Sort-and-sweep: merge overlapping intervals, touching ones merged or not, as lists or tuples."""
    touch, tuples = rng.random() < 0.5, rng.random() < 0.4
    env = dict(f=name(rng, "merge_intervals", "merge_ranges", "coalesce", "union_of_spans"),
               iv=rng.choice(["intervals", "ranges", "spans", "periods"]), cmp="<=" if touch else "<",
               rule="intervals that merely touch (one ends where the next starts) are merged too" if touch else
               "intervals that only touch at an end point stay separate",
               pair="(start, end) tuples" if tuples else "[start, end] lists", t="tuple[int, int]" if tuples else
               "list[int]", o="(" if tuples else "[", c=")" if tuples else "]")
    text = say(rng, MERGE_TEXT, env)
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


OVERLAP_LENGTH_TEXT = ("`$a` and `$b` are intervals given as (start, end) tuples with start <= end. Return the "
                       "length of their intersection (0 if they are disjoint or meet in a single point).",
                       "Return how long the overlap of the intervals `$a` and `$b` ((start, end) pairs) is; no "
                       "overlap gives 0.")
OVERLAP_TEXT = ("`$a` and `$b` are $kind intervals given as (start, end) tuples with start <= end. Return "
                "True if they share at least one point.",
                "Do the $kind intervals `$a` and `$b` intersect? Return a bool.",
                "Given two $kind intervals `$a` and `$b` as (start, end), decide whether they overlap.")


@template("dates_intervals", "easy")
def intervals_overlap(rng: Random) -> Spec:
    """Interval endpoints: do two closed or half-open intervals overlap, or how long is their overlap."""
    closed, length = rng.random() < 0.5, rng.random() < 0.4
    a, b = rng.choice([("a", "b"), ("first", "second"), ("x", "y"), ("slot1", "slot2")])
    env = dict(f=name(rng, "overlap_length" if length else "overlaps", "shared_length" if length else
                      "intervals_intersect", "common_span" if length else "do_overlap"), a=a, b=b,
               kind="closed [start, end]" if closed else "half-open [start, end)",
               cmp="<=" if closed else "<", ncmp="<" if closed else "<=",
               # an empty half-open interval [s, s) shares no point with anything
               empty="" if closed else f"{a}[0] == {a}[1] or {b}[0] == {b}[1] or ")
    if length:
        text = say(rng, OVERLAP_LENGTH_TEXT, env)
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
        text = say(rng, OVERLAP_TEXT, env)
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


ADD_MINUTES_TEXT = ("`$t` is a time 'HH:MM' on a 24-hour clock. Return the time `$n` minutes later (earlier when `$n` "
                    "is negative) in the same format, wrapping around midnight.",
                    "Add `$n` minutes (possibly negative or more than a day) to the clock time `$t` and return "
                    "'HH:MM'.")


@template("dates_intervals", "medium")
def add_minutes(rng: Random) -> Spec:
    """Modular clock arithmetic: add any number of minutes (negative or over a day) to an "HH:MM" time."""
    env = dict(f=name(rng, "add_minutes", "clock_after", "shift_time"), t=rng.choice(["time", "clock", "t"]),
               n=rng.choice(["minutes", "n", "delta"]))
    text = say(rng, ADD_MINUTES_TEXT, env)
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


COVERED_LENGTH_TEXT = ("`$iv` is a list of half-open integer intervals [start, end) with start <= end. Return the "
                       "total length of their union (points covered several times count once).",
                       "Return how many unit cells [k, k + 1) are covered by at least one of the half-open intervals "
                       "`$iv` (pairs [start, end), start <= end).")


@template("dates_intervals", "hard")
def covered_length(rng: Random) -> Spec:
    """Sweep over sorted intervals: the total length of a union of half-open intervals."""
    env = dict(f=name(rng, "covered_length", "union_length", "total_coverage"), iv=rng.choice(["intervals", "spans"]))
    text = say(rng, COVERED_LENGTH_TEXT, env)
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


MEETING_ROOMS_TEXT = ("`$iv` lists meetings as [start, end) pairs (a meeting ending at t frees its room for one "
                      "starting at t). Return the minimum number of rooms needed to hold them all.",
                      "What is the largest number of the half-open intervals `$iv` that are in progress at the same "
                      "moment? (0 for no intervals.)")


@template("dates_intervals", "hard")
def meeting_rooms(rng: Random) -> Spec:
    """Event sweep: the most half-open intervals in progress at once (the meeting rooms needed)."""
    env = dict(f=name(rng, "min_rooms", "rooms_needed", "max_overlap"),
               iv=rng.choice(["meetings", "bookings", "intervals"]))
    text = say(rng, MEETING_ROOMS_TEXT, env)
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
