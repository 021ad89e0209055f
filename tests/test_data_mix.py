"""MBPP import, mixes, summaries and self-generated data: data/curation/mbpp.py, data/curation/mix.py, data/curation/stats.py, data/curation/selfgen.py."""
from __future__ import annotations

import csv
import json
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from configs.errors import UserError
from data.curation.mbpp import category_of, difficulty_of, import_mbpp
from data.curation.mix import MixConfig, make_mix
from data.curation.mix import main as mix_main
from data.curation.selfgen import REFUSAL, records_to_suite, self_records
from data.curation.stats import main as stats_main
from data.curation.stats import summarize
from data.instruct.records import DIFFICULTIES, Record, read_records, write_records
from data.instruct.split import bucket
from eval.sandbox import run_programs
from eval.suites import DEFAULT_DATA_DIR, MINI_SUITE, read_humaneval_jsonl
from tests.test_cli_errors import assert_one_line_error, run

MBPP = DEFAULT_DATA_DIR / "mbpp.jsonl"
needs_mbpp = pytest.mark.skipif(not MBPP.is_file(), reason=f"{MBPP} not present")
CATEGORIES = {"arithmetic", "number_theory", "list_aggregation", "list_filtering", "list_transformation", "list_search",
              "strings", "conditionals", "loops", "recursion", "sorting_searching", "two_pointers", "stacks_queues",
              "dicts_counting", "sets", "matrices", "small_classes", "error_handling", "parsing", "dates_intervals",
              "grid_geometry", "bit_manipulation", "other"}
RATIOS = {"balanced": (1 / 3, 1 / 3, 1 / 3), "easy-heavy": (0.6, 0.3, 0.1), "medium-heavy": (0.2, 0.6, 0.2),
          "hard-heavy": (0.1, 0.3, 0.6)}


def record(problem: str, n: int, difficulty: str = "easy", **fields) -> Record:
    values = dict(id=f"{problem}-s{n}", problem_id=problem, instruction="Return one.", input="",
                  output=f"def one():\n    return {n} - {n} + 1\n", entry_point="one", tests=("assert one() == 1",),
                  difficulty=difficulty, category="arithmetic", source="synthetic") | fields
    return Record(**values)


def pool(n_problems: int = 240, max_solutions: int = 7, hard_every: int = 3) -> list[Record]:
    """Problems p000.. cycling easy/medium(/hard every `hard_every`-th), with 1..max_solutions solutions each."""
    records = []
    for p in range(n_problems):
        difficulty = "hard" if p % hard_every == 2 else DIFFICULTIES[p % 2]
        records += [record(f"p{p:03d}", s, difficulty) for s in range(1 + p % max_solutions)]
    return records


def problem_levels(records: list[Record]) -> Counter:
    return Counter({r.problem_id: r.difficulty for r in records}.values())


# --- MBPP -------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mbpp_records() -> list[Record]:
    return import_mbpp(MBPP)


@needs_mbpp
def test_mbpp_imports_train_and_validation_only(mbpp_records):
    splits = Counter(r.extra["split"] for r in mbpp_records)
    assert splits == {"train": 374, "validation": 90}
    task_ids = [int(r.problem_id.removeprefix("mbpp-")) for r in mbpp_records]
    assert all(511 <= t <= 974 for t in task_ids)   # never the prompt (1-10) or test (11-510) split
    assert all(r.id == f"{r.problem_id}-s0" and r.source == "mbpp" and "\r" not in r.output for r in mbpp_records)
    assert {r.difficulty for r in mbpp_records} == set(DIFFICULTIES)
    assert {r.category for r in mbpp_records} <= CATEGORIES
    tree = next(r for r in mbpp_records if r.problem_id == "mbpp-927")  # the one task with setup code: it comes first
    assert tree.tests[0].startswith("root = Node(1)") and all(t.startswith("assert") for t in tree.tests[1:])


