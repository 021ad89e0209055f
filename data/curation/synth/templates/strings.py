"""strings: character-level work (character classes, palindromes, Caesar, run lengths, anagrams, windows).

Character classes, shift amounts and output formats are drawn per problem. Inputs are short ASCII strings
(synth.text.rand_text: spaces, digits, punctuation and mixed case where the rule cares), so behaviour on
exotic Unicode never decides whether two solutions agree.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template, words
from data.curation.synth.text import rand_text

CHAR_CLASSES = (  # (phrase, slug, condition on ch)
    ("vowels (a, e, i, o, u in either case)", "vowels", "ch.lower() in 'aeiou'"),
    ("consonants (letters other than a, e, i, o, u, in either case)", "consonants",
     "ch.isalpha() and ch.lower() not in 'aeiou'"),
    ("digits", "digits", "ch.isdigit()"), ("uppercase letters", "uppercase", "ch.isupper()"),
    ("lowercase letters", "lowercase", "ch.islower()"), ("spaces", "spaces", "ch == ' '"),
    ("punctuation characters among '.,!?-'", "punctuation", "ch in '.,!?-'"),
    ("characters that are not letters", "non_letters", "not ch.isalpha()"),
)
COUNT_CHARS_TEXT = ("Return the number of $phrase in the string `$s`.",
                    "Count the $phrase in `$s`.",
                    "How many $phrase does `$s` contain? Return the count.")


@template("strings", "easy")
def count_chars(rng: Random) -> Spec:
    """Count the characters of a class (vowels, digits, uppercase, ...): loop, generator, filter, or recursion."""
    phrase, slug, cond = rng.choice(CHAR_CLASSES)
    env = dict(f=name(rng, f"count_{slug}", f"num_{slug}", f"{slug}_count"), s=rng.choice(["s", "text", "word"]),
               phrase=phrase)
    env["cond"] = cond
    text = say(rng, COUNT_CHARS_TEXT, env)
    cases = [("",), (rand_text(rng, 1, 1),), *((rand_text(rng),) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> int:
            count = 0
            for ch in $s:
                if $cond:
                    count += 1
            return count
        """, """
        def $f($s: str) -> int:
            return sum(1 for ch in $s if $cond)
        """, """
        def $f($s: str) -> int:
            return len([ch for ch in $s if $cond])
        """, """
        def $f($s: str) -> int:
            if not $s:
                return 0
            ch = $s[0]
            return ($cond) + $f($s[1:])
        """), tuple(cases), claims=((("",), 0),))


CHAR_MAPS = (  # (phrase, slug, expression of ch giving its replacement)
    ("swap the case of every letter", "swap_case", "ch.lower() if ch.isupper() else ch.upper()"),
    ("remove every vowel (a, e, i, o, u in either case)", "strip_vowels", "'' if ch.lower() in 'aeiou' else ch"),
    ("double every character", "double_chars", "ch * 2"),
    ("replace every digit with '#'", "mask_digits", "'#' if ch.isdigit() else ch"),
    ("replace every space with '{c}'", "replace_spaces", "'{c}' if ch == ' ' else ch"),
    ("remove every character that is not a letter or a space", "letters_only",
     "ch if ch.isalpha() or ch == ' ' else ''"),
    ("uppercase every vowel and lowercase every other character", "loud_vowels",
     "ch.upper() if ch.lower() in 'aeiou' else ch.lower()"),
)
CHAR_MAP_TEXT = ("Given the string `$s`, $phrase and return the result.",
                 "Return a copy of `$s` in which you $phrase.",
                 "Transform `$s`: $phrase.")


