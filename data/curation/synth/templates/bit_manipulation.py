"""Bit manipulation: counting, testing and moving bits, XOR tricks and Gray codes.

Bit indices, word widths and powers are drawn per problem. Each problem pairs the bitwise solution
with one that does the same through arithmetic, binary strings (bin, format) or a loop, so the
operators are taught by what they compute. Bits are only read from non-negative integers: Python's
negative ones have infinitely many leading 1 bits, which no statement here defines (power_check does
test a negative number, which is never a power).
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template

BIT_COUNT_KINDS = (  # (slug, rule, return type, loop update, loop result, one builtin expression)
    ("ones", "the number of 1 bits in the binary representation of `$n`", "int", "count += $n & 1", "count",
     "bin($n).count('1')"),
    ("parity", "True if `$n` has an odd number of 1 bits", "bool", "count += $n & 1", "count % 2 == 1",
     "bin($n).count('1') % 2 == 1"),
    ("zeros", "the number of 0 bits in the binary representation of `$n` (no leading zeros; 0 is written '0')", "int",
     "count += 1 - ($n & 1)", "count", "bin($n)[2:].count('0')"),
    ("length", "the number of bits needed to write `$n` in binary (0 needs 0 bits)", "int", "count += 1", "count",
     "$n.bit_length()"),
)
BIT_COUNT_TEXT = ("Return $rule. `$n` is a non-negative integer.",
                  "For the integer `$n` >= 0, compute $rule.")


@template("bit_manipulation", "easy")
def bit_count(rng: Random) -> Spec:
    """Counting bits (ones, zeros, parity, length) with a shift loop, bin() or bit_length, or recursion."""
    kind, rule, ret, loop_update, fin, builtin = rng.choice(BIT_COUNT_KINDS)
    env = dict(f=name(rng, f"count_{kind}" if kind != "parity" else "odd_parity", f"bit_{kind}", f"{kind}_bits"),
               n=rng.choice(["n", "x", "value", "mask"]), ret=ret)
    env |= dict(rule=say(rng, [rule], env), update=say(rng, [loop_update], env), fin=say(rng, [fin], env),
                builtin=say(rng, [builtin], env),
                zero=say(rng, ["if $n == 0:\n        return 1"], env) if kind == "zeros" else "")
    env["rec"] = {"ones": "0 if $n == 0 else ($n & 1) + $f($n >> 1)",
                  "parity": "False if $n == 0 else ($n & 1 == 1) != $f($n >> 1)",
                  "zeros": "1 if $n == 0 else (0 if $n == 1 else (1 - ($n & 1)) + $f($n >> 1))",
                  "length": "0 if $n == 0 else 1 + $f($n >> 1)"}[kind]
    env["rec"] = say(rng, [env["rec"]], env)
    text = say(rng, BIT_COUNT_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> $ret:
            $zero
            count = 0
            while $n:
                $update
                $n >>= 1
            return $fin
        """, """
        def $f($n: int) -> $ret:
            return $builtin
        """, """
        def $f($n: int) -> $ret:
            return $rec
        """), tuple((v,) for v in (0, 1, 2, rng.randint(3, 64), rng.randint(65, 1024), 255)))


POWER_CHECK_TEXT = ("Return True if `$n` is a power of $b ($b ** k for some k >= 0), else False.",
                    "Check whether the integer `$n` equals $b raised to a non-negative integer power.")