@pytest.mark.parametrize("splits", [["test"], ["prompt"], ["train", "test"], ["nonsense"]])
def test_mbpp_refuses_evaluation_splits(splits):
    with pytest.raises(UserError, match="test split|prompt split|unknown MBPP split"):
        import_mbpp(MBPP, splits)  # refused before the file is read


def test_mbpp_difficulty_and_category_heuristics():
    assert difficulty_of("def f(x):\n    return x + 1\n") == "easy"
    two_levels = "def f(xs):\n    n = 0\n    for x in xs:\n        if x:\n            n += 1\n    return n\n"
    three_levels = "def f(m):\n    for r in m:\n        for x in r:\n            if x:\n                return x\n"
    assert difficulty_of(two_levels) == "medium" and difficulty_of(three_levels) == "hard"
    assert difficulty_of("def a():\n    pass\ndef b():\n    pass\nclass C:\n    pass\n") == "hard"
    assert category_of("Write a function to sort a list of tuples.") == "sorting_searching"
    assert category_of("Write a python function to count the set bits of a number.") == "bit_manipulation"
    assert category_of("Write a function to remove negative numbers from a list.") == "list_filtering"
    assert category_of("Write a function to solve tiling problem.") == "other"


@needs_mbpp
def test_mbpp_records_and_their_suite_pass_in_the_sandbox(mbpp_records, tmp_path):
    sample = random.Random(0).sample(mbpp_records, 20)
    records_to_suite(sample, tmp_path / "suite.jsonl")
    suite = read_humaneval_jsonl(tmp_path / "suite.jsonl")
    programs = [r.program() for r in sample] + [t.program(t.canonical_solution) for t in suite.tasks]
    verdicts = run_programs(programs, workers=2)
    assert [v.status for v in verdicts] == ["passed"] * len(programs), [v.message for v in verdicts if not v.passed]


@needs_mbpp
def test_mbpp_cli(tmp_path):
    proc = run("-m", "data.curation.mbpp", "--out", str(tmp_path / "mbpp.jsonl"), "--splits", "validation")
    assert proc.returncode == 0, proc.stderr
    assert len(read_records(tmp_path / "mbpp.jsonl")) == 90
    assert_one_line_error(run("-m", "data.curation.mbpp", "--out", str(tmp_path / "x.jsonl"), "--splits", "test"), "11-510")


def test_mbpp_cli_malformed_line(tmp_path):
    (tmp_path / "mbpp.jsonl").write_text('{"task_id": 601, "text": "t", "code": "def f(): pass"\n')
    proc = run("-m", "data.curation.mbpp", "--path", str(tmp_path / "mbpp.jsonl"), "--out", str(tmp_path / "out.jsonl"))
    assert_one_line_error(proc, "mbpp.jsonl:1", "not valid JSON")


