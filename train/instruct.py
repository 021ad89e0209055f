"""`python -m train.instruct [--lora]`: instruction-tune a pretrained checkpoint.

With no arguments it starts from the newest pretraining checkpoint under runs/, takes the default
instruction mix (synthetic problems plus MBPP train/validation, verified in the sandbox, deduplicated
and decontaminated; built on first use into runs/data/instruct_default by data.curation.default_mix), and
fully fine-tunes into runs/instruct; with `--lora` it trains a LoRA adapter on the attention
projections instead, into runs/instruct-lora. `--data FILE...` takes instruction JSONL: the records
of data/instruct/records.py, or any lines with `instruction`, `input`, `output` (optionally
`entry_point`, `problem_id`); a share of their problems is held out (data/instruct/split.py)
unless `--data.val_files` names held-out files. The default mix brings its own held-out side.

Design choices:
- typed config sections (train/config.py): [model] init, [train] the loop shared with pretraining
  (train/loop.py), [data] files, [lora]; a TOML file (`--config`) and every key as a
  `--section.key` flag, with short forms for the common ones (`--lora`, `--init`, `--data`, ...);
- one template (data/instruct/template.py) renders every example in HumanEval's shape — signature and
  docstring as the prompt, body as the response — the same shape evaluation prompts have;
- the loss covers response tokens only: prompt tokens carry the ignore index;
- batches are length-bucketed and padded only to their own longest example, never to the maximum
  length (static padding made an earlier model overfit to pad tokens);
- every `train.eval_interval` steps: response loss on held-out problems, plus the mini-HumanEval
  solved greedily in the sandbox (pass@1, syntax validity, mode-collapse metrics); the checkpoint
  with the lowest held-out loss is kept as `best`, besides the last few (`python -m eval.sweep`
  ranks every kept checkpoint by pass@1 instead);
- checkpoints hold the adapter only (LoRA) or the whole model, plus the optimizer, batcher
  position and RNG states, so `--resume` continues exactly as pretraining does;
- the same speed switches (`--train.precision`, `--train.compile` — here with dynamic shapes, since
  every batch has its own length — `--train.kernels`), tokens/s and MFU, and `torchrun` data
  parallelism as pretraining (rank r takes batches r, r + K, ... of the shared bucketed order).
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import torch

from configs.device import autocast
from configs.errors import UserError, run_main
from configs.overrides import add_override_flags, overrides_from_args
from data.curation.default_mix import default_mix
from data.instruct.batching import BucketBatcher, collate
from data.instruct.examples import IGNORE_INDEX, Example, TokenizedExample, read_examples, tokenize
from data.instruct.split import split_by_problem
from lora import LoRAConfig, inject, load_adapter, save_adapter
from model.checkpoint import LoadedModel, load_model, read_config
from model.model import Transformer
from train.checkpoint import load_checkpoint, model_writer, read_state
from train.config import InstructConfig, load_config
from train.distributed import World, barrier
from train.loop import Loop, Stage, TrainResult, launch

ALIASES = {"train.max_steps": "--max-steps", "train.lr": "--lr", "train.batch_size": "--batch-size",
           "lora.enabled": "--lora", "model.init": "--init", "data.files": "--data"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m train.instruct", description=__doc__.split("\n\n")[0],
        epilog="Every config key is a flag: --model.KEY, --train.KEY, --data.KEY, --lora.KEY; the common ones "
               "also have short forms (--lora, --init, --data, --max-steps, --lr, --batch-size).")
    parser.add_argument("--config", help="named config in configs/instruct/ or a .toml path "
                                         "(default: the defaults below)")
    parser.add_argument("--out", type=Path, help="run directory (default: runs/instruct or runs/instruct-lora)")
    parser.add_argument("--resume", nargs="?", const="latest", metavar="CKPT",
                        help="continue the run in --out from its latest checkpoint, or from CKPT (none yet: start "
                             "fresh; a complete run: nothing to do, exit 0)")
    add_override_flags(parser, InstructConfig, ALIASES)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> TrainResult:
    args = parse_args(argv)
    cfg = load_config(InstructConfig, "instruct", args.config, overrides_from_args(args))
    out = args.out or Path("runs") / ("instruct-lora" if cfg.lora.enabled else "instruct")
    return train(cfg, out, resume=args.resume)


def train(cfg: InstructConfig, out: Path, resume: str | None = None) -> TrainResult:
    return launch(cfg.train, out, resume, lambda world, device: train_on(cfg, out, resume, world, device))


def newest_pretrain_checkpoint(runs: Path = Path("runs")) -> Path:
    candidates = []
    for link in runs.glob("*/latest"):
        # adapter checkpoints of LoRA runs have no config.json: they are never a starting point
        if (link / "config.json").is_file() and read_config(link.resolve()).get("stage") == "pretrain":
            candidates.append(link.resolve())
    if not candidates:
        raise UserError(f"no pretraining checkpoint under {runs}/: run `python -m train.pretrain` first or pass --init")
    return max(candidates, key=lambda p: p.stat().st_mtime)


def train_on(cfg: InstructConfig, out: Path, resume: str | None, world: World, device: torch.device) -> TrainResult:
    tc = cfg.train
    loop = Loop(tc, out, world, device)
    resume_ckpt = loop.find_resume(resume)
    state = read_state(resume_ckpt) if resume_ckpt else None
    if state and state["config"]["lora"]["enabled"] != cfg.lora.enabled:
        was_lora = state["config"]["lora"]["enabled"]
        raise UserError(f"{resume_ckpt} is from a {'LoRA' if was_lora else 'full fine-tuning'} run: "
                        f"resume it {'with' if was_lora else 'without'} --lora")
    init = Path(state["init"]) if state else Path(cfg.model.init) if cfg.model.init else newest_pretrain_checkpoint()
    base = load_model(init, device)
    model, tokenizer = base.model.train(), base.tokenizer
    train_examples, val_examples = read_data(cfg, world)
    train_set, dropped = fit_context([tokenize(e, tokenizer) for e in train_examples], model.cfg.max_seq_len)
    val_set, _ = fit_context([tokenize(e, tokenizer) for e in val_examples], model.cfg.max_seq_len)
    write_weights = prepare_model(cfg.lora, base, resume_ckpt, world.is_main)
    val_batches = [collate(val_set[i:i + tc.batch_size], tokenizer.pad_id)
                   for i in range(0, len(val_set), tc.batch_size)]
    stage = Stage(
        name="instruct", model=model, tokenizer=tokenizer, optimizer=loop.optimizer(model),
        batches=BucketBatcher(train_set, tc.batch_size, tokenizer.pad_id, tc.seed, world.rank, world.world_size),
        val_tag="val/response_loss", validate=lambda: evaluate_loss(model, val_batches, device),
        write_weights=write_weights, checkpoint_extras={"config": cfg.to_dict(), "init": str(base.path)},
        varying_lengths=True)
    if state:
        loop.resume(state, stage)
    if world.is_main:
        print(f"data: {len(train_set)} train / {len(val_set)} val examples ({dropped} longer than the "
              f"{model.cfg.max_seq_len}-token context dropped) | init: {base.path} | {loop.describe()}")
    result = loop.run(stage, cfg.to_dict() | {"model": {"init": str(base.path)}})
    if world.is_main:
        print(f"done: best val response loss {result.best_val_loss:.4f}; try: python -m eval.sample --ckpt "
              f"{out / 'best'} --prompt 'def add(a, b):\n    \"\"\"Return the sum of a and b.\"\"\"\n'")
    return result


def read_data(cfg: InstructConfig, world: World) -> tuple[list[Example], list[Example]]:
    """(train, held-out) examples: the given files, split by problem unless held-out files are given;
    or the default mix, whose own held-out side is used as it is."""
    if cfg.data.files:
        examples = [e for path in cfg.data.files for e in read_examples(Path(path))]
        if not cfg.data.val_files:
            return split_by_problem(examples, lambda e: e.problem_key, cfg.data.val_fraction)
        return examples, [e for path in cfg.data.val_files for e in read_examples(Path(path))]
    if world.is_main:
        default_mix()  # rank 0 builds the default mix on first use; the others then find it built
    barrier(world)
    train_file, val_file = default_mix()
    return read_examples(train_file), read_examples(val_file)


def fit_context(examples: list[TokenizedExample], max_seq_len: int) -> tuple[list[TokenizedExample], int]:
    """Keep examples whose input (all ids but the last) fits the context; count the rest."""
    kept = [e for e in examples if len(e.ids) - 1 <= max_seq_len]
    return kept, len(examples) - len(kept)


def prepare_model(lora_cfg: LoRAConfig, base: LoadedModel, resume_ckpt: Path | None, report: bool = True,
                  stage: str = "instruct") -> Callable[[Path, dict], None]:
    """Inject LoRA (or restore it / the full weights when resuming); return the checkpoint writer."""
    model, tokenizer, base_sha = base.model, base.tokenizer, base.config["weights_sha256"]
    if not lora_cfg.enabled:
        if resume_ckpt:
            load_checkpoint(resume_ckpt, model, tokenizer)
        return model_writer(model, tokenizer, {"stage": stage})
    if resume_ckpt:
        lora_cfg = load_adapter(resume_ckpt, model, base_sha)
    else:
        summary = inject(model, lora_cfg)
        if report:
            print(summary)
    return lambda directory, record: save_adapter(directory, model, lora_cfg, base.path, base_sha)


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
