"""String templates: character-level strings, word-level text processing, and parsing.

Character classes, shift amounts, separators and output formats are drawn per problem. Inputs
are short ASCII strings (with spaces, digits, punctuation and mixed case where the rule cares),
so behaviour on exotic Unicode never decides whether two solutions agree.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template, words

LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIXED = "aAbBeEiIoOxXyYzZ 19!?.,-"


def rand_text(rng: Random, lo: int = 3, hi: int = 14, pool: str = MIXED) -> str:
    return "".join(rng.choice(pool) for _ in range(rng.randint(lo, hi)))


def sentence(rng: Random, lo: int = 2, hi: int = 7) -> str:
    return " ".join(words(rng, rng.randint(lo, hi)))


# --------------------------------------------------------------------------------------- strings

CHAR_CLASSES = (  # (phrase, slug, condition on ch)
    ("vowels (a, e, i, o, u in either case)", "vowels", "ch.lower() in 'aeiou'"),
    ("consonants (letters other than a, e, i, o, u, in either case)", "consonants",
     "ch.isalpha() and ch.lower() not in 'aeiou'"),
    ("digits", "digits", "ch.isdigit()"), ("uppercase letters", "uppercase", "ch.isupper()"),
    ("lowercase letters", "lowercase", "ch.islower()"), ("spaces", "spaces", "ch == ' '"),
    ("punctuation characters among '.,!?-'", "punctuation", "ch in '.,!?-'"),
    ("characters that are not letters", "non_letters", "not ch.isalpha()"),
)


@template("strings", "easy")
def count_chars(rng: Random) -> Spec:
    phrase, slug, cond = rng.choice(CHAR_CLASSES)
    env = dict(f=name(rng, f"count_{slug}", f"num_{slug}", f"{slug}_count"), s=rng.choice(["s", "text", "word"]),
               phrase=phrase)
    env["cond"] = cond
    text = say(rng, ["Return the number of $phrase in the string `$s`.",
                     "Count the $phrase in `$s`.",
                     "How many $phrase does `$s` contain? Return the count."], env)
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


@template("strings", "easy")
def char_map(rng: Random) -> Spec:
    phrase, slug, expr = rng.choice(CHAR_MAPS)
    c = rng.choice("_-+.")
    env = dict(f=name(rng, slug, f"{slug}_text", f"apply_{slug}"), s=rng.choice(["s", "text", "message"]),
               phrase=phrase.format(c=c), expr=expr.format(c=c))
    text = say(rng, ["Given the string `$s`, $phrase and return the result.",
                     "Return a copy of `$s` in which you $phrase.",
                     "Transform `$s`: $phrase."], env)
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


@template("strings", "medium")
def palindrome_text(rng: Random) -> Spec:
    case, alnum = rng.random() < 0.7, rng.random() < 0.6
    norm = "ch.lower()" if case else "ch"
    rules = [r for r, on in (("ignoring letter case", case), ("ignoring every character that is not a letter or "
                                                              "digit", alnum)) if on]
    env = dict(f=name(rng, "is_palindrome", "reads_same_both_ways", "palindromic"),
               s=rng.choice(["s", "text", "phrase"]),
               rules=(", " + " and ".join(rules)) if rules else " exactly, character by character")
    env["clean"] = f"[{norm} for ch in {env['s']}" + (" if ch.isalnum()]" if alnum else "]")
    text = say(rng, ["Return True if `$s` reads the same forwards and backwards$rules.",
                     "Check whether the string `$s` is a palindrome$rules."], env)
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


@template("strings", "medium")
def caesar(rng: Random) -> Spec:
    k = rng.randint(1, 25)
    decode = rng.random() < 0.4
    shift = -k if decode else k
    env = dict(f=name(rng, "caesar_decode" if decode else "caesar_encode", "shift_letters", "rotate_text"),
               s=rng.choice(["s", "text", "message"]), k=k, shift=shift,
               way="backward" if decode else "forward")
    text = say(rng, ["Shift every letter of `$s` $k places $way in the alphabet, wrapping around and keeping its case; "
                     "leave other characters unchanged. Return the result.",
                     "Apply a Caesar cipher to `$s` that moves each letter $k positions $way (z wraps to a), "
                     "preserving upper/lower case and all non-letters."], env)
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


@template("strings", "medium")
def run_length_decode(rng: Random) -> Spec:
    count_first = rng.random() < 0.5
    example = "'3a1b' -> 'aaab'" if count_first else "'a3b1' -> 'aaab'"
    env = dict(f=name(rng, "run_length_decode", "expand_runs", "decompress"), s=rng.choice(["code", "s", "packed"]),
               example=example, pat=r"(\d+)(\D)" if count_first else r"(\D)(\d+)",
               pair="int(a) * b" if count_first else "a * int(b)")
    text = say(rng, ["Decode the run-length encoded string `$s` ($example): each letter is paired with its repeat "
                     "count, which may have several digits. Return the expanded string.",
                     "Expand `$s`, a run-length encoding made of (count, letter) pairs like $example."], env)
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


@template("strings", "medium")
def run_length(rng: Random) -> Spec:
    style = rng.choice(["letter_count", "count_letter", "omit_ones"])
    piece = {"letter_count": "ch + str(count)", "count_letter": "str(count) + ch",
             "omit_ones": "ch + (str(count) if count > 1 else '')"}[style]
    example = {"letter_count": "'aaab' -> 'a3b1'", "count_letter": "'aaab' -> '3a1b'",
               "omit_ones": "'aaab' -> 'a3b'"}[style]
    env = dict(f=name(rng, "run_length_encode", "rle", "compress_runs"), s=rng.choice(["s", "text", "data"]),
               piece=piece, example=example)
    text = say(rng, ["Run-length encode `$s`: replace each maximal run of equal characters by the character and the "
                     "run length, as in $example. `$s` contains only letters.",
                     "Compress the letter string `$s` by runs ($example) and return the encoded string."], env)
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


@template("strings", "medium")
def anagrams(rng: Random) -> Spec:
    loose = rng.random() < 0.5
    clean = "sorted(ch.lower() for ch in {s} if ch != ' ')" if loose else "sorted({s})"
    a, b = rng.choice([("a", "b"), ("first", "second"), ("s1", "s2")])
    env = dict(f=name(rng, "is_anagram", "are_anagrams", "same_letters"), a=a, b=b,
               rule=" ignoring spaces and letter case" if loose else " (case-sensitive; spaces count)")
    env |= dict(ca=clean.format(s=env["a"]), cb=clean.format(s=env["b"]),
                na=f"{env['a']}.replace(' ', '').lower()" if loose else env["a"],
                nb=f"{env['b']}.replace(' ', '').lower()" if loose else env["b"])
    text = say(rng, ["Return True if `$a` and `$b` are anagrams of each other$rule.",
                     "Decide whether the strings `$a` and `$b` contain the same characters with the same counts$rule."],
               env)
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


@template("strings", "hard")
def common_prefix(rng: Random) -> Spec:
    suffix = rng.random() < 0.35
    env = dict(f=name(rng, "longest_common_suffix" if suffix else "longest_common_prefix", "shared_start" if not suffix
                      else "shared_ending", "common_part"), ws=rng.choice(["words", "strings", "names"]),
               part="suffix" if suffix else "prefix")
    text = say(rng, ["Return the longest common $part of all strings in the list `$ws` ('' if the list is empty).",
                     "Find the longest string that is a $part of every element of `$ws`; an empty list gives ''."], env)
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


@template("strings", "hard")
def longest_unique_window(rng: Random) -> Spec:
    k = rng.randint(1, 3)
    distinct = rng.random() < 0.4
    env = dict(f=name(rng, "longest_distinct_window" if distinct else "longest_unique_substring",
                      "longest_window", "max_substring_length"), s=rng.choice(["s", "text"]), k=k)
    if distinct:
        text = say(rng, ["Return the length of the longest substring of `$s` that contains at most $k distinct "
                         "characters.",
                         "How long is the longest contiguous piece of `$s` using no more than $k different "
                         "characters?"], env)
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
        text = say(rng, ["Return the length of the longest substring of `$s` without repeating characters.",
                         "Find the longest run of consecutive characters in `$s` in which no character appears twice, "
                         "and return its length."], env)
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


# ------------------------------------------------------------------------------- text_processing


@template("text_processing", "easy")
def word_stats(rng: Random) -> Spec:
    k = rng.randint(3, 5)
    kind, rule, ret, expr, loop = rng.choice([
        ("count", "the number of words", "int", "len(words)", "count += 1"),
        ("long_words", f"the number of words longer than {k} characters", "int",
         f"sum(1 for w in words if len(w) > {k})", f"count += len(w) > {k}"),
        ("longest", "the longest word (the first one on ties; '' when there are no words)", "str",
         "max(words, key=len, default='')", "best = w if len(w) > len(best) else best"),
        ("shortest", "the shortest word (the first one on ties; '' when there are no words)", "str",
         "min(words, key=len, default='')", "best = w if not best or len(w) < len(best) else best"),
        ("letters", "the total number of characters in all words (spaces not counted)", "int",
         "sum(len(w) for w in words)", "count += len(w)"),
    ])
    env = dict(f=name(rng, f"{kind}_word" if kind in ("longest", "shortest") else f"word_{kind}", f"{kind}_in_text",
                      f"text_{kind}"), s=rng.choice(["text", "sentence", "s"]), rule=rule, ret=ret, expr=expr,
               loop=loop, init="count = 0" if ret == "int" else "best = ''", fin="count" if ret == "int" else "best")
    text = say(rng, ["Words in `$s` are separated by one or more spaces. Return $rule.",
                     "Given a sentence `$s` (words split by whitespace), return $rule."], env)
    cases = [("",), ("   ",), ("one",), *((" ".join(words(rng, rng.randint(2, 7))) + " " * rng.randint(0, 2),)
                                         for _ in range(3))]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> $ret:
            words = $s.split()
            return $expr
        """, """
        def $f($s: str) -> $ret:
            $init
            for w in $s.split():
                $loop
            return $fin
        """), tuple(cases))


