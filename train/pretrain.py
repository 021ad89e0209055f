"""`python -m train.pretrain`: pretrain a decoder on Python source.

With no arguments it builds the default data under runs/data if absent (this interpreter's standard
library → corpus → byte-level BPE tokenizer → uint16 token shards), then trains the `tiny` config on
the CPU — or the `29m` preset when a CUDA device is present — writing checkpoints and TensorBoard
logs to runs/<config>. Watch with `tensorboard --logdir runs`.

Design choices:
- one TOML per named config (configs/pretrain/); every key is also a flag (`--train.lr 1e-3`), so
  `--help` lists all (train/config.py);
- the loop, its schedule, logging, evaluation, checkpoints and resume are the ones instruction
  tuning runs too (train/loop.py); what is pretraining's own is here: the data, the model built
  from its config, the validation loss on fixed batches, and a few samples at each evaluation;
- fused AdamW, linear warmup + cosine decay, global-norm clipping, gradient accumulation, optional
  label smoothing;
- speed switches (train/speed.py): `--train.precision` (bf16 autocast where the device has native
  bf16: CUDA, or a CPU with AMX or AVX-512-BF16), `--train.compile`, `--train.kernels` (checked
  against their references at start-up on CUDA), TF32, pinned-memory asynchronous copies; tokens/s
  and MFU logged every `log_interval` steps (train/throughput.py);
- `torchrun --nproc_per_node=K -m train.pretrain` trains data-parallel (train/distributed.py):
  each rank reads its slice of every global batch, rank 0 logs, evaluates and checkpoints;
- every `eval_interval` steps: validation loss on fixed batches, a few samples, the mini-HumanEval
  solved greedily in the sandbox (pass@1, syntax validity, mode-collapse metrics), and a
  checkpoint (keep-last-k plus best-by-val, written atomically);
- the data loader's position and the RNG states are checkpointed, so `--resume` continues
  exactly (README: "Stopping, resuming, requeueing" says how exactly); SIGTERM, SIGINT and SIGUSR1
  checkpoint and stop at the next step boundary, so a scheduler's requeue loses nothing.
"""
from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import torch

from configs.device import autocast
from configs.errors import UserError, run_main
from configs.overrides import add_override_flags, overrides_from_args
from data.pretrain.loader import WindowLoader, fixed_batches
from data.pretrain.prepare import prepare
from data.pretrain.shards import read_meta
from data.pretrain.tokenizer import Tokenizer
from model.checkpoint import load_model
from model.generate import SamplingConfig, generate
from model.model import Transformer
from train.checkpoint import load_checkpoint, model_writer
from train.config import PretrainConfig, load_config
from train.distributed import World, barrier
from train.loop import Loop, Stage, TrainResult, launch

SAMPLE_PROMPTS = ["def ", "class ", "import "]
ALIASES = {"train.max_steps": "--max-steps", "train.lr": "--lr", "train.batch_size": "--batch-size"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m train.pretrain", description="Pretrain a small code model on Python source.",
        epilog="Every key of the config's TOML is a flag: --model.KEY, --train.KEY, --data.KEY.")
    parser.add_argument("--config", help="named config in configs/pretrain/ or a .toml path "
                                         "(default: tiny on CPU, 29m on CUDA)")
    parser.add_argument("--out", type=Path, help="run directory (default: runs/<config>)")
    parser.add_argument("--init", type=Path, metavar="CKPT",
                        help="continue pretraining a model: a checkpoint, or a Hugging Face Llama directory; its "
                             "shape and tokenizer replace the config's model and the data's tokenizer")
    parser.add_argument("--resume", nargs="?", const="latest", metavar="CKPT",
                        help="continue the run in --out from its latest checkpoint, or from CKPT (none yet: start "
                             "fresh; a complete run: nothing to do, exit 0)")
    add_override_flags(parser, PretrainConfig, ALIASES)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> TrainResult:
    args = parse_args(argv)
    name = args.config or ("29m" if torch.cuda.is_available() else "tiny")
    cfg = load_config(PretrainConfig, "pretrain", name, overrides_from_args(args))
    out = args.out or Path("runs") / Path(name).stem
    return train(cfg, out, resume=args.resume, init=args.init)


