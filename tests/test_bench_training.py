"""`python -m bench.training` keeps working without a GPU: a micro config, baseline and full stack
(Triton kernels in the interpreter), complete rows. Speed itself is measured on a GPU by the command."""
import json

from bench.training import main

MICRO = """
[model]
vocab_size = 256
n_layer = 2
n_head = 2
d_model = 64
d_mlp = 128
max_seq_len = 64
"""


def test_training_benchmark_times_baseline_and_full_stack_on_the_same_model(tmp_path, capsys):
    config = tmp_path / "micro.toml"
    config.write_text(MICRO)
    out = tmp_path / "train_bench.json"
    main(["--out", str(out), "--configs", str(config), "--seq-len", "24", "--steps", "2", "--no-compile"])
    result = json.loads(out.read_text())
    rows = result["rows"]
    assert [(r["config"], r["variant"], r["compile"]) for r in rows] == [("micro", "baseline", False),
                                                                          ("micro", "full", False)]
    for r in rows:
        assert r["tokens_per_s"] > 0 and r["step_ms"] > 0
        if result["interpreter"]:
            assert r["mfu"] is None  # a CPU has no bf16 peak on record
        assert r["params"] == rows[0]["params"] and r["batch"] * r["seq_len"] == 2 * 24
    assert rows[0]["speedup"] == 1.0
    # same init, same data: the kernels train like the reference (3 steps; fp32 on the CPU: ≤ 1e-5
    # relative, observed ~1e-7; bf16 autocast on a GPU: ≤ 1e-2)
    tol = 1e-5 if result["interpreter"] else 1e-2
    assert abs(rows[1]["final_loss"] - rows[0]["final_loss"]) <= tol * rows[0]["final_loss"]
    assert "| micro | " in capsys.readouterr().out
