"""`python -m train.pretrain`: pretrain a decoder on Python source.

With no arguments it builds the default data under runs/data if absent (this interpreter's standard
library → corpus → byte-level BPE tokenizer → uint16 token shards), then trains the `tiny` config on
the CPU — or the `29m` preset when a CUDA device is present — writing checkpoints and TensorBoard
logs to runs/<config>. Watch with `tensorboard --logdir runs`.

Design choices:
- one TOML per named config; every key is also a flag (`--train.lr 1e-3`), so `--help` lists all;
- AdamW (fused on CUDA), linear warmup + cosine decay, global-norm clipping, gradient accumulation,
  optional label smoothing, bf16 autocast on CUDA and fp32 on the CPU;
- speed switches (train/device.py): TF32, `--train.compile`, `--train.kernels`, pinned-memory
  asynchronous copies; tokens/s and MFU logged every `log_interval` steps (train/throughput.py);
- `torchrun --nproc_per_node=K -m train.pretrain` trains data-parallel (train/distributed.py):
  each rank reads its slice of every global batch, rank 0 logs, evaluates and checkpoints;
- every `eval_interval` steps: validation loss on fixed batches, a few samples, the mini-HumanEval
  solved greedily in the sandbox (pass@1, syntax validity, mode-collapse metrics), and a
  checkpoint (keep-last-k plus best-by-val, written atomically);
- the data loader's position and the RNG states are checkpointed, so `--resume` continues
  exactly: on the CPU a resumed run's losses are bit-identical to an uninterrupted run's.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm

from configs.device import autocast, pick_device
from configs.errors import UserError, run_main
from configs.files import write_json
from configs.overrides import add_override_flags, overrides_from_args
from data.pretrain.loader import WindowLoader, fixed_batches
from data.pretrain.prepare import prepare
from data.pretrain.shards import read_meta
from data.pretrain.tokenizer import Tokenizer
from eval.during_training import TrainingEval
from model.generate import SamplingConfig, generate
from model.model import Transformer
from train.checkpoint import (
    find_resume_checkpoint,
    load_checkpoint,
    model_writer,
    rng_state,
    save_checkpoint,
    set_rng_state,
)
from train.config import RunConfig, load_run_config
from train.distributed import World, barrier, close, init_world, wrap
from train.optim import lr_at, make_adamw, optimizer_step
from train.speed import compile_enabled, configure, maybe_compile
from train.throughput import Throughput, format_rates

SAMPLE_PROMPTS = ["def ", "class ", "import "]


@dataclass
class RunResult:
    losses: dict[int, float] = field(default_factory=dict)      # optimizer step (1-based) → train loss
    val_losses: dict[int, float] = field(default_factory=dict)  # step → validation loss
    evals: dict[int, dict[str, float]] = field(default_factory=dict)  # step → eval/* and collapse/* scalars
    unigram_val_loss: float = float("nan")
    best_val_loss: float = float("inf")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m train.pretrain", description="Pretrain a small code model on Python source.",
        epilog="Every key of the config's TOML is a flag: --model.KEY, --train.KEY, --data.KEY.")
    parser.add_argument("--config", help="named config in configs/ or a .toml path (default: tiny on CPU, 29m on CUDA)")
    parser.add_argument("--out", type=Path, help="run directory (default: runs/<config>)")
    parser.add_argument("--resume", nargs="?", const="latest", metavar="CKPT",
                        help="continue the run in --out from its latest checkpoint, or from CKPT")
    add_override_flags(parser, RunConfig, aliases={"train.max_steps": "--max-steps"})
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> RunResult:
    args = parse_args(argv)
    name = args.config or ("29m" if torch.cuda.is_available() else "tiny")
    cfg = load_run_config(name, overrides_from_args(args))
    out = args.out or Path("runs") / Path(name).stem
    return train(cfg, out, resume=args.resume)


def train(cfg: RunConfig, out: Path, resume: str | None = None) -> RunResult:
    tc = cfg.train
    if resume is None and (out / "latest").exists():
        raise UserError(f"{out} already holds a run: pass --resume to continue it, or --out DIR for a new one")
    world, device_name = init_world(tc.device)
    try:
        return train_on(cfg, out, resume, world, pick_device(device_name))
    finally:
        close(world)


def train_on(cfg: RunConfig, out: Path, resume: str | None, world: World, device: torch.device) -> RunResult:
    tc = cfg.train
    configure(device, tc.kernels)
    torch.manual_seed(tc.seed)

    sources = [Path(s) for s in cfg.data.src] or None
    # rank 0 builds the data if it is missing; the others then find it built
    data = prepare(sources, Path(cfg.data.dir), cfg.model.vocab_size) if world.is_main else None
    barrier(world)
    data = data or prepare(sources, Path(cfg.data.dir), cfg.model.vocab_size)
    tokenizer = Tokenizer.from_file(data.tokenizer_path)
    if tokenizer.vocab_size != cfg.model.vocab_size:
        raise UserError(f"{data.tokenizer_path} has {tokenizer.vocab_size} tokens but model.vocab_size is "
                        f"{cfg.model.vocab_size}")
    suite_eval = TrainingEval.from_spec(tc.eval_suite, tc.eval_max_new_tokens)
    meta = read_meta(data.shard_dir)
    loader = WindowLoader(data.shard_dir, "train", tc.batch_size, tc.seq_len, seed=tc.seed,
                          rank=world.rank, world_size=world.world_size)
    val_batches = fixed_batches(data.shard_dir, "val", tc.batch_size, tc.seq_len, tc.eval_batches)

    model = Transformer(cfg.model).to(device)
    optimizer = make_adamw(model, tc.lr, tc.weight_decay, (tc.beta1, tc.beta2), device)
    result = RunResult(unigram_val_loss=meta["unigram_val_loss"])
    start = 0
    if resume is not None:
        state = load_checkpoint(find_resume_checkpoint(out, resume), model, tokenizer)
        optimizer.load_state_dict(state["optimizer"])
        loader.load_state_dict(state["loader"])
        set_rng_state(state["rng"])
        start, result.best_val_loss = state["step"], state["best_val_loss"]
        if start >= tc.max_steps:
            raise UserError(f"--resume: the checkpoint is at step {start}, train.max_steps is {tc.max_steps}; raise it to train further")
    train_model = wrap(maybe_compile(model, tc.compile, device), world, device)  # what the step calls
    meter = Throughput(cfg.model, device, world)

    writer = None
    if world.is_main:
        out.mkdir(parents=True, exist_ok=True)
        write_json(out / "run_config.json", cfg.to_dict())
        writer = SummaryWriter(out / "tb", purge_step=start or None)
        if start == 0:
            writer.add_text("config", "```\n" + json.dumps(cfg.to_dict(), indent=2) + "\n```")
            writer.add_scalar("val/unigram_loss", result.unigram_val_loss, 0)
        print(f"model: {model.num_params():,} parameters | device: {device} × {world.world_size} | data: "
              f"{meta['splits']['train']['tokens']:,} train tokens | unigram val loss {result.unigram_val_loss:.3f} | "
              f"compile: {'on' if compile_enabled(tc.compile, device) else 'off'} | kernels: {tc.kernels} | "
              f"{meter.describe()} | run: {out}")

    bar = tqdm(range(start, tc.max_steps), initial=start, total=tc.max_steps, desc="pretrain", dynamic_ncols=True,
               disable=not world.is_main)
    rates: dict[str, float] = {}
    for step in bar:
        lr = lr_at(step, tc.lr, tc.warmup_steps, tc.max_steps, tc.min_lr_ratio)
        windows = [loader.next_batch() for _ in range(tc.grad_accum)]
        loss, grad_norm = optimizer_step(train_model, optimizer, [(w[:, :-1], w[:, 1:]) for w in windows], lr,
                                         tc.grad_clip, tc.label_smoothing, device, world)
        meter.add(tc.batch_size * tc.seq_len * tc.grad_accum, tc.seq_len)

        done = step + 1
        result.losses[done] = loss
        if done % tc.log_interval == 0 or done == tc.max_steps:
            rates = meter.report()
            if writer:
                for tag, value in {"train/loss": loss, "train/lr": lr, "train/grad_norm": grad_norm,
                                   **{f"train/{k}": v for k, v in rates.items()}}.items():
                    writer.add_scalar(tag, value, done)
        bar.set_postfix(loss=f"{loss:.3f}", lr=f"{lr:.2e}", **format_rates(rates))
        if done % tc.eval_interval == 0 or done == tc.max_steps:
            with meter.paused():
                if world.is_main:
                    evaluate_and_save(cfg, out, done, model, tokenizer, val_batches, suite_eval, optimizer, loader,
                                      result, writer, device)
                barrier(world)  # the other ranks wait while rank 0 evaluates and writes
    if writer:
        writer.close()
        print(f"done: best val loss {result.best_val_loss:.4f} vs unigram {result.unigram_val_loss:.3f}; "
              f"checkpoints in {out} — try: python -m eval.sample --ckpt {out / 'best'} --prompt 'def '")
    return result


def evaluate_and_save(cfg: RunConfig, out: Path, done: int, model: Transformer, tokenizer: Tokenizer,
                      val_batches: list[torch.Tensor], suite_eval: TrainingEval | None, optimizer, loader,
                      result: RunResult, writer: SummaryWriter, device: torch.device) -> None:
    """Validation loss, samples, the suite, and a checkpoint (rank 0 only)."""
    tc = cfg.train
    val_loss = evaluate(model, val_batches, device)
    result.val_losses[done] = val_loss
    is_best = val_loss < result.best_val_loss
    result.best_val_loss = min(result.best_val_loss, val_loss)
    writer.add_scalar("val/loss", val_loss, done)
    writer.add_text("samples", write_samples(model, tokenizer, device, tc.sample_tokens, seed=tc.seed), done)
    scored = ""
    if suite_eval:
        result.evals[done], headline = suite_eval.log(model, tokenizer, writer, done)
        scored = f" | {headline}"
    tqdm.write(f"step {done}: val loss {val_loss:.4f} (unigram {result.unigram_val_loss:.3f})"
               f"{' — best so far' if is_best else ''}{scored}")
    state = {"step": done, "optimizer": optimizer.state_dict(), "loader": loader.state_dict(),
             "rng": rng_state(), "config": cfg.to_dict(), "val_loss": val_loss, "best_val_loss": result.best_val_loss}
    extra = {"stage": "pretrain", "step": done, "val_loss": val_loss}
    save_checkpoint(out, done, model_writer(model, tokenizer, extra), state, is_best, tc.keep_last)


@torch.no_grad()
def evaluate(model: Transformer, batches: list[torch.Tensor], device: torch.device) -> float:
    """Mean cross-entropy (nats/token, no label smoothing) over fixed validation batches."""
    model.eval()
    total = 0.0
    for batch in batches:
        batch = batch.to(device)
        with autocast(device):
            total += model(batch[:, :-1], batch[:, 1:]).item()
    model.train()
    return total / len(batches)


def write_samples(model: Transformer, tokenizer: Tokenizer, device: torch.device, max_new_tokens: int,
                  seed: int) -> str:
    """A few completions of fixed prompts, as Markdown for TensorBoard. Uses its own generator so
    sampling never shifts the training RNG (resume stays exact)."""
    model.eval()
    generator = torch.Generator(device=device).manual_seed(seed)
    sampling = SamplingConfig(max_new_tokens=min(max_new_tokens, model.cfg.max_seq_len - 8), temperature=0.8, top_k=50)
    with autocast(device):
        texts = generate(model, tokenizer, SAMPLE_PROMPTS, sampling, generator=generator)
    model.train()
    return "\n\n".join(f"```python\n{p}{t}\n```" for p, t in zip(SAMPLE_PROMPTS, texts))


if __name__ == "__main__":
    run_main(main)
