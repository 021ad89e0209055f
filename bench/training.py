"""Training throughput of the full stack against a plain PyTorch baseline of the same model.

    python -m bench.training --out bench/results/2026-11-23-h100-train.json

For each config (29m, 52m, 88m, 105m on a GPU; `tiny` at a short context on the CPU) it times
whole optimizer steps — forward, backward, clipping, AdamW — on random tokens at T = 1024 and
reports tokens/s, MFU (see train/throughput.py for the FLOP count), peak memory and step time for:

    baseline           SDPA attention, eager RMSNorm/RoPE/SwiGLU, logits + F.cross_entropy, AdamW
    full               the Triton kernels, fused AdamW
    (each also under torch.compile)

Both run bf16 autocast and TF32 on a GPU, so the comparison isolates kernels, fusion and
compilation. `speedup` is tokens/s over the eager baseline's. On the CPU the kernels run in Triton's
interpreter and compilation is off by default: those rows keep the command working in CI and
measure nothing about speed. Interrupted (Ctrl-C, or a time box of bench.gpu_check), it still writes the
rows measured so far, marked "interrupted", and exits 130.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import torch
from tqdm import tqdm

if not torch.cuda.is_available():
    # no GPU: the kernels run in Triton's interpreter, chosen before they are defined
    os.environ.setdefault("TRITON_INTERPRET", "1")

import kernels
from bench.timing import environment
from configs.errors import UserError, run_main
from configs.files import write_json
from model.config import ModelConfig, load_model_config
from model.model import Transformer
from train.optim import make_adamw, optimizer_step
from train.speed import configure, maybe_compile
from train.throughput import flops_per_token, peak_flops

VARIANTS = {"baseline": {"kernels": "reference", "fused_adamw": False}, "full": {"kernels": "triton", "fused_adamw": True}}


def bench_one(cfg: ModelConfig, variant: str, compiled: bool, batch: int, seq_len: int, steps: int, warmup: int,
              device: torch.device) -> dict:
    settings = VARIANTS[variant]
    configure(device, settings["kernels"])
    torch.manual_seed(0)
    model = Transformer(cfg).to(device)
    optimizer = make_adamw(model, 1e-4, 0.1, (0.9, 0.95), device, fused=settings["fused_adamw"] and device.type == "cuda")
    step_model = maybe_compile(model, "on" if compiled else "off", device)
    data = torch.randint(0, cfg.vocab_size, (warmup + steps, batch, seq_len + 1))

    def step(i: int) -> float:
        return optimizer_step(step_model, optimizer, [(data[i, :, :-1], data[i, :, 1:])], 1e-4, 1.0, 0.0, device)[0]

    for i in range(warmup):  # compilation and autotuning happen here
        step(i)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
    start = time.perf_counter()
    for i in range(warmup, warmup + steps):
        loss = step(i)  # .item() inside synchronizes every step
    elapsed = time.perf_counter() - start
    tokens_per_s = batch * seq_len * steps / elapsed
    peak, _ = peak_flops(device)
    row = {"params": model.num_params(), "variant": variant, "compile": compiled, "batch": batch, "seq_len": seq_len,
           "steps": steps, "step_ms": elapsed / steps * 1e3, "tokens_per_s": tokens_per_s,
           "mfu": None if peak is None else tokens_per_s * flops_per_token(cfg, seq_len) / peak,
           "peak_memory_mb": torch.cuda.max_memory_allocated(device) / 2**20 if device.type == "cuda" else None,
           "final_loss": loss}
    return row


def run(config_names: list[str], seq_len: int, batch: int, steps: int, warmup: int, compile_too: bool,
        device: torch.device) -> dict:
    env = environment(device)
    rows = []
    plan = [(name, variant, compiled) for name in config_names for variant in VARIANTS
            for compiled in ((False, True) if compile_too else (False,))]
    interrupted = False
    try:
        for name, variant, compiled in tqdm(plan, desc="bench.training", unit="run"):
            cfg = load_model_config(name)
            cfg.max_seq_len = max(cfg.max_seq_len, seq_len)
            row = {"config": Path(name).stem,
                   **bench_one(cfg, variant, compiled, batch, seq_len, steps, warmup, device),
                   "device": env["device"], "torch": env["torch"], "triton": env["triton"]}
            rows.append(row)
            if device.type == "cuda":
                torch.cuda.empty_cache()  # the previous run's model and optimizer are gone: return their memory
    except KeyboardInterrupt:  # Ctrl-C, or a time box running out (bench.gpu_check): keep the rows measured
        interrupted = True
    for row in rows:
        base = next(r for r in rows if r["config"] == row["config"] and r["variant"] == "baseline" and not r["compile"])
        row["speedup"] = row["tokens_per_s"] / base["tokens_per_s"]
    kernels.set_backend(None)
    return {"environment": env, "interpreter": device.type != "cuda", "interrupted": interrupted, "rows": rows}


def markdown(result: dict) -> str:
    env = result["environment"]
    lines = [f"Device: {env['device']}; torch {env['torch']}, triton {env['triton']}"
             + (" (CPU: Triton interpreter, times are not speeds)" if result["interpreter"] else ""), "",
             "| config | params | variant | compile | batch × T | step ms | tokens/s | MFU | peak MB | speedup |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        mfu = "unknown GPU" if r["mfu"] is None else f"{r['mfu']:.1%}"
        peak = "—" if r["peak_memory_mb"] is None else f"{r['peak_memory_mb']:,.0f}"
        lines.append(f"| {r['config']} | {r['params'] / 1e6:.1f}M | {r['variant']} | {'yes' if r['compile'] else 'no'} "
                     f"| {r['batch']} × {r['seq_len']} | {r['step_ms']:.1f} | {r['tokens_per_s']:,.0f} | {mfu} "
                     f"| {peak} | {r['speedup']:.2f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.training", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write (GPU runs go in bench/results/)")
    parser.add_argument("--configs", nargs="+", help="named configs (default: 29m 52m 88m 105m on a GPU, tiny on CPU)")
    parser.add_argument("--seq-len", type=int, help="tokens per sequence (default 1024 on a GPU, 32 on CPU)")
    parser.add_argument("--batch-size", type=int, help="sequences per step (default 16 on a GPU, 2 on CPU)")
    parser.add_argument("--steps", type=int, help="timed steps (default 20 on a GPU, 2 on CPU)")
    parser.add_argument("--warmup", type=int, help="untimed steps first, for compilation and autotuning "
                        "(default 5 on a GPU, 1 on CPU)")
    parser.add_argument("--compile", action=argparse.BooleanOptionalAction, default=None,
                        help="also run each variant under torch.compile (default: on a GPU only)")
    args = parser.parse_args(argv)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    gpu = device.type == "cuda"
    configs = args.configs or (["29m", "52m", "88m", "105m"] if gpu else ["tiny"])
    numbers = {"seq_len": args.seq_len or (1024 if gpu else 32), "batch": args.batch_size or (16 if gpu else 2),
               "steps": args.steps or (20 if gpu else 2), "warmup": args.warmup or (5 if gpu else 1)}
    for name, value in numbers.items():
        if value <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be positive, got {value}")
    result = run(configs, numbers["seq_len"], numbers["batch"], numbers["steps"], numbers["warmup"],
                 gpu if args.compile is None else args.compile, device)
    write_json(args.out, result)
    print(markdown(result))
    print(f"wrote {args.out}" + (" (interrupted: the rows measured so far)" if result["interrupted"] else ""))
    if result["interrupted"]:
        raise KeyboardInterrupt  # saved; now exit as interrupted (run_main: status 130)


if __name__ == "__main__":
    run_main(main)