# --- mixes ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("difficulty", list(RATIOS))
@pytest.mark.parametrize("shape,size", [("deep", 60), ("all", 30), ("diverse", 50)])
def test_mix_hits_difficulty_ratios(difficulty, shape, size):
    mix = make_mix(pool(), MixConfig(size=size, difficulty=difficulty, shape=shape, k=5))
    levels = problem_levels(mix.train)
    n_problems = sum(levels.values())
    assert n_problems == {"deep": size, "all": size, "diverse": size // 5}[shape]
    for level, ratio in zip(DIFFICULTIES, RATIOS[difficulty]):
        assert abs(levels[level] - ratio * n_problems) <= 1, (level, levels)


def test_deep_and_diverse_have_equal_counts_and_their_shapes():
    deep = make_mix(pool(), MixConfig(size=40, shape="deep", k=5)).train
    diverse = make_mix(pool(), MixConfig(size=40, shape="diverse", k=5)).train
    assert len(deep) == len(diverse) == 40
    assert set(Counter(r.problem_id for r in deep).values()) == {1} and len({r.problem_id for r in deep}) == 40
    assert set(Counter(r.problem_id for r in diverse).values()) == {5} and len({r.problem_id for r in diverse}) == 8
    everything = make_mix(pool(), MixConfig(size=10, shape="all")).train
    sizes = Counter(r.problem_id for r in everything)
    assert all(n == 1 + int(pid[1:]) % 7 for pid, n in sizes.items())  # every solution of each chosen problem


@pytest.mark.parametrize("shape", ["all", "deep", "diverse"])
def test_split_is_by_problem(shape):
    records = pool()
    mix = make_mix(records, MixConfig(shape=shape, val_fraction=0.2))
    train, val = {r.problem_id for r in mix.train}, {r.problem_id for r in mix.val}
    assert train and val and not train & val
    assert all(bucket(p) < 0.2 for p in val) and all(bucket(p) >= 0.2 for p in train)
    if shape == "all":  # with no size, `all` takes every problem with all its solutions
        assert len(mix.train) + len(mix.val) <= len(records)
        assert all(len([r for r in mix.train if r.problem_id == p]) == 1 + int(p[1:]) % 7 for p in list(train)[:20])


def test_curriculum_orders_train_by_difficulty_and_everything_is_deterministic():
    cfg = MixConfig(size=60, shape="deep", curriculum=True, seed=3)
    mix = make_mix(pool(), cfg)
    order = [DIFFICULTIES.index(r.difficulty) for r in mix.train]
    assert order == sorted(order) and len(set(order)) == 3
    again = make_mix(list(reversed(pool())), cfg)
    assert [r.id for r in again.train] == [r.id for r in mix.train] and again.val == mix.val
    shuffled = make_mix(pool(), MixConfig(size=60, shape="deep", seed=3)).train
    assert sorted(r.id for r in shuffled) == sorted(r.id for r in mix.train)
    assert [DIFFICULTIES.index(r.difficulty) for r in shuffled] != order
    assert [r.id for r in make_mix(pool(), MixConfig(size=60, shape="deep", seed=4)).train] != [r.id for r in shuffled]


def test_shortfall_fills_from_the_nearest_difficulty_with_a_warning(capsys):
    few_hard = pool(hard_every=24)  # 10 hard problems in 240
    mix = make_mix(few_hard, MixConfig(size=60, difficulty="hard-heavy", shape="deep", val_fraction=0))
    levels = problem_levels(mix.train)
    assert sum(levels.values()) == 60 and levels["hard"] == 10 and levels["medium"] == 18 + 26
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("warning: train:") and "26 from medium" in warnings[0]
    make_mix(few_hard[:20], MixConfig(size=60, shape="deep", val_fraction=0))  # far too small: takes it all
    assert "took them all" in capsys.readouterr().err


def test_a_side_that_cannot_fill_the_ratios_once_takes_every_problem_rather_than_none(capsys):
    # a small pool's held-out side easily lacks a level: balanced ratios then give 0 problems
    no_hard = [record(f"q{p:02d}", 0, DIFFICULTIES[p % 2]) for p in range(40)]
    mix = make_mix(no_hard, MixConfig(val_fraction=0.2))
    assert mix.val and len(mix.train) + len(mix.val) == 40
    assert problem_levels(mix.val)["hard"] == 0
    warnings = capsys.readouterr().err
    assert "warning: val: too few problems for the balanced ratios (easy " in warnings
    assert "hard 0): took all" in warnings


def test_mix_rejects_bad_configs():
    with pytest.raises(UserError, match="multiple of k"):
        make_mix(pool(), MixConfig(size=42, shape="diverse", k=5))
    with pytest.raises(UserError, match="at least 9 solutions"):
        make_mix(pool(), MixConfig(shape="diverse", k=9))


def test_mix_cli_writes_every_file_deterministically(tmp_path):
    write_records(tmp_path / "pool.jsonl", pool())
    for out in ("a", "b"):
        mix_main([str(tmp_path / "pool.jsonl"), "--out", str(tmp_path / out), "--size", "30", "--shape", "deep",
                  "--difficulty", "easy-heavy", "--curriculum"])
    for name in ("train.jsonl", "val.jsonl", "train.csv", "val.csv", "summary.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert len(read_records(tmp_path / "a" / "train.jsonl")) == 30
    with open(tmp_path / "a" / "train.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 30 and rows[0]["n_tests"] == "1" and rows[0]["output"].startswith("def one():\n")
    with open(tmp_path / "a" / "summary.csv", newline="") as f:
        summary = list(csv.reader(f))
    assert summary[0] == ["section", "key", "value"]
    assert ["train/records", "total", "30"] in summary and ["config", "difficulty", "easy-heavy"] in summary
    assert ["train/difficulty", "easy", "18"] in summary and any(row[0] == "val/problems" for row in summary)


def test_mix_cli_malformed_line(tmp_path):
    write_records(tmp_path / "pool.jsonl", pool()[:3])
    with open(tmp_path / "pool.jsonl", "a") as f:
        f.write("{not json\n")
    assert_one_line_error(run("-m", "data.curation.mix", str(tmp_path / "pool.jsonl"), "--out", str(tmp_path / "mix")),
                          "pool.jsonl:4", "not valid JSON")
    assert not (tmp_path / "mix").exists()


# --- summary and stats ------------------------------------------------------------------------------------------


def hand_made() -> list[Record]:
    # instruction chars, lines; output chars, lines: (2, 1; 12, 2), (4, 1; 6, 1), (5, 2; 2, 1)
    return [record("a", 0, "easy", instruction="ab", output="x = 1\ny = 2\n", category="strings"),
            record("a", 1, "easy", instruction="abcd", output="x = 1\n", category="strings"),
            record("b", 0, "hard", instruction="ab\ncd", output="z\n", category="loops", source="mbpp")]


def test_summarize_hand_made_records():
    rows = summarize(hand_made())
    assert rows == [("records", "total", 3), ("problems", "unique", 2), ("problems", "solutions_mean", 1.5),
                    ("problems", "solutions_max", 2), ("difficulty", "easy", 2), ("difficulty", "medium", 0),
                    ("difficulty", "hard", 1), ("category", "strings", 2), ("category", "loops", 1),
                    ("source", "synthetic", 2), ("source", "mbpp", 1),
                    ("length", "instruction_chars_mean", 3.67), ("length", "instruction_lines_mean", 1.33),
                    ("length", "output_chars_mean", 6.67), ("length", "output_lines_mean", 1.33)]
    empty = summarize([])
    assert empty[:4] == [("records", "total", 0), ("problems", "unique", 0), ("problems", "solutions_mean", 0.0),
                         ("problems", "solutions_max", 0)]
    assert ("length", "output_chars_mean", 0.0) in empty


def test_stats_cli(tmp_path, capsys):
    write_records(tmp_path / "hand.jsonl", hand_made())
    rows = stats_main([str(tmp_path / "hand.jsonl")])
    assert rows[:-1] == summarize(hand_made())
    section, key, rate = rows[-1]
    assert (section, key) == ("duplicates", "rate") and 0 <= rate <= 1
    out = capsys.readouterr().out
    assert "solutions_mean" in out and "\ndifficulty\n" in out and "\nduplicates\n" in out
    (tmp_path / "hand.jsonl").write_text((tmp_path / "hand.jsonl").read_text() + '{"id": "x"}\n')
    assert_one_line_error(run("-m", "data.curation.stats", str(tmp_path / "hand.jsonl")), "hand.jsonl:4", "problem_id")


# --- self-generated data ----------------------------------------------------------------------------------------


def suite_pool() -> list[Record]:
    """Records that stress the suite wrapper: helpers and globals beside the function, a docstring already
    there, a test with a multi-line string literal, setup code the tests define, recursion, a one-line def."""
    return [
        record("helper", 0, "medium", entry_point="total", instruction="Sum a list.", category="list_aggregation",
               output="SCALE = 1\n\ndef helper(x):\n    return x * SCALE\n\ndef total(xs):\n"
                      "    return sum(helper(x) for x in xs)\n",
               tests=("assert total([1, 2]) == 3", "assert total([]) == 0")),
        record("shout", 0, "easy", entry_point="shout", instruction="Upper-case a string.",
               output='def shout(s):\n    """Upper-case s."""\n    return s.upper()\n',
               tests=('text = """a\nb"""\nassert shout(text) == "A\\nB"',)),
        record("area", 0, "hard", entry_point="area", instruction="Area of a box.",
               output="def area(shape):\n    return shape.w * shape.h\n",
               tests=("class Box:\n    def __init__(self, w, h):\n        self.w, self.h = w, h",
                      "assert area(Box(2, 3)) == 6")),
        record("fact", 0, "medium", entry_point="fact", instruction="Factorial of n.",
               output="def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n", tests=("assert fact(5) == 120",)),
        record("one", 0, "easy", output="def one(): return 1\n"),
    ]


def test_records_to_suite_round_trips_and_passes(tmp_path):
    records = suite_pool()
    records_to_suite(records, tmp_path / "suite.jsonl")
    suite = read_humaneval_jsonl(tmp_path / "suite.jsonl")
    assert [t.task_id for t in suite.tasks] == [r.id for r in records]
    assert [t.entry_point for t in suite.tasks] == [r.entry_point for r in records]
    assert '"""Sum a list."""' in suite.tasks[0].prompt  # the template's docstring
    verdicts = run_programs([t.program(t.canonical_solution) for t in suite.tasks], workers=2)
    assert [v.status for v in verdicts] == ["passed"] * len(records), [v.message for v in verdicts]
    wrong = suite.tasks[3].program("    return n\n")  # a wrong completion must fail, not pass vacuously
    assert run_programs([wrong], workers=1)[0].status == "failed"


def write_samples(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def test_selfgen_keeps_passing_unique_parseable_samples(tmp_path):
    records_to_suite(suite_pool(), tmp_path / "pool_suite.jsonl")
    tasks = read_humaneval_jsonl(tmp_path / "pool_suite.jsonl").by_id()
    fact = tasks["fact-s0"]
    other = "    if n < 2:\n        return 1\n    return n * fact(n - 1)\n"
    write_samples(tmp_path / "samples.jsonl", [
        {"task_id": "fact-s0", "completion": fact.canonical_solution, "greedy": True, "passed": True},
        {"task_id": "fact-s0", "completion": fact.canonical_solution + "\n\n", "passed": True},   # duplicate
        {"task_id": "fact-s0", "completion": other, "passed": True},
        {"task_id": "fact-s0", "completion": "    return n\n", "passed": False},                # failed
        {"task_id": "helper-s0", "completion": "    return sum(xs\n", "passed": True},          # unparseable
        {"task_id": "area-s0", "completion": tasks["area-s0"].canonical_solution, "passed": True},
    ])
    records, dropped = self_records(tmp_path / "samples.jsonl", tmp_path / "pool_suite.jsonl")
    assert dropped == {"failed": 1, "unparseable": 1, "duplicate": 1}
    assert [r.id for r in records] == ["self-fact-s0-0", "self-fact-s0-1", "self-area-s0-0"]
    first = records[0]
    assert first.problem_id == "fact"  # the pool problem's id: splits keep a problem's solutions together
    assert first.source == "self" and first.instruction == "Factorial of n."
    assert first.output == fact.prompt + fact.canonical_solution and first.tests == (fact.test + "\ncheck(fact)",)
    assert (first.difficulty, first.category, records[2].difficulty) == ("medium", "arithmetic", "hard")
    verdicts = run_programs([r.program() for r in records], workers=2)
    assert all(v.passed for v in verdicts), [v.message for v in verdicts]


def test_selfgen_defaults_labels_and_needs_verdicts(tmp_path):
    shutil.copy(MINI_SUITE, tmp_path / "mini.jsonl")
    suite = [json.loads(line) | {"task_id": f"Pool/{i}"}
             for i, line in enumerate((tmp_path / "mini.jsonl").read_text().splitlines())]
    write_samples(tmp_path / "pool.jsonl", suite)
    write_samples(tmp_path / "samples.jsonl", [{"task_id": "Pool/0", "completion": suite[0]["canonical_solution"],
                                                "passed": True}])
    records, _ = self_records(tmp_path / "samples.jsonl", tmp_path / "pool.jsonl")
    assert (records[0].difficulty, records[0].category) == ("medium", "other")
    assert records[0].instruction.startswith("Return the sum of a and b.")  # the docstring, examples included
    write_samples(tmp_path / "unscored.jsonl", [{"task_id": "Pool/0", "completion": "    return a + b\n"}])
    with pytest.raises(UserError, match="unscored.jsonl:1: passed: missing"):
        self_records(tmp_path / "unscored.jsonl", tmp_path / "pool.jsonl")


def test_selfgen_refuses_evaluation_sets(tmp_path):
    write_samples(tmp_path / "samples.jsonl", [{"task_id": "Mini/0", "completion": "", "passed": True}])
    shutil.copy(MINI_SUITE, tmp_path / "renamed_pool.jsonl")  # refused by its task ids
    shutil.copy(MINI_SUITE, tmp_path / "HumanEval_copy.jsonl")
    mbpp_test = json.loads((MINI_SUITE).read_text().splitlines()[0]) | {"task_id": "MBPP/11"}
    write_samples(tmp_path / "mbpp_test.jsonl", [mbpp_test])
    for suite in (MINI_SUITE, tmp_path / "renamed_pool.jsonl",
                  tmp_path / "HumanEval_copy.jsonl", tmp_path / "mbpp_test.jsonl", Path("humaneval")):
        with pytest.raises(UserError, match=REFUSAL):
            self_records(tmp_path / "samples.jsonl", suite)
    proc = run("-m", "data.curation.selfgen", "--samples", str(tmp_path / "samples.jsonl"),
               "--suite", str(MINI_SUITE), "--out", str(tmp_path / "self.jsonl"))
    assert_one_line_error(proc, "not an evaluation set")


def test_selfgen_cli(tmp_path):
    write_records(tmp_path / "pool.jsonl", suite_pool())
    proc = run("-m", "data.curation.selfgen", "--to-suite", str(tmp_path / "pool.jsonl"), "--out", str(tmp_path / "suite.jsonl"))
    assert proc.returncode == 0, proc.stderr
    task = read_humaneval_jsonl(tmp_path / "suite.jsonl").tasks[0]
    write_samples(tmp_path / "samples.jsonl", [{"task_id": task.task_id, "completion": task.canonical_solution,
                                                "passed": True}])
    proc = run("-m", "data.curation.selfgen", "--samples", str(tmp_path / "samples.jsonl"), "--suite",
               str(tmp_path / "suite.jsonl"), "--out", str(tmp_path / "self.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert [r.id for r in read_records(tmp_path / "self.jsonl")] == ["self-helper-s0-0"]
    with open(tmp_path / "samples.jsonl", "a") as f:
        f.write('{"task_id": "helper-s0"}\n')
    proc = run("-m", "data.curation.selfgen", "--samples", str(tmp_path / "samples.jsonl"), "--suite",
               str(tmp_path / "suite.jsonl"), "--out", str(tmp_path / "self.jsonl"))
    assert_one_line_error(proc, "samples.jsonl:2", "completion: missing")
