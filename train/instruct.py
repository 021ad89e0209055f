"""`python -m train.instruct [--lora]`: instruction-tune a pretrained checkpoint.

With no arguments it starts from the newest pretraining checkpoint under runs/, takes the default
instruction mix (synthetic problems plus MBPP train/validation, verified in the sandbox, deduplicated
and decontaminated; built on first use into runs/data/instruct_default by data.curation.default_mix), and
fully fine-tunes into runs/instruct; with `--lora` it trains a LoRA adapter on the attention
projections instead, into runs/instruct-lora. `--data FILE...` takes instruction JSONL: the records
of data/instruct/records.py, or any lines with `instruction`, `input`, `output` (optionally `entry_point`,
`problem_id`).

Design choices:
- one template (data/instruct/template.py) renders every example in HumanEval's shape — signature and
  docstring as the prompt, body as the response — the same shape evaluation prompts have;
- the loss covers response tokens only: prompt tokens carry the ignore index;
- batches are length-bucketed and padded only to their own longest example, never to the maximum
  length (static padding made an earlier model overfit to pad tokens);
- every `--eval-interval` steps: response loss on held-out problems, plus the mini-HumanEval
  solved greedily in the sandbox (pass@1, syntax validity, mode-collapse metrics); the checkpoint
  with the lowest held-out loss is kept as `best`, besides the last few (`python -m eval.sweep`
  ranks every kept checkpoint by pass@1 instead);
- checkpoints hold the adapter only (LoRA) or the whole model, plus the optimizer, batcher
  position and RNG states, so `--resume` continues exactly as pretraining does;
- the same speed switches (`--compile`, `--kernels`), tokens/s and MFU, and `torchrun` data
  parallelism as pretraining (rank r takes batches r, r + K, ... of the shared bucketed order).
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import torch
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm

from configs.device import autocast, pick_device
from configs.errors import UserError, run_main
from configs.files import write_json
from data.curation.default_mix import default_mix
from data.instruct.batching import BucketBatcher, collate
from data.instruct.examples import IGNORE_INDEX, TokenizedExample, read_examples, tokenize
from data.instruct.split import split_by_problem
from data.pretrain.tokenizer import Tokenizer
from eval.during_training import TrainingEval
from kernels.dispatch import BACKENDS
from lora import LoRAConfig, inject, load_adapter, save_adapter
from model.checkpoint import load_model, read_config
from model.model import Transformer
from train.checkpoint import (
    find_resume_checkpoint,
    load_checkpoint,
    model_writer,
    read_state,
    rng_state,
    save_checkpoint,
    set_rng_state,
)
from train.config import COMPILE_SETTINGS
from train.distributed import World, barrier, close, init_world, wrap
from train.optim import lr_at, make_adamw, optimizer_step
from train.speed import compile_enabled, configure, maybe_compile
from train.throughput import Throughput, format_rates


@dataclass
class InstructResult:
    losses: dict[int, float] = field(default_factory=dict)
    val_losses: dict[int, float] = field(default_factory=dict)
    metrics: dict[int, dict[str, float]] = field(default_factory=dict)  # step → eval/* and collapse/* scalars
    best_val_loss: float = float("inf")
    tokens: int = 0  # tokens (padding included) this process trained on


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m train.instruct", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--lora", action="store_true", help="train a LoRA adapter instead of every weight")
    p.add_argument("--init", type=Path, help="pretraining checkpoint or run dir (default: newest under runs/)")
    p.add_argument("--data", type=Path, nargs="+", help="instruction JSONL files (default: the verified default mix, "
                   "built on first use by data.curation.default_mix)")
    p.add_argument("--out", type=Path, help="run directory (default: runs/instruct or runs/instruct-lora)")
    p.add_argument("--resume", nargs="?", const="latest", metavar="CKPT", help="continue the run in --out")
    p.add_argument("--max-steps", type=int, default=300, help="optimizer steps in the whole run")
    p.add_argument("--batch-size", type=int, default=8, help="examples per micro-batch")
    p.add_argument("--grad-accum", type=int, default=1, help="micro-batches per optimizer step")
    p.add_argument("--lr", type=float, default=1e-4, help="peak learning rate")
    p.add_argument("--warmup-steps", type=int, default=20, help="linear warmup, then cosine decay to 10%%")
    p.add_argument("--weight-decay", type=float, default=0.0, help="AdamW decay of trainable matrices")
    p.add_argument("--grad-clip", type=float, default=1.0, help="max global grad norm (0 = off)")
    p.add_argument("--label-smoothing", type=float, default=0.0, help="cross-entropy label smoothing")
    p.add_argument("--val-fraction", type=float, default=0.05, help="share of problems held out")
    p.add_argument("--eval-interval", type=int, default=50, help="steps between evaluation + checkpoint")
    p.add_argument("--eval-suite", default="mini", help="suite solved greedily at each evaluation: mini | humaneval "
                   "| mbpp | FILE ('' = off)")
    p.add_argument("--eval-max-new-tokens", type=int, default=128, help="token budget per completion of that suite")
    p.add_argument("--keep-last", type=int, default=2, help="checkpoints kept besides the best")
    p.add_argument("--lora-targets", nargs="+", default=["attn"], help="presets (attn, mlp, all) or module patterns")
    p.add_argument("--lora-r", type=int, default=8, help="LoRA rank")
    p.add_argument("--lora-alpha", type=float, default=16.0, help="LoRA scale numerator (scaling = alpha/r)")
    p.add_argument("--lora-dropout", type=float, default=0.0, help="dropout on the LoRA branch input")
    p.add_argument("--rslora", action="store_true", help="scale by alpha/sqrt(r) instead of alpha/r")
    p.add_argument("--seed", type=int, default=1337, help="seed for batch order and LoRA init")
    p.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:N")
    p.add_argument("--compile", choices=COMPILE_SETTINGS, default="auto", help="torch.compile the model (auto: on CUDA only)")
    p.add_argument("--kernels", choices=BACKENDS, default="auto",
                   help="hot ops: Triton kernels on CUDA (auto), forced triton, or the PyTorch reference")
    p.add_argument("--log-interval", type=int, default=10, help="steps between tokens/s and MFU reports")
    args = p.parse_args(argv)
    for name in ("max_steps", "batch_size", "grad_accum", "eval_interval", "keep_last", "eval_max_new_tokens",
                 "log_interval"):
        if getattr(args, name) <= 0:
            p.error(f"--{name.replace('_', '-')} must be positive")
    return args


def newest_pretrain_checkpoint(runs: Path = Path("runs")) -> Path:
    candidates = []
    for link in runs.glob("*/latest"):
        # adapter checkpoints of LoRA runs have no config.json: they are never a starting point
        if (link / "config.json").is_file() and read_config(link.resolve()).get("stage") == "pretrain":
            candidates.append(link.resolve())
    if not candidates:
        raise UserError(f"no pretraining checkpoint under {runs}/: run `python -m train.pretrain` first or pass --init")
    return max(candidates, key=lambda p: p.stat().st_mtime)


def main(argv: list[str] | None = None) -> InstructResult:
    args = parse_args(argv)
    out = args.out or Path("runs") / ("instruct-lora" if args.lora else "instruct")
    if args.resume is None and (out / "latest").exists():
        raise UserError(f"{out} already holds a run: pass --resume to continue it, or --out DIR for a new one")
    world, device_name = init_world(args.device)
    try:
        return train(args, out, world, pick_device(device_name))
    finally:
        close(world)


def train(args: argparse.Namespace, out: Path, world: World, device: torch.device) -> InstructResult:
    configure(device, args.kernels)
    torch.manual_seed(args.seed)
    resume_ckpt = find_resume_checkpoint(out, args.resume) if args.resume else None
    state = read_state(resume_ckpt) if resume_ckpt else None
    if state and state["lora"] != args.lora:
        raise UserError(f"{resume_ckpt} is from a {'LoRA' if state['lora'] else 'full fine-tuning'} run: "
                        f"resume it {'with' if state['lora'] else 'without'} --lora")
    init = Path(state["init"]) if state else (args.init or newest_pretrain_checkpoint())
    base = load_model(init, device)
    model, tokenizer = base.model.train(), base.tokenizer
    base_sha = base.config["weights_sha256"]
    suite_eval = TrainingEval.from_spec(args.eval_suite, args.eval_max_new_tokens)
    if world.is_main and not args.data:
        default_mix()  # rank 0 builds the default mix on first use; the others then find it built
    barrier(world)
    examples = [e for path in (args.data or default_mix()) for e in read_examples(path)]
    train_examples, val_examples = split_by_problem(examples, lambda e: e.problem_key, args.val_fraction)
    train_set, dropped = fit_context([tokenize(e, tokenizer) for e in train_examples], model.cfg.max_seq_len)
    val_set, _ = fit_context([tokenize(e, tokenizer) for e in val_examples], model.cfg.max_seq_len)
    write_weights = prepare_model(args, model, tokenizer, base.path, base_sha, resume_ckpt, world.is_main)
    batcher = BucketBatcher(train_set, args.batch_size, tokenizer.pad_id, args.seed, world.rank, world.world_size)
    val_batches = [collate(val_set[i:i + args.batch_size], tokenizer.pad_id)
                   for i in range(0, len(val_set), args.batch_size)]
    optimizer = make_adamw(model, args.lr, args.weight_decay, (0.9, 0.95), device)
    result, start = InstructResult(), 0
    if state:
        optimizer.load_state_dict(state["optimizer"])
        batcher.load_state_dict(state["batcher"])
        set_rng_state(state["rng"])
        start, result.best_val_loss = state["step"], state["best_val_loss"]
        if start >= args.max_steps:
            raise UserError(f"--resume: the checkpoint is at step {start}, --max-steps is {args.max_steps}")
    train_model = wrap(maybe_compile(model, args.compile, device), world, device)  # what the step calls
    meter = Throughput(model.cfg, device, world)

    writer, run_config = None, json.loads(json.dumps(vars(args), default=str)) | {"init": str(base.path)}
    if world.is_main:
        print(f"data: {len(train_set)} train / {len(val_set)} val examples ({dropped} longer than the "
              f"{model.cfg.max_seq_len}-token context dropped) | init: {base.path} | device: {device} × "
              f"{world.world_size} | compile: {'on' if compile_enabled(args.compile, device) else 'off'} | "
              f"kernels: {args.kernels} | {meter.describe()}")
        out.mkdir(parents=True, exist_ok=True)
        write_json(out / "instruct_config.json", run_config)
        writer = SummaryWriter(out / "tb", purge_step=start or None)
        if start == 0:
            writer.add_text("config", "```\n" + json.dumps(run_config, indent=2) + "\n```")
    bar = tqdm(range(start, args.max_steps), initial=start, total=args.max_steps, desc="instruct", dynamic_ncols=True,
               disable=not world.is_main)
    rates: dict[str, float] = {}
    for step in bar:
        lr = lr_at(step, args.lr, args.warmup_steps, args.max_steps, 0.1)
        micro_batches = [batcher.next_batch() for _ in range(args.grad_accum)]
        loss, grad_norm = optimizer_step(train_model, optimizer, micro_batches, lr, args.grad_clip,
                                         args.label_smoothing, device, world)
        for inputs, _ in micro_batches:
            meter.add(inputs.numel(), inputs.shape[1])
            result.tokens += inputs.numel()
        done = step + 1
        result.losses[done] = loss
        if done % args.log_interval == 0 or done == args.max_steps:
            rates = meter.report()
        bar.set_postfix(loss=f"{loss:.3f}", lr=f"{lr:.2e}", **format_rates(rates))
        if writer:
            for tag, value in {"train/loss": loss, "train/lr": lr, "train/grad_norm": grad_norm}.items():
                writer.add_scalar(tag, value, done)
            if done % args.log_interval == 0 or done == args.max_steps:
                for key, value in rates.items():
                    writer.add_scalar(f"train/{key}", value, done)
        if done % args.eval_interval == 0 or done == args.max_steps:
            with meter.paused():
                if world.is_main:
                    evaluate_and_save(args, out, done, model, tokenizer, val_batches, suite_eval, optimizer, batcher,
                                      base.path, write_weights, result, writer, device)
                barrier(world)  # the other ranks wait while rank 0 evaluates and writes
    if writer:
        writer.close()
        print(f"done: best val response loss {result.best_val_loss:.4f}; try: python -m eval.sample --ckpt {out / 'best'} "
              f"--prompt 'def add(a, b):\n    \"\"\"Return the sum of a and b.\"\"\"\n'")
    return result


def evaluate_and_save(args: argparse.Namespace, out: Path, done: int, model: Transformer, tokenizer: Tokenizer,
                      val_batches, suite_eval: TrainingEval | None, optimizer, batcher: BucketBatcher, init: Path,
                      write_weights: Callable[[Path], None], result: InstructResult, writer: SummaryWriter,
                      device: torch.device) -> None:
    """Held-out response loss, the suite, and a checkpoint (rank 0 only)."""
    val_loss = evaluate_loss(model, val_batches, device)
    result.val_losses[done] = val_loss
    is_best = val_loss < result.best_val_loss
    result.best_val_loss = min(result.best_val_loss, val_loss)
    writer.add_scalar("val/response_loss", val_loss, done)
    scored = ""
    if suite_eval:
        result.metrics[done], headline = suite_eval.log(model, tokenizer, writer, done)
        scored = f" | {headline}"
    tqdm.write(f"step {done}: val response loss {val_loss:.4f}{' — best so far' if is_best else ''}{scored}")
    state = {"step": done, "optimizer": optimizer.state_dict(), "batcher": batcher.state_dict(),
             "rng": rng_state(), "init": str(init), "val_loss": val_loss,
             "best_val_loss": result.best_val_loss, "lora": args.lora}
    save_checkpoint(out, done, write_weights, state, is_best, args.keep_last)


def fit_context(examples: list[TokenizedExample], max_seq_len: int) -> tuple[list[TokenizedExample], int]:
    """Keep examples whose input (all ids but the last) fits the context; count the rest."""
    kept = [e for e in examples if len(e.ids) - 1 <= max_seq_len]
    return kept, len(examples) - len(kept)


def prepare_model(args: argparse.Namespace, model: Transformer, tokenizer: Tokenizer, init: Path, base_sha: str,
                  resume_ckpt: Path | None, report: bool = True) -> Callable[[Path], None]:
    """Inject LoRA (or restore it / the full weights when resuming); return the checkpoint writer."""
    if not args.lora:
        if resume_ckpt:
            load_checkpoint(resume_ckpt, model, tokenizer)
        return model_writer(model, tokenizer, {"stage": "instruct"})
    if resume_ckpt:
        lora_cfg = load_adapter(resume_ckpt, model, base_sha)
    else:
        lora_cfg = LoRAConfig(targets=args.lora_targets, r=args.lora_r, alpha=args.lora_alpha,
                              dropout=args.lora_dropout, rslora=args.rslora)
        summary = inject(model, lora_cfg)
        if report:
            print(summary)
    return lambda directory: save_adapter(directory, model, lora_cfg, init, base_sha)


@torch.no_grad()
def evaluate_loss(model: Transformer, batches: list[tuple[torch.Tensor, torch.Tensor]], device: torch.device) -> float:
    """Mean response-token loss over the held-out batches (token-weighted)."""
    model.eval()
    total, count = 0.0, 0
    for inputs, targets in batches:
        n = int((targets != IGNORE_INDEX).sum())
        with autocast(device):
            total += model(inputs.to(device), targets.to(device)).item() * n
        count += n
    model.train()
    return total / max(count, 1)


if __name__ == "__main__":
    run_main(main)
