"""Compile every Triton kernel for a GPU without one: Triton's compiler and ptxas run on any
machine, so a kernel that the interpreter accepts but the real compiler rejects — or a tile
config that needs more shared memory than the GPU has, or spills registers — shows up here.

    python -m bench.compile_check            # every autotune config, for an H100 (sm_90)
    python -m bench.compile_check --quick    # the first config of each kernel
    python -m bench.compile_check --out bench/results/DATE-sm90-compile-check.json

Prints one row per (kernel, config): registers per thread, bytes spilled to local memory, shared memory, and
whether it fits. Exits 1 if anything fails to compile; configs that exceed shared memory are
reported (the autotuner skips those at run time) but are not failures as long as one config of
each kernel fits.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import triton
from triton.backends.compiler import GPUTarget
from triton.compiler import ASTSource

from configs.errors import UserError, run_main
from configs.files import write_json

FLOAT_ARGS = {"qk_scale", "sm_scale", "eps", "smoothing"}
H100 = {"target": GPUTarget("cuda", 90, 32), "shared_kb": 227}


def kernel_specs(dtype: str) -> list[tuple[str, object, dict, list[dict], list[dict]]]:
    """(name, jit function, pointer types, constexpr sets, option sets) for every kernel."""
    attention, rms, rope, swiglu, ce = (importlib.import_module(f"kernels.{name}")
                                        for name in ("attention", "rms_norm", "rope", "swiglu", "cross_entropy"))
    x, fp32 = "*{dtype}", "*fp32"  # x: the activations' dtype
    dot = "ieee" if dtype == "fp32" else "tf32"  # as kernels/attention.py picks it
    qkvo = {"Q": x, "K": x, "V": x, "DO": x}
    specs = []
    for name, tuned, ptrs in [
        ("attention.forward", attention._forward_tuned, {**qkvo, "out": x, "LSE": fp32}),
        ("attention.dkdv", attention._dkdv_tuned, {**qkvo, "LSE": fp32, "DELTA": fp32, "DK": x, "DV": x}),
        ("attention.dq", attention._dq_tuned, {**qkvo, "LSE": fp32, "DELTA": fp32, "DQ": x}),
    ]:
        for causal in (True, False):
            specs.append((f"{name} causal={causal}", tuned.fn, ptrs,
                          [{**c.kwargs, "CAUSAL": causal, "HEAD_DIM": 64, "DOT_PRECISION": dot} for c in tuned.configs],
                          [{"num_warps": c.num_warps, "num_stages": c.num_stages} for c in tuned.configs]))
    one = [{"num_warps": 4, "num_stages": 3}]
    specs += [
        ("attention.delta", attention._attention_delta_kernel, {"out": x, "DO": x, "DELTA": fp32},
         [{"BLOCK_M": 64, "HEAD_DIM": 64}], one),
        ("rms_norm.forward", rms._rms_norm_forward_kernel,
         {"x_ptr": x, "res_ptr": fp32, "sum_ptr": fp32, "w_ptr": fp32, "y_ptr": fp32, "rstd_ptr": fp32},
         [{"HAS_RESIDUAL": True, "BLOCK_ROWS": 4, "BLOCK_D": 1024}], [{"num_warps": 8, "num_stages": 3}]),
        ("rms_norm.backward", rms._rms_norm_backward_kernel,
         {"dy_ptr": fp32, "ds_ptr": fp32, "x_ptr": fp32, "w_ptr": fp32, "rstd_ptr": fp32, "dx_ptr": fp32,
          "dw_partial_ptr": fp32}, [{"HAS_DS": True, "BLOCK_D": 1024}], [{"num_warps": 4, "num_stages": 3}]),
        ("rope", rope._rope_kernel, {"x_ptr": x, "cos_ptr": fp32, "sin_ptr": fp32, "out_ptr": x},
         [{"SIGN": 1, "BLOCK_T": rope.BLOCK_T, "BLOCK_HALF": 32}], one),
        ("swiglu.forward", swiglu._swiglu_forward_kernel, {"gate_ptr": x, "up_ptr": x, "out_ptr": x},
         [{"BLOCK": swiglu.BLOCK}], one),
        ("swiglu.backward", swiglu._swiglu_backward_kernel,
         {"grad_ptr": x, "gate_ptr": x, "up_ptr": x, "grad_gate_ptr": x, "grad_up_ptr": x},
         [{"BLOCK": swiglu.BLOCK}], one),
        ("cross_entropy", ce._cross_entropy_kernel, {"logits_ptr": x, "targets_ptr": "*i64", "loss_ptr": fp32},
         [{"COMPUTE_GRAD": True, "BLOCK_V": 4096}], [{"num_warps": 8, "num_stages": 3}]),
    ]
    return specs


def signature(fn, pointer_types: dict, constexprs: dict, dtype: str) -> dict:
    """Triton's signature: every pointer as listed, other arguments fp32 if a float else i32."""
    def kind(arg: str) -> str:
        if arg in constexprs:
            return "constexpr"
        if arg in pointer_types:
            return pointer_types[arg].format(dtype=dtype)
        return "fp32" if arg in FLOAT_ARGS else "i32"
    return {arg: kind(arg) for arg in fn.arg_names}


