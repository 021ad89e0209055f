"""text_processing: word-level text (word statistics, acronyms, title case, wrapping, case conversion, word games).

Texts are built from core.WORDS (or a small mixed-case pool where case matters) with the spacing the
statement promises: single spaces where it says so, extra spaces only where words are split on whitespace.
"""
from __future__ import annotations

from random import Random

from data.curation.synth.core import Spec, codes, name, say, template, words


def sentence(rng: Random, lo: int = 2, hi: int = 7) -> str:
    return " ".join(words(rng, rng.randint(lo, hi)))


WORD_STATS = (  # (kind, phrase, return type, expression over words, loop statement), filled with k
    ("count", "the number of words", "int", "len(words)", "count += 1"),
    ("long_words", "the number of words longer than {k} characters", "int",
     "sum(1 for w in words if len(w) > {k})", "count += len(w) > {k}"),
    ("longest", "the longest word (the first one on ties; '' when there are no words)", "str",
     "max(words, key=len, default='')", "best = w if len(w) > len(best) else best"),
    ("shortest", "the shortest word (the first one on ties; '' when there are no words)", "str",
     "min(words, key=len, default='')", "best = w if not best or len(w) < len(best) else best"),
    ("letters", "the total number of characters in all words (spaces not counted)", "int",
     "sum(len(w) for w in words)", "count += len(w)"),
)
WORD_STATS_TEXT = ("Words in `$s` are separated by one or more spaces. Return $rule.",
                   "Given a sentence `$s` (words split by whitespace), return $rule.")


@template("text_processing", "easy")
def word_stats(rng: Random) -> Spec:
    """One statistic over the words of a sentence (count, long words, longest, shortest, letters): split() first."""
    k = rng.randint(3, 5)
    kind, rule, ret, expr, loop = (part.format(k=k) for part in rng.choice(WORD_STATS))
    env = dict(f=name(rng, f"{kind}_word" if kind in ("longest", "shortest") else f"word_{kind}", f"{kind}_in_text",
                      f"text_{kind}"), s=rng.choice(["text", "sentence", "s"]), rule=rule, ret=ret, expr=expr,
               loop=loop, init="count = 0" if ret == "int" else "best = ''", fin="count" if ret == "int" else "best")
    text = say(rng, WORD_STATS_TEXT, env)
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


ACRONYM_TEXT = ("Return the uppercase first letters of the words of `$s` (split on whitespace), $how.",
                "Build the acronym of `$s`: the first letter of every word, uppercased, $how.")


@template("text_processing", "easy")
def acronym(rng: Random) -> Spec:
    """Acronym from the first letters of whitespace-separated words, uppercased and joined by a separator."""
    sep = rng.choice(["", ".", "-"])
    env = dict(f=name(rng, "acronym", "initials", "abbreviate"), s=rng.choice(["phrase", "text", "name"]), sep=sep,
               how=f"joined by '{sep}'" if sep else "joined together")
    text = say(rng, ACRONYM_TEXT, env)
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
TITLE_WORDS = ("the", "of", "a", "in", "war", "and", "peace", "lord", "rings", "OLD", "man", "sea", "TO", "kill",
               "bird")
TITLE_TEXT = ("Return `$s` with each word capitalized (first letter upper, rest lower), except that $minor are all "
              "lowercase unless they are the first word. Words are separated by single spaces.",
              "Headline-case `$s`: capitalize the first word and every other word except $minor, which become "
              "lowercase. Words are split by single spaces.",
              "Title-case the string `$s` (single spaces between words), keeping $minor in lowercase unless they "
              "start the title.")


@template("text_processing", "medium")
def title_except(rng: Random) -> Spec:
    """Title case except for minor words (a listed set, or short words) unless first: per-word capitalize()."""
    k = rng.randint(2, 4)
    by_list = rng.random() < 0.4
    small = sorted(rng.sample(SMALL_WORDS, rng.randint(3, 6)))
    env = dict(f=name(rng, "headline", "title_case", "capitalize_words", "make_title"),
               s=rng.choice(["title", "text", "s", "heading"]),
               minor=f"the words {small} (compared in lowercase)" if by_list else f"words of at most {k} letters",
               test=f"w.lower() in {small}" if by_list else f"len(w) <= {k}")
    text = say(rng, TITLE_TEXT, env)
    cases = [("",), ("of mice and men",), *((" ".join(words(rng, rng.randint(2, 6), TITLE_WORDS)),) for _ in range(4))]
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


WORD_WRAP_TEXT = ("Break `$s` (words separated by single spaces, none longer than `$w`) into lines of at most `$w` "
                  "characters, putting as many words on each line as fit (greedy). Return the list of lines; words on "
                  "a line are joined by single spaces.",
                  "Greedily wrap the text `$s` to width `$w` and return the lines as a list of strings (no line "
                  "longer than `$w`; an empty text gives []).")


@template("text_processing", "medium")
def word_wrap(rng: Random) -> Spec:
    """Greedy word wrap to a width, returning the lines: an explicit line builder, or textwrap.wrap."""
    env = dict(f=name(rng, "wrap_text", "word_wrap", "fill_lines"), s=rng.choice(["text", "s", "paragraph"]),
               w=rng.choice(["width", "limit", "max_len"]))
    text = say(rng, WORD_WRAP_TEXT, env)
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


MOST_COMMON_WORDS = ("red", "Red", "blue", "green", "BLUE", "tea")
MOST_COMMON_WORD_TEXT = ("Return the $which frequent word in `$s` $case; words are separated by whitespace. On a tie "
                         "return the $tie of the tied words; return '' for a text without words.",
                         "Split `$s` on whitespace and return the word that occurs $which often, counting $case "
                         "(ties: the $tie); '' if there are no words.")


