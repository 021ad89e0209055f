"""`python -m train.speedrun`: the whole pipeline in one command, timed stage by stage.

    1. data       every Python file the interpreter can see — the standard library and
                  site-packages — deduplicated, filtered and split; a byte-level BPE tokenizer;
                  token shards
    2. pretrain   the 29m config on a GPU (`tiny` on the CPU), its TOML's step budget unless
                  --pretrain-steps says otherwise
    3. instruct   a LoRA adapter on the default instruction mix (or --instruct-data)
    4. evaluate   the mini-HumanEval, greedy, in the sandbox, with the adapter applied

Every stage's wall-clock time, tokens seen and final loss, and the suite's pass@1, go to
OUT/speedrun.json and OUT/speedrun.md (and the terminal). Each stage writes under OUT (data/,
pretrain/, instruct/); a finished data stage is reused when the command runs again. The speed
switches are the training commands' own defaults: bf16, TF32, Triton kernels, torch.compile and
fused AdamW on CUDA; plain fp32 PyTorch on the CPU.
"""
from __future__ import annotations

import argparse
import sysconfig
import time
from pathlib import Path

import torch

from configs.errors import UserError, run_main
from configs.files import atomic_open, write_json
from data.pretrain.prepare import prepare
from data.pretrain.shards import read_meta
from eval.during_training import TrainingEval
from lora import load_for_inference
from train import instruct, pretrain
from train.config import PretrainConfig, load_config


def interpreter_sources() -> list[Path]:
    """The standard library plus every site-packages directory (corpus building dedups across them)."""
    paths = sysconfig.get_paths()
    found = [Path(paths["stdlib"])] + [Path(paths[key]) for key in ("purelib", "platlib")]
    return [p for i, p in enumerate(found) if p.is_dir() and p not in found[:i]]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m train.speedrun", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=Path("runs/speedrun"), help="folder for every stage and the report")
    p.add_argument("--config", help="pretraining config (default: 29m on CUDA, tiny on the CPU)")
    p.add_argument("--src", type=Path, nargs="+", help="source folders (default: stdlib + site-packages)")
    p.add_argument("--pretrain-steps", type=int, help="pretraining steps (default: the config's max_steps)")
    p.add_argument("--batch-size", type=int, help="pretraining sequences per micro-batch (default: the config's)")
    p.add_argument("--seq-len", type=int, help="pretraining sequence length (default: the config's)")
    p.add_argument("--instruct-steps", type=int, default=300, help="LoRA instruction-tuning steps")
    p.add_argument("--instruct-data", type=Path, nargs="+", help="instruction JSONL (default: the default mix)")
    p.add_argument("--suite", default="mini", help="suite evaluated at the end: mini | humaneval | mbpp | FILE")
    args = p.parse_args(argv)
    for name in ("pretrain_steps", "batch_size", "seq_len", "instruct_steps"):
        if getattr(args, name) is not None and getattr(args, name) <= 0:
            p.error(f"--{name.replace('_', '-')} must be positive")
    return args


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    if (args.out / "pretrain" / "latest").exists() or (args.out / "instruct" / "latest").exists():
        raise UserError(f"{args.out} already holds a speedrun: pass another --out")
    config = args.config or ("29m" if torch.cuda.is_available() else "tiny")
    train_overrides = {k: v for k, v in (("max_steps", args.pretrain_steps), ("batch_size", args.batch_size),
                                         ("seq_len", args.seq_len)) if v is not None}
    cfg = load_config(PretrainConfig, "pretrain", config,
                      {"train": {**train_overrides, "eval_suite": ""},  # evaluated once, at the end
                       "data": {"src": [str(s) for s in args.src or interpreter_sources()],
                                "dir": str(args.out / "data")}})
    cfg.train.eval_interval = min(cfg.train.eval_interval, cfg.train.max_steps)
    stages, start = [], time.perf_counter()

    t = time.perf_counter()
    data = prepare([Path(s) for s in cfg.data.src], Path(cfg.data.dir), cfg.model.vocab_size)
    meta = read_meta(data.shard_dir)
    stages.append({"stage": "data", "seconds": time.perf_counter() - t, "sources": cfg.data.src,
                   "train_tokens": meta["splits"]["train"]["tokens"], "val_tokens": meta["splits"]["val"]["tokens"]})

    t = time.perf_counter()
    pre = pretrain.train(cfg, args.out / "pretrain")
    tc = cfg.train
    stages.append({"stage": "pretrain", "seconds": time.perf_counter() - t, "config": config,
                   "steps": tc.max_steps, "tokens": tc.max_steps * tc.batch_size * tc.seq_len * tc.grad_accum,
                   "final_train_loss": pre.losses[tc.max_steps], "best_val_loss": pre.best_val_loss,
                   "unigram_val_loss": meta["unigram_val_loss"]})

    t = time.perf_counter()
    flags = ["--lora", "--init", str(args.out / "pretrain" / "best"), "--out", str(args.out / "instruct"),
             "--max-steps", str(args.instruct_steps), "--train.eval_interval", str(args.instruct_steps),
             "--train.eval_suite", ""]
    tuned = instruct.main(flags + (["--data", *map(str, args.instruct_data)] if args.instruct_data else []))
    stages.append({"stage": "instruct", "seconds": time.perf_counter() - t, "steps": args.instruct_steps,
                   "tokens": tuned.tokens, "final_train_loss": tuned.losses[args.instruct_steps],
                   "best_val_response_loss": tuned.best_val_loss})

    t = time.perf_counter()
    loaded = load_for_inference(args.out / "instruct" / "best")
    suite_eval = TrainingEval.from_spec(args.suite, 128)
    summary = suite_eval(loaded.model.eval(), loaded.tokenizer).summary
    stages.append({"stage": "evaluate", "seconds": time.perf_counter() - t, "suite": summary["suite"],
                   "solved": summary["greedy_solved"], "tasks": summary["tasks"], "pass@1": summary["greedy_pass@1"],
                   "syntax_valid": summary["syntax_valid"], "collapse": summary["collapse"]["flag"]})

    report = {"device": torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu",
              "torch": torch.__version__, "total_seconds": time.perf_counter() - start, "stages": stages}
    write_json(args.out / "speedrun.json", report)
    with atomic_open(args.out / "speedrun.md") as f:
        f.write(markdown(report) + "\n")
    print(markdown(report))
    return report


