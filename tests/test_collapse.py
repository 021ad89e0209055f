"""Mode-collapse detectors: hand-computed values per function, real stdlib function bodies as the
healthy set (must not be flagged), planted collapsed outputs (must be, for the expected reason)."""
from __future__ import annotations

import ast
import sysconfig
import textwrap
from pathlib import Path

import pytest

from eval.collapse import (
    CollapseReport,
    CollapseThresholds,
    collapse_report,
    compression_ratio,
    distinct_n,
    is_degenerate,
    is_empty,
    longest_run,
    seq_rep_n,
    stutter,
    words,
)

STDLIB = Path(sysconfig.get_paths()["stdlib"])
MODULES = ("textwrap.py", "json/decoder.py", "argparse.py", "shlex.py")


def function_bodies(path: Path) -> list[str]:
    """Bodies of the functions in `path` that are 3-40 lines without their docstring, indented by 4
    spaces: what a completion after a HumanEval-style prompt looks like."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    bodies = []
    for node in ast.walk(ast.parse("".join(lines))):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        body = node.body
        if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]
        if body and 3 <= node.end_lineno - body[0].lineno + 1 <= 40:
            text = "".join(lines[body[0].lineno - 1:node.end_lineno])
            bodies.append(textwrap.indent(textwrap.dedent(text), "    "))
    return bodies


@pytest.fixture(scope="module")
def healthy() -> list[str]:
    bodies = [b for name in MODULES for b in function_bodies(STDLIB / name)]
    assert len(bodies) >= 60
    return bodies


def by_prompt(samples: list[str], n: int) -> dict[str, list[str]]:
    return {f"task/{i // n}": samples[i:i + n] for i in range(0, len(samples), n)}


# --- per-function values --------------------------------------------------------------------

def test_words_splits_identifiers_and_single_punctuation():
    assert words("x=f(a_1, 20)\n\t  **y") == ["x", "=", "f", "(", "a_1", ",", "20", ")", "*", "*", "y"]
    assert words(" \n\t") == []


def test_longest_run():
    assert longest_run("return return return x") == 3
    assert longest_run("a b a b") == 1
    assert longest_run("x = 0 0 1") == 2
    assert longest_run("f(g(h(x)))") == 1           # closing brackets are not a run
    assert longest_run("))))))))") == 0
    assert longest_run("t = (0, 0, 0, 0)") == 1    # punctuation between words breaks the run
    assert longest_run("") == 0


def test_stutter():
    assert stutter("    return return x")
    assert not stutter("    return x")
    for kw in ("def", "import", "if", "for", "while", "class", "else", "in", "not", "and", "or", "pass"):
        assert stutter(f"    {kw} {kw} y"), kw
    assert stutter("x = a a a")                     # any word 3 times in a row
    assert not stutter("x = a a")
    assert stutter("x = a a", k=2)
    assert not stutter("    if x:\n        return\n    return y")  # a bare return above another is fine
    assert not stutter("    print(None, None)")


def test_seq_rep_n():
    # bigrams ab ba ab ba ab: 5 in all, 2 distinct
    assert seq_rep_n("a b a b a b", n=2) == pytest.approx(1 - 2 / 5)
    assert seq_rep_n("a b c d e", n=2) == 0.0
    assert seq_rep_n("a b c", n=4) == 0.0             # fewer than n words
    assert seq_rep_n("x = 1\n" * 10) == pytest.approx(1 - 3 / 27)  # 30 words, 27 4-grams, period 3


def test_distinct_n():
    # ab bc | ab bd: 4 bigrams, 3 distinct; "c a" across the two samples must not count
    assert distinct_n(["a b c", "a b d"], n=2) == pytest.approx(3 / 4)
    assert distinct_n(["a b c d"] * 4, n=2) == pytest.approx(3 / 12)
    assert distinct_n(["a", ""], n=2) == 1.0
    assert distinct_n([], n=2) == 1.0


def test_compression_ratio_grows_with_repetition(healthy):
    line = "    total = compute(a, b) + offset\n"
    ratios = [compression_ratio(line * k) for k in (2, 4, 16, 64)]
    assert ratios == sorted(ratios) and ratios[-1] > 10 * ratios[0]
    assert compression_ratio("x = 1") == 1.0          # too short to measure
    assert compression_ratio("") == 1.0
    assert all(1.0 <= compression_ratio(b) < 3.5 for b in healthy if len(b) >= 64)


def test_is_empty():
    assert is_empty("") and is_empty(" \n\t\n")
    assert not is_empty("    x")


@pytest.mark.parametrize("text", [
    "",
    "   \n",
    "    pass\n",
    "    ...\n",
    '    """Return the answer."""\n    pass\n',
    "    # TODO: implement\n    ...\n",
    '    """unterminated docstring that runs on',
    "))))))))))",
    "]]]]]]]]]]]]]]]]]]]]",
    "    return return return return return return",
    "    x = 1\n" * 20,
    "    n = len(xs)\n" + "    total += xs[i]\n" * 15,
])
def test_is_degenerate(text):
    assert is_degenerate(text)


@pytest.mark.parametrize("text", [
    "    return x\n",
    "    return f(g(h(x)))\n",
    "    # fast path\n    if not items:\n        return []\n    return sorted(items)\n",
    "    if x:\n        pass\n    else:\n        y = 1\n",
])
def test_not_degenerate(text):
    assert not is_degenerate(text)