@template("text_processing", "easy")
def acronym(rng: Random) -> Spec:
    sep = rng.choice(["", ".", "-"])
    env = dict(f=name(rng, "acronym", "initials", "abbreviate"), s=rng.choice(["phrase", "text", "name"]), sep=sep,
               how=f"joined by '{sep}'" if sep else "joined together")
    text = say(rng, ["Return the uppercase first letters of the words of `$s` (split on whitespace), $how.",
                     "Build the acronym of `$s`: the first letter of every word, uppercased, $how."], env)
    cases = [("",), ("portable network graphics",), (sentence(rng),), (sentence(rng),), ("  as soon  as possible ",)]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> str:
            return "$sep".join(w[0].upper() for w in $s.split())
        """, """
        def $f($s: str) -> str:
            letters = []
            for w in $s.split():
                letters.append(w[0].upper())
            return "$sep".join(letters)
        """, """
        def $f($s: str) -> str:
            return "$sep".join(map(lambda w: w[:1].upper(), $s.split()))
        """), tuple(cases))


SMALL_WORDS = ("a", "an", "and", "in", "of", "on", "the", "to")


@template("text_processing", "medium")
def title_except(rng: Random) -> Spec:
    k = rng.randint(2, 4)
    by_list = rng.random() < 0.4
    small = sorted(rng.sample(SMALL_WORDS, rng.randint(3, 6)))
    env = dict(f=name(rng, "headline", "title_case", "capitalize_words", "make_title"),
               s=rng.choice(["title", "text", "s", "heading"]),
               minor=f"the words {small} (compared in lowercase)" if by_list else f"words of at most {k} letters",
               test=f"w.lower() in {small}" if by_list else f"len(w) <= {k}")
    text = say(rng, ["Return `$s` with each word capitalized (first letter upper, rest lower), except that $minor are "
                     "all lowercase unless they are the first word. Words are separated by single spaces.",
                     "Headline-case `$s`: capitalize the first word and every other word except $minor, which become "
                     "lowercase. Words are split by single spaces.",
                     "Title-case the string `$s` (single spaces between words), keeping $minor in lowercase unless "
                     "they start the title."], env)
    pool = ("the", "of", "a", "in", "war", "and", "peace", "lord", "rings", "OLD", "man", "sea", "TO", "kill", "bird")
    cases = [("",), ("of mice and men",), *((" ".join(words(rng, rng.randint(2, 6), pool)),) for _ in range(4))]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> str:
            words = $s.split(" ")
            out = []
            for i, w in enumerate(words):
                out.append(w.lower() if i > 0 and $test else w.capitalize())
            return " ".join(out)
        """, """
        def $f($s: str) -> str:
            return " ".join(w.lower() if i > 0 and $test else w.capitalize() for i, w in enumerate($s.split(" ")))
        """), tuple(cases))


