"""How long does the speedrun's final evaluation take? Times `train.speedrun.evaluate_final` — mini, check,
HumanEval greedy and sampled (pass@1, pass@10), MBPP 3-shot and 0-shot — on a checkpoint, or on an untrained
model of a named config: an untrained model rarely writes a stop string, so its completions run to the token
budget, and its time is an upper bound for a trained model of that shape.

    python -m bench.final_eval --config cpu --tokenizer runs/data/tokenizer.json --out bench/results/DATE-eval.json
    python -m bench.final_eval --ckpt runs/speedrun/instruct/best --out FILE

Prints one row per suite (seconds, greedy pass@1) and writes JSON (machine, settings, per-suite seconds).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import torch

from configs.device import cpu_info
from configs.errors import UserError, run_main
from configs.files import write_json
from data.pretrain.tokenizer import Tokenizer
from lora import load_for_inference
from model.checkpoint import save_model
from model.config import load_model_config
from model.model import Transformer
from train.config import SpeedrunStages
from train.speedrun import evaluate_final


def untrained(config: str, tokenizer_path: Path, directory: Path) -> Path:
    tokenizer = Tokenizer.from_file(tokenizer_path)
    cfg = load_model_config(config)
    if cfg.vocab_size != tokenizer.vocab_size:
        raise UserError(f"{tokenizer_path}: a vocabulary of {tokenizer.vocab_size}, config {config} has "
                        f"{cfg.vocab_size}")
    torch.manual_seed(0)
    save_model(directory / "ckpt", Transformer(cfg), tokenizer)
    return directory / "ckpt"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.final_eval", description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--ckpt", type=Path, help="checkpoint (or adapter) to evaluate")
    source.add_argument("--config", help="a named pretraining config: time an untrained model of its shape")
    parser.add_argument("--tokenizer", type=Path, help="tokenizer.json for --config (its vocabulary size)")
    parser.add_argument("--out", type=Path, help="JSON file to write (default: print only)")
    args = parser.parse_args(argv)
    if args.config and not args.tokenizer:
        parser.error("--config needs --tokenizer")
    run = SpeedrunStages()  # the speedrun's own defaults: every suite, 20 HumanEval samples at 0.8, 128 tokens
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = args.ckpt or untrained(args.config, args.tokenizer, Path(tmp))
        loaded = load_for_inference(ckpt)
        started = time.perf_counter()
        scores = evaluate_final(loaded.model, loaded.tokenizer, run)
        total = time.perf_counter() - started
    for name, s in scores.items():
        print(f"{name:>14}: {s['seconds']:6.1f} s  greedy {s['solved']}/{s['tasks']}")
    print(f"{'total':>14}: {total:6.1f} s")
    result = {"model": str(args.ckpt) if args.ckpt else f"untrained {args.config}",
              "params": loaded.model.num_params(), "cpu": cpu_info(), "torch": torch.__version__,
              "threads": torch.get_num_threads(), "settings": {"humaneval_samples": run.humaneval_samples,
                                                               "temperature": run.sample_temperature,
                                                               "max_new_tokens": run.max_new_tokens},
              "total_seconds": total, "suites": scores}
    if args.out:
        write_json(args.out, result)
    return result


if __name__ == "__main__":
    run_main(main)