@template("strings", "easy")
def char_map(rng: Random) -> Spec:
    """Map every character through a rule (swap case, drop vowels, mask digits, ...) and join the results."""
    phrase, slug, expr = rng.choice(CHAR_MAPS)
    c = rng.choice("_-+.")
    env = dict(f=name(rng, slug, f"{slug}_text", f"apply_{slug}"), s=rng.choice(["s", "text", "message"]),
               phrase=phrase.format(c=c), expr=expr.format(c=c))
    text = say(rng, CHAR_MAP_TEXT, env)
    cases = [("",), *((rand_text(rng),) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> str:
            return "".join($expr for ch in $s)
        """, """
        def $f($s: str) -> str:
            result = []
            for ch in $s:
                result.append($expr)
            return "".join(result)
        """, """
        def $f($s: str) -> str:
            out = ""
            for ch in $s:
                out += $expr
            return out
        """, """
        def $f($s: str) -> str:
            return "".join(map(lambda ch: $expr, $s))
        """), tuple(cases))


PALINDROME_TEXT = ("Return True if `$s` reads the same forwards and backwards$rules.",
                   "Check whether the string `$s` is a palindrome$rules.")


@template("strings", "medium")
def palindrome_text(rng: Random) -> Spec:
    """Palindrome check, maybe ignoring case and non-alphanumerics: reversal against two pointers."""
    case, alnum = rng.random() < 0.7, rng.random() < 0.6
    norm = "ch.lower()" if case else "ch"
    rules = [r for r, on in (("ignoring letter case", case), ("ignoring every character that is not a letter or "
                                                              "digit", alnum)) if on]
    env = dict(f=name(rng, "is_palindrome", "reads_same_both_ways", "palindromic"),
               s=rng.choice(["s", "text", "phrase"]),
               rules=(", " + " and ".join(rules)) if rules else " exactly, character by character")
    env["clean"] = f"[{norm} for ch in {env['s']}" + (" if ch.isalnum()]" if alnum else "]")
    text = say(rng, PALINDROME_TEXT, env)
    cases = [("",), ("A man, a plan, a canal: Panama",), ("Never odd or even",), ("abca",), ("Abba",),
             (rand_text(rng, 2, 6, "abAB ,"),)]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> bool:
            chars = $clean
            return chars == chars[::-1]
        """, """
        def $f($s: str) -> bool:
            chars = $clean
            i, j = 0, len(chars) - 1
            while i < j:
                if chars[i] != chars[j]:
                    return False
                i, j = i + 1, j - 1
            return True
        """, """
        def $f($s: str) -> bool:
            chars = $clean
            return all(chars[i] == chars[-1 - i] for i in range(len(chars) // 2))
        """), tuple(cases))


LETTERS = "abcdefghijklmnopqrstuvwxyz"
CAESAR_TEXT = ("Shift every letter of `$s` $k places $way in the alphabet, wrapping around and keeping its case; "
               "leave other characters unchanged. Return the result.",
               "Apply a Caesar cipher to `$s` that moves each letter $k positions $way (z wraps to a), preserving "
               "upper/lower case and all non-letters.")