@template("text_processing", "medium")
def word_wrap(rng: Random) -> Spec:
    env = dict(f=name(rng, "wrap_text", "word_wrap", "fill_lines"), s=rng.choice(["text", "s", "paragraph"]),
               w=rng.choice(["width", "limit", "max_len"]))
    text = say(rng, ["Break `$s` (words separated by single spaces, none longer than `$w`) into lines of at most `$w` "
                     "characters, putting as many words on each line as fit (greedy). Return the list of lines; words "
                     "on a line are joined by single spaces.",
                     "Greedily wrap the text `$s` to width `$w` and return the lines as a list of strings (no line "
                     "longer than `$w`; an empty text gives [])."], env)
    cases = [("", 5), ("a", 1), ("the quick brown fox jumps over the lazy dog", 10)]
    for _ in range(3):
        ws = words(rng, rng.randint(3, 9))
        cases.append((" ".join(ws), max(map(len, ws)) + rng.randint(0, 8)))
    return Spec(text, env["f"], codes(env, """
        def $f($s: str, $w: int) -> list[str]:
            lines, current = [], ""
            for word in $s.split():
                if current and len(current) + 1 + len(word) > $w:
                    lines.append(current)
                    current = word
                else:
                    current = f"{current} {word}" if current else word
            if current:
                lines.append(current)
            return lines
        """, """
        import textwrap


        def $f($s: str, $w: int) -> list[str]:
            return textwrap.wrap($s, $w)
        """, """
        def $f($s: str, $w: int) -> list[str]:
            lines = []
            for word in $s.split():
                if lines and len(lines[-1]) + 1 + len(word) <= $w:
                    lines[-1] += " " + word
                else:
                    lines.append(word)
            return lines
        """), tuple(cases))