def test_real_code_is_not_degenerate(healthy):
    assert not any(is_degenerate(b) for b in healthy)
    assert not any(stutter(b) for b in healthy)


# --- the report ----------------------------------------------------------------------------

def test_healthy_greedy_set_is_not_flagged(healthy):
    report = collapse_report({f"task/{i}": [b] for i, b in enumerate(healthy)})
    assert not report.collapsed, report.reasons
    assert report.reasons == ()
    assert report.samples == len(healthy)
    assert report.distinct_2 is None                # one sample per prompt
    assert report.empty_rate == report.degenerate_rate == report.stutter_rate == 0.0


def test_healthy_sampled_set_is_not_flagged(healthy):
    report = collapse_report(by_prompt(healthy, 4))
    assert not report.collapsed, report.reasons
    assert report.distinct_2 is not None and report.distinct_2 > 0.5


def first_line(body: str) -> str:
    return body.splitlines()[0] + "\n"


# Each maker turns the healthy bodies into a collapsed set; the report must name `reason`.
PLANTED = {
    "keyword stutter": (lambda hs: [first_line(b) + "    return " * (3 + i % 8) for i, b in enumerate(hs)],
                        "stutter rate"),
    "one keyword doubled": (lambda hs: [b + "    return return None\n" for b in hs], "stutter rate"),
    "same line repeated": (lambda hs: [first_line(b) * 20 for b in hs], "degenerate rate"),
    "one statement x15": (lambda hs: [first_line(b) + "    total += 1\n" * 15 for b in hs], "seq-rep-4"),
    "block loop": (lambda hs: ["".join(b.splitlines(keepends=True)[:3]) * 12 for b in hs], "compression ratio"),
    "pass only": (lambda hs: ["    pass\n"] * len(hs), "degenerate rate"),
    "empty": (lambda hs: [""] * len(hs), "degenerate rate"),
    "closing brackets": (lambda hs: [")" * (8 + i) for i in range(len(hs))], "degenerate rate"),
    "identical samples": (lambda hs: [b for b in hs[:len(hs) // 4] for _ in range(4)], "distinct-2"),
}


@pytest.mark.parametrize("name", PLANTED)
def test_planted_collapse_is_flagged(healthy, name):
    make, reason = PLANTED[name]
    report = collapse_report(by_prompt(make(healthy[:40]), 4))
    assert report.collapsed
    assert any(r.startswith(reason) for r in report.reasons), report.reasons


def test_identical_samples_trip_only_distinct_2(healthy):
    report = collapse_report(by_prompt([b for b in healthy[:10] for _ in range(4)], 4))
    assert report.reasons == (f"distinct-2 {report.distinct_2:.2f} < 0.30",)
    assert report.distinct_2 <= 0.25                 # 4 copies: at most 1/4


def test_partial_collapse_is_flagged(healthy):
    # A quarter of the samples loop over one line; the rest are healthy.
    samples = [first_line(b) * 20 if i % 4 == 0 else b for i, b in enumerate(healthy[:40])]
    report = collapse_report(by_prompt(samples, 4))
    assert report.collapsed and report.degenerate_rate == 0.25


def test_reason_format_and_custom_thresholds():
    samples = {"t": ["    x = compute(a, b)\n" * 10]}
    report = collapse_report(samples)
    assert f"seq-rep-4 {report.seq_rep_4:.2f} > 0.30" in report.reasons
    lax = CollapseThresholds(stutter_rate=1, seq_rep_4=1, distinct_2=0, compression_ratio=100, degenerate_rate=1,
                             shared_across_prompts=1)
    assert not collapse_report(samples, lax).collapsed


def test_scalars(healthy):
    greedy = collapse_report({"a": [healthy[0]], "b": [""]})
    s = greedy.scalars()
    assert set(s) == {"collapse/stutter_rate", "collapse/seq_rep_4", "collapse/compression_ratio",
                      "collapse/empty_rate", "collapse/degenerate_rate", "collapse/flag"}
    assert s["collapse/empty_rate"] == 0.5 and s["collapse/flag"] == 1.0
    assert all(isinstance(v, float) for v in s.values())

    sampled = collapse_report(by_prompt(healthy[:8], 4)).scalars()
    assert sampled["collapse/flag"] == 0.0
    assert 0.0 < sampled["collapse/distinct_2"] <= 1.0


def test_same_greedy_answer_across_prompts_is_flagged(healthy):
    healthy_greedy = collapse_report({f"t{i}": [body] for i, body in enumerate(healthy[:20])})
    assert healthy_greedy.shared_across_prompts == 0.0 and not healthy_greedy.collapsed
    one_answer = {f"t{i}": [healthy[0]] for i in range(15)} | {f"u{i}": [body] for i, body in enumerate(healthy[1:6])}
    report = collapse_report(one_answer)
    assert report.shared_across_prompts == 0.75  # 15 of 20 prompts share one answer
    assert "same completion for 75% of prompts > 50%" in report.reasons
    assert collapse_report({f"t{i}": [healthy[0]] for i in range(3)}).shared_across_prompts is None  # too few


def test_report_is_frozen(healthy):
    report = collapse_report({"a": [healthy[0]]})
    assert isinstance(report, CollapseReport)
    with pytest.raises(AttributeError):
        report.collapsed = True


def test_empty_input_raises():
    with pytest.raises(ValueError):
        collapse_report({})
    with pytest.raises(ValueError):
        collapse_report({"a": []})