def train(cfg: PretrainConfig, out: Path, resume: str | None = None, init: Path | None = None) -> TrainResult:
    return launch(cfg.train, out, resume, lambda world, device: train_on(cfg, out, resume, world, device, init))


class NextTokenBatches:
    """The loader's (batch, seq_len + 1) windows as (inputs, targets) shifted by one token."""

    def __init__(self, loader: WindowLoader):
        self.loader = loader

    def next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        window = self.loader.next_batch()
        return window[:, :-1], window[:, 1:]

    def state_dict(self) -> dict:
        return self.loader.state_dict()

    def load_state_dict(self, state: dict) -> None:
        self.loader.load_state_dict(state)


def train_on(cfg: PretrainConfig, out: Path, resume: str | None, world: World, device: torch.device,
             init: Path | None = None) -> TrainResult:
    tc = cfg.train
    loop = Loop(tc, out, world, device)
    start = load_model(init) if init else None  # its shape and tokenizer replace the config's
    if start:
        cfg = replace(cfg, model=start.config["model"])  # checks train.seq_len against its context
    given = start.tokenizer if start else None
    sources = [Path(s) for s in cfg.data.src] or None
    # rank 0 builds the data if it is missing; the others then find it built
    build = (sources, Path(cfg.data.dir), cfg.model.vocab_size, given, cfg.data.tokenizer_split)
    data = prepare(*build) if world.is_main else None
    barrier(world)
    data = data or prepare(*build)
    tokenizer = Tokenizer.from_file(data.tokenizer_path)
    if tokenizer.vocab_size != cfg.model.vocab_size:
        raise UserError(f"{data.tokenizer_path} has {tokenizer.vocab_size} tokens but model.vocab_size is "
                        f"{cfg.model.vocab_size}")
    meta = read_meta(data.shard_dir)
    loader = WindowLoader(data.shard_dir, "train", tc.batch_size, tc.seq_len, seed=tc.seed,
                          rank=world.rank, world_size=world.world_size)
    val_batches = fixed_batches(data.shard_dir, "val", tc.batch_size, tc.seq_len, tc.eval_batches)

    model = (start.model.train() if start else Transformer(cfg.model)).to(device)
    stage = Stage(
        name="pretrain", model=model, tokenizer=tokenizer, optimizer=loop.optimizer(model),
        batches=NextTokenBatches(loader), val_tag="val/loss", validate=lambda: evaluate(model, val_batches, device),
        write_weights=model_writer(model, tokenizer, {"stage": "pretrain"}),
        checkpoint_extras={"config": cfg.to_dict()}, baselines={"val/unigram_loss": meta["unigram_val_loss"]},
        on_eval=lambda writer, step: writer.add_text(
            "samples", samples_markdown(model, tokenizer, device, tc.sample_tokens, seed=tc.seed), step))
    ckpt = loop.find_resume(resume)
    if ckpt:
        loop.resume(load_checkpoint(ckpt, model, tokenizer), stage)
    if world.is_main:
        print(f"model: {model.num_params():,} parameters | data: {meta['splits']['train']['tokens']:,} train tokens | "
              f"unigram val loss {meta['unigram_val_loss']:.3f} | {loop.describe()}")
    result = loop.run(stage, cfg.to_dict())
    if world.is_main:
        print(f"done: best val loss {result.best_val_loss:.4f} vs unigram {meta['unigram_val_loss']:.3f}; "
              f"checkpoints in {out} — try: python -m eval.sample --ckpt {out / 'best'} --prompt 'def '")
    return result


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


def samples_markdown(model: Transformer, tokenizer: Tokenizer, device: torch.device, max_new_tokens: int,
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