def markdown(report: dict) -> str:
    data, pre, tuned, ev = report["stages"]
    lines = [f"# Speedrun on {report['device']} (torch {report['torch']}): {report['total_seconds']:.0f} s end to end", "",
             "| stage | wall clock | tokens | result |", "|---|---|---|---|",
             f"| data | {data['seconds']:.0f} s | {data['train_tokens']:,} train / {data['val_tokens']:,} val | "
             f"{len(data['sources'])} source folders |",
             f"| pretrain ({pre['config']}, {pre['steps']} steps) | {pre['seconds']:.0f} s | {pre['tokens']:,} | "
             f"train loss {pre['final_train_loss']:.3f}, best val {pre['best_val_loss']:.3f} "
             f"(unigram {pre['unigram_val_loss']:.3f}) |",
             f"| instruct (LoRA, {tuned['steps']} steps) | {tuned['seconds']:.0f} s | {tuned['tokens']:,} | "
             f"train loss {tuned['final_train_loss']:.3f}, best val response {tuned['best_val_response_loss']:.3f} |",
             f"| evaluate ({ev['suite']}, greedy) | {ev['seconds']:.0f} s | — | pass@1 {ev['pass@1']:.3f} "
             f"({ev['solved']}/{ev['tasks']}), syntax valid {ev['syntax_valid']:.0%}"
             f"{', collapsed' if ev['collapse'] else ''} |"]
    return "\n".join(lines)


if __name__ == "__main__":
    run_main(main)
