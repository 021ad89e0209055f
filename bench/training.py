"""Training throughput: whole optimizer steps of a config in every speed mode, on random tokens.

    python -m bench.training --out bench/results/2026-12-06-cpu-train.json --configs cpu --seq-len 256 \\
        --batch-size 16 --instruct-batch-size 8 --steps 12 --warmup 4 --compile       # the CPU recipe's shapes
    python -m bench.training --out bench/results/DATE-h100-train.json                  # 29m-105m on a GPU
    python -m bench.training --out FILE --configs cpu 8x256 8x384 --stages pretrain --seq-len 256 \
        --batch-size 16 --modes baseline/fp32/eager cpu/bf16/compiled                   # model size sweep

A row times whole optimizer steps — forward, backward, clipping, AdamW, the loss read back — of
one config through the trainers' own step (train/optim.py `optimizer_step`) in one mode:

    variant    baseline: the PyTorch reference ops (SDPA attention, eager norms, logits +
               F.cross_entropy) and the per-tensor AdamW — plain PyTorch, and the CPU trainer as it
               was; cpu: the reference ops and the fused AdamW, what the CPU trainer runs now;
               full: the Triton kernels and the fused AdamW (GPU; on a CPU only in Triton's
               interpreter, which measures nothing about speed)
    precision  fp32, or bf16 autocast (weights and optimizer fp32)
    compile    eager, or under torch.compile as the trainers compile (dynamic shapes for instruct)

and for two stages: `pretrain`, fixed (batch, seq_len) windows, and `instruct`, batches whose
length changes every step as instruction tuning's do (a fixed seeded sequence of lengths, uniform
in [seq_len/4, seq_len]; tokens counted as batch × length, padding included, the same in every mode).

Each row reports tokens/s, model FLOP/s (train/throughput.py's count), the step time, the time the
warm-up steps took (compilation happens there: what a run pays once) and `speedup`, tokens/s over
the first row of the same config and stage. On a GPU, MFU is against the datasheet's bf16 peak; on
the CPU, the machine's own matmul peak is measured in the same run (2048² fp32 and bf16 matmuls)
and each row reports its share of the peak of its precision. The environment records the CPU's
model, bf16 path (AMX, AVX-512-BF16 or none) and threads. A config is a name in configs/pretrain/,
a .toml path, or `LxD` — the cpu preset reshaped to L layers of width D (head dim 32, MLP 8/3·D) —
for the size sweep. Interrupted (Ctrl-C, or a time box of bench.gpu_check), it still writes the
rows measured so far, marked "interrupted", and exits 130.
"""
from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import re
import time
from pathlib import Path

import torch
from tqdm import tqdm

if not torch.cuda.is_available():
    # no GPU: the kernels run in Triton's interpreter, chosen before they are defined
    os.environ.setdefault("TRITON_INTERPRET", "1")

import kernels
from bench.timing import environment, matmul_flops
from configs.device import cpu_info, describe_cpu
from configs.errors import UserError, run_main
from configs.files import write_json
from model.config import ModelConfig, load_model_config
from model.model import Transformer
from train.optim import make_adamw, optimizer_step
from train.speed import Speed, maybe_compile, reproducible
from train.throughput import flops_per_token, peak_flops

VARIANTS = {"baseline": {"kernels": "reference", "fused_adamw": False},
            "cpu": {"kernels": "reference", "fused_adamw": True},
            "full": {"kernels": "triton", "fused_adamw": True}}
STAGES = ("pretrain", "instruct")
SHAPE = re.compile(r"(\d+)x(\d+)")


def model_config(name: str, seq_len: int) -> ModelConfig:
    """A named config, a .toml path, or `LxD`: the cpu preset with L layers of width D."""
    shape = SHAPE.fullmatch(name)
    cfg = load_model_config("cpu" if shape else name)
    if shape:
        n_layer, d_model = int(shape[1]), int(shape[2])
        if d_model % 32:
            raise UserError(f"--configs {name}: the width must be a multiple of the head dim, 32")
        cfg.n_layer, cfg.d_model, cfg.n_head = n_layer, d_model, d_model // 32
        cfg.d_mlp = 32 * math.ceil(8 * d_model / 3 / 32)
    cfg.max_seq_len = max(cfg.max_seq_len, seq_len)
    return cfg