@template("strings", "medium")
def caesar(rng: Random) -> Spec:
    """Caesar cipher encode or decode keeping case: chr/ord arithmetic modulo 26, or str.maketrans."""
    k = rng.randint(1, 25)
    decode = rng.random() < 0.4
    shift = -k if decode else k
    env = dict(f=name(rng, "caesar_decode" if decode else "caesar_encode", "shift_letters", "rotate_text"),
               s=rng.choice(["s", "text", "message"]), k=k, shift=shift,
               way="backward" if decode else "forward")
    text = say(rng, CAESAR_TEXT, env)
    cases = [("",), ("abc xyz",), ("Hello, World!",), (rand_text(rng, 4, 12, LETTERS + "ABCXYZ .!"),)]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> str:
            result = []
            for ch in $s:
                if ch.isalpha() and ch.isascii():
                    base = ord("a") if ch.islower() else ord("A")
                    ch = chr((ord(ch) - base + $shift) % 26 + base)
                result.append(ch)
            return "".join(result)
        """, """
        import string


        def $f($s: str) -> str:
            lower, upper = string.ascii_lowercase, string.ascii_uppercase
            k = $shift % 26
            table = str.maketrans(lower + upper, lower[k:] + lower[:k] + upper[k:] + upper[:k])
            return $s.translate(table)
        """, """
        def $f($s: str) -> str:
            def move(ch: str) -> str:
                for base in ("a", "A"):
                    offset = ord(ch) - ord(base)
                    if 0 <= offset < 26:
                        return chr(ord(base) + (offset + $shift) % 26)
                return ch
            return "".join(move(ch) for ch in $s)
        """), tuple(cases))


RUN_LENGTH_DECODE_TEXT = ("Decode the run-length encoded string `$s` ($example): each letter is paired with its "
                          "repeat count, which may have several digits. Return the expanded string.",
                          "Expand `$s`, a run-length encoding made of (count, letter) pairs like $example.")


@template("strings", "medium")
def run_length_decode(rng: Random) -> Spec:
    """Expand a run-length encoding with multi-digit counts (count before or after the letter): regex or a scan."""
    count_first = rng.random() < 0.5
    example = "'3a1b' -> 'aaab'" if count_first else "'a3b1' -> 'aaab'"
    env = dict(f=name(rng, "run_length_decode", "expand_runs", "decompress"), s=rng.choice(["code", "s", "packed"]),
               example=example, pat=r"(\d+)(\D)" if count_first else r"(\D)(\d+)",
               pair="int(a) * b" if count_first else "a * int(b)")
    text = say(rng, RUN_LENGTH_DECODE_TEXT, env)
    runs = ["".join(rng.choice("abcxyz") for _ in range(rng.randint(1, 4))) for _ in range(3)]
    cases = [("",)] + [("".join((f"{rng.randint(1, 12)}{ch}" if count_first else f"{ch}{rng.randint(1, 12)}")
                                for ch in run),) for run in runs] + [("1a" if count_first else "a1",)]
    if count_first:
        loop = """
        def $f($s: str) -> str:
            out, number = [], ""
            for ch in $s:
                if ch.isdigit():
                    number += ch
                else:
                    out.append(ch * int(number))
                    number = ""
            return "".join(out)
        """
    else:
        loop = """
        def $f($s: str) -> str:
            out, i = [], 0
            while i < len($s):
                ch, j = $s[i], i + 1
                while j < len($s) and $s[j].isdigit():
                    j += 1
                out.append(ch * int($s[i + 1:j]))
                i = j
            return "".join(out)
        """
    return Spec(text, env["f"], codes(env, """
        import re


        def $f($s: str) -> str:
            return "".join($pair for a, b in re.findall(r"$pat", $s))
        """, loop), tuple(cases))


RUN_LENGTH_TEXT = ("Run-length encode `$s`: replace each maximal run of equal characters by the character and the run "
                   "length, as in $example. `$s` contains only letters.",
                   "Compress the letter string `$s` by runs ($example) and return the encoded string.")


@template("strings", "medium")
def run_length(rng: Random) -> Spec:
    """Run-length encode a letter string in one of three formats: index scan, itertools.groupby, or a regex."""
    style = rng.choice(["letter_count", "count_letter", "omit_ones"])
    piece = {"letter_count": "ch + str(count)", "count_letter": "str(count) + ch",
             "omit_ones": "ch + (str(count) if count > 1 else '')"}[style]
    example = {"letter_count": "'aaab' -> 'a3b1'", "count_letter": "'aaab' -> '3a1b'",
               "omit_ones": "'aaab' -> 'a3b'"}[style]
    env = dict(f=name(rng, "run_length_encode", "rle", "compress_runs"), s=rng.choice(["s", "text", "data"]),
               piece=piece, example=example)
    text = say(rng, RUN_LENGTH_TEXT, env)
    cases = [("",), ("a",), ("aaab",), ("abba",), (rand_text(rng, 4, 12, "aab"),), (rand_text(rng, 4, 12, "xyyz"),)]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> str:
            out = []
            i = 0
            while i < len($s):
                j = i
                while j < len($s) and $s[j] == $s[i]:
                    j += 1
                ch, count = $s[i], j - i
                out.append($piece)
                i = j
            return "".join(out)
        """, """
        import itertools


        def $f($s: str) -> str:
            pieces = []
            for ch, group in itertools.groupby($s):
                count = len(list(group))
                pieces.append($piece)
            return "".join(pieces)
        """, """
        import re


        def $f($s: str) -> str:
            pieces = []
            for match in re.finditer(r"(.)\\1*", $s):
                ch, count = match.group(1), len(match.group(0))
                pieces.append($piece)
            return "".join(pieces)
        """), tuple(cases))


