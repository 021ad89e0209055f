"""`python -m bench.kernels` keeps working without a GPU: tiny shapes in Triton's interpreter, every
op in both modes, correctness checked, JSON rows complete. (Speed is measured on a GPU by the
command itself, never by a test.)"""
import json

import pytest
import torch

from bench.kernels import main

pytestmark = pytest.mark.slow  # every test here trains, builds data or runs many programs

OPS = {"attention", "rms_norm", "add_rms_norm", "swiglu", "rope", "linear_cross_entropy"}
FIELDS = {"op", "shape", "dtype", "mode", "pass", "ours_ms", "reference", "reference_ms", "ratio", "compiled_ms",
          "compiled_ratio", "peak_mb", "reference_peak_mb", "gpu", "torch", "triton"}


def test_kernel_benchmark_writes_a_checked_row_per_op_and_mode(tmp_path, capsys):
    out = tmp_path / "bench.json"
    main(["--out", str(out)])  # on a GPU this is the real benchmark, a few minutes
    result = json.loads(out.read_text())
    assert result["interpreter"] is (not torch.cuda.is_available()) and result["environment"]["torch"]
    rows = result["rows"]
    assert {r["op"] for r in rows} == OPS
    assert {(r["op"], r["mode"]) for r in rows} == {(op, m) for op in OPS for m in ("forward", "forward+backward")}
    for r in rows:
        assert FIELDS <= r.keys(), FIELDS - r.keys()
        assert r["pass"] is True, r
        assert r["ours_ms"] > 0 and r["reference_ms"] > 0
        assert abs(r["ratio"] - r["reference_ms"] / r["ours_ms"]) < 1e-9
        assert ("tflops" in r) != ("gbps" in r)
    table = capsys.readouterr().out
    assert "\n| attention |" in table and ("Triton interpreter" in table) is result["interpreter"]
