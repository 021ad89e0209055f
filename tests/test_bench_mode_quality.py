"""`python -m bench.mode_quality`: fp32 eager against bf16 + compile at equal tokens. The verdict's
arithmetic, and one micro run of the whole command (the runs differ only in the two switches)."""
import json

import pytest

from bench.mode_quality import main, verdict
from configs.errors import UserError


def runs(fp32: list[float], bf16: list[float]) -> list[dict]:
    return ([{"mode": "fp32-eager", "final_val_loss": x} for x in fp32]
            + [{"mode": "bf16-compiled", "final_val_loss": x} for x in bf16])


def test_the_verdict_compares_the_gap_between_modes_with_the_seeds_spread():
    kept = verdict(runs([2.00, 2.10], [2.04, 2.08]))
    assert kept["seed_spread"] == pytest.approx(0.10) and kept["gap_bf16_minus_fp32"] == pytest.approx(0.01)
    assert kept["within_spread"]
    lost = verdict(runs([2.00, 2.01], [2.10, 2.12]))
    assert lost["gap_bf16_minus_fp32"] == pytest.approx(0.105) and not lost["within_spread"]


@pytest.mark.slow
def test_a_micro_comparison_runs_both_modes_on_every_seed(tmp_path, small_data, capsys):
    config = tmp_path / "micro.toml"
    config.write_text("[model]\nvocab_size = 512\nn_layer = 2\nn_head = 2\n"
                      "d_model = 64\nd_mlp = 128\nmax_seq_len = 64\n"
                      "[train]\nbatch_size = 4\nseq_len = 64\nwarmup_steps = 2\neval_batches = 2\nsample_tokens = 8\n")
    out = tmp_path / "quality.json"
    main(["--data", str(small_data / "data"), "--out", str(out),
          "--runs", str(tmp_path / "runs"), "--config", str(config), "--steps", "4", "--seeds", "1", "2"])
    result = json.loads(out.read_text())
    assert [(r["mode"], r["seed"]) for r in result["runs"]] == [("fp32-eager", 1), ("bf16-compiled", 1),
                                                                 ("fp32-eager", 2), ("bf16-compiled", 2)]
    for r in result["runs"]:
        assert r["speed"]["precision"] == r["mode"][:4] and r["speed"]["compile"] == (r["mode"] == "bf16-compiled")
        assert sorted(int(s) for s in r["val_losses"]) == [1, 2, 3, 4] and r["tokens"] == 4 * 4 * 64
    same_seed = [r["final_val_loss"] for r in result["runs"] if r["seed"] == 1]
    assert same_seed[0] != same_seed[1] and abs(same_seed[0] - same_seed[1]) < 0.05 * same_seed[0]  # bf16 rounds
    said = "within the spread" if result["verdict"]["within_spread"] else "OUTSIDE the spread"
    assert said in capsys.readouterr().out


def test_one_seed_is_refused(tmp_path):
    with pytest.raises(UserError, match="at least two seeds"):
        main(["--data", str(tmp_path), "--out", str(tmp_path / "x.json"), "--seeds", "1"])