def resource_usage(cubin: bytes) -> dict:
    """Registers per thread and local-memory bytes per thread (register spills), as ptxas allocated
    them, read back with the cuobjdump that ships with Triton."""
    tool = Path(triton.__file__).parent / "backends" / "nvidia" / "bin" / "cuobjdump"
    with tempfile.NamedTemporaryFile(suffix=".cubin") as f:
        f.write(cubin)
        f.flush()
        report = subprocess.run([str(tool), "-res-usage", f.name], capture_output=True, text=True, check=True).stdout
    usage = dict(re.findall(r"(REG|LOCAL):(\d+)", report))
    return {"registers": int(usage["REG"]), "spill_bytes": int(usage["LOCAL"])}


def compile_all(quick: bool, dtype: str) -> list[dict]:
    rows = []
    for name, fn, ptrs, constexpr_sets, option_sets in kernel_specs(dtype):
        pairs = list(zip(constexpr_sets, option_sets))[: 1 if quick else None]
        for constexprs, options in pairs:
            row = {"kernel": name, **{k: v for k, v in constexprs.items() if k.startswith("BLOCK")}, **options}
            try:
                compiled = triton.compile(ASTSource(fn, signature(fn, ptrs, constexprs, dtype), constexprs),
                                          target=H100["target"], options=options)
            except Exception as e:  # the compiler's own error, reported as a row rather than a traceback
                message = (str(e).strip().splitlines() or [""])[0][:200]
                rows.append({**row, "ok": False, "error": f"{type(e).__name__}: {message}"})
                continue
            shared_kb = compiled.metadata.shared / 1024
            rows.append({**row, "ok": True, **resource_usage(compiled.asm["cubin"]),
                         "shared_kb": round(shared_kb, 1), "fits": shared_kb <= H100["shared_kb"]})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.compile_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the first config of each kernel")
    parser.add_argument("--dtype", choices=("bf16", "fp16", "fp32"), default="bf16", help="tensor dtype")
    parser.add_argument("--out", type=Path, help="also write the rows as JSON (with the Triton version and target)")
    args = parser.parse_args(argv)
    if os.environ.get("TRITON_INTERPRET") == "1":
        # With the interpreter on (the test suite turns it on without a GPU), every kernel and Triton's
        # own library are defined for it; start over with it off so they are defined for the compiler.
        argv = sys.argv[1:] if argv is None else argv
        os.execve(sys.executable, [sys.executable, "-m", "bench.compile_check", *argv],
                  {**os.environ, "TRITON_INTERPRET": "0"})
    rows = compile_all(args.quick, args.dtype)
    if args.out:
        write_json(args.out, {"triton": triton.__version__, "target": "cuda sm_90 (H100)", "dtype": args.dtype,
                              "date": datetime.date.today().isoformat(), "rows": rows})
    for r in rows:
        config = " ".join(f"{k}={v}" for k, v in r.items() if k.startswith(("BLOCK", "num_")))
        status = (f"regs {r['registers']:3d} spilled {r['spill_bytes']:4d} B  smem {r['shared_kb']:6.1f} KB"
                  + ("" if r["fits"] else "  (exceeds shared memory)")) if r["ok"] else f"FAILED {r['error']}"
        print(f"{r['kernel']:34s} {config:55s} {status}")
    failed = [r["kernel"] for r in rows if not r["ok"]]
    unfit = {r["kernel"] for r in rows} - {r["kernel"] for r in rows if r["ok"] and r["fits"]}
    if failed or unfit:
        raise UserError(f"{len(failed)} compile failure(s) in {sorted(set(failed))}; no config fits in {sorted(unfit)}")
    print(f"all {len(rows)} kernel configs compile for sm_90")


if __name__ == "__main__":
    run_main(main)
