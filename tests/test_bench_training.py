"""`python -m bench.training` keeps working without a GPU: complete rows for every mode and stage,
the machine's matmul peak beside them, and the Triton stack (in the interpreter) training like the
reference. Speed itself is measured by the command, never asserted here."""
import json

import pytest

import bench.training
from bench.training import lengths, main, model_config
from configs.device import CPU_BF16_PATHS
from configs.errors import UserError

MICRO = """
[model]
vocab_size = 256
n_layer = 2
n_head = 2
d_model = 64
d_mlp = 128
max_seq_len = 64
"""


@pytest.fixture
def micro(tmp_path):
    config = tmp_path / "micro.toml"
    config.write_text(MICRO)
    return config


@pytest.mark.slow
def test_the_triton_stack_trains_like_the_reference_on_the_same_model(tmp_path, micro, capsys):
    out = tmp_path / "train_bench.json"
    main(["--out", str(out), "--configs", str(micro), "--seq-len", "24", "--steps", "2", "--no-compile",
          "--variants", "baseline", "full", "--precisions", "fp32", "--stages", "pretrain"])
    result = json.loads(out.read_text())
    rows = result["rows"]
    assert [(r["config"], r["variant"], r["compile"]) for r in rows] == [("micro", "baseline", False),
                                                                          ("micro", "full", False)]
    for r in rows:
        assert r["tokens_per_s"] > 0 and r["step_ms"] > 0
        if result["interpreter"]:
            assert r["mfu"] is None  # a CPU has no datasheet peak
        assert r["params"] == rows[0]["params"] and r["batch"] * r["seq_len"] == 2 * 24
    assert rows[0]["speedup"] == 1.0
    # same init, same data: the kernels train like the reference (3 steps; fp32 on the CPU: ≤ 1e-5
    # relative, observed ~1e-7; bf16 autocast on a GPU: ≤ 1e-2)
    tol = 1e-5 if result["interpreter"] else 1e-2
    assert abs(rows[1]["final_loss"] - rows[0]["final_loss"]) <= tol * rows[0]["final_loss"]
    assert "| micro | " in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("bf16_path, precisions", [("avx512_bf16", ("fp32", "bf16")), ("none", ("fp32",))])
def test_on_the_cpu_every_mode_and_stage_is_a_row_beside_the_machines_matmul_peak(tmp_path, micro, capsys,
                                                                                    monkeypatch, bf16_path, precisions):
    """bf16 rows by default only where the CPU has a native bf16 path; both matmul peaks always."""
    monkeypatch.setattr(bench.training, "cpu_info", lambda: {"model": "a CPU", "bf16": bf16_path, "threads": 2})
    out = tmp_path / "cpu.json"
    main(["--out", str(out), "--configs", str(micro), "--seq-len", "32", "--steps", "3", "--no-compile"])
    result = json.loads(out.read_text())
    assert result["environment"]["cpu"]["bf16"] in CPU_BF16_PATHS and result["environment"]["cpu"]["threads"] >= 1
    assert set(result["matmul_peak_flops"]) == {"fp32", "bf16"} and min(result["matmul_peak_flops"].values()) > 0
    rows = result["rows"]
    assert [(r["stage"], r["variant"], r["precision"]) for r in rows] == [
        (stage, variant, precision) for stage in ("pretrain", "instruct") for variant in ("baseline", "cpu")
        for precision in precisions]
    for r in rows:
        peak = result["matmul_peak_flops"][r["precision"]]
        assert r["share_of_peak"] == pytest.approx(r["flops_per_s"] / peak)
        assert r["fused_adamw"] == (r["variant"] == "cpu") and r["kernels"] == "reference"
    first = {stage: next(r for r in rows if r["stage"] == stage) for stage in ("pretrain", "instruct")}
    assert first["pretrain"]["speedup"] == first["instruct"]["speedup"] == 1.0
    assert first["pretrain"]["mean_len"] == 32 and 8 <= first["instruct"]["mean_len"] < 32
    table = capsys.readouterr().out
    assert "2048² matmul fp32" in table and "2048² matmul bf16" in table and "| micro | " in table
    assert ("| instruct | cpu | bf16 | no |" in table) == ("bf16" in precisions)


def test_instruct_lengths_change_every_step_the_same_way_in_every_mode():
    assert lengths("pretrain", 256, 4) == [256] * 4
    varying = lengths("instruct", 256, 50)
    assert (varying == lengths("instruct", 256, 50) and len(set(varying)) > 20
            and 64 <= min(varying) <= max(varying) <= 256)


@pytest.mark.slow
def test_modes_pick_exactly_the_rows_and_a_bad_mode_is_one_line(tmp_path, micro):
    out = tmp_path / "modes.json"
    main(["--out", str(out), "--configs", str(micro), "--seq-len", "16", "--steps", "1", "--stages", "pretrain",
          "--modes", "baseline/fp32/eager", "cpu/bf16/eager"])
    rows = json.loads(out.read_text())["rows"]
    assert [(r["variant"], r["precision"], r["compile"]) for r in rows] == [("baseline", "fp32", False),
                                                                           ("cpu", "bf16", False)]
    with pytest.raises(UserError, match="--modes 'cpu/fp16/eager': expected VARIANT/PRECISION/eager|compiled"):
        main(["--out", str(out), "--configs", str(micro), "--modes", "cpu/fp16/eager"])


def test_a_shape_reshapes_the_cpu_preset_and_a_bad_one_is_refused():
    cfg = model_config("8x384", 256)
    assert (cfg.n_layer, cfg.d_model, cfg.n_head, cfg.d_mlp, cfg.vocab_size) == (8, 384, 12, 1024, 8192)
    assert model_config("6x192", 256).d_mlp == 512  # the cpu preset itself
    with pytest.raises(UserError, match="multiple of the head dim"):
        model_config("8x100", 256)
