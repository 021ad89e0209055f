"""Training mixes: difficulty ratios, shapes, problem split, curriculum, shortfalls, CLI: data/curation/mix.py."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from configs.errors import UserError
from data.curation.mix import MixConfig, make_mix
from data.curation.mix import main as mix_main
from data.instruct.records import DIFFICULTIES, Record, read_records, write_records
from data.instruct.split import bucket
from tests.test_cli_errors import assert_one_line_error, run

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
