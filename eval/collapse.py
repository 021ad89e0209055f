"""Mode-collapse detectors over generated code completions.

    from eval.collapse import collapse_report
    report = collapse_report({"task/0": [completion, ...], ...})   # prompt id -> its samples
    report.collapsed, report.reasons, report.scalars()              # scalars(): for TensorBoard

A small code model that collapses stops writing programs: it stutters ("return return return"),
loops over one line or block, emits `pass` or nothing, or gives every sample of a prompt the same
text. Each detector looks at one of these symptoms; `collapse_report` averages them over a set of
samples and flags the set when any average crosses its threshold.

Design choices:
- One tokenization for every word metric (`WORD`): identifiers/numbers (\\w+) and single
  punctuation characters, whitespace dropped, so indentation and line breaks count as nothing and
  "x=1" equals "x = 1".
- `longest_run` counts runs of identifier/number tokens only: a punctuation token ends a run and
  never starts one (")))" alone scores 0). Closing brackets repeat in healthy code (`f(g(h(x)))`,
  `]]]` in nested literals) and so do operator characters (`**`, `...`), so counting them would
  flag healthy samples; a sample that is mostly one punctuation character ("))))))))") is caught
  by `is_degenerate` (a short unit repeated), seq-rep-4 and the compression ratio instead.
- `stutter` fires on a statement keyword doubled within one line ("return return", "def def"; the
  set is `STUTTER_KEYWORDS`) or on any word repeated k = 3 times in a row. Within a line, because a
  bare `return`/`raise`/`break` legitimately ends the line above another one (6 of 9,888 stdlib
  bodies do). Value keywords (`None`, `True`) are left out: doctest output prints
  "None" twice in a row. `not not x` is legal Python but rare enough that it only moves a rate.
- `seq_rep_n` is seq-rep-n of Welleck et al. 2019 ("Neural text generation with unlikelihood
  training"): 1 - unique/total n-grams within one sample, high for a loop of any length.
- `distinct_n` pools the n-grams of the samples of *one* prompt (no n-gram straddles two samples).
  n identical samples score at most 1/n, so it catches a model that ignores the sampling
  temperature, which no per-sample metric can see; with one sample per prompt (greedy) it is
  undefined and the report's distinct_2 is None.
- `compression_ratio` uses raw deflate (zlib, wbits=-15, level 9): no gzip/zlib header or checksum
  bytes to penalise short texts. Below `MIN_COMPRESS_BYTES` = 64 bytes deflate has too little text
  to find repeats in and the ratio is noise (below 1 for a few bytes), so those texts get 1.0,
  "incompressible", and are left to the other detectors.
- `is_degenerate` means "no real code": empty; nothing but `pass`, `...`, comments and docstrings;
  one unit of <= `MAX_UNIT_CHARS` = 16 characters repeated (>= 3 copies) over at least
  `DEGENERATE_SHARE` = half the text, measured with whitespace runs collapsed so indentation is
  not a unit; or one line making up at least half of the non-blank lines, at least
  `MIN_LINE_REPEATS` = 3 times. Half means the loop dominates the sample, yet a model that writes
  one sensible line and then loops is still caught.
- `shared_across_prompts`: the share of prompts whose first completion is another prompt's too,
  for greedy evaluation, where distinct-2 is undefined; flagged above half (different prompts
  almost never share an answer; a collapsed model writes one text for all of them).
- The report flags a set when ANY threshold trips and lists each tripped one in `reasons`: every
  detector catches a failure the others miss (identical samples are healthy one by one; a doubled
  keyword barely moves any average). Rates compare with ">", distinct-2 with "<".

Calibration of the `CollapseThresholds` defaults (CPython 3.11 stdlib). Healthy: 400 function
bodies of 3-40 lines after dropping the docstring (what follows a HumanEval-style prompt), the
first 8 found by `ast.walk` in each top-level stdlib module in sorted order; "n=4" groups 4 bodies
of one module as a stand-in for 4 samples of one prompt. Planted: 100 samples in 25 prompts of 4,
each derived from the first 100 healthy bodies. Means over the set:

    set                              stutter  seq-rep-4  distinct-2  compress  degenerate  flagged by
    healthy, 400 x n=1                  0.00       0.06           -      1.91        0.00  -
    healthy, 93 prompts x n=4           0.00       0.06        0.63      1.91        0.00  -
    first line + "return " x 3..12      1.00       0.29        0.48      2.06        0.82  stutter, degenerate
    one keyword doubled in the body     1.00       0.04        0.69      1.83        0.00  stutter
    first line x 20                     0.00       0.95        0.04     15.81        1.00  all but stutter
    2 lines + one statement x 15        0.00       0.82        0.13      7.67        1.00  all but stutter
    3-line block looped to 40 lines     0.00       0.90        0.08     12.76        0.01  rep, d-2, compress
    ")" x 8..107                        0.00       0.97        0.01      6.83        1.00  all but stutter
    "    pass" / "" / docstring+...     0.00       0.00   1.00/0.36      1.00        1.00  degenerate
    4 identical healthy samples         0.00       0.03        0.21      1.79        0.00  distinct-2
    25% one line x 20, 75% healthy      0.00       0.27        0.45      5.43        0.25  compress, degenerate
    25% block loop, 75% healthy         0.00       0.26        0.38      4.51        0.00  compress

Over all 9,888 such bodies in the stdlib (tests excluded) 0.01% stutter and 0.01% are degenerate.
Healthy seq-rep-4, compression ratio and distinct-2 drift with length, so the thresholds leave
room for long completions: on 4 KB slices of stdlib files the means are 0.18, 3.06 and (4 slices
pooled) 0.50. Hence: stutter rate 0.10 and degenerate rate 0.20 (healthy ~0; degenerate gets more
slack because a weak but healthy model may answer a hard prompt with `pass` or stop at once);
seq-rep-4 0.30 (healthy 0.06-0.18); compression ratio 3.5 (healthy 1.9-3.1); distinct-2 0.30
(healthy 0.50-0.63; n >= 4 identical samples score <= 0.25 whatever the text, but 2 identical
samples score ~0.42 and are not flagged). Tiny sets are noisy: with 5 samples one stutter is 0.20.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

WORD = re.compile(r"\w+|[^\w\s]")

# Statement keywords that never legitimately appear twice in a row within a line (see `stutter`).
STUTTER_KEYWORDS = frozenset({
    "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
    "or", "pass", "raise", "return", "try", "while", "with", "yield",
})
MIN_COMPRESS_BYTES = 64  # below this the deflate ratio is noise (see the module docstring)
MAX_UNIT_CHARS = 16      # longest unit whose repetition counts as "one short unit repeated"
DEGENERATE_SHARE = 0.5   # a repeated unit/line covering this share of a sample makes it degenerate
MIN_LINE_REPEATS = 3     # ... and a repeated line must occur at least this often
# Code that is not code: comments, triple-quoted strings (an unterminated one runs to the end),
# `pass` and `...`.
NOT_CODE = re.compile(r'#[^\n]*|""".*?(?:"""|\Z)|\'\'\'.*?(?:\'\'\'|\Z)|\bpass\b|\.\.\.', re.DOTALL)


def words(text: str) -> list[str]:
    """The `WORD` tokens of `text`: what every word metric counts."""
    return WORD.findall(text)


def longest_run(text: str) -> int:
    """Longest run of one identifier/number token repeated back to back; punctuation breaks runs."""
    best = run = 0
    prev = None
    for w in words(text):
        if not (w[0].isalnum() or w[0] == "_"):  # exactly the characters \w matches
            prev, run = None, 0
            continue
        run = run + 1 if w == prev else 1
        prev = w
        best = max(best, run)
    return best


def stutter(text: str, k: int = 3) -> bool:
    """A doubled statement keyword ("return return") or any word repeated >= k times in a row."""
    for line in text.splitlines():  # per line: a bare `return` may end the line above `return x`
        ws = words(line)
        if any(a == b and a in STUTTER_KEYWORDS for a, b in pairwise(ws)):
            return True
    return longest_run(text) >= k


def ngrams(ws: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)]


def seq_rep_n(text: str, n: int = 4) -> float:
    """Share of repeated n-grams within one sample: 1 - unique/total; 0.0 below n words."""
    grams = ngrams(words(text), n)
    return 1.0 - len(set(grams)) / len(grams) if grams else 0.0


def distinct_n(samples: list[str], n: int = 2) -> float:
    """Unique n-grams / total n-grams, pooled over the samples of one prompt; 1.0 with no n-grams."""
    grams = [g for s in samples for g in ngrams(words(s), n)]
    return len(set(grams)) / len(grams) if grams else 1.0


def compression_ratio(text: str) -> float:
    """UTF-8 bytes / raw-deflate bytes: higher is more repetitive; 1.0 below MIN_COMPRESS_BYTES."""
    raw = text.encode("utf-8")
    if len(raw) < MIN_COMPRESS_BYTES:
        return 1.0
    deflate = zlib.compressobj(level=9, wbits=-15)  # raw deflate: no header or checksum bytes
    return len(raw) / len(deflate.compress(raw) + deflate.flush())


def is_empty(text: str) -> bool:
    return not text.strip()


def repeated_unit_share(text: str) -> float:
    """Share of `text` (whitespace runs collapsed) covered by the longest stretch that repeats one
    unit of <= MAX_UNIT_CHARS characters at least 3 times: "))))))))" -> 0.89, real code -> small."""
    s = " ".join(text.split()) + " "  # the trailing space completes the last copy of "return "
    best = 0
    for unit in range(1, MAX_UNIT_CHARS + 1):
        # A stretch with period `unit` is a run of positions where s[i] == s[i + unit]; a run of
        # m such positions spans m + unit characters, i.e. (m + unit) / unit copies of the unit.
        same = "".join("1" if a == b else "0" for a, b in zip(s, s[unit:]))
        m = max(map(len, same.split("0")))
        if m >= 2 * unit:
            best = max(best, m + unit)
    return best / len(s) if s.strip() else 0.0


def repeated_line_share(text: str) -> float:
    """Share of the non-blank lines taken by the most common one, if it occurs MIN_LINE_REPEATS+."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return 0.0
    count = Counter(lines).most_common(1)[0][1]
    return count / len(lines) if count >= MIN_LINE_REPEATS else 0.0


def is_degenerate(text: str) -> bool:
    """Empty, no real code (only pass/.../comments/docstrings), or mostly one unit or line repeated."""
    return (is_empty(text)
            or is_empty(NOT_CODE.sub(" ", text))
            or repeated_unit_share(text) >= DEGENERATE_SHARE
            or repeated_line_share(text) >= DEGENERATE_SHARE)


@dataclass(frozen=True)
class CollapseThresholds:
    """Flag levels; the defaults are calibrated in the module docstring."""
    stutter_rate: float = 0.10       # flag when more than this share of samples stutter
    seq_rep_4: float = 0.30          # flag when the mean seq-rep-4 exceeds this
    distinct_2: float = 0.30         # flag when the mean distinct-2 (prompts with >= 2 samples) is below
    compression_ratio: float = 3.50  # flag when the mean compression ratio exceeds this
    degenerate_rate: float = 0.20    # flag when more than this share of samples are degenerate
    shared_across_prompts: float = 0.50  # flag when more than this share of prompts get another's answer


@dataclass(frozen=True)
class CollapseReport:
    samples: int
    stutter_rate: float
    seq_rep_4: float             # mean over samples
    distinct_2: float | None     # mean over prompts with >= 2 samples; None when no prompt has 2
    compression_ratio: float     # mean over samples
    empty_rate: float
    degenerate_rate: float       # empty samples included
    shared_across_prompts: float | None  # None below MIN_PROMPTS_SHARED prompts
    collapsed: bool
    reasons: tuple[str, ...]     # one line per tripped threshold, e.g. "seq-rep-4 0.71 > 0.30"

    def scalars(self) -> dict[str, float]:
        out = {"collapse/stutter_rate": self.stutter_rate, "collapse/seq_rep_4": self.seq_rep_4}
        if self.distinct_2 is not None:
            out["collapse/distinct_2"] = self.distinct_2
        out.update({"collapse/compression_ratio": self.compression_ratio,
                    "collapse/empty_rate": self.empty_rate,
                    "collapse/degenerate_rate": self.degenerate_rate})
        if self.shared_across_prompts is not None:
            out["collapse/shared_across_prompts"] = self.shared_across_prompts
        out["collapse/flag"] = float(self.collapsed)
        return out


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


MIN_PROMPTS_SHARED = 4


def shared_across_prompts(samples: dict[str, list[str]]) -> float | None:
    """Share of prompts whose first completion is word-for-word some other prompt's first completion.

    The greedy form of collapse: one sample per prompt leaves distinct-2 undefined, but a model that
    answers every prompt with the same text is plain to see across prompts. None below
    MIN_PROMPTS_SHARED prompts, where one coincidence would be a large share."""
    firsts = [" ".join(words(c[0])) for c in samples.values() if c]
    if len(firsts) < MIN_PROMPTS_SHARED:
        return None
    counts = Counter(firsts)
    return sum(counts[f] > 1 for f in firsts) / len(firsts)


def collapse_report(samples: dict[str, list[str]],
                    thresholds: CollapseThresholds = CollapseThresholds()) -> CollapseReport:
    """Average the detectors over `samples` (prompt id -> its completions) and flag collapse."""
    flat = [s for completions in samples.values() for s in completions]
    if not flat:
        raise ValueError("collapse_report needs at least one sample")
    multi = [completions for completions in samples.values() if len(completions) >= 2]
    stutter_rate = mean([float(stutter(s)) for s in flat])
    seq_rep_4 = mean([seq_rep_n(s, 4) for s in flat])
    distinct_2 = mean([distinct_n(c, 2) for c in multi]) if multi else None
    ratio = mean([compression_ratio(s) for s in flat])
    degenerate_rate = mean([float(is_degenerate(s)) for s in flat])
    shared = shared_across_prompts(samples)
    t = thresholds
    reasons = []
    if stutter_rate > t.stutter_rate:
        reasons.append(f"stutter rate {stutter_rate:.2f} > {t.stutter_rate:.2f}")
    if seq_rep_4 > t.seq_rep_4:
        reasons.append(f"seq-rep-4 {seq_rep_4:.2f} > {t.seq_rep_4:.2f}")
    if distinct_2 is not None and distinct_2 < t.distinct_2:
        reasons.append(f"distinct-2 {distinct_2:.2f} < {t.distinct_2:.2f}")
    if ratio > t.compression_ratio:
        reasons.append(f"compression ratio {ratio:.2f} > {t.compression_ratio:.2f}")
    if degenerate_rate > t.degenerate_rate:
        reasons.append(f"degenerate rate {degenerate_rate:.2f} > {t.degenerate_rate:.2f}")
    if shared is not None and shared > t.shared_across_prompts:
        reasons.append(f"same completion for {shared:.0%} of prompts > {t.shared_across_prompts:.0%}")
    return CollapseReport(samples=len(flat), stutter_rate=stutter_rate, seq_rep_4=seq_rep_4,
                          distinct_2=distinct_2, compression_ratio=ratio,
                          empty_rate=mean([float(is_empty(s)) for s in flat]),
                          degenerate_rate=degenerate_rate, shared_across_prompts=shared,
                          collapsed=bool(reasons), reasons=tuple(reasons))