@template("text_processing", "medium")
def most_common_word(rng: Random) -> Spec:
    tie = rng.choice(["alphabetically first", "first to appear"])
    most, fold = rng.random() < 0.7, rng.random() < 0.6
    env = dict(f=name(rng, "most_common_word" if most else "rarest_word", "top_word" if most else "least_common_word",
                      "frequent_word" if most else "rare_word"), s=rng.choice(["text", "s", "document", "passage"]),
               tie=tie, which="most" if most else "least", cmp=">" if most else "<", sign="-" if most else "",
               pick="max" if most else "min", words="$s.lower().split()" if fold else "$s.split()",
               case="after lowercasing it" if fold else "(case-sensitive)")
    env["words"] = say(rng, [env["words"]], env)
    text = say(rng, ["Return the $which frequent word in `$s` $case; words are separated by whitespace. On a tie "
                     "return the $tie of the tied words; return '' for a text without words.",
                     "Split `$s` on whitespace and return the word that occurs $which often, counting $case (ties: the "
                     "$tie); '' if there are no words."], env)
    if tie == "alphabetically first":
        sources = ["""
        from collections import Counter


        def $f($s: str) -> str:
            counts = Counter($words)
            return min(counts, key=lambda w: (${sign}counts[w], w), default="")
        """, """
        def $f($s: str) -> str:
            counts = {}
            for w in $words:
                counts[w] = counts.get(w, 0) + 1
            best = ""
            for w in sorted(counts):
                if not best or counts[w] $cmp counts[best]:
                    best = w
            return best
        """]
    else:
        sources = ["""
        from collections import Counter


        def $f($s: str) -> str:
            counts = Counter($words)
            return $pick(counts, key=counts.get, default="")
        """, """
        def $f($s: str) -> str:
            words = $words
            counts = {}
            for w in words:
                counts[w] = counts.get(w, 0) + 1
            best = ""
            for w in words:
                if not best or counts[w] $cmp counts[best]:
                    best = w
            return best
        """]
    pool = ("red", "Red", "blue", "green", "BLUE", "tea")
    cases = [("",), ("b a",), *((" ".join(words(rng, rng.randint(3, 9), pool)),) for _ in range(4))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("text_processing", "hard")
def case_convert(rng: Random) -> Spec:
    kind = rng.choice(["camel_to_snake", "snake_to_camel", "kebab_to_camel", "camel_to_kebab", "snake_to_pascal"])
    rule = {"camel_to_snake": "convert the camelCase identifier `$s` to snake_case ('parseHttpRequest' -> "
                              "'parse_http_request')",
            "camel_to_kebab": "convert the camelCase identifier `$s` to kebab-case ('parseHttpRequest' -> "
                              "'parse-http-request')",
            "snake_to_camel": "convert the snake_case identifier `$s` to camelCase ('parse_http_request' -> "
                              "'parseHttpRequest')",
            "kebab_to_camel": "convert the kebab-case identifier `$s` to camelCase ('parse-http-request' -> "
                              "'parseHttpRequest')",
            "snake_to_pascal": "convert the snake_case identifier `$s` to PascalCase ('parse_http_request' -> "
                               "'ParseHttpRequest')"}[kind]
    env = dict(f=name(rng, kind, f"to_{kind.split('_to_')[1]}", f"convert_{kind.split('_to_')[1]}"),
               s=rng.choice(["name", "identifier", "s"]))
    env["rule"] = say(rng, [rule], env)
    text = say(rng, ["Return the result: $rule. The input uses lowercase ASCII letters and contains no digits.",
                     "Write the conversion: $rule."], env)
    parts = [words(rng, rng.randint(1, 4)) for _ in range(4)]
    if kind.startswith("camel"):
        sep = "_" if kind == "camel_to_snake" else "-"
        env["sep"] = sep
        cases = [("",), ("x",)] + [(p[0] + "".join(w.capitalize() for w in p[1:]),) for p in parts]
        sources = ["""
        def $f($s: str) -> str:
            out = []
            for ch in $s:
                if ch.isupper():
                    out.append("$sep" + ch.lower())
                else:
                    out.append(ch)
            return "".join(out)
        """, """
        import re


        def $f($s: str) -> str:
            return re.sub(r"[A-Z]", lambda m: "$sep" + m.group(0).lower(), $s)
        """, """
        def $f($s: str) -> str:
            return "".join("$sep" + ch.lower() if ch.isupper() else ch for ch in $s)
        """]
    else:
        sep = "-" if kind == "kebab_to_camel" else "_"
        env["sep"] = sep
        env["head"] = "" if kind == "snake_to_pascal" else "parts[0] + "
        env["skip"] = "" if kind == "snake_to_pascal" else "[1:]"
        env["upper_first"] = str(kind == "snake_to_pascal")
        cases = [("",), ("x",)] + [(sep.join(p),) for p in parts]
        sources = ["""
        def $f($s: str) -> str:
            parts = $s.split("$sep")
            return ${head}"".join(w.capitalize() for w in parts$skip)
        """, """
        def $f($s: str) -> str:
            out, upper = [], $upper_first
            for ch in $s:
                if ch == "$sep":
                    upper = True
                else:
                    out.append(ch.upper() if upper else ch)
                    upper = False
            return "".join(out)
        """]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


@template("text_processing", "hard")
def pig_latin(rng: Random) -> Spec:
    suffix = rng.choice(["ay", "way", "yay"])
    env = dict(f=name(rng, "pig_latin", "to_pig_latin", "piglatinize"), s=rng.choice(["text", "sentence", "s"]),
               suffix=suffix)
    text = say(rng, ["Translate each word of `$s` (lowercase letters, single spaces) to Pig Latin: a word starting "
                     "with a vowel (a, e, i, o, u) gets '$suffix' appended; otherwise its leading consonants move to "
                     "the end followed by 'ay' (a word without vowels just gets 'ay'). Return the translated sentence.",
                     "Return `$s` in Pig Latin: vowel-initial words + '$suffix'; for the others move the consonant "
                     "cluster before the first vowel to the end and add 'ay'. Words are lowercase and separated by "
                     "single spaces."], env)
    cases = [("",), ("apple",), ("string",), ("rhythm",), (sentence(rng),), (sentence(rng),)]
    return Spec(text, env["f"], codes(env, """
        def $f($s: str) -> str:
            out = []
            for word in $s.split():
                if word[0] in "aeiou":
                    out.append(word + "$suffix")
                    continue
                i = 0
                while i < len(word) and word[i] not in "aeiou":
                    i += 1
                out.append(word[i:] + word[:i] + "ay")
            return " ".join(out)
        """, """
        import re


        def $f($s: str) -> str:
            def convert(word: str) -> str:
                if word[0] in "aeiou":
                    return word + "$suffix"
                head, rest = re.match(r"([^aeiou]*)(.*)", word).groups()
                return rest + head + "ay"
            return " ".join(convert(w) for w in $s.split())
        """), tuple(cases))


@template("text_processing", "medium")
def word_game(rng: Random) -> Spec:
    kind = rng.choice(["insert", "robber", "reverse_words", "rotate_words"])
    ins, k = rng.choice(["ub", "av", "ith", "op"]), rng.randint(1, 3)
    rule = {"insert": f"insert '{ins}' before every vowel (a, e, i, o, u)",
            "robber": "replace every consonant c by c + 'o' + c (so 'b' becomes 'bob'); vowels and spaces stay",
            "reverse_words": "reverse the letters of each word but keep the words in their order",
            "rotate_words": f"rotate each word left by {k} letters (modulo its length)"}[kind]
    env = dict(f=name(rng, {"insert": f"{ins}_speak", "robber": "robber_language", "reverse_words": "reverse_each_word",
                            "rotate_words": "rotate_each_word"}[kind], "word_game", "encode_words"),
               s=rng.choice(["text", "sentence", "s", "phrase"]), rule=rule, ins=ins, k=k)
    text = say(rng, ["`$s` holds lowercase words separated by single spaces. Return it after you $rule.",
                     "Apply a word game to the lowercase sentence `$s` (single spaces between words): $rule. Return "
                     "the result."], env)
    sources = {
        "insert": ["""
        def $f($s: str) -> str:
            return "".join("$ins" + ch if ch in "aeiou" else ch for ch in $s)
        """, """
        import re


        def $f($s: str) -> str:
            return re.sub(r"([aeiou])", r"$ins\\1", $s)
        """, """
        def $f($s: str) -> str:
            out = []
            for ch in $s:
                if ch in "aeiou":
                    out.append("$ins")
                out.append(ch)
            return "".join(out)
        """],
        "robber": ["""
        def $f($s: str) -> str:
            return "".join(ch if ch in "aeiou " else ch + "o" + ch for ch in $s)
        """, """
        import re


        def $f($s: str) -> str:
            return re.sub(r"([^aeiou ])", r"\\1o\\1", $s)
        """],
        "reverse_words": ["""
        def $f($s: str) -> str:
            return " ".join(word[::-1] for word in $s.split(" "))
        """, """
        def $f($s: str) -> str:
            words = []
            for word in $s.split(" "):
                words.append("".join(reversed(word)))
            return " ".join(words)
        """],
        "rotate_words": ["""
        def $f($s: str) -> str:
            return " ".join(w[$k % len(w):] + w[:$k % len(w)] if w else w for w in $s.split(" "))
        """, """
        from collections import deque


        def $f($s: str) -> str:
            out = []
            for word in $s.split(" "):
                letters = deque(word)
                letters.rotate(-$k)
                out.append("".join(letters))
            return " ".join(out)
        """],
    }[kind]
    cases = [("",), ("a",), ("hello world",), (sentence(rng),), (sentence(rng),)]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


# --------------------------------------------------------------------------------------- parsing


@template("parsing", "easy")
def parse_pairs(rng: Random) -> Spec:
    item_sep, kv_sep = rng.choice([(";", "="), (",", "="), ("&", "="), (";", ":"), (",", ":"), ("|", "=")])
    env = dict(f=name(rng, "parse_pairs", "parse_settings", "to_dict", "parse_config"),
               s=rng.choice(["text", "s", "spec"]), a=item_sep, b=kv_sep, ex=f"'x{kv_sep}1{item_sep}y{kv_sep}-2'")
    text = say(rng, ["Parse `$s`, a list of key${b}value items separated by '$a' (like $ex), into a dict mapping each "
                     "key to its integer value. An empty string gives {}. Later duplicates overwrite earlier ones.",
                     "Turn the string `$s` of '$a'-separated `key${b}value` pairs (values are integers) into a dict; "
                     "'' gives an empty dict and a repeated key keeps its last value."], env)
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


@template("parsing", "easy")
def sum_numbers_text(rng: Random) -> Spec:
    sep = rng.choice([",", ";", " ", "+", "/"])
    agg, word, ret = rng.choice([("sum", "sum", "int"), ("max", "largest", "int"), ("len", "count", "int")])
    env = dict(f=name(rng, f"{word}_of_numbers", f"{word}_from_text", f"parse_{word}"),
               s=rng.choice(["text", "s", "csv"]), sep=sep, agg=agg, word=word, ret=ret,
               fin={"sum": "total", "max": "best", "len": "count"}[agg])
    if agg == "max":
        text = say(rng, ["`$s` holds one or more integers separated by '$sep' (possibly with spaces around them). "
                         "Return the largest.",
                         "Return the maximum of the '$sep'-separated integers in the non-empty string `$s`."], env)
        loop = ["best = None", "best = value if best is None or value > best else best"]
    else:
        text = say(rng, ["`$s` holds integers separated by '$sep' (possibly with spaces around them). Return their "
                         "$word (an empty string has no numbers).",
                         "Return the $word of the '$sep'-separated integers in `$s`; '' contains none."], env)
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


@template("parsing", "medium")
def extract_ints(rng: Random) -> Spec:
    neg = rng.random() < 0.6
    env = dict(f=name(rng, "extract_numbers", "find_integers", "numbers_in_text"), s=rng.choice(["text", "s", "line"]),
               rule=" A '-' directly before a digit makes the number negative." if neg else
               " Every number is non-negative ('-' is just a character).", pat=r"-?\d+" if neg else r"\d+",
               neg_check="ch == '-' and i + 1 < len($s) and $s[i + 1].isdigit()" if neg else "False")
    env["neg_check"] = say(rng, [env["neg_check"]], env)
    text = say(rng, ["Return the list of integers that appear in `$s`, in order; a number is a maximal run of "
                     "digits.$rule",
                     "Extract every integer written in the string `$s` (maximal digit runs) and return them as ints in "
                     "order of appearance.$rule"], env)
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


@template("parsing", "medium")
def parse_clock(rng: Random) -> Spec:
    kind = rng.choice(["hhmm", "mmss", "hms", "duration"])
    rule = {"hhmm": ("`$s` is a time 'HH:MM' (24-hour clock). Return the number of minutes since midnight.",
                     "Convert the 'HH:MM' time `$s` into minutes after 00:00."),
            "mmss": ("`$s` is a duration 'M:SS' or 'MM:SS'. Return it in seconds.",
                     "Return the total number of seconds in the 'MM:SS' duration `$s`."),
            "hms": ("`$s` is a duration 'H:MM:SS'. Return it in seconds.",
                    "Convert the 'H:MM:SS' string `$s` into a number of seconds."),
            "duration": ("`$s` is a duration like '2h15m', '45m' or '3h' (hours and/or minutes, in that order). Return "
                         "it in minutes.", "Parse a duration such as '1h30m' from `$s` and return the total "
                         "minutes.")}[kind]
    env = dict(f=name(rng, "to_minutes" if kind in ("hhmm", "duration") else "to_seconds", f"parse_{kind}",
                      f"{kind}_value"), s=rng.choice(["s", "text", "stamp"]))
    text = say(rng, list(rule), env)
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


@template("parsing", "medium")
def compare_versions(rng: Random) -> Spec:
    a, b = rng.choice([("a", "b"), ("v1", "v2"), ("left", "right")])
    env = dict(f=name(rng, "compare_versions", "version_cmp", "cmp_versions"), a=a, b=b)
    text = say(rng, ["Compare two version strings such as '1.2.10' made of dot-separated non-negative integers. Return "
                     "-1 if `$a` is older than `$b`, 1 if newer, 0 if equal; missing trailing parts count as 0 ('1.2' "
                     "== '1.2.0').",
                     "Return -1, 0 or 1 as the version `$a` is lower than, equal to, or higher than `$b`, comparing "
                     "the dot-separated numbers left to right and padding the shorter with zeros."], env)
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


@template("parsing", "hard")
def roman(rng: Random) -> Spec:
    to_int = rng.random() < 0.5
    samples = [rng.randint(1, 3999) for _ in range(3)]
    if to_int:
        env = dict(f=name(rng, "roman_to_int", "parse_roman", "from_roman"), s=rng.choice(["s", "numeral", "roman"]))
        text = say(rng, ["Convert the Roman numeral `$s` (I, V, X, L, C, D, M with the usual subtractive pairs such as "
                         "IV and CM) to an integer.",
                         "Return the value of the valid Roman numeral `$s`."], env)
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
        text = say(rng, ["Return the Roman numeral for `$n` (1 <= `$n` <= 3999), using subtractive pairs like IV, IX, "
                         "XL, XC, CD and CM.",
                         "Write the integer `$n` (1..3999) in standard Roman numerals."], env)
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


@template("parsing", "hard")
def evaluate_expression(rng: Random) -> Spec:
    ops = rng.choice(["+-", "+-*"])
    env = dict(f=name(rng, "evaluate", "calculate", "eval_expression"), s=rng.choice(["expr", "s", "formula"]),
               ops=" ".join(ops), prec=" ('*' binds tighter than '+' and '-')" if "*" in ops else " (left to right)")
    text = say(rng, ["Evaluate the arithmetic expression `$s`, made of non-negative integers and the operators "
                     "$ops$prec, possibly with spaces, and return its integer value. Do not use eval().",
                     "Return the value of the expression string `$s` (integers joined by $ops$prec; spaces may appear "
                     "anywhere between tokens), without calling eval()."], env)

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