ANAGRAMS_TEXT = ("Return True if `$a` and `$b` are anagrams of each other$rule.",
                 "Decide whether the strings `$a` and `$b` contain the same characters with the same counts$rule.")


@template("strings", "medium")
def anagrams(rng: Random) -> Spec:
    """Anagram test, strict or ignoring spaces and case: sorted characters, Counter, or per-character counts."""
    loose = rng.random() < 0.5
    clean = "sorted(ch.lower() for ch in {s} if ch != ' ')" if loose else "sorted({s})"
    a, b = rng.choice([("a", "b"), ("first", "second"), ("s1", "s2")])
    env = dict(f=name(rng, "is_anagram", "are_anagrams", "same_letters"), a=a, b=b,
               rule=" ignoring spaces and letter case" if loose else " (case-sensitive; spaces count)")
    env |= dict(ca=clean.format(s=env["a"]), cb=clean.format(s=env["b"]),
                na=f"{env['a']}.replace(' ', '').lower()" if loose else env["a"],
                nb=f"{env['b']}.replace(' ', '').lower()" if loose else env["b"])
    text = say(rng, ANAGRAMS_TEXT, env)
    cases = [("", ""), ("listen", "silent"), ("Dormitory", "dirty room"), ("abc", "abd"), ("aab", "abb"),
             ("Tea", "Eat")]
    return Spec(text, env["f"], codes(env, """
        def $f($a: str, $b: str) -> bool:
            return $ca == $cb
        """, """
        from collections import Counter


        def $f($a: str, $b: str) -> bool:
            return Counter($na) == Counter($nb)
        """, """
        def $f($a: str, $b: str) -> bool:
            x, y = $na, $nb
            if len(x) != len(y):
                return False
            return all(x.count(ch) == y.count(ch) for ch in set(x))
        """), tuple(cases))


COMMON_PREFIX_TEXT = ("Return the longest common $part of all strings in the list `$ws` ('' if the list is empty).",
                      "Find the longest string that is a $part of every element of `$ws`; an empty list gives ''.")


