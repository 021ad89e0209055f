"""The default instruction mix: built once from verified, deduplicated, decontaminated records, then
reused; nothing in it matches an evaluation task."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from configs.errors import UserError
from data.curation.decontaminate import check_clean, eval_items
from data.curation.default_mix import build, default_mix, sources
from data.instruct.records import read_records


@pytest.mark.slow
def test_default_mix_is_verified_clean_split_by_problem_and_reused(tmp_path):
    out = tmp_path / "mix"
    train, val = build(out, data_dir=tmp_path / "no-data", problems=120)  # no MBPP here: synthetic only
    train_records, val_records = read_records(train), read_records(val)
    assert train_records and val_records
    assert {r.source for r in train_records + val_records} == {"synthetic"}
    assert not {r.problem_id for r in train_records} & {r.problem_id for r in val_records}
    check_clean(train_records + val_records, eval_items(tmp_path / "no-data"))
    for stage in ("verify", "dedup", "decontaminate"):
        assert (out / f"{stage}_report.json").is_file()
    stamp = train.stat().st_mtime_ns
    assert default_mix(out, tmp_path / "no-data", problems=120) == [train, val]
    assert train.stat().st_mtime_ns == stamp  # reused, not rebuilt


@pytest.mark.slow
def test_default_mix_rebuilds_when_what_it_was_built_from_changed(tmp_path, capsys):
    out, no_data = tmp_path / "mix", tmp_path / "no-data"
    train, _ = build(out, data_dir=no_data, problems=40)
    recorded = json.loads((out / "inputs.json").read_text())
    assert recorded["problems"] == 40 and recorded["data_sha256"] == {"mbpp.jsonl": None, "HumanEval.jsonl.gz": None}
    # the generator's code changed since (as a template added would change it): the mix is rebuilt, saying why
    (out / "inputs.json").write_text(json.dumps(recorded | {"code_sha256": "0" * 64}))
    stamp = train.stat().st_mtime_ns
    default_mix(out, no_data, problems=40)
    assert "rebuilding, its inputs changed (code_sha256)" in capsys.readouterr().out
    assert train.stat().st_mtime_ns != stamp and json.loads((out / "inputs.json").read_text()) == recorded
    # a build cut short leaves no inputs.json, so it is never taken for a complete one
    (out / "inputs.json").unlink()
    stamp = train.stat().st_mtime_ns
    default_mix(out, no_data, problems=40)
    assert train.stat().st_mtime_ns != stamp


def test_one_solution_per_problem_keeps_the_problems_and_drops_their_other_solutions(tmp_path):
    deep, one = (sources(tmp_path / "no-data", 40, seed=0, solutions=n) for n in (3, 1))
    per_problem = Counter(r.problem_id for r in one)
    assert set(per_problem.values()) == {1} and set(per_problem) == {r.problem_id for r in deep}
    assert len(deep) > len(one) and set(one) <= set(deep)  # the same problems, without their other solutions
    train = read_records(build(tmp_path / "one", data_dir=tmp_path / "no-data", problems=40, solutions=1)[0])
    assert set(Counter(r.problem_id for r in train).values()) == {1}
    with pytest.raises(UserError, match="must be 1 to 3, got 0"):
        sources(tmp_path / "no-data", 40, seed=0, solutions=0)
