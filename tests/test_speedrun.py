"""`python -m train.speedrun` end to end on the CPU with a small budget: every stage runs, and the
report holds each stage's time, tokens and result."""
import json

import pytest

from configs.errors import UserError
from train.speedrun import interpreter_sources, main


def test_speedrun_runs_every_stage_and_reports_them(tmp_path, small_data, instruct_data):
    out = tmp_path / "speedrun"
    flags = ["--out", str(out), "--src", str(small_data / "src"), "--config", str(tmp_path / "micro.toml"),
             "--pretrain-steps", "6", "--instruct-steps", "4", "--instruct-data", str(instruct_data)]
    (tmp_path / "micro.toml").write_text(
        '[model]\nvocab_size = 512\nn_layer = 2\nn_head = 2\nd_model = 64\nd_mlp = 128\nmax_seq_len = 128\n'
        '[train]\nbatch_size = 4\nseq_len = 64\neval_batches = 2\nsample_tokens = 8\nwarmup_steps = 2\n')
    report = main(flags)
    assert [s["stage"] for s in report["stages"]] == ["data", "pretrain", "instruct", "evaluate"]
    data, pre, tuned, ev = report["stages"]
    assert data["train_tokens"] > 100_000 and all(s["seconds"] > 0 for s in report["stages"])
    assert pre["steps"] == 6 and pre["tokens"] == 6 * 4 * 64 and pre["final_train_loss"] > 0
    assert tuned["steps"] == 4 and tuned["tokens"] > 0 and tuned["best_val_response_loss"] > 0
    assert ev["suite"] == "mini" and ev["tasks"] == 20 and 0 <= ev["pass@1"] <= 1
    assert json.loads((out / "speedrun.json").read_text()) == report
    assert "| pretrain (" in (out / "speedrun.md").read_text()
    with pytest.raises(UserError, match="already holds a speedrun"):
        main(flags)


def test_default_sources_are_the_stdlib_and_site_packages():
    sources = interpreter_sources()
    assert sources[0].name.startswith("python3") and any(p.name == "site-packages" for p in sources)
    assert len(set(sources)) == len(sources)