@template("bit_manipulation", "easy")
def power_check(rng: Random) -> Spec:
    """Power of 2, 4 or 8: the single-bit test n & (n - 1), against dividing down or multiplying up."""
    b, shift = rng.choice([(2, 1), (4, 2), (8, 3)])  # 8 ** k == 1 << (3 * k): the one bit sits at a multiple of 3
    env = dict(f=name(rng, f"is_power_of_{b}", f"power_of_{b}", f"check_power_{b}"), n=rng.choice(["n", "x", "value"]),
               b=b, mask=f" and ($n.bit_length() - 1) % {shift} == 0" if shift > 1 else "")
    env["mask"] = say(rng, [env["mask"]], env)
    text = say(rng, POWER_CHECK_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($n: int) -> bool:
            return $n > 0 and $n & ($n - 1) == 0$mask
        """, """
        def $f($n: int) -> bool:
            if $n < 1:
                return False
            while $n % $b == 0:
                $n //= $b
            return $n == 1
        """, """
        def $f($n: int) -> bool:
            power = 1
            while power < $n:
                power *= $b
            return power == $n
        """), tuple((v,) for v in (0, 1, b, b ** 3, 2 * b ** 2 if b != 2 else 6, rng.choice([-b, 3 * b, b ** 4]))))


HAMMING_TEXT = ("Return the number of bit positions in which the non-negative integers `$a` and `$b` differ.",
                "Compute the Hamming distance between the binary representations of `$a` and `$b`.")


@template("bit_manipulation", "easy")
def hamming(rng: Random) -> Spec:
    """Hamming distance: XOR, then count its bits with bin(), Kernighan's n &= n - 1, or a per-position sum."""
    a, b = rng.choice([("a", "b"), ("x", "y"), ("left", "right")])
    env = dict(f=name(rng, "hamming_distance", "bit_difference", "count_differing_bits"),
               a=a, b=b)
    text = say(rng, HAMMING_TEXT, env)
    return Spec(text, env["f"], codes(env, """
        def $f($a: int, $b: int) -> int:
            return bin($a ^ $b).count("1")
        """, """
        def $f($a: int, $b: int) -> int:
            diff, count = $a ^ $b, 0
            while diff:
                diff &= diff - 1
                count += 1
            return count
        """, """
        def $f($a: int, $b: int) -> int:
            width = max($a.bit_length(), $b.bit_length())
            return sum(((($a >> i) ^ ($b >> i)) & 1) for i in range(width))
        """), ((0, 0), (1, 4), (7, 7), *((rng.randint(0, 255), rng.randint(0, 255)) for _ in range(3))))


BIT_OPS = (  # (slug, rule, return type, bitwise expression, the same through powers of 2)
    ("set", "`$n` with bit `$i` set to 1", "int", "$n | (1 << $i)", "$n if $n // 2 ** $i % 2 else $n + 2 ** $i"),
    ("clear", "`$n` with bit `$i` cleared to 0", "int", "$n & ~(1 << $i)", "$n - 2 ** $i if $n // 2 ** $i % 2 else $n"),
    ("toggle", "`$n` with bit `$i` flipped", "int", "$n ^ (1 << $i)",
     "$n - 2 ** $i if $n // 2 ** $i % 2 else $n + 2 ** $i"),
    ("test", "True if bit `$i` of `$n` is 1", "bool", "($n >> $i) & 1 == 1", "$n // 2 ** $i % 2 == 1"),
)
BIT_AT_TEXT = ("Return $rule (bit 0 is the least significant). `$n` >= 0.",
               "Given a non-negative integer `$n` and a bit index `$i` (0 = lowest bit), return $rule.")


@template("bit_manipulation", "medium")
def bit_at(rng: Random) -> Spec:
    """Setting, clearing, flipping or testing bit i: a mask, powers of 2, or editing the binary string."""
    op, rule, ret, expr, arith = rng.choice(BIT_OPS)
    env = dict(f=name(rng, f"{op}_bit", f"bit_{op}", f"{op}_bit_at"), n=rng.choice(["n", "x", "flags", "mask"]),
               i=rng.choice(["i", "pos", "bit"]), ret=ret)
    env |= dict(rule=say(rng, [rule], env), expr=say(rng, [expr], env), arith=say(rng, [arith], env))
    text = say(rng, BIT_AT_TEXT, env)
    env["bits_fix"] = {"set": "bits[$i] = '1'", "clear": "bits[$i] = '0'",
                       "toggle": "bits[$i] = '1' if bits[$i] == '0' else '0'", "test": ""}[op]
    env["bits_fix"] = say(rng, [env["bits_fix"]], env)
    sources = ["""
        def $f($n: int, $i: int) -> $ret:
            return $expr
        """, """
        def $f($n: int, $i: int) -> $ret:
            return $arith
        """]
    if op != "test":
        sources.append("""
        def $f($n: int, $i: int) -> $ret:
            bits = list(bin($n)[2:].zfill($i + 1)[::-1])
            $bits_fix
            return int("".join(reversed(bits)), 2)
        """)
    cases = [(0, 0), (1, 0), (5, 1), *((rng.randint(0, 255), rng.randint(0, 8)) for _ in range(3))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


ROTATE_TEXT = ("Treat `$n` (0 <= `$n` < 2**$w) as a $w-bit number and rotate its bits left by `k` positions: bits "
               "shifted out at the top re-enter at the bottom. Return the result.",
               "Return the $w-bit left rotation of `$n` by `k` places.")
REVERSE_BITS_TEXT = ("Treat `$n` (0 <= `$n` < 2**$w) as a $w-bit number and return the number whose $w bits are those "
                     "of `$n` in reverse order.",
                     "Reverse the order of the $w low bits of `$n` and return the resulting integer.")


@template("bit_manipulation", "medium")
def reverse_bits(rng: Random) -> Spec:
    """Fixed-width words: rotating left by k or reversing the bit order, with shifts and masks or a binary string."""
    w = rng.choice([4, 8, 12, 16])
    rotate = rng.random() < 0.4
    env = dict(f=name(rng, f"rotate_left_{w}" if rotate else f"reverse_{w}_bits", "bit_rotate" if rotate else
                      "mirror_bits"), n=rng.choice(["n", "x", "word"]), w=w, mask=(1 << w) - 1)
    if rotate:
        text = say(rng, ROTATE_TEXT, env)
        sources = ["""
        def $f($n: int, k: int) -> int:
            k %= $w
            return (($n << k) | ($n >> ($w - k))) & $mask
        """, """
        def $f($n: int, k: int) -> int:
            bits = format($n, "0${w}b")
            k %= $w
            return int(bits[k:] + bits[:k], 2)
        """, """
        def $f($n: int, k: int) -> int:
            for _ in range(k):
                $n = (($n << 1) & $mask) | ($n >> ($w - 1))
            return $n
        """]
        cases = [(0, 3), (1, 1), (1 << (w - 1), 1), *((rng.randint(0, (1 << w) - 1), rng.randint(0, 2 * w))
                                                      for _ in range(3))]
    else:
        text = say(rng, REVERSE_BITS_TEXT, env)
        sources = ["""
        def $f($n: int) -> int:
            result = 0
            for _ in range($w):
                result = (result << 1) | ($n & 1)
                $n >>= 1
            return result
        """, """
        def $f($n: int) -> int:
            return int(format($n, "0${w}b")[::-1], 2)
        """, """
        def $f($n: int) -> int:
            return sum(1 << ($w - 1 - i) for i in range($w) if $n >> i & 1)
        """]
        cases = [(0,), (1,), ((1 << w) - 1,), *((rng.randint(0, (1 << w) - 1),) for _ in range(3))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


MISSING_TEXT = ("`$xs` contains n distinct integers taken from 0..n (inclusive), so exactly one is missing. Return the "
                "missing number.",
                "Every number from 0 to len(`$xs`) appears in `$xs` once, except one. Find it.")
SINGLE_TEXT = ("Every value in `$xs` appears exactly twice except one, which appears once. Return it.",
               "Find the element of `$xs` without a partner: all others occur exactly two times.")


@template("bit_manipulation", "hard")
def odd_one_out(rng: Random) -> Spec:
    """The missing number or the unpaired value: XOR cancelling pairs, against sums, sets and Counter."""
    missing = rng.random() < 0.5
    xs = rng.choice(["nums", "values", "xs"])
    if missing:
        env = dict(f=name(rng, "missing_number", "find_missing", "absent_value"), xs=xs)
        text = say(rng, MISSING_TEXT, env)
        sources = ["""
        from functools import reduce
        from operator import xor


        def $f($xs: list[int]) -> int:
            return reduce(xor, $xs, 0) ^ reduce(xor, range(len($xs) + 1), 0)
        """, """
        def $f($xs: list[int]) -> int:
            size = len($xs)
            return size * (size + 1) // 2 - sum($xs)
        """, """
        def $f($xs: list[int]) -> int:
            present = set($xs)
            return next(v for v in range(len($xs) + 1) if v not in present)
        """]
        cases = []
        for size in (0, 1, rng.randint(3, 6), rng.randint(5, 9), rng.randint(2, 9)):
            values = list(range(size + 1))
            values.remove(rng.choice(values))
            rng.shuffle(values)
            cases.append((values,))
    else:
        env = dict(f=name(rng, "single_number", "unpaired", "lonely_value"), xs=xs)
        text = say(rng, SINGLE_TEXT, env)
        sources = ["""
        from functools import reduce


        def $f($xs: list[int]) -> int:
            return reduce(lambda a, b: a ^ b, $xs)
        """, """
        def $f($xs: list[int]) -> int:
            result = 0
            for x in $xs:
                result ^= x
            return result
        """, """
        def $f($xs: list[int]) -> int:
            return 2 * sum(set($xs)) - sum($xs)
        """, """
        from collections import Counter


        def $f($xs: list[int]) -> int:
            return next(v for v, c in Counter($xs).items() if c == 1)
        """]
        cases = []
        for size in (0, 1, rng.randint(2, 4), rng.randint(3, 5), rng.randint(2, 5)):
            values = rng.sample(range(-9, 30), size + 1)
            items = values[:size] * 2 + [values[size]]
            rng.shuffle(items)
            cases.append((items,))
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


GRAY_DECODE_TEXT = ("`$g` is a number in reflected binary Gray code. Return the ordinary integer it encodes (the "
                    "inverse of n ^ (n >> 1)).",
                    "Decode the Gray code `$g` back to the integer n with n ^ (n >> 1) == `$g`.")
GRAY_CODE_TEXT = ("Return the list of all 2**`$n` integers of the `$n`-bit reflected binary Gray code in order, "
                  "starting at 0 (element i is i ^ (i >> 1)).",
                  "Generate the `$n`-bit Gray code sequence as integers, where consecutive values differ in one bit "
                  "and the sequence is built by reflection.")


@template("bit_manipulation", "hard")
def gray_code(rng: Random) -> Spec:
    """Reflected binary Gray code: the n-bit sequence (formula, reflection, recursion) or decoding one code."""
    decode = rng.random() < 0.4
    if decode:
        env = dict(f=name(rng, "gray_to_binary", "decode_gray", "from_gray"), g=rng.choice(["g", "code", "gray"]))
        text = say(rng, GRAY_DECODE_TEXT, env)
        sources = ["""
        def $f($g: int) -> int:
            n = 0
            while $g:
                n ^= $g
                $g >>= 1
            return n
        """, """
        def $f($g: int) -> int:
            return next(n for n in range(2 * $g + 1) if n ^ (n >> 1) == $g)
        """, """
        def $f($g: int) -> int:
            return 0 if $g == 0 else $g ^ $f($g >> 1)
        """]
        cases = [(0,), (1,), (2,), *((rng.randint(3, 500),) for _ in range(3))]
    else:
        env = dict(f=name(rng, "gray_code", "gray_sequence", "reflected_gray"), n=rng.choice(["n", "bits", "width"]))
        text = say(rng, GRAY_CODE_TEXT, env)
        sources = ["""
        def $f($n: int) -> list[int]:
            return [i ^ (i >> 1) for i in range(1 << $n)]
        """, """
        def $f($n: int) -> list[int]:
            codes = [0]
            for bit in range($n):
                codes += [c | (1 << bit) for c in reversed(codes)]
            return codes
        """, """
        def $f($n: int) -> list[int]:
            if $n == 0:
                return [0]
            smaller = $f($n - 1)
            return smaller + [c | (1 << ($n - 1)) for c in reversed(smaller)]
        """]
        cases = [(0,), (1,), (2,), (3,), (4,)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))
