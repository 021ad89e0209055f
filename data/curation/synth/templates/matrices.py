"""matrices: integer matrices as lists of rows (transpose, aggregates, diagonals, rotations, products, spirals).

Test matrices start with edge shapes (1 x 1, a single row or column; the empty matrix where the statement
defines its result), then one of random size. Searching a row-major sorted matrix is here too.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, ints, name, say, template


def matrix(rng: Random, rows: int, cols: int, lo: int = -5, hi: int = 9) -> list[list[int]]:
    """A random `rows` x `cols` matrix with entries in lo..hi."""
    return [ints(rng, cols, lo, hi) for _ in range(rows)]


def matrices(rng: Random, square: bool = False) -> list[list[list[int]]]:
    """Test matrices: the edge shapes first, then one of random size."""
    size = rng.randint(2, 4)
    shapes = [(1, 1), (2, 2), (3, 3), (size, size)] if square else [(1, 1), (1, 3), (3, 1), (2, 3),
                                                                    (size, rng.randint(2, 4))]
    return [matrix(rng, r, c) for r, c in shapes]


TRANSPOSE_TEXT = ("Return the transpose of the rectangular matrix `$m` (a list of rows): row i of the result is "
                  "column i of `$m`. An empty matrix gives [].",
                  "Transpose `$m`, given as a non-ragged list of lists, and return the new list of rows.")


@template("matrices", "easy")
def transpose(rng: Random) -> Spec:
    """Transpose a rectangular matrix: zip(*m), index comprehension, or appending column by column."""
    env = dict(f=name(rng, "transpose", "transposed", "flip_diagonal"), m=rng.choice(["matrix", "grid", "m"]))
    text = say(rng, TRANSPOSE_TEXT, env)
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


AGGREGATE_WORDS = {"sum": "sum", "max": "largest value", "min": "smallest value"}
LINE_AGGREGATE_TEXT = ("Return a list with the $word of each $axis of the non-empty rectangular matrix `$m`.",
                       "For every $axis of `$m` (a list of equal-length, non-empty rows), compute its $word; return "
                       "the results in order.")


@template("matrices", "easy")
def line_aggregate(rng: Random) -> Spec:
    """Sum, max or min of every row or every column of a matrix."""
    axis = rng.choice(["row", "column"])
    agg = rng.choice(["sum", "max", "min"])
    env = dict(f=name(rng, f"{axis}_{agg}s", f"{agg}_per_{axis}", f"{axis}_{agg}"),
               m=rng.choice(["matrix", "grid", "table"]),
               axis=axis, agg=agg, word=AGGREGATE_WORDS[agg])
    text = say(rng, LINE_AGGREGATE_TEXT, env)
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


DIAGONAL_RULES = {"main": "the sum of the main diagonal (top-left to bottom-right)",
                  "anti": "the sum of the anti-diagonal (top-right to bottom-left)",
                  "both": "the sum of both diagonals, counting the centre cell only once when the size is odd"}
DIAGONAL_TEXT = ("Return $rule of the square matrix `$m`.",
                 "For the n x n matrix `$m` (n >= 0), compute $rule.")


@template("matrices", "medium")
def diagonal(rng: Random) -> Spec:
    """Sum of the main diagonal, the anti-diagonal, or both without counting the centre twice."""
    kind = rng.choice(["main", "anti", "both"])
    env = dict(f=name(rng, f"{kind}_diagonal_sum", "diagonal_sum", "trace" if kind == "main" else "cross_sum"),
               m=rng.choice(["matrix", "grid", "square"]), rule=DIAGONAL_RULES[kind])
    text = say(rng, DIAGONAL_TEXT, env)
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


ROTATIONS = {"cw": "rotated 90 degrees clockwise", "ccw": "rotated 90 degrees counter-clockwise",
             "flip_h": "mirrored left-to-right (each row reversed)",
             "flip_v": "mirrored top-to-bottom (row order reversed)", "half": "rotated 180 degrees"}
ROTATE_TEXT = ("Return a new matrix equal to the rectangular matrix `$m` $rule.",
               "Given `$m` as a list of rows, return it $rule, without modifying it.")


@template("matrices", "medium")
def rotate_matrix(rng: Random) -> Spec:
    """Rotate a matrix by 90 or 180 degrees or mirror it, into a new matrix: slicing and zip, or indexing."""
    kind = rng.choice(["cw", "ccw", "flip_h", "flip_v", "half"])
    env = dict(f=name(rng, {"cw": "rotate_clockwise", "ccw": "rotate_counterclockwise", "flip_h": "mirror_rows",
                            "flip_v": "flip_rows", "half": "rotate_180"}[kind], "transform_matrix", "turned"),
               m=rng.choice(["matrix", "grid", "image"]), rule=ROTATIONS[kind])
    text = say(rng, ROTATE_TEXT, env)
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


PRODUCT_TEXT = ("Return the matrix product of `$a` (n x k) and `$b` (k x m) as a list of n rows of m integers.",
                "Multiply the matrices `$a` and `$b` (the column count of `$a` equals the row count of `$b`, and both "
                "are non-empty).")
GRAM_TEXT = ("Return the product of the non-empty matrix `$a` with its own transpose (`$a` times `$a`^T), a square "
             "matrix with one row and column per row of `$a`.",
             "Compute the Gram matrix of the rows of `$a`: entry (i, j) is the dot product of row i and row j.")
POWER_TEXT = ("Return the square matrix `$a` raised to the power `k` (k >= 0; the 0th power is the identity matrix).",
              "Compute `$a`^k for a square integer matrix `$a` and an integer k >= 0 by repeated matrix "
              "multiplication.")


@template("matrices", "hard")
def mat_mul(rng: Random) -> Spec:
    """Matrix product, Gram matrix (A times A transposed) or matrix power, with loops or zip-based dot products."""
    kind = rng.choice(["product", "product", "gram", "power"])
    a, b = rng.choice([("a", "b"), ("left", "right"), ("m", "other")])
    env = dict(f=name(rng, {"product": "mat_mul", "gram": "gram_matrix", "power": "matrix_power"}[kind],
                      "matrix_product", "multiply_matrices"), a=a, b=b)
    if kind == "product":
        text = say(rng, PRODUCT_TEXT, env)
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
        text = say(rng, GRAM_TEXT, env)
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
        text = say(rng, POWER_TEXT, env)
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


SPIRAL_TEXT = ("Return the elements of the rectangular matrix `$m` in $way spiral order, starting at the top-left "
               "corner and moving $first.",
               "Walk `$m` in a $way spiral from the top-left corner (first $first) and return the visited values; an "
               "empty matrix gives [].")


@template("matrices", "hard")
def spiral(rng: Random) -> Spec:
    """Spiral order of a matrix (clockwise or counter-clockwise): shrinking bounds, or peel and rotate recursively."""
    cw = rng.random() < 0.7
    env = dict(f=name(rng, "spiral_order", "spiral", "walk_spiral"), m=rng.choice(["matrix", "grid"]),
               way="clockwise" if cw else "counter-clockwise", first="rightwards along the top row" if cw else
               "downwards along the left column")
    text = say(rng, SPIRAL_TEXT, env)
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


SEARCH_MATRIX_TEXT = ("Every row of `$m` is sorted ascending and each row starts above the previous row's last value. "
                      "Return True if `$t` occurs in `$m`.",
                      "`$m` read row by row is a strictly increasing sequence. Decide whether it contains `$t`, "
                      "faster than checking every cell.")


@template("matrices", "medium")
def search_matrix(rng: Random) -> Spec:
    """Search a row-major sorted matrix: binary search over the flat index, a staircase walk, or bisect."""

    env = dict(f=name(rng, "search_matrix", "matrix_contains", "find_in_sorted_grid"), m=rng.choice(["matrix", "grid"]),
               t=rng.choice(["target", "value"]))
    text = say(rng, SEARCH_MATRIX_TEXT, env)
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