@template("text_processing", "medium")
def most_common_word(rng: Random) -> Spec:
    """Most or least frequent word, maybe case-folded, with a stated tie-break: Counter or a dict of counts."""
    tie = rng.choice(["alphabetically first", "first to appear"])
    most, fold = rng.random() < 0.7, rng.random() < 0.6
    env = dict(f=name(rng, "most_common_word" if most else "rarest_word", "top_word" if most else "least_common_word",
                      "frequent_word" if most else "rare_word"), s=rng.choice(["text", "s", "document", "passage"]),
               tie=tie, which="most" if most else "least", cmp=">" if most else "<", sign="-" if most else "",
               pick="max" if most else "min", words="$s.lower().split()" if fold else "$s.split()",
               case="after lowercasing it" if fold else "(case-sensitive)")
    env["words"] = say(rng, [env["words"]], env)
    text = say(rng, MOST_COMMON_WORD_TEXT, env)
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
    cases = [("",), ("b a",), *((" ".join(words(rng, rng.randint(3, 9), MOST_COMMON_WORDS)),) for _ in range(4))]
    return Spec(text, env["f"], codes(env, *sources), tuple(cases))


CASE_CONVERSIONS = {"camel_to_snake": "convert the camelCase identifier `$s` to snake_case ('parseHttpRequest' -> "
                                      "'parse_http_request')",
                    "camel_to_kebab": "convert the camelCase identifier `$s` to kebab-case ('parseHttpRequest' -> "
                                      "'parse-http-request')",
                    "snake_to_camel": "convert the snake_case identifier `$s` to camelCase ('parse_http_request' -> "
                                      "'parseHttpRequest')",
                    "kebab_to_camel": "convert the kebab-case identifier `$s` to camelCase ('parse-http-request' -> "
                                      "'parseHttpRequest')",
                    "snake_to_pascal": "convert the snake_case identifier `$s` to PascalCase ('parse_http_request' "
                                       "-> 'ParseHttpRequest')"}

CASE_CONVERT_TEXT = ("Return the result: $rule. The input uses lowercase ASCII letters and contains no digits.",
                     "Write the conversion: $rule.")


@template("text_processing", "hard")
def case_convert(rng: Random) -> Spec:
    """Convert identifiers between camelCase, snake_case, kebab-case and PascalCase: a character loop or re.sub."""
    kind = rng.choice(["camel_to_snake", "snake_to_camel", "kebab_to_camel", "camel_to_kebab", "snake_to_pascal"])
    env = dict(f=name(rng, kind, f"to_{kind.split('_to_')[1]}", f"convert_{kind.split('_to_')[1]}"),
               s=rng.choice(["name", "identifier", "s"]))
    env["rule"] = say(rng, [CASE_CONVERSIONS[kind]], env)  # fills in $s
    text = say(rng, CASE_CONVERT_TEXT, env)
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


PIG_LATIN_TEXT = ("Translate each word of `$s` (lowercase letters, single spaces) to Pig Latin: a word starting with "
                  "a vowel (a, e, i, o, u) gets '$suffix' appended; otherwise its leading consonants move to the end "
                  "followed by 'ay' (a word without vowels just gets 'ay'). Return the translated sentence.",
                  "Return `$s` in Pig Latin: vowel-initial words + '$suffix'; for the others move the consonant "
                  "cluster before the first vowel to the end and add 'ay'. Words are lowercase and separated by "
                  "single spaces.")


@template("text_processing", "hard")
def pig_latin(rng: Random) -> Spec:
    """Pig Latin per word (a vowel-initial suffix, else move the leading consonants): a scan or a regex split."""
    suffix = rng.choice(["ay", "way", "yay"])
    env = dict(f=name(rng, "pig_latin", "to_pig_latin", "piglatinize"), s=rng.choice(["text", "sentence", "s"]),
               suffix=suffix)
    text = say(rng, PIG_LATIN_TEXT, env)
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


WORD_GAMES = {"insert": "insert '{ins}' before every vowel (a, e, i, o, u)",
              "robber": "replace every consonant c by c + 'o' + c (so 'b' becomes 'bob'); vowels and spaces stay",
              "reverse_words": "reverse the letters of each word but keep the words in their order",
              "rotate_words": "rotate each word left by {k} letters (modulo its length)"}
WORD_GAME_TEXT = ("`$s` holds lowercase words separated by single spaces. Return it after you $rule.",
                  "Apply a word game to the lowercase sentence `$s` (single spaces between words): $rule. Return the "
                  "result.")


@template("text_processing", "medium")
def word_game(rng: Random) -> Spec:
    """A word game on a sentence (insert a syllable, robber language, reverse or rotate each word)."""
    kind = rng.choice(["insert", "robber", "reverse_words", "rotate_words"])
    ins, k = rng.choice(["ub", "av", "ith", "op"]), rng.randint(1, 3)
    rule = WORD_GAMES[kind].format(ins=ins, k=k)
    env = dict(
f=name(rng, {"insert": f"{ins}_speak", "robber": "robber_language", "reverse_words": "reverse_each_word",
                            "rotate_words": "rotate_each_word"}[kind], "word_game", "encode_words"),
               s=rng.choice(["text", "sentence", "s", "phrase"]), rule=rule, ins=ins, k=k)
    text = say(rng, WORD_GAME_TEXT, env)
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
