"""grid_geometry: integer points, rectangles and polygons, and grids (neighbours, islands, shortest paths).

Grids are lists of equal-length strings (one character per cell) so that the tests stay readable; points
are tuples of ints, so every result is exact integer arithmetic.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, ints, name, say, template

DISTANCE_RULES = {"manhattan": "the Manhattan distance (sum of absolute coordinate differences)",
                  "chebyshev": "the Chebyshev distance (largest absolute coordinate difference)",
                  "squared_euclidean": "the squared Euclidean distance (sum of squared coordinate differences)"}
DISTANCE_TEXT = ("Return $rule between the $dims-dimensional integer points `$p` and `$q` (tuples).",
                 "Given two points `$p` and `$q` with $dims integer coordinates each, compute $rule.")


@template("grid_geometry", "easy")
def distance(rng: Random) -> Spec:
    """Manhattan, Chebyshev or squared Euclidean distance between 2- or 3-dimensional integer points."""
    metric = rng.choice(["manhattan", "chebyshev", "squared_euclidean"])
    agg, term = {"manhattan": ("sum", "abs(x - y)"), "chebyshev": ("max", "abs(x - y)"),
                 "squared_euclidean": ("sum", "(x - y) ** 2")}[metric]
    dims = rng.choice([2, 3])
    p, q = rng.choice([("p", "q"), ("a", "b"), ("start", "end")])
    env = dict(f=name(rng, f"{metric}_distance", "distance", f"{metric}_between"), p=p, q=q,
               rule=DISTANCE_RULES[metric], agg=agg, term=term, dims=dims, tp=", ".join(["int"] * dims),

               update="best = max(best, abs(x - y))" if agg == "max" else f"best += {term}")
    text = say(rng, DISTANCE_TEXT, env)
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
    """A rows x cols grid of strings: each cell is fill[0] with probability p, else fill[1]."""
    return ["".join(fill[0] if rng.random() < p else fill[1] for _ in range(cols)) for _ in range(rows)]


COUNT_NEIGHBOURS_TEXT = ("`$g` is a list of equal-length strings. Return how many of the $how of cell (r, c) contain "
                         "'$mark' (cells outside the grid do not count).",
                         "Count the '$mark' characters among the $how of position (r, c) in the grid `$g`, ignoring "
                         "positions off the grid.")


@template("grid_geometry", "medium")
def count_neighbours(rng: Random) -> Spec:
    """Count marked cells among the 4 or 8 neighbours of a grid cell, skipping cells off the grid."""
    eight = rng.random() < 0.5
    mark = rng.choice("#@*")
    env = dict(f=name(rng, "count_neighbours", "neighbour_count", "adjacent_marks"), g=rng.choice(["grid", "board"]),
               mark=mark, how="8 surrounding cells (including diagonals)" if eight else "4 orthogonally adjacent cells",
               deltas=[(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)] if eight
               else [(-1, 0), (1, 0), (0, -1), (0, 1)], cheb="max(abs(dr), abs(dc)) == 1" if eight
               else "abs(dr) + abs(dc) == 1")
    text = say(rng, COUNT_NEIGHBOURS_TEXT, env)
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


BOUNDING_BOX_TEXT = ("Return the smallest axis-aligned box containing all the (x, y) points in `$pts`, as a tuple "
                     "(min_x, min_y, max_x, max_y); return None for an empty list.",
                     "Compute the bounding box (min_x, min_y, max_x, max_y) of the integer points `$pts`, or None if "
                     "there are no points.")


@template("grid_geometry", "medium")
def bounding_box(rng: Random) -> Spec:
    """The bounding box (min_x, min_y, max_x, max_y) of a list of points, None for no points."""
    env = dict(f=name(rng, "bounding_box", "bbox", "enclosing_rectangle"), pts=rng.choice(["points", "pts", "coords"]))
    text = say(rng, BOUNDING_BOX_TEXT, env)
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


OVERLAP_AREA_TEXT = ("Return the area of the overlap of the axis-aligned rectangles `$a` and `$b`, each given as (x1, "
                     "y1, x2, y2) with x1 < x2 and y1 < y2 (0 if they do not overlap).",)
OVERLAP_TEST_TEXT = ("Return True if the axis-aligned rectangles `$a` and `$b` (each (x1, y1, x2, y2) with x1 < x2, "
                     "y1 < y2) overlap in a region of positive area; touching edges do not count.",)


@template("grid_geometry", "medium")
def rect_overlap(rng: Random) -> Spec:
    """Overlap area of two axis-aligned rectangles, or whether they overlap with positive area."""
    area = rng.random() < 0.6
    a, b = rng.choice([("a", "b"), ("r1", "r2"), ("first", "second")])
    env = dict(f=name(rng, "overlap_area" if area else "rectangles_overlap", "intersection_area" if area else
                      "intersects", "common_area" if area else "overlaps"), a=a, b=b, ret="int" if area else "bool")
    text = say(rng, OVERLAP_AREA_TEXT if area else OVERLAP_TEST_TEXT, env)
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


REGIONS = (  # (shape, phrase, condition on x and y), filled with the radius r and rr = r * r
    ("circle", "on or inside the circle of radius {r} centred at the origin", "x * x + y * y <= {rr}"),
    ("square", "inside or on the square with corners (-{r}, -{r}) and ({r}, {r})", "abs(x) <= {r} and abs(y) <= {r}"),
    ("diamond", "within Manhattan distance {r} of the origin", "abs(x) + abs(y) <= {r}"),
    ("quadrant", "strictly inside the first quadrant (x > 0 and y > 0)", "x > 0 and y > 0"),
)
POINTS_INSIDE_TEXT = ("Return how many of the (x, y) points in `$pts` lie $rule.",
                      "Count the integer points of `$pts` that are $rule.")


@template("grid_geometry", "easy")
def points_inside(rng: Random) -> Spec:
    """Count points inside a circle, square, diamond or quadrant: a filtered count three ways."""
    r = rng.randint(2, 8)
    shape, rule, cond = (part.format(r=r, rr=r * r) for part in rng.choice(REGIONS))
    env = dict(f=name(rng, f"count_in_{shape}", f"points_in_{shape}", "count_inside"),
               pts=rng.choice(["points", "pts", "coords"]), rule=rule, cond=cond)
    text = say(rng, POINTS_INSIDE_TEXT, env)
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


SHOELACE_TEXT = ("`$pts` lists the vertices of a simple polygon in order. Return twice its area (an integer), using "
                 "the shoelace formula; fewer than 3 vertices give 0.",
                 "Return 2 * area of the polygon whose corners are `$pts` (in order, integer coordinates); the result "
                 "is a non-negative integer.")


@template("grid_geometry", "medium")
def shoelace(rng: Random) -> Spec:
    """Twice the area of a simple polygon by the shoelace formula, with an index loop or zip over edges."""
    env = dict(f=name(rng, "twice_area", "polygon_area2", "double_area"),
               pts=rng.choice(["vertices", "points", "corners"]))
    text = say(rng, SHOELACE_TEXT, env)
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


ISLANDS_TEXT = ("`$g` is a list of equal-length strings where '$land' is land and '.' is water. Return the number of "
                "islands: groups of land cells connected horizontally or vertically.",
                "Count the 4-connected regions of '$land' cells in the grid `$g` (other cells are '.').")


@template("grid_geometry", "hard")
def islands(rng: Random) -> Spec:
    """Count 4-connected regions of land in a grid: recursive flood fill, BFS with a queue, or a stack."""
    land = rng.choice("#X1")
    env = dict(f=name(rng, "count_islands", "islands", "count_regions"), g=rng.choice(["grid", "world", "map_rows"]),
               land=land)
    text = say(rng, ISLANDS_TEXT, env)
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


SHORTEST_PATH_TEXT = ("`$g` is a list of equal-length strings; '$wall' is a wall and '.' is open. Return the minimum "
                      "number of up/down/left/right steps from the top-left cell to the bottom-right cell, or -1 if "
                      "it cannot be reached (or either end is a wall).",
                      "Find the length of the shortest 4-directional path through the open '.' cells of `$g` from (0, "
                      "0) to the bottom-right corner; -1 if none.")


@template("grid_geometry", "hard")
def shortest_path(rng: Random) -> Spec:
    """Shortest 4-directional path through a maze grid from top-left to bottom-right by BFS, -1 if unreachable."""
    wall = rng.choice("#X")
    env = dict(f=name(rng, "shortest_path", "min_steps", "maze_distance"), g=rng.choice(["grid", "maze"]), wall=wall)
    text = say(rng, SHORTEST_PATH_TEXT, env)

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
