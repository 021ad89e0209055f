"""Benchmark every Triton kernel against its strongest PyTorch counterpart, in one run.

    python -m bench.kernels --out bench/results/2026-11-23-h100.json

Attention is timed against `scaled_dot_product_attention` with the flash backend; RMSNorm (plain
and with the fused residual add), RoPE, SwiGLU and the LM-head cross-entropy against their eager references
and those references under
`torch.compile`. Each op runs forward and forward+backward at the model's real shapes on a GPU
(bf16, head dim 64, T 512–4096, the 29m–105m widths, 16K tokens per step); on the CPU it runs at
tiny shapes in Triton's interpreter so CI keeps the command working (those times say nothing about
speed). Every row first checks our output and gradients against the eager reference on the same
inputs ("pass"). Rows: op, shape, dtype, mode, pass, ours_ms, reference, reference_ms, ratio
(reference_ms / ours_ms: > 1 means we are faster), compiled_ms, compiled_ratio, TFLOP/s or GB/s,
peak memory of ours and of the reference, and the environment. Interrupted (Ctrl-C, or a time box of
bench.gpu_check), it still writes the rows measured so far, marked "interrupted", and exits 130.
"""
from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm import tqdm

if not torch.cuda.is_available():
    # no GPU: the kernels run in Triton's interpreter, chosen before they are defined
    os.environ.setdefault("TRITON_INTERPRET", "1")

from bench.timing import environment, median_ms, peak_memory_mb
from configs.errors import run_main
from configs.files import write_json
from kernels.attention import attention_triton
from kernels.cross_entropy import linear_cross_entropy_reference, linear_cross_entropy_triton
from kernels.rms_norm import add_rms_norm_reference, add_rms_norm_triton, rms_norm_reference, rms_norm_triton
from kernels.rope import apply_rope_reference, apply_rope_triton, rope_tables
from kernels.swiglu import swiglu_reference, swiglu_triton

MODES = ("forward", "forward+backward")
# relative error (max |ours − reference| / max |reference|) allowed for "pass", by dtype
PASS_TOL = {torch.float32: 1e-4, torch.float16: 5e-3, torch.bfloat16: 3e-2}


@dataclass
class Case:
    op: str
    shape: dict
    inputs: Callable[[], list[torch.Tensor]]  # fresh inputs; floating ones get requires_grad
    ours: Callable
    reference: Callable
    reference_name: str
    work: Callable[[str], tuple[float, str]]  # mode → (amount, "TFLOP" | "GB")
    compiled: bool = True  # also time torch.compile(reference)
    grad_inputs: list[int] = field(default_factory=list)  # which inputs get gradients