@template("strings", "hard")
def common_prefix(rng: Random) -> Spec:
    """Longest common prefix or suffix of a list of strings: zip columns, min/max, or shrinking a candidate."""
    suffix = rng.random() < 0.35
    env = dict(f=name(rng, "longest_common_suffix" if suffix else "longest_common_prefix", "shared_start" if not suffix
                      else "shared_ending", "common_part"), ws=rng.choice(["words", "strings", "names"]),
               part="suffix" if suffix else "prefix")
    text = say(rng, COMMON_PREFIX_TEXT, env)
    stems = ["inter", "pre", "tra", "con"]
    cases = [([],), (["alone"],)]
    for _ in range(4):
        stem = rng.choice(stems)
        group = [stem + w if not suffix else w + stem for w in words(rng, rng.randint(2, 4))]
        cases.append((group,))
    cases.append((["abc", "xyz"],))
    if suffix:
        sources = ["""
        def $f($ws: list[str]) -> str:
            if not $ws:
                return ""
            end = 0
            for chars in zip(*(w[::-1] for w in $ws)):
                if len(set(chars)) != 1:
                    break
                end += 1
            return $ws[0][len($ws[0]) - end:]
        """, """
        import os


        def $f($ws: list[str]) -> str:
            return os.path.commonprefix([w[::-1] for w in $ws])[::-1]
        """, """
        def $f($ws: list[str]) -> str:
            if not $ws:
                return ""
            common = $ws[0]
            for w in $ws[1:]:
                while not w.endswith(common):
                    common = common[1:]
            return common
        """]
    else:
        sources = ["""
        def $f($ws: list[str]) -> str:
            prefix = []
            for chars in zip(*$ws):
                if len(set(chars)) != 1:
                    break
                prefix.append(chars[0])
            return "".join(prefix)
        """, """
        def $f($ws: list[str]) -> str:
            if not $ws:
                return ""
            low, high = min($ws), max($ws)
            i = 0
            while i < len(low) and low[i] == high[i]:
                i += 1
            return low[:i]
        """, """
        def $f($ws: list[str]) -> str:
            if not $ws:
                return ""
            common = $ws[0]
            for w in $ws[1:]:
                while not w.startswith(common):
                    common = common[:-1]
            return common
        """]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


DISTINCT_WINDOW_TEXT = ("Return the length of the longest substring of `$s` that contains at most $k distinct "
                        "characters.",
                        "How long is the longest contiguous piece of `$s` using no more than $k different characters?")
UNIQUE_WINDOW_TEXT = ("Return the length of the longest substring of `$s` without repeating characters.",
                      "Find the longest run of consecutive characters in `$s` in which no character appears twice, "
                      "and return its length.")


@template("strings", "hard")
def longest_unique_window(rng: Random) -> Spec:
    """Longest substring without repeats or with at most k distinct characters: a sliding window or brute force."""

    k = rng.randint(1, 3)
    distinct = rng.random() < 0.4
    env = dict(f=name(rng, "longest_distinct_window" if distinct else "longest_unique_substring",
                      "longest_window", "max_substring_length"), s=rng.choice(["s", "text"]), k=k)
    if distinct:
        text = say(rng, DISTINCT_WINDOW_TEXT, env)
        sources = ["""
        def $f($s: str) -> int:
            counts, left, best = {}, 0, 0
            for right, ch in enumerate($s):
                counts[ch] = counts.get(ch, 0) + 1
                while len(counts) > $k:
                    counts[$s[left]] -= 1
                    if counts[$s[left]] == 0:
                        del counts[$s[left]]
                    left += 1
                best = max(best, right - left + 1)
            return best
        """, """
        def $f($s: str) -> int:
            best = 0
            for i in range(len($s)):
                for j in range(i + 1, len($s) + 1):
                    if len(set($s[i:j])) <= $k:
                        best = max(best, j - i)
            return best
        """]
    else:
        text = say(rng, UNIQUE_WINDOW_TEXT, env)
        sources = ["""
        def $f($s: str) -> int:
            last, left, best = {}, 0, 0
            for right, ch in enumerate($s):
                if last.get(ch, -1) >= left:
                    left = last[ch] + 1
                last[ch] = right
                best = max(best, right - left + 1)
            return best
        """, """
        def $f($s: str) -> int:
            best = 0
            for i in range(len($s)):
                seen = set()
                for ch in $s[i:]:
                    if ch in seen:
                        break
                    seen.add(ch)
                best = max(best, len(seen))
            return best
        """, """
        def $f($s: str) -> int:
            return max((j - i for i in range(len($s)) for j in range(i + 1, len($s) + 1)
                        if len(set($s[i:j])) == j - i), default=0)
        """]
    cases = [("",), ("a",), ("abcabcbb",), ("bbbb",), (rand_text(rng, 5, 12, "abcd"),), (rand_text(rng, 5, 12, "abc"),)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))