def lengths(stage: str, seq_len: int, count: int) -> list[int]:
    """The sequence lengths of `count` steps: fixed for pretraining, changing for instruction tuning."""
    if stage == "pretrain":
        return [seq_len] * count
    rng = random.Random(0)
    return [rng.randint(max(1, seq_len // 4), seq_len) for _ in range(count)]


def bench_one(cfg: ModelConfig, stage: str, variant: str, precision: str, compiled: bool, batch: int, seq_len: int,
              steps: int, warmup: int, device: torch.device) -> dict:
    settings = VARIANTS[variant]
    kernels.set_backend(settings["kernels"])
    torch.manual_seed(0)
    model = Transformer(cfg).to(device)
    optimizer = make_adamw(model, 1e-4, 0.1, (0.9, 0.95), device, fused=settings["fused_adamw"])
    step_model = maybe_compile(model, compiled, varying_lengths=stage == "instruct")
    widths = lengths(stage, seq_len, warmup + steps)
    generator = torch.Generator().manual_seed(1)
    data = [torch.randint(0, cfg.vocab_size, (batch, width + 1), generator=generator) for width in widths]

    def step(i: int) -> float:
        batch_i = data[i]
        return optimizer_step(step_model, optimizer, [(batch_i[:, :-1], batch_i[:, 1:])], 1e-4, 1.0, 0.0, device,
                              precision=precision).loss

    # the trainer's variants run as the trainer does: a compiled CPU step lowered with deterministic algorithms
    speed = Speed(precision, compiled, settings["kernels"])
    with reproducible(speed, device) if variant != "baseline" else contextlib.nullcontext():
        start = time.perf_counter()
        for i in range(warmup):  # compilation and autotuning happen here
            step(i)
        warmup_s = time.perf_counter() - start
        if device.type == "cuda":
            torch.cuda.synchronize(device)
            torch.cuda.reset_peak_memory_stats(device)
        start = time.perf_counter()
        for i in range(warmup, warmup + steps):
            loss = step(i)  # the loss read back synchronizes every step
        elapsed = time.perf_counter() - start
    timed = widths[warmup:]
    tokens = batch * sum(timed)
    flops = sum(batch * width * flops_per_token(cfg, width) for width in timed)
    peak, _ = peak_flops(device)
    return {"params": model.num_params(), "stage": stage, "variant": variant, "kernels": settings["kernels"],
            "fused_adamw": settings["fused_adamw"], "precision": precision, "compile": compiled, "batch": batch,
            "seq_len": seq_len, "mean_len": sum(timed) / len(timed), "steps": steps, "warmup_s": warmup_s,
            "step_ms": elapsed / steps * 1e3, "tokens_per_s": tokens / elapsed, "flops_per_s": flops / elapsed,
            "mfu": None if peak is None else flops / elapsed / peak,
            "peak_memory_mb": torch.cuda.max_memory_allocated(device) / 2**20 if device.type == "cuda" else None,
            "final_loss": loss}


Mode = tuple[str, str, bool]  # (variant, precision, compiled)


def parse_mode(spec: str) -> Mode:
    """`VARIANT/PRECISION/eager|compiled`, e.g. `cpu/bf16/compiled`."""
    parts = spec.split("/")
    if len(parts) != 3 or parts[0] not in VARIANTS or parts[1] not in ("fp32", "bf16") or \
            parts[2] not in ("eager", "compiled"):
        raise UserError(f"--modes {spec!r}: expected VARIANT/PRECISION/eager|compiled with a variant of "
                        f"{', '.join(VARIANTS)} and a precision of fp32, bf16")
    return parts[0], parts[1], parts[2] == "compiled"


def run(config_names: list[str], stages: list[str], modes: list[Mode], seq_len: int, batches: dict[str, int],
        steps: int, warmup: int, device: torch.device) -> dict:
    env = environment(device)
    # the machine's own matmul peak, measured in the same run (on a GPU MFU uses the datasheet's)
    peaks = {p: matmul_flops(p, device) for p in ("fp32", "bf16")} if device.type == "cpu" else {}
    rows = []
    plan = [(name, stage, *mode) for name in config_names for stage in stages for mode in modes]
    interrupted = False
    try:
        for name, stage, variant, precision, compiled in tqdm(plan, desc="bench.training", unit="run"):
            cfg = model_config(name, seq_len)
            row = {"config": Path(name).stem,
                   **bench_one(cfg, stage, variant, precision, compiled, batches[stage], seq_len, steps, warmup,
                               device),
                   "device": env["device"], "torch": env["torch"], "triton": env["triton"]}
            row["share_of_peak"] = row["flops_per_s"] / peaks[precision] if precision in peaks else None
            rows.append(row)
            if device.type == "cuda":
                torch.cuda.empty_cache()  # the previous run's model and optimizer are gone: return their memory
    except KeyboardInterrupt:  # Ctrl-C, or a time box running out (bench.gpu_check): keep the rows measured
        interrupted = True
    for row in rows:
        base = next(r for r in rows if r["config"] == row["config"] and r["stage"] == row["stage"])
        row["speedup"] = row["tokens_per_s"] / base["tokens_per_s"]
    kernels.set_backend(None)
    return {"environment": env, "interpreter": device.type != "cuda" and any(mode[0] == "full" for mode in modes),
            "matmul_peak_flops": peaks, "interrupted": interrupted, "rows": rows}


def markdown(result: dict) -> str:
    env = result["environment"]
    where = env["gpu"] or describe_cpu(env["cpu"])
    peaks = "; ".join(f"2048² matmul {p}: {f / 1e9:,.0f} GFLOP/s" for p, f in result["matmul_peak_flops"].items())
    lines = [f"Device: {where}; torch {env['torch']}, triton {env['triton']}; {env['date']}"
             + (f"; {peaks}" if peaks else "")
             + (" (the `full` rows run Triton's interpreter: their times are not speeds)"
                if result["interpreter"] else ""),
             "", "| config | params | stage | variant | precision | compile | batch × T | warm-up s | step ms "
                 "| tokens/s | GFLOP/s | share of peak | MFU | speedup |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        share = "—" if r["share_of_peak"] is None else f"{r['share_of_peak']:.1%}"
        mfu = "—" if r["mfu"] is None else f"{r['mfu']:.1%}"
        length = f"{r['seq_len']}" if r["stage"] == "pretrain" else f"~{r['mean_len']:.0f}"
        lines.append(f"| {r['config']} | {r['params'] / 1e6:.1f}M | {r['stage']} | {r['variant']} | {r['precision']} "
                     f"| {'yes' if r['compile'] else 'no'} | {r['batch']} × {length} | {r['warmup_s']:.1f} "
                     f"| {r['step_ms']:.1f} | {r['tokens_per_s']:,.0f} | {r['flops_per_s'] / 1e9:,.1f} | {share} "
                     f"| {mfu} | {r['speedup']:.2f}× |")
    return "\n".join(lines)


def default_precisions(gpu: bool) -> list[str]:
    """bf16 on a GPU; on the CPU fp32, and bf16 too where the CPU has a native bf16 path: elsewhere bf16
    is emulated at ~1/100 of fp32's speed (its matmul peak is still measured and reported)."""
    if gpu:
        return ["bf16"]
    return ["fp32", "bf16"] if cpu_info()["bf16"] != "none" else ["fp32"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.training", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write (results go in bench/results/)")
    parser.add_argument("--configs", nargs="+", help="named configs, .toml paths or LxD shapes of the cpu preset "
                                                     "(default: 29m 52m 88m 105m on a GPU, tiny on the CPU)")
    parser.add_argument("--stages", nargs="+", choices=STAGES, help="default: pretrain on a GPU, both on the CPU")
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS),
                        help="default: baseline full on a GPU, baseline cpu on the CPU")
    parser.add_argument("--precisions", nargs="+", choices=["fp32", "bf16"],
                        help="default: bf16 on a GPU; fp32 on the CPU, and bf16 where it has a native bf16 path")
    parser.add_argument("--seq-len", type=int, help="tokens per sequence, the longest for instruct (default 1024 on "
                                                    "a GPU, 32 on the CPU)")
    parser.add_argument("--batch-size", type=int, help="sequences per pretraining step (default 16 on a GPU, 2 on CPU)")
    parser.add_argument("--instruct-batch-size", type=int, help="sequences per instruct step (default: --batch-size)")
    parser.add_argument("--steps", type=int, help="timed steps (default 20 on a GPU, 2 on CPU)")
    parser.add_argument("--warmup", type=int, help="untimed steps first, for compilation and autotuning "
                        "(default 5 on a GPU, 1 on CPU)")
    parser.add_argument("--compile", action=argparse.BooleanOptionalAction, default=None,
                        help="also run each mode under torch.compile (default: on a GPU only)")
    parser.add_argument("--modes", nargs="+", metavar="VARIANT/PRECISION/eager|compiled",
                        help="exactly these modes instead of variants × precisions × compile, e.g. "
                             "baseline/fp32/eager cpu/bf16/compiled")
    args = parser.parse_args(argv)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    gpu = device.type == "cuda"
    numbers = {"seq_len": args.seq_len or (1024 if gpu else 32), "batch_size": args.batch_size or (16 if gpu else 2),
               "steps": args.steps or (20 if gpu else 2), "warmup": args.warmup or (5 if gpu else 1)}
    numbers["instruct_batch_size"] = args.instruct_batch_size or numbers["batch_size"]
    for name, value in numbers.items():
        if value <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be positive, got {value}")
    configs = args.configs or (["29m", "52m", "88m", "105m"] if gpu else ["tiny"])
    for name in configs:
        model_config(name, numbers["seq_len"])  # a bad config fails before anything is timed
    compile_too = gpu if args.compile is None else args.compile
    modes = [parse_mode(spec) for spec in args.modes] if args.modes else [
        (variant, precision, compiled)
        for variant in args.variants or (["baseline", "full"] if gpu else ["baseline", "cpu"])
        for precision in args.precisions or default_precisions(gpu)
        for compiled in ([False, True] if compile_too else [False])]
    result = run(configs, args.stages or (["pretrain"] if gpu else list(STAGES)), modes, numbers["seq_len"],
                 {"pretrain": numbers["batch_size"], "instruct": numbers["instruct_batch_size"]},
                 numbers["steps"], numbers["warmup"], device)
    write_json(args.out, result)
    print(markdown(result))
    print(f"wrote {args.out}" + (" (interrupted: the rows measured so far)" if result["interrupted"] else ""))
    if result["interrupted"]:
        raise KeyboardInterrupt  # saved; now exit as interrupted (run_main: status 130)


if __name__ == "__main__":
    run_main(main)