def attention_cases(device: torch.device, dtype: torch.dtype, gpu: bool) -> list[Case]:
    shapes = [(16384 // T, 12, T, 64, True) for T in (512, 1024, 2048, 4096)] + [(16, 12, 1024, 64, False)] \
        if gpu else [(2, 2, 40, 32, True), (1, 2, 64, 64, False)]
    cases = []
    for B, H, T, D, causal in shapes:
        def inputs(B=B, H=H, T=T, D=D):
            return [torch.randn(B, H, T, D, device=device, dtype=dtype) for _ in range(3)]

        def work(mode, B=B, H=H, T=T, D=D, causal=causal):
            flops = 4 * B * H * T * T * D * (0.5 if causal else 1.0)  # QKᵀ and PV; causal does half
            return flops * (1.0 if mode == "forward" else 3.5) / 1e12, "TFLOP"  # backward = 2.5 × forward
        flash = gpu and dtype != torch.float32
        cases.append(Case(
            "attention", {"B": B, "H": H, "T": T, "head_dim": D, "causal": causal}, inputs,
            ours=lambda q, k, v, c=causal: attention_triton(q, k, v, c),
            reference=lambda q, k, v, c=causal, f=flash: sdpa(q, k, v, c, f),
            reference_name="sdpa-flash" if flash else "sdpa", work=work, compiled=False, grad_inputs=[0, 1, 2]))
    return cases


def sdpa(q, k, v, causal: bool, flash: bool) -> torch.Tensor:
    from torch.nn.attention import SDPBackend, sdpa_kernel
    with sdpa_kernel(SDPBackend.FLASH_ATTENTION) if flash else contextlib.nullcontext():
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal)


def elementwise_cases(device: torch.device, dtype: torch.dtype, gpu: bool) -> list[Case]:
    tokens = 16384 if gpu else 96
    size = torch.finfo(dtype).bits // 8
    cases = []
    for d in ((512, 576, 768) if gpu else (100,)):
        def norm_inputs(d=d):
            return [torch.randn(tokens, d, device=device, dtype=dtype), torch.rand(d, device=device) + 0.5]
        cases.append(Case(
            "rms_norm", {"tokens": tokens, "d": d}, norm_inputs,
            ours=lambda x, w: rms_norm_triton(x, w, 1e-5), reference=lambda x, w: rms_norm_reference(x, w, 1e-5),
            reference_name="eager", grad_inputs=[0, 1],
            # forward reads x, writes y; backward reads x and dy, writes dx
            work=lambda mode, d=d: (tokens * d * size * (2 if mode == "forward" else 5) / 1e9, "GB")))
        def add_norm_inputs(d=d):
            return [torch.randn(tokens, d, device=device, dtype=dtype) for _ in range(2)] + \
                [torch.rand(d, device=device) + 0.5]
        cases.append(Case(
            "add_rms_norm", {"tokens": tokens, "d": d}, add_norm_inputs,
            ours=lambda x, r, w: add_rms_norm_triton(x, r, w, 1e-5)[0],  # the sum is an output too; its
            reference=lambda x, r, w: add_rms_norm_reference(x, r, w, 1e-5)[0],  # gradient arrives as zeros
            reference_name="eager", grad_inputs=[0, 1, 2],
            # forward reads x and the residual, writes the sum and y; backward reads dy, d(sum), the sum,
            # writes dx (returned for both inputs)
            work=lambda mode, d=d: (tokens * d * size * (4 if mode == "forward" else 8) / 1e9, "GB")))
    for d_mlp in ((1344, 1536, 2048) if gpu else (77,)):
        def mlp_inputs(d_mlp=d_mlp):
            return [torch.randn(tokens, d_mlp, device=device, dtype=dtype) for _ in range(2)]
        cases.append(Case(
            "swiglu", {"tokens": tokens, "d_mlp": d_mlp}, mlp_inputs, ours=swiglu_triton, reference=swiglu_reference,
            reference_name="eager", grad_inputs=[0, 1],
            # forward reads gate and up, writes out; backward reads dout, gate, up, writes two grads
            work=lambda mode, d_mlp=d_mlp: (tokens * d_mlp * size * (3 if mode == "forward" else 8) / 1e9, "GB")))
    for H in ((8, 9, 12) if gpu else (2,)):
        T, D = (1024, 64) if gpu else (40, 32)
        B = tokens // T if gpu else 2
        cos, sin = (t[:T].to(device) for t in rope_tables(D, T, 10000.0))

        def rope_inputs(B=B, H=H, T=T, D=D):  # q as the model has it: a strided view of the fused projection
            return [torch.randn(B, T, 3, H, D, device=device, dtype=dtype).permute(2, 0, 3, 1, 4)[0]]
        cases.append(Case(
            "rope", {"B": B, "H": H, "T": T, "head_dim": D}, rope_inputs,
            ours=lambda x, c=cos, s=sin: apply_rope_triton(x, c, s),
            reference=lambda x, c=cos, s=sin: apply_rope_reference(x, c, s), reference_name="eager", grad_inputs=[0],
            work=lambda mode, n=B * H * T * D: (n * size * (2 if mode == "forward" else 4) / 1e9, "GB")))
    return cases


def cross_entropy_cases(device: torch.device, dtype: torch.dtype, gpu: bool) -> list[Case]:
    vocab = 8192 if gpu else 300
    tokens = 16384 if gpu else 64
    cases = []
    for d in ((512, 768) if gpu else (48,)):
        def inputs(d=d):
            h = torch.randn(tokens, d, device=device, dtype=dtype)
            w = torch.randn(vocab, d, device=device, dtype=dtype) * d ** -0.5
            targets = torch.randint(0, vocab, (tokens,), device=device)
            targets[: tokens // 4] = -100  # a masked prompt quarter, as in instruction tuning
            return [h, w, targets]
        cases.append(Case(
            "linear_cross_entropy", {"tokens": tokens, "d": d, "vocab": vocab, "label_smoothing": 0.1}, inputs,
            ours=lambda h, w, t: linear_cross_entropy_triton(h, w, t, 0.1),
            reference=lambda h, w, t: linear_cross_entropy_reference(h, w, t, 0.1),
            reference_name="eager", grad_inputs=[0, 1],
            # the LM-head matmul: 2·N·d·V forward; two more of the same size backward
            work=lambda mode, d=d: (2 * tokens * d * vocab * (1 if mode == "forward" else 3) / 1e12, "TFLOP")))
    return cases


def relative_error(ours: torch.Tensor, ref: torch.Tensor) -> float:
    return ((ours.float() - ref.float()).abs().max() / ref.float().abs().max().clamp_min(1e-30)).item()


def check(case: Case, dtype: torch.dtype) -> bool:
    """Our output and gradients against the eager reference on the same inputs and output gradient."""
    base = case.inputs()
    runs, grad_out = [], None
    for fn in (case.ours, case.reference):
        xs = [x.clone().requires_grad_(i in case.grad_inputs) for i, x in enumerate(base)]
        out = fn(*xs)
        grad_out = torch.randn_like(out) if grad_out is None else grad_out
        out.backward(grad_out)
        runs.append([out.detach()] + [xs[i].grad for i in case.grad_inputs])
    return all(relative_error(a, b) <= PASS_TOL[dtype] for a, b in zip(*runs))


def timed(fn: Callable, inputs: list[torch.Tensor], grad_inputs: list[int], mode: str) -> Callable[[], None]:
    """A closure running `fn` once in `mode` on fixed inputs (gradients reset each call)."""
    xs = [x.requires_grad_(mode != "forward" and i in grad_inputs) for i, x in enumerate(inputs)]
    if mode == "forward":
        def run():
            with torch.no_grad():
                fn(*xs)
        return run
    grad_out = None

    def run():
        nonlocal grad_out
        out = fn(*xs)
        grad_out = torch.ones_like(out) if grad_out is None else grad_out
        out.backward(grad_out)
        for i in grad_inputs:
            xs[i].grad = None
    return run


def measure(case: Case, mode: str, device: torch.device, compile_reference: bool) -> dict:
    inputs = case.inputs()
    ours, ref = (timed(fn, inputs, case.grad_inputs, mode) for fn in (case.ours, case.reference))
    reps = {} if device.type == "cuda" else {"warmup": 1, "reps": 3}  # the interpreter is slow and says nothing
    ours_ms, ref_ms = median_ms(ours, device, **reps), median_ms(ref, device, **reps)
    row = {"ours_ms": ours_ms, "reference_ms": ref_ms, "ratio": ref_ms / ours_ms,
           "peak_mb": peak_memory_mb(ours, device), "reference_peak_mb": peak_memory_mb(ref, device),
           "compiled_ms": None, "compiled_ratio": None}
    if case.compiled and compile_reference:
        compiled = timed(torch.compile(case.reference, dynamic=False), inputs, case.grad_inputs, mode)
        row["compiled_ms"] = median_ms(compiled, device, **reps)
        row["compiled_ratio"] = row["compiled_ms"] / ours_ms
    amount, unit = case.work(mode)
    row[{"TFLOP": "tflops", "GB": "gbps"}[unit]] = amount / (ours_ms / 1e3)
    return row


def run(device: torch.device, dtype: torch.dtype, compile_reference: bool, ops: list[str] | None) -> dict:
    gpu = device.type == "cuda"
    torch.manual_seed(0)
    cases = [c for c in attention_cases(device, dtype, gpu) + elementwise_cases(device, dtype, gpu)
             + cross_entropy_cases(device, dtype, gpu) if not ops or c.op in ops]
    if compile_reference:  # one compiled graph per shape and mode: lift dynamo's recompile cap
        torch._dynamo.config.cache_size_limit = max(torch._dynamo.config.cache_size_limit, 64)
    env = environment(device)
    rows, interrupted = [], False
    try:
        for case in tqdm(cases, desc="bench.kernels", unit="case"):
            passed = check(case, dtype)
            for mode in MODES:
                rows.append({"op": case.op, "shape": case.shape, "dtype": str(dtype).removeprefix("torch."),
                             "mode": mode, "pass": passed, "reference": case.reference_name,
                             **measure(case, mode, device, compile_reference),
                             "gpu": env["gpu"], "torch": env["torch"], "triton": env["triton"]})
    except KeyboardInterrupt:  # Ctrl-C, or a time box running out (bench.gpu_check): keep the rows measured
        interrupted = True
    return {"environment": env, "interpreter": not gpu, "interrupted": interrupted, "rows": rows}


def markdown(result: dict) -> str:
    def fmt(x, spec=".3f"):
        return "—" if x is None else format(x, spec)
    lines = [f"Device: {result['environment']['device']}; torch {result['environment']['torch']}, "
             f"triton {result['environment']['triton']}" + (" (Triton interpreter: times are not speeds)"
                                                          if result["interpreter"] else ""), "",
             "| op | shape | dtype | mode | pass | ours ms | ref | ref ms | ×ref | compiled ms | ×compiled "
             "| TFLOP/s or GB/s | peak MB ours / ref |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        shape = " ".join(f"{k}={v}" for k, v in r["shape"].items())
        rate = f"{r['tflops']:.1f} TFLOP/s" if "tflops" in r else f"{r['gbps']:.0f} GB/s"
        lines.append(f"| {r['op']} | {shape} | {r['dtype']} | {r['mode']} | {'yes' if r['pass'] else 'NO'} "
                     f"| {fmt(r['ours_ms'])} | {r['reference']} | {fmt(r['reference_ms'])} | {fmt(r['ratio'], '.2f')} "
                     f"| {fmt(r['compiled_ms'])} | {fmt(r['compiled_ratio'], '.2f')} | {rate} "
                     f"| {fmt(r['peak_mb'], '.0f')} / {fmt(r['reference_peak_mb'], '.0f')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.kernels", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--dtype", choices=("bf16", "fp16", "fp32"), default=None,
                        help="input dtype (default bf16 on a GPU, fp32 in the interpreter)")
    parser.add_argument("--ops", nargs="*", help="only these ops (attention, rms_norm, add_rms_norm, swiglu, "
                        "rope, linear_cross_entropy)")
    parser.add_argument("--compile", action=argparse.BooleanOptionalAction, default=None,
                        help="also time torch.compile'd references (default: on a GPU only)")
    args = parser.parse_args(argv)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    default = "bf16" if device.type == "cuda" else "fp32"
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[args.dtype or default]
    if device.type == "cpu" and dtype == torch.bfloat16:
        parser.error("--dtype bf16 needs a GPU: bf16 dots and reductions are wrong in Triton's interpreter")
    result = run(device, dtype, device.type == "cuda" if args.compile is None else args.compile, args.ops)
    write_json(args.out, result)
    print(markdown(result))
    print(f"wrote {args.out}" + (" (interrupted: the rows measured so far)" if result["interrupted"] else ""))
    if result["interrupted"]:
        raise KeyboardInterrupt  # saved; now exit as interrupted (run_main: status 130)


if __name__ == "__main__":
    run_main(main)
